//! Public ids: 128 random bits in Crockford base32 (26 characters). Random so that an id tells
//! nothing about how many records exist or when one was made, and cannot be guessed.

use crate::StoreError;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Hands out random ids, drawing entropy from the operating system in blocks.
pub struct IdSource {
    pool: Vec<u8>,
}

impl IdSource {
    pub fn new() -> Self {
        IdSource { pool: Vec::new() }
    }

    pub fn next_id(&mut self) -> Result<String, StoreError> {
        if self.pool.len() < 16 {
            let mut block = vec![0u8; 16 * 256];
            getrandom::getrandom(&mut block).map_err(|e| StoreError::Entropy(e.to_string()))?;
            self.pool = block;
        }
        let start = self.pool.len() - 16;
        let bytes: Vec<u8> = self.pool.drain(start..).collect();
        Ok(encode(&bytes))
    }
}

/// An id written from 16 bytes the caller made (a keyed MAC), in the same alphabet and length
/// as random ones.
pub(crate) fn keyed_id(bytes: &[u8; 16]) -> String {
    encode(bytes)
}

fn encode(bytes: &[u8]) -> String {
    let mut value = bytes
        .iter()
        .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
    let mut out = [0u8; 26];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(value & 31) as usize];
        value >>= 5;
    }
    out.iter().map(|&b| b as char).collect()
}

/// Whether a text has the shape of an id, checked before it reaches a query.
pub fn looks_like_id(text: &str) -> bool {
    text.len() == 26 && text.bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_well_formed() {
        let mut ids = IdSource::new();
        let a = ids.next_id().unwrap();
        let b = ids.next_id().unwrap();
        assert_ne!(a, b);
        assert!(looks_like_id(&a), "{a}");
        assert!(!looks_like_id("1"));
    }
}
