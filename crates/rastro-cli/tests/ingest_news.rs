//! `rastro ingest news`: articles and incidents stored once per organisation, whatever the input.

use std::fs;
use std::process::Output;

mod common;
use common::rastro_as;

fn summary(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn the_same_article_is_stored_once() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    fs::create_dir(&news).unwrap();
    fs::write(
        news.join("a.txt"),
        "Rescatan a 12 víctimas de explotación sexual en Bogotá\n\nLa Policía detuvo a 3 personas.",
    )
    .unwrap();
    fs::write(
        news.join("feed.jsonl"),
        concat!(
            r#"{"id":"f1","title":"Police free 40 workers","text":"Police freed 40 workers in Peru.","url":"https://www.news.example/a?utm_source=x"}"#,
            "\n",
            r#"{"id":"f2","title":"Police free 40 workers (updated)","text":"Police freed 41 workers in Peru.","url":"http://news.example/a"}"#,
            "\n",
            r#"{"id":"f3","title":"Rescatan a 12 víctimas de explotación sexual en Bogotá","text":"La policía detuvo a 3 personas!"}"#,
            "\n",
            r#"{"id":"f4"}"#,
            "\n"
        ),
    )
    .unwrap();
    let first = rastro_as("ngo", "analyst", &["ingest", "news", "news"], tmp.path());
    let stderr = String::from_utf8_lossy(&first.stderr).to_string();
    assert_eq!(
        summary(&first),
        "2 article(s) stored for ngo; 2 already stored (1 same URL, 1 same text); 1 input(s) or line(s) skipped, 0 warning(s)"
    );
    assert!(
        stderr.contains("feed.jsonl: line 4: field \"text\" is missing"),
        "{stderr}"
    );

    let again = rastro_as("ngo", "analyst", &["ingest", "news", "news"], tmp.path());
    assert!(summary(&again).starts_with("0 article(s) stored for ngo; 4 already stored"));

    // Another organisation keeps its own copy.
    let other = rastro_as(
        "other",
        "analyst",
        &["ingest", "news", "news/a.txt"],
        tmp.path(),
    );
    assert!(summary(&other).starts_with("1 article(s) stored for other"));
}
