//! Alerts under `/api/v1/alerts`: the alerts the caller sees (its organisation's, and those
//! another granted it in full), filtered and paged; one alert opened with its rules, values,
//! frozen transactions, screening hits and linked cases as far as the caller may see them; and
//! a move of its review (owner only, with a note). An alert that does not exist and one the
//! caller may not see are the same 404.
//!
//! The filter grammar (`status`, `band`, `typology`, `from`, `to`, `own`, `cursor`) is read here
//! for the page too, so the page and the API given the same URL list the same alerts.

use axum::extract::{Path, Query, State};
use axum::response::Json;
use rastro_app::flags::review::{
    self, AlertBand, AlertDetail, AlertQuery, AlertStatus, AlertSummary,
};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::network::param;
use crate::auth::ApiUser;
use crate::error::{ApiResult, WebError};
use crate::state::AppState;

/// Alerts a page lists, and the most an API call may ask for.
pub const PAGE: u64 = 50;
pub const MAX_LIMIT: u64 = review::MAX_PAGE;

/// Every value of `key`, repeated or comma-separated, trimmed, empty ones dropped.
fn values<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

pub fn band_of(text: &str) -> Option<AlertBand> {
    match text.trim().to_ascii_lowercase().as_str() {
        "low" => Some(AlertBand::Low),
        "medium" => Some(AlertBand::Medium),
        "high" => Some(AlertBand::High),
        _ => None,
    }
}

/// A day of the window (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, UTC) as its first or last second.
fn moment(pairs: &[(String, String)], key: &str, last: bool) -> Result<Option<i64>, WebError> {
    let Some(text) = param(pairs, key) else {
        return Ok(None);
    };
    let date = rastro_text::PartialDate::parse(text, 1000..=9999)
        .map_err(|e| WebError::BadRequest(format!("{key}={text:?}: {e}")))?;
    Ok(Some(if last {
        date.last_day() * 86_400 + 86_399
    } else {
        date.first_day() * 86_400
    }))
}

fn whole(pairs: &[(String, String)], key: &str, default: u64, max: u64) -> Result<u64, WebError> {
    match param(pairs, key) {
        None => Ok(default),
        Some(v) => v
            .parse::<u64>()
            .map(|n| n.min(max))
            .map_err(|_| WebError::BadRequest(format!("{key}={v:?} is not a whole number"))),
    }
}

/// The alerts a URL asks for; a value that is not one of the grammar's is a 400 naming it.
pub fn alert_query(pairs: &[(String, String)], limit: u64) -> Result<AlertQuery, WebError> {
    let mut statuses = Vec::new();
    for value in values(pairs, "status") {
        let status = AlertStatus::parse(value).ok_or_else(|| {
            WebError::BadRequest(format!(
                "status={value:?}: use new, under_review, reported or dismissed"
            ))
        })?;
        statuses.push(status);
    }
    let mut bands = Vec::new();
    for value in values(pairs, "band") {
        bands.push(band_of(value).ok_or_else(|| {
            WebError::BadRequest(format!("band={value:?}: use low, medium or high"))
        })?);
    }
    let typologies = values(pairs, "typology")
        .into_iter()
        .map(str::to_string)
        .collect();
    let since = moment(pairs, "from", false)?;
    let until = moment(pairs, "to", true)?;
    if let (Some(a), Some(b)) = (since, until) {
        if a > b {
            return Err(WebError::BadRequest("from is after to".into()));
        }
    }
    let own_only = matches!(
        param(pairs, "own").map(str::to_ascii_lowercase).as_deref(),
        Some("1" | "true" | "yes" | "on")
    );
    Ok(AlertQuery {
        statuses,
        typologies,
        bands,
        since,
        until,
        own_only,
        offset: whole(pairs, "cursor", 0, u64::MAX)?,
        limit: whole(pairs, "limit", limit, MAX_LIMIT)?.max(1),
    })
}

/// UTC seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc(seconds: i64) -> String {
    let (y, m, d) = rastro_text::civil_from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// A status as the API writes it: `new`, `under_review`, `reported`, `dismissed`.
pub fn status_name(status: AlertStatus) -> &'static str {
    match status {
        AlertStatus::Open => "new",
        AlertStatus::Reviewed => "under_review",
        AlertStatus::Reported => "reported",
        AlertStatus::Dismissed => "dismissed",
    }
}

fn summary_json(a: &AlertSummary) -> Value {
    json!({
        "id": a.id,
        "owner": a.owner,
        "own": a.own,
        "typology": a.typology,
        "subject_kind": a.subject_kind.as_str(),
        "score": a.score,
        "band": a.band.as_str(),
        "status": status_name(a.status),
        "raised_at": utc(a.raised_at),
        "created_at": a.created_at,
        "catalogue_version": a.catalogue_version,
        "transactions": a.transactions,
    })
}

fn detail_json(d: &AlertDetail) -> Value {
    json!({
        "id": d.id,
        "owner": d.owner,
        "own": d.own,
        "status": status_name(d.status),
        "band": d.band.as_str(),
        "created_at": d.created_at,
        "alert": d.alert,
        "transactions": d.transactions.iter().map(|(id, t)| json!({"rastro_id": id, "transaction": t})).collect::<Vec<_>>(),
        "screening": d.screening,
        "screening_withheld": d.screening_withheld,
        "linked_cases": d.linked_cases,
        "linked_withheld": d.linked_withheld,
        "reviews": d.reviews.iter().map(|r| json!({
            "id": r.id, "from": status_name(r.from), "to": status_name(r.to), "by": r.by,
            "at": r.at, "note": r.note,
        })).collect::<Vec<_>>(),
        "moves": d.moves.iter().map(|m| status_name(*m)).collect::<Vec<_>>(),
        "network": format!("/network?node={}", crate::html::url_encode(&d.network_key())),
    })
}

pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let query = alert_query(&pairs, PAGE)?;
    let session = user.session.clone();
    let asked = query.clone();
    let page = state
        .blocking(move |_| Ok(review::page(&session, &asked)?))
        .await?;
    let shown = query.offset + page.alerts.len() as u64;
    let next = (shown < page.total && !page.alerts.is_empty()).then(|| shown.to_string());
    Ok(Json(json!({
        "total": page.total,
        "alerts": page.alerts.iter().map(summary_json).collect::<Vec<_>>(),
        "typologies": page.typologies.iter().map(|(t, n)| json!({"typology": t, "count": n})).collect::<Vec<_>>(),
        "next_cursor": next,
    })))
}

pub async fn one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let session = user.session.clone();
    let found = state
        .blocking(move |_| Ok(review::detail(&session, &id)?))
        .await?;
    match found {
        Some(detail) => Ok(Json(detail_json(&detail))),
        None => Err(WebError::NotFound.into()),
    }
}

#[derive(Deserialize)]
struct StatusRequest {
    status: String,
    #[serde(default)]
    note: String,
}

pub async fn status(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    let request: StatusRequest = serde_json::from_slice(&body).map_err(|e| {
        WebError::BadRequest(format!(
            "the body is not the JSON expected ({{\"status\": \"under_review\", \"note\": …}}): {e}"
        ))
    })?;
    let to = AlertStatus::parse(&request.status).ok_or_else(|| {
        WebError::BadRequest(format!(
            "status {:?}: use under_review, reported or dismissed",
            request.status
        ))
    })?;
    let session = user.session.clone();
    let moved = state
        .blocking(move |_| Ok(review::review(&session, &id, to, &request.note)?))
        .await?;
    Ok(Json(json!({
        "id": moved.id,
        "from": status_name(moved.from),
        "to": status_name(moved.to),
        "by": moved.by,
        "at": moved.at,
        "note": moved.note,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_filter_grammar_reads_and_refuses() {
        let query = alert_query(
            &pairs(&[
                ("status", "new,under review"),
                ("status", "reported"),
                ("band", "HIGH"),
                ("typology", "funnel_account"),
                ("from", "2024-03"),
                ("to", "2024-03-31"),
                ("own", "1"),
                ("cursor", "50"),
            ]),
            PAGE,
        )
        .unwrap();
        assert_eq!(
            query.statuses,
            vec![
                AlertStatus::Open,
                AlertStatus::Reviewed,
                AlertStatus::Reported
            ]
        );
        assert_eq!(query.bands, vec![AlertBand::High]);
        assert_eq!(query.typologies, vec!["funnel_account".to_string()]);
        assert_eq!(
            query.since,
            Some(rastro_text::days_from_civil(2024, 3, 1) * 86_400)
        );
        assert_eq!(
            query.until,
            Some(rastro_text::days_from_civil(2024, 3, 31) * 86_400 + 86_399)
        );
        assert!(query.own_only);
        assert_eq!((query.offset, query.limit), (50, PAGE));
        for bad in [
            ("status", "lost"),
            ("band", "huge"),
            ("from", "2024-13"),
            ("cursor", "x"),
        ] {
            assert!(alert_query(&pairs(&[bad]), PAGE).is_err(), "{bad:?}");
        }
        assert!(alert_query(&pairs(&[("from", "2025"), ("to", "2024")]), PAGE).is_err());
        assert_eq!(
            alert_query(&pairs(&[("limit", "99999")]), PAGE)
                .unwrap()
                .limit,
            MAX_LIMIT
        );
    }

    #[test]
    fn times_are_written_in_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_711_929_600 + 3_661), "2024-04-01T01:01:01Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
    }
}
