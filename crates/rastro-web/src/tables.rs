//! The statistics tables a view can ask for, computed one way for the page that draws them, the
//! CSV that downloads them and the API that returns them, so that all three give the same
//! numbers.

use std::sync::Arc;

use rastro_app::figures::{Dataset, Headline};
use rastro_stats::{
    Counts, Crosstab, Dimension, Engine, Filter, Flows, Measure, Stage, TimeSeries,
};
use serde::Serialize;

use crate::auth::User;
use crate::error::WebError;
use crate::state::AppState;
use crate::views::View;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Counts,
    Crosstab,
    Timeseries,
    Flows,
    /// Counts by country for the map: `layer` = exploitation | citizenship | incidents.
    Choropleth,
}

impl TableKind {
    pub fn parse(name: &str) -> Option<TableKind> {
        Some(match name.trim_end_matches(".csv") {
            "counts" => TableKind::Counts,
            "crosstab" => TableKind::Crosstab,
            "timeseries" => TableKind::Timeseries,
            "flows" => TableKind::Flows,
            "choropleth" => TableKind::Choropleth,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Counts => "counts",
            TableKind::Crosstab => "crosstab",
            TableKind::Timeseries => "timeseries",
            TableKind::Flows => "flows",
            TableKind::Choropleth => "choropleth",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum StatTable {
    Counts(Counts),
    Crosstab(Crosstab),
    Series(TimeSeries),
    Flows(Flows),
}

impl StatTable {
    pub fn csv(&self) -> Result<Vec<u8>, WebError> {
        let mut out = Vec::new();
        let written = match self {
            StatTable::Counts(c) => rastro_stats::csv_out::write_counts(&mut out, c),
            StatTable::Crosstab(c) => rastro_stats::csv_out::write_crosstab(&mut out, c),
            StatTable::Series(s) => rastro_stats::csv_out::write_timeseries(&mut out, s),
            StatTable::Flows(f) => rastro_stats::csv_out::write_flows(&mut out, f),
        };
        written.map_err(|e| WebError::Internal(format!("writing CSV: {e}")))?;
        Ok(out)
    }
}

/// The map's layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Exploitation,
    Citizenship,
    Incidents,
}

impl Layer {
    pub fn of(view: &View) -> Layer {
        match view.param("layer") {
            Some("citizenship") => Layer::Citizenship,
            Some("incidents") => Layer::Incidents,
            _ => Layer::Exploitation,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Exploitation => "exploitation",
            Layer::Citizenship => "citizenship",
            Layer::Incidents => "incidents",
        }
    }

    pub fn dimension(self) -> Dimension {
        match self {
            Layer::Citizenship => Dimension::Citizenship,
            Layer::Exploitation | Layer::Incidents => Dimension::Country(Stage::Exploitation),
        }
    }

    /// The layer's filter: incidents are the news alone.
    pub fn filter(self, filter: &Filter) -> Result<Filter, WebError> {
        Ok(match self {
            Layer::Incidents => filter.with("source", "news")?,
            Layer::Exploitation | Layer::Citizenship => filter.clone(),
        })
    }
}

pub fn dimension(view: &View, key: &str, default: Dimension) -> Result<Dimension, WebError> {
    match view.param(key) {
        Some(text) if !text.is_empty() => Ok(Dimension::parse(text)?),
        _ => Ok(default),
    }
}

pub fn measure(view: &View) -> Result<Measure, WebError> {
    match view.param("measure") {
        Some(text) if !text.is_empty() => Ok(Measure::parse(text)?),
        _ => Ok(Measure::Records),
    }
}

/// The table of `kind` for the view.
pub fn compute(
    kind: TableKind,
    view: &View,
    data: &Dataset,
    k: u64,
) -> Result<StatTable, WebError> {
    let engine = Engine::new(k);
    let records = &data.counted.records;
    let hits = data.hits();
    let measure = measure(view)?;
    Ok(match kind {
        TableKind::Counts => {
            let by = dimension(view, "by", Dimension::Form)?;
            StatTable::Counts(engine.counts(records, &view.filter, hits, by, measure))
        }
        TableKind::Crosstab => {
            let rows = dimension(view, "by", Dimension::Form)?;
            let columns = dimension(view, "by2", Dimension::Sex)?;
            StatTable::Crosstab(engine.crosstab(
                records,
                &view.filter,
                hits,
                rows,
                columns,
                measure,
            ))
        }
        TableKind::Timeseries => {
            let by = match view.param("by") {
                Some(text) if !text.is_empty() => Some(Dimension::parse(text)?),
                _ => None,
            };
            StatTable::Series(engine.timeseries(records, &view.filter, hits, by, measure))
        }
        TableKind::Flows => StatTable::Flows(engine.flows(records, &view.filter, hits, measure)),
        TableKind::Choropleth => {
            let layer = Layer::of(view);
            let filter = layer.filter(&view.filter)?;
            StatTable::Counts(engine.counts(records, &filter, hits, layer.dimension(), measure))
        }
    })
}

/// The dataset of the user's view, read on the blocking pool; `asked` names it in the audit.
pub async fn load(
    state: &AppState,
    user: &User,
    filter: &Filter,
    asked: &'static str,
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
            )?)
        })
        .await?;
    Ok((Arc::new(data), k))
}

/// Tables already computed, by viewer, visibility stamp and request: a dashboard asks for the
/// same views again and again, and while nothing the viewer may count has changed the answer is
/// the same. Bounded; the oldest entry leaves first.
#[derive(Default)]
pub struct ResultCache {
    entries: std::sync::Mutex<Entries>,
    headlines: std::sync::Mutex<std::collections::HashMap<String, Arc<Headline>>>,
}

/// The tables by key, and the keys oldest first.
type Entries = (
    std::collections::HashMap<String, Arc<StatTable>>,
    std::collections::VecDeque<String>,
);

/// Tables kept at most.
const CACHED_TABLES: usize = 2_048;

impl ResultCache {
    fn get(&self, key: &str) -> Option<Arc<StatTable>> {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.0.get(key).cloned()
    }

    fn put(&self, key: String, table: Arc<StatTable>) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.0.insert(key.clone(), table).is_none() {
            entries.1.push_back(key);
        }
        while entries.1.len() > CACHED_TABLES {
            if let Some(old) = entries.1.pop_front() {
                entries.0.remove(&old);
            }
        }
    }
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
    let lock = || {
        state
            .0
            .results
            .headlines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let cacheable = !data.counted.stamp.is_empty();
    if cacheable {
        if let Some(found) = lock().get(&key) {
            return Ok(Arc::clone(found));
        }
    }
    let (session, data, filter) = (user.session.clone(), Arc::clone(data), filter.clone());
    let computed = Arc::new(
        state
            .blocking(move |_| {
                Ok(rastro_app::figures::headline(
                    &session, &data, &filter, k, today,
                )?)
            })
            .await?,
    );
    if cacheable {
        let mut headlines = lock();
        if headlines.len() >= CACHED_TABLES {
            headlines.clear();
        }
        headlines.insert(key, Arc::clone(&computed));
    }
    Ok(computed)
}

/// [`compute`], answered from the cache when the same viewer asked the same at the same stamp.
pub fn compute_cached(
    state: &AppState,
    user: &User,
    kind: TableKind,
    view: &View,
    data: &Dataset,
    k: u64,
) -> Result<Arc<StatTable>, WebError> {
    if data.counted.stamp.is_empty() {
        return Ok(Arc::new(compute(kind, view, data, k)?));
    }
    let mut settings: Vec<String> = view
        .params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    settings.sort();
    let key = format!(
        "{}|{}|{}|{k}|{}|{:?}|{}",
        user.session.organisation().id,
        user.role().as_str(),
        data.counted.stamp,
        kind.as_str(),
        view.filter.to_pairs(),
        settings.join("&")
    );
    if let Some(table) = state.0.results.get(&key) {
        return Ok(table);
    }
    let table = Arc::new(compute(kind, view, data, k)?);
    state.0.results.put(key, Arc::clone(&table));
    Ok(table)
}
