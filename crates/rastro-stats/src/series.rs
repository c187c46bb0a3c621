//! Monthly time series with a same-month-last-year comparison.

use std::collections::HashSet;

use serde::Serialize;

use crate::cell::{display_order, Cell};
use crate::dims::{values_of, Dimension, KeyIndex, Val};
use crate::engine::Engine;
use crate::filter::Filter;
use crate::record::{Record, Records, YearMonth};
use crate::suppress::{suppress, Line};
use crate::units::{Acc, Measure, Units};

/// The key of the single series drawn when there is no breakdown.
pub const ALL_SERIES: &str = "all";

/// The longest series drawn, in months: the latest ones are kept. One mistyped year (0024 for
/// 2024) must not make a table of twenty centuries.
pub const MAX_SERIES_MONTHS: usize = 1200;

/// The comparison line is the same month one year earlier.
const YEAR: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Series {
    pub key: String,
    /// One per month of `TimeSeries::months`.
    pub values: Vec<Cell>,
    /// The same months a year earlier, under the same filter moved back a year, even when those
    /// months are before the filter's `from`.
    pub previous_year: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeSeries {
    /// The breakdown, or `None` for the single series `all`.
    pub dimension: Option<String>,
    pub measure: Measure,
    /// Every month from the first to the last, with no gaps: the filter's `from`/`to` where
    /// given, otherwise the first and last month with data.
    pub months: Vec<YearMonth>,
    /// Largest total first, ties by key; series below k last, by key.
    pub series: Vec<Series>,
    pub k: u64,
}

impl Engine {
    pub fn timeseries(
        &self,
        records: &(impl Records + ?Sized),
        filter: &Filter,
        hits: Option<&HashSet<String>>,
        by: Option<Dimension>,
        measure: Measure,
    ) -> TimeSeries {
        let mut out = TimeSeries {
            dimension: by.map(|d| d.as_str().to_string()),
            measure,
            months: Vec::new(),
            series: Vec::new(),
            k: self.k(),
        };

        // First pass: the records that pass everything but the dates, and the months with data
        // inside the filter's window, which bound the series where the filter leaves it open.
        let mut dated: Vec<(&Record, i64)> = Vec::new();
        let mut present: Option<(i64, i64)> = None;
        for r in records.each() {
            let Some(month) = r.month else { continue };
            if !filter.matches_except_dates(r, hits) {
                continue;
            }
            let m = month.index();
            dated.push((r, m));
            if filter.in_window(Some(month)) {
                present = Some(present.map_or((m, m), |(lo, hi)| (lo.min(m), hi.max(m))));
            }
        }
        let start = filter.from().map(YearMonth::index).or(present.map(|p| p.0));
        let end = filter.to().map(YearMonth::index).or(present.map(|p| p.1));
        let (Some(start), Some(end)) = (start, end) else {
            return out;
        };
        if start > end {
            return out;
        }
        let cap = i64::try_from(MAX_SERIES_MONTHS).unwrap_or(i64::MAX);
        let start = start.max(end - cap + 1);
        let n = usize::try_from(end - start + 1).unwrap_or(0);
        // One table over the window and the year before it, suppressed once: were the two parts
        // suppressed apart, a month hidden in one could be shown in the other.
        let ext_start = start - YEAR as i64;
        let ext_len = n + YEAR;

        let mut units = Units::new(measure);
        let mut keys = KeyIndex::default();
        let mut cells: Vec<Vec<Acc>> = Vec::new();
        let mut window_totals: Vec<Acc> = Vec::new();
        let mut vals = Vec::new();
        for &(r, m) in &dated {
            if m < ext_start || m > end {
                continue;
            }
            let unit = units.of(r);
            match by {
                Some(dim) => values_of(dim, r, &mut vals),
                None => {
                    vals.clear();
                    vals.push(Val::Text(ALL_SERIES));
                }
            }
            // m is within ext_start..=end, so the offset fits.
            let j = usize::try_from(m - ext_start).unwrap_or(0);
            for v in &vals {
                let (s, new) = keys.slot(*v);
                if new {
                    cells.push(vec![Acc::default(); ext_len]);
                    window_totals.push(Acc::default());
                }
                cells[s][j].add(unit);
                if m >= start {
                    window_totals[s].add(unit);
                }
            }
        }

        // Series in key order, not in the order they were first seen (see `sorted_order`).
        let order = keys.sorted_order();
        let keys = keys.reordered(&order);
        let cells: Vec<Vec<Acc>> = order
            .iter()
            .map(|&i| std::mem::take(&mut cells[i]))
            .collect();
        let window_totals: Vec<Acc> = order.iter().map(|&i| window_totals[i].clone()).collect();
        let count = keys.len();
        let values: Vec<u64> = cells
            .iter()
            .flat_map(|row| row.iter().map(Acc::value))
            .collect();
        let at = |s: usize, j: usize| s * ext_len + j;
        // Totals are not in this table but are public elsewhere (a series' total is a row of
        // `counts`, a month's total the series without breakdown), so every line counts.
        let mut lines = Vec::new();
        for s in 0..count {
            lines.push(Line {
                cells: (YEAR..ext_len).map(|j| at(s, j)).collect(),
                total: None,
            });
            lines.push(Line {
                cells: (0..n).map(|j| at(s, j)).collect(),
                total: None,
            });
        }
        if count > 1 {
            for j in 0..ext_len {
                lines.push(Line {
                    cells: (0..count).map(|s| at(s, j)).collect(),
                    total: None,
                });
            }
        }
        let hidden = suppress(self.k(), &values, &lines);
        let cell = |s: usize, j: usize| Cell::new(values[at(s, j)], hidden[at(s, j)]);

        let names = keys.names();
        let totals: Vec<u64> = window_totals.iter().map(Acc::value).collect();
        let small: Vec<bool> = totals.iter().map(|&t| t > 0 && t < self.k()).collect();
        out.months = (start..=end).map(YearMonth::from_index).collect();
        out.series = display_order(&names, &totals, &small)
            .into_iter()
            .map(|s| Series {
                key: names[s].clone(),
                values: (YEAR..ext_len).map(|j| cell(s, j)).collect(),
                previous_year: (0..n).map(|j| cell(s, j)).collect(),
            })
            .collect();
        out
    }
}
