//! PLACEHOLDER (not to be merged): ConsentBackend for PostgreSQL is being ported from `sqlite/consents.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
use crate::api::consents::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl ConsentBackend for PgBackend {
    fn record_consent(
        &self,
        actor: &Actor,
        consent: &NewConsent<'_>,
        audit: AuditDraft,
    ) -> Result<ConsentInfo> {
        Err(StoreError::UnsupportedBackend(
            "ConsentBackend::record_consent".into(),
        ))
    }

    fn withdraw_consent(
        &self,
        actor: &Actor,
        id: &str,
        audit: AuditDraft,
    ) -> Result<(ConsentInfo, u64)> {
        Err(StoreError::UnsupportedBackend(
            "ConsentBackend::withdraw_consent".into(),
        ))
    }

    fn consents(
        &self,
        actor: &Actor,
        case_id: Option<&str>,
        audit: AuditDraft,
    ) -> Result<Vec<ConsentInfo>> {
        Err(StoreError::UnsupportedBackend(
            "ConsentBackend::consents".into(),
        ))
    }
}
