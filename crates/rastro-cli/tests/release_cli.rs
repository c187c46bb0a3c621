//! `rastro release`: a publishable table with small cells suppressed, and differentially private
//! counts whose budget is recorded and refuses a release once spent.

mod common;

use common::{ok, rastro_as};

fn imported(dir: &std::path::Path) {
    let mut csv =
        String::from("prs_FirstName,prs_Gender,vic_TypeOfExploitation,hte_Type,hte_Country\n");
    for i in 0..44 {
        let (form, country) = match i % 11 {
            0..=5 => ("SexualExploitation", "PE"),
            6..=9 => ("ForcedLabour", "CO"),
            _ => ("ForcedBegging", "EC"),
        };
        csv.push_str(&format!("P{i},Feminine,{form},Exploitation,{country}\n"));
    }
    std::fs::write(dir.join("cases.csv"), csv).unwrap();
    ok(rastro_as(
        "Shelter",
        "caseworker",
        &["import", "cases", "cases.csv"],
        dir,
    ));
}

#[test]
fn a_release_suppresses_small_cells_and_spends_its_budget_once() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    imported(dir);
    let table = ok(rastro_as(
        "Shelter",
        "analyst",
        &["release", "--by", "form"],
        dir,
    ));
    let mut lines = table.lines();
    assert_eq!(lines.next().map(str::trim_end), Some("form,count"));
    let rows: Vec<&str> = lines.map(str::trim_end).collect();
    assert!(rows.contains(&"SexualExploitation,24"), "{table}");
    assert!(
        rows.contains(&"ForcedBegging,<11"),
        "4 cases are a small cell: {table}"
    );
    assert!(
        rows.contains(&"ForcedLabour,<11"),
        "16 hidden too, or the total would give the 4 away: {table}"
    );

    let noisy = rastro_as(
        "Shelter",
        "analyst",
        &[
            "release",
            "--by",
            "form",
            "--epsilon",
            "0.6",
            "--budget",
            "1.0",
        ],
        dir,
    );
    assert!(
        noisy.status.success(),
        "{}",
        String::from_utf8_lossy(&noisy.stderr)
    );
    assert!(String::from_utf8_lossy(&noisy.stderr).contains("0.400 of 1 left"));
    let refused = rastro_as(
        "Shelter",
        "analyst",
        &[
            "release",
            "--by",
            "form",
            "--epsilon",
            "0.6",
            "--budget",
            "1.0",
        ],
        dir,
    );
    assert!(
        !refused.status.success(),
        "a second release would overspend"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("spent"));
    let ledger = ok(rastro_as(
        "Shelter",
        "analyst",
        &["release", "--by", "form", "--ledger"],
        dir,
    ));
    assert_eq!(ledger.lines().count(), 1, "one release paid: {ledger}");

    let bad = rastro_as(
        "Shelter",
        "analyst",
        &["release", "--by", "form,sex,year"],
        dir,
    );
    assert!(!bad.status.success());
    let bad = rastro_as("Shelter", "analyst", &["release", "--by", "nonsense"], dir);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nonsense"));
    let auditor = rastro_as("Shelter", "auditor", &["release", "--by", "form"], dir);
    assert!(!auditor.status.success(), "an auditor reads no statistics");
}
