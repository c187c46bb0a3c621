//! Who is asking. Pages are used with a session cookie (an API token issued at sign-in, kept in
//! an HttpOnly, SameSite=Strict cookie); the JSON API also takes `Authorization: Bearer TOKEN`.
//! A request with a cookie that changes something must carry the anti-forgery value derived from
//! its session (a form field, a header or the query), which another site cannot read.

use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use rastro_app::Session;
use sha2::{Digest, Sha256};

use crate::error::WebError;
use crate::html::url_encode;
use crate::i18n::{self, Lang};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "rastro_session";
pub const LANG_COOKIE: &str = "rastro_lang";
/// Before sign-in: the value the sign-in form must echo (double submit).
pub const PRESESSION_COOKIE: &str = "rastro_presession";

/// A signed-in user making a request.
pub struct User {
    pub session: Session,
    pub lang: Lang,
    /// The anti-forgery value of a cookie session (`None` with a bearer token).
    pub csrf: Option<String>,
}

impl User {
    pub fn name(&self) -> &str {
        self.session.actor().user_name()
    }

    pub fn role(&self) -> rastro_app::Role {
        self.session.actor().role()
    }

    pub fn organisation(&self) -> &str {
        &self.session.organisation().name
    }
}

/// The anti-forgery value of a session token: derived, so nothing is stored, and unreadable to
/// another site, which cannot read the HttpOnly cookie it comes from.
pub fn csrf_for(token: &str) -> String {
    let digest = Sha256::digest(format!("rastro-csrf\0{token}").as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// A cookie's value from the request headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// The request's interface language.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    i18n::negotiate(
        cookie(headers, LANG_COOKIE),
        headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
    )
}

/// Authenticates the request (bearer first, then the cookie) and applies the rate limit.
async fn authenticate(parts: &Parts, state: &AppState) -> Result<User, WebError> {
    let lang = lang_of(&parts.headers);
    let (token, from_cookie) = match bearer(&parts.headers) {
        Some(t) => (t.to_string(), false),
        None => match cookie(&parts.headers, SESSION_COOKIE) {
            Some(t) if !t.is_empty() => (t.to_string(), true),
            _ => return Err(WebError::Unauthenticated),
        },
    };
    let who = rastro_app::members::token_id(&token).unwrap_or_else(|| "malformed".into());
    if !state.0.limiter.allow(&who) {
        return Err(WebError::RateLimited);
    }
    let csrf = from_cookie.then(|| csrf_for(&token));
    let session = state
        .blocking(move |shared| Ok(shared.app.with_token(&token)?))
        .await?;
    Ok(User {
        session,
        lang,
        csrf,
    })
}

/// A signed-in user of a page; anyone else is sent to the sign-in page and brought back.
pub struct PageUser(pub User);

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match authenticate(parts, state).await {
            Ok(user) => Ok(PageUser(user)),
            Err(WebError::Unauthenticated) => Err(to_sign_in(&parts.uri)),
            Err(e) => Err(crate::error::error_page(lang_of(&parts.headers), &e)),
        }
    }
}

pub fn to_sign_in(uri: &Uri) -> Response {
    let next = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    Redirect::to(&format!("/signin?next={}", url_encode(next))).into_response()
}

/// A signed-in user of the JSON API; anyone else gets a JSON 401.
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        authenticate(parts, state)
            .await
            .map(ApiUser)
            .map_err(|e| e.json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, "a=1; rastro_session=tok; b=2".parse().unwrap());
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("tok"));
        assert_eq!(cookie(&headers, "c"), None);
    }

    #[test]
    fn the_anti_forgery_value_depends_on_the_session() {
        assert_ne!(csrf_for("one"), csrf_for("two"));
        assert_eq!(csrf_for("one"), csrf_for("one"));
        assert_eq!(csrf_for("one").len(), 32);
    }
}
