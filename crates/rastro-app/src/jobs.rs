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

/// What an import job is given. Its file is kept in the store with the job, sealed, so that a
/// worker on any machine can read it; the input names it (its extension tells its format).
/// Jobs queued before the file went into the store name a path instead (`file`), which a worker
/// still reads where it is.
#[derive(Debug, Default, Serialize, Deserialize)]
struct CaseImportInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<PathBuf>,
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

/// Queues an import of the case file at `file`: its content goes into the store with the job
/// (sealed), so a worker on another machine can do it and the file may be moved or deleted
/// once queued.
pub fn queue_case_import(session: &Session, file: &Path) -> Result<JobInfo> {
    let content = std::fs::read(file).map_err(AppError::io(file))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cases".to_string());
    queue_case_import_bytes(session, &name, &content)
}

/// Queues an import of a case file's content (an upload), named `name`.
pub fn queue_case_import_bytes(session: &Session, name: &str, content: &[u8]) -> Result<JobInfo> {
    let input = serde_json::to_string(&CaseImportInput {
        name: Some(file_name(name)),
        file: None,
    })
    .map_err(|e| AppError::Refused(format!("the job's input: {e}")))?;
    Ok(session
        .scope()
        .enqueue_job_with_file(JobKind::ImportCases, &input, content)?)
}

/// A name safe to be one file's name in the worker's directory: no folder, nothing hidden.
fn file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect();
    let clean = clean.trim_start_matches('.');
    if clean.is_empty() {
        "cases".to_string()
    } else {
        clean.to_string()
    }
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
            let stored = worker
                .file(job)
                .map_err(|e| (format!("the job's file: {e}"), true))?;
            // The stored file is written for the import to read, in a folder of the job's own
            // (the same for every attempt, so an interrupted import resumes), and removed after.
            let (path, folder) = match (stored, input.file) {
                (Some(content), _) => {
                    let name = file_name(input.name.as_deref().unwrap_or("cases"));
                    let folder = job_folder(&job.info.id).map_err(|e| (e, true))?;
                    let path = folder.path.join(name);
                    std::fs::write(&path, &content)
                        .map_err(|e| (format!("writing the job's file: {e}"), true))?;
                    (path, Some(folder))
                }
                (None, Some(path)) => (path, None),
                (None, None) => return Err(("the job's file is gone".to_string(), false)),
            };
            let progress = Reporter::new(worker, &job.info);
            let report = crate::cases::import_cases(
                session,
                &path,
                &ImportOptions::default(),
                None,
                &progress,
            );
            drop(folder);
            let report = report.map_err(|e| {
                // A file that cannot be read will not become readable by trying again; a store
                // that failed mid-way may work next time (and the import resumes).
                let retry = !matches!(e, AppError::Io { .. } | AppError::Import(_));
                (e.to_string(), retry)
            })?;
            let file = input.name.unwrap_or(report.file);
            serde_json::to_string(&CaseImportResult {
                file,
                rows: report.rows,
                imported: report.imported,
                duplicates: report.duplicates,
                rejected: report.rejected,
            })
            .map_err(|e| (e.to_string(), false))
        }
    }
}

/// A job's own folder for its file, owner-only (the file holds people's data), removed with
/// what is in it when dropped.
struct JobFolder {
    path: PathBuf,
}

fn job_folder(job_id: &str) -> std::result::Result<JobFolder, String> {
    let path = std::env::temp_dir().join(format!("rastro-job-{job_id}"));
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(&path)
        .map_err(|e| format!("making {}: {e}", path.display()))?;
    Ok(JobFolder { path })
}

impl Drop for JobFolder {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.path) {
            tracing::warn!(folder = %self.path.display(), error = %e, "a job's folder stays");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_name_keeps_no_folder_and_hides_nothing() {
        assert_eq!(file_name("cases.csv"), "cases.csv");
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("C:\\data\\lista.xlsx"), "lista.xlsx");
        assert_eq!(file_name(".hidden.csv"), "hidden.csv");
        assert_eq!(file_name("a\nb.csv"), "a_b.csv");
        assert_eq!(file_name("dir/"), "cases");
    }

    #[test]
    fn an_import_queued_before_files_were_stored_is_still_read() {
        let old: CaseImportInput =
            serde_json::from_str(r#"{"file":"/data/uploads/cases.csv"}"#).unwrap();
        assert_eq!(old.file, Some(PathBuf::from("/data/uploads/cases.csv")));
        assert_eq!(old.name, None);
        let new: CaseImportInput = serde_json::from_str(r#"{"name":"cases.csv"}"#).unwrap();
        assert_eq!((new.name.as_deref(), new.file), (Some("cases.csv"), None));
    }
}
