//! PLACEHOLDER (not to be merged): KeyBackend for PostgreSQL is being ported from `sqlite/rotation.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
use crate::api::keys::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl KeyBackend for PgBackend {
    fn rotate_data_keys(&self, audit: AuditDraft) -> Result<KeyRotation> {
        Err(StoreError::UnsupportedBackend(
            "KeyBackend::rotate_data_keys".into(),
        ))
    }

    fn rotate_master(
        &self,
        new: &rastro_vault::MasterKey,
        audit: AuditDraft,
    ) -> Result<KeyRotation> {
        Err(StoreError::UnsupportedBackend(
            "KeyBackend::rotate_master".into(),
        ))
    }
}
