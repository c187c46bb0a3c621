//! Keyed hashing for values that must be matched without being readable: blind indexes, audit
//! query hashes and pseudonyms. A `SecretKey` is always derived for one purpose (see
//! `MasterKey::derive`, `DataKey::derive`), so a leaked index of one kind says nothing about
//! another.

use std::fmt;

use hmac::Mac;
use zeroize::Zeroize;

use crate::encode::{crockford, hex};
use crate::kdf;

/// Domain label of pseudonym MACs, so a pseudonym's bits are never the MAC of the same value
/// that `mac` gives.
const PSEUDONYM: &[u8] = b"rastro-vault v1 pseudonym";

/// How many MAC bytes a pseudonym keeps: 80 bits, 16 base32 characters, enough that two values
/// in any realistic registry do not collide (birthday bound near 2^40 values).
const PSEUDONYM_BYTES: usize = 10;

/// A keyed-hash key (HMAC-SHA256).
pub struct SecretKey {
    bytes: [u8; 32],
}

impl SecretKey {
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> SecretKey {
        SecretKey { bytes }
    }

    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = kdf::hmac(&self.bytes);
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
        let mut mac = kdf::hmac(&self.bytes);
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

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<secret>)")
    }
}
