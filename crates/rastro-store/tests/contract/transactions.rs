//! Transactions and alerts: imported once per organisation however often the file comes in,
//! never seen by another organisation (no grant can share them), sealed at rest with only blind
//! indexes of accounts and contacts in the clear, found by those indexes, alerts kept once with
//! the very transactions that raised them, and everything re-sealed by a key rotation.

use rastro_store::{
    Action, AlertBand, AlertQuery, AlertStatus, AlertSubject, Basis, GrantTarget, Grantee,
    Identifier, Level, NewAlert, NewGrant, NewTransaction, OrgKind, RecordKind, Role, Scope, Store,
    StoreError, TransactionSelection,
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
    let stamp = bank.transaction_stamp("test").unwrap();
    let more = [file[2].clone_as(4), txn(4, "PE-0005", "PE-0006", None)];
    assert_eq!(import_txns(&bank, "otro.csv", &more), (1, 1));
    let all = read_txns(&bank, None);
    assert_eq!(all.len(), 4);
    assert_eq!(&all[..3], &before[..]);
    // What was stored after a stamp was read is the rest of a whole read, and only that.
    let later = bank.transaction_stamp("test").unwrap();
    assert!(later.only_adds_to(&stamp) && !stamp.only_adds_to(&later));
    for selection in [TransactionSelection::Own, TransactionSelection::Visible] {
        let mut added = Vec::new();
        bank.visit_transactions_added(selection, &stamp, &mut |t| {
            added.push(t.id);
            Ok(())
        })
        .unwrap();
        assert_eq!(added, vec![all[3].0.clone()], "{selection:?}");
        let mut none = 0;
        bank.visit_transactions_added(selection, &later, &mut |_| {
            none += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(none, 0);
    }
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
    assert_eq!(picked[0].provenance.as_ref().unwrap().source_row, 1);
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
    let alert = kept.ids[0].clone();

    for role in [Role::Analyst, Role::Caseworker] {
        let other = store.scope(&member(store, "Fiscalía", role));
        assert!(read_txns(&other, None).is_empty());
        assert!(visible_txns(&other).is_empty());
        assert!(other.transactions(&ids).unwrap().is_empty());
        assert!(other
            .find_transactions(Identifier::Account, "PE-FUNNEL-777")
            .unwrap()
            .is_empty());
        assert!(other.alerts(None).unwrap().is_empty());
        assert_eq!(other.alert(&alert).unwrap(), None);
        assert_eq!(other.alert_transactions(&alert).unwrap(), None);
        let page = other.alert_page(&all_alerts()).unwrap();
        assert_eq!((page.total, page.alerts.len()), (0, 0));
        assert!(page.typologies.is_empty());
        // Another's alert answers as a missing one, even to a review.
        assert!(matches!(
            other.review_alert(&alert, AlertStatus::Reviewed, ""),
            Err(StoreError::NotFound)
        ));
        // Naming another's transaction in an alert answers as a missing one, and keeps nothing.
        assert!(matches!(
            other.store_alerts(&[an_alert("A2", "PE-FUNNEL-777", &ids)]),
            Err(StoreError::NotFound)
        ));
        assert!(other.alerts(None).unwrap().is_empty());
    }
    // Shared only in full: a lower level is refused, whatever the target.
    let sharer = store.scope(&caseworker(store, "Banco"));
    for kind in [RecordKind::Transaction, RecordKind::Alert] {
        for level in [Level::Exists, Level::Summary, Level::Detail] {
            let refused = sharer.grant(&NewGrant {
                kind,
                target: GrantTarget::All,
                grantee: Grantee::Everyone,
                level,
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
            scope.alert(&alert),
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
    let own = bank.alert(&alert).unwrap().unwrap();
    assert!(own.own && own.owner == "Banco");
    let counts = bank.transaction_counts().unwrap();
    assert_eq!((counts.transactions, counts.alerts), (1, 1));
    let other = store.scope(&analyst(store, "Fiscalía"));
    assert_eq!(
        other.transaction_counts().unwrap(),
        rastro_store::TransactionCounts::default()
    );
}

/// Every alert, newest first, a page as long as any test needs.
pub fn all_alerts() -> AlertQuery {
    AlertQuery {
        limit: 100,
        ..AlertQuery::default()
    }
}

/// The ids of the transactions the scope sees (its own and those granted), by time.
pub fn visible_txns(scope: &Scope<'_>) -> Vec<String> {
    let mut seen = Vec::new();
    scope
        .visit_transactions(TransactionSelection::Visible, None, &mut |t| {
            seen.push(t.id);
            Ok(())
        })
        .unwrap();
    seen
}

fn grant_money(
    scope: &Scope<'_>,
    kind: RecordKind,
    target: GrantTarget,
    to: &str,
) -> rastro_store::GrantInfo {
    scope
        .grant(&NewGrant {
            kind,
            target,
            grantee: Grantee::Organisation(to.to_string()),
            level: Level::Full,
            purpose: "joint investigation",
            basis: Basis::LegalDuty,
            expires_at: None,
        })
        .unwrap()
}

pub fn transactions_and_alerts_are_shared_by_grants_and_no_further(store: &Store) {
    let bank = store.scope(&analyst(store, "Banco"));
    let sharer = store.scope(&caseworker(store, "Banco"));
    import_txns(
        &bank,
        "m.csv",
        &[
            txn(1, "PE-FUNNEL-777", "PE-0001", Some("+51 987 654 321")),
            txn(2, "PE-0002", "PE-FUNNEL-777", None),
            txn(3, "PE-0003", "PE-0004", Some("ana@example.pe")),
        ],
    );
    let ids: Vec<String> = read_txns(&bank, None)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let kept = bank
        .store_alerts(&[
            an_alert("A1", "PE-FUNNEL-777", &ids[..2]),
            an_alert("A2", "PE-0003", &ids[2..]),
        ])
        .unwrap();
    let (funnel, other_alert) = (kept.ids[0].clone(), kept.ids[1].clone());
    let fiu = store.scope(&member_of_kind(
        store,
        "UIF",
        OrgKind::Financial,
        Role::Analyst,
    ));
    let stranger = store.scope(&analyst(store, "Fiscalía"));

    // One alert, granted in full: it and the transactions it lists, nothing else.
    let alert_grant = grant_money(
        &sharer,
        RecordKind::Alert,
        GrantTarget::Record(funnel.clone()),
        "UIF",
    );
    assert_eq!(alert_grant.target, GrantTarget::Record(funnel.clone()));
    let seen = fiu.alert(&funnel).unwrap().expect("the granted alert");
    assert!(!seen.own && seen.owner == "Banco");
    assert_eq!(seen.transactions, ids[..2].to_vec());
    assert!(seen.body.contains("cash_in_many_cities"));
    assert_eq!(fiu.alert(&other_alert).unwrap(), None);
    let listed = fiu.alert_transactions(&funnel).unwrap().unwrap();
    assert_eq!(
        listed.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        vec![ids[0].as_str(), ids[1].as_str()]
    );
    // Whose file they came from stays with the owner.
    assert!(listed
        .iter()
        .all(|t| t.owner == "Banco" && t.provenance.is_none()));
    assert!(bank.transactions(&ids).unwrap()[0].provenance.is_some());
    assert_eq!(fiu.alert_transactions(&other_alert).unwrap(), None);
    // The alert brings its transactions, not the account's others.
    assert!(visible_txns(&fiu).is_empty());
    assert!(fiu.transactions(&ids).unwrap().is_empty());
    let page = fiu.alert_page(&all_alerts()).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.alerts[0].id, funnel);
    assert_eq!(page.alerts[0].transactions, 2);
    assert_eq!(page.typologies, vec![("funnel_account".to_string(), 1)]);
    // A grantee reads; only the owner reviews.
    assert!(matches!(
        fiu.review_alert(&funnel, AlertStatus::Reviewed, ""),
        Err(StoreError::Invalid(_))
    ));
    // The grantee sees where the review stands, not who moved it or why.
    sharer
        .review_alert(&funnel, AlertStatus::Reviewed, "")
        .unwrap();
    sharer
        .review_alert(&funnel, AlertStatus::Dismissed, "CANARY-INTERNAL-2718 rent")
        .unwrap();
    let seen = fiu.alert(&funnel).unwrap().expect("the granted alert");
    assert_eq!(seen.status, AlertStatus::Dismissed);
    assert_eq!(
        seen.reviews.iter().map(|r| r.to).collect::<Vec<_>>(),
        vec![AlertStatus::Reviewed, AlertStatus::Dismissed]
    );
    assert!(seen
        .reviews
        .iter()
        .all(|r| r.by.is_none() && r.note.is_none()));
    let in_bulk = format!("{:?}", fiu.alerts(None).unwrap());
    assert!(!in_bulk.contains("CANARY-INTERNAL") && !in_bulk.contains("banco-caseworker"));
    let own = bank.alert(&funnel).unwrap().unwrap();
    assert_eq!(
        own.reviews[1].note.as_deref(),
        Some("CANARY-INTERNAL-2718 rent")
    );
    assert_eq!(own.reviews[1].by.as_deref(), Some("banco-caseworker"));
    assert_eq!(stranger.alert(&funnel).unwrap(), None);
    assert_eq!(stranger.alert_page(&all_alerts()).unwrap().total, 0);

    // All transactions, granted in full: read, looked up by the owner's blind index, by id.
    let all_grant = grant_money(&sharer, RecordKind::Transaction, GrantTarget::All, "UIF");
    assert_eq!(visible_txns(&fiu), ids);
    // The red flags run over the organisation's own, never another's.
    assert!(read_txns(&fiu, None).is_empty());
    assert_eq!(
        fiu.find_transactions(Identifier::Account, "PE-FUNNEL-777")
            .unwrap(),
        ids[..2].to_vec()
    );
    assert_eq!(
        fiu.find_transactions(Identifier::Contact, "ana@example.pe")
            .unwrap(),
        vec![ids[2].clone()]
    );
    let read = fiu.transactions(&ids).unwrap();
    assert_eq!(read.len(), 3);
    assert_eq!(read[2].body, bank.transactions(&ids[2..]).unwrap()[0].body);
    // Its own, alongside: found under its own key, and first by time where it is.
    import_txns(&fiu, "f.csv", &[txn(9, "PE-FUNNEL-777", "PE-0100", None)]);
    let found = fiu
        .find_transactions(Identifier::Account, "PE-FUNNEL-777")
        .unwrap();
    assert_eq!(found.len(), 3);
    assert_eq!(visible_txns(&fiu).len(), 4);
    // An alert of the grantee cannot name the owner's transaction it was only shown.
    assert!(matches!(
        fiu.store_alerts(&[an_alert("F1", "PE-FUNNEL-777", &ids[..1])]),
        Err(StoreError::NotFound)
    ));
    assert!(stranger.transactions(&ids).unwrap().is_empty());
    assert!(visible_txns(&stranger).is_empty());

    // The owner's trail shows who read its transactions and alerts.
    let auditor = store.scope(&member(store, "Banco", Role::Auditor));
    let by_others = auditor
        .audit_log(rastro_store::AuditSelection::AccessByOthers, 1_000)
        .unwrap();
    for id in [&funnel, &ids[0], &ids[2]] {
        assert!(
            by_others
                .iter()
                .any(|e| e.records.iter().any(|(_, r)| r == id)),
            "{id} read by the UIF is in the Banco's trail"
        );
    }

    // Revoked: nothing any more, as before the grants.
    sharer.revoke_grant(&all_grant.id).unwrap();
    sharer.revoke_grant(&alert_grant.id).unwrap();
    assert_eq!(visible_txns(&fiu).len(), 1);
    assert!(fiu.transactions(&ids).unwrap().is_empty());
    assert_eq!(fiu.alert(&funnel).unwrap(), None);
    assert_eq!(fiu.alert_transactions(&funnel).unwrap(), None);
    assert_eq!(
        fiu.find_transactions(Identifier::Account, "PE-FUNNEL-777")
            .unwrap()
            .len(),
        1
    );
    assert_eq!(fiu.alert_page(&all_alerts()).unwrap().total, 0);

    // A grant to a kind reaches every organisation of the kind, and only those.
    grant_money_to_kind(&sharer, OrgKind::Financial);
    assert_eq!(fiu.alert_page(&all_alerts()).unwrap().total, 2);
    assert_eq!(stranger.alert_page(&all_alerts()).unwrap().total, 0);
    let listed = sharer.grants_given().unwrap();
    assert!(listed
        .iter()
        .any(|g| g.kind == RecordKind::Alert && g.active && g.target == GrantTarget::All));
}

fn grant_money_to_kind(scope: &Scope<'_>, kind: OrgKind) {
    scope
        .grant(&NewGrant {
            kind: RecordKind::Alert,
            target: GrantTarget::All,
            grantee: Grantee::Kind(kind),
            level: Level::Full,
            purpose: "financial intelligence",
            basis: Basis::Agreement,
            expires_at: Some("2999-01-01T00:00:00Z"),
        })
        .unwrap();
}

pub fn an_alert_review_follows_its_rules_with_sealed_notes(store: &Store) {
    let bank = store.scope(&analyst(store, "Banco"));
    import_txns(&bank, "m.csv", &[txn(1, "PE-0001", "PE-FUNNEL-777", None)]);
    let ids: Vec<String> = read_txns(&bank, None)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let alert = bank
        .store_alerts(&[an_alert("A1", "PE-FUNNEL-777", &ids)])
        .unwrap()
        .ids[0]
        .clone();
    let status = |scope: &Scope<'_>| scope.alert(&alert).unwrap().unwrap().status;
    // New → under review needs no note; every other move does.
    let taken = bank
        .review_alert(&alert, AlertStatus::Reviewed, "")
        .unwrap();
    assert_eq!(
        (taken.from, taken.to),
        (AlertStatus::Open, AlertStatus::Reviewed)
    );
    assert_eq!(taken.by.as_deref(), Some("banco-analyst"));
    assert!(matches!(
        bank.review_alert(&alert, AlertStatus::Dismissed, "   "),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        bank.review_alert(&alert, AlertStatus::Reviewed, "again"),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        bank.review_alert(&alert, AlertStatus::Open, "back"),
        Err(StoreError::Invalid(_))
    ));
    let long = "x".repeat(rastro_store::MAX_NOTE_CHARS + 1);
    assert!(matches!(
        bank.review_alert(&alert, AlertStatus::Dismissed, &long),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(status(&bank), AlertStatus::Reviewed);
    bank.review_alert(
        &alert,
        AlertStatus::Dismissed,
        "CANARY-NOTE-1618: a landlord's rents",
    )
    .unwrap();
    // A dismissed alert may be taken up again, and then reported, which is final.
    let caseworker = store.scope(&caseworker(store, "Banco"));
    caseworker
        .review_alert(&alert, AlertStatus::Reviewed, "new payments came in")
        .unwrap();
    caseworker
        .review_alert(&alert, AlertStatus::Reported, "STR 2024-17 sent")
        .unwrap();
    for next in AlertStatus::ALL {
        assert!(bank.review_alert(&alert, next, "changed my mind").is_err());
    }
    let read = bank.alert(&alert).unwrap().unwrap();
    assert_eq!(read.status, AlertStatus::Reported);
    assert_eq!(
        read.reviews
            .iter()
            .map(|r| (r.from, r.to))
            .collect::<Vec<_>>(),
        vec![
            (AlertStatus::Open, AlertStatus::Reviewed),
            (AlertStatus::Reviewed, AlertStatus::Dismissed),
            (AlertStatus::Dismissed, AlertStatus::Reviewed),
            (AlertStatus::Reviewed, AlertStatus::Reported),
        ]
    );
    assert_eq!(
        read.reviews[1].note.as_deref(),
        Some("CANARY-NOTE-1618: a landlord's rents")
    );
    assert_eq!(read.reviews[3].by.as_deref(), Some("banco-caseworker"));
    // The list filters by status.
    let reported = AlertQuery {
        statuses: vec![AlertStatus::Reported],
        ..all_alerts()
    };
    assert_eq!(bank.alert_page(&reported).unwrap().total, 1);
    let open = AlertQuery {
        statuses: vec![AlertStatus::Open, AlertStatus::Reviewed],
        ..all_alerts()
    };
    assert_eq!(bank.alert_page(&open).unwrap().total, 0);
    // A query naming more typologies than it may is refused, not cut short.
    let many = AlertQuery {
        typologies: (0..=rastro_store::MAX_QUERY_TYPOLOGIES)
            .map(|i| format!("typology_{i}"))
            .collect(),
        ..all_alerts()
    };
    assert!(matches!(
        bank.alert_page(&many),
        Err(StoreError::Invalid(_))
    ));
    let typed = AlertQuery {
        typologies: vec!["funnel_account".into(), "structuring".into()],
        ..all_alerts()
    };
    assert_eq!(bank.alert_page(&typed).unwrap().total, 1);
    // Roles without monitoring may not review; a garbled id is simply not found.
    let admin = store.scope(&member(store, "Banco", Role::OrgAdmin));
    assert!(matches!(
        admin.review_alert(&alert, AlertStatus::Reviewed, ""),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        bank.review_alert("not an id", AlertStatus::Reviewed, ""),
        Err(StoreError::NotFound)
    ));

    // Notes are sealed at rest and the trail names the move, not the note.
    assert!(!stored_text(store).contains("CANARY-NOTE"));
    let admin = store.local_admin().unwrap();
    let trail = format!("{:?}", admin.audit_log(10_000).unwrap());
    assert!(trail.contains("review_alert") && !trail.contains("CANARY"));
    // A rotation re-seals them; they read back the same.
    let rotation = admin.rotate_data_keys().unwrap();
    assert_eq!(rotation.reviews, 4);
    assert_eq!(
        bank.alert(&alert).unwrap().unwrap().reviews[1]
            .note
            .as_deref(),
        Some("CANARY-NOTE-1618: a landlord's rents")
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
    let text = stored_text(store);
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
