//! Birth dates as watchlists give them (a year, a year and month, or a full date), and how two
//! of them relate. The date type itself is `rastro-text`'s [`PartialDate`], shared with every
//! engine; screening decides which years a birth date may have and what a near miss means.

use std::ops::RangeInclusive;

use rastro_text::{PartialDate, PartialDateError};

/// Birth years a watchlist entry or a query may give: older or later ones are typing errors.
pub const BIRTH_YEARS: RangeInclusive<u16> = 1800..=2100;

/// Parses a birth date as screening accepts it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time part
/// ignored), a real calendar date, in [`BIRTH_YEARS`]. The error's message is what import reports
/// show for the row.
pub fn parse_birth_date(text: &str) -> Result<PartialDate, PartialDateError> {
    PartialDate::parse(text, BIRTH_YEARS)
}

/// How two birth dates relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateMatch {
    /// Same full date.
    Exact,
    /// Agree as far as the less precise one goes (same year, or same year and month).
    SameYear,
    /// Same year, day and month swapped (03-04 / 04-03): a common data-entry error.
    DayMonthSwapped,
    /// Full dates one year apart with the same day and month, or a one-digit slip in the day.
    Near,
    /// Only years known (on one side at least), one year apart: birth years worked out from an
    /// age are often off by one.
    AdjacentYear,
    /// Close but not the same: bare years that differ in one digit only (1961 / 1966) or by two
    /// or three years (a keying slip or an estimated year), or full dates of the same year less
    /// than a month apart (day and month both slipped). Weak evidence against, which a very
    /// strong name agreement can outweigh.
    Close,
    /// Full dates in the same year that differ otherwise: a clerk's slip or another person.
    SameYearOtherDay,
    /// Dates that cannot be the same person's.
    Conflict,
}

impl DateMatch {
    pub fn as_str(self) -> &'static str {
        match self {
            DateMatch::Exact => "exact",
            DateMatch::SameYear => "same_year",
            DateMatch::DayMonthSwapped => "day_month_swapped",
            DateMatch::Near => "near",
            DateMatch::AdjacentYear => "adjacent_year",
            DateMatch::Close => "close",
            DateMatch::SameYearOtherDay => "same_year_other_day",
            DateMatch::Conflict => "conflict",
        }
    }
}

/// Compares two birth dates.
///
/// A 1 January date that does not agree exactly is compared as a bare year: registries put
/// 1 January when only the year is known, so its day and month are not evidence.
pub fn compare_dates(a: PartialDate, b: PartialDate) -> DateMatch {
    if a != b && (is_placeholder(a) || is_placeholder(b)) {
        return compare_known(year_only(a), year_only(b));
    }
    compare_known(a, b)
}

/// How many years apart two birth dates are: between the middles of the days they may stand
/// for (a bare year is its middle; 1 January stands for the year, as in [`compare_dates`]).
pub fn years_apart(a: PartialDate, b: PartialDate) -> f64 {
    let (a, b) = if a != b && (is_placeholder(a) || is_placeholder(b)) {
        (year_only(a), year_only(b))
    } else {
        (a, b)
    };
    let middle = |d: PartialDate| (d.first_day() + d.last_day()) as f64 / 2.0;
    (middle(a) - middle(b)).abs() / 365.25
}

fn is_placeholder(d: PartialDate) -> bool {
    d.month == Some(1) && d.day == Some(1)
}

fn year_only(d: PartialDate) -> PartialDate {
    if is_placeholder(d) {
        PartialDate {
            month: None,
            day: None,
            ..d
        }
    } else {
        d
    }
}

fn compare_known(a: PartialDate, b: PartialDate) -> DateMatch {
    match (a.month, a.day, b.month, b.day) {
        (Some(am), Some(ad), Some(bm), Some(bd)) => {
            if a.year == b.year && am == bm && ad == bd {
                DateMatch::Exact
            } else if a.year == b.year && am == bd && ad == bm {
                DateMatch::DayMonthSwapped
            } else if (year_slip(a.year, b.year) && am == bm && ad == bd)
                || (a.year == b.year
                    && am == bm
                    && (one_digit_apart(ad, bd) || ad.abs_diff(bd) <= 2))
                || (a.year == b.year && ad == bd && one_digit_apart(am, bm))
            {
                DateMatch::Near
            } else if a.year == b.year
                && ad != bd
                && am != bm
                && day_of_year(am, ad).abs_diff(day_of_year(bm, bd)) <= 31
            {
                DateMatch::Close
            } else if a.year == b.year {
                DateMatch::SameYearOtherDay
            } else {
                DateMatch::Conflict
            }
        }
        _ => {
            if a.year.abs_diff(b.year) == 1 {
                return DateMatch::AdjacentYear;
            }
            if a.year != b.year && (year_slip(a.year, b.year) || a.year.abs_diff(b.year) <= 3) {
                return DateMatch::Close;
            }
            if a.year != b.year {
                return DateMatch::Conflict;
            }
            match (a.month, b.month) {
                (Some(am), Some(bm)) if am != bm => DateMatch::Conflict,
                _ => DateMatch::SameYear,
            }
        }
    }
}

/// Approximate day of the year, enough to tell dates within a month of each other.
fn day_of_year(month: u8, day: u8) -> u16 {
    u16::from(month) * 31 + u16::from(day)
}

/// One year apart, or one digit of the four mistyped.
fn year_slip(a: u16, b: u16) -> bool {
    if a.abs_diff(b) == 1 {
        return true;
    }
    let differing = (0..4)
        .filter(|i| (a / 10u16.pow(*i)) % 10 != (b / 10u16.pow(*i)) % 10)
        .count();
    differing == 1
}

/// Day or month numbers one keystroke apart: one digit changed (13 / 18) or one dropped or
/// added when written without a leading zero (1 / 12, 2 / 22).
fn one_digit_apart(a: u8, b: u8) -> bool {
    let (a1, a0, b1, b0) = (a / 10, a % 10, b / 10, b % 10);
    let changed = (a1 == b1) != (a0 == b0);
    let (short, long) = if a < b { (a, b) } else { (b, a) };
    let dropped = short < 10 && long >= 10 && (long / 10 == short || long % 10 == short);
    changed || dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        parse_birth_date(s).unwrap()
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(matches!(
            parse_birth_date("1981-02-29"),
            Err(PartialDateError::Impossible { .. })
        ));
        assert!(parse_birth_date("1980-13").is_err());
        assert!(parse_birth_date("1980-00-10").is_err());
        assert!(parse_birth_date("80").is_err());
        assert!(parse_birth_date("1980/02/03").is_err());
        assert!(parse_birth_date("").is_err());
        assert!(parse_birth_date("0000").is_err());
        assert!(parse_birth_date("1980-02-03-04").is_err());
    }

    /// Import reports quote these messages to the people who fix the list: word for word.
    #[test]
    fn error_messages_are_the_ones_users_know() {
        let message = |s: &str| parse_birth_date(s).err().map(|e| e.to_string());
        assert_eq!(
            message("1980-02-30").as_deref(),
            Some("no such date (month 2, day Some(30) of year 1980)")
        );
        assert_eq!(
            message("1980-13").as_deref(),
            Some("no such date (month 13, day None of year 1980)")
        );
        assert_eq!(
            message("1799-01-01").as_deref(),
            Some("year 1799 is outside 1800–2100")
        );
        assert_eq!(
            message("1980/02/03").as_deref(),
            Some("not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
        );
    }

    #[test]
    fn years_apart_reads_bare_years_and_placeholders_as_their_middle() {
        assert!((years_apart(d("1969-04-04"), d("1960-06-04")) - 8.83).abs() < 0.01);
        assert!((years_apart(d("1957"), d("1963-01-01")) - 6.0).abs() < 0.01);
        assert!(years_apart(d("1980"), d("1980-07-02")) < 0.01);
        assert_eq!(years_apart(d("1966-01-01"), d("1966-01-01")), 0.0);
    }

    #[test]
    fn compares_dates() {
        assert_eq!(
            compare_dates(d("1980-03-04"), d("1980-03-04")),
            DateMatch::Exact
        );
        assert_eq!(
            compare_dates(d("1980-03-04"), d("1980-04-03")),
            DateMatch::DayMonthSwapped
        );
        assert_eq!(
            compare_dates(d("1980"), d("1980-04-03")),
            DateMatch::SameYear
        );
        assert_eq!(
            compare_dates(d("1980-05"), d("1980-04-03")),
            DateMatch::Conflict
        );
        assert_eq!(
            compare_dates(d("1981-04-03"), d("1980-04-03")),
            DateMatch::Near
        );
        assert_eq!(
            compare_dates(d("1980-04-13"), d("1980-04-18")),
            DateMatch::Near
        );
        assert_eq!(
            compare_dates(d("1980-04-13"), d("1980-06-18")),
            DateMatch::SameYearOtherDay
        );
        assert_eq!(
            compare_dates(d("1981-04-13"), d("1980-06-18")),
            DateMatch::Conflict
        );
        assert_eq!(compare_dates(d("1975"), d("1980")), DateMatch::Conflict);
        assert_eq!(compare_dates(d("1961"), d("1966")), DateMatch::Close);
        assert_eq!(compare_dates(d("1988"), d("1991")), DateMatch::Close);
        assert_eq!(compare_dates(d("1956"), d("1963")), DateMatch::Conflict);
        assert_eq!(compare_dates(d("1956"), d("1956")), DateMatch::SameYear);
        assert_eq!(
            compare_dates(d("1967-04-25"), d("1957-04-25")),
            DateMatch::Near
        );
        assert_eq!(
            compare_dates(d("1961-11-01"), d("1961-10-01")),
            DateMatch::Near
        );
        assert_eq!(
            compare_dates(d("1980-01-19"), d("1980-12-19")),
            DateMatch::Near
        );
        assert_eq!(
            compare_dates(d("1980-03-19"), d("1980-12-19")),
            DateMatch::SameYearOtherDay
        );
        assert_eq!(
            compare_dates(d("1974-03-14"), d("1974-04-13")),
            DateMatch::Close
        );
        assert_eq!(
            compare_dates(d("1978-05-10"), d("1978-05-09")),
            DateMatch::Near
        );
        assert_eq!(
            compare_dates(d("1967-04-25"), d("1947-09-25")),
            DateMatch::Conflict
        );
        // 1 January stands for "year only" unless both sides give it.
        assert_eq!(
            compare_dates(d("1966-01-01"), d("1966-08-28")),
            DateMatch::SameYear
        );
        assert_eq!(
            compare_dates(d("1966-01-01"), d("1966-01-01")),
            DateMatch::Exact
        );
        assert_eq!(
            compare_dates(d("1966-01-01"), d("1975-08-28")),
            DateMatch::Conflict
        );
        assert_eq!(
            compare_dates(d("1975"), d("1976-01-02")),
            DateMatch::AdjacentYear
        );
    }
}
