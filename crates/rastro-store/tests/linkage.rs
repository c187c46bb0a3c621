//! Linkage results and reviewers' decisions in a real SQLite file: scoped like every record,
//! counted as distinct persons, replaced by the next run.

use rastro_model::{CaseRecord, Field};
use rastro_store::{NewCase, NewLinkage, Sharing, Store, StoreError};

fn person(first_name: &str) -> CaseRecord {
    let mut r = CaseRecord::default();
    r.set(Field::PrsFirstName, first_name).unwrap();
    r
}

/// Stores one record per name for `org`; returns their ids in order.
fn store_people(store: &mut Store, org_name: &str, names: &[&str]) -> Vec<String> {
    let org = store.ensure_organisation(org_name).unwrap();
    let records: Vec<CaseRecord> = names.iter().map(|n| person(n)).collect();
    let texts: Vec<String> = records.iter().map(|r| r.to_compact()).collect();
    let keys: Vec<String> = names.iter().map(|n| format!("key-{n}")).collect();
    let mut scope = store.scope(org);
    let import = scope.begin_import("people.csv", "CSV").unwrap();
    let cases: Vec<NewCase<'_>> = records
        .iter()
        .zip(&texts)
        .zip(&keys)
        .enumerate()
        .map(|(i, ((record, compact), key))| NewCase {
            record,
            compact,
            key,
            source_row: i as u64 + 1,
        })
        .collect();
    scope.insert_cases(&import, &cases).unwrap();
    let mut ids = Vec::new();
    scope
        .for_each_case(&mut |c| {
            if c.provenance.organisation == org_name {
                ids.push(c.id);
            }
            Ok(())
        })
        .unwrap();
    ids
}

#[test]
fn runs_count_persons_and_stay_in_their_scope() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let shelter_ids = store_people(&mut store, "Shelter", &["Ana", "Anna", "Luis"]);
    let police_ids = store_people(&mut store, "Police", &["Ana María"]);
    let shelter = store.find_organisation("Shelter").unwrap().unwrap();
    let police = store.find_organisation("Police").unwrap().unwrap();

    // The shelter may not put the police's private record into its entities.
    let foreign = vec![
        (shelter_ids[0].clone(), shelter_ids[0].clone()),
        (police_ids[0].clone(), shelter_ids[0].clone()),
    ];
    let mut scope = store.scope(shelter.clone());
    let err = scope
        .save_linkage(&NewLinkage {
            config: "id = \"id\"",
            pairs: 1,
            members: &foreign,
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
    assert!(scope.latest_linkage().unwrap().is_none());

    let members = vec![
        (shelter_ids[0].clone(), shelter_ids[0].clone()),
        (shelter_ids[1].clone(), shelter_ids[0].clone()),
        (shelter_ids[2].clone(), shelter_ids[2].clone()),
    ];
    let run = scope
        .save_linkage(&NewLinkage {
            config: "id = \"id\"",
            pairs: 1,
            members: &members,
        })
        .unwrap();
    assert_eq!((run.records, run.entities), (3, 2));
    let count = scope.count_persons().unwrap();
    assert_eq!((count.records, count.persons), (3, 2));
    assert_eq!(
        scope.entity_of(&shelter_ids[1]).unwrap().as_deref(),
        Some(shelter_ids[0].as_str())
    );

    // The police see neither the shelter's private records nor its run.
    let police_scope = store.scope(police);
    assert!(police_scope.entity_of(&shelter_ids[1]).unwrap().is_none());
    assert!(police_scope.latest_linkage().unwrap().is_none());
    let count = police_scope.count_persons().unwrap();
    assert_eq!((count.records, count.persons), (1, 1));

    // A new run replaces the old one.
    let mut scope = store.scope(shelter);
    let apart: Vec<(String, String)> = shelter_ids
        .iter()
        .map(|id| (id.clone(), id.clone()))
        .collect();
    scope
        .save_linkage(&NewLinkage {
            config: "id = \"id\"",
            pairs: 0,
            members: &apart,
        })
        .unwrap();
    assert_eq!(scope.count_persons().unwrap().persons, 3);
}

#[test]
fn decisions_record_who_and_replace_earlier_ones_and_respect_scope() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let shelter_ids = store_people(&mut store, "Shelter", &["Ana", "Anna"]);
    let police_ids = store_people(&mut store, "Police", &["Pedro"]);
    let shelter = store.find_organisation("Shelter").unwrap().unwrap();
    let police = store.find_organisation("Police").unwrap().unwrap();

    let mut scope = store.scope(shelter.clone());
    assert!(matches!(
        scope.decide_link(&shelter_ids[0], &police_ids[0], true, "reviewer-1", None),
        Err(StoreError::NotFound)
    ));
    scope
        .decide_link(
            &shelter_ids[1],
            &shelter_ids[0],
            true,
            "reviewer-1",
            Some("same mother"),
        )
        .unwrap();
    scope
        .decide_link(&shelter_ids[0], &shelter_ids[1], false, "reviewer-2", None)
        .unwrap();
    let decisions = scope.link_decisions().unwrap();
    assert_eq!(decisions.len(), 1);
    assert!(!decisions[0].same);
    assert_eq!(decisions[0].reviewer, "reviewer-2");
    assert!(!decisions[0].decided_at.is_empty());

    // Another organisation sees none of them, and once the records are shared, still none: the
    // decisions are the shelter's.
    scope.set_sharing(&shelter_ids[0], Sharing::Shared).unwrap();
    scope.set_sharing(&shelter_ids[1], Sharing::Shared).unwrap();
    let police_scope = store.scope(police);
    assert!(police_scope.link_decisions().unwrap().is_empty());
}
