//! The job queue in PostgreSQL (its SQL is shared: `crate::sql::jobs`). Queuing is audited, so
//! it takes the cluster's write lock with its event. Claiming, progress and ending an attempt do
//! not: they touch only `jobs` rows and record no event, so nothing they do depends on the
//! order of the other writes. A claim is one transaction of its own in which workers lock the
//! rows they pick and skip those another worker is picking (`FOR UPDATE SKIP LOCKED`), so two
//! workers never hold one job and none waits for an import's long write; progress and ending
//! are single statements guarded by the worker's name, which the row lock makes exact against a
//! claim that takes the job at the same moment.

use postgres::Row;

use super::value::{Named, Value};
use super::PgBackend;
use crate::api::jobs::{JobBackend, JobInfo, JobKind, Taken};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::job_rows::JobRow;
use crate::sql::jobs;
use crate::time::now_rfc3339;
use crate::Result;

/// The row of [`jobs::JOB_COLUMNS`] from its first column.
fn job_row(r: &Row) -> Result<JobRow> {
    Ok(JobRow {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        status: r.try_get(2)?,
        input: r.try_get(3)?,
        user: r.try_get(4)?,
        attempts: r.try_get(5)?,
        max_attempts: r.try_get(6)?,
        done: r.try_get(7)?,
        total: r.try_get(8)?,
        result: r.try_get(9)?,
        error: r.try_get(10)?,
        created_at: r.try_get(11)?,
        started_at: r.try_get(12)?,
        finished_at: r.try_get(13)?,
    })
}

fn as_value(v: u64) -> Value {
    Value::Integer(i64::try_from(v).unwrap_or(i64::MAX))
}

impl JobBackend for PgBackend {
    fn enqueue_job(
        &self,
        actor: &Actor,
        kind: JobKind,
        input: &str,
        max_attempts: u32,
        audit: AuditDraft,
    ) -> Result<JobInfo> {
        let id = self.id()?;
        let named = Named::new(
            &jobs::insert(),
            &[
                ("id", Value::from(id.as_str())),
                ("org", Value::from(actor.organisation().id.as_str())),
                ("user", Value::from(actor.user_name())),
                ("role", Value::from(actor.role().as_str())),
                ("kind", Value::from(kind.as_str())),
                ("input", Value::from(input)),
                ("max_attempts", Value::from(max_attempts)),
                ("now", Value::Text(now_rfc3339())),
            ],
        )?;
        self.write_audited(audit, |tx, audit| {
            let row = tx.query_one(&named.sql, &named.params())?;
            audit.detail.push(("job", id.clone()));
            job_row(&row)?.into_info()
        })
    }

    fn jobs(&self, actor: &Actor, limit: usize) -> Result<Vec<JobInfo>> {
        let named = Named::new(
            &jobs::of_organisation(),
            &[
                ("org", Value::from(actor.organisation().id.as_str())),
                (
                    "limit",
                    Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)),
                ),
            ],
        )?;
        self.conns.read(|tx| {
            tx.query(&named.sql, &named.params())?
                .iter()
                .map(|r| job_row(r)?.into_info())
                .collect()
        })
    }

    fn job(&self, actor: &Actor, id: &str) -> Result<Option<JobInfo>> {
        let named = Named::new(
            &jobs::one(),
            &[
                ("id", Value::from(id)),
                ("org", Value::from(actor.organisation().id.as_str())),
            ],
        )?;
        self.conns.read(|tx| {
            tx.query_opt(&named.sql, &named.params())?
                .map(|r| job_row(&r)?.into_info())
                .transpose()
        })
    }

    fn claim_job(&self, worker: &str, now: &str, lease_until: &str) -> Result<Option<Taken>> {
        let fail_spent = Named::new(
            &jobs::fail_spent(jobs::SKIP_LOCKED),
            &[("now", Value::from(now))],
        )?;
        let take = Named::new(
            &jobs::take_next(jobs::SKIP_LOCKED),
            &[
                ("worker", Value::from(worker)),
                ("lease", Value::from(lease_until)),
                ("now", Value::from(now)),
            ],
        )?;
        // Read committed (the default): each statement sees what other claims committed
        // before it, and a row locked by another claim is skipped rather than waited for.
        self.conns.with_client(|client| {
            let mut tx = client.transaction()?;
            tx.execute(&fail_spent.sql, &fail_spent.params())?;
            let taken = tx.query_opt(&take.sql, &take.params())?;
            tx.commit()?;
            taken
                .map(|r| {
                    let user: String = r.try_get(14)?;
                    let role: String = r.try_get(15)?;
                    job_row(&r)?.into_taken(user, &role)
                })
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
        let named = Named::new(
            jobs::PROGRESS,
            &[
                ("done", as_value(done)),
                ("total", total.map_or(Value::Null, as_value)),
                ("lease", Value::from(lease_until)),
                ("id", Value::from(id)),
                ("worker", Value::from(worker)),
            ],
        )?;
        // One statement, so its own transaction.
        self.conns
            .with_client(|client| Ok(client.execute(&named.sql, &named.params())? == 1))
    }

    fn end_job(
        &self,
        id: &str,
        worker: &str,
        outcome: std::result::Result<&str, &str>,
        retry: bool,
    ) -> Result<bool> {
        let now = Value::Text(now_rfc3339());
        let named = match outcome {
            Ok(result) => Named::new(
                jobs::FINISH,
                &[
                    ("result", Value::from(result)),
                    ("now", now),
                    ("id", Value::from(id)),
                    ("worker", Value::from(worker)),
                ],
            )?,
            Err(error) => Named::new(
                jobs::FAIL,
                &[
                    ("error", Value::from(error)),
                    ("retry", Value::Integer(i64::from(retry))),
                    ("now", now),
                    ("id", Value::from(id)),
                    ("worker", Value::from(worker)),
                ],
            )?,
        };
        self.conns
            .with_client(|client| Ok(client.execute(&named.sql, &named.params())? == 1))
    }
}
