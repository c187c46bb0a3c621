//! Keyed hashing for values that must be matched without being readable: blind indexes, audit
//! query hashes and pseudonyms. A `SecretKey` is always derived for one purpose (see
//! `MasterKey::derive`, `DataKey::derive`), so a leaked index of one kind says nothing about
//! another.

use std::fmt;

use hmac::Mac;
use zeroize::Zeroize;

use crate::encode::{crockford, hex};
use crate::kdf::{self, HmacSha256};

/// Domain label of pseudonym MACs, so a pseudonym's bits are never the MAC of the same value
/// that `mac` gives.
const PSEUDONYM: &[u8] = b"rastro-vault v1 pseudonym";

/// How many MAC bytes a pseudonym keeps: 80 bits, 16 base32 characters, enough that two values
/// in any realistic registry do not collide (birthday bound near 2^40 values).
const PSEUDONYM_BYTES: usize = 10;

/// A keyed-hash key (HMAC-SHA256).
///
/// Only the keyed state is kept (the hash states after the padded key, as `NumberCipher` keeps
/// its own): keying HMAC hashes two blocks, as many as a short MAC itself, and an import makes
/// several MACs per case under the same key. Like `NumberCipher`'s, this state is not wiped on
/// drop: the `hmac` crate offers no way to, and the crate forbids the unsafe code it would take.
pub struct SecretKey {
    keyed: HmacSha256,
}

impl SecretKey {
    pub(crate) fn from_bytes(mut bytes: [u8; 32]) -> SecretKey {
        let keyed = kdf::hmac(&bytes);
        bytes.zeroize();
        SecretKey { keyed }
    }

    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = self.keyed.clone();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    /// Lowercase hex of the first `bytes` bytes of the MAC. `bytes` is clamped to 8..=32: fewer
    /// than 8 bytes would make an index that collides by design, and a MAC has only 32.
    pub fn mac_hex(&self, data: &[u8], bytes: usize) -> String {
        let n = bytes.clamp(8, 32);
        hex(&self.mac(data)[..n])
    }

    /// A stable pseudonym for a value: `prefix` + Crockford base32 of the first 10 bytes of a
    /// MAC over the prefix and the value. The same value and key always give the same pseudonym;
    /// without the key it cannot be linked to the value. The prefix is part of the MAC (with its
    /// length, so "P-"+"x" and "P"+"-x" differ), so one value under two prefixes gives two
    /// unrelated pseudonyms.
    pub fn pseudonym(&self, prefix: &str, value: &str) -> String {
        let mut mac = self.keyed.clone();
        mac.update(PSEUDONYM);
        mac.update(&(prefix.len() as u64).to_be_bytes());
        mac.update(prefix.as_bytes());
        mac.update(value.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut out = String::with_capacity(prefix.len() + 16);
        out.push_str(prefix);
        out.push_str(&crockford(&digest[..PSEUDONYM_BYTES]));
        out
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<secret>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The MAC of `parts` under `key`, keyed afresh: what every MAC was before the keyed state
    /// was kept.
    fn fresh_mac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = kdf::hmac(key);
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    #[test]
    fn the_kept_keyed_state_gives_every_mac_as_if_keyed_afresh() {
        let raw: [u8; 32] = std::array::from_fn(|i| (i * 7 + 3) as u8);
        let key = SecretKey::from_bytes(raw);
        // Lengths around the block size, in turns with pseudonyms, so a state left dirty by
        // one use would show in the next.
        for len in [0usize, 1, 55, 56, 63, 64, 65, 200] {
            let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
            assert_eq!(key.mac(&data), fresh_mac(&raw, &[&data]), "length {len}");
            assert_eq!(
                key.mac(&data),
                fresh_mac(&raw, &[&data]),
                "again, length {len}"
            );
            let pseudonym = key.pseudonym("P-", "V-1");
            let digest = fresh_mac(&raw, &[PSEUDONYM, &2u64.to_be_bytes(), b"P-", b"V-1"]);
            assert_eq!(
                pseudonym,
                format!("P-{}", crockford(&digest[..PSEUDONYM_BYTES]))
            );
        }
        let other = SecretKey::from_bytes([9; 32]);
        assert_ne!(other.mac(b"x"), key.mac(b"x"));
    }
}
