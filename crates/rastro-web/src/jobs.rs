//! Jobs as the pages and the API show them, read from the store's queue, so that any node shows
//! any job whichever node queued it and whichever worker does it; and the workers a server runs
//! itself (`rastro serve --workers N`), which are `rastro_app::jobs::work` on threads of its own.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use rastro_app::{App, JobInfo, JobStatus};
use serde::Serialize;
use serde_json::{json, Value};

use crate::i18n::{t, Lang};

/// A job's state for the import page's script.
#[derive(Serialize)]
pub struct JobState {
    pub label: String,
    pub done: u64,
    pub total: u64,
    pub finished: bool,
    pub report: Option<Value>,
    pub error: Option<String>,
}

/// What a job left, as JSON (a result that is not JSON is kept as text).
fn parsed(text: Option<&str>) -> Option<Value> {
    text.map(|t| serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_string())))
}

pub fn status_label(lang: Lang, status: JobStatus) -> &'static str {
    match status {
        JobStatus::Queued => t(lang, "jobs.queued"),
        JobStatus::Running => t(lang, "import.running"),
        JobStatus::Done => t(lang, "import.done"),
        JobStatus::Failed => t(lang, "jobs.failed"),
    }
}

impl JobState {
    pub fn of(job: &JobInfo, lang: Lang) -> JobState {
        let finished = matches!(job.status, JobStatus::Done | JobStatus::Failed);
        JobState {
            label: status_label(lang, job.status).to_string(),
            done: job.done,
            total: job.total.unwrap_or(0),
            finished,
            report: (job.status == JobStatus::Done)
                .then(|| parsed(job.result.as_deref()))
                .flatten(),
            // An attempt's error while attempts are left is not the job's end.
            error: (job.status == JobStatus::Failed).then(|| {
                job.error
                    .clone()
                    .unwrap_or_else(|| t(lang, "jobs.failed").to_string())
            }),
        }
    }
}

/// A job in the API: what it does, how far it got, what it left; never its input.
pub fn job_json(job: &JobInfo) -> Value {
    json!({
        "id": job.id,
        "kind": job.kind.as_str(),
        "status": job.status.as_str(),
        "user": job.user,
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "done": job.done,
        "total": job.total,
        "result": parsed(job.result.as_deref()),
        "error": job.error,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    })
}

/// How long a server's worker waits when the queue is empty.
const POLL: Duration = Duration::from_secs(1);
/// How long a server's worker holds a job between reports (a report comes every second).
const LEASE: Duration = Duration::from_secs(60);

/// The workers of a server: stopped (after the job each is doing) when dropped.
pub struct Workers {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Workers {
    /// Starts `count` workers doing the store's jobs; `name` tells them apart from other
    /// processes' workers (host and process id).
    pub fn start(app: &App, count: usize, name: &str) -> std::io::Result<Workers> {
        let stop = Arc::new(AtomicBool::new(false));
        let mut threads = Vec::with_capacity(count);
        for n in 0..count {
            let app = app.clone();
            let stop = Arc::clone(&stop);
            let options = rastro_app::jobs::WorkerOptions {
                name: format!("{name}-{n}"),
                lease: LEASE,
                poll: Some(POLL),
            };
            let thread = std::thread::Builder::new()
                .name(format!("rastro-worker-{n}"))
                .spawn(move || run_worker(&app, &options, &stop))?;
            threads.push(thread);
        }
        Ok(Workers { stop, threads })
    }
}

/// One worker thread: a store error (the database gone for a moment) is logged and the
/// worker starts again after a pause, so a server keeps doing jobs as long as it serves.
fn run_worker(app: &App, options: &rastro_app::jobs::WorkerOptions, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        let outcome = rastro_app::jobs::work(app, options, stop, &|job, outcome| match outcome {
            Ok(_) => tracing::info!(job = %job.id, kind = %job.kind, "job done"),
            Err(error) => tracing::warn!(job = %job.id, kind = %job.kind, %error, "job failed"),
        });
        if let Err(error) = outcome {
            tracing::warn!(worker = %options.name, %error, "the worker stopped; starting again");
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}
