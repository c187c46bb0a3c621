//! Long work as jobs: a member queues it (the server answers at once), a worker process does it
//! for that member, with that member's rights, and reports how far it got. A worker that dies
//! leaves its job to the next one once its lease runs out; the work itself is idempotent, so a
//! retried job finishes what the dead one began without doing anything twice:
//!
//! - a case import (`import`) stores nothing twice and completes an interrupted import;
//! - a news ingestion (`news`) stores each article once per organisation (same URL or text);
//! - an extraction backlog (`news`) replaces only incidents that come out otherwise;
//! - a linkage or event run (`linkage`) replaces the organisation's previous run;
//! - a release (`release`) is paid for under the job's id, so a retry spends nothing again.
//!
//! Every kind does what the direct command does, through the same function of this crate and
//! the member's own scope, so it is checked and traced the same way.

mod import;
mod linkage;
mod news;
mod release;
mod report;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rastro_store::{ClaimedJob, JobInfo, JobKind, JobWorker, StoreError};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::session::{App, Session};
use crate::{AppError, Result};

pub use import::{queue_case_import, queue_case_import_bytes, CaseReading};
pub use linkage::{queue_event_linkage, queue_person_linkage, queue_person_linkage_with};
pub use news::{
    queue_news_ingest, queue_news_ingest_bytes, queue_news_ingest_paths, queue_reextraction,
    QueuedArticles,
};
pub use release::{queue_release, ReleaseJob};

/// The organisation's jobs, newest first.
pub fn jobs(session: &Session, limit: usize) -> Result<Vec<JobInfo>> {
    Ok(session.scope().jobs(limit)?)
}

/// One of the organisation's jobs.
pub fn job(session: &Session, id: &str) -> Result<Option<JobInfo>> {
    Ok(session.scope().job(id)?)
}

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    pub name: String,
    /// How long a job stays the worker's without a report; another worker takes it after.
    pub lease: Duration,
    /// How long to wait when the queue is empty; `None` stops then instead.
    pub poll: Option<Duration>,
}

/// What a worker did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WorkDone {
    pub done: u64,
    pub failed: u64,
}

/// Takes jobs and does them until the queue is empty (without `poll`) or `stop` is set.
pub fn work(
    app: &App,
    options: &WorkerOptions,
    stop: &AtomicBool,
    on_job: &dyn Fn(&JobInfo, std::result::Result<&str, &str>),
) -> Result<WorkDone> {
    let worker = app
        .store()
        .job_worker(&options.name, options.lease.as_secs());
    let mut done = WorkDone::default();
    while !stop.load(Ordering::Relaxed) {
        let Some(job) = worker.claim()? else {
            match options.poll {
                Some(wait) => {
                    std::thread::sleep(wait);
                    continue;
                }
                None => break,
            }
        };
        let session = app.acting(job.actor.clone());
        match run(&session, &worker, &job) {
            Ok(result) => {
                worker.finish(&job.info, &result)?;
                done.done += 1;
                on_job(&job.info, Ok(&result));
            }
            Err((error, retry)) => {
                worker.fail(&job.info, &error, retry)?;
                done.failed += 1;
                on_job(&job.info, Err(&error));
            }
        }
    }
    Ok(done)
}

/// A job's end: its result as JSON, or why not and whether trying again could help.
type Outcome = std::result::Result<String, (String, bool)>;

/// Does one job.
fn run(session: &Session, worker: &JobWorker<'_>, job: &ClaimedJob) -> Outcome {
    let progress = report::Reporter::new(worker, &job.info);
    match job.info.kind {
        JobKind::ImportCases => import::run(session, worker, job, &progress),
        JobKind::IngestNews => news::ingest(session, worker, job, &progress),
        JobKind::ExtractNews => news::reextract(session, &progress),
        JobKind::LinkPersons => linkage::persons(session, &job.info, &progress),
        JobKind::LinkEvents => linkage::events(session, &job.info, &progress),
        JobKind::Release => release::run(session, &job.info, &progress),
    }
}

/// Queues a job of `kind` with `input` (and its file), as the session's member.
fn queue(
    session: &Session,
    kind: JobKind,
    input: &impl Serialize,
    file: Option<&[u8]>,
) -> Result<JobInfo> {
    let input = serde_json::to_string(input)
        .map_err(|e| AppError::Refused(format!("the job's input: {e}")))?;
    let scope = session.scope();
    Ok(match file {
        Some(content) => scope.enqueue_job_with_file(kind, &input, content)?,
        None => scope.enqueue_job(kind, &input)?,
    })
}

/// A job's input read back as what its kind is given; input that is not is the job's end.
fn input<T: DeserializeOwned>(job: &JobInfo) -> std::result::Result<T, (String, bool)> {
    serde_json::from_str(&job.input)
        .map_err(|e| (format!("the job's input is not a {}: {e}", job.kind), false))
}

/// What a job leaves, as JSON.
fn result(value: &impl Serialize) -> Outcome {
    serde_json::to_string(value).map_err(|e| (e.to_string(), false))
}

/// Why a job's attempt failed, and whether another attempt could do better: the store failing
/// for a moment may work next time (the work is idempotent); a refusal, a forbidden action or
/// bad input will be the same next time.
fn failure(error: AppError) -> (String, bool) {
    let retry = match &error {
        AppError::Store(e) => matches!(
            e,
            StoreError::Database(_) | StoreError::Busy | StoreError::Io { .. }
        ),
        AppError::ImportInterrupted { .. } | AppError::WorkerFailed(_) => true,
        _ => false,
    };
    (error.to_string(), retry)
}

/// A name safe to be one file's name in the worker's directory: no folder, nothing hidden;
/// `fallback` when nothing is left.
fn file_name(name: &str, fallback: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect();
    let clean = clean.trim_start_matches('.');
    if clean.is_empty() {
        fallback.to_string()
    } else {
        clean.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_name_keeps_no_folder_and_hides_nothing() {
        assert_eq!(file_name("cases.csv", "cases"), "cases.csv");
        assert_eq!(file_name("../../etc/passwd", "cases"), "passwd");
        assert_eq!(file_name("C:\\data\\lista.xlsx", "cases"), "lista.xlsx");
        assert_eq!(file_name(".hidden.csv", "cases"), "hidden.csv");
        assert_eq!(file_name("a\nb.csv", "cases"), "a_b.csv");
        assert_eq!(file_name("dir/", "cases"), "cases");
    }

    #[test]
    fn only_a_store_failing_for_a_moment_is_worth_another_attempt() {
        let store = |e| failure(AppError::Store(e)).1;
        assert!(store(StoreError::Busy));
        assert!(store(StoreError::Database("connection reset".into())));
        assert!(!store(StoreError::Invalid("epsilon".into())));
        assert!(!store(StoreError::NotFound));
        assert!(!failure(AppError::Refused("too few records".into())).1);
        assert!(failure(AppError::WorkerFailed("a thread".into())).1);
    }
}
