//! The store contract against a real PostgreSQL server (one fresh database per test, dropped
//! after it), and what only the PostgreSQL backend does: migrations under concurrent nodes, the
//! key file, the schema's full-text search. The server is named by `RASTRO_TEST_POSTGRES`
//! (`scripts/pg-test-cluster start DIR` makes a throwaway one); without it these tests say so and
//! pass, unless `RASTRO_REQUIRE_POSTGRES=1` (CI) makes its absence a failure.

mod contract;
mod pg_support;

use pg_support::TempDatabase;
use rastro_store::{Store, StoreError, StoreUrl};

pub struct Fresh {
    // Fields drop in order: the store's connections close before the database is dropped.
    pub store: Store,
    _database: TempDatabase,
    _keys: tempfile::TempDir,
}

impl contract::Opened for Option<Fresh> {
    fn store(&self) -> Option<&Store> {
        self.as_ref().map(|f| &f.store)
    }
}

fn fresh() -> Option<Fresh> {
    let server = pg_support::server()?;
    let database = TempDatabase::create(&server);
    let keys = tempfile::tempdir().expect("a temporary directory for the key file");
    let url = StoreUrl::parse(&database.url).expect("the test database's URL");
    let store = Store::open_migrated_with_key(&url, &keys.path().join("rastro.key"))
        .expect("a fresh PostgreSQL store");
    Some(Fresh {
        store,
        _database: database,
        _keys: keys,
    })
}

contract_suite!(fresh);

#[test]
fn opening_never_creates_or_migrates_and_migrating_twice_is_a_no_op() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let database = TempDatabase::create(&server);
    let url = StoreUrl::parse(&database.url).unwrap();
    let keys = tempfile::tempdir().unwrap();
    let key_file = keys.path().join("rastro.key");
    assert!(matches!(
        Store::open_with_key(&url, &key_file),
        Err(StoreError::NotMigrated { .. })
    ));
    assert!(!key_file.exists(), "a refused opening wrote a key file");
    let applied = Store::migrate(&url).unwrap();
    assert!(!applied.is_empty());
    assert!(Store::migrate(&url).unwrap().is_empty());
    assert!(Store::migrations(&url)
        .unwrap()
        .iter()
        .all(|m| m.applied_at.is_some()));
    Store::open_with_key(&url, &key_file).unwrap();
}

#[test]
fn nodes_racing_to_migrate_apply_each_migration_once() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let database = TempDatabase::create(&server);
    let url = StoreUrl::parse(&database.url).unwrap();
    let applied: Vec<usize> = std::thread::scope(|s| {
        let racers: Vec<_> = (0..4)
            .map(|_| s.spawn(|| Store::migrate(&url).map(|m| m.len())))
            .collect();
        racers
            .into_iter()
            .map(|r| r.join().unwrap().unwrap())
            .collect()
    });
    let total = Store::migrations(&url).unwrap().len();
    assert_eq!(applied.iter().sum::<usize>(), total, "{applied:?}");
}

#[test]
fn a_store_opens_only_with_its_own_key_file() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let database = TempDatabase::create(&server);
    let url = StoreUrl::parse(&database.url).unwrap();
    let keys = tempfile::tempdir().unwrap();
    let mine = keys.path().join("mine.key");
    let other = keys.path().join("other.key");
    drop(Store::open_migrated_with_key(&url, &mine).unwrap());
    // Another node with another key file would seal what the first cannot open.
    assert!(matches!(
        Store::open_with_key(&url, &other),
        Err(StoreError::Keys(_))
    ));
    Store::open_with_key(&url, &mine).unwrap();
}

#[test]
fn an_unreachable_server_is_a_clear_error_without_the_password() {
    // Port 1 on loopback: nothing listens there.
    let url = StoreUrl::parse("postgres://rastro:s3cret@127.0.0.1:1/rastro").unwrap();
    let err = match Store::migrate(&url) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("migrated a store on a closed port"),
    };
    assert!(!err.contains("s3cret"), "{err}");
}

/// Traces of reads wait only for their own chain, not behind another's import: two nodes tracing
/// reads of one organisation from many threads while a third organisation imports in batches
/// leave every chain whole, with every trace in it.
#[test]
fn two_nodes_tracing_reads_during_an_import_keep_every_chain_whole() {
    use contract::fixtures::{caseworker, import, person};
    let Some(server) = pg_support::server() else {
        return;
    };
    let database = TempDatabase::create(&server);
    let keys = tempfile::tempdir().unwrap();
    let key_file = keys.path().join("rastro.key");
    let url = StoreUrl::parse(&database.url).unwrap();
    let first = Store::open_migrated_with_key(&url, &key_file).unwrap();
    let second = Store::open_with_key(&url, &key_file).unwrap();
    let reader = caseworker(&first, "Shelter");
    let importer = caseworker(&first, "Police");
    let ids = import(&first.scope(&reader), "s.csv", &[(person("Ana"), "a")]);
    const READS: usize = 40;
    std::thread::scope(|s| {
        s.spawn(|| {
            let scope = second.scope(&importer);
            for batch in 0..10 {
                let names: Vec<String> = (0..50).map(|i| format!("P{batch}x{i}")).collect();
                let records: Vec<_> = names.iter().map(|n| (person(n), n.as_str())).collect();
                import(&scope, &format!("p{batch}.csv"), &records);
            }
        });
        for node in [&first, &second, &first, &second] {
            let reader = reader.clone();
            let id = ids[0].clone();
            s.spawn(move || {
                let scope = node.scope(&reader);
                for _ in 0..READS {
                    assert!(scope.case(&id).unwrap().is_some());
                }
            });
        }
    });
    let report = first.local_admin().unwrap().verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let auditor = contract::fixtures::member(&first, "Shelter", rastro_store::Role::Auditor);
    let traced = first
        .scope(&auditor)
        .audit_log(rastro_store::AuditSelection::Own, 100_000)
        .unwrap()
        .iter()
        .filter(|e| e.action == "read_case")
        .count();
    assert_eq!(traced, 4 * READS, "every read is traced once");
}

/// A node opens every connection it keeps before it takes requests, each readied for the
/// store's tables, so that its first requests pay no handshake, no authentication and no cold
/// server process; opening again opens nothing more.
#[test]
fn a_store_opens_its_kept_connections_before_requests() {
    let Some(fresh) = fresh() else {
        return;
    };
    let server = pg_support::server().unwrap();
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    let name = fresh
        ._database
        .url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let open_to_it = |admin: &mut postgres::Client| -> i64 {
        admin
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1",
                &[&name],
            )
            .unwrap()
            .get(0)
    };
    let before = open_to_it(&mut admin);
    let opened = fresh.store.open_connections().unwrap();
    assert!(opened >= 8, "opened {opened}");
    assert_eq!(open_to_it(&mut admin), before + opened as i64);
    assert_eq!(fresh.store.open_connections().unwrap(), 0);
}
