//! The values blocking keys are made of: a column's folded text or its prefix, the phonetic key
//! of a name's first word, a date's year or day and month.
//!
//! Plaintext linkage blocks on these values and a CLK file carries them hashed under the shared
//! key; both must compute them identically, so they are computed here for both, apart from how
//! either prepares comparisons or encodes filters.

use rayon::prelude::*;

use crate::config::{BlockingRule, FieldKind, KeyExpr, LinkConfig};
use crate::date::{self, DateOrder};
use crate::table::Records;
use crate::text;

/// Block keys of every record under one rule (0 = no key).
pub fn block_keys(rule: &BlockingRule, config: &LinkConfig, records: &Records) -> Vec<u64> {
    let order_of = |column: &str| -> DateOrder {
        config
            .comparisons
            .iter()
            .find(|c| c.column == column && c.kind == FieldKind::Date)
            .map(|c| c.date_order)
            .unwrap_or_default()
    };
    let sources: Vec<(&KeyExpr, DateOrder)> = rule
        .keys
        .iter()
        .map(|k| (k, order_of(k.columns()[0])))
        .collect();
    (0..records.len())
        .into_par_iter()
        .map(|i| {
            let parts: Vec<Option<String>> = sources
                .iter()
                .map(|(key, order)| {
                    let raw = |c: &str| records.table.column(c).map_or("", |col| col.get(i));
                    key_value(key, raw, *order)
                })
                .collect();
            crate::blocking::block_key(parts.iter().map(|p| p.as_deref()))
        })
        .collect()
}

/// The value of one blocking key of a record whose raw values `raw(column)` gives (`None` when
/// the values give no key).
pub fn key_value<'a>(
    key: &KeyExpr,
    raw: impl Fn(&str) -> &'a str,
    order: DateOrder,
) -> Option<String> {
    let phonetic_of_first_word = |column: &str| -> Option<u64> {
        let folded = text::fold_name(raw(column));
        let first = folded.split(' ').next().unwrap_or_default();
        match text::phonetic_key(first) {
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
    };
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(key: KeyExpr, raw: &str, order: DateOrder) -> Option<String> {
        key_value(&key, |_| raw, order)
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
