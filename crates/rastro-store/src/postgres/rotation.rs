//! Key rotation in PostgreSQL: the steps `crate::rotation` orders, each a write transaction
//! under the cluster-wide write lock.

use postgres::Transaction;

use super::audit::append;
use super::keyring::Rows;
use super::PgBackend;
use crate::api::keys::{KeyBackend, KeyRotation};
use crate::api::trace::AuditDraft;
use crate::keyring::{insert, Purpose};
use crate::keys::DerivedKeys;
use crate::rotation::{master_event, rewrap, rotate_data_keys, DataKeySteps, SealedTable, BATCH};
use crate::sealing::reseal;
use crate::time::now_rfc3339;
use crate::Result;

struct Steps<'a>(&'a PgBackend);

impl Steps<'_> {
    /// `org`'s data key of `version`, through the transaction's rows.
    fn data_key(
        &self,
        tx: &mut Transaction<'_>,
        org: &str,
        version: i64,
    ) -> Result<std::sync::Arc<rastro_vault::DataKey>> {
        let b = self.0;
        b.ring.data(&Rows::new(tx), &b.keys, org, version as u32)
    }
}

impl DataKeySteps for Steps<'_> {
    fn organisations(&self) -> Result<Vec<String>> {
        self.0.conns.read(|tx| {
            tx.query("SELECT id FROM organisations ORDER BY id", &[])?
                .iter()
                .map(|r| Ok(r.try_get(0)?))
                .collect()
        })
    }

    fn add_version(&self, org: &str) -> Result<u32> {
        let b = self.0;
        b.conns.write(|tx| {
            let latest: i64 = tx
                .query_one(
                    "SELECT COALESCE(MAX(version), 0) FROM wrapped_keys
                     WHERE owner = $1 AND purpose = 'data'",
                    &[&org],
                )?
                .try_get(0)?;
            let version = latest as u32 + 1;
            insert(&Rows::new(tx), &b.keys, org, Purpose::Data, version)?;
            Ok(version)
        })
    }

    fn forget_current(&self) {
        self.0.ring.forget_current();
    }

    fn reseal_cases(&self, org: &str, version: u32) -> Result<u64> {
        let version = i64::from(version);
        self.0.conns.write(|tx| {
            let rows: Vec<(i64, String, Option<Vec<u8>>, i64)> = tx
                .query(
                    "SELECT c.pk, c.id, s.personal, c.key_version FROM cases c
                     LEFT JOIN case_secrets s ON s.org_id = c.org_id AND s.case_pk = c.pk
                     WHERE c.org_id = $1 AND c.key_version < $2 ORDER BY c.pk LIMIT $3",
                    &[&org, &version, &BATCH],
                )?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
                .collect::<Result<_>>()?;
            if rows.is_empty() {
                return Ok(0);
            }
            let new_key = self.data_key(tx, org, version)?;
            // Each statement is a round trip to the server: the batch is written in two.
            let (mut sealed_pks, mut resealed) = (Vec::new(), Vec::new());
            for (pk, id, sealed, old) in &rows {
                // A case without personal fields has nothing sealed: only its version moves.
                if let Some(sealed) = sealed {
                    let old_key = self.data_key(tx, org, *old)?;
                    sealed_pks.push(*pk);
                    resealed.push(reseal(sealed, &old_key, &new_key, org, id)?);
                }
            }
            tx.execute(
                "UPDATE case_secrets s SET personal = u.personal
                 FROM unnest($1::bigint[], $2::bytea[]) AS u(pk, personal)
                 WHERE s.org_id = $3 AND s.case_pk = u.pk",
                &[&sealed_pks, &resealed, &org],
            )?;
            let pks: Vec<i64> = rows.iter().map(|r| r.0).collect();
            tx.execute(
                "UPDATE cases SET key_version = $1 WHERE org_id = $3 AND pk = ANY($2::bigint[])",
                &[&version, &pks, &org],
            )?;
            Ok(rows.len() as u64)
        })
    }

    fn reseal_rows(&self, org: &str, version: u32, table: SealedTable) -> Result<u64> {
        let version = i64::from(version);
        let select = format!(
            "SELECT pk, id, sealed, key_version FROM {} WHERE org_id = $1 AND key_version < $2
             ORDER BY pk LIMIT $3",
            table.table()
        );
        let update = format!(
            "UPDATE {} t SET sealed = u.sealed, key_version = $1
             FROM unnest($2::bigint[], $3::bytea[]) AS u(pk, sealed) WHERE t.pk = u.pk",
            table.table()
        );
        self.0.conns.write(|tx| {
            let rows: Vec<(i64, String, Vec<u8>, i64)> = tx
                .query(&select, &[&org, &version, &table.batch()])?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
                .collect::<Result<_>>()?;
            let new_key = self.data_key(tx, org, version)?;
            let (mut pks, mut resealed) = (Vec::new(), Vec::new());
            for (pk, id, sealed, old) in &rows {
                let old_key = self.data_key(tx, org, *old)?;
                pks.push(*pk);
                resealed.push(table.reseal(sealed, &old_key, &new_key, org, id)?);
            }
            if !pks.is_empty() {
                tx.execute(&update, &[&version, &pks, &resealed])?;
            }
            Ok(rows.len() as u64)
        })
    }

    fn delete_older(&self, org: &str, version: u32) -> Result<()> {
        self.0.conns.write(|tx| {
            tx.execute(
                "DELETE FROM wrapped_keys WHERE owner = $1 AND purpose = 'data' AND version < $2",
                &[&org, &i64::from(version)],
            )?;
            Ok(())
        })
    }

    fn record(&self, audit: AuditDraft) -> Result<()> {
        self.0.write_audited(audit, |_, _| Ok(()))
    }
}

impl KeyBackend for PgBackend {
    fn rotate_data_keys(&self, audit: AuditDraft) -> Result<KeyRotation> {
        rotate_data_keys(&Steps(self), audit)
    }

    fn rotate_master(
        &self,
        new: &rastro_vault::MasterKey,
        audit: AuditDraft,
    ) -> Result<KeyRotation> {
        let fresh = DerivedKeys::of(new);
        self.conns.write(|tx| {
            let rows: Vec<(String, String, i64, Vec<u8>)> = tx
                .query(
                    "SELECT owner, purpose, version, wrapped FROM wrapped_keys
                     ORDER BY owner, purpose, version",
                    &[],
                )?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
                .collect::<Result<_>>()?;
            let update = tx.prepare(
                "UPDATE wrapped_keys SET wrapped = $1
                 WHERE owner = $2 AND purpose = $3 AND version = $4",
            )?;
            for (owner, purpose, version, wrapped) in &rows {
                let rewrapped = rewrap(&self.keys, new, owner, purpose, *version, wrapped)?;
                tx.execute(&update, &[&rewrapped, owner, purpose, version])?;
            }
            // The trail records the rotation under the old key; then every head is MAC'd anew.
            append(
                tx,
                &self.keys,
                &master_event(audit, &self.keys, new, rows.len() as u64),
            )?;
            remac_heads(tx, &fresh)?;
            tx.execute(
                "UPDATE store_keys SET fingerprint = $1, created_at = $2",
                &[&new.fingerprint(), &now_rfc3339()],
            )?;
            Ok(KeyRotation {
                keys: rows.len() as u64,
                ..KeyRotation::default()
            })
        })
    }
}

fn remac_heads(tx: &mut Transaction<'_>, keys: &DerivedKeys) -> Result<()> {
    // A trace appended meanwhile would keep a mac of the old key: appends wait for these locks,
    // and the heads are read once they are held.
    let chains: Vec<String> = tx
        .query("SELECT chain FROM audit_heads", &[])?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
    for chain in &chains {
        super::pool::lock_chain(tx, chain)?;
    }
    let heads: Vec<(String, i64, String)> = tx
        .query("SELECT chain, seq, hash FROM audit_heads", &[])?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<Result<_>>()?;
    let update = tx.prepare("UPDATE audit_heads SET mac = $1 WHERE chain = $2")?;
    for (chain, seq, hash) in heads {
        tx.execute(
            &update,
            &[&keys.head_mac(&chain, seq.max(0) as u64, &hash), &chain],
        )?;
    }
    Ok(())
}
