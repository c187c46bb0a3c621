//! PLACEHOLDER (not to be merged): CaseBackend for PostgreSQL is being ported from `sqlite/cases.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
use crate::api::cases::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl CaseBackend for PgBackend {
    fn begin_import(
        &self,
        actor: &Actor,
        source_file: &str,
        format: &str,
        audit: AuditDraft,
    ) -> Result<ImportHandle> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::begin_import".into(),
        ))
    }

    fn prepare_cases(&self, actor: &Actor, cases: &[NewCase<'_>]) -> Result<PreparedCases> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::prepare_cases".into(),
        ))
    }

    fn insert_prepared(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        cases: PreparedCases,
        audit: AuditDraft,
    ) -> Result<BatchOutcome> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::insert_prepared".into(),
        ))
    }

    fn finish_import(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        valid_rows: u64,
        rejected: u64,
        audit: AuditDraft,
    ) -> Result<ImportInfo> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::finish_import".into(),
        ))
    }

    fn interrupt_import(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        error: &str,
        audit: AuditDraft,
    ) -> Result<()> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::interrupt_import".into(),
        ))
    }

    fn imports(&self, actor: &Actor) -> Result<Vec<ImportInfo>> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::imports".into(),
        ))
    }

    fn case(&self, actor: &Actor, case_id: &str) -> Result<Option<RawCase>> {
        Err(StoreError::UnsupportedBackend("CaseBackend::case".into()))
    }

    fn for_each_case(
        &self,
        actor: &Actor,
        need: Level,
        selection: CaseSelection,
        visit: &mut dyn FnMut(RawCase) -> Result<()>,
    ) -> Result<u64> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::for_each_case".into(),
        ))
    }

    fn for_each_full_case_cells(
        &self,
        actor: &Actor,
        selection: CaseSelection,
        visit: &mut dyn FnMut(&ExportedCase<'_>) -> Result<()>,
    ) -> Result<u64> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::for_each_full_case_cells".into(),
        ))
    }

    fn count_cases(&self, actor: &Actor) -> Result<u64> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::count_cases".into(),
        ))
    }

    fn find_own_cases(&self, actor: &Actor, lookup: Lookup, value: &str) -> Result<Vec<String>> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::find_own_cases".into(),
        ))
    }

    fn facet_counts(&self, actor: &Actor, facet: Facet) -> Result<Vec<(String, u64)>> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::facet_counts".into(),
        ))
    }

    fn crosstab(
        &self,
        actor: &Actor,
        rows: Facet,
        columns: Facet,
    ) -> Result<Vec<(String, String, u64)>> {
        Err(StoreError::UnsupportedBackend(
            "CaseBackend::crosstab".into(),
        ))
    }
}
