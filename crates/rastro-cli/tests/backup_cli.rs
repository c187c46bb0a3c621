//! `rastro backup` and `rastro restore` end to end: a store copied, brought back into another
//! data directory with its key file, gives back every record, grant and audit event, and its trail
//! verifies; what cannot be trusted — an existing store, a file that is not a backup, another
//! key, an edited trail — is refused, and a refused restore is set aside rather than used.

mod common;
use common::{ok, rastro, rastro_as};

use std::path::Path;

/// `rastro` with the data directory at `data` (the key file beside its database).
fn at(data: &Path, args: &[&str], dir: &Path) -> std::process::Output {
    common::command(args, dir)
        .env("RASTRO_DATA", data)
        .output()
        .expect("run rastro")
}

#[test]
fn a_backup_restores_every_record_grant_and_audit_event() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("cases.csv"),
        "prs_FirstName,prs_SecondName,vic_TypeOfExploitation\n\
         Canaria,Quispe,ForcedLabour\nRosa,Mamani,SexualExploitation\n",
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
    assert!(
        exported.contains("Canaria") && exported.contains("Mamani"),
        "{exported}"
    );

    let out = ok(rastro(&["backup", "--out", "copies/rastro.backup"], dir));
    assert!(out.contains("key file is not in it"), "{out}");
    let backup = dir.join("copies/rastro.backup");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "owner-only, like the store: {mode:o}");
    }
    let again = rastro(&["backup", "--out", "copies/rastro.backup"], dir);
    assert!(
        !again.status.success(),
        "a backup is never written over a file"
    );

    // Another machine: an empty data directory and the key file kept apart.
    let restored = dir.join("restored");
    std::fs::create_dir_all(&restored).unwrap();
    std::fs::copy(dir.join("data/rastro.key"), dir.join("kept.key")).unwrap();
    let out = ok(at(
        &restored,
        &["--key-file", "kept.key", "restore", "copies/rastro.backup"],
        dir,
    ));
    assert!(out.contains("verified"), "{out}");
    let verified = ok(at(
        &restored,
        &["--key-file", "kept.key", "audit", "verify"],
        dir,
    ));
    assert!(verified.starts_with("audit trail intact"), "{verified}");
    let orgs = ok(at(
        &restored,
        &["--key-file", "kept.key", "admin", "orgs"],
        dir,
    ));
    assert!(orgs.contains("Shelter") && orgs.contains("Hub"), "{orgs}");
    // The same member's token works there, and gives back the same records, opened with the key.
    let token = std::fs::read_to_string(dir.join(".tokens/shelter-caseworker")).unwrap();
    let there = ok(
        common::command(&["--key-file", "kept.key", "export", "cases"], dir)
            .env("RASTRO_DATA", &restored)
            .env("RASTRO_TOKEN", token.trim())
            .output()
            .unwrap(),
    );
    assert_eq!(there, exported);
    let grants = ok(
        common::command(&["--key-file", "kept.key", "grant", "list"], dir)
            .env("RASTRO_DATA", &restored)
            .env(
                "RASTRO_TOKEN",
                std::fs::read_to_string(dir.join(".tokens/shelter-org_admin"))
                    .unwrap()
                    .trim(),
            )
            .output()
            .unwrap(),
    );
    assert!(grants.contains("Hub"), "{grants}");

    // A store is never written over.
    let out = at(
        &restored,
        &["--key-file", "kept.key", "restore", "copies/rastro.backup"],
        dir,
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("exists"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn what_cannot_be_trusted_is_refused_and_set_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(rastro_as("Shelter", "caseworker", &["whoami"], dir));
    ok(rastro(&["backup", "--out", "rastro.backup"], dir));

    // Not a backup at all.
    std::fs::write(
        dir.join("notes.txt"),
        "not a database, just words\n".repeat(200),
    )
    .unwrap();
    let out = at(&dir.join("a"), &["restore", "notes.txt"], dir);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("notes.txt") && said.contains("not a"),
        "{said}"
    );
    assert!(!dir.join("a/rastro.db").exists());

    // Another key: the backup's sealed data cannot be opened with it, so it is not used.
    let out = at(&dir.join("b"), &["restore", "rastro.backup"], dir);
    assert!(
        !out.status.success(),
        "a fresh key beside it is not the store's key"
    );
    assert!(!dir.join("b/rastro.db").exists());
    assert!(dir.join("b/rastro.db.rejected").exists());

    // A trail edited in the copy.
    std::fs::copy(dir.join("rastro.backup"), dir.join("edited.backup")).unwrap();
    let db = rusqlite::Connection::open(dir.join("edited.backup")).unwrap();
    db.execute_batch("DROP TRIGGER audit_events_no_update")
        .unwrap();
    db.execute(
        "UPDATE audit_events SET action = 'nothing' WHERE seq = 1",
        [],
    )
    .unwrap();
    drop(db);
    std::fs::create_dir_all(dir.join("c")).unwrap();
    std::fs::copy(dir.join("data/rastro.key"), dir.join("c/rastro.key")).unwrap();
    let out = at(&dir.join("c"), &["restore", "edited.backup"], dir);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("does not verify"), "{said}");
    assert!(!dir.join("c/rastro.db").exists());
    assert!(dir.join("c/rastro.db.rejected").exists());
}
