//! Stored watchlists (migration 0003): named snapshots of a watchlist file, owned by the
//! organisation that imported them and read through its scope.
//!
//! The store keeps entries as plain text fields; turning them back into the screening engine's
//! people is the caller's job, so the store knows nothing of name analysis and the engine nothing
//! of SQL. Importing into an existing name replaces the list in one transaction: a reader sees the
//! old snapshot or the new one, never a mixture.

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use crate::sqlite::SqliteBackend;
use crate::time::now_rfc3339;
use crate::visibility::visible;
use crate::{looks_like_id, Organisation, Result, Scope, Sharing, StoreError};

/// One listed person, as text: what a watchlist reader accepted, already validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchlistEntry {
    /// The list's own id of the person (or its row number when the list has none).
    pub source_id: String,
    /// 1-based data row (CSV) or line (JSON lines) in the source file.
    pub source_row: u64,
    /// Main name first, then aliases.
    pub names: Vec<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub birth_dates: Vec<String>,
    pub gender: Option<String>,
    /// ISO 3166-1 alpha-2 codes.
    pub nationalities: Vec<String>,
    pub documents: Vec<String>,
    pub topics: Vec<String>,
}

/// What describes a list being imported.
#[derive(Debug, Clone)]
pub struct NewWatchlist<'a> {
    pub name: &'a str,
    pub source_file: &'a str,
    /// `csv` or `ftm`.
    pub format: &'a str,
}

/// What reading a list's source counted, known once it was read to its end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCounts {
    /// Rows (or lines) read, rejected ones included.
    pub rows: u64,
    pub rejected: u64,
}

/// Stores each entry handed to it; an error stops the import.
pub type EntrySink<'a> = dyn FnMut(WatchlistEntry) -> Result<()> + 'a;

/// Reads a list's source into the sink it is given and returns the source's counts. The store
/// calls it inside the transaction that replaces the list, so entries are stored as they are
/// read and the source is never held in memory whole.
pub type FillList<'a> = dyn FnMut(&mut EntrySink<'_>) -> Result<ListCounts> + 'a;

/// A stored list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchlistInfo {
    pub id: String,
    pub name: String,
    /// Name of the owning organisation.
    pub organisation: String,
    pub source_file: String,
    pub format: String,
    pub imported_at: String,
    pub rows: u64,
    pub entries: u64,
    pub rejected: u64,
    pub sharing: Sharing,
}

/// What storing a list did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWatchlist {
    pub list: WatchlistInfo,
    /// The snapshot the import replaced, when the organisation had a list of that name.
    pub replaced: Option<WatchlistInfo>,
}

/// What a backend must do for watchlists; every method takes the acting organisation.
pub trait WatchlistBackend {
    fn replace_watchlist(
        &mut self,
        org: &Organisation,
        list: &NewWatchlist<'_>,
        fill: &mut FillList<'_>,
    ) -> Result<StoredWatchlist>;
    fn watchlists(&self, org: &Organisation) -> Result<Vec<WatchlistInfo>>;
    fn watchlist(&self, org: &Organisation, name: &str) -> Result<Option<WatchlistInfo>>;
    fn for_each_watchlist_entry(
        &self,
        org: &Organisation,
        list_id: &str,
        visit: &mut dyn FnMut(WatchlistEntry) -> Result<()>,
    ) -> Result<u64>;
    fn remove_watchlist(&mut self, org: &Organisation, name: &str) -> Result<WatchlistInfo>;
    fn set_watchlist_sharing(
        &mut self,
        org: &Organisation,
        name: &str,
        sharing: Sharing,
    ) -> Result<()>;
}

const LIST_COLUMNS: &str = "w.id, w.name, o.name, w.source_file, w.format, w.imported_at, \
     w.rows, w.entries, w.rejected, w.sharing";
const LIST_TABLES: &str = "watchlists w JOIN organisations o ON o.id = w.org_id";

fn list_info(r: &Row<'_>) -> rusqlite::Result<WatchlistInfo> {
    let sharing: String = r.get(9)?;
    Ok(WatchlistInfo {
        id: r.get(0)?,
        name: r.get(1)?,
        organisation: r.get(2)?,
        source_file: r.get(3)?,
        format: r.get(4)?,
        imported_at: r.get(5)?,
        rows: r.get::<_, i64>(6)? as u64,
        entries: r.get::<_, i64>(7)? as u64,
        rejected: r.get::<_, i64>(8)? as u64,
        sharing: if sharing == "shared" {
            Sharing::Shared
        } else {
            Sharing::Private
        },
    })
}

/// The organisation's own list of that name.
fn own_list(tx: &Transaction<'_>, org: &Organisation, name: &str) -> Result<Option<WatchlistInfo>> {
    Ok(tx
        .query_row(
            &format!(
                "SELECT {LIST_COLUMNS} FROM {LIST_TABLES} WHERE w.org_id = :org AND w.name = :name"
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
        source_row: r.get::<_, i64>(2)? as u64,
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
        &mut self,
        org: &Organisation,
        list: &NewWatchlist<'_>,
        fill: &mut FillList<'_>,
    ) -> Result<StoredWatchlist> {
        let list_id = self.ids.next_id()?;
        let imported_at = now_rfc3339();
        let SqliteBackend { conn, ids } = self;
        let tx = conn.transaction()?;
        let replaced = own_list(&tx, org, list.name)?;
        // The entries go with their list (ON DELETE CASCADE).
        tx.execute(
            "DELETE FROM watchlists WHERE org_id = ?1 AND name = ?2",
            params![org.id, list.name],
        )?;
        tx.execute(
            "INSERT INTO watchlists (id, org_id, name, source_file, format, imported_at, rows, entries, rejected)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0)",
            params![
                list_id,
                org.id,
                list.name,
                list.source_file,
                list.format,
                imported_at
            ],
        )?;
        let list_pk = tx.last_insert_rowid();
        let mut stored = 0u64;
        let counts = {
            let mut insert = tx.prepare(
                "INSERT INTO watchlist_entries (id, org_id, list_pk, source_id, source_row, names,
                     birth_dates, gender, nationalities, documents, topics)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            fill(&mut |entry: WatchlistEntry| {
                insert.execute(params![
                    ids.next_id()?,
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
    }

    fn watchlists(&self, org: &Organisation) -> Result<Vec<WatchlistInfo>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {LIST_COLUMNS} FROM {LIST_TABLES} WHERE {} ORDER BY w.name, o.name",
            visible("w")
        ))?;
        let rows = statement.query_map(named_params! {":org": org.id}, list_info)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn watchlist(&self, org: &Organisation, name: &str) -> Result<Option<WatchlistInfo>> {
        // The organisation's own list wins over one of the same name another shares.
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {LIST_COLUMNS} FROM {LIST_TABLES} WHERE w.name = :name AND {}
                     ORDER BY (w.org_id = :org) DESC, w.imported_at DESC LIMIT 1",
                    visible("w")
                ),
                named_params! {":org": org.id, ":name": name},
                list_info,
            )
            .optional()?)
    }

    fn for_each_watchlist_entry(
        &self,
        org: &Organisation,
        list_id: &str,
        visit: &mut dyn FnMut(WatchlistEntry) -> Result<()>,
    ) -> Result<u64> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT e.id, e.source_id, e.source_row, e.names, e.birth_dates, e.gender,
                    e.nationalities, e.documents, e.topics
             FROM watchlist_entries e JOIN watchlists w ON w.pk = e.list_pk
             WHERE w.id = :list AND {}
             ORDER BY e.pk",
            visible("w")
        ))?;
        let mut rows = statement.query(named_params! {":org": org.id, ":list": list_id})?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            visit(entry_from(row)?)?;
            n += 1;
        }
        Ok(n)
    }

    fn remove_watchlist(&mut self, org: &Organisation, name: &str) -> Result<WatchlistInfo> {
        let tx = self.conn.transaction()?;
        let info = own_list(&tx, org, name)?.ok_or(StoreError::NotFound)?;
        tx.execute(
            "DELETE FROM watchlists WHERE org_id = ?1 AND name = ?2",
            params![org.id, name],
        )?;
        tx.commit()?;
        Ok(info)
    }

    fn set_watchlist_sharing(
        &mut self,
        org: &Organisation,
        name: &str,
        sharing: Sharing,
    ) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE watchlists SET sharing = ?1 WHERE org_id = ?2 AND name = ?3",
            params![sharing.as_str(), org.id, name],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

impl Scope<'_> {
    /// Stores a list under `list.name`, replacing the organisation's list of that name (entries
    /// and all) in one transaction; `fill` reads the source into the sink it is given. When
    /// `fill` or storing fails, the previous snapshot stays as it was.
    pub fn replace_watchlist(
        &mut self,
        list: &NewWatchlist<'_>,
        fill: &mut FillList<'_>,
    ) -> Result<StoredWatchlist> {
        self.backend.replace_watchlist(&self.org, list, fill)
    }

    /// As [`Scope::replace_watchlist`], from entries already in memory.
    pub fn replace_watchlist_entries(
        &mut self,
        list: &NewWatchlist<'_>,
        entries: &[WatchlistEntry],
        counts: ListCounts,
    ) -> Result<StoredWatchlist> {
        self.replace_watchlist(list, &mut |sink| {
            for entry in entries {
                sink(entry.clone())?;
            }
            Ok(counts)
        })
    }

    /// Lists the organisation sees (its own and shared ones), by name.
    pub fn watchlists(&self) -> Result<Vec<WatchlistInfo>> {
        self.backend.watchlists(&self.org)
    }

    /// A visible list by name (the organisation's own first); `None` when there is none or it
    /// may not be seen.
    pub fn watchlist(&self, name: &str) -> Result<Option<WatchlistInfo>> {
        self.backend.watchlist(&self.org, name)
    }

    /// Visits every entry of a visible list (by its id) in file order; returns how many. A list
    /// that does not exist or may not be seen has no entries.
    pub fn for_each_watchlist_entry(
        &self,
        list_id: &str,
        visit: &mut dyn FnMut(WatchlistEntry) -> Result<()>,
    ) -> Result<u64> {
        if !looks_like_id(list_id) {
            return Ok(0);
        }
        self.backend
            .for_each_watchlist_entry(&self.org, list_id, visit)
    }

    /// Deletes one of the organisation's own lists; another's answers `NotFound`.
    pub fn remove_watchlist(&mut self, name: &str) -> Result<WatchlistInfo> {
        self.backend.remove_watchlist(&self.org, name)
    }

    /// Shares or unshares one of the organisation's own lists; another's answers `NotFound`.
    pub fn set_watchlist_sharing(&mut self, name: &str, sharing: Sharing) -> Result<()> {
        self.backend.set_watchlist_sharing(&self.org, name, sharing)
    }
}
