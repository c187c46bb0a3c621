//! Rastro's web face: server-rendered pages (overview, map, routes, trends, incidents, cases,
//! screening, import, members) and the JSON API under `/api/v1`, for signed-in members.
//!
//! A shell over the application layer: every handler authenticates the request into a
//! [`rastro_app::Session`] and calls use cases and engines with it; nothing here opens the
//! store or counts anything itself. Statistics, with their small cells suppressed, come from
//! `rastro-stats`; charts are SVG drawn on the server by `rastro-charts`, with links, so every
//! view works without script, and its state lives in the URL.

pub mod api;
pub mod assets;
pub mod auth;
pub mod config;
pub mod csrf;
pub mod error;
pub mod figures;
pub mod highlight;
pub mod html;
pub mod i18n;
pub mod jobs;
pub mod limits;
pub mod pages;
pub mod results;
pub mod server;
pub mod state;
pub mod tables;
pub mod views;

pub use config::{KPolicy, ServerConfig};
pub use server::{router, serve_forever, start, Running};
pub use state::AppState;
