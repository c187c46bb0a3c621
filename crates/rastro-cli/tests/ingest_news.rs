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

#[test]
fn a_saved_news_feed_is_read_item_by_item_and_other_xml_is_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("alerts");
    fs::create_dir(&news).unwrap();
    fs::write(
        news.join("alerta-trata.xml"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Alerta: trata de personas</title>
<item><title>Rescatan a 14 mujeres en Cusco</title><link>https://diario.example/cusco</link>
<pubDate>Tue, 07 Feb 2023 10:00:00 GMT</pubDate>
<description><![CDATA[<p>La policía rescató a 14 mujeres víctimas de explotación sexual en Cusco y detuvo a 3 personas.</p>]]></description></item>
<item><title>Operação resgata 212 trabalhadores em Goiás</title><link>https://jornal.example/goias</link>
<description>Fiscais resgataram 212 trabalhadores em condições análogas à escravidão.</description></item>
</channel></rss>"#,
    )
    .unwrap();
    fs::write(
        news.join("sitemap.xml"),
        r#"<?xml version="1.0"?><urlset><url><loc>https://diario.example/</loc></url></urlset>"#,
    )
    .unwrap();
    let first = rastro_as("ngo", "analyst", &["ingest", "news", "alerts"], tmp.path());
    let stderr = String::from_utf8_lossy(&first.stderr).to_string();
    assert_eq!(
        summary(&first),
        "2 article(s) stored for ngo; 0 already stored (0 same URL, 0 same text); 0 input(s) or line(s) skipped, 1 warning(s)"
    );
    assert!(
        stderr.contains("sitemap.xml: XML that is not a news feed"),
        "{stderr}"
    );
    // The next download of the feed repeats its items: nothing is stored twice.
    let again = rastro_as("ngo", "analyst", &["ingest", "news", "alerts"], tmp.path());
    assert!(summary(&again).starts_with("0 article(s) stored for ngo; 2 already stored"));
}
