//! A fast hasher for engines' in-memory tables (statistics cells, graph nodes, word tables).
//!
//! The standard library's SipHash resists collision flooding at several times the cost. The
//! engines' tables are keyed by values an import already normalised and by numbers the engines
//! assign themselves; they live for one call, one build or one query, and only someone able to
//! write records could craft collisions, which would slow their own organisation's answers and
//! nothing else. So a multiply-and-rotate hash (the scheme of rustc's FxHash) is the better trade.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// An odd constant with well-spread bits (from the golden ratio), as multiplicative hashing
/// wants.
const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// Up to eight bytes as one number, zero-padded (a word's head for table lookups and hashes): two loads of the first and last bytes, which
/// overlap and agree where they do, instead of a loop or a copy of a length known only at run
/// time (which is a call).
#[inline]
pub fn up_to_eight(bytes: &[u8]) -> u64 {
    if let Some(first) = bytes.first_chunk::<8>() {
        return u64::from_le_bytes(*first);
    }
    let len = bytes.len();
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        return u64::from(u32::from_le_bytes(*first))
            | u64::from(u32::from_le_bytes(*last)) << (8 * (len - 4));
    }
    if let (Some(first), Some(last)) = (bytes.first_chunk::<2>(), bytes.last_chunk::<2>()) {
        return u64::from(u16::from_le_bytes(*first))
            | u64::from(u16::from_le_bytes(*last)) << (8 * (len - 2));
    }
    bytes.first().map_or(0, |&b| u64::from(b))
}

#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher {
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
            // The tail's length goes in the top byte, so that zero padding cannot make two
            // different tails one word.
            // Byte by byte: a copy of a length known only at run time is a call to `memcpy`,
            // which costs more than the seven bytes at most it would copy.
            let tail = rest
                .iter()
                .enumerate()
                .fold(0u64, |word, (i, &b)| word | u64::from(b) << (8 * i));
            self.mix(tail | (rest.len() as u64) << 56);
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
        // The last multiplication leaves the low bits weakest; the table indexes by the high
        // bits only in some layouts, so fold both halves together.
        self.state ^ (self.state >> 29)
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

pub fn map_with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

pub fn set_with_capacity<K>(capacity: usize) -> FastSet<K> {
    FastSet::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{Hash, Hasher};

    fn hash<T: Hash>(t: &T) -> u64 {
        let mut h = FastHasher::default();
        t.hash(&mut h);
        h.finish()
    }

    #[test]
    fn a_tail_is_its_bytes_zero_padded_with_its_length_on_top() {
        let written = |bytes: &[u8]| {
            let mut h = FastHasher::default();
            h.write(bytes);
            h.finish()
        };
        let words = |words: &[u64]| {
            let mut h = FastHasher::default();
            for &w in words {
                h.write_u64(w);
            }
            h.finish()
        };
        assert_eq!(
            written(b"abc"),
            words(&[u64::from_le_bytes(*b"abc\0\0\0\0\x03")])
        );
        assert_eq!(
            written(b"abcdefghij"),
            words(&[
                u64::from_le_bytes(*b"abcdefgh"),
                u64::from_le_bytes(*b"ij\0\0\0\0\0\x02")
            ])
        );
        assert_eq!(
            written(b"abcdefgh"),
            words(&[u64::from_le_bytes(*b"abcdefgh")])
        );
    }

    #[test]
    fn distinct_short_keys_get_distinct_hashes() {
        let keys = ["PE", "VE", "CO", "sexual", "labour", "", "unknown", "PE\0"];
        let hashes: std::collections::HashSet<u64> = keys.iter().map(hash).collect();
        assert_eq!(hashes.len(), keys.len());
        assert_ne!(hash(&(1u32, 2u32)), hash(&(2u32, 1u32)));
        let mut map: FastMap<&str, u32> = map_with_capacity(4);
        map.insert("PE", 1);
        assert_eq!(map.get("PE"), Some(&1));
        let mut set: FastSet<u64> = set_with_capacity(4);
        assert!(set.insert(7) && !set.insert(7));
    }
}
