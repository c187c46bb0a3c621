//! The overview: headline figures and the panels that give the regional picture at a glance.

use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;
use rastro_stats::{Cell, Dimension, Stage};

use super::panels::{self, csv_link};
use super::view_page;
use crate::auth::{PageUser, User};
use crate::error::WebError;
use crate::figures::{compute_cached, load};
use crate::html::esc;
use crate::i18n::t;
use crate::state::AppState;
use crate::tables::{StatTable, TableKind};
use crate::views::{cell_text, chips, panel, PanelMeta, View};

/// Months the overview's trend shows when the view names no period.
const TREND_MONTHS: i64 = 36;

/// The first of the `months` months up to this one, as `YYYY-MM`.
fn recent_start(months: i64) -> String {
    recent_start_from(rastro_app::figures::today(), months)
}

fn recent_start_from(today: i64, months: i64) -> String {
    let (year, month, _) = rastro_text::civil_from_days(today);
    let index = i64::from(year) * 12 + i64::from(month) - 1 - (months - 1);
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

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
        t(lang, "overview.title"),
        "overview",
        async |view| body(&state, &user, &view).await,
    )
    .await
}

async fn body(state: &AppState, user: &User, view: &View) -> Result<String, WebError> {
    let lang = user.lang;
    let (data, k) = load(state, user, &view.filter, "overview").await?;
    let headline = crate::figures::headline(state, user, &data, &view.filter, k).await?;
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "overview.title")));
    out.push_str(&chips(lang, view, "/"));
    out.push_str("<div class=\"figures\" id=\"figures\">");
    let mut figure = |key: &'static str, cell: Option<&Cell>| {
        if let Some(cell) = cell {
            out.push_str(&format!(
                "<div class=\"figure\" data-figure=\"{key}\"><div class=\"n\">{}</div><div class=\"l\">{}</div></div>",
                esc(&cell_text(lang, cell, k)),
                esc(t(lang, key))
            ));
        }
    };
    figure("overview.cases", Some(&headline.cases));
    figure("overview.persons", headline.persons.as_ref());
    figure("overview.incidents30", Some(&headline.incidents_30));
    figure("overview.events30", Some(&headline.events_30));
    figure("overview.incidents365", Some(&headline.incidents_365));
    figure("overview.events365", Some(&headline.events_365));
    out.push_str("</div><div class=\"panels\">");
    let records = data.counted.len();
    let meta = |csv: String| PanelMeta {
        source: "both",
        records,
        k,
        csv: Some(csv),
    };
    let mut forms_view = view.clone();
    forms_view.params.insert("by".into(), "form".into());
    if let StatTable::Counts(c) =
        compute_cached(state, user, TableKind::Counts, &forms_view, &data, k)
            .await?
            .as_ref()
    {
        let title = t(lang, "overview.by_form");
        let (chart, table) = panels::counts(lang, view, "/", "by-form", title, c, Dimension::Form);
        let csv = csv_link("counts", &view.filter, &[("by", "form")]);
        out.push_str(&panel(lang, "by-form", title, &chart, &table, &meta(csv)));
    }
    let mut trend_view = view.clone();
    trend_view.params.remove("by");
    // The overview's trend is the recent past; the trends page shows every month.
    if view.filter.from().is_none() && view.filter.to().is_none() {
        trend_view.filter = view.filter.with("from", &recent_start(TREND_MONTHS))?;
    }
    if let StatTable::Series(s) =
        compute_cached(state, user, TableKind::Timeseries, &trend_view, &data, k)
            .await?
            .as_ref()
    {
        let title = t(lang, "overview.trend");
        let (chart, table) = panels::series(lang, view, "/", "trend", title, s, None);
        let csv = csv_link("timeseries", &trend_view.filter, &[]);
        out.push_str(&panel(lang, "trend", title, &chart, &table, &meta(csv)));
    }
    let dim = Dimension::Country(Stage::Exploitation);
    let mut country_view = view.clone();
    country_view.params.insert("by".into(), dim.as_str().into());
    if let StatTable::Counts(c) =
        compute_cached(state, user, TableKind::Counts, &country_view, &data, k)
            .await?
            .as_ref()
    {
        let title = t(lang, "overview.by_country");
        let (chart, table) = panels::counts(lang, view, "/", "by-country", title, c, dim);
        let csv = csv_link("counts", &view.filter, &[("by", dim.as_str())]);
        out.push_str(&panel(
            lang,
            "by-country",
            title,
            &chart,
            &table,
            &meta(csv),
        ));
    }
    out.push_str("</div>");
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_recent_past_starts_whole_months_back() {
        let day = rastro_text::days_from_civil(2026, 12, 5);
        assert_eq!(super::recent_start_from(day, 36), "2024-01");
        assert_eq!(super::recent_start_from(day, 1), "2026-12");
        let january = rastro_text::days_from_civil(2025, 1, 31);
        assert_eq!(super::recent_start_from(january, 2), "2024-12");
    }
}
