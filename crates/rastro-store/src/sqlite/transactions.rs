//! Transactions and alerts in SQLite: always the acting organisation's own rows (they are never
//! shared), sealed under its data key, found by blind indexes under its index key.

use std::sync::Arc;

use rastro_vault::DataKey;
use rusqlite::{params, params_from_iter, CachedStatement, Connection, OptionalExtension, Row};

use super::{count, SqliteBackend};
use crate::api::cases::{BatchOutcome, ImportHandle, ResumedImport};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::api::transactions::{
    AlertBand, AlertStatus, AlertSubject, Identifier, KeptAlerts, NewAlert, NewTransaction,
    PreparedTransaction, PreparedTransactions, StoredAlert, StoredTransaction, TransactionBackend,
    TransactionCounts,
};
use crate::ids::keyed_id;
use crate::sealing::{blind_index, open_text, seal_text};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// The kinds bound to sealed texts, so that a transaction's ciphertext does not open as an
/// alert's.
const TRANSACTION: &str = "transaction";
const ALERT: &str = "alert";

/// Ids per `IN (…)` list: well under SQLite's limit on parameters.
const IDS_PER_QUERY: usize = 500;

const TRANSACTION_COLUMNS: &str = "id, at, utc_offset, key_version, sealed, import_id, source_row";

/// Opens sealed rows of one organisation, unwrapping each data key version once per read.
struct Opener<'a> {
    backend: &'a SqliteBackend,
    conn: &'a Connection,
    org: &'a str,
    last: Option<(u32, Arc<DataKey>)>,
}

impl<'a> Opener<'a> {
    fn new(backend: &'a SqliteBackend, conn: &'a Connection, org: &'a str) -> Opener<'a> {
        Opener {
            backend,
            conn,
            org,
            last: None,
        }
    }

    fn open(&mut self, kind: &str, id: &str, version: i64, sealed: &[u8]) -> Result<String> {
        let key = self.key(id, version)?;
        open_text(&key, kind, self.org, id, sealed)
    }

    /// The data key of `version`, for the row `id`.
    fn key(&mut self, id: &str, version: i64) -> Result<Arc<DataKey>> {
        let version = u32::try_from(version).map_err(|_| StoreError::Corrupt {
            id: id.to_string(),
            reason: "a key version out of range".into(),
        })?;
        Ok(match &self.last {
            Some((v, key)) if *v == version => Arc::clone(key),
            _ => {
                let key =
                    self.backend
                        .ring
                        .data(self.conn, &self.backend.keys, self.org, version)?;
                self.last = Some((version, Arc::clone(&key)));
                key
            }
        })
    }

    fn transaction(&mut self, row: &Row<'_>) -> Result<StoredTransaction> {
        let id: String = row.get(0)?;
        let sealed = row.get_ref(4)?.as_blob().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Blob, Box::new(e))
        })?;
        let body = self.open(TRANSACTION, &id, row.get(3)?, sealed)?;
        Ok(StoredTransaction {
            at: row.get(1)?,
            utc_offset: row.get(2)?,
            body,
            import_id: row.get(5)?,
            source_row: count(row.get(6)?),
            id,
        })
    }
}

/// A transaction's public id: a MAC of its content fingerprint under the owner's index key, in
/// the alphabet of random ids. The same transaction of the same organisation always has the
/// same id, which is what makes a re-import add nothing; without the key it is as unguessable
/// as a random one.
fn transaction_id(index: &rastro_vault::SecretKey, fingerprint: &[u8]) -> String {
    let mut input = b"transaction-id\n".to_vec();
    input.extend_from_slice(fingerprint);
    let mac = index.mac(&input);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&mac[..16]);
    keyed_id(&bytes)
}

/// Rows of a bulk read opened at a time, on every core: decryption is most of the cost of
/// reading transactions back, and a chunk this size makes starting the threads negligible while
/// keeping memory flat.
const OPEN_CHUNK: usize = 8_192;

/// A transaction as read, before it is opened.
struct SealedRow {
    id: String,
    at: i64,
    utc_offset: i16,
    version: i64,
    sealed: Vec<u8>,
    import_id: String,
    source_row: u64,
}

/// Opens a chunk of rows on every core and visits them in order; how many.
fn open_chunk(
    opener: &mut Opener<'_>,
    chunk: Vec<SealedRow>,
    visit: &mut dyn FnMut(StoredTransaction) -> Result<()>,
) -> Result<u64> {
    if chunk.is_empty() {
        return Ok(0);
    }
    // The keys are unwrapped here, on the connection's thread; the workers only use them.
    let mut keys: Vec<(i64, Arc<DataKey>)> = Vec::new();
    for row in &chunk {
        if !keys.iter().any(|(v, _)| *v == row.version) {
            keys.push((row.version, opener.key(&row.id, row.version)?));
        }
    }
    let org = opener.org;
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let part = chunk.len().div_ceil(threads.clamp(1, 8));
    // Each worker owns its rows, so that their ids and bodies move into what it returns.
    let mut parts = Vec::new();
    let mut rest = chunk;
    while rest.len() > part {
        let tail = rest.split_off(part);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    let keys = &keys;
    let opened: Vec<Result<Vec<StoredTransaction>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = parts
            .into_iter()
            .map(|rows| {
                scope.spawn(move || {
                    rows.into_iter()
                        .map(|r| {
                            let key = keys
                                .iter()
                                .find(|(v, _)| *v == r.version)
                                .map(|(_, k)| k)
                                .ok_or_else(|| {
                                    StoreError::Keys(format!("no data key v{}", r.version))
                                })?;
                            Ok(StoredTransaction {
                                body: open_text(key, TRANSACTION, org, &r.id, &r.sealed)?,
                                id: r.id,
                                at: r.at,
                                utc_offset: r.utc_offset,
                                import_id: r.import_id,
                                source_row: r.source_row,
                            })
                        })
                        .collect()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join().unwrap_or_else(|_| {
                    Err(StoreError::Database(
                        "a thread opening transactions failed".into(),
                    ))
                })
            })
            .collect()
    });
    let mut n = 0;
    for part in opened {
        for t in part? {
            visit(t)?;
            n += 1;
        }
    }
    Ok(n)
}

/// The record key of an alert: a MAC of the engine's id under the owner's index key.
fn alert_key(index: &rastro_vault::SecretKey, key: &str) -> Vec<u8> {
    blind_index(index, ALERT, key)
}

impl TransactionBackend for SqliteBackend {
    fn transaction_counts(&self, actor: &Actor) -> Result<TransactionCounts> {
        let org = &actor.organisation().id;
        self.conns.read(|conn| {
            let n =
                |sql: &str| -> Result<u64> { Ok(count(conn.query_row(sql, [org], |r| r.get(0))?)) };
            Ok(TransactionCounts {
                // Transactions are only added by imports, which count what they add in the same
                // write: summing a few import rows is exact, and cheaper than counting millions.
                transactions: n("SELECT COALESCE(SUM(imported), 0) FROM imports
                                 WHERE org_id = ?1 AND kind = 'transaction'")?,
                alerts: n("SELECT COUNT(*) FROM alerts WHERE org_id = ?1")?,
            })
        })
    }

    fn begin_transaction_import(
        &self,
        actor: &Actor,
        source_file: &str,
        format: &str,
        audit: AuditDraft,
    ) -> Result<ImportHandle> {
        let new_id = self.id()?;
        let org = &actor.organisation().id;
        self.write_audited(audit, |tx, audit| {
            let unfinished = tx
                .query_row(
                    "SELECT id, started_at, imported, error FROM imports
                     WHERE org_id = ?1 AND source_file = ?2 AND status <> 'finished'
                       AND kind = 'transaction'
                     ORDER BY started_at DESC LIMIT 1",
                    params![org, source_file],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            ResumedImport {
                                started_at: r.get(1)?,
                                stored: count(r.get(2)?),
                                error: r.get(3)?,
                            },
                        ))
                    },
                )
                .optional()?;
            let handle = match unfinished {
                Some((id, resumed)) => {
                    tx.execute(
                        "UPDATE imports SET status = 'running', error = NULL WHERE id = ?1",
                        params![id],
                    )?;
                    ImportHandle {
                        id,
                        source_file: source_file.to_string(),
                        resumed: Some(resumed),
                    }
                }
                None => {
                    tx.execute(
                        "INSERT INTO imports (id, org_id, source_file, format, started_at, status,
                             kind)
                         VALUES (?1, ?2, ?3, ?4, ?5, 'running', 'transaction')",
                        params![new_id, org, source_file, format, now_rfc3339()],
                    )?;
                    ImportHandle {
                        id: new_id,
                        source_file: source_file.to_string(),
                        resumed: None,
                    }
                }
            };
            audit.detail.push(("import", handle.id.clone()));
            audit
                .detail
                .push(("resumed", handle.resumed.is_some().to_string()));
            Ok(handle)
        })
    }

    fn prepare_transactions(
        &self,
        actor: &Actor,
        transactions: &[NewTransaction<'_>],
    ) -> Result<PreparedTransactions> {
        let org = &actor.organisation().id;
        let keys = self
            .conns
            .read(|conn| self.ring.org_keys(conn, &self.keys, org))?;
        let sealing = keys.sealing();
        let index = |kind: Identifier, value: Option<&str>| {
            value
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| blind_index(sealing.index, kind.as_str(), v))
        };
        let rows = transactions
            .iter()
            .map(|t| {
                let id = transaction_id(sealing.index, t.fingerprint);
                Ok(PreparedTransaction {
                    sealed: seal_text(sealing.data, TRANSACTION, org, &id, t.body)?,
                    debtor_index: index(Identifier::Account, t.debtor_account),
                    creditor_index: index(Identifier::Account, t.creditor_account),
                    contact_index: index(Identifier::Contact, t.contact),
                    source_row: t.source_row,
                    at: t.at,
                    utc_offset: t.utc_offset,
                    id,
                })
            })
            .collect::<Result<_>>()?;
        Ok(PreparedTransactions {
            org_id: org.clone(),
            key_version: keys.version,
            rows,
        })
    }

    fn insert_transactions(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        transactions: PreparedTransactions,
        audit: AuditDraft,
    ) -> Result<BatchOutcome> {
        let org = &actor.organisation().id;
        if transactions.org_id != *org {
            return Err(StoreError::Invalid(
                "transactions prepared for another organisation".into(),
            ));
        }
        self.write_audited(audit, |tx, audit| {
            let mut outcome = BatchOutcome::default();
            {
                // `RETURNING` would buffer a result per row; SQLite's count of changed rows
                // costs nothing on this hot path.
                let mut insert: CachedStatement<'_> = tx.prepare_cached(
                    "INSERT INTO transactions (id, org_id, import_id, source_row, at, utc_offset,
                         key_version, sealed, debtor_index, creditor_index, contact_index)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                     ON CONFLICT (id) DO NOTHING",
                )?;
                for t in &transactions.rows {
                    let changed = insert.execute(params![
                        t.id,
                        org,
                        import.id,
                        t.source_row as i64,
                        t.at,
                        t.utc_offset,
                        transactions.key_version,
                        t.sealed,
                        t.debtor_index,
                        t.creditor_index,
                        t.contact_index
                    ])?;
                    if changed == 0 {
                        outcome.duplicates += 1;
                    } else {
                        outcome.inserted += 1;
                    }
                }
            }
            // The count moves with the batch, so an interrupted import knows what it stored.
            tx.execute(
                "UPDATE imports SET imported = imported + ?1 WHERE id = ?2 AND org_id = ?3",
                params![outcome.inserted as i64, import.id, org],
            )?;
            audit.count = Some(outcome.inserted);
            audit
                .detail
                .push(("duplicates", outcome.duplicates.to_string()));
            Ok(outcome)
        })
    }

    fn for_each_transaction(
        &self,
        actor: &Actor,
        since: Option<i64>,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<()>,
    ) -> Result<u64> {
        let org = &actor.organisation().id;
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {TRANSACTION_COLUMNS} FROM transactions
                 WHERE org_id = ?1 AND at >= ?2 ORDER BY at, pk"
            ))?;
            let mut rows = stmt.query(params![org, since.unwrap_or(i64::MIN)])?;
            let mut opener = Opener::new(self, conn, org);
            let mut chunk = Vec::with_capacity(OPEN_CHUNK);
            let mut n = 0;
            while let Some(row) = rows.next()? {
                chunk.push(SealedRow {
                    id: row.get(0)?,
                    at: row.get(1)?,
                    utc_offset: row.get(2)?,
                    version: row.get(3)?,
                    sealed: row.get(4)?,
                    import_id: row.get(5)?,
                    source_row: count(row.get(6)?),
                });
                if chunk.len() == OPEN_CHUNK {
                    n += open_chunk(&mut opener, std::mem::take(&mut chunk), visit)?;
                }
            }
            n += open_chunk(&mut opener, chunk, visit)?;
            Ok(n)
        })
    }

    fn transactions(&self, actor: &Actor, ids: &[String]) -> Result<Vec<StoredTransaction>> {
        let org = &actor.organisation().id;
        self.conns.read(|conn| {
            let mut opener = Opener::new(self, conn, org);
            let mut found = Vec::new();
            for chunk in ids.chunks(IDS_PER_QUERY) {
                let marks = vec!["?"; chunk.len()].join(", ");
                let mut stmt = conn.prepare(&format!(
                    "SELECT {TRANSACTION_COLUMNS}, pk FROM transactions
                     WHERE org_id = ? AND id IN ({marks})"
                ))?;
                let bound = std::iter::once(org.as_str()).chain(chunk.iter().map(String::as_str));
                let mut rows = stmt.query(params_from_iter(bound))?;
                while let Some(row) = rows.next()? {
                    let pk: i64 = row.get(7)?;
                    found.push((pk, opener.transaction(row)?));
                }
            }
            found.sort_by_key(|(pk, t)| (t.at, *pk));
            found.dedup_by_key(|(pk, _)| *pk);
            Ok(found.into_iter().map(|(_, t)| t).collect())
        })
    }

    fn find_transactions(
        &self,
        actor: &Actor,
        identifier: Identifier,
        value: &str,
    ) -> Result<Vec<String>> {
        let org = &actor.organisation().id;
        let condition = match identifier {
            Identifier::Account => "(debtor_index = ?2 OR creditor_index = ?2)",
            Identifier::Contact => "contact_index = ?2",
            Identifier::Party => return Ok(Vec::new()),
        };
        self.conns.read(|conn| {
            let index = self
                .ring
                .secret(conn, &self.keys, org, super::keyring::Purpose::Index)?;
            let wanted = blind_index(&index, identifier.as_str(), value);
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT id FROM transactions WHERE org_id = ?1 AND {condition} ORDER BY at, pk"
            ))?;
            let rows = stmt.query_map(params![org, wanted], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn keep_alerts(
        &self,
        actor: &Actor,
        alerts: &[NewAlert<'_>],
        audit: AuditDraft,
    ) -> Result<KeptAlerts> {
        let org = &actor.organisation().id;
        let ids = self.ids(alerts.len())?;
        self.write_audited(audit, |tx, audit| {
            let keys = self.ring.org_keys(tx, &self.keys, org)?;
            let sealing = keys.sealing();
            let mut kept = KeptAlerts::default();
            let mut insert = tx.prepare_cached(
                "INSERT INTO alerts (id, org_id, alert_key, catalogue_version, typology,
                     subject_kind, subject_index, score, band, raised_at, created_at, key_version,
                     sealed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                 ON CONFLICT (org_id, alert_key) DO NOTHING",
            )?;
            let mut existing =
                tx.prepare_cached("SELECT id FROM alerts WHERE org_id = ?1 AND alert_key = ?2")?;
            let mut link = tx.prepare_cached(
                "INSERT INTO alert_transactions (alert_pk, transaction_pk)
                 SELECT ?1, pk FROM transactions WHERE id = ?2 AND org_id = ?3",
            )?;
            let now = now_rfc3339();
            for (alert, id) in alerts.iter().zip(ids) {
                let key = alert_key(sealing.index, alert.key);
                let changed = insert.execute(params![
                    id,
                    org,
                    key,
                    alert.catalogue_version,
                    alert.typology,
                    alert.subject_kind.as_str(),
                    blind_index(
                        sealing.index,
                        alert.subject_kind.identifier().as_str(),
                        alert.subject
                    ),
                    alert.score,
                    alert.band.as_str(),
                    alert.raised_at,
                    now,
                    keys.version,
                    seal_text(sealing.data, ALERT, org, &id, alert.body)?
                ])?;
                if changed == 0 {
                    let before: String = existing.query_row(params![org, key], |r| r.get(0))?;
                    kept.duplicates += 1;
                    kept.ids.push(before);
                    continue;
                }
                let pk = tx.last_insert_rowid();
                let mut listed: Vec<&str> = alert.transactions.iter().map(String::as_str).collect();
                listed.sort_unstable();
                listed.dedup();
                for t in listed {
                    // A transaction that is not the organisation's own is as missing as one
                    // that does not exist; nothing of the batch is kept.
                    if link.execute(params![pk, t, org])? == 0 {
                        return Err(StoreError::NotFound);
                    }
                }
                audit.records.push((org.clone(), id.clone()));
                kept.inserted += 1;
                kept.ids.push(id);
            }
            audit.count = Some(kept.inserted);
            audit
                .detail
                .push(("duplicates", kept.duplicates.to_string()));
            Ok(kept)
        })
    }

    fn alerts(&self, actor: &Actor, since: Option<i64>) -> Result<Vec<StoredAlert>> {
        let org = &actor.organisation().id;
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT pk, id, catalogue_version, typology, subject_kind, score, band,
                     raised_at, created_at, status, key_version, sealed
                 FROM alerts WHERE org_id = ?1 AND raised_at >= ?2 ORDER BY raised_at, pk",
            )?;
            let mut listed = conn.prepare_cached(
                "SELECT t.id FROM alert_transactions x JOIN transactions t ON t.pk = x.transaction_pk
                 WHERE x.alert_pk = ?1 ORDER BY t.at, t.pk",
            )?;
            let mut rows = stmt.query(params![org, since.unwrap_or(i64::MIN)])?;
            let mut opener = Opener::new(self, conn, org);
            let mut alerts = Vec::new();
            while let Some(row) = rows.next()? {
                let pk: i64 = row.get(0)?;
                let id: String = row.get(1)?;
                let sealed: Vec<u8> = row.get(11)?;
                let body = opener.open(ALERT, &id, row.get(10)?, &sealed)?;
                let transactions = listed
                    .query_map([pk], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                alerts.push(StoredAlert {
                    catalogue_version: row.get(2)?,
                    typology: row.get(3)?,
                    subject_kind: AlertSubject::from_stored(&row.get::<_, String>(4)?),
                    score: row.get(5)?,
                    band: AlertBand::from_stored(&row.get::<_, String>(6)?),
                    raised_at: row.get(7)?,
                    created_at: row.get(8)?,
                    status: AlertStatus::from_stored(&row.get::<_, String>(9)?),
                    transactions,
                    body,
                    id,
                });
            }
            Ok(alerts)
        })
    }
}
