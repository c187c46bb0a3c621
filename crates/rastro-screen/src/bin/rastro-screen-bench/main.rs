//! Benchmark and evaluation of screening. Run with `--release`:
//!
//! `cargo run --release -p rastro-screen --bin rastro-screen-bench [-- all|nk|yente|latam|synthetic|tune] [--people N] [--checks N]`
//!
//! The nk and yente benches read `../shared/bench/screening/` (OpenSanctions, MIT); set
//! `BENCH_MISSES=1` to list every pair or query the matcher gets wrong, `BENCH_ALL=1` to list
//! every nk pair and every names-only tuning pair with its score.
//!
//! `all` prints every figure: the nomenklatura name bench, the yente candidate benchmarks, our
//! Latin American test set, and the synthetic watchlist (build time, memory, throughput on all
//! cores, single-check latency). `tune` prints precision/recall/F1 per threshold on the generated
//! tuning set (never on the benches above) and the calibration of the score.

mod gen;

use std::path::{Path, PathBuf};
use std::time::Instant;

use gen::{variant, Generator, Rng};
use rastro_screen::{
    name_pair_score, read_csv, score_people, Person, Watchlist, DEFAULT_THRESHOLD,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(String::as_str)
        .unwrap_or("all");
    let num = |flag: &str, default: usize| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let people = num("--people", 1_000_000);
    let checks = num("--checks", 850_000);
    println!(
        "machine: {} cores; default threshold {DEFAULT_THRESHOLD}",
        cores()
    );
    match mode {
        "tune" => tune(),
        "synthetic" => synthetic(people, checks),
        "nk" => nk_bench(),
        "yente" => yente(),
        "latam" => latam_set(),
        // Scores name pairs given as `A|B` arguments: for reading why a bench pair is missed.
        "pair" => {
            for pair in args.iter().skip(1).filter_map(|a| a.split_once('|')) {
                let s = name_pair_score(pair.0, pair.1, None);
                println!("{:?} / {:?}: {s:?}", pair.0, pair.1);
                if let (Ok(x), Ok(y)) =
                    (rastro_names::analyse(pair.0), rastro_names::analyse(pair.1))
                {
                    println!("  {:?}", rastro_names::compare(&x, &y));
                }
            }
        }
        _ => {
            nk_bench();
            yente();
            latam_set();
            synthetic(people, checks);
        }
    }
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

struct Counts {
    tp: usize,
    fp: usize,
    tn: usize,
    fneg: usize,
}

impl Counts {
    fn new() -> Counts {
        Counts {
            tp: 0,
            fp: 0,
            tn: 0,
            fneg: 0,
        }
    }
    fn add(&mut self, predicted: bool, actual: bool) {
        match (predicted, actual) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, false) => self.tn += 1,
            (false, true) => self.fneg += 1,
        }
    }
    fn prf(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fneg).max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

fn read_rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut rdr = match csv::Reader::from_path(path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            return Vec::new();
        }
    };
    rdr.records().filter_map(Result::ok).collect()
}

fn nk_bench() {
    let path = root().join("../shared/bench/screening/nk_name_bench.csv");
    let rows = read_rows(&path);
    let mut c = Counts::new();
    let mut unscored = 0;
    let start = Instant::now();
    for r in &rows {
        let (a, b, truth) = (&r[2], &r[3], &r[4] == "true");
        match name_pair_score(a, b, Some(&r[1])) {
            Some(s) => {
                c.add(s >= DEFAULT_THRESHOLD, truth);
                if std::env::var_os("BENCH_ALL").is_some() {
                    println!("  nk all {truth} {s:.3} [{}] {a:?} / {b:?}", &r[1]);
                }
                if std::env::var_os("BENCH_MISSES").is_some() && (s >= DEFAULT_THRESHOLD) != truth {
                    println!("  nk miss [{}] {a:?} / {b:?}: {s:.3} truth {truth}", &r[6]);
                }
            }
            None => {
                unscored += 1;
                c.add(false, truth);
            }
        }
    }
    let (p, r, f) = c.prf();
    println!(
        "nk_name_bench: {} pairs ({unscored} unscorable, counted as non-matches): precision {p:.3} recall {r:.3} F1 {f:.3} at {DEFAULT_THRESHOLD} ({:.1} µs/pair)",
        rows.len(),
        start.elapsed().as_secs_f64() * 1e6 / rows.len().max(1) as f64
    );
}

fn read_people(path: &Path) -> Vec<Person> {
    match std::fs::File::open(path).map(read_csv) {
        Ok(Ok(out)) => {
            if !out.issues.is_empty() {
                println!(
                    "  {}: {} row issues, {} rejected",
                    path.display(),
                    out.issues.len(),
                    out.rejected()
                );
            }
            out.people
        }
        _ => {
            eprintln!("cannot read {}", path.display());
            Vec::new()
        }
    }
}

fn yente() {
    let dir = root().join("../shared/bench/screening");
    let untreated = read_people(&dir.join("yente_positives_un_untreated.csv"));
    let treated = read_people(&dir.join("yente_positives_un_treated.csv"));
    let negatives = read_people(&dir.join("yente_negatives_global.csv"));
    // Row numbers are the ids; the negatives get their own id space.
    let mut list = untreated.clone();
    list.extend(negatives.iter().cloned().map(|mut p| {
        p.id = format!("neg{}", p.id);
        p
    }));
    let start = Instant::now();
    let Ok((w, _)) = Watchlist::build(list) else {
        return;
    };
    let build = start.elapsed();
    let mut s = w.searcher();
    let mut found = 0;
    let start = Instant::now();
    for q in &treated {
        if let Ok(m) = s.screen(q, DEFAULT_THRESHOLD, 5) {
            if m.first().is_some_and(|m| m.id == q.id) {
                found += 1;
            } else if std::env::var_os("BENCH_MISSES").is_some() {
                let own = untreated.iter().find(|p| p.id == q.id);
                println!(
                    "  yente miss {:?} {:?} (own: {:?} {:?}) got {:?}",
                    q.names,
                    q.birth_dates,
                    own.map(|p| &p.names),
                    own.map(|p| &p.birth_dates),
                    m.first().map(|m| (
                        &m.explanation.listed_name,
                        m.score,
                        &m.explanation.date_of_birth
                    ))
                );
            }
        }
    }
    let t = start.elapsed();
    println!(
        "yente positives: {found}/{} ({:.1} %) treated queries find their own row as best match at >= {DEFAULT_THRESHOLD} (list of {} people, built in {:.2} s, {:.0} µs/check)",
        treated.len(),
        100.0 * found as f64 / treated.len().max(1) as f64,
        w.len(),
        build.as_secs_f64(),
        t.as_secs_f64() * 1e6 / treated.len().max(1) as f64
    );
    let Ok((w, _)) = Watchlist::build(untreated) else {
        return;
    };
    let mut s = w.searcher();
    let mut hit = 0;
    let start = Instant::now();
    for q in &negatives {
        if s.screen(q, DEFAULT_THRESHOLD, 1)
            .is_ok_and(|m| !m.is_empty())
        {
            hit += 1;
        }
    }
    println!(
        "yente negatives: {hit}/{} ({:.2} %) get any match at >= {DEFAULT_THRESHOLD} ({:.0} µs/check)",
        negatives.len(),
        100.0 * hit as f64 / negatives.len().max(1) as f64,
        start.elapsed().as_secs_f64() * 1e6 / negatives.len().max(1) as f64
    );
}

/// Our labelled Latin American pairs: `tests/data/latam_pairs.csv`.
fn latam_set() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/latam_pairs.csv");
    let (c, misses) = evaluate_pairs(&path, DEFAULT_THRESHOLD);
    let (p, r, f) = c.prf();
    println!(
        "latam_pairs: {} pairs: precision {p:.3} recall {r:.3} F1 {f:.3} at {DEFAULT_THRESHOLD}",
        c.tp + c.fp + c.tn + c.fneg
    );
    for m in misses {
        println!("  miss: {m}");
    }
}

/// Reads a pair file (`name1,dob1,nationality1,gender1,name2,dob2,nationality2,gender2,is_match,category`).
fn evaluate_pairs(path: &Path, threshold: f64) -> (Counts, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut c = Counts::new();
    let mut misses = Vec::new();
    for (q, l, truth, category) in rastro_screen_pairs(&text) {
        let s = score_people(&q, &l).map(|m| m.score).unwrap_or(0.0);
        let predicted = s >= threshold;
        c.add(predicted, truth);
        if predicted != truth {
            misses.push(format!(
                "{category}: {:?} / {:?} score {s:.3} truth {truth}",
                q.names, l.names
            ));
        }
    }
    (c, misses)
}

fn rastro_screen_pairs(text: &str) -> Vec<(Person, Person, bool, String)> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for r in rdr.records().filter_map(Result::ok) {
        let side = |o: usize| {
            let csv = format!(
                "full_name,date_of_birth,nationality,gender\n\"{}\",{},{},{}\n",
                &r[o],
                &r[o + 1],
                &r[o + 2],
                &r[o + 3]
            );
            read_csv(csv.as_bytes())
                .ok()
                .and_then(|o| o.people.into_iter().next())
        };
        if let (Some(q), Some(l)) = (side(0), side(4)) {
            out.push((q, l, &r[8] == "true", r[9].to_string()));
        }
    }
    out
}

/// Generated tuning pairs: variants of the same person (matches) and different people who share
/// names (non-matches), scored pair by pair.
fn tune() {
    let g = Generator::new();
    let mut rng = Rng::new(7);
    let mut scored: Vec<(f64, bool)> = Vec::new();
    let mut names_only: Vec<(f64, bool)> = Vec::new();
    for i in 0..6000 {
        let (p, parts) = g.person(&mut rng, format!("t{i}"));
        let mut q = p.clone();
        q.names = vec![variant(&mut rng, &parts)];
        match rng.below(10) {
            0 => q.birth_dates.clear(),
            1 => q.documents.clear(),
            2 => {
                for d in q.birth_dates.iter_mut() {
                    if let (Some(m), Some(day)) = (d.month, d.day) {
                        if day <= 12 {
                            d.month = Some(day);
                            d.day = Some(m);
                        }
                    }
                }
            }
            _ => {}
        }
        if rng.chance(0.5) {
            q.documents.clear();
        }
        if let Some(m) = score_people(&q, &p) {
            scored.push((m.score, true));
        }
        // The same pair by name alone, as `match-pairs` sees it.
        if let Some(s) = name_pair_score(&q.names[0], &p.names[0], None) {
            if std::env::var_os("BENCH_ALL").is_some() {
                println!("  tune positive {s:.3} {:?} / {:?}", q.names[0], p.names[0]);
            }
            names_only.push((s, true));
        }
        // Lists often hold only a given name and the first surname (from a tip, a police
        // report or another list) while the traveller's document gives the whole name: the
        // listed short form lies wholly inside the query.
        if i % 4 == 0 && parts.given.len() + parts.surnames.len() > 2 {
            let mut short = p.clone();
            short.names = vec![format!("{} {}", parts.given[0], parts.surnames[0])];
            if let Some(m) = score_people(&p, &short) {
                scored.push((m.score, true));
            }
            if let Some(s) = name_pair_score(&p.names[0], &short.names[0], None) {
                names_only.push((s, true));
            }
        }
        // A different person with the same given name and first surname.
        let (mut other, other_parts) = g.person(&mut rng, format!("o{i}"));
        let mut shared = other_parts.clone();
        shared.given[0] = parts.given[0].clone();
        shared.surnames[0] = parts.surnames[0].clone();
        other.names = vec![if rng.chance(0.5) {
            variant(&mut rng, &shared)
        } else {
            shared.full()
        }];
        if rng.chance(0.3) {
            other.birth_dates = p
                .birth_dates
                .iter()
                .map(|d| rastro_screen::PartialDate {
                    year: d.year,
                    month: None,
                    day: None,
                })
                .collect();
        }
        if let Some(m) = score_people(&other, &p) {
            scored.push((m.score, false));
        }
        if let Some(s) = name_pair_score(&other.names[0], &p.names[0], None) {
            if std::env::var_os("BENCH_ALL").is_some() {
                println!(
                    "  tune negative {s:.3} {:?} / {:?}",
                    other.names[0], p.names[0]
                );
            }
            names_only.push((s, false));
        }
        // A sibling: the same surnames and birth year, another given name (often the other
        // gender's form of a similar one).
        let (mut sibling, sibling_parts) = g.person(&mut rng, format!("s{i}"));
        let mut family = sibling_parts.clone();
        family.surnames = parts.surnames.clone();
        family.portuguese = parts.portuguese;
        sibling.names = vec![family.full()];
        sibling.nationalities = p.nationalities.clone();
        sibling.birth_dates = p
            .birth_dates
            .iter()
            .map(|d| rastro_screen::PartialDate {
                year: d.year,
                month: d.month.map(|m| m % 12 + 1),
                day: d.day,
            })
            .collect();
        if sibling.names != p.names {
            if let Some(m) = score_people(&sibling, &p) {
                scored.push((m.score, false));
            }
        }
    }
    report_tuning("names only", &names_only);
    scored.extend(names_only);
    report_tuning("all attributes and names only", &scored);
}

fn report_tuning(label: &str, scored: &[(f64, bool)]) {
    let mut best = (0.0, 0.0);
    println!("tuning set ({label}): {} pairs", scored.len());
    for t in (30..=95).step_by(5).map(|t| t as f64 / 100.0) {
        let mut c = Counts::new();
        for &(s, truth) in scored {
            c.add(s >= t, truth);
        }
        let (p, r, f) = c.prf();
        println!("  threshold {t:.2}: precision {p:.3} recall {r:.3} F1 {f:.3}");
        if f > best.1 {
            best = (t, f);
        }
    }
    println!(
        "best threshold on tuning data: {:.2} (F1 {:.3})",
        best.0, best.1
    );
    println!("calibration (score band: predicted mean, observed match rate, pairs):");
    for b in 0..10 {
        let lo = b as f64 / 10.0;
        let band: Vec<&(f64, bool)> = scored
            .iter()
            .filter(|(s, _)| *s >= lo && *s < lo + 0.1)
            .collect();
        if band.is_empty() {
            continue;
        }
        let mean = band.iter().map(|(s, _)| s).sum::<f64>() / band.len() as f64;
        let rate = band.iter().filter(|(_, t)| *t).count() as f64 / band.len() as f64;
        println!(
            "  [{lo:.1}, {:.1}): {mean:.3} {rate:.3} {}",
            lo + 0.1,
            band.len()
        );
    }
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// Listed person `i`, regenerated from its own seed so that queries can be made after the list
/// was handed to the index (the benchmark then measures the index, not the generator's copies).
fn listed(g: &Generator, i: usize) -> (Person, gen::Parts) {
    let mut rng = Rng::new(0x5EED_0000 + i as u64);
    let (mut p, parts) = g.person(&mut rng, format!("w{i}"));
    if rng.chance(0.1) {
        let alias = variant(&mut rng, &parts);
        p.names.push(alias);
    }
    (p, parts)
}

/// CPU time of this process so far (user and system, all threads): a measure of the work done
/// that other processes on a shared machine do not inflate as they do wall time.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let ticks: Vec<f64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|v| v.parse().ok())
        .collect();
    ticks.iter().sum::<f64>() / 100.0
}

fn current_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn synthetic(people: usize, checks: usize) {
    let g = Generator::new();
    let gen_start = Instant::now();
    let list: Vec<Person> = (0..people).map(|i| listed(&g, i).0).collect();
    let gen_time = gen_start.elapsed();
    let rss_before = current_rss_mb();
    let start = Instant::now();
    let Ok((w, _)) = Watchlist::build(list) else {
        return;
    };
    let build = start.elapsed();
    let (keys, postings) = w.index_size();
    println!(
        "synthetic watchlist: {} people, {} names, {keys} keys, {postings} postings (generated in {:.1} s)",
        w.len(),
        w.name_count(),
        gen_time.as_secs_f64(),
    );
    println!(
        "  index built in {:.2} s; process RSS after build {:.0} MB, peak {:.0} MB (input people before build: {:.0} MB)",
        build.as_secs_f64(),
        current_rss_mb(),
        peak_rss_mb(),
        rss_before
    );
    // Queries: one in ten is a listed person written differently, the rest are travellers who
    // are not listed but are drawn from the same names.
    let mut rng = Rng::new(42);
    let mut queries = Vec::with_capacity(checks);
    let mut expected = Vec::with_capacity(checks);
    for i in 0..checks {
        if rng.chance(0.1) {
            let k = rng.below(people);
            let (mut q, parts) = listed(&g, k);
            q.id = format!("q{i}");
            q.names = vec![variant(&mut rng, &parts)];
            q.documents.clear();
            queries.push(q);
            expected.push(Some(k));
        } else {
            let (q, _) = g.person(&mut rng, format!("q{i}"));
            queries.push(q);
            expected.push(None);
        }
    }
    // Throughput on all cores.
    let threads = cores();
    let chunk = queries.len().div_ceil(threads).max(1);
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let results: Vec<(usize, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = queries
            .chunks(chunk)
            .zip(expected.chunks(chunk))
            .map(|(qs, ex)| {
                let w = &w;
                s.spawn(move || {
                    let mut searcher = w.searcher();
                    let mut found = 0;
                    let mut listed = 0;
                    for (q, e) in qs.iter().zip(ex) {
                        let m = searcher
                            .screen(q, DEFAULT_THRESHOLD, 10)
                            .unwrap_or_default();
                        if let Some(k) = e {
                            listed += 1;
                            if m.iter().any(|m| m.id == format!("w{k}")) {
                                found += 1;
                            }
                        }
                    }
                    (found, listed)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or((0, 0)))
            .collect()
    });
    let elapsed = start.elapsed();
    let cpu = cpu_seconds() - cpu_start;
    let (found, listed) = results.iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "synthetic checks: {} in {:.2} s on {threads} threads, {cpu:.1} CPU s ({:.0} checks/s); listed people found: {found}/{listed} ({:.1} %)",
        queries.len(),
        elapsed.as_secs_f64(),
        queries.len() as f64 / elapsed.as_secs_f64(),
        100.0 * found as f64 / listed.max(1) as f64
    );
    // Single-check latency, one thread.
    let mut searcher = w.searcher();
    let mut lat: Vec<f64> = queries
        .iter()
        .take(20_000)
        .map(|q| {
            let t = Instant::now();
            let _ = searcher.screen(q, DEFAULT_THRESHOLD, 10);
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    lat.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "single-check latency over {} checks: median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        lat.len(),
        pct(0.5),
        pct(0.99),
        lat.last().copied().unwrap_or(0.0)
    );
}
