//! Differentially private releases: Laplace noise on every count, then the same small-cell rule.
//!
//! Suppression alone protects a table seen once; someone asking many overlapping questions can
//! still difference their answers. Noise bounds what any number of answers reveal about one
//! record, paid for from a `Budget` (see `budget.rs`), which the caller charges before releasing.
//!
//! Caveat: noise is drawn in floating point, which leaks a little through the low bits of the
//! samples (Mironov, 2012). Rounding to whole counts removes most of that surface but is not a
//! proof; treat epsilon as nominal.

use std::collections::HashSet;

use serde::Serialize;

use crate::cell::Cell;
use crate::dims::{capped_values_of, Dimension, Val};
use crate::engine::Engine;
use crate::error::StatsError;
use crate::filter::Filter;
use crate::record::Records;
use crate::suppress::suppress;
use crate::tabulate::{tabulate, Tabulation};
use crate::units::Measure;

/// The most values of one multi-valued dimension a record contributes to a release. Without a
/// cap one record with twenty countries would move twenty cells, and the noise needed would
/// depend on the data. Four covers nearly every real case; a record's extra values are dropped
/// (it keeps its alphabetically first four).
pub const MAX_VALUES_PER_DIM: usize = 4;

/// A source of uniform random numbers. Production passes one backed by the operating system;
/// tests pass `SeededNoise`.
pub trait NoiseSource {
    /// A number strictly between 0 and 1.
    fn uniform(&mut self) -> f64;
}

/// SplitMix64: tiny and statistically sound, reproducible from a seed. Never for production:
/// anyone who knows the seed knows the noise.
#[derive(Debug, Clone)]
pub struct SeededNoise {
    state: u64,
}

impl SeededNoise {
    pub fn new(seed: u64) -> SeededNoise {
        SeededNoise { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl NoiseSource for SeededNoise {
    fn uniform(&mut self) -> f64 {
        // 53 random bits, offset by half a step so that neither 0 nor 1 can come out.
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
}

/// One draw from Laplace(0, scale), by inverting its distribution function.
pub fn laplace(scale: f64, noise: &mut dyn NoiseSource) -> f64 {
    let u = noise.uniform();
    // A source outside (0, 1) would give an infinite sample; clamp rather than trust it.
    let u = if u.is_nan() {
        0.5
    } else {
        u.clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON)
    };
    // Each half on its own, so that neither tail loses precision to `1 - u` near 0.
    if u < 0.5 {
        scale * (2.0 * u).ln()
    } else {
        -scale * (2.0 * (1.0 - u)).ln()
    }
}

/// The most cells one record can change in a release over `dims`: the product of each
/// dimension's cap. Known from the dimensions alone, before any data is read.
pub fn sensitivity(dims: &[Dimension]) -> u64 {
    dims.iter()
        .map(|d| {
            if d.is_multi_valued() {
                MAX_VALUES_PER_DIM as u64
            } else {
                1
            }
        })
        .product()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseRow {
    /// One key per dimension.
    pub keys: Vec<String>,
    pub cell: Cell,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Release {
    pub dims: Vec<String>,
    /// Every combination of observed keys (zeros included, so a missing row tells nothing), in
    /// key order.
    pub rows: Vec<ReleaseRow>,
    pub k: u64,
    /// `None`: exact counts, suppressed like any other table.
    pub epsilon: Option<f64>,
    pub sensitivity: u64,
}

/// Counts records (events for news) over one or two dimensions, with each record capped at
/// `MAX_VALUES_PER_DIM` values per dimension. With `epsilon`, each count gets Laplace noise of
/// scale sensitivity/epsilon, is rounded to the nearest non-negative whole number, and is then
/// suppressed below k; complementary suppression is unnecessary there, since subtracting noisy
/// numbers recovers nothing exact. Without `epsilon`, exact counts get the full suppression rule,
/// as in a crosstab of the same cells.
pub fn release(
    engine: &Engine,
    records: &(impl Records + ?Sized),
    filter: &Filter,
    hits: Option<&HashSet<String>>,
    dims: &[Dimension],
    epsilon: Option<f64>,
    noise: &mut dyn NoiseSource,
) -> Result<Release, StatsError> {
    if !(1..=2).contains(&dims.len()) {
        return Err(StatsError::BadDimensionCount { count: dims.len() });
    }
    if let Some(e) = epsilon {
        if !(e.is_finite() && e > 0.0) {
            return Err(StatsError::BadEpsilon { epsilon: e });
        }
    }
    let sensitivity = sensitivity(dims);
    let (row_dim, col_dim) = (dims[0], dims.get(1).copied());

    let Tabulation {
        rows: row_keys,
        cols: col_keys,
        grid,
        mut values,
    } = tabulate(
        records,
        filter,
        hits,
        Measure::Records,
        |r, out| capped_values_of(row_dim, r, MAX_VALUES_PER_DIM, out),
        |r, out| match col_dim {
            Some(d) => capped_values_of(d, r, MAX_VALUES_PER_DIM, out),
            None => {
                out.clear();
                out.push(Val::Unknown);
            }
        },
    );

    let hidden = match epsilon {
        // Noisy counts need no margins: subtracting noisy numbers recovers nothing exact.
        Some(e) => {
            let scale = sensitivity as f64 / e;
            let cells = grid.rows * grid.cols;
            values.truncate(cells);
            for v in &mut values {
                // `as` saturates, so a huge draw cannot wrap around.
                *v = (*v as f64 + laplace(scale, noise)).round().max(0.0) as u64;
            }
            suppress(engine.k(), &values, &[])
        }
        // Exact counts are suppressed as the crosstab of the same cells would be, margins
        // included, since margins are what a reader subtracts from; a release then leaves the
        // margins out.
        None => suppress(engine.k(), &values, &grid.lines()),
    };

    let row_names = row_keys.names();
    let col_names = col_keys.names();
    let mut rows = Vec::with_capacity(grid.rows * grid.cols);
    for (i, row) in row_names.iter().enumerate() {
        for (j, col) in col_names.iter().enumerate() {
            let keys = match col_dim {
                Some(_) => vec![row.clone(), col.clone()],
                None => vec![row.clone()],
            };
            let c = grid.cell(i, j);
            rows.push(ReleaseRow {
                keys,
                cell: Cell::new(values[c], hidden[c]),
            });
        }
    }
    rows.sort_by(|a, b| a.keys.cmp(&b.keys));
    Ok(Release {
        dims: dims.iter().map(|d| d.as_str().to_string()).collect(),
        rows,
        k: engine.k(),
        epsilon,
        sensitivity,
    })
}
