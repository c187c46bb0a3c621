//! News articles in a real SQLite file: the same article stored once (by URL or by text),
//! reads scoped to the organisation, search by facet and by words.

use rastro_store::{DuplicateOf, Ingested, NewArticle, NewsFacet, Store};

fn article<'a>(
    external_id: &'a str,
    url_key: Option<&'a str>,
    text_key: &'a str,
    body: &'a str,
    facets: &'a [(NewsFacet, String)],
) -> NewArticle<'a> {
    NewArticle {
        external_id,
        url: url_key,
        url_key,
        text_key,
        title: Some("Rescatan a 12 víctimas"),
        published: Some("2024-05-02"),
        language: "es",
        body,
        source_file: "feed.jsonl",
        source_line: Some(1),
        incident: r#"{"victims":12}"#,
        victims: Some(12),
        arrests: Some(3),
        smuggling: false,
        event_date: Some("2024-05-01"),
        facets,
    }
}

#[test]
fn stores_once_scopes_reads_and_searches() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let ngo = store.ensure_organisation("ngo").unwrap();
    let other = store.ensure_organisation("other").unwrap();
    let facets = vec![
        (NewsFacet::Country, "CO".to_string()),
        (NewsFacet::Exploitation, "sexual_exploitation".to_string()),
    ];
    let body = "La Policía rescató a 12 mujeres en Bogotá y detuvo a tres tratantes.";

    let mut scope = store.scope(ngo.clone());
    let first = scope
        .ingest_article(&article("a1", Some("diario.com/1"), "t1", body, &facets))
        .unwrap();
    let Ingested::Stored { id } = first else {
        panic!("not stored: {first:?}")
    };
    // Same URL, different text (an updated version): the same article.
    let again = scope
        .ingest_article(&article(
            "a1b",
            Some("diario.com/1"),
            "t2",
            "otro texto",
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
    let copy = scope
        .ingest_article(&article("a2", Some("otro.com/x"), "t1", body, &facets))
        .unwrap();
    assert_eq!(
        copy,
        Ingested::Duplicate {
            id: id.clone(),
            by: DuplicateOf::Text
        }
    );
    let second = scope
        .ingest_article(&article(
            "a3",
            None,
            "t3",
            "Detienen a 2 personas en Lima.",
            &[],
        ))
        .unwrap();
    assert!(matches!(second, Ingested::Stored { .. }));
    assert_eq!(scope.count_news().unwrap(), 2);

    let stored = scope.news_article(&id).unwrap().expect("own article");
    assert_eq!(stored.external_id, "a1");
    assert_eq!(stored.incident, r#"{"victims":12}"#);
    let by_country = scope.news_with(NewsFacet::Country, "CO").unwrap();
    assert_eq!(by_country.len(), 1);
    assert!(scope
        .news_with(NewsFacet::Country, "PE")
        .unwrap()
        .is_empty());
    // Accents do not matter to the word search.
    let found = scope.search_news("bogota", 10).unwrap();
    assert_eq!(
        found.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        [id.as_str()]
    );

    // Another organisation sees nothing of it, and may store the same article for itself.
    let mut theirs = store.scope(other);
    assert_eq!(theirs.count_news().unwrap(), 0);
    assert_eq!(theirs.news_article(&id).unwrap(), None);
    assert!(theirs.search_news("bogota", 10).unwrap().is_empty());
    assert!(theirs
        .news_with(NewsFacet::Country, "CO")
        .unwrap()
        .is_empty());
    let own_copy = theirs
        .ingest_article(&article("a1", Some("diario.com/1"), "t1", body, &facets))
        .unwrap();
    assert!(matches!(own_copy, Ingested::Stored { .. }));
}

#[test]
fn reopening_keeps_articles_and_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        let org = store.ensure_organisation("ngo").unwrap();
        store
            .scope(org)
            .ingest_article(&article("a1", None, "t1", "texto", &[]))
            .unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    let org = store.ensure_organisation("ngo").unwrap();
    assert_eq!(store.scope(org).count_news().unwrap(), 1);
}
