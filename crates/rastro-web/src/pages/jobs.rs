//! The organisation's jobs (imports queued from these pages, and any job queued with a
//! command's `--queue` or through the API: news ingestion, the extraction backlog, linkage runs,
//! releases), newest first, with state, progress, attempts and result, read from the store's
//! queue: every node shows the same list.

use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use rastro_app::{JobInfo, JobKind, JobStatus};

use super::{error_page, render};
use crate::auth::PageUser;
use crate::html::{esc, table};
use crate::i18n::{number, t, tf, Lang};
use crate::jobs::status_label;
use crate::state::AppState;

/// Jobs the page lists: the newest; older ones are in the API.
const SHOWN: usize = 200;

pub async fn page(State(state): State<AppState>, PageUser(user): PageUser, uri: Uri) -> Response {
    let lang = user.lang;
    let session = user.session.clone();
    let jobs = match state
        .blocking(move |_| Ok(rastro_app::jobs::jobs(&session, SHOWN)?))
        .await
    {
        Ok(jobs) => jobs,
        Err(e) => return error_page(lang, &e),
    };
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "jobs.title")));
    if jobs.is_empty() {
        out.push_str(&format!(
            "<p id=\"no-jobs\">{}</p>",
            esc(t(lang, "jobs.none"))
        ));
    } else {
        let headers = [
            "jobs.kind",
            "jobs.queued_at",
            "jobs.by",
            "jobs.state",
            "jobs.progress",
            "jobs.attempts",
            "jobs.result",
        ]
        .map(|k| t(lang, k).to_string());
        let rows: Vec<Vec<String>> = jobs.iter().map(|job| row(lang, job)).collect();
        out.push_str(&table("jobs", &headers, &rows));
    }
    render(&state, &user, &uri, t(lang, "jobs.title"), "jobs", &out)
}

/// One job's cells, as escaped HTML.
fn row(lang: Lang, job: &JobInfo) -> Vec<String> {
    let kind = match job.kind {
        JobKind::ImportCases => t(lang, "jobs.import_cases"),
        JobKind::IngestNews => t(lang, "jobs.ingest_news"),
        JobKind::ExtractNews => t(lang, "jobs.extract_news"),
        JobKind::LinkPersons => t(lang, "jobs.link_persons"),
        JobKind::LinkEvents => t(lang, "jobs.link_events"),
        JobKind::Release => t(lang, "jobs.release"),
    };
    let state = format!(
        "<span class=\"job-{}\" data-job-id=\"{}\">{}</span>",
        job.status.as_str(),
        esc(&job.id),
        esc(status_label(lang, job.status))
    );
    let progress = match job.total {
        Some(total) if total > 0 => format!("{}%", job.done.min(total) * 100 / total),
        _ if job.status == JobStatus::Done => "100%".to_string(),
        _ => "–".to_string(),
    };
    vec![
        esc(kind),
        esc(&job.created_at),
        esc(&job.user),
        state,
        progress,
        format!("{}/{}", job.attempts, job.max_attempts),
        esc(&result(lang, job)),
    ]
}

/// What a job left, in words: its kind's counts, or why it failed.
fn result(lang: Lang, job: &JobInfo) -> String {
    match job.status {
        JobStatus::Done => {
            let report: serde_json::Value = job
                .result
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok())
                .unwrap_or_default();
            let n = |key: &str| report.get(key).and_then(|v| v.as_u64()).unwrap_or(0);
            let said = |parts: &[(&'static str, u64)]| {
                parts
                    .iter()
                    .map(|(label, value)| tf(lang, label, &[("n", number(lang, *value))]))
                    .collect::<Vec<_>>()
                    .join(" · ")
            };
            match job.kind {
                JobKind::ImportCases => said(&[
                    ("import.imported", n("imported")),
                    ("import.duplicates", n("duplicates")),
                    ("import.rejected", n("rejected")),
                ]),
                JobKind::IngestNews => said(&[
                    ("jobs.stored", n("stored")),
                    ("jobs.already", n("same_url") + n("same_text")),
                ]),
                JobKind::ExtractNews => said(&[
                    ("jobs.replaced", n("replaced")),
                    ("jobs.unchanged", n("unchanged")),
                ]),
                JobKind::LinkPersons => said(&[
                    ("jobs.records", n("records")),
                    ("jobs.entities", n("entities")),
                ]),
                JobKind::LinkEvents => {
                    said(&[("jobs.reports", n("reports")), ("jobs.events", n("events"))])
                }
                JobKind::Release => {
                    // The table's rows, less its header.
                    let rows = report
                        .get("csv")
                        .and_then(|c| c.as_str())
                        .map_or(0, |c| c.lines().count().saturating_sub(1));
                    said(&[("jobs.table_rows", rows as u64)])
                }
            }
        }
        JobStatus::Failed => job.error.clone().unwrap_or_default(),
        // A retried attempt's error says why it is being tried again.
        JobStatus::Queued | JobStatus::Running => job.error.clone().unwrap_or_default(),
    }
}
