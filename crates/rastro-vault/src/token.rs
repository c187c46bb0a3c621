//! API tokens for programs (the future HTTP server's clients): `rst_<id>_<secret>`. The id finds
//! the row without scanning; the secret is stored only as a hash, so a copy of the database
//! cannot be used to call the API. The `rst_` prefix lets secret scanners recognise a leaked
//! token.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::encode::{from_hex, hex, is_crockford, CROCKFORD};
use crate::{random, VaultError};

const PREFIX: &str = "rst_";
/// 60 bits: a lookup key, not a secret, but unguessable enough not to reveal how many exist.
const ID_CHARS: usize = 12;
/// 160 bits from the OS generator: far beyond guessing, which is why a fast hash suffices.
const SECRET_CHARS: usize = 32;

/// An API token: a public id (to look it up) and a secret (shown once).
pub struct Token {
    pub id: String,
    pub secret: String,
}

impl Token {
    pub fn generate() -> Result<Token, VaultError> {
        Ok(Token {
            id: random_crockford::<ID_CHARS>()?,
            secret: random_crockford::<SECRET_CHARS>()?,
        })
    }

    /// `rst_<id>_<secret>`.
    pub fn render(&self) -> String {
        format!("{PREFIX}{}_{}", self.id, self.secret)
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("id", &self.id)
            .field("secret", &"<secret>")
            .finish()
    }
}

impl Drop for Token {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.secret);
    }
}

/// One character per random byte, its low 5 bits: 256 is a multiple of 32, so every character
/// is equally likely.
fn random_crockford<const N: usize>() -> Result<String, VaultError> {
    let mut bytes: [u8; N] = random::bytes()?;
    let text = bytes
        .iter()
        .map(|&b| char::from(CROCKFORD[usize::from(b & 31)]))
        .collect();
    zeroize::Zeroize::zeroize(&mut bytes);
    Ok(text)
}

/// Splits a rendered token into (id, secret); `None` when it does not have the exact shape
/// (prefix, 12 + 32 characters of uppercase Crockford base32, one `_` between).
pub fn parse(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    if id.len() != ID_CHARS
        || secret.len() != SECRET_CHARS
        || !is_crockford(id)
        || !is_crockford(secret)
    {
        return None;
    }
    Some((id.to_string(), secret.to_string()))
}

/// What the store keeps: SHA-256 of the secret, lowercase hex.
pub fn hash_secret(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Constant-time comparison of a presented secret with a stored hash; a stored hash that is
/// not 64 lowercase hex characters matches nothing.
pub fn verify_secret(secret: &str, stored_hash: &str) -> bool {
    let Some(stored) = from_hex::<32>(stored_hash) else {
        return false;
    };
    let presented: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
    presented.ct_eq(&stored).into()
}
