//! The statistics tables a view can ask for, computed one way for the page that draws them, the
//! CSV that downloads them and the API that returns them, so that all three give the same
//! numbers.

use rastro_app::figures::Dataset;
use rastro_stats::{
    Counts, Crosstab, Dimension, Engine, Filter, Flows, Measure, Stage, TimeSeries,
};
use serde::Serialize;

use crate::error::WebError;
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
    let records = &*data.counted;
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
