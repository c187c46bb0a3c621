//! The one filter grammar that pages, links and the API share, read from URL query pairs.
//!
//! Repeating a key widens it (OR), different keys narrow (AND): that is what a row of checkboxes
//! per facet means to the person clicking them. `to_pairs` writes a canonical form so the same
//! selection always makes the same URL, and `parse_pairs(to_pairs(f)) == f`.

mod chips;
mod values;

use std::collections::{BTreeSet, HashSet};

use crate::dims::UNKNOWN;
use crate::error::StatsError;
use crate::record::{Record, Source, YearMonth};

pub use chips::Chip;
use values::{
    bad, free_value, parse_bound, parse_country, parse_lang, set_once, CountryTerm, End,
    MAX_QUERY_CHARS, MAX_VALUE_CHARS,
};

/// Filter keys, in the order `to_pairs` writes them.
pub const FILTER_KEYS: [&str; 11] = [
    "country", "form", "from", "to", "source", "outlet", "org", "lang", "sex", "age_band", "q",
];

/// Keys that pages put in the same query string for their own use; pass them to
/// `Filter::parse_pairs_except` so a shared URL parses.
pub const PAGE_KEYS: [&str; 9] = [
    "view", "by", "by2", "lang_ui", "cursor", "limit", "k", "measure", "stage",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Country,
    Form,
    From,
    To,
    Source,
    Outlet,
    Org,
    Lang,
    Sex,
    AgeBand,
    Q,
}

impl Key {
    const ALL: [Key; 11] = [
        Key::Country,
        Key::Form,
        Key::From,
        Key::To,
        Key::Source,
        Key::Outlet,
        Key::Org,
        Key::Lang,
        Key::Sex,
        Key::AgeBand,
        Key::Q,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Key::Country => "country",
            Key::Form => "form",
            Key::From => "from",
            Key::To => "to",
            Key::Source => "source",
            Key::Outlet => "outlet",
            Key::Org => "org",
            Key::Lang => "lang",
            Key::Sex => "sex",
            Key::AgeBand => "age_band",
            Key::Q => "q",
        }
    }

    fn parse(s: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A parsed filter. Fields are private so every filter is a valid, normalised one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    countries: BTreeSet<CountryTerm>,
    forms: BTreeSet<String>,
    from: Option<YearMonth>,
    to: Option<YearMonth>,
    sources: BTreeSet<Source>,
    outlets: BTreeSet<String>,
    orgs: BTreeSet<String>,
    langs: BTreeSet<String>,
    sexes: BTreeSet<String>,
    age_bands: BTreeSet<String>,
    q: Option<String>,
}

/// A record's single value against a set of wanted values; a missing value is `unknown`.
fn one_matches(wanted: &BTreeSet<String>, value: Option<&str>) -> bool {
    if wanted.is_empty() {
        return true;
    }
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => wanted.contains(v),
        None => wanted.contains(UNKNOWN),
    }
}

/// A record's list of values against a set of wanted values: any shared value matches.
fn any_matches(wanted: &BTreeSet<String>, values: &[String]) -> bool {
    if wanted.is_empty() {
        return true;
    }
    let mut has_any = false;
    for v in values {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        has_any = true;
        if wanted.contains(v) {
            return true;
        }
    }
    !has_any && wanted.contains(UNKNOWN)
}

impl Filter {
    /// Reads URL query pairs; any key that is not a filter key is an error, so a typo in a link
    /// is reported rather than silently widening the table.
    pub fn parse_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Result<Filter, StatsError>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        Filter::parse_pairs_except(pairs, &[])
    }

    /// Like `parse_pairs`, skipping the keys in `reserved` (typically `PAGE_KEYS`) that the page
    /// reads for itself.
    pub fn parse_pairs_except<K, V>(
        pairs: impl IntoIterator<Item = (K, V)>,
        reserved: &[&str],
    ) -> Result<Filter, StatsError>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut filter = Filter::default();
        for (key, value) in pairs {
            let key = key.as_ref().trim();
            if reserved.contains(&key) {
                continue;
            }
            filter.insert(key, value.as_ref())?;
        }
        filter.check()?;
        Ok(filter)
    }

    /// The canonical query pairs: keys in `FILTER_KEYS` order, values sorted.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for key in Key::ALL {
            let k = key.as_str();
            let mut push = |v: String| pairs.push((k.to_string(), v));
            match key {
                Key::Country => self.countries.iter().for_each(|t| push(t.canonical())),
                Key::Form => self.forms.iter().for_each(|v| push(v.clone())),
                Key::From => self.from.iter().for_each(|m| push(m.to_string())),
                Key::To => self.to.iter().for_each(|m| push(m.to_string())),
                Key::Source => self
                    .sources
                    .iter()
                    .for_each(|s| push(s.as_str().to_string())),
                Key::Outlet => self.outlets.iter().for_each(|v| push(v.clone())),
                Key::Org => self.orgs.iter().for_each(|v| push(v.clone())),
                Key::Lang => self.langs.iter().for_each(|v| push(v.clone())),
                Key::Sex => self.sexes.iter().for_each(|v| push(v.clone())),
                Key::AgeBand => self.age_bands.iter().for_each(|v| push(v.clone())),
                Key::Q => self.q.iter().for_each(|v| push(v.clone())),
            }
        }
        pairs
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The free-text query; the caller searches and passes the matching ids as `text_hits`.
    pub fn q(&self) -> Option<&str> {
        self.q.as_deref()
    }

    pub fn from(&self) -> Option<YearMonth> {
        self.from
    }

    pub fn to(&self) -> Option<YearMonth> {
        self.to
    }

    /// Whether the record passes. With `q` set only ids in `text_hits` pass, and none at all
    /// when the caller did not search: a filter must never widen because a step was skipped.
    pub fn matches(&self, r: &Record, text_hits: Option<&HashSet<String>>) -> bool {
        self.in_window(r.month) && self.matches_except_dates(r, text_hits)
    }

    /// Everything but `from`/`to`, which time series move by a year for their comparison line.
    pub(crate) fn matches_except_dates(
        &self,
        r: &Record,
        text_hits: Option<&HashSet<String>>,
    ) -> bool {
        (self.sources.is_empty() || self.sources.contains(&r.source))
            && one_matches(&self.outlets, r.outlet.as_deref())
            && one_matches(&self.orgs, Some(&r.org))
            && one_matches(&self.sexes, r.sex.as_deref())
            && one_matches(&self.age_bands, r.age_band.as_deref())
            && self.lang_matches(r.lang.as_deref())
            && any_matches(&self.forms, &r.forms)
            && (self.countries.is_empty() || self.countries.iter().any(|t| t.matches(r)))
            && match &self.q {
                None => true,
                Some(_) => text_hits.is_some_and(|hits| hits.contains(r.id.as_str())),
            }
    }

    /// A record without a month cannot be placed in a window, so any bound excludes it.
    pub(crate) fn in_window(&self, month: Option<YearMonth>) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        month.is_some_and(|m| self.from.is_none_or(|f| m >= f) && self.to.is_none_or(|t| m <= t))
    }

    fn lang_matches(&self, lang: Option<&str>) -> bool {
        if self.langs.is_empty() {
            return true;
        }
        match lang.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => self.langs.iter().any(|w| w.eq_ignore_ascii_case(v)),
            None => self.langs.contains(UNKNOWN),
        }
    }

    fn insert(&mut self, key: &str, raw: &str) -> Result<(), StatsError> {
        let k = Key::parse(key).ok_or_else(|| {
            bad(
                key,
                raw,
                format!(
                    "unknown filter key; expected one of {}",
                    FILTER_KEYS.join(", ")
                ),
            )
        })?;
        let v = raw.trim();
        // An HTML form submits an unselected facet as an empty value; it selects nothing.
        if v.is_empty() {
            return Ok(());
        }
        let limit = if k == Key::Q {
            MAX_QUERY_CHARS
        } else {
            MAX_VALUE_CHARS
        };
        if v.chars().count() > limit {
            return Err(bad(key, v, format!("longer than {limit} characters")));
        }
        if v.chars().any(char::is_control) {
            return Err(bad(key, v, "contains control characters"));
        }
        match k {
            Key::Country => {
                self.countries.insert(parse_country(key, v)?);
            }
            Key::Form => {
                self.forms.insert(free_value(v));
            }
            Key::From => set_once(&mut self.from, parse_bound(key, v, End::First)?, key, v)?,
            Key::To => set_once(&mut self.to, parse_bound(key, v, End::Last)?, key, v)?,
            Key::Source => {
                let source = v
                    .parse::<Source>()
                    .map_err(|()| bad(key, v, "expected case or news"))?;
                self.sources.insert(source);
            }
            Key::Outlet => {
                self.outlets.insert(free_value(v).to_ascii_lowercase());
            }
            Key::Org => {
                self.orgs.insert(free_value(v));
            }
            Key::Lang => {
                self.langs.insert(parse_lang(key, v)?);
            }
            Key::Sex => {
                self.sexes.insert(free_value(v));
            }
            Key::AgeBand => {
                self.age_bands.insert(free_value(v));
            }
            Key::Q => set_once(&mut self.q, v.to_string(), key, v)?,
        }
        Ok(())
    }

    fn check(&self) -> Result<(), StatsError> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(bad(
                    "to",
                    &to.to_string(),
                    format!("is before from ({from})"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<Filter, StatsError> {
        Filter::parse_pairs(pairs.iter().copied())
    }

    fn record(id: &str) -> Record {
        Record {
            id: id.into(),
            org: "Capital Humano".into(),
            month: YearMonth::new(2023, 6),
            sex: Some("female".into()),
            age_band: Some("18-29".into()),
            forms: vec!["sexual".into()],
            citizenship: vec!["VE".into()],
            origin: vec!["VE".into()],
            transit: vec!["CO".into()],
            destination: vec!["PE".into()],
            ..Record::default()
        }
    }

    #[test]
    fn parses_normalises_and_round_trips() {
        let f = parse(&[
            ("q", "  red  "),
            ("country", " pe "),
            ("country", "Origin:ve"),
            ("form", "sexual"),
            ("form", "labour"),
            ("from", "2023"),
            ("to", "2024-3"),
            ("source", "NEWS"),
            ("lang", "ES"),
            ("age_band", "18-29"),
        ])
        .unwrap();
        let pairs = f.to_pairs();
        let flat: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            flat,
            [
                ("country", "PE"),
                ("country", "origin:VE"),
                ("form", "labour"),
                ("form", "sexual"),
                ("from", "2023-01"),
                ("to", "2024-03"),
                ("source", "news"),
                ("lang", "es"),
                ("age_band", "18-29"),
                ("q", "red"),
            ]
        );
        assert_eq!(Filter::parse_pairs(pairs).unwrap(), f);
        assert_eq!(f.from(), YearMonth::new(2023, 1));
        assert_eq!(
            parse(&[("to", "2023")]).unwrap().to(),
            YearMonth::new(2023, 12)
        );
    }

    #[test]
    fn rejects_bad_input_with_the_key_named() {
        let cases: &[(&str, &str)] = &[
            ("colour", "red"),
            ("country", "PER"),
            ("country", "mars:PE"),
            ("from", "2023-13"),
            ("from", "23"),
            ("to", "1800"),
            ("source", "blog"),
            ("lang", "español"),
            ("form", "a\u{7}b"),
            ("view", "map"),
        ];
        for &(key, value) in cases {
            match parse(&[(key, value)]) {
                Err(StatsError::BadFilter { key: k, .. }) => assert_eq!(k, key),
                other => panic!("{key}={value}: {other:?}"),
            }
        }
        assert!(parse(&[("from", "2024"), ("to", "2023")]).is_err());
        assert!(parse(&[("from", "2024"), ("from", "2023")]).is_err());
        assert!(parse(&[("from", "2024"), ("from", "2024-01")]).is_ok());
        let long = "x".repeat(MAX_VALUE_CHARS + 1);
        assert!(parse(&[("org", long.as_str())]).is_err());
    }

    #[test]
    fn page_keys_are_skipped_only_when_reserved() {
        let pairs = [("view", "map"), ("by", "form"), ("form", "sexual")];
        assert!(Filter::parse_pairs(pairs).is_err());
        let f = Filter::parse_pairs_except(pairs, &PAGE_KEYS).unwrap();
        assert_eq!(f, parse(&[("form", "sexual")]).unwrap());
    }

    #[test]
    fn empty_values_select_nothing() {
        let f = parse(&[("form", ""), ("country", "  "), ("q", "")]).unwrap();
        assert!(f.is_empty());
    }

    #[test]
    fn same_key_ors_and_different_keys_and() {
        let r = record("a");
        let yes = |pairs: &[(&str, &str)]| parse(pairs).unwrap().matches(&r, None);
        assert!(yes(&[]));
        assert!(yes(&[("form", "labour"), ("form", "sexual")]));
        assert!(!yes(&[("form", "labour")]));
        assert!(!yes(&[("form", "sexual"), ("sex", "male")]));
        assert!(yes(&[("country", "PE")]));
        assert!(yes(&[("country", "CO")]));
        assert!(!yes(&[("country", "origin:PE")]));
        assert!(yes(&[
            ("country", "origin:PE"),
            ("country", "destination:PE")
        ]));
        assert!(yes(&[("country", "citizenship:VE")]));
        // Citizenship is not part of the route.
        assert!(!yes(&[("country", "AR")]));
        let r_ar = Record {
            citizenship: vec!["AR".into()],
            ..record("b")
        };
        assert!(!parse(&[("country", "AR")]).unwrap().matches(&r_ar, None));
        assert!(yes(&[("from", "2023-06"), ("to", "2023-06")]));
        assert!(!yes(&[("from", "2023-07")]));
        assert!(!yes(&[("to", "2023-05")]));
        assert!(yes(&[("source", "case")]));
        assert!(!yes(&[("source", "news")]));
        assert!(yes(&[("org", "Capital Humano"), ("age_band", "18-29")]));
        assert!(yes(&[("lang", "unknown")]));
        assert!(!yes(&[("lang", "es")]));
        assert!(yes(&[("country", "exploitation:unknown")]));
        assert!(!yes(&[("country", "transit:unknown")]));
    }

    #[test]
    fn records_without_a_month_fall_outside_any_window() {
        let r = Record {
            month: None,
            ..record("a")
        };
        assert!(parse(&[]).unwrap().matches(&r, None));
        assert!(!parse(&[("from", "1900")]).unwrap().matches(&r, None));
    }

    #[test]
    fn free_text_needs_the_callers_hits() {
        let f = parse(&[("q", "trata")]).unwrap();
        let r = record("a");
        assert!(!f.matches(&r, None));
        let hits: HashSet<String> = ["a".to_string()].into();
        assert!(f.matches(&r, Some(&hits)));
        let other: HashSet<String> = ["b".to_string()].into();
        assert!(!f.matches(&r, Some(&other)));
        // Without q the hits are irrelevant.
        assert!(Filter::default().matches(&r, Some(&other)));
    }

    #[test]
    fn an_outlet_selects_news_by_its_host_in_any_case() {
        let news = Record {
            source: Source::News,
            outlet: Some("elcomercio.pe".into()),
            ..Record::default()
        };
        let case = Record::default();
        let f = Filter::parse_pairs([("outlet", "ElComercio.PE")]).unwrap();
        assert!(f.matches(&news, None));
        assert!(!f.matches(&case, None), "a case has no outlet");
        assert_eq!(
            f.to_pairs(),
            [("outlet".to_string(), "elcomercio.pe".to_string())]
        );
        assert_eq!(crate::Dimension::Outlet.values(&news), ["elcomercio.pe"]);
        assert_eq!(crate::Dimension::Outlet.values(&case), [UNKNOWN]);
    }
}
