//! The record key's tier and its filing: each record stored once per organisation, whether its
//! twin is unfiled, filed, written by another writer at the same time, or stored before the
//! migration that brought the tier.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rastro_model::{CaseRecord, Field};
use rusqlite::Connection;

use super::{KeyTier, FILE_EVERY};
use crate::sqlite::test_rows::numbered_rows;
use crate::sqlite::SqliteBackend;
use crate::{Actor, CaseSelection, OrgKind, Role, Store, StoreUrl};

struct Place {
    _dir: tempfile::TempDir,
    path: PathBuf,
    key: PathBuf,
}

fn new_place() -> Place {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let key = dir.path().join("store.key");
    Place {
        _dir: dir,
        path,
        key,
    }
}

/// The store at `path`, as one process opens it, its view filing every `file_every` cases.
fn open(path: &Path, key: &Path, file_every: i64) -> Store {
    open_watched(path, key, file_every).0
}

/// [`open`], with the backend kept to look at its view.
fn open_watched(path: &Path, key: &Path, file_every: i64) -> (Store, Arc<SqliteBackend>) {
    let mut backend = SqliteBackend::open(path, key).unwrap();
    backend.key_tier = Mutex::new(KeyTier::filing_every(file_every));
    let backend = Arc::new(backend);
    let store = Store {
        backend: backend.clone(),
        url: StoreUrl::Sqlite(path.to_path_buf()),
    };
    (store, backend)
}

/// How many keys the backend's view has looked up in `case_keys` so far.
fn filed_lookups(backend: &SqliteBackend) -> u64 {
    backend.key_tier.lock().unwrap().filed_lookups
}

fn migrated(place: &Place, file_every: i64) -> Store {
    Store::migrate(&StoreUrl::Sqlite(place.path.clone())).unwrap();
    open(&place.path, &place.key, file_every)
}

/// A caseworker of `org`, and the token that authenticates another process as them.
fn caseworker(store: &Store, org: &str) -> (Actor, String) {
    let admin = store.local_admin().unwrap();
    if store.find_organisation(org).unwrap().is_none() {
        admin.create_organisation(org, OrgKind::Ngo, None).unwrap();
    }
    let name = format!("{}-caseworker", org.to_lowercase());
    if !admin.users().unwrap().iter().any(|u| u.name == name) {
        admin
            .create_user(org, &name, Role::Caseworker, None)
            .unwrap();
    }
    let token = admin.issue_token(&name, None, 1, "test").unwrap();
    (
        store.authenticate_token(&token.secret).unwrap(),
        token.secret,
    )
}

fn person(name: &str) -> CaseRecord {
    let mut r = CaseRecord::default();
    r.set(Field::PrsFirstName, name).unwrap();
    r
}

fn names(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("Ana{i}")).collect()
}

/// Imports one person per name from `file`, `batch` cases per call; finishes the import or
/// leaves it interrupted. (inserted, duplicates).
fn import(
    store: &Store,
    actor: &Actor,
    file: &str,
    names: &[String],
    batch: usize,
    finish: bool,
) -> (u64, u64) {
    let scope = store.scope(actor);
    let records: Vec<CaseRecord> = names.iter().map(|n| person(n)).collect();
    let keys: Vec<String> = names.iter().map(|n| format!("key of {n}")).collect();
    let cases = numbered_rows(&records, &keys);
    let import = scope.begin_import(file, "CSV").unwrap();
    let (mut inserted, mut duplicates) = (0, 0);
    for chunk in cases.chunks(batch) {
        let outcome = scope.insert_cases(&import, chunk).unwrap();
        inserted += outcome.inserted;
        duplicates += outcome.duplicates;
    }
    if finish {
        scope.finish_import(&import, names.len() as u64, 0).unwrap();
    } else {
        scope.interrupt_import(&import, "stopped").unwrap();
    }
    (inserted, duplicates)
}

/// The first names of `actor`'s organisation's cases, sorted, each as often as stored.
fn stored_names(store: &Store, actor: &Actor) -> Vec<String> {
    let mut found = Vec::new();
    store
        .scope(actor)
        .for_each_full_case(CaseSelection::Own, &mut |case| {
            let name = case.record.get(Field::PrsFirstName);
            found.push(name.map(|n| n.to_cell()).unwrap_or_default());
            Ok(())
        })
        .unwrap();
    found.sort();
    found
}

/// (cases not yet filed, keys filed) in the store at `path`.
fn tier_and_filed(path: &Path) -> (i64, i64) {
    let conn = Connection::open(path).unwrap();
    conn.query_row(
        "SELECT (SELECT COUNT(*) FROM cases
                 WHERE pk > (SELECT through FROM case_keys_filed)),
                (SELECT COUNT(*) FROM case_keys)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

#[test]
fn a_reimport_adds_nothing_before_and_after_a_filing() {
    let place = new_place();
    let store = migrated(&place, FILE_EVERY);
    let (actor, _) = caseworker(&store, "Shelter");
    let all = names(0..600);

    // Interrupted: every key still in the tier, none filed.
    assert_eq!(import(&store, &actor, "a.csv", &all, 200, false), (600, 0));
    assert_eq!(tier_and_filed(&place.path), (600, 0));
    // Another file with the same rows, found in the tier alone; finishing files them all.
    assert_eq!(import(&store, &actor, "b.csv", &all, 200, true), (0, 600));
    assert_eq!(tier_and_filed(&place.path), (0, 600));
    // Found in the filed index alone, also by another process's view made afresh.
    assert_eq!(import(&store, &actor, "c.csv", &all, 200, true), (0, 600));
    let other = open(&place.path, &place.key, FILE_EVERY);
    assert_eq!(import(&other, &actor, "d.csv", &all, 200, true), (0, 600));
    assert_eq!(stored_names(&store, &actor), sorted(all));
}

#[test]
fn filings_during_an_import_lose_and_double_nothing() {
    let place = new_place();
    // A filing at the start of almost every part: some keys filed, the rest in the tier.
    let store = migrated(&place, 100);
    let (actor, _) = caseworker(&store, "Shelter");
    assert_eq!(
        import(&store, &actor, "a.csv", &names(0..900), 300, false),
        (900, 0)
    );
    let (tier, filed) = tier_and_filed(&place.path);
    assert!(tier > 0 && filed > 0, "{tier} unfiled, {filed} filed");
    assert_eq!(
        import(&store, &actor, "b.csv", &names(450..1350), 300, true),
        (450, 450)
    );
    assert_eq!(tier_and_filed(&place.path), (0, 1350));
    // A record twice in one part is stored once.
    let twice = vec!["Bea".to_string(), "Bea".to_string()];
    assert_eq!(import(&store, &actor, "e.csv", &twice, 10, true), (1, 1));
    let mut expected = names(0..1350);
    expected.push("Bea".into());
    assert_eq!(stored_names(&store, &actor), sorted(expected));
}

/// Two imports of overlapping files at once, each with its own connections and view as two
/// processes would have, the second reading its file backwards so that both reach the shared
/// rows together; neither finishes, so nothing is filed but what `file_every` files.
fn two_processes_at_once(file_every: i64) {
    let place = new_place();
    let first = migrated(&place, file_every);
    let (actor, token) = caseworker(&first, "Shelter");
    let second = open(&place.path, &place.key, file_every);
    let second_actor = second.authenticate_token(&token).unwrap();
    let backwards: Vec<String> = names(500..1500).into_iter().rev().collect();
    let outcomes = std::thread::scope(|threads| {
        let a = threads.spawn(|| import(&first, &actor, "a.csv", &names(0..1000), 25, false));
        let b = threads.spawn(|| import(&second, &second_actor, "b.csv", &backwards, 25, false));
        [a.join().unwrap(), b.join().unwrap()]
    });
    let inserted: u64 = outcomes.iter().map(|o| o.0).sum();
    let duplicates: u64 = outcomes.iter().map(|o| o.1).sum();
    assert_eq!((inserted, duplicates), (1500, 500), "{outcomes:?}");
    assert_eq!(stored_names(&first, &actor), sorted(names(0..1500)));
}

#[test]
fn imports_of_overlapping_files_at_once_store_each_record_once() {
    two_processes_at_once(FILE_EVERY);
    two_processes_at_once(100);
}

#[test]
fn imports_at_once_in_one_process_store_each_record_once() {
    let place = new_place();
    let store = migrated(&place, FILE_EVERY);
    let (actor, _) = caseworker(&store, "Shelter");
    let backwards: Vec<String> = names(1000..3000).into_iter().rev().collect();
    let outcomes = std::thread::scope(|threads| {
        let a = threads.spawn(|| import(&store, &actor, "c.csv", &names(0..2000), 25, false));
        let b = threads.spawn(|| import(&store, &actor, "d.csv", &backwards, 25, false));
        [a.join().unwrap(), b.join().unwrap()]
    });
    let inserted: u64 = outcomes.iter().map(|o| o.0).sum();
    assert_eq!(inserted, 3000, "{outcomes:?}");
    assert_eq!(stored_names(&store, &actor), sorted(names(0..3000)));
}

#[test]
fn one_case_written_alone_is_refused_when_its_organisation_has_it() {
    let place = new_place();
    let store = migrated(&place, FILE_EVERY);
    let (actor, _) = caseworker(&store, "Shelter");
    let (partner, _) = caseworker(&store, "Partner");
    let one = |name: &str| vec![name.to_string()];
    assert_eq!(
        import(&store, &actor, "a.csv", &names(0..5), 5, false),
        (5, 0)
    );
    // Its twin unfiled, then filed.
    assert_eq!(
        import(&store, &actor, "one.csv", &one("Ana3"), 1, false),
        (0, 1)
    );
    assert_eq!(
        import(&store, &actor, "b.csv", &names(0..5), 5, true),
        (0, 5)
    );
    assert_eq!(tier_and_filed(&place.path), (0, 5));
    assert_eq!(
        import(&store, &actor, "two.csv", &one("Ana3"), 1, true),
        (0, 1)
    );
    // A new record is stored, and another organisation's twin is its own.
    assert_eq!(
        import(&store, &actor, "three.csv", &one("Eva"), 1, true),
        (1, 0)
    );
    assert_eq!(
        import(&store, &partner, "four.csv", &one("Ana3"), 1, true),
        (1, 0)
    );
}

/// Copies every table a store made at migration 26 has from the store at `from`: the same
/// rows as the build before migration 27 would have left.
fn copy_into_older_store(from: &Path, to: &Path) {
    let conn = Connection::open(to).unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    conn.execute("ATTACH DATABASE ?1 AS newer", [from.to_str().unwrap()])
        .unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'
             AND name NOT LIKE 'news_fts%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for table in tables {
        let columns: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .unwrap()
            .query_map([&table], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let list = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        conn.execute(&format!("DELETE FROM main.\"{table}\""), [])
            .unwrap();
        conn.execute(
            &format!("INSERT INTO main.\"{table}\" ({list}) SELECT {list} FROM newer.\"{table}\""),
            [],
        )
        .unwrap();
    }
}

#[test]
fn a_store_made_before_the_migration_finds_every_row_a_duplicate_after_it() {
    let newer = new_place();
    let store = migrated(&newer, FILE_EVERY);
    let (actor, token) = caseworker(&store, "Shelter");
    let all = names(0..700);
    assert_eq!(import(&store, &actor, "a.csv", &all, 250, true), (700, 0));
    let before = stored_names(&store, &actor);
    drop(store);

    let older = new_place();
    crate::sqlite::migrate::migrate_through(&older.path, 26).unwrap();
    copy_into_older_store(&newer.path, &older.path);
    let applied = Store::migrate(&StoreUrl::Sqlite(older.path.clone())).unwrap();
    assert_eq!(
        applied.iter().map(|m| m.version).collect::<Vec<_>>(),
        [27, 28]
    );
    let conn = Connection::open(&older.path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    assert_eq!(tier_and_filed(&older.path), (0, 700));

    let store = open(&older.path, &newer.key, FILE_EVERY);
    let actor = store.authenticate_token(&token).unwrap();
    assert_eq!(stored_names(&store, &actor), before);
    assert_eq!(import(&store, &actor, "a.csv", &all, 250, true), (0, 700));
    assert_eq!(
        import(&store, &actor, "b.csv", &names(650..750), 250, true),
        (50, 50)
    );
    let audit = store.backend.verify_audit(None).unwrap();
    assert!(audit.problems.is_empty(), "{:?}", audit.problems);
}

#[test]
fn a_new_record_is_looked_up_in_the_filed_index_only_rarely() {
    let place = new_place();
    Store::migrate(&StoreUrl::Sqlite(place.path.clone())).unwrap();
    let (store, backend) = open_watched(&place.path, &place.key, 500);
    let (actor, _) = caseworker(&store, "Shelter");
    assert_eq!(
        import(&store, &actor, "a.csv", &names(0..2_000), 250, true),
        (2_000, 0)
    );
    assert_eq!(tier_and_filed(&place.path), (0, 2_000));
    let before = filed_lookups(&backend);
    assert_eq!(
        import(&store, &actor, "b.csv", &names(2_000..4_000), 250, true),
        (2_000, 0)
    );
    let looked_up = filed_lookups(&backend) - before;
    assert!(looked_up < 40, "{looked_up} of 2,000 new keys looked up");
    // Each filed twin is still found, in the index.
    let before = filed_lookups(&backend);
    assert_eq!(
        import(&store, &actor, "c.csv", &names(0..4_000), 250, false),
        (0, 4_000)
    );
    assert_eq!(filed_lookups(&backend) - before, 4_000);
}

#[test]
fn keys_another_process_files_reach_this_views_filter() {
    let place = new_place();
    let first = migrated(&place, FILE_EVERY);
    let (actor, token) = caseworker(&first, "Shelter");
    let second = open(&place.path, &place.key, FILE_EVERY);
    let second_actor = second.authenticate_token(&token).unwrap();
    // The first process's view is built (its filter read from the index) before any filing.
    assert_eq!(
        import(&first, &actor, "a.csv", &names(0..10), 10, false),
        (10, 0)
    );
    // The second stores cases the first's view then reads into its tier, and more it never
    // sees unfiled; then it files them all.
    assert_eq!(
        import(
            &second,
            &second_actor,
            "b.csv",
            &names(100..400),
            100,
            false
        ),
        (300, 0)
    );
    assert_eq!(
        import(&first, &actor, "c.csv", &names(10..20), 10, false),
        (10, 0)
    );
    assert_eq!(
        import(&second, &second_actor, "d.csv", &names(400..700), 100, true),
        (300, 0)
    );
    assert_eq!(tier_and_filed(&place.path), (0, 620));
    // Every one of them is a duplicate for the first process, seen in its tier or not.
    assert_eq!(
        import(&first, &actor, "e.csv", &names(0..700), 100, false),
        (80, 620)
    );
    assert_eq!(stored_names(&first, &actor), sorted(names(0..700)));
}

#[test]
fn a_batch_is_committed_in_parts_of_the_embedded_stores_size() {
    let place = new_place();
    let store = migrated(&place, FILE_EVERY);
    let (actor, _) = caseworker(&store, "Shelter");
    let all = names(0..2_500);
    assert_eq!(
        import(&store, &actor, "a.csv", &all, 2_500, true),
        (2_500, 0)
    );
    // Each part is traced with what it stored, in the order it was committed.
    let conn = Connection::open(&place.path).unwrap();
    let mut stmt = conn
        .prepare("SELECT count FROM audit_events WHERE action = 'import_batch' ORDER BY id")
        .unwrap();
    let parts: Vec<i64> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(parts, vec![1_000, 1_000, 500]);
}
