//! What statistics are counted from: the facet values of the cases and incidents an actor sees,
//! a stamp that moves whenever that could change, an article's text only at detail level, and a
//! privacy budget spent once.

use rastro_model::Field;
use rastro_store::{
    BudgetRequest, Facet, FactsSpan, Grantee, Level, NewLinkage, OrgKind, RecordKind, Role, Store,
    StoreError,
};

use super::fixtures::*;

fn facts_of(store: &Store, actor: &rastro_store::Actor) -> Vec<rastro_store::CaseFacts> {
    let scope = store.scope(actor);
    let now = scope.statistics_stamp("test").unwrap();
    facts_in(store, actor, FactsSpan::everything(&now))
}

fn facts_in(
    store: &Store,
    actor: &rastro_store::Actor,
    span: FactsSpan<'_>,
) -> Vec<rastro_store::CaseFacts> {
    let mut out = Vec::new();
    store
        .scope(actor)
        .for_each_case_facts(span, &mut |f| {
            out.push(f);
            Ok(())
        })
        .unwrap();
    out
}

pub fn statistics_count_only_what_grants_allow(store: &Store) {
    let cw = caseworker(store, "Shelter");
    let scope = store.scope(&cw);
    let mut minor = case("Ana", "SexualExploitation", "PE");
    minor.set(Field::VicAgeWhenTrafficked, "15").unwrap();
    minor.set(Field::HteDate, "2023-04-05;2023-06-01").unwrap();
    import(
        &scope,
        "a.csv",
        &[
            (minor, "a"),
            (case("Bea", "ForcedLabour", "CO"), "b"),
            (case("Cris", "ForcedLabour", "CO"), "c"),
        ],
    );
    let hub = member_of_kind(store, "Hub", OrgKind::Hub, Role::HubAnalyst);
    let before = store.scope(&hub).statistics_stamp("test").unwrap();
    assert!(facts_of(store, &hub).is_empty(), "nothing is granted yet");

    let admin = member(store, "Shelter", Role::OrgAdmin);
    let grant = share(
        &store.scope(&admin),
        RecordKind::Case,
        None,
        Grantee::Kind(OrgKind::Hub),
        Level::Summary,
    );
    let granted = store.scope(&hub).statistics_stamp("test").unwrap();
    assert_ne!(before, granted, "a grant moves the stamp");
    let facts = facts_of(store, &hub);
    assert_eq!(facts.len(), 3);
    assert!(facts.iter().all(|f| f.owner == "Shelter"));
    let first = facts
        .iter()
        .find(|f| f.values.contains(&(Facet::AgeBand, "9-17".to_string())))
        .expect("the age band is a facet");
    assert!(
        first
            .values
            .contains(&(Facet::Month, "2023-04".to_string())),
        "{first:?}"
    );
    assert!(first
        .values
        .contains(&(Facet::ExploitationCountry, "PE".to_string())));
    // Facets carry descriptive values only: no name of a person.
    assert!(facts
        .iter()
        .flat_map(|f| &f.values)
        .all(|(_, v)| v != "Ana"));

    store.scope(&admin).revoke_grant(&grant).unwrap();
    let revoked = store.scope(&hub).statistics_stamp("test").unwrap();
    assert_ne!(granted, revoked, "a revocation moves the stamp");
    assert!(
        facts_of(store, &hub).is_empty(),
        "a revoked grant counts nothing at once"
    );

    // A role without statistics is refused, not given an empty answer.
    let auditor = member(store, "Shelter", Role::Auditor);
    assert!(matches!(
        store
            .scope(&auditor)
            .for_each_case_facts(FactsSpan::everything(&revoked), &mut |_| Ok(())),
        Err(StoreError::Forbidden { .. })
    ));
}

pub fn a_stamp_tells_additions_from_other_changes(store: &Store) {
    let cw = caseworker(store, "Shelter");
    let scope = store.scope(&cw);
    import(&scope, "a.csv", &[(case("Ana", "ForcedLabour", "PE"), "a")]);
    let first = scope.statistics_stamp("test").unwrap();
    assert_eq!(facts_of(store, &cw).len(), 1);
    assert!(first.only_adds_to(&first));

    import(
        &scope,
        "b.csv",
        &[
            (case("Bea", "ForcedLabour", "CO"), "b"),
            (case("Cris", "SexualExploitation", "CO"), "c"),
        ],
    );
    let second = scope.statistics_stamp("test").unwrap();
    assert_ne!(first.key(), second.key(), "additions move the stamp");
    assert!(second.only_adds_to(&first), "{first:?} then {second:?}");
    assert!(!first.only_adds_to(&second));
    assert_eq!(
        first.news_key(),
        second.news_key(),
        "cases added change nothing a news search finds"
    );
    let added = facts_in(
        store,
        &cw,
        FactsSpan {
            since: Some(&first),
            upto: &second,
            picklists: false,
            slice: (0, 1),
        },
    );
    assert_eq!(added.len(), 2, "only what was stored since the first stamp");
    // Slices of a span, read apart, are the span: each record once.
    for of in [2, 3, 7] {
        let mut ids: Vec<String> = (0..of)
            .flat_map(|index| {
                let slice = FactsSpan {
                    slice: (index, of),
                    ..FactsSpan::everything(&second)
                };
                facts_in(store, &cw, slice).into_iter().map(|f| f.id)
            })
            .collect();
        ids.sort();
        let mut whole: Vec<String> = facts_in(store, &cw, FactsSpan::everything(&second))
            .into_iter()
            .map(|f| f.id)
            .collect();
        whole.sort();
        assert_eq!(ids, whole, "{of} slices");
    }
    assert_eq!(
        facts_in(store, &cw, FactsSpan::everything(&first)).len(),
        1,
        "a read up to a stamp leaves out what was stored after it"
    );

    let admin = member(store, "Shelter", Role::OrgAdmin);
    let grant = share(
        &store.scope(&admin),
        RecordKind::Case,
        None,
        Grantee::Everyone,
        Level::Summary,
    );
    let third = scope.statistics_stamp("test").unwrap();
    assert!(
        !third.only_adds_to(&second),
        "a grant is not an addition: counts must be read again"
    );
    assert_ne!(
        third.news_key(),
        second.news_key(),
        "a grant may change which news are seen"
    );

    // Every other change to what may be counted moves the stamp too: a revocation, and a
    // linkage run (persons are counted once per entity).
    store.scope(&admin).revoke_grant(&grant).unwrap();
    let fourth = scope.statistics_stamp("test").unwrap();
    assert!(
        !fourth.only_adds_to(&third),
        "a revocation is not an addition"
    );
    let ids = people(store, "Shelter", &["Dora", "Dorra"]);
    let members: Vec<(String, String)> =
        ids.iter().map(|id| (id.clone(), ids[0].clone())).collect();
    let before_run = scope.statistics_stamp("test").unwrap();
    scope
        .save_linkage(&NewLinkage {
            config: "id = \"id\"",
            pairs: 1,
            members: &members,
        })
        .unwrap();
    let fifth = scope.statistics_stamp("test").unwrap();
    assert!(
        !fifth.only_adds_to(&before_run),
        "a linkage run is not an addition"
    );
}

pub fn an_articles_text_needs_detail(store: &Store) {
    let id = news(
        store,
        "Observatory",
        "n1",
        "Rescate de 12 mujeres en Lima",
        Some(12),
    );
    let owner = analyst(store, "Observatory");
    let (title, body) = store.scope(&owner).news_text(&id).unwrap().unwrap();
    assert_eq!(title.as_deref(), Some("n1"));
    assert!(body.contains("Lima"));
    let reader = analyst(store, "Police");
    assert!(store
        .scope(&reader)
        .news_articles(std::slice::from_ref(&id))
        .unwrap()
        .is_empty());
    let granter = member(store, "Observatory", Role::OrgAdmin);
    let grant = share(
        &store.scope(&granter),
        RecordKind::Article,
        None,
        Grantee::Everyone,
        Level::Summary,
    );
    let listed = store
        .scope(&reader)
        .news_articles(&[id.clone(), "0".repeat(26)])
        .unwrap();
    assert_eq!(
        listed.len(),
        1,
        "visible articles are listed, unknown ids left out"
    );
    assert_eq!(
        store.scope(&reader).news_text(&id).unwrap(),
        None,
        "a summary has no text"
    );
    store.scope(&granter).revoke_grant(&grant).unwrap();
    share(
        &store.scope(&granter),
        RecordKind::Article,
        None,
        Grantee::Everyone,
        Level::Detail,
    );
    assert!(store.scope(&reader).news_text(&id).unwrap().is_some());
    let mut incidents = Vec::new();
    let now = store.scope(&reader).statistics_stamp("test").unwrap();
    store
        .scope(&reader)
        .for_each_incident_facts(FactsSpan::everything(&now), &mut |f| {
            incidents.push(f);
            Ok(())
        })
        .unwrap();
    assert_eq!(incidents.len(), 1);
    assert_eq!(incidents[0].victims, Some(12));
    assert_eq!(incidents[0].owner, "Observatory");
}

pub fn a_privacy_budget_is_spent_once(store: &Store) {
    let a = analyst(store, "Shelter");
    let request = |epsilon| BudgetRequest {
        dataset: "cases",
        epsilon,
        total: 1.0,
        dimensions: "form",
    };
    let scope = store.scope(&a);
    scope.spend_privacy_budget(&request(0.5)).unwrap();
    scope.spend_privacy_budget(&request(0.5)).unwrap();
    let refused = scope.spend_privacy_budget(&request(0.1));
    assert!(
        matches!(refused, Err(StoreError::Invalid(ref m)) if m.contains("spent")),
        "{refused:?}"
    );
    assert!(scope.spend_privacy_budget(&request(f64::NAN)).is_err());
    assert!(scope.spend_privacy_budget(&request(-1.0)).is_err());
    let released = scope.privacy_releases("cases").unwrap();
    assert_eq!(released.len(), 2, "a refused release spends nothing");
    assert!(released.iter().all(|r| r.released_by == "shelter-analyst"));
    // Budgets are per dataset and per organisation.
    scope
        .spend_privacy_budget(&BudgetRequest {
            dataset: "news",
            ..request(0.5)
        })
        .unwrap();
    let other = analyst(store, "Police");
    store
        .scope(&other)
        .spend_privacy_budget(&request(1.0))
        .unwrap();
}

pub fn a_large_scan_keeps_every_record_once_in_order(store: &Store) {
    // A scan of thousands of records: each once, in the order stored.
    let cw = caseworker(store, "Shelter");
    let scope = store.scope(&cw);
    let records: Vec<(rastro_model::CaseRecord, String)> = (0..2_500)
        .map(|i| {
            let form = if i % 3 == 0 {
                "ForcedLabour"
            } else {
                "SexualExploitation"
            };
            (case(&format!("P{i}"), form, "PE"), format!("k{i}"))
        })
        .collect();
    let borrowed: Vec<(rastro_model::CaseRecord, &str)> = records
        .iter()
        .map(|(r, k)| (r.clone(), k.as_str()))
        .collect();
    import(&scope, "many.csv", &borrowed);
    let mut listed = Vec::new();
    scope
        .for_each_case(
            Level::Summary,
            rastro_store::CaseSelection::Visible,
            &mut |c| {
                listed.push(c.id().to_string());
                Ok(())
            },
        )
        .unwrap();
    let facts = facts_of(store, &cw);
    let ids: Vec<String> = facts.iter().map(|f| f.id.clone()).collect();
    assert_eq!(ids.len(), 2_500);
    assert_eq!(ids, listed, "every record once, in the order stored");
    let labour = facts
        .iter()
        .filter(|f| {
            f.values
                .contains(&(Facet::Exploitation, "ForcedLabour".to_string()))
        })
        .count();
    assert_eq!(labour, 834);
}
