//! `rastro audit` end to end: an auditor reads what its organisation did and who read its
//! records; the administrator's verification passes on an untouched trail and names the event
//! edited directly in the database file.

mod common;
use common::{ok, rastro, rastro_as};

#[test]
fn the_trail_is_read_by_auditors_and_a_direct_edit_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("cases.csv"),
        "prs_FirstName,prs_SecondName,vic_TypeOfExploitation\nCanaria,Quispe,ForcedLabour\n",
    )
    .unwrap();
    ok(rastro_as(
        "Shelter",
        "caseworker",
        &["import", "cases", "cases.csv"],
        dir,
    ));
    ok(rastro_as(
        "Shelter",
        "caseworker",
        &["export", "cases", "--out", "out.csv"],
        dir,
    ));
    let refused = rastro_as("Shelter", "analyst", &["export", "cases"], dir);
    assert!(!refused.status.success());

    let log = ok(rastro_as(
        "Shelter",
        "auditor",
        &["audit", "log", "--limit", "100"],
        dir,
    ));
    for action in ["import_begin", "import_finish", "export_cases", "denied"] {
        assert!(log.contains(action), "{action} in {log}");
    }
    assert!(!log.contains("Canaria") && !log.contains("Quispe"), "{log}");
    let jsonl = ok(rastro_as(
        "Shelter",
        "auditor",
        &["audit", "log", "--format", "jsonl"],
        dir,
    ));
    for line in jsonl.lines() {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(event["seq"].as_u64().is_some(), "{line}");
    }
    // A caseworker is not an auditor.
    let out = rastro_as("Shelter", "caseworker", &["audit", "log"], dir);
    assert!(!out.status.success());

    let verified = ok(rastro(&["audit", "verify"], dir));
    assert!(verified.starts_with("audit trail intact"), "{verified}");
    let own = ok(rastro_as(
        "Shelter",
        "auditor",
        &["audit", "verify", "--own"],
        dir,
    ));
    assert!(own.starts_with("audit trail intact: "), "{own}");

    // Someone with the database file rewrites what an export did.
    let db = rusqlite::Connection::open(dir.join("data/rastro.db")).unwrap();
    db.execute_batch("DROP TRIGGER audit_events_no_update")
        .unwrap();
    db.execute(
        "UPDATE audit_events SET count = 0 WHERE action = 'export_cases'",
        [],
    )
    .unwrap();
    drop(db);
    let out = rastro(&["audit", "verify"], dir);
    assert!(!out.status.success());
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("edited"), "{shown}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("tampered with"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
