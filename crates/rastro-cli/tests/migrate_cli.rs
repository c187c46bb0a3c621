//! `rastro migrate` end to end: a one-machine store moved into PostgreSQL and back keeps every
//! record, grant, member and audit event — the same member's token reads the same export from
//! either, and the trail verifies after each move — while a target that holds data, or the
//! wrong key file, is refused before anything is written. Needs the PostgreSQL server named by
//! `RASTRO_TEST_POSTGRES` (see `crates/rastro-store/tests/pg_support`).

mod common;
#[path = "../../rastro-store/tests/pg_support/mod.rs"]
mod pg_support;

use common::{ok, rastro, rastro_as};
use pg_support::TempDatabase;

/// `rastro` on the store at `url`, with the key file `key` and `token`'s member (if any).
fn on(url: &str, key: &str, token: Option<&str>, args: &[&str], dir: &std::path::Path) -> String {
    let mut command = common::command(args, dir);
    command
        .env("RASTRO_DATABASE_URL", url)
        .env("RASTRO_KEY_FILE", key);
    if let Some(token) = token {
        command.env("RASTRO_TOKEN", token);
    }
    ok(command.output().expect("run rastro"))
}

#[test]
fn a_store_moves_to_postgresql_and_back_with_every_record_grant_and_event() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let hub = TempDatabase::create(&server);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("cases.csv"),
        "prs_FirstName,prs_SecondName,vic_TypeOfExploitation,hte_Type,hte_Country\n\
         Canaria,Quispe,ForcedLabour,Exploitation,PE\n\
         Rosa,Mamani,SexualExploitation,Exploitation,BO\n",
    )
    .unwrap();
    ok(rastro_as(
        "Shelter",
        "caseworker",
        &["import", "cases", "cases.csv"],
        dir,
    ));
    ok(rastro_as("Hub", "analyst", &["whoami"], dir));
    ok(rastro_as(
        "Shelter",
        "org_admin",
        &[
            "grant",
            "create",
            "--all",
            "--to",
            "Hub",
            "--level",
            "summary",
            "--purpose",
            "regional statistics",
            "--basis",
            "agreement",
        ],
        dir,
    ));
    let exported = ok(rastro_as(
        "Shelter",
        "caseworker",
        &["export", "cases"],
        dir,
    ));
    assert!(exported.contains("Canaria"), "{exported}");
    let token = common::token(dir, "Shelter", "caseworker");
    let admin_token = common::token(dir, "Shelter", "org_admin");
    let key = dir.join("data/rastro.key");
    let key = key.to_str().unwrap();

    // The wrong key file is refused before the target is touched.
    std::fs::write(dir.join("other.key"), [7u8; 32]).unwrap();
    let refused = common::command(
        &["--key-file", "other.key", "migrate", "--to", &hub.url],
        dir,
    )
    .output()
    .unwrap();
    assert!(!refused.status.success());

    let out = ok(rastro(&["migrate", "--to", &hub.url], dir));
    assert!(out.contains("verified"), "{out}");
    assert!(!out.contains("password"), "{out}");
    let verified = on(&hub.url, key, None, &["audit", "verify"], dir);
    assert!(verified.starts_with("audit trail intact"), "{verified}");
    // The same member, on the hub: the same records, opened with the same key file.
    assert_eq!(
        on(&hub.url, key, Some(&token), &["export", "cases"], dir),
        exported
    );
    let grants = on(&hub.url, key, Some(&admin_token), &["grant", "list"], dir);
    assert!(
        grants.contains("Hub") && grants.contains("regional statistics"),
        "{grants}"
    );

    // A store that holds data is never a target.
    let again = rastro(&["migrate", "--to", &hub.url], dir);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already holds data"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    // And back to one machine: an office's copy of the hub.
    let office = dir.join("office/rastro.db");
    let office_url = format!("sqlite:{}", office.display());
    ok(common::command(&["migrate", "--to", &office_url], dir)
        .env("RASTRO_DATABASE_URL", &hub.url)
        .env("RASTRO_KEY_FILE", key)
        .output()
        .unwrap());
    let verified = on(&office_url, key, None, &["audit", "verify"], dir);
    assert!(verified.starts_with("audit trail intact"), "{verified}");
    assert_eq!(
        on(&office_url, key, Some(&token), &["export", "cases"], dir),
        exported
    );
}
