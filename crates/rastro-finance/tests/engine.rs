//! Alerts that explain themselves, the two ways to run, backtests and exports.

mod common;

use std::collections::BTreeSet;

use common::{alerts, alerts_with, parse, tx, wage, Tx};
use rastro_finance::export::{reports, write_csv, write_jsonl};
use rastro_finance::generate::{Config, Generator};
use rastro_finance::labels::LabelRecord;
use rastro_finance::{backtest, run_batch, Band, Catalogue, KnownIdentifiers, Labels, Scorer};

/// Cash paid into F1 by six people in five cities, taken out the next day; plus a deposit
/// forty days earlier that no window reaches any more.
fn funnel_rows() -> Vec<Tx> {
    let cities = ["Quito", "Guayaquil", "Cuenca", "Machala", "Manta"];
    let mut rows = vec![
        wage("W", 0, "F1", "Ana Ruiz", "450"),
        tx("OLD", 1, 10, "cash_deposit", "300")
            .from("", "Depositante 9")
            .to("F1", "Ana Ruiz")
            .at("Loja - Agencia 1", "Loja"),
    ];
    for i in 0..10i64 {
        let city = cities[i as usize % 5];
        rows.push(
            tx(&format!("D{i}"), 41 + 2 * i, 11, "cash_deposit", "300")
                .from("", &format!("Depositante {}", i % 6))
                .to("F1", "Ana Ruiz")
                .at(&format!("{city} - Agencia 1"), city),
        );
        rows.push(
            tx(&format!("O{i}"), 42 + 2 * i, 16, "cash_withdrawal", "270")
                .from("F1", "Ana Ruiz")
                .at("Quito - Agencia 2", "Quito"),
        );
    }
    rows
}

#[test]
fn an_alert_lists_its_rules_values_and_the_very_transactions() {
    let found = alerts(&funnel_rows(), &[]);
    let alert = found
        .iter()
        .find(|a| a.typology == "funnel_account")
        .expect("funnel alert");
    assert_eq!(alert.catalogue_version, Catalogue::builtin().version());
    assert_eq!(alert.subject, "F1");
    assert_eq!(alert.name.as_deref(), Some("Ana Ruiz"));
    assert!(alert.score >= alert.threshold);
    let cities = alert
        .rules
        .iter()
        .find(|r| r.rule == "cash_in_cities")
        .expect("cash_in_cities fired");
    assert!(cities.value >= 4.0, "{cities:?}");
    assert_ne!(cities.band, Band::None);
    assert!(
        cities
            .reason
            .contains(&format!("{} different cities", cities.value)),
        "{}",
        cities.reason
    );
    // Exactly the cash deposits in the thirty days up to the alert: not the old one outside the
    // window, not the withdrawals, not the wage.
    let transactions = parse(&funnel_rows());
    let to = alert.time.utc_seconds();
    let expected: BTreeSet<&str> = transactions
        .iter()
        .filter(|t| t.channel == rastro_finance::Channel::CashDeposit)
        .filter(|t| t.time.utc_seconds() > to - 30 * 86_400 && t.time.utc_seconds() <= to)
        .map(|t| &*t.id)
        .collect();
    let listed: BTreeSet<&str> = cities.transactions.iter().map(String::as_str).collect();
    assert_eq!(listed, expected);
    assert!(!listed.contains("OLD"));
    // The transaction that raised the alert is among those it lists.
    assert!(alert.transaction_ids().contains(&alert.trigger.as_str()));
    // The alert lists each transaction once across its rules.
    let ids = alert.transaction_ids();
    assert_eq!(ids.len(), ids.iter().collect::<BTreeSet<_>>().len());
}

#[test]
fn a_typology_alerts_once_per_cooldown() {
    let mut rows = funnel_rows();
    // Ten more days of the same: still one alert within the window.
    for i in 10..15i64 {
        rows.push(
            tx(&format!("E{i}"), 41 + 2 * i, 11, "cash_deposit", "300")
                .from("", &format!("Depositante {}", i % 6))
                .to("F1", "Ana Ruiz")
                .at("Manta - Agencia 1", "Manta"),
        );
    }
    let found = alerts(&rows, &[]);
    assert_eq!(
        found
            .iter()
            .filter(|a| a.typology == "funnel_account")
            .count(),
        1
    );
}

fn generated(transactions: u64, seed: u64) -> (Vec<rastro_finance::Transaction>, Labels) {
    let generator = Generator::new(Config {
        seed,
        transactions,
        planted_share: 0.02,
        ..Config::default()
    });
    let mut labels = Labels::default();
    for record in generator.label_records() {
        labels.add(record);
    }
    let mut all = Vec::new();
    for g in generator {
        if let Some((pattern, typology)) = g.pattern {
            labels.add(LabelRecord::Transaction {
                id: g.transaction.id.to_string(),
                typology: typology.to_string(),
                pattern,
            });
        }
        all.push(g.transaction);
    }
    (all, labels)
}

#[test]
fn the_streaming_scorer_and_the_batch_on_any_number_of_threads_agree() {
    let (transactions, labels) = generated(40_000, 11);
    let catalogue = Catalogue::builtin();
    let known = labels.known();
    let one = run_batch(&catalogue, &known, &transactions, 1).expect("one thread");
    let three = run_batch(&catalogue, &known, &transactions, 3).expect("three threads");
    let mut scorer = Scorer::new(&catalogue, &known);
    let mut streamed = Vec::new();
    for t in &transactions {
        streamed.extend(scorer.score(t));
    }
    assert!(!one.alerts.is_empty());
    assert_eq!(one.alerts, three.alerts);
    assert_eq!(one.accounts, three.accounts);
    let ids = |a: &[rastro_finance::Alert]| a.iter().map(|x| x.id.clone()).collect::<BTreeSet<_>>();
    assert_eq!(ids(&one.alerts), ids(&streamed));
    assert_eq!(scorer.accounts(), one.accounts);
    // A batch given the transactions out of order sorts them first.
    let mut shuffled = transactions.clone();
    shuffled.reverse();
    let reversed = run_batch(&catalogue, &known, &shuffled, 2).expect("reversed");
    assert_eq!(ids(&reversed.alerts), ids(&one.alerts));
}

#[test]
fn rules_per_party_follow_a_name_across_accounts() {
    let catalogue = Catalogue::from_toml(
        r#"version = "party-test"
[[rule]]
name = "deposits_by_name"
subject = "party"
measure = "count"
window = "30d"
where = { direction = "in", channel = ["cash_deposit"] }
bands = { low = 4, medium = 5, high = 6 }
reason = "{value} deposits under one name"

[[typology]]
name = "many_accounts"
weights = { deposits_by_name = 1.0 }
threshold = 1
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut rows = Vec::new();
    for i in 0..4i64 {
        // The same person, written two ways, with two accounts: two deposits in each.
        let (account, name) = if i % 2 == 0 {
            ("A1", "Ana Ruíz")
        } else {
            ("A2", "ANA RUIZ")
        };
        rows.push(
            tx(&format!("D{i}"), i, 10, "cash_deposit", "100")
                .from("", "x")
                .to(account, name),
        );
    }
    let found = alerts_with(&catalogue, &rows, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].subject, "ana ruiz");
    assert_eq!(found[0].accounts, vec!["A1".to_string(), "A2".to_string()]);
    // Three deposits are not enough.
    assert!(alerts_with(&catalogue, &rows[..3], &[]).is_empty());
}

#[test]
fn a_backtest_reports_what_a_changed_rule_adds_and_removes() {
    let (transactions, labels) = generated(40_000, 12);
    let before = Catalogue::builtin();
    // Lower the bar for prepaid cards: more alerts, some of them wrong.
    let after = Catalogue::from_toml(
        &before
            .source()
            .replace(
                "version = \"rastro-default-2025.1\"",
                "version = \"looser\"",
            )
            .replace(
                "bands = { low = 4, medium = 7, high = 12 }\nreason = \"{value} prepaid",
                "bands = { low = 1, medium = 2, high = 3 }\nreason = \"{value} prepaid",
            ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let report = backtest(
        &before,
        &after,
        &labels.known(),
        &transactions,
        Some(&labels),
        2,
    )
    .expect("backtest");
    assert_eq!(report.version_after, "looser");
    let prepaid = report
        .rules
        .iter()
        .find(|c| c.name == "prepaid_count")
        .expect("rule");
    assert!(prepaid.added > 0, "{prepaid:?}");
    assert_eq!(prepaid.removed, 0);
    assert_eq!(prepaid.after, prepaid.before + prepaid.added);
    assert!(prepaid.precision_after.unwrap_or(1.0) <= prepaid.precision_before.unwrap_or(1.0));
    let untouched = report
        .rules
        .iter()
        .find(|c| c.name == "structuring" || c.name == "near_threshold")
        .expect("rule");
    assert_eq!((untouched.added, untouched.removed), (0, 0));
    let text = report.to_string();
    assert!(text.contains("prepaid_count"), "{text}");
    assert!(
        text.lines()
            .last()
            .unwrap_or_default()
            .starts_with("after:  recall="),
        "{text}"
    );
}

#[test]
fn alerts_export_as_json_lines_csv_and_reports() {
    let mut rows = funnel_rows();
    // A name that a spreadsheet would run as a formula.
    rows.push(
        tx("Z", 60, 9, "card", "5")
            .from("=HYPERLINK(x)", "=cmd")
            .to("F1", "Ana Ruiz"),
    );
    let transactions = parse(&rows);
    let catalogue = Catalogue::builtin();
    let outcome = run_batch(&catalogue, &KnownIdentifiers::new(), &transactions, 1).expect("batch");
    assert!(!outcome.alerts.is_empty());

    let mut jsonl = Vec::new();
    assert_eq!(
        write_jsonl(&outcome.alerts, &mut jsonl).expect("jsonl"),
        outcome.alerts.len() as u64
    );
    let first: serde_json::Value =
        serde_json::from_slice(jsonl.split(|b| *b == b'\n').next().unwrap_or_default())
            .expect("json");
    assert_eq!(first["catalogue_version"], catalogue.version());
    assert!(first["rules"][0]["transactions"].is_array());

    let mut csv = Vec::new();
    write_csv(&outcome.alerts, &mut csv).expect("csv");
    let csv = String::from_utf8(csv).expect("utf8");
    assert!(csv.starts_with("alert_id,catalogue_version,typology"));
    assert!(csv.contains("funnel_account"));

    let str_reports = reports(&outcome.alerts, &transactions, &catalogue, "Banco Ejemplo");
    let funnel = str_reports
        .iter()
        .find(|r| r.typologies[0].name == "funnel_account")
        .expect("report");
    assert_eq!(funnel.reporting_entity, "Banco Ejemplo");
    assert_eq!(funnel.subject.identifier, "F1");
    assert!(
        funnel
            .narrative
            .starts_with("Banco Ejemplo reports account F1 held by Ana Ruiz."),
        "{}",
        funnel.narrative
    );
    assert!(funnel.narrative.contains("different cities"));
    assert!(!funnel.typologies[0].indicators.is_empty());
    assert!(funnel
        .transactions
        .iter()
        .all(|t| t.direction == "in" || t.direction == "out"));
    assert!(funnel
        .transactions
        .iter()
        .any(|t| t.direction == "in" && t.channel == "cash_deposit"));
    assert!(funnel.missing_transactions.is_empty());
    assert!(funnel.period_from <= funnel.period_to);
    let usd = funnel
        .amounts
        .iter()
        .find(|a| a.currency == "USD")
        .expect("dollars");
    assert!(usd.transactions > 0);
}

#[test]
fn csv_export_makes_formulas_inert() {
    let mut alert = alerts(&funnel_rows(), &[]).remove(0);
    alert.name = Some("=HYPERLINK(\"http://x\")".into());
    let mut out = Vec::new();
    write_csv(&[alert], &mut out).expect("csv");
    let text = String::from_utf8(out).expect("utf8");
    assert!(text.contains("'=HYPERLINK"), "{text}");
}
