//! Referrals as a caseworker drafts, sends and answers them.

use rastro_store::{Direction, NewReferral, ReferralInfo, Sending, StoreError};

use crate::consents::missing;
use crate::session::Session;
use crate::{AppError, Result};

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
