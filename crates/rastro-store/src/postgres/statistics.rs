//! PLACEHOLDER (not to be merged): StatisticsBackend for PostgreSQL is being ported from `sqlite/statistics.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::statistics::*;
use crate::api::trace::AuditDraft;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl StatisticsBackend for PgBackend {
    fn for_each_case_facts(
        &self,
        actor: &Actor,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(CaseFacts) -> Result<()>,
    ) -> Result<u64> {
        Err(StoreError::UnsupportedBackend(
            "StatisticsBackend::for_each_case_facts".into(),
        ))
    }

    fn for_each_incident_facts(
        &self,
        actor: &Actor,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(IncidentFacts) -> Result<()>,
    ) -> Result<u64> {
        Err(StoreError::UnsupportedBackend(
            "StatisticsBackend::for_each_incident_facts".into(),
        ))
    }

    fn visibility_stamp(&self, actor: &Actor) -> Result<VisibilityStamp> {
        Err(StoreError::UnsupportedBackend(
            "StatisticsBackend::visibility_stamp".into(),
        ))
    }

    fn spend_budget(
        &self,
        actor: &Actor,
        request: &BudgetRequest<'_>,
        audit: AuditDraft,
    ) -> Result<PrivacyRelease> {
        Err(StoreError::UnsupportedBackend(
            "StatisticsBackend::spend_budget".into(),
        ))
    }

    fn releases(&self, actor: &Actor, dataset: &str) -> Result<Vec<PrivacyRelease>> {
        Err(StoreError::UnsupportedBackend(
            "StatisticsBackend::releases".into(),
        ))
    }
}
