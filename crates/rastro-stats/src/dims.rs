//! What a table can be broken down by, and which values a record has for each breakdown.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::attribute::Attribute;
use crate::error::StatsError;
use crate::record::{Record, Stage, YearMonth};
use rastro_text::fasthash::FastMap;

/// The key of a record that has no value for a dimension. Counting it keeps the rows of a table
/// adding up to its total, and shows how much of the data is incomplete.
pub const UNKNOWN: &str = "unknown";

/// A breakdown of the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Form,
    /// The countries of one stage of the route, as recorded (destination alone, without
    /// exploitation; only flows merge the two).
    Country(Stage),
    Citizenship,
    Sex,
    AgeBand,
    Year,
    Month,
    Source,
    /// News only: the outlet that published the report (its web address's host).
    Outlet,
    Org,
    Lang,
    /// A categorical HTCDS field of cases (see [`Attribute`]).
    Attribute(Attribute),
}

impl Dimension {
    pub const ALL: [Dimension; 29] = [
        Dimension::Form,
        Dimension::Country(Stage::Origin),
        Dimension::Country(Stage::Transit),
        Dimension::Country(Stage::Destination),
        Dimension::Country(Stage::Exploitation),
        Dimension::Citizenship,
        Dimension::Sex,
        Dimension::AgeBand,
        Dimension::Year,
        Dimension::Month,
        Dimension::Source,
        Dimension::Outlet,
        Dimension::Org,
        Dimension::Lang,
        Dimension::Attribute(Attribute::RecruitmentMethod),
        Dimension::Attribute(Attribute::RecruitmentSite),
        Dimension::Attribute(Attribute::ControlMethod),
        Dimension::Attribute(Attribute::SexExploitation),
        Dimension::Attribute(Attribute::Industry),
        Dimension::Attribute(Attribute::ExploitationSite),
        Dimension::Attribute(Attribute::Vulnerability),
        Dimension::Attribute(Attribute::Relationship),
        Dimension::Attribute(Attribute::TraffickingStatus),
        Dimension::Attribute(Attribute::StatusDecidedBy),
        Dimension::Attribute(Attribute::PerpetratorRole),
        Dimension::Attribute(Attribute::CaseStatus),
        Dimension::Attribute(Attribute::IncomingReferralReason),
        Dimension::Attribute(Attribute::OutgoingReferralReason),
        Dimension::Attribute(Attribute::SupportPlan),
    ];

    pub fn parse(s: &str) -> Result<Dimension, StatsError> {
        let wanted = s.trim();
        Dimension::ALL
            .into_iter()
            .find(|d| d.as_str() == wanted)
            .ok_or_else(|| StatsError::BadDimension {
                value: s.to_string(),
            })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Form => "form",
            Dimension::Country(Stage::Origin) => "country.origin",
            Dimension::Country(Stage::Transit) => "country.transit",
            Dimension::Country(Stage::Destination) => "country.destination",
            Dimension::Country(Stage::Exploitation) => "country.exploitation",
            Dimension::Citizenship => "citizenship",
            Dimension::Sex => "sex",
            Dimension::AgeBand => "age_band",
            Dimension::Year => "year",
            Dimension::Month => "month",
            Dimension::Source => "source",
            Dimension::Outlet => "outlet",
            Dimension::Org => "org",
            Dimension::Lang => "lang",
            Dimension::Attribute(a) => a.as_str(),
        }
    }

    /// Whether one record can have several values, so that rows may add up to more than the
    /// total.
    pub fn is_multi_valued(self) -> bool {
        match self {
            Dimension::Form | Dimension::Country(_) | Dimension::Citizenship => true,
            Dimension::Attribute(a) => a.is_multi_valued(),
            _ => false,
        }
    }

    /// The record's distinct values, `unknown` when it has none.
    pub fn values(self, record: &Record) -> Vec<String> {
        let mut out = Vec::new();
        values_of(self, record, &mut out);
        out.iter().map(|v| v.render()).collect()
    }
}

impl FromStr for Dimension {
    type Err = StatsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dimension::parse(s)
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Dimension {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A value borrowed from a record, so the counting loops hash and compare without allocating; it
/// becomes a `String` only once per table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Val<'a> {
    Unknown,
    Text(&'a str),
    Year(i32),
    Month(YearMonth),
}

impl Val<'_> {
    pub(crate) fn render(self) -> String {
        match self {
            Val::Unknown => UNKNOWN.to_string(),
            Val::Text(s) => s.to_string(),
            Val::Year(y) => y.to_string(),
            Val::Month(m) => m.to_string(),
        }
    }
}

/// The distinct values seen while counting, numbered in order of first sight, so that cells can
/// live in plain vectors indexed by number.
#[derive(Debug, Default)]
pub(crate) struct KeyIndex<'a> {
    index: FastMap<Val<'a>, usize>,
    pub(crate) keys: Vec<Val<'a>>,
}

impl<'a> KeyIndex<'a> {
    /// The value's number, and whether it is new.
    pub(crate) fn slot(&mut self, v: Val<'a>) -> (usize, bool) {
        // Most dimensions have a handful of values (forms, sexes, age bands): comparing with
        // each is cheaper than hashing the text, and this runs once per record and value.
        if self.keys.len() <= SCANNED_KEYS {
            if let Some(found) = self.keys.iter().position(|k| *k == v) {
                return (found, false);
            }
        }
        let next = self.keys.len();
        let slot = *self.index.entry(v).or_insert(next);
        let new = slot == next;
        if new {
            self.keys.push(v);
        }
        (slot, new)
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    pub(crate) fn names(&self) -> Vec<String> {
        self.keys.iter().map(|v| v.render()).collect()
    }

    /// The keys' numbers in the order of the keys themselves. Suppression breaks ties by
    /// position, so positions must not depend on the order records came in: the same data read
    /// in another order must hide the same cells, or two answers together would reveal one.
    pub(crate) fn sorted_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_by_key(|&i| self.keys[i]);
        order
    }

    /// The same keys renumbered: the key numbered `order[n]` becomes number `n`.
    pub(crate) fn reordered(&self, order: &[usize]) -> KeyIndex<'a> {
        let keys: Vec<Val<'a>> = order.iter().map(|&i| self.keys[i]).collect();
        let index = keys.iter().enumerate().map(|(n, v)| (*v, n)).collect();
        KeyIndex { index, keys }
    }
}

/// The inverse of an order: for each old number, its new one.
pub(crate) fn ranks(order: &[usize]) -> Vec<usize> {
    let mut rank = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        rank[old] = new;
    }
    rank
}

/// Up to this many keys, a key is found by comparing it with each.
const SCANNED_KEYS: usize = 12;

/// A stored `unknown` must be the same key as a missing value, or a table would show two
/// `unknown` rows.
fn text(s: &str) -> Option<Val<'_>> {
    // Stored values are nearly always trimmed already: when both ends are ASCII and not
    // white space there is nothing to trim (other white space never begins or ends in ASCII).
    let bytes = s.as_bytes();
    let bare = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii() && !b.is_ascii_whitespace());
    let s = if bare(bytes.first()) && bare(bytes.last()) {
        s
    } else {
        s.trim()
    };
    if s.is_empty() {
        None
    } else if s == UNKNOWN {
        Some(Val::Unknown)
    } else {
        Some(Val::Text(s))
    }
}

fn push_distinct<'a>(out: &mut Vec<Val<'a>>, list: &'a [String]) {
    for item in list {
        if let Some(v) = text(item) {
            // Lists hold a handful of values, so a scan beats hashing.
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
}

/// Fills `out` with the record's distinct values for `dim`; never leaves it empty.
pub(crate) fn values_of<'a>(dim: Dimension, record: &'a Record, out: &mut Vec<Val<'a>>) {
    out.clear();
    match dim {
        Dimension::Form => push_distinct(out, &record.forms),
        Dimension::Country(stage) => push_distinct(out, record.countries(stage)),
        Dimension::Citizenship => push_distinct(out, &record.citizenship),
        Dimension::Sex => out.extend(record.sex.as_deref().and_then(text)),
        Dimension::AgeBand => out.extend(record.age_band.as_deref().and_then(text)),
        Dimension::Year => out.extend(record.month.map(|m| Val::Year(m.year))),
        Dimension::Month => out.extend(record.month.map(Val::Month)),
        Dimension::Source => out.push(Val::Text(record.source.as_str())),
        Dimension::Outlet => out.extend(record.outlet.as_deref().and_then(text)),
        Dimension::Org => out.extend(text(&record.org)),
        Dimension::Lang => out.extend(record.lang.as_deref().and_then(text)),
        Dimension::Attribute(a) => {
            for (_, value) in record.attributes.iter().filter(|(b, _)| *b == a) {
                if let Some(v) = text(value) {
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
            }
        }
    }
    if out.is_empty() {
        out.push(Val::Unknown);
    }
}

/// Like `values_of`, but keeps at most `cap` values (the smallest, so the choice depends on the
/// record alone and not on the order it was typed in). A differentially private release needs
/// this bound to know its sensitivity before looking at the data.
pub(crate) fn capped_values_of<'a>(
    dim: Dimension,
    record: &'a Record,
    cap: usize,
    out: &mut Vec<Val<'a>>,
) {
    values_of(dim, record, out);
    if out.len() > cap {
        out.sort_unstable();
        out.truncate(cap);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in Dimension::ALL {
            assert_eq!(Dimension::parse(d.as_str()).unwrap(), d);
        }
        assert!(Dimension::parse("colour").is_err());
        let named: Vec<&str> = crate::error::DIMENSION_NAMES.split(", ").collect();
        let all: Vec<&str> = Dimension::ALL.iter().map(|d| d.as_str()).collect();
        assert_eq!(named, all, "the error names every dimension, in order");
    }

    #[test]
    fn values_are_distinct_and_never_empty() {
        let r = Record {
            forms: vec![
                "sexual".into(),
                " sexual ".into(),
                "labour".into(),
                "".into(),
            ],
            month: YearMonth::new(2023, 7),
            ..Record::default()
        };
        assert_eq!(Dimension::Form.values(&r), ["sexual", "labour"]);
        assert_eq!(Dimension::Country(Stage::Origin).values(&r), ["unknown"]);
        assert_eq!(Dimension::Year.values(&r), ["2023"]);
        assert_eq!(Dimension::Month.values(&r), ["2023-07"]);
        assert_eq!(Dimension::Source.values(&r), ["case"]);
        assert_eq!(Dimension::Org.values(&r), ["unknown"]);
        let stored_unknown = Record {
            sex: Some("unknown".into()),
            ..Record::default()
        };
        assert_eq!(Dimension::Sex.values(&stored_unknown), ["unknown"]);
    }

    #[test]
    fn capping_keeps_the_smallest_values() {
        let r = Record {
            forms: ["e", "d", "c", "b", "a"].map(String::from).to_vec(),
            ..Record::default()
        };
        let mut out = Vec::new();
        capped_values_of(Dimension::Form, &r, 2, &mut out);
        assert_eq!(out, [Val::Text("a"), Val::Text("b")]);
    }
}
