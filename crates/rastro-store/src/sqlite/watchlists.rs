//! Stored watchlists in SQLite (their SQL is shared: `crate::sql::watchlists`).

use rusqlite::types::Value;
use rusqlite::{named_params, OptionalExtension, Row, Transaction};

use super::access::Access;
use super::{count, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::api::watchlists::{
    FillList, NewWatchlist, StoredWatchlist, WatchlistBackend, WatchlistEntry, WatchlistInfo,
};
use crate::sql::watchlists as sql;
use crate::time::now_rfc3339;
use crate::watchlist_rows::{EntryRow, EntryTexts};
use crate::{Result, StoreError};

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
            &sql::own_list(),
            named_params! {
                ":org": actor.organisation().id, ":name": name, ":now": now_rfc3339()
            },
            list_info,
        )
        .optional()?)
}

fn entry_row(r: &Row<'_>) -> rusqlite::Result<EntryRow> {
    Ok(EntryRow {
        id: r.get(0)?,
        source_id: r.get(1)?,
        source_row: r.get(2)?,
        texts: EntryTexts {
            names: r.get(3)?,
            birth_dates: r.get(4)?,
            nationalities: r.get(6)?,
            documents: r.get(7)?,
            topics: r.get(8)?,
        },
        gender: r.get(5)?,
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
        let org = &actor.organisation().id;
        self.write_audited(audit, |tx, audit| {
            let replaced = own_list(tx, actor, list.name)?;
            let replaced_pk: Option<i64> = tx
                .query_row(
                    sql::OWN_LIST_PK,
                    named_params! { ":org": org, ":name": list.name },
                    |r| r.get(0),
                )
                .optional()?;
            tx.execute(
                sql::DELETE_OWN_LIST,
                named_params! { ":org": org, ":name": list.name },
            )?;
            let list_pk: i64 = tx.query_row(
                sql::INSERT_LIST,
                named_params! {
                    ":id": list_id,
                    ":org": org,
                    ":name": list.name,
                    ":source_file": list.source_file,
                    ":format": list.format,
                    ":imported_at": imported_at,
                },
                |r| r.get(0),
            )?;
            let mut stored = 0u64;
            let counts = {
                let mut insert = tx.prepare(&format!(
                    "INSERT INTO watchlist_entries ({})
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    sql::ENTRY_VALUES
                ))?;
                fill(&mut |entry: WatchlistEntry| {
                    let texts = EntryTexts::of(&entry)?;
                    insert.execute(rusqlite::params![
                        self.id()?,
                        org,
                        list_pk,
                        entry.source_id,
                        entry.source_row as i64,
                        texts.names,
                        texts.birth_dates,
                        entry.gender,
                        texts.nationalities,
                        texts.documents,
                        texts.topics
                    ])?;
                    stored += 1;
                    Ok(())
                })?
            };
            tx.execute(
                sql::SET_COUNTS,
                named_params! {
                    ":rows": counts.rows as i64,
                    ":entries": stored as i64,
                    ":rejected": counts.rejected as i64,
                    ":pk": list_pk,
                },
            )?;
            if let Some(old) = replaced_pk {
                tx.execute(
                    sql::MOVE_GRANTS,
                    named_params! { ":new": list_pk, ":old": old, ":org": org },
                )?;
            }
            let list_info = own_list(tx, actor, list.name)?.ok_or(StoreError::NotFound)?;
            audit.records.push((org.clone(), list_info.id.clone()));
            audit.count = Some(stored);
            // Dropping the transaction without commit (any `?` above) keeps the old snapshot.
            Ok(StoredWatchlist {
                list: list_info,
                replaced,
            })
        })
    }

    fn watchlists(&self, actor: &Actor) -> Result<Vec<WatchlistInfo>> {
        let sql = sql::visible_lists();
        let bound = Access::of(actor).params(RecordKind::Watchlist, Some(Level::Exists), &[]);
        self.conns.read(|conn| {
            let mut statement = conn.prepare(&sql)?;
            let rows = statement.query_map(bound.as_params().as_slice(), list_info)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn watchlist(&self, actor: &Actor, owner: &str, name: &str) -> Result<Option<WatchlistInfo>> {
        let sql = sql::list_of_owner();
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
        let sql = sql::entries();
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
                visit(entry_row(row)?.into_entry()?)?;
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
        let org = &actor.organisation().id;
        self.write_audited(audit, |tx, audit| {
            let info = own_list(tx, actor, name)?.ok_or(StoreError::NotFound)?;
            audit.records.push((org.clone(), info.id.clone()));
            tx.execute(
                sql::REVOKE_GRANTS,
                named_params! {
                    ":now": now_rfc3339(), ":user": actor.user_id(), ":list": info.id,
                },
            )?;
            tx.execute(
                sql::DELETE_OWN_LIST,
                named_params! { ":org": org, ":name": name },
            )?;
            Ok(info)
        })
    }

    fn own_list_id(&self, actor: &Actor, name: &str) -> Result<Option<String>> {
        self.conns.read(|conn| {
            Ok(conn
                .query_row(
                    sql::OWN_LIST_ID,
                    named_params! { ":org": actor.organisation().id, ":name": name },
                    |r| r.get(0),
                )
                .optional()?)
        })
    }
}
