//! Transactions and alerts: imported once per organisation however often the file comes in,
//! never seen by another organisation (no grant can share them), sealed at rest with only blind
//! indexes of accounts and contacts in the clear, found by those indexes, alerts kept once with
//! the very transactions that raised them, and everything re-sealed by a key rotation.

use rastro_store::{
    Action, AlertBand, AlertSubject, Basis, GrantTarget, Grantee, Identifier, Level, NewAlert,
    NewGrant, NewTransaction, RecordKind, Role, Scope, Store, StoreError, StoreUrl,
};

use super::fixtures::*;

/// A transaction of the tests: its account numbers and contact are canaries a test looks for.
pub struct Txn {
    pub fingerprint: [u8; 16],
    pub at: i64,
    pub debtor: String,
    pub creditor: String,
    pub contact: Option<String>,
    pub body: String,
}

impl Txn {
    /// The same transaction as row `_row` of another file.
    pub fn clone_as(&self, _row: u8) -> Txn {
        Txn {
            fingerprint: self.fingerprint,
            at: self.at,
            debtor: self.debtor.clone(),
            creditor: self.creditor.clone(),
            contact: self.contact.clone(),
            body: self.body.clone(),
        }
    }
}

/// The `i`-th transaction from `debtor` to `creditor`.
pub fn txn(i: u8, debtor: &str, creditor: &str, contact: Option<&str>) -> Txn {
    let mut fingerprint = [0u8; 16];
    fingerprint[0] = i;
    fingerprint[1..1 + debtor.len().min(15)]
        .copy_from_slice(&debtor.as_bytes()[..debtor.len().min(15)]);
    Txn {
        fingerprint,
        at: 1_700_000_000 + i64::from(i) * 3_600,
        debtor: debtor.to_string(),
        creditor: creditor.to_string(),
        contact: contact.map(str::to_string),
        body: format!(
            r#"{{"id":"T{i}","debtor_account":"{debtor}","creditor_account":"{creditor}","amount":"{}.00"}}"#,
            100 + u32::from(i)
        ),
    }
}

/// Imports `txns` as one file; returns (inserted, duplicates).
pub fn import_txns(scope: &Scope<'_>, file: &str, txns: &[Txn]) -> (u64, u64) {
    let import = scope.begin_transaction_import(file, "csv").unwrap();
    let batch: Vec<NewTransaction<'_>> = txns
        .iter()
        .enumerate()
        .map(|(i, t)| NewTransaction {
            fingerprint: &t.fingerprint,
            source_row: i as u64 + 1,
            at: t.at,
            utc_offset: -300,
            debtor_account: Some(&t.debtor),
            creditor_account: Some(&t.creditor),
            contact: t.contact.as_deref(),
            body: &t.body,
        })
        .collect();
    let prepared = scope.prepare_transactions(&batch).unwrap();
    let outcome = scope.import_transactions(&import, prepared).unwrap();
    scope
        .finish_transaction_import(&import, txns.len() as u64, 0)
        .unwrap();
    (outcome.inserted, outcome.duplicates)
}

/// The ids and bodies of the scope's transactions, by time.
pub fn read_txns(scope: &Scope<'_>, since: Option<i64>) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    scope
        .for_each_transaction(since, &mut |t| {
            seen.push((t.id, t.body));
            Ok(())
        })
        .unwrap();
    seen
}

pub fn an_alert<'a>(key: &'a str, subject: &'a str, transactions: &'a [String]) -> NewAlert<'a> {
    NewAlert {
        key,
        catalogue_version: "2024.1",
        typology: "funnel_account",
        subject_kind: AlertSubject::Account,
        subject,
        score: 7.5,
        band: AlertBand::High,
        raised_at: 1_700_100_000,
        transactions,
        body: r#"{"rules":[{"rule":"cash_in_many_cities","value":6}],"subject":"PE-FUNNEL-777"}"#,
    }
}

pub fn transactions_are_imported_once_and_found_by_blind_index(store: &Store) {
    let bank = store.scope(&analyst(store, "Banco"));
    let file = [
        txn(1, "PE-FUNNEL-777", "PE-0001", Some("+51 987 654 321")),
        txn(2, "PE-0002", "PE-FUNNEL-777", None),
        txn(3, "PE-0003", "PE-0004", Some("ana@example.pe")),
    ];
    assert_eq!(import_txns(&bank, "movimientos.csv", &file), (3, 0));
    // The same file again adds nothing; a file with one new row adds one.
    assert_eq!(import_txns(&bank, "movimientos.csv", &file), (0, 3));
    let before = read_txns(&bank, None);
    let more = [file[2].clone_as(4), txn(4, "PE-0005", "PE-0006", None)];
    assert_eq!(import_txns(&bank, "otro.csv", &more), (1, 1));
    let all = read_txns(&bank, None);
    assert_eq!(all.len(), 4);
    assert_eq!(&all[..3], &before[..]);
    // In time order, bodies as given; `since` reads a span.
    assert_eq!(all[0].1, file[0].body);
    assert_eq!(read_txns(&bank, Some(file[2].at)).len(), 2);
    let imports = store.scope(&caseworker(store, "Banco")).imports().unwrap();
    assert!(imports
        .iter()
        .all(|i| i.kind == RecordKind::Transaction && i.status.as_str() == "finished"));
    assert_eq!(imports.iter().map(|i| i.imported).sum::<u64>(), 4);

    // An account is found as debtor and as creditor; a contact by its normalised value.
    let ids: Vec<String> = all.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(
        bank.find_transactions(Identifier::Account, "PE-FUNNEL-777")
            .unwrap(),
        ids[..2].to_vec()
    );
    assert_eq!(
        bank.find_transactions(Identifier::Contact, "ana@example.pe")
            .unwrap(),
        vec![ids[2].clone()]
    );
    assert!(bank
        .find_transactions(Identifier::Account, "PE-9999")
        .unwrap()
        .is_empty());
    // Read back by id, in time order; what is not an id is simply not found.
    let picked = bank
        .transactions(&[ids[2].clone(), ids[0].clone(), "nonsense".into()])
        .unwrap();
    assert_eq!(
        picked.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        vec![ids[0].as_str(), ids[2].as_str()]
    );
    assert_eq!(picked[0].utc_offset, -300);
    assert_eq!(picked[0].source_row, 1);
}

pub fn a_case_import_and_a_transaction_import_of_one_file_are_apart(store: &Store) {
    let cw = caseworker(store, "Banco");
    let scope = store.scope(&cw);
    let cases = scope.begin_import("mixed.csv", "CSV").unwrap();
    scope.interrupt_import(&cases, "the disk filled").unwrap();
    let txns = scope.begin_transaction_import("mixed.csv", "csv").unwrap();
    assert!(txns.resumed.is_none());
    assert_ne!(txns.id, cases.id);
    scope
        .interrupt_transaction_import(&txns, "the file ended early")
        .unwrap();
    // Each resumes its own kind.
    assert_eq!(
        scope
            .begin_transaction_import("mixed.csv", "csv")
            .unwrap()
            .id,
        txns.id
    );
    assert_eq!(scope.begin_import("mixed.csv", "CSV").unwrap().id, cases.id);
}

pub fn another_organisation_sees_no_transaction_or_alert(store: &Store) {
    let bank = store.scope(&analyst(store, "Banco"));
    import_txns(
        &bank,
        "m.csv",
        &[txn(1, "PE-FUNNEL-777", "PE-0001", Some("+51 987 654 321"))],
    );
    let ids: Vec<String> = read_txns(&bank, None)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let kept = bank
        .store_alerts(&[an_alert("A1", "PE-FUNNEL-777", &ids)])
        .unwrap();
    assert_eq!(kept.inserted, 1);

    for role in [Role::Analyst, Role::Caseworker] {
        let other = store.scope(&member(store, "Fiscalía", role));
        assert!(read_txns(&other, None).is_empty());
        assert!(other.transactions(&ids).unwrap().is_empty());
        assert!(other
            .find_transactions(Identifier::Account, "PE-FUNNEL-777")
            .unwrap()
            .is_empty());
        assert!(other.alerts(None).unwrap().is_empty());
        // Naming another's transaction in an alert answers as a missing one, and keeps nothing.
        assert!(matches!(
            other.store_alerts(&[an_alert("A2", "PE-FUNNEL-777", &ids)]),
            Err(StoreError::NotFound)
        ));
        assert!(other.alerts(None).unwrap().is_empty());
    }
    // No grant can share them, whatever its target.
    let sharer = store.scope(&caseworker(store, "Banco"));
    for kind in [RecordKind::Transaction, RecordKind::Alert] {
        for target in [GrantTarget::All, GrantTarget::Record(ids[0].clone())] {
            let refused = sharer.grant(&NewGrant {
                kind,
                target,
                grantee: Grantee::Everyone,
                level: Level::Full,
                purpose: "investigation",
                basis: Basis::LegalDuty,
                expires_at: None,
            });
            assert!(
                matches!(refused, Err(StoreError::Invalid(_))),
                "{refused:?}"
            );
        }
    }
    // Roles that do not monitor transactions are refused, in their own organisation too.
    for role in [Role::OrgAdmin, Role::HubAnalyst, Role::Auditor] {
        let scope = store.scope(&member(store, "Banco", role));
        assert!(matches!(
            scope.for_each_transaction(None, &mut |_| Ok(())),
            Err(StoreError::Forbidden {
                action: Action::MonitorTransactions,
                ..
            })
        ));
        assert!(matches!(
            scope.begin_transaction_import("m.csv", "csv"),
            Err(StoreError::Forbidden {
                action: Action::ImportTransactions,
                ..
            })
        ));
    }
    // The owner still sees both; the other counts none.
    assert_eq!(read_txns(&bank, None).len(), 1);
    assert_eq!(bank.alerts(None).unwrap().len(), 1);
    let counts = bank.transaction_counts().unwrap();
    assert_eq!((counts.transactions, counts.alerts), (1, 1));
    let other = store.scope(&analyst(store, "Fiscalía"));
    assert_eq!(
        other.transaction_counts().unwrap(),
        rastro_store::TransactionCounts::default()
    );
}

pub fn alerts_are_kept_once_with_their_transactions(store: &Store) {
    let bank = store.scope(&analyst(store, "Banco"));
    import_txns(
        &bank,
        "m.csv",
        &[
            txn(1, "PE-0001", "PE-FUNNEL-777", None),
            txn(2, "PE-0002", "PE-FUNNEL-777", None),
            txn(3, "PE-FUNNEL-777", "PE-0009", None),
        ],
    );
    let ids: Vec<String> = read_txns(&bank, None)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let listed = vec![ids[2].clone(), ids[0].clone(), ids[0].clone()];
    let first = an_alert("A1", "PE-FUNNEL-777", &listed);
    let mut second = an_alert("A2", "Ana Quispe", &ids[1..2]);
    second.subject_kind = AlertSubject::Party;
    second.band = AlertBand::Medium;
    second.raised_at = 1_700_000_000;
    let kept = bank.store_alerts(&[first, second]).unwrap();
    assert_eq!((kept.inserted, kept.duplicates), (2, 0));
    // Raised again (the same keys), nothing new is kept and the same ids come back.
    let again = bank
        .store_alerts(&[an_alert("A1", "PE-FUNNEL-777", &listed)])
        .unwrap();
    assert_eq!((again.inserted, again.duplicates), (0, 1));
    assert_eq!(again.ids, vec![kept.ids[0].clone()]);

    let alerts = bank.alerts(None).unwrap();
    assert_eq!(alerts.len(), 2);
    // In the order raised; each with its transactions, oldest first, each once.
    assert_eq!(alerts[0].id, kept.ids[1]);
    assert_eq!(alerts[0].subject_kind, AlertSubject::Party);
    assert_eq!(alerts[1].transactions, vec![ids[0].clone(), ids[2].clone()]);
    assert_eq!(alerts[1].band, AlertBand::High);
    assert_eq!(alerts[1].status.as_str(), "open");
    assert_eq!(alerts[1].catalogue_version, "2024.1");
    assert!(alerts[1].body.contains("cash_in_many_cities"));
    assert_eq!(bank.alerts(Some(1_700_050_000)).unwrap().len(), 1);
    // A batch naming a transaction that does not exist keeps nothing.
    let missing = vec!["0000000000000000000000000Z".to_string()];
    assert!(matches!(
        bank.store_alerts(&[
            an_alert("A3", "PE-0001", &ids[..1]),
            an_alert("A4", "PE-0001", &missing)
        ]),
        Err(StoreError::NotFound)
    ));
    assert_eq!(bank.alerts(None).unwrap().len(), 2);
}

pub fn transactions_and_alerts_are_sealed_at_rest_and_re_sealed(store: &Store) {
    let bank = store.scope(&analyst(store, "Banco"));
    let file = [txn(
        1,
        "CANARY-ACCOUNT-31415",
        "CANARY-CREDITOR-27182",
        Some("canary.contact@example.org"),
    )];
    import_txns(&bank, "m.csv", &file);
    let ids: Vec<String> = read_txns(&bank, None)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    bank.store_alerts(&[an_alert("A1", "CANARY-ACCOUNT-31415", &ids)])
        .unwrap();
    let StoreUrl::Sqlite(path) = store.url().clone();
    let mut bytes = std::fs::read(&path).unwrap();
    let mut wal = path.clone().into_os_string();
    wal.push("-wal");
    bytes.extend(std::fs::read(&wal).unwrap_or_default());
    let text = String::from_utf8_lossy(&bytes);
    for canary in [
        "CANARY-ACCOUNT-31415",
        "CANARY-CREDITOR-27182",
        "canary.contact@example.org",
        "PE-FUNNEL-777",
    ] {
        assert!(!text.contains(canary), "{canary} is in the clear");
    }

    // Nor does the trail name them: it holds ids and a keyed hash of what was looked up.
    bank.find_transactions(Identifier::Account, "CANARY-CREDITOR-27182")
        .unwrap();
    let admin = store.local_admin().unwrap();
    let trail = format!("{:?}", admin.audit_log(10_000).unwrap());
    assert!(
        !trail.contains("CANARY") && !trail.contains("canary"),
        "{trail}"
    );
    assert!(trail.contains("store_alerts") && trail.contains(&ids[0]));

    // A data-key rotation re-seals them; they read back the same under the new key.
    let rotation = store.local_admin().unwrap().rotate_data_keys().unwrap();
    assert_eq!((rotation.transactions, rotation.alerts), (1, 1));
    assert_eq!(read_txns(&bank, None)[0].1, file[0].body);
    assert!(bank.alerts(None).unwrap()[0].body.contains("PE-FUNNEL-777"));
    assert_eq!(
        bank.find_transactions(Identifier::Account, "CANARY-CREDITOR-27182")
            .unwrap(),
        ids
    );
}
