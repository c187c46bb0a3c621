//! PLACEHOLDER (not to be merged): GrantBackend for PostgreSQL is being ported from `sqlite/grants.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
use crate::api::grants::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl GrantBackend for PgBackend {
    fn grant(&self, actor: &Actor, grant: &NewGrant<'_>, audit: AuditDraft) -> Result<GrantInfo> {
        Err(StoreError::UnsupportedBackend("GrantBackend::grant".into()))
    }

    fn revoke_grant(&self, actor: &Actor, id: &str, audit: AuditDraft) -> Result<GrantInfo> {
        Err(StoreError::UnsupportedBackend(
            "GrantBackend::revoke_grant".into(),
        ))
    }

    fn grants(&self, actor: &Actor, given: bool) -> Result<Vec<GrantInfo>> {
        Err(StoreError::UnsupportedBackend(
            "GrantBackend::grants".into(),
        ))
    }
}
