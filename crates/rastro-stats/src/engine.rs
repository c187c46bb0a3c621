//! The engine: the one place counts are made, so the one place they are made safe.

/// The smallest count published by default. Eleven follows common practice for small-cell
/// suppression in health and crime statistics (counts of 1–10 hidden).
pub const DEFAULT_K: u64 = 11;

/// Counts records under small-cell suppression with threshold `k`. It holds no data: records
/// are passed to every call, so it can be shared freely between requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Engine {
    k: u64,
}

impl Engine {
    /// `k` of 0 or 1 turns suppression off (for an organisation looking at its own cases).
    pub fn new(k: u64) -> Engine {
        Engine { k }
    }

    pub fn k(&self) -> u64 {
        self.k
    }
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(DEFAULT_K)
    }
}
