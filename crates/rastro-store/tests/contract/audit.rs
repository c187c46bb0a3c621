//! The audit trail's contract: every read path and every change leaves exactly one event, in the
//! acting organisation's chain; events hold ids, levels and counts, never names or search text;
//! an owner sees others' reads of its records; only the auditor role reads a trail; and an
//! untouched trail verifies.

use rastro_store::{
    AuditSelection, CaseSelection, Facet, FactsSpan, Grantee, Level, NewsFacet, QueryTerm,
    RecordKind, Role, Store, StoreError, TextQuery,
};

use super::fixtures::*;
use super::transactions::{an_alert, import_txns, read_txns, txn};
use rastro_store::Identifier;

/// Every event in `org`'s own chain, newest first, read by an auditor of it (each reading is
/// traced after it, and shows in the next).
fn chain(store: &Store, org: &str) -> Vec<rastro_store::AuditEvent> {
    let auditor = member(store, org, Role::Auditor);
    store
        .scope(&auditor)
        .audit_log(AuditSelection::Own, 100_000)
        .unwrap()
}

/// The chain without the auditors' readings of it.
fn own_events(store: &Store, org: &str) -> Vec<rastro_store::AuditEvent> {
    let mut events = chain(store, org);
    events.retain(|e| e.action != "read_audit");
    events
}

fn chain_len(store: &Store, org: &str) -> usize {
    chain(store, org).len()
}

pub fn every_read_path_writes_exactly_one_event(store: &Store) {
    let cw = caseworker(store, "Shelter");
    let scope = store.scope(&cw);
    let ids = import(&scope, "a.csv", &[(case("Ana", "ForcedLabour", "PE"), "a")]);
    news(store, "Shelter", "n1", "Rescate en Lima", Some(3));
    let reader = analyst(store, "Shelter");
    let scope = store.scope(&reader);
    import_txns(
        &scope,
        "t.csv",
        &[txn(1, "PE-0001", "PE-0002", Some("+51 987 654 321"))],
    );
    let txn_ids: Vec<String> = read_txns(&scope, None)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let alert_id = scope
        .store_alerts(&[an_alert("A1", "PE-0001", &txn_ids)])
        .unwrap()
        .ids[0]
        .clone();
    // Read before counting: reading the stamp is itself a read that leaves an event.
    let stamp = scope.statistics_stamp("test").unwrap();
    type ReadPath<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let paths: Vec<ReadPath<'_>> = vec![
        ("case", Box::new(|| discard(scope.case(&ids[0]).unwrap()))),
        (
            "for_each_case",
            Box::new(|| {
                scope
                    .for_each_case(Level::Detail, CaseSelection::Visible, &mut |_| Ok(()))
                    .unwrap();
            }),
        ),
        (
            "count_cases",
            Box::new(|| discard(scope.count_cases().unwrap())),
        ),
        (
            "facet_counts",
            Box::new(|| discard(scope.facet_counts(Facet::Exploitation).unwrap())),
        ),
        (
            "crosstab",
            Box::new(|| {
                discard(
                    scope
                        .crosstab(Facet::ExploitationCountry, Facet::Exploitation)
                        .unwrap(),
                )
            }),
        ),
        (
            "count_persons",
            Box::new(|| discard(scope.count_persons().unwrap())),
        ),
        (
            "latest_linkage",
            Box::new(|| discard(scope.latest_linkage().unwrap())),
        ),
        (
            "entity_of",
            Box::new(|| discard(scope.entity_of(&ids[0]).unwrap())),
        ),
        (
            "link_decisions",
            Box::new(|| discard(scope.link_decisions().unwrap())),
        ),
        (
            "count_news",
            Box::new(|| discard(scope.count_news().unwrap())),
        ),
        (
            "news_with",
            Box::new(|| discard(scope.news_with(NewsFacet::Country, "PE").unwrap())),
        ),
        (
            "search_news",
            Box::new(|| {
                let query = TextQuery {
                    terms: vec![QueryTerm::Word("lima".into())],
                };
                discard(scope.search_news(&query, 10).unwrap())
            }),
        ),
        (
            "count_events",
            Box::new(|| discard(scope.count_events().unwrap())),
        ),
        (
            "event_reports",
            Box::new(|| discard(scope.event_reports().unwrap())),
        ),
        (
            "watchlists",
            Box::new(|| discard(scope.watchlists().unwrap())),
        ),
        (
            "watchlist",
            Box::new(|| discard(scope.watchlist("un").unwrap())),
        ),
        (
            "for_each_watchlist_entry",
            Box::new(|| {
                discard(
                    scope
                        .for_each_watchlist_entry(&ids[0], &mut |_| Ok(()))
                        .unwrap(),
                )
            }),
        ),
        (
            "grants_received",
            Box::new(|| discard(scope.grants_received().unwrap())),
        ),
        (
            "for_each_case_facts",
            Box::new(|| {
                discard(
                    scope
                        .for_each_case_facts(FactsSpan::everything(&stamp), &mut |_| Ok(()))
                        .unwrap(),
                )
            }),
        ),
        (
            "for_each_incident_facts",
            Box::new(|| {
                discard(
                    scope
                        .for_each_incident_facts(FactsSpan::everything(&stamp), &mut |_| Ok(()))
                        .unwrap(),
                )
            }),
        ),
        (
            "statistics_stamp",
            Box::new(|| discard(scope.statistics_stamp("overview").unwrap())),
        ),
        (
            "news_articles",
            Box::new(|| discard(scope.news_articles(&ids).unwrap())),
        ),
        (
            "news_text",
            Box::new(|| discard(scope.news_text(&ids[0]).unwrap())),
        ),
        (
            "for_each_transaction",
            Box::new(|| discard(scope.for_each_transaction(None, &mut |_| Ok(())).unwrap())),
        ),
        (
            "transactions",
            Box::new(|| discard(scope.transactions(&txn_ids).unwrap())),
        ),
        (
            "find_transactions",
            Box::new(|| {
                discard(
                    scope
                        .find_transactions(Identifier::Account, "PE-0001")
                        .unwrap(),
                )
            }),
        ),
        ("alerts", Box::new(|| discard(scope.alerts(None).unwrap()))),
        (
            "visible transactions",
            Box::new(|| {
                discard(
                    scope
                        .visit_transactions(
                            rastro_store::TransactionSelection::Visible,
                            None,
                            &mut |_| Ok(()),
                        )
                        .unwrap(),
                )
            }),
        ),
        (
            "alert",
            Box::new(|| discard(scope.alert(&alert_id).unwrap())),
        ),
        (
            "missing alert",
            Box::new(|| discard(scope.alert("00000000000000000000000000").unwrap())),
        ),
        (
            "alert_page",
            Box::new(|| {
                discard(
                    scope
                        .alert_page(&super::transactions::all_alerts())
                        .unwrap(),
                )
            }),
        ),
        (
            "alert_transactions",
            Box::new(|| discard(scope.alert_transactions(&alert_id).unwrap())),
        ),
        (
            "transaction_stamp",
            Box::new(|| discard(scope.transaction_stamp("network").unwrap())),
        ),
        (
            "transaction_counts",
            Box::new(|| discard(scope.transaction_counts().unwrap())),
        ),
    ];
    for (name, read) in paths {
        let before = chain_len(store, "Shelter");
        read();
        let after = chain_len(store, "Shelter");
        // One event for the read, one for the auditor's reading that counted `before`.
        assert_eq!(after, before + 2, "{name}: one event for the read");
    }
}

pub fn changes_and_denials_are_traced_with_ids_never_names(store: &Store) {
    let cw = caseworker(store, "Shelter");
    let scope = store.scope(&cw);
    let ids = import(
        &scope,
        "a.csv",
        &[(case("Canarina Quispe", "ForcedLabour", "PE"), "a")],
    );
    let partner = caseworker(store, "Partner");
    share(
        &scope,
        RecordKind::Case,
        Some(&ids[0]),
        Grantee::Organisation("Partner".into()),
        Level::Full,
    );
    // The partner reads it in full; an auditor of the partner is refused a record read.
    let seen = store.scope(&partner).case(&ids[0]).unwrap();
    assert!(seen.is_some());
    let auditor = member(store, "Partner", Role::Auditor);
    assert!(matches!(
        store.scope(&auditor).count_cases(),
        Err(StoreError::Forbidden { .. })
    ));
    let search = TextQuery {
        terms: vec![QueryTerm::Word("canarina".into())],
    };
    store
        .scope(&analyst(store, "Partner"))
        .search_news(&search, 5)
        .unwrap();

    let shelter = own_events(store, "Shelter");
    let actions: Vec<&str> = shelter.iter().rev().map(|e| e.action.as_str()).collect();
    for expected in ["import_begin", "import_batch", "import_finish", "grant"] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    let partner_events = own_events(store, "Partner");
    let read = partner_events
        .iter()
        .find(|e| e.action == "read_case")
        .expect("the partner's read is traced");
    assert_eq!(read.level.as_deref(), Some("full"));
    assert_eq!(read.records, vec![("Shelter".to_string(), ids[0].clone())]);
    assert!(partner_events.iter().any(|e| e.action == "denied"
        && e.outcome == "denied"
        && e.detail.contains("read_statistics")));
    let searched = partner_events
        .iter()
        .find(|e| e.action == "search_news")
        .expect("the search is traced");
    assert!(searched.detail.contains("query_hash"));
    // No event anywhere names the person or repeats what was searched for.
    let admin = store.local_admin().unwrap();
    for e in admin.audit_log(100_000).unwrap() {
        let text = format!("{e:?}").to_lowercase();
        assert!(
            !text.contains("canarina") && !text.contains("quispe"),
            "{text}"
        );
    }
    // The owner sees who read its record; the reader's other business stays its own.
    let auditor = member(store, "Shelter", Role::Auditor);
    let accesses = store
        .scope(&auditor)
        .audit_log(AuditSelection::AccessByOthers, 100)
        .unwrap();
    assert_eq!(accesses.len(), 1, "{accesses:?}");
    assert_eq!(accesses[0].organisation.as_deref(), Some("Partner"));
    assert_eq!(
        accesses[0].records,
        vec![("Shelter".to_string(), ids[0].clone())]
    );
    // Only the auditor role reads a trail.
    assert!(matches!(
        store.scope(&cw).audit_log(AuditSelection::Own, 10),
        Err(StoreError::Forbidden { .. })
    ));
    // And the trail verifies.
    let report = admin.verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.chains >= 3 && report.events > 10, "{report:?}");
    let own = store.scope(&auditor).verify_audit().unwrap();
    assert_eq!(own.chains, 1);
    assert!(own.problems.is_empty());
}

pub fn sign_ins_are_traced_and_a_revoked_grant_denies_the_next_read(store: &Store) {
    let admin = store.local_admin().unwrap();
    admin
        .create_organisation("Refugio", rastro_store::OrgKind::Shelter, None)
        .unwrap();
    admin
        .create_user(
            "Refugio",
            "rosa",
            Role::Caseworker,
            Some("a long enough password"),
        )
        .unwrap();
    assert!(store.sign_in("rosa", "wrong password here").is_err());
    assert!(store
        .sign_in("nobody-at-all", "wrong password here")
        .is_err());
    let rosa = store.sign_in("rosa", "a long enough password").unwrap();
    let events = own_events(store, "Refugio");
    let sign_ins: Vec<&str> = events
        .iter()
        .filter(|e| e.action == "sign_in")
        .map(|e| e.outcome.as_str())
        .collect();
    assert_eq!(sign_ins, vec!["ok", "failed"]);
    let platform = admin.audit_log(1000).unwrap();
    let unknown = platform
        .iter()
        .find(|e| e.action == "sign_in" && e.organisation.is_none())
        .expect("an unknown user's attempt is traced");
    assert!(!unknown.detail.contains("nobody"), "{}", unknown.detail);

    // After revocation the next read answers as missing.
    let scope = store.scope(&rosa);
    let ids = import(&scope, "a.csv", &[(person("Ana"), "a")]);
    let partner = caseworker(store, "Partner");
    let grant = share(
        &scope,
        RecordKind::Case,
        Some(&ids[0]),
        Grantee::Organisation("Partner".into()),
        Level::Full,
    );
    assert!(store.scope(&partner).case(&ids[0]).unwrap().is_some());
    scope.revoke_grant(&grant).unwrap();
    assert!(store.scope(&partner).case(&ids[0]).unwrap().is_none());
}

/// What a read returns does not matter here, only that it happened.
fn discard<T>(_: T) {}
