//! A fast hasher for the engine's per-call tables.
//!
//! The standard SipHash resists collision flooding, which costs about half of a count's time
//! here. These tables are keyed by values the import already normalised (codes, picklist
//! values, organisation names) and by event numbers the engine assigns itself, they live for one
//! call, and only someone able to write records could craft collisions, so a plain
//! multiply-and-rotate hash (the scheme of rustc's FxHash) is the better trade.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// An odd constant with well-spread bits (from the golden ratio), as multiplicative hashing
/// wants.
const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHasher {
    state: u64,
}

impl FastHasher {
    fn mix(&mut self, word: u64) {
        self.state = (self.state.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The tail's length goes in the top byte, which a tail of at most 7 bytes leaves
            // free; otherwise zero padding would make "PE" and "PE\0" the same word.
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            word[7] = rest.len() as u8;
            self.mix(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    fn finish(&self) -> u64 {
        self.state
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn hash<T: Hash>(t: &T) -> u64 {
        let mut h = FastHasher::default();
        t.hash(&mut h);
        h.finish()
    }

    #[test]
    fn distinct_short_keys_get_distinct_hashes() {
        let keys = ["PE", "VE", "CO", "sexual", "labour", "", "unknown", "PE\0"];
        let hashes: std::collections::HashSet<u64> = keys.iter().map(hash).collect();
        assert_eq!(hashes.len(), keys.len());
        assert_ne!(hash(&(1u32, 2u32)), hash(&(2u32, 1u32)));
    }
}
