//! Editing a filter one value at a time, for the links and chips on a page: every table row can
//! link to the same page narrowed to it, and every chip to the page without it.

use serde::Serialize;

use super::{Filter, Key};
use crate::error::StatsError;

/// A removable piece of the current filter, for the chips above a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chip {
    pub key: String,
    /// Canonical, so `filter.without(&chip.key, &chip.value)` removes exactly this chip.
    pub value: String,
    /// Plain English; pages translate by `key` when they need to.
    pub label: String,
}

impl Filter {
    /// This filter with one more value; for `from`, `to` and `q` the value replaces the old one,
    /// since they hold one value.
    pub fn with(&self, key: &str, value: &str) -> Result<Filter, StatsError> {
        let key = key.trim();
        let mut next = self.clone();
        match Key::parse(key) {
            Some(Key::From) => next.from = None,
            Some(Key::To) => next.to = None,
            Some(Key::Q) => next.q = None,
            _ => {}
        }
        next.insert(key, value)?;
        next.check()?;
        Ok(next)
    }

    /// This filter without one value. A value that is not in the filter (or not valid) leaves it
    /// unchanged, so a stale link cannot fail.
    pub fn without(&self, key: &str, value: &str) -> Filter {
        let mut probe = Filter::default();
        if probe.insert(key.trim(), value).is_err() {
            return self.clone();
        }
        let drop = probe.to_pairs();
        let kept = self.to_pairs().into_iter().filter(|p| !drop.contains(p));
        Filter::parse_pairs(kept).unwrap_or_else(|_| self.clone())
    }

    /// This filter without any value of `key`.
    pub fn without_key(&self, key: &str) -> Filter {
        let key = key.trim();
        let kept = self.to_pairs().into_iter().filter(|(k, _)| k != key);
        Filter::parse_pairs(kept).unwrap_or_else(|_| self.clone())
    }

    /// One chip per value, in canonical order.
    pub fn chips(&self) -> Vec<Chip> {
        self.to_pairs()
            .into_iter()
            .map(|(key, value)| {
                let label = match key.as_str() {
                    "country" => match value.split_once(':') {
                        Some((scope, code)) => format!("{scope}: {code}"),
                        None => format!("country: {value}"),
                    },
                    "from" => format!("from {value}"),
                    "to" => format!("to {value}"),
                    "q" => format!("text: \"{value}\""),
                    "age_band" => format!("age band: {value}"),
                    other => format!("{other}: {value}"),
                };
                Chip { key, value, label }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::YearMonth;

    fn parse(pairs: &[(&str, &str)]) -> Result<Filter, StatsError> {
        Filter::parse_pairs(pairs.iter().copied())
    }

    #[test]
    fn with_without_and_chips() {
        let f = parse(&[("country", "PE"), ("from", "2020")]).unwrap();
        let g = f.with("country", "origin:ve").unwrap();
        assert_eq!(
            g.to_pairs(),
            [
                ("country".to_string(), "PE".to_string()),
                ("country".to_string(), "origin:VE".to_string()),
                ("from".to_string(), "2020-01".to_string()),
            ]
        );
        let h = g.with("from", "2021-05").unwrap();
        assert_eq!(h.from(), YearMonth::new(2021, 5));
        assert!(f.with("nope", "1").is_err());
        assert!(f.with("to", "2019").is_err());
        assert_eq!(g.without("country", "origin:VE"), f);
        assert_eq!(g.without("country", "ORIGIN:ve"), f);
        assert_eq!(g.without("country", "XX"), g);
        assert_eq!(g.without("country", "not a code"), g);
        assert_eq!(
            g.without("from", "2020"),
            parse(&[("country", "PE"), ("country", "origin:VE")]).unwrap()
        );
        assert_eq!(
            g.without_key("country"),
            parse(&[("from", "2020")]).unwrap()
        );
        let chips = g.chips();
        let labels: Vec<&str> = chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["country: PE", "origin: VE", "from 2020-01"]);
        let mut back = g.clone();
        for chip in &chips {
            back = back.without(&chip.key, &chip.value);
        }
        assert!(back.is_empty());
    }
}
