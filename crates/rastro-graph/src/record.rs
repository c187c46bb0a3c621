//! What the caller feeds the builder: one [`Record`] per visible record, with the identifiers it
//! holds and the links it makes.

use crate::kind::{EdgeKind, RecordKind, ValueKind};

/// A time or an interval, in seconds since 1970-01-01 00:00 UTC, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub from: i64,
    pub to: i64,
}

impl Span {
    /// The interval between two times, in whichever order they come.
    pub fn new(a: i64, b: i64) -> Span {
        Span {
            from: a.min(b),
            to: a.max(b),
        }
    }

    /// One moment.
    pub fn at(time: i64) -> Span {
        Span {
            from: time,
            to: time,
        }
    }

    /// The whole of the days `first`..=`last`, given as days since 1970-01-01 (as
    /// `rastro_text::days_from_civil` returns them).
    pub fn days(first: i64, last: i64) -> Span {
        let (first, last) = (first.min(last), first.max(last));
        Span {
            from: first.saturating_mul(86_400),
            to: last.saturating_mul(86_400).saturating_add(86_399),
        }
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.from <= other.to && other.from <= self.to
    }
}

/// An identifier a record holds: a phone it uses, an account it holds, a place it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct Identifier {
    pub kind: ValueKind,
    /// As written; the builder normalises it (`normalise_value`).
    pub value: String,
    /// ISO 3166-1 alpha-2; read for phones, to give a national number its calling code.
    pub country: Option<String>,
    /// When the record says it held the value; the record's own time otherwise.
    pub time: Option<Span>,
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Another record, by its id. A record the builder is not given (because the actor may not
    /// see it) makes the link vanish.
    Record(String),
    /// A value, e.g. the account a transaction debits. Unlike an [`Identifier`], such a link
    /// does not count towards the value's rarity: a thousand payments through an account do
    /// not make it less of an identifier of its holder.
    Value {
        kind: ValueKind,
        value: String,
        country: Option<String>,
    },
}

/// A relation the record asserts.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: EdgeKind,
    pub target: Target,
    /// When the relation held; the record's own time otherwise.
    pub time: Option<Span>,
    /// Free words for the relation ("recruiter", "mother"), shown and exported as the role.
    pub role: Option<String>,
}

/// One record the actor may see, as a node with its identifiers and links.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The record's public id, unique among the records given to one builder.
    pub id: String,
    pub kind: RecordKind,
    /// What to show for the node: a name, a case number, a transaction's summary.
    pub label: String,
    pub time: Option<Span>,
    pub identifiers: Vec<Identifier>,
    pub links: Vec<Link>,
}

impl Record {
    pub fn new(id: impl Into<String>, kind: RecordKind, label: impl Into<String>) -> Record {
        Record {
            id: id.into(),
            kind,
            label: label.into(),
            time: None,
            identifiers: Vec::new(),
            links: Vec::new(),
        }
    }

    pub fn with_time(mut self, time: Span) -> Record {
        self.time = Some(time);
        self
    }

    /// Adds an identifier the record holds.
    pub fn holds(mut self, kind: ValueKind, value: impl Into<String>) -> Record {
        self.identifiers.push(Identifier {
            kind,
            value: value.into(),
            country: None,
            time: None,
        });
        self
    }

    /// Adds a phone number that is national in `country` unless written internationally.
    pub fn holds_phone(mut self, value: impl Into<String>, country: &str) -> Record {
        self.identifiers.push(Identifier {
            kind: ValueKind::Phone,
            value: value.into(),
            country: Some(country.to_string()),
            time: None,
        });
        self
    }

    /// Adds a link to another record.
    pub fn link(mut self, kind: EdgeKind, record_id: impl Into<String>) -> Record {
        self.links.push(Link {
            kind,
            target: Target::Record(record_id.into()),
            time: None,
            role: None,
        });
        self
    }

    /// Adds a link to a value, e.g. `PaidFrom` an account.
    pub fn link_value(mut self, kind: EdgeKind, value_kind: ValueKind, value: &str) -> Record {
        self.links.push(Link {
            kind,
            target: Target::Value {
                kind: value_kind,
                value: value.to_string(),
                country: None,
            },
            time: None,
            role: None,
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_overlap_at_their_ends() {
        let a = Span::new(10, 0);
        assert_eq!(a, Span { from: 0, to: 10 });
        assert!(a.overlaps(&Span::at(10)));
        assert!(!a.overlaps(&Span::at(11)));
        let day = Span::days(1, 1);
        assert_eq!(day.to - day.from, 86_399);
    }
}
