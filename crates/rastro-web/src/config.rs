//! How a server runs: where it listens and the limits it keeps. Safe defaults: loopback only,
//! k = 11, 50 MB uploads, 30 s per request, 600 requests a minute per user.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use rastro_app::Role;

/// The smallest count shown, per role; roles not named use the default.
#[derive(Debug, Clone)]
pub struct KPolicy {
    pub default: u64,
    pub per_role: HashMap<Role, u64>,
}

impl KPolicy {
    pub fn for_role(&self, role: Role) -> u64 {
        self.per_role.get(&role).copied().unwrap_or(self.default)
    }
}

impl Default for KPolicy {
    fn default() -> KPolicy {
        KPolicy {
            default: rastro_stats::DEFAULT_K,
            per_role: HashMap::new(),
        }
    }
}

/// How long, by default, a table may leave out records added since it was counted.
pub const DEFAULT_STATS_LAG: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    /// Every page says it shows generated data.
    pub demo: bool,
    pub k: KPolicy,
    pub max_upload_bytes: usize,
    pub request_timeout: Duration,
    /// Requests a user may make per minute before being told to slow down.
    pub rate_per_minute: u32,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Where uploaded files wait between preview and import (owner-only).
    pub upload_dir: PathBuf,
    /// Days a web sign-in lasts.
    pub session_days: u64,
    /// Threads of the server that do queued jobs (imports): one by default, so a one-machine
    /// install needs no `rastro worker`; none on the nodes of a hub that leaves jobs to workers.
    pub workers: usize,
    /// How long a statistics table counted at one visibility stamp may still answer after
    /// records were only added (never after a grant changed or a record was removed): on a hub
    /// where records arrive every second, counting every table again for each addition was
    /// most of a node's work. Zero counts again after every addition.
    pub stats_lag: Duration,
    /// How long a node started by [`crate::serve_forever`] may spend reading its viewers'
    /// records into its caches before it listens (`rastro_app::warm`): a load balancer sends
    /// requests to the other nodes meanwhile, instead of members waiting on a cold node. Zero
    /// listens at once.
    pub warm_budget: Duration,
}

/// How long a node warms at most before it listens.
pub const DEFAULT_WARM_BUDGET: Duration = Duration::from_secs(60);

impl ServerConfig {
    pub fn new(upload_dir: PathBuf) -> ServerConfig {
        ServerConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            demo: false,
            k: KPolicy::default(),
            max_upload_bytes: 50 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            rate_per_minute: 600,
            secure_cookies: false,
            upload_dir,
            session_days: 1,
            workers: 1,
            stats_lag: DEFAULT_STATS_LAG,
            warm_budget: DEFAULT_WARM_BUDGET,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_may_have_its_own_k_and_the_others_keep_the_default() {
        let mut policy = KPolicy::default();
        assert_eq!(policy.for_role(Role::Analyst), 11);
        policy.per_role.insert(Role::HubAnalyst, 20);
        assert_eq!(policy.for_role(Role::HubAnalyst), 20);
        assert_eq!(policy.for_role(Role::Caseworker), 11);
        let config = ServerConfig::new(PathBuf::from("uploads"));
        assert_eq!(
            config.max_upload_bytes,
            50 * 1024 * 1024,
            "50 MB by default"
        );
        assert!(config.listen.ip().is_loopback(), "loopback by default");
    }
}
