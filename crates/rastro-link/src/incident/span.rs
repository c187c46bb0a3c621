//! When an event happened, shared by the readers of dates (publication and text) and the
//! comparison of two reports.

/// When an event happened, as a span of day numbers from 1970-01-01 (see
/// [`rastro_text::days_from_civil`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first: i64,
    pub last: i64,
}

impl Span {
    /// The event is known to the day.
    pub fn exact(self) -> bool {
        self.first == self.last
    }

    pub fn middle(self) -> i64 {
        // Rounded down on either side of 1970, so every span's middle moves with the span.
        (self.first + self.last).div_euclid(2)
    }

    /// Days between the spans; 0 when they overlap.
    pub fn gap(self, other: Span) -> i64 {
        (other.first - self.last)
            .max(self.first - other.last)
            .max(0)
    }
}

/// A day of the year whose year is unknown ("el domingo 1 de octubre" in a report without a
/// publication date), with the weekday the text gives it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayOfYear {
    pub month: u8,
    pub day: u8,
    /// Monday 0.
    pub weekday: Option<u8>,
}

/// Days in each month of a common year, for distances between days of the year.
const MONTH_DAYS: [u16; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

impl DayOfYear {
    /// The day's place in a common year (1 January is 0; 29 February counts as 1 March).
    fn ordinal(self) -> u16 {
        let before: u16 = MONTH_DAYS
            .iter()
            .take(usize::from(self.month.clamp(1, 12)) - 1)
            .sum();
        before + u16::from(self.day.saturating_sub(1)).min(30)
    }

    /// Days between two days of the year, the shorter way round (31 December and 1 January are
    /// one day apart).
    pub fn gap(self, other: DayOfYear) -> u16 {
        let d = self.ordinal().abs_diff(other.ordinal());
        d.min(365 - d.min(365))
    }

    /// The day of the year of a day number, with its weekday.
    pub fn of_day(day: i64) -> DayOfYear {
        let (_, month, d) = rastro_text::civil_from_days(day);
        DayOfYear {
            month: month as u8,
            day: d as u8,
            // 1970-01-01 was a Thursday.
            weekday: Some((day + 3).rem_euclid(7) as u8),
        }
    }
}
