//! The store contract against a real SQLite file, and what only the SQLite backend does:
//! migrations (checksummed, safe when processes race), file permissions, readers that do not
//! wait for the writer.

mod contract;

use std::sync::mpsc;
use std::time::Duration;

use contract::fixtures::{analyst, caseworker, entry, people};
use rastro_store::{ListCounts, NewWatchlist, Store, StoreError, StoreUrl};

pub struct Fresh {
    pub store: Store,
    _dir: tempfile::TempDir,
}

fn fresh() -> Fresh {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&StoreUrl::in_data_dir(&dir.path().join("data"))).unwrap();
    Fresh { store, _dir: dir }
}

contract_suite!(fresh);

fn url(dir: &tempfile::TempDir) -> StoreUrl {
    StoreUrl::in_data_dir(&dir.path().join("data"))
}

#[test]
fn opening_never_creates_or_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    assert!(matches!(
        Store::open(&url),
        Err(StoreError::NotMigrated { pending }) if pending == vec![1, 2, 3, 4, 5, 6, 7, 8]
    ));
    assert!(!dir.path().join("data").exists());
    let applied = Store::migrate(&url).unwrap();
    assert_eq!(applied.len(), 8);
    assert!(Store::migrate(&url).unwrap().is_empty());
    let status = Store::migrations(&url).unwrap();
    assert!(status
        .iter()
        .all(|m| m.applied_at.is_some() && m.checksum.len() == 64));
    Store::open(&url).unwrap();
}

#[cfg(unix)]
#[test]
fn the_data_directory_and_file_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let StoreUrl::Sqlite(path) = url(&dir);
    Store::migrate(&url(&dir)).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir.path().join("data")), 0o700);
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn processes_racing_to_migrate_apply_each_migration_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    let applied: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| Store::migrate(&url).map(|a| a.len())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap().unwrap())
            .collect()
    });
    assert_eq!(applied.iter().sum::<usize>(), 8, "{applied:?}");
    Store::open(&url).unwrap();
}

#[test]
fn a_migration_changed_after_it_was_applied_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    Store::migrate(&url).unwrap();
    let StoreUrl::Sqlite(path) = &url;
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "UPDATE schema_migrations SET checksum = 'abc' WHERE version = 3",
        [],
    )
    .unwrap();
    drop(conn);
    let err = Store::open(&url).err().unwrap();
    assert!(
        matches!(&err, StoreError::MigrationChanged { version: 3, .. }),
        "{err}"
    );
    assert!(Store::migrate(&url).is_err());
}

#[test]
fn stores_from_before_checksums_are_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    Store::migrate(&url).unwrap();
    let StoreUrl::Sqlite(path) = &url;
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("ALTER TABLE schema_migrations DROP COLUMN checksum")
        .unwrap();
    drop(conn);
    assert!(Store::migrate(&url).unwrap().is_empty());
    assert!(Store::migrations(&url)
        .unwrap()
        .iter()
        .all(|m| m.checksum.len() == 64 && m.applied_at.is_some()));
    Store::open(&url).unwrap();
}

#[test]
fn reopening_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open_migrated(&url(&dir)).unwrap();
        people(&store, "Hub", &["Ana"]);
    }
    let store = Store::open_migrated(&url(&dir)).unwrap();
    let hub = caseworker(&store, "Hub");
    assert_eq!(store.scope(&hub).count_cases().unwrap(), 1);
}

#[test]
fn readers_do_not_wait_for_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    people(&store, "Hub", &["Ana", "Luis"]);
    let hub = caseworker(&store, "Hub");
    let lists = analyst(&store, "Hub");
    let (entered, wait_for_it) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        // A list import holds the writer, inside its transaction, until told to go on.
        let writer_store = store.clone();
        let writer_org = lists.clone();
        let writer = s.spawn(move || {
            writer_store.scope(&writer_org).replace_watchlist(
                &NewWatchlist {
                    name: "un",
                    source_file: "un.csv",
                    format: "csv",
                },
                &mut |sink| {
                    sink(entry("a", 1, &["Ana Ruiz"]))?;
                    let _ = entered.send(());
                    let _ = released.recv_timeout(Duration::from_secs(10));
                    Ok(ListCounts {
                        rows: 1,
                        rejected: 0,
                    })
                },
            )
        });
        wait_for_it.recv_timeout(Duration::from_secs(10)).unwrap();
        // Meanwhile two readers answer from the last committed state.
        let readers: Vec<_> = (0..2)
            .map(|_| {
                let store = store.clone();
                let hub = hub.clone();
                s.spawn(move || {
                    let scope = store.scope(&hub);
                    (
                        scope.count_cases().unwrap(),
                        scope.watchlists().unwrap().len(),
                    )
                })
            })
            .collect();
        for reader in readers {
            assert_eq!(reader.join().unwrap(), (2, 0));
        }
        release.send(()).unwrap();
        writer.join().unwrap().unwrap();
    });
    assert_eq!(store.scope(&hub).watchlists().unwrap().len(), 1);
}
