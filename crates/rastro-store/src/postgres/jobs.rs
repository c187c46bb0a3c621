//! PLACEHOLDER (not to be merged): JobBackend for PostgreSQL is being ported from `sqlite/jobs.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
use crate::api::jobs::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl JobBackend for PgBackend {
    fn enqueue_job(
        &self,
        actor: &Actor,
        kind: JobKind,
        input: &str,
        max_attempts: u32,
        audit: AuditDraft,
    ) -> Result<JobInfo> {
        Err(StoreError::UnsupportedBackend(
            "JobBackend::enqueue_job".into(),
        ))
    }

    fn jobs(&self, actor: &Actor, limit: usize) -> Result<Vec<JobInfo>> {
        Err(StoreError::UnsupportedBackend("JobBackend::jobs".into()))
    }

    fn job(&self, actor: &Actor, id: &str) -> Result<Option<JobInfo>> {
        Err(StoreError::UnsupportedBackend("JobBackend::job".into()))
    }

    fn claim_job(&self, worker: &str, now: &str, lease_until: &str) -> Result<Option<Taken>> {
        Err(StoreError::UnsupportedBackend(
            "JobBackend::claim_job".into(),
        ))
    }

    fn job_progress(
        &self,
        id: &str,
        worker: &str,
        done: u64,
        total: Option<u64>,
        lease_until: &str,
    ) -> Result<bool> {
        Err(StoreError::UnsupportedBackend(
            "JobBackend::job_progress".into(),
        ))
    }

    fn end_job(
        &self,
        id: &str,
        worker: &str,
        outcome: std::result::Result<&str, &str>,
        retry: bool,
    ) -> Result<bool> {
        Err(StoreError::UnsupportedBackend("JobBackend::end_job".into()))
    }
}
