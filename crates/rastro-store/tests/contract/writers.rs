//! Writers at once: imports of two organisations and members' small writes running side by side
//! store every record once, a large batch is committed in parts (each with its trace, so a
//! small write waits for one part at most), and every audit chain still verifies.

use std::collections::HashSet;

use rastro_store::{Actor, CaseSelection, Level, NewCase, Store};

use super::fixtures::{caseworker, person};

/// Cases in each organisation's large batch: more than two of either store's parts (250 cases
/// in PostgreSQL, 1,000 in the embedded store).
const BIG: usize = 2_400;
/// One-case imports each organisation's second writer makes meanwhile.
const SMALL: usize = 15;

fn import_named(store: &Store, actor: &Actor, file: &str, names: &[String]) -> (u64, u64) {
    let scope = store.scope(actor);
    let records: Vec<_> = names.iter().map(|n| (person(n), n.clone())).collect();
    let cases: Vec<NewCase<'_>> = records
        .iter()
        .enumerate()
        .map(|(i, (record, key))| NewCase {
            record,
            key,
            source_row: i as u64 + 1,
            parts: None,
        })
        .collect();
    let import = scope.begin_import(file, "CSV").unwrap();
    let outcome = scope.insert_cases(&import, &cases).unwrap();
    scope.finish_import(&import, names.len() as u64, 0).unwrap();
    (outcome.inserted, outcome.duplicates)
}

fn big_names(org: &str) -> Vec<String> {
    (0..BIG).map(|i| format!("{org}big{i}")).collect()
}

/// The first names of the cases `actor`'s organisation holds, each as often as stored.
fn stored_names(store: &Store, actor: &Actor) -> Vec<String> {
    let mut names = Vec::new();
    store
        .scope(actor)
        .for_each_full_case(CaseSelection::Own, &mut |case| {
            let name = case.record.get(rastro_model::Field::PrsFirstName);
            names.push(name.map(|n| n.to_cell()).unwrap_or_default());
            Ok(())
        })
        .unwrap();
    names
}

pub fn concurrent_writers_of_two_organisations_lose_and_double_nothing(store: &Store) {
    let actors = [caseworker(store, "Shelter"), caseworker(store, "Partner")];
    let orgs = ["Shelter", "Partner"];
    std::thread::scope(|threads| {
        for (actor, org) in actors.iter().zip(orgs) {
            threads.spawn(move || {
                let stored = import_named(store, actor, "big.csv", &big_names(org));
                assert_eq!(stored, (BIG as u64, 0), "{org}'s large batch");
            });
            threads.spawn(move || {
                for j in 0..SMALL {
                    let name = format!("{org}small{j}");
                    let stored = import_named(store, actor, &format!("s{j}.csv"), &[name]);
                    assert_eq!(stored, (1, 0), "{org}'s write {j}");
                }
            });
        }
    });

    // The large batch again, as a retried import sends it: nothing is stored twice.
    for (actor, org) in actors.iter().zip(orgs) {
        let again = import_named(store, actor, "big-again.csv", &big_names(org));
        assert_eq!(again, (0, BIG as u64), "{org}'s batch sent again");
    }

    for (actor, org) in actors.iter().zip(orgs) {
        let names = stored_names(store, actor);
        let distinct: HashSet<&String> = names.iter().collect();
        assert_eq!(names.len(), BIG + SMALL, "{org} holds every record");
        assert_eq!(distinct.len(), names.len(), "{org} holds each record once");
        assert!(
            names.iter().all(|n| n.starts_with(org)),
            "{org} holds only its own"
        );
        assert_eq!(
            store.scope(actor).count_cases().unwrap(),
            (BIG + SMALL) as u64
        );
        let mut visible = 0;
        store
            .scope(actor)
            .for_each_case(Level::Summary, CaseSelection::Visible, &mut |_| {
                visible += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(visible, BIG + SMALL, "{org}'s listing");
    }

    // Each large batch was committed in parts, each traced with what it stored.
    let admin = store.local_admin().unwrap();
    let events = admin.audit_log(100_000).unwrap();
    for org in orgs {
        let mut parts: Vec<u64> = events
            .iter()
            .filter(|e| {
                e.action == "import_batch"
                    && e.organisation.as_deref() == Some(org)
                    && e.count.is_some_and(|n| n > 1)
            })
            .filter_map(|e| e.count)
            .collect();
        parts.sort_unstable();
        // Whole parts of the store's size, and what is left of the batch in one more.
        let whole = parts.last().copied().unwrap_or(0);
        assert!(parts.len() >= 3, "{org}'s parts: {parts:?}");
        assert!(
            parts[1..].iter().all(|&n| n == whole) && parts[0] == BIG as u64 % whole,
            "{org}'s parts: {parts:?}"
        );
    }
    let report = admin.verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// A batch that repeats its own cases, in one part and past the many rows the embedded store
/// writes with one statement: each case is stored once, with its own sealed part.
pub fn a_batch_repeating_its_cases_stores_each_once(store: &Store) {
    let actor = caseworker(store, "Shelter");
    let first: Vec<String> = (0..150).map(|i| format!("Shelterrepeat{i}")).collect();
    let mut batch = Vec::new();
    for (i, name) in first.iter().enumerate() {
        batch.push(name.clone());
        if i % 3 == 0 {
            batch.push(first[i / 2].clone());
        }
    }
    let repeats = batch.len() - first.len();
    let stored = import_named(store, &actor, "repeats.csv", &batch);
    assert_eq!(stored, (first.len() as u64, repeats as u64));
    let mut names = stored_names(store, &actor);
    names.sort();
    let mut wanted = first.clone();
    wanted.sort();
    assert_eq!(names, wanted, "each once, every sealed part opening");
}
