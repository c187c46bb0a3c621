//! Transactions and alerts in SQLite: the SQL of `crate::sql::money` run on SQLite's
//! connections, and its rows read into `crate::transaction_rows`, which seals, opens and
//! assembles them.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

use super::access::Access;
use super::{count, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::cases::{BatchOutcome, ImportHandle};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::api::transactions::{
    AlertPage, AlertQuery, AlertReview, AlertStatus, Identifier, KeptAlerts, NewAlert,
    NewTransaction, PreparedTransactions, StoredAlert, StoredTransaction, TransactionBackend,
    TransactionCounts, TransactionSelection, TransactionStamp, TransactionWindow,
};
use crate::sealing::blind_index;
use crate::sql::money;
use crate::time::now_rfc3339;
use crate::transaction_rows::{
    self as rows, AlertRow, DataKeys, Owners, Reading, ReviewRow, SealedRow, ALERT, OPEN_CHUNK,
};
use crate::{Result, StoreError};

/// Named values as rusqlite binds them.
fn named<'a>(values: &'a [(&'static str, Value)]) -> Vec<(&'a str, &'a dyn ToSql)> {
    values.iter().map(|(k, v)| (*k, v as &dyn ToSql)).collect()
}

/// An organisation's name, for [`Owners`].
fn org_name(conn: &Connection, org: &str) -> Result<String> {
    Ok(
        conn.query_row("SELECT name FROM organisations WHERE id = ?1", [org], |r| {
            r.get(0)
        })?,
    )
}

/// Reads a row of [`money::TRANSACTION_COLUMNS`].
fn sealed_row(row: &Row<'_>, conn: &Connection, owners: &mut Owners) -> Result<SealedRow> {
    let org = row.get_ref(1)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let owner = owners.index(org, |org| org_name(conn, org))?;
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

/// Reads the clear columns of an alert.
fn alert_row(row: &Row<'_>) -> Result<AlertRow> {
    Ok(AlertRow {
        pk: row.get(0)?,
        id: row.get(1)?,
        org: row.get(2)?,
        owner: row.get(3)?,
        catalogue_version: row.get(4)?,
        typology: row.get(5)?,
        subject_kind: row.get(6)?,
        score: row.get(7)?,
        band: row.get(8)?,
        raised_at: row.get(9)?,
        created_at: row.get(10)?,
        status: row.get(11)?,
    })
}

impl SqliteBackend {
    /// A whole alert from a row of clear columns followed by its key version and sealed part;
    /// its transactions and review read here.
    fn whole_alert(
        &self,
        conn: &Connection,
        keys: &mut DataKeys,
        row: &Row<'_>,
        reader_org: &str,
    ) -> Result<(StoredAlert, String)> {
        let alert = alert_row(row)?;
        let unwrap = |org: &str, v| self.ring.data(conn, &self.keys, org, v);
        let sealed: Vec<u8> = row.get(13)?;
        let body = keys.open(ALERT, &alert.org, &alert.id, row.get(12)?, &sealed, unwrap)?;
        let transactions: Vec<String> = conn
            .prepare_cached(money::ALERT_TRANSACTION_IDS)?
            .query_map(&[(":alert", &alert.pk as &dyn ToSql)][..], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut reviews = Vec::new();
        let mut stmt = conn.prepare_cached(money::ALERT_REVIEWS)?;
        let mut found = stmt.query(&[(":alert", &alert.pk as &dyn ToSql)][..])?;
        while let Some(r) = found.next()? {
            let review = ReviewRow {
                id: r.get(0)?,
                from: r.get(1)?,
                to: r.get(2)?,
                by: r.get(3)?,
                at: r.get(4)?,
                version: r.get(5)?,
                sealed: r.get(6)?,
            };
            reviews.push(review.open(keys, &alert.org, unwrap)?);
        }
        Ok(alert.whole(reader_org, body, transactions, reviews))
    }
}

impl TransactionBackend for SqliteBackend {
    fn transaction_counts(&self, actor: &Actor) -> Result<TransactionCounts> {
        let org = &actor.organisation().id;
        self.conns.read(|conn| {
            let n = |sql: &str| -> Result<u64> {
                Ok(count(conn.query_row(
                    sql,
                    &[(":org", org as &dyn ToSql)][..],
                    |r| r.get(0),
                )?))
            };
            Ok(TransactionCounts {
                transactions: n(money::COUNT_TRANSACTIONS)?,
                alerts: n(money::COUNT_ALERTS)?,
            })
        })
    }

    fn transaction_stamp(&self) -> Result<TransactionStamp> {
        self.conns.read(|conn| {
            let (t, a) = conn.query_row(money::STAMP, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
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
            .read(|conn| self.ring.org_keys(conn, &self.keys, org))?;
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
            let mut outcome = BatchOutcome::default();
            {
                // `RETURNING` would buffer a result per row; SQLite's count of changed rows
                // costs nothing on this hot path.
                let mut insert = tx.prepare_cached(&money::insert_transaction())?;
                for t in &transactions.rows {
                    let values: [(&str, Value); 11] =
                        rows::transaction_values(t, org, &import.id, transactions.key_version);
                    if insert.execute(named(&values).as_slice())? == 0 {
                        outcome.duplicates += 1;
                    } else {
                        outcome.inserted += 1;
                    }
                }
            }
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
                vec![(":org", Value::from(org.clone())), since, after],
            ),
            TransactionSelection::Visible => (
                money::visible_transactions(),
                Access::of(actor)
                    .params(RecordKind::Transaction, Some(Level::Full), &[since, after])
                    .into_values(),
            ),
        };
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut found = stmt.query(named(&bound).as_slice())?;
            let mut owners = Owners::default();
            let mut keys = DataKeys::default();
            let mut key = |org: &str, id: &str, version| {
                keys.key(org, id, version, |org, v| {
                    self.ring.data(conn, &self.keys, org, v)
                })
            };
            let mut chunk = Vec::with_capacity(OPEN_CHUNK);
            let mut n = 0;
            while let Some(row) = found.next()? {
                chunk.push(sealed_row(row, conn, &mut owners)?);
                if chunk.len() == OPEN_CHUNK {
                    let reading = Reading {
                        reader_org: org,
                        owners: &owners,
                    };
                    n += rows::open_chunk(&mut key, &reading, std::mem::take(&mut chunk), visit)?;
                }
            }
            let reading = Reading {
                reader_org: org,
                owners: &owners,
            };
            n += rows::open_chunk(&mut key, &reading, chunk, visit)?;
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
            let mut keys = DataKeys::default();
            let mut found = Vec::new();
            for chunk in ids.chunks(money::IDS_PER_QUERY) {
                let names: Vec<String> = (0..chunk.len()).map(|i| format!(":id{i}")).collect();
                let values = access
                    .params(RecordKind::Transaction, Some(Level::Full), &[])
                    .into_values();
                let listed: Vec<(&str, Value)> = names
                    .iter()
                    .zip(chunk)
                    .map(|(n, id)| (n.as_str(), Value::from(id.clone())))
                    .collect();
                let mut stmt = conn.prepare(&money::transactions_by_id(&names))?;
                let params: Vec<(&str, &dyn ToSql)> = named(&values)
                    .into_iter()
                    .chain(listed.iter().map(|(k, v)| (*k, v as &dyn ToSql)))
                    .collect();
                let mut rows_found = stmt.query(params.as_slice())?;
                while let Some(row) = rows_found.next()? {
                    let pk: i64 = row.get(8)?;
                    let sealed = sealed_row(row, conn, &mut owners)?;
                    let owner_id = owners.id(sealed.owner).to_string();
                    let key = keys.key(&owner_id, &sealed.id, sealed.version, |org, v| {
                        self.ring.data(conn, &self.keys, org, v)
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
        self.conns.read(|conn| {
            // Each owner keeps its blind indexes under its own key: the value is indexed once
            // for the acting organisation and once for each organisation that may have granted
            // it transactions.
            let mut holders: Vec<String> = vec![org.clone()];
            {
                let mut stmt = conn.prepare(&money::granting_transactions())?;
                let found = stmt.query_map(
                    rusqlite::named_params! {
                        ":now": access.now, ":org": access.org, ":kind": access.kind
                    },
                    |r| r.get(0),
                )?;
                for owner in found {
                    let owner: String = owner?;
                    if owner != *org {
                        holders.push(owner);
                    }
                }
            }
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
                let matched = stmt.query_map(bound.as_params().as_slice(), |r| {
                    Ok((r.get(2)?, r.get(3)?, r.get(0)?, r.get(1)?))
                })?;
                for row in matched {
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
            let mut kept = KeptAlerts::default();
            let mut insert = tx.prepare_cached(money::INSERT_ALERT)?;
            let mut existing = tx.prepare_cached(money::KEPT_ALERT)?;
            let mut link = tx.prepare_cached(money::LINK_TRANSACTION)?;
            let now = now_rfc3339();
            for (alert, id) in alerts.iter().zip(ids) {
                let sealed = rows::seal_alert::<Value>(alert, &id, org, &keys, &now)?;
                let pk: Option<i64> = insert
                    .query_row(named(&sealed.values).as_slice(), |r| r.get(0))
                    .optional()?;
                let Some(pk) = pk else {
                    let before: String = existing.query_row(
                        &[(":org", org as &dyn ToSql), (":alert_key", &sealed.key)][..],
                        |r| r.get(0),
                    )?;
                    kept.duplicates += 1;
                    kept.ids.push(before);
                    continue;
                };
                for t in rows::listed(alert) {
                    let changed = link.execute(
                        &[(":alert", &pk as &dyn ToSql), (":id", &t), (":org", org)][..],
                    )?;
                    rows::check_linked(changed as u64)?;
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
        let sql = money::alerts_since();
        let bound = Access::of(actor).params(
            RecordKind::Alert,
            Some(Level::Full),
            &[(":since", Value::from(since.unwrap_or(i64::MIN)))],
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut found = stmt.query(bound.as_params().as_slice())?;
            let mut keys = DataKeys::default();
            let mut alerts = Vec::new();
            while let Some(row) = found.next()? {
                alerts.push(self.whole_alert(conn, &mut keys, row, org)?);
            }
            Ok(alerts)
        })
    }

    fn alert(&self, actor: &Actor, id: &str) -> Result<Option<(StoredAlert, String)>> {
        let org = &actor.organisation().id;
        let sql = money::alert_by_id();
        let bound = Access::of(actor).params(
            RecordKind::Alert,
            Some(Level::Full),
            &[(":id", Value::from(id.to_string()))],
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut found = stmt.query(bound.as_params().as_slice())?;
            let mut keys = DataKeys::default();
            match found.next()? {
                Some(row) => Ok(Some(self.whole_alert(conn, &mut keys, row, org)?)),
                None => Ok(None),
            }
        })
    }

    fn alert_page(&self, actor: &Actor, query: &AlertQuery) -> Result<(AlertPage, Vec<String>)> {
        let org = &actor.organisation().id;
        let (conditions, mut more) = money::alert_conditions::<Value>(query);
        let sql = money::alert_page(&conditions);
        let access = Access::of(actor);
        let counted = access.params(RecordKind::Alert, Some(Level::Full), &more);
        more.extend(money::page_bounds(query));
        let paged = access.params(RecordKind::Alert, Some(Level::Full), &more);
        let plain = access.params(RecordKind::Alert, Some(Level::Full), &[]);
        self.conns.read(|conn| {
            let total: i64 = conn
                .prepare_cached(&sql.total)?
                .query_row(counted.as_params().as_slice(), |r| r.get(0))?;
            let mut alerts = Vec::new();
            let mut owners = Vec::new();
            {
                let mut stmt = conn.prepare_cached(&sql.page)?;
                let mut found = stmt.query(paged.as_params().as_slice())?;
                while let Some(row) = found.next()? {
                    let listed: i64 = row.get(12)?;
                    let alert = alert_row(row)?;
                    alerts.push(alert.summary(org, count(listed)));
                    owners.push(alert.org);
                }
            }
            let typologies = conn
                .prepare_cached(&sql.typologies)?
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
        let alert_sql = money::visible_alert();
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
            let mut stmt = conn.prepare_cached(&money::listed_transactions())?;
            let mut found = stmt.query(&[(":alert", &pk as &dyn ToSql), (":owner", &owner)][..])?;
            let mut owners = Owners::default();
            let mut keys = DataKeys::default();
            let mut listed = Vec::new();
            while let Some(row) = found.next()? {
                let sealed = sealed_row(row, conn, &mut owners)?;
                let key = keys.key(&owner, &sealed.id, sealed.version, |org, v| {
                    self.ring.data(conn, &self.keys, org, v)
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
        let seen_sql = money::alert_to_review();
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
            let from = rows::check_move(&owner, org, &status, to, note)?;
            let keys = self.ring.org_keys(tx, &self.keys, org)?;
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
            tx.execute(money::INSERT_REVIEW, named(&sealed.values).as_slice())?;
            let moved = tx.execute(
                money::MOVE_ALERT,
                &[
                    (":to_status", &to.as_str() as &dyn ToSql),
                    (":alert", &pk),
                    (":from_status", &from.as_str()),
                ][..],
            )?;
            rows::check_moved(moved as u64)?;
            rows::note_review(audit, org, id, &sealed.review);
            Ok(sealed.review)
        })
    }
}
