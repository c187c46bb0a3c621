//! News throughput on both backends, printed: articles ingested per second, the median of five
//! searches (a common word, a rare one, a phrase with a stop word, a prefix, a stop word alone)
//! and an event run's members stored per second. Ignored by default; run with
//! `RASTRO_TEST_POSTGRES=postgres://… N=2000 cargo test --release -p rastro-store
//! --test news_throughput -- --ignored --nocapture` (without a server, SQLite alone).
// The contract's fixtures alone (this file runs no contract test), some of them unused here.
#[allow(dead_code)]
#[path = "contract/fixtures.rs"]
mod fixtures;
mod pg_support;

use std::time::Instant;

use fixtures::{analyst, article};
use rastro_store::{Ingested, NewEventLinkage, Store, StoreUrl, TextQuery};

const WORDS: &[&str] = &[
    "trata",
    "personas",
    "migrantes",
    "explotación",
    "laboral",
    "sexual",
    "frontera",
    "policía",
    "rescate",
    "víctimas",
    "fiscalía",
    "red",
    "captación",
    "Bogotá",
    "Lima",
    "Quito",
    "menores",
    "mujeres",
    "hombres",
    "trabajo",
    "forzado",
    "minería",
    "agricultura",
    "bares",
    "de",
    "la",
    "en",
    "y",
    "que",
    "con",
    "por",
    "para",
    "una",
    "los",
    "las",
    "operación",
    "detenidos",
];

fn body(i: usize) -> String {
    let mut x = (i as u64)
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut out = String::new();
    for _ in 0..400 {
        x ^= x >> 13;
        x ^= x << 7;
        x ^= x >> 17;
        out.push_str(WORDS[(x as usize) % WORDS.len()]);
        out.push(' ');
    }
    out.push_str(&format!("informe{i}"));
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn run(store: &Store, label: &str, n: usize) {
    let actor = analyst(store, "ngo");
    let scope = store.scope(&actor);
    let start = Instant::now();
    let mut ids = Vec::new();
    for i in 0..n {
        let key = format!("k{i}");
        let text = body(i);
        let a = article(&key, None, &text, "{}", &[]);
        if let Ingested::Stored { id } = scope.ingest_article(&a).unwrap() {
            ids.push(id);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{label}: ingest {n} articles: {:.0} articles/s",
        n as f64 / secs
    );
    for q in [
        "trata",
        "informe7",
        "\"trata de personas\"",
        "explot*",
        "de",
    ] {
        let query = TextQuery::parse(q).unwrap();
        let mut times = Vec::new();
        let mut found = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            found = scope.search_news_ids(&query, 20).unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "{label}: search {q:?}: median {:.1} ms ({} found)",
            median(times),
            found.len()
        );
    }
    let members: Vec<(String, String)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), ids[i - i % 3].clone()))
        .collect();
    let t = Instant::now();
    scope
        .save_event_linkage(&NewEventLinkage {
            settings: "{}",
            pairs: 1,
            members: &members,
        })
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{label}: event run of {} members: {:.0} members/s",
        members.len(),
        members.len() as f64 / secs
    );
}

#[test]
#[ignore]
fn news_throughput() {
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open_migrated(&StoreUrl::in_data_dir(&dir.path().join("data"))).unwrap();
    run(&sqlite, "sqlite", n);
    let Some(server) = pg_support::server() else {
        return;
    };
    let database = pg_support::TempDatabase::create(&server);
    let keys = tempfile::tempdir().unwrap();
    let url = StoreUrl::parse(&database.url).unwrap();
    let pg = Store::open_migrated_with_key(&url, &keys.path().join("rastro.key")).unwrap();
    run(&pg, "postgres", n);
    drop(pg);
}
