//! News as jobs: a file of articles ingested (kept in the store with the job, sealed, like a
//! case file), and the extraction backlog — the organisation's stored articles extracted again.
//! A retried ingestion stores the articles the dead attempt did not reach and counts the others
//! as already stored; a retried backlog replaces only the incidents still to be replaced.

use std::path::{Path, PathBuf};

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
            "{} is a folder: queue its articles with `queue_news_ingest_paths`",
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

/// What queueing several files or a folder read before the job was queued.
#[derive(Debug)]
pub struct QueuedArticles {
    pub job: JobInfo,
    /// Articles read into the job.
    pub articles: usize,
    /// Problems reported while reading (each logged with its file and line); what was valid is
    /// in the job.
    pub warnings: usize,
    pub errors: usize,
}

/// Queues the ingestion of the articles in several files or folders (walked as `rastro ingest
/// news` walks them). They are read now, so that a reader's complaint names the file while the
/// member is there to see it, and go into one job as JSON lines: the worker then needs none of
/// the member's files.
pub fn queue_news_ingest_paths(session: &Session, paths: &[PathBuf]) -> Result<QueuedArticles> {
    let read = articles::read(&[Input::Paths(paths)], &[], &Quiet);
    if read.articles.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(AppError::Refused(format!(
            "no articles found in {} ({} error(s) while reading): nothing queued",
            names.join(", "),
            read.errors
        )));
    }
    let mut content = Vec::new();
    for article in &read.articles {
        let line = serde_json::json!({
            "id": article.id,
            "title": article.title,
            "text": article.text,
            "url": article.url,
            "published": article.published,
        });
        content.extend_from_slice(line.to_string().as_bytes());
        content.push(b'\n');
    }
    let job = queue_news_ingest_bytes(session, "articles.jsonl", &content)?;
    Ok(QueuedArticles {
        job,
        articles: read.articles.len(),
        warnings: read.warnings,
        errors: read.errors,
    })
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
