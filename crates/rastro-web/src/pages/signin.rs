//! Signing in and out, and choosing the interface language.
//!
//! Signing in always issues a new session token, whatever cookie the browser brought, and revokes
//! a session the browser already had: a session fixed by someone else in advance is never the
//! one that gets signed in.

use axum::extract::{Form, Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::error_page;
use crate::auth::{cookie, lang_of, PageUser, LANG_COOKIE, PRESESSION_COOKIE, SESSION_COOKIE};
use crate::error::WebError;
use crate::html::{esc, page, Frame};
use crate::i18n::{self, t, Lang};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only a path of this site: never another host (`//evil`), never a scheme.
fn local(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

fn cookie_header(state: &AppState, name: &str, value: &str, max_age: Option<u64>) -> String {
    let mut header = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        header.push_str(&format!("; Max-Age={age}"));
    }
    if state.config().secure_cookies {
        header.push_str("; Secure");
    }
    header
}

pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(next): Query<Next>,
) -> Response {
    let lang = lang_of(&headers);
    let presession = match rastro_vault::random_hex(16) {
        Ok(v) => v,
        Err(e) => return error_page(lang, &WebError::Internal(e.to_string())),
    };
    let body = sign_in_body(
        &state,
        lang,
        &presession,
        &local(next.next.as_deref()),
        false,
    );
    let set = cookie_header(&state, PRESESSION_COOKIE, &presession, Some(3600));
    ([(SET_COOKIE, set)], Html(frame(&state, lang, &body))).into_response()
}

fn frame(state: &AppState, lang: Lang, body: &str) -> String {
    let frame = Frame {
        lang,
        title: t(lang, "signin.title"),
        section: "signin",
        user: None,
        organisation: None,
        role: None,
        csrf: None,
        demo: state.config().demo,
        here: "/signin",
    };
    page(&frame, body)
}

fn sign_in_body(state: &AppState, lang: Lang, csrf: &str, next: &str, refused: bool) -> String {
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "signin.title")));
    if refused {
        out.push_str(&format!(
            "<p class=\"error\" id=\"refused\">{}</p>",
            esc(t(lang, "signin.refused"))
        ));
    }
    out.push_str(&format!(
        "<form method=\"post\" action=\"/signin\" class=\"inline\" id=\"signin\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"next\" value=\"{}\">\
         <label>{}<input name=\"user\" autocomplete=\"username\" required></label>\
         <label>{}<input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>\
         <button>{}</button></form>",
        esc(csrf),
        esc(next),
        esc(t(lang, "signin.user")),
        esc(t(lang, "signin.password")),
        esc(t(lang, "signin.submit")),
    ));
    if state.config().demo {
        out.push_str(&format!(
            "<h2>{}</h2><ul>",
            esc(t(lang, "signin.demo_users"))
        ));
        for (_, _, _, prefix) in rastro_app::demo::DEMO_ORGS {
            for role in ["org_admin", "caseworker", "analyst", "auditor"] {
                out.push_str(&format!(
                    "<li><code>{}-{}</code></li>",
                    esc(prefix),
                    role.replace('_', "-")
                ));
            }
        }
        out.push_str("<li><code>obs-hub-analyst</code></li></ul>");
    }
    out
}

#[derive(Deserialize)]
pub struct SignIn {
    user: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Response {
    let lang = lang_of(&headers);
    let previous = cookie(&headers, SESSION_COOKIE).map(str::to_string);
    let days = state.config().session_days;
    let next = form.next.clone();
    let outcome = state
        .blocking(move |shared| {
            if let Some(old) = previous {
                // Whatever session the browser brought ends here; the new one is fresh.
                if let Ok(session) = shared.app.with_token(&old) {
                    if let Some(id) = rastro_app::members::token_id(&old) {
                        let _ = rastro_app::members::revoke_token(&session, &id);
                    }
                }
            }
            let session = shared.app.sign_in(&form.user, &form.password)?;
            let issued = rastro_app::members::issue_token(&session, None, days, "web sign-in")?;
            Ok(issued.secret)
        })
        .await;
    match outcome {
        Ok(secret) => {
            let target = local(next.as_deref());
            let set = cookie_header(&state, SESSION_COOKIE, &secret, Some(days * 86_400));
            let clear = cookie_header(&state, PRESESSION_COOKIE, "", Some(0));
            let mut response = (StatusCode::SEE_OTHER, [(LOCATION, target)]).into_response();
            for value in [set, clear] {
                if let Ok(v) = value.parse() {
                    response.headers_mut().append(SET_COOKIE, v);
                }
            }
            response
        }
        Err(WebError::Unauthenticated) | Err(WebError::Forbidden(_)) => {
            let presession = cookie(&headers, PRESESSION_COOKIE)
                .unwrap_or("")
                .to_string();
            let body = sign_in_body(&state, lang, &presession, &local(next.as_deref()), true);
            (StatusCode::UNAUTHORIZED, Html(frame(&state, lang, &body))).into_response()
        }
        Err(e) => error_page(lang, &e),
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(user): PageUser,
) -> Response {
    let token = cookie(&headers, SESSION_COOKIE).map(str::to_string);
    let session = user.session.clone();
    let _ = state
        .blocking(move |_| {
            if let Some(id) = token.as_deref().and_then(rastro_app::members::token_id) {
                rastro_app::members::revoke_token(&session, &id)?;
            }
            Ok(())
        })
        .await;
    let clear = cookie_header(&state, SESSION_COOKIE, "", Some(0));
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, "/signin".to_string()), (SET_COOKIE, clear)],
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct Switch {
    to: String,
    back: Option<String>,
}

pub async fn switch_language(
    State(state): State<AppState>,
    Query(switch): Query<Switch>,
) -> Response {
    let lang = i18n::parse(&switch.to).unwrap_or(Lang::En);
    let mut set = format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        i18n::code(lang)
    );
    if state.config().secure_cookies {
        set.push_str("; Secure");
    }
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, local(switch.back.as_deref())), (SET_COOKIE, set)],
    )
        .into_response()
}
