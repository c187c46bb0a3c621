//! Public ids computed from a store's integer keys and read back without an index: a keyed,
//! deterministic, authenticated encryption of a 64-bit number into 16 bytes.
//!
//! The construction is a two-round Feistel network over the 128-bit block (n, 0) whose right
//! half must come back as the round function of the left: the tag is `T = F₁(n)` (64 bits of
//! HMAC-SHA256 under one derived key) and the left half `n ⊕ F₂(T)` (under another). It is the
//! SIV pattern (a synthetic IV that is also the tag) for a plaintext of one block:
//! - distinct numbers give distinct blocks (the left half is invertible given the tag), so an
//!   id names one key;
//! - without the key every block looks uniformly random: `T` is a PRF of a number never seen
//!   twice, and `F₂(T)` masks the number with a PRF of a value that is itself random, so two ids
//!   say nothing about which key is larger or how far apart they are — neither the count of
//!   records nor the order in which they were made;
//! - a block made without the key opens only if its tag equals `F₁` of what it decodes to,
//!   which a guess achieves with probability 2⁻⁶⁴: ids stay unguessable.

use hmac::Mac;

use crate::kdf::{self, HmacSha256};
use crate::SecretKey;

/// Domain labels of the two round keys, so neither round's outputs are MACs any other use of
/// the key gives.
const TAG_ROUND: &[u8] = b"rastro-vault v1 number tag";
const MASK_ROUND: &[u8] = b"rastro-vault v1 number mask";

/// Encrypts and decrypts numbers under one key; cheap to share between threads (each call
/// clones the keyed state, so no key schedule is repeated).
pub struct NumberCipher {
    tag: HmacSha256,
    mask: HmacSha256,
}

impl NumberCipher {
    pub fn new(key: &SecretKey) -> NumberCipher {
        NumberCipher {
            tag: kdf::hmac(&key.mac(TAG_ROUND)),
            mask: kdf::hmac(&key.mac(MASK_ROUND)),
        }
    }

    /// The 16 bytes that stand for `n`: its tag, then `n` masked.
    pub fn encrypt(&self, n: u64) -> [u8; 16] {
        let tag = self.tag_of(n);
        let masked = n ^ self.mask_of(tag);
        let mut block = [0u8; 16];
        block[..8].copy_from_slice(&tag.to_be_bytes());
        block[8..].copy_from_slice(&masked.to_be_bytes());
        block
    }

    /// The number `block` stands for, or `None` when this key did not make it.
    pub fn decrypt(&self, block: &[u8; 16]) -> Option<u64> {
        let tag = u64::from_be_bytes(half(&block[..8]));
        let n = u64::from_be_bytes(half(&block[8..])) ^ self.mask_of(tag);
        // Not constant time, and need not be: the tag is public once the id is, and whether an
        // id exists is answered by the lookup anyway.
        (self.tag_of(n) == tag).then_some(n)
    }

    fn tag_of(&self, n: u64) -> u64 {
        round(&self.tag, n)
    }

    fn mask_of(&self, tag: u64) -> u64 {
        round(&self.mask, tag)
    }
}

fn round(key: &HmacSha256, input: u64) -> u64 {
    let mut mac = key.clone();
    mac.update(&input.to_be_bytes());
    u64::from_be_bytes(half(&mac.finalize().into_bytes()[..8]))
}

fn half(bytes: &[u8]) -> [u8; 8] {
    let mut out = [0u8; 8];
    out.copy_from_slice(&bytes[..8]);
    out
}

impl std::fmt::Debug for NumberCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NumberCipher(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher(seed: u8) -> NumberCipher {
        NumberCipher::new(&SecretKey::from_bytes([seed; 32]))
    }

    #[test]
    fn numbers_come_back() {
        let c = cipher(7);
        for n in [0, 1, 2, 41, 1 << 40, i64::MAX as u64, u64::MAX] {
            assert_eq!(c.decrypt(&c.encrypt(n)), Some(n));
        }
    }

    #[test]
    fn another_key_opens_nothing() {
        let (a, b) = (cipher(1), cipher(2));
        for n in 1..200u64 {
            assert_ne!(a.encrypt(n), b.encrypt(n));
            assert_eq!(b.decrypt(&a.encrypt(n)), None);
        }
    }

    #[test]
    fn a_changed_bit_opens_nothing() {
        let c = cipher(3);
        let block = c.encrypt(12_345);
        for bit in 0..128 {
            let mut forged = block;
            forged[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(c.decrypt(&forged), None, "bit {bit}");
        }
    }

    /// Consecutive keys must not give neighbouring or ordered blocks: that would tell how many
    /// records exist and which came first.
    #[test]
    fn consecutive_numbers_look_unrelated() {
        let c = cipher(9);
        let blocks: Vec<[u8; 16]> = (1..=1_000u64).map(|n| c.encrypt(n)).collect();
        let ascending = blocks.windows(2).filter(|w| w[0] < w[1]).count();
        // A random order rises about half the time; a counter would rise every time.
        assert!((400..600).contains(&ascending), "{ascending} of 999 rise");
        // Each output bit is set about half the time, none stuck.
        for bit in 0..128 {
            let ones = blocks
                .iter()
                .filter(|b| b[bit / 8] & (1 << (bit % 8)) != 0)
                .count();
            assert!((400..600).contains(&ones), "bit {bit} set {ones} times");
        }
        let mut distinct = blocks.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), blocks.len());
    }
}
