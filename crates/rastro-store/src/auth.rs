//! Authentication: the only code that makes an [`Actor`], and so the only way to a
//! [`crate::Scope`]. A user signs in with a password (Argon2id; too many failures lock the user
//! out for a while) or presents an API token (shown once, stored as a hash, scoped to a role,
//! expiring, revocable). Whoever owns an embedded store's file is its local administrator and
//! may create organisations and their first users — the bootstrap of a new installation.
//!
//! Every refusal is the same `Unauthenticated`, whether the user is unknown, the password wrong
//! or the token expired, so that a caller learns nothing from which.

use rastro_vault::{password, token};

use crate::api::access::{may_assign, Action, OrgKind, Role};
use crate::api::members::{
    Actor, IssuedToken, NewToken, NewUser, StoredUser, TokenInfo, UserChange, UserInfo,
};
use crate::api::orgs::Organisation;
use crate::api::scope::Scope;
use crate::api::Backend;
use crate::time::{now_rfc3339, rfc3339_after};
use crate::{Result, Store, StoreError, StoreUrl};

/// Failed sign-ins in a row that lock a user out, and for how long.
const LOCK_AFTER_FAILURES: u32 = 5;
const LOCK_SECONDS: u64 = 15 * 60;
/// Tokens live this long unless asked otherwise, and never longer than the maximum.
pub const DEFAULT_TOKEN_DAYS: u64 = 30;
pub const MAX_TOKEN_DAYS: u64 = 365;

impl Store {
    /// Signs a user in with a password.
    pub fn sign_in(&self, user: &str, password: &str) -> Result<Actor> {
        let Some(stored) = self.backend.stored_user(user.trim())? else {
            // Spend the time a real check would, so that timing does not tell which users exist.
            let _ = password::hash(password);
            return Err(StoreError::Unauthenticated);
        };
        let now = now_rfc3339();
        if let Some(until) = stored.locked_until.as_deref().filter(|u| *u > now.as_str()) {
            return Err(StoreError::LockedOut {
                until: until.to_string(),
            });
        }
        let ok = match &stored.password_hash {
            Some(hash) if !stored.disabled => {
                password::verify(password, hash).map_err(|e| StoreError::Corrupt {
                    id: stored.id.clone(),
                    reason: e.to_string(),
                })?
            }
            _ => false,
        };
        if !ok {
            let lock = (stored.failed_logins + 1 >= LOCK_AFTER_FAILURES)
                .then(|| rfc3339_after(LOCK_SECONDS));
            self.backend
                .record_sign_in(&stored.id, false, lock.as_deref())?;
            return Err(StoreError::Unauthenticated);
        }
        self.backend.record_sign_in(&stored.id, true, None)?;
        Ok(actor_of(stored, None))
    }

    /// Authenticates an API token (`rst_<id>_<secret>`).
    pub fn authenticate_token(&self, presented: &str) -> Result<Actor> {
        let (id, secret) = token::parse(presented.trim()).ok_or(StoreError::Unauthenticated)?;
        let Some(stored) = self.backend.stored_token(&id)? else {
            return Err(StoreError::Unauthenticated);
        };
        let now = now_rfc3339();
        if stored.revoked
            || stored.expires_at.as_str() <= now.as_str()
            || stored.user.disabled
            || !token::verify_secret(&secret, &stored.secret_hash)
        {
            return Err(StoreError::Unauthenticated);
        }
        self.backend.touch_token(&stored.id, &now)?;
        Ok(actor_of(stored.user, Some(stored.role)))
    }

    /// The administrator of an embedded store: whoever can open its owner-only file. Creates
    /// organisations and users; reads no record. A shared database (PostgreSQL) has none: its
    /// administrators are users with the platform_admin role.
    pub fn local_admin(&self) -> Result<LocalAdmin<'_>> {
        match self.url() {
            StoreUrl::Sqlite(_) => Ok(LocalAdmin { store: self }),
        }
    }
}

fn actor_of(user: StoredUser, token_role: Option<Role>) -> Actor {
    Actor::new(
        user.id,
        user.name,
        user.org,
        token_role.unwrap_or(user.role),
    )
}

/// The local administrator of an embedded store.
pub struct LocalAdmin<'s> {
    store: &'s Store,
}

impl LocalAdmin<'_> {
    pub fn create_organisation(
        &self,
        name: &str,
        kind: OrgKind,
        country: Option<&str>,
    ) -> Result<Organisation> {
        self.store.create_organisation(name, kind, country)
    }

    /// Creates a user of `org` (by name); without a password the user acts through tokens only.
    pub fn create_user(
        &self,
        org: &str,
        name: &str,
        role: Role,
        password: Option<&str>,
    ) -> Result<UserInfo> {
        let org = self
            .store
            .find_organisation(org)?
            .ok_or(StoreError::NotFound)?;
        create_user(self.store.backend.as_ref(), &org, name, role, password)
    }

    /// Issues a token to a user (by name), in the user's role unless `role` narrows it.
    pub fn issue_token(
        &self,
        user: &str,
        role: Option<Role>,
        days: u64,
        label: &str,
    ) -> Result<IssuedToken> {
        let stored = self
            .store
            .backend
            .stored_user(user.trim())?
            .ok_or(StoreError::NotFound)?;
        let role = role.unwrap_or(stored.role);
        issue(self.store.backend.as_ref(), &stored, role, days, label)
    }

    /// Sets a new password for a user, and lifts a lockout.
    pub fn set_password(&self, user: &str, password: &str) -> Result<UserInfo> {
        let stored = self
            .store
            .backend
            .stored_user(user.trim())?
            .ok_or(StoreError::NotFound)?;
        let hash = hash_password(password)?;
        let info = self.store.backend.update_user(
            &stored.org.id,
            &stored.name,
            &UserChange {
                password_hash: Some(&hash),
                ..UserChange::default()
            },
        )?;
        self.store.backend.record_sign_in(&stored.id, true, None)?;
        Ok(info)
    }

    pub fn users(&self) -> Result<Vec<UserInfo>> {
        self.store.backend.users(None)
    }

    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        self.store.organisations()
    }
}

fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < 12 {
        return Err(StoreError::Invalid(
            "a password needs at least 12 characters".into(),
        ));
    }
    password::hash(password).map_err(|e| StoreError::Keys(e.to_string()))
}

fn create_user(
    backend: &dyn Backend,
    org: &Organisation,
    name: &str,
    role: Role,
    password: Option<&str>,
) -> Result<UserInfo> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return Err(StoreError::Invalid(
            "a user name needs at least one character and no spaces".into(),
        ));
    }
    let hash = password.map(hash_password).transpose()?;
    backend.create_user(&NewUser {
        org_id: &org.id,
        name,
        role,
        password_hash: hash.as_deref(),
    })
}

fn issue(
    backend: &dyn Backend,
    user: &StoredUser,
    role: Role,
    days: u64,
    label: &str,
) -> Result<IssuedToken> {
    if !(1..=MAX_TOKEN_DAYS).contains(&days) {
        return Err(StoreError::Invalid(format!(
            "a token lives between 1 and {MAX_TOKEN_DAYS} days"
        )));
    }
    let fresh = token::Token::generate().map_err(|e| StoreError::Entropy(e.to_string()))?;
    let hash = token::hash_secret(&fresh.secret);
    let expires_at = rfc3339_after(days * 86_400);
    let info = backend.insert_token(&NewToken {
        id: &fresh.id,
        org_id: &user.org.id,
        user_id: &user.id,
        secret_hash: &hash,
        role,
        label: label.trim(),
        expires_at: &expires_at,
    })?;
    Ok(IssuedToken {
        secret: fresh.render(),
        info,
    })
}

/// Members, for the roles that manage them (org_admin for its organisation, platform_admin).
impl Scope<'_> {
    /// Creates a user of the actor's organisation.
    pub fn create_user(&self, name: &str, role: Role, password: Option<&str>) -> Result<UserInfo> {
        self.require(Action::ManageMembers)?;
        if !may_assign(self.actor.role(), role) {
            return Err(StoreError::Forbidden {
                role: self.actor.role(),
                action: Action::ManageMembers,
            });
        }
        create_user(self.backend, self.organisation(), name, role, password)
    }

    /// The users of the actor's organisation (every organisation's, for platform_admin).
    pub fn users(&self) -> Result<Vec<UserInfo>> {
        self.require(Action::ManageMembers)?;
        let org =
            (self.actor.role() != Role::PlatformAdmin).then(|| self.organisation().id.clone());
        self.backend.users(org.as_deref())
    }

    /// Changes a user's role, or disables it; another organisation's user answers `NotFound`.
    pub fn update_user(
        &self,
        name: &str,
        role: Option<Role>,
        disabled: Option<bool>,
    ) -> Result<UserInfo> {
        self.require(Action::ManageMembers)?;
        if let Some(role) = role {
            if !may_assign(self.actor.role(), role) {
                return Err(StoreError::Forbidden {
                    role: self.actor.role(),
                    action: Action::ManageMembers,
                });
            }
        }
        self.backend.update_user(
            &self.organisation().id,
            name.trim(),
            &UserChange {
                role,
                disabled,
                password_hash: None,
            },
        )
    }

    /// Issues a token to the actor itself, in its own role (or one it may assign), for `days`.
    pub fn issue_own_token(
        &self,
        role: Option<Role>,
        days: u64,
        label: &str,
    ) -> Result<IssuedToken> {
        let role = role.unwrap_or(self.actor.role());
        if role != self.actor.role() && !may_assign(self.actor.role(), role) {
            return Err(StoreError::Forbidden {
                role: self.actor.role(),
                action: Action::ManageMembers,
            });
        }
        let user = self
            .backend
            .stored_user(self.actor.user_name())?
            .ok_or(StoreError::Unauthenticated)?;
        issue(self.backend, &user, role, days, label)
    }

    /// The tokens of the actor (all of its organisation's, for those who manage members).
    pub fn tokens(&self) -> Result<Vec<TokenInfo>> {
        let user = (!self.may(Action::ManageMembers)).then(|| self.actor.user_id().to_string());
        self.backend
            .tokens(&self.organisation().id, user.as_deref())
    }

    /// Revokes a token of the actor (or of its organisation, for those who manage members).
    pub fn revoke_token(&self, id: &str) -> Result<TokenInfo> {
        let user = (!self.may(Action::ManageMembers)).then(|| self.actor.user_id().to_string());
        self.backend
            .revoke_token(&self.organisation().id, user.as_deref(), id.trim())
    }

    fn may(&self, action: Action) -> bool {
        self.require(action).is_ok()
    }
}

/// The id of a presented token (as `tokens` lists it), when the text has a token's shape.
pub fn token_id(presented: &str) -> Option<String> {
    token::parse(presented.trim()).map(|(id, _)| id)
}
