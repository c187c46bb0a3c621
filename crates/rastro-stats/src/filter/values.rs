//! Reading one filter value: what each key accepts and its canonical spelling.

use crate::dims::UNKNOWN;
use crate::error::StatsError;
use crate::record::{Record, Stage, YearMonth};

/// Long enough for any organisation name; short enough that a URL cannot make the engine compare
/// megabytes per record.
pub(super) const MAX_VALUE_CHARS: usize = 200;
pub(super) const MAX_QUERY_CHARS: usize = 1000;

/// The years a filter may name: wide enough for any record, narrow enough that a month range
/// stays a small table.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Which of a record's country lists a `country` value looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Scope {
    /// Any stage of the route; citizenship is not a place the person was moved through.
    Route,
    Stage(Stage),
    Citizenship,
}

impl Scope {
    fn prefix(self) -> Option<&'static str> {
        match self {
            Scope::Route => None,
            Scope::Stage(stage) => Some(stage.as_str()),
            Scope::Citizenship => Some("citizenship"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct CountryTerm {
    scope: Scope,
    /// Upper-case alpha-2; `None` selects records with no country in scope, so the `unknown` row
    /// of a table can be clicked like any other.
    code: Option<String>,
}

impl CountryTerm {
    pub(super) fn canonical(&self) -> String {
        let code = self.code.as_deref().unwrap_or(UNKNOWN);
        match self.scope.prefix() {
            Some(prefix) => format!("{prefix}:{code}"),
            None => code.to_string(),
        }
    }

    pub(super) fn matches(&self, r: &Record) -> bool {
        let lists: &[&[String]] = match self.scope {
            Scope::Route => &[&r.origin, &r.transit, &r.destination, &r.exploitation],
            Scope::Stage(stage) => &[r.countries(stage)],
            Scope::Citizenship => &[&r.citizenship],
        };
        let mut values = lists.iter().flat_map(|l| l.iter()).map(|c| c.trim());
        match &self.code {
            Some(code) => values.any(|c| c.eq_ignore_ascii_case(code)),
            None => values.all(|c| c.is_empty() || c == UNKNOWN),
        }
    }
}

pub(super) fn bad(key: &str, value: &str, reason: impl Into<String>) -> StatsError {
    StatsError::BadFilter {
        key: key.to_string(),
        value: value.to_string(),
        reason: reason.into(),
    }
}

/// Which end of a bare year a month bound stands for.
#[derive(Clone, Copy)]
pub(super) enum End {
    First,
    Last,
}

pub(super) fn parse_bound(key: &str, v: &str, end: End) -> Result<YearMonth, StatsError> {
    let month = if v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()) {
        let year: i32 = v.parse().map_err(|_| bad(key, v, "not a year"))?;
        let month = match end {
            End::First => 1,
            End::Last => 12,
        };
        YearMonth { year, month }
    } else {
        v.parse::<YearMonth>().map_err(|e| match e {
            StatsError::BadMonth { reason, .. } => {
                bad(key, v, format!("expected YYYY-MM or YYYY ({reason})"))
            }
            other => other,
        })?
    };
    if !YEARS.contains(&month.year) {
        return Err(bad(
            key,
            v,
            format!(
                "the year must be between {} and {}",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
    Ok(month)
}

fn parse_code(key: &str, v: &str, code: &str) -> Result<Option<String>, StatsError> {
    if code.eq_ignore_ascii_case(UNKNOWN) {
        return Ok(None);
    }
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(Some(code.to_ascii_uppercase()))
    } else {
        Err(bad(
            key,
            v,
            "expected an ISO 3166 alpha-2 code such as PE, optionally after origin:, transit:, \
             destination:, exploitation: or citizenship:",
        ))
    }
}

pub(super) fn parse_country(key: &str, v: &str) -> Result<CountryTerm, StatsError> {
    let (scope, code) = match v.split_once(':') {
        None => (Scope::Route, v),
        Some((prefix, code)) => {
            let prefix = prefix.trim();
            let scope = if prefix.eq_ignore_ascii_case("citizenship") {
                Scope::Citizenship
            } else {
                Scope::Stage(Stage::parse(prefix).ok_or_else(|| {
                    bad(
                        key,
                        v,
                        "the part before : must be origin, transit, destination, exploitation \
                         or citizenship",
                    )
                })?)
            };
            (scope, code.trim())
        }
    };
    Ok(CountryTerm {
        scope,
        code: parse_code(key, v, code)?,
    })
}

pub(super) fn parse_lang(key: &str, v: &str) -> Result<String, StatsError> {
    if v.eq_ignore_ascii_case(UNKNOWN) {
        return Ok(UNKNOWN.to_string());
    }
    if (2..=3).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(v.to_ascii_lowercase())
    } else {
        Err(bad(key, v, "expected a language code such as es, pt or en"))
    }
}

/// Free values are kept as typed (trimmed), except that any spelling of `unknown` is the key of
/// the missing value, as in tables.
pub(super) fn free_value(v: &str) -> String {
    if v.eq_ignore_ascii_case(UNKNOWN) {
        UNKNOWN.to_string()
    } else {
        v.to_string()
    }
}

pub(super) fn set_once<T: PartialEq>(
    slot: &mut Option<T>,
    value: T,
    key: &str,
    v: &str,
) -> Result<(), StatsError> {
    match slot {
        Some(old) if *old != value => Err(bad(key, v, "given twice with different values")),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}
