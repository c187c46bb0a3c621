//! Sharing by grants: an organisation decides which of its records another organisation (or a
//! kind of organisation, or every member) may see, at what level, why, and until when.

use rastro_store::{Basis, GrantInfo, GrantTarget, Grantee, Level, NewGrant, RecordKind};

use crate::session::Session;
use crate::{AppError, Result};

/// A grant as a person asks for it.
#[derive(Debug, Clone)]
pub struct GrantRequest<'a> {
    pub kind: RecordKind,
    pub target: GrantTarget,
    pub grantee: Grantee,
    pub level: Level,
    pub purpose: &'a str,
    pub basis: Basis,
    pub expires_at: Option<&'a str>,
}

pub fn grant(session: &Session, request: &GrantRequest<'_>) -> Result<GrantInfo> {
    let grant = NewGrant {
        kind: request.kind,
        target: request.target.clone(),
        grantee: request.grantee.clone(),
        level: request.level,
        purpose: request.purpose,
        basis: request.basis.clone(),
        expires_at: request.expires_at,
    };
    match session.scope().grant(&grant) {
        Err(rastro_store::StoreError::NotFound) => Err(AppError::Refused(format!(
            "{:?} has no such {} of its own, or no organisation of that name exists",
            session.organisation().name,
            request.kind.as_str()
        ))),
        other => Ok(other?),
    }
}

pub fn revoke(session: &Session, id: &str) -> Result<GrantInfo> {
    match session.scope().revoke_grant(id) {
        Err(rastro_store::StoreError::NotFound) => Err(AppError::Refused(format!(
            "{:?} has no active grant {id}",
            session.organisation().name
        ))),
        other => Ok(other?),
    }
}

/// The grants the organisation gave (`given`) or the active ones it received.
pub fn list(session: &Session, given: bool) -> Result<Vec<GrantInfo>> {
    let scope = session.scope();
    Ok(if given {
        scope.grants_given()?
    } else {
        scope.grants_received()?
    })
}

/// An expiry as a person writes it: a day (the grant lasts through it, UTC) or a UTC time.
pub fn expiry(text: &str) -> Result<String> {
    let text = text.trim();
    let day = rastro_text::PartialDate::parse(text, 2000..=9999).ok();
    match day {
        Some(d) if d.day.is_some() && text.len() == 10 => Ok(format!("{text}T23:59:59Z")),
        Some(d) if d.day.is_some() && text.len() == 20 && text.ends_with('Z') => {
            Ok(text.to_string())
        }
        _ => Err(AppError::Refused(format!(
            "an expiry is a day (2027-01-31) or a UTC time (2027-01-31T18:00:00Z), not {text:?}"
        ))),
    }
}

/// Shares one of the organisation's own watchlists (by name) with every member, for screening.
pub fn share_list(session: &Session, name: &str, purpose: &str) -> Result<GrantInfo> {
    let id = own_list(session, name)?;
    grant(
        session,
        &GrantRequest {
            kind: RecordKind::Watchlist,
            target: GrantTarget::Record(id),
            grantee: Grantee::Everyone,
            level: Level::Full,
            purpose,
            basis: Basis::Agreement,
            expires_at: None,
        },
    )
}

/// Revokes every active grant on one of the organisation's own watchlists; returns how many.
pub fn unshare_list(session: &Session, name: &str) -> Result<usize> {
    let id = own_list(session, name)?;
    let mut revoked = 0;
    for g in list(session, true)? {
        if g.active
            && g.kind == RecordKind::Watchlist
            && g.target == GrantTarget::Record(id.clone())
        {
            revoke(session, &g.id)?;
            revoked += 1;
        }
    }
    Ok(revoked)
}

pub fn own_list(session: &Session, name: &str) -> Result<String> {
    session.scope().own_list_id(name.trim())?.ok_or_else(|| {
        AppError::Refused(format!(
            "organisation {:?} has no watchlist named {:?} of its own (see `rastro watchlist list`)",
            session.organisation().name,
            name.trim()
        ))
    })
}
