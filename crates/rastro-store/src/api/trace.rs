//! What an audit event says before it is appended: who did what, with which outcome, to which
//! records, at what level. Every feature's backend trait takes one of these for its changes;
//! `audit.rs` reads and verifies the trail they make.

use crate::api::access::{Level, RecordKind, Role};

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum By {
    /// An authenticated member.
    Member {
        org_id: String,
        user_id: String,
        role: Role,
    },
    /// The embedded store's administrator (whoever can open its file).
    Administrator,
    /// Someone not (yet) authenticated: a failed sign-in of an unknown user, a bad token.
    Anonymous,
}

impl By {
    /// The chain the event joins: its organisation's, or the platform's.
    pub fn chain(&self) -> &str {
        match self {
            By::Member { org_id, .. } => org_id,
            By::Administrator | By::Anonymous => PLATFORM_CHAIN,
        }
    }
}

/// The chain of events that belong to no organisation.
pub const PLATFORM_CHAIN: &str = "platform";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Denied,
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Denied => "denied",
            Outcome::Failed => "failed",
        }
    }
}

/// An event about to be appended. Backends add what only they know (ids they created) before
/// appending it in the transaction of the change.
#[derive(Debug, Clone)]
pub(crate) struct AuditDraft {
    pub by: By,
    pub action: &'static str,
    pub outcome: Outcome,
    pub kind: Option<RecordKind>,
    pub level: Option<Level>,
    /// (owning organisation's id, record id) of the records concerned.
    pub records: Vec<(String, String)>,
    pub count: Option<u64>,
    /// Ids and numbers that say more (never names or free text).
    pub detail: Vec<(&'static str, String)>,
}

impl AuditDraft {
    pub fn new(by: By, action: &'static str) -> AuditDraft {
        AuditDraft {
            by,
            action,
            outcome: Outcome::Ok,
            kind: None,
            level: None,
            records: Vec::new(),
            count: None,
            detail: Vec::new(),
        }
    }

    pub fn outcome(mut self, outcome: Outcome) -> AuditDraft {
        self.outcome = outcome;
        self
    }

    pub fn kind(mut self, kind: RecordKind) -> AuditDraft {
        self.kind = Some(kind);
        self
    }

    pub fn level(mut self, level: Level) -> AuditDraft {
        self.level = Some(level);
        self
    }

    pub fn record(mut self, owner_org_id: &str, id: &str) -> AuditDraft {
        self.records
            .push((owner_org_id.to_string(), id.to_string()));
        self
    }

    pub fn count(mut self, n: u64) -> AuditDraft {
        self.count = Some(n);
        self
    }

    pub fn detail(mut self, key: &'static str, value: impl ToString) -> AuditDraft {
        self.detail.push((key, value.to_string()));
        self
    }
}
