//! What the contract suite cannot see of watchlists and the job queue on PostgreSQL: workers
//! claim, report and finish while another member's long write holds the cluster's write lock
//! (a claim locks only the job's row), and — a figure, not a check — how fast a large list goes
//! in and comes back out on each backend. Skipped, like `tests/postgres.rs`, when no server is
//! named (unless required).

// The suite's fixtures only; its tests run from `tests/postgres.rs`.
#[allow(unused_imports)]
mod contract;
mod pg_support;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use contract::fixtures::{analyst, caseworker, entry};
use pg_support::TempDatabase;
use rastro_store::{JobKind, JobStatus, ListCounts, NewWatchlist, Store, StoreUrl, WatchlistEntry};

/// A migrated store on a database of its own (dropped with the database guard).
fn opened(server: &str, keys: &tempfile::TempDir) -> (TempDatabase, Store) {
    let database = TempDatabase::create(server);
    let url = StoreUrl::parse(&database.url).unwrap();
    let store = Store::open_migrated_with_key(&url, &keys.path().join("rastro.key")).unwrap();
    (database, store)
}

#[test]
fn workers_take_and_end_jobs_while_a_long_write_holds_the_write_lock() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let keys = tempfile::tempdir().unwrap();
    let (_database, store) = opened(&server, &keys);
    let job = store
        .scope(&caseworker(&store, "Shelter"))
        .enqueue_job(JobKind::ImportCases, r#"{"file":"cases.csv"}"#)
        .unwrap();
    let lists = store.scope(&analyst(&store, "Police"));
    // The write below waits this long for the worker at most; a claim that queued behind it
    // would take at least as long.
    let patience = Duration::from_secs(20);
    let (writing, started) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    std::thread::scope(|threads| {
        let writer = threads.spawn(move || {
            lists.replace_watchlist(
                &NewWatchlist {
                    name: "un",
                    source_file: "un.csv",
                    format: "csv",
                },
                &mut |sink| {
                    sink(entry("a", 1, &["Ana Ruiz"]))?;
                    // Inside the write transaction, holding the lock, until told.
                    let _ = writing.send(());
                    let _ = released.recv_timeout(patience);
                    Ok(ListCounts {
                        rows: 1,
                        rejected: 0,
                    })
                },
            )
        });
        started.recv().unwrap();
        let began = Instant::now();
        let worker = store.job_worker("w1", 60);
        let claimed = worker.claim().unwrap().unwrap();
        assert_eq!(claimed.info.id, job.id);
        assert!(worker.progress(&claimed.info, 1, Some(2)).unwrap());
        assert!(worker.finish(&claimed.info, "{}").unwrap());
        let took = began.elapsed();
        let _ = release.send(());
        assert_eq!(writer.join().unwrap().unwrap().list.entries, 1);
        assert!(
            took < patience / 2,
            "the worker waited {took:?} for the write"
        );
    });
    let done = store
        .scope(&caseworker(&store, "Shelter"))
        .job(&job.id)
        .unwrap()
        .unwrap();
    assert_eq!(done.status, JobStatus::Done);
}

fn listed(n: u64) -> WatchlistEntry {
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

/// Entries stored per second by replacing a list of `size` whole, and read per second back
/// (medians of three replacements).
fn throughput(store: &Store, size: u64) -> (f64, f64) {
    let scope = store.scope(&analyst(store, "Shelter"));
    let list = NewWatchlist {
        name: "bench",
        source_file: "bench.csv",
        format: "csv",
    };
    let (mut stores, mut reads) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let began = Instant::now();
        let stored = scope
            .replace_watchlist(&list, &mut |sink| {
                for n in 0..size {
                    sink(listed(n))?;
                }
                Ok(ListCounts {
                    rows: size,
                    rejected: 0,
                })
            })
            .unwrap();
        stores.push(size as f64 / began.elapsed().as_secs_f64());
        let began = Instant::now();
        let read = scope
            .for_each_watchlist_entry(&stored.list.id, &mut |_| Ok(()))
            .unwrap();
        reads.push(read as f64 / began.elapsed().as_secs_f64());
        assert_eq!(read, size);
    }
    (median(stores), median(reads))
}

/// ```text
/// RASTRO_TEST_POSTGRES=postgres://rastro@127.0.0.1:54329/postgres \
///   cargo test --release -p rastro-store --test postgres_lists -- --ignored --nocapture
/// ```
/// `RASTRO_BENCH_ENTRIES` sets the list's size (default 100,000).
#[test]
#[ignore = "a measurement; run with --ignored --nocapture"]
fn watchlist_throughput_on_both_backends() {
    let size: u64 = std::env::var("RASTRO_BENCH_ENTRIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open_migrated(&StoreUrl::in_data_dir(&dir.path().join("data"))).unwrap();
    let (stored, read) = throughput(&sqlite, size);
    println!("sqlite: {size} entries, {stored:.0} stored/s, {read:.0} read/s");
    drop(sqlite);
    if let Some(server) = pg_support::server() {
        let (_database, postgres) = opened(&server, &dir);
        let (stored, read) = throughput(&postgres, size);
        println!("postgres: {size} entries, {stored:.0} stored/s, {read:.0} read/s");
    }
}
