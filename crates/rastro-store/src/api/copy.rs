//! A database's raw rows, below the store's rules, for the copy of a whole store into another
//! database (`crate::copy`, `rastro migrate`): each backend lends its rows through [`RawStore`]
//! and takes the copied ones through a [`RowSink`]. Nothing else reads rows this way.

use crate::Result;

/// One stored value, as either database holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// Where copied rows go, table by table, inside the target's one transaction.
pub(crate) trait RowSink {
    fn begin_table(&mut self, table: &str, columns: &[String]) -> Result<()>;
    fn push(&mut self, row: Vec<Cell>) -> Result<()>;
    fn end_table(&mut self) -> Result<()>;
}

/// A database's rows, below the store's rules: only the copy uses this.
pub(crate) trait RawStore {
    /// The columns of `table` a copy writes (generated ones left out).
    fn columns(&mut self, table: &str) -> Result<Vec<String>>;
    /// Reads every row of `table` (columns in the order given) into `visit`.
    fn read_rows(
        &mut self,
        table: &str,
        columns: &[String],
        visit: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
    ) -> Result<u64>;
    fn count_rows(&mut self, table: &str) -> Result<u64>;
    /// Whether the store holds nothing yet (no organisation, key, user or event).
    fn is_empty(&mut self) -> Result<bool>;
    /// Runs `fill` in one transaction, committed only if it succeeds, then rebuilds what is
    /// derived from the rows.
    fn load(&mut self, fill: &mut dyn FnMut(&mut dyn RowSink) -> Result<()>) -> Result<()>;
}
