//! Per-record work done once before pairs are compared: folding, phonetic and variant keys, date
//! parsing, Bloom filters decoded, term frequencies. A pair comparison then only reads these.
//! (Blocking keys are `block_values`'s.)

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::bloom;
use crate::config::{ComparisonConfig, FieldKind, Level, LinkConfig};
use crate::date::{self, Ymd};
use crate::table::{Column, Records};
use crate::text;

/// The prepared values of one comparison.
#[derive(Debug)]
pub enum Values {
    Text(TextValues),
    Date(DateValues),
    Clk(ClkValues),
}

/// Folded text and, when a level needs them, its keys. A folded column is shared by the
/// comparisons that read it (a name's own and the other name's `swapped_with`), not copied:
/// at ten million records every byte per record is ten megabytes.
#[derive(Debug)]
pub struct TextValues {
    pub folded: Arc<Column>,
    pub phonetic: Vec<u64>,
    /// Variant groups of each token, when a `variant` level asks for them.
    pub variant: Variants,
    /// Folded values of the columns named by `swapped_with` levels, in level order.
    pub swapped: Vec<Arc<Column>>,
}

/// The variant groups of each record's tokens, back to back.
#[derive(Debug, Default)]
pub struct Variants {
    groups: Vec<&'static [u32]>,
    ends: Vec<u32>,
}

impl Variants {
    /// The groups of `row`'s tokens; empty when none were computed.
    pub fn get(&self, row: usize) -> &[&'static [u32]] {
        let Some(&end) = self.ends.get(row) else {
            return &[];
        };
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        &self.groups[start as usize..end as usize]
    }

    fn of(folded: &Column) -> Variants {
        let per_row: Vec<Vec<&'static [u32]>> = (0..folded.len())
            .into_par_iter()
            .map(|i| text::variant_groups(folded.get(i)))
            .collect();
        let mut out = Variants::default();
        for groups in per_row {
            out.groups.extend(groups);
            // Tokens are counted in u32: four billion name tokens are beyond any file linked
            // in memory, and the saturating cast keeps a freak input from wrapping around.
            out.ends
                .push(u32::try_from(out.groups.len()).unwrap_or(u32::MAX));
        }
        out
    }
}

#[derive(Debug)]
pub struct DateValues {
    /// The value with everything but digits removed, for exact and edit-distance levels.
    pub digits: Column,
    pub parsed: Vec<Option<Ymd>>,
}

/// Bloom filters, `words` 64-bit words each, and their bit counts.
#[derive(Debug)]
pub struct ClkValues {
    pub words: usize,
    pub bits: Vec<u64>,
    pub ones: Vec<u32>,
    /// Filters of the columns named by `swapped_with` levels, in level order.
    pub swapped: Vec<ClkValues>,
}

impl ClkValues {
    pub fn filter(&self, row: usize) -> &[u64] {
        &self.bits[row * self.words..(row + 1) * self.words]
    }
}

/// One comparison ready to be evaluated on pairs.
#[derive(Debug)]
pub struct Prepared {
    pub name: String,
    pub levels: Vec<Level>,
    pub values: Values,
    /// Share of records with each record's value, when term-frequency adjustment is on.
    pub term_frequency: Option<Vec<f32>>,
}

impl Prepared {
    /// Whether row's value is missing (the comparison then says nothing about the pair).
    pub fn is_null(&self, row: usize) -> bool {
        match &self.values {
            Values::Text(t) => t.folded.get(row).is_empty(),
            Values::Date(d) => d.digits.get(row).is_empty(),
            Values::Clk(c) => c.ones[row] == 0,
        }
    }
}

/// Prepares every comparison of a configuration. Columns must exist (the reader checked).
pub fn prepare(config: &LinkConfig, records: &Records) -> Vec<Prepared> {
    let mut folded_cache = HashMap::new();
    config
        .comparisons
        .iter()
        .map(|c| prepare_one(c, records, &mut folded_cache))
        .collect()
}

fn column<'a>(records: &'a Records, name: &str) -> &'a Column {
    static EMPTY: std::sync::OnceLock<Column> = std::sync::OnceLock::new();
    records
        .table
        .column(name)
        .unwrap_or_else(|| EMPTY.get_or_init(Column::default))
}

fn fold_column(
    records: &Records,
    name: &str,
    kind: FieldKind,
    cache: &mut HashMap<(String, bool), Arc<Column>>,
) -> Arc<Column> {
    let as_name = kind == FieldKind::Name;
    if let Some(c) = cache.get(&(name.to_string(), as_name)) {
        return Arc::clone(c);
    }
    let fold = if as_name {
        text::fold_name
    } else {
        text::fold_text
    };
    let source = column(records, name);
    // Folded in parallel runs of rows straight into columns, not into a String per record.
    let n = records.len();
    let runs: Vec<Column> = (0..n.div_ceil(FOLD_RUN))
        .into_par_iter()
        .map(|run| {
            let mut out = Column::default();
            for i in run * FOLD_RUN..((run + 1) * FOLD_RUN).min(n) {
                out.push(&fold(source.get(i)));
            }
            out
        })
        .collect();
    let mut out = Column::default();
    for run in &runs {
        out.append(run);
    }
    let out = Arc::new(out);
    cache.insert((name.to_string(), as_name), Arc::clone(&out));
    out
}

/// Rows folded by one task.
const FOLD_RUN: usize = 1 << 14;

fn prepare_one(
    config: &ComparisonConfig,
    records: &Records,
    cache: &mut HashMap<(String, bool), Arc<Column>>,
) -> Prepared {
    let n = records.len();
    let values = match config.kind {
        FieldKind::Text | FieldKind::Name => {
            let folded = fold_column(records, &config.column, config.kind, cache);
            let wants = |l: &Level| config.levels.iter().any(|x| x == l);
            let phonetic = if wants(&Level::Phonetic) {
                (0..n)
                    .into_par_iter()
                    .map(|i| text::phonetic_key(folded.get(i)))
                    .collect()
            } else {
                Vec::new()
            };
            let variant = if wants(&Level::Variant) {
                Variants::of(&folded)
            } else {
                Variants::default()
            };
            let swapped = config
                .levels
                .iter()
                .filter_map(|l| match l {
                    Level::SwappedWith(other) => {
                        Some(fold_column(records, other, config.kind, cache))
                    }
                    _ => None,
                })
                .collect();
            Values::Text(TextValues {
                folded,
                phonetic,
                variant,
                swapped,
            })
        }
        FieldKind::Date => {
            let source = column(records, &config.column);
            let order = config.date_order;
            let parsed: Vec<(String, Option<Ymd>)> = (0..n)
                .into_par_iter()
                .map(|i| {
                    let raw = source.get(i);
                    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
                    (digits, date::parse(raw, order))
                })
                .collect();
            let mut digits = Column::default();
            let mut dates = Vec::with_capacity(n);
            for (d, p) in parsed {
                digits.push(&d);
                dates.push(p);
            }
            Values::Date(DateValues {
                digits,
                parsed: dates,
            })
        }
        FieldKind::Clk => {
            let mut values = clk_values(column(records, &config.column), n);
            values.swapped = config
                .levels
                .iter()
                .filter_map(|l| match l {
                    Level::SwappedWith(other) => Some(clk_values(column(records, other), n)),
                    _ => None,
                })
                .collect();
            Values::Clk(values)
        }
    };
    let term_frequency = config.term_frequency.then(|| {
        let raw = column(records, &config.column);
        term_frequencies(n, |i| match &values {
            Values::Text(t) => t.folded.get(i),
            Values::Date(d) => d.digits.get(i),
            // Equal filters are equal values; their frequency is the value's.
            Values::Clk(_) => raw.get(i),
        })
    });
    Prepared {
        name: config.name.clone(),
        levels: config.levels.clone(),
        values,
        term_frequency,
    }
}

fn clk_values(source: &Column, n: usize) -> ClkValues {
    let words = (0..n.min(source.len()))
        .map(|i| bloom::words_in(source.get(i)))
        .max()
        .unwrap_or(0);
    let mut bits = vec![0u64; n * words];
    let mut ones = vec![0u32; n];
    if words > 0 {
        bits.par_chunks_mut(words)
            .zip(ones.par_iter_mut())
            .enumerate()
            .for_each(|(i, (filter, count))| {
                bloom::decode_hex_into(source.get(i), filter);
                *count = filter.iter().map(|w| w.count_ones()).sum();
            });
    }
    ClkValues {
        words,
        bits,
        ones,
        swapped: Vec::new(),
    }
}

fn term_frequencies<'a>(n: usize, key: impl Fn(usize) -> &'a str) -> Vec<f32> {
    // Keys are the values this module folded, so the fast hasher is safe; SipHash over ten
    // million names is seconds.
    let mut counts: rastro_text::fasthash::FastMap<&str, u32> = Default::default();
    let mut present = 0u32;
    for i in 0..n {
        let k = key(i);
        if !k.is_empty() {
            *counts.entry(k).or_default() += 1;
            present += 1;
        }
    }
    let total = present.max(1) as f32;
    (0..n)
        .map(|i| counts.get(key(i)).map_or(0.0, |&c| c as f32 / total))
        .collect()
}
