//! Stored watchlists in SQLite.

use rusqlite::types::Value;
use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use super::access::Access;
use super::{count, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::api::watchlists::{
    FillList, NewWatchlist, StoredWatchlist, WatchlistBackend, WatchlistEntry, WatchlistInfo,
};
use crate::sql::visibility::{owner_only, visible};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

fn list_columns() -> String {
    format!(
        "w.id, w.name, o.name, w.org_id = :org, {}, w.format, w.imported_at, w.rows, w.entries, \
         w.rejected, EXISTS (SELECT 1 FROM grants g WHERE g.org_id = w.org_id \
             AND g.record_kind = 'watchlist' AND g.revoked_at IS NULL \
             AND (g.expires_at IS NULL OR g.expires_at > :now) \
             AND (g.target = 'all' OR (g.target = 'record' AND g.record_pk = w.pk)))",
        owner_only("w", "w.source_file")
    )
}

const LIST_TABLES: &str = "watchlists w JOIN organisations o ON o.id = w.org_id";

fn list_info(r: &Row<'_>) -> rusqlite::Result<WatchlistInfo> {
    Ok(WatchlistInfo {
        id: r.get(0)?,
        name: r.get(1)?,
        organisation: r.get(2)?,
        own: r.get(3)?,
        source_file: r.get(4)?,
        format: r.get(5)?,
        imported_at: r.get(6)?,
        rows: count(r.get(7)?),
        entries: count(r.get(8)?),
        rejected: count(r.get(9)?),
        shared: r.get(10)?,
    })
}

/// The organisation's own list of that name.
fn own_list(tx: &Transaction<'_>, actor: &Actor, name: &str) -> Result<Option<WatchlistInfo>> {
    Ok(tx
        .query_row(
            &format!(
                "SELECT {} FROM {LIST_TABLES} WHERE w.org_id = :org AND w.name = :name",
                list_columns()
            ),
            named_params! {
                ":org": actor.organisation().id, ":name": name, ":now": crate::time::now_rfc3339()
            },
            list_info,
        )
        .optional()?)
}

fn json_list(values: &[String]) -> String {
    // Serialising a list of strings cannot fail; an empty array is the honest fallback.
    serde_json::to_string(values).unwrap_or_else(|_| "[]".to_string())
}

fn entry_from(r: &Row<'_>) -> Result<WatchlistEntry> {
    let id: String = r.get(0)?;
    let list = |i: usize| -> Result<Vec<String>> {
        let text: String = r.get(i)?;
        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
            id: id.clone(),
            reason: e.to_string(),
        })
    };
    Ok(WatchlistEntry {
        source_id: r.get(1)?,
        source_row: count(r.get(2)?),
        names: list(3)?,
        birth_dates: list(4)?,
        gender: r.get(5)?,
        nationalities: list(6)?,
        documents: list(7)?,
        topics: list(8)?,
    })
}

impl WatchlistBackend for SqliteBackend {
    fn replace_watchlist(
        &self,
        actor: &Actor,
        list: &NewWatchlist<'_>,
        fill: &mut FillList<'_>,
        audit: AuditDraft,
    ) -> Result<StoredWatchlist> {
        let list_id = self.id()?;
        let imported_at = now_rfc3339();
        self.write_audited(audit, |tx, audit| {
            let replaced = own_list(tx, actor, list.name)?;
            let replaced_pk: Option<i64> = tx
                .query_row(
                    "SELECT pk FROM watchlists WHERE org_id = ?1 AND name = ?2",
                    params![actor.organisation().id, list.name],
                    |r| r.get(0),
                )
                .optional()?;
            // The entries go with their list (ON DELETE CASCADE).
            tx.execute(
                "DELETE FROM watchlists WHERE org_id = ?1 AND name = ?2",
                params![actor.organisation().id, list.name],
            )?;
            let list_pk: i64 = tx.query_row(
                "INSERT INTO watchlists (id, org_id, name, source_file, format, imported_at, rows,
                     entries, rejected)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0)
                 RETURNING pk",
                params![
                    list_id,
                    actor.organisation().id,
                    list.name,
                    list.source_file,
                    list.format,
                    imported_at
                ],
                |r| r.get(0),
            )?;
            let mut stored = 0u64;
            let counts = {
                let mut insert = tx.prepare(
                    "INSERT INTO watchlist_entries (id, org_id, list_pk, source_id, source_row,
                         names, birth_dates, gender, nationalities, documents, topics)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?;
                fill(&mut |entry: WatchlistEntry| {
                    insert.execute(params![
                        self.id()?,
                        actor.organisation().id,
                        list_pk,
                        entry.source_id,
                        entry.source_row as i64,
                        json_list(&entry.names),
                        json_list(&entry.birth_dates),
                        entry.gender,
                        json_list(&entry.nationalities),
                        json_list(&entry.documents),
                        json_list(&entry.topics)
                    ])?;
                    stored += 1;
                    Ok(())
                })?
            };
            tx.execute(
                "UPDATE watchlists SET rows = ?1, entries = ?2, rejected = ?3 WHERE pk = ?4",
                params![
                    counts.rows as i64,
                    stored as i64,
                    counts.rejected as i64,
                    list_pk
                ],
            )?;
            // A list re-imported under its name stays shared as it was: its grants follow it.
            if let Some(old) = replaced_pk {
                tx.execute(
                    "UPDATE grants SET record_pk = ?1
                     WHERE record_kind = 'watchlist' AND target = 'record' AND record_pk = ?2
                     AND org_id = ?3",
                    params![list_pk, old, actor.organisation().id],
                )?;
            }
            let list_info = own_list(tx, actor, list.name)?.ok_or(StoreError::NotFound)?;
            audit
                .records
                .push((actor.organisation().id.clone(), list_info.id.clone()));
            audit.count = Some(stored);
            // Dropping the transaction without commit (any `?` above) keeps the old snapshot.
            Ok(StoredWatchlist {
                list: list_info,
                replaced,
            })
        })
    }

    fn watchlists(&self, actor: &Actor) -> Result<Vec<WatchlistInfo>> {
        let sql = format!(
            "SELECT {} FROM {LIST_TABLES} WHERE {} ORDER BY w.name, w.org_id <> :org, o.name",
            list_columns(),
            visible(RecordKind::Watchlist, "w")
        );
        let bound = Access::of(actor).params(RecordKind::Watchlist, Some(Level::Exists), &[]);
        self.conns.read(|conn| {
            let mut statement = conn.prepare(&sql)?;
            let rows = statement.query_map(bound.as_params().as_slice(), list_info)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn watchlist(&self, actor: &Actor, owner: &str, name: &str) -> Result<Option<WatchlistInfo>> {
        let sql = format!(
            "SELECT {} FROM {LIST_TABLES} WHERE o.name = :owner AND w.name = :name AND {}",
            list_columns(),
            visible(RecordKind::Watchlist, "w")
        );
        let bound = Access::of(actor).params(
            RecordKind::Watchlist,
            Some(Level::Full),
            &[
                (":owner", Value::from(owner.to_string())),
                (":name", Value::from(name.to_string())),
            ],
        );
        self.conns.read(|conn| {
            Ok(conn
                .query_row(&sql, bound.as_params().as_slice(), list_info)
                .optional()?)
        })
    }

    fn for_each_watchlist_entry(
        &self,
        actor: &Actor,
        list_id: &str,
        visit: &mut dyn FnMut(WatchlistEntry) -> Result<()>,
    ) -> Result<u64> {
        let sql = format!(
            "SELECT e.id, e.source_id, e.source_row, e.names, e.birth_dates, e.gender,
                    e.nationalities, e.documents, e.topics
             FROM watchlist_entries e JOIN watchlists w ON w.pk = e.list_pk
             WHERE w.id = :list AND {}
             ORDER BY e.pk",
            visible(RecordKind::Watchlist, "w")
        );
        let bound = Access::of(actor).params(
            RecordKind::Watchlist,
            Some(Level::Full),
            &[(":list", Value::from(list_id.to_string()))],
        );
        self.conns.read(|conn| {
            let mut statement = conn.prepare(&sql)?;
            let mut rows = statement.query(bound.as_params().as_slice())?;
            let mut n = 0;
            while let Some(row) = rows.next()? {
                visit(entry_from(row)?)?;
                n += 1;
            }
            Ok(n)
        })
    }

    fn remove_watchlist(
        &self,
        actor: &Actor,
        name: &str,
        audit: AuditDraft,
    ) -> Result<WatchlistInfo> {
        self.write_audited(audit, |tx, audit| {
            let info = own_list(tx, actor, name)?.ok_or(StoreError::NotFound)?;
            audit
                .records
                .push((actor.organisation().id.clone(), info.id.clone()));
            // Grants on a list go with it: a later list must not inherit them.
            tx.execute(
                "UPDATE grants SET revoked_at = ?1, revoked_by = ?2
                 WHERE record_kind = 'watchlist' AND target = 'record' AND revoked_at IS NULL
                 AND record_pk = (SELECT pk FROM watchlists WHERE id = ?3)",
                params![crate::time::now_rfc3339(), actor.user_id(), info.id],
            )?;
            tx.execute(
                "DELETE FROM watchlists WHERE org_id = ?1 AND name = ?2",
                params![actor.organisation().id, name],
            )?;
            Ok(info)
        })
    }

    fn own_list_id(&self, actor: &Actor, name: &str) -> Result<Option<String>> {
        self.conns.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT id FROM watchlists WHERE org_id = ?1 AND name = ?2",
                    params![actor.organisation().id, name],
                    |r| r.get(0),
                )
                .optional()?)
        })
    }
}
