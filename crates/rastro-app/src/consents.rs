//! Consents and referrals as a caseworker handles them.

use rastro_store::{
    ConsentInfo, Direction, Grantee, NewConsent, NewReferral, ReferralInfo, Sending, StoreError,
};

use crate::session::Session;
use crate::{AppError, Result};

fn missing(what: &str, id: &str, session: &Session) -> AppError {
    AppError::Refused(format!(
        "{:?} has no {what} {id} (or may not see it)",
        session.organisation().name
    ))
}

pub fn record(session: &Session, consent: &NewConsent<'_>) -> Result<ConsentInfo> {
    match session.scope().record_consent(consent) {
        Err(StoreError::NotFound) => Err(AppError::Refused(format!(
            "{:?} has no case {} of its own, or no organisation is named {:?}",
            session.organisation().name,
            consent.case_id,
            match &consent.to {
                Grantee::Organisation(name) => name.as_str(),
                _ => "",
            }
        ))),
        other => Ok(other?),
    }
}

/// Withdraws a consent; returns it and how many grants were revoked with it.
pub fn withdraw(session: &Session, id: &str) -> Result<(ConsentInfo, u64)> {
    match session.scope().withdraw_consent(id) {
        Err(StoreError::NotFound) => Err(missing("active consent", id, session)),
        other => Ok(other?),
    }
}

pub fn list(session: &Session, case_id: Option<&str>) -> Result<Vec<ConsentInfo>> {
    Ok(session.scope().consents(case_id)?)
}

pub fn draft_referral(session: &Session, referral: &NewReferral<'_>) -> Result<ReferralInfo> {
    match session.scope().draft_referral(referral) {
        Err(StoreError::NotFound) => Err(AppError::Refused(format!(
            "{:?} has no case {} of its own, or no organisation is named {:?}",
            session.organisation().name,
            referral.case_id,
            referral.to
        ))),
        other => Ok(other?),
    }
}

/// What is done to a referral.
#[derive(Debug, Clone)]
pub enum Move<'a> {
    Send(Sending<'a>),
    Accept { open_case: bool },
    Reject { reason: &'a str },
    Withdraw,
    Close { outcome: &'a str },
}

pub fn move_referral(session: &Session, id: &str, step: &Move<'_>) -> Result<ReferralInfo> {
    let scope = session.scope();
    let moved = match step {
        Move::Send(sending) => scope.send_referral(id, sending),
        Move::Accept { open_case } => scope.accept_referral(id, *open_case),
        Move::Reject { reason } => scope.reject_referral(id, reason),
        Move::Withdraw => scope.withdraw_referral(id),
        Move::Close { outcome } => scope.close_referral(id, outcome),
    };
    match moved {
        Err(StoreError::NotFound) => Err(missing("referral", id, session)),
        other => Ok(other?),
    }
}

pub fn referrals(session: &Session, direction: Direction) -> Result<Vec<ReferralInfo>> {
    Ok(session.scope().referrals(direction)?)
}
