//! Per-user request limits: a fixed window per minute, keyed by who is asking (a token's id,
//! never the token). Kept in memory: a node restarting forgets, which only ever lets more in.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

pub struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `who` may make one more request now.
    pub fn allow(&self, who: &str) -> bool {
        self.allow_at(who, Instant::now())
    }

    fn allow_at(&self, who: &str, now: Instant) -> bool {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if windows.len() > 100_000 {
            // Old windows are of no use; dropping them bounds the memory a crowd can take.
            windows.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let entry = windows.entry(who.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(60) {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.per_minute
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_is_slowed_after_the_limit_and_let_in_the_next_minute() {
        let limiter = RateLimiter::new(3);
        let start = Instant::now();
        assert!((0..3).all(|_| limiter.allow_at("a", start)));
        assert!(!limiter.allow_at("a", start));
        assert!(limiter.allow_at("b", start), "another user is not slowed");
        assert!(limiter.allow_at("a", start + Duration::from_secs(61)));
    }
}
