//! Key rotation in SQLite: the steps `crate::rotation` orders, each an immediate transaction.

use rusqlite::{params, Connection, TransactionBehavior};

use super::audit::append;
use super::keyring::{insert, Purpose};
use super::SqliteBackend;
use crate::api::keys::{KeyBackend, KeyRotation};
use crate::api::trace::AuditDraft;
use crate::keys::DerivedKeys;
use crate::rotation::{master_event, rewrap, rotate_data_keys, DataKeySteps, SealedTable, BATCH};
use crate::sealing::reseal;
use crate::time::now_rfc3339;
use crate::Result;

/// A case as re-sealing reads it: pk, id, sealed part, key version.
type SealedRow = (i64, String, Option<Vec<u8>>, i64);

struct Steps<'a>(&'a SqliteBackend);

impl DataKeySteps for Steps<'_> {
    fn organisations(&self) -> Result<Vec<String>> {
        self.0.conns.read(|conn| {
            Ok(conn
                .prepare("SELECT id FROM organisations ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })
    }

    fn add_version(&self, org: &str) -> Result<u32> {
        let b = self.0;
        b.conns.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let latest: i64 = tx.query_row(
                "SELECT COALESCE(MAX(version), 0) FROM wrapped_keys
                 WHERE owner = ?1 AND purpose = 'data'",
                [org],
                |r| r.get(0),
            )?;
            let version = latest as u32 + 1;
            insert(&tx, &b.keys, org, Purpose::Data, version)?;
            tx.commit()?;
            Ok(version)
        })
    }

    fn forget_current(&self) {
        self.0.ring.forget_current();
    }

    fn reseal_cases(&self, org: &str, version: u32) -> Result<u64> {
        let b = self.0;
        b.conns.write(|conn| {
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
            let new_key = b.ring.data(&tx, &b.keys, org, version)?;
            for (pk, id, sealed, old) in &rows {
                // A case without personal fields has nothing sealed: only its version moves.
                if let Some(sealed) = sealed {
                    let old_key = b.ring.data(&tx, &b.keys, org, *old as u32)?;
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
        })
    }

    fn reseal_rows(&self, org: &str, version: u32, table: SealedTable) -> Result<u64> {
        let b = self.0;
        let select = format!(
            "SELECT pk, id, sealed, key_version FROM {} WHERE org_id = ?1 AND key_version < ?2
             ORDER BY pk LIMIT ?3",
            table.table()
        );
        let update = format!(
            "UPDATE {} SET sealed = ?1, key_version = ?2 WHERE pk = ?3",
            table.table()
        );
        b.conns.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let rows: Vec<(i64, String, Vec<u8>, i64)> = tx
                .prepare(&select)?
                .query_map(params![org, version, BATCH], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let new_key = b.ring.data(&tx, &b.keys, org, version)?;
            for (pk, id, sealed, old) in &rows {
                let old_key = b.ring.data(&tx, &b.keys, org, *old as u32)?;
                let resealed = table.reseal(sealed, &old_key, &new_key, org, id)?;
                tx.execute(&update, params![resealed, version, pk])?;
            }
            tx.commit()?;
            Ok(rows.len() as u64)
        })
    }

    fn delete_older(&self, org: &str, version: u32) -> Result<()> {
        self.0.conns.write(|conn| {
            conn.execute(
                "DELETE FROM wrapped_keys WHERE owner = ?1 AND purpose = 'data' AND version < ?2",
                params![org, version],
            )?;
            Ok(())
        })
    }

    fn record(&self, audit: AuditDraft) -> Result<()> {
        self.0.write_audited(audit, |_, _| Ok(()))
    }
}

impl KeyBackend for SqliteBackend {
    fn rotate_data_keys(&self, audit: AuditDraft) -> Result<KeyRotation> {
        rotate_data_keys(&Steps(self), audit)
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
                let rewrapped = rewrap(&self.keys, new, owner, purpose, *version, wrapped)?;
                tx.execute(
                    "UPDATE wrapped_keys SET wrapped = ?1
                     WHERE owner = ?2 AND purpose = ?3 AND version = ?4",
                    params![rewrapped, owner, purpose, version],
                )?;
            }
            // The trail records the rotation under the old key; then every head is MAC'd anew.
            append(
                &tx,
                &self.keys,
                &master_event(audit, &self.keys, new, rows.len() as u64),
            )?;
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
