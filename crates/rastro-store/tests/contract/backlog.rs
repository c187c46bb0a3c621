//! The extraction backlog: an organisation reads back its own articles (never another's, even
//! one it may see) a page at a time, and replacing their incidents changes only what differs,
//! only the organisation's own, and moves the stamp that statistics are kept by.

use rastro_store::{
    FactsSpan, Grantee, IncidentUpdate, Level, NewsFacet, RecordKind, Store, StoreError,
};

use super::fixtures::{analyst, caseworker, news, share};

pub fn a_backlog_reads_own_articles_and_replaces_only_what_changed(store: &Store) {
    let mine: Vec<String> = (0..5)
        .map(|i| {
            news(
                store,
                "Observatory",
                &format!("nota-{i}"),
                &format!("texto {i}"),
                Some(i),
            )
        })
        .collect();
    let theirs = news(store, "Police", "parte", "texto ajeno", Some(9));
    share(
        &store.scope(&caseworker(store, "Police")),
        RecordKind::Article,
        None,
        Grantee::Everyone,
        Level::Full,
    );
    let observer = analyst(store, "Observatory");
    let scope = store.scope(&observer);

    // Pages in the order stored, the organisation's own only.
    let first = scope.own_articles(None, 2).unwrap();
    assert_eq!(first.total, 5);
    let ids = |page: &rastro_store::ArticlePage| -> Vec<String> {
        page.articles.iter().map(|a| a.id.clone()).collect()
    };
    assert_eq!(ids(&first), mine[..2].to_vec());
    assert_eq!(first.articles[0].body, "texto 0");
    assert_eq!(first.articles[0].external_id, "nota-0");
    let second = scope.own_articles(Some(&mine[1]), 10).unwrap();
    assert_eq!(ids(&second), mine[2..].to_vec());
    assert!(scope
        .own_articles(Some(&mine[4]), 10)
        .unwrap()
        .articles
        .is_empty());
    assert!(matches!(
        scope.own_articles(Some("not an id"), 10),
        Err(StoreError::Invalid(_))
    ));

    let before = scope.statistics_stamp("test").unwrap();
    let facets = [(NewsFacet::Country, "PE".to_string())];
    // The first article changes; the second is given its own incident back (unchanged); the
    // other organisation's, though visible in full, is not this organisation's to replace.
    let same = first.articles[1].incident.clone();
    let unchanged = IncidentUpdate {
        incident: &same,
        ..update(&mine[1], Some(1), &facets)
    };
    let replaced = scope
        .replace_incidents(&[
            update(&mine[0], Some(40), &facets),
            unchanged,
            update(&theirs, Some(40), &facets),
        ])
        .unwrap();
    assert_eq!(replaced, 1);
    let after = scope.statistics_stamp("test").unwrap();
    assert!(
        !after.only_adds_to(&before),
        "a replaced incident changes what is counted: {before:?} then {after:?}"
    );
    let mut counted = Vec::new();
    scope
        .for_each_incident_facts(FactsSpan::everything(&after), &mut |f| {
            counted.push(f);
            Ok(())
        })
        .unwrap();
    let of = |id: &str| counted.iter().find(|f| f.id == id).unwrap().clone();
    assert_eq!(of(&mine[0]).victims, Some(40));
    assert_eq!(of(&mine[0]).values, facets.to_vec());
    assert_eq!(of(&mine[1]).victims, Some(1));
    assert_eq!(
        of(&theirs).victims,
        Some(9),
        "another's incident is left alone"
    );
    let read = scope.own_articles(None, 1).unwrap();
    assert_eq!(read.articles[0].incident, r#"{"id":"nota","victims":40}"#);

    // Doing it again changes nothing, and the stamp stays.
    let again = scope
        .replace_incidents(&[update(&mine[0], Some(40), &facets)])
        .unwrap();
    assert_eq!(again, 0);
    assert_eq!(
        scope.statistics_stamp("test").unwrap().key(),
        after.key(),
        "nothing replaced, nothing moved"
    );

    // Only a role that ingests news may do either.
    let cw = caseworker(store, "Observatory");
    assert!(matches!(
        store.scope(&cw).own_articles(None, 10),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        store
            .scope(&cw)
            .replace_incidents(&[update(&mine[0], None, &facets)]),
        Err(StoreError::Forbidden { .. })
    ));
}

/// The incident a new extraction finds in `article`: 40 victims, in Peru.
fn update<'a>(
    article: &'a str,
    victims: Option<u64>,
    facets: &'a [(NewsFacet, String)],
) -> IncidentUpdate<'a> {
    IncidentUpdate {
        article_id: article,
        language: "es",
        incident: r#"{"id":"nota","victims":40}"#,
        victims,
        arrests: Some(2),
        smuggling: true,
        event_date: Some("2024-05-01"),
        facets,
    }
}
