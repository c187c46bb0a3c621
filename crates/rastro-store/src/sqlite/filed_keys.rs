//! A bit filter over the record keys filed in `case_keys`: which keys the index certainly does
//! not hold, so that a new case (nearly every case of an import) is not looked up in it.
//!
//! Looking a new key up in `case_keys` reads one leaf of an index written at random places,
//! usually a page the writer's cache no longer holds: a system call and a copy per case stored.
//! The filter answers "not filed" from memory for all but a small share of new keys, and only
//! that share is looked up. It never says "not filed" of a key it was given: a filter that lacks
//! a filed key would let a record be stored twice, so `key_tier` builds it from the index itself
//! and adds every key filed since, and throws it away whenever keys may have changed in place.
//! Keys deleted from the index stay set: they cost a lookup, never a wrong answer.

use rusqlite::Transaction;

use crate::Result;

/// Bits per key at the most before the filter is built again larger (a key sets three bits:
/// about 0.5 % of new keys are then looked up, fewer while it has more room).
const BITS_PER_KEY_AT_LEAST: usize = 16;

/// The smallest filter, in bits (16 KiB).
const FEWEST_BITS: usize = 1 << 17;

pub(super) struct FiledKeys {
    words: Vec<u64>,
    /// `64 - log2(bits)`: a hash's top bits pick a bit.
    shift: u32,
    held: usize,
}

/// A record key's first eight bytes as one number: the compact form the tier and the filter
/// hold, confirmed against the full key where it matters.
pub(super) fn prefix(key: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    let n = key.len().min(8);
    bytes[..n].copy_from_slice(&key[..n]);
    u64::from_le_bytes(bytes)
}

/// Two independent 64-bit hashes of a key's first eight bytes (keys are MACs, so their bytes
/// are already uniform; the mixing keeps the filter sound for any keys, only less exact).
fn hashes(prefix: u64) -> (u64, u64) {
    let first = prefix.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let second = (prefix ^ (prefix >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9) | 1;
    (first, second)
}

impl FiledKeys {
    /// An empty filter with room for `keys` keys.
    pub(super) fn with_room_for(keys: usize) -> FiledKeys {
        let bits = keys
            .saturating_mul(2 * BITS_PER_KEY_AT_LEAST)
            .max(FEWEST_BITS)
            .next_power_of_two();
        FiledKeys {
            words: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
            held: 0,
        }
    }

    /// The filter of every key `case_keys` holds, read inside `tx`, with room for `more`.
    pub(super) fn read(tx: &Transaction<'_>, more: usize) -> Result<FiledKeys> {
        let held: i64 = tx.query_row("SELECT COUNT(*) FROM case_keys", [], |r| r.get(0))?;
        let mut filter = FiledKeys::with_room_for(usize::try_from(held).unwrap_or(0) + more);
        let mut stmt = tx.prepare_cached("SELECT record_key FROM case_keys")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let key = row.get_ref(0)?;
            let bytes = key.as_bytes().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(0, key.data_type(), Box::new(e))
            })?;
            filter.add(prefix(bytes));
        }
        Ok(filter)
    }

    fn bits(&self, prefix: u64) -> [usize; 3] {
        let (first, second) = hashes(prefix);
        [0u64, 1, 2].map(|i| (first.wrapping_add(i.wrapping_mul(second)) >> self.shift) as usize)
    }

    pub(super) fn add(&mut self, prefix: u64) {
        for bit in self.bits(prefix) {
            self.words[bit / 64] |= 1 << (bit % 64);
        }
        self.held += 1;
    }

    /// False only if no key with this prefix was added.
    pub(super) fn may_hold(&self, prefix: u64) -> bool {
        self.bits(prefix)
            .iter()
            .all(|&bit| self.words[bit / 64] & (1 << (bit % 64)) != 0)
    }

    /// Whether it holds more keys than it has room for (it stays sound, only less exact).
    pub(super) fn is_crowded(&self) -> bool {
        self.held.saturating_mul(BITS_PER_KEY_AT_LEAST) > self.words.len() * 64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(seed: u64, n: usize) -> Vec<u64> {
        // splitmix64: distinct, uniform prefixes.
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^ (z >> 31)
            })
            .collect()
    }

    #[test]
    fn every_key_added_is_held_and_few_others_seem_to_be() {
        let added = keys(1, 200_000);
        let mut filter = FiledKeys::with_room_for(added.len());
        for &key in &added {
            filter.add(key);
        }
        assert!(added.iter().all(|&key| filter.may_hold(key)));
        assert!(!filter.is_crowded());
        let others = keys(2, 200_000);
        let seeming = others.iter().filter(|&&key| filter.may_hold(key)).count();
        assert!(
            seeming < 1_000,
            "{seeming} of 200,000 new keys seemed filed"
        );
    }

    #[test]
    fn a_filter_past_its_room_is_crowded_and_still_holds_every_key() {
        let added = keys(3, 20_000);
        let mut filter = FiledKeys::with_room_for(0);
        for &key in &added {
            filter.add(key);
        }
        assert!(filter.is_crowded());
        assert!(added.iter().all(|&key| filter.may_hold(key)));
    }
}
