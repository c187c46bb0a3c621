//! Per-user request limits: a fixed window per minute of the clock, keyed by who is asking (a
//! token's id, never the token), over the sum of every node of the store. Each request is
//! counted in memory; at most once a second the node hands its new counts to the store in one
//! statement and reads back every user's total over the nodes ([`RateLimiter::flush`]), so a
//! user over the limit on the sum is refused by every node within a second, and the store is
//! written once a second per node, never once a request. A store that cannot be reached leaves
//! each node counting alone until it can, which only ever lets more in.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use rastro_app::{App, AppError, RequestCount};

/// Entries kept at most while the store cannot take them: a crowd of users cannot grow a
/// node's memory without bound.
const MAX_PENDING: usize = 100_000;

pub struct RateLimiter {
    per_minute: u32,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    /// This node's requests not yet handed to the store, by user and minute.
    pending: HashMap<(String, i64), u64>,
    /// Every node's totals in `shared_minute`, as the store last answered.
    shared: HashMap<String, u64>,
    shared_minute: i64,
}

/// Minutes since 1970 of the clock.
fn minute_now() -> i64 {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    i64::try_from(seconds / 60).unwrap_or(i64::MAX)
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            counts: Mutex::new(Counts::default()),
        }
    }

    /// Whether `who` may make one more request now.
    pub fn allow(&self, who: &str) -> bool {
        self.allow_at(who, minute_now())
    }

    fn allow_at(&self, who: &str, minute: i64) -> bool {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if counts.pending.len() > MAX_PENDING {
            counts.pending.retain(|(_, m), _| *m >= minute);
        }
        let shared = if counts.shared_minute == minute {
            counts.shared.get(who).copied().unwrap_or(0)
        } else {
            0
        };
        let mine = counts.pending.entry((who.to_string(), minute)).or_insert(0);
        *mine += 1;
        shared.saturating_add(*mine) <= u64::from(self.per_minute)
    }

    /// Hands this node's new counts to the store and takes every node's totals back. Does
    /// nothing when this node had no request this minute (no one to limit here).
    pub fn flush(&self, app: &App) -> Result<(), AppError> {
        self.flush_at(app, minute_now())
    }

    fn flush_at(&self, app: &App, minute: i64) -> Result<(), AppError> {
        let pending = {
            let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
            let active = !counts.pending.is_empty()
                || (counts.shared_minute == minute && !counts.shared.is_empty());
            if !active {
                return Ok(());
            }
            std::mem::take(&mut counts.pending)
        };
        let sent: Vec<RequestCount> = pending
            .iter()
            .map(|((user, m), count)| RequestCount {
                user: user.clone(),
                minute: *m,
                count: *count,
            })
            .collect();
        // The minute before stays: a node's last counts of it may still be on their way.
        match app.share_request_counts(&sent, minute - 1, minute) {
            Ok(totals) => {
                let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
                counts.shared = totals.into_iter().collect();
                counts.shared_minute = minute;
                Ok(())
            }
            Err(e) => {
                // Kept for the next hand-over (what arrived meanwhile added to it).
                let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
                for (key, count) in pending {
                    if key.1 >= minute - 1 {
                        *counts.pending.entry(key).or_insert(0) += count;
                    }
                }
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_is_slowed_after_the_limit_and_let_in_the_next_minute() {
        let limiter = RateLimiter::new(3);
        let start = 29_000_000;
        assert!((0..3).all(|_| limiter.allow_at("a", start)));
        assert!(!limiter.allow_at("a", start));
        assert!(limiter.allow_at("b", start), "another user is not slowed");
        assert!(limiter.allow_at("a", start + 1));
    }

    #[test]
    fn the_totals_of_other_nodes_count_in_their_minute_only() {
        let limiter = RateLimiter::new(5);
        {
            let mut counts = limiter.counts.lock().unwrap();
            counts.shared = HashMap::from([("a".to_string(), 4)]);
            counts.shared_minute = 100;
        }
        assert!(limiter.allow_at("a", 100), "4 elsewhere and 1 here");
        assert!(!limiter.allow_at("a", 100), "4 elsewhere and 2 here");
        assert!(limiter.allow_at("a", 101), "a new minute starts afresh");
    }
}
