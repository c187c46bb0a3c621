//! Consent as a record of its own: the person of a case agrees that an organisation (or every
//! organisation of a kind) may have their record for a purpose. A grant or a referral may rest
//! on it only when it covers the recipient and the purpose; withdrawing it revokes, in the same
//! transaction, every grant that rested on it. HTCDS's consent checkboxes become consents to the
//! owning organisation when a case is imported.

use crate::api::access::Action;
use crate::api::grants::Grantee;
use crate::api::members::Actor;
use crate::api::scope::Scope;
use crate::api::trace::AuditDraft;
use crate::ids::looks_like_id;
use crate::{Result, StoreError};

/// A consent to record.
#[derive(Debug, Clone)]
pub struct NewConsent<'a> {
    /// The case whose person consents (one of the organisation's own).
    pub case_id: &'a str,
    pub to: Grantee,
    pub purpose: &'a str,
    /// Where the evidence is (a form's number, a file): a reference, never the person's name.
    pub evidence: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentInfo {
    pub id: String,
    pub case_id: String,
    pub to: Grantee,
    pub purpose: String,
    pub evidence: String,
    pub given_at: String,
    pub withdrawn_at: Option<String>,
    /// Recorded by hand, or read from the HTCDS consent fields on import.
    pub source: String,
}

impl ConsentInfo {
    pub fn active(&self) -> bool {
        self.withdrawn_at.is_none()
    }
}

pub(crate) trait ConsentBackend {
    fn record_consent(
        &self,
        actor: &Actor,
        consent: &NewConsent<'_>,
        audit: AuditDraft,
    ) -> Result<ConsentInfo>;
    /// Withdraws one of the organisation's consents and revokes the grants resting on it;
    /// returns the consent and how many grants were revoked.
    fn withdraw_consent(
        &self,
        actor: &Actor,
        id: &str,
        audit: AuditDraft,
    ) -> Result<(ConsentInfo, u64)>;
    /// The organisation's consents, the HTCDS checkboxes of its cases turned into consents
    /// first.
    fn consents(
        &self,
        actor: &Actor,
        case_id: Option<&str>,
        audit: AuditDraft,
    ) -> Result<Vec<ConsentInfo>>;
}

impl Scope<'_> {
    pub fn record_consent(&self, consent: &NewConsent<'_>) -> Result<ConsentInfo> {
        self.require(Action::ManageConsent)?;
        for (what, text) in [("purpose", consent.purpose), ("evidence", consent.evidence)] {
            if text.trim().is_empty() {
                return Err(StoreError::Invalid(format!("a consent needs its {what}")));
            }
        }
        if consent.evidence.chars().count() > 200 {
            return Err(StoreError::Invalid(
                "the evidence is a reference (a form's number, a file), at most 200 characters"
                    .into(),
            ));
        }
        if !looks_like_id(consent.case_id) {
            return Err(StoreError::NotFound);
        }
        let audit = self
            .actor
            .draft("record_consent")
            .record(&self.organisation().id, consent.case_id)
            .detail("to", consent.to.describe());
        self.backend.record_consent(&self.actor, consent, audit)
    }

    /// Withdraws a consent; every grant resting on it is revoked in the same transaction.
    pub fn withdraw_consent(&self, id: &str) -> Result<(ConsentInfo, u64)> {
        self.require(Action::ManageConsent)?;
        if !looks_like_id(id) {
            return Err(StoreError::NotFound);
        }
        let audit = self.actor.draft("withdraw_consent").detail("consent", id);
        self.backend.withdraw_consent(&self.actor, id, audit)
    }

    /// The organisation's consents (of one of its cases, or all), oldest first.
    pub fn consents(&self, case_id: Option<&str>) -> Result<Vec<ConsentInfo>> {
        self.require(Action::ManageConsent)?;
        self.backend
            .consents(&self.actor, case_id, self.actor.draft("read_consents"))
    }
}
