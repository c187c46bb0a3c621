//! Events across news reports in a real SQLite file: runs scoped like every record, events and
//! their victims counted once, reviewers' decisions kept per organisation.

use rastro_store::{Ingested, NewArticle, NewEventLinkage, Sharing, Store, StoreError};

fn ingest(store: &mut Store, org: &str, key: &str, victims: Option<u64>) -> String {
    let org = store.ensure_organisation(org).unwrap();
    let body = format!("Informe {key}: la policía rescató a víctimas de trata.");
    let incident = format!(r#"{{"id":"{key}","victims":{}}}"#, victims.unwrap_or(0));
    let article = NewArticle {
        external_id: key,
        url: None,
        url_key: None,
        text_key: key,
        title: Some(key),
        published: Some("2024-05-02"),
        language: "es",
        body: &body,
        source_file: "feed.jsonl",
        source_line: None,
        incident: &incident,
        victims,
        arrests: None,
        smuggling: false,
        event_date: None,
        facets: &[],
    };
    match store.scope(org).ingest_article(&article).unwrap() {
        Ingested::Stored { id } => id,
        other => panic!("not stored: {other:?}"),
    }
}

#[test]
fn runs_count_events_once_and_stay_within_scope() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = ingest(&mut store, "hub", "a", Some(24));
    let b = ingest(&mut store, "hub", "b", Some(20));
    let c = ingest(&mut store, "hub", "c", Some(5));
    let private = ingest(&mut store, "partner", "p", Some(7));
    let shared = ingest(&mut store, "partner", "s", Some(24));
    let hub = store.find_organisation("hub").unwrap().unwrap();
    let partner = store.find_organisation("partner").unwrap().unwrap();
    store
        .scope(partner.clone())
        .set_article_sharing(&shared, Sharing::Shared)
        .unwrap();
    // The hub cannot share the partner's article, and the attempt says nothing about it.
    assert!(matches!(
        store
            .scope(hub.clone())
            .set_article_sharing(&private, Sharing::Shared),
        Err(StoreError::NotFound)
    ));

    let mut scope = store.scope(hub.clone());
    let mut seen = Vec::new();
    let n = scope
        .for_each_report(&mut |r| {
            seen.push(r.article_id);
            Ok(())
        })
        .unwrap();
    assert_eq!(n, 4);
    assert_eq!(seen, vec![a.clone(), b.clone(), c.clone(), shared.clone()]);

    // A run may not name an article the hub cannot see.
    let sneaky = vec![(private.clone(), private.clone())];
    let refused = scope.save_event_linkage(&NewEventLinkage {
        settings: "{}",
        pairs: 0,
        members: &sneaky,
    });
    assert!(matches!(refused, Err(StoreError::NotFound)));

    let members = vec![
        (a.clone(), a.clone()),
        (b.clone(), a.clone()),
        (shared.clone(), a.clone()),
        (c.clone(), c.clone()),
    ];
    let run = scope
        .save_event_linkage(&NewEventLinkage {
            settings: r#"{"threshold":0.9}"#,
            pairs: 2,
            members: &members,
        })
        .unwrap();
    assert_eq!((run.reports, run.pairs, run.events), (4, 2, 2));
    assert_eq!(scope.latest_event_linkage().unwrap(), Some(run));
    let count = scope.count_events().unwrap();
    assert_eq!((count.reports, count.events), (4, 2));
    // 24 + 20 + 5 + 24 reported; the event of a, b and s counts once, at 24.
    assert_eq!(count.victims_in_reports, 73);
    assert_eq!(count.victims_in_events, 29);
    assert_eq!(scope.event_of(&b).unwrap(), Some(a.clone()));
    assert_eq!(scope.event_of(&private).unwrap(), None);
    assert_eq!(scope.event_of("not an id").unwrap(), None);
    let reports = scope.event_reports().unwrap();
    assert_eq!(reports.len(), 4);
    assert_eq!(reports.iter().filter(|r| r.event_id == a).count(), 3);

    // Decisions: visible articles only; a new one about the same pair replaces the old.
    scope.decide_event(&a, &c, true, "ana", None).unwrap();
    scope
        .decide_event(&c, &a, false, "luis", Some("different raids"))
        .unwrap();
    assert!(matches!(
        scope.decide_event(&a, &private, true, "ana", None),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        scope.decide_event(&a, &a, true, "ana", None),
        Err(StoreError::NotFound)
    ));
    let decisions = scope.event_decisions().unwrap();
    assert_eq!(decisions.len(), 1);
    assert!(!decisions[0].same);
    assert_eq!(decisions[0].reviewer, "luis");
    assert_eq!(decisions[0].note.as_deref(), Some("different raids"));

    // The partner has no run and no decisions of the hub's; it counts its own two reports.
    let partner_scope = store.scope(partner);
    assert_eq!(partner_scope.latest_event_linkage().unwrap(), None);
    assert!(partner_scope.event_decisions().unwrap().is_empty());
    assert_eq!(partner_scope.event_of(&shared).unwrap(), None);
    let theirs = partner_scope.count_events().unwrap();
    assert_eq!((theirs.reports, theirs.events), (2, 2));

    // A second run replaces the first.
    let mut scope = store.scope(hub);
    let singles: Vec<(String, String)> = [&a, &b, &c, &shared]
        .iter()
        .map(|id| (id.to_string(), id.to_string()))
        .collect();
    scope
        .save_event_linkage(&NewEventLinkage {
            settings: "{}",
            pairs: 0,
            members: &singles,
        })
        .unwrap();
    assert_eq!(scope.count_events().unwrap().events, 4);
}
