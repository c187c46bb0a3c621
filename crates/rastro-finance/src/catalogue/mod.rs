//! Typologies as data: a catalogue of named, parameterised rules over time windows and the
//! typologies that weigh them into an alert score, read from a TOML file people can read and
//! change. `catalogue/default.toml` is the catalogue Rastro ships (see its comments for what
//! each field means); [`Catalogue::from_toml`] checks a file completely and reports every error
//! with its line, rule and field.
//!
//! A rule measures one thing over the transactions of one subject (an account, or a party by
//! its folded name) that pass its filter, within a window ending at the transaction being
//! scored: how many (`count`), how much (`sum`, in the catalogue's money), how many different
//! cities, branches, payers… (`distinct`), the part of one flow in another (`ratio`: the share
//! of cash in deposits, outflows against inflows), or the days since a kind of transaction was
//! last seen (`since`). The value falls in a band (none, low, medium, high). A typology adds its
//! rules' bands (low 1, medium 2, high 3) times their weights; at or above its threshold, with
//! its required rules firing, it raises an alert.

mod compile;
mod error;
mod raw;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use rastro_model::CountryCode;

pub use error::{CatalogueError, CatalogueErrors};

use crate::money::Currency;

/// The catalogue Rastro ships.
pub const DEFAULT_CATALOGUE: &str = include_str!("../../catalogue/default.toml");

/// Whose transactions a rule measures.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum SubjectKind {
    /// One account (the debtor's for money out, the creditor's for money in).
    Account,
    /// Everything done under one name, across accounts (names folded; there is no party id in
    /// transaction files, so namesakes are one party).
    Party,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Account => "account",
            SubjectKind::Party => "party",
        }
    }
}

/// What a rule computes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Measure {
    Count,
    Sum,
    Distinct,
    Ratio,
    Since,
}

impl Measure {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Measure::Count => "count",
            Measure::Sum => "sum",
            Measure::Distinct => "distinct",
            Measure::Ratio => "ratio",
            Measure::Since => "since",
        }
    }
}

/// The value whose different instances a `distinct` rule counts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum KeyField {
    City,
    Branch,
    /// The branch where there is one, else the city.
    Place,
    Country,
    Contact,
    /// The other side's account, or its name when it has no account (a depositor of cash).
    Counterparty,
    CounterpartyName,
}

pub(crate) const KEY_FIELDS: usize = 7;

impl KeyField {
    pub(crate) fn parse(text: &str) -> Option<KeyField> {
        Some(match text {
            "city" => KeyField::City,
            "branch" => KeyField::Branch,
            "place" => KeyField::Place,
            "country" => KeyField::Country,
            "contact" => KeyField::Contact,
            "counterparty" => KeyField::Counterparty,
            "counterparty_name" => KeyField::CounterpartyName,
            _ => return None,
        })
    }
}

/// Which way the money goes for the subject.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Direction {
    In,
    Out,
    Any,
}

/// A compiled `where`: every condition given must hold.
#[derive(Clone, PartialEq, Debug)]
pub(crate) struct Filter {
    pub(crate) direction: Direction,
    /// Bits of [`crate::Channel`]; 0 for any channel.
    pub(crate) channels: u16,
    /// Sorted inclusive ranges; empty for any.
    pub(crate) mcc: Vec<(u16, u16)>,
    /// Word lists (indexes into the catalogue's lists) the text must or must not contain.
    pub(crate) subject_words: Option<usize>,
    pub(crate) subject_not_words: Option<usize>,
    pub(crate) counterparty_words: Option<usize>,
    pub(crate) description_words: Option<usize>,
    /// Local hours, from inclusive to exclusive, wrapping past midnight.
    pub(crate) hours: Option<(u8, u8)>,
    pub(crate) min_amount: Option<f64>,
    pub(crate) max_amount: Option<f64>,
    /// The amount as a share of the country's cash reporting threshold, `[from, to)`.
    pub(crate) threshold_share: Option<(f64, f64)>,
    pub(crate) foreign: Option<bool>,
    pub(crate) countries: Vec<CountryCode>,
    pub(crate) known_contact: Option<bool>,
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) subject: SubjectKind,
    pub(crate) measure: Measure,
    pub(crate) of: Option<KeyField>,
    /// Seconds; 0 for `since`, which looks back to the subject's first transaction.
    pub(crate) window: i64,
    /// Bits of the filters whose union the rule counts (the numerator of a ratio).
    pub(crate) mask: u64,
    /// Bits of a ratio's denominator.
    pub(crate) over_mask: u64,
    /// Counted events (the denominator's, for a ratio) below which the rule stays silent.
    pub(crate) min_count: u32,
    /// Whether low values are the suspicious ones (bands then fall: low ≥ medium ≥ high).
    pub(crate) below: bool,
    pub(crate) bands: [f64; 3],
    pub(crate) reason: String,
}

/// A compiled typology.
#[derive(Clone, Debug)]
pub(crate) struct Typology {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) indicators: Vec<String>,
    pub(crate) subject: SubjectKind,
    /// (rule index, weight)
    pub(crate) weights: Vec<(usize, f64)>,
    pub(crate) require: Vec<usize>,
    pub(crate) threshold: f64,
    pub(crate) cooldown: i64,
}

pub(crate) struct Inner {
    pub(crate) version: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) money: Currency,
    pub(crate) rates: HashMap<Currency, f64>,
    pub(crate) default_threshold: f64,
    pub(crate) thresholds: HashMap<CountryCode, f64>,
    /// Each list's phrases, folded like lookup keys and padded with spaces for whole-word search.
    pub(crate) word_lists: Vec<(String, Vec<String>)>,
    pub(crate) filters: Vec<Filter>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) typologies: Vec<Typology>,
    /// Indexes of the rules of each subject kind.
    pub(crate) rules_by_kind: [Vec<usize>; 2],
    pub(crate) typologies_by_kind: [Vec<usize>; 2],
    /// Filters any rule of each kind uses.
    pub(crate) filter_mask: [u64; 2],
    pub(crate) source: String,
}

/// A checked catalogue, cheap to clone (shared).
#[derive(Clone)]
pub struct Catalogue {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("version", &self.inner.version)
            .field("rules", &self.inner.rules.len())
            .field("typologies", &self.inner.typologies.len())
            .finish()
    }
}

/// A typology as a reader of alerts sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct TypologyInfo {
    pub name: String,
    pub title: String,
    pub indicators: Vec<String>,
    pub rules: Vec<String>,
}

impl Catalogue {
    /// Checks a catalogue's text; every error found is reported, each with its line.
    pub fn from_toml(text: &str) -> Result<Catalogue, CatalogueErrors> {
        compile::compile(text).map(|inner| Catalogue {
            inner: Arc::new(inner),
        })
    }

    /// Reads and checks a catalogue file.
    pub fn load(path: &Path) -> Result<Catalogue, CatalogueErrors> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CatalogueErrors(vec![CatalogueError {
                line: 0,
                rule: None,
                field: None,
                message: format!("cannot read {}: {e}", path.display()),
            }])
        })?;
        Catalogue::from_toml(&text)
    }

    /// The catalogue Rastro ships ([`DEFAULT_CATALOGUE`]).
    pub fn builtin() -> Catalogue {
        // The shipped file is checked by a test; should it ever fail, an empty catalogue that
        // raises nothing is safer than a crash in a running service.
        Catalogue::from_toml(DEFAULT_CATALOGUE).unwrap_or_else(|_| Catalogue {
            inner: Arc::new(compile::empty()),
        })
    }

    pub fn version(&self) -> &str {
        &self.inner.version
    }

    pub fn title(&self) -> &str {
        &self.inner.title
    }

    pub fn description(&self) -> &str {
        &self.inner.description
    }

    /// The text the catalogue was read from.
    pub fn source(&self) -> &str {
        &self.inner.source
    }

    pub fn rule_names(&self) -> Vec<&str> {
        self.inner.rules.iter().map(|r| r.name.as_str()).collect()
    }

    pub fn typologies(&self) -> Vec<TypologyInfo> {
        self.inner
            .typologies
            .iter()
            .map(|t| TypologyInfo {
                name: t.name.clone(),
                title: t.title.clone(),
                indicators: t.indicators.clone(),
                rules: t
                    .weights
                    .iter()
                    .map(|(r, _)| self.inner.rules[*r].name.clone())
                    .collect(),
            })
            .collect()
    }

    /// The value of one unit of `currency` in the catalogue's money, if the catalogue has a rate.
    pub fn rate(&self, currency: Currency) -> Option<f64> {
        self.inner.rates.get(&currency).copied()
    }

    /// The currency rule amounts are written in.
    pub fn money(&self) -> Currency {
        self.inner.money
    }
}

impl Inner {
    pub(crate) fn threshold(&self, country: Option<CountryCode>) -> f64 {
        country
            .and_then(|c| self.thresholds.get(&c).copied())
            .unwrap_or(self.default_threshold)
    }

    /// Bits of the word lists the folded, space-padded text contains.
    pub(crate) fn words_in(&self, padded: &str) -> u32 {
        let mut bits = 0u32;
        for (i, (_, phrases)) in self.word_lists.iter().enumerate() {
            if phrases.iter().any(|p| padded.contains(p.as_str())) {
                bits |= 1 << i;
            }
        }
        bits
    }

    pub(crate) fn list_names(&self) -> HashSet<&str> {
        self.word_lists.iter().map(|(n, _)| n.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_is_valid() {
        let catalogue = Catalogue::from_toml(DEFAULT_CATALOGUE).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(catalogue.version(), "rastro-default-2025.1");
        let names: Vec<String> = catalogue.typologies().into_iter().map(|t| t.name).collect();
        for wanted in [
            "funnel_account",
            "living_costs_payer",
            "cash_unusual",
            "prepaid_cards",
            "classified_ads",
            "structuring",
            "pooled_wages",
            "cash_business",
            "cross_border",
            "known_contact",
        ] {
            assert!(names.iter().any(|n| n == wanted), "{wanted} missing");
        }
        assert!(catalogue.inner.filters.len() <= 64);
    }
}
