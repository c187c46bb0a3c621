//! Scores event linkage on a set of real articles against its gold events: each article is
//! extracted with `rastro-extract`, put into the linker's terms as `rastro link --news` does, and
//! linked; pairwise precision, recall and F1 and the events found are printed.
//!
//! `cargo run --release -p rastro-app --example score-news-events -- ARTICLES.jsonl GOLD.tsv
//! [--no-published] [--show] [--explain ID ID]`
//!
//! `GOLD.tsv` has a header and `id<TAB>event` rows. `--no-published` drops every publication date,
//! as a collection of plain-text files would have none; `--show` prints every wrong or missed pair
//! with its evidence. It lives with the application, which alone knows both the extractor and
//! the linker.

#[path = "../tests/support/news_set.rs"]
mod news_set;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use rastro_link::incident::IncidentSettings;

use news_set::NewsSet;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped reading (`| head`) is no failure of the scoring.
        Err(Failure::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            eprintln!("score-news-events: writing the results: {e}");
            ExitCode::FAILURE
        }
        Err(Failure::Input(e)) => {
            eprintln!("score-news-events: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Why a run stopped: its input was unusable, or its output could not be written.
enum Failure {
    Input(String),
    Output(std::io::Error),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Input(message)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Output(e)
    }
}

fn run() -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let explained = args.iter().position(|a| a == "--explain");
    let paths: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(k, a)| !a.starts_with("--") && explained.is_none_or(|e| *k <= e || *k > e + 2))
        .map(|(_, a)| a)
        .collect();
    let [articles_path, gold_path] = paths[..] else {
        return Err(Failure::Input(
            "usage: ARTICLES.jsonl GOLD.tsv [--no-published] [--show]".into(),
        ));
    };
    let set = NewsSet::read(Path::new(articles_path), Path::new(gold_path))?;
    let ids: Vec<String> = set.articles.iter().map(|a| a.id.clone()).collect();
    let truth: Vec<&str> = ids.iter().map(|id| set.gold[id].as_str()).collect();
    let mut settings = IncidentSettings::default();
    // RASTRO_BENCH_THRESHOLD tries another threshold, as for the generated-news bench.
    if let Some(t) = std::env::var("RASTRO_BENCH_THRESHOLD")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
    {
        settings.threshold = t;
    }
    let (linkage, score) = set.link(flag("--no-published"), &settings);
    let events = linkage.events(&[], &[]);
    // The pairs the --show listing explains: joined wrongly, or missed.
    let mut errors = Vec::new();
    for a in 0..ids.len() {
        for b in a + 1..ids.len() {
            let (same_truth, same_found) = (truth[a] == truth[b], events[a] == events[b]);
            if same_truth != same_found {
                errors.push((a, b, if same_found { "wrong" } else { "missed" }));
            }
        }
    }
    writeln!(
        out,
        "{} articles; pairs found {}, true {}, correct {}",
        ids.len(),
        score.true_positives + score.false_positives,
        score.true_positives + score.false_negatives,
        score.true_positives
    )?;
    writeln!(
        out,
        "pairwise precision {:.4}, recall {:.4}, F1 {:.4}",
        score.precision(),
        score.recall(),
        score.f1()
    )?;
    writeln!(
        out,
        "events: {} found, {} true",
        score.found_clusters, score.true_clusters
    )?;
    let roundups: Vec<&str> = linkage
        .roundups()
        .iter()
        .zip(&ids)
        .filter(|(&r, _)| r)
        .map(|(_, id)| id.as_str())
        .collect();
    writeln!(
        out,
        "round-ups (linked to no event): {} {}",
        roundups.len(),
        roundups.join(" ")
    )?;
    // --explain ID ID: how one pair's weight adds up, whatever the gold says of it.
    if let Some(k) = args.iter().position(|a| a == "--explain") {
        let index = |id: Option<&String>| id.and_then(|id| ids.iter().position(|x| x == id));
        let (Some(a), Some(b)) = (index(args.get(k + 1)), index(args.get(k + 2))) else {
            return Err(Failure::Input(
                "--explain needs two article ids of the set".into(),
            ));
        };
        for s in linkage.explain(a, b) {
            writeln!(
                out,
                "    {:<13} {:+6.2}  {}",
                s.comparison, s.weight, s.level
            )?;
        }
    }
    if flag("--show") {
        for m in &linkage.matches {
            let (a, b) = (m.left as usize, m.right as usize);
            if roundups.contains(&ids[a].as_str()) || roundups.contains(&ids[b].as_str()) {
                writeln!(
                    out,
                    "round-up match {} - {}: {:+.2}",
                    ids[a], ids[b], m.weight
                )?;
            }
        }
        // Each event found with more than one report, and the gold event of each report, so a
        // reviewer sees which reports a cluster took and which it left.
        let mut members: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
        for (k, &e) in events.iter().enumerate() {
            members.entry(e).or_default().push(k);
        }
        for reports in members.values().filter(|r| r.len() > 1) {
            let shown: Vec<String> = reports
                .iter()
                .map(|&k| format!("{} ({})", ids[k], truth[k]))
                .collect();
            writeln!(out, "event: {}", shown.join(", "))?;
        }
        for (a, b, what) in errors {
            let steps = linkage.explain(a, b);
            let total: f64 = steps.iter().map(|s| s.weight).sum();
            writeln!(out, "{what} {} - {}: {total:+.2}", ids[a], ids[b])?;
            for s in steps {
                writeln!(
                    out,
                    "    {:<13} {:+6.2}  {}",
                    s.comparison, s.weight, s.level
                )?;
            }
        }
    }
    Ok(())
}
