//! Stored watchlists in a real SQLite file: scoped like every record, replaced by a re-import,
//! removed only by their owner.

use rastro_store::{ListCounts, NewWatchlist, Sharing, Store, StoreError, WatchlistEntry};

fn entry(id: &str, row: u64, names: &[&str]) -> WatchlistEntry {
    WatchlistEntry {
        source_id: id.to_string(),
        source_row: row,
        names: names.iter().map(|n| n.to_string()).collect(),
        birth_dates: vec!["1980-03".to_string()],
        gender: Some("female".to_string()),
        nationalities: vec!["PE".to_string(), "CO".to_string()],
        documents: vec!["AB-123; \"x\"".to_string()],
        topics: vec!["sanction".to_string()],
    }
}

fn new_list<'a>(name: &'a str, file: &'a str) -> NewWatchlist<'a> {
    NewWatchlist {
        name,
        source_file: file,
        format: "csv",
    }
}

fn counts(rows: u64) -> ListCounts {
    ListCounts { rows, rejected: 1 }
}

fn entries_of(store: &mut Store, org: &str, list: &str) -> Option<Vec<WatchlistEntry>> {
    let org = store.find_organisation(org).unwrap().unwrap();
    let scope = store.scope(org);
    let info = scope.watchlist(list).unwrap()?;
    let mut out = Vec::new();
    let n = scope
        .for_each_watchlist_entry(&info.id, &mut |e| {
            out.push(e);
            Ok(())
        })
        .unwrap();
    assert_eq!(n as usize, out.len());
    assert_eq!(info.entries, n);
    Some(out)
}

#[test]
fn lists_round_trip_and_stay_in_their_scope() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let shelter = store.ensure_organisation("Shelter").unwrap();
    store.ensure_organisation("Police").unwrap();
    let stored = vec![
        entry("w1", 1, &["María José García", "Majo"]),
        entry("w3", 3, &["Pedro Ruiz"]),
    ];
    let result = store
        .scope(shelter.clone())
        .replace_watchlist_entries(&new_list("un", "un.csv"), &stored, counts(3))
        .unwrap();
    assert!(result.replaced.is_none());
    assert_eq!(result.list.entries, 2);
    assert_eq!(result.list.rows, 3);
    assert_eq!(result.list.organisation, "Shelter");
    assert_eq!(result.list.sharing, Sharing::Private);

    assert_eq!(entries_of(&mut store, "Shelter", "un"), Some(stored));
    // Another organisation's private list answers exactly as a missing one.
    assert_eq!(entries_of(&mut store, "Police", "un"), None);
    let police = store.find_organisation("Police").unwrap().unwrap();
    let mut scope = store.scope(police.clone());
    assert!(scope.watchlists().unwrap().is_empty());
    let mut seen = 0;
    let n = scope
        .for_each_watchlist_entry(&result.list.id, &mut |_| {
            seen += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!((n, seen), (0, 0));
    assert!(matches!(
        scope.remove_watchlist("un"),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        scope.set_watchlist_sharing("un", Sharing::Shared),
        Err(StoreError::NotFound)
    ));

    // Shared, the police sees it but still cannot remove it.
    store
        .scope(shelter)
        .set_watchlist_sharing("un", Sharing::Shared)
        .unwrap();
    assert_eq!(
        entries_of(&mut store, "Police", "un").map(|e| e.len()),
        Some(2)
    );
    let mut scope = store.scope(police);
    assert_eq!(scope.watchlists().unwrap().len(), 1);
    assert!(matches!(
        scope.remove_watchlist("un"),
        Err(StoreError::NotFound)
    ));
}

#[test]
fn reimport_replaces_the_list_and_remove_deletes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let org = store.ensure_organisation("Shelter").unwrap();
    let mut scope = store.scope(org.clone());
    let first = scope
        .replace_watchlist_entries(
            &new_list("un", "un.csv"),
            &[entry("a", 1, &["Ana Ruiz"]), entry("b", 2, &["Luis Rojas"])],
            counts(3),
        )
        .unwrap();
    scope
        .replace_watchlist_entries(
            &new_list("other", "o.csv"),
            &[entry("z", 1, &["Zoe"])],
            counts(1),
        )
        .unwrap();
    let second = scope
        .replace_watchlist_entries(
            &new_list("un", "un2.csv"),
            &[entry("c", 1, &["Carla Díaz"])],
            counts(1),
        )
        .unwrap();
    assert_eq!(second.replaced.as_ref(), Some(&first.list));
    assert_ne!(second.list.id, first.list.id);
    assert_eq!(second.list.source_file, "un2.csv");
    drop(scope);

    let now = entries_of(&mut store, "Shelter", "un").unwrap();
    let ids: Vec<&str> = now.iter().map(|e| e.source_id.as_str()).collect();
    assert_eq!(ids, ["c"]);
    // The old snapshot's entries are gone with it; the other list is untouched.
    let mut scope = store.scope(org);
    assert_eq!(
        scope
            .for_each_watchlist_entry(&first.list.id, &mut |_| Ok(()))
            .unwrap(),
        0
    );
    let names: Vec<(String, u64)> = scope
        .watchlists()
        .unwrap()
        .into_iter()
        .map(|l| (l.name, l.entries))
        .collect();
    assert_eq!(names, [("other".to_string(), 1), ("un".to_string(), 1)]);

    let removed = scope.remove_watchlist("un").unwrap();
    assert_eq!(removed.id, second.list.id);
    assert!(scope.watchlist("un").unwrap().is_none());
    assert!(matches!(
        scope.remove_watchlist("un"),
        Err(StoreError::NotFound)
    ));
    assert_eq!(scope.watchlists().unwrap().len(), 1);
}

#[test]
fn a_source_failing_midway_leaves_the_previous_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let org = store.ensure_organisation("Shelter").unwrap();
    let mut scope = store.scope(org);
    let first = scope
        .replace_watchlist_entries(
            &new_list("un", "un.csv"),
            &[entry("a", 1, &["Ana Ruiz"])],
            counts(1),
        )
        .unwrap();
    let failed = scope.replace_watchlist(&new_list("un", "broken.csv"), &mut |sink| {
        sink(entry("b", 1, &["Luis Rojas"]))?;
        Err(StoreError::Source("broken.csv: disk error".into()))
    });
    assert!(matches!(failed, Err(StoreError::Source(_))));
    drop(scope);
    assert_eq!(
        entries_of(&mut store, "Shelter", "un"),
        Some(vec![entry("a", 1, &["Ana Ruiz"])])
    );
    let now = store
        .scope(store.find_organisation("Shelter").unwrap().unwrap())
        .watchlist("un")
        .unwrap();
    assert_eq!(now, Some(first.list));
}
