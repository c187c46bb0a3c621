//! Partial dates: a year, a year and month, or a full date.
//!
//! Watchlists give a birth year where the day is unknown, and news gives "in March 2024" as
//! often as a day. Keeping how much is known, instead of inventing 1 January, lets a comparison
//! tell "same year" from "same day", and lets an event span the whole month it may have been in.

use std::fmt;
use std::ops::RangeInclusive;

use super::civil::{days_from_civil, days_in_month};

/// A possibly partial date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). Parsed ones are always real
/// calendar dates: the month is 1–12 and the day exists in that month of that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a date was not accepted. The messages are shown to users (watchlist import reports quote
/// them), so their wording is part of the interface.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartialDateError {
    #[error("not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")]
    Format,
    #[error("no such date (month {month}, day {day:?} of year {year})")]
    Impossible {
        year: u16,
        month: u8,
        day: Option<u8>,
    },
    #[error("year {year} is outside {min}–{max}")]
    Year { year: u16, min: u16, max: u16 },
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a year in `years`; a time part after `T` or
    /// a space is ignored (FollowTheMoney exports and publication timestamps carry one).
    ///
    /// Each reader chooses its years: birth dates on a watchlist are not medieval, an event in
    /// the news may be any year the text names.
    pub fn parse(text: &str, years: RangeInclusive<u16>) -> Result<PartialDate, PartialDateError> {
        let text = text.trim();
        let date = text.split(['T', ' ']).next().unwrap_or("");
        let mut fields = date.split('-');
        let year = number(fields.next(), 4)?;
        let month = fields.next().map(|m| number(Some(m), 2)).transpose()?;
        let day = fields.next().map(|d| number(Some(d), 2)).transpose()?;
        if fields.next().is_some() {
            return Err(PartialDateError::Format);
        }
        if !years.contains(&year) {
            return Err(PartialDateError::Year {
                year,
                min: *years.start(),
                max: *years.end(),
            });
        }
        PartialDate::new(year, month, day)
    }

    /// A date from its parts, checked against the calendar; a day needs a month.
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Result<Self, PartialDateError> {
        match (month, day) {
            (None, None) => {}
            (None, Some(_)) => return Err(PartialDateError::Format),
            (Some(m), day) => {
                let last = days_in_month(i32::from(year), u32::from(m));
                let valid_day = day.is_none_or(|d| d >= 1 && u32::from(d) <= last);
                if !(1..=12).contains(&m) || !valid_day {
                    return Err(PartialDateError::Impossible {
                        year,
                        month: m,
                        day,
                    });
                }
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// The first day the date may be, as a day number from 1970-01-01 (see
    /// [`crate::days_from_civil`]): 1 January of a bare year, the 1st of a bare month.
    pub fn first_day(self) -> i64 {
        days_from_civil(
            i32::from(self.year),
            u32::from(self.month.unwrap_or(1)),
            u32::from(self.day.unwrap_or(1)),
        )
    }

    /// The last day the date may be, as a day number from 1970-01-01: 31 December of a bare year,
    /// the last day of a bare month (29 February in a leap year).
    pub fn last_day(self) -> i64 {
        let year = i32::from(self.year);
        let month = u32::from(self.month.unwrap_or(12));
        let day = self
            .day
            .map_or_else(|| days_in_month(year, month), u32::from);
        days_from_civil(year, month, day)
    }
}

fn number<T: TryFrom<u32>>(field: Option<&str>, digits: usize) -> Result<T, PartialDateError> {
    match field {
        Some(f) if f.len() == digits && f.bytes().all(|b| b.is_ascii_digit()) => f
            .parse::<u32>()
            .ok()
            .and_then(|n| T::try_from(n).ok())
            .ok_or(PartialDateError::Format),
        _ => Err(PartialDateError::Format),
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEARS: RangeInclusive<u16> = 1800..=2100;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s, YEARS).unwrap_or(PartialDate {
            year: 0,
            month: None,
            day: None,
        })
    }

    #[test]
    fn parses_partial_dates() {
        assert_eq!(d("1980").month, None);
        assert_eq!(d("1980-02").month, Some(2));
        assert_eq!(d("1980-02-29").day, Some(29));
        assert_eq!(d("1980-02-29T00:00:00").to_string(), "1980-02-29");
        assert_eq!(d(" 2024-05-02 10:00 ").to_string(), "2024-05-02");
    }

    #[test]
    fn rejects_impossible_dates_with_the_words_users_see() {
        let err = |s: &str| {
            PartialDate::parse(s, YEARS)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            err("2023-02-29"),
            "no such date (month 2, day Some(29) of year 2023)"
        );
        assert_eq!(
            err("1980-13"),
            "no such date (month 13, day None of year 1980)"
        );
        assert_eq!(err("1700-01-01"), "year 1700 is outside 1800–2100");
        assert_eq!(err("0000"), "year 0 is outside 1800–2100");
        assert_eq!(
            err("80"),
            "not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"
        );
        for bad in ["1980-00-10", "1980/02/03", "", "1980-02-03-04", "1980-2-03"] {
            assert!(PartialDate::parse(bad, YEARS).is_err(), "{bad}");
        }
        assert!(PartialDate::parse("1700", 1000..=9999).is_ok());
    }

    #[test]
    fn checked_parts_need_a_month_for_a_day() {
        assert!(PartialDate::new(2024, None, Some(3)).is_err());
        assert!(PartialDate::new(2024, Some(2), Some(29)).is_ok());
        assert!(PartialDate::new(2023, Some(2), Some(29)).is_err());
    }

    #[test]
    fn spans_cover_what_is_known() {
        let feb = d("2024-02");
        assert_eq!(feb.last_day() - feb.first_day(), 28);
        assert_eq!(feb.last_day(), days_from_civil(2024, 2, 29));
        let feb = d("2023-02");
        assert_eq!(feb.last_day(), days_from_civil(2023, 2, 28));
        let year = d("2024");
        assert_eq!(year.last_day() - year.first_day(), 365);
        let day = d("2024-02-29");
        assert_eq!(day.first_day(), day.last_day());
    }
}
