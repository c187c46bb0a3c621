//! PLACEHOLDER (not to be merged): LinkageBackend for PostgreSQL is being ported from `sqlite/linkage.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
use crate::api::linkage::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl LinkageBackend for PgBackend {
    fn save_run(
        &self,
        actor: &Actor,
        kind: LinkKind,
        settings: &str,
        pairs: u64,
        members: &[(String, String)],
        audit: AuditDraft,
    ) -> Result<Run> {
        Err(StoreError::UnsupportedBackend(
            "LinkageBackend::save_run".into(),
        ))
    }

    fn latest_run(&self, actor: &Actor, kind: LinkKind) -> Result<Option<Run>> {
        Err(StoreError::UnsupportedBackend(
            "LinkageBackend::latest_run".into(),
        ))
    }

    fn group_of(&self, actor: &Actor, kind: LinkKind, record_id: &str) -> Result<Option<String>> {
        Err(StoreError::UnsupportedBackend(
            "LinkageBackend::group_of".into(),
        ))
    }

    fn decide(
        &self,
        actor: &Actor,
        kind: LinkKind,
        left: &str,
        right: &str,
        same: bool,
        reviewer: &str,
        note: Option<&str>,
        audit: AuditDraft,
    ) -> Result<()> {
        Err(StoreError::UnsupportedBackend(
            "LinkageBackend::decide".into(),
        ))
    }

    fn decisions(&self, actor: &Actor, kind: LinkKind) -> Result<Vec<Decision>> {
        Err(StoreError::UnsupportedBackend(
            "LinkageBackend::decisions".into(),
        ))
    }

    fn count_persons(&self, actor: &Actor) -> Result<PersonCount> {
        Err(StoreError::UnsupportedBackend(
            "LinkageBackend::count_persons".into(),
        ))
    }

    fn for_each_report(
        &self,
        actor: &Actor,
        visit: &mut dyn FnMut(ReportForLinkage) -> Result<()>,
    ) -> Result<u64> {
        Err(StoreError::UnsupportedBackend(
            "LinkageBackend::for_each_report".into(),
        ))
    }

    fn event_reports(&self, actor: &Actor) -> Result<Vec<EventReport>> {
        Err(StoreError::UnsupportedBackend(
            "LinkageBackend::event_reports".into(),
        ))
    }

    fn count_events(&self, actor: &Actor) -> Result<EventCount> {
        Err(StoreError::UnsupportedBackend(
            "LinkageBackend::count_events".into(),
        ))
    }
}
