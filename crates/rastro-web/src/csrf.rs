//! Refuses forged requests: a request that changes something and rides on a cookie must prove
//! it came from a page of this site, by the anti-forgery value that page carries (a form field,
//! the `X-CSRF-Token` header, or the `csrf` query parameter for file uploads). A request from
//! another origin is refused outright. Bearer-token requests carry no ambient credential, so
//! they need no proof.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{bearer, cookie, csrf_for, PRESESSION_COOKIE, SESSION_COOKIE};
use crate::error::WebError;

/// Form bodies are small; a larger one is not a form of ours.
const MAX_FORM_BYTES: usize = 1024 * 1024;

pub async fn guard(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    if let (Some(origin), Some(host)) = (headers.get(ORIGIN), headers.get(HOST)) {
        let origin = origin.to_str().unwrap_or("");
        let origin_host = origin.split("://").nth(1).unwrap_or(origin);
        if origin_host != host.to_str().unwrap_or("") {
            return refuse(&request);
        }
    }
    if bearer(headers).is_some() {
        return next.run(request).await;
    }
    // Signing in proves itself by the sign-in form's own value, whatever session the browser
    // already has (that session is ended by signing in).
    let expected = match cookie(headers, SESSION_COOKIE) {
        _ if request.uri().path() == "/signin" => match cookie(headers, PRESESSION_COOKIE) {
            Some(value) if value.len() >= 32 => value.to_string(),
            _ => return refuse(&request),
        },
        Some(token) if !token.is_empty() => csrf_for(token),
        // Nothing to forge: the handler answers as to anyone not signed in.
        _ => return next.run(request).await,
    };
    let presented_header = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let presented_query = request.uri().query().and_then(|q| field(q, "csrf"));
    if presented_header.or(presented_query).as_deref() == Some(expected.as_str()) {
        return next.run(request).await;
    }
    let is_form = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return refuse(&request);
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return WebError::TooLarge(MAX_FORM_BYTES).json();
    };
    let presented = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| field(text, "csrf"));
    if presented.as_deref() != Some(expected.as_str()) {
        return WebError::Csrf.json();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn refuse(request: &Request) -> Response {
    let lang = crate::auth::lang_of(request.headers());
    if request.uri().path().starts_with("/api/") {
        WebError::Csrf.json()
    } else {
        crate::error::error_page(lang, &WebError::Csrf).into_response()
    }
}

/// The first value of `name` in an urlencoded text.
fn field(text: &str, name: &str) -> Option<String> {
    form_urlencoded_pairs(text)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// Decodes `a=1&b=x%20y` into pairs (`+` is a space).
pub fn form_urlencoded_pairs(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    text.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(k), decode(v))
    })
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_decoded() {
        assert_eq!(
            field("a=1&csrf=ab%20c+d", "csrf").as_deref(),
            Some("ab c d")
        );
        assert_eq!(field("a=%E2%82%AC", "a").as_deref(), Some("€"));
        assert_eq!(field("a=%zz", "a").as_deref(), Some("%zz"));
        assert_eq!(field("a=%", "a").as_deref(), Some("%"));
        assert_eq!(field("a=1", "csrf"), None);
    }
}
