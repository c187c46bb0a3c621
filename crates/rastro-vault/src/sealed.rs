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

/// Seals many messages under one key, their nonces drawn from the operating system together:
/// one system call per batch instead of one per message (for an import, a tenth of the sealing
/// thread's time went to the call). Each nonce is as fresh and random as one drawn alone, is
/// taken out of the batch when used, and the batch lives only for one call of
/// [`crate::DataKey::with_sealer`]; past the batch, nonces are drawn one at a time.
pub struct Sealer<'k> {
    key: &'k [u8; 32],
    nonces: Vec<u8>,
    used: usize,
}

/// Nonces drawn at once at most (24 bytes each).
const MAX_NONCES: usize = 4096;

impl<'k> Sealer<'k> {
    pub(crate) fn new(key: &'k [u8; 32], messages: usize) -> Result<Sealer<'k>, VaultError> {
        let mut nonces = vec![0u8; messages.min(MAX_NONCES) * NONCE_LEN];
        random::fill(&mut nonces)?;
        Ok(Sealer {
            key,
            nonces,
            used: 0,
        })
    }

    /// As [`crate::DataKey::seal`].
    pub fn seal(&mut self, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, VaultError> {
        let nonce = self.next_nonce()?;
        seal_with_nonce(self.key, &nonce, plaintext, aad)
    }

    fn next_nonce(&mut self) -> Result<[u8; NONCE_LEN], VaultError> {
        let Some(drawn) = self.nonces.get_mut(self.used..self.used + NONCE_LEN) else {
            return random::bytes();
        };
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(drawn);
        // Wiped as it is taken, so that nothing left in the batch was ever used.
        drawn.zeroize();
        self.used += NONCE_LEN;
        Ok(nonce)
    }
}

impl Drop for Sealer<'_> {
    fn drop(&mut self) {
        self.nonces.zeroize();
    }
}

/// `seal` with the nonce given: only `seal`, [`Sealer`] and the known-answer tests call it, since
/// a nonce that is not fresh and random breaks the cipher.
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

#[cfg(test)]
mod sealer_tests {
    use super::*;

    fn nonce_of(sealed: &[u8]) -> &[u8] {
        &sealed[1..1 + NONCE_LEN]
    }

    #[test]
    fn a_sealer_takes_each_drawn_nonce_once_in_order_then_draws_more() {
        let key = [9u8; 32];
        let mut sealer = Sealer::new(&key, 2).unwrap();
        let drawn = sealer.nonces.clone();
        let sealed: Vec<Vec<u8>> = (0..3)
            .map(|i| {
                sealer
                    .seal(format!("message {i}").as_bytes(), b"aad")
                    .unwrap()
            })
            .collect();
        assert_eq!(nonce_of(&sealed[0]), &drawn[..NONCE_LEN]);
        assert_eq!(nonce_of(&sealed[1]), &drawn[NONCE_LEN..]);
        // The batch is spent: the third nonce is new, and the batch keeps none of its nonces.
        assert!(!drawn.chunks(NONCE_LEN).any(|n| n == nonce_of(&sealed[2])));
        assert!(sealer.nonces.iter().all(|&b| b == 0));
        for (i, message) in sealed.iter().enumerate() {
            assert_eq!(
                open(&key, message, b"aad").unwrap(),
                format!("message {i}").as_bytes()
            );
        }
    }

    #[test]
    fn a_sealers_batch_is_bounded() {
        let key = [9u8; 32];
        let sealer = Sealer::new(&key, 1_000_000).unwrap();
        assert_eq!(sealer.nonces.len(), MAX_NONCES * NONCE_LEN);
        assert!(Sealer::new(&key, 0).unwrap().nonces.is_empty());
    }
}
