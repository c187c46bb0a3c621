//! Dates as typed in case files: `19810407`, `1981-04-07`, `07/04/1981`. Parsing is lenient on
//! purpose: a typo that makes month 13 is still a date whose year and day can agree with another.

use serde::Deserialize;

/// The order of day, month and year when a date has separators and does not start with the year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day first (the Latin American and European habit) unless the year comes first.
    #[default]
    Dmy,
    /// Month first (United States habit) unless the year comes first.
    Mdy,
}

/// A date's parts as written; not checked against the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ymd {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Ymd {
    /// Days since year 0, approximately for impossible dates; used for "within N days".
    pub fn day_number(self) -> i64 {
        const CUMULATIVE: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        let y = i64::from(self.year);
        let m = usize::from(self.month.clamp(1, 12)) - 1;
        y * 365 + y / 4 - y / 100 + y / 400 + CUMULATIVE[m] + i64::from(self.day)
    }

    /// How many of year, month and day differ.
    pub fn parts_differing(self, other: Ymd) -> u8 {
        u8::from(self.year != other.year)
            + u8::from(self.month != other.month)
            + u8::from(self.day != other.day)
    }
}

/// Parses a date; `None` when the text has no recognisable year, month and day.
pub fn parse(text: &str, order: DateOrder) -> Option<Ymd> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() == 8 && bytes.iter().all(u8::is_ascii_digit) {
        return Some(Ymd {
            year: number(&text[0..4])? as u16,
            month: number(&text[4..6])? as u8,
            day: number(&text[6..8])? as u8,
        });
    }
    let mut parts = text.split(['-', '/', '.', ' ']).filter(|p| !p.is_empty());
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    let time_follows = parts.next().is_some_and(|p| p.contains(':'));
    if parts.next().is_some() && !time_follows {
        return None;
    }
    let c = c.split('T').next().unwrap_or(c);
    let (y, m, d) = if a.len() == 4 {
        (a, b, c)
    } else if c.len() == 4 {
        match order {
            DateOrder::Dmy => (c, b, a),
            DateOrder::Mdy => (c, a, b),
        }
    } else {
        return None;
    };
    let (month, day) = (number(m)?, number(d)?);
    if month > 99 || day > 99 {
        return None;
    }
    Some(Ymd {
        year: u16::try_from(number(y)?).ok()?,
        month: month as u8,
        day: day as u8,
    })
}

fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: u16, month: u8, day: u8) -> Ymd {
        Ymd { year, month, day }
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(parse("19810407", DateOrder::Dmy), Some(ymd(1981, 4, 7)));
        assert_eq!(parse("1981-04-07", DateOrder::Dmy), Some(ymd(1981, 4, 7)));
        assert_eq!(parse("07/04/1981", DateOrder::Dmy), Some(ymd(1981, 4, 7)));
        assert_eq!(parse("04/07/1981", DateOrder::Mdy), Some(ymd(1981, 4, 7)));
        assert_eq!(
            parse("1981-04-07T00:00:00", DateOrder::Dmy),
            Some(ymd(1981, 4, 7))
        );
        assert_eq!(parse("19811307", DateOrder::Dmy), Some(ymd(1981, 13, 7)));
        assert_eq!(parse("abril 1981", DateOrder::Dmy), None);
        assert_eq!(parse("", DateOrder::Dmy), None);
    }

    #[test]
    fn day_numbers_and_parts() {
        let a = ymd(1981, 4, 7);
        assert_eq!(ymd(1981, 4, 8).day_number() - a.day_number(), 1);
        assert_eq!(ymd(1982, 4, 7).day_number() - a.day_number(), 365);
        assert_eq!(a.parts_differing(ymd(1981, 7, 4)), 2);
        assert_eq!(a.parts_differing(ymd(1980, 4, 7)), 1);
    }
}
