//! Importing case files from the browser: upload → preview → dry run listing every row error
//! (downloadable) → import, queued on the store's job queue with the file (sealed), its progress
//! read from the store while a worker does it. A file is kept under a name made of
//! its content's hash, in a folder of the organisation's own, so uploading the same file again
//! finds the same import, and the import adds nothing twice (records are recognised by key).

use std::path::PathBuf;

use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Json, Response};
use rastro_app::file_check::FileCheck;
use rastro_app::jobs::CaseReading;
use rastro_app::{JobInfo, JobStatus};
use rastro_import::ImportOptions;
use rastro_model::{EventType, Field, HeaderMatch, Picklist};
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

/// The columns a user named on these pages: `column=HEADER=FIELD` pairs carried from page to
/// page, and the naming form's rows (a header `h`, then its field `f`). A later naming of a
/// header replaces an earlier one; namings that do not parse are kept aside to be shown, not
/// used.
#[derive(Debug, Default)]
struct NamedColumns {
    /// As written, `HEADER=FIELD`, for the next page and for the job.
    pairs: Vec<String>,
    parsed: Vec<(String, HeaderMatch)>,
    problems: Vec<String>,
}

impl NamedColumns {
    fn from_pairs(pairs: &[(String, String)]) -> NamedColumns {
        let mut written: Vec<String> = Vec::new();
        let mut header: Option<String> = None;
        for (key, value) in pairs {
            match key.as_str() {
                "column" if !value.trim().is_empty() => written.push(value.trim().to_string()),
                "h" => header = Some(value.trim().to_string()),
                "f" => {
                    if let Some(h) = header.take().filter(|h| !h.is_empty()) {
                        if !value.trim().is_empty() {
                            written.push(format!("{h}={}", value.trim()));
                        }
                    }
                }
                _ => {}
            }
        }
        let mut named = NamedColumns::default();
        let mut seen = std::collections::HashSet::new();
        for pair in written.iter().rev() {
            let key = pair
                .rsplit_once('=')
                .map(|(h, _)| rastro_model::header_key(h))
                .unwrap_or_default();
            if !seen.insert(key) {
                continue;
            }
            match rastro_model::named_column(pair) {
                Ok(column) => {
                    named.pairs.push(pair.clone());
                    named.parsed.push(column);
                }
                Err(why) => named.problems.push(format!("{pair}: {why}")),
            }
        }
        named.pairs.reverse();
        named.parsed.reverse();
        named.problems.reverse();
        named
    }

    /// The field a user named for `header`, as written after the `=`.
    fn field_of(&self, header: &str) -> Option<&str> {
        let key = rastro_model::header_key(header);
        self.pairs.iter().find_map(|pair| {
            let (h, f) = pair.rsplit_once('=')?;
            (rastro_model::header_key(h) == key).then_some(f.trim())
        })
    }

    fn hidden_inputs(&self) -> String {
        self.pairs
            .iter()
            .map(|pair| {
                format!(
                    "<input type=\"hidden\" name=\"column\" value=\"{}\">",
                    esc(pair)
                )
            })
            .collect()
    }

    fn query(&self) -> String {
        self.pairs
            .iter()
            .map(|pair| format!("column={}", url_encode(pair)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

async fn checked(
    state: &AppState,
    user: &User,
    upload: &str,
    named: &NamedColumns,
) -> Result<(PathBuf, FileCheck), WebError> {
    let path = upload_path(state, user, upload)?;
    let session = user.session.clone();
    let for_check = path.clone();
    let options = ImportOptions {
        columns: named.parsed.clone(),
        ..ImportOptions::default()
    };
    let check = state
        .blocking(move |_| {
            Ok(rastro_app::file_check::check_file(
                &session, &for_check, &options,
            )?)
        })
        .await?;
    Ok((path, check))
}

/// The names a field may be given in the naming form: every HTCDS field, and each event field
/// at each stage (`hte_Country@Exploitation`) for a column of one stage's events.
fn field_choices() -> String {
    let mut out = String::from("<datalist id=\"fields\">");
    for field in Field::ALL {
        out.push_str(&format!("<option value=\"{}\">", field.name()));
    }
    for field in Field::ALL
        .iter()
        .filter(|f| f.is_event() && **f != Field::HteType)
    {
        for stage in EventType::ALL {
            out.push_str(&format!(
                "<option value=\"{}@{}\">",
                field.name(),
                stage.wire()
            ));
        }
    }
    out.push_str("</datalist>");
    out
}

/// The form in which a user names the fields of the columns Rastro did not place (and may
/// rename any other), sent back to the preview, which checks the file again with them.
fn naming_form(lang: Lang, upload: &str, headers: &[String], named: &NamedColumns) -> String {
    let mut rows = String::new();
    let mut unplaced = 0;
    for header in headers {
        let trimmed = header.trim();
        if trimmed.is_empty() || trimmed.starts_with(rastro_import::OWN_COLUMN_PREFIX) {
            continue;
        }
        let given = named.field_of(trimmed);
        let hint = match Field::from_header(trimmed) {
            HeaderMatch::Field(_) | HeaderMatch::Event(..) if given.is_none() => continue,
            HeaderMatch::Field(_) | HeaderMatch::Event(..) => String::new(),
            HeaderMatch::Ambiguous(fields) => fields
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(" / "),
            HeaderMatch::Unknown { suggestion } => {
                suggestion.map(|f| f.name().to_string()).unwrap_or_default()
            }
        };
        if given.is_none() {
            unplaced += 1;
        }
        rows.push_str(&format!(
            "<tr><td><input type=\"hidden\" name=\"h\" value=\"{0}\">{0}</td>\
             <td><input name=\"f\" list=\"fields\" value=\"{1}\" placeholder=\"{2}\" aria-label=\"{0}\"></td></tr>",
            esc(trimmed),
            esc(given.unwrap_or("")),
            esc(&hint)
        ));
    }
    // Namings of headers this check did not list (the file could not be read) stay in the form.
    let listed: Vec<String> = headers
        .iter()
        .map(|h| rastro_model::header_key(h))
        .collect();
    for pair in &named.pairs {
        let Some((header, field)) = pair.rsplit_once('=') else {
            continue;
        };
        if listed.contains(&rastro_model::header_key(header)) {
            continue;
        }
        rows.push_str(&format!(
            "<tr><td><input name=\"h\" value=\"{0}\" aria-label=\"{2}\"></td>\
             <td><input name=\"f\" list=\"fields\" value=\"{1}\" aria-label=\"{0}\"></td></tr>",
            esc(header.trim()),
            esc(field.trim()),
            esc(t(lang, "import.header"))
        ));
    }
    for _ in 0..2 {
        rows.push_str(&format!(
            "<tr><td><input name=\"h\" aria-label=\"{0}\"></td><td><input name=\"f\" list=\"fields\" aria-label=\"{1}\"></td></tr>",
            esc(t(lang, "import.header")),
            esc(t(lang, "import.field"))
        ));
    }
    format!(
        "<details id=\"naming\"{open}><summary>{title}</summary><p class=\"meta\">{help}</p>\
         <form method=\"get\" action=\"/import/{upload}\" id=\"name-columns\">{choices}\
         <table><thead><tr><th>{header}</th><th>{field}</th></tr></thead><tbody>{rows}</tbody></table>\
         <button id=\"apply-columns\">{apply}</button></form></details>",
        open = if unplaced > 0 || !named.problems.is_empty() { " open" } else { "" },
        title = esc(&tf(lang, "import.columns_title", &[("n", number(lang, unplaced))])),
        help = esc(t(lang, "import.columns_help")),
        upload = esc(upload),
        choices = field_choices(),
        header = esc(t(lang, "import.header")),
        field = esc(t(lang, "import.field")),
        apply = esc(t(lang, "import.columns_apply")),
    )
}

fn naming_problems(named: &NamedColumns) -> String {
    if named.problems.is_empty() {
        return String::new();
    }
    let items: String = named
        .problems
        .iter()
        .map(|p| format!("<li>{}</li>", esc(p)))
        .collect();
    format!("<ul class=\"error\" id=\"column-problems\">{items}</ul>")
}

pub async fn preview(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Path(upload): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    if let Some((_, job_id)) = pairs.iter().find(|(k, _)| k == "job") {
        return job_page(&state, &user, &uri, &upload, job_id).await;
    }
    let named = NamedColumns::from_pairs(&pairs);
    match checked(&state, &user, &upload, &named).await {
        Ok((_, check)) => {
            let body = check_body(lang, &user, &upload, &check, &named, false);
            render(
                &state,
                &user,
                &uri,
                t(lang, "import.preview"),
                "import",
                &body,
            )
        }
        Err(e @ WebError::BadRequest(_)) => unreadable(&state, &user, &uri, &upload, &named, &e),
        Err(e) => error_page(lang, &e),
    }
}

/// A file the importer cannot read as it is named (most often: no header Rastro knows): the
/// reason, and the form to name its columns.
fn unreadable(
    state: &AppState,
    user: &User,
    uri: &Uri,
    upload: &str,
    named: &NamedColumns,
    error: &WebError,
) -> Response {
    let lang = user.lang;
    let mut body = format!("<h1>{}</h1>", esc(t(lang, "import.preview")));
    body.push_str(&naming_problems(named));
    body.push_str(&format!(
        "<p class=\"error\" id=\"check-error\">{}</p>",
        esc(&error.to_string())
    ));
    body.push_str(&naming_form(lang, upload, &[], named));
    render(state, user, uri, t(lang, "import.preview"), "import", &body)
}

pub async fn dry_run(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Path(upload): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    let named = NamedColumns::from_pairs(&pairs);
    match checked(&state, &user, &upload, &named).await {
        Ok((_, check)) => {
            let body = check_body(lang, &user, &upload, &check, &named, true);
            render(
                &state,
                &user,
                &uri,
                t(lang, "import.dry_run"),
                "import",
                &body,
            )
        }
        Err(e @ WebError::BadRequest(_)) => unreadable(&state, &user, &uri, &upload, &named, &e),
        Err(e) => error_page(lang, &e),
    }
}

fn check_body(
    lang: Lang,
    user: &User,
    upload: &str,
    check: &FileCheck,
    named: &NamedColumns,
    all_errors: bool,
) -> String {
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "import.preview")));
    out.push_str(&naming_problems(named));
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
    out.push_str(&naming_form(lang, upload, &check.headers, named));
    out.push_str(&format!(
        "<form method=\"post\" action=\"/import/{0}/dry-run\" class=\"inline\">{1}{4}<button id=\"dry-run\">{2}</button></form>\
         <form method=\"post\" action=\"/import/{0}/commit\" class=\"inline\">{1}{4}<button id=\"commit\">{3}</button></form>",
        esc(upload),
        csrf_field(user),
        esc(t(lang, "import.dry_run")),
        esc(t(lang, "import.commit")),
        named.hidden_inputs()
    ));
    if all_errors && !check.problems.is_empty() {
        let query = named.query();
        out.push_str(&format!(
            "<h2>{}</h2><p><a id=\"errors-csv\" href=\"/import/{}/errors.csv{}{}\" download>{}</a></p>",
            esc(t(lang, "import.errors")),
            esc(upload),
            if query.is_empty() { "" } else { "?" },
            esc(&query),
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
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    let named = NamedColumns::from_pairs(&pairs);
    let built = async {
        let (_, check) = checked(&state, &user, &upload, &named).await?;
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
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    let named = NamedColumns::from_pairs(&pairs);
    if !named.problems.is_empty() {
        return error_page(lang, &WebError::BadRequest(named.problems.join("; ")));
    }
    let reading = CaseReading {
        columns: named.pairs,
        ..CaseReading::default()
    };
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
                &session, &name, &content, &reading,
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
