//! The pages. Each module is one page (or a family of them); what they share — the frame, the
//! panels that turn a statistics table into a chart and its table — is here and in `panels`.

pub mod alerts;
pub mod cases;
pub mod export;
pub mod import;
pub mod incidents;
pub mod jobs;
pub mod map;
pub mod members;
pub mod network;
pub mod overview;
pub mod panels;
pub mod routes;
pub mod screening;
pub mod signin;
pub mod trends;

use axum::http::header::CONTENT_TYPE;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};

use crate::auth::User;
use crate::error::WebError;
use crate::html::{esc, page, Frame};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::views::View;

pub use crate::error::{error_page, mark_demo};

/// A signed-in user's page in the site's frame.
pub fn render(
    state: &AppState,
    user: &User,
    uri: &Uri,
    title: &str,
    section: &str,
    body: &str,
) -> Response {
    let here = uri.path_and_query().map_or("/", |p| p.as_str());
    let frame = Frame {
        lang: user.lang,
        title,
        section,
        user: Some(user.name()),
        organisation: Some(user.organisation()),
        role: Some(user.role().as_str()),
        csrf: user.csrf.as_deref(),
        demo: state.config().demo,
        here,
    };
    (
        [(CONTENT_TYPE, "text/html; charset=utf-8")],
        page(&frame, body),
    )
        .into_response()
}

/// A page built from the view its URL holds: a URL that does not parse, or a failure while
/// building, becomes the page that says so.
pub async fn view_page(
    state: &AppState,
    user: &User,
    uri: &Uri,
    pairs: &[(String, String)],
    title: &str,
    section: &str,
    body: impl AsyncFnOnce(View) -> Result<String, WebError>,
) -> Response {
    let view = match view_of(user.lang, pairs) {
        Ok(v) => v,
        Err(r) => return r,
    };
    match body(view).await {
        Ok(html) => render(state, user, uri, title, section, &html),
        Err(e) => error_page(user.lang, &e),
    }
}

/// The view of a page's query, or the page that says why the URL is wrong.
pub fn view_of(lang: Lang, pairs: &[(String, String)]) -> Result<View, Response> {
    View::parse(pairs).map_err(|e| error_page(lang, &e))
}

/// The hidden field every form that changes something carries.
pub fn csrf_field(user: &User) -> String {
    match &user.csrf {
        Some(value) => format!(
            "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
            esc(value)
        ),
        None => String::new(),
    }
}
