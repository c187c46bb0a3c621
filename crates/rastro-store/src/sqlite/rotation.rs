//! Key rotation in SQLite. A data-key rotation adds a version per organisation, re-seals its
//! cases a batch per transaction (an interrupted rotation is completed by running it again: the
//! cases still under an old version are found by their `key_version`), then deletes the old
//! versions. A master rotation re-wraps every key and re-MACs the audit heads in one transaction.

use rusqlite::{params, Connection, TransactionBehavior};

use super::audit::append;
use super::keyring::{insert, label, Purpose};
use super::SqliteBackend;
use crate::api::keys::{KeyBackend, KeyRotation};
use crate::api::trace::AuditDraft;
use crate::keys::DerivedKeys;
use crate::sealing::{record_aad, reseal, reseal_bound};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

const BATCH: i64 = 2_000;

/// A case as re-sealing reads it: pk, id, sealed part, key version.
type SealedRow = (i64, String, Option<Vec<u8>>, i64);

/// The tables whose rows are sealed whole under their organisation's data key, with the kind
/// their sealed part is bound to.
#[derive(Clone, Copy)]
enum SealedTable {
    Transactions,
    Alerts,
    AlertReviews,
}

impl SealedTable {
    fn table(self) -> &'static str {
        match self {
            SealedTable::Transactions => "transactions",
            SealedTable::Alerts => "alerts",
            SealedTable::AlertReviews => "alert_reviews",
        }
    }

    fn kind(self) -> &'static str {
        match self {
            SealedTable::Transactions => "transaction",
            SealedTable::Alerts => "alert",
            SealedTable::AlertReviews => "alert_review",
        }
    }
}

impl KeyBackend for SqliteBackend {
    fn rotate_data_keys(&self, audit: AuditDraft) -> Result<KeyRotation> {
        let mut report = KeyRotation::default();
        let orgs: Vec<String> = self.conns.read(|conn| {
            Ok(conn
                .prepare("SELECT id FROM organisations ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })?;
        for org in &orgs {
            let version = self.conns.write(|conn| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let latest: i64 = tx.query_row(
                    "SELECT COALESCE(MAX(version), 0) FROM wrapped_keys
                     WHERE owner = ?1 AND purpose = 'data'",
                    [org],
                    |r| r.get(0),
                )?;
                let version = latest as u32 + 1;
                insert(&tx, &self.keys, org, Purpose::Data, version)?;
                tx.commit()?;
                Ok(version)
            })?;
            self.ring.forget_current();
            report.cases += self.reseal(org, version)?;
            report.transactions += self.reseal_records(org, version, SealedTable::Transactions)?;
            report.alerts += self.reseal_records(org, version, SealedTable::Alerts)?;
            report.reviews += self.reseal_records(org, version, SealedTable::AlertReviews)?;
            self.conns.write(|conn| {
                conn.execute(
                    "DELETE FROM wrapped_keys WHERE owner = ?1 AND purpose = 'data' AND version < ?2",
                    params![org, version],
                )?;
                Ok(())
            })?;
            report.organisations += 1;
        }
        let audit = audit
            .count(report.cases)
            .detail("organisations", report.organisations);
        self.write_audited(audit, |_, _| Ok(()))?;
        Ok(report)
    }

    fn rotate_master(
        &self,
        new: &rastro_vault::MasterKey,
        audit: AuditDraft,
    ) -> Result<KeyRotation> {
        let fresh = DerivedKeys::of(new);
        self.conns.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let rows: Vec<(String, String, i64, Vec<u8>)> = tx
                .prepare("SELECT owner, purpose, version, wrapped FROM wrapped_keys")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (owner, purpose, version, wrapped) in &rows {
                let purpose = Purpose::parse(purpose)
                    .ok_or_else(|| StoreError::Keys(format!("unknown key purpose {purpose:?}")))?;
                let label = label(owner, purpose, *version as u32);
                let key = self
                    .keys
                    .master()
                    .unwrap(wrapped, &label)
                    .map_err(|e| StoreError::Keys(format!("{label}: {e}")))?;
                let rewrapped = new
                    .try_wrap(&key, &label)
                    .map_err(|e| StoreError::Entropy(e.to_string()))?;
                tx.execute(
                    "UPDATE wrapped_keys SET wrapped = ?1
                     WHERE owner = ?2 AND purpose = ?3 AND version = ?4",
                    params![rewrapped, owner, purpose.as_str(), version],
                )?;
            }
            // The trail records the rotation under the old key; then every head is MAC'd anew.
            let audit = audit
                .detail("old_fingerprint", self.keys.fingerprint())
                .detail("new_fingerprint", new.fingerprint())
                .count(rows.len() as u64);
            append(&tx, &self.keys, &audit)?;
            remac_heads(&tx, &fresh)?;
            tx.execute(
                "UPDATE store_keys SET fingerprint = ?1, created_at = ?2",
                params![new.fingerprint(), now_rfc3339()],
            )?;
            tx.commit()?;
            Ok(KeyRotation {
                keys: rows.len() as u64,
                ..KeyRotation::default()
            })
        })
    }
}

fn remac_heads(conn: &Connection, keys: &DerivedKeys) -> Result<()> {
    let heads: Vec<(String, i64, String)> = conn
        .prepare("SELECT chain, seq, hash FROM audit_heads")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (chain, seq, hash) in heads {
        conn.execute(
            "UPDATE audit_heads SET mac = ?1 WHERE chain = ?2",
            params![keys.head_mac(&chain, seq.max(0) as u64, &hash), chain],
        )?;
    }
    Ok(())
}

impl SqliteBackend {
    /// Re-seals `org`'s cases under data key `version`, a batch per transaction.
    fn reseal(&self, org: &str, version: u32) -> Result<u64> {
        let mut done = 0;
        loop {
            let n = self.conns.write(|conn| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let rows: Vec<SealedRow> = tx
                    .prepare(
                        "SELECT c.pk, c.id, s.personal, c.key_version FROM cases c
                         LEFT JOIN case_secrets s ON s.case_pk = c.pk
                         WHERE c.org_id = ?1 AND c.key_version < ?2 ORDER BY c.pk LIMIT ?3",
                    )?
                    .query_map(params![org, version, BATCH], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                let new_key = self.ring.data(&tx, &self.keys, org, version)?;
                for (pk, id, sealed, old) in &rows {
                    // A case without personal fields has nothing sealed: only its version moves.
                    if let Some(sealed) = sealed {
                        let old_key = self.ring.data(&tx, &self.keys, org, *old as u32)?;
                        tx.execute(
                            "UPDATE case_secrets SET personal = ?1 WHERE case_pk = ?2",
                            params![reseal(sealed, &old_key, &new_key, org, id)?, pk],
                        )?;
                    }
                    tx.execute(
                        "UPDATE cases SET key_version = ?1 WHERE pk = ?2",
                        params![version, pk],
                    )?;
                }
                tx.commit()?;
                Ok(rows.len() as u64)
            })?;
            if n == 0 {
                return Ok(done);
            }
            done += n;
        }
    }
}

impl SqliteBackend {
    /// Re-seals `org`'s rows of `table` under data key `version`, a batch per transaction;
    /// like cases, an interrupted rotation finds what is left by its key version.
    fn reseal_records(&self, org: &str, version: u32, table: SealedTable) -> Result<u64> {
        let select = format!(
            "SELECT pk, id, sealed, key_version FROM {} WHERE org_id = ?1 AND key_version < ?2
             ORDER BY pk LIMIT ?3",
            table.table()
        );
        let update = format!(
            "UPDATE {} SET sealed = ?1, key_version = ?2 WHERE pk = ?3",
            table.table()
        );
        let mut done = 0;
        loop {
            let n = self.conns.write(|conn| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let rows: Vec<(i64, String, Vec<u8>, i64)> = tx
                    .prepare(&select)?
                    .query_map(params![org, version, BATCH], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                let new_key = self.ring.data(&tx, &self.keys, org, version)?;
                for (pk, id, sealed, old) in &rows {
                    let old_key = self.ring.data(&tx, &self.keys, org, *old as u32)?;
                    let bound = record_aad(table.kind(), org, id);
                    let resealed = reseal_bound(sealed, &old_key, &new_key, &bound, id)?;
                    tx.execute(&update, params![resealed, version, pk])?;
                }
                tx.commit()?;
                Ok(rows.len() as u64)
            })?;
            if n == 0 {
                return Ok(done);
            }
            done += n;
        }
    }
}
