//! PLACEHOLDER (not to be merged): ReferralBackend for PostgreSQL is being ported from `sqlite/referrals.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::referrals::*;
use crate::api::trace::AuditDraft;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl ReferralBackend for PgBackend {
    fn draft_referral(
        &self,
        actor: &Actor,
        referral: &NewReferral<'_>,
        audit: AuditDraft,
    ) -> Result<ReferralInfo> {
        Err(StoreError::UnsupportedBackend(
            "ReferralBackend::draft_referral".into(),
        ))
    }

    fn move_referral(
        &self,
        actor: &Actor,
        id: &str,
        transition: Transition<'_>,
        audit: AuditDraft,
    ) -> Result<ReferralInfo> {
        Err(StoreError::UnsupportedBackend(
            "ReferralBackend::move_referral".into(),
        ))
    }

    fn referrals(
        &self,
        actor: &Actor,
        direction: Direction,
        audit: AuditDraft,
    ) -> Result<Vec<ReferralInfo>> {
        Err(StoreError::UnsupportedBackend(
            "ReferralBackend::referrals".into(),
        ))
    }
}
