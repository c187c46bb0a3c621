//! Trends: monthly series, by form, country, source or any dimension, each month beside the same
//! month a year earlier.

use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;
use rastro_stats::{Dimension, Stage};

use super::map::hidden_filter_except;
use super::panels::{self, csv_link};
use super::view_page;
use crate::auth::PageUser;
use crate::error::WebError;
use crate::figures::{compute_cached, load_view};
use crate::html::esc;
use crate::i18n::t;
use crate::state::AppState;
use crate::tables::{StatTable, TableKind};
use crate::views::{chips, dim_label, panel, PanelMeta};

/// The breakdowns offered for series.
const SERIES_BY: [Option<Dimension>; 6] = [
    None,
    Some(Dimension::Form),
    Some(Dimension::Country(Stage::Exploitation)),
    Some(Dimension::Source),
    Some(Dimension::Sex),
    Some(Dimension::AgeBand),
];

pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    view_page(&state, &user, &uri, &pairs, t(lang, "trends.title"), "trends", async |view| {
        let by = match view.param("by") {
            Some(text) if !text.is_empty() => Some(Dimension::parse(text)?),
            _ => None,
        };
        let (data, k) = load_view(&state, &user, &view, "trends").await?;
        let computed = compute_cached(&state, &user, TableKind::Timeseries, &view, &data, k).await?;
    let StatTable::Series(series) = computed.as_ref() else {
            return Err(WebError::Internal("trends are not a series".into()));
        };
        let title = t(lang, "trends.title");
        let mut out = format!("<h1>{}</h1>", esc(title));
        out.push_str(&chips(lang, &view, "/trends"));
        out.push_str(&format!(
            "<form method=\"get\" action=\"/trends\" class=\"inline\">{}<label>{}<select name=\"by\" data-autosubmit>",
            hidden_filter_except(&view, &["from", "to"]),
            esc(t(lang, "trends.by"))
        ));
        for option in SERIES_BY {
            let (value, label) = match option {
                Some(d) => (d.as_str(), dim_label(lang, d)),
                None => ("", t(lang, "total")),
            };
            let selected = if option == by { " selected" } else { "" };
            out.push_str(&format!("<option value=\"{value}\"{selected}>{}</option>", esc(label)));
        }
        out.push_str("</select></label>");
        for (key, value) in [("from", view.filter.from()), ("to", view.filter.to())] {
            out.push_str(&format!(
                "<label>{}<input type=\"month\" name=\"{key}\" value=\"{}\"></label>",
                esc(t(lang, if key == "from" { "dim.from" } else { "dim.to" })),
                value.map(|m| m.to_string()).unwrap_or_default()
            ));
        }
        out.push_str(&format!("<button>{}</button></form>", esc(t(lang, "cases.show"))));
        let (chart, table) = panels::series(lang, &view, "/trends", "series", title, series, by);
        let by_text = by.map_or("", |d| d.as_str());
        let meta = PanelMeta {
            source: "both",
            records: data.counted.len(),
            k,
            csv: Some(csv_link("timeseries", &view.filter, &[("by", by_text)])),
        };
        out.push_str(&panel(lang, "trends-panel", title, &chart, &table, &meta));
        Ok(out)
    })
    .await
}
