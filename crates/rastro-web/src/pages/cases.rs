//! Cases: a table by any HTCDS dimension, or any two crossed, each with its CSV.

use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;
use rastro_stats::Dimension;

use super::map::hidden_filter;
use super::panels::{self, csv_link};
use super::view_page;
use crate::auth::PageUser;
use crate::figures::{compute_cached, load_view};
use crate::html::esc;
use crate::i18n::t;
use crate::state::AppState;
use crate::tables::{dimension, StatTable, TableKind};
use crate::views::{chips, dim_label, panel, PanelMeta, View};

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
        t(lang, "cases.title"),
        "cases",
        async |view: View| {
            // Case records only, unless the view asks for a source itself.
            let view = if view.filter.to_pairs().iter().any(|(k, _)| k == "source") {
                view
            } else {
                View {
                    filter: view.filter.with("source", "case")?,
                    params: view.params,
                }
            };
            let rows = dimension(&view, "by", Dimension::Form)?;
            let columns = match view.param("by2") {
                Some(text) if !text.is_empty() => Some(Dimension::parse(text)?),
                _ => None,
            };
            let (data, k) = load_view(&state, &user, &view, "cases").await?;
            let title = t(lang, "cases.title");
            let mut out = format!("<h1>{}</h1>", esc(title));
            out.push_str(&chips(lang, &view, "/cases"));
            out.push_str(&format!(
                "<form method=\"get\" action=\"/cases\" class=\"inline\" id=\"dims\">{}",
                hidden_filter(&view)
            ));
            for (name, label, chosen, optional) in [
                ("by", t(lang, "cases.rows"), Some(rows), false),
                ("by2", t(lang, "cases.columns"), columns, true),
            ] {
                out.push_str(&format!("<label>{}<select name=\"{name}\">", esc(label)));
                if optional {
                    out.push_str(&format!(
                        "<option value=\"\">{}</option>",
                        esc(t(lang, "cases.none"))
                    ));
                }
                for d in Dimension::ALL {
                    let selected = if Some(d) == chosen { " selected" } else { "" };
                    out.push_str(&format!(
                        "<option value=\"{}\"{selected}>{}</option>",
                        d.as_str(),
                        esc(dim_label(lang, d))
                    ));
                }
                out.push_str("</select></label>");
            }
            out.push_str(&format!(
                "<button>{}</button></form>",
                esc(t(lang, "cases.show"))
            ));
            let records = data.counted.len();
            match columns {
                None => {
                    if let StatTable::Counts(c) =
                        compute_cached(&state, &user, TableKind::Counts, &view, &data, k)
                            .await?
                            .as_ref()
                    {
                        let label = dim_label(lang, rows);
                        let (chart, table) =
                            panels::counts(lang, &view, "/cases", "cases", label, c, rows);
                        let meta = PanelMeta {
                            source: "case",
                            records,
                            k,
                            csv: Some(csv_link("counts", &view.filter, &[("by", rows.as_str())])),
                        };
                        out.push_str(&panel(lang, "cases-panel", label, &chart, &table, &meta));
                    }
                }
                Some(cols) => {
                    if let StatTable::Crosstab(ct) =
                        compute_cached(&state, &user, TableKind::Crosstab, &view, &data, k)
                            .await?
                            .as_ref()
                    {
                        let label =
                            format!("{} × {}", dim_label(lang, rows), dim_label(lang, cols));
                        let table = panels::crosstab(
                            lang,
                            &view,
                            "/cases",
                            "crosstab-table",
                            ct,
                            rows,
                            cols,
                        );
                        let meta = PanelMeta {
                            source: "case",
                            records,
                            k,
                            csv: Some(csv_link(
                                "crosstab",
                                &view.filter,
                                &[("by", rows.as_str()), ("by2", cols.as_str())],
                            )),
                        };
                        // A two-way table is its own chart: the table is shown open.
                        out.push_str(
                            &panel(lang, "cases-panel", &label, &table, "", &meta).replace(
                                "<details class=\"table-view\"><summary>",
                                "<details class=\"table-view\" hidden><summary>",
                            ),
                        );
                    }
                }
            }
            Ok(out)
        },
    )
    .await
}
