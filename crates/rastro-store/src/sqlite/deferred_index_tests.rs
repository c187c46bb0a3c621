//! The identity numbers' index left out while an import fills an empty store: absent while it
//! runs, built when it ends or at the next opening after it was killed, and every lookup by
//! identity number answered the same throughout.

use std::path::{Path, PathBuf};

use rastro_model::{CaseRecord, Field};
use rusqlite::Connection;

use super::present;
use crate::sqlite::test_rows::numbered_rows;
use crate::{Actor, Lookup, OrgKind, Role, Store, StoreUrl};

struct Place {
    _dir: tempfile::TempDir,
    path: PathBuf,
    key: PathBuf,
}

fn new_place() -> Place {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let key = dir.path().join("store.key");
    Store::migrate(&StoreUrl::Sqlite(path.clone())).unwrap();
    Place {
        _dir: dir,
        path,
        key,
    }
}

fn open(place: &Place) -> Store {
    Store::open_with_key(&StoreUrl::Sqlite(place.path.clone()), &place.key).unwrap()
}

fn caseworker(store: &Store) -> Actor {
    let admin = store.local_admin().unwrap();
    if store.find_organisation("Refugio").unwrap().is_none() {
        admin
            .create_organisation("Refugio", OrgKind::Ngo, None)
            .unwrap();
        admin
            .create_user("Refugio", "refugio-caseworker", Role::Caseworker, None)
            .unwrap();
    }
    let token = admin
        .issue_token("refugio-caseworker", None, 1, "test")
        .unwrap();
    store.authenticate_token(&token.secret).unwrap()
}

/// Whether the store's file has the index, seen from a connection of its own.
fn indexed(path: &Path) -> bool {
    present(&Connection::open(path).unwrap()).unwrap()
}

/// Persons `from..to`, each with identity number `DOC-{i}`.
fn persons(from: usize, to: usize) -> Vec<CaseRecord> {
    (from..to)
        .map(|i| {
            let mut r = CaseRecord::default();
            r.set(Field::PrsFirstName, &format!("Ana{i}")).unwrap();
            r.set(Field::PrsIdentityNumber, &format!("DOC-{i}"))
                .unwrap();
            r
        })
        .collect()
}

/// Stores `records` as import rows of `file`, begun (or resumed) here; the handle, unfinished.
fn store_rows(
    store: &Store,
    actor: &Actor,
    file: &str,
    records: &[CaseRecord],
) -> crate::ImportHandle {
    let scope = store.scope(actor);
    let keys: Vec<String> = records
        .iter()
        .map(|r| format!("key {}", r.person.first_name.as_deref().unwrap_or("")))
        .collect();
    let cases = numbered_rows(records, &keys);
    let import = scope.begin_import(file, "CSV").unwrap();
    scope.insert_cases(&import, &cases).unwrap();
    import
}

fn found(store: &Store, actor: &Actor, number: &str) -> usize {
    store
        .scope(actor)
        .find_own_cases(Lookup::IdentityNumber, number)
        .unwrap()
        .len()
}

#[test]
fn an_import_into_an_empty_store_builds_the_index_when_it_ends() {
    let place = new_place();
    let store = open(&place);
    let actor = caseworker(&store);
    assert!(indexed(&place.path), "a new store has the index");

    let import = store_rows(&store, &actor, "a.csv", &persons(0, 300));
    assert!(!indexed(&place.path), "left out while the import runs");
    assert_eq!(found(&store, &actor, "DOC-17"), 1, "found without it");

    store.scope(&actor).finish_import(&import, 300, 0).unwrap();
    assert!(indexed(&place.path), "built when the import ends");
    assert_eq!(found(&store, &actor, "DOC-17"), 1);
    assert_eq!(found(&store, &actor, "DOC-299"), 1);
    assert_eq!(found(&store, &actor, "DOC-300"), 0);
}

#[test]
fn an_import_into_a_store_with_cases_keeps_the_index() {
    let place = new_place();
    let store = open(&place);
    let actor = caseworker(&store);
    let first = store_rows(&store, &actor, "a.csv", &persons(0, 10));
    store.scope(&actor).finish_import(&first, 10, 0).unwrap();

    let second = store_rows(&store, &actor, "b.csv", &persons(10, 20));
    assert!(indexed(&place.path), "kept while a second import runs");
    store.scope(&actor).finish_import(&second, 10, 0).unwrap();
    assert_eq!(found(&store, &actor, "DOC-15"), 1);
}

#[test]
fn an_interrupted_import_puts_the_index_back() {
    let place = new_place();
    let store = open(&place);
    let actor = caseworker(&store);
    let import = store_rows(&store, &actor, "a.csv", &persons(0, 10));
    store
        .scope(&actor)
        .interrupt_import(&import, "disk full")
        .unwrap();
    assert!(indexed(&place.path));
}

#[test]
fn a_store_opened_after_a_killed_import_has_the_index_and_the_import_resumes() {
    let place = new_place();
    {
        let store = open(&place);
        let actor = caseworker(&store);
        // Never finished nor interrupted: as a process killed halfway leaves it.
        store_rows(&store, &actor, "a.csv", &persons(0, 50));
    }
    assert!(!indexed(&place.path), "the killed import left it out");

    let store = open(&place);
    assert!(indexed(&place.path), "built again at the opening");
    let actor = caseworker(&store);
    let scope = store.scope(&actor);
    let records = persons(0, 80);
    let import = store_rows(&store, &actor, "a.csv", &records);
    assert!(import.resumed.is_some(), "the same import, resumed");
    let info = scope.finish_import(&import, 80, 0).unwrap();
    assert_eq!(info.imported, 80, "each row stored once");
    assert_eq!(found(&store, &actor, "DOC-3"), 1);
    assert_eq!(found(&store, &actor, "DOC-79"), 1);
}
