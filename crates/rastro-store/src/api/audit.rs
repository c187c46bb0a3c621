//! The audit trail: what was done, by whom, to which records, at what level — ids, levels and
//! counts only, never a name or the text of a search (a keyed hash of it instead). Events are
//! appended in the same transaction as the change they record; reads append theirs before the
//! records are handed back, so a read that cannot be recorded does not happen. Each organisation
//! has its own hash chain (the platform one more), which [`crate::Store::verify_audit`] walks.

use crate::api::access::{Action, Role};
use crate::api::scope::Scope;
use crate::api::trace::AuditDraft;
use crate::Result;

/// An event of the trail as it is read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// The chain (organisation name, or "platform") and the event's place in it.
    pub chain: String,
    pub seq: u64,
    pub at: String,
    pub organisation: Option<String>,
    /// The user's name (a member's name is not a victim's).
    pub user: Option<String>,
    pub role: Option<Role>,
    pub action: String,
    pub outcome: String,
    pub kind: Option<String>,
    pub level: Option<String>,
    /// (owning organisation's name, record id).
    pub records: Vec<(String, String)>,
    pub count: Option<u64>,
    /// A JSON object of ids and numbers.
    pub detail: String,
}

/// Which events to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditSelection {
    /// The organisation's own chain: what its members did.
    Own,
    /// Events in which other organisations read the organisation's records.
    AccessByOthers,
}

/// What `verify` found wrong with a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tampering {
    /// The event's content no longer matches its hash.
    Edited,
    /// Events are missing before this one (its number skips them).
    Deleted { missing: u64 },
    /// An event that was never appended in this place: its number repeats another's, or its
    /// link to the previous event is wrong while its own content is intact.
    Inserted,
    /// Events appear in another order than they were appended.
    Reordered,
    /// The chain ends before its recorded head: its last events were removed.
    Truncated { head: u64 },
    /// The head itself was rewritten (its MAC does not verify under the key file).
    HeadForged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditProblem {
    pub chain: String,
    pub seq: u64,
    pub tampering: Tampering,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditReport {
    pub chains: u64,
    pub events: u64,
    pub problems: Vec<AuditProblem>,
}

pub(crate) trait AuditBackend {
    /// Appends an event in a transaction of its own (reads and denials; changes append theirs
    /// in their own transaction).
    fn append_audit(&self, draft: &AuditDraft) -> Result<()>;
    /// Events, newest first, at most `limit`.
    fn audit_events(
        &self,
        org_id: Option<&str>,
        selection: AuditSelection,
        limit: usize,
    ) -> Result<Vec<AuditEvent>>;
    /// Walks every chain (or one organisation's) and reports what does not hold.
    fn verify_audit(&self, chain: Option<&str>) -> Result<AuditReport>;
}

impl Scope<'_> {
    /// The organisation's audit trail (its own events, or others' reads of its records), newest
    /// first; for the auditor role.
    pub fn audit_log(&self, selection: AuditSelection, limit: usize) -> Result<Vec<AuditEvent>> {
        self.require(Action::ReadAudit)?;
        let events = self
            .backend
            .audit_events(Some(&self.organisation().id), selection, limit)?;
        self.audit(
            self.actor
                .draft("read_audit")
                .detail("selection", format!("{selection:?}"))
                .count(events.len() as u64),
        )?;
        Ok(events)
    }

    /// Verifies the organisation's own chain; for the auditor role.
    pub fn verify_audit(&self) -> Result<AuditReport> {
        self.require(Action::ReadAudit)?;
        let report = self.backend.verify_audit(Some(&self.organisation().id))?;
        self.audit(
            self.actor
                .draft("verify_audit")
                .count(report.events)
                .detail("problems", report.problems.len()),
        )?;
        Ok(report)
    }

    /// Appends a read's or a denial's event; a read that cannot be recorded fails.
    pub(crate) fn audit(&self, draft: AuditDraft) -> Result<()> {
        self.backend.append_audit(&draft)
    }

    /// The keyed hash of a search's text, for the trail.
    pub(crate) fn query_hash(&self, text: &str) -> String {
        self.backend.keys().query_hash(text)
    }
}
