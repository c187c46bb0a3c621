//! The referral state machine, as both backends apply it: who may make which move from which
//! state, on what basis a referral is sent (a covering consent, or an override with its reason),
//! the grant a sent referral is and what ends it, the lazy expiry of overdue referrals, and a
//! referral's columns turned into the api's [`ReferralInfo`]. A backend lends its rows through
//! [`ReferralTx`] and keeps only the SQL that reads and writes them.

use std::sync::Arc;

use rastro_model::CaseRecord;
use rastro_vault::DataKey;

use crate::api::access::{Level, RecordKind};
use crate::api::cases::PreparedCase;
use crate::api::grants::{Basis, GrantTarget, Grantee, NewGrant};
use crate::api::members::Actor;
use crate::api::referrals::{ReferralInfo, ReferralStatus, Sending, Transition};
use crate::api::trace::AuditDraft;
use crate::case_rows::prepare_case;
use crate::grant_rows::{consent_covers, insert_grant, revoke_owned, GrantTx};
use crate::ids::CaseId;
use crate::sealing::{open_case, SealingKeys};
use crate::time::{now_rfc3339, rfc3339_after};
use crate::{Result, StoreError};

/// A referral's move as stored (the sending is written apart, with its grant).
pub(crate) enum Decision<'a> {
    Accepted,
    Rejected { reason: &'a str },
    Withdrawn,
    Closed { outcome: &'a str },
}

/// What a sent referral records.
pub(crate) struct SentRow<'a> {
    pub expires_at: &'a str,
    pub consent_id: Option<&'a str>,
    pub override_reason: Option<&'a str>,
    pub grant_id: &'a str,
}

/// The rows referrals are moved with, inside the caller's write transaction.
pub(crate) trait ReferralTx: GrantTx {
    /// The sent referrals whose answer was due by `now`: id, sender, grant.
    fn overdue(&mut self, now: &str) -> Result<Vec<(String, String, Option<String>)>>;
    /// Marks the referral expired ([`EXPIRED_REASON`]).
    fn mark_expired(&mut self, id: &str, now: &str) -> Result<()>;
    /// The referral as a move needs it; `None` when missing (or its status unknown).
    fn current(&mut self, id: &str) -> Result<Option<Current>>;
    /// `org`'s active consents about the case `case_pk`, newest first.
    fn consents_of_case(&mut self, case_pk: i64, org: &str) -> Result<Vec<String>>;
    fn mark_sent(&mut self, id: &str, now: &str, sent: &SentRow<'_>) -> Result<()>;
    fn mark(&mut self, id: &str, now: &str, decision: Decision<'_>) -> Result<()>;
    /// Records the case the receiver opened (its key and public id) on the referral `id`.
    fn set_receiver_case(&mut self, id: &str, case_pk: i64, case_id: &str) -> Result<()>;
    /// The receiver's own case opened from the sender's (see [`received_case`]); its key.
    fn open_received_case(
        &mut self,
        actor: &Actor,
        r: &Current,
        referral_id: &str,
        case_id: &CaseId,
        import_id: &str,
    ) -> Result<i64>;
}

/// Marks the sent referrals whose answer is overdue as expired, and revokes their grants;
/// done before any referral is read or moved.
pub(crate) fn expire_overdue(tx: &mut impl ReferralTx) -> Result<()> {
    let now = now_rfc3339();
    for (id, from, grant) in tx.overdue(&now)? {
        tx.mark_expired(&id, &now)?;
        if let Some(grant) = grant {
            // Already inactive by its expiry; revoked for the record.
            match revoke_owned(tx, &from, "expiry", &grant) {
                Ok(()) | Err(StoreError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// The ids a move may need, drawn before its transaction.
pub(crate) struct MoveIds<'a> {
    pub grant: &'a str,
    pub opened_case: &'a CaseId,
    pub import: &'a str,
}

/// Moves the referral `id` by `transition` for the actor, with what it grants or revokes.
pub(crate) fn move_referral(
    tx: &mut impl ReferralTx,
    ids: &MoveIds<'_>,
    actor: &Actor,
    id: &str,
    transition: Transition<'_>,
    audit: &mut AuditDraft,
) -> Result<()> {
    expire_overdue(tx)?;
    let own = &actor.organisation().id;
    let now = now_rfc3339();
    let current = tx.current(id)?;
    let (r, sender) = admit(current, own)?;
    audit.records.push((r.from_org.clone(), r.case_id.clone()));
    check(&transition, sender, r.status)?;
    let decision = match transition {
        Transition::Send(sending) => {
            let consent = chosen_consent(sending, || covering_consent(tx, &r))?;
            let basis = basis(consent.as_deref(), sending.override_reason, |c| {
                consent_covers(tx, c, own, r.case_pk, Some(&r.to_org), None, &r.purpose)
            })?;
            let expires = rfc3339_after(sending.days * 86_400);
            insert_grant(tx, ids.grant, actor, &grant(&r, basis, &expires), audit)?;
            tx.mark_sent(
                id,
                &now,
                &SentRow {
                    expires_at: &expires,
                    consent_id: consent.as_deref(),
                    override_reason: sending.override_reason.map(str::trim),
                    grant_id: ids.grant,
                },
            )?;
            if sending.override_reason.is_some() {
                audit.detail.push(("override", "true".into()));
            }
            return Ok(());
        }
        Transition::Accept { open_case } => {
            tx.mark(id, &now, Decision::Accepted)?;
            if open_case {
                let pk = tx.open_received_case(actor, &r, id, ids.opened_case, ids.import)?;
                tx.set_receiver_case(id, pk, &ids.opened_case.id)?;
                audit
                    .records
                    .push((own.clone(), ids.opened_case.id.clone()));
            }
            return Ok(());
        }
        Transition::Reject { reason } => Decision::Rejected {
            reason: reason.trim(),
        },
        Transition::Withdraw => Decision::Withdrawn,
        Transition::Close { outcome } => Decision::Closed {
            outcome: outcome.trim(),
        },
    };
    tx.mark(id, &now, decision)?;
    // Rejected, withdrawn or closed: the referral's grant, if still active, ends with it.
    if let Some(grant) = &r.grant_id {
        match revoke_owned(tx, &r.from_org, actor.user_id(), grant) {
            Ok(()) | Err(StoreError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The active consent of the referral's case that covers its receiver and purpose, if any.
fn covering_consent(tx: &mut impl ReferralTx, r: &Current) -> Result<Option<String>> {
    for c in tx.consents_of_case(r.case_pk, &r.from_org)? {
        if consent_covers(
            tx,
            &c,
            &r.from_org,
            r.case_pk,
            Some(&r.to_org),
            None,
            &r.purpose,
        )? {
            return Ok(Some(c));
        }
    }
    Ok(None)
}

/// What a move needs to know of a referral, read under the write lock.
pub(crate) struct Current {
    pub case_pk: i64,
    pub case_id: String,
    pub from_org: String,
    pub to_org: String,
    pub to_name: String,
    pub purpose: String,
    pub status: ReferralStatus,
    pub grant_id: Option<String>,
}

/// The referral as the acting organisation `own` may move it, and whether it is the sender: a
/// referral neither sent nor received by the organisation (a draft is not yet received) answers
/// as missing.
pub(crate) fn admit(current: Option<Current>, own: &str) -> Result<(Current, bool)> {
    let r = current
        .filter(|r| r.from_org == own || (r.to_org == own && r.status != ReferralStatus::Draft))
        .ok_or(StoreError::NotFound)?;
    let sender = r.from_org == own;
    Ok((r, sender))
}

/// A referral goes to another organisation than its sender.
pub(crate) fn check_receiver(to: &str, own: &str) -> Result<()> {
    if to == own {
        return Err(StoreError::Invalid(
            "a referral goes to another organisation".into(),
        ));
    }
    Ok(())
}

/// Whether the sender (or the receiver) may make `transition` from `status`.
pub(crate) fn check(
    transition: &Transition<'_>,
    sender: bool,
    status: ReferralStatus,
) -> Result<()> {
    match transition {
        Transition::Send(_) => {
            if !sender {
                return Err(StoreError::NotFound);
            }
            if status != ReferralStatus::Draft {
                return Err(refused(status, "sent"));
            }
        }
        Transition::Accept { .. } => {
            if sender {
                return Err(StoreError::Invalid(
                    "a referral is accepted by its receiver".into(),
                ));
            }
            if status != ReferralStatus::Sent {
                return Err(refused(status, "accepted"));
            }
        }
        Transition::Reject { .. } => {
            if sender {
                return Err(StoreError::Invalid(
                    "a referral is rejected by its receiver; its sender withdraws it".into(),
                ));
            }
            if status != ReferralStatus::Sent {
                return Err(refused(status, "rejected"));
            }
        }
        Transition::Withdraw => {
            if !sender {
                return Err(StoreError::Invalid(
                    "a referral is withdrawn by its sender; its receiver rejects it".into(),
                ));
            }
            if !matches!(status, ReferralStatus::Draft | ReferralStatus::Sent) {
                return Err(refused(status, "withdrawn"));
            }
        }
        Transition::Close { .. } => {
            if status != ReferralStatus::Accepted {
                return Err(refused(status, "closed"));
            }
        }
    }
    Ok(())
}

/// A move the referral's state does not allow.
fn refused(status: ReferralStatus, what: &str) -> StoreError {
    StoreError::Invalid(format!(
        "a referral that is {} cannot be {what}",
        status.as_str()
    ))
}

/// The consent a referral is sent on: the one named, none under an override, or else the
/// covering one `covering` finds.
pub(crate) fn chosen_consent(
    sending: &Sending<'_>,
    covering: impl FnOnce() -> Result<Option<String>>,
) -> Result<Option<String>> {
    Ok(match (sending.consent_id, sending.override_reason) {
        (Some(c), _) => Some(c.to_string()),
        (None, Some(_)) => None,
        (None, None) => covering()?,
    })
}

/// The basis of the grant a sent referral is: its consent, which `covers` must confirm, or a
/// legal duty under an override.
pub(crate) fn basis(
    consent: Option<&str>,
    override_reason: Option<&str>,
    covers: impl FnOnce(&str) -> Result<bool>,
) -> Result<Basis> {
    match (consent, override_reason) {
        (Some(c), _) => {
            if !covers(c)? {
                return Err(StoreError::Invalid(
                    "the consent does not cover this referral: it must be an active consent of the case's person to the receiver, for this purpose".into(),
                ));
            }
            Ok(Basis::Consent(c.to_string()))
        }
        (None, Some(_)) => Ok(Basis::LegalDuty),
        (None, None) => Err(StoreError::Invalid(
            "no consent of the case's person covers this receiver and purpose: record one (`rastro consent record`), or override with a written reason".into(),
        )),
    }
}

/// The grant a sent referral is: its case, in full, to its receiver, until `expires`.
pub(crate) fn grant<'a>(r: &'a Current, basis: Basis, expires: &'a str) -> NewGrant<'a> {
    NewGrant {
        kind: RecordKind::Case,
        target: GrantTarget::Record(r.case_id.clone()),
        grantee: Grantee::Organisation(r.to_name.clone()),
        level: Level::Full,
        purpose: &r.purpose,
        basis,
        expires_at: Some(expires),
    }
}

/// The sender's case as the receiver opens its own from it: the whole record (its sealed part
/// opened with the sender's data key of `version`, which `key` finds), sealed for `own` under a
/// content key naming the referral, so that the same referral cannot be opened twice.
#[allow(clippy::too_many_arguments)]
pub(crate) fn received_case(
    r: &Current,
    open: &str,
    sealed: Option<&[u8]>,
    version: Option<i64>,
    key: impl FnOnce(u32) -> Result<Arc<DataKey>>,
    referral_id: &str,
    case_id: &CaseId,
    own: &str,
    keys: &SealingKeys<'_>,
) -> Result<PreparedCase> {
    let open = CaseRecord::from_compact(open).map_err(|reason| StoreError::Corrupt {
        id: r.case_id.clone(),
        reason,
    })?;
    let whole = match version {
        Some(v) => open_case(open, sealed, &*key(v as u32)?, &r.from_org, &r.case_id)?,
        None => open,
    };
    keys.with_sealer(1, |sealer| {
        prepare_case(
            &whole,
            None,
            format!("referral:{referral_id}").as_bytes(),
            1,
            case_id.clone(),
            own,
            sealer,
        )
    })
}

/// The source named by the import a received case is stored in.
pub(crate) fn received_source(referral_id: &str) -> String {
    format!("referral {referral_id}")
}

/// A referral whose case the receiver opened already.
pub(crate) fn opened_already() -> StoreError {
    StoreError::Invalid("this referral's case was opened already".into())
}

/// Why a sent referral ended unanswered (its grant expired with it).
pub(crate) const EXPIRED_REASON: &str = "not answered in time";

/// Why a referral ended when the consent it rested on was withdrawn.
pub(crate) const CONSENT_WITHDRAWN_REASON: &str = "the consent it rested on was withdrawn";

/// A referral's columns as `sql::grants::referrals` lists them, read by a backend.
pub(crate) struct ReferralRow {
    pub id: String,
    pub case_id: String,
    pub from: String,
    pub to: String,
    pub purpose: String,
    pub status: String,
    pub consent_id: Option<String>,
    pub override_reason: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub expires_at: Option<String>,
    pub decided_at: Option<String>,
    pub decision_reason: Option<String>,
    pub closed_at: Option<String>,
    pub outcome: Option<String>,
    pub receiver_case_id: Option<String>,
}

impl ReferralRow {
    pub fn into_info(self) -> Result<ReferralInfo> {
        let status = ReferralStatus::parse(&self.status).ok_or_else(|| StoreError::Corrupt {
            id: self.id.clone(),
            reason: format!("unknown referral status {:?}", self.status),
        })?;
        Ok(ReferralInfo {
            id: self.id,
            case_id: self.case_id,
            from: self.from,
            to: self.to,
            purpose: self.purpose,
            status,
            consent_id: self.consent_id,
            override_reason: self.override_reason,
            created_at: self.created_at,
            sent_at: self.sent_at,
            expires_at: self.expires_at,
            decided_at: self.decided_at,
            decision_reason: self.decision_reason,
            closed_at: self.closed_at,
            outcome: self.outcome,
            receiver_case_id: self.receiver_case_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReferralStatus::*;

    #[test]
    fn each_side_makes_only_its_own_moves_from_the_right_states() {
        let sending = Sending::default();
        let send = Transition::Send(&sending);
        let accept = Transition::Accept { open_case: false };
        let reject = Transition::Reject { reason: "full" };
        let close = Transition::Close { outcome: "done" };
        assert!(check(&send, true, Draft).is_ok());
        assert!(matches!(
            check(&send, false, Draft),
            Err(StoreError::NotFound)
        ));
        assert!(check(&send, true, Sent).is_err());
        assert!(check(&accept, false, Sent).is_ok());
        assert!(check(&accept, true, Sent).is_err());
        assert!(check(&accept, false, Expired).is_err());
        assert!(check(&reject, false, Sent).is_ok());
        assert!(check(&reject, true, Sent).is_err());
        assert!(check(&Transition::Withdraw, true, Draft).is_ok());
        assert!(check(&Transition::Withdraw, true, Sent).is_ok());
        assert!(check(&Transition::Withdraw, true, Accepted).is_err());
        assert!(check(&Transition::Withdraw, false, Sent).is_err());
        assert!(check(&close, true, Accepted).is_ok());
        assert!(check(&close, false, Accepted).is_ok());
        assert!(check(&close, false, Sent).is_err());
    }

    #[test]
    fn a_referral_is_sent_on_a_covering_consent_or_an_override() {
        let named = Sending {
            consent_id: Some("k1"),
            ..Sending::default()
        };
        let overridden = Sending {
            override_reason: Some("a court order of today"),
            ..Sending::default()
        };
        let plain = Sending::default();
        let found = || Ok(Some("k2".to_string()));
        assert_eq!(
            chosen_consent(&named, found).unwrap().as_deref(),
            Some("k1")
        );
        assert_eq!(chosen_consent(&overridden, found).unwrap(), None);
        assert_eq!(
            chosen_consent(&plain, found).unwrap().as_deref(),
            Some("k2")
        );
        assert_eq!(
            basis(Some("k1"), None, |_| Ok(true)).unwrap(),
            Basis::Consent("k1".into())
        );
        assert!(basis(Some("k1"), None, |_| Ok(false)).is_err());
        assert_eq!(
            basis(None, Some("a court order"), |_| Ok(false)).unwrap(),
            Basis::LegalDuty
        );
        assert!(basis(None, None, |_| Ok(true)).is_err());
    }
}
