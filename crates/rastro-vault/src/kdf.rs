//! Key derivation: every key Rastro uses is derived from a 32-byte root (the master key or an
//! organisation's data key) by HKDF-SHA256's expand step (RFC 5869), one output block. The extract
//! step is skipped because the roots are already uniformly random (RFC 5869, section 3.3), which
//! makes a derived key exactly HMAC-SHA256(root, info || 0x01) — easy to reproduce elsewhere.
//!
//! The `info` strings below are the domain labels. Each is fixed, and user purposes only ever
//! follow a label that ends in ':', so no purpose can produce another label's key.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroize;

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// The AEAD key with which a master key wraps data keys.
pub(crate) const WRAP: &[u8] = b"rastro-vault v1 wrap";
/// The AEAD key with which a data key seals records.
pub(crate) const SEAL: &[u8] = b"rastro-vault v1 seal";
/// The public fingerprint of a master or data key.
pub(crate) const FINGERPRINT: &[u8] = b"rastro-vault v1 fingerprint";
/// `MasterKey::derive(purpose)`: this label, then the purpose.
pub(crate) const MASTER_PURPOSE: &[u8] = b"rastro-vault v1 master derive:";
/// `DataKey::derive(purpose)`: this label, then the purpose.
pub(crate) const DATA_PURPOSE: &[u8] = b"rastro-vault v1 data-key derive:";

/// HMAC keyed with a 32-byte key. HMAC pads a key shorter than the hash's 64-byte block with
/// zeros (RFC 2104), so padding it here gives the same MAC through the infallible constructor,
/// with no `Result` that could never be an error.
pub(crate) fn hmac(key: &[u8; 32]) -> HmacSha256 {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let mac = <HmacSha256 as hmac::digest::KeyInit>::new(&block.into());
    block.zeroize();
    mac
}

/// HKDF-SHA256-Expand(root, label || purpose, 32).
pub(crate) fn expand(root: &[u8; 32], label: &[u8], purpose: &[u8]) -> [u8; 32] {
    let mut mac = hmac(root);
    mac.update(label);
    mac.update(purpose);
    mac.update(&[1]);
    let mut tag = mac.finalize().into_bytes();
    let mut out = [0u8; 32];
    out.copy_from_slice(&tag);
    tag.as_mut_slice().zeroize();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::hex;

    #[test]
    fn expand_is_rfc5869_test_case_1() {
        // RFC 5869 A.1: PRK and info given; the first 32 bytes of OKM are T(1).
        let prk = crate::encode::from_hex::<32>(
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
        )
        .unwrap();
        let info = [0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9];
        let okm = expand(&prk, &info[..4], &info[4..]);
        assert_eq!(
            hex(&okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
        );
    }

    #[test]
    fn labels_are_distinct_and_purposes_cannot_reach_them() {
        let labels = [WRAP, SEAL, FINGERPRINT, MASTER_PURPOSE, DATA_PURPOSE];
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(!a.starts_with(b) && !b.starts_with(a));
            }
        }
        assert!(MASTER_PURPOSE.ends_with(b":") && DATA_PURPOSE.ends_with(b":"));
    }
}
