//! What the contract suite cannot see of grants, referrals and key rotation on PostgreSQL,
//! because it needs the rows themselves: an unanswered referral expiring with its grant, and
//! rotations leaving only the new data keys and a store that opens only with the new key file.
//! Skipped, like `tests/postgres.rs`, when no server is named (unless required).

// Only the fixtures are used here, not the suite the module re-exports.
#[allow(unused_imports)]
mod contract;
mod pg_support;

use contract::fixtures::{caseworker, import, people, person};
use pg_support::TempDatabase;
use rastro_store::{
    CaseView, Direction, Grantee, NewConsent, NewReferral, ReferralStatus, Sending, Store,
    StoreError, StoreUrl,
};

/// A migrated store on a database of its own, the raw database beside it, and the key file's
/// directory.
fn opened(
    server: &str,
) -> (
    TempDatabase,
    StoreUrl,
    tempfile::TempDir,
    Store,
    postgres::Client,
) {
    let database = TempDatabase::create(server);
    let url = StoreUrl::parse(&database.url).unwrap();
    let keys = tempfile::tempdir().unwrap();
    let store = Store::open_migrated_with_key(&url, &keys.path().join("rastro.key")).unwrap();
    let raw = postgres::Client::connect(&database.url, postgres::NoTls).unwrap();
    (database, url, keys, store, raw)
}

fn count(raw: &mut postgres::Client, sql: &str) -> i64 {
    raw.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn an_unanswered_referral_expires_and_its_grant_with_it() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let (_database, _url, _keys, store, mut raw) = opened(&server);
    let cw = caseworker(&store, "Shelter");
    let scope = store.scope(&cw);
    let ids = import(&scope, "c.csv", &[(person("Zorbalinda"), "k")]);
    let receiver = caseworker(&store, "Clinic");
    scope
        .record_consent(&NewConsent {
            case_id: &ids[0],
            to: Grantee::Organisation("Clinic".into()),
            purpose: "care",
            evidence: "form 1",
        })
        .unwrap();
    let draft = scope
        .draft_referral(&NewReferral {
            case_id: &ids[0],
            to: "Clinic",
            purpose: "care",
        })
        .unwrap();
    scope
        .send_referral(
            &draft.id,
            &Sending {
                days: 1,
                ..Sending::default()
            },
        )
        .unwrap();
    assert!(store.scope(&receiver).case(&ids[0]).unwrap().is_some());
    // A day later, unanswered.
    raw.batch_execute(
        "UPDATE referrals SET expires_at = '2020-01-01T00:00:00Z';
         UPDATE grants SET expires_at = '2020-01-01T00:00:00Z' WHERE basis = 'consent';",
    )
    .unwrap();
    assert!(store.scope(&receiver).case(&ids[0]).unwrap().is_none());
    let inbox = store
        .scope(&receiver)
        .referrals(Direction::Incoming)
        .unwrap();
    assert_eq!(inbox[0].status, ReferralStatus::Expired);
    assert_eq!(
        inbox[0].decision_reason.as_deref(),
        Some("not answered in time")
    );
    assert!(store
        .scope(&receiver)
        .accept_referral(&draft.id, true)
        .is_err());
    assert_eq!(
        count(
            &mut raw,
            "SELECT COUNT(*) FROM grants WHERE revoked_at IS NOT NULL"
        ),
        1
    );
}

#[test]
fn rotating_keys_keeps_every_case_readable_and_moves_the_store_to_the_new_key() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let (_database, url, keys, store, mut raw) = opened(&server);
    let cw = caseworker(&store, "Shelter");
    let ids = import(
        &store.scope(&cw),
        "c.csv",
        &[(person("Zorbalinda"), "a"), (person("Quintiliana"), "b")],
    );
    people(&store, "Police", &["Luis"]);
    let admin = store.local_admin().unwrap();
    let rotated = admin.rotate_data_keys().unwrap();
    assert_eq!(rotated.organisations, 2);
    assert_eq!(rotated.cases, 3);
    let read = |store: &Store| {
        let Some(CaseView::Full(case)) = store.scope(&cw).case(&ids[1]).unwrap() else {
            panic!("read in full");
        };
        case.record
    };
    assert_eq!(read(&store), person("Quintiliana"));
    let versions: Vec<i64> = raw
        .query("SELECT DISTINCT key_version FROM cases", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, vec![2]);
    assert_eq!(
        count(
            &mut raw,
            "SELECT COUNT(*) FROM wrapped_keys WHERE purpose = 'data' AND version = 1"
        ),
        0,
        "the old data keys are destroyed"
    );
    // Running it again finds nothing under an old version and moves every case once more.
    assert_eq!(admin.rotate_data_keys().unwrap().cases, 3);
    assert_eq!(read(&store), person("Quintiliana"));

    let new_key = keys.path().join("new.key");
    let moved = admin.rotate_master(&new_key).unwrap();
    assert!(moved.keys >= 5, "{moved:?}");
    drop(store);
    assert!(matches!(
        Store::open_with_key(&url, &keys.path().join("rastro.key")),
        Err(StoreError::Keys(_))
    ));
    let store = Store::open_with_key(&url, &new_key).unwrap();
    assert_eq!(read(&store), person("Quintiliana"));
    let report = store.local_admin().unwrap().verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// How fast a data-key rotation re-seals cases on PostgreSQL (cases/s, median of three
/// rotations of the same store). Not a check: run it by name with `--ignored --nocapture`;
/// `RASTRO_ROTATION_CASES` sets the number of cases (20,000 by default).
#[test]
#[ignore]
fn rotation_rate() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let n: usize = std::env::var("RASTRO_ROTATION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let (_database, _url, _keys, store, _raw) = opened(&server);
    let cw = caseworker(&store, "Shelter");
    let scope = store.scope(&cw);
    let records: Vec<(rastro_model::CaseRecord, String)> = (0..n)
        .map(|i| (person(&format!("Persona{i}")), format!("{i:08x}")))
        .collect();
    let import = scope.begin_import("bench.csv", "CSV").unwrap();
    for chunk in records.chunks(5_000) {
        let cases: Vec<rastro_store::NewCase<'_>> = chunk
            .iter()
            .enumerate()
            .map(|(i, (record, key))| rastro_store::NewCase {
                record,
                key,
                source_row: i as u64 + 1,
                parts: None,
            })
            .collect();
        scope.insert_cases(&import, &cases).unwrap();
    }
    scope.finish_import(&import, n as u64, 0).unwrap();
    let admin = store.local_admin().unwrap();
    let mut rates: Vec<f64> = (0..3)
        .map(|_| {
            let started = std::time::Instant::now();
            let done = admin.rotate_data_keys().unwrap();
            assert_eq!(done.cases, n as u64);
            n as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    println!(
        "data-key rotation on PostgreSQL: {n} cases, median {:.0} cases/s (runs: {:.0?})",
        rates[1], rates
    );
}
