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
}

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
        }
    }
}
