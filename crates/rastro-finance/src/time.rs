//! Date-times with the UTC offset they were written in.
//!
//! A transaction's time is compared across accounts and countries (windows, ordering), so it is
//! kept as seconds since 1970 in UTC; the offset is kept too, because the hour of day that a
//! red flag speaks of ("cash at unusual hours") is the local one. A time without a zone cannot
//! be placed on the line, so it is refused rather than guessed.

use std::fmt;

use rastro_text::{civil_from_days, days_from_civil, days_in_month};
use serde::{Serialize, Serializer};

pub const SECONDS_PER_DAY: i64 = 86_400;

/// A moment, with the offset from UTC (in minutes) of the clock that wrote it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    utc: i64,
    offset_minutes: i16,
}

/// Why a date-time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("the date-time is empty")]
    Empty,
    #[error("{0:?} has no zone: add `Z` or an offset such as `-05:00`")]
    NoZone(String),
    #[error("{0:?} is not a date-time (write 2024-03-05T14:30:00-05:00)")]
    Form(String),
    #[error("{0:?} is not a real date")]
    Date(String),
    #[error("{0:?} is not a real time of day")]
    Time(String),
    #[error("{0:?} has an offset beyond ±18 hours")]
    Offset(String),
}

impl DateTime {
    /// From seconds since 1970-01-01T00:00:00Z and the offset of the local clock; `None` when
    /// the offset is beyond ±18 hours.
    pub fn from_utc(utc_seconds: i64, offset_minutes: i16) -> Option<DateTime> {
        (offset_minutes.abs() <= 18 * 60).then_some(DateTime {
            utc: utc_seconds,
            offset_minutes,
        })
    }

    /// From a local calendar date and clock time and the clock's offset.
    pub fn from_local(
        (year, month, day): (i32, u32, u32),
        (hour, minute, second): (u32, u32, u32),
        offset_minutes: i16,
    ) -> Option<DateTime> {
        if !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let local = days_from_civil(year, month, day) * SECONDS_PER_DAY
            + i64::from(hour * 3600 + minute * 60 + second.min(59));
        DateTime::from_utc(local - i64::from(offset_minutes) * 60, offset_minutes)
    }

    pub fn utc_seconds(self) -> i64 {
        self.utc
    }

    pub fn offset_minutes(self) -> i16 {
        self.offset_minutes
    }

    fn local_seconds(self) -> i64 {
        self.utc + i64::from(self.offset_minutes) * 60
    }

    /// The hour (0–23) on the local clock.
    pub fn local_hour(self) -> u8 {
        (self.local_seconds().rem_euclid(SECONDS_PER_DAY) / 3600) as u8
    }

    /// The local calendar date.
    pub fn local_date(self) -> (i32, u32, u32) {
        civil_from_days(self.local_seconds().div_euclid(SECONDS_PER_DAY))
    }

    /// The local date as `YYYY-MM-DD`.
    pub fn date_text(self) -> String {
        let (y, m, d) = self.local_date();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// Reads `2024-03-05T14:30:00-05:00` and its common variants: a space instead of `T`, `/`
    /// in the date, day-first dates (`05/03/2024 14:30`, as the region writes them, never
    /// month-first), seconds and fractions optional (fractions are dropped), and a zone written
    /// `Z`, `UTC`, `GMT`, `-05:00`, `-0500`, `-05`, `UTC-5` or `GMT-03:00`, with or without a
    /// space before it. A time without a zone is refused.
    pub fn parse(text: &str) -> Result<DateTime, TimeError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TimeError::Empty);
        }
        let form = || TimeError::Form(text.to_string());
        let date_len = text.find(['T', 't', ' ']).unwrap_or(text.len());
        let (date_part, rest) = text.split_at(date_len);
        let (year, month, day) = parse_date(date_part).ok_or_else(form)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(TimeError::Date(text.to_string()));
        }
        let rest = rest.get(1..).unwrap_or("").trim_start();
        if rest.is_empty() {
            return Err(TimeError::NoZone(text.to_string()));
        }
        let (clock, zone) = split_clock(rest);
        let (hour, minute, second) = parse_clock(clock).ok_or_else(form)?;
        if hour > 23 || minute > 59 || second > 60 {
            return Err(TimeError::Time(text.to_string()));
        }
        let zone = zone.trim();
        if zone.is_empty() {
            return Err(TimeError::NoZone(text.to_string()));
        }
        let offset = parse_zone(zone).ok_or_else(form)?;
        if offset.abs() > 18 * 60 {
            return Err(TimeError::Offset(text.to_string()));
        }
        DateTime::from_local((year, month, day), (hour, minute, second), offset)
            .ok_or_else(|| TimeError::Time(text.to_string()))
    }
}

/// `YYYY-MM-DD`, `YYYY/MM/DD` or day-first `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`.
fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !all_digits(p)) {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok();
    if parts[0].len() == 4 && parts[1].len() <= 2 && parts[2].len() <= 2 {
        Some((n(parts[0])? as i32, n(parts[1])?, n(parts[2])?))
    } else if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        Some((n(parts[2])? as i32, n(parts[1])?, n(parts[0])?))
    } else {
        None
    }
}

/// Splits `14:30:00.123-05:00` into the clock and the zone.
fn split_clock(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(text.len());
    text.split_at(end)
}

fn parse_clock(text: &str) -> Option<(u32, u32, u32)> {
    let text = text.split(['.', ',']).next()?;
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2 || !all_digits(p)) {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok();
    let second = if parts.len() == 3 { n(parts[2])? } else { 0 };
    Some((n(parts[0])?, n(parts[1])?, second))
}

/// Offset in minutes from `Z`, `UTC`, `GMT`, `±HH:MM`, `±HHMM`, `±HH`, `UTC±H`.
fn parse_zone(text: &str) -> Option<i16> {
    let upper = text.to_ascii_uppercase();
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .map(str::trim)
        .unwrap_or(upper.as_str());
    if rest.is_empty() || rest == "Z" {
        return Some(0);
    }
    let (sign, digits) = match rest.as_bytes()[0] {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    if hours.is_empty() || hours.len() > 2 || !all_digits(hours) || !all_digits(minutes) {
        return None;
    }
    let hours: i16 = hours.parse().ok()?;
    let minutes: i16 = minutes.parse().ok()?;
    if minutes > 59 {
        return None;
    }
    Some(sign * (hours * 60 + minutes))
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    /// By the moment, then by offset, so that the order is total.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.utc, self.offset_minutes).cmp(&(other.utc, other.offset_minutes))
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339 on the local clock: `2024-03-05T14:30:00-05:00`, `Z` for UTC.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.local_seconds();
        let (y, mo, d) = civil_from_days(local.div_euclid(SECONDS_PER_DAY));
        let secs = local.rem_euclid(SECONDS_PER_DAY);
        write!(
            f,
            "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )?;
        if self.offset_minutes == 0 {
            f.write_str("Z")
        } else {
            let sign = if self.offset_minutes < 0 { '-' } else { '+' };
            let abs = self.offset_minutes.unsigned_abs();
            write!(f, "{sign}{:02}:{:02}", abs / 60, abs % 60)
        }
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Read back as written: a date-time with its zone (a kept alert's time).
impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        DateTime::parse(&text).map_err(|e| serde::de::Error::custom(format!("{text:?}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        DateTime::parse(s)
            .map(|d| d.to_string())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn common_forms_with_a_zone() {
        assert_eq!(
            text("2024-03-05T14:30:00-05:00"),
            "2024-03-05T14:30:00-05:00"
        );
        assert_eq!(text("2024-03-05 14:30-0500"), "2024-03-05T14:30:00-05:00");
        assert_eq!(text("2024/03/05 14:30:00.250Z"), "2024-03-05T14:30:00Z");
        assert_eq!(text("05/03/2024 14:30 UTC-3"), "2024-03-05T14:30:00-03:00");
        assert_eq!(
            text("5.3.2024 09:05:07 GMT-03:00"),
            "2024-03-05T09:05:07-03:00"
        );
        assert_eq!(
            text("2024-03-05T14:30:00 +05:30"),
            "2024-03-05T14:30:00+05:30"
        );
        assert_eq!(text("2024-03-05T14:30:00 UTC"), "2024-03-05T14:30:00Z");
    }

    #[test]
    fn the_same_moment_in_two_zones_is_equal_in_utc() {
        let a = DateTime::parse("2024-03-05T14:30:00-05:00").unwrap();
        let b = DateTime::parse("2024-03-05T16:30:00-03:00").unwrap();
        assert_eq!(a.utc_seconds(), b.utc_seconds());
        assert_eq!(a.local_hour(), 14);
        assert_eq!(b.local_hour(), 16);
        let late = DateTime::parse("2024-03-05T23:30:00-05:00").unwrap();
        assert_eq!(late.local_hour(), 23);
        assert_eq!(late.local_date(), (2024, 3, 5));
    }

    #[test]
    fn refusals_say_why() {
        assert!(matches!(
            DateTime::parse("2024-03-05T14:30:00"),
            Err(TimeError::NoZone(_))
        ));
        assert!(matches!(
            DateTime::parse("2024-03-05"),
            Err(TimeError::NoZone(_))
        ));
        assert!(matches!(
            DateTime::parse("2023-02-29T10:00Z"),
            Err(TimeError::Date(_))
        ));
        assert!(matches!(
            DateTime::parse("2024-03-05T25:00Z"),
            Err(TimeError::Time(_))
        ));
        assert!(matches!(
            DateTime::parse("2024-03-05T10:00+19:00"),
            Err(TimeError::Offset(_))
        ));
        assert!(matches!(
            DateTime::parse("March 5"),
            Err(TimeError::Form(_))
        ));
        assert!(matches!(
            DateTime::parse("2024-03-05T10:00 EST"),
            Err(TimeError::Form(_))
        ));
        assert!(matches!(DateTime::parse(""), Err(TimeError::Empty)));
    }
}
