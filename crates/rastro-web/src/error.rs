//! What a request can fail with, and how each failure is answered: the API with
//! `{"error": {"code", "message"}}` and the right status, pages with a page. Nothing internal —
//! a store message, a path, SQL — reaches a client: internal failures are logged and answered
//! with a generic message.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::html::{esc, page, Frame};
use crate::i18n::{t, Lang};
use rastro_app::{AppError, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("sign in first")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("the form has expired or did not come from this site; reload the page and try again")]
    Csrf,
    #[error("the upload is larger than {0} bytes")]
    TooLarge(usize),
    #[error("too many requests; wait a minute")]
    RateLimited,
    #[error("the request took too long")]
    Timeout,
    #[error("an internal error occurred; it has been logged")]
    Internal(String),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unauthenticated => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            WebError::Timeout => StatusCode::REQUEST_TIMEOUT,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            WebError::NotFound => "not_found",
            WebError::BadRequest(_) => "bad_request",
            WebError::Unauthenticated => "unauthenticated",
            WebError::Forbidden(_) => "forbidden",
            WebError::Csrf => "csrf",
            WebError::TooLarge(_) => "too_large",
            WebError::RateLimited => "rate_limited",
            WebError::Timeout => "timeout",
            WebError::Internal(_) => "internal",
        }
    }

    /// The message a client may read (internal details stay in the log).
    pub fn public_message(&self) -> String {
        self.to_string()
    }

    pub fn json(&self) -> Response {
        if let WebError::Internal(detail) = self {
            tracing::error!("internal error: {detail}");
        }
        let body = serde_json::json!({
            "error": { "code": self.code(), "message": self.public_message() }
        });
        (self.status(), axum::Json(body)).into_response()
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> WebError {
        match e {
            AppError::Store(s) => WebError::from(s),
            AppError::Refused(m) => WebError::BadRequest(m),
            AppError::UnknownOrganisation { .. } => WebError::BadRequest(e.to_string()),
            AppError::Import(i) => WebError::BadRequest(i.to_string()),
            // Options a request gave (dimensions, filters, a linkage configuration).
            AppError::Stats(s) => WebError::BadRequest(s.to_string()),
            AppError::Link(l) => WebError::BadRequest(l.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> WebError {
        match e {
            StoreError::NotFound => WebError::NotFound,
            StoreError::Unauthenticated => WebError::Unauthenticated,
            StoreError::LockedOut { .. } => WebError::Forbidden(e.to_string()),
            StoreError::Forbidden { .. } => WebError::Forbidden(e.to_string()),
            StoreError::Invalid(m) | StoreError::BadQuery(m) => WebError::BadRequest(m),
            StoreError::UserExists(_) => WebError::BadRequest(e.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<rastro_stats::StatsError> for WebError {
    fn from(e: rastro_stats::StatsError) -> WebError {
        WebError::BadRequest(e.to_string())
    }
}

impl From<tokio::task::JoinError> for WebError {
    fn from(e: tokio::task::JoinError) -> WebError {
        WebError::Internal(format!("a worker task failed: {e}"))
    }
}

/// API handlers return this; it answers with JSON.
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.json()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Whether this process serves a demonstration: set once when its state is made, so that every
/// page — error pages included — says so.
static DEMO: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn mark_demo(demo: bool) {
    DEMO.store(demo, std::sync::atomic::Ordering::Relaxed);
}

/// A page for a failure, with the failure's status.
pub fn error_page(lang: Lang, error: &WebError) -> Response {
    if let WebError::Internal(detail) = error {
        tracing::error!("internal error: {detail}");
    }
    let message = match error {
        WebError::NotFound => t(lang, "error.not_found").to_string(),
        other => other.public_message(),
    };
    let body = format!(
        "<h1>{}</h1><p class=\"error\" data-error=\"{}\">{}</p><p><a href=\"/\">Rastro</a></p>",
        esc(t(lang, "error.title")),
        error.code(),
        esc(&message)
    );
    let frame = Frame {
        lang,
        title: t(lang, "error.title"),
        section: "",
        user: None,
        organisation: None,
        role: None,
        csrf: None,
        demo: DEMO.load(std::sync::atomic::Ordering::Relaxed),
        here: "/",
    };
    (error.status(), Html(page(&frame, &body))).into_response()
}
