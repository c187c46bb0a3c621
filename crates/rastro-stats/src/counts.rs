//! One-way tables and totals.

use std::collections::HashSet;

use serde::Serialize;

use crate::cell::{display_order, Cell};
use crate::dims::{values_of, Dimension, Val};
use crate::engine::Engine;
use crate::filter::Filter;
use crate::record::Records;
use crate::suppress::{suppress, Line};
use crate::units::{Acc, Measure, Units};
use rastro_text::fasthash::FastMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub key: String,
    pub cell: Cell,
}

/// A one-way table. For a multi-valued dimension a record is in several rows, so rows may add up
/// to more than `total`; `total` always counts each record (or event) once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub dimension: String,
    pub measure: Measure,
    pub k: u64,
    /// Largest first, ties by key; suppressed rows last, by key.
    pub rows: Vec<Row>,
    pub total: Cell,
}

impl Engine {
    pub fn counts(
        &self,
        records: &(impl Records + ?Sized),
        filter: &Filter,
        hits: Option<&HashSet<String>>,
        dim: Dimension,
        measure: Measure,
    ) -> Counts {
        let mut units = Units::new(measure);
        let mut cells: FastMap<Val, Acc> = FastMap::default();
        let mut total = Acc::default();
        let mut vals = Vec::new();
        for r in records.each().filter(|r| filter.matches(r, hits)) {
            let unit = units.of(r);
            total.add(unit);
            values_of(dim, r, &mut vals);
            for v in &vals {
                cells.entry(*v).or_default().add(unit);
            }
        }

        // In key order: suppression breaks ties by position, and a map's order is its own.
        let mut cells: Vec<(Val, Acc)> = cells.into_iter().collect();
        cells.sort_unstable_by_key(|(v, _)| *v);
        let (keys, mut values): (Vec<String>, Vec<u64>) = cells
            .into_iter()
            .map(|(v, acc)| (v.render(), acc.value()))
            .unzip();
        let n = keys.len();
        values.push(total.value());
        let line = Line {
            cells: (0..n).collect(),
            total: Some(n),
        };
        let hidden = suppress(self.k(), &values, std::slice::from_ref(&line));

        let rows = display_order(&keys, &values[..n], &hidden[..n])
            .into_iter()
            .map(|i| Row {
                key: keys[i].clone(),
                cell: Cell::new(values[i], hidden[i]),
            })
            .collect();
        Counts {
            dimension: dim.as_str().to_string(),
            measure,
            k: self.k(),
            rows,
            total: Cell::new(values[n], hidden[n]),
        }
    }

    /// The number of records (or events, or victims) the filter selects.
    pub fn total(
        &self,
        records: &(impl Records + ?Sized),
        filter: &Filter,
        hits: Option<&HashSet<String>>,
        measure: Measure,
    ) -> Cell {
        let mut units = Units::new(measure);
        let mut total = Acc::default();
        for r in records.each().filter(|r| filter.matches(r, hits)) {
            total.add(units.of(r));
        }
        let value = total.value();
        Cell::new(value, value > 0 && value < self.k())
    }
}
