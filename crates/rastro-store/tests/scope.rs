//! The store against a real SQLite file: scoping, sharing, idempotence, facets.

use rastro_model::{CaseRecord, Field};
use rastro_store::{Facet, NewCase, Sharing, Store};

fn record(first_name: &str, exploitation: &str, country: &str) -> CaseRecord {
    let mut r = CaseRecord::default();
    r.set(Field::PrsFirstName, first_name).unwrap();
    r.set(Field::VicTypeOfExploitation, exploitation).unwrap();
    r.set(Field::HteType, "Recruitment;Exploitation").unwrap();
    r.set(Field::HteCountry, &format!("VE;{country}")).unwrap();
    r
}

fn store_records(store: &mut Store, org: &str, records: &[(CaseRecord, &str)]) -> Vec<String> {
    let org = store.ensure_organisation(org).unwrap();
    let texts: Vec<String> = records.iter().map(|(r, _)| r.to_compact()).collect();
    let mut scope = store.scope(org);
    let import = scope.begin_import("test.csv", "CSV").unwrap();
    let cases: Vec<NewCase<'_>> = records
        .iter()
        .enumerate()
        .zip(&texts)
        .map(|((i, (record, key)), compact)| NewCase {
            record,
            compact,
            key,
            source_row: i as u64 + 1,
        })
        .collect();
    let outcome = scope.insert_cases(&import, &cases).unwrap();
    scope
        .finish_import(&import, outcome.inserted, outcome.duplicates, 0)
        .unwrap();
    let mut ids = Vec::new();
    scope
        .for_each_case(&mut |c| {
            ids.push(c.id);
            Ok(())
        })
        .unwrap();
    ids
}

#[test]
fn another_organisations_private_record_answers_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let ids = store_records(
        &mut store,
        "Shelter",
        &[(record("Ana", "SexualExploitation", "CO"), "k1")],
    );
    assert_eq!(ids.len(), 1);
    let police = store.ensure_organisation("Police").unwrap();
    let shelter = store.find_organisation("Shelter").unwrap().unwrap();

    let scope = store.scope(police.clone());
    assert_eq!(scope.count_cases().unwrap(), 0);
    assert!(scope.case(&ids[0]).unwrap().is_none());
    assert!(scope.case("00000000000000000000000000").unwrap().is_none());
    assert!(scope.case("'; DROP TABLE cases; --").unwrap().is_none());
    assert!(scope.facet_counts(Facet::Exploitation).unwrap().is_empty());

    // Police may not change the shelter's record, and learns nothing from trying.
    let mut scope = store.scope(police.clone());
    assert!(matches!(
        scope.set_sharing(&ids[0], Sharing::Shared),
        Err(rastro_store::StoreError::NotFound)
    ));

    let mut scope = store.scope(shelter);
    let own = scope.case(&ids[0]).unwrap().unwrap();
    assert_eq!(own.provenance.organisation, "Shelter");
    assert_eq!(own.provenance.source_file, "test.csv");
    assert_eq!(own.provenance.source_row, 1);
    assert_eq!(own.sharing, Sharing::Private);
    scope.set_sharing(&ids[0], Sharing::Shared).unwrap();

    let scope = store.scope(police);
    let shared = scope.case(&ids[0]).unwrap().unwrap();
    assert_eq!(shared.record.person.first_name.as_deref(), Some("Ana"));
    assert_eq!(scope.count_cases().unwrap(), 1);
}

#[test]
fn same_key_is_stored_once_per_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let r = record("Ana", "SexualExploitation", "CO");
    store_records(
        &mut store,
        "Shelter",
        &[(r.clone(), "k1"), (r.clone(), "k1")],
    );
    let ids = store_records(&mut store, "Shelter", &[(r.clone(), "k1")]);
    assert_eq!(ids.len(), 1);
    // Another organisation holding the same record keeps its own copy.
    let ids = store_records(&mut store, "NGO", &[(r, "k1")]);
    assert_eq!(ids.len(), 1);
}

#[test]
fn facets_count_multi_valued_fields_once_per_value() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store_records(
        &mut store,
        "Hub",
        &[
            (record("Ana", "SexualExploitation;ForcedLabour", "CO"), "a"),
            (record("Luis", "ForcedLabour", "PE"), "b"),
            (CaseRecord::default(), "c"),
        ],
    );
    let org = store.find_organisation("Hub").unwrap().unwrap();
    let scope = store.scope(org);
    let counts = scope.facet_counts(Facet::Exploitation).unwrap();
    assert_eq!(
        counts,
        vec![
            ("ForcedLabour".to_string(), 2),
            ("SexualExploitation".to_string(), 1),
            ("unknown".to_string(), 1)
        ]
    );
    let cross = scope
        .crosstab(Facet::ExploitationCountry, Facet::Exploitation)
        .unwrap();
    assert!(cross.contains(&("PE".to_string(), "ForcedLabour".to_string(), 1)));
    assert!(cross.contains(&("CO".to_string(), "SexualExploitation".to_string(), 1)));
}

#[test]
fn reopening_keeps_data_and_does_not_reapply_migrations() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        store_records(
            &mut store,
            "Hub",
            &[(record("Ana", "ForcedLabour", "PE"), "a")],
        );
    }
    let mut store = Store::open(dir.path()).unwrap();
    let org = store.ensure_organisation("Hub").unwrap();
    assert_eq!(store.scope(org).count_cases().unwrap(), 1);
}
