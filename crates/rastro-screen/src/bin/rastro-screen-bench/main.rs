//! Benchmark and evaluation of screening. Run with `--release`:
//!
//! `cargo run --release -p rastro-screen --bin rastro-screen-bench -- [MODE] [--people N] [--checks N]`
//!
//! Modes: `all` (default: every figure below), `nk` (nomenklatura's name bench), `yente` (the UN
//! candidate benchmark: recall as best match, false positives among 50,000 negatives), `latam`
//! (our Latin American pairs), `tune` (the generated tuning pairs and the reliability tables of
//! the score on tuning and held-out data), `synthetic` (a generated 1M-person watchlist: build
//! time, memory, checks per second on all cores, latency), `pair 'A|B' …` (why a pair scores
//! what it does), `query NAME [DOB]` (every candidate of one query against the UN list and its
//! negatives, explained). `--help` prints this.
//!
//! The nk and yente benches read `../shared/bench/screening/` (OpenSanctions, MIT), or
//! `RASTRO_SCREEN_BENCH_DIR`. Each is split
//! with a fixed seed into a tuning half and a held-out half (`split.rs`); both are printed, and
//! the held-out figure is the one to report. `BENCH_MISSES=1` lists what the matcher gets wrong
//! on the tuning halves only; `BENCH_ALL=1` lists every tuning nk pair with its score;
//! `BENCH_FIT=1` with `tune` prints the isotonic knots from which `CALIBRATION` was taken.

mod gen;
mod split;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use gen::{variant, Generator, Rng};
use rastro_screen::{
    name_pair_score, read_csv, score_people, Match, Person, Watchlist, DEFAULT_THRESHOLD,
};
use split::{half_of, half_of_pair, reliability, Counts, Half};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `RASTRO_SCREEN_BENCH_DIR` points elsewhere, e.g. from a git worktree that has no `../shared`
/// beside it.
fn bench_dir() -> PathBuf {
    match std::env::var_os("RASTRO_SCREEN_BENCH_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => root().join("../shared/bench/screening"),
    }
}

fn help() {
    let text = include_str!("main.rs");
    for line in text.lines().take_while(|l| l.starts_with("//!")) {
        println!("{}", line.trim_start_matches("//!").trim_start());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        help();
        return;
    }
    let num = |flag: &str, default: usize| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mode = args
        .iter()
        .enumerate()
        .find(|(i, a)| {
            let value_of_flag = *i > 0 && matches!(args[i - 1].as_str(), "--people" | "--checks");
            !a.starts_with("--") && !value_of_flag
        })
        .map(|(_, a)| a.as_str())
        .unwrap_or("all");
    let people = num("--people", 1_000_000);
    let checks = num("--checks", 850_000);
    println!(
        "machine: {} cores; default threshold {DEFAULT_THRESHOLD}",
        cores()
    );
    match mode {
        "tune" => tune(),
        "synthetic" => synthetic(people, checks),
        "nk" => {
            nk_bench();
        }
        "yente" => {
            yente();
        }
        "latam" => latam_set(),
        // Screens `NAME` (born `DOB`, optional) against the yente UN list and its negatives and
        // prints every candidate: for reading why a tuning query is missed.
        "query" => {
            let rest: Vec<&String> = args.iter().skip_while(|a| *a != "query").skip(1).collect();
            query(
                rest.first().map(|s| s.as_str()).unwrap_or(""),
                rest.get(1).map(|s| s.as_str()),
            );
        }
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
        "all" => {
            // `tune` runs the nk and yente benches too, for their reliability tables.
            latam_set();
            tune();
            synthetic(people, checks);
        }
        other => {
            eprintln!("unknown mode {other:?}; --help lists the modes");
            std::process::exit(2);
        }
    }
}

/// A hash of one check's answers: the query's number, and each match's id and score.
fn answers_digest(query: usize, matches: &[Match]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    query.hash(&mut h);
    for m in matches {
        m.id.hash(&mut h);
        m.score.to_bits().hash(&mut h);
    }
    h.finish()
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
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

/// Scored pairs of each half, for the reliability tables.
#[derive(Default)]
struct Scored {
    tuning: Vec<(f64, bool)>,
    held_out: Vec<(f64, bool)>,
    /// Tuning halves only, for choosing the threshold: each nk pair's score and truth; each
    /// UN query's own row's score when it is the best match (else `None`); each negative's
    /// best score.
    sweep_nk: Vec<(f64, bool)>,
    sweep_own: Vec<Option<f64>>,
    sweep_negative: Vec<f64>,
}

impl Scored {
    fn push(&mut self, half: Half, score: f64, truth: bool) {
        match half {
            Half::Tuning => self.tuning.push((score, truth)),
            Half::HeldOut => self.held_out.push((score, truth)),
        }
    }

    fn extend(&mut self, other: Scored) {
        self.tuning.extend(other.tuning);
        self.held_out.extend(other.held_out);
        self.sweep_nk.extend(other.sweep_nk);
        self.sweep_own.extend(other.sweep_own);
        self.sweep_negative.extend(other.sweep_negative);
    }
}

fn print_prf(label: &str, c: &Counts) {
    let (p, r, f) = c.prf();
    println!(
        "  {label}: {} pairs: precision {p:.3} recall {r:.3} F1 {f:.3} (tp {} fp {} fn {})",
        c.total(),
        c.tp,
        c.fp,
        c.fneg
    );
}

fn nk_bench() -> Scored {
    let path = bench_dir().join("nk_name_bench.csv");
    let rows = read_rows(&path);
    let (mut tuning, mut held_out, mut all) =
        (Counts::default(), Counts::default(), Counts::default());
    let mut scored = Scored::default();
    let mut unscored = 0;
    let start = Instant::now();
    for r in &rows {
        let (a, b, truth) = (&r[2], &r[3], &r[4] == "true");
        let half = half_of_pair(a, b);
        let s = name_pair_score(a, b, Some(&r[1]));
        if s.is_none() {
            unscored += 1;
        }
        let s = s.unwrap_or(0.0);
        let predicted = s >= DEFAULT_THRESHOLD;
        all.add(predicted, truth);
        scored.push(half, s, truth);
        match half {
            Half::Tuning => {
                tuning.add(predicted, truth);
                scored.sweep_nk.push((s, truth));
                if std::env::var_os("BENCH_ALL").is_some() {
                    println!(
                        "  nk all {truth} {s:.3} [{}] [{}] {a:?} / {b:?}",
                        &r[1], &r[6]
                    );
                }
                if std::env::var_os("BENCH_MISSES").is_some() && predicted != truth {
                    println!("  nk miss [{}] {a:?} / {b:?}: {s:.3} truth {truth}", &r[6]);
                }
            }
            Half::HeldOut => held_out.add(predicted, truth),
        }
    }
    println!(
        "nk_name_bench at {DEFAULT_THRESHOLD} ({unscored} unscorable pairs counted as non-matches; {:.1} µs/pair):",
        start.elapsed().as_secs_f64() * 1e6 / rows.len().max(1) as f64
    );
    print_prf("tuning half", &tuning);
    print_prf("held-out half (the figure to report)", &held_out);
    print_prf("all", &all);
    scored
}

fn read_people(path: &Path) -> Vec<Person> {
    match std::fs::File::open(path).map(read_csv) {
        Ok(Ok(out)) => {
            if !out.issues.is_empty() {
                println!(
                    "  {}: {} row issues, {} rejected",
                    path.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
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

/// Whether a query found its own listed row as the best match: the own row scores at least as
/// high as any other (the UN list holds a few people twice, row for row; a tie with one's own
/// duplicate is a find).
fn found_own(matches: &[Match], own: &str) -> bool {
    let Some(top) = matches.first().map(|m| m.score) else {
        return false;
    };
    matches
        .iter()
        .any(|m| m.id == own && m.score >= top - 1e-12)
}

fn yente() -> Scored {
    let dir = bench_dir();
    let untreated = read_people(&dir.join("yente_positives_un_untreated.csv"));
    let treated = read_people(&dir.join("yente_positives_un_treated.csv"));
    let negatives = read_people(&dir.join("yente_negatives_global.csv"));
    let mut scored = Scored::default();
    // Row numbers are the ids; the negatives get their own id space. A listed row is the same
    // person as another when its name and birth dates are the same (duplicate rows).
    let same_person: HashMap<&str, (&str, String)> = untreated
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                (
                    p.names.first().map(String::as_str).unwrap_or(""),
                    format!("{:?}", p.birth_dates),
                ),
            )
        })
        .collect();
    let half_of_id: HashMap<&str, Half> = untreated
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                half_of(p.names.first().map(String::as_str).unwrap_or("")),
            )
        })
        .collect();
    let mut list = untreated.clone();
    list.extend(negatives.iter().cloned().map(|mut p| {
        p.id = format!("neg{}", p.id);
        p
    }));
    let start = Instant::now();
    let Ok((w, _)) = Watchlist::build(list) else {
        return scored;
    };
    let build = start.elapsed();
    let mut s = w.searcher();
    let mut found = [0usize; 2];
    let mut asked = [0usize; 2];
    let start = Instant::now();
    for q in &treated {
        let half = half_of_id
            .get(q.id.as_str())
            .copied()
            .unwrap_or(Half::HeldOut);
        let h = half as usize;
        asked[h] += 1;
        let Ok(m) = s.screen(q, 0.0, 10) else {
            continue;
        };
        for x in &m {
            let truth =
                x.id == q.id || same_person.get(x.id.as_str()) == same_person.get(q.id.as_str());
            scored.push(half, x.score, truth);
        }
        if half == Half::Tuning {
            scored
                .sweep_own
                .push(found_own(&m, &q.id).then(|| m.first().map_or(0.0, |x| x.score)));
        }
        let passed: Vec<Match> = m
            .into_iter()
            .filter(|x| x.score >= DEFAULT_THRESHOLD)
            .collect();
        if found_own(&passed, &q.id) {
            found[h] += 1;
        } else if half == Half::Tuning && std::env::var_os("BENCH_MISSES").is_some() {
            let own = untreated.iter().find(|p| p.id == q.id);
            // Scored against its own row alone: tells a retrieval miss from a scoring one.
            let alone = own.and_then(|o| score_people(q, o));
            println!(
                "  yente miss {:?} {:?} (own: {:?} {:?}; scored alone {:?}) got {:?}",
                q.names,
                q.birth_dates,
                own.map(|p| &p.names),
                own.map(|p| &p.birth_dates),
                alone.map(|m| (
                    m.score,
                    m.explanation.name_similarity,
                    m.explanation.date_of_birth,
                    m.explanation.name_rarity,
                    m.explanation.nationality
                )),
                passed.first().map(|m| (
                    &m.id,
                    &m.explanation.listed_name,
                    m.score,
                    &m.explanation.date_of_birth,
                    &m.explanation.name_rarity
                ))
            );
        }
    }
    let t = start.elapsed();
    println!(
        "yente UN positives: treated queries finding their own row as best match at >= {DEFAULT_THRESHOLD} (list of {} people, built in {:.2} s, {:.0} µs/check):",
        w.len(),
        build.as_secs_f64(),
        t.as_secs_f64() * 1e6 / treated.len().max(1) as f64
    );
    for half in [Half::Tuning, Half::HeldOut] {
        let h = half as usize;
        println!(
            "  {} half: {}/{} ({:.1} %){}",
            half.label(),
            found[h],
            asked[h],
            100.0 * found[h] as f64 / asked[h].max(1) as f64,
            if half == Half::HeldOut {
                " (the figure to report)"
            } else {
                ""
            }
        );
    }
    println!(
        "  all: {}/{} ({:.1} %)",
        found[0] + found[1],
        asked[0] + asked[1],
        100.0 * (found[0] + found[1]) as f64 / (asked[0] + asked[1]).max(1) as f64
    );
    let Ok((w, _)) = Watchlist::build(untreated) else {
        return scored;
    };
    let mut s = w.searcher();
    let mut hit = [0usize; 2];
    let mut asked = [0usize; 2];
    let start = Instant::now();
    for q in &negatives {
        let half = half_of(q.names.first().map(String::as_str).unwrap_or(""));
        let h = half as usize;
        asked[h] += 1;
        let Ok(m) = s.screen(q, 0.0, 10) else {
            continue;
        };
        for x in &m {
            scored.push(half, x.score, false);
        }
        if half == Half::Tuning {
            scored
                .sweep_negative
                .push(m.first().map_or(0.0, |x| x.score));
        }
        if let Some(top) = m.first().filter(|x| x.score >= DEFAULT_THRESHOLD) {
            hit[h] += 1;
            if half == Half::Tuning && std::env::var_os("BENCH_MISSES").is_some() {
                println!(
                    "  yente false positive {:?} {:?} got {:?} {:.3} {:?}",
                    q.names,
                    q.birth_dates,
                    top.explanation.listed_name,
                    top.score,
                    top.explanation.name_rarity
                );
            }
        }
    }
    println!(
        "yente negatives: {}/{} get any match at >= {DEFAULT_THRESHOLD} against the UN list (tuning half {}/{}, held-out half {}/{}; {:.0} µs/check)",
        hit[0] + hit[1],
        asked[0] + asked[1],
        hit[0],
        asked[0],
        hit[1],
        asked[1],
        start.elapsed().as_secs_f64() * 1e6 / negatives.len().max(1) as f64
    );
    scored
}

fn query(name: &str, dob: Option<&str>) {
    let dir = bench_dir();
    let mut list = read_people(&dir.join("yente_positives_un_untreated.csv"));
    list.extend(
        read_people(&dir.join("yente_negatives_global.csv"))
            .into_iter()
            .map(|mut p| {
                p.id = format!("neg{}", p.id);
                p
            }),
    );
    let Ok((w, _)) = Watchlist::build(list) else {
        return;
    };
    let q = Person {
        id: "query".into(),
        names: vec![name.to_string()],
        birth_dates: dob
            .and_then(|d| rastro_screen::parse_birth_date(d).ok())
            .into_iter()
            .collect(),
        ..Person::default()
    };
    for m in w.searcher().screen(&q, 0.0, 20).unwrap_or_default() {
        let e = &m.explanation;
        println!(
            "{} {:.3} {:?} sim {:.3} dob {:?} rarity {:?}",
            m.id, m.score, e.listed_name, e.name_similarity, e.date_of_birth, e.name_rarity
        );
    }
}

/// Our labelled Latin American pairs: `tests/data/latam_pairs.csv`.
fn latam_set() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/latam_pairs.csv");
    let (c, misses) = evaluate_pairs(&path, DEFAULT_THRESHOLD);
    let (p, r, f) = c.prf();
    println!(
        "latam_pairs: {} pairs: precision {p:.3} recall {r:.3} F1 {f:.3} at {DEFAULT_THRESHOLD}",
        c.total()
    );
    for m in misses {
        println!("  miss: {m}");
    }
}

/// Reads a pair file (`name1,dob1,nationality1,gender1,name2,dob2,nationality2,gender2,is_match,category`).
fn evaluate_pairs(path: &Path, threshold: f64) -> (Counts, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut c = Counts::default();
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
/// names (non-matches), scored pair by pair; then the reliability of the score on all tuning
/// data (generated pairs and the tuning halves of the benches) and on the held-out halves.
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
        // A namesake: the same full name, born some years apart (a common name's other bearer).
        if i % 3 == 0 {
            let mut namesake = other.clone();
            namesake.names = p.names.clone();
            namesake.birth_dates = p
                .birth_dates
                .iter()
                .map(|d| rastro_screen::PartialDate {
                    year: d.year + 2 + rng.below(10) as u16,
                    ..*d
                })
                .collect();
            if let Some(m) = score_people(&namesake, &p) {
                scored.push((m.score, false));
            }
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
    report_tuning("generated, names only", &names_only);
    scored.extend(names_only);
    report_tuning("generated, all attributes and names only", &scored);
    let mut all = Scored {
        tuning: scored.clone(),
        ..Scored::default()
    };
    all.extend(nk_bench());
    all.extend(yente());
    sweep(&all, &scored);
    reliability(
        "tuning data: generated pairs and the benches' tuning halves",
        &all.tuning,
    );
    reliability("held-out halves of the benches", &all.held_out);
    if std::env::var_os("BENCH_FIT").is_some() {
        // Knots for `CALIBRATION` in score.rs, from the scores before calibration: blocks of at
        // least 100 pairs, so that a knot is an observed rate, not noise.
        let raw: Vec<(f64, bool)> = all
            .tuning
            .iter()
            .map(|&(s, t)| (uncalibrated(s), t))
            .collect();
        let mut knots: Vec<(f64, f64, usize)> = Vec::new();
        for b in split::isotonic(&raw) {
            match knots.last_mut() {
                Some(k) if k.2 < 100 => {
                    let n = k.2 + b.2;
                    let mean = |x: f64, y: f64| (x * k.2 as f64 + y * b.2 as f64) / n as f64;
                    *k = (mean(k.0, b.0), mean(k.1, b.1), n);
                }
                _ => knots.push(b),
            }
        }
        println!("isotonic knots (raw score, observed rate, pairs):");
        for k in knots {
            println!("    ({:.4}, {:.4}), // {}", k.0, k.1, k.2);
        }
    }
}

/// What each threshold would give on tuning data alone (generated pairs and the benches'
/// tuning halves): the threshold is chosen here, never on the held-out halves.
/// The threshold chosen is the lowest (a miss costs more than a look) of those that no tuning
/// negative reaches and whose mean of the nk and generated F1 is within [`F1_TIE`] of the best.
fn sweep(all: &Scored, generated: &[(f64, bool)]) {
    /// Means of F1 closer than this are a tie: one nk tuning pair moves the mean by about 0.001.
    const F1_TIE: f64 = 0.002;
    println!("threshold sweep on tuning data only: threshold: nk F1, UN found, negatives hit, generated F1");
    let mut rows: Vec<(f64, f64, usize)> = Vec::new();
    for t in (8..=50).step_by(2).map(|t| f64::from(t) / 100.0) {
        let f1 = |pairs: &[(f64, bool)]| {
            let mut c = Counts::default();
            for &(s, truth) in pairs {
                c.add(s >= t, truth);
            }
            c.prf().2
        };
        let found = all
            .sweep_own
            .iter()
            .filter(|s| s.is_some_and(|s| s >= t))
            .count();
        let hit = all.sweep_negative.iter().filter(|&&s| s >= t).count();
        let (nk, gen) = (f1(&all.sweep_nk), f1(generated));
        println!(
            "  {t:.2}: nk F1 {nk:.3}, UN {found}/{}, negatives {hit}/{}, generated F1 {gen:.3}",
            all.sweep_own.len(),
            all.sweep_negative.len(),
        );
        rows.push((t, (nk + gen) / 2.0, hit));
    }
    let best = rows
        .iter()
        .filter(|r| r.2 == 0)
        .map(|r| r.1)
        .fold(f64::NEG_INFINITY, f64::max);
    if let Some((t, mean, _)) = rows.iter().find(|r| r.2 == 0 && r.1 >= best - F1_TIE) {
        println!(
            "  chosen on tuning data: {t:.2} (mean F1 {mean:.4}, best {best:.4}); DEFAULT_THRESHOLD is {DEFAULT_THRESHOLD}"
        );
    }
}

/// The score before calibration of a calibrated one: the inverse of the piecewise-linear map
/// of `rastro_screen::CALIBRATION`.
fn uncalibrated(score: f64) -> f64 {
    let knots = rastro_screen::CALIBRATION;
    let (Some(&(x_first, y_first)), Some(&(x_last, y_last))) = (knots.first(), knots.last()) else {
        return score;
    };
    if score <= y_first {
        return x_first * score / y_first.max(f64::MIN_POSITIVE);
    }
    if score >= y_last {
        return x_last + (1.0 - x_last) * (score - y_last) / (1.0 - y_last).max(f64::MIN_POSITIVE);
    }
    let i = knots.partition_point(|k| k.1 <= score);
    let ((x0, y0), (x1, y1)) = (knots[i - 1], knots[i]);
    x0 + (x1 - x0) * (score - y0) / (y1 - y0)
}

fn report_tuning(label: &str, scored: &[(f64, bool)]) {
    let mut best = (0.0, 0.0);
    println!("tuning set ({label}): {} pairs", scored.len());
    for t in (30..=95).step_by(5).map(|t| t as f64 / 100.0) {
        let mut c = Counts::default();
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
    // Throughput on all cores. Threads take blocks of queries as they finish the last, so that
    // one slowed by other work on a shared machine does not hold the rest up at the end.
    let threads = cores();
    const BLOCK: usize = 1024;
    let next_block = std::sync::atomic::AtomicUsize::new(0);
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    // Every check's matches (ids and scores) are summed into a digest, so that two builds can
    // be shown to give the same answers, not only as many found.
    let results: Vec<(usize, usize, u64)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (w, queries, expected, next_block) = (&w, &queries, &expected, &next_block);
                s.spawn(move || {
                    let mut searcher = w.searcher();
                    let mut found = 0;
                    let mut listed = 0;
                    let mut digest = 0u64;
                    loop {
                        let b = next_block.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let from = b * BLOCK;
                        if from >= queries.len() {
                            break;
                        }
                        let to = (from + BLOCK).min(queries.len());
                        for (i, (q, e)) in queries[from..to]
                            .iter()
                            .zip(&expected[from..to])
                            .enumerate()
                        {
                            let m = searcher
                                .screen(q, DEFAULT_THRESHOLD, 10)
                                .unwrap_or_default();
                            digest = digest.wrapping_add(answers_digest(from + i, &m));
                            if let Some(k) = e {
                                listed += 1;
                                if m.iter().any(|m| m.id == format!("w{k}")) {
                                    found += 1;
                                }
                            }
                        }
                    }
                    (found, listed, digest)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or((0, 0, 0)))
            .collect()
    });
    let elapsed = start.elapsed();
    let cpu = cpu_seconds() - cpu_start;
    let (found, listed, digest) = results.iter().fold((0, 0, 0u64), |a, b| {
        (a.0 + b.0, a.1 + b.1, a.2.wrapping_add(b.2))
    });
    println!(
        "synthetic checks: {} in {:.2} s on {threads} threads, {cpu:.1} CPU s ({:.0} checks/s); listed people found: {found}/{listed} ({:.1} %); answers digest {digest:016x}",
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
