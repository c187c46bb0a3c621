//! The one sealed format, shared by records (`DataKey::seal`) and wrapped data keys
//! (`MasterKey::wrap`): `version || nonce || ciphertext || tag`, XChaCha20-Poly1305.
//!
//! XChaCha's 24-byte nonces are drawn at random for every message: at that size random nonces
//! never collide in practice, so no counter has to survive restarts or be shared between
//! processes. The version byte is also authenticated (it is prepended to the associated data),
//! so a later format can never be opened as this one.

use chacha20poly1305::aead::AeadInPlace;
use chacha20poly1305::{KeyInit, Tag, XChaCha20Poly1305, XNonce};
use zeroize::Zeroize;

use crate::{random, VaultError};

pub(crate) const VERSION: u8 = 1;
pub(crate) const NONCE_LEN: usize = 24;
pub(crate) const TAG_LEN: usize = 16;
/// Bytes a sealed message has beyond its plaintext.
pub(crate) const OVERHEAD: usize = 1 + NONCE_LEN + TAG_LEN;

pub(crate) fn seal(key: &[u8; 32], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, VaultError> {
    seal_with_nonce(key, &random::bytes()?, plaintext, aad)
}

/// `seal` with the nonce given: only `seal` and the known-answer tests call it, since a nonce
/// that is not fresh and random breaks the cipher.
pub(crate) fn seal_with_nonce(
    key: &[u8; 32],
    nonce: &[u8; NONCE_LEN],
    plaintext: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, VaultError> {
    let mut out = Vec::with_capacity(OVERHEAD + plaintext.len());
    out.push(VERSION);
    out.extend_from_slice(nonce);
    out.extend_from_slice(plaintext);
    let cipher = XChaCha20Poly1305::new(key.into());
    let tag = cipher
        .encrypt_in_place_detached(
            XNonce::from_slice(nonce),
            &versioned(aad),
            &mut out[1 + NONCE_LEN..],
        )
        .map_err(|_| {
            // The plaintext copy is still in `out`; the only failure is a message too large.
            out.zeroize();
            VaultError::TooLarge
        })?;
    out.extend_from_slice(&tag);
    Ok(out)
}

pub(crate) fn open(key: &[u8; 32], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, VaultError> {
    if sealed.len() < OVERHEAD {
        return Err(VaultError::Truncated {
            len: sealed.len(),
            min: OVERHEAD,
        });
    }
    let (head, rest) = sealed.split_at(1 + NONCE_LEN);
    let (version, nonce) = head.split_at(1);
    if version[0] != VERSION {
        return Err(VaultError::UnknownVersion(version[0]));
    }
    let (ciphertext, tag) = rest.split_at(rest.len() - TAG_LEN);
    let mut plaintext = ciphertext.to_vec();
    let cipher = XChaCha20Poly1305::new(key.into());
    // The tag is checked before anything is decrypted, so on failure `plaintext` still holds
    // only ciphertext.
    cipher
        .decrypt_in_place_detached(
            XNonce::from_slice(nonce),
            &versioned(aad),
            &mut plaintext,
            Tag::from_slice(tag),
        )
        .map_err(|_| VaultError::Open)?;
    Ok(plaintext)
}

fn versioned(aad: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + aad.len());
    out.push(VERSION);
    out.extend_from_slice(aad);
    out
}
