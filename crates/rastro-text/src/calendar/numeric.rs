//! Dates written in numbers, split into year, month and day before anything is checked.
//!
//! Case files write `19810407`, `1981-04-07`, `07/04/1981` or, in the United States, `04/07/1981`.
//! Import must refuse what is not a real day, while record linkage keeps a typed month 13 on
//! purpose (its year and day can still agree with another record). Both read the fields the same
//! way here, and each then applies its own checks, so they cannot split a date differently.

use serde::Deserialize;

/// The order of day and month when a date has separators and does not start with the year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day first (the Latin American and European habit) unless the year comes first.
    #[default]
    Dmy,
    /// Month first (United States habit) unless the year comes first.
    Mdy,
}

/// Where the year was in a numeric date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateLayout {
    /// `YYYYMMDD`, eight digits and nothing else.
    Compact,
    /// `Y-M-D`: the first field has four digits.
    YearFirst,
    /// `D-M-Y` or `M-D-Y` by the [`DateOrder`]: the last field has four digits.
    YearLast,
}

/// The fields of a numeric date as written: not checked against the calendar, so month 13 or
/// day 0 come through. Each field had one to four digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumericDate<'a> {
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub layout: DateLayout,
    plain: bool,
    trailing: &'a str,
}

impl<'a> NumericDate<'a> {
    /// Written the plain way: nothing before the first field, exactly one `-`, `/` or `.`
    /// between the fields, and after the third nothing, or a time part after `T` or a space.
    /// Strict readers accept only these.
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// What follows the third field's word (a time after `T` is part of that word), from the
    /// separator after it: for readers that decide what they accept after a date.
    pub fn trailing(&self) -> &'a str {
        self.trailing
    }
}

/// Characters that separate the fields of a date.
const SEPARATORS: [char; 4] = ['-', '/', '.', ' '];

/// Splits a date written in numbers: `YYYYMMDD`, or three fields separated by `-`, `/`, `.` or
/// spaces, the year first (four digits) or last (four digits, day and month in `order`). A time
/// after `T` in the third field is ignored. `None` when the text is neither.
pub fn split_numeric_date(text: &str, order: DateOrder) -> Option<NumericDate<'_>> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() == 8 && bytes.iter().all(u8::is_ascii_digit) {
        return Some(NumericDate {
            year: number(&text[0..4])?,
            month: number(&text[4..6])?,
            day: number(&text[6..8])?,
            layout: DateLayout::Compact,
            plain: false,
            trailing: "",
        });
    }
    let body = text.trim_start_matches(SEPARATORS);
    let leading = body.len() != text.len();
    let (first, rest) = word(body);
    let (between_1, rest) = separators(rest);
    let (second, rest) = word(rest);
    let (between_2, rest) = separators(rest);
    let (third_word, trailing) = word(rest);
    if first.is_empty() || second.is_empty() || third_word.is_empty() {
        return None;
    }
    let (third, time) = match third_word.split_once('T') {
        Some((date, _)) => (date, true),
        None => (third_word, false),
    };
    let (y, m, d, layout) = if first.len() == 4 {
        (first, second, third, DateLayout::YearFirst)
    } else if third.len() == 4 {
        match order {
            DateOrder::Dmy => (third, second, first, DateLayout::YearLast),
            DateOrder::Mdy => (third, first, second, DateLayout::YearLast),
        }
    } else {
        return None;
    };
    let single = |s: &str| matches!(s, "-" | "/" | ".");
    let plain = !leading
        && single(between_1)
        && single(between_2)
        && (time || trailing.is_empty() || trailing.starts_with(' '));
    Some(NumericDate {
        year: number(y)?,
        month: number(m)?,
        day: number(d)?,
        layout,
        plain,
        trailing,
    })
}

/// The text up to the next separator, and the rest.
fn word(text: &str) -> (&str, &str) {
    text.split_at(text.find(SEPARATORS).unwrap_or(text.len()))
}

/// The separators at the start of the text, and the rest.
fn separators(text: &str) -> (&str, &str) {
    let rest = text.trim_start_matches(SEPARATORS);
    (&text[..text.len() - rest.len()], rest)
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

    fn ymd(text: &str, order: DateOrder) -> Option<(u32, u32, u32, bool)> {
        split_numeric_date(text, order).map(|d| (d.year, d.month, d.day, d.is_plain()))
    }

    #[test]
    fn splits_the_common_forms() {
        let dmy = DateOrder::Dmy;
        assert_eq!(ymd("19810407", dmy), Some((1981, 4, 7, false)));
        assert_eq!(ymd("1981-04-07", dmy), Some((1981, 4, 7, true)));
        assert_eq!(ymd("07/04/1981", dmy), Some((1981, 4, 7, true)));
        assert_eq!(ymd("04/07/1981", DateOrder::Mdy), Some((1981, 4, 7, true)));
        assert_eq!(ymd("30.07.2023", dmy), Some((2023, 7, 30, true)));
        assert_eq!(ymd("1981-04-07T00:00:00", dmy), Some((1981, 4, 7, true)));
        assert_eq!(ymd("30/07/2023 10:00", dmy), Some((2023, 7, 30, true)));
        assert_eq!(ymd("19811307", dmy), Some((1981, 13, 7, false)));
    }

    #[test]
    fn loose_writing_splits_but_is_not_plain() {
        let dmy = DateOrder::Dmy;
        assert_eq!(ymd("07 04 1981", dmy), Some((1981, 4, 7, false)));
        assert_eq!(ymd("1981--04-07", dmy), Some((1981, 4, 7, false)));
        assert_eq!(ymd("-1981-04-07", dmy), Some((1981, 4, 7, false)));
        assert_eq!(ymd("1981-04-07-", dmy), Some((1981, 4, 7, false)));
        let d = split_numeric_date("1981-04-07 a b", dmy);
        assert_eq!(d.map(|d| d.trailing()), Some(" a b"));
    }

    #[test]
    fn refuses_what_is_not_three_numbers() {
        let dmy = DateOrder::Dmy;
        for text in [
            "",
            "abril 1981",
            "1981",
            "81-04-07",
            "1981-4",
            "12345-04-07",
            "1981-0a-07",
            "2023-07-T30",
            "30Z-07-2023",
        ] {
            assert_eq!(ymd(text, dmy), None, "{text}");
        }
    }
}
