//! The job queue in SQLite (its SQL is shared: `crate::sql::jobs`). Taking a job is one
//! immediate transaction: SQLite's single writer is what `FOR UPDATE SKIP LOCKED` gives
//! PostgreSQL, so two workers never take one job, and no row lock is needed.

use rusqlite::{named_params, OptionalExtension, Row, TransactionBehavior};

use crate::api::jobs::{JobBackend, JobInfo, JobKind, Taken};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::job_rows::JobRow;
use crate::sql::jobs;
use crate::sqlite::SqliteBackend;
use crate::time::now_rfc3339;
use crate::Result;

/// The row of [`jobs::JOB_COLUMNS`] from its first column.
fn job_row(r: &Row<'_>) -> rusqlite::Result<JobRow> {
    Ok(JobRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        status: r.get(2)?,
        input: r.get(3)?,
        user: r.get(4)?,
        attempts: r.get(5)?,
        max_attempts: r.get(6)?,
        done: r.get(7)?,
        total: r.get(8)?,
        result: r.get(9)?,
        error: r.get(10)?,
        created_at: r.get(11)?,
        started_at: r.get(12)?,
        finished_at: r.get(13)?,
    })
}

fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
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
            let row = tx.query_row(
                &jobs::insert(),
                named_params! {
                    ":id": id,
                    ":org": actor.organisation().id,
                    ":user": actor.user_name(),
                    ":role": actor.role().as_str(),
                    ":kind": kind.as_str(),
                    ":input": input,
                    ":max_attempts": i64::from(max_attempts),
                    ":now": now_rfc3339(),
                },
                job_row,
            )?;
            audit.detail.push(("job", id.clone()));
            row.into_info()
        })
    }

    fn jobs(&self, actor: &Actor, limit: usize) -> Result<Vec<JobInfo>> {
        self.conns.read(|conn| {
            let mut statement = conn.prepare_cached(&jobs::of_organisation())?;
            let rows = statement.query_map(
                named_params! {
                    ":org": actor.organisation().id,
                    ":limit": i64::try_from(limit).unwrap_or(i64::MAX),
                },
                job_row,
            )?;
            rows.map(|r| r?.into_info()).collect()
        })
    }

    fn job(&self, actor: &Actor, id: &str) -> Result<Option<JobInfo>> {
        self.conns.read(|conn| {
            conn.prepare_cached(&jobs::one())?
                .query_row(
                    named_params! { ":id": id, ":org": actor.organisation().id },
                    job_row,
                )
                .optional()?
                .map(JobRow::into_info)
                .transpose()
        })
    }

    fn claim_job(&self, worker: &str, now: &str, lease_until: &str) -> Result<Option<Taken>> {
        self.conns.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(&jobs::fail_spent(""), named_params! { ":now": now })?;
            let taken = tx
                .query_row(
                    &jobs::take_next(""),
                    named_params! { ":worker": worker, ":lease": lease_until, ":now": now },
                    |r| {
                        Ok((
                            job_row(r)?,
                            r.get::<_, String>(14)?,
                            r.get::<_, String>(15)?,
                        ))
                    },
                )
                .optional()?;
            tx.commit()?;
            taken
                .map(|(row, user, role)| row.into_taken(user, &role))
                .transpose()
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
        self.conns.write(|conn| {
            let changed = conn
                .prepare_cached(jobs::PROGRESS)?
                .execute(named_params! {
                    ":done": as_i64(done),
                    ":total": total.map(as_i64),
                    ":lease": lease_until,
                    ":id": id,
                    ":worker": worker,
                })?;
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
                    jobs::FINISH,
                    named_params! {
                        ":result": result, ":now": now, ":id": id, ":worker": worker,
                    },
                )?,
                Err(error) => conn.execute(
                    jobs::FAIL,
                    named_params! {
                        ":error": error,
                        ":retry": i64::from(retry),
                        ":now": now,
                        ":id": id,
                        ":worker": worker,
                    },
                )?,
            };
            Ok(changed == 1)
        })
    }
}
