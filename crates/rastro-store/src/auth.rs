//! Authentication: the only code that makes an [`Actor`], and so the only way to a
//! [`crate::Scope`]. A user signs in with a password (Argon2id; too many failures lock the user
//! out for a while) or presents an API token (shown once, stored as a hash, scoped to a role,
//! expiring, revocable). Whoever owns an embedded store's file is its local administrator and
//! may create organisations and their first users — the bootstrap of a new installation.
//!
//! Every refusal is the same `Unauthenticated`, whether the user is unknown, the password wrong
//! or the token expired, so that a caller learns nothing from which.

use rastro_vault::{password, token};

use crate::api::access::{may_assign, permits, Action, OrgKind, Role};
use crate::api::audit::{AuditEvent, AuditReport, AuditSelection};
use crate::api::keys::KeyRotation;
use crate::api::members::{
    Actor, IssuedToken, NewToken, NewUser, StoredUser, TokenInfo, UserChange, UserInfo,
};
use crate::api::orgs::Organisation;
use crate::api::scope::Scope;
use crate::api::trace::{AuditDraft, By, Outcome};
use crate::api::Backend;
use crate::time::{now_rfc3339, rfc3339_after, rfc3339_before};

/// How stale a token's last use may be before it is written again.
const TOUCH_EVERY_SECONDS: u64 = 60;
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
            // The name tried is kept only as a keyed hash: repeated attempts show, the name not.
            self.backend.append_audit(
                &AuditDraft::new(By::Anonymous, "sign_in")
                    .outcome(Outcome::Failed)
                    .detail("user_hash", self.backend.keys().query_hash(user.trim())),
            )?;
            return Err(StoreError::Unauthenticated);
        };
        let now = now_rfc3339();
        if let Some(until) = stored.locked_until.as_deref().filter(|u| *u > now.as_str()) {
            self.backend.append_audit(
                &member_draft(&stored, "sign_in")
                    .outcome(Outcome::Denied)
                    .detail("locked_until", until),
            )?;
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
            let mut audit = member_draft(&stored, "sign_in").outcome(Outcome::Failed);
            if let Some(until) = &lock {
                audit = audit.detail("locked_until", until);
            }
            self.backend
                .record_sign_in(&stored.id, false, lock.as_deref(), audit)?;
            return Err(StoreError::Unauthenticated);
        }
        let audit = member_draft(&stored, "sign_in");
        self.backend.record_sign_in(&stored.id, true, None, audit)?;
        Ok(actor_of(stored, None))
    }

    /// Authenticates an API token (`rst_<id>_<secret>`).
    pub fn authenticate_token(&self, presented: &str) -> Result<Actor> {
        let refused = |token_id: Option<&str>| {
            let mut audit =
                AuditDraft::new(By::Anonymous, "token_refused").outcome(Outcome::Failed);
            if let Some(id) = token_id {
                audit = audit.detail("token", id);
            }
            self.backend.append_audit(&audit)?;
            Err(StoreError::Unauthenticated)
        };
        let Some((id, secret)) = token::parse(presented.trim()) else {
            return refused(None);
        };
        let Some(stored) = self.backend.stored_token(&id)? else {
            return refused(None);
        };
        let now = now_rfc3339();
        if stored.revoked
            || stored.expires_at.as_str() <= now.as_str()
            || stored.user.disabled
            || !token::verify_secret(&secret, &stored.secret_hash)
        {
            return refused(Some(&id));
        }
        // When a token was last used is kept to the minute: writing it on every request would put
        // a write (and the single writer's queue) in front of every read.
        let recently = rfc3339_before(TOUCH_EVERY_SECONDS);
        if stored
            .last_used_at
            .as_deref()
            .is_none_or(|last| last < recently.as_str())
        {
            self.backend.touch_token(&stored.id, &now)?;
        }
        Ok(actor_of(stored.user, Some(stored.role)))
    }

    /// The administrator of a store: whoever can open it — the owner-only file of an embedded
    /// store, or a PostgreSQL store's database credentials together with its key file. Creates
    /// organisations and users; reads no record.
    pub fn local_admin(&self) -> Result<LocalAdmin<'_>> {
        match self.url() {
            StoreUrl::Sqlite(_) | StoreUrl::Postgres(_) => Ok(LocalAdmin { store: self }),
        }
    }
}

/// An event in the user's organisation's chain, done by the user (signing in).
fn member_draft(user: &StoredUser, action: &'static str) -> AuditDraft {
    AuditDraft::new(
        By::Member {
            org_id: user.org.id.clone(),
            user_id: user.id.clone(),
            role: user.role,
        },
        action,
    )
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
        let audit = AuditDraft::new(By::Administrator, "create_user")
            .detail("organisation", &org.id)
            .detail("role", role.as_str());
        create_user(
            self.store.backend.as_ref(),
            &org,
            name,
            role,
            password,
            audit,
        )
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
        let audit = AuditDraft::new(By::Administrator, "issue_token")
            .detail("user", &stored.id)
            .detail("role", role.as_str());
        issue(
            self.store.backend.as_ref(),
            &stored,
            role,
            days,
            label,
            audit,
        )
    }

    /// Sets a new password for a user, and lifts a lockout.
    pub fn set_password(&self, user: &str, password: &str) -> Result<UserInfo> {
        let stored = self
            .store
            .backend
            .stored_user(user.trim())?
            .ok_or(StoreError::NotFound)?;
        let hash = hash_password(password)?;
        let audit = AuditDraft::new(By::Administrator, "set_password");
        let info = self.store.backend.update_user(
            &stored.org.id,
            &stored.name,
            &UserChange {
                password_hash: Some(&hash),
                ..UserChange::default()
            },
            audit,
        )?;
        let unlock = AuditDraft::new(By::Administrator, "unlock_user").detail("user", &stored.id);
        self.store
            .backend
            .record_sign_in(&stored.id, true, None, unlock)?;
        Ok(info)
    }

    pub fn users(&self) -> Result<Vec<UserInfo>> {
        self.store.backend.users(None)
    }

    /// Writes a consistent copy of the store's database to `to` (which must not exist; owner-only)
    /// while the store goes on serving, and returns its size in bytes. The key file is not in it:
    /// keep the two apart, and both, to restore ([`Store::restore`]).
    pub fn backup(&self, to: &std::path::Path) -> Result<u64> {
        self.store
            .backend
            .backup(to, AuditDraft::new(By::Administrator, "backup"))
    }

    /// Walks every chain of the audit trail.
    pub fn verify_audit(&self) -> Result<AuditReport> {
        let report = self.store.backend.verify_audit(None)?;
        self.store.backend.append_audit(
            &AuditDraft::new(By::Administrator, "verify_audit")
                .count(report.events)
                .detail("problems", report.problems.len()),
        )?;
        Ok(report)
    }

    /// Replaces every organisation's data key and re-seals its cases under the new one; running
    /// it again completes an interrupted rotation.
    pub fn rotate_data_keys(&self) -> Result<KeyRotation> {
        self.store
            .backend
            .rotate_data_keys(AuditDraft::new(By::Administrator, "rotate_data_keys"))
    }

    /// Creates a new key file at `new_key_file` (which must not exist) and re-wraps every key
    /// under it. Afterwards the store opens only with the new file: this handle is spent.
    pub fn rotate_master(&self, new_key_file: &std::path::Path) -> Result<KeyRotation> {
        let new = rastro_vault::MasterKey::create_file(new_key_file)
            .map_err(|e| StoreError::Keys(e.to_string()))?;
        self.store
            .backend
            .rotate_master(&new, AuditDraft::new(By::Administrator, "rotate_master"))
    }

    /// The whole trail, newest first (ids and counts; the administrator reads no record).
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditEvent>> {
        self.store
            .backend
            .audit_events(None, AuditSelection::Own, limit)
    }

    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        self.store.organisations()
    }

    /// A server node acting as `role` of `org`, to count what that viewer may count before any
    /// member asks (a node that has just started warms its caches this way). Its reads are
    /// traced under its own id, `node:` and the node's name, never as a member's: no person is
    /// said to have read what no person asked for. What it reads stays in the node's memory and
    /// reaches a member only through that member's own authenticated, traced request.
    pub fn node_actor(&self, org: Organisation, role: Role, node: &str) -> Actor {
        Actor::new(
            format!("{NODE_PREFIX}{node}"),
            format!("node {node}"),
            org,
            role,
        )
    }
}

/// How the user id of a node's actor begins; a member's id (Crockford base32) never holds `:`.
pub const NODE_PREFIX: &str = "node:";

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
    audit: AuditDraft,
) -> Result<UserInfo> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return Err(StoreError::Invalid(
            "a user name needs at least one character and no spaces".into(),
        ));
    }
    let hash = password.map(hash_password).transpose()?;
    backend.create_user(
        &NewUser {
            org_id: &org.id,
            name,
            role,
            password_hash: hash.as_deref(),
        },
        audit,
    )
}

fn issue(
    backend: &dyn Backend,
    user: &StoredUser,
    role: Role,
    days: u64,
    label: &str,
    audit: AuditDraft,
) -> Result<IssuedToken> {
    if !(1..=MAX_TOKEN_DAYS).contains(&days) {
        return Err(StoreError::Invalid(format!(
            "a token lives between 1 and {MAX_TOKEN_DAYS} days"
        )));
    }
    let fresh = token::Token::generate().map_err(|e| StoreError::Entropy(e.to_string()))?;
    let hash = token::hash_secret(&fresh.secret);
    let expires_at = rfc3339_after(days * 86_400);
    let info = backend.insert_token(
        &NewToken {
            id: &fresh.id,
            org_id: &user.org.id,
            user_id: &user.id,
            secret_hash: &hash,
            role,
            label: label.trim(),
            expires_at: &expires_at,
        },
        audit.detail("token", &fresh.id),
    )?;
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
            return Err(self.forbidden(Action::ManageMembers));
        }
        let audit = self
            .actor
            .draft("create_user")
            .detail("role", role.as_str());
        create_user(
            self.backend,
            self.organisation(),
            name,
            role,
            password,
            audit,
        )
    }

    /// The users of the actor's organisation (every organisation's, for platform_admin).
    pub fn users(&self) -> Result<Vec<UserInfo>> {
        self.require(Action::ManageMembers)?;
        let org =
            (self.actor.role() != Role::PlatformAdmin).then(|| self.organisation().id.clone());
        let users = self.backend.users(org.as_deref())?;
        self.audit(self.actor.draft("read_users").count(users.len() as u64))?;
        Ok(users)
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
                return Err(self.forbidden(Action::ManageMembers));
            }
        }
        let mut audit = self.actor.draft("update_user");
        if let Some(role) = role {
            audit = audit.detail("role", role.as_str());
        }
        if let Some(disabled) = disabled {
            audit = audit.detail("disabled", disabled);
        }
        self.backend.update_user(
            &self.organisation().id,
            name.trim(),
            &UserChange {
                role,
                disabled,
                password_hash: None,
            },
            audit,
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
            return Err(self.forbidden(Action::ManageMembers));
        }
        let user = self
            .backend
            .stored_user(self.actor.user_name())?
            .ok_or(StoreError::Unauthenticated)?;
        let audit = self
            .actor
            .draft("issue_token")
            .detail("role", role.as_str());
        issue(self.backend, &user, role, days, label, audit)
    }

    /// The tokens of the actor (all of its organisation's, for those who manage members).
    pub fn tokens(&self) -> Result<Vec<TokenInfo>> {
        let user = (!self.may(Action::ManageMembers)).then(|| self.actor.user_id().to_string());
        let tokens = self
            .backend
            .tokens(&self.organisation().id, user.as_deref())?;
        self.audit(self.actor.draft("read_tokens").count(tokens.len() as u64))?;
        Ok(tokens)
    }

    /// Revokes a token of the actor (or of its organisation, for those who manage members).
    pub fn revoke_token(&self, id: &str) -> Result<TokenInfo> {
        let user = (!self.may(Action::ManageMembers)).then(|| self.actor.user_id().to_string());
        let audit = self.actor.draft("revoke_token").detail("token", id.trim());
        self.backend
            .revoke_token(&self.organisation().id, user.as_deref(), id.trim(), audit)
    }

    /// Whether the role may, without tracing a denial: the answer only narrows what is shown.
    fn may(&self, action: Action) -> bool {
        permits(self.actor.role(), action)
    }
}

/// The id of a presented token (as `tokens` lists it), when the text has a token's shape.
pub fn token_id(presented: &str) -> Option<String> {
    token::parse(presented.trim()).map(|(id, _)| id)
}
