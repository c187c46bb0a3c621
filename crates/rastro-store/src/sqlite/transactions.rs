//! Transactions and alerts in SQLite: sealed under their owner's data key, found by blind
//! indexes under its index key, read by their owner and by organisations it granted them to
//! (through the one visibility rule, at the full level only).

use std::sync::Arc;

use rastro_vault::DataKey;
use rusqlite::types::Value;
use rusqlite::{params, CachedStatement, Connection, OptionalExtension, Row};

use super::access::Access;
use super::{count, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::cases::{BatchOutcome, ImportHandle, ResumedImport};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::api::transactions::{
    AlertBand, AlertPage, AlertQuery, AlertReview, AlertStatus, AlertSubject, AlertSummary,
    Identifier, KeptAlerts, NewAlert, NewTransaction, PreparedTransaction, PreparedTransactions,
    StoredAlert, StoredTransaction, TransactionBackend, TransactionCounts, TransactionProvenance,
    TransactionSelection, TransactionStamp, MAX_QUERY_TYPOLOGIES,
};
use crate::ids::keyed_id;
use crate::sealing::{blind_index, open_text, seal_text};
use crate::sql::visibility::visible;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// The kinds bound to sealed texts, so that a transaction's ciphertext does not open as an
/// alert's, nor a review note as either.
const TRANSACTION: &str = "transaction";
const ALERT: &str = "alert";
const REVIEW: &str = "alert_review";

/// Ids per `IN (…)` list: well under SQLite's limit on parameters.
const IDS_PER_QUERY: usize = 500;

/// The columns a transaction is read with, after its alias `t`.
const TRANSACTION_COLUMNS: &str =
    "t.id, t.org_id, t.at, t.utc_offset, t.key_version, t.sealed, t.import_id, t.source_row";

/// The organisations whose transactions (or alerts) the acting one may have been granted: a
/// narrowing that lets a scan skip every other organisation's rows before the rule is asked.
fn granting(kind: RecordKind) -> String {
    format!(
        "(SELECT g.org_id FROM grants g WHERE g.record_kind = '{}' AND g.revoked_at IS NULL \
           AND (g.expires_at IS NULL OR g.expires_at > :now) \
           AND (g.grantee_org_id = :org OR g.grantee_kind = :kind OR g.grantee_kind = 'any'))",
        kind.as_str()
    )
}

/// The condition that the row of `alias` is the acting organisation's own, or another's it sees
/// in full.
fn own_or_granted(kind: RecordKind, alias: &str) -> String {
    format!(
        "({alias}.org_id = :org OR ({alias}.org_id IN {} AND {}))",
        granting(kind),
        visible(kind, alias)
    )
}

/// The names of the organisations rows belong to, looked up once each.
#[derive(Default)]
struct Owners {
    list: Vec<(String, String)>,
    last: usize,
}

impl Owners {
    /// The position of `org` in the list, looking its name up the first time.
    fn index(&mut self, conn: &Connection, org: &str) -> Result<usize> {
        if self.list.get(self.last).is_some_and(|(id, _)| id == org) {
            return Ok(self.last);
        }
        let at = match self.list.iter().position(|(id, _)| id == org) {
            Some(at) => at,
            None => {
                let name: String =
                    conn.query_row("SELECT name FROM organisations WHERE id = ?1", [org], |r| {
                        r.get(0)
                    })?;
                self.list.push((org.to_string(), name));
                self.list.len() - 1
            }
        };
        self.last = at;
        Ok(at)
    }

    fn id(&self, at: usize) -> &str {
        self.list.get(at).map_or("", |(id, _)| id)
    }

    fn name(&self, at: usize) -> &str {
        self.list.get(at).map_or("", |(_, name)| name)
    }
}

/// Opens sealed rows, unwrapping each owner's data key version once per read.
struct Opener<'a> {
    backend: &'a SqliteBackend,
    conn: &'a Connection,
    keys: Vec<(String, u32, Arc<DataKey>)>,
}

impl<'a> Opener<'a> {
    fn new(backend: &'a SqliteBackend, conn: &'a Connection) -> Opener<'a> {
        Opener {
            backend,
            conn,
            keys: Vec::new(),
        }
    }

    fn open(
        &mut self,
        kind: &str,
        org: &str,
        id: &str,
        version: i64,
        sealed: &[u8],
    ) -> Result<String> {
        let key = self.key(org, id, version)?;
        open_text(&key, kind, org, id, sealed)
    }

    /// `org`'s data key of `version`, for the row `id`.
    fn key(&mut self, org: &str, id: &str, version: i64) -> Result<Arc<DataKey>> {
        let version = u32::try_from(version).map_err(|_| StoreError::Corrupt {
            id: id.to_string(),
            reason: "a key version out of range".into(),
        })?;
        if let Some((_, _, key)) = self.keys.iter().find(|(o, v, _)| *v == version && o == org) {
            return Ok(Arc::clone(key));
        }
        let key = self
            .backend
            .ring
            .data(self.conn, &self.backend.keys, org, version)?;
        self.keys.push((org.to_string(), version, Arc::clone(&key)));
        Ok(key)
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
    /// Its owner's position in [`Owners`].
    owner: usize,
    at: i64,
    utc_offset: i16,
    version: i64,
    sealed: Vec<u8>,
    import_id: String,
    source_row: u64,
}

/// Reads a row of [`TRANSACTION_COLUMNS`].
fn sealed_row(row: &Row<'_>, conn: &Connection, owners: &mut Owners) -> Result<SealedRow> {
    let org = row.get_ref(1)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let owner = owners.index(conn, org)?;
    Ok(SealedRow {
        id: row.get(0)?,
        owner,
        at: row.get(2)?,
        utc_offset: row.get(3)?,
        version: row.get(4)?,
        sealed: row.get(5)?,
        import_id: row.get(6)?,
        source_row: count(row.get(7)?),
    })
}

/// What opening a chunk needs besides its rows: who reads (provenance is the owner's only) and
/// whose rows they are.
struct Reading<'a> {
    reader_org: &'a str,
    owners: &'a Owners,
}

/// Opens one row with a key already unwrapped.
fn open_row(
    row: SealedRow,
    key: &DataKey,
    reading: &Reading<'_>,
) -> Result<(StoredTransaction, usize)> {
    let org = reading.owners.id(row.owner);
    let body = open_text(key, TRANSACTION, org, &row.id, &row.sealed)?;
    let provenance = (org == reading.reader_org).then_some(TransactionProvenance {
        import_id: row.import_id,
        source_row: row.source_row,
    });
    Ok((
        StoredTransaction {
            owner: reading.owners.name(row.owner).to_string(),
            body,
            id: row.id,
            at: row.at,
            utc_offset: row.utc_offset,
            provenance,
        },
        row.owner,
    ))
}

/// Opens a chunk of rows on every core and visits them in order; how many.
fn open_chunk(
    opener: &mut Opener<'_>,
    reading: &Reading<'_>,
    chunk: Vec<SealedRow>,
    visit: &mut dyn FnMut(StoredTransaction, &str) -> Result<()>,
) -> Result<u64> {
    if chunk.is_empty() {
        return Ok(0);
    }
    // The keys are unwrapped here, on the connection's thread; the workers only use them.
    let mut keys: Vec<(usize, i64, Arc<DataKey>)> = Vec::new();
    for row in &chunk {
        if !keys
            .iter()
            .any(|(o, v, _)| *o == row.owner && *v == row.version)
        {
            let key = opener.key(reading.owners.id(row.owner), &row.id, row.version)?;
            keys.push((row.owner, row.version, key));
        }
    }
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
    let opened: Vec<Result<Vec<(StoredTransaction, usize)>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = parts
            .into_iter()
            .map(|rows| {
                scope.spawn(move || {
                    rows.into_iter()
                        .map(|r| {
                            let key = keys
                                .iter()
                                .find(|(o, v, _)| *o == r.owner && *v == r.version)
                                .map(|(_, _, k)| k)
                                .ok_or_else(|| {
                                    StoreError::Keys(format!("no data key v{}", r.version))
                                })?;
                            open_row(r, key, reading)
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
        for (t, owner) in part? {
            visit(t, reading.owners.id(owner))?;
            n += 1;
        }
    }
    Ok(n)
}

/// The record key of an alert: a MAC of the engine's id under the owner's index key.
fn alert_key(index: &rastro_vault::SecretKey, key: &str) -> Vec<u8> {
    blind_index(index, ALERT, key)
}

/// The clear columns of an alert, after its alias `a` and its owner's `o`.
const ALERT_COLUMNS: &str = "a.pk, a.id, a.org_id, o.name, a.catalogue_version, a.typology,
     a.subject_kind, a.score, a.band, a.raised_at, a.created_at, a.status";

fn alert_summary(row: &Row<'_>, reader_org: &str, transactions: u64) -> Result<AlertSummary> {
    let org: String = row.get(2)?;
    Ok(AlertSummary {
        id: row.get(1)?,
        owner: row.get(3)?,
        own: org == reader_org,
        catalogue_version: row.get(4)?,
        typology: row.get(5)?,
        subject_kind: AlertSubject::from_stored(&row.get::<_, String>(6)?),
        score: row.get(7)?,
        band: AlertBand::from_stored(&row.get::<_, String>(8)?),
        raised_at: row.get(9)?,
        created_at: row.get(10)?,
        status: AlertStatus::from_stored(&row.get::<_, String>(11)?),
        transactions,
    })
}

impl SqliteBackend {
    /// A whole alert from a row of [`ALERT_COLUMNS`] followed by its key version and sealed
    /// part; its transactions and review read here.
    fn whole_alert(
        &self,
        conn: &Connection,
        opener: &mut Opener<'_>,
        row: &Row<'_>,
        reader_org: &str,
    ) -> Result<(StoredAlert, String)> {
        let pk: i64 = row.get(0)?;
        let org: String = row.get(2)?;
        let summary = alert_summary(row, reader_org, 0)?;
        let sealed: Vec<u8> = row.get(13)?;
        let body = opener.open(ALERT, &org, &summary.id, row.get(12)?, &sealed)?;
        let transactions: Vec<String> = conn
            .prepare_cached(
                "SELECT t.id FROM alert_transactions x JOIN transactions t ON t.pk = x.transaction_pk
                 WHERE x.alert_pk = ?1 ORDER BY t.at, t.pk",
            )?
            .query_map([pk], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut reviews = Vec::new();
        let mut stmt = conn.prepare_cached(
            "SELECT r.id, r.from_status, r.to_status,
                 COALESCE((SELECT name FROM users WHERE id = r.by_user), r.by_user), r.at,
                 r.key_version, r.sealed
             FROM alert_reviews r WHERE r.alert_pk = ?1 ORDER BY r.pk",
        )?;
        let mut rows = stmt.query([pk])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let sealed: Vec<u8> = r.get(6)?;
            let note = opener.open(REVIEW, &org, &id, r.get(5)?, &sealed)?;
            reviews.push(AlertReview {
                from: AlertStatus::from_stored(&r.get::<_, String>(1)?),
                to: AlertStatus::from_stored(&r.get::<_, String>(2)?),
                by: r.get(3)?,
                at: r.get(4)?,
                note,
                id,
            });
        }
        Ok((
            StoredAlert {
                id: summary.id,
                owner: summary.owner,
                own: summary.own,
                catalogue_version: summary.catalogue_version,
                typology: summary.typology,
                subject_kind: summary.subject_kind,
                score: summary.score,
                band: summary.band,
                raised_at: summary.raised_at,
                created_at: summary.created_at,
                status: summary.status,
                transactions,
                body,
                reviews,
            },
            org,
        ))
    }
}

/// The `WHERE` conditions and parameters of an alert query, after the visibility rule.
fn alert_conditions(query: &AlertQuery) -> (String, Vec<(&'static str, Value)>) {
    let mut sql = String::new();
    let mut bound: Vec<(&'static str, Value)> = Vec::new();
    // Statuses, bands and typologies come from closed sets or are bound: nothing typed is
    // pasted into the text.
    let mut any_of = |column: &str, names: &[&'static str], values: Vec<String>| {
        if values.is_empty() {
            return;
        }
        let marks: Vec<&str> = names.iter().take(values.len()).copied().collect();
        sql.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
        for (name, value) in names.iter().zip(values) {
            bound.push((name, Value::from(value)));
        }
    };
    const STATUS: [&str; 4] = [":s0", ":s1", ":s2", ":s3"];
    const BAND: [&str; 3] = [":b0", ":b1", ":b2"];
    let mut statuses: Vec<&str> = query.statuses.iter().map(|s| s.as_str()).collect();
    statuses.sort_unstable();
    statuses.dedup();
    any_of(
        "a.status",
        &STATUS,
        statuses.into_iter().map(str::to_string).collect(),
    );
    let mut bands: Vec<&str> = query.bands.iter().map(|b| b.as_str()).collect();
    bands.sort_unstable();
    bands.dedup();
    any_of(
        "a.band",
        &BAND,
        bands.into_iter().map(str::to_string).collect(),
    );
    // As many as a query may name (checked by the scope).
    const TYPOLOGY: [&str; MAX_QUERY_TYPOLOGIES] = [
        ":t0", ":t1", ":t2", ":t3", ":t4", ":t5", ":t6", ":t7", ":t8", ":t9", ":t10", ":t11",
        ":t12", ":t13", ":t14", ":t15",
    ];
    let mut typologies: Vec<String> = query
        .typologies
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    typologies.sort();
    typologies.dedup();
    typologies.truncate(TYPOLOGY.len());
    any_of("a.typology", &TYPOLOGY, typologies);
    if let Some(since) = query.since {
        sql.push_str(" AND a.raised_at >= :since");
        bound.push((":since", Value::from(since)));
    }
    if let Some(until) = query.until {
        sql.push_str(" AND a.raised_at <= :until");
        bound.push((":until", Value::from(until)));
    }
    if query.own_only {
        sql.push_str(" AND a.org_id = :org");
    }
    (sql, bound)
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

    fn transaction_stamp(&self) -> Result<TransactionStamp> {
        // Both tables only grow, so their highest keys move with every addition; reading them
        // costs a step down each table's b-tree.
        self.conns.read(|conn| {
            let (t, a) = conn.query_row(
                "SELECT (SELECT COALESCE(MAX(pk), 0) FROM transactions),
                        (SELECT COALESCE(MAX(pk), 0) FROM alerts)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(TransactionStamp::new(t, a))
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
        selection: TransactionSelection,
        since: Option<i64>,
        visit: &mut dyn FnMut(StoredTransaction, &str) -> Result<()>,
    ) -> Result<u64> {
        let org = &actor.organisation().id;
        // The own read is the red flags' hot path: the organisation's rows by the time index,
        // with nothing of the rule to evaluate.
        let (sql, bound) = match selection {
            TransactionSelection::Own => (
                format!(
                    "SELECT {TRANSACTION_COLUMNS} FROM transactions t
                     WHERE t.org_id = :org AND t.at >= :since ORDER BY t.at, t.pk"
                ),
                vec![
                    (":org", Value::from(org.clone())),
                    (":since", Value::from(since.unwrap_or(i64::MIN))),
                ],
            ),
            TransactionSelection::Visible => (
                format!(
                    "SELECT {TRANSACTION_COLUMNS} FROM transactions t
                     WHERE t.at >= :since AND {} ORDER BY t.at, t.pk",
                    own_or_granted(RecordKind::Transaction, "t")
                ),
                Access::of(actor)
                    .params(
                        RecordKind::Transaction,
                        Some(Level::Full),
                        &[(":since", Value::from(since.unwrap_or(i64::MIN)))],
                    )
                    .into_values(),
            ),
        };
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let params: Vec<(&str, &dyn rusqlite::ToSql)> = bound
                .iter()
                .map(|(k, v)| (*k, v as &dyn rusqlite::ToSql))
                .collect();
            let mut rows = stmt.query(params.as_slice())?;
            let mut owners = Owners::default();
            let mut opener = Opener::new(self, conn);
            let mut chunk = Vec::with_capacity(OPEN_CHUNK);
            let mut n = 0;
            while let Some(row) = rows.next()? {
                chunk.push(sealed_row(row, conn, &mut owners)?);
                if chunk.len() == OPEN_CHUNK {
                    let reading = Reading {
                        reader_org: org,
                        owners: &owners,
                    };
                    n += open_chunk(&mut opener, &reading, std::mem::take(&mut chunk), visit)?;
                }
            }
            let reading = Reading {
                reader_org: org,
                owners: &owners,
            };
            n += open_chunk(&mut opener, &reading, chunk, visit)?;
            Ok(n)
        })
    }

    fn transactions(
        &self,
        actor: &Actor,
        ids: &[String],
    ) -> Result<Vec<(StoredTransaction, String)>> {
        let org = &actor.organisation().id;
        let access = Access::of(actor);
        self.conns.read(|conn| {
            let mut owners = Owners::default();
            let mut opener = Opener::new(self, conn);
            let mut found = Vec::new();
            for chunk in ids.chunks(IDS_PER_QUERY) {
                let names: Vec<String> = (0..chunk.len()).map(|i| format!(":id{i}")).collect();
                let sql = format!(
                    "SELECT {TRANSACTION_COLUMNS}, t.pk FROM transactions t
                     WHERE t.id IN ({}) AND {}",
                    names.join(", "),
                    own_or_granted(RecordKind::Transaction, "t")
                );
                let values = access
                    .params(RecordKind::Transaction, Some(Level::Full), &[])
                    .into_values();
                let named: Vec<(&str, Value)> = names
                    .iter()
                    .zip(chunk)
                    .map(|(n, id)| (n.as_str(), Value::from(id.clone())))
                    .collect();
                let mut stmt = conn.prepare(&sql)?;
                let params: Vec<(&str, &dyn rusqlite::ToSql)> = values
                    .iter()
                    .map(|(k, v)| (*k, v as &dyn rusqlite::ToSql))
                    .chain(named.iter().map(|(k, v)| (*k, v as &dyn rusqlite::ToSql)))
                    .collect();
                let mut rows = stmt.query(params.as_slice())?;
                while let Some(row) = rows.next()? {
                    let pk: i64 = row.get(8)?;
                    let sealed = sealed_row(row, conn, &mut owners)?;
                    let owner_id = owners.id(sealed.owner).to_string();
                    let key = opener.key(&owner_id, &sealed.id, sealed.version)?;
                    let reading = Reading {
                        reader_org: org,
                        owners: &owners,
                    };
                    let (t, _) = open_row(sealed, &key, &reading)?;
                    found.push((pk, t, owner_id));
                }
            }
            found.sort_by_key(|(pk, t, _)| (t.at, *pk));
            found.dedup_by_key(|(pk, _, _)| *pk);
            Ok(found.into_iter().map(|(_, t, o)| (t, o)).collect())
        })
    }

    fn find_transactions(
        &self,
        actor: &Actor,
        identifier: Identifier,
        value: &str,
    ) -> Result<Vec<(String, String)>> {
        let org = &actor.organisation().id;
        let condition = match identifier {
            Identifier::Account => "(t.debtor_index = :wanted OR t.creditor_index = :wanted)",
            Identifier::Contact => "t.contact_index = :wanted",
            Identifier::Party => return Ok(Vec::new()),
        };
        let access = Access::of(actor);
        self.conns.read(|conn| {
            // Each owner keeps its blind indexes under its own key: the value is indexed once
            // for the acting organisation and once for each organisation that may have granted
            // it transactions.
            let mut holders: Vec<String> = vec![org.clone()];
            {
                let sql = format!(
                    "SELECT DISTINCT x.org_id FROM {} x",
                    granting(RecordKind::Transaction)
                );
                let mut stmt = conn.prepare(&sql)?;
                let rows = stmt.query_map(
                    rusqlite::named_params! {
                        ":now": access.now, ":org": access.org, ":kind": access.kind
                    },
                    |r| r.get(0),
                )?;
                for owner in rows {
                    let owner: String = owner?;
                    if owner != *org {
                        holders.push(owner);
                    }
                }
            }
            let sql = format!(
                "SELECT t.org_id, t.id, t.at, t.pk FROM transactions t
                 WHERE t.org_id = :owner AND {condition} AND {}",
                own_or_granted(RecordKind::Transaction, "t")
            );
            let mut stmt = conn.prepare(&sql)?;
            let mut found: Vec<(i64, i64, String, String)> = Vec::new();
            for owner in &holders {
                let index =
                    self.ring
                        .secret(conn, &self.keys, owner, super::keyring::Purpose::Index)?;
                let wanted = blind_index(&index, identifier.as_str(), value);
                let bound = access.params(
                    RecordKind::Transaction,
                    Some(Level::Full),
                    &[
                        (":owner", Value::from(owner.clone())),
                        (":wanted", Value::from(wanted)),
                    ],
                );
                let rows = stmt.query_map(bound.as_params().as_slice(), |r| {
                    Ok((r.get(2)?, r.get(3)?, r.get(0)?, r.get(1)?))
                })?;
                for row in rows {
                    found.push(row?);
                }
            }
            found.sort();
            Ok(found.into_iter().map(|(_, _, o, id)| (o, id)).collect())
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
                    // A transaction that is not the organisation's own (granted or not) is as
                    // missing as one that does not exist; nothing of the batch is kept.
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

    fn alerts(&self, actor: &Actor, since: Option<i64>) -> Result<Vec<(StoredAlert, String)>> {
        let org = &actor.organisation().id;
        let sql = format!(
            "SELECT {ALERT_COLUMNS}, a.key_version, a.sealed
             FROM alerts a JOIN organisations o ON o.id = a.org_id
             WHERE a.raised_at >= :since AND {} ORDER BY a.raised_at, a.pk",
            own_or_granted(RecordKind::Alert, "a")
        );
        let bound = Access::of(actor).params(
            RecordKind::Alert,
            Some(Level::Full),
            &[(":since", Value::from(since.unwrap_or(i64::MIN)))],
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(bound.as_params().as_slice())?;
            let mut opener = Opener::new(self, conn);
            let mut alerts = Vec::new();
            while let Some(row) = rows.next()? {
                alerts.push(self.whole_alert(conn, &mut opener, row, org)?);
            }
            Ok(alerts)
        })
    }

    fn alert(&self, actor: &Actor, id: &str) -> Result<Option<(StoredAlert, String)>> {
        let org = &actor.organisation().id;
        let sql = format!(
            "SELECT {ALERT_COLUMNS}, a.key_version, a.sealed
             FROM alerts a JOIN organisations o ON o.id = a.org_id
             WHERE a.id = :id AND {}",
            own_or_granted(RecordKind::Alert, "a")
        );
        let bound = Access::of(actor).params(
            RecordKind::Alert,
            Some(Level::Full),
            &[(":id", Value::from(id.to_string()))],
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(bound.as_params().as_slice())?;
            let mut opener = Opener::new(self, conn);
            match rows.next()? {
                Some(row) => Ok(Some(self.whole_alert(conn, &mut opener, row, org)?)),
                None => Ok(None),
            }
        })
    }

    fn alert_page(&self, actor: &Actor, query: &AlertQuery) -> Result<(AlertPage, Vec<String>)> {
        let org = &actor.organisation().id;
        let (conditions, mut more) = alert_conditions(query);
        let visible_alerts = own_or_granted(RecordKind::Alert, "a");
        let total_sql = format!("SELECT COUNT(*) FROM alerts a WHERE {visible_alerts}{conditions}");
        let page_sql = format!(
            "SELECT {ALERT_COLUMNS},
                 (SELECT COUNT(*) FROM alert_transactions x WHERE x.alert_pk = a.pk)
             FROM alerts a JOIN organisations o ON o.id = a.org_id
             WHERE {visible_alerts}{conditions}
             ORDER BY a.raised_at DESC, a.pk DESC LIMIT :limit OFFSET :offset"
        );
        let typologies_sql = format!(
            "SELECT a.typology, COUNT(*) FROM alerts a WHERE {visible_alerts}
             GROUP BY a.typology ORDER BY a.typology"
        );
        let access = Access::of(actor);
        let counted = access.params(RecordKind::Alert, Some(Level::Full), &more);
        more.push((
            ":limit",
            Value::from(query.limit.min(i64::MAX as u64) as i64),
        ));
        more.push((
            ":offset",
            Value::from(query.offset.min(i64::MAX as u64) as i64),
        ));
        let paged = access.params(RecordKind::Alert, Some(Level::Full), &more);
        let plain = access.params(RecordKind::Alert, Some(Level::Full), &[]);
        self.conns.read(|conn| {
            let total: i64 = conn
                .prepare_cached(&total_sql)?
                .query_row(counted.as_params().as_slice(), |r| r.get(0))?;
            let mut alerts = Vec::new();
            let mut owners = Vec::new();
            {
                let mut stmt = conn.prepare_cached(&page_sql)?;
                let mut rows = stmt.query(paged.as_params().as_slice())?;
                while let Some(row) = rows.next()? {
                    let listed: i64 = row.get(12)?;
                    alerts.push(alert_summary(row, org, count(listed))?);
                    owners.push(row.get::<_, String>(2)?);
                }
            }
            let typologies = conn
                .prepare_cached(&typologies_sql)?
                .query_map(plain.as_params().as_slice(), |r| {
                    Ok((r.get::<_, String>(0)?, count(r.get(1)?)))
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok((
                AlertPage {
                    total: count(total),
                    alerts,
                    typologies,
                },
                owners,
            ))
        })
    }

    fn alert_transactions(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<Option<(Vec<StoredTransaction>, String)>> {
        let org = &actor.organisation().id;
        let alert_sql = format!(
            "SELECT a.pk, a.org_id FROM alerts a WHERE a.id = :id AND {}",
            own_or_granted(RecordKind::Alert, "a")
        );
        let bound = Access::of(actor).params(
            RecordKind::Alert,
            Some(Level::Full),
            &[(":id", Value::from(id.to_string()))],
        );
        self.conns.read(|conn| {
            let found: Option<(i64, String)> = conn
                .prepare_cached(&alert_sql)?
                .query_row(bound.as_params().as_slice(), |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((pk, owner)) = found else {
                return Ok(None);
            };
            // What an alert lists is its owner's, frozen with it: it is read as the alert is,
            // not through grants of transactions.
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {TRANSACTION_COLUMNS} FROM alert_transactions x
                 JOIN transactions t ON t.pk = x.transaction_pk
                 WHERE x.alert_pk = ?1 AND t.org_id = ?2 ORDER BY t.at, t.pk"
            ))?;
            let mut rows = stmt.query(params![pk, owner])?;
            let mut owners = Owners::default();
            let mut opener = Opener::new(self, conn);
            let mut listed = Vec::new();
            while let Some(row) = rows.next()? {
                let sealed = sealed_row(row, conn, &mut owners)?;
                let key = opener.key(&owner, &sealed.id, sealed.version)?;
                let reading = Reading {
                    reader_org: org,
                    owners: &owners,
                };
                listed.push(open_row(sealed, &key, &reading)?.0);
            }
            Ok(Some((listed, owner)))
        })
    }

    fn review_alert(
        &self,
        actor: &Actor,
        id: &str,
        to: AlertStatus,
        note: &str,
        audit: AuditDraft,
    ) -> Result<AlertReview> {
        let org = &actor.organisation().id;
        let review_id = self.id()?;
        let seen_sql = format!(
            "SELECT a.pk, a.org_id, a.status FROM alerts a WHERE a.id = :id AND {}",
            own_or_granted(RecordKind::Alert, "a")
        );
        let bound = Access::of(actor).params(
            RecordKind::Alert,
            Some(Level::Full),
            &[(":id", Value::from(id.to_string()))],
        );
        self.write_audited(audit, |tx, audit| {
            let found: Option<(i64, String, String)> = tx
                .prepare_cached(&seen_sql)?
                .query_row(bound.as_params().as_slice(), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            let Some((pk, owner, status)) = found else {
                return Err(StoreError::NotFound);
            };
            if owner != *org {
                return Err(StoreError::Invalid(
                    "only the organisation that raised an alert reviews it".into(),
                ));
            }
            let from = AlertStatus::from_stored(&status);
            if !from.may_become(to) {
                return Err(StoreError::Invalid(format!(
                    "an alert that is {} cannot become {}",
                    from.as_str(),
                    to.as_str()
                )));
            }
            if from.needs_note(to) && note.is_empty() {
                return Err(StoreError::Invalid(format!(
                    "say why the alert becomes {}: a note is needed",
                    to.as_str()
                )));
            }
            let keys = self.ring.org_keys(tx, &self.keys, org)?;
            let sealing = keys.sealing();
            let at = now_rfc3339();
            tx.execute(
                "INSERT INTO alert_reviews (id, org_id, alert_pk, from_status, to_status, by_user,
                     at, key_version, sealed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    review_id,
                    org,
                    pk,
                    from.as_str(),
                    to.as_str(),
                    actor.user_id(),
                    at,
                    keys.version,
                    seal_text(sealing.data, REVIEW, org, &review_id, note)?
                ],
            )?;
            // The move is made only from the status just read, under the write lock.
            let moved = tx.execute(
                "UPDATE alerts SET status = ?1 WHERE pk = ?2 AND status = ?3",
                params![to.as_str(), pk, from.as_str()],
            )?;
            if moved != 1 {
                return Err(StoreError::Invalid(
                    "the alert's review moved meanwhile; read it again".into(),
                ));
            }
            audit.records.push((org.clone(), id.to_string()));
            audit.detail.push(("from", from.as_str().to_string()));
            audit.detail.push(("review", review_id.clone()));
            Ok(AlertReview {
                id: review_id.clone(),
                from,
                to,
                by: actor.user_name().to_string(),
                at,
                note: note.to_string(),
            })
        })
    }
}
