//! Hash chains for tamper-evident logs (audit trail, decisions): each entry's link covers the
//! previous link, so changing, removing or reordering any entry changes every later link, and
//! the last link, kept elsewhere, vouches for the whole log.
//!
//! `link(prev, event)` = lowercase hex of SHA-256(len(prev) as 8 bytes big-endian || prev ||
//! event). The length makes the split between `prev` and `event` unambiguous for any input.
//! An auditor can recompute it with, e.g., Python:
//! `sha256(len(p).to_bytes(8, "big") + p.encode() + e).hexdigest()`.

use sha2::{Digest, Sha256};

use crate::encode::hex;

/// The `prev` of the first event of a chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The link of `event` (its canonical bytes) after the link `prev`.
pub fn link(prev: &str, event: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update((prev.len() as u64).to_be_bytes());
    hasher.update(prev.as_bytes());
    hasher.update(event);
    hex(&hasher.finalize())
}
