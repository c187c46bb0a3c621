//! The identity numbers' blind index (`cases_by_id_index`), left out while a case import fills
//! an empty store and built once, in index order, when it ends. Its entries are keyed hashes, so
//! each one lands at a random place: at every commit of an import a third of the cases dirtied
//! a page of it, one more 4 KB frame of the log each. Built at the end it is one sort.
//!
//! The index is absent only while such an import runs or after it was killed: every import that
//! begins on a store with cases, finishes or is interrupted puts it back, and so does every
//! opening of the store (a killed import leaves it out until then). Without it a lookup by
//! identity number reads every case, with the same answer.

use rusqlite::{Connection, OptionalExtension};

use crate::Result;

/// The index's name, as migration 0027 made it.
const NAME: &str = "cases_by_id_index";

/// The index as migration 0027 made it, made again when it is missing.
const CREATE: &str = "CREATE INDEX IF NOT EXISTS cases_by_id_index
    ON cases(org_id, id_index) WHERE id_index IS NOT NULL";

/// The page cache while the index is built, in KiB (SQLite's negative `cache_size`).
const SORT_CACHE_KIB: i64 = 8_192;

/// Leaves the index out when the store holds no case, inside the import's first write. Whether
/// it is left out.
pub(super) fn leave_out_if_empty(conn: &Connection) -> Result<bool> {
    let empty: bool =
        conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM cases)", [], |r| r.get(0))?;
    if empty {
        conn.execute_batch(&format!("DROP INDEX IF EXISTS {NAME}"))?;
    }
    Ok(empty)
}

/// Builds the index when it is missing (a no-op otherwise), outside any transaction. Its sort
/// spills to a temporary file past the connection's cache: with temporary storage in memory,
/// as every connection has it, the sort of 900,000 entries (2,700,000 cases) held them all
/// and the import's peak rose from about 165 MB to 253 MB (198 MB spilling past a 32 MB cache).
pub(super) fn restore(conn: &Connection) -> Result<()> {
    if present(conn)? {
        return Ok(());
    }
    // The sort keeps as much in memory as the page cache holds: a small cache for it.
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.pragma_update(None, "temp_store", "FILE")?;
    conn.pragma_update(None, "cache_size", -SORT_CACHE_KIB)?;
    let built = conn.execute_batch(CREATE);
    conn.pragma_update(None, "cache_size", cache)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(built?)
}

/// Whether the index is in the schema.
pub(super) fn present(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?1",
            [NAME],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

#[cfg(test)]
#[path = "deferred_index_tests.rs"]
mod tests;
