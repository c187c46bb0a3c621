//! The values blocking keys are made of: a column's folded text or its prefix, the phonetic key
//! of a name's first word, a date's year or day and month.
//!
//! Plaintext linkage blocks on these values and a CLK file carries them hashed under the shared
//! key; both must compute them identically, so they are computed here for both, apart from how
//! either prepares comparisons or encodes filters.

use rayon::prelude::*;

use crate::config::{BlockingRule, FieldKind, KeyExpr, LinkConfig};
use std::collections::HashMap;

use crate::date::{self, DateOrder, Ymd};
use crate::table::{Column, Records};
use crate::text;

/// Block keys of every record under one rule (0 = no key).
pub fn block_keys(rule: &BlockingRule, config: &LinkConfig, records: &Records) -> Vec<u64> {
    let mut values = KeyValues::default();
    values.prepare(std::slice::from_ref(rule), config, records);
    values.keys(rule)
}

/// Block keys of every record under each rule, in rule order. The values keys are made of (a
/// folded column, a name's phonetic key, a parsed date) are computed once per column, not once
/// per rule: at ten million records folding and parsing are most of blocking's time.
pub fn all_block_keys(config: &LinkConfig, records: &Records) -> Vec<Vec<u64>> {
    let mut values = KeyValues::default();
    values.prepare(&config.blocking, config, records);
    config
        .blocking
        .iter()
        .map(|rule| values.keys(rule))
        .collect()
}

/// Per column, what the rules' keys read of it.
#[derive(Default)]
struct KeyValues {
    records: usize,
    folded: HashMap<String, Column>,
    phonetic: HashMap<String, Vec<u64>>,
    dates: HashMap<String, Vec<Option<Ymd>>>,
}

impl KeyValues {
    fn prepare(&mut self, rules: &[BlockingRule], config: &LinkConfig, records: &Records) {
        let n = records.len();
        self.records = n;
        let raw = |column: &str, i: usize| records.table.column(column).map_or("", |c| c.get(i));
        for key in rules.iter().flat_map(|r| &r.keys) {
            match key {
                KeyExpr::Column(c) | KeyExpr::Prefix(c, _) => {
                    if !self.folded.contains_key(c) {
                        let values: Vec<String> = (0..n)
                            .into_par_iter()
                            .map(|i| text::fold_text(raw(c, i)))
                            .collect();
                        let mut column = Column::default();
                        values.iter().for_each(|v| column.push(v));
                        self.folded.insert(c.clone(), column);
                    }
                }
                KeyExpr::Phonetic(_) | KeyExpr::PhoneticPair(_, _) => {
                    for c in key.columns() {
                        if !self.phonetic.contains_key(c) {
                            let keys = (0..n)
                                .into_par_iter()
                                .map(|i| phonetic_of_first_word(raw(c, i)))
                                .collect();
                            self.phonetic.insert(c.to_string(), keys);
                        }
                    }
                }
                KeyExpr::Year(c)
                | KeyExpr::DayMonth(c)
                | KeyExpr::Month(c)
                | KeyExpr::Day(c)
                | KeyExpr::DayMonthUnordered(c) => {
                    if !self.dates.contains_key(c) {
                        let order = date_order(config, c);
                        let dates = (0..n)
                            .into_par_iter()
                            .map(|i| date::parse(raw(c, i), order))
                            .collect();
                        self.dates.insert(c.clone(), dates);
                    }
                }
            }
        }
    }

    /// The keys of one rule from the prepared values; only equality of keys matters, so parts
    /// are hashed as bytes, not formatted as [`key_value`] does for CLK files.
    fn keys(&self, rule: &BlockingRule) -> Vec<u64> {
        (0..self.records)
            .into_par_iter()
            .map_init(
                || Vec::with_capacity(64),
                |buffer, i| {
                    buffer.clear();
                    for key in &rule.keys {
                        if !self.part(key, i, buffer) {
                            return 0;
                        }
                        buffer.push(0x1f);
                    }
                    match xxhash_rust::xxh3::xxh3_64(buffer) {
                        0 => 1,
                        h => h,
                    }
                },
            )
            .collect()
    }

    /// Appends record `i`'s value of `key` to `out`; false when it has none.
    fn part(&self, key: &KeyExpr, i: usize, out: &mut Vec<u8>) -> bool {
        let phonetic = |c: &str| self.phonetic.get(c).map_or(0, |k| k[i]);
        let date = |c: &str| self.dates.get(c).and_then(|d| d[i]);
        match key {
            KeyExpr::Column(c) => {
                let value = self.folded.get(c).map_or("", |col| col.get(i));
                out.extend_from_slice(value.as_bytes());
                !value.is_empty()
            }
            KeyExpr::Prefix(c, n) => {
                let value = self.folded.get(c).map_or("", |col| col.get(i));
                let end = value
                    .char_indices()
                    .nth(*n)
                    .map_or(value.len(), |(at, _)| at);
                out.extend_from_slice(&value.as_bytes()[..end]);
                !value.is_empty()
            }
            KeyExpr::Phonetic(c) => {
                let k = phonetic(c);
                out.extend_from_slice(&k.to_le_bytes());
                k != 0
            }
            KeyExpr::PhoneticPair(a, b) => {
                let (x, y) = (phonetic(a), phonetic(b));
                out.extend_from_slice(&x.min(y).to_le_bytes());
                out.extend_from_slice(&x.max(y).to_le_bytes());
                x != 0 && y != 0
            }
            KeyExpr::Year(c) => date(c).is_some_and(|d| {
                out.extend_from_slice(&d.year.to_le_bytes());
                true
            }),
            KeyExpr::Month(c) => date(c).is_some_and(|d| {
                out.push(d.month);
                true
            }),
            KeyExpr::Day(c) => date(c).is_some_and(|d| {
                out.push(d.day);
                true
            }),
            KeyExpr::DayMonth(c) => date(c).is_some_and(|d| {
                out.extend_from_slice(&[d.day, d.month]);
                true
            }),
            KeyExpr::DayMonthUnordered(c) => date(c).is_some_and(|d| {
                out.extend_from_slice(&[d.day.min(d.month), d.day.max(d.month)]);
                true
            }),
        }
    }
}

fn date_order(config: &LinkConfig, column: &str) -> DateOrder {
    config
        .comparisons
        .iter()
        .find(|c| c.column == column && c.kind == FieldKind::Date)
        .map(|c| c.date_order)
        .unwrap_or_default()
}

fn phonetic_of_first_word(raw: &str) -> u64 {
    let folded = text::fold_name(raw);
    let first = folded.split(' ').next().unwrap_or_default();
    text::phonetic_key(first)
}

/// The value of one blocking key of a record whose raw values `raw(column)` gives (`None` when
/// the values give no key).
pub fn key_value<'a>(
    key: &KeyExpr,
    raw: impl Fn(&str) -> &'a str,
    order: DateOrder,
) -> Option<String> {
    let phonetic_of_first_word = |column: &str| -> Option<u64> {
        match phonetic_of_first_word(raw(column)) {
            0 => None,
            k => Some(k),
        }
    };
    let value = match key {
        KeyExpr::Column(c) => text::fold_text(raw(c)),
        KeyExpr::Prefix(c, n) => text::fold_text(raw(c)).chars().take(*n).collect(),
        KeyExpr::Phonetic(c) => phonetic_of_first_word(c)
            .map(|k| format!("{k:016x}"))
            .unwrap_or_default(),
        KeyExpr::PhoneticPair(a, b) => match (phonetic_of_first_word(a), phonetic_of_first_word(b))
        {
            (Some(x), Some(y)) => format!("{:016x}{:016x}", x.min(y), x.max(y)),
            _ => String::new(),
        },
        KeyExpr::Year(c) => date::parse(raw(c), order)
            .map(|d| d.year.to_string())
            .unwrap_or_default(),
        KeyExpr::DayMonth(c) => date::parse(raw(c), order)
            .map(|d| format!("{}-{}", d.day, d.month))
            .unwrap_or_default(),
        KeyExpr::Month(c) => date::parse(raw(c), order)
            .map(|d| d.month.to_string())
            .unwrap_or_default(),
        KeyExpr::Day(c) => date::parse(raw(c), order)
            .map(|d| d.day.to_string())
            .unwrap_or_default(),
        KeyExpr::DayMonthUnordered(c) => date::parse(raw(c), order)
            .map(|d| format!("{}-{}", d.day.min(d.month), d.day.max(d.month)))
            .unwrap_or_default(),
    };
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(key: KeyExpr, raw: &str, order: DateOrder) -> Option<String> {
        key_value(&key, |_| raw, order)
    }

    /// Keys computed once per column must group records exactly as the keys' values do.
    #[test]
    fn prepared_keys_group_as_key_values_do() {
        use crate::table::Table;
        let columns: Vec<String> = ["given", "surname", "dob"].map(String::from).to_vec();
        let mut table = Table::new("t", &columns);
        let rows = [
            ["José", "Pérez", "07/04/1981"],
            ["JOSE", "Perez Soto", "04/07/1981"],
            ["Pérez", "José", "07/04/1981"],
            ["Ana", "", "1981"],
            ["Joseph", "Peres", "07/04/1982"],
            ["", "Basques", "unknown"],
            ["Josué", "Vázquez", "07/05/1981"],
        ];
        for (i, row) in rows.iter().enumerate() {
            table.push_row(&i.to_string(), row);
        }
        let records = Records::dedupe(table);
        let text = r#"
id = "id"
blocking = [
    "prefix(given, 1) & prefix(surname, 2) & dob",
    "phonetic_pair(given, surname) & year(dob)",
    "phonetic(surname) & day_month(dob)",
    "surname & month(dob) & day(dob)",
    "given & day_month_unordered(dob)",
]
[[comparison]]
name = "dob"
column = "dob"
kind = "date"
levels = ["exact"]
"#;
        let config = LinkConfig::from_toml(text, "t").unwrap();
        let keys = all_block_keys(&config, &records);
        for (rule, keys) in config.blocking.iter().zip(&keys) {
            let values: Vec<Option<Vec<Option<String>>>> = (0..rows.len())
                .map(|i| {
                    let parts: Vec<Option<String>> = rule
                        .keys
                        .iter()
                        .map(|k| {
                            key_value(
                                k,
                                |c| records.table.column(c).unwrap().get(i),
                                DateOrder::Dmy,
                            )
                        })
                        .collect();
                    parts.iter().all(Option::is_some).then_some(parts)
                })
                .collect();
            for a in 0..rows.len() {
                assert_eq!(keys[a] == 0, values[a].is_none(), "{rule} row {a}");
                for b in 0..rows.len() {
                    let same = values[a].is_some() && values[a] == values[b];
                    assert_eq!(
                        keys[a] != 0 && keys[a] == keys[b],
                        same,
                        "{rule} rows {a} {b}"
                    );
                }
            }
        }
        assert_eq!(keys[0], block_keys(&config.blocking[0], &config, &records));
    }

    #[test]
    fn values_of_each_kind_of_key() {
        let dob = || "dob".to_string();
        assert_eq!(
            value(KeyExpr::Year(dob()), "07/04/1981", DateOrder::Dmy).as_deref(),
            Some("1981")
        );
        assert_eq!(
            value(KeyExpr::DayMonth(dob()), "04/07/1981", DateOrder::Mdy).as_deref(),
            Some("7-4")
        );
        assert_eq!(
            value(KeyExpr::Prefix("name".into(), 3), "Núñez", DateOrder::Dmy).as_deref(),
            Some("nun")
        );
        assert_eq!(
            value(
                KeyExpr::DayMonthUnordered(dob()),
                "04/07/1981",
                DateOrder::Dmy
            ),
            value(
                KeyExpr::DayMonthUnordered(dob()),
                "07/04/1981",
                DateOrder::Dmy
            )
        );
        assert_eq!(
            value(KeyExpr::Month(dob()), "04/07/1981", DateOrder::Dmy).as_deref(),
            Some("7")
        );
        assert_eq!(
            value(KeyExpr::Day(dob()), "04/07/1981", DateOrder::Dmy).as_deref(),
            Some("4")
        );
        assert_eq!(value(KeyExpr::Year(dob()), "unknown", DateOrder::Dmy), None);
        assert_eq!(
            value(KeyExpr::Column("c".into()), "  ", DateOrder::Dmy),
            None
        );
        let phonetic = value(KeyExpr::Phonetic("s".into()), "Vázquez", DateOrder::Dmy);
        assert_eq!(
            phonetic,
            value(KeyExpr::Phonetic("s".into()), "Basques", DateOrder::Dmy)
        );
        assert!(phonetic.is_some());
    }
}
