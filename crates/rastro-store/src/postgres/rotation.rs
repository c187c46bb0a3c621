//! PLACEHOLDER (not to be merged): KeyBackend for PostgreSQL is being ported from `sqlite/rotation.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::*;
use crate::api::keys::*;
use crate::api::trace::AuditDraft;
use crate::{Result, StoreError};
#[allow(unused_imports)]
use crate::api::access::*;
#[allow(unused_imports)]
use crate::api::members::Actor;

impl KeyBackend for PgBackend {
    fn rotate_data_keys(&self, audit: AuditDraft) -> Result<KeyRotation> {
        Err(StoreError::UnsupportedBackend("KeyBackend::rotate_data_keys".into()))
    }

    fn rotate_master(
        &self,
        new: &rastro_vault::MasterKey,
        audit: AuditDraft,
    ) -> Result<KeyRotation> {
        Err(StoreError::UnsupportedBackend("KeyBackend::rotate_master".into()))
    }

}
