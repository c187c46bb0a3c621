//! Rastro's cryptography, in one small crate so that it is reviewed in one place: the master key
//! file, envelope encryption of records (XChaCha20-Poly1305 under per-organisation data keys,
//! themselves wrapped by the master key), derived keys for pseudonyms and blind indexes
//! (HKDF-SHA256 / HMAC-SHA256), Argon2id password hashing, API tokens and hash chains.
//!
//! It knows no other Rastro crate and does no SQL, HTTP or terminal output: the store calls it
//! with bytes and labels and keeps what it returns. Key material is zeroized on drop and never
//! shown by `Debug`.

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::todo)
)]

pub mod chain;
mod data_key;
mod encode;
mod error;
mod kdf;
mod key_file;
mod master_key;
mod number_cipher;
pub mod password;
mod random;
mod sealed;
mod secret_key;
pub mod token;

#[cfg(test)]
mod known_answers;

pub use data_key::DataKey;
pub use error::VaultError;
pub use master_key::MasterKey;
pub use number_cipher::NumberCipher;
pub use random::{random_hex, random_unit};
pub use sealed::Sealer;
pub use secret_key::{KeyedMac, SecretKey};

/// Bytes a sealed record has beyond its plaintext: version (1), nonce (24) and tag (16).
pub const SEAL_OVERHEAD: usize = sealed::OVERHEAD;
