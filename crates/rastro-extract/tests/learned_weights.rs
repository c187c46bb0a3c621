//! The weights of the learned count scorer in `data/count_weights.txt` are what training on the
//! tuning sets gives with the code as it is: a change to the readers or to the features that
//! would leave the shipped model out of date fails here until the file is rebuilt with
//! `cargo run --release -p rastro-extract --bin rastro-extract-train -- --write`.

use std::process::Command;

#[test]
fn the_shipped_count_weights_are_what_training_gives() {
    let out = Command::new(env!("CARGO_BIN_EXE_rastro-extract-train"))
        .arg("--check")
        .output()
        .expect("run rastro-extract-train");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The extractor's own hook applies the shipped model: on the fourth tuning set (the one the
/// rules were least written from) it chooses more gold counts of victims than the rules alone.
#[test]
fn the_extractor_applies_the_model_to_victims() {
    use rastro_extract::eval::{evaluate, parse_gold};
    use rastro_extract::input::{decode, Format};
    use rastro_extract::{Decision, Extractor};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/extract/tune4");
    let (gold, errors) = parse_gold(&std::fs::read_to_string(dir.join("gold.jsonl")).unwrap());
    assert!(errors.is_empty());
    let victims = |mut extractor: Extractor| {
        let incidents: Vec<_> = gold
            .iter()
            .flat_map(|g| {
                let bytes = std::fs::read(dir.join(format!("{}.txt", g.id))).unwrap();
                decode(&g.id, Format::Text, &bytes).articles
            })
            .map(|a| extractor.extract(&a))
            .collect();
        evaluate(&gold, &incidents).counts["victims"].correct
    };
    let with_model = victims(Extractor::new());
    let rules = victims(Extractor::with_learned_counts([Decision::RULES; 2]));
    assert!(with_model > rules, "model {with_model}, rules {rules}");
}
