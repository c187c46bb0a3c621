//! The catalogue file as TOML gives it, before any check. Every value a check can refuse keeps
//! its place in the file (`Spanned`), so a refusal names the line.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCatalogue {
    pub(crate) version: Spanned<String>,
    #[serde(default)]
    pub(crate) title: String,
    #[serde(default)]
    #[allow(dead_code)]
    pub(crate) description: String,
    pub(crate) money: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) rates: BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    pub(crate) cash_thresholds: BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    pub(crate) lists: BTreeMap<String, Spanned<Vec<Item>>>,
    #[serde(default, rename = "rule")]
    pub(crate) rules: Vec<RawRule>,
    #[serde(default, rename = "typology")]
    pub(crate) typologies: Vec<RawTypology>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub(crate) name: Spanned<String>,
    #[serde(default)]
    pub(crate) title: String,
    pub(crate) subject: Option<Spanned<String>>,
    pub(crate) measure: Spanned<String>,
    pub(crate) of: Option<Spanned<String>>,
    pub(crate) window: Option<Spanned<String>>,
    #[serde(rename = "where")]
    pub(crate) filter: Option<Spanned<RawFilter>>,
    pub(crate) where_any: Option<Spanned<Vec<RawFilter>>>,
    pub(crate) over: Option<Spanned<RawFilter>>,
    pub(crate) min_count: Option<Spanned<i64>>,
    pub(crate) compare: Option<Spanned<String>>,
    pub(crate) bands: Spanned<RawBands>,
    pub(crate) reason: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBands {
    pub(crate) low: f64,
    pub(crate) medium: f64,
    pub(crate) high: f64,
}

/// One value of a list: text, or a number (merchant category codes are often written bare).
#[derive(Deserialize, Clone, Debug)]
#[serde(untagged)]
pub(crate) enum Item {
    Number(i64),
    Text(String),
}

impl Item {
    pub(crate) fn text(&self) -> String {
        match self {
            Item::Number(n) => n.to_string(),
            Item::Text(t) => t.clone(),
        }
    }
}

/// A list written in place, or the name of one of the catalogue's `[lists]`.
#[derive(Deserialize, Clone, Debug)]
#[serde(untagged)]
pub(crate) enum ListRef {
    Name(String),
    Items(Vec<Item>),
}

#[derive(Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFilter {
    pub(crate) direction: Option<String>,
    pub(crate) channel: Option<Vec<String>>,
    pub(crate) mcc: Option<ListRef>,
    pub(crate) subject_words: Option<String>,
    pub(crate) subject_not_words: Option<String>,
    pub(crate) counterparty_words: Option<String>,
    pub(crate) description_words: Option<String>,
    pub(crate) hours: Option<String>,
    pub(crate) min_amount: Option<f64>,
    pub(crate) max_amount: Option<f64>,
    pub(crate) threshold_share: Option<Vec<f64>>,
    pub(crate) foreign: Option<bool>,
    pub(crate) countries: Option<ListRef>,
    pub(crate) known_contact: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTypology {
    pub(crate) name: Spanned<String>,
    #[serde(default)]
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) indicators: Vec<String>,
    pub(crate) weights: Spanned<BTreeMap<String, f64>>,
    #[serde(default)]
    pub(crate) require: Option<Spanned<Vec<String>>>,
    pub(crate) threshold: Spanned<f64>,
    pub(crate) cooldown: Option<Spanned<String>>,
}
