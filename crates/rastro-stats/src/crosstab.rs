//! Two-way tables with their margins.

use std::collections::HashSet;

use serde::Serialize;

use crate::cell::{display_order, Cell};
use crate::dims::{values_of, Dimension};
use crate::engine::Engine;
use crate::filter::Filter;
use crate::record::Records;
use crate::suppress::suppress;
use crate::tabulate::{tabulate, Tabulation};
use crate::units::Measure;

/// A two-way table. `cells[i][j]` is rows[i] × columns[j]. Margins count each record (or event)
/// once, so with a multi-valued dimension they may be less than the sum of their cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Crosstab {
    pub row_dimension: String,
    pub column_dimension: String,
    pub measure: Measure,
    /// Rows and columns are ordered like `Counts` rows, by their totals.
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub column_totals: Vec<Cell>,
    pub total: Cell,
    pub k: u64,
}

impl Engine {
    pub fn crosstab(
        &self,
        records: &(impl Records + ?Sized),
        filter: &Filter,
        hits: Option<&HashSet<String>>,
        rows: Dimension,
        cols: Dimension,
        measure: Measure,
    ) -> Crosstab {
        let Tabulation {
            rows: row_keys,
            cols: col_keys,
            grid,
            values,
        } = tabulate(
            records,
            filter,
            hits,
            measure,
            |r, out| values_of(rows, r, out),
            |r, out| values_of(cols, r, out),
        );
        let hidden = suppress(self.k(), &values, &grid.lines());
        let cell = |i: usize| Cell::new(values[i], hidden[i]);

        let row_names = row_keys.names();
        let col_names = col_keys.names();
        let order = |names: &[String], margin: &dyn Fn(usize) -> usize| {
            let totals: Vec<u64> = (0..names.len()).map(|i| values[margin(i)]).collect();
            let hid: Vec<bool> = (0..names.len()).map(|i| hidden[margin(i)]).collect();
            display_order(names, &totals, &hid)
        };
        let row_order = order(&row_names, &|i| grid.row_total(i));
        let col_order = order(&col_names, &|j| grid.col_total(j));

        Crosstab {
            row_dimension: rows.as_str().to_string(),
            column_dimension: cols.as_str().to_string(),
            measure,
            rows: row_order.iter().map(|&i| row_names[i].clone()).collect(),
            columns: col_order.iter().map(|&j| col_names[j].clone()).collect(),
            cells: row_order
                .iter()
                .map(|&i| col_order.iter().map(|&j| cell(grid.cell(i, j))).collect())
                .collect(),
            row_totals: row_order.iter().map(|&i| cell(grid.row_total(i))).collect(),
            column_totals: col_order.iter().map(|&j| cell(grid.col_total(j))).collect(),
            total: cell(grid.grand_total()),
            k: self.k(),
        }
    }
}
