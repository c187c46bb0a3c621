//! Stored watchlists in SQLite.

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use super::{count, SqliteBackend};
use crate::api::orgs::Organisation;
use crate::api::watchlists::{
    FillList, NewWatchlist, StoredWatchlist, WatchlistBackend, WatchlistEntry, WatchlistInfo,
};
use crate::api::Sharing;
use crate::sql::visibility::{owner_only, visible};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

fn list_columns() -> String {
    format!(
        "w.id, w.name, o.name, w.org_id = :org, {}, w.format, w.imported_at, w.rows, w.entries, \
         w.rejected, w.sharing",
        owner_only("w", "w.source_file")
    )
}

const LIST_TABLES: &str = "watchlists w JOIN organisations o ON o.id = w.org_id";

fn list_info(r: &Row<'_>) -> rusqlite::Result<WatchlistInfo> {
    let sharing: String = r.get(10)?;
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
        sharing: Sharing::from_stored(&sharing),
    })
}

/// The organisation's own list of that name.
fn own_list(tx: &Transaction<'_>, org: &Organisation, name: &str) -> Result<Option<WatchlistInfo>> {
    Ok(tx
        .query_row(
            &format!(
                "SELECT {} FROM {LIST_TABLES} WHERE w.org_id = :org AND w.name = :name",
                list_columns()
            ),
            named_params! {":org": org.id, ":name": name},
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
        org: &Organisation,
        list: &NewWatchlist<'_>,
        fill: &mut FillList<'_>,
    ) -> Result<StoredWatchlist> {
        let list_id = self.id()?;
        let imported_at = now_rfc3339();
        self.conns.write(|conn| {
            let tx = conn.transaction()?;
            let replaced = own_list(&tx, org, list.name)?;
            // The entries go with their list (ON DELETE CASCADE).
            tx.execute(
                "DELETE FROM watchlists WHERE org_id = ?1 AND name = ?2",
                params![org.id, list.name],
            )?;
            let list_pk: i64 = tx.query_row(
                "INSERT INTO watchlists (id, org_id, name, source_file, format, imported_at, rows,
                     entries, rejected)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0)
                 RETURNING pk",
                params![
                    list_id,
                    org.id,
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
                        org.id,
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
            let list_info = own_list(&tx, org, list.name)?.ok_or(StoreError::NotFound)?;
            // Dropping the transaction without commit (any `?` above) keeps the old snapshot.
            tx.commit()?;
            Ok(StoredWatchlist {
                list: list_info,
                replaced,
            })
        })
    }

    fn watchlists(&self, org: &Organisation) -> Result<Vec<WatchlistInfo>> {
        let sql = format!(
            "SELECT {} FROM {LIST_TABLES} WHERE {} ORDER BY w.name, w.org_id <> :org, o.name",
            list_columns(),
            visible("w")
        );
        self.conns.read(|conn| {
            let mut statement = conn.prepare(&sql)?;
            let rows = statement.query_map(named_params! {":org": org.id}, list_info)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn watchlist(
        &self,
        org: &Organisation,
        owner: &str,
        name: &str,
    ) -> Result<Option<WatchlistInfo>> {
        let sql = format!(
            "SELECT {} FROM {LIST_TABLES} WHERE o.name = :owner AND w.name = :name AND {}",
            list_columns(),
            visible("w")
        );
        self.conns.read(|conn| {
            Ok(conn
                .query_row(
                    &sql,
                    named_params! {":org": org.id, ":owner": owner, ":name": name},
                    list_info,
                )
                .optional()?)
        })
    }

    fn for_each_watchlist_entry(
        &self,
        org: &Organisation,
        list_id: &str,
        visit: &mut dyn FnMut(WatchlistEntry) -> Result<()>,
    ) -> Result<u64> {
        let sql = format!(
            "SELECT e.id, e.source_id, e.source_row, e.names, e.birth_dates, e.gender,
                    e.nationalities, e.documents, e.topics
             FROM watchlist_entries e JOIN watchlists w ON w.pk = e.list_pk
             WHERE w.id = :list AND {}
             ORDER BY e.pk",
            visible("w")
        );
        self.conns.read(|conn| {
            let mut statement = conn.prepare(&sql)?;
            let mut rows = statement.query(named_params! {":org": org.id, ":list": list_id})?;
            let mut n = 0;
            while let Some(row) = rows.next()? {
                visit(entry_from(row)?)?;
                n += 1;
            }
            Ok(n)
        })
    }

    fn remove_watchlist(&self, org: &Organisation, name: &str) -> Result<WatchlistInfo> {
        self.conns.write(|conn| {
            let tx = conn.transaction()?;
            let info = own_list(&tx, org, name)?.ok_or(StoreError::NotFound)?;
            tx.execute(
                "DELETE FROM watchlists WHERE org_id = ?1 AND name = ?2",
                params![org.id, name],
            )?;
            tx.commit()?;
            Ok(info)
        })
    }

    fn set_watchlist_sharing(
        &self,
        org: &Organisation,
        name: &str,
        sharing: Sharing,
    ) -> Result<()> {
        self.conns.write(|conn| {
            let changed = conn.execute(
                "UPDATE watchlists SET sharing = ?1 WHERE org_id = ?2 AND name = ?3",
                params![sharing.as_str(), org.id, name],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }
}
