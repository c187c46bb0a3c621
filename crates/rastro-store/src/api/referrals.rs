//! Referrals between organisations (HTCDS's incoming and outgoing referral fields, as a record
//! of their own): `draft → sent → accepted | rejected | withdrawn | expired`, `accepted →
//! closed`. Sending needs a consent of the person that covers the recipient and the purpose, or
//! an override with a written reason by a role allowed to — checked here, never taken from the
//! caller. A sent referral is a grant of the case in full to the receiver until it is decided;
//! rejection, withdrawal, expiry and closing revoke it; accepting lets the receiver open its own
//! case from the sender's.

use crate::api::access::{permits, Action, RecordKind};
use crate::api::members::Actor;
use crate::api::scope::Scope;
use crate::api::trace::AuditDraft;
use crate::ids::looks_like_id;
use crate::{Result, StoreError};

/// How long a sent referral waits for an answer unless told otherwise.
pub const DEFAULT_REFERRAL_DAYS: u64 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralStatus {
    Draft,
    Sent,
    Accepted,
    Rejected,
    Withdrawn,
    Expired,
    Closed,
}

impl ReferralStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralStatus::Draft => "draft",
            ReferralStatus::Sent => "sent",
            ReferralStatus::Accepted => "accepted",
            ReferralStatus::Rejected => "rejected",
            ReferralStatus::Withdrawn => "withdrawn",
            ReferralStatus::Expired => "expired",
            ReferralStatus::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<ReferralStatus> {
        [
            ReferralStatus::Draft,
            ReferralStatus::Sent,
            ReferralStatus::Accepted,
            ReferralStatus::Rejected,
            ReferralStatus::Withdrawn,
            ReferralStatus::Expired,
            ReferralStatus::Closed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Referrals to the organisation (its inbox).
    Incoming,
    /// Referrals it made.
    Outgoing,
}

#[derive(Debug, Clone)]
pub struct NewReferral<'a> {
    /// One of the organisation's own cases.
    pub case_id: &'a str,
    /// The receiving organisation, by name.
    pub to: &'a str,
    pub purpose: &'a str,
}

/// How a referral is sent.
#[derive(Debug, Clone, Default)]
pub struct Sending<'a> {
    /// The consent it rests on; without one, an active consent of the case that covers the
    /// recipient and the purpose is looked for.
    pub consent_id: Option<&'a str>,
    /// Sending without consent: why (for roles that may override).
    pub override_reason: Option<&'a str>,
    /// Days the receiver has to answer.
    pub days: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralInfo {
    pub id: String,
    /// The sender's case.
    pub case_id: String,
    pub from: String,
    pub to: String,
    pub purpose: String,
    pub status: ReferralStatus,
    pub consent_id: Option<String>,
    pub override_reason: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub expires_at: Option<String>,
    pub decided_at: Option<String>,
    pub decision_reason: Option<String>,
    pub closed_at: Option<String>,
    pub outcome: Option<String>,
    /// The receiver's own case opened from it (shown to the receiver only).
    pub receiver_case_id: Option<String>,
}

/// A transition asked of a referral.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Transition<'a> {
    Send(&'a Sending<'a>),
    Accept { open_case: bool },
    Reject { reason: &'a str },
    Withdraw,
    Close { outcome: &'a str },
}

pub(crate) trait ReferralBackend {
    fn draft_referral(
        &self,
        actor: &Actor,
        referral: &NewReferral<'_>,
        audit: AuditDraft,
    ) -> Result<ReferralInfo>;
    fn move_referral(
        &self,
        actor: &Actor,
        id: &str,
        transition: Transition<'_>,
        audit: AuditDraft,
    ) -> Result<ReferralInfo>;
    /// The organisation's referrals in one direction, newest first, after marking those whose
    /// answer is overdue as expired.
    fn referrals(
        &self,
        actor: &Actor,
        direction: Direction,
        audit: AuditDraft,
    ) -> Result<Vec<ReferralInfo>>;
}

impl Scope<'_> {
    pub fn draft_referral(&self, referral: &NewReferral<'_>) -> Result<ReferralInfo> {
        self.require(Action::Refer)?;
        if referral.purpose.trim().is_empty() {
            return Err(StoreError::Invalid("a referral needs a purpose".into()));
        }
        if !looks_like_id(referral.case_id) {
            return Err(StoreError::NotFound);
        }
        let audit = self
            .actor
            .draft("draft_referral")
            .kind(RecordKind::Case)
            .record(&self.organisation().id, referral.case_id);
        self.backend.draft_referral(&self.actor, referral, audit)
    }

    /// Sends a draft: on a consent that covers the recipient and the purpose, or with an
    /// override and its reason by a role that may override.
    pub fn send_referral(&self, id: &str, sending: &Sending<'_>) -> Result<ReferralInfo> {
        self.require(Action::Refer)?;
        if let Some(reason) = sending.override_reason {
            if !permits(self.actor.role(), Action::OverrideConsent) {
                return Err(self.forbidden(Action::OverrideConsent));
            }
            if reason.trim().chars().count() < 10 {
                return Err(StoreError::Invalid(
                    "an override needs its reason written out (at least 10 characters)".into(),
                ));
            }
        }
        if !(1..=365).contains(&sending.days) {
            return Err(StoreError::Invalid(
                "a referral waits between 1 and 365 days for its answer".into(),
            ));
        }
        self.transition(id, "send_referral", Transition::Send(sending))
    }

    /// Accepts a referral to the organisation; with `open_case`, opens the organisation's own
    /// case from the sender's.
    pub fn accept_referral(&self, id: &str, open_case: bool) -> Result<ReferralInfo> {
        self.require(Action::Refer)?;
        self.transition(id, "accept_referral", Transition::Accept { open_case })
    }

    pub fn reject_referral(&self, id: &str, reason: &str) -> Result<ReferralInfo> {
        self.require(Action::Refer)?;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid("a rejection needs its reason".into()));
        }
        self.transition(id, "reject_referral", Transition::Reject { reason })
    }

    pub fn withdraw_referral(&self, id: &str) -> Result<ReferralInfo> {
        self.require(Action::Refer)?;
        self.transition(id, "withdraw_referral", Transition::Withdraw)
    }

    pub fn close_referral(&self, id: &str, outcome: &str) -> Result<ReferralInfo> {
        self.require(Action::Refer)?;
        if outcome.trim().is_empty() {
            return Err(StoreError::Invalid(
                "closing a referral needs its outcome".into(),
            ));
        }
        self.transition(id, "close_referral", Transition::Close { outcome })
    }

    /// The organisation's referrals in one direction, newest first.
    pub fn referrals(&self, direction: Direction) -> Result<Vec<ReferralInfo>> {
        self.require(Action::Refer)?;
        let audit = self
            .actor
            .draft("read_referrals")
            .detail("direction", format!("{direction:?}"));
        self.backend.referrals(&self.actor, direction, audit)
    }

    fn transition(
        &self,
        id: &str,
        action: &'static str,
        transition: Transition<'_>,
    ) -> Result<ReferralInfo> {
        if !looks_like_id(id) {
            return Err(StoreError::NotFound);
        }
        let audit = self
            .actor
            .draft(action)
            .kind(RecordKind::Case)
            .detail("referral", id);
        self.backend
            .move_referral(&self.actor, id, transition, audit)
    }
}
