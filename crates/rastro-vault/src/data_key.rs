//! An organisation's data-encryption key: it seals that organisation's records and is itself
//! stored only wrapped under the master key (envelope encryption), so rotating or revoking one
//! organisation's key never touches another's data.

use std::fmt;

use zeroize::Zeroize;

use crate::encode::hex;
use crate::{kdf, random, sealed, SecretKey, VaultError};

/// An organisation's data-encryption key.
pub struct DataKey {
    bytes: [u8; 32],
    /// The AEAD key, derived once from `bytes` rather than per record; `bytes` itself is used
    /// only as a derivation root, never directly as a cipher key.
    seal_key: [u8; 32],
}

impl DataKey {
    pub fn generate() -> Result<DataKey, VaultError> {
        Ok(DataKey::from_bytes(random::bytes()?))
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> DataKey {
        let seal_key = kdf::expand(&bytes, kdf::SEAL, b"");
        DataKey { bytes, seal_key }
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    #[cfg(test)]
    pub(crate) fn seal_key(&self) -> &[u8; 32] {
        &self.seal_key
    }

    /// AEAD-seals `plaintext` with `aad` (e.g. the record's id) bound: output is
    /// version byte || nonce || ciphertext+tag, 41 bytes longer than the plaintext.
    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, VaultError> {
        sealed::seal(&self.seal_key, plaintext, aad)
    }

    /// Runs `f` with a [`sealed::Sealer`] under this key whose first `messages` nonces are drawn
    /// from the operating system at once; it seals as [`DataKey::seal`] does.
    pub fn with_sealer<T>(
        &self,
        messages: usize,
        f: impl FnOnce(&mut sealed::Sealer<'_>) -> T,
    ) -> Result<T, VaultError> {
        let mut sealer = sealed::Sealer::new(&self.seal_key, messages)?;
        Ok(f(&mut sealer))
    }

    /// Opens what `seal` made; any change to the bytes, the aad or the key is an error.
    pub fn open(&self, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, VaultError> {
        sealed::open(&self.seal_key, sealed, aad)
    }

    /// A per-organisation subkey (e.g. "blind-index") derived from this key.
    pub fn derive(&self, purpose: &str) -> SecretKey {
        SecretKey::from_bytes(kdf::expand(
            &self.bytes,
            kdf::DATA_PURPOSE,
            purpose.as_bytes(),
        ))
    }

    /// A short public fingerprint (16 hex characters) of this key, to tell keys apart in logs
    /// and key-rotation records; reveals nothing of the key.
    pub fn fingerprint(&self) -> String {
        hex(&kdf::expand(&self.bytes, kdf::FINGERPRINT, b"")[..8])
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        self.bytes.zeroize();
        self.seal_key.zeroize();
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKey")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}
