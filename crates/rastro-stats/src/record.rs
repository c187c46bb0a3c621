//! The flat record the engine counts. The store turns HTCDS case records and news incidents into
//! these, keeping only the fields statistics need, so the engine never sees a name or free text.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::attribute::Attribute;

use crate::error::StatsError;

/// A calendar month. Statistics are monthly at the finest because a day would narrow a person
/// down too far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
}

impl YearMonth {
    /// `None` when the month is not 1–12.
    pub fn new(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    /// Strict `YYYY-MM`, as `FromStr`.
    pub fn parse(s: &str) -> Result<Self, StatsError> {
        s.parse()
    }

    /// Months since year 0, so that ranges of months are ranges of integers. The fields are public,
    /// so a month outside 1–12 is possible; it is clamped rather than trusted.
    pub(crate) fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month.clamp(1, 12)) - 1
    }

    pub(crate) fn from_index(index: i64) -> Self {
        let year = index.div_euclid(12);
        let year = i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX });
        // rem_euclid(12) is in 0..12, so the month always fits.
        let month = u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1);
        Self { year, month }
    }

    /// The month `n` months later (earlier when negative).
    pub fn add_months(self, n: i64) -> Self {
        Self::from_index(self.index().saturating_add(n))
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = StatsError;

    /// Strict `YYYY-MM`; a bare year is a range, so its meaning depends on the caller (the
    /// filter reads it as January for `from` and December for `to`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |reason: &str| StatsError::BadMonth {
            value: s.to_string(),
            reason: reason.to_string(),
        };
        let (year, month) = s.split_once('-').ok_or_else(|| bad("expected YYYY-MM"))?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("the year must have four digits"));
        }
        if month.is_empty() || month.len() > 2 || !month.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("the month must be one or two digits"));
        }
        let year: i32 = year.parse().map_err(|_| bad("the year is not a number"))?;
        let month: u8 = month
            .parse()
            .map_err(|_| bad("the month is not a number"))?;
        Self::new(year, month).ok_or_else(|| bad("the month must be between 01 and 12"))
    }
}

/// Where a record came from. Cases are people an organisation assisted; news are reports, several
/// of which may describe one event.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    #[default]
    Case,
    News,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Case => "case",
            Source::News => "news",
        }
    }
}

impl FromStr for Source {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("case") {
            Ok(Source::Case)
        } else if s.eq_ignore_ascii_case("news") {
            Ok(Source::News)
        } else {
            Err(())
        }
    }
}

/// A stage of the trafficking route, as HTCDS records countries per stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Origin,
    Transit,
    Destination,
    Exploitation,
}

impl Stage {
    /// The stages a flow diagram draws; exploitation is folded into destination there, since it is
    /// where people end up.
    pub const ROUTE: [Stage; 3] = [Stage::Origin, Stage::Transit, Stage::Destination];
    pub const ALL: [Stage; 4] = [
        Stage::Origin,
        Stage::Transit,
        Stage::Destination,
        Stage::Exploitation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Origin => "origin",
            Stage::Transit => "transit",
            Stage::Destination => "destination",
            Stage::Exploitation => "exploitation",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL
            .into_iter()
            .find(|stage| stage.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One case or one news report, reduced to what statistics count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub source: Source,
    /// The owning organisation's name.
    pub org: String,
    /// News only: `es`, `pt` or `en`.
    pub lang: Option<String>,
    /// News only: the outlet that published it, as its web address's host (`elcomercio.pe`).
    pub outlet: Option<String>,
    /// When it happened (the earliest date known).
    pub month: Option<YearMonth>,
    pub sex: Option<String>,
    /// For example `18-29`.
    pub age_band: Option<String>,
    /// Forms of exploitation, for example `sexual`, `labour`.
    pub forms: Vec<String>,
    /// ISO 3166 alpha-2 codes.
    pub citizenship: Vec<String>,
    pub origin: Vec<String>,
    pub transit: Vec<String>,
    pub destination: Vec<String>,
    pub exploitation: Vec<String>,
    /// Cases only: the values of categorical HTCDS fields (several per field for lists).
    pub attributes: Vec<(Attribute, String)>,
    /// News only: the linked event. Several outlets reporting one event are one event, so records
    /// sharing it count once.
    pub event: Option<String>,
    /// News only: victims reported; read only by `Measure::Victims`.
    pub victims: Option<u64>,
}

/// The records a table counts: one slice, or the parts of a collection that grows by appending
/// (a cache that adds what was stored since it was read keeps its earlier parts as they are,
/// instead of copying a million records to add a few).
pub trait Records {
    fn each(&self) -> impl Iterator<Item = &Record>;
}

impl Records for [Record] {
    fn each(&self) -> impl Iterator<Item = &Record> {
        self.iter()
    }
}

impl Records for Vec<Record> {
    fn each(&self) -> impl Iterator<Item = &Record> {
        self.iter()
    }
}

impl<const N: usize> Records for [Record; N] {
    fn each(&self) -> impl Iterator<Item = &Record> {
        self.iter()
    }
}

impl Record {
    /// The record's countries at one stage.
    pub fn countries(&self, stage: Stage) -> &[String] {
        match stage {
            Stage::Origin => &self.origin,
            Stage::Transit => &self.transit,
            Stage::Destination => &self.destination,
            Stage::Exploitation => &self.exploitation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_month_parses_and_prints() {
        let m: YearMonth = "2024-03".parse().unwrap();
        assert_eq!(
            m,
            YearMonth {
                year: 2024,
                month: 3
            }
        );
        assert_eq!(m.to_string(), "2024-03");
        assert_eq!("2024-3".parse::<YearMonth>().unwrap().month, 3);
        for bad in [
            "2024", "2024-13", "2024-00", "24-01", "2024-001", "abcd-01", "2024-",
        ] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        let m = YearMonth::new(2024, 2).unwrap();
        assert_eq!(m.add_months(-12), YearMonth::new(2023, 2).unwrap());
        assert_eq!(m.add_months(-2), YearMonth::new(2023, 12).unwrap());
        assert_eq!(m.add_months(11), YearMonth::new(2025, 1).unwrap());
        assert_eq!(YearMonth::from_index(m.index()), m);
    }
}
