//! The graph out: FollowTheMoney entities as JSON lines (`ftm.rs`) and GraphML (`graphml.rs`).

mod ftm;
mod graphml;

use rastro_text::civil_from_days;

use crate::record::Span;

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Entities (FtM) or nodes and edges (GraphML) written.
    pub written: usize,
    /// Edges the format has no place for (FtM: a link to a payment or an address from
    /// something that is not an FtM `Thing`, an identifier of a record that is not a party).
    pub left_out: usize,
}

const DAY: i64 = 86_400;

/// A time as ISO 8601 in UTC: the day alone at midnight, the second otherwise.
pub(crate) fn iso_time(time: i64) -> String {
    let (days, seconds) = (time.div_euclid(DAY), time.rem_euclid(DAY));
    let (y, m, d) = civil_from_days(days);
    if seconds == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

/// A span's ends as ISO 8601; an end on the last second of a day is written as that day.
pub(crate) fn iso_span(span: Span) -> (String, String) {
    let to = if span.to.rem_euclid(DAY) == DAY - 1 {
        iso_time(span.to - (DAY - 1))
    } else {
        iso_time(span.to)
    };
    (iso_time(span.from), to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_iso() {
        assert_eq!(iso_time(0), "1970-01-01");
        assert_eq!(iso_time(86_400 + 3661), "1970-01-02T01:01:01");
        assert_eq!(iso_time(-1), "1969-12-31T23:59:59");
        let day = Span::days(1, 2);
        assert_eq!(
            iso_span(day),
            ("1970-01-02".to_string(), "1970-01-03".to_string())
        );
    }
}
