//! Digests of values: what distinct counts count and what decides which thread keeps an
//! account. xxh3 spreads every bit of the value, so two cities or two payers share a 32-bit
//! digest only by rare chance. (Tables use `rastro_text::fasthash`, the workspace's one hasher.)

use xxhash_rust::xxh3::xxh3_64;

/// A 32-bit digest of a value for distinct counts; never 0, which stands for "no value".
pub(crate) fn hash32(text: &str) -> u32 {
    let h = xxh3_64(text.as_bytes());
    match (h ^ (h >> 32)) as u32 {
        0 => 1,
        v => v,
    }
}

pub(crate) fn hash64(text: &str) -> u64 {
    xxh3_64(text.as_bytes())
}
