//! A view's numbers for a signed-in user: the dataset it counts (read on the blocking pool), and
//! its tables and headline figures through the server's cache.

use std::sync::Arc;
use std::time::Instant;

use rastro_app::figures::{Dataset, Headline};
use rastro_app::incidents::{IncidentDetail, IncidentPage};
use rastro_stats::{Dimension, Filter};

use crate::auth::User;
use crate::error::WebError;
use crate::results::Recent;
use crate::state::AppState;
use crate::tables::{compute, StatTable, TableKind};
use crate::views::View;

/// The dataset of the user's view, read on the blocking pool; `asked` names it in the audit.
pub async fn load(
    state: &AppState,
    user: &User,
    filter: &Filter,
    asked: &'static str,
) -> Result<(Arc<Dataset>, u64), WebError> {
    read(state, user, filter, asked, false).await
}

/// Like [`load`], for a view whose tables may break cases down by an HTCDS picklist (`by`,
/// `by2`): those values are read only when the view asks for one.
pub async fn load_view(
    state: &AppState,
    user: &User,
    view: &View,
    asked: &'static str,
) -> Result<(Arc<Dataset>, u64), WebError> {
    let picklists = ["by", "by2"].iter().any(|key| {
        view.param(key)
            .and_then(|text| Dimension::parse(text).ok())
            .is_some_and(|d| matches!(d, Dimension::Attribute(_)))
    });
    read(state, user, &view.filter, asked, picklists).await
}

async fn read(
    state: &AppState,
    user: &User,
    filter: &Filter,
    asked: &'static str,
    picklists: bool,
) -> Result<(Arc<Dataset>, u64), WebError> {
    let session = user.session.clone();
    let filter = filter.clone();
    let k = state.config().k.for_role(user.role());
    let data = state
        .blocking(move |shared| {
            Ok(rastro_app::figures::dataset(
                &session,
                &shared.counts,
                &filter,
                asked,
                picklists,
            )?)
        })
        .await?;
    Ok((Arc::new(data), k))
}

/// The overview's headline figures, from the cache when the same viewer asked at the same stamp.
pub async fn headline(
    state: &AppState,
    user: &User,
    data: &Arc<Dataset>,
    filter: &Filter,
    k: u64,
) -> Result<Arc<Headline>, WebError> {
    let today = rastro_app::figures::today();
    let key = format!(
        "{}|{}|{}|{k}|{today}|{:?}",
        user.session.organisation().id,
        user.role().as_str(),
        data.counted.stamp,
        filter.to_pairs()
    );
    let cacheable = !data.counted.stamp.is_empty();
    if cacheable {
        if let Some(found) = state.0.results.headlines.get(&key) {
            return Ok(found);
        }
    }
    let (session, data, filter) = (user.session.clone(), Arc::clone(data), filter.clone());
    state
        .blocking(move |shared| {
            let make = || rastro_app::figures::headline(&session, &data, &filter, k, today);
            if cacheable {
                Ok(shared.results.headlines.get_or_make(key, make)?)
            } else {
                Ok(Arc::new(make()?))
            }
        })
        .await
}

/// [`compute`], answered from the cache when the same viewer asked the same at the same stamp,
/// or at an earlier one that the records were only added to since, within the server's
/// `stats_lag` (see [`crate::results`]). Counting a million records takes a while, so it runs
/// on the blocking pool, never on the threads that answer requests already computed.
pub async fn compute_cached(
    state: &AppState,
    user: &User,
    kind: TableKind,
    view: &View,
    data: &Arc<Dataset>,
    k: u64,
) -> Result<Arc<StatTable>, WebError> {
    Ok(compute_counted(state, user, kind, view, data, k).await?.0)
}

/// [`compute_cached`], with how many records the table was counted from (fewer than `data`
/// holds when an earlier table answers).
pub async fn compute_counted(
    state: &AppState,
    user: &User,
    kind: TableKind,
    view: &View,
    data: &Arc<Dataset>,
    k: u64,
) -> Result<(Arc<StatTable>, usize), WebError> {
    let records = data.counted.len();
    let asked_at = Instant::now();
    let stamp = data
        .counted
        .visibility()
        .filter(|_| !data.counted.stamp.is_empty())
        .cloned();
    let view_key = stamp.as_ref().map(|_| {
        let mut settings: Vec<String> = view
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        settings.sort();
        format!(
            "{}|{}|{k}|{}|{:?}|{}",
            user.session.organisation().id,
            user.role().as_str(),
            kind.as_str(),
            view.filter.to_pairs(),
            settings.join("&")
        )
    });
    let key = view_key
        .as_ref()
        .map(|view_key| format!("{}|{view_key}", data.counted.stamp));
    if let Some(table) = key.as_ref().and_then(|key| state.0.results.tables.get(key)) {
        return Ok((table, records));
    }
    if let (Some(view_key), Some(stamp)) = (&view_key, &stamp) {
        let lag = state.config().stats_lag;
        if let Recent::Usable(table, counted) = state.0.results.recent(view_key, stamp, lag) {
            return Ok((table, counted));
        }
    }
    let (view, data) = (view.clone(), Arc::clone(data));
    let made = state
        .blocking(move |shared| match key {
            Some(key) => shared
                .results
                .tables
                .get_or_make(key, || compute(kind, &view, &data, k)),
            None => Ok(Arc::new(compute(kind, &view, &data, k)?)),
        })
        .await;
    if let (Some(view_key), Some(stamp)) = (view_key, stamp) {
        match &made {
            Ok(table) => {
                state
                    .0
                    .results
                    .keep_latest(view_key, stamp, asked_at, Arc::clone(table), records)
            }
            Err(_) => state.0.results.refresh_failed(&view_key),
        }
    }
    Ok((made?, records))
}

/// A page of the incidents a filter selects, for the incidents page and the API alike.
pub async fn incidents(
    state: &AppState,
    user: &User,
    filter: &Filter,
    asked: &'static str,
    offset: usize,
    limit: usize,
) -> Result<IncidentPage, WebError> {
    let (data, _) = load(state, user, filter, asked).await?;
    let (session, filter) = (user.session.clone(), filter.clone());
    state
        .blocking(move |shared| {
            Ok(rastro_app::incidents::list(
                &session,
                &shared.counts,
                &data,
                &filter,
                offset,
                limit,
            )?)
        })
        .await
}

/// One incident with its article and its event's other reports; not found (hidden or missing)
/// is `WebError::NotFound`.
pub async fn incident(
    state: &AppState,
    user: &User,
    id: String,
    asked: &'static str,
) -> Result<IncidentDetail, WebError> {
    let (data, _) = load(state, user, &Filter::default(), asked).await?;
    let session = user.session.clone();
    state
        .blocking(move |_| Ok(rastro_app::incidents::detail(&session, &data, &id)?))
        .await?
        .ok_or(WebError::NotFound)
}
