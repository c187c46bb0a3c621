//! The store contract against a real SQLite file, and what only the SQLite backend does:
//! migrations (checksummed, safe when processes race), file permissions, readers during a long
//! write, the key file, and an audit trail edited in the file directly.

mod contract;

use std::sync::mpsc;
use std::time::Duration;

use contract::fixtures::{analyst, caseworker, entry, people};
use rastro_store::{Facet, ListCounts, NewWatchlist, Store, StoreError, StoreUrl, Tampering};

/// How many migrations this build carries.
const MIGRATIONS: u32 = 28;

pub struct Fresh {
    pub store: Store,
    _dir: tempfile::TempDir,
}

fn fresh() -> Fresh {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&StoreUrl::in_data_dir(&dir.path().join("data"))).unwrap();
    Fresh { store, _dir: dir }
}

impl contract::Opened for Fresh {
    fn store(&self) -> Option<&Store> {
        Some(&self.store)
    }
}

contract_suite!(fresh);

fn url(dir: &tempfile::TempDir) -> StoreUrl {
    StoreUrl::in_data_dir(&dir.path().join("data"))
}

#[test]
fn opening_never_creates_or_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    assert!(matches!(
        Store::open(&url),
        Err(StoreError::NotMigrated { pending }) if pending == (1..=MIGRATIONS).collect::<Vec<u32>>()
    ));
    assert!(!dir.path().join("data").exists());
    let applied = Store::migrate(&url).unwrap();
    assert_eq!(applied.len(), MIGRATIONS as usize);
    assert!(Store::migrate(&url).unwrap().is_empty());
    let status = Store::migrations(&url).unwrap();
    assert!(status
        .iter()
        .all(|m| m.applied_at.is_some() && m.checksum.len() == 64));
    Store::open(&url).unwrap();
}

#[cfg(unix)]
#[test]
fn the_data_directory_and_file_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let StoreUrl::Sqlite(path) = url(&dir) else {
        unreachable!("an embedded store's address")
    };
    Store::migrate(&url(&dir)).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir.path().join("data")), 0o700);
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn processes_racing_to_migrate_apply_each_migration_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    let applied: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| Store::migrate(&url).map(|a| a.len())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap().unwrap())
            .collect()
    });
    assert_eq!(
        applied.iter().sum::<usize>(),
        MIGRATIONS as usize,
        "{applied:?}"
    );
    Store::open(&url).unwrap();
}

#[test]
fn a_migration_changed_after_it_was_applied_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    Store::migrate(&url).unwrap();
    let StoreUrl::Sqlite(path) = &url else {
        unreachable!("an embedded store's address")
    };
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "UPDATE schema_migrations SET checksum = 'abc' WHERE version = 3",
        [],
    )
    .unwrap();
    drop(conn);
    let err = Store::open(&url).err().unwrap();
    assert!(
        matches!(&err, StoreError::MigrationChanged { version: 3, .. }),
        "{err}"
    );
    assert!(Store::migrate(&url).is_err());
}

#[test]
fn stores_from_before_checksums_are_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    Store::migrate(&url).unwrap();
    let StoreUrl::Sqlite(path) = &url else {
        unreachable!("an embedded store's address")
    };
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("ALTER TABLE schema_migrations DROP COLUMN checksum")
        .unwrap();
    drop(conn);
    assert!(Store::migrate(&url).unwrap().is_empty());
    assert!(Store::migrations(&url)
        .unwrap()
        .iter()
        .all(|m| m.checksum.len() == 64 && m.applied_at.is_some()));
    Store::open(&url).unwrap();
}

#[test]
fn reopening_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open_migrated(&url(&dir)).unwrap();
        people(&store, "Hub", &["Ana"]);
    }
    let store = Store::open_migrated(&url(&dir)).unwrap();
    let hub = caseworker(&store, "Hub");
    assert_eq!(store.scope(&hub).count_cases().unwrap(), 1);
}

#[test]
fn readers_answer_from_the_committed_state_during_a_long_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    people(&store, "Hub", &["Ana", "Luis"]);
    let hub = caseworker(&store, "Hub");
    let lists = analyst(&store, "Hub");
    let (entered, wait_for_it) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        // A list import holds the writer, inside its transaction, until told to go on.
        let writer_store = store.clone();
        let writer_org = lists.clone();
        let writer = s.spawn(move || {
            writer_store.scope(&writer_org).replace_watchlist(
                &NewWatchlist {
                    name: "un",
                    source_file: "un.csv",
                    format: "csv",
                },
                &mut |sink| {
                    sink(entry("a", 1, &["Ana Ruiz"]))?;
                    let _ = entered.send(());
                    let _ = released.recv_timeout(Duration::from_secs(10));
                    Ok(ListCounts {
                        rows: 1,
                        rejected: 0,
                    })
                },
            )
        });
        wait_for_it.recv_timeout(Duration::from_secs(10)).unwrap();
        // Meanwhile two readers answer from the last committed state; they record their reads
        // through the one writer, so they finish once the list is committed.
        let readers: Vec<_> = (0..2)
            .map(|_| {
                let store = store.clone();
                let hub = hub.clone();
                s.spawn(move || store.scope(&hub).count_cases())
            })
            .collect();
        std::thread::sleep(Duration::from_millis(200));
        release.send(()).unwrap();
        for reader in readers {
            assert_eq!(reader.join().unwrap().unwrap(), 2);
        }
        writer.join().unwrap().unwrap();
    });
    assert_eq!(store.scope(&hub).watchlists().unwrap().len(), 1);
}

/// A store with a few events in one organisation's chain, and a raw connection to its file with
/// the append-only triggers dropped, as someone editing the file directly would.
fn tampered_store() -> (tempfile::TempDir, Store, rusqlite::Connection, String) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    people(&store, "Shelter", &["Ana", "Luis", "Rosa"]);
    let cw = caseworker(&store, "Shelter");
    for _ in 0..4 {
        store.scope(&cw).count_cases().unwrap();
    }
    let StoreUrl::Sqlite(path) = url(&dir) else {
        unreachable!("an embedded store's address")
    };
    let raw = rusqlite::Connection::open(path).unwrap();
    raw.execute_batch("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;")
        .unwrap();
    let chain: String = raw
        .query_row(
            "SELECT chain FROM audit_events WHERE chain <> 'platform' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (dir, store, raw, chain)
}

fn found(store: &Store) -> Vec<(u64, Tampering)> {
    let report = store.local_admin().unwrap().verify_audit().unwrap();
    report
        .problems
        .into_iter()
        .map(|p| (p.seq, p.tampering))
        .collect()
}

#[test]
fn the_audit_trail_is_append_only_for_rastro_itself() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    people(&store, "Shelter", &["Ana"]);
    let StoreUrl::Sqlite(path) = url(&dir) else {
        unreachable!("an embedded store's address")
    };
    let raw = rusqlite::Connection::open(path).unwrap();
    assert!(raw
        .execute("UPDATE audit_events SET action = 'x'", [])
        .is_err());
    assert!(raw.execute("DELETE FROM audit_events", []).is_err());
    assert!(found(&store).is_empty());
}

#[test]
fn an_edited_event_is_found() {
    let (_dir, store, raw, chain) = tampered_store();
    raw.execute(
        "UPDATE audit_events SET count = 999 WHERE chain = ?1 AND seq = 3",
        [&chain],
    )
    .unwrap();
    assert_eq!(found(&store), vec![(3, Tampering::Edited)]);
}

#[test]
fn a_deleted_event_is_found() {
    let (_dir, store, raw, chain) = tampered_store();
    raw.execute(
        "DELETE FROM audit_events WHERE chain = ?1 AND seq = 4",
        [&chain],
    )
    .unwrap();
    assert_eq!(found(&store), vec![(4, Tampering::Deleted { missing: 1 })]);
}

#[test]
fn an_inserted_event_is_found_even_with_a_recomputed_hash() {
    let (_dir, store, raw, chain) = tampered_store();
    // A forged event appended after the last one, its hash recomputed as Rastro would (the
    // chain's function is public), but the MAC-protected head does not know it.
    let (seq, hash): (i64, String) = raw
        .query_row(
            "SELECT seq, hash FROM audit_events WHERE chain = ?1 ORDER BY seq DESC LIMIT 1",
            [&chain],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let forged_seq = seq + 1;
    let canonical = serde_json::to_vec(&(
        &chain,
        forged_seq as u64,
        "2026-01-01T00:00:00.000Z",
        None::<String>,
        None::<String>,
        None::<String>,
        "read_case",
        "ok",
        None::<String>,
        None::<String>,
        "[]",
        None::<i64>,
        "{}",
    ))
    .unwrap();
    let forged_hash = rastro_vault::chain::link(&hash, &canonical);
    raw.execute(
        "INSERT INTO audit_events (chain, seq, at, action, outcome, records, detail, prev, hash)
         VALUES (?1, ?2, '2026-01-01T00:00:00.000Z', 'read_case', 'ok', '[]', '{}', ?3, ?4)",
        rusqlite::params![chain, forged_seq, hash, forged_hash],
    )
    .unwrap();
    assert_eq!(
        found(&store),
        vec![(forged_seq as u64, Tampering::Inserted)]
    );
    // Moving the head too needs the key file's MAC.
    raw.execute(
        "UPDATE audit_heads SET seq = ?1, hash = ?2 WHERE chain = ?3",
        rusqlite::params![forged_seq, forged_hash, chain],
    )
    .unwrap();
    assert_eq!(
        found(&store),
        vec![(forged_seq as u64, Tampering::HeadForged)]
    );
}

#[test]
fn swapped_events_are_found() {
    let (_dir, store, raw, chain) = tampered_store();
    // Two events exchange places: every column but the row id moves.
    raw.execute_batch(&format!(
        "UPDATE audit_events SET seq = -1 WHERE chain = '{chain}' AND seq = 2;
         UPDATE audit_events SET seq = 2 WHERE chain = '{chain}' AND seq = 3;
         UPDATE audit_events SET seq = 3 WHERE chain = '{chain}' AND seq = -1;"
    ))
    .unwrap();
    let problems = found(&store);
    assert!(
        problems.contains(&(2, Tampering::Reordered))
            || problems.contains(&(3, Tampering::Reordered)),
        "{problems:?}"
    );
    assert!(
        problems.iter().all(|(seq, _)| [2, 3].contains(seq)),
        "{problems:?}"
    );
}

#[test]
fn a_cut_off_end_is_found() {
    let (_dir, store, raw, chain) = tampered_store();
    let last: i64 = raw
        .query_row(
            "SELECT MAX(seq) FROM audit_events WHERE chain = ?1",
            [&chain],
            |r| r.get(0),
        )
        .unwrap();
    raw.execute(
        "DELETE FROM audit_events WHERE chain = ?1 AND seq >= ?2",
        rusqlite::params![chain, last - 1],
    )
    .unwrap();
    assert_eq!(
        found(&store),
        vec![(last as u64 - 1, Tampering::Truncated { head: last as u64 })]
    );
}

#[test]
fn a_store_opens_only_with_its_own_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    let key = url.default_key_file();
    Store::open_migrated(&url).unwrap();
    assert!(key.is_file(), "the first opening makes the key file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // Another key, or none, is refused with what to do; the store is left as it was.
    let other = dir.path().join("other.key");
    rastro_vault::MasterKey::create_file(&other).unwrap();
    let err = Store::open_with_key(&url, &other)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("is not this store's key"), "{err}");
    let moved = dir.path().join("moved.key");
    std::fs::rename(&key, &moved).unwrap();
    let err = Store::open(&url).err().unwrap().to_string();
    assert!(err.contains("restore it"), "{err}");
    assert!(!key.exists(), "a missing key is never silently replaced");
    Store::open_with_key(&url, &moved).unwrap();
}

/// A record whose every identifying field and free text holds a string found nowhere else.
fn canary_record(tag: &str) -> rastro_model::CaseRecord {
    use rastro_model::Field;
    let mut r = rastro_model::CaseRecord::default();
    for (field, value) in [
        (Field::PrsFirstName, format!("Zorbalinda{tag}")),
        (Field::PrsSecondName, format!("Quwertyana{tag}")),
        (Field::PrsIdentityNumber, format!("CANARYID{tag}")),
        (Field::PrsEmail, format!("canarymail{tag}@example.org")),
        (Field::PrsMobilePhone, format!("+51 999 {tag}")),
        (Field::PrsMailingStreet, format!("Calle Canariosa {tag}")),
        (Field::HteType, "Exploitation".to_string()),
        (Field::HteDescription, format!("Relato canarioso {tag}")),
        (Field::VicTypeOfExploitation, "ForcedLabour".to_string()),
    ] {
        r.set(field, &value).unwrap();
    }
    r
}

fn files_contain(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            found.push(path.display().to_string());
        }
    }
    found
}

#[test]
fn the_database_files_without_the_key_hold_no_identity() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("elsewhere/rastro.key");
    let store = Store::open_migrated_with_key(&url(&dir), &key).unwrap();
    let cw = caseworker(&store, "Shelter");
    let scope = store.scope(&cw);
    let ids = contract::fixtures::import(&scope, "c.csv", &[(canary_record("7731"), "k")]);
    // The owner reads it back whole; others and the hub see pseudonyms, equal for equal names.
    let Some(rastro_store::CaseView::Full(case)) = scope.case(&ids[0]).unwrap() else {
        panic!("the owner's caseworker reads its case in full");
    };
    assert_eq!(case.record, canary_record("7731"));
    assert_eq!(case.pseudonyms.given.len(), 1);
    assert!(
        scope
            .find_own_cases(rastro_store::Lookup::IdentityNumber, "canary-id 7731")
            .unwrap()
            == ids
    );
    assert!(scope
        .find_own_cases(rastro_store::Lookup::Name, "Quwertyana Zorbalindo")
        .unwrap()
        .is_empty());
    assert_eq!(
        scope
            .find_own_cases(rastro_store::Lookup::Name, "Quwertyana Zorbalinda")
            .unwrap(),
        ids
    );
    drop(scope);
    drop(store);
    let data = dir.path().join("data");
    for needle in [
        "Zorbalinda",
        "Quwertyana",
        "CANARYID",
        "canarymail",
        "999 7731",
        "Canariosa",
        "canarioso",
    ] {
        assert!(
            files_contain(&data, needle).is_empty(),
            "{needle} in {:?}",
            files_contain(&data, needle)
        );
    }
}

#[test]
fn cases_written_before_encryption_are_sealed_at_the_next_opening() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    let cw = caseworker(&store, "Shelter");
    let ids = contract::fixtures::import(&store.scope(&cw), "c.csv", &[(canary_record("55"), "k")]);
    drop(store);
    // As an earlier version left it: the whole record in the clear, no key version.
    let StoreUrl::Sqlite(path) = url(&dir) else {
        unreachable!("an embedded store's address")
    };
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE cases SET record = ?1, key_version = NULL",
        [canary_record("55").to_compact()],
    )
    .unwrap();
    raw.execute("DELETE FROM case_secrets", []).unwrap();
    raw.execute("UPDATE cases SET id_index = NULL", []).unwrap();
    drop(raw);
    let store = Store::open_migrated(&url(&dir)).unwrap();
    let scope = store.scope(&cw);
    let Some(rastro_store::CaseView::Full(case)) = scope.case(&ids[0]).unwrap() else {
        panic!("read in full");
    };
    assert_eq!(case.record, canary_record("55"));
    assert_eq!(
        scope
            .find_own_cases(rastro_store::Lookup::IdentityNumber, "CANARYID55")
            .unwrap(),
        ids
    );
    drop(scope);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")
        .unwrap();
    drop(conn);
    assert!(files_contain(&dir.path().join("data"), "Zorbalinda").is_empty());
}

#[test]
fn rotating_keys_keeps_every_case_readable_and_moves_the_store_to_the_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    let cw = caseworker(&store, "Shelter");
    let ids = contract::fixtures::import(
        &store.scope(&cw),
        "c.csv",
        &[(canary_record("1"), "a"), (canary_record("2"), "b")],
    );
    people(&store, "Police", &["Luis"]);
    let admin = store.local_admin().unwrap();
    let rotated = admin.rotate_data_keys().unwrap();
    assert_eq!(rotated.organisations, 2);
    assert_eq!(rotated.cases, 3);
    let read = |store: &Store| {
        let Some(rastro_store::CaseView::Full(case)) = store.scope(&cw).case(&ids[1]).unwrap()
        else {
            panic!("read in full");
        };
        case.record
    };
    assert_eq!(read(&store), canary_record("2"));
    // Only the new version is left.
    let StoreUrl::Sqlite(path) = url(&dir) else {
        unreachable!("an embedded store's address")
    };
    let raw = rusqlite::Connection::open(&path).unwrap();
    let versions: Vec<i64> = raw
        .prepare("SELECT DISTINCT key_version FROM cases")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(versions, vec![2]);
    let old: i64 = raw
        .query_row(
            "SELECT COUNT(*) FROM wrapped_keys WHERE purpose = 'data' AND version = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old, 0, "the old data keys are destroyed");

    let new_key = dir.path().join("new.key");
    let moved = admin.rotate_master(&new_key).unwrap();
    assert!(moved.keys >= 5, "{moved:?}");
    drop(store);
    let err = Store::open(&url(&dir)).err().unwrap().to_string();
    assert!(err.contains("is not this store's key"), "{err}");
    let store = Store::open_with_key(&url(&dir), &new_key).unwrap();
    assert_eq!(read(&store), canary_record("2"));
    let report = store.local_admin().unwrap().verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn an_unanswered_referral_expires_and_its_grant_with_it() {
    use rastro_store::{Direction, Grantee, NewConsent, NewReferral, ReferralStatus, Sending};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    let cw = caseworker(&store, "Shelter");
    let scope = store.scope(&cw);
    let ids = contract::fixtures::import(&scope, "c.csv", &[(canary_record("9"), "k")]);
    let receiver = caseworker(&store, "Clinic");
    scope
        .record_consent(&NewConsent {
            case_id: &ids[0],
            to: Grantee::Organisation("Clinic".into()),
            purpose: "care",
            evidence: "form 1",
        })
        .unwrap();
    let draft = scope
        .draft_referral(&NewReferral {
            case_id: &ids[0],
            to: "Clinic",
            purpose: "care",
        })
        .unwrap();
    scope
        .send_referral(
            &draft.id,
            &Sending {
                days: 1,
                ..Sending::default()
            },
        )
        .unwrap();
    assert!(store.scope(&receiver).case(&ids[0]).unwrap().is_some());
    // A day later, unanswered.
    let StoreUrl::Sqlite(path) = url(&dir) else {
        unreachable!("an embedded store's address")
    };
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch(
        "UPDATE referrals SET expires_at = '2020-01-01T00:00:00Z';
         UPDATE grants SET expires_at = '2020-01-01T00:00:00Z' WHERE basis = 'consent';",
    )
    .unwrap();
    assert!(store.scope(&receiver).case(&ids[0]).unwrap().is_none());
    let inbox = store
        .scope(&receiver)
        .referrals(Direction::Incoming)
        .unwrap();
    assert_eq!(inbox[0].status, ReferralStatus::Expired);
    assert!(store
        .scope(&receiver)
        .accept_referral(&draft.id, true)
        .is_err());
    let revoked: i64 = raw
        .query_row(
            "SELECT COUNT(*) FROM grants WHERE revoked_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(revoked, 1);
}

/// Cases stored before the age band and month were facets get them at the next opening, in
/// the facet values text statistics and facet grants read.
#[test]
fn cases_from_before_statistics_facets_get_them_at_opening() {
    use contract::fixtures::import;
    use rastro_model::Field;
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    {
        let store = Store::open_migrated(&url).unwrap();
        let cw = caseworker(&store, "Shelter");
        let mut record = contract::fixtures::case("Ana", "ForcedLabour", "PE");
        record.set(Field::VicAgeWhenTrafficked, "30").unwrap();
        record.set(Field::HteDate, "2022-11-20;2022-12-01").unwrap();
        import(&store.scope(&cw), "a.csv", &[(record, "a")]);
    }
    // As an older build left it: the two facets missing from the case's facet values text
    // (migration 0024 made it from the facet rows there were), the task pending.
    let db = rusqlite::Connection::open(dir.path().join("data/rastro.db")).unwrap();
    let written: String = db
        .query_row("SELECT facet_values FROM cases", [], |r| r.get(0))
        .unwrap();
    let older: Vec<&str> = written
        .split('\u{1e}')
        // Age band and month by their codes (`Facet::code`).
        .filter(|pair| !pair.starts_with("h\u{1f}") && !pair.starts_with("i\u{1f}"))
        .collect();
    assert_eq!(
        older.len() + 2,
        written.split('\u{1e}').count(),
        "{written:?}"
    );
    db.execute("UPDATE cases SET facet_values = ?1", [older.join("\u{1e}")])
        .unwrap();
    db.execute(
        "INSERT INTO store_tasks (name) VALUES ('facets:age_band,month')",
        [],
    )
    .unwrap();
    let text: String = db
        .query_row("SELECT facet_values FROM cases", [], |r| r.get(0))
        .unwrap();
    assert!(text.starts_with("a\u{1f}ForcedLabour"), "{text:?}");
    assert!(!text.contains("\u{1e}h\u{1f}"), "{text:?}");
    drop(db);
    let store = Store::open_migrated(&url).unwrap();
    let cw = caseworker(&store, "Shelter");
    let mut values = Vec::new();
    let now = store.scope(&cw).statistics_stamp("test").unwrap();
    store
        .scope(&cw)
        .for_each_case_facts(rastro_store::FactsSpan::everything(&now), &mut |f| {
            values.extend(f.values);
            Ok(())
        })
        .unwrap();
    assert!(
        values.contains(&(Facet::AgeBand, "30-38".to_string())),
        "{values:?}"
    );
    assert!(
        values.contains(&(Facet::Month, "2022-11".to_string())),
        "{values:?}"
    );
    let db = rusqlite::Connection::open(dir.path().join("data/rastro.db")).unwrap();
    let pending: i64 = db
        .query_row("SELECT COUNT(*) FROM store_tasks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0, "the task is done once");
}

/// Migration 16 rebuilds the grants table to take transactions and alerts. Applied over a store
/// that has grants and a referral resting on one, it keeps every grant as it was and the
/// referral pointing at it, and the sharing it gave still works.
#[test]
fn the_grants_rebuild_keeps_grants_and_the_referrals_resting_on_them() {
    use rastro_store::{Grantee, NewConsent, NewReferral, Sending};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    let cw = caseworker(&store, "Shelter");
    let scope = store.scope(&cw);
    let ids = contract::fixtures::import(&scope, "c.csv", &[(canary_record("16"), "k")]);
    let receiver = caseworker(&store, "Clinic");
    scope
        .record_consent(&NewConsent {
            case_id: &ids[0],
            to: Grantee::Organisation("Clinic".into()),
            purpose: "care",
            evidence: "form 1",
        })
        .unwrap();
    let draft = scope
        .draft_referral(&NewReferral {
            case_id: &ids[0],
            to: "Clinic",
            purpose: "care",
        })
        .unwrap();
    scope
        .send_referral(
            &draft.id,
            &Sending {
                days: 14,
                ..Sending::default()
            },
        )
        .unwrap();
    let StoreUrl::Sqlite(path) = url(&dir) else {
        unreachable!("an embedded store's address")
    };
    let grants = |raw: &rusqlite::Connection| -> Vec<String> {
        raw.prepare(
            "SELECT id || record_kind || target || level || purpose FROM grants ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    let mut raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let before = grants(&raw);
    assert_eq!(before.len(), 1);
    // The table 16 adds is empty here; without it the migration runs again as over an
    // older store, under the migrations' own conditions (foreign keys on, one transaction).
    let tx = raw.transaction().unwrap();
    tx.execute_batch("DROP TABLE alert_reviews").unwrap();
    tx.execute_batch(include_str!("../migrations/sqlite/0016_money_sharing.sql"))
        .unwrap();
    tx.commit().unwrap();
    assert_eq!(grants(&raw), before);
    let dangling: i64 = raw
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0);
    let joined: i64 = raw
        .query_row(
            "SELECT COUNT(*) FROM referrals r JOIN grants g ON g.id = r.grant_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(joined, 1);
    // The triggers came back: a grant change still moves the change counter.
    let counter = |raw: &rusqlite::Connection| -> i64 {
        raw.query_row("SELECT n FROM store_changes", [], |r| r.get(0))
            .unwrap()
    };
    let n = counter(&raw);
    drop(raw);
    let store = Store::open(&url(&dir)).unwrap();
    assert!(store.scope(&receiver).case(&ids[0]).unwrap().is_some());
    let reopened = store.scope(&caseworker(&store, "Shelter"));
    reopened.withdraw_referral(&draft.id).unwrap();
    assert!(store.scope(&receiver).case(&ids[0]).unwrap().is_none());
    let raw = rusqlite::Connection::open(&path).unwrap();
    assert!(counter(&raw) > n);
}

/// A grant of transactions or alerts that reaches its expiry stops showing them, as any grant.
#[test]
fn an_expired_grant_of_transactions_and_alerts_shows_nothing() {
    use contract::transactions::{all_alerts, an_alert, import_txns, read_txns, txn, visible_txns};
    use rastro_store::{Basis, GrantTarget, Grantee, Level, NewGrant, RecordKind};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    let bank = store.scope(&analyst(&store, "Banco"));
    import_txns(&bank, "m.csv", &[txn(1, "PE-0001", "PE-0002", None)]);
    let ids: Vec<String> = read_txns(&bank, None)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let alert = bank
        .store_alerts(&[an_alert("A1", "PE-0002", &ids)])
        .unwrap()
        .ids[0]
        .clone();
    let uif = store.scope(&analyst(&store, "UIF"));
    let sharer = store.scope(&caseworker(&store, "Banco"));
    for kind in [RecordKind::Transaction, RecordKind::Alert] {
        sharer
            .grant(&NewGrant {
                kind,
                target: GrantTarget::All,
                grantee: Grantee::Organisation("UIF".into()),
                level: Level::Full,
                purpose: "joint investigation",
                basis: Basis::Agreement,
                expires_at: Some("2999-01-01T00:00:00Z"),
            })
            .unwrap();
    }
    assert_eq!(visible_txns(&uif), ids);
    assert!(uif.alert(&alert).unwrap().is_some());
    assert_eq!(uif.alert_page(&all_alerts()).unwrap().total, 1);
    // The day passes.
    let StoreUrl::Sqlite(path) = url(&dir) else {
        unreachable!("an embedded store's address")
    };
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch("UPDATE grants SET expires_at = '2020-01-01T00:00:00Z'")
        .unwrap();
    assert!(visible_txns(&uif).is_empty());
    assert!(uif.transactions(&ids).unwrap().is_empty());
    assert!(uif.alert(&alert).unwrap().is_none());
    assert!(uif.alert_transactions(&alert).unwrap().is_none());
    assert_eq!(uif.alert_page(&all_alerts()).unwrap().total, 0);
    assert!(uif.alerts(None).unwrap().is_empty());
}

/// SQLite's 0019 gives the rows the store wrote before it their record's owner: its update of
/// the sealed parts, run again over a store's sealed parts whose owner is blanked, puts every
/// one back (its update of the facet rows went with their table in 0025).
#[test]
fn migration_19_gives_existing_rows_their_owner() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    people(&store, "Shelter", &["Ana Lima", "Luis Paz"]);
    people(&store, "Clinic", &["Bea Ruiz"]);
    drop(store);
    let StoreUrl::Sqlite(path) = url(&dir) else {
        unreachable!("an embedded store's address")
    };
    let raw = rusqlite::Connection::open(&path).unwrap();
    let owners = |raw: &rusqlite::Connection| -> Vec<(String, i64)> {
        raw.prepare(
            "SELECT COALESCE(s.org_id, '-') || '/' || c.org_id, COUNT(*)
             FROM case_secrets s JOIN cases c ON c.pk = s.case_pk GROUP BY 1 ORDER BY 1",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    let written = owners(&raw);
    assert!(written.iter().all(|(pair, _)| {
        let (row, case) = pair.split_once('/').unwrap();
        row == case
    }));
    assert!(written.len() >= 2, "{written:?}");
    raw.execute_batch("UPDATE case_secrets SET org_id = NULL")
        .unwrap();
    assert_ne!(owners(&raw), written);
    let updates: Vec<String> = include_str!("../migrations/sqlite/0019_keyed_by_organisation.sql")
        .split(';')
        .map(|s| {
            s.lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|s| s.trim_start().starts_with("UPDATE case_secrets"))
        .collect();
    assert_eq!(updates.len(), 1, "{updates:?}");
    for update in &updates {
        raw.execute_batch(update).unwrap();
    }
    assert_eq!(owners(&raw), written);
}

/// Migration 0020 rebuilds the jobs table (SQLite cannot widen a CHECK in place): run again over
/// a store holding a queued job with its sealed file, it keeps both, the file still pointing at
/// its job — the foreign key holds when the migration commits.
#[test]
fn rebuilding_the_jobs_table_keeps_queued_jobs_and_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    let store = Store::open_migrated(&url).unwrap();
    let shelter = caseworker(&store, "Shelter");
    let job = store
        .scope(&shelter)
        .enqueue_job_with_file(
            rastro_store::JobKind::ImportCases,
            r#"{"name":"cases.csv"}"#,
            b"prs_FirstName\nAna\n",
        )
        .unwrap();
    drop(store);
    let StoreUrl::Sqlite(path) = &url else {
        unreachable!("an embedded store's address")
    };
    let mut conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(include_str!("../migrations/sqlite/0020_job_kinds.sql"))
        .unwrap();
    tx.commit().unwrap();
    let broken: i64 = conn
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    drop(conn);
    let store = Store::open(&url).unwrap();
    assert_eq!(store.scope(&shelter).job(&job.id).unwrap(), Some(job));
    let worker = store.job_worker("w", 60);
    let claimed = worker.claim().unwrap().unwrap();
    assert_eq!(
        worker.file(&claimed).unwrap().as_deref(),
        Some(&b"prs_FirstName\nAna\n"[..])
    );
}

/// A case's facets are all kept however many it has, in the one text beside it (migration 25
/// dropped the table of facet rows, and its trigger with it), and each is counted.
#[test]
fn a_cases_facets_are_all_kept_in_its_text_and_counted() {
    use rastro_model::{CaseRecord, Field};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_migrated(&url(&dir)).unwrap();
    let actor = caseworker(&store, "Shelter");
    let scope = store.scope(&actor);
    let countries = [
        "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "HT", "JM", "MX",
        "NI", "PA", "PY", "PE", "UY", "VE", "US", "CA", "ES", "PT", "FR", "IT", "DE", "CN", "PH",
        "NG", "GY", "SR", "BZ", "TT",
    ];
    let mut many = CaseRecord::default();
    many.set(Field::PrsCitizenship, &countries.join(";"))
        .unwrap();
    let mut few = CaseRecord::default();
    few.set(Field::PrsCitizenship, "VE;CO").unwrap();
    let ids = contract::fixtures::import(&scope, "facets.csv", &[(many, "k1"), (few, "k2")]);
    assert_eq!(ids.len(), 2);
    let counts = store
        .scope(&actor)
        .facet_counts(Facet::Citizenship)
        .unwrap();
    for code in countries {
        let n = counts.iter().find(|(v, _)| v == code).map(|(_, n)| *n);
        let expected = if code == "VE" || code == "CO" { 2 } else { 1 };
        assert_eq!(n, Some(expected), "{code} in {counts:?}");
    }

    let StoreUrl::Sqlite(path) = url(&dir) else {
        unreachable!("an embedded store's address")
    };
    let raw = rusqlite::Connection::open(path).unwrap();
    let text: String = raw
        .query_row(
            "SELECT facet_values FROM cases WHERE id = ?1",
            [&ids[0]],
            |r| r.get(0),
        )
        .unwrap();
    let kept = text
        .split('\u{1e}')
        .filter(|pair| pair.starts_with("e\u{1f}")) // citizenship's code
        .count();
    assert_eq!(kept, countries.len(), "{text:?}");
    let tables: i64 = raw
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'case_facets%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "no facet rows' table nor its trigger");
}

/// What makes an import cheaper than before: nothing indexes a case's (random-looking) id; the
/// case is found through the number its id encrypts. A case stored before — its random id kept
/// in both columns, as migration 26 leaves it — is still found by that id.
#[test]
fn a_case_is_found_by_its_id_through_its_number_or_its_old_id() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(&dir);
    Store::migrate(&url).unwrap();
    let store = Store::open(&url).unwrap();
    let shelter = store.scope(&caseworker(&store, "Shelter"));
    let ids = contract::fixtures::import(
        &shelter,
        "a.csv",
        &[
            (contract::fixtures::person("Ana"), "k1"),
            (contract::fixtures::person("Bia"), "k2"),
        ],
    );
    assert_eq!(ids.len(), 2);
    let StoreUrl::Sqlite(path) = &url else {
        unreachable!("an embedded store's address")
    };
    let raw = rusqlite::Connection::open(path).unwrap();
    let indexed_on_id: i64 = raw
        .query_row(
            "SELECT COUNT(*) FROM pragma_index_list('cases') l, pragma_index_info(l.name) i
             WHERE i.name = 'id'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        indexed_on_id, 0,
        "an index of cases' ids is written per case"
    );
    let lookups: Vec<String> = raw
        .prepare("SELECT id_lookup FROM cases ORDER BY pk")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        lookups
            .iter()
            .all(|l| l.bytes().all(|b| b.is_ascii_digit())),
        "{lookups:?}"
    );
    // The second case as a case stored before ids were computed.
    let old_id = "0ABCDEFGHJKMNPQRSTVWXYZ012";
    raw.execute(
        "UPDATE cases SET id = ?1, id_lookup = ?1 WHERE id = ?2",
        rusqlite::params![old_id, ids[1]],
    )
    .unwrap();
    drop(raw);
    // Read below full level: the record's sealed part names the id it was sealed with.
    let reader = store.scope(&analyst(&store, "Shelter"));
    assert!(reader.case(&ids[0]).unwrap().is_some());
    assert!(reader.case(old_id).unwrap().is_some());
    assert!(reader.case(&ids[1]).unwrap().is_none());
}
