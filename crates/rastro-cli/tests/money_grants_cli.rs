//! `rastro grant create` for transactions and alerts, as the real binary: one alert by its id,
//! or all transactions, in full only; a lower level is refused saying why.

mod common;

use common::{ok, rastro_as};

const HEADER: &str = "id,datetime,amount,currency,channel,debtor_account,debtor_name,creditor_account,creditor_name,branch,city,country,mcc,contact,description\n";

#[test]
fn an_alert_and_all_transactions_are_granted_in_full_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cases.csv"),
        "prs_FirstName,prs_MobilePhone\nRosa,+51 987 654 321\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("pagos.csv"),
        format!(
            "{HEADER}P1,2024-04-01T22:10:00-05:00,50.00,PEN,mobile,PE-77,Carlos Mendoza,,,,Lima,PE,,987654321,recarga\n"
        ),
    )
    .unwrap();
    let bank = |args: &[&str]| rastro_as("Banco", "caseworker", args, dir.path());
    ok(bank(&["import", "cases", "cases.csv"]));
    ok(bank(&["import", "transactions", "pagos.csv"]));
    ok(bank(&[
        "flags",
        "--format",
        "jsonl",
        "--out",
        "alerts.jsonl",
    ]));
    let alerts = std::fs::read_to_string(dir.path().join("alerts.jsonl")).unwrap();
    let first: serde_json::Value = serde_json::from_str(alerts.lines().next().unwrap()).unwrap();
    let alert = first["rastro_id"].as_str().unwrap().to_string();
    // The grantee exists first.
    ok(rastro_as(
        "UIF",
        "analyst",
        &["grant", "list", "--received"],
        dir.path(),
    ));

    let common = [
        "--to",
        "UIF",
        "--purpose",
        "joint investigation",
        "--basis",
        "legal_duty",
    ];
    let mut one = vec!["grant", "create", "--alert", &alert, "--level", "full"];
    one.extend(common);
    let granted = ok(bank(&one));
    assert!(granted.contains(&format!("alert {alert}")), "{granted}");
    let mut all = vec![
        "grant",
        "create",
        "--all",
        "--kind",
        "transactions",
        "--level",
        "full",
    ];
    all.extend(common);
    let granted = ok(bank(&all));
    assert!(granted.contains("every transaction"), "{granted}");
    let mut lower = vec![
        "grant", "create", "--all", "--kind", "alert", "--level", "summary",
    ];
    lower.extend(common);
    let refused = bank(&lower);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("in full or not at all"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let received = ok(rastro_as(
        "UIF",
        "analyst",
        &["grant", "list", "--received"],
        dir.path(),
    ));
    assert!(received.contains(&format!("alert {alert}")), "{received}");
    assert!(received.contains("every transaction"), "{received}");
}
