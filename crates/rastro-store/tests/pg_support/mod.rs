//! How the tests reach PostgreSQL: the server named by `RASTRO_TEST_POSTGRES`, and a database of
//! a test's own on it, dropped when the test is done. A panic here is the test's failure
//! message, so failures say what could not be done and why.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;

const SKIPPED: &str = "PostgreSQL tests skipped: set \
     RASTRO_TEST_POSTGRES=postgres://user@127.0.0.1:PORT/postgres, e.g. from \
     scripts/pg-test-cluster start DIR";

/// The server's URL, or `None` (said once per test binary) when none is configured. With
/// `RASTRO_REQUIRE_POSTGRES=1`, as in CI, a missing server fails the test instead: a suite
/// that silently skipped would look green.
pub fn server() -> Option<String> {
    let url = std::env::var("RASTRO_TEST_POSTGRES").unwrap_or_default();
    let url = url.trim();
    if !url.is_empty() {
        return Some(url.to_owned());
    }
    if std::env::var("RASTRO_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        panic!("{SKIPPED} (RASTRO_REQUIRE_POSTGRES=1 makes a missing server a failure)");
    }
    static SAID: Once = Once::new();
    SAID.call_once(|| eprintln!("{SKIPPED}"));
    None
}

/// A database created for one test and dropped (its connections cut) when this is dropped.
pub struct TempDatabase {
    pub url: String,
    admin_url: String,
    name: String,
}

impl TempDatabase {
    pub fn create(server: &str) -> TempDatabase {
        let name = unique_name();
        let mut admin = postgres::Client::connect(server, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to the test server {server}: {e}"));
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .unwrap_or_else(|e| panic!("cannot create the test database {name}: {e}"));
        TempDatabase {
            url: with_database(server, &name),
            admin_url: server.to_owned(),
            name,
        }
    }
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        // Best effort: a test that failed must not have its message buried under a second panic,
        // and a database left behind on a throwaway server costs nothing.
        if let Ok(mut admin) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// `rastro_t_<pid>_<counter>_<random hex>`: unique within the process by the counter, across
/// processes running at once by the pid, and across runs that reuse a pid (a database left by a
/// killed run) by the random part.
fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // The standard library's hasher keys are random per process: enough for a name.
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(n);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    format!(
        "rastro_t_{}_{}_{:012x}",
        std::process::id(),
        n,
        hasher.finish() & 0xffff_ffff_ffff
    )
}

/// The server's URL with its database (the path) replaced by `name`, user, host, port and
/// query parameters kept. A key=value connection string gets a `dbname` that overrides its own.
fn with_database(server: &str, name: &str) -> String {
    let Some(scheme_end) = server.find("://").map(|i| i + 3) else {
        return format!("{server} dbname={name}");
    };
    let authority_end = server[scheme_end..]
        .find(['/', '?'])
        .map_or(server.len(), |i| scheme_end + i);
    let query = server[authority_end..]
        .find('?')
        .map_or("", |i| &server[authority_end + i..]);
    format!("{}/{name}{query}", &server[..authority_end])
}

#[test]
fn a_test_database_url_keeps_the_server_and_names_the_database() {
    assert_eq!(
        with_database("postgres://rastro@127.0.0.1:54329/postgres", "t1"),
        "postgres://rastro@127.0.0.1:54329/t1"
    );
    assert_eq!(
        with_database("postgresql://u:p@h:5/postgres?sslmode=disable", "t1"),
        "postgresql://u:p@h:5/t1?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://u@h:5", "t1"),
        "postgres://u@h:5/t1"
    );
    assert_eq!(
        with_database("postgres://u@h:5?connect_timeout=3", "t1"),
        "postgres://u@h:5/t1?connect_timeout=3"
    );
    assert_eq!(
        with_database("host=h user=u dbname=postgres", "t1"),
        "host=h user=u dbname=postgres dbname=t1"
    );
}

#[test]
fn test_database_names_differ_and_need_no_quoting() {
    let a = unique_name();
    let b = unique_name();
    assert_ne!(a, b);
    for name in [&a, &b] {
        assert!(
            name.len() <= 63,
            "{name} is longer than PostgreSQL's identifiers"
        );
        assert!(
            name.starts_with("rastro_t_")
                && name
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_'),
            "{name}"
        );
    }
}
