//! Users and tokens, managed by a signed-in member: an organisation's administrator creates its
//! users; every user makes and revokes its own tokens.

use rastro_store::{IssuedToken, Role, TokenInfo, UserInfo};

use crate::session::Session;
use crate::Result;

pub fn create_user(
    session: &Session,
    name: &str,
    role: Role,
    password: Option<&str>,
) -> Result<UserInfo> {
    Ok(session.scope().create_user(name, role, password)?)
}

pub fn users(session: &Session) -> Result<Vec<UserInfo>> {
    Ok(session.scope().users()?)
}

pub fn update_user(
    session: &Session,
    name: &str,
    role: Option<Role>,
    disabled: Option<bool>,
) -> Result<UserInfo> {
    match session.scope().update_user(name, role, disabled) {
        Err(rastro_store::StoreError::NotFound) => Err(crate::AppError::Refused(format!(
            "{:?} has no user named {name:?}",
            session.organisation().name
        ))),
        other => Ok(other?),
    }
}

/// A token for the signed-in user (in its role, or a narrower one it may assign).
pub fn issue_token(
    session: &Session,
    role: Option<Role>,
    days: u64,
    label: &str,
) -> Result<IssuedToken> {
    Ok(session.scope().issue_own_token(role, days, label)?)
}

pub fn tokens(session: &Session) -> Result<Vec<TokenInfo>> {
    Ok(session.scope().tokens()?)
}

pub fn revoke_token(session: &Session, id: &str) -> Result<TokenInfo> {
    match session.scope().revoke_token(id) {
        Err(rastro_store::StoreError::NotFound) => {
            Err(crate::AppError::Refused(format!("no token {id} of yours")))
        }
        other => Ok(other?),
    }
}

/// The member organisations: names, kinds and countries (not secret among members).
pub fn organisations(session: &Session) -> Result<Vec<rastro_store::Organisation>> {
    session.organisations()
}

/// The id of a token, as `tokens` lists it.
pub fn token_id(token: &str) -> Option<String> {
    rastro_store::token_id(token)
}
