//! Dates as typed in case files: `19810407`, `1981-04-07`, `07/04/1981`. Parsing is lenient on
//! purpose: a typo that makes month 13 is still a date whose year and day can agree with another.
//! The fields are split by `rastro_text::split_numeric_date`, as strict readers split them; only
//! what is accepted afterwards differs.

use rastro_text::{days_from_civil, split_numeric_date};

pub use rastro_text::DateOrder;

/// A date's parts as written; not checked against the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ymd {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Ymd {
    /// Days since 1970-01-01, for "within N days". Impossible dates get a nearby number: the
    /// month is clamped to 1–12 and a day past the month's end counts on into the next month.
    pub fn day_number(self) -> i64 {
        days_from_civil(
            i32::from(self.year),
            u32::from(self.month.clamp(1, 12)),
            u32::from(self.day),
        )
    }

    /// How many of year, month and day differ.
    pub fn parts_differing(self, other: Ymd) -> u8 {
        u8::from(self.year != other.year)
            + u8::from(self.month != other.month)
            + u8::from(self.day != other.day)
    }
}

/// Parses a date; `None` when the text has no recognisable year, month and day.
///
/// After the date, one more word is tolerated ("1981-04-07 approx"), or a time and anything
/// after it ("07/04/1981 10:00 a.m."); more words than that are a different value.
pub fn parse(text: &str, order: DateOrder) -> Option<Ymd> {
    let date = split_numeric_date(text, order)?;
    let mut after = date
        .trailing()
        .split(['-', '/', '.', ' '])
        .filter(|w| !w.is_empty());
    let time_follows = after.next().is_some_and(|w| w.contains(':'));
    if after.next().is_some() && !time_follows {
        return None;
    }
    if date.month > 99 || date.day > 99 {
        return None;
    }
    Some(Ymd {
        year: u16::try_from(date.year).ok()?,
        month: date.month as u8,
        day: date.day as u8,
    })
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
    fn loose_writing_is_read_as_before() {
        assert_eq!(parse("07 04 1981", DateOrder::Dmy), Some(ymd(1981, 4, 7)));
        assert_eq!(parse("-1981-04-07-", DateOrder::Dmy), Some(ymd(1981, 4, 7)));
        assert_eq!(
            parse("1981-04-07 approx", DateOrder::Dmy),
            Some(ymd(1981, 4, 7))
        );
        assert_eq!(
            parse("07/04/1981 10:00 a.m.", DateOrder::Dmy),
            Some(ymd(1981, 4, 7))
        );
        assert_eq!(parse("07/04/1981 10 am", DateOrder::Dmy), None);
        assert_eq!(parse("1981-04-100", DateOrder::Dmy), None);
    }

    #[test]
    fn day_numbers_and_parts() {
        let a = ymd(1981, 4, 7);
        assert_eq!(ymd(1981, 4, 8).day_number() - a.day_number(), 1);
        assert_eq!(ymd(1982, 4, 7).day_number() - a.day_number(), 365);
        assert_eq!(ymd(1970, 1, 1).day_number(), 0);
        assert_eq!(a.parts_differing(ymd(1981, 7, 4)), 2);
        assert_eq!(a.parts_differing(ymd(1980, 4, 7)), 1);
    }

    /// The old numbering counted a leap year's February 29 from 1 January on, so 2024-02-29 and
    /// 2024-03-01 had the same number and every January and February date of a leap year sat
    /// one day late.
    #[test]
    fn day_numbers_are_right_across_leap_days() {
        assert_eq!(
            ymd(2024, 3, 1).day_number() - ymd(2024, 2, 28).day_number(),
            2
        );
        assert_eq!(
            ymd(2024, 3, 1).day_number() - ymd(2024, 2, 29).day_number(),
            1
        );
        assert_eq!(
            ymd(2024, 1, 1).day_number() - ymd(2023, 12, 31).day_number(),
            1
        );
        assert_eq!(
            ymd(2023, 3, 1).day_number() - ymd(2023, 2, 28).day_number(),
            1
        );
        // Impossible dates still get a number near the one meant.
        assert_eq!(ymd(2023, 13, 5).day_number(), ymd(2023, 12, 5).day_number());
        assert_eq!(ymd(2023, 2, 30).day_number(), ymd(2023, 3, 2).day_number());
    }
}
