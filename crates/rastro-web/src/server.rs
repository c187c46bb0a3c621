//! The router and the layers every request passes: security headers, compression, the upload
//! limit, the request timeout and the anti-forgery guard.

use std::io::Write;
use std::net::SocketAddr;

use axum::body::{to_bytes, Body};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, VARY,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::error::WebError;
use crate::pages;
use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    let limit = state.config().max_upload_bytes;
    Router::new()
        .route(
            "/signin",
            get(pages::signin::form).post(pages::signin::submit),
        )
        .route("/signout", post(pages::signin::sign_out))
        .route("/lang", get(pages::signin::switch_language))
        .route("/assets/{file}", get(asset))
        .route("/", get(pages::overview::page))
        .route("/map", get(pages::map::page))
        .route("/country/{code}", get(pages::map::country))
        .route("/routes", get(pages::routes::page))
        .route("/trends", get(pages::trends::page))
        .route("/incidents", get(pages::incidents::list))
        .route("/incidents/{id}", get(pages::incidents::detail))
        .route("/cases", get(pages::cases::page))
        .route("/export/{table}", get(pages::export::table_csv))
        .route(
            "/screening",
            get(pages::screening::form).post(pages::screening::check),
        )
        .route(
            "/import",
            get(pages::import::form).post(pages::import::upload),
        )
        .route("/import/{upload}", get(pages::import::preview))
        .route("/import/{upload}/dry-run", post(pages::import::dry_run))
        .route(
            "/import/{upload}/errors.csv",
            get(pages::import::errors_csv),
        )
        .route("/import/{upload}/commit", post(pages::import::commit))
        .route("/jobs", get(pages::jobs::page))
        .route("/jobs/{id}", get(pages::import::job))
        .route("/members", get(pages::members::page))
        .route("/network", get(pages::network::page))
        .route("/alerts", get(pages::alerts::list))
        .route("/alerts/{id}", get(pages::alerts::detail))
        .route("/alerts/{id}/review", post(pages::alerts::move_review))
        .route(
            "/members/grants/{id}/revoke",
            post(pages::members::revoke_grant),
        )
        .nest("/api/v1", crate::api::router())
        .fallback(not_found)
        .layer(middleware::from_fn(crate::csrf::guard))
        .layer(middleware::from_fn_with_state(state.clone(), timeout))
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(compress))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

async fn not_found(request: Request) -> Response {
    if request.uri().path().starts_with("/api/") {
        WebError::NotFound.json()
    } else {
        let lang = crate::auth::lang_of(request.headers());
        crate::error::error_page(lang, &WebError::NotFound)
    }
}

async fn asset(Path(file): Path<String>) -> Response {
    match crate::assets::find(&format!("/assets/{file}")) {
        Some(asset) => (
            [
                (CONTENT_TYPE, asset.content_type),
                (CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            asset.body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// Nothing a page shows can run script from elsewhere or be framed; inline script is refused
/// too, so imported text could not run even if it escaped its escaping.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
             form-action 'self'; base-uri 'none'",
        ),
    );
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    // Not `no-referrer`: under it browsers send `Origin: null` on the site's own form posts.
    headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    response
}

async fn timeout(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = state.config().request_timeout;
    let api = request.uri().path().starts_with("/api/");
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) if api => WebError::Timeout.json(),
        Err(_) => crate::error::error_page(rastro_text::Lang::En, &WebError::Timeout),
    }
}

/// Text answers are gzipped when the client accepts it; streamed CSV is left as it flows.
async fn compress(request: Request, next: Next) -> Response {
    let accepts = request
        .headers()
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"));
    let response = next.run(request).await;
    if !accepts || response.headers().contains_key(CONTENT_ENCODING) {
        return response;
    }
    let compressible = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.starts_with("text/html")
                || t.starts_with("text/css")
                || t.starts_with("text/javascript")
                || t.starts_with("application/json")
                || t.starts_with("image/svg")
        });
    if !compressible {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 64 * 1024 * 1024).await else {
        return WebError::Internal("a response could not be read for compression".into()).json();
    };
    if bytes.len() < 1024 {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
    if encoder.write_all(&bytes).is_err() {
        return Response::from_parts(parts, Body::from(bytes));
    }
    match encoder.finish() {
        Ok(gzipped) => {
            parts
                .headers
                .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            parts.headers.remove(CONTENT_LENGTH);
            parts
                .headers
                .insert(VARY, HeaderValue::from_static("accept-encoding"));
            Response::from_parts(parts, Body::from(gzipped))
        }
        Err(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// A server listening; `address` is where (port 0 asks the system for a free one).
pub struct Running {
    pub address: SocketAddr,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
    /// The server's own job workers (`ServerConfig::workers`), stopped when this is dropped.
    pub workers: crate::jobs::Workers,
}

/// Binds and serves on the current runtime until the task is aborted, with the configured
/// number of job workers on threads of their own; warms first, as [`serve_forever`] does.
pub async fn start(state: AppState) -> std::io::Result<Running> {
    let warming = state.clone();
    let node = format!("serve-{}", std::process::id());
    tokio::task::spawn_blocking(move || crate::state::warm(&warming, &node)).await?;
    let listener = tokio::net::TcpListener::bind(state.config().listen).await?;
    let address = listener.local_addr()?;
    let workers = crate::jobs::Workers::start(
        &state.0.app,
        state.config().workers,
        &format!("serve-{}-{}", std::process::id(), address.port()),
    )?;
    let app = router(state);
    let task = tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(Running {
        address,
        task,
        workers,
    })
}

/// Serves until the process ends, on a runtime of its own; `bound` hears the address once the
/// socket listens (so a shell can say where to go). The node warms its caches first
/// ([`crate::state::warm`], at most `ServerConfig::warm_budget`) and only then listens, so
/// that while it warms a load balancer finds its port closed and sends members elsewhere.
pub fn serve_forever(state: AppState, bound: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    crate::state::warm(&state, &format!("serve-{}", std::process::id()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("rastro-web")
        .build()?;
    // Stopped when serving ends (dropped after the runtime's work).
    let _workers = crate::jobs::Workers::start(
        &state.0.app,
        state.config().workers,
        &format!("serve-{}", std::process::id()),
    )?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(state.config().listen).await?;
        bound(listener.local_addr()?);
        axum::serve(listener, router(state)).await
    })
}
