//! TLS to the database server, end to end against the test cluster, which
//! `scripts/pg-test-cluster` starts with a certificate for 127.0.0.1 and localhost signed by a CA
//! of its own (`RASTRO_TEST_POSTGRES_CA` names the CA's file; CI sets it): a store opened with
//! `sslmode=verify-full` works and its connections are encrypted, and a server whose certificate
//! another CA signed, or that names another host, is refused before anything is sent.

mod pg_support;

use std::path::PathBuf;

use pg_support::TempDatabase;
use rastro_store::{Store, StoreUrl};

/// A CA that signed nothing the test server holds.
const OTHER_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBlzCCAT2gAwIBAgIUIZcYlvnSYu0adwb5H5ylCeeDFyYwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNU29tZSBvdGhlciBDQTAgFw0yNjEyMDYxMTMxMzBaGA8yMTI2
MTExMjExMzEzMFowGDEWMBQGA1UEAwwNU29tZSBvdGhlciBDQTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABCWrSLOtY9czWyYBMs5OInw/dJXBvFDlpT3QnoTeWX7Y
VTSvkCrK+VyLK62kFik+h4WqG3t83zGv39GSK3d+kNqjYzBhMB0GA1UdDgQWBBRu
iOE6BOTCrm7l2ejT/cpmDG/NyTAfBgNVHSMEGDAWgBRuiOE6BOTCrm7l2ejT/cpm
DG/NyTAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQD
AgNIADBFAiEApjZz3aS8esRLAR/sJV6zPErgLCAaVJ1OJ2Gp8SBp70ACIH4iuJDG
f06vr/EsRK12g2ouA+Ky5BOByYw42KDAEgA6
-----END CERTIFICATE-----
";

/// The test server and its CA, or `None` when either is not configured (a failure when
/// `RASTRO_REQUIRE_POSTGRES=1`, as in CI).
fn server_and_ca() -> Option<(String, PathBuf)> {
    let server = pg_support::server()?;
    let ca = std::env::var("RASTRO_TEST_POSTGRES_CA").unwrap_or_default();
    let ca = PathBuf::from(ca.trim());
    if ca.as_os_str().is_empty() || !ca.is_file() {
        assert!(
            std::env::var("RASTRO_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "RASTRO_TEST_POSTGRES_CA must name the test cluster's CA file (DIR/tls/ca.pem of \
             scripts/pg-test-cluster start DIR); it names {ca:?}"
        );
        eprintln!("TLS tests skipped: RASTRO_TEST_POSTGRES_CA names no CA file");
        return None;
    }
    Some((server, ca))
}

fn with_query(url: &str, query: &str) -> String {
    let joiner = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joiner}{query}")
}

#[test]
fn a_store_over_verified_tls_works_and_its_connections_are_encrypted() {
    let Some((server, ca)) = server_and_ca() else {
        return;
    };
    let database = TempDatabase::create(&server);
    let url = with_query(
        &database.url,
        &format!("sslmode=verify-full&sslrootcert={}", ca.display()),
    );
    let url = StoreUrl::parse(&url).expect("an address with TLS settings");
    let keys = tempfile::tempdir().unwrap();
    let store = Store::open_migrated_with_key(&url, &keys.path().join("rastro.key"))
        .expect("a store over TLS");
    let admin = store.local_admin().unwrap();
    admin
        .create_organisation("Refugio", rastro_store::OrgKind::Shelter, Some("PE"))
        .expect("a write over TLS");
    let names: Vec<String> = store
        .organisations()
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["Refugio"]);

    // Asked over a plain connection of the test's own: the store's open connections to its
    // database are all encrypted.
    let mut plain = postgres::Client::connect(&database.url, postgres::NoTls).unwrap();
    let rows = plain
        .query(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a ON a.pid = s.pid
             WHERE a.datname = current_database() AND a.application_name = 'rastro'",
            &[],
        )
        .unwrap();
    let encrypted: Vec<bool> = rows.iter().map(|r| r.get(0)).collect();
    assert!(!encrypted.is_empty(), "the store holds no connection");
    assert!(encrypted.iter().all(|&e| e), "{encrypted:?}");
    drop(store);
}

#[test]
fn a_server_the_ca_did_not_sign_or_that_names_another_host_is_refused() {
    let Some((server, ca)) = server_and_ca() else {
        return;
    };
    let database = TempDatabase::create(&server);
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other-ca.pem");
    std::fs::write(&other, OTHER_CA).unwrap();

    let refused = |query: String| {
        let url = StoreUrl::parse(&with_query(&database.url, &query)).unwrap();
        let error = Store::migrate(&url).expect_err("a connection that should be refused");
        error.to_string()
    };
    let message = refused(format!(
        "sslmode=verify-full&sslrootcert={}",
        other.display()
    ));
    assert!(message.contains("UnknownIssuer"), "{message}");

    // The same server reached under a name its certificate does not carry: refused when the
    // name is checked, accepted when only the chain is.
    let renamed = database.url.replacen("127.0.0.1", "db.invalid", 1);
    let hostaddr = |mode: &str| {
        let url = with_query(
            &renamed,
            &format!(
                "hostaddr=127.0.0.1&sslmode={mode}&sslrootcert={}",
                ca.display()
            ),
        );
        StoreUrl::parse(&url).unwrap()
    };
    let message = Store::migrate(&hostaddr("verify-full"))
        .expect_err("a certificate for another name")
        .to_string();
    assert!(message.contains("not valid for name"), "{message}");
    Store::migrate(&hostaddr("verify-ca")).expect("verify-ca checks the chain only");
}
