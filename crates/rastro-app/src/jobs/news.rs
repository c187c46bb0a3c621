//! News as jobs: a file of articles ingested (kept in the store with the job, sealed, like a
//! case file), and the extraction backlog — the organisation's stored articles extracted again.
//! A retried ingestion stores the articles the dead attempt did not reach and counts the others
//! as already stored; a retried backlog replaces only the incidents still to be replaced.

use std::path::Path;

use rastro_store::{ClaimedJob, JobInfo, JobKind, JobWorker};
use serde::{Deserialize, Serialize};

use super::report::Reporter;
use super::{failure, file_name, input, queue, result, Outcome};
use crate::articles::{self, Input};
use crate::session::Session;
use crate::{AppError, Quiet, Result};

/// What an ingestion job is given beside its file: the file's name (its extension tells its
/// format, as for `rastro ingest news`).
#[derive(Debug, Serialize, Deserialize)]
struct IngestInput {
    name: String,
}

/// Queues the ingestion of the articles file at `file` (text, HTML, JSON lines or a JSON array);
/// its content goes into the store with the job.
pub fn queue_news_ingest(session: &Session, file: &Path) -> Result<JobInfo> {
    if file.is_dir() {
        return Err(AppError::Refused(format!(
            "{} is a folder: a queued ingestion takes one file (JSON lines hold many articles)",
            file.display()
        )));
    }
    let content = std::fs::read(file).map_err(AppError::io(file))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "articles".to_string());
    queue_news_ingest_bytes(session, &name, &content)
}

/// Queues the ingestion of an articles file's content (an upload), named `name`.
pub fn queue_news_ingest_bytes(session: &Session, name: &str, content: &[u8]) -> Result<JobInfo> {
    let input = IngestInput {
        name: file_name(name, "articles"),
    };
    queue(session, JobKind::IngestNews, &input, Some(content))
}

/// Queues the extraction backlog: every stored article of the organisation extracted again.
pub fn queue_reextraction(session: &Session) -> Result<JobInfo> {
    queue(session, JobKind::ExtractNews, &serde_json::json!({}), None)
}

pub(super) fn ingest(
    session: &Session,
    worker: &JobWorker<'_>,
    job: &ClaimedJob,
    progress: &Reporter<'_>,
) -> Outcome {
    let input: IngestInput = input(&job.info)?;
    let content = worker
        .file(job)
        .map_err(|e| (format!("the job's file: {e}"), true))?
        .ok_or_else(|| ("the job's file is gone".to_string(), false))?;
    let read = articles::read(
        &[Input::Bytes {
            name: &input.name,
            bytes: &content,
        }],
        &[],
        &Quiet,
    );
    let report = crate::news::ingest(session, &read, progress).map_err(failure)?;
    result(&report)
}

pub(super) fn reextract(session: &Session, progress: &Reporter<'_>) -> Outcome {
    let report = crate::backlog::reextract(session, progress).map_err(failure)?;
    result(&report)
}
