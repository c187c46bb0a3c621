//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`
//! (built from [`openapi::ROUTES`], which a test holds to the routes here). Errors are
//! `{"error": {"code", "message"}}` with the right status; a record that does not exist and one
//! the caller may not see get the same 404.

pub mod alerts;
pub mod network;
pub mod openapi;
pub mod queue;
pub mod stream;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header::{ACCEPT, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use axum::Router;
use rastro_app::{CaseView, Level};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::ApiUser;
use crate::error::{ApiResult, WebError};
use crate::figures::{self, compute_counted, load_view};
use crate::state::AppState;
use crate::tables::TableKind;
use crate::views::View;

/// Pages are at most this long.
const MAX_LIMIT: usize = 1_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi::document))
        .route("/cases", get(cases).post(import_cases))
        .route("/cases/{id}", get(case))
        .route("/incidents", get(incidents))
        .route("/incidents/{id}", get(incident))
        .route("/stats/{table}", get(stats))
        .route("/extract", post(extract))
        .route("/screen", post(screen))
        .route("/lists", get(lists))
        .route("/network/find", get(network::find))
        .route("/network/ego", get(network::ego))
        .route("/network/paths", get(network::paths))
        .route("/network/brokers", get(network::brokers))
        .route("/network/communities", get(network::communities))
        .route("/network/export", get(network::export))
        .route("/jobs", get(jobs).post(queue::queue))
        .route("/jobs/{id}", get(job))
        .route("/alerts", get(alerts::list))
        .route("/alerts/{id}", get(alerts::one))
        .route("/alerts/{id}/status", post(alerts::status))
        .fallback(|| async { WebError::NotFound.json() })
}

async fn health() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// A whole-number query parameter, bounded; a value that is not one is a 400 naming it.
fn number_param(
    pairs: &[(String, String)],
    key: &str,
    default: usize,
    max: usize,
) -> Result<usize, WebError> {
    match pairs.iter().find(|(k, _)| k == key) {
        None => Ok(default),
        Some((_, v)) => v
            .trim()
            .parse::<usize>()
            .map(|n| n.min(max))
            .map_err(|_| WebError::BadRequest(format!("{key}={v:?} is not a whole number"))),
    }
}

fn wants_csv(headers: &HeaderMap, pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(k, v)| k == "format" && v == "csv")
        || headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/csv"))
}

/// A record as JSON at the level the caller sees it: never more.
fn case_json(view: &CaseView) -> Value {
    let level = view.level();
    let mut out = json!({ "id": view.id(), "owner": view.owner(), "level": level.as_str() });
    match view {
        CaseView::Exists(_) => {}
        CaseView::Summary(_, summary) => {
            let fields: serde_json::Map<String, Value> =
                summary
                    .describe()
                    .into_iter()
                    .fold(serde_json::Map::new(), |mut map, (k, v)| {
                        match map.get_mut(k) {
                            Some(Value::Array(values)) => values.push(Value::String(v)),
                            _ => {
                                map.insert(k.to_string(), json!([v]));
                            }
                        }
                        map
                    });
            out["summary"] = Value::Object(fields);
        }
        CaseView::Detail(_) | CaseView::Full(_) => {
            if let Some(record) = view.record() {
                out["record"] = Value::Object(record.to_json());
            }
        }
    }
    out
}

async fn cases(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let session = user.session.clone();
    if wants_csv(&headers, &pairs) {
        // Whole records, streamed from the store's cursor as they are read.
        let (writer, failer, body) = stream::channel();
        let include_shared = pairs
            .iter()
            .any(|(k, v)| k == "include_shared" && v == "true");
        let options = rastro_app::cases::ExportOptions {
            format: rastro_app::cases::ExportFormat::Csv,
            with_id: true,
            selection: if include_shared {
                rastro_app::CaseSelection::Visible
            } else {
                rastro_app::CaseSelection::Own
            },
        };
        // Permission is checked before the first byte, so a refusal is a clean 403.
        if !rastro_app::permits(user.role(), rastro_app::Action::ExportCases) {
            return Err(WebError::Forbidden(format!(
                "the role {} may not export cases",
                user.role().as_str()
            ))
            .into());
        }
        tokio::task::spawn_blocking(move || {
            if let Err(e) = rastro_app::cases::export_cases(&session, options, Box::new(writer)) {
                failer.fail(WebError::from(e).public_message());
            }
        });
        return Ok((
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    CONTENT_DISPOSITION,
                    "attachment; filename=\"rastro-cases.csv\"",
                ),
            ],
            Body::new(body),
        )
            .into_response());
    }
    let limit = number_param(&pairs, "limit", 100, MAX_LIMIT)?;
    let cursor = number_param(&pairs, "cursor", 0, usize::MAX)?;
    let (page, total) = state
        .blocking(move |state| {
            let totals = &state.counts.case_totals;
            Ok(rastro_app::cases::visible_page(
                &session, totals, cursor, limit,
            )?)
        })
        .await?;
    let next = (cursor + page.len() < total as usize && !page.is_empty())
        .then(|| (cursor + page.len()).to_string());
    Ok(Json(json!({
        "total": total,
        "cases": page.iter().map(case_json).collect::<Vec<_>>(),
        "next_cursor": next,
    }))
    .into_response())
}

async fn case(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let session = user.session.clone();
    let found = state
        .blocking(move |_| Ok(rastro_app::cases::visible_case(&session, &id)?))
        .await?;
    match found {
        // "Exists" is what a held-by pointer says; as a record it is not found.
        Some(view) if view.level() >= Level::Summary => Ok(Json(case_json(&view))),
        _ => Err(WebError::NotFound.into()),
    }
}

/// Imports a case file sent as the request body (`?format=csv|jsonl|xlsx|ods`, or by
/// Content-Type): the same import as the command line, with its report; with `queue=1`, queued
/// with its file for a worker, answering 202 with the job. Each `column=HEADER=FIELD` names the
/// field of a column, as `rastro import cases --column` does.
async fn import_cases(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let param = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut columns = Vec::new();
    let mut column_pairs = Vec::new();
    for (_, pair) in pairs.iter().filter(|(k, _)| k == "column") {
        let named = rastro_model::named_column(pair)
            .map_err(|why| WebError::BadRequest(format!("column={pair:?}: {why}")))?;
        columns.push(named);
        column_pairs.push(pair.clone());
    }
    let queue = match param("queue") {
        None | Some("0") | Some("false") => false,
        Some("1") | Some("true") => true,
        Some(other) => {
            return Err(WebError::BadRequest(format!("queue={other:?}: use 1 or 0")).into())
        }
    };
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ext = match param("format") {
        Some("csv") => "csv",
        Some("jsonl") | Some("json") => "jsonl",
        Some("xlsx") => "xlsx",
        Some("ods") => "ods",
        Some(other) => {
            return Err(WebError::BadRequest(format!(
                "format {other:?}: use csv, jsonl, xlsx or ods"
            ))
            .into())
        }
        None if content_type.contains("json") => "jsonl",
        None if content_type.contains("spreadsheetml") => "xlsx",
        None if content_type.contains("opendocument") => "ods",
        None => "csv",
    };
    if body.is_empty() {
        return Err(WebError::BadRequest("the request has no file in its body".into()).into());
    }
    if queue {
        let session = user.session.clone();
        let job = state
            .blocking(move |_| {
                let name = format!("upload.{ext}");
                let reading = rastro_app::jobs::CaseReading {
                    columns: column_pairs,
                    ..Default::default()
                };
                Ok(rastro_app::jobs::queue_case_import_bytes(
                    &session, &name, &body, &reading,
                )?)
            })
            .await?;
        let location = format!("/api/v1/jobs/{}", job.id);
        return Ok((
            axum::http::StatusCode::ACCEPTED,
            [(axum::http::header::LOCATION, location)],
            Json(crate::jobs::job_json(&job)),
        )
            .into_response());
    }
    let dir = state
        .config()
        .upload_dir
        .join(&user.session.organisation().id);
    let session = user.session.clone();
    let report = state
        .blocking(move |_| {
            use sha2::Digest;
            std::fs::create_dir_all(&dir).map_err(|e| WebError::Internal(e.to_string()))?;
            let digest = sha2::Sha256::digest(&body);
            let stem: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
            let path = dir.join(format!("{stem}.{ext}"));
            std::fs::write(&path, &body).map_err(|e| WebError::Internal(e.to_string()))?;
            let options = rastro_import::ImportOptions {
                columns,
                ..rastro_import::ImportOptions::default()
            };
            let report = rastro_app::cases::import_cases(
                &session,
                &path,
                &options,
                None,
                &rastro_app::Quiet,
            )?;
            serde_json::to_value(&report).map_err(|e| WebError::Internal(e.to_string()))
        })
        .await?;
    Ok(Json(report).into_response())
}

/// The organisation's jobs, newest first.
async fn jobs(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let limit = number_param(&pairs, "limit", 100, MAX_LIMIT)?;
    let session = user.session.clone();
    let jobs = state
        .blocking(move |_| Ok(rastro_app::jobs::jobs(&session, limit)?))
        .await?;
    Ok(Json(json!({
        "jobs": jobs.iter().map(crate::jobs::job_json).collect::<Vec<_>>(),
    })))
}

/// One of the organisation's jobs; another organisation's answers as a missing one.
async fn job(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let session = user.session.clone();
    let job = state
        .blocking(move |_| rastro_app::jobs::job(&session, &id)?.ok_or(WebError::NotFound))
        .await?;
    Ok(Json(crate::jobs::job_json(&job)))
}

async fn incidents(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let limit = number_param(&pairs, "limit", 20, MAX_LIMIT)?;
    let cursor = number_param(&pairs, "cursor", 0, usize::MAX)?;
    let view = View::parse(&pairs)?;
    let page =
        figures::incidents(&state, &user, &view.filter, "api_incidents", cursor, limit).await?;
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|item| {
            json!({
                "id": item.article.id,
                "organisation": item.article.organisation,
                "title": item.article.title,
                "url": item.article.url,
                "published": item.article.published,
                "language": item.article.language,
                "incident": item.incident,
            })
        })
        .collect();
    let facets: serde_json::Map<String, Value> = page
        .facets
        .iter()
        .map(|(dim, values)| {
            (
                dim.as_str().to_string(),
                Value::Array(
                    values
                        .iter()
                        .map(|(v, n)| json!({ "value": v, "count": n }))
                        .collect(),
                ),
            )
        })
        .collect();
    Ok(Json(json!({
        "total": page.total,
        "incidents": items,
        "facets": facets,
        "next_cursor": page.next.map(|n| n.to_string()),
    })))
}

async fn incident(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let detail = figures::incident(&state, &user, id, "api_incident").await?;
    Ok(Json(json!({
        "id": detail.item.article.id,
        "organisation": detail.item.article.organisation,
        "title": detail.item.article.title,
        "url": detail.item.article.url,
        "published": detail.item.article.published,
        "language": detail.item.article.language,
        "incident": detail.item.incident,
        "text": detail.text,
        "same_event": detail.same_event.iter().map(|a| json!({"id": a.id, "title": a.title, "organisation": a.organisation})).collect::<Vec<_>>(),
    })))
}

async fn stats(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path(table): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let kind = TableKind::parse(&table).ok_or(WebError::NotFound)?;
    let view = View::parse(&pairs)?;
    let (data, k) = load_view(&state, &user, &view, "api_statistics").await?;
    let (table, records) = compute_counted(&state, &user, kind, &view, &data, k).await?;
    if wants_csv(&headers, &pairs) {
        return Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8")], table.csv()?).into_response());
    }
    Ok(Json(json!({
        "table": kind.as_str(),
        "filter": view.filter.to_pairs(),
        "records": records,
        "data": table.as_ref(),
    }))
    .into_response())
}

#[derive(Deserialize)]
struct ExtractRequest {
    text: String,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

/// The incident an article describes; nothing is stored.
async fn extract(ApiUser(_user): ApiUser, body: axum::body::Bytes) -> ApiResult<Json<Value>> {
    let request: ExtractRequest = serde_json::from_slice(&body).map_err(|e| {
        WebError::BadRequest(format!(
            "the body is not the JSON expected ({{\"text\": …}}): {e}"
        ))
    })?;
    if request.text.trim().is_empty() {
        return Err(WebError::BadRequest("text is empty".into()).into());
    }
    let article = rastro_extract::Article {
        id: "request".into(),
        title: request.title,
        text: request.text,
        url: request.url,
        published: request.published,
        line: None,
    };
    let incident = tokio::task::spawn_blocking(move || rastro_extract::extract(&article))
        .await
        .map_err(WebError::from)?;
    Ok(Json(
        serde_json::to_value(&incident).map_err(|e| WebError::Internal(e.to_string()))?,
    ))
}

#[derive(Deserialize)]
struct ScreenRequest {
    list: String,
    name: String,
    birth_date: Option<String>,
    nationality: Option<String>,
    document: Option<String>,
    threshold: Option<f64>,
    limit: Option<usize>,
}

async fn screen(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    let request: ScreenRequest = serde_json::from_slice(&body).map_err(|e| {
        WebError::BadRequest(format!(
            "the body is not the JSON expected ({{\"list\": …, \"name\": …}}): {e}"
        ))
    })?;
    let threshold = request
        .threshold
        .unwrap_or(rastro_screen::DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        return Err(WebError::BadRequest("threshold must be between 0 and 1".into()).into());
    }
    let limit = request.limit.unwrap_or(10).min(100);
    let session = user.session.clone();
    let (info, matches) = state
        .blocking(move |shared| {
            let query = rastro_app::live_check::Query {
                name: &request.name,
                birth_date: request.birth_date.as_deref(),
                nationality: request.nationality.as_deref(),
                document: request.document.as_deref(),
            };
            Ok(rastro_app::live_check::check(
                &session,
                &shared.lists,
                &request.list,
                &query,
                threshold,
                limit,
            )?)
        })
        .await?;
    Ok(Json(
        json!({ "list": { "id": info.id, "name": info.name, "owner": info.organisation }, "matches": matches }),
    ))
}

async fn lists(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Json<Value>> {
    let session = user.session.clone();
    let lists = state
        .blocking(move |_| Ok(rastro_app::live_check::usable_lists(&session)?))
        .await?;
    Ok(Json(json!({
        "lists": lists.iter().map(|l| json!({"id": l.id, "name": l.name, "owner": l.organisation, "entries": l.entries})).collect::<Vec<_>>()
    })))
}
