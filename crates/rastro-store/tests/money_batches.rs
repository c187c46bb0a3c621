//! What the contract suite does not look at in transaction imports, on each backend: rows of the
//! same second read back in the file's order and a transaction given twice in one batch stored
//! once (PostgreSQL stores a batch in one statement), and an expired grant of transactions and
//! alerts on PostgreSQL. PostgreSQL's tests are skipped when no server is named (unless
//! required), like `tests/postgres.rs`.
//!
//! `transactions_stored_and_read_per_second` is a figure, not a check (ignored by default):
//!
//! ```text
//! RASTRO_TEST_POSTGRES=postgres://rastro@127.0.0.1:54329/postgres \
//!   cargo test --release -p rastro-store --test money_batches -- --ignored --nocapture
//! ```
//!
//! `RASTRO_BENCH_TRANSACTIONS` sets how many (default 100,000), stored in batches of 1,000;
//! each figure is the median of three stores.

// Only the fixtures are used here, not the suite the module re-exports.
#[allow(unused_imports)]
mod contract;
mod pg_support;

use std::time::Instant;

use contract::fixtures::{analyst, caseworker};
use contract::transactions::{all_alerts, an_alert, import_txns, read_txns, txn, visible_txns};
use pg_support::TempDatabase;
use rastro_store::{
    Basis, GrantTarget, Grantee, Level, NewGrant, NewTransaction, RecordKind, Scope, Store,
    StoreUrl,
};

/// A migrated embedded store in `dir`.
fn sqlite(dir: &tempfile::TempDir) -> Store {
    let url = StoreUrl::parse(&format!(
        "sqlite:{}",
        dir.path().join("rastro.db").display()
    ))
    .expect("an embedded store's address");
    Store::open_migrated(&url).expect("a fresh embedded store")
}

/// A migrated store on a database of its own, with its key file's directory.
fn postgres(server: &str) -> (Store, TempDatabase, tempfile::TempDir) {
    let database = TempDatabase::create(server);
    let keys = tempfile::tempdir().unwrap();
    let url = StoreUrl::parse(&database.url).unwrap();
    let store = Store::open_migrated_with_key(&url, &keys.path().join("rastro.key")).unwrap();
    (store, database, keys)
}

/// Stores `bodies` (fingerprints `prints`, all at second `at` when given) as one batch of one
/// import, left unfinished; (inserted, duplicates).
fn one_batch(scope: &Scope<'_>, prints: &[[u8; 16]], bodies: &[String], at: i64) -> (u64, u64) {
    let import = scope.begin_transaction_import("batch.csv", "csv").unwrap();
    let batch: Vec<NewTransaction<'_>> = prints
        .iter()
        .zip(bodies)
        .enumerate()
        .map(|(i, (print, body))| NewTransaction {
            fingerprint: print,
            source_row: i as u64 + 1,
            at,
            utc_offset: 60,
            debtor_account: Some("PE-0001"),
            creditor_account: None,
            contact: None,
            body,
        })
        .collect();
    let prepared = scope.prepare_transactions(&batch).unwrap();
    let outcome = scope.import_transactions(&import, prepared).unwrap();
    (outcome.inserted, outcome.duplicates)
}

fn file_order_and_duplicates(store: &Store) {
    let bank = store.scope(&analyst(store, "Banco"));
    let mut prints: Vec<[u8; 16]> = (0..300u16)
        .map(|i| {
            let mut p = [0u8; 16];
            p[..2].copy_from_slice(&i.to_le_bytes());
            p
        })
        .collect();
    let mut bodies: Vec<String> = (0..300).map(|i| format!(r#"{{"row":{i}}}"#)).collect();
    // Row 41 given again at the end of the batch: stored once, counted once as a duplicate.
    prints.push(prints[41]);
    bodies.push(bodies[41].clone());
    assert_eq!(one_batch(&bank, &prints, &bodies, 1_700_000_000), (300, 1));
    let read: Vec<String> = read_txns(&bank, None)
        .into_iter()
        .map(|(_, body)| body)
        .collect();
    assert_eq!(read, bodies[..300].to_vec());
    // The batch again adds nothing, and the import counts what it stored once.
    assert_eq!(one_batch(&bank, &prints, &bodies, 1_700_000_000), (0, 301));
    let imports = store.scope(&caseworker(store, "Banco")).imports().unwrap();
    assert_eq!(
        imports
            .iter()
            .map(|i| (i.kind, i.imported))
            .collect::<Vec<_>>(),
        vec![(RecordKind::Transaction, 300)]
    );
}

#[test]
fn a_batch_keeps_its_file_order_and_stores_a_repeated_row_once_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    file_order_and_duplicates(&sqlite(&dir));
}

#[test]
fn a_batch_keeps_its_file_order_and_stores_a_repeated_row_once_on_postgres() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let (store, _database, _keys) = postgres(&server);
    file_order_and_duplicates(&store);
}

/// A grant of transactions or alerts that reaches its expiry stops showing them, as any grant
/// (the embedded store's twin is in `tests/sqlite.rs`).
#[test]
fn an_expired_grant_of_transactions_and_alerts_shows_nothing_on_postgres() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let (store, database, _keys) = postgres(&server);
    let bank = store.scope(&analyst(&store, "Banco"));
    import_txns(&bank, "m.csv", &[txn(1, "PE-0001", "PE-0002", None)]);
    let ids: Vec<String> = read_txns(&bank, None)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let alert = bank
        .store_alerts(&[an_alert("A1", "PE-0002", &ids)])
        .unwrap()
        .ids[0]
        .clone();
    let uif = store.scope(&analyst(&store, "UIF"));
    let sharer = store.scope(&caseworker(&store, "Banco"));
    for kind in [RecordKind::Transaction, RecordKind::Alert] {
        sharer
            .grant(&NewGrant {
                kind,
                target: GrantTarget::All,
                grantee: Grantee::Organisation("UIF".into()),
                level: Level::Full,
                purpose: "joint investigation",
                basis: Basis::Agreement,
                expires_at: Some("2999-01-01T00:00:00Z"),
            })
            .unwrap();
    }
    assert_eq!(visible_txns(&uif), ids);
    assert!(uif.alert(&alert).unwrap().is_some());
    assert_eq!(uif.alert_transactions(&alert).unwrap().unwrap().len(), 1);
    // The day passes.
    let mut raw = postgres::Client::connect(&database.url, postgres::NoTls).unwrap();
    raw.batch_execute("UPDATE grants SET expires_at = '2020-01-01T00:00:00Z'")
        .unwrap();
    assert!(visible_txns(&uif).is_empty());
    assert!(uif.transactions(&ids).unwrap().is_empty());
    assert!(uif.alert(&alert).unwrap().is_none());
    assert!(uif.alert_transactions(&alert).unwrap().is_none());
    assert_eq!(uif.alert_page(&all_alerts()).unwrap().total, 0);
    assert!(uif.alerts(None).unwrap().is_empty());
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Transactions stored per second (sealing excluded: it is done off the writing thread) and
/// read back per second, medians of three imports of `n` into fresh organisations.
fn measure(store: &Store, n: usize) -> (f64, f64) {
    let bodies: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id":"T{i}","debtor_account":"PE-{i:06}","creditor_account":"PE-{:06}","amount":"{}.00"}}"#,
                i % 977,
                100 + i % 5_000
            )
        })
        .collect();
    let accounts: Vec<String> = (0..n).map(|i| format!("PE-{i:06}")).collect();
    let prints: Vec<[u8; 16]> = (0..n)
        .map(|i| {
            let mut p = [0u8; 16];
            p[..8].copy_from_slice(&(i as u64).to_le_bytes());
            p
        })
        .collect();
    let (mut stored, mut read) = (Vec::new(), Vec::new());
    for round in 0..3 {
        let bank = store.scope(&analyst(store, &format!("Banco {round}")));
        let import = bank.begin_transaction_import("bulk.csv", "csv").unwrap();
        let mut writing = 0.0;
        for start in (0..n).step_by(1_000) {
            let batch: Vec<NewTransaction<'_>> = (start..(start + 1_000).min(n))
                .map(|i| NewTransaction {
                    fingerprint: &prints[i],
                    source_row: i as u64 + 1,
                    at: 1_700_000_000 + i as i64,
                    utc_offset: 0,
                    debtor_account: Some(&accounts[i]),
                    creditor_account: Some(&accounts[i % 977]),
                    contact: None,
                    body: &bodies[i],
                })
                .collect();
            let prepared = bank.prepare_transactions(&batch).unwrap();
            let began = Instant::now();
            bank.import_transactions(&import, prepared).unwrap();
            writing += began.elapsed().as_secs_f64();
        }
        stored.push(n as f64 / writing);
        let began = Instant::now();
        let mut seen = 0;
        bank.for_each_transaction(None, &mut |_| {
            seen += 1;
            Ok(())
        })
        .unwrap();
        read.push(n as f64 / began.elapsed().as_secs_f64());
        assert_eq!(seen, n);
    }
    (median(stored), median(read))
}

#[test]
#[ignore = "a figure, not a check: run with --release --ignored --nocapture"]
fn transactions_stored_and_read_per_second() {
    let n: usize = std::env::var("RASTRO_BENCH_TRANSACTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let (stored, read) = measure(&sqlite(&dir), n);
    println!("sqlite: {n} transactions, {stored:.0} stored/s, {read:.0} read/s (medians of 3)");
    if let Some(server) = pg_support::server() {
        let (store, _database, _keys) = postgres(&server);
        let (stored, read) = measure(&store, n);
        println!(
            "postgres: {n} transactions, {stored:.0} stored/s, {read:.0} read/s (medians of 3)"
        );
    }
}
