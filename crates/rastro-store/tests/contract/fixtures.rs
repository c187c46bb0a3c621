//! Records the contract tests store: small, made up, and enough to tell owners apart.

use rastro_model::{CaseRecord, Field};
use rastro_store::{
    Ingested, NewArticle, NewCase, NewsFacet, Organisation, Scope, Store, WatchlistEntry,
};

pub fn org(store: &Store, name: &str) -> Organisation {
    match store.find_organisation(name).unwrap() {
        Some(org) => org,
        None => store.create_organisation(name).unwrap(),
    }
}

pub fn case(first_name: &str, exploitation: &str, country: &str) -> CaseRecord {
    let mut r = CaseRecord::default();
    r.set(Field::PrsFirstName, first_name).unwrap();
    r.set(Field::VicTypeOfExploitation, exploitation).unwrap();
    r.set(Field::HteType, "Recruitment;Exploitation").unwrap();
    r.set(Field::HteCountry, &format!("VE;{country}")).unwrap();
    r
}

pub fn person(first_name: &str) -> CaseRecord {
    let mut r = CaseRecord::default();
    r.set(Field::PrsFirstName, first_name).unwrap();
    r
}

/// Stores `records` (with their keys) through one import of `file`; returns the ids of the
/// records the import added, in order.
pub fn import(scope: &Scope<'_>, file: &str, records: &[(CaseRecord, &str)]) -> Vec<String> {
    let texts: Vec<String> = records.iter().map(|(r, _)| r.to_compact()).collect();
    let import = scope.begin_import(file, "CSV").unwrap();
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
    let before = own_ids(scope);
    scope.insert_cases(&import, &cases).unwrap();
    scope
        .finish_import(&import, records.len() as u64, 0)
        .unwrap();
    own_ids(scope)
        .into_iter()
        .filter(|id| !before.contains(id))
        .collect()
}

pub fn people(store: &Store, org_name: &str, names: &[&str]) -> Vec<String> {
    let scope = store.scope(org(store, org_name));
    let records: Vec<(CaseRecord, String)> = names
        .iter()
        .map(|n| (person(n), format!("key-{n}")))
        .collect();
    let refs: Vec<(CaseRecord, &str)> = records
        .iter()
        .map(|(r, k)| (r.clone(), k.as_str()))
        .collect();
    import(&scope, "people.csv", &refs)
}

/// Ids of the scope's own records, in the order stored.
pub fn own_ids(scope: &Scope<'_>) -> Vec<String> {
    let me = scope.organisation().name.clone();
    let mut ids = Vec::new();
    scope
        .for_each_case(&mut |c| {
            if c.provenance.organisation == me {
                ids.push(c.id);
            }
            Ok(())
        })
        .unwrap();
    ids
}

pub fn article<'a>(
    key: &'a str,
    url_key: Option<&'a str>,
    body: &'a str,
    incident: &'a str,
    facets: &'a [(NewsFacet, String)],
) -> NewArticle<'a> {
    NewArticle {
        external_id: key,
        url: url_key,
        url_key,
        text_key: key,
        title: Some(key),
        published: Some("2024-05-02"),
        language: "es",
        body,
        source_file: "/home/ana/feeds/secret-feed.jsonl",
        source_line: Some(1),
        incident,
        victims: None,
        arrests: None,
        smuggling: false,
        event_date: None,
        facets,
    }
}

/// Stores an article for `org_name` (key = text key = title); returns its id.
pub fn news(store: &Store, org_name: &str, key: &str, body: &str, victims: Option<u64>) -> String {
    let incident = format!(r#"{{"id":"{key}","victims":{}}}"#, victims.unwrap_or(0));
    let mut a = article(key, None, body, &incident, &[]);
    a.victims = victims;
    match store
        .scope(org(store, org_name))
        .ingest_article(&a)
        .unwrap()
    {
        Ingested::Stored { id } => id,
        other => panic!("not stored: {other:?}"),
    }
}

pub fn entry(id: &str, row: u64, names: &[&str]) -> WatchlistEntry {
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
