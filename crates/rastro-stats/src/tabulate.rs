//! The counting loop shared by two-way tables: crosstabs and releases.

use std::collections::HashSet;

use crate::dims::{ranks, KeyIndex, Val};
use crate::filter::Filter;
use crate::record::{Record, Records};
use crate::suppress::Grid;
use crate::units::{Acc, Measure, Unit, Units};
use rastro_text::fasthash::FastMap;

/// A two-way table with its margins, before suppression. `values` follows `grid`'s layout.
pub(crate) struct Tabulation<'a> {
    pub(crate) rows: KeyIndex<'a>,
    pub(crate) cols: KeyIndex<'a>,
    pub(crate) grid: Grid,
    pub(crate) values: Vec<u64>,
}

/// One dimension's keys with each key's margin.
#[derive(Default)]
struct Margin<'a> {
    keys: KeyIndex<'a>,
    accs: Vec<Acc>,
}

impl<'a> Margin<'a> {
    fn add(&mut self, v: Val<'a>, unit: Unit) -> usize {
        let (slot, new) = self.keys.slot(v);
        if new {
            self.accs.push(Acc::default());
        }
        self.accs[slot].add(unit);
        slot
    }
}

/// Counts the records the filter selects by `row_values` × `col_values` (each fills its buffer
/// with a record's distinct values). Margins count each record (or event) once, however many
/// cells of their line it is in.
pub(crate) fn tabulate<'a>(
    records: &'a (impl Records + ?Sized),
    filter: &Filter,
    hits: Option<&HashSet<String>>,
    measure: Measure,
    row_values: impl Fn(&'a Record, &mut Vec<Val<'a>>),
    col_values: impl Fn(&'a Record, &mut Vec<Val<'a>>),
) -> Tabulation<'a> {
    let mut units = Units::new(measure);
    let mut rows = Margin::default();
    let mut cols = Margin::default();
    let mut cells: FastMap<(usize, usize), Acc> = FastMap::default();
    let mut total = Acc::default();
    let (mut row_vals, mut col_vals) = (Vec::new(), Vec::new());
    let (mut row_slots, mut col_slots) = (Vec::new(), Vec::new());
    for r in records.each().filter(|r| filter.matches(r, hits)) {
        let unit = units.of(r);
        total.add(unit);
        row_values(r, &mut row_vals);
        col_values(r, &mut col_vals);
        row_slots.clear();
        row_slots.extend(row_vals.iter().map(|v| rows.add(*v, unit)));
        col_slots.clear();
        col_slots.extend(col_vals.iter().map(|v| cols.add(*v, unit)));
        for &i in &row_slots {
            for &j in &col_slots {
                cells.entry((i, j)).or_default().add(unit);
            }
        }
    }

    let grid = Grid {
        rows: rows.keys.len(),
        cols: cols.keys.len(),
        margins: true,
    };
    // Laid out in key order, not in the order values were first seen.
    let (row_order, col_order) = (rows.keys.sorted_order(), cols.keys.sorted_order());
    let (row_rank, col_rank) = (ranks(&row_order), ranks(&col_order));
    let mut values = vec![0; grid.len()];
    for ((i, j), acc) in &cells {
        values[grid.cell(row_rank[*i], col_rank[*j])] = acc.value();
    }
    for (i, acc) in rows.accs.iter().enumerate() {
        values[grid.row_total(row_rank[i])] = acc.value();
    }
    for (j, acc) in cols.accs.iter().enumerate() {
        values[grid.col_total(col_rank[j])] = acc.value();
    }
    values[grid.grand_total()] = total.value();
    Tabulation {
        rows: rows.keys.reordered(&row_order),
        cols: cols.keys.reordered(&col_order),
        grid,
        values,
    }
}
