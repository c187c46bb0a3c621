//! The root of every key: 32 random bytes in a key file outside the database. It encrypts no
//! record itself; it wraps each organisation's data key and derives the subkeys (pseudonyms,
//! blind indexes…) that must be the same across organisations.

use std::fmt;
use std::path::Path;

use zeroize::Zeroize;

use crate::encode::hex;
use crate::{kdf, key_file, random, sealed, DataKey, SecretKey, VaultError};

/// 32 random bytes kept in a key file outside the database; the root of every other key.
pub struct MasterKey {
    bytes: [u8; 32],
    /// Derived once; `bytes` is used only as a derivation root, never directly as a cipher key.
    wrap_key: [u8; 32],
}

impl MasterKey {
    pub fn generate() -> Result<MasterKey, VaultError> {
        Ok(MasterKey::from_bytes(random::bytes()?))
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> MasterKey {
        let wrap_key = kdf::expand(&bytes, kdf::WRAP, b"");
        MasterKey { bytes, wrap_key }
    }

    /// Reads a key file. Refuses (clear error naming the path and why) a missing file, a file
    /// in the wrong format, and on Unix a file readable or writable by group or others.
    pub fn load(path: &Path) -> Result<MasterKey, VaultError> {
        key_file::read(path).map(MasterKey::from_bytes)
    }

    /// Writes a new key file with mode 0600 (creating parent directories 0700); refuses to
    /// overwrite an existing file.
    pub fn create_file(path: &Path) -> Result<MasterKey, VaultError> {
        let key = MasterKey::generate()?;
        key_file::write_new(path, &key.bytes)?;
        Ok(key)
    }

    /// `load` if the file exists, else `create_file`. When two processes race to create it,
    /// the loser loads the winner's file.
    pub fn load_or_create(path: &Path) -> Result<MasterKey, VaultError> {
        match MasterKey::load(path) {
            Err(VaultError::KeyFileMissing { .. }) => match MasterKey::create_file(path) {
                Err(VaultError::KeyFileExists { .. }) => MasterKey::load(path),
                created => created,
            },
            loaded => loaded,
        }
    }

    /// A short public fingerprint (16 hex characters) identifying this key, e.g. to record
    /// which key wrapped what; reveals nothing of the key.
    pub fn fingerprint(&self) -> String {
        hex(&kdf::expand(&self.bytes, kdf::FINGERPRINT, b"")[..8])
    }

    /// Envelope encryption: a data key sealed under this key (AEAD, fresh nonce, the `label`
    /// — e.g. the organisation's id — bound as associated data so a wrapped key cannot be moved
    /// to another organisation's row). 73 bytes.
    ///
    /// # Panics
    /// Only if the operating system's random number generator fails, when no nonce can be
    /// drawn safely; `try_wrap` returns that as an error instead.
    #[allow(clippy::panic)]
    pub fn wrap(&self, key: &DataKey, label: &str) -> Vec<u8> {
        match self.try_wrap(key, label) {
            Ok(wrapped) => wrapped,
            Err(e) => panic!("cannot wrap a data key: {e}"),
        }
    }

    /// `wrap`, with a failure of the random number generator returned rather than a panic.
    pub fn try_wrap(&self, key: &DataKey, label: &str) -> Result<Vec<u8>, VaultError> {
        sealed::seal(&self.wrap_key, key.bytes(), label.as_bytes())
    }

    pub fn unwrap(&self, wrapped: &[u8], label: &str) -> Result<DataKey, VaultError> {
        let mut plain = match sealed::open(&self.wrap_key, wrapped, label.as_bytes()) {
            Err(VaultError::Open) => return Err(VaultError::Unwrap),
            other => other?,
        };
        let bytes = <[u8; 32]>::try_from(plain.as_slice()).map_err(|_| VaultError::Unwrap);
        plain.zeroize();
        bytes.map(DataKey::from_bytes)
    }

    /// A subkey for one purpose ("pseudonym", "blind-index", "audit-query", "record-key"…):
    /// HKDF-SHA256-Expand of this key with the purpose in `info`; different purposes give
    /// unrelated keys.
    pub fn derive(&self, purpose: &str) -> SecretKey {
        SecretKey::from_bytes(kdf::expand(
            &self.bytes,
            kdf::MASTER_PURPOSE,
            purpose.as_bytes(),
        ))
    }
}

impl Drop for MasterKey {
    fn drop(&mut self) {
        self.bytes.zeroize();
        self.wrap_key.zeroize();
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MasterKey")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}
