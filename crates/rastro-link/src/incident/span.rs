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
