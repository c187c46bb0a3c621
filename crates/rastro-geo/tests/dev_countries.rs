//! The countries `find_countries` reports for the development articles, against their gold
//! annotations (`eval/extract/dev`): micro-averaged F1 must stay at or above the 0.95.
//! Disagreements are printed so that a regression says what changed.

use std::path::PathBuf;

fn dev_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../eval/extract/dev")
}

#[test]
fn countries_of_the_dev_articles_match_the_gold() {
    let g = rastro_geo::gazetteer();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut articles = 0;
    for (gold_file, text_dir) in [("gold.jsonl", dev_dir())] {
        let path = dev_dir().join(gold_file);
        let gold =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in gold.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = record["id"].as_str().unwrap();
            let expected: Vec<String> = record["countries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            let text = std::fs::read_to_string(text_dir.join(format!("{id}.txt"))).unwrap();
            let found: Vec<String> = g
                .find_countries(&text)
                .iter()
                .map(|c| c.to_string())
                .collect();
            let extra: Vec<&String> = found.iter().filter(|c| !expected.contains(c)).collect();
            let missing: Vec<&String> = expected.iter().filter(|c| !found.contains(c)).collect();
            if !extra.is_empty() || !missing.is_empty() {
                println!("{id}: extra {extra:?}, missing {missing:?}");
            }
            tp += found.len() - extra.len();
            fp += extra.len();
            fn_ += missing.len();
            articles += 1;
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    println!("{articles} articles: precision {precision:.3}, recall {recall:.3}, F1 {f1:.3}");
    assert!(
        articles >= 16,
        "expected the 16 dev articles, read {articles}"
    );
    assert!(f1 >= 0.95, "countries F1 {f1:.3} below 0.95");
}
