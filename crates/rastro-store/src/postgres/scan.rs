//! Reading a large result a chunk at a time, through a portal of the caller's transaction: the
//! rows are never all held at once, and between chunks the transaction is free for the reads a
//! row needs on the way (a data key to open a sealed part), which a row iterator holding the
//! connection would forbid.

use postgres::types::ToSql;
use postgres::{Row, Transaction};

use crate::Result;

/// Rows fetched per round trip: enough that the trips cost little next to the rows, few enough
/// that a chunk of the widest rows (a case with its sealed part) stays a few megabytes.
const CHUNK: i32 = 2_000;

/// Runs `sql` and hands every row to `each` in order, with the transaction; returns how many.
pub(super) fn for_each_row<'t>(
    tx: &mut Transaction<'t>,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
    mut each: impl FnMut(&mut Transaction<'t>, &Row) -> Result<()>,
) -> Result<u64> {
    let portal = tx.bind(sql, params)?;
    let mut n = 0;
    loop {
        let rows = tx.query_portal(&portal, CHUNK)?;
        for row in &rows {
            each(tx, row)?;
            n += 1;
        }
        if rows.len() < CHUNK as usize {
            return Ok(n);
        }
    }
}
