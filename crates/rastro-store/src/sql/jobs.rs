//! The SQL of the job queue (migration 0017's `jobs`). Claiming is written once with a place
//! for the dialect's row lock: SQLite takes a job inside its single writer's immediate
//! transaction and needs none; PostgreSQL claims without the cluster's write lock, so its
//! workers lock the rows they pick and skip the ones another worker is picking
//! (`FOR UPDATE SKIP LOCKED`).

/// The columns [`crate::job_rows::JobRow`] is read from, in order.
pub(crate) const JOB_COLUMNS: &str = "id, kind, status, input, user_name, attempts, max_attempts,
     done, total, result, error, created_at, started_at, finished_at";

/// PostgreSQL's row lock for claiming; SQLite passes `""`.
pub(crate) const SKIP_LOCKED: &str = "FOR UPDATE SKIP LOCKED";

/// Queues a job and returns it.
pub(crate) fn insert() -> String {
    format!(
        "INSERT INTO jobs (id, org_id, user_name, role, kind, input, status, max_attempts,
                           created_at)
         VALUES (:id, :org, :user, :role, :kind, :input, 'queued', :max_attempts, :now)
         RETURNING {JOB_COLUMNS}"
    )
}

/// The organisation's jobs, newest first.
pub(crate) fn of_organisation() -> String {
    format!("SELECT {JOB_COLUMNS} FROM jobs WHERE org_id = :org ORDER BY pk DESC LIMIT :limit")
}

/// One of the organisation's jobs.
pub(crate) fn one() -> String {
    format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = :id AND org_id = :org")
}

/// Jobs whose worker died (lease over by `:now`) with no attempt left end failed, instead of
/// being taken once more.
pub(crate) fn fail_spent(lock: &str) -> String {
    format!(
        "UPDATE jobs SET status = 'failed', finished_at = :now, worker = NULL, lease_until = NULL,
             error = COALESCE(error, 'its worker stopped') || ' (no attempt left)'
         WHERE pk IN (SELECT pk FROM jobs
                      WHERE status = 'running' AND lease_until < :now
                      AND attempts >= max_attempts {lock})"
    )
}

/// Gives the oldest job waiting, or held by a worker whose lease ran out, to `:worker` until
/// `:lease`, and returns it with the member it acts for (its last two columns). Run after
/// [`fail_spent`]; the attempts test repeats it so that a job another claimer was failing at
/// that moment is never taken.
pub(crate) fn take_next(lock: &str) -> String {
    format!(
        "UPDATE jobs SET status = 'running', worker = :worker, lease_until = :lease,
             attempts = attempts + 1, started_at = COALESCE(started_at, :now)
         WHERE pk = (SELECT pk FROM jobs
                     WHERE status = 'queued'
                        OR (status = 'running' AND lease_until < :now
                            AND attempts < max_attempts)
                     ORDER BY pk LIMIT 1 {lock})
         RETURNING {JOB_COLUMNS}, user_name, role"
    )
}

/// Records progress and renews the lease of a job `:worker` still holds.
pub(crate) const PROGRESS: &str =
    "UPDATE jobs SET done = :done, total = :total, lease_until = :lease
     WHERE id = :id AND worker = :worker AND status = 'running'";

/// Ends `:worker`'s attempt with a result.
pub(crate) const FINISH: &str = "UPDATE jobs SET status = 'done', result = :result, error = NULL,
         finished_at = :now, worker = NULL, lease_until = NULL
     WHERE id = :id AND worker = :worker AND status = 'running'";

/// Ends `:worker`'s attempt with an error: queued again when `:retry` (1 or 0) and attempts are
/// left, failed otherwise.
pub(crate) const FAIL: &str = "UPDATE jobs SET error = :error, worker = NULL, lease_until = NULL,
         status = CASE WHEN :retry = 1 AND attempts < max_attempts
                       THEN 'queued' ELSE 'failed' END,
         finished_at = CASE WHEN :retry = 1 AND attempts < max_attempts
                            THEN NULL ELSE :now END
     WHERE id = :id AND worker = :worker AND status = 'running'";
