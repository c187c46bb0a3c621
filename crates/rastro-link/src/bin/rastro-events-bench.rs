//! Benchmark of incident linkage on generated news: events spread over three years across Latin
//! American countries, each reported one to six times the way outlets differ (dates days apart,
//! figures updated or missing, the town named or only the country, the operation's name left out,
//! a wire story copied with edits), plus recurring operations, groups named in many events and
//! round-up articles. Prints time, peak memory and pairwise precision/recall/F1 against the truth.
//!
//! `cargo run --release -p rastro-link --bin rastro-events-bench -- [REPORTS] [RUNS]`
//! (default 200,000 reports, 3 runs; the median time is printed).

use std::collections::HashMap;
use std::time::Instant;

use rastro_link::em::SplitMix64;
use rastro_link::incident::{link_incidents, Incident, IncidentSettings, Place};
use rastro_link::Silent;

/// Countries weighted roughly by how much trafficking news they produce.
const COUNTRIES: &[(&str, u32)] = &[
    ("MX", 30),
    ("BR", 25),
    ("CO", 18),
    ("AR", 14),
    ("PE", 12),
    ("US", 10),
    ("ES", 8),
    ("EC", 7),
    ("CL", 7),
    ("VE", 6),
    ("GT", 5),
    ("DO", 5),
    ("PA", 4),
    ("BO", 4),
    ("PY", 3),
    ("HN", 3),
    ("CR", 3),
    ("SV", 2),
    ("UY", 2),
    ("HT", 2),
];
const FORMS: &[(&str, u32)] = &[
    ("sexual_exploitation", 50),
    ("forced_labour", 30),
    ("forced_begging", 5),
    ("forced_criminality", 5),
    ("forced_marriage", 3),
    ("illegal_adoption", 2),
];
const TOWNS_PER_COUNTRY: u64 = 60;
const REGIONS_PER_COUNTRY: u64 = 12;
const GROUPS: u64 = 40;
const OPERATION_SERIES: u64 = 400;
const VOCABULARY: u64 = 5_000;
const DAYS: u64 = 3 * 365;

fn weighted<'a>(rng: &mut SplitMix64, table: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut pick = rng.below(total as usize) as u32;
    for (value, w) in table {
        if pick < *w {
            return value;
        }
        pick -= w;
    }
    table[0].0
}

fn chance(rng: &mut SplitMix64, p: f64) -> bool {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
}

/// Figures of news: mostly small, sometimes large.
fn figure(rng: &mut SplitMix64) -> u64 {
    let scale = [3, 10, 30, 120, 600][rng.below(5)];
    1 + rng.below(scale) as u64
}

fn day(d: u64) -> String {
    // 2022-01-01 plus d days, months taken as the real calendar.
    const MONTH_DAYS: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut year, mut rest) = (2022, d);
    loop {
        let length = if year % 4 == 0 { 366 } else { 365 };
        if rest < length {
            break;
        }
        rest -= length;
        year += 1;
    }
    let mut month = 0;
    loop {
        let length = MONTH_DAYS[month] + u64::from(month == 1 && year % 4 == 0);
        if rest < length {
            break;
        }
        rest -= length;
        month += 1;
    }
    format!("{year}-{:02}-{:02}", month + 1, rest + 1)
}

fn words(rng: &mut SplitMix64, n: usize) -> Vec<u64> {
    // Zipf-like: common words much more frequent than rare ones.
    (0..n)
        .map(|_| {
            let r = rng.below(VOCABULARY as usize) as u64 + 1;
            VOCABULARY / r
        })
        .collect()
}

fn text(words: &[u64]) -> String {
    words
        .iter()
        .map(|w| format!("w{w}"))
        .collect::<Vec<_>>()
        .join(" ")
}

struct Event {
    day: u64,
    countries: Vec<String>,
    towns: Vec<(String, String, String)>,
    forms: Vec<String>,
    victims: Option<u64>,
    arrests: Option<u64>,
    operation: Option<String>,
    group: Option<String>,
    story: Vec<u64>,
    /// Names particular to the event (people, a street, a police unit), kept by most reports.
    names: Vec<u64>,
}

fn event(rng: &mut SplitMix64) -> Event {
    let home = weighted(rng, COUNTRIES).to_string();
    let mut countries = vec![home.clone()];
    for _ in 0..rng.below(3) {
        countries.push(weighted(rng, COUNTRIES).to_string());
    }
    countries.sort();
    countries.dedup();
    let towns = (0..rng.below(3))
        .map(|_| {
            let t = rng.below(TOWNS_PER_COUNTRY as usize) as u64;
            (
                format!("town {t}"),
                home.clone(),
                format!("region {}", t % REGIONS_PER_COUNTRY),
            )
        })
        .collect();
    let forms = if chance(rng, 0.85) {
        vec![weighted(rng, FORMS).to_string()]
    } else {
        Vec::new()
    };
    let operation = chance(rng, 0.2).then(|| {
        let series = rng.below(OPERATION_SERIES as usize);
        let edition = ["", " II", " III", " IV", " V"][rng.below(5)];
        format!("Operación serie{series}{edition}")
    });
    let group = chance(rng, 0.12).then(|| {
        // A few groups are in much of the news.
        let g = (rng.below(GROUPS as usize) * rng.below(GROUPS as usize)) / GROUPS as usize;
        format!("el Clan g{g}")
    });
    let length = 60 + rng.below(200);
    Event {
        day: rng.below(DAYS as usize) as u64,
        countries,
        towns,
        forms,
        victims: chance(rng, 0.75).then(|| figure(rng)),
        arrests: chance(rng, 0.7).then(|| figure(rng)),
        operation,
        group,
        story: words(rng, length),
        names: (0..2 + rng.below(6))
            .map(|_| rng.next_u64() % 10_000_000)
            .collect(),
    }
}

/// Common capitalised words of the news (institutions, countries), in every report.
const COMMON_NAMES: u64 = 60;

/// One outlet's report of an event.
fn report(rng: &mut SplitMix64, e: &Event, first: bool) -> Incident {
    let published = e.day + rng.below(if first { 2 } else { 5 }) as u64;
    let date_known = chance(rng, 0.5);
    let mut countries = e.countries.clone();
    if countries.len() > 1 && chance(rng, 0.3) {
        countries.truncate(1);
    }
    let places = if chance(rng, 0.6) {
        e.towns
            .iter()
            .map(|(town, country, region)| Place {
                name: town.clone(),
                country: country.clone(),
                region: Some(region.clone()),
                is_region: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    let update = |rng: &mut SplitMix64, v: Option<u64>| match v {
        Some(v) if chance(rng, 0.25) => Some(v + rng.below(1 + v as usize / 5) as u64),
        Some(_) if chance(rng, 0.25) => None,
        other => other,
    };
    let story = if chance(rng, 0.15) {
        // A wire story, lightly edited.
        let mut s = e.story.clone();
        let cut = rng.below(s.len() / 4 + 1);
        s.truncate(s.len() - cut);
        s
    } else {
        let length = 60 + rng.below(200);
        words(rng, length)
    };
    let mut body = text(&story);
    for &name in &e.names {
        if chance(rng, 0.6) {
            body.push_str(&format!(" w1 N{name}"));
        }
    }
    for _ in 0..3 {
        body.push_str(&format!(" w2 C{}", rng.below(COMMON_NAMES as usize)));
    }
    Incident {
        date: date_known.then(|| day(e.day)),
        published: Some(day(published)),
        countries,
        places,
        exploitation: if chance(rng, 0.9) {
            e.forms.clone()
        } else {
            Vec::new()
        },
        victims: update(rng, e.victims),
        arrests: update(rng, e.arrests),
        operations: e
            .operation
            .iter()
            .filter(|_| chance(rng, 0.75))
            .cloned()
            .collect(),
        groups: e
            .group
            .iter()
            .filter(|_| chance(rng, 0.8))
            .cloned()
            .collect(),
        text: body,
    }
}

/// A round-up article: names several unrelated events' countries, towns and operations.
fn roundup(rng: &mut SplitMix64, events: &[Event]) -> Incident {
    let mut out = Incident {
        published: Some(day(rng.below(DAYS as usize) as u64)),
        text: text(&words(rng, 400)),
        ..Incident::default()
    };
    for _ in 0..8 {
        let e = &events[rng.below(events.len())];
        out.countries.extend(e.countries.iter().cloned());
        out.operations.extend(e.operation.iter().cloned());
        for (town, country, region) in &e.towns {
            out.places.push(Place {
                name: town.clone(),
                country: country.clone(),
                region: Some(region.clone()),
                is_region: false,
            });
        }
    }
    out
}

fn generate(reports: usize, seed: u64) -> (Vec<Incident>, Vec<u32>) {
    let mut rng = SplitMix64(seed);
    let mut incidents = Vec::with_capacity(reports);
    let mut truth = Vec::with_capacity(reports);
    let mut events = Vec::new();
    while incidents.len() < reports {
        let e = event(&mut rng);
        // Most events are reported once or twice; big ones by many outlets.
        let copies = [1, 1, 1, 2, 2, 3, 4, 6][rng.below(8)];
        for k in 0..copies {
            if incidents.len() == reports {
                break;
            }
            incidents.push(report(&mut rng, &e, k == 0));
            truth.push(events.len() as u32);
        }
        events.push(e);
        if chance(&mut rng, 0.01) && incidents.len() < reports {
            incidents.push(roundup(&mut rng, &events));
            truth.push(u32::MAX - incidents.len() as u32);
            events.push(event(&mut rng));
        }
    }
    (incidents, truth)
}

fn pairs_within(groups: &[u32]) -> u64 {
    let mut sizes: HashMap<u32, u64> = HashMap::new();
    for &g in groups {
        *sizes.entry(g).or_default() += 1;
    }
    sizes.values().map(|s| s * (s - 1) / 2).sum()
}

fn show_errors(
    linkage: &rastro_link::incident::IncidentLinkage,
    events: &[u32],
    truth: &[u32],
    show: usize,
) {
    let mut first_of: HashMap<u32, usize> = HashMap::new();
    let mut missed = Vec::new();
    for (i, &t) in truth.iter().enumerate() {
        match first_of.get(&t) {
            Some(&f) if events[f] != events[i] => missed.push((f, i)),
            Some(_) => {}
            None => {
                first_of.insert(t, i);
            }
        }
    }
    let wrong: Vec<(usize, usize)> = linkage
        .matches
        .iter()
        .map(|m| (m.left as usize, m.right as usize))
        .filter(|&(a, b)| truth[a] != truth[b])
        .collect();
    for (what, list) in [("missed", &missed), ("wrong", &wrong)] {
        println!("{} {what} pairs; the first {show}:", list.len());
        for &(a, b) in list.iter().take(show) {
            let steps = linkage.explain(a, b);
            let total: f64 = steps.iter().map(|s| s.weight).sum();
            println!("  {a} - {b}: {total:+.2}");
            for s in steps {
                println!("    {:<13} {:+6.2}  {}", s.comparison, s.weight, s.level);
            }
        }
    }
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3).max(1);
    let (incidents, truth) = generate(n, 20_261_123);
    let true_pairs = pairs_within(&truth);
    println!("{n} generated reports, {true_pairs} pairs of reports of one event");

    let mut settings = IncidentSettings::default();
    // RASTRO_BENCH_THRESHOLD and RASTRO_BENCH_OTHER_REPORTS try other settings on the same data.
    let setting = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f64>().ok());
    if let Some(t) = setting("RASTRO_BENCH_THRESHOLD") {
        settings.threshold = t;
    }
    if let Some(r) = setting("RASTRO_BENCH_OTHER_REPORTS") {
        settings.other_reports = Some(r);
    }
    let mut times = Vec::new();
    let mut result = None;
    for _ in 0..runs {
        let started = Instant::now();
        let linkage = link_incidents(&incidents, &settings, &Silent);
        let linked = started.elapsed().as_secs_f64();
        let events = linkage.events(&[], &[]);
        let total = started.elapsed().as_secs_f64();
        times.push((total, linked));
        result = Some((linkage, events));
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (median, median_linking) = times[times.len() / 2];
    let Some((linkage, events)) = result else {
        return;
    };

    // Pairwise: pairs of reports put in one event, against pairs truly of one event.
    let mut by_found: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &e) in events.iter().enumerate() {
        by_found.entry(e).or_default().push(i);
    }
    let (mut found, mut correct) = (0u64, 0u64);
    for members in by_found.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                found += 1;
                correct += u64::from(truth[a] == truth[b]);
            }
        }
    }
    let precision = correct as f64 / found.max(1) as f64;
    let recall = correct as f64 / true_pairs.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE);
    let distinct_true = {
        let mut t = truth.clone();
        t.sort_unstable();
        t.dedup();
        t.len()
    };
    let distinct_found = {
        let mut f = events.clone();
        f.sort_unstable();
        f.dedup();
        f.len()
    };
    println!(
        "other reports per report (prior) {:.3}; candidate pairs {}, matched pairs {}, skipped blocks {}",
        linkage.other_reports,
        linkage.candidate_pairs,
        linkage.matches.len(),
        linkage.blocks.skipped.len()
    );
    for (kind, pairs) in &linkage.blocks.proposed {
        println!("  proposed by {kind}: {pairs}");
    }
    for (kind, value, reports) in &linkage.blocks.skipped {
        println!("  skipped: {kind} {value} ({reports} reports)");
    }
    println!("events: {distinct_found} found, {distinct_true} true");
    let roundups = linkage.roundups();
    let (flagged, true_roundups) = roundups
        .iter()
        .zip(&truth)
        .fold((0, 0), |(f, t), (&r, &e)| {
            (
                f + usize::from(r),
                t + usize::from(r && e >= u32::MAX - n as u32),
            )
        });
    println!("round-ups found {flagged}, of them generated as round-ups {true_roundups}");
    // RASTRO_BENCH_SHOW=N prints N missed and N wrong pairs with their evidence.
    if let Some(show) = std::env::var("RASTRO_BENCH_SHOW")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        show_errors(&linkage, &events, &truth, show);
    }
    println!("pairwise precision {precision:.4}, recall {recall:.4}, F1 {f1:.4}");
    println!(
        "time: median {median:.2} s of {runs} run(s) ({:.0} reports/s; linking {median_linking:.2} s, \
         events {:.2} s); peak RSS {:.0} MiB",
        n as f64 / median,
        median - median_linking,
        peak_rss_mib().unwrap_or(f64::NAN)
    );
}
