//! Jobs: long work (imports, news ingestion, an extraction backlog, linkage runs, releases) queued
//! by a member and done by a
//! worker process, so that a server answers at once and any number of workers share the work.
//! A worker holds a job for a lease and renews it as it reports progress; a job whose lease ran
//! out — its worker died — is taken again by the next worker, up to its attempts. Work is
//! written to be idempotent (an import stores nothing twice), so a retried job completes what the
//! dead one began.
//!
//! A member sees its own organisation's jobs; a worker is a trusted process beside the store
//! (like its administrator) and acts for the member who queued each job, with the role it had.

use std::fmt;

use crate::api::members::Actor;
use crate::api::scope::Scope;
use crate::api::trace::AuditDraft;
use crate::{Action, Result, Role, Store, StoreError};

/// What a job does. Its name is what the `kind` column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Import a case file (its input: the file and the import's options).
    ImportCases,
    /// Ingest a file of news articles (the file queued with the job).
    IngestNews,
    /// Extract the organisation's stored articles again and update their incidents (after the
    /// extraction rules changed).
    ExtractNews,
    /// Link the persons of the cases the member sees (a linkage run).
    LinkPersons,
    /// Group the news the member sees into events (an event run).
    LinkEvents,
    /// Make a statistics release (differentially private ones spend the privacy budget).
    Release,
}

impl JobKind {
    pub const ALL: [JobKind; 6] = [
        JobKind::ImportCases,
        JobKind::IngestNews,
        JobKind::ExtractNews,
        JobKind::LinkPersons,
        JobKind::LinkEvents,
        JobKind::Release,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::ImportCases => "import_cases",
            JobKind::IngestNews => "ingest_news",
            JobKind::ExtractNews => "extract_news",
            JobKind::LinkPersons => "link_persons",
            JobKind::LinkEvents => "link_events",
            JobKind::Release => "release",
        }
    }

    pub fn parse(text: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// What the member who queues it must be allowed to do (the work itself goes through the
    /// member's scope, which checks again whatever it touches).
    pub fn action(self) -> Action {
        match self {
            JobKind::ImportCases => Action::ImportCases,
            JobKind::IngestNews | JobKind::ExtractNews => Action::IngestNews,
            JobKind::LinkPersons => Action::LinkPersons,
            JobKind::LinkEvents => Action::LinkEvents,
            JobKind::Release => Action::ReadStatistics,
        }
    }
}

impl fmt::Display for JobKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<JobStatus> {
        [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Done,
            JobStatus::Failed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A job as its organisation sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobInfo {
    pub id: String,
    pub kind: JobKind,
    pub status: JobStatus,
    /// What to do, as JSON (files and options; never a person's data).
    pub input: String,
    /// Who queued it.
    pub user: String,
    pub attempts: u32,
    pub max_attempts: u32,
    /// How far it got, in the job's own unit (bytes of a file, records).
    pub done: u64,
    pub total: Option<u64>,
    /// What it did, as JSON, once done.
    pub result: Option<String>,
    /// Why its last attempt failed.
    pub error: Option<String>,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
}

/// A job a worker holds, with the member it acts for.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub info: JobInfo,
    pub actor: Actor,
}

/// A job taken by a worker, as the backend hands it over: the member it acts for is named, then
/// found again (and refused if disabled since).
pub(crate) struct Taken {
    pub info: JobInfo,
    pub user: String,
    pub role: Role,
}

pub(crate) trait JobBackend {
    /// Queues a job, with its file sealed under the organisation's current data key when it has
    /// one, in one transaction.
    fn enqueue_job(
        &self,
        actor: &Actor,
        kind: JobKind,
        input: &str,
        file: Option<&[u8]>,
        max_attempts: u32,
        audit: AuditDraft,
    ) -> Result<JobInfo>;
    /// The file queued with the job `id` of `org`, opened; `None` when it has none (or no
    /// more: its job ended).
    fn job_file(&self, org: &str, id: &str) -> Result<Option<Vec<u8>>>;
    /// The organisation's jobs, newest first.
    fn jobs(&self, actor: &Actor, limit: usize) -> Result<Vec<JobInfo>>;
    /// One of the organisation's jobs; another organisation's is not found.
    fn job(&self, actor: &Actor, id: &str) -> Result<Option<JobInfo>>;
    /// Takes the oldest job waiting, or one whose lease ran out before `now` (failed instead
    /// when it has no attempt left, and its file deleted), for `worker` until `lease_until`;
    /// atomically, so two workers never hold one job.
    fn claim_job(&self, worker: &str, now: &str, lease_until: &str) -> Result<Option<Taken>>;
    /// Records progress and renews the lease; false when the worker no longer holds the job.
    fn job_progress(
        &self,
        id: &str,
        worker: &str,
        done: u64,
        total: Option<u64>,
        lease_until: &str,
    ) -> Result<bool>;
    /// Ends the worker's attempt: done with a result, or failed with an error — queued again
    /// when `retry` and attempts are left. False when the worker no longer held the job. The
    /// file of a job that ended is deleted in the same transaction.
    fn end_job(
        &self,
        id: &str,
        worker: &str,
        outcome: std::result::Result<&str, &str>,
        retry: bool,
    ) -> Result<bool>;
}

/// Attempts a job gets by default: a worker dying twice in a row is bad luck, three times is
/// the job.
pub const DEFAULT_JOB_ATTEMPTS: u32 = 3;

impl Scope<'_> {
    /// Queues a job for a worker; the member must be allowed to do what it does.
    pub fn enqueue_job(&self, kind: JobKind, input: &str) -> Result<JobInfo> {
        self.require(kind.action())?;
        serde_json::from_str::<serde_json::Value>(input)
            .map_err(|e| StoreError::Invalid(format!("a job's input must be JSON: {e}")))?;
        let audit = self
            .actor
            .draft("enqueue_job")
            .detail("kind", kind.as_str());
        self.backend
            .enqueue_job(&self.actor, kind, input, None, DEFAULT_JOB_ATTEMPTS, audit)
    }

    /// Queues a job with a file the worker will read (an uploaded case file), kept in the store
    /// sealed under the organisation's data key until the job ends, so that a worker on any
    /// machine can do it and the database holds nothing readable without the key file.
    pub fn enqueue_job_with_file(
        &self,
        kind: JobKind,
        input: &str,
        file: &[u8],
    ) -> Result<JobInfo> {
        self.require(kind.action())?;
        serde_json::from_str::<serde_json::Value>(input)
            .map_err(|e| StoreError::Invalid(format!("a job's input must be JSON: {e}")))?;
        let audit = self
            .actor
            .draft("enqueue_job")
            .detail("kind", kind.as_str())
            .detail("bytes", file.len().to_string());
        let kept = crate::job_files::pack(file)?;
        self.backend.enqueue_job(
            &self.actor,
            kind,
            input,
            Some(&kept),
            DEFAULT_JOB_ATTEMPTS,
            audit,
        )
    }

    /// The organisation's jobs, newest first (at most `limit`).
    pub fn jobs(&self, limit: usize) -> Result<Vec<JobInfo>> {
        self.backend.jobs(&self.actor, limit)
    }

    /// One of the organisation's jobs.
    pub fn job(&self, id: &str) -> Result<Option<JobInfo>> {
        self.backend.job(&self.actor, id)
    }
}

/// A worker's hold on the queue: it takes jobs and reports on them under its name.
pub struct JobWorker<'s> {
    store: &'s Store,
    name: String,
    lease_seconds: u64,
}

impl Store {
    /// A worker named `name` (unique among the workers of a store, e.g. host and process id),
    /// holding each job for `lease_seconds` between reports.
    pub fn job_worker(&self, name: &str, lease_seconds: u64) -> JobWorker<'_> {
        JobWorker {
            store: self,
            name: name.to_string(),
            lease_seconds: lease_seconds.max(1),
        }
    }
}

impl JobWorker<'_> {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The next job to do, if any, with the member it acts for. A job whose member can no
    /// longer act (disabled, or gone) fails at once and the next one is taken.
    pub fn claim(&self) -> Result<Option<ClaimedJob>> {
        loop {
            let now = crate::time::now_rfc3339();
            let lease = crate::time::rfc3339_after(self.lease_seconds);
            let Some(taken) = self.store.backend.claim_job(&self.name, &now, &lease)? else {
                return Ok(None);
            };
            match self.store.backend.stored_user(&taken.user)? {
                Some(user) if !user.disabled => {
                    let actor = Actor::new(user.id, user.name, user.org, taken.role);
                    return Ok(Some(ClaimedJob {
                        info: taken.info,
                        actor,
                    }));
                }
                _ => {
                    self.store.backend.end_job(
                        &taken.info.id,
                        &self.name,
                        Err("the member who queued it can no longer act"),
                        false,
                    )?;
                }
            }
        }
    }

    /// The file queued with the job, opened under its organisation's data key; `None` when it
    /// was queued without one (or its file is gone: the job ended).
    pub fn file(&self, job: &ClaimedJob) -> Result<Option<Vec<u8>>> {
        self.store
            .backend
            .job_file(&job.actor.organisation().id, &job.info.id)?
            .map(|kept| crate::job_files::unpack(&job.info.id, kept))
            .transpose()
    }

    /// Reports progress and renews the lease; false when the job was taken away (its lease ran
    /// out and another worker has it): the caller should stop.
    pub fn progress(&self, job: &JobInfo, done: u64, total: Option<u64>) -> Result<bool> {
        let lease = crate::time::rfc3339_after(self.lease_seconds);
        self.store
            .backend
            .job_progress(&job.id, &self.name, done, total, &lease)
    }

    /// The job is done; `result` is JSON.
    pub fn finish(&self, job: &JobInfo, result: &str) -> Result<bool> {
        self.store
            .backend
            .end_job(&job.id, &self.name, Ok(result), false)
    }

    /// The attempt failed: queued again while attempts are left and `retry`, failed otherwise.
    pub fn fail(&self, job: &JobInfo, error: &str, retry: bool) -> Result<bool> {
        self.store
            .backend
            .end_job(&job.id, &self.name, Err(error), retry)
    }
}
