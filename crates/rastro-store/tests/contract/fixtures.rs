//! Records and members the contract tests use: small, made up, and enough to tell owners apart.
//! Members are made as an installation makes them: the local administrator creates the
//! organisation and a user, the user gets a token, and the token authenticates an actor.

use rastro_model::{CaseRecord, Field};
use rastro_store::{
    Actor, Basis, GrantTarget, Grantee, Ingested, Level, NewArticle, NewCase, NewGrant, NewsFacet,
    OrgKind, RecordKind, Role, Scope, Store, WatchlistEntry,
};

/// An actor of `org` (created as an NGO when new) in `role`.
pub fn member(store: &Store, org: &str, role: Role) -> Actor {
    member_of_kind(store, org, OrgKind::Ngo, role)
}

pub fn member_of_kind(store: &Store, org: &str, kind: OrgKind, role: Role) -> Actor {
    let admin = store.local_admin().unwrap();
    if store.find_organisation(org).unwrap().is_none() {
        admin.create_organisation(org, kind, None).unwrap();
    }
    let name = format!("{}-{}", org.to_lowercase().replace(' ', "-"), role.as_str());
    if !admin.users().unwrap().iter().any(|u| u.name == name) {
        admin.create_user(org, &name, role, None).unwrap();
    }
    let token = admin.issue_token(&name, None, 1, "test").unwrap();
    store.authenticate_token(&token.secret).unwrap()
}

/// A caseworker of `org`: imports, reads in full, shares.
pub fn caseworker(store: &Store, org: &str) -> Actor {
    member(store, org, Role::Caseworker)
}

pub fn analyst(store: &Store, org: &str) -> Actor {
    member(store, org, Role::Analyst)
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
    let import = scope.begin_import(file, "CSV").unwrap();
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

/// Stores one person record per name for a caseworker of `org`; returns their ids in order.
pub fn people(store: &Store, org: &str, names: &[&str]) -> Vec<String> {
    let actor = caseworker(store, org);
    let scope = store.scope(&actor);
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
    let mut ids = Vec::new();
    scope
        .for_each_case(Level::Exists, rastro_store::CaseSelection::Own, &mut |c| {
            ids.push(c.id().to_string());
            Ok(())
        })
        .unwrap();
    ids
}

/// A grant of one record (or of all, with `None`) to `to`, at `level`, until revoked.
pub fn share(
    scope: &Scope<'_>,
    kind: RecordKind,
    record: Option<&str>,
    to: Grantee,
    level: Level,
) -> String {
    scope
        .grant(&NewGrant {
            kind,
            target: record.map_or(GrantTarget::All, |id| GrantTarget::Record(id.to_string())),
            grantee: to,
            level,
            purpose: "a test",
            basis: Basis::Agreement,
            expires_at: None,
        })
        .unwrap()
        .id
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

/// Stores an article for an analyst of `org` (key = text key = title); returns its id.
pub fn news(store: &Store, org: &str, key: &str, body: &str, victims: Option<u64>) -> String {
    let incident = format!(r#"{{"id":"{key}","victims":{}}}"#, victims.unwrap_or(0));
    let mut a = article(key, None, body, &incident, &[]);
    a.victims = victims;
    let actor = analyst(store, org);
    match store.scope(&actor).ingest_article(&a).unwrap() {
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

/// Everything the database holds, as text: an SQLite store's file and log, or every row of a
/// PostgreSQL store's tables (byte columns decoded as well), for tests that a value is not
/// stored in the clear.
pub fn stored_text(store: &Store) -> String {
    match store.url() {
        rastro_store::StoreUrl::Sqlite(path) => {
            let mut bytes = std::fs::read(path).unwrap();
            let mut wal = path.clone().into_os_string();
            wal.push("-wal");
            bytes.extend(std::fs::read(&wal).unwrap_or_default());
            String::from_utf8_lossy(&bytes).into_owned()
        }
        rastro_store::StoreUrl::Postgres(url) => {
            let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
            let tables: Vec<String> = client
                .query(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            let mut out = String::new();
            for table in tables {
                for row in client
                    .query(&format!("SELECT t::text FROM \"{table}\" t"), &[])
                    .unwrap()
                {
                    let text: String = row.get(0);
                    out.push_str(&decoded_hex(&text));
                    out.push_str(&text);
                    out.push('\n');
                }
            }
            out
        }
    }
}

/// The bytes of every `\x…` hex run in `text` (how PostgreSQL writes byte columns as text).
fn decoded_hex(text: &str) -> String {
    let mut out = Vec::new();
    for part in text.split("\\x").skip(1) {
        let digits: Vec<u8> = part.bytes().take_while(u8::is_ascii_hexdigit).collect();
        for pair in digits.chunks_exact(2) {
            let hex = std::str::from_utf8(pair).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
        }
        out.push(b'\n');
    }
    String::from_utf8_lossy(&out).into_owned()
}
