//! What every request shares: the opened application, the statistics cache, the limits, the
//! import jobs under way. Store work is blocking (SQLite), so it runs on the blocking pool.

use std::sync::Arc;

use rastro_app::counting::CountCache;
use rastro_app::live_check::ListCache;
use rastro_app::network::NetworkCache;
use rastro_app::App;

use crate::config::ServerConfig;
use crate::error::WebError;
use crate::jobs::Jobs;
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
    pub jobs: Jobs,
}

impl AppState {
    pub fn new(app: App, config: ServerConfig) -> AppState {
        let limiter = RateLimiter::new(config.rate_per_minute);
        crate::error::mark_demo(config.demo);
        AppState(Arc::new(Shared {
            app,
            counts: CountCache::new(),
            lists: ListCache::new(),
            network: NetworkCache::new(),
            results: ResultCache::default(),
            config,
            limiter,
            jobs: Jobs::default(),
        }))
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
