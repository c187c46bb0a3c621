//! What every request shares: the opened application, the statistics cache, the limits (their
//! counts shared with the other nodes through the store). Store work is blocking (SQLite), so it runs on the blocking pool.

use std::sync::Arc;

use rastro_app::counting::CountCache;
use rastro_app::live_check::ListCache;
use rastro_app::network::NetworkCache;
use rastro_app::App;

use crate::config::ServerConfig;
use crate::error::WebError;
use crate::limits::RateLimiter;
use crate::results::ResultCache;

#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

pub struct Shared {
    pub app: App,
    pub counts: CountCache,
    pub lists: ListCache,
    /// Each viewer's network, built once per visibility stamp.
    pub network: NetworkCache,
    pub results: ResultCache,
    pub config: ServerConfig,
    pub limiter: RateLimiter,
}

impl AppState {
    pub fn new(app: App, config: ServerConfig) -> AppState {
        let limiter = RateLimiter::new(config.rate_per_minute);
        crate::error::mark_demo(config.demo);
        let state = AppState(Arc::new(Shared {
            app,
            counts: CountCache::new(),
            lists: ListCache::new(),
            network: NetworkCache::new(),
            results: ResultCache::default(),
            config,
            limiter,
        }));
        share_counts(&state);
        state
    }

    pub fn config(&self) -> &ServerConfig {
        &self.0.config
    }

    /// Runs `work` on the blocking pool with the shared state.
    pub async fn blocking<T, F>(&self, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Shared) -> Result<T, WebError> + Send + 'static,
    {
        let shared = Arc::clone(&self.0);
        tokio::task::spawn_blocking(move || work(&shared)).await?
    }
}

/// How often a node hands its request counts to the store and reads every node's totals back.
pub const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Starts the thread that shares this node's request counts through the store; it ends with
/// the state (it holds it only while flushing).
fn share_counts(state: &AppState) {
    let weak = Arc::downgrade(&state.0);
    let started = std::thread::Builder::new()
        .name("rastro-rate-counts".into())
        .spawn(move || loop {
            std::thread::sleep(FLUSH_EVERY);
            let Some(shared) = weak.upgrade() else {
                return;
            };
            if let Err(error) = shared.limiter.flush(&shared.app) {
                tracing::warn!(%error, "request counts not shared this second");
            }
        });
    if let Err(error) = started {
        // Counting goes on alone on this node, as before counts were shared.
        tracing::warn!(%error, "request counts will not be shared");
    }
}

/// Reads what each of the store's viewers may count into this node's caches, as node `node`
/// (traced as the node, never as a member), for at most `ServerConfig::warm_budget`. A
/// failure leaves the node cold, not stopped: it then reads under its first requests, as
/// without warming.
pub fn warm(state: &AppState, node: &str) -> rastro_app::warm::Warmed {
    let budget = state.config().warm_budget;
    let started = std::time::Instant::now();
    match rastro_app::warm::warm(&state.0.app, &state.0.counts, node, budget) {
        Ok(warmed) => {
            let records: usize = warmed.viewers.iter().map(|(_, n)| n).sum();
            tracing::info!(
                viewers = warmed.viewers.len(),
                left = warmed.left,
                records,
                ms = started.elapsed().as_millis() as u64,
                "warmed before listening"
            );
            warmed
        }
        Err(error) => {
            tracing::warn!(%error, "not warmed: the first requests will read");
            rastro_app::warm::Warmed::default()
        }
    }
}
