//! Bringing a store written before identities were encrypted up to date, at its first opening
//! with a key file: every organisation (and the platform) gets its keys, and every case still in
//! the clear is sealed, its record key keyed and its lookups indexed, a batch per transaction.
//! Safe when two processes open the store at once: a row is sealed by whoever updates it first.

use rusqlite::{params, TransactionBehavior};

use super::keyring::{KeyRing, Purpose, PLATFORM};
use super::SqliteBackend;
use crate::facets::{facet_values_text, facets_of};
use crate::sealing::{record_key, seal_case};
use crate::{Result, StoreError};

/// Cases sealed per transaction.
const BATCH: i64 = 2_000;

pub(crate) fn seal_what_is_clear(backend: &SqliteBackend) -> Result<()> {
    backend.conns.write(|conn| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        KeyRing::ensure(&tx, &backend.keys, PLATFORM, &[Purpose::Pseudonym])?;
        let orgs: Vec<String> = tx
            .prepare("SELECT id FROM organisations")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for org in &orgs {
            KeyRing::ensure(&tx, &backend.keys, org, &[Purpose::Data, Purpose::Index])?;
        }
        tx.commit()?;
        Ok(())
    })?;
    loop {
        let sealed = backend.conns.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let rows: Vec<(i64, String, String, String, Vec<u8>)> = tx
                .prepare(
                    "SELECT pk, id, org_id, record, record_key FROM cases
                     WHERE key_version IS NULL ORDER BY pk LIMIT ?1",
                )?
                .query_map([BATCH], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            for (pk, id, org, compact, old_key) in &rows {
                let record = rastro_model::CaseRecord::from_compact(compact).map_err(|reason| {
                    StoreError::Corrupt {
                        id: id.clone(),
                        reason,
                    }
                })?;
                let keys = backend.ring.org_keys(&tx, &backend.keys, org)?;
                let sealing = keys.sealing();
                let sealed = seal_case(&record, None, org, id, &sealing)?;
                let changed = tx.execute(
                    "UPDATE cases SET record = ?1, key_version = ?2, record_key = ?3, id_index = ?4
                     WHERE pk = ?5 AND key_version IS NULL",
                    params![
                        sealed.open,
                        keys.version,
                        sealing.index.with_keyed(|index| record_key(index, old_key)),
                        sealed.id_index,
                        pk
                    ],
                )?;
                if changed == 1 {
                    tx.execute(
                        "INSERT OR REPLACE INTO case_secrets (org_id, case_pk, personal, pseudonyms)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![org, pk, sealed.personal, sealed.pseudonyms],
                    )?;
                }
            }
            tx.commit()?;
            Ok(rows.len())
        })?;
        if sealed == 0 {
            return Ok(());
        }
        tracing::info!("sealed {sealed} cases written before encryption");
    }
}

/// The tasks migrations leave for the facets they add: the age band and month, and the
/// descriptive HTCDS picklists.
const FACET_TASKS: [&str; 2] = ["facets:age_band,month", "facets:htcds"];

/// Gives cases stored before a facet existed that facet, from the descriptive part of each
/// record (kept in the clear): each case's facet values text is written again whole (the only
/// place its facets are kept since migration 0025), a batch per transaction; then the task is
/// marked done. Safe when two processes open the store at once: writing the text is idempotent.
pub(crate) fn add_new_facets(backend: &SqliteBackend) -> Result<()> {
    for task in FACET_TASKS {
        add_facets(backend, task)?;
    }
    Ok(())
}

fn add_facets(backend: &SqliteBackend, task: &str) -> Result<()> {
    let pending: bool = backend.conns.read(|conn| {
        Ok(conn
            .prepare("SELECT 1 FROM store_tasks WHERE name = ?1")?
            .exists([task])?)
    })?;
    if !pending {
        return Ok(());
    }
    let mut after = 0i64;
    loop {
        let last = backend.conns.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let rows: Vec<(i64, String, String)> = tx
                .prepare("SELECT pk, id, record FROM cases WHERE pk > ?1 ORDER BY pk LIMIT ?2")?
                .query_map(params![after, BATCH], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            {
                let mut text = tx.prepare("UPDATE cases SET facet_values = ?2 WHERE pk = ?1")?;
                for (pk, id, compact) in &rows {
                    let record =
                        rastro_model::CaseRecord::from_compact(compact).map_err(|reason| {
                            StoreError::Corrupt {
                                id: id.clone(),
                                reason,
                            }
                        })?;
                    text.execute(params![pk, facet_values_text(&facets_of(&record))])?;
                }
            }
            if rows.is_empty() {
                tx.execute("DELETE FROM store_tasks WHERE name = ?1", [task])?;
            }
            tx.commit()?;
            Ok(rows.last().map(|r| r.0))
        })?;
        match last {
            Some(pk) => after = pk,
            None => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Facet;

    #[test]
    fn every_facet_reads_back_from_its_stored_name_and_the_picklists_follow_the_month() {
        assert_eq!(Facet::ALL[8], Facet::Month);
        for (i, facet) in Facet::ALL.into_iter().enumerate() {
            assert_eq!(Facet::from_stored(facet.as_str().as_bytes()), Some(facet));
            assert_eq!(Facet::from_code(facet.code().as_bytes()), Some(facet));
            assert_eq!(facet.code().len(), 1, "{facet:?}");
            assert_eq!(facet.is_picklist(), i > 8, "{facet:?}");
        }
        assert_eq!(Facet::from_stored(b"no_such_facet"), None);
        assert_eq!(Facet::from_code(b"exploitation"), None);
    }
}
