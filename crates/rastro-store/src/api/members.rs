//! Members: users who act for an organisation in a role, and the API tokens they act with.
//!
//! An [`Actor`] is the only thing a [`crate::Scope`] is made from, and only authentication in this
//! crate makes one (a password or a token checked against the store, or the local administrator
//! of an embedded store). A caller cannot name an organisation and become it.

use crate::api::access::{OrgKind, Role};
use crate::api::orgs::Organisation;
use crate::api::trace::{AuditDraft, By};
use crate::Result;

/// An authenticated user acting for an organisation in a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    user_id: String,
    user_name: String,
    org: Organisation,
    role: Role,
}

impl Actor {
    /// Only authentication makes actors.
    pub(crate) fn new(user_id: String, user_name: String, org: Organisation, role: Role) -> Actor {
        Actor {
            user_id,
            user_name,
            org,
            role,
        }
    }

    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    pub fn user_name(&self) -> &str {
        &self.user_name
    }

    pub fn organisation(&self) -> &Organisation {
        &self.org
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn kind(&self) -> OrgKind {
        self.org.kind
    }

    /// An audit event of an action by this actor.
    pub(crate) fn draft(&self, action: &'static str) -> AuditDraft {
        AuditDraft::new(
            By::Member {
                org_id: self.org.id.clone(),
                user_id: self.user_id.clone(),
                role: self.role,
            },
            action,
        )
    }
}

/// A user as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfo {
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub role: Role,
    pub created_at: String,
    pub disabled: bool,
    /// Set while too many failed sign-ins keep the user out.
    pub locked_until: Option<String>,
    pub has_password: bool,
}

/// A token as listed (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: String,
    pub user: String,
    pub role: Role,
    pub label: String,
    pub created_at: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
}

/// A token just issued: `secret` is the only time the whole token is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    pub secret: String,
    pub info: TokenInfo,
}

/// A user as the store keeps it, for authentication.
#[derive(Debug, Clone)]
pub(crate) struct StoredUser {
    pub id: String,
    pub name: String,
    pub org: Organisation,
    pub role: Role,
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub failed_logins: u32,
    pub locked_until: Option<String>,
}

/// A token as the store keeps it, for authentication.
#[derive(Debug, Clone)]
pub(crate) struct StoredToken {
    pub id: String,
    pub secret_hash: String,
    pub role: Role,
    pub expires_at: String,
    pub revoked: bool,
    pub last_used_at: Option<String>,
    pub user: StoredUser,
}

pub(crate) struct NewUser<'a> {
    pub org_id: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: Option<&'a str>,
}

pub(crate) struct NewToken<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub user_id: &'a str,
    pub secret_hash: &'a str,
    pub role: Role,
    pub label: &'a str,
    pub expires_at: &'a str,
}

pub(crate) trait MemberBackend {
    fn create_user(&self, user: &NewUser<'_>, audit: AuditDraft) -> Result<UserInfo>;
    fn stored_user(&self, name: &str) -> Result<Option<StoredUser>>;
    /// Records a sign-in: a success clears the failures; a failure counts, and locks the user
    /// until `lock_until` when given.
    fn record_sign_in(
        &self,
        user_id: &str,
        success: bool,
        lock_until: Option<&str>,
        audit: AuditDraft,
    ) -> Result<()>;
    fn users(&self, org_id: Option<&str>) -> Result<Vec<UserInfo>>;
    /// Changes a user of `org_id` (role, disabled, password); `NotFound` for another's.
    fn update_user(
        &self,
        org_id: &str,
        name: &str,
        change: &UserChange<'_>,
        audit: AuditDraft,
    ) -> Result<UserInfo>;
    fn insert_token(&self, token: &NewToken<'_>, audit: AuditDraft) -> Result<TokenInfo>;
    fn stored_token(&self, id: &str) -> Result<Option<StoredToken>>;
    fn touch_token(&self, id: &str, at: &str) -> Result<()>;
    /// Revokes a token of `org_id` (of `user_id` only, when given); `NotFound` otherwise.
    fn revoke_token(
        &self,
        org_id: &str,
        user_id: Option<&str>,
        id: &str,
        audit: AuditDraft,
    ) -> Result<TokenInfo>;
    fn tokens(&self, org_id: &str, user_id: Option<&str>) -> Result<Vec<TokenInfo>>;
}

/// A change to a user.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct UserChange<'a> {
    pub role: Option<Role>,
    pub disabled: Option<bool>,
    pub password_hash: Option<&'a str>,
}
