//! Routes: origin → transit → destination as a Sankey diagram.

use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;

use super::panels::{self, csv_link};
use super::view_page;
use crate::auth::PageUser;
use crate::error::WebError;
use crate::figures::{compute_cached, load};
use crate::html::esc;
use crate::i18n::t;
use crate::state::AppState;
use crate::tables::{StatTable, TableKind};
use crate::views::{chips, panel, PanelMeta};

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
        t(lang, "routes.title"),
        "routes",
        async |view| {
            let (data, k) = load(&state, &user, &view.filter, "routes").await?;
            let computed = compute_cached(&state, &user, TableKind::Flows, &view, &data, k).await?;
            let StatTable::Flows(flows) = computed.as_ref() else {
                return Err(WebError::Internal("routes are not flows".into()));
            };
            let title = t(lang, "routes.title");
            let mut out = format!("<h1>{}</h1>", esc(title));
            out.push_str(&chips(lang, &view, "/routes"));
            let (chart, table) = panels::flows(lang, &view, "/routes", "routes", title, flows);
            let meta = PanelMeta {
                source: "case",
                records: data.counted.len(),
                k,
                csv: Some(csv_link("flows", &view.filter, &[])),
            };
            out.push_str(&panel(lang, "routes-panel", title, &chart, &table, &meta));
            Ok(out)
        },
    )
    .await
}
