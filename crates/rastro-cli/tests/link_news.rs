//! `rastro link --news` end to end over the real binary and a real store: the labelled set of
//! reports of one event across outlets and languages (eval/news_events) is ingested, linked into
//! events, checked against its gold events, and reviewers' decisions are applied.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{rastro, rastro_as};

fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/news_events")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "rastro failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
    out
}

/// external id → (store id, event id), from a clusters file.
fn clusters(path: &Path) -> HashMap<String, (String, String)> {
    let mut reader = csv::Reader::from_path(path).expect("clusters file");
    let headers = reader.headers().expect("header").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["record_id", "cluster_id", "external_id"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[2].to_string(), (r[0].to_string(), r[1].to_string()))
        })
        .collect()
}

fn gold() -> HashMap<String, String> {
    fs::read_to_string(eval_dir().join("gold.tsv"))
        .expect("gold events")
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(id, event)| (id.to_string(), event.to_string()))
        .collect()
}

/// Pairwise precision and recall of found events against gold events, as `rastro eval events`
/// reports them.
fn pairwise(dir: &Path) -> (f64, f64) {
    let gold = eval_dir().join("gold.tsv");
    let out = ok(rastro(
        &[
            "eval",
            "events",
            "--clusters",
            "events.csv",
            "--gold",
            gold.to_str().expect("utf-8 path"),
        ],
        dir,
    ));
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    let figure = |name: &str| -> f64 {
        report
            .split_whitespace()
            .find_map(|word| word.strip_prefix(name))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in:\n{report}"))
    };
    assert!(report.contains("articles 50; events true 24"), "{report}");
    (figure("precision="), figure("recall="))
}

fn link(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "link",
        "--news",
        "--clusters",
        "events.csv",
        "-o",
        "pairs.csv",
    ];
    args.extend_from_slice(extra);
    ok(rastro_as("Hub", "analyst", &args, dir))
}

#[test]
fn reports_of_one_event_are_linked_across_outlets_and_languages() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let articles = eval_dir().join("articles.jsonl");
    let articles = articles.to_str().expect("utf-8 path");
    ok(rastro_as(
        "Hub",
        "analyst",
        &["ingest", "news", articles],
        dir,
    ));

    let out = link(dir, &[]);
    let found = clusters(&dir.join("events.csv"));
    let gold = gold();
    assert_eq!(found.len(), gold.len(), "every article is in an event");
    let (precision, recall) = pairwise(dir);
    // Measured: precision 1.000, recall 1.000 (38 of 38 pairs). The set was written without
    // the linker in view; see eval/news_events/SOURCES.md.
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.9, "recall {recall:.3}");
    let report = stderr(&out);
    assert!(report.contains("50 articles of \"Hub\""), "{report}");
    assert!(report.contains("counting each event once"), "{report}");
    let pairs = fs::read_to_string(dir.join("pairs.csv")).expect("pairs");
    assert!(pairs.starts_with("left_id,right_id,weight,probability\n"));
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        listed.contains("reports)"),
        "multi-report events listed:\n{listed}"
    );
    let events_found = {
        let mut e: Vec<&String> = found.values().map(|(_, e)| e).collect();
        e.sort();
        e.dedup();
        e.len() as u64
    };
    let stats = ok(rastro_as(
        "Hub",
        "analyst",
        &["stats", "--format", "json"],
        dir,
    ));
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("stats JSON");
    assert_eq!(stats["news"]["articles"], 50);
    assert_eq!(stats["news"]["events"], events_found);
    let once = stats["news"]["victims_counted_once_per_event"]
        .as_u64()
        .expect("count");
    let summed = stats["news"]["victims_summed_over_articles"]
        .as_u64()
        .expect("count");
    assert!(once < summed, "{once} vs {summed}");

    // Two reports of Turquesa V, linked; a reviewer says they differ, and the next run agrees.
    let turquesa: Vec<&String> = gold
        .iter()
        .filter(|(_, e)| e.starts_with("turquesa-v"))
        .map(|(id, _)| id)
        .collect();
    assert!(turquesa.len() >= 2);
    let (a, b) = (&found[turquesa[0]], &found[turquesa[1]]);
    assert_eq!(a.1, b.1, "Turquesa V reports linked");
    let explained = ok(rastro_as(
        "Hub",
        "analyst",
        &["link", "--news", "--explain", &a.0, &b.0],
        dir,
    ));
    let text = String::from_utf8_lossy(&explained.stdout).into_owned();
    assert!(
        text.contains("operation") && text.contains("total"),
        "{text}"
    );
    ok(rastro_as(
        "Hub",
        "analyst",
        &[
            "link",
            "--news",
            "--different",
            &a.0,
            &b.0,
            "--reviewer",
            "ana",
        ],
        dir,
    ));
    link(dir, &[]);
    let after = clusters(&dir.join("events.csv"));
    assert_ne!(after[turquesa[0]].1, after[turquesa[1]].1);

    // Another organisation sees none of the Hub's articles and cannot decide about them.
    let out = rastro_as(
        "Partner",
        "analyst",
        &["link", "--news", "--same", &a.0, &b.0, "--reviewer", "x"],
        dir,
    );
    assert!(!out.status.success());
    ingest_one(dir, "Partner");
    let out = rastro_as(
        "Partner",
        "analyst",
        &["link", "--news", "--same", &a.0, &b.0, "--reviewer", "x"],
        dir,
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no two different articles"),
        "{}",
        stderr(&out)
    );
}

fn ingest_one(dir: &Path, org: &str) {
    fs::write(
        dir.join("one.jsonl"),
        r#"{"id":"x1","title":"Rescatan a 9 víctimas en Cusco","text":"La policía rescató a nueve víctimas de trata en Cusco.","published":"2024-02-02"}"#,
    )
    .expect("write");
    ok(rastro_as(
        org,
        "analyst",
        &["ingest", "news", "one.jsonl"],
        dir,
    ));
}

#[test]
fn too_few_articles_and_misplaced_flags_are_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    ingest_one(dir, "Hub");
    let out = rastro_as("Hub", "analyst", &["link", "--news"], dir);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("at least two"), "{}", stderr(&out));

    let out = rastro_as("Nobody", "analyst", &["link", "--news"], dir);
    assert!(!out.status.success());

    let out = rastro(
        &[
            "link",
            "--same",
            "A",
            "B",
            "--reviewer",
            "x",
            "data.csv",
            "-o",
            "p.csv",
        ],
        dir,
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--store"), "{}", stderr(&out));

    let out = rastro_as(
        "Hub",
        "analyst",
        &["link", "--news", "--other-reports", "-1"],
        dir,
    );
    assert!(!out.status.success());
}
