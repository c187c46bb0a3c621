//! `POST /api/v1/jobs?kind=…`: any long job queued for the store's workers, answered at once
//! with 202 and the job (to follow at `/api/v1/jobs/{id}`). The handler parses the request and
//! makes one call into `rastro_app::jobs`, which checks the member's role and keeps the job.
//!
//! - `import_cases`, `ingest_news`: the body is the file (`name` gives its name, whose
//!   extension tells its format);
//! - `extract_news`: nothing more;
//! - `link_persons`: an optional linkage configuration (TOML) as the body, `threshold`;
//! - `link_events`: `threshold`, `other_reports`;
//! - `release`: `by` (one or two dimensions, comma-separated), `k`, `epsilon`, `dataset`,
//!   `budget`, and the filter in the statistics grammar (`country=origin:VE`, `form=…`).

use axum::extract::{Query, State};
use axum::http::{header::LOCATION, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use rastro_app::jobs::ReleaseJob;
use rastro_app::JobKind;

use crate::auth::ApiUser;
use crate::error::{ApiResult, WebError};
use crate::state::AppState;

/// The parameters each kind takes besides `kind`; anything else is refused (a release takes
/// the filter's keys too).
fn allowed(kind: JobKind) -> &'static [&'static str] {
    match kind {
        JobKind::ImportCases => &["name", "column"],
        JobKind::IngestNews => &["name"],
        JobKind::ExtractNews => &[],
        JobKind::LinkPersons => &["threshold"],
        JobKind::LinkEvents => &["threshold", "other_reports"],
        JobKind::Release => &["by", "k", "epsilon", "dataset", "budget"],
    }
}

pub async fn queue(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let kind = match one(&pairs, "kind") {
        Some(k) => JobKind::parse(k).ok_or_else(|| {
            let kinds: Vec<&str> = JobKind::ALL.iter().map(|k| k.as_str()).collect();
            WebError::BadRequest(format!("kind={k:?}: use one of {}", kinds.join(", ")))
        })?,
        None => return Err(WebError::BadRequest("say which job: kind=…".into()).into()),
    };
    let rest: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k != "kind").collect();
    let filters: Vec<(String, String)> = rest
        .iter()
        .filter(|(k, _)| !allowed(kind).contains(&k.as_str()))
        .cloned()
        .collect();
    if kind != JobKind::Release {
        if let Some((key, _)) = filters.first() {
            return Err(WebError::BadRequest(format!("{kind} jobs take no {key:?}")).into());
        }
    }
    let takes_body = matches!(
        kind,
        JobKind::ImportCases | JobKind::IngestNews | JobKind::LinkPersons
    );
    if !takes_body && !body.is_empty() {
        return Err(WebError::BadRequest(format!("{kind} jobs take no body")).into());
    }
    if matches!(kind, JobKind::ImportCases | JobKind::IngestNews) && body.is_empty() {
        return Err(WebError::BadRequest("the request has no file in its body".into()).into());
    }
    let threshold = number(&rest, "threshold")?;
    let other_reports = number(&rest, "other_reports")?;
    let name = one(&rest, "name").map(str::to_string);
    let reading = rastro_app::jobs::CaseReading {
        columns: rest
            .iter()
            .filter(|(k, _)| k == "column")
            .map(|(_, v)| v.clone())
            .collect(),
        ..Default::default()
    };
    let release = match kind {
        JobKind::Release => Some(ReleaseJob {
            by: one(&rest, "by")
                .ok_or_else(|| WebError::BadRequest("a release needs by=DIMS".into()))?
                .split(',')
                .map(|d| d.trim().to_string())
                .collect(),
            k: match one(&rest, "k") {
                Some(k) => k
                    .trim()
                    .parse()
                    .map_err(|_| WebError::BadRequest(format!("k={k:?} is not a whole number")))?,
                None => rastro_stats::DEFAULT_K,
            },
            epsilon: number(&rest, "epsilon")?,
            dataset: one(&rest, "dataset").unwrap_or("cases").to_string(),
            budget: number(&rest, "budget")?.unwrap_or(1.0),
            filters,
        }),
        _ => None,
    };
    let session = user.session.clone();
    let job = state
        .blocking(move |_| {
            use rastro_app::jobs as q;
            let text = || {
                String::from_utf8(body.to_vec()).map_err(|_| {
                    WebError::BadRequest("the linkage configuration is not UTF-8 text".into())
                })
            };
            Ok(match kind {
                JobKind::ImportCases => q::queue_case_import_bytes(
                    &session,
                    name.as_deref().unwrap_or("upload.csv"),
                    &body,
                    &reading,
                )?,
                JobKind::IngestNews => q::queue_news_ingest_bytes(
                    &session,
                    name.as_deref().unwrap_or("articles.jsonl"),
                    &body,
                )?,
                JobKind::ExtractNews => q::queue_reextraction(&session)?,
                JobKind::LinkPersons => {
                    let config = if body.is_empty() { None } else { Some(text()?) };
                    q::queue_person_linkage_with(&session, config, threshold)?
                }
                JobKind::LinkEvents => q::queue_event_linkage(&session, threshold, other_reports)?,
                JobKind::Release => match &release {
                    Some(asked) => q::queue_release(&session, asked)?,
                    None => return Err(WebError::Internal("a release without options".into())),
                },
            })
        })
        .await?;
    let location = format!("/api/v1/jobs/{}", job.id);
    Ok((
        StatusCode::ACCEPTED,
        [(LOCATION, location)],
        Json(crate::jobs::job_json(&job)),
    )
        .into_response())
}

/// The value of `key`, if given.
fn one<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn number(pairs: &[(String, String)], key: &str) -> Result<Option<f64>, WebError> {
    one(pairs, key)
        .map(|v| {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| WebError::BadRequest(format!("{key}={v:?} is not a number")))
        })
        .transpose()
}
