//! PLACEHOLDER (not to be merged): MemberBackend for PostgreSQL is being ported from `sqlite/members.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::members::*;
use crate::api::trace::AuditDraft;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl MemberBackend for PgBackend {
    fn create_user(&self, user: &NewUser<'_>, audit: AuditDraft) -> Result<UserInfo> {
        Err(StoreError::UnsupportedBackend(
            "MemberBackend::create_user".into(),
        ))
    }

    fn stored_user(&self, name: &str) -> Result<Option<StoredUser>> {
        Err(StoreError::UnsupportedBackend(
            "MemberBackend::stored_user".into(),
        ))
    }

    fn record_sign_in(
        &self,
        user_id: &str,
        success: bool,
        lock_until: Option<&str>,
        audit: AuditDraft,
    ) -> Result<()> {
        Err(StoreError::UnsupportedBackend(
            "MemberBackend::record_sign_in".into(),
        ))
    }

    fn users(&self, org_id: Option<&str>) -> Result<Vec<UserInfo>> {
        Err(StoreError::UnsupportedBackend(
            "MemberBackend::users".into(),
        ))
    }

    fn update_user(
        &self,
        org_id: &str,
        name: &str,
        change: &UserChange<'_>,
        audit: AuditDraft,
    ) -> Result<UserInfo> {
        Err(StoreError::UnsupportedBackend(
            "MemberBackend::update_user".into(),
        ))
    }

    fn insert_token(&self, token: &NewToken<'_>, audit: AuditDraft) -> Result<TokenInfo> {
        Err(StoreError::UnsupportedBackend(
            "MemberBackend::insert_token".into(),
        ))
    }

    fn stored_token(&self, id: &str) -> Result<Option<StoredToken>> {
        Err(StoreError::UnsupportedBackend(
            "MemberBackend::stored_token".into(),
        ))
    }

    fn touch_token(&self, id: &str, at: &str) -> Result<()> {
        Err(StoreError::UnsupportedBackend(
            "MemberBackend::touch_token".into(),
        ))
    }

    fn revoke_token(
        &self,
        org_id: &str,
        user_id: Option<&str>,
        id: &str,
        audit: AuditDraft,
    ) -> Result<TokenInfo> {
        Err(StoreError::UnsupportedBackend(
            "MemberBackend::revoke_token".into(),
        ))
    }

    fn tokens(&self, org_id: &str, user_id: Option<&str>) -> Result<Vec<TokenInfo>> {
        Err(StoreError::UnsupportedBackend(
            "MemberBackend::tokens".into(),
        ))
    }
}
