//! What the contract suite does not reach of cases and statistics on PostgreSQL, held against
//! SQLite: a batch that repeats a record (PostgreSQL stores a batch in one statement), reads
//! longer than one chunk of a scan, and how fast a bulk import goes (`--ignored`). Skipped,
//! like `tests/postgres.rs`, when no server is named (unless required).

// Only the fixtures are used here, not the suite the module re-exports.
#[allow(unused_imports)]
mod contract;
mod pg_support;

use std::time::Instant;

use contract::fixtures::{case, caseworker};
use pg_support::TempDatabase;
use rastro_model::{CaseRecord, Field};
use rastro_store::{
    CaseSelection, CaseView, FactsSpan, Level, Lookup, NewCase, NewsFacet, Scope, Store, StoreUrl,
};

/// A store of each backend (PostgreSQL only when a server is named), with what keeps it alive.
struct Backends {
    stores: Vec<(&'static str, Store)>,
    _dirs: Vec<tempfile::TempDir>,
    _database: Option<TempDatabase>,
}

fn backends() -> Backends {
    let sqlite_dir = tempfile::tempdir().unwrap();
    let sqlite =
        Store::open_migrated(&StoreUrl::in_data_dir(&sqlite_dir.path().join("data"))).unwrap();
    let mut stores = vec![("sqlite", sqlite)];
    let mut dirs = vec![sqlite_dir];
    let mut database = None;
    if let Some(server) = pg_support::server() {
        let db = TempDatabase::create(&server);
        let keys = tempfile::tempdir().unwrap();
        let url = StoreUrl::parse(&db.url).unwrap();
        let store = Store::open_migrated_with_key(&url, &keys.path().join("rastro.key")).unwrap();
        stores.push(("postgres", store));
        dirs.push(keys);
        database = Some(db);
    }
    Backends {
        stores,
        _dirs: dirs,
        _database: database,
    }
}

/// A first name of letters only for each number (names are compared after a fold that keeps
/// letters only).
fn name_of(i: usize) -> String {
    let letter = |k: usize| char::from(b'a' + (i / 26usize.pow(k as u32) % 26) as u8);
    format!("N{}{}{}", letter(2), letter(1), letter(0))
}

/// A person with a first name, a form of exploitation, a country and an identity number.
fn numbered(i: usize) -> CaseRecord {
    let forms = ["SexualExploitation", "ForcedLabour", "ForcedMarriage"];
    let countries = ["PE", "VE", "CO", "BR"];
    let mut r = case(
        &name_of(i),
        forms[i % forms.len()],
        countries[i % countries.len()],
    );
    r.set(Field::PrsIdentityNumber, &format!("ID-{i:07}"))
        .unwrap();
    r
}

fn first_name(view: &CaseView) -> String {
    view.record()
        .and_then(|r| r.get(Field::PrsFirstName))
        .map(|v| v.to_cell())
        .unwrap_or_default()
}

/// The first names of the scope's own cases, in the order stored, read in full.
fn own_names(scope: &Scope<'_>) -> Vec<String> {
    let mut names = Vec::new();
    scope
        .for_each_case(Level::Full, CaseSelection::Own, &mut |view| {
            names.push(first_name(&view));
            Ok(())
        })
        .unwrap();
    names
}

#[test]
fn a_batch_repeating_a_record_stores_it_once_in_batch_order() {
    let backends = backends();
    let mut seen = Vec::new();
    for (name, store) in &backends.stores {
        let actor = caseworker(store, "Shelter");
        let scope = store.scope(&actor);
        let records = [
            case("Ana", "ForcedLabour", "PE"),
            case("Bea", "ForcedLabour", "VE"),
        ];
        let batch: Vec<NewCase<'_>> = [(0, "k1"), (1, "k2"), (0, "k1"), (1, "k3")]
            .iter()
            .enumerate()
            .map(|(row, &(i, key))| NewCase {
                record: &records[i],
                key,
                source_row: row as u64 + 1,
                parts: None,
            })
            .collect();
        let import = scope.begin_import("twice.csv", "CSV").unwrap();
        let outcome = scope.insert_cases(&import, &batch).unwrap();
        assert_eq!((outcome.inserted, outcome.duplicates), (3, 1), "{name}");
        let info = scope.finish_import(&import, 4, 0).unwrap();
        assert_eq!((info.imported, info.duplicates), (3, 1), "{name}");
        // The whole batch again: nothing new, every row a duplicate.
        let again = scope.begin_import("again.csv", "CSV").unwrap();
        let outcome = scope.insert_cases(&again, &batch).unwrap();
        assert_eq!((outcome.inserted, outcome.duplicates), (0, 4), "{name}");
        let names = own_names(&scope);
        assert_eq!(names, ["Ana", "Bea", "Bea"], "{name}");
        seen.push(names);
    }
    seen.dedup();
    assert_eq!(seen.len(), 1, "the backends disagree: {seen:?}");
}

#[test]
fn reads_longer_than_a_chunk_keep_every_case_once_in_order() {
    // More cases than one chunk of a PostgreSQL scan (2,000 rows), and facts rows (one per
    // value) spanning chunks: a case cut by a chunk's end must still come whole, once.
    const N: usize = 4_100;
    let backends = backends();
    let mut answers = Vec::new();
    for (name, store) in &backends.stores {
        let actor = caseworker(store, "Shelter");
        let scope = store.scope(&actor);
        let records: Vec<CaseRecord> = (0..N).map(numbered).collect();
        let keys: Vec<String> = (0..N).map(|i| format!("key-{i}")).collect();
        let batch: Vec<NewCase<'_>> = records
            .iter()
            .zip(&keys)
            .enumerate()
            .map(|(i, (record, key))| NewCase {
                record,
                key,
                source_row: i as u64 + 1,
                parts: None,
            })
            .collect();
        let import = scope.begin_import("many.csv", "CSV").unwrap();
        scope.insert_cases(&import, &batch).unwrap();
        scope.finish_import(&import, N as u64, 0).unwrap();

        let names = own_names(&scope);
        let expected: Vec<String> = (0..N).map(name_of).collect();
        assert_eq!(names, expected, "{name}");

        let mut exported = Vec::new();
        scope
            .for_each_full_case_cells(CaseSelection::Own, &mut |c| {
                let at = Field::ALL
                    .iter()
                    .position(|f| *f == Field::PrsFirstName)
                    .unwrap();
                exported.push(c.cells[at].to_string());
                Ok(())
            })
            .unwrap();
        assert_eq!(exported, expected, "{name}");

        let found = scope
            .find_own_cases(Lookup::IdentityNumber, "ID-0004000")
            .unwrap();
        assert_eq!(found.len(), 1, "{name}");
        let by_name = scope.find_own_cases(Lookup::Name, &name_of(4000)).unwrap();
        assert_eq!(by_name, found, "{name}");

        let stamp = scope.statistics_stamp("test").unwrap();
        let mut facts = Vec::new();
        let n = scope
            .for_each_case_facts(FactsSpan::everything(&stamp), &mut |f| {
                facts.push(f);
                Ok(())
            })
            .unwrap();
        assert_eq!(n as usize, N, "{name}");
        let mut ids: Vec<&str> = facts.iter().map(|f| f.id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), N, "{name}: a case came in pieces");
        let values: Vec<usize> = facts.iter().map(|f| f.values.len()).collect();
        assert!(values.iter().all(|&v| v == values[0] && v > 1), "{name}");
        answers.push((
            scope
                .facet_counts(rastro_store::Facet::Exploitation)
                .unwrap(),
            values,
        ));
    }
    answers.dedup();
    assert_eq!(answers.len(), 1, "the backends disagree");
}

/// Migration 0024 gives every stored case the text of its facet values from its facet rows,
/// and 0025 then drops those rows: over a store as a build from before both left it (facet rows,
/// no text), the two migrations leave the statistics reading exactly what they read from the
/// text written on import, and a facet grant selecting what it selected.
#[test]
fn migrations_24_and_25_move_each_cases_facet_rows_into_its_text() {
    const N: usize = 300;
    let backends = backends();
    for (name, store) in &backends.stores {
        let actor = caseworker(store, "Shelter");
        let scope = store.scope(&actor);
        let records: Vec<CaseRecord> = (0..N).map(numbered).collect();
        let keys: Vec<String> = (0..N).map(|i| format!("key-{i}")).collect();
        let batch: Vec<NewCase<'_>> = records
            .iter()
            .zip(&keys)
            .enumerate()
            .map(|(i, (record, key))| NewCase {
                record,
                key,
                source_row: i as u64 + 1,
                parts: None,
            })
            .collect();
        let import = scope.begin_import("many.csv", "CSV").unwrap();
        scope.insert_cases(&import, &batch).unwrap();
        scope.finish_import(&import, N as u64, 0).unwrap();
        let facts = || {
            let stamp = scope.statistics_stamp("test").unwrap();
            let mut facts = Vec::new();
            scope
                .for_each_case_facts(
                    FactsSpan {
                        picklists: true,
                        ..FactsSpan::everything(&stamp)
                    },
                    &mut |mut f| {
                        f.values
                            .sort_by(|a, b| (a.0.as_str(), &a.1).cmp(&(b.0.as_str(), &b.1)));
                        facts.push(f);
                        Ok(())
                    },
                )
                .unwrap();
            facts
        };
        let written = facts();
        assert_eq!(written.len(), N, "{name}");
        assert!(written.iter().all(|f| f.values.len() > 2), "{name}");
        // The facet rows a build from before 0024 wrote, from what the statistics read.
        let mut before = String::from(
            "CREATE TABLE case_facets (org_id TEXT, case_pk BIGINT, facet TEXT, value TEXT);",
        );
        for f in &written {
            for (facet, value) in &f.values {
                before.push_str(&format!(
                    "INSERT INTO case_facets (org_id, case_pk, facet, value)
                     SELECT org_id, pk, '{}', '{value}' FROM cases WHERE id = '{}';",
                    facet.as_str(),
                    f.id
                ));
            }
        }
        before.push_str("ALTER TABLE cases DROP COLUMN facet_values;");
        let dialect = if *name == "postgres" {
            "postgres"
        } else {
            "sqlite"
        };
        // Then the names become codes (0027 on PostgreSQL, 0028 on SQLite).
        let migrations = match dialect {
            "postgres" => [
                include_str!("../migrations/postgres/0024_case_facet_values.sql"),
                include_str!("../migrations/postgres/0025_facets_only_in_text.sql"),
                include_str!("../migrations/postgres/0027_facet_codes.sql"),
            ],
            _ => [
                include_str!("../migrations/sqlite/0024_case_facet_values.sql"),
                include_str!("../migrations/sqlite/0025_facets_only_in_text.sql"),
                include_str!("../migrations/sqlite/0028_facet_codes.sql"),
            ],
        };
        let script = format!("{before}{}", migrations.concat());
        if dialect == "postgres" {
            let url = &backends._database.as_ref().unwrap().url;
            let mut raw = postgres::Client::connect(url, postgres::NoTls).unwrap();
            raw.batch_execute(&script).unwrap();
        } else {
            let path = backends._dirs[0].path().join("data/rastro.db");
            let raw = rusqlite::Connection::open(path).unwrap();
            raw.execute_batch(&script).unwrap();
        }
        assert_eq!(facts(), written, "{name}");
    }
}

/// The beginning and end of an import change only the import's own row, so on PostgreSQL they
/// do not wait for the cluster's write lock, which a large import's parts hold in turn; storing
/// the cases does wait for it.
#[test]
fn an_import_begins_and_ends_while_another_holds_the_write_lock() {
    /// `postgres/pool.rs`' write lock ("RASTRO").
    const WRITE_LOCK: i64 = 0x5241_5354_524f;
    let Some(server) = pg_support::server() else {
        return;
    };
    let db = TempDatabase::create(&server);
    let keys = tempfile::tempdir().unwrap();
    let url = StoreUrl::parse(&db.url).unwrap();
    let store = Store::open_migrated_with_key(&url, &keys.path().join("rastro.key")).unwrap();
    let actor = caseworker(&store, "Shelter");
    let mut holder = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    holder
        .execute("SELECT pg_advisory_lock($1)", &[&WRITE_LOCK])
        .unwrap();
    let (done, finished) = std::sync::mpsc::channel();
    let record = numbered(1);
    std::thread::scope(|threads| {
        threads.spawn(|| {
            let scope = store.scope(&actor);
            let empty = scope.begin_import("empty.csv", "CSV").unwrap();
            scope.finish_import(&empty, 0, 0).unwrap();
            done.send("an empty import begun and finished").unwrap();
            let import = scope.begin_import("held.csv", "CSV").unwrap();
            done.send("begun").unwrap();
            let key = "k1".to_string();
            let case = NewCase {
                record: &record,
                key: &key,
                source_row: 1,
                parts: None,
            };
            scope.insert_cases(&import, &[case]).unwrap();
            done.send("stored").unwrap();
        });
        let wait = std::time::Duration::from_secs(20);
        assert_eq!(
            finished.recv_timeout(wait),
            Ok("an empty import begun and finished")
        );
        assert_eq!(finished.recv_timeout(wait), Ok("begun"));
        assert!(
            finished
                .recv_timeout(std::time::Duration::from_millis(500))
                .is_err(),
            "cases were stored while another held the write lock"
        );
        holder
            .execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK])
            .unwrap();
        assert_eq!(finished.recv_timeout(wait), Ok("stored"));
    });
    assert_eq!(store.scope(&actor).count_cases().unwrap(), 1);
}

/// Bulk import and scan speed of each backend: `cargo test -p rastro-store --test
/// postgres_cases --release -- --ignored --nocapture import_rate`. Sealing (computation) and storing (the
/// database) are timed apart, in batches as the application sends them.
#[test]
#[ignore]
fn import_rate() {
    // How many: `RASTRO_RATE_CASES`, 50,000 unless set.
    let n = std::env::var("RASTRO_RATE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    rate_of(n);
}

fn rate_of(n: usize) {
    const BATCH: usize = 10_000;
    let backends = backends();
    let records: Vec<CaseRecord> = (0..n).map(numbered).collect();
    let keys: Vec<String> = (0..n).map(|i| format!("{i:064x}")).collect();
    for (name, store) in &backends.stores {
        let actor = caseworker(store, "Shelter");
        let scope = store.scope(&actor);
        let import = scope.begin_import("rate.csv", "CSV").unwrap();
        let (mut sealing, mut storing) = (0.0, 0.0);
        for (chunk, chunk_keys) in records.chunks(BATCH).zip(keys.chunks(BATCH)) {
            let batch: Vec<NewCase<'_>> = chunk
                .iter()
                .zip(chunk_keys)
                .map(|(record, key)| NewCase {
                    record,
                    key,
                    source_row: 1,
                    parts: None,
                })
                .collect();
            let start = Instant::now();
            let prepared = scope.prepare_cases(&batch).unwrap();
            sealing += start.elapsed().as_secs_f64();
            let start = Instant::now();
            scope.insert_prepared(&import, &prepared).unwrap();
            storing += start.elapsed().as_secs_f64();
        }
        scope.finish_import(&import, n as u64, 0).unwrap();
        println!(
            "{name}: {n} cases in batches of {BATCH}: storing {:.0} cases/s ({storing:.2} s), \
             sealing {:.0} cases/s ({sealing:.2} s)",
            n as f64 / storing,
            n as f64 / sealing
        );
        // Reads of what was stored: the statistics scan (median of three) and a read of
        // every case at summary level.
        let stamp = scope.statistics_stamp("rate").unwrap();
        let mut scans: Vec<f64> = (0..3)
            .map(|_| {
                let start = Instant::now();
                let read = scope
                    .for_each_case_facts(FactsSpan::everything(&stamp), &mut |_| Ok(()))
                    .unwrap();
                assert_eq!(read as usize, n);
                start.elapsed().as_secs_f64()
            })
            .collect();
        scans.sort_by(f64::total_cmp);
        let start = Instant::now();
        let read = scope
            .for_each_case(Level::Summary, CaseSelection::Own, &mut |_| Ok(()))
            .unwrap();
        let reading = start.elapsed().as_secs_f64();
        println!(
            "{name}: case facts {:.0} cases/s (median {:.2} s); cases at summary {:.0}/s",
            n as f64 / scans[1],
            scans[1],
            read as f64 / reading
        );
    }
}

#[test]
fn incident_facts_are_read_with_their_outlet_event_and_values() {
    // News is stored by another part of the backend; its rows are written here directly, as
    // the schema keeps them, so that the facts' own query is held to what it must return.
    let Some(server) = pg_support::server() else {
        return;
    };
    let database = TempDatabase::create(&server);
    let keys = tempfile::tempdir().unwrap();
    let url = StoreUrl::parse(&database.url).unwrap();
    let store = Store::open_migrated_with_key(&url, &keys.path().join("rastro.key")).unwrap();
    let actor = caseworker(&store, "Shelter");
    let other = caseworker(&store, "Police");
    let mut raw = postgres::Client::connect(&database.url, postgres::NoTls).unwrap();
    let org = |name: &str, raw: &mut postgres::Client| -> String {
        raw.query_one("SELECT id FROM organisations WHERE name = $1", &[&name])
            .unwrap()
            .get(0)
    };
    let (shelter, police) = (org("Shelter", &mut raw), org("Police", &mut raw));
    let article = |raw: &mut postgres::Client, id: &str, owner: &str, url: Option<&str>| -> i64 {
        raw.query_one(
            "INSERT INTO news_articles (id, org_id, external_id, url, text_key, title, published,
                 language, body, source_file, ingested_at)
             VALUES ($1, $2, $1, $3, $1, 'A title', '2024-03-02', 'es', 'Un texto', 'n.jsonl',
                 '2024-03-03T00:00:00Z')
             RETURNING pk",
            &[&id, &owner, &url],
        )
        .unwrap()
        .get(0)
    };
    let incident = |raw: &mut postgres::Client,
                    id: &str,
                    owner: &str,
                    article: i64,
                    victims: Option<i64>,
                    date: Option<&str>|
     -> i64 {
        raw.query_one(
            "INSERT INTO news_incidents (id, org_id, article_pk, incident, victims, smuggling,
                 event_date)
             VALUES ($1, $2, $3, '{}', $4, 0, $5) RETURNING pk",
            &[&id, &owner, &article, &victims, &date],
        )
        .unwrap()
        .get(0)
    };
    let a1 = article(
        &mut raw,
        "A1",
        &shelter,
        Some("https://www.ElComercio.pe/x"),
    );
    let a2 = article(&mut raw, "A2", &shelter, None);
    let hidden = article(&mut raw, "A3", &police, Some("https://g1.globo.com/"));
    let i1 = incident(&mut raw, "I1", &shelter, a1, Some(12), Some("2024-02"));
    incident(&mut raw, "I2", &shelter, a2, None, None);
    incident(&mut raw, "I3", &police, hidden, Some(3), None);
    for (facet, value) in [
        ("country", "PE"),
        ("exploitation", "ForcedLabour"),
        ("operation", "not counted"),
    ] {
        raw.execute(
            "INSERT INTO news_incident_facets (org_id, incident_pk, facet, value)
             VALUES ($1, $2, $3, $4)",
            &[&shelter, &i1, &facet, &value],
        )
        .unwrap();
    }
    raw.execute(
        "INSERT INTO news_event_runs (id, org_id, ran_at, records, pairs, events, config)
         VALUES ('R1', $1, '2024-03-04T00:00:00Z', 2, 0, 2, '{}')",
        &[&shelter],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO news_event_members (run_id, org_id, record_org_id, article_pk, event_id)
         VALUES ('R1', $1, $1, $2, 'E1')",
        &[&shelter, &a1],
    )
    .unwrap();

    let scope = store.scope(&actor);
    let stamp = scope.statistics_stamp("test").unwrap();
    let mut facts = Vec::new();
    let n = scope
        .for_each_incident_facts(FactsSpan::everything(&stamp), &mut |f| {
            facts.push(f);
            Ok(())
        })
        .unwrap();
    assert_eq!(n, 2, "the police's incident is not the shelter's to count");
    assert_eq!(facts[0].id, "A1");
    assert_eq!(facts[0].owner, "Shelter");
    assert_eq!(facts[0].outlet.as_deref(), Some("elcomercio.pe"));
    assert_eq!(facts[0].date.as_deref(), Some("2024-02"));
    assert_eq!(facts[0].victims, Some(12));
    assert_eq!(facts[0].event.as_deref(), Some("E1"));
    assert_eq!(facts[0].language, "es");
    let mut values = facts[0].values.clone();
    values.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        values,
        [
            (NewsFacet::Exploitation, "ForcedLabour".to_string()),
            (NewsFacet::Country, "PE".to_string()),
        ]
    );
    // No date of the event: when it was published; no address: no outlet.
    assert_eq!(facts[1].date.as_deref(), Some("2024-03-02"));
    assert_eq!(
        (facts[1].outlet.as_deref(), facts[1].event.as_deref()),
        (None, None)
    );
    assert!(facts[1].values.is_empty());

    // A span after the stamp holds nothing; the police see their own incident only.
    let later = FactsSpan {
        since: Some(&stamp),
        ..FactsSpan::everything(&stamp)
    };
    assert_eq!(
        scope
            .for_each_incident_facts(later, &mut |_| Ok(()))
            .unwrap(),
        0
    );
    let theirs = store.scope(&other);
    let stamp = theirs.statistics_stamp("test").unwrap();
    let mut ids = Vec::new();
    theirs
        .for_each_incident_facts(FactsSpan::everything(&stamp), &mut |f| {
            ids.push((f.id, f.outlet, f.event));
            Ok(())
        })
        .unwrap();
    assert_eq!(
        ids,
        [("A3".to_string(), Some("g1.globo.com".to_string()), None)]
    );
}
