//! Importing case files from the browser: upload → preview → dry run listing every row error
//! (downloadable) → import, queued on the store's job queue with the file (sealed), its progress
//! read from the store while a worker does it. A file is kept under a name made of
//! its content's hash, in a folder of the organisation's own, so uploading the same file again
//! finds the same import, and the import adds nothing twice (records are recognised by key).

use std::path::PathBuf;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Json, Response};
use rastro_app::file_check::FileCheck;
use rastro_app::{JobInfo, JobStatus};
use rastro_import::ImportOptions;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{csrf_field, error_page, render};
use crate::auth::{PageUser, User};
use crate::error::WebError;
use crate::html::{esc, table, url_encode};
use crate::i18n::{number, t, tf, Lang};
use crate::jobs::JobState;
use crate::state::AppState;

/// The extensions an upload may have: the formats the importer reads.
const EXTENSIONS: [&str; 6] = ["csv", "tsv", "txt", "xlsx", "ods", "jsonl"];

/// The folder of the organisation's uploads, created owner-only.
fn folder(state: &AppState, user: &User) -> Result<PathBuf, WebError> {
    let dir = state
        .config()
        .upload_dir
        .join(&user.session.organisation().id);
    std::fs::create_dir_all(&dir)
        .map_err(|e| WebError::Internal(format!("creating {}: {e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(dir)
}

/// The stored upload named `upload` (`<hash>.<ext>`), if it is a name this page gave.
fn upload_path(state: &AppState, user: &User, upload: &str) -> Result<PathBuf, WebError> {
    let (stem, ext) = upload.split_once('.').ok_or(WebError::NotFound)?;
    let valid = stem.len() == 32
        && stem.bytes().all(|b| b.is_ascii_hexdigit())
        && EXTENSIONS.contains(&ext);
    if !valid {
        return Err(WebError::NotFound);
    }
    let path = folder(state, user)?.join(upload);
    if path.is_file() {
        Ok(path)
    } else {
        Err(WebError::NotFound)
    }
}

pub async fn form(State(state): State<AppState>, PageUser(user): PageUser, uri: Uri) -> Response {
    let lang = user.lang;
    let session = user.session.clone();
    let imports = state
        .blocking(move |_| Ok(rastro_app::cases::imports(&session)?))
        .await
        .unwrap_or_default();
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "import.title")));
    out.push_str(&upload_form(lang, &user));
    if !imports.is_empty() {
        let headers = [
            "file",
            "status",
            "imported",
            "duplicates",
            "rejected",
            "started",
        ]
        .map(String::from);
        let rows: Vec<Vec<String>> = imports
            .iter()
            .map(|i| {
                vec![
                    esc(&i.source_file),
                    esc(i.status.as_str()),
                    number(lang, i.imported),
                    number(lang, i.duplicates),
                    number(lang, i.rejected),
                    esc(&i.started_at),
                ]
            })
            .collect();
        out.push_str(&format!("<h2>{}</h2>", esc(t(lang, "import.history"))));
        out.push_str(&table("imports", &headers, &rows));
    }
    render(&state, &user, &uri, t(lang, "import.title"), "import", &out)
}

fn upload_form(lang: Lang, user: &User) -> String {
    format!(
        "<form method=\"post\" action=\"/import?csrf={}\" enctype=\"multipart/form-data\" class=\"inline\" id=\"upload\">\
         <label>{}<input type=\"file\" name=\"file\" required accept=\".csv,.tsv,.txt,.xlsx,.ods,.jsonl\"></label>\
         <button>{}</button></form>",
        url_encode(user.csrf.as_deref().unwrap_or("")),
        esc(t(lang, "import.file")),
        esc(t(lang, "import.upload"))
    )
}

pub async fn upload(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    mut multipart: Multipart,
) -> Response {
    let lang = user.lang;
    let limit = state.config().max_upload_bytes;
    let mut saved = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return error_page(lang, &WebError::TooLarge(limit));
            }
            Err(e) => return error_page(lang, &WebError::BadRequest(e.body_text())),
        };
        if field.name() != Some("file") {
            continue;
        }
        let original = field.file_name().unwrap_or("upload.csv").to_string();
        let ext = original
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let ext = if ext == "json" {
            "jsonl".to_string()
        } else {
            ext
        };
        if !EXTENSIONS.contains(&ext.as_str()) {
            return error_page(
                lang,
                &WebError::BadRequest(format!(
                    "{original}: Rastro imports {} files",
                    EXTENSIONS.join(", ")
                )),
            );
        }
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return error_page(lang, &WebError::TooLarge(limit));
            }
            Err(e) => return error_page(lang, &WebError::BadRequest(e.body_text())),
        };
        let digest = Sha256::digest(&bytes);
        let stem: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        let name = format!("{stem}.{ext}");
        let dir = match folder(&state, &user) {
            Ok(d) => d,
            Err(e) => return error_page(lang, &e),
        };
        if let Err(e) = std::fs::write(dir.join(&name), &bytes) {
            return error_page(lang, &WebError::Internal(format!("saving an upload: {e}")));
        }
        saved = Some(name);
    }
    match saved {
        Some(name) => (
            StatusCode::SEE_OTHER,
            [(LOCATION, format!("/import/{name}"))],
        )
            .into_response(),
        None => error_page(lang, &WebError::BadRequest("no file was sent".into())),
    }
}

#[derive(Deserialize)]
pub struct PreviewQuery {
    job: Option<String>,
}

async fn checked(
    state: &AppState,
    user: &User,
    upload: &str,
) -> Result<(PathBuf, FileCheck), WebError> {
    let path = upload_path(state, user, upload)?;
    let session = user.session.clone();
    let for_check = path.clone();
    let check = state
        .blocking(move |_| {
            Ok(rastro_app::file_check::check_file(
                &session,
                &for_check,
                &ImportOptions::default(),
            )?)
        })
        .await?;
    Ok((path, check))
}

pub async fn preview(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Path(upload): Path<String>,
    Query(query): Query<PreviewQuery>,
) -> Response {
    let lang = user.lang;
    if let Some(job_id) = &query.job {
        return job_page(&state, &user, &uri, &upload, job_id).await;
    }
    match checked(&state, &user, &upload).await {
        Ok((_, check)) => {
            let body = check_body(lang, &user, &upload, &check, false);
            render(
                &state,
                &user,
                &uri,
                t(lang, "import.preview"),
                "import",
                &body,
            )
        }
        Err(e) => error_page(lang, &e),
    }
}

pub async fn dry_run(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Path(upload): Path<String>,
) -> Response {
    let lang = user.lang;
    match checked(&state, &user, &upload).await {
        Ok((_, check)) => {
            let body = check_body(lang, &user, &upload, &check, true);
            render(
                &state,
                &user,
                &uri,
                t(lang, "import.dry_run"),
                "import",
                &body,
            )
        }
        Err(e) => error_page(lang, &e),
    }
}

fn check_body(
    lang: Lang,
    user: &User,
    upload: &str,
    check: &FileCheck,
    all_errors: bool,
) -> String {
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "import.preview")));
    out.push_str(&format!(
        "<p id=\"check-summary\">{} · {} · {}</p>",
        esc(&check.format),
        esc(&tf(
            lang,
            "import.valid",
            &[("n", number(lang, check.valid))]
        )),
        esc(&tf(
            lang,
            "import.rejected",
            &[("n", number(lang, check.rows - check.valid))]
        )),
    ));
    for warning in &check.warnings {
        out.push_str(&format!("<p class=\"meta\">{}</p>", esc(warning)));
    }
    let headers = [t(lang, "import.row").to_string(), "".to_string()];
    let rows: Vec<Vec<String>> = check
        .preview
        .iter()
        .map(|r| {
            let text = if r.problems.is_empty() {
                r.summary
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                r.problems.join("; ")
            };
            vec![r.row.to_string(), esc(&text)]
        })
        .collect();
    out.push_str(&table("preview", &headers, &rows));
    out.push_str(&format!(
        "<form method=\"post\" action=\"/import/{0}/dry-run\" class=\"inline\">{1}<button id=\"dry-run\">{2}</button></form>\
         <form method=\"post\" action=\"/import/{0}/commit\" class=\"inline\">{1}<button id=\"commit\">{3}</button></form>",
        esc(upload),
        csrf_field(user),
        esc(t(lang, "import.dry_run")),
        esc(t(lang, "import.commit"))
    ));
    if all_errors && !check.problems.is_empty() {
        out.push_str(&format!(
            "<h2>{}</h2><p><a id=\"errors-csv\" href=\"/import/{}/errors.csv\" download>{}</a></p>",
            esc(t(lang, "import.errors")),
            esc(upload),
            esc(t(lang, "import.errors_csv"))
        ));
        let headers = [
            t(lang, "import.row").to_string(),
            t(lang, "import.column").to_string(),
            t(lang, "import.value").to_string(),
            t(lang, "import.reason").to_string(),
        ];
        let rows: Vec<Vec<String>> = check
            .problems
            .iter()
            .map(|p| {
                vec![
                    p.row.to_string(),
                    esc(&p.column),
                    esc(&p.value),
                    esc(&p.message),
                ]
            })
            .collect();
        out.push_str(&table("errors", &headers, &rows));
    }
    out
}

pub async fn errors_csv(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(upload): Path<String>,
) -> Response {
    let lang = user.lang;
    let built = async {
        let (_, check) = checked(&state, &user, &upload).await?;
        Ok::<_, WebError>(rastro_app::file_check::problems_csv(&check.problems)?)
    }
    .await;
    match built {
        Ok(bytes) => (
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    CONTENT_DISPOSITION,
                    "attachment; filename=\"import-errors.csv\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => error_page(lang, &e),
    }
}

/// Queues the import of an upload: its content goes into the store with the job (sealed), so
/// whichever worker takes it, on whatever machine, can do it, and any node shows its progress.
pub async fn commit(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(upload): Path<String>,
) -> Response {
    let lang = user.lang;
    let path = match upload_path(&state, &user, &upload) {
        Ok(p) => p,
        Err(e) => return error_page(lang, &e),
    };
    let session = user.session.clone();
    let name = upload.clone();
    let queued = state
        .blocking(move |_| {
            let content = std::fs::read(&path)
                .map_err(|e| WebError::Internal(format!("reading the upload: {e}")))?;
            Ok(rastro_app::jobs::queue_case_import_bytes(
                &session, &name, &content,
            )?)
        })
        .await;
    match queued {
        Ok(job) => (
            StatusCode::SEE_OTHER,
            [(
                LOCATION,
                format!("/import/{upload}?job={}", url_encode(&job.id)),
            )],
        )
            .into_response(),
        Err(e) => error_page(lang, &e),
    }
}

/// One of the organisation's jobs, read from the store on the blocking pool.
async fn stored_job(state: &AppState, user: &User, id: &str) -> Result<JobInfo, WebError> {
    let session = user.session.clone();
    let id = id.to_string();
    state
        .blocking(move |_| rastro_app::jobs::job(&session, &id)?.ok_or(WebError::NotFound))
        .await
}

async fn job_page(
    state: &AppState,
    user: &User,
    uri: &Uri,
    upload: &str,
    job_id: &str,
) -> Response {
    let lang = user.lang;
    let job = match stored_job(state, user, job_id).await {
        Ok(job) => job,
        Err(e) => return error_page(lang, &e),
    };
    let job_state = JobState::of(&job, lang);
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "import.title")));
    if !job_state.finished {
        if job.status == JobStatus::Queued {
            out.push_str(&format!(
                "<p id=\"job-queued\">{}</p>",
                esc(t(lang, "import.queued"))
            ));
        }
        out.push_str(&format!(
            "<div data-job=\"/jobs/{}\" id=\"job\"><p class=\"job-label\">{}</p><progress max=\"{}\" value=\"{}\"></progress>\
             <noscript><p><a href=\"{}\">↻</a></p></noscript></div>",
            esc(job_id),
            esc(&job_state.label),
            job_state.total.max(1),
            job_state.done,
            esc(&uri.to_string())
        ));
    } else if let Some(error) = &job_state.error {
        out.push_str(&format!(
            "<p class=\"error\" id=\"job-error\">{}</p>",
            esc(error)
        ));
    } else if let Some(report) = &job_state.report {
        let n = |key: &str| report.get(key).and_then(|v| v.as_u64()).unwrap_or(0);
        out.push_str(&format!(
            "<div class=\"ok\" id=\"job-done\"><strong>{}</strong><ul><li>{}</li><li>{}</li><li>{}</li></ul></div>",
            esc(t(lang, "import.done")),
            esc(&tf(lang, "import.imported", &[("n", number(lang, n("imported")))])),
            esc(&tf(lang, "import.duplicates", &[("n", number(lang, n("duplicates")))])),
            esc(&tf(lang, "import.rejected", &[("n", number(lang, n("rejected")))])),
        ));
        out.push_str(&format!(
            "<p><a href=\"/import/{}\">{}</a></p>",
            esc(upload),
            esc(t(lang, "import.preview"))
        ));
    }
    out.push_str(&format!(
        "<p><a href=\"/jobs\">{}</a></p>",
        esc(t(lang, "jobs.title"))
    ));
    render(state, user, uri, t(lang, "import.title"), "import", &out)
}

/// A job's progress as JSON, for the page's script.
pub async fn job(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Response {
    match stored_job(&state, &user, &id).await {
        Ok(job) => Json(JobState::of(&job, user.lang)).into_response(),
        Err(e) => e.json(),
    }
}
