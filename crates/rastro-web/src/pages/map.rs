//! The map: countries shaded by a count (country of exploitation, citizenship of victims, or
//! incidents in the news), routes drawn over them, and a page per country. Counts are per
//! country only: no victim is ever placed on the map.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use rastro_charts::{FlowLine, Region, Style, Value};
use rastro_stats::{Dimension, Stage};

use super::panels::{self, csv_link};
use super::{error_page, render, view_of, view_page};
use crate::auth::{PageUser, User};
use crate::error::WebError;
use crate::figures::{compute_cached, load};
use crate::html::{esc, table};
use crate::i18n::{number, t};
use crate::state::AppState;
use crate::tables::{Layer, StatTable, TableKind};
use crate::views::{cell_td, chart_value, chips, country_name, panel, PanelMeta, View};

pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    view_page(
        &state,
        &user,
        &uri,
        &pairs,
        t(lang, "map.title"),
        "map",
        async |view| body(&state, &user, &view).await,
    )
    .await
}

async fn body(state: &AppState, user: &User, view: &View) -> Result<String, WebError> {
    let lang = user.lang;
    let (data, k) = load(state, user, &view.filter, "map").await?;
    let layer = Layer::of(view);
    let computed = compute_cached(state, user, TableKind::Choropleth, view, &data, k).await?;
    let StatTable::Counts(counts) = computed.as_ref() else {
        return Err(WebError::Internal("the map's table is not counts".into()));
    };
    let flows_view = View {
        filter: layer.filter(&view.filter)?,
        params: view.params.clone(),
    };
    let computed_flows =
        compute_cached(state, user, TableKind::Flows, &flows_view, &data, k).await?;
    let StatTable::Flows(flows) = computed_flows.as_ref() else {
        return Err(WebError::Internal("the map's routes are not flows".into()));
    };
    let shapes = rastro_geo::latin_america_shapes()
        .map_err(|e| WebError::Internal(format!("map shapes: {e}")))?;
    let values: HashMap<&str, &rastro_stats::Cell> = counts
        .rows
        .iter()
        .map(|r| (r.key.as_str(), &r.cell))
        .collect();
    let dim = layer.dimension();
    let regions: Vec<Region> = shapes
        .iter()
        .map(|shape| {
            let code = shape.code.as_str();
            Region {
                key: code.to_string(),
                name: country_name(lang, code),
                path: shape.path.clone(),
                value: values.get(code).map_or(Value::Missing, |c| chart_value(c)),
                href: view.drill("/map", dim, code),
            }
        })
        .collect();
    let centroid: HashMap<&str, (f64, f64)> = shapes
        .iter()
        .map(|s| (s.code.as_str(), s.centroid))
        .collect();
    let lines: Vec<FlowLine> = flows
        .links
        .iter()
        .filter_map(|link| {
            let from = flows.nodes.get(link.source)?;
            let to = flows.nodes.get(link.target)?;
            if from.country == to.country {
                return None;
            }
            Some(FlowLine {
                from: *centroid.get(from.country.as_str())?,
                to: *centroid.get(to.country.as_str())?,
                value: chart_value(&link.cell),
                label: format!(
                    "{} → {}",
                    country_name(lang, &from.country),
                    country_name(lang, &to.country)
                ),
            })
        })
        .collect();
    let view_box = rastro_geo::MapView::LATIN_AMERICA;
    let suppressed = format!("<{k}");
    let format = move |n: u64| number(lang, n);
    let layer_title = match layer {
        Layer::Exploitation => t(lang, "map.layer.exploitation"),
        Layer::Citizenship => t(lang, "map.layer.citizenship"),
        Layer::Incidents => t(lang, "map.layer.incidents"),
    };
    let style = Style {
        id_prefix: "map",
        title: layer_title,
        suppressed_label: &suppressed,
        format: &format,
        width: 800.0,
        height: 900.0,
    };
    let svg = rastro_charts::choropleth(
        &regions,
        &lines,
        (view_box.width, view_box.height),
        layer_title,
        &style,
    );
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "map.title")));
    out.push_str(&chips(lang, view, "/map"));
    out.push_str(&format!(
        "<form method=\"get\" action=\"/map\" class=\"inline\">{}<label>{}<select name=\"layer\" data-autosubmit>",
        hidden_filter(view),
        esc(t(lang, "map.layer"))
    ));
    for l in [Layer::Exploitation, Layer::Citizenship, Layer::Incidents] {
        let label = match l {
            Layer::Exploitation => t(lang, "map.layer.exploitation"),
            Layer::Citizenship => t(lang, "map.layer.citizenship"),
            Layer::Incidents => t(lang, "map.layer.incidents"),
        };
        let selected = if l == layer { " selected" } else { "" };
        out.push_str(&format!(
            "<option value=\"{}\"{selected}>{}</option>",
            l.as_str(),
            esc(label)
        ));
    }
    out.push_str(&format!(
        "</select></label><noscript><button>OK</button></noscript></form><p class=\"meta\">{} {}</p>",
        esc(t(lang, "map.flows")),
        esc(t(lang, "map.no_points"))
    ));
    let rows: Vec<Vec<String>> = counts
        .rows
        .iter()
        .map(|row| {
            let name = esc(&country_name(lang, &row.key));
            let name = if row.key.len() == 2 {
                format!("<a href=\"/country/{}\">{name}</a>", esc(&row.key))
            } else {
                name
            };
            vec![name, cell_td(lang, &row.cell, k)]
        })
        .collect();
    let headers = [
        t(lang, "dim.country").to_string(),
        t(lang, "count").to_string(),
    ];
    let table = table("map-table", &headers, &rows);
    let csv = csv_link("choropleth", &view.filter, &[("layer", layer.as_str())]);
    let meta = PanelMeta {
        source: if layer == Layer::Incidents {
            "news"
        } else {
            "both"
        },
        records: data.counted.len(),
        k,
        csv: Some(csv),
    };
    out.push_str(&panel(lang, "map-panel", layer_title, &svg, &table, &meta));
    Ok(out)
}

/// The view's filter as hidden fields, so a settings form keeps it (but for the keys the form
/// asks for itself).
pub fn hidden_filter(view: &View) -> String {
    hidden_filter_except(view, &[])
}

pub fn hidden_filter_except(view: &View, asked: &[&str]) -> String {
    view.filter
        .to_pairs()
        .iter()
        .filter(|(k, _)| !asked.contains(&k.as_str()))
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                esc(k),
                esc(v)
            )
        })
        .collect()
}

/// A country's page: its figures as a country of origin, transit, destination or exploitation.
pub async fn country(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Path(code): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    let code = code.to_ascii_uppercase();
    if rastro_geo::countries().by_alpha2(&code).is_none() {
        return error_page(lang, &WebError::NotFound);
    }
    let view = match view_of(lang, &pairs) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let filter = match view.filter.with("country", &code) {
        Ok(f) => f,
        Err(e) => return error_page(lang, &e.into()),
    };
    let view = View {
        filter,
        params: view.params,
    };
    let name = country_name(lang, &code);
    let path = format!("/country/{code}");
    let built: Result<String, WebError> = async {
        let (data, k) = load(&state, &user, &view.filter, "country").await?;
        let mut out = format!("<h1>{}: {}</h1>", esc(t(lang, "country.title")), esc(&name));
        out.push_str(&chips(lang, &view, &path));
        out.push_str("<div class=\"panels\">");
        let records = data.counted.len();
        for (id, dim) in [
            ("by-form", Dimension::Form),
            ("by-citizenship", Dimension::Citizenship),
            ("by-origin", Dimension::Country(Stage::Origin)),
        ] {
            let mut v = view.clone();
            v.params.insert("by".into(), dim.as_str().into());
            if let StatTable::Counts(c) =
                compute_cached(&state, &user, TableKind::Counts, &v, &data, k)
                    .await?
                    .as_ref()
            {
                let title = crate::views::dim_label(lang, dim);
                let (chart, table) = panels::counts(lang, &view, &path, id, title, c, dim);
                let meta = PanelMeta {
                    source: "both",
                    records,
                    k,
                    csv: Some(csv_link("counts", &view.filter, &[("by", dim.as_str())])),
                };
                out.push_str(&panel(lang, id, title, &chart, &table, &meta));
            }
        }
        out.push_str("</div>");
        Ok(out)
    }
    .await;
    match built {
        Ok(body) => render(&state, &user, &uri, &name, "map", &body),
        Err(e) => error_page(lang, &e),
    }
}
