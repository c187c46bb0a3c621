//! How fast a watchlist goes in and comes back out, on each backend: entries stored per second
//! by `replace_watchlist` (a large list replaced whole) and read per second by
//! `for_each_watchlist_entry`. Ignored by default; a figure, not a check:
//!
//! ```text
//! RASTRO_TEST_POSTGRES=postgres://rastro@127.0.0.1:54329/postgres \
//!   cargo test --release -p rastro-store --test watchlist_throughput -- --ignored --nocapture
//! ```
//!
//! `RASTRO_BENCH_ENTRIES` sets the list's size (default 100,000); each figure is the median of
//! three replacements of the same list.

#[allow(dead_code)]
mod pg_support;

use std::time::Instant;

use rastro_store::{ListCounts, NewWatchlist, OrgKind, Role, Store, StoreUrl, WatchlistEntry};

fn entry(n: u64) -> WatchlistEntry {
    WatchlistEntry {
        source_id: format!("NK-{n:08}"),
        source_row: n + 1,
        names: vec![format!("María José García {n}"), format!("Majo {n}")],
        birth_dates: vec![format!("19{:02}-0{}", n % 100, 1 + n % 9)],
        gender: Some("female".to_string()),
        nationalities: vec!["PE".to_string(), "CO".to_string()],
        documents: vec![format!("AB-{n}")],
        topics: vec!["sanction".to_string()],
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Entries stored per second and entries read per second (medians of three).
fn measure(store: &Store, size: u64) -> (f64, f64) {
    let admin = store.local_admin().unwrap();
    admin
        .create_organisation("Shelter", OrgKind::Ngo, None)
        .unwrap();
    admin
        .create_user("Shelter", "shelter-analyst", Role::Analyst, None)
        .unwrap();
    let token = admin
        .issue_token("shelter-analyst", None, 1, "bench")
        .unwrap();
    let actor = store.authenticate_token(&token.secret).unwrap();
    let scope = store.scope(&actor);
    let list = NewWatchlist {
        name: "bench",
        source_file: "bench.csv",
        format: "csv",
    };
    let (mut stores, mut reads) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let started = Instant::now();
        let stored = scope
            .replace_watchlist(&list, &mut |sink| {
                for n in 0..size {
                    sink(entry(n))?;
                }
                Ok(ListCounts {
                    rows: size,
                    rejected: 0,
                })
            })
            .unwrap();
        stores.push(size as f64 / started.elapsed().as_secs_f64());
        let started = Instant::now();
        let read = scope
            .for_each_watchlist_entry(&stored.list.id, &mut |_| Ok(()))
            .unwrap();
        reads.push(read as f64 / started.elapsed().as_secs_f64());
        assert_eq!(read, size);
    }
    (median(stores), median(reads))
}

#[test]
#[ignore = "a measurement; run with --ignored --nocapture"]
fn watchlist_throughput() {
    let size: u64 = std::env::var("RASTRO_BENCH_ENTRIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open_migrated(&StoreUrl::in_data_dir(&dir.path().join("data"))).unwrap();
    let (stored, read) = measure(&sqlite, size);
    println!("sqlite: {size} entries, {stored:.0} stored/s, {read:.0} read/s");
    drop(sqlite);
    if let Some(server) = pg_support::server() {
        let database = pg_support::TempDatabase::create(&server);
        let url = StoreUrl::parse(&database.url).unwrap();
        let postgres = Store::open_migrated_with_key(&url, &dir.path().join("pg.key")).unwrap();
        let (stored, read) = measure(&postgres, size);
        println!("postgres: {size} entries, {stored:.0} stored/s, {read:.0} read/s");
    }
}
