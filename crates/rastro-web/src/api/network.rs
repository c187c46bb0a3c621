//! The network under `/api/v1/network`: find a node, its ego network placed for drawing,
//! connecting paths, brokers, communities and exports, each from the caller's own network (what
//! its organisation and role may see). A node the caller's network does not have — never
//! existed or not visible — is the same 404.
//!
//! The query grammar (`node`, `hops`, `cap`, `kind`, `from`, `to`) is read here for the page too,
//! so a page and the API given the same URL show the same network.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Json, Response};
use rastro_app::network::{
    span_days, ExportFormat, Network, NodeBrief, NodeKind, Query as NetQuery, Span, MAX_CAP,
    MAX_HOPS, MAX_PATHS,
};
use serde_json::{json, Value};

use crate::auth::{ApiUser, User};
use crate::error::{ApiResult, WebError};
use crate::state::{AppState, Shared};

/// Search results and brokers listed at most.
const MAX_LIST: usize = 100;

/// The first value of a query key, trimmed; an empty one counts as absent.
pub fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, v)| k == key && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

fn whole(
    pairs: &[(String, String)],
    key: &str,
    default: usize,
    max: usize,
) -> Result<usize, WebError> {
    match param(pairs, key) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(WebError::BadRequest(format!(
                "{key}={v:?}: give a whole number from 0 to {max}"
            ))),
        },
    }
}

/// A day of the time window: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, its first or last day.
fn day(pairs: &[(String, String)], key: &str, last: bool) -> Result<Option<i64>, WebError> {
    let Some(text) = param(pairs, key) else {
        return Ok(None);
    };
    let date = rastro_text::PartialDate::parse(text, 1000..=9999)
        .map_err(|e| WebError::BadRequest(format!("{key}={text:?}: {e}")))?;
    Ok(Some(if last {
        date.last_day()
    } else {
        date.first_day()
    }))
}

/// What to show around a node, from the URL: `hops` (0–4, default 2), `cap` (1–2000, default
/// 200), `kind` (repeated or comma-separated node kinds; none: all) and, when `window` is true,
/// `from` and `to` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
pub fn query_of(pairs: &[(String, String)], window: bool) -> Result<NetQuery, WebError> {
    let hops = whole(pairs, "hops", 2, MAX_HOPS as usize)? as u32;
    let cap = whole(pairs, "cap", 200, MAX_CAP)?;
    if cap == 0 {
        return Err(WebError::BadRequest("cap=0: show at least one node".into()));
    }
    let mut kinds = Vec::new();
    for (_, value) in pairs.iter().filter(|(k, _)| k == "kind") {
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let kind = NodeKind::parse(name).ok_or_else(|| {
                let known: Vec<&str> = NodeKind::ALL.iter().map(|k| k.name()).collect();
                WebError::BadRequest(format!("kind={name:?}: use one of {}", known.join(", ")))
            })?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
    }
    let (from, to) = if window {
        (day(pairs, "from", false)?, day(pairs, "to", true)?)
    } else {
        (None, None)
    };
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err(WebError::BadRequest("from is after to".into()));
        }
    }
    Ok(NetQuery {
        hops,
        cap,
        kinds,
        from,
        to,
    })
}

/// The node a request is about, from `key`.
pub fn node_param(pairs: &[(String, String)], key: &str) -> Result<String, WebError> {
    param(pairs, key).map(str::to_string).ok_or_else(|| {
        WebError::BadRequest(format!(
            "{key} is required: a node's key, as find or ego answer it"
        ))
    })
}

/// Runs `work` on the caller's network on the blocking pool (building the network first if
/// what the caller may see changed).
pub async fn with_network<T, F>(
    state: &AppState,
    user: &User,
    asked: &'static str,
    work: F,
) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce(&Network, &Shared) -> Result<T, WebError> + Send + 'static,
{
    let session = user.session.clone();
    state
        .blocking(move |shared| {
            let network: Arc<Network> = shared.network.network(&session, asked)?;
            work(&network, shared)
        })
        .await
}

fn brief(node: &NodeBrief) -> Value {
    json!({ "key": node.key, "kind": node.kind.name(), "label": node.label })
}

fn span_json(value: &mut Value, span: Option<Span>) {
    if let Some(span) = span {
        let (start, end) = span_days(span);
        value["start"] = json!(start);
        value["end"] = json!(end);
    }
}

/// Rounded for JSON: positions and strengths need no more.
fn round(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

pub async fn find(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let q = param(&pairs, "q").map(str::to_string).ok_or_else(|| {
        WebError::BadRequest("q is required: words of a label, or a number".into())
    })?;
    if rastro_text::fold_key(&q)
        .chars()
        .filter(|c| *c != ' ')
        .count()
        < 2
    {
        return Err(WebError::BadRequest("q needs at least two letters or digits".into()).into());
    }
    let limit = whole(&pairs, "limit", 20, MAX_LIST)?;
    let found = with_network(&state, &user, "network.find", move |network, _| {
        Ok(network.find(&q, limit))
    })
    .await?;
    let nodes: Vec<Value> = found
        .iter()
        .map(|f| {
            let mut node = brief(&f.node);
            node["degree"] = json!(f.degree);
            node
        })
        .collect();
    Ok(Json(json!({ "nodes": nodes })))
}

pub async fn ego(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let node = node_param(&pairs, "node")?;
    let query = query_of(&pairs, true)?;
    let view = with_network(&state, &user, "network.ego", move |network, _| {
        network.ego(&node, &query)?.ok_or(WebError::NotFound)
    })
    .await?;
    let nodes: Vec<Value> = view
        .nodes
        .iter()
        .map(|n| {
            let mut out = brief(&n.node);
            out["hops"] = json!(n.hops);
            out["weight"] = json!(round(f64::from(n.weight), 4));
            out["x"] = json!(round(f64::from(n.x), 4));
            out["y"] = json!(round(f64::from(n.y), 4));
            out["degree"] = json!(n.degree);
            out["strength"] = json!(round(f64::from(n.strength), 4));
            out["holders"] = json!(n.holders);
            out["community"] = json!(n.community);
            span_json(&mut out, n.time);
            out
        })
        .collect();
    let edges: Vec<Value> = view
        .edges
        .iter()
        .filter_map(|e| {
            let mut out = json!({
                "from": view.nodes.get(e.from)?.node.key,
                "to": view.nodes.get(e.to)?.node.key,
                "kind": e.kind.name(),
                "strength": round(f64::from(e.strength), 4),
                "asserted_by": e.source,
            });
            if let Some(role) = &e.role {
                out["role"] = json!(role);
            }
            span_json(&mut out, e.time);
            Some(out)
        })
        .collect();
    Ok(Json(json!({
        "centre": view.nodes.get(view.centre).map(|n| n.node.key.clone()),
        "truncated": view.truncated,
        "nodes": nodes,
        "edges": edges,
    })))
}

pub async fn paths(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let from = node_param(&pairs, "from")?;
    let to = node_param(&pairs, "to")?;
    let k = whole(&pairs, "k", 3, MAX_PATHS)?.max(1);
    // `from` and `to` name the ends here, so paths take no time window.
    let query = query_of(&pairs, false)?;
    let found = with_network(&state, &user, "network.paths", move |network, _| {
        network
            .paths(&from, &to, k, &query)?
            .ok_or(WebError::NotFound)
    })
    .await?;
    let paths: Vec<Value> = found
        .paths
        .iter()
        .map(|p| {
            json!({
                "hops": p.edges.len(),
                "cost": round(p.cost, 4),
                "strength": round(p.strength, 6),
                "nodes": p.nodes.iter().map(brief).collect::<Vec<_>>(),
                "edges": p.edges.iter().map(|(kind, s)| json!({"kind": kind.name(), "strength": round(f64::from(*s), 4)})).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({ "complete": found.complete, "paths": paths })))
}

pub async fn brokers(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let node = node_param(&pairs, "node")?;
    let query = query_of(&pairs, true)?;
    let top = whole(&pairs, "top", 10, MAX_LIST)?;
    let brokers = with_network(&state, &user, "network.brokers", move |network, _| {
        network
            .brokers(&node, &query, top)?
            .ok_or(WebError::NotFound)
    })
    .await?;
    let brokers: Vec<Value> = brokers
        .iter()
        .map(|b| {
            let mut out = brief(&b.node);
            out["betweenness"] = json!(round(b.betweenness, 3));
            out["degree"] = json!(b.neighbours);
            out["strength"] = json!(round(f64::from(b.strength), 4));
            out
        })
        .collect();
    Ok(Json(json!({ "brokers": brokers })))
}

pub async fn communities(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let node = node_param(&pairs, "node")?;
    let query = query_of(&pairs, true)?;
    let view = with_network(&state, &user, "network.communities", move |network, _| {
        network
            .communities(&node, &query)?
            .ok_or(WebError::NotFound)
    })
    .await?;
    let communities: Vec<Value> = view
        .communities
        .iter()
        .map(|members| {
            json!({
                "size": members.len(),
                "nodes": members.iter().filter_map(|&i| view.nodes.get(i)).map(brief).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({
        "count": communities.len(),
        "modularity": round(view.modularity, 4),
        "communities": communities,
    })))
}

/// The ego network as a download: FollowTheMoney JSON lines (`format=ftm`, the default) or
/// GraphML with the drawing's positions.
pub async fn export(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let node = node_param(&pairs, "node")?;
    let query = query_of(&pairs, true)?;
    let format = match param(&pairs, "format") {
        None => ExportFormat::Ftm,
        Some(text) => ExportFormat::parse(text)
            .ok_or_else(|| WebError::BadRequest(format!("format={text:?}: use ftm or graphml")))?,
    };
    let bytes = with_network(&state, &user, "network.export", move |network, _| {
        let mut out = Vec::new();
        network
            .export(&node, &query, format, &mut out)?
            .ok_or(WebError::NotFound)?;
        Ok(out)
    })
    .await?;
    let (content_type, file) = match format {
        ExportFormat::Ftm => (
            "application/x-ndjson; charset=utf-8",
            "rastro-network.ftm.jsonl",
        ),
        ExportFormat::GraphMl => (
            "application/graphml+xml; charset=utf-8",
            "rastro-network.graphml",
        ),
    };
    Ok((
        [
            (CONTENT_TYPE, content_type.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
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
    fn a_query_is_read_from_the_url_and_bad_values_are_named() {
        let query = query_of(
            &pairs(&[
                ("hops", "3"),
                ("kind", "person,phone"),
                ("kind", "e-mail"),
                ("from", "2024"),
                ("to", "2024-02"),
            ]),
            true,
        )
        .unwrap();
        assert_eq!(query.hops, 3);
        assert_eq!(query.cap, 200);
        assert_eq!(
            query.kinds,
            [NodeKind::Person, NodeKind::Phone, NodeKind::Email]
        );
        assert_eq!(query.from, Some(rastro_text::days_from_civil(2024, 1, 1)));
        assert_eq!(query.to, Some(rastro_text::days_from_civil(2024, 2, 29)));
        for (key, value) in [
            ("hops", "9"),
            ("cap", "0"),
            ("cap", "many"),
            ("kind", "planet"),
            ("from", "2024-13"),
        ] {
            let error = query_of(&pairs(&[(key, value)]), true).unwrap_err();
            assert!(
                matches!(&error, WebError::BadRequest(m) if m.contains(key)),
                "{key}: {error}"
            );
        }
        assert!(query_of(&pairs(&[("from", "2025"), ("to", "2024")]), true).is_err());
        // Paths name their ends with from and to: not read as dates there.
        assert!(query_of(&pairs(&[("from", "case:X")]), false).is_ok());
        assert_eq!(query_of(&pairs(&[("hops", " ")]), true).unwrap().hops, 2);
    }
}
