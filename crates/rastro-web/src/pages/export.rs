//! The CSV of any statistics table: computed exactly as the page that links to it, so the file
//! holds the numbers on screen (suppressed cells as `<11`).

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::{error_page, view_of};
use crate::auth::PageUser;
use crate::error::WebError;
use crate::figures::{compute_cached, load_view};
use crate::state::AppState;
use crate::tables::TableKind;

pub async fn table_csv(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(table): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    let Some(kind) = TableKind::parse(&table) else {
        return error_page(lang, &WebError::NotFound);
    };
    let view = match view_of(lang, &pairs) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let built: Result<Vec<u8>, WebError> = async {
        let (data, k) = load_view(&state, &user, &view, "export_table").await?;
        compute_cached(&state, &user, kind, &view, &data, k)
            .await?
            .csv()
    }
    .await;
    match built {
        Ok(bytes) => (
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"rastro-{}.csv\"", kind.as_str()),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => error_page(lang, &e),
    }
}
