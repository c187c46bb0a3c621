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
        mac_with(kdf::hmac(&self.bytes), data)
    }

    /// Runs `f` with this key's HMAC state made once, for the many MACs and pseudonyms of one
    /// batch (an import's batch of cases takes one record key, a third of an identity index and
    /// four to six pseudonyms per case, and making the state was two of the hash blocks of each
    /// MAC). The state lives only for this call, as the state of one MAC does: it is handed out
    /// by reference and cannot be copied out.
    pub fn with_keyed<T>(&self, f: impl FnOnce(&KeyedMac) -> T) -> T {
        f(&KeyedMac {
            state: kdf::hmac(&self.bytes),
        })
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
        pseudonym_with(kdf::hmac(&self.bytes), prefix, value)
    }

    /// [`SecretKey::pseudonym`] of each (prefix, value) pair, in order. The key's HMAC state is
    /// made once for all of them and copied for each (a case's name tokens, birth date and
    /// document take four to six pseudonyms, and making the state was two of the five hash
    /// blocks of each); it lives only for this call, as the state of one pseudonym does.
    pub fn pseudonyms(&self, values: &[(&str, &str)]) -> Vec<String> {
        self.with_keyed(|keyed| keyed.pseudonyms(values))
    }
}

/// A [`SecretKey`]'s HMAC state, keyed once; lent by [`SecretKey::with_keyed`] only. Each MAC or
/// pseudonym starts from a copy of it and gives what the key's own method gives.
pub struct KeyedMac {
    state: kdf::HmacSha256,
}

impl KeyedMac {
    /// [`SecretKey::mac`].
    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        mac_with(self.state.clone(), data)
    }

    /// [`SecretKey::pseudonym`].
    pub fn pseudonym(&self, prefix: &str, value: &str) -> String {
        pseudonym_with(self.state.clone(), prefix, value)
    }

    /// [`SecretKey::pseudonyms`].
    pub fn pseudonyms(&self, values: &[(&str, &str)]) -> Vec<String> {
        values
            .iter()
            .map(|(prefix, value)| self.pseudonym(prefix, value))
            .collect()
    }
}

fn mac_with(mut mac: kdf::HmacSha256, data: &[u8]) -> [u8; 32] {
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The pseudonym of `value` under `prefix`, from a fresh keyed HMAC state.
fn pseudonym_with(mut mac: kdf::HmacSha256, prefix: &str, value: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_made_together_are_the_pseudonyms_made_one_by_one() {
        let key = SecretKey::from_bytes([7; 32]);
        let other = SecretKey::from_bytes([8; 32]);
        let values = [
            ("N", "maria"),
            ("N", "jose"),
            ("N", ""),
            ("D", "1990-02-03"),
            ("I", "AB12345"),
            ("P-", "x"),
            ("P", "-x"),
        ];
        let together = key.pseudonyms(&values);
        let one_by_one: Vec<String> = values.iter().map(|(p, v)| key.pseudonym(p, v)).collect();
        assert_eq!(together, one_by_one);
        assert_ne!(together, other.pseudonyms(&values));
        assert!(key.pseudonyms(&[]).is_empty());
    }

    #[test]
    fn a_keyed_state_gives_the_keys_own_macs_and_pseudonyms() {
        let key = SecretKey::from_bytes([7; 32]);
        let other = SecretKey::from_bytes([8; 32]);
        key.with_keyed(|keyed| {
            for data in [&b""[..], b"x", &[0xab; 200]] {
                assert_eq!(keyed.mac(data), key.mac(data));
                assert_ne!(keyed.mac(data), other.mac(data));
            }
            assert_eq!(keyed.pseudonym("N", "maria"), key.pseudonym("N", "maria"));
            // Each use starts afresh: the second MAC of a value is the first.
            assert_eq!(keyed.mac(b"x"), keyed.mac(b"x"));
        });
    }
}
