//! What nodes and edges stand for.
//!
//! Nodes come in two families. A record node is something an organisation stored (a person, a
//! case, a transaction…): it has an id of its own, an owner and a visibility. A value node is an
//! identifier that records hold (a phone number, an account…): it has no owner and exists only
//! because visible records name it, which is what lets the builder keep hidden records from
//! showing through a shared value.

/// A kind of record: what the caller feeds the builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Person,
    Organisation,
    /// A group without legal personality, e.g. a criminal network named in news.
    Group,
    Case,
    Incident,
    Transaction,
    Alert,
}

/// A kind of identifier value: phones, e-mails, accounts, identity documents and places.
///
/// Places are values too: a city named by a hundred thousand records says as little about how
/// they are related as a phone shared by a call centre, so it is weighted by rarity in the same
/// way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueKind {
    Place,
    Account,
    Phone,
    Email,
    Document,
}

/// The kind of a node of the graph, record or value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    Person,
    Organisation,
    Group,
    Place,
    Account,
    Phone,
    Email,
    Document,
    Case,
    Incident,
    Transaction,
    Alert,
}

impl NodeKind {
    pub const ALL: [NodeKind; 12] = [
        NodeKind::Person,
        NodeKind::Organisation,
        NodeKind::Group,
        NodeKind::Place,
        NodeKind::Account,
        NodeKind::Phone,
        NodeKind::Email,
        NodeKind::Document,
        NodeKind::Case,
        NodeKind::Incident,
        NodeKind::Transaction,
        NodeKind::Alert,
    ];

    /// The name used in exports, URLs and filters.
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Person => "person",
            NodeKind::Organisation => "organisation",
            NodeKind::Group => "group",
            NodeKind::Place => "place",
            NodeKind::Account => "account",
            NodeKind::Phone => "phone",
            NodeKind::Email => "email",
            NodeKind::Document => "document",
            NodeKind::Case => "case",
            NodeKind::Incident => "incident",
            NodeKind::Transaction => "transaction",
            NodeKind::Alert => "alert",
        }
    }

    /// The kind named by [`NodeKind::name`], ignoring case; `e-mail` and `organization` too.
    pub fn parse(text: &str) -> Option<NodeKind> {
        let text = text.trim().to_ascii_lowercase();
        match text.as_str() {
            "e-mail" => return Some(NodeKind::Email),
            "organization" => return Some(NodeKind::Organisation),
            _ => {}
        }
        NodeKind::ALL.into_iter().find(|kind| kind.name() == text)
    }

    /// The value kind of an identifier node, `None` for a record node.
    pub fn value_kind(self) -> Option<ValueKind> {
        match self {
            NodeKind::Place => Some(ValueKind::Place),
            NodeKind::Account => Some(ValueKind::Account),
            NodeKind::Phone => Some(ValueKind::Phone),
            NodeKind::Email => Some(ValueKind::Email),
            NodeKind::Document => Some(ValueKind::Document),
            _ => None,
        }
    }

    pub(crate) fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl From<RecordKind> for NodeKind {
    fn from(kind: RecordKind) -> NodeKind {
        match kind {
            RecordKind::Person => NodeKind::Person,
            RecordKind::Organisation => NodeKind::Organisation,
            RecordKind::Group => NodeKind::Group,
            RecordKind::Case => NodeKind::Case,
            RecordKind::Incident => NodeKind::Incident,
            RecordKind::Transaction => NodeKind::Transaction,
            RecordKind::Alert => NodeKind::Alert,
        }
    }
}

impl From<ValueKind> for NodeKind {
    fn from(kind: ValueKind) -> NodeKind {
        match kind {
            ValueKind::Place => NodeKind::Place,
            ValueKind::Account => NodeKind::Account,
            ValueKind::Phone => NodeKind::Phone,
            ValueKind::Email => NodeKind::Email,
            ValueKind::Document => NodeKind::Document,
        }
    }
}

impl ValueKind {
    pub fn name(self) -> &'static str {
        NodeKind::from(self).name()
    }

    /// The value kind named by [`ValueKind::name`] (or `e-mail`), ignoring case.
    pub fn parse(text: &str) -> Option<ValueKind> {
        NodeKind::parse(text).and_then(NodeKind::value_kind)
    }

    /// The edge a record's identifier of this kind makes: a person holds an account, uses a
    /// phone, has a document, is located in a place.
    pub fn holder_edge(self) -> EdgeKind {
        match self {
            ValueKind::Place => EdgeKind::LocatedIn,
            ValueKind::Account => EdgeKind::HoldsAccount,
            ValueKind::Phone => EdgeKind::UsesPhone,
            ValueKind::Email => EdgeKind::UsesEmail,
            ValueKind::Document => EdgeKind::HasDocument,
        }
    }
}

/// The kind of an edge. An edge points from the record that asserts it to what it names
/// (a payer to the payee, a member to the group, a transaction to the account it debits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    HoldsAccount,
    UsesPhone,
    UsesEmail,
    HasDocument,
    LocatedIn,
    MemberOf,
    NamedInCase,
    ReportedInIncident,
    FlaggedInAlert,
    /// A payment between parties known without a transaction record.
    Paid,
    /// A transaction to the account it debits.
    PaidFrom,
    /// A transaction to the account it credits.
    PaidTo,
    /// A known personal relation between two parties (family, recruiter, employer…; the role
    /// says which).
    Associate,
    /// Any other relation; the role says which.
    Related,
}

impl EdgeKind {
    pub const ALL: [EdgeKind; 14] = [
        EdgeKind::HoldsAccount,
        EdgeKind::UsesPhone,
        EdgeKind::UsesEmail,
        EdgeKind::HasDocument,
        EdgeKind::LocatedIn,
        EdgeKind::MemberOf,
        EdgeKind::NamedInCase,
        EdgeKind::ReportedInIncident,
        EdgeKind::FlaggedInAlert,
        EdgeKind::Paid,
        EdgeKind::PaidFrom,
        EdgeKind::PaidTo,
        EdgeKind::Associate,
        EdgeKind::Related,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EdgeKind::HoldsAccount => "holds_account",
            EdgeKind::UsesPhone => "uses_phone",
            EdgeKind::UsesEmail => "uses_email",
            EdgeKind::HasDocument => "has_document",
            EdgeKind::LocatedIn => "located_in",
            EdgeKind::MemberOf => "member_of",
            EdgeKind::NamedInCase => "named_in_case",
            EdgeKind::ReportedInIncident => "reported_in_incident",
            EdgeKind::FlaggedInAlert => "flagged_in_alert",
            EdgeKind::Paid => "paid",
            EdgeKind::PaidFrom => "paid_from",
            EdgeKind::PaidTo => "paid_to",
            EdgeKind::Associate => "associate",
            EdgeKind::Related => "related",
        }
    }

    pub fn parse(text: &str) -> Option<EdgeKind> {
        let text = text.trim().to_ascii_lowercase();
        EdgeKind::ALL.into_iter().find(|kind| kind.name() == text)
    }

    /// Whether this edge ties a holder to an identifier it holds; only such edges count towards
    /// a value's rarity (see `weight.rs`).
    pub fn is_holding(self) -> bool {
        matches!(
            self,
            EdgeKind::HoldsAccount
                | EdgeKind::UsesPhone
                | EdgeKind::UsesEmail
                | EdgeKind::HasDocument
                | EdgeKind::LocatedIn
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for kind in NodeKind::ALL {
            assert_eq!(NodeKind::parse(kind.name()), Some(kind));
        }
        for kind in EdgeKind::ALL {
            assert_eq!(EdgeKind::parse(kind.name()), Some(kind));
        }
        assert_eq!(NodeKind::parse("E-Mail"), Some(NodeKind::Email));
        assert_eq!(ValueKind::parse("person"), None);
        assert_eq!(ValueKind::parse("phone"), Some(ValueKind::Phone));
    }

    #[test]
    fn kind_bits_are_distinct() {
        let all = NodeKind::ALL.iter().fold(0u16, |acc, k| {
            assert_eq!(acc & k.bit(), 0);
            acc | k.bit()
        });
        assert_eq!(all.count_ones(), 12);
    }
}
