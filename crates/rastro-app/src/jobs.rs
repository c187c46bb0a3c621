//! Long work as jobs: a member queues it (the server answers at once), a worker process does it
//! for that member, with that member's rights, and reports how far it got. A worker that dies
//! leaves its job to the next one once its lease runs out; the work itself is idempotent (an
//! import stores nothing twice and completes an interrupted one), so a retried job finishes
//! what the dead one began.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rastro_import::ImportOptions;
use rastro_store::{ClaimedJob, JobInfo, JobKind, JobWorker};
use serde::{Deserialize, Serialize};

use crate::session::{App, Session};
use crate::{AppError, Progress, Result, Unit};

/// What an import job is given: a file the worker can read (a path on storage that every
/// worker sees, e.g. the server's upload directory).
#[derive(Debug, Serialize, Deserialize)]
struct CaseImportInput {
    file: PathBuf,
}

/// What an import job leaves: counts only (rows' problems can quote the people in them).
#[derive(Debug, Serialize)]
struct CaseImportResult {
    file: String,
    rows: u64,
    imported: u64,
    duplicates: u64,
    rejected: u64,
}

/// Queues an import of the case file at `file` (made absolute: the worker may run elsewhere).
pub fn queue_case_import(session: &Session, file: &Path) -> Result<JobInfo> {
    let file = std::path::absolute(file).map_err(AppError::io(file))?;
    if !file.is_file() {
        return Err(AppError::Io {
            path: file,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    let input = serde_json::to_string(&CaseImportInput { file })
        .map_err(|e| AppError::Refused(format!("the job's input: {e}")))?;
    Ok(session.scope().enqueue_job(JobKind::ImportCases, &input)?)
}

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

/// Does one job: its result as JSON, or why not and whether trying again could help.
fn run(
    session: &Session,
    worker: &JobWorker<'_>,
    job: &ClaimedJob,
) -> std::result::Result<String, (String, bool)> {
    match job.info.kind {
        JobKind::ImportCases => {
            let input: CaseImportInput = serde_json::from_str(&job.info.input)
                .map_err(|e| (format!("the job's input is not an import: {e}"), false))?;
            let progress = Reporter::new(worker, &job.info);
            let report = crate::cases::import_cases(
                session,
                &input.file,
                &ImportOptions::default(),
                None,
                &progress,
            )
            .map_err(|e| {
                // A file that cannot be read will not become readable by trying again; a store
                // that failed mid-way may work next time (and the import resumes).
                let retry = !matches!(e, AppError::Io { .. } | AppError::Import(_));
                (e.to_string(), retry)
            })?;
            serde_json::to_string(&CaseImportResult {
                file: report.file,
                rows: report.rows,
                imported: report.imported,
                duplicates: report.duplicates,
                rejected: report.rejected,
            })
            .map_err(|e| (e.to_string(), false))
        }
    }
}

/// Progress of a job, written to the queue at most once a second (each report renews the
/// worker's lease).
struct Reporter<'w> {
    worker: &'w JobWorker<'w>,
    job: &'w JobInfo,
    state: Mutex<Reported>,
}

struct Reported {
    position: u64,
    total: Option<u64>,
    last: Instant,
}

impl<'w> Reporter<'w> {
    fn new(worker: &'w JobWorker<'w>, job: &'w JobInfo) -> Self {
        Reporter {
            worker,
            job,
            state: Mutex::new(Reported {
                position: 0,
                total: None,
                last: Instant::now(),
            }),
        }
    }

    fn update(&self, change: impl FnOnce(&mut Reported), force: bool) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        change(&mut state);
        if force || state.last.elapsed() >= Duration::from_secs(1) {
            state.last = Instant::now();
            // A lost lease means another worker has the job; this one's import is idempotent,
            // so finishing it does no harm, and its result is simply not recorded.
            let _ = self.worker.progress(self.job, state.position, state.total);
        }
    }
}

impl Progress for Reporter<'_> {
    fn start(&self, _label: &str, total: u64, _unit: Unit) {
        self.update(
            |s| {
                s.position = 0;
                s.total = Some(total);
            },
            true,
        );
    }

    fn advance(&self, by: u64) {
        self.update(|s| s.position = s.position.saturating_add(by), false);
    }

    fn set_position(&self, position: u64) {
        self.update(|s| s.position = position, false);
    }

    fn finish(&self) {
        self.update(|s| s.position = s.total.unwrap_or(s.position), true);
    }
}
