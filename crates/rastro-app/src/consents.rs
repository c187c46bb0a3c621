//! Consents as a caseworker records and withdraws them.

use rastro_store::{ConsentInfo, Grantee, NewConsent, StoreError};

use crate::session::Session;
use crate::{AppError, Result};

pub(crate) fn missing(what: &str, id: &str, session: &Session) -> AppError {
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
