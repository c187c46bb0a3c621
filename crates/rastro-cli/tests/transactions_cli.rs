//! `rastro import transactions`, `rastro flags`, `rastro generate transactions` and
//! `rastro eval flags` end to end, as the real binary over a temporary data directory.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::{ok, rastro, rastro_as};

const HEADER: &str = "id,datetime,amount,currency,channel,debtor_account,debtor_name,creditor_account,creditor_name,branch,city,country,mcc,contact,description\n";

#[test]
fn importing_twice_adds_nothing_and_bad_rows_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("movimientos.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}\
T1,2024-03-05T10:00:00-05:00,\"1.234,50\",PEN,transfer,PE-1,Ana Quispe,PE-2,Luis Rojas,,Lima,PE,,,
T2,2024-03-05 11:00:00,10.00,PEN,transfer,PE-1,Ana Quispe,PE-2,Luis Rojas,,Lima,PE,,,
T3,2024-03-05T12:00:00-05:00,10.00,ZZZ,transfer,PE-1,Ana Quispe,PE-2,Luis Rojas,,Lima,PE,,,
T4,2024-03-05T13:00:00-05:00,7.00,PEN,transfer,PE-3,Rosa Paz,PE-4,Eva Paz,,Cusco,PE,,,
"
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let first = ok(rastro_as(
        "Banco",
        "analyst",
        &["import", "transactions", path],
        dir.path(),
    ));
    assert!(
        first.contains("4 rows read, 2 imported, 0 already present, 2 rejected"),
        "{first}"
    );
    assert!(first.contains("row 2 (line 3), datetime:"), "{first}");
    assert!(first.contains("row 3 (line 4), currency:"), "{first}");
    let again = ok(rastro_as(
        "Banco",
        "analyst",
        &["import", "transactions", path, "--format", "csv"],
        dir.path(),
    ));
    assert!(
        again.contains("4 rows read, 0 imported, 2 already present, 2 rejected"),
        "{again}"
    );
    // The imports are listed with their kind.
    let listed = ok(rastro_as(
        "Banco",
        "caseworker",
        &["import", "list"],
        dir.path(),
    ));
    assert_eq!(listed.matches("transaction").count(), 2, "{listed}");
    // A role that does not monitor transactions is refused.
    let refused = rastro_as(
        "Banco",
        "org_admin",
        &["import", "transactions", path],
        dir.path(),
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("may not import transactions"));
}

/// Generates a small labelled file with many planted people; returns its planted accounts.
fn generate(dir: &Path) -> HashSet<String> {
    let out = ok(rastro(
        &[
            "generate",
            "transactions",
            "--count",
            "12000",
            "--seed",
            "3",
            "--days",
            "45",
            "--planted",
            "0.06",
            "--out",
            "gen.csv",
            "--labels",
            "gen.labels.jsonl",
        ],
        dir,
    ));
    assert!(out.contains("gen.csv: "), "{out}");
    std::fs::read_to_string(dir.join("gen.labels.jsonl"))
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["kind"] == "account" && v["role"] == "subject")
        .filter_map(|v| v["account"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn flags_find_a_planted_typology_and_eval_prints_the_totals_last() {
    let dir = tempfile::tempdir().unwrap();
    let planted = generate(dir.path());
    assert!(!planted.is_empty());

    let eval = ok(rastro(
        &[
            "eval",
            "flags",
            "--input",
            "gen.csv",
            "--labels",
            "gen.labels.jsonl",
        ],
        dir.path(),
    ));
    let last = eval.trim_end().lines().last().unwrap();
    let fields: Vec<(&str, f64)> = last
        .split(' ')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k, v.parse::<f64>().unwrap())
        })
        .collect();
    assert_eq!(
        fields.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        vec!["recall", "precision", "alert_rate"],
        "{eval}"
    );
    assert!(
        fields.iter().all(|(_, v)| (0.0..=1.0).contains(v)),
        "{last}"
    );
    assert!(fields[0].1 > 0.0, "nothing planted was found: {eval}");
    assert!(eval.contains("typology"), "{eval}");

    ok(rastro_as(
        "Banco",
        "analyst",
        &["import", "transactions", "gen.csv"],
        dir.path(),
    ));
    let flagged = rastro_as(
        "Banco",
        "analyst",
        &["flags", "--format", "jsonl", "--out", "alerts.jsonl"],
        dir.path(),
    );
    assert!(flagged.status.success(), "{flagged:?}");
    let summary = String::from_utf8_lossy(&flagged.stderr);
    assert!(summary.contains("alerts ("), "{summary}");
    let alerts: Vec<serde_json::Value> = std::fs::read_to_string(dir.path().join("alerts.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let hit = alerts.iter().find(|a| {
        a["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|acc| planted.contains(acc.as_str().unwrap()))
    });
    let hit = hit.unwrap_or_else(|| panic!("no planted account among {} alerts", alerts.len()));
    assert!(!hit["rules"][0]["transactions"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(hit["rastro_id"].is_string() && hit["catalogue_version"].is_string());

    // Run again, in the report layout: the same alerts, none new.
    let again = rastro_as(
        "Banco",
        "analyst",
        &["flags", "--format", "str", "--out", "reports.jsonl"],
        dir.path(),
    );
    assert!(again.status.success(), "{again:?}");
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains(&format!("{} alerts (0 new)", alerts.len())),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let reports = std::fs::read_to_string(dir.path().join("reports.jsonl")).unwrap();
    assert_eq!(reports.lines().count(), alerts.len());
    assert!(reports.contains("\"reporting_entity\":\"Banco\""));

    // A backtest of the same catalogue changes nothing and keeps nothing.
    let catalogue = dir.path().join("same.toml");
    std::fs::write(&catalogue, rastro_default_catalogue(&dir)).unwrap();
    let backtest = ok(rastro_as(
        "Banco",
        "analyst",
        &[
            "flags",
            "--backtest",
            "--catalogue",
            catalogue.to_str().unwrap(),
            "--labels",
            "gen.labels.jsonl",
        ],
        dir.path(),
    ));
    assert!(
        backtest.contains(&format!("{} alerts → {}", alerts.len(), alerts.len())),
        "{backtest}"
    );
    assert!(backtest.contains("recall="), "{backtest}");
    // The CSV layout has a header and a line per alert; another organisation finds none.
    let csv = ok(rastro_as(
        "Banco",
        "analyst",
        &["flags", "--format", "csv"],
        dir.path(),
    ));
    assert_eq!(csv.lines().count(), alerts.len() + 1);
    let other = ok(rastro_as("Fiscalía", "analyst", &["flags"], dir.path()));
    assert!(other.is_empty(), "{other}");
}

/// The catalogue the binary ships, as a file a user would copy and change.
fn rastro_default_catalogue(_dir: &tempfile::TempDir) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../rastro-finance/catalogue/default.toml"),
    )
    .unwrap()
}
