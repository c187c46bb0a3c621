//! Bringing a store written before identities were encrypted up to date, at its first opening
//! with a key file: every organisation (and the platform) gets its keys, and every case still in
//! the clear is sealed, its record key keyed and its lookups indexed, a batch per transaction.
//! Safe when two processes open the store at once: a row is sealed by whoever updates it first.

use rusqlite::{params, TransactionBehavior};

use super::keyring::{KeyRing, Purpose, PLATFORM};
use super::SqliteBackend;
use crate::facets::{facet_values_text, facets_of};
use crate::sealing::{record_key, seal_case};
use crate::Facet;
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
                let sealed = seal_case(&record, org, id, &sealing)?;
                let changed = tx.execute(
                    "UPDATE cases SET record = ?1, key_version = ?2, record_key = ?3, id_index = ?4
                     WHERE pk = ?5 AND key_version IS NULL",
                    params![
                        sealed.open,
                        keys.version,
                        record_key(sealing.index, old_key),
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

/// The tasks migrations leave for the facets they add, and which facets each adds.
const FACET_TASKS: [(&str, &[Facet]); 2] = [
    ("facets:age_band,month", &[Facet::AgeBand, Facet::Month]),
    // The descriptive HTCDS picklists, listed in `Facet::ALL` after the month.
    ("facets:htcds", Facet::ALL.split_at(9).1),
];

/// Gives cases stored before a facet existed that facet, from the descriptive part of each
/// record (kept in the clear), a batch per transaction; then marks the task done. Safe when two
/// processes open the store at once: the inserts are idempotent.
pub(crate) fn add_new_facets(backend: &SqliteBackend) -> Result<()> {
    for (task, facets) in FACET_TASKS {
        add_facets(backend, task, facets)?;
    }
    Ok(())
}

fn add_facets(backend: &SqliteBackend, task: &str, added: &[Facet]) -> Result<()> {
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
                let mut insert = tx.prepare(
                    "INSERT OR IGNORE INTO case_facets (org_id, case_pk, facet, value)
                     SELECT org_id, pk, ?2, ?3 FROM cases WHERE pk = ?1",
                )?;
                // The text statistics read (migration 0024) follows the facet rows.
                let mut text = tx.prepare("UPDATE cases SET facet_values = ?2 WHERE pk = ?1")?;
                for (pk, id, compact) in &rows {
                    let record =
                        rastro_model::CaseRecord::from_compact(compact).map_err(|reason| {
                            StoreError::Corrupt {
                                id: id.clone(),
                                reason,
                            }
                        })?;
                    let facets = facets_of(&record);
                    for (facet, value) in &facets {
                        if added.contains(facet) {
                            insert.execute(params![pk, facet.as_str(), value])?;
                        }
                    }
                    text.execute(params![pk, facet_values_text(&facets)])?;
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
    use super::*;

    #[test]
    fn each_facet_is_added_by_one_task_and_the_picklists_follow_the_month() {
        assert_eq!(Facet::ALL[8], Facet::Month);
        let added: Vec<Facet> = FACET_TASKS
            .iter()
            .flat_map(|(_, f)| f.iter().copied())
            .collect();
        for facet in Facet::ALL.iter().skip(7) {
            assert_eq!(added.iter().filter(|f| *f == facet).count(), 1, "{facet:?}");
        }
        assert!(!added.contains(&Facet::Exploitation));
        for facet in Facet::ALL {
            assert_eq!(Facet::from_stored(facet.as_str().as_bytes()), Some(facet));
            assert_eq!(
                facet.is_picklist(),
                added.contains(&facet) && facet != Facet::AgeBand && facet != Facet::Month,
                "{facet:?}"
            );
        }
        assert_eq!(Facet::from_stored(b"no_such_facet"), None);
    }
}
