//! The job queue in SQLite. Taking a job is one immediate transaction: SQLite's single writer
//! is what `FOR UPDATE SKIP LOCKED` gives PostgreSQL, so two workers never take one job.

use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};

use crate::api::jobs::{JobBackend, JobInfo, JobKind, JobStatus, Taken};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::sqlite::SqliteBackend;
use crate::time::now_rfc3339;
use crate::{Result, Role, StoreError};

const JOB_COLUMNS: &str = "id, kind, status, input, user_name, attempts, max_attempts, done, total,
     result, error, created_at, started_at, finished_at";

fn job_info(r: &Row<'_>) -> rusqlite::Result<JobInfo> {
    let bad = |i: usize, what: String| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            Box::new(StoreError::Invalid(what)),
        )
    };
    let kind: String = r.get(1)?;
    let status: String = r.get(2)?;
    let count = |v: i64| v.max(0) as u64;
    Ok(JobInfo {
        id: r.get(0)?,
        kind: JobKind::parse(&kind).ok_or_else(|| bad(1, format!("job kind {kind:?}")))?,
        status: JobStatus::parse(&status)
            .ok_or_else(|| bad(2, format!("job status {status:?}")))?,
        input: r.get(3)?,
        user: r.get(4)?,
        attempts: r.get::<_, i64>(5)?.clamp(0, u32::MAX as i64) as u32,
        max_attempts: r.get::<_, i64>(6)?.clamp(0, u32::MAX as i64) as u32,
        done: count(r.get(7)?),
        total: r.get::<_, Option<i64>>(8)?.map(count),
        result: r.get(9)?,
        error: r.get(10)?,
        created_at: r.get(11)?,
        started_at: r.get(12)?,
        finished_at: r.get(13)?,
    })
}

impl JobBackend for SqliteBackend {
    fn enqueue_job(
        &self,
        actor: &Actor,
        kind: JobKind,
        input: &str,
        max_attempts: u32,
        audit: AuditDraft,
    ) -> Result<JobInfo> {
        let id = self.id()?;
        self.write_audited(audit, |tx, audit| {
            tx.execute(
                "INSERT INTO jobs (id, org_id, user_name, role, kind, input, status, max_attempts,
                                   created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?8)",
                params![
                    id,
                    actor.organisation().id,
                    actor.user_name(),
                    actor.role().as_str(),
                    kind.as_str(),
                    input,
                    i64::from(max_attempts),
                    now_rfc3339()
                ],
            )?;
            audit.detail.push(("job", id.clone()));
            Ok(tx.query_row(
                &format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?1"),
                [&id],
                job_info,
            )?)
        })
    }

    fn jobs(&self, actor: &Actor, limit: usize) -> Result<Vec<JobInfo>> {
        self.conns.read(|conn| {
            let mut statement = conn.prepare_cached(&format!(
                "SELECT {JOB_COLUMNS} FROM jobs WHERE org_id = ?1 ORDER BY pk DESC LIMIT ?2"
            ))?;
            let rows = statement.query_map(
                params![
                    actor.organisation().id,
                    i64::try_from(limit).unwrap_or(i64::MAX)
                ],
                job_info,
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn job(&self, actor: &Actor, id: &str) -> Result<Option<JobInfo>> {
        self.conns.read(|conn| {
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?1 AND org_id = ?2"
                ))?
                .query_row(params![id, actor.organisation().id], job_info)
                .optional()?)
        })
    }

    fn claim_job(&self, worker: &str, now: &str, lease_until: &str) -> Result<Option<Taken>> {
        self.conns.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Jobs whose worker died with no attempt left end here, failed, instead of being
            // taken a fourth time.
            tx.execute(
                "UPDATE jobs SET status = 'failed', finished_at = ?1, worker = NULL,
                     lease_until = NULL,
                     error = COALESCE(error, 'its worker stopped') || ' (no attempt left)'
                 WHERE status = 'running' AND lease_until < ?1 AND attempts >= max_attempts",
                params![now],
            )?;
            let next: Option<(i64, String, String)> = tx
                .query_row(
                    "SELECT pk, user_name, role FROM jobs
                     WHERE status = 'queued'
                        OR (status = 'running' AND lease_until < ?1)
                     ORDER BY pk LIMIT 1",
                    params![now],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((pk, user, role)) = next else {
                tx.commit()?;
                return Ok(None);
            };
            tx.execute(
                "UPDATE jobs SET status = 'running', worker = ?1, lease_until = ?2,
                     attempts = attempts + 1, started_at = COALESCE(started_at, ?3)
                 WHERE pk = ?4",
                params![worker, lease_until, now, pk],
            )?;
            let info = tx.query_row(
                &format!("SELECT {JOB_COLUMNS} FROM jobs WHERE pk = ?1"),
                [pk],
                job_info,
            )?;
            tx.commit()?;
            let role = Role::parse(&role)
                .ok_or_else(|| StoreError::Invalid(format!("job with role {role:?}")))?;
            Ok(Some(Taken { info, user, role }))
        })
    }

    fn job_progress(
        &self,
        id: &str,
        worker: &str,
        done: u64,
        total: Option<u64>,
        lease_until: &str,
    ) -> Result<bool> {
        let as_i64 = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        self.conns.write(|conn| {
            let changed = conn
                .prepare_cached(
                    "UPDATE jobs SET done = ?1, total = ?2, lease_until = ?3
                     WHERE id = ?4 AND worker = ?5 AND status = 'running'",
                )?
                .execute(params![
                    as_i64(done),
                    total.map(as_i64),
                    lease_until,
                    id,
                    worker
                ])?;
            Ok(changed == 1)
        })
    }

    fn end_job(
        &self,
        id: &str,
        worker: &str,
        outcome: std::result::Result<&str, &str>,
        retry: bool,
    ) -> Result<bool> {
        let now = now_rfc3339();
        self.conns.write(|conn| {
            let changed = match outcome {
                Ok(result) => conn.execute(
                    "UPDATE jobs SET status = 'done', result = ?1, error = NULL,
                         finished_at = ?2, worker = NULL, lease_until = NULL
                     WHERE id = ?3 AND worker = ?4 AND status = 'running'",
                    params![result, now, id, worker],
                )?,
                Err(error) => conn.execute(
                    "UPDATE jobs SET error = ?1, worker = NULL, lease_until = NULL,
                         status = CASE WHEN ?2 AND attempts < max_attempts
                                       THEN 'queued' ELSE 'failed' END,
                         finished_at = CASE WHEN ?2 AND attempts < max_attempts
                                            THEN NULL ELSE ?3 END
                     WHERE id = ?4 AND worker = ?5 AND status = 'running'",
                    params![error, retry, now, id, worker],
                )?,
            };
            Ok(changed == 1)
        })
    }
}
