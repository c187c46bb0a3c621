//! Transactions and alerts in PostgreSQL: the SQL of `crate::sql::money` run on PostgreSQL's
//! connections, and its rows read into `crate::transaction_rows`, which seals, opens and
//! assembles them.

use std::sync::Arc;

use postgres::{Row, Statement, Transaction};
use rastro_vault::DataKey;

use super::keyring::Rows;
use super::scan;
use super::value::{count, Named, Value};
use super::value::{execute, query};
use super::PgBackend;
use crate::api::access::{Level, RecordKind};
use crate::api::cases::{BatchOutcome, ImportHandle};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::api::transactions::{
    AlertPage, AlertQuery, AlertReview, AlertStatus, Identifier, KeptAlerts, NewAlert,
    NewTransaction, PreparedTransaction, PreparedTransactions, StoredAlert, StoredTransaction,
    TransactionBackend, TransactionCounts, TransactionSelection, TransactionStamp,
    TransactionWindow,
};
use crate::keyring::Purpose;
use crate::sealing::blind_index;
use crate::sql::access::Access;
use crate::sql::money;
use crate::time::now_rfc3339;
use crate::transaction_rows::{
    self as rows, AlertRow, DataKeys, Owners, Reading, ReviewRow, SealedRow, ALERT, OPEN_CHUNK,
};
use crate::{Result, StoreError};

/// The first row a statement of shared SQL returns, if any.
fn first_row(tx: &mut Transaction<'_>, sql: &str, values: &[(&str, Value)]) -> Result<Option<Row>> {
    Ok(query(tx, sql, values)?.into_iter().next())
}

/// A statement of shared SQL run many times in one transaction: prepared (parsed and planned by
/// the server) the first time only.
struct Reused {
    sql: &'static str,
    prepared: Option<Statement>,
}

impl Reused {
    fn new(sql: &'static str) -> Reused {
        Reused {
            sql,
            prepared: None,
        }
    }

    /// The statement and `values` in its parameters' order.
    fn bind(
        &mut self,
        tx: &mut Transaction<'_>,
        values: &[(&str, Value)],
    ) -> Result<(Statement, Named)> {
        let named = Named::new(self.sql, values)?;
        let statement = match &self.prepared {
            Some(s) => s.clone(),
            None => {
                let s = tx.prepare(&named.sql)?;
                self.prepared = Some(s.clone());
                s
            }
        };
        Ok((statement, named))
    }
}

/// An organisation's name, for [`Owners`].
fn org_name(tx: &mut Transaction<'_>, org: &str) -> Result<String> {
    Ok(tx
        .query_one("SELECT name FROM organisations WHERE id = $1", &[&org])?
        .try_get(0)?)
}

/// Reads a row of [`money::TRANSACTION_COLUMNS`].
fn sealed_row(row: &Row, tx: &mut Transaction<'_>, owners: &mut Owners) -> Result<SealedRow> {
    let org: &str = row.try_get(1)?;
    let owner = owners.index(org, |org| org_name(tx, org))?;
    let id: String = row.try_get(0)?;
    Ok(SealedRow {
        utc_offset: rows::utc_offset(&id, row.try_get(3)?)?,
        id,
        owner,
        at: row.try_get(2)?,
        version: row.try_get(4)?,
        sealed: row.try_get(5)?,
        import_id: row.try_get(6)?,
        source_row: count(row, 7)?,
    })
}

/// Reads the clear columns of an alert.
fn alert_row(row: &Row) -> Result<AlertRow> {
    Ok(AlertRow {
        pk: row.try_get(0)?,
        id: row.try_get(1)?,
        org: row.try_get(2)?,
        owner: row.try_get(3)?,
        catalogue_version: row.try_get(4)?,
        typology: row.try_get(5)?,
        subject_kind: row.try_get(6)?,
        score: row.try_get(7)?,
        band: row.try_get(8)?,
        raised_at: row.try_get(9)?,
        created_at: row.try_get(10)?,
        status: row.try_get(11)?,
    })
}

impl PgBackend {
    /// `org`'s data key of `version`, unwrapped once per process.
    fn data_key(&self, tx: &mut Transaction<'_>, org: &str, version: u32) -> Result<Arc<DataKey>> {
        self.ring.data(&Rows::new(tx), &self.keys, org, version)
    }

    /// Opens a chunk of `reader_org`'s read on every core and visits it; how many.
    fn open_chunk(
        &self,
        tx: &mut Transaction<'_>,
        keys: &mut DataKeys,
        owners: &Owners,
        reader_org: &str,
        chunk: Vec<SealedRow>,
        visit: &mut dyn FnMut(StoredTransaction, &str) -> Result<()>,
    ) -> Result<u64> {
        let reading = Reading { reader_org, owners };
        let mut key = |org: &str, id: &str, version| {
            keys.key(org, id, version, |org, v| self.data_key(tx, org, v))
        };
        rows::open_chunk(&mut key, &reading, chunk, visit)
    }

    /// A whole alert from a row of clear columns followed by its key version and sealed part;
    /// its transactions and review read here.
    fn whole_alert(
        &self,
        tx: &mut Transaction<'_>,
        keys: &mut DataKeys,
        row: &Row,
        reader_org: &str,
    ) -> Result<(StoredAlert, String)> {
        let alert = alert_row(row)?;
        let sealed: Vec<u8> = row.try_get(13)?;
        let body = keys.open(
            ALERT,
            &alert.org,
            &alert.id,
            row.try_get(12)?,
            &sealed,
            |org, v| self.data_key(tx, org, v),
        )?;
        let by_alert = [(":alert", Value::from(alert.pk))];
        let transactions = query(tx, money::ALERT_TRANSACTION_IDS, &by_alert)?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<Vec<String>, _>>()?;
        let mut reviews = Vec::new();
        for r in query(tx, money::ALERT_REVIEWS, &by_alert)? {
            let review = ReviewRow {
                id: r.try_get(0)?,
                from: r.try_get(1)?,
                to: r.try_get(2)?,
                by: r.try_get(3)?,
                at: r.try_get(4)?,
                version: r.try_get(5)?,
                sealed: r.try_get(6)?,
            };
            reviews.push(review.open(keys, &alert.org, |org, v| self.data_key(tx, org, v))?);
        }
        Ok(alert.whole(reader_org, body, transactions, reviews))
    }
}

/// Stores a batch in one statement: the rows' values go as one array per column, unnested in
/// their order, so a batch costs one round trip instead of one per row. A row whose keyed id is
/// stored already (before, or earlier in the batch) is skipped by the conflict clause and counted
/// as a duplicate.
fn insert_batch(
    tx: &mut Transaction<'_>,
    org: &str,
    import_id: &str,
    batch: &PreparedTransactions,
) -> Result<BatchOutcome> {
    let rows = &batch.rows;
    let ids: Vec<&str> = rows.iter().map(|t| t.id.as_str()).collect();
    let source_rows: Vec<i64> = rows
        .iter()
        .map(|t| t.source_row.min(i64::MAX as u64) as i64)
        .collect();
    let at: Vec<i64> = rows.iter().map(|t| t.at).collect();
    let offsets: Vec<i64> = rows.iter().map(|t| i64::from(t.utc_offset)).collect();
    let sealed: Vec<&[u8]> = rows.iter().map(|t| t.sealed.as_slice()).collect();
    let index = |pick: fn(&PreparedTransaction) -> &Option<Vec<u8>>| -> Vec<Option<&[u8]>> {
        rows.iter().map(|t| pick(t).as_deref()).collect()
    };
    let debtors = index(|t| &t.debtor_index);
    let creditors = index(|t| &t.creditor_index);
    let contacts = index(|t| &t.contact_index);
    // The identity keys are drawn in the order the rows come out of the ordered unnesting, which
    // keeps rows of the same second in the file's order, as they are read back.
    let sql = format!(
        "INSERT INTO transactions ({})
         SELECT r.id, $2::text, $3::text, r.source_row, r.at, r.utc_offset, $4::bigint, r.sealed,
             r.debtor_index, r.creditor_index, r.contact_index
         FROM UNNEST($1::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bytea[],
                     $9::bytea[], $10::bytea[], $11::bytea[])
             WITH ORDINALITY AS r(id, source_row, at, utc_offset, sealed, debtor_index,
                                  creditor_index, contact_index, n)
         ORDER BY r.n
         ON CONFLICT (org_id, id) DO NOTHING",
        money::STORED_TRANSACTION_COLUMNS
    );
    let inserted = tx.execute(
        &sql,
        &[
            &ids,
            &org,
            &import_id,
            &i64::from(batch.key_version),
            &source_rows,
            &at,
            &offsets,
            &sealed,
            &debtors,
            &creditors,
            &contacts,
        ],
    )?;
    Ok(BatchOutcome {
        inserted,
        duplicates: (rows.len() as u64).saturating_sub(inserted),
    })
}

impl TransactionBackend for PgBackend {
    fn transaction_counts(&self, actor: &Actor) -> Result<TransactionCounts> {
        let org = [(":org", Value::from(actor.organisation().id.as_str()))];
        self.conns.read(|tx| {
            let mut n = |sql: &str| -> Result<u64> {
                let named = Named::new(sql, &org)?;
                count(&tx.query_one(&named.sql, &named.params())?, 0)
            };
            Ok(TransactionCounts {
                transactions: n(money::COUNT_TRANSACTIONS)?,
                alerts: n(money::COUNT_ALERTS)?,
            })
        })
    }

    fn transaction_stamp(&self) -> Result<TransactionStamp> {
        self.conns.read(|tx| {
            let row = tx.query_one(money::STAMP, &[])?;
            Ok(TransactionStamp::new(row.try_get(0)?, row.try_get(1)?))
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
            super::imports::begin(
                tx,
                org,
                source_file,
                format,
                RecordKind::Transaction,
                new_id,
                audit,
            )
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
            .read(|tx| self.ring.org_keys(&Rows::new(tx), &self.keys, org))?;
        rows::prepare(org, &keys, transactions)
    }

    fn insert_transactions(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        transactions: PreparedTransactions,
        audit: AuditDraft,
    ) -> Result<BatchOutcome> {
        let org = &actor.organisation().id;
        rows::check_batch_owner(&transactions, org)?;
        self.write_audited(audit, |tx, audit| {
            let outcome = insert_batch(tx, org, &import.id, &transactions)?;
            super::imports::count_batch(tx, org, import, &outcome, audit)?;
            Ok(outcome)
        })
    }

    fn for_each_transaction(
        &self,
        actor: &Actor,
        selection: TransactionSelection,
        window: &TransactionWindow,
        visit: &mut dyn FnMut(StoredTransaction, &str) -> Result<()>,
    ) -> Result<u64> {
        let org = &actor.organisation().id;
        let [since, after] = window.params();
        let (sql, bound) = match selection {
            TransactionSelection::Own => (
                money::own_transactions(),
                vec![(":org", Value::from(org.as_str())), since, after],
            ),
            TransactionSelection::Visible => (
                money::visible_transactions(),
                Access::of(actor).pg_params(
                    RecordKind::Transaction,
                    Some(Level::Full),
                    vec![since, after],
                ),
            ),
        };
        let named = Named::new(&sql, &bound)?;
        self.conns.read(|tx| {
            // Read through a portal (`scan`) rather than a row iterator: the owners' names and
            // keys a chunk needs are read in the same transaction on the way.
            let mut owners = Owners::default();
            let mut keys = DataKeys::default();
            let mut chunk = Vec::with_capacity(OPEN_CHUNK);
            let mut n = 0;
            scan::for_each_row(tx, &named.sql, &named.params(), |tx, row| {
                chunk.push(sealed_row(row, tx, &mut owners)?);
                if chunk.len() == OPEN_CHUNK {
                    let full = std::mem::take(&mut chunk);
                    n += self.open_chunk(tx, &mut keys, &owners, org, full, visit)?;
                }
                Ok(())
            })?;
            n += self.open_chunk(tx, &mut keys, &owners, org, chunk, visit)?;
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
        self.conns.read(|tx| {
            let mut owners = Owners::default();
            let mut keys = DataKeys::default();
            let mut found = Vec::new();
            for chunk in ids.chunks(money::IDS_PER_QUERY) {
                let names: Vec<String> = (0..chunk.len()).map(|i| format!(":id{i}")).collect();
                let sql = money::transactions_by_id(&names);
                let mut listed: Vec<(&str, Value)> = names
                    .iter()
                    .zip(chunk)
                    .map(|(n, id)| (n.as_str(), Value::from(id.as_str())))
                    .collect();
                listed.extend(access.pg_params(
                    RecordKind::Transaction,
                    Some(Level::Full),
                    Vec::new(),
                ));
                for row in query(tx, &sql, &listed)? {
                    let pk: i64 = row.try_get(8)?;
                    let sealed = sealed_row(&row, tx, &mut owners)?;
                    let owner_id = owners.id(sealed.owner).to_string();
                    let key = keys.key(&owner_id, &sealed.id, sealed.version, |org, v| {
                        self.data_key(tx, org, v)
                    })?;
                    let reading = Reading {
                        reader_org: org,
                        owners: &owners,
                    };
                    let (t, _) = rows::open_row(sealed, &key, &reading)?;
                    found.push((pk, t, owner_id));
                }
            }
            Ok(rows::in_time_order(found))
        })
    }

    fn find_transactions(
        &self,
        actor: &Actor,
        identifier: Identifier,
        value: &str,
    ) -> Result<Vec<(String, String)>> {
        let org = &actor.organisation().id;
        let Some(sql) = money::found_by_index(identifier) else {
            return Ok(Vec::new());
        };
        let access = Access::of(actor);
        self.conns.read(|tx| {
            // Each owner keeps its blind indexes under its own key: the value is indexed once
            // for the acting organisation and once for each organisation that may have granted
            // it transactions.
            let mut holders: Vec<String> = vec![org.clone()];
            let rule = access.pg_params(RecordKind::Transaction, None, Vec::new());
            for row in query(tx, &money::granting_transactions(), &rule)? {
                let owner: String = row.try_get(0)?;
                if owner != *org {
                    holders.push(owner);
                }
            }
            let mut found: Vec<(i64, i64, String, String)> = Vec::new();
            for owner in holders {
                let index = self
                    .ring
                    .secret(&Rows::new(tx), &self.keys, &owner, Purpose::Index)?;
                let wanted = blind_index(&index, identifier.as_str(), value);
                let bound = access.pg_params(
                    RecordKind::Transaction,
                    Some(Level::Full),
                    vec![
                        (":owner", Value::from(owner)),
                        (":wanted", Value::from(wanted)),
                    ],
                );
                for r in query(tx, &sql, &bound)? {
                    found.push((r.try_get(2)?, r.try_get(3)?, r.try_get(0)?, r.try_get(1)?));
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
            let keys = self.ring.org_keys(&Rows::new(tx), &self.keys, org)?;
            let mut kept = KeptAlerts::default();
            let mut insert = Reused::new(money::INSERT_ALERT);
            let mut link = Reused::new(money::LINK_TRANSACTION);
            let now = now_rfc3339();
            for (alert, id) in alerts.iter().zip(ids) {
                let sealed = rows::seal_alert::<Value>(alert, &id, org, &keys, &now)?;
                let (statement, named) = insert.bind(tx, &sealed.values)?;
                let Some(row) = tx.query_opt(&statement, &named.params())? else {
                    let before = first_row(
                        tx,
                        money::KEPT_ALERT,
                        &[
                            (":org", Value::from(org.as_str())),
                            (":alert_key", Value::from(sealed.key)),
                        ],
                    )?
                    .ok_or(StoreError::NotFound)?
                    .try_get(0)?;
                    kept.duplicates += 1;
                    kept.ids.push(before);
                    continue;
                };
                let pk: i64 = row.try_get(0)?;
                for t in rows::listed(alert) {
                    let (statement, named) = link.bind(
                        tx,
                        &[
                            (":alert", Value::from(pk)),
                            (":id", Value::from(t)),
                            (":org", Value::from(org.as_str())),
                        ],
                    )?;
                    rows::check_linked(tx.execute(&statement, &named.params())?)?;
                }
                audit.records.push((org.clone(), id.clone()));
                kept.inserted += 1;
                kept.ids.push(id);
            }
            rows::note_kept(audit, &kept);
            Ok(kept)
        })
    }

    fn alerts(&self, actor: &Actor, since: Option<i64>) -> Result<Vec<(StoredAlert, String)>> {
        let org = &actor.organisation().id;
        let bound = Access::of(actor).pg_params(
            RecordKind::Alert,
            Some(Level::Full),
            vec![(":since", Value::from(since.unwrap_or(i64::MIN)))],
        );
        self.conns.read(|tx| {
            let mut keys = DataKeys::default();
            query(tx, &money::alerts_since(), &bound)?
                .iter()
                .map(|row| self.whole_alert(tx, &mut keys, row, org))
                .collect()
        })
    }

    fn alert(&self, actor: &Actor, id: &str) -> Result<Option<(StoredAlert, String)>> {
        let org = &actor.organisation().id;
        let bound = Access::of(actor).pg_params(
            RecordKind::Alert,
            Some(Level::Full),
            vec![(":id", Value::from(id))],
        );
        self.conns.read(|tx| {
            let mut keys = DataKeys::default();
            first_row(tx, &money::alert_by_id(), &bound)?
                .map(|row| self.whole_alert(tx, &mut keys, &row, org))
                .transpose()
        })
    }

    fn alert_page(&self, actor: &Actor, query: &AlertQuery) -> Result<(AlertPage, Vec<String>)> {
        let org = &actor.organisation().id;
        let (conditions, more) = money::alert_conditions::<Value>(query);
        let sql = money::alert_page(&conditions);
        let access = Access::of(actor);
        let counted = access.pg_params(RecordKind::Alert, Some(Level::Full), more.clone());
        let mut paged_more = more;
        paged_more.extend(money::page_bounds(query));
        let paged = access.pg_params(RecordKind::Alert, Some(Level::Full), paged_more);
        let plain = access.pg_params(RecordKind::Alert, Some(Level::Full), Vec::new());
        self.conns.read(|tx| {
            let total = match first_row(tx, &sql.total, &counted)? {
                Some(row) => count(&row, 0)?,
                None => 0,
            };
            let mut alerts = Vec::new();
            let mut owners = Vec::new();
            for row in self::query(tx, &sql.page, &paged)? {
                let listed = count(&row, 12)?;
                let alert = alert_row(&row)?;
                alerts.push(alert.summary(org, listed));
                owners.push(alert.org);
            }
            let typologies = self::query(tx, &sql.typologies, &plain)?
                .iter()
                .map(|r| Ok((r.try_get::<_, String>(0)?, count(r, 1)?)))
                .collect::<Result<_>>()?;
            Ok((
                AlertPage {
                    total,
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
        let bound = Access::of(actor).pg_params(
            RecordKind::Alert,
            Some(Level::Full),
            vec![(":id", Value::from(id))],
        );
        self.conns.read(|tx| {
            let Some(found) = first_row(tx, &money::visible_alert(), &bound)? else {
                return Ok(None);
            };
            let pk: i64 = found.try_get(0)?;
            let owner: String = found.try_get(1)?;
            let listed_rows = query(
                tx,
                &money::listed_transactions(),
                &[
                    (":alert", Value::from(pk)),
                    (":owner", Value::from(owner.as_str())),
                ],
            )?;
            let mut owners = Owners::default();
            let mut keys = DataKeys::default();
            let mut listed = Vec::new();
            for row in &listed_rows {
                let sealed = sealed_row(row, tx, &mut owners)?;
                let key = keys.key(&owner, &sealed.id, sealed.version, |org, v| {
                    self.data_key(tx, org, v)
                })?;
                let reading = Reading {
                    reader_org: org,
                    owners: &owners,
                };
                listed.push(rows::open_row(sealed, &key, &reading)?.0);
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
        let bound = Access::of(actor).pg_params(
            RecordKind::Alert,
            Some(Level::Full),
            vec![(":id", Value::from(id))],
        );
        self.write_audited(audit, |tx, audit| {
            let Some(found) = first_row(tx, &money::alert_to_review(), &bound)? else {
                return Err(StoreError::NotFound);
            };
            let pk: i64 = found.try_get(0)?;
            let owner: String = found.try_get(1)?;
            let status: String = found.try_get(2)?;
            let from = rows::check_move(&owner, org, &status, to, note)?;
            let keys = self.ring.org_keys(&Rows::new(tx), &self.keys, org)?;
            let sealed = rows::seal_review::<Value>(
                &review_id,
                org,
                pk,
                from,
                to,
                actor,
                note,
                &keys,
                &now_rfc3339(),
            )?;
            execute(tx, money::INSERT_REVIEW, &sealed.values)?;
            let moved = execute(
                tx,
                money::MOVE_ALERT,
                &[
                    (":to_status", Value::from(to.as_str())),
                    (":alert", Value::from(pk)),
                    (":from_status", Value::from(from.as_str())),
                ],
            )?;
            rows::check_moved(moved)?;
            rows::note_review(audit, org, id, &sealed.review);
            Ok(sealed.review)
        })
    }
}
