//! The store's contract: what every backend must do, whatever database is underneath. Each test
//! takes a fresh, migrated store; `contract_suite!(open)` makes one `#[test]` per behaviour for
//! the backend that `open` opens (see `tests/sqlite.rs`).
//!
//! The behaviours: a record the acting organisation may not see answers exactly as a missing one
//! through every read; re-imports are idempotent and interrupted imports resume; a replacement is
//! atomic; reviewers' decisions are kept; what an owner stops sharing leaves others' results;
//! search ranks with what the reader may see only; what describes the owner's machine stays
//! with the owner.

#![allow(dead_code)]

pub mod fixtures;

use fixtures::*;
use rastro_store::{
    CaseSelection, DuplicateOf, Facet, ImportStatus, Ingested, ListCounts, NewEventLinkage,
    NewLinkage, NewWatchlist, NewsFacet, Sharing, Store, StoreError, TextQuery,
};

#[macro_export]
macro_rules! contract_suite {
    ($open:path) => {
        $crate::contract_suite!(
            $open;
            organisations_are_created_deliberately_and_once,
            a_hidden_case_answers_as_missing,
            provenance_file_is_the_owners_alone,
            the_same_record_is_stored_once_per_organisation,
            facets_count_multi_valued_fields_once_per_value,
            an_interrupted_import_resumes_with_nothing_twice,
            own_selection_leaves_out_shared_records,
            articles_are_stored_once_and_scoped,
            search_ranks_with_visible_articles_only,
            linkage_runs_are_scoped_and_replace_each_other,
            decisions_are_kept_per_organisation_and_respected,
            an_unshared_case_leaves_others_linkage,
            an_unshared_article_leaves_others_events,
            events_count_victims_once,
            a_failed_watchlist_replacement_keeps_the_old_list,
            a_list_is_never_taken_from_another_organisation_unasked,
            watchlists_are_scoped_and_removed_by_their_owner_only,
        );
    };
    ($open:path; $($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                let fresh = $open();
                contract::$name(&fresh.store);
            }
        )+
    };
}

pub fn organisations_are_created_deliberately_and_once(store: &Store) {
    let shelter = store.create_organisation("  Casa Refugio ").unwrap();
    assert_eq!(shelter.name, "Casa Refugio");
    assert!(matches!(
        store.create_organisation("Casa Refugio"),
        Err(StoreError::OrganisationExists(_))
    ));
    assert!(matches!(
        store.create_organisation("   "),
        Err(StoreError::EmptyName)
    ));
    assert_eq!(
        store.find_organisation("Casa Refugio").unwrap(),
        Some(shelter)
    );
    assert_eq!(store.find_organisation("Casa Refugo").unwrap(), None);
    assert_eq!(store.organisations().unwrap().len(), 1);
}

pub fn a_hidden_case_answers_as_missing(store: &Store) {
    let shelter = org(store, "Shelter");
    let police = org(store, "Police");
    let ids = import(
        &store.scope(shelter.clone()),
        "test.csv",
        &[(case("Ana", "SexualExploitation", "CO"), "k1")],
    );
    assert_eq!(ids.len(), 1);

    let theirs = store.scope(police.clone());
    assert_eq!(theirs.count_cases().unwrap(), 0);
    assert!(theirs.case(&ids[0]).unwrap().is_none());
    assert!(theirs.case("00000000000000000000000000").unwrap().is_none());
    assert!(theirs.case("'; DROP TABLE cases; --").unwrap().is_none());
    assert!(theirs.facet_counts(Facet::Exploitation).unwrap().is_empty());
    assert!(theirs
        .crosstab(Facet::ExploitationCountry, Facet::Exploitation)
        .unwrap()
        .is_empty());
    assert_eq!(theirs.for_each_case(&mut |_| Ok(())).unwrap(), 0);
    assert!(theirs.entity_of(&ids[0]).unwrap().is_none());
    // The police may not change the shelter's record, and learn nothing from trying: the answer
    // is the one a made-up id gets.
    assert!(matches!(
        theirs.set_sharing(&ids[0], Sharing::Shared),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        theirs.set_sharing("00000000000000000000000000", Sharing::Shared),
        Err(StoreError::NotFound)
    ));

    let own = store.scope(shelter);
    let record = own.case(&ids[0]).unwrap().unwrap();
    assert_eq!(record.provenance.organisation, "Shelter");
    assert_eq!(record.provenance.source_row, 1);
    assert_eq!(record.sharing, Sharing::Private);
    own.set_sharing(&ids[0], Sharing::Shared).unwrap();

    let theirs = store.scope(police);
    let shared = theirs.case(&ids[0]).unwrap().unwrap();
    assert_eq!(shared.record.person.first_name.as_deref(), Some("Ana"));
    assert_eq!(theirs.count_cases().unwrap(), 1);
}

pub fn provenance_file_is_the_owners_alone(store: &Store) {
    let shelter = org(store, "Shelter");
    let ids = import(
        &store.scope(shelter.clone()),
        "/home/ana/victimas/casa-2024.csv",
        &[(case("Ana", "SexualExploitation", "CO"), "k1")],
    );
    let own = store.scope(shelter);
    own.set_sharing(&ids[0], Sharing::Shared).unwrap();
    assert_eq!(
        own.case(&ids[0])
            .unwrap()
            .unwrap()
            .provenance
            .source_file
            .as_deref(),
        Some("/home/ana/victimas/casa-2024.csv")
    );
    let theirs = store.scope(org(store, "Police"));
    let seen = theirs.case(&ids[0]).unwrap().unwrap();
    assert_eq!(seen.provenance.source_file, None);
    assert_eq!(seen.provenance.organisation, "Shelter");
    let mut files = Vec::new();
    theirs
        .for_each_case(&mut |c| {
            files.push(c.provenance.source_file);
            Ok(())
        })
        .unwrap();
    assert_eq!(files, vec![None]);
}

pub fn the_same_record_is_stored_once_per_organisation(store: &Store) {
    let r = case("Ana", "SexualExploitation", "CO");
    let shelter = store.scope(org(store, "Shelter"));
    let first = import(&shelter, "a.csv", &[(r.clone(), "k1"), (r.clone(), "k1")]);
    assert_eq!(first.len(), 1);
    assert!(import(&shelter, "b.csv", &[(r.clone(), "k1")]).is_empty());
    assert_eq!(shelter.count_cases().unwrap(), 1);
    // Another organisation holding the same record keeps its own copy.
    let ngo = store.scope(org(store, "NGO"));
    assert_eq!(import(&ngo, "c.csv", &[(r, "k1")]).len(), 1);
    let imports = shelter.imports().unwrap();
    assert_eq!(imports.len(), 2);
    assert!(imports.iter().all(|i| i.status == ImportStatus::Finished));
    let b = imports.iter().find(|i| i.source_file == "b.csv").unwrap();
    assert_eq!((b.imported, b.duplicates), (0, 1));
}

pub fn facets_count_multi_valued_fields_once_per_value(store: &Store) {
    let hub = store.scope(org(store, "Hub"));
    import(
        &hub,
        "f.csv",
        &[
            (case("Ana", "SexualExploitation;ForcedLabour", "CO"), "a"),
            (case("Luis", "ForcedLabour", "PE"), "b"),
            (rastro_model::CaseRecord::default(), "c"),
        ],
    );
    assert_eq!(
        hub.facet_counts(Facet::Exploitation).unwrap(),
        vec![
            ("ForcedLabour".to_string(), 2),
            ("SexualExploitation".to_string(), 1),
            ("unknown".to_string(), 1)
        ]
    );
    let cross = hub
        .crosstab(Facet::ExploitationCountry, Facet::Exploitation)
        .unwrap();
    assert!(cross.contains(&("PE".to_string(), "ForcedLabour".to_string(), 1)));
    assert!(cross.contains(&("CO".to_string(), "SexualExploitation".to_string(), 1)));
}

pub fn an_interrupted_import_resumes_with_nothing_twice(store: &Store) {
    let scope = store.scope(org(store, "Shelter"));
    let records: Vec<_> = (0..4)
        .map(|i| (person(&format!("Ana{i}")), format!("k{i}")))
        .collect();
    let compact: Vec<String> = records.iter().map(|(r, _)| r.to_compact()).collect();
    let new_case = |i: usize| rastro_store::NewCase {
        record: &records[i].0,
        compact: &compact[i],
        key: &records[i].1,
        source_row: i as u64 + 1,
    };

    let first = scope.begin_import("big.csv", "CSV").unwrap();
    assert!(first.resumed.is_none());
    scope
        .insert_cases(&first, &[new_case(0), new_case(1)])
        .unwrap();
    scope.interrupt_import(&first, "disk full").unwrap();
    let recorded = &scope.imports().unwrap()[0];
    assert_eq!(recorded.status, ImportStatus::Interrupted);
    assert_eq!(recorded.error.as_deref(), Some("disk full"));
    assert_eq!(recorded.imported, 2);

    // Running it again continues the same import; the rows stored before are not stored again.
    let again = scope.begin_import("big.csv", "CSV").unwrap();
    assert_eq!(again.id, first.id);
    let resumed = again.resumed.clone().unwrap();
    assert_eq!(resumed.stored, 2);
    assert_eq!(resumed.error.as_deref(), Some("disk full"));
    let outcome = scope
        .insert_cases(&again, &(0..4).map(new_case).collect::<Vec<_>>())
        .unwrap();
    assert_eq!((outcome.inserted, outcome.duplicates), (2, 2));
    let info = scope.finish_import(&again, 4, 1).unwrap();
    assert_eq!(info.status, ImportStatus::Finished);
    assert_eq!((info.imported, info.duplicates, info.rejected), (4, 0, 1));
    assert_eq!(scope.imports().unwrap().len(), 1);
    assert_eq!(scope.count_cases().unwrap(), 4);
    // A finished import is not resumed: the next one of the same file is new.
    assert!(scope
        .begin_import("big.csv", "CSV")
        .unwrap()
        .resumed
        .is_none());
}

pub fn own_selection_leaves_out_shared_records(store: &Store) {
    let partner = store.scope(org(store, "Partner"));
    let theirs = import(&partner, "p.csv", &[(person("Pedro"), "p")]);
    partner.set_sharing(&theirs[0], Sharing::Shared).unwrap();
    let shelter = store.scope(org(store, "Shelter"));
    let mine = import(&shelter, "s.csv", &[(person("Ana"), "a")]);
    let mut own = Vec::new();
    shelter
        .for_each_case_in(CaseSelection::Own, &mut |c| {
            own.push(c.id);
            Ok(())
        })
        .unwrap();
    assert_eq!(own, mine);
    let mut visible = 0;
    shelter
        .for_each_case_in(CaseSelection::Visible, &mut |_| {
            visible += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(visible, 2);
}

pub fn articles_are_stored_once_and_scoped(store: &Store) {
    let facets = vec![
        (NewsFacet::Country, "CO".to_string()),
        (NewsFacet::Exploitation, "sexual_exploitation".to_string()),
    ];
    let body = "La Policía rescató a 12 mujeres en Bogotá y detuvo a tres tratantes.";
    let ngo = store.scope(org(store, "ngo"));
    let first = ngo
        .ingest_article(&article("t1", Some("diario.com/1"), body, "{}", &facets))
        .unwrap();
    let Ingested::Stored { id } = first else {
        panic!("not stored: {first:?}")
    };
    // Same URL, different text (an updated version): the same article.
    let again = ngo
        .ingest_article(&article(
            "t2",
            Some("diario.com/1"),
            "otro texto",
            "{}",
            &facets,
        ))
        .unwrap();
    assert_eq!(
        again,
        Ingested::Duplicate {
            id: id.clone(),
            by: DuplicateOf::Url
        }
    );
    // Same text from another site.
    let copy = ngo
        .ingest_article(&article("t1", Some("otro.com/x"), body, "{}", &facets))
        .unwrap();
    assert_eq!(
        copy,
        Ingested::Duplicate {
            id: id.clone(),
            by: DuplicateOf::Text
        }
    );
    assert_eq!(ngo.count_news().unwrap(), 1);
    let stored = ngo.news_article(&id).unwrap().expect("own article");
    assert_eq!(stored.external_id, "t1");
    assert_eq!(
        stored.source_file.as_deref(),
        Some("/home/ana/feeds/secret-feed.jsonl")
    );
    assert_eq!(ngo.news_with(NewsFacet::Country, "CO").unwrap().len(), 1);
    assert!(ngo.news_with(NewsFacet::Country, "PE").unwrap().is_empty());
    let query = TextQuery::parse("bogota").unwrap();
    assert_eq!(ngo.search_news(&query, 10).unwrap().len(), 1);

    // Another organisation sees nothing of it, and may store the same article for itself.
    let other = store.scope(org(store, "other"));
    assert_eq!(other.count_news().unwrap(), 0);
    assert_eq!(other.news_article(&id).unwrap(), None);
    assert!(other.search_news(&query, 10).unwrap().is_empty());
    assert!(other
        .news_with(NewsFacet::Country, "CO")
        .unwrap()
        .is_empty());
    assert!(matches!(
        other.set_article_sharing(&id, Sharing::Shared),
        Err(StoreError::NotFound)
    ));
    let own_copy = other
        .ingest_article(&article("t1", Some("diario.com/1"), body, "{}", &facets))
        .unwrap();
    assert!(matches!(own_copy, Ingested::Stored { .. }));

    // Shared, it is seen without the owner's file path.
    ngo.set_article_sharing(&id, Sharing::Shared).unwrap();
    let seen = other.news_article(&id).unwrap().unwrap();
    assert_eq!(seen.source_file, None);
    assert_eq!(seen.source_line, None);
    assert_eq!(seen.organisation, "ngo");
}

pub fn search_ranks_with_visible_articles_only(store: &Store) {
    // A short article naming "trata" once, a long one naming it three times; one about each of two
    // words. Their order depends on the mean length of the articles and on how many hold each
    // word: statistics that must come from what the reader sees.
    let filler = "La fiscalía informó que la investigación continúa con nuevas diligencias \
                  en varias provincias del país y que se esperan más resultados pronto. ";
    let long =
        format!("{filler}{filler}Se trata de un caso de trata. {filler}Otra trata. {filler}");
    let visible = [
        ("short", "Denuncian trata en Lima.".to_string()),
        ("long", long),
        (
            "labour",
            "Migrantes y migrantes: explotación laboral de migrantes en fincas.".to_string(),
        ),
        (
            "sexual",
            "Trata, trata y trata: explotación sexual en bares de la frontera.".to_string(),
        ),
    ];
    for (key, body) in &visible {
        news(store, "ngo", key, body, None);
    }
    let ngo = store.scope(org(store, "ngo"));
    let order = |q: &str| -> Vec<String> {
        ngo.search_news(&TextQuery::parse(q).unwrap(), 10)
            .unwrap()
            .into_iter()
            .map(|a| a.external_id)
            .collect()
    };
    let queries = [
        "trata",
        "migrantes",
        "explotacion",
        "tra*",
        "\"caso de trata\"",
    ];
    let before: Vec<Vec<String>> = queries.iter().map(|q| order(q)).collect();
    assert_eq!(before[0], vec!["sexual", "short", "long"]);
    assert_eq!(before[4], vec!["long"]);

    // Articles the ngo cannot see — long, and full of "trata" — change nothing it is told.
    let hidden = filler.repeat(16);
    for i in 0..30 {
        let body = format!("trata trata {i} {hidden}");
        news(store, "other", &format!("x{i}"), &body, None);
    }
    let after: Vec<Vec<String>> = queries.iter().map(|q| order(q)).collect();
    assert_eq!(before, after);
}

pub fn linkage_runs_are_scoped_and_replace_each_other(store: &Store) {
    let shelter_ids = people(store, "Shelter", &["Ana", "Anna", "Luis"]);
    let police_ids = people(store, "Police", &["Ana María"]);
    let shelter = store.scope(org(store, "Shelter"));

    // The shelter may not put the police's private record into its entities.
    let foreign = vec![
        (shelter_ids[0].clone(), shelter_ids[0].clone()),
        (police_ids[0].clone(), shelter_ids[0].clone()),
    ];
    let err = shelter
        .save_linkage(&NewLinkage {
            config: "id = \"id\"",
            pairs: 1,
            members: &foreign,
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
    assert!(shelter.latest_linkage().unwrap().is_none());

    let members = vec![
        (shelter_ids[0].clone(), shelter_ids[0].clone()),
        (shelter_ids[1].clone(), shelter_ids[0].clone()),
        (shelter_ids[2].clone(), shelter_ids[2].clone()),
    ];
    let run = shelter
        .save_linkage(&NewLinkage {
            config: "id = \"id\"",
            pairs: 1,
            members: &members,
        })
        .unwrap();
    assert_eq!((run.records, run.entities), (3, 2));
    let count = shelter.count_persons().unwrap();
    assert_eq!((count.records, count.persons), (3, 2));
    assert_eq!(
        shelter.entity_of(&shelter_ids[1]).unwrap().as_deref(),
        Some(shelter_ids[0].as_str())
    );

    // The police see neither the shelter's private records nor its run.
    let police = store.scope(org(store, "Police"));
    assert!(police.entity_of(&shelter_ids[1]).unwrap().is_none());
    assert!(police.latest_linkage().unwrap().is_none());
    let count = police.count_persons().unwrap();
    assert_eq!((count.records, count.persons), (1, 1));

    // A new run replaces the old one.
    let apart: Vec<(String, String)> = shelter_ids
        .iter()
        .map(|id| (id.clone(), id.clone()))
        .collect();
    shelter
        .save_linkage(&NewLinkage {
            config: "id = \"id\"",
            pairs: 0,
            members: &apart,
        })
        .unwrap();
    assert_eq!(shelter.count_persons().unwrap().persons, 3);
}

pub fn decisions_are_kept_per_organisation_and_respected(store: &Store) {
    let shelter_ids = people(store, "Shelter", &["Ana", "Anna"]);
    let police_ids = people(store, "Police", &["Pedro"]);
    let shelter = store.scope(org(store, "Shelter"));
    assert!(matches!(
        shelter.decide_link(&shelter_ids[0], &police_ids[0], true, "reviewer-1", None),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        shelter.decide_link(&shelter_ids[0], &shelter_ids[0], true, "reviewer-1", None),
        Err(StoreError::NotFound)
    ));
    shelter
        .decide_link(
            &shelter_ids[1],
            &shelter_ids[0],
            true,
            "reviewer-1",
            Some("same mother"),
        )
        .unwrap();
    shelter
        .decide_link(&shelter_ids[0], &shelter_ids[1], false, "reviewer-2", None)
        .unwrap();
    let decisions = shelter.link_decisions().unwrap();
    assert_eq!(decisions.len(), 1);
    assert!(!decisions[0].same);
    assert_eq!(decisions[0].reviewer, "reviewer-2");
    assert!(!decisions[0].decided_at.is_empty());

    // A later run does not erase decisions.
    let apart: Vec<(String, String)> = shelter_ids
        .iter()
        .map(|id| (id.clone(), id.clone()))
        .collect();
    shelter
        .save_linkage(&NewLinkage {
            config: "",
            pairs: 0,
            members: &apart,
        })
        .unwrap();
    assert_eq!(shelter.link_decisions().unwrap(), decisions);

    // Another organisation sees none of them, even once the records are shared.
    shelter
        .set_sharing(&shelter_ids[0], Sharing::Shared)
        .unwrap();
    shelter
        .set_sharing(&shelter_ids[1], Sharing::Shared)
        .unwrap();
    let police = store.scope(org(store, "Police"));
    assert!(police.link_decisions().unwrap().is_empty());
}

pub fn an_unshared_case_leaves_others_linkage(store: &Store) {
    let partner_ids = people(store, "Partner", &["Ana"]);
    let hub_ids = people(store, "Hub", &["Anna", "Luis"]);
    let partner = store.scope(org(store, "Partner"));
    partner
        .set_sharing(&partner_ids[0], Sharing::Shared)
        .unwrap();

    // The hub links the partner's shared record with its own, naming the entity by the
    // partner's record (stored first), and decides about the pair.
    let hub = store.scope(org(store, "Hub"));
    let members = vec![
        (partner_ids[0].clone(), partner_ids[0].clone()),
        (hub_ids[0].clone(), partner_ids[0].clone()),
        (hub_ids[1].clone(), hub_ids[1].clone()),
    ];
    hub.save_linkage(&NewLinkage {
        config: "",
        pairs: 1,
        members: &members,
    })
    .unwrap();
    hub.decide_link(&partner_ids[0], &hub_ids[0], true, "rev", None)
        .unwrap();
    hub.decide_link(&hub_ids[0], &hub_ids[1], false, "rev", None)
        .unwrap();
    assert_eq!(
        hub.entity_of(&hub_ids[0]).unwrap(),
        Some(partner_ids[0].clone())
    );
    assert_eq!(hub.count_persons().unwrap().persons, 2);

    // The partner stops sharing: nothing of its record stays with the hub.
    partner
        .set_sharing(&partner_ids[0], Sharing::Private)
        .unwrap();
    assert_eq!(hub.entity_of(&partner_ids[0]).unwrap(), None);
    assert_eq!(
        hub.entity_of(&hub_ids[0]).unwrap(),
        Some(hub_ids[0].clone())
    );
    let count = hub.count_persons().unwrap();
    assert_eq!((count.records, count.persons), (2, 2));
    let decisions = hub.link_decisions().unwrap();
    assert_eq!(decisions.len(), 1);
    assert!(decisions
        .iter()
        .all(|d| d.left != partner_ids[0] && d.right != partner_ids[0]));
    // Shared again, the hub's old decision does not come back: it was withdrawn, not hidden.
    partner
        .set_sharing(&partner_ids[0], Sharing::Shared)
        .unwrap();
    assert_eq!(hub.link_decisions().unwrap().len(), 1);
    assert_eq!(hub.entity_of(&partner_ids[0]).unwrap(), None);
}

pub fn an_unshared_article_leaves_others_events(store: &Store) {
    let theirs = news(store, "partner", "s", "Informe s sobre trata.", Some(24));
    let mine = news(store, "hub", "a", "Informe a sobre trata.", Some(20));
    let partner = store.scope(org(store, "partner"));
    partner
        .set_article_sharing(&theirs, Sharing::Shared)
        .unwrap();
    let hub = store.scope(org(store, "hub"));
    let members = vec![
        (theirs.clone(), theirs.clone()),
        (mine.clone(), theirs.clone()),
    ];
    hub.save_event_linkage(&NewEventLinkage {
        settings: "{}",
        pairs: 1,
        members: &members,
    })
    .unwrap();
    hub.decide_event(&theirs, &mine, true, "rev", None).unwrap();
    assert_eq!(hub.event_of(&mine).unwrap(), Some(theirs.clone()));
    assert!(hub
        .event_reports()
        .unwrap()
        .iter()
        .all(|r| r.event_id == theirs));

    partner
        .set_article_sharing(&theirs, Sharing::Private)
        .unwrap();
    assert_eq!(hub.event_of(&mine).unwrap(), Some(mine.clone()));
    let reports = hub.event_reports().unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].event_id, mine);
    assert!(hub.event_decisions().unwrap().is_empty());
    let count = hub.count_events().unwrap();
    assert_eq!(
        (count.reports, count.events, count.victims_in_events),
        (1, 1, 20)
    );
}

pub fn events_count_victims_once(store: &Store) {
    let a = news(store, "hub", "a", "Informe a.", Some(24));
    let b = news(store, "hub", "b", "Informe b.", Some(20));
    let c = news(store, "hub", "c", "Informe c.", Some(5));
    news(store, "partner", "p", "Informe p.", Some(7));
    let hub = store.scope(org(store, "hub"));
    let mut seen = Vec::new();
    assert_eq!(
        hub.for_each_report(&mut |r| {
            seen.push(r.article_id);
            Ok(())
        })
        .unwrap(),
        3
    );
    assert_eq!(seen, vec![a.clone(), b.clone(), c.clone()]);
    let members = vec![
        (a.clone(), a.clone()),
        (b.clone(), a.clone()),
        (c.clone(), c.clone()),
    ];
    let run = hub
        .save_event_linkage(&NewEventLinkage {
            settings: "{}",
            pairs: 1,
            members: &members,
        })
        .unwrap();
    assert_eq!((run.reports, run.events), (3, 2));
    let count = hub.count_events().unwrap();
    assert_eq!(
        (
            count.reports,
            count.events,
            count.victims_in_reports,
            count.victims_in_events
        ),
        (3, 2, 49, 29)
    );
    assert_eq!(hub.latest_event_linkage().unwrap().unwrap().id, run.id);
    let partner = store.scope(org(store, "partner"));
    assert!(partner.latest_event_linkage().unwrap().is_none());
    assert_eq!(partner.event_of(&a).unwrap(), None);
}

pub fn a_failed_watchlist_replacement_keeps_the_old_list(store: &Store) {
    let scope = store.scope(org(store, "Shelter"));
    let list = NewWatchlist {
        name: "un",
        source_file: "un.csv",
        format: "csv",
    };
    let first = scope
        .replace_watchlist_entries(
            &list,
            &[entry("a", 1, &["Ana Ruiz"]), entry("b", 2, &["Luis Rojas"])],
            ListCounts {
                rows: 2,
                rejected: 0,
            },
        )
        .unwrap();
    let failed = scope.replace_watchlist(&list, &mut |sink| {
        sink(entry("c", 1, &["Carla Díaz"]))?;
        Err(StoreError::Source(
            "the file ended in the middle of a row".into(),
        ))
    });
    assert!(matches!(failed, Err(StoreError::Source(_))));
    let now = scope.watchlist("un").unwrap().unwrap();
    assert_eq!(now, first.list);
    let mut names = Vec::new();
    scope
        .for_each_watchlist_entry(&now.id, &mut |e| {
            names.push(e.names[0].clone());
            Ok(())
        })
        .unwrap();
    assert_eq!(names, vec!["Ana Ruiz", "Luis Rojas"]);

    // A successful replacement says what it replaced.
    let second = scope
        .replace_watchlist_entries(
            &list,
            &[entry("c", 1, &["Carla Díaz"])],
            ListCounts {
                rows: 1,
                rejected: 0,
            },
        )
        .unwrap();
    assert_eq!(second.replaced.map(|r| r.entries), Some(2));
    assert_eq!(second.list.entries, 1);
}

pub fn a_list_is_never_taken_from_another_organisation_unasked(store: &Store) {
    let police = store.scope(org(store, "Migración"));
    police
        .replace_watchlist_entries(
            &NewWatchlist {
                name: "un",
                source_file: "/srv/listas/un.csv",
                format: "csv",
            },
            &[entry("a", 1, &["Ana Ruiz"])],
            ListCounts {
                rows: 1,
                rejected: 0,
            },
        )
        .unwrap();
    police.set_watchlist_sharing("un", Sharing::Shared).unwrap();

    let shelter = store.scope(org(store, "Shelter"));
    // Its own "un" does not exist: the shared one of the same name is not taken in its place.
    assert_eq!(shelter.watchlist("un").unwrap(), None);
    let theirs = shelter.watchlist_of("Migración", "un").unwrap().unwrap();
    assert_eq!(theirs.organisation, "Migración");
    assert!(!theirs.own);
    assert_eq!(theirs.source_file, None);
    assert_eq!(theirs.entries, 1);

    // With a list of its own of that name, each is found by its owner.
    shelter
        .replace_watchlist_entries(
            &NewWatchlist {
                name: "un",
                source_file: "mine.csv",
                format: "csv",
            },
            &[entry("b", 1, &["Luis Rojas"]), entry("c", 2, &["Eva Paz"])],
            ListCounts {
                rows: 2,
                rejected: 0,
            },
        )
        .unwrap();
    let own = shelter.watchlist("un").unwrap().unwrap();
    assert!(own.own);
    assert_eq!((own.entries, own.organisation.as_str()), (2, "Shelter"));
    assert_eq!(
        shelter
            .watchlist_of("Migración", "un")
            .unwrap()
            .unwrap()
            .entries,
        1
    );
    let all = shelter.watchlists().unwrap();
    assert_eq!(
        all.iter()
            .map(|l| (l.organisation.as_str(), l.own))
            .collect::<Vec<_>>(),
        vec![("Shelter", true), ("Migración", false)]
    );
    // Unshared, it is gone for the shelter.
    police
        .set_watchlist_sharing("un", Sharing::Private)
        .unwrap();
    assert_eq!(shelter.watchlist_of("Migración", "un").unwrap(), None);
}

pub fn watchlists_are_scoped_and_removed_by_their_owner_only(store: &Store) {
    let shelter = store.scope(org(store, "Shelter"));
    let stored = vec![
        entry("w1", 1, &["María José García", "Majo"]),
        entry("w3", 3, &["Pedro Ruiz"]),
    ];
    let result = shelter
        .replace_watchlist_entries(
            &NewWatchlist {
                name: "un",
                source_file: "un.csv",
                format: "csv",
            },
            &stored,
            ListCounts {
                rows: 3,
                rejected: 1,
            },
        )
        .unwrap();
    assert!(result.replaced.is_none());
    assert_eq!((result.list.entries, result.list.rows), (2, 3));
    assert_eq!(result.list.sharing, Sharing::Private);
    let mut back = Vec::new();
    shelter
        .for_each_watchlist_entry(&result.list.id, &mut |e| {
            back.push(e);
            Ok(())
        })
        .unwrap();
    assert_eq!(back, stored);

    let police = store.scope(org(store, "Police"));
    assert!(police.watchlists().unwrap().is_empty());
    assert_eq!(police.watchlist_of("Shelter", "un").unwrap(), None);
    let mut seen = 0;
    assert_eq!(
        police
            .for_each_watchlist_entry(&result.list.id, &mut |_| {
                seen += 1;
                Ok(())
            })
            .unwrap(),
        0
    );
    assert_eq!(seen, 0);
    assert!(matches!(
        police.remove_watchlist("un"),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        police.set_watchlist_sharing("un", Sharing::Shared),
        Err(StoreError::NotFound)
    ));
    shelter
        .set_watchlist_sharing("un", Sharing::Shared)
        .unwrap();
    assert_eq!(police.watchlists().unwrap().len(), 1);
    assert!(matches!(
        police.remove_watchlist("un"),
        Err(StoreError::NotFound)
    ));
    let removed = shelter.remove_watchlist("un").unwrap();
    assert_eq!(removed.entries, 2);
    assert!(shelter.watchlist("un").unwrap().is_none());
}
