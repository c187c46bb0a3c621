//! Passwords of people who sign in: slow, salted, memory-hard hashing (Argon2id), so a stolen
//! users table costs an attacker real hardware per guess. Stored as PHC strings
//! (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`), which carry their own parameters, so raising
//! the parameters later leaves old hashes verifiable.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::{random, VaultError};

/// OWASP's minimum recommendation for Argon2id (Password Storage Cheat Sheet): 19 MiB of
/// memory, 2 passes, 1 lane. Tens of milliseconds per hash on one core.
const M_COST_KIB: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;
const SALT_BYTES: usize = 16;
const OUTPUT_BYTES: usize = 32;

/// Ceilings on what a stored hash may ask for. A stored string with absurd parameters (a
/// corrupted or tampered row) must not make a sign-in allocate gigabytes or spin for minutes;
/// these leave room to raise our own parameters several times over.
const MAX_M_COST_KIB: u32 = 256 * 1024;
const MAX_T_COST: u32 = 16;
const MAX_P_COST: u32 = 8;

fn hasher() -> Result<Argon2<'static>, VaultError> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, Some(OUTPUT_BYTES))
        .map_err(|e| VaultError::PasswordHash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Argon2id (m = 19 MiB, t = 2, p = 1), random 16-byte salt, PHC string output.
pub fn hash(password: &str) -> Result<String, VaultError> {
    let salt_bytes: [u8; SALT_BYTES] = random::bytes()?;
    let salt =
        SaltString::encode_b64(&salt_bytes).map_err(|e| VaultError::PasswordHash(e.to_string()))?;
    let phc = hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| VaultError::PasswordHash(e.to_string()))?;
    Ok(phc.to_string())
}

/// Constant-time verification against a PHC string; a malformed stored string is an error, a
/// wrong password is Ok(false). Only Argon2id version 0x13 strings within sane parameter bounds
/// are accepted.
pub fn verify(password: &str, phc: &str) -> Result<bool, VaultError> {
    let parsed = parse(phc)?;
    // The verifier takes algorithm, version and parameters from the string; the comparison of
    // outputs is constant-time (`password_hash::Output`'s equality).
    match hasher()?.verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::Password) => Ok(false),
        Err(e) => Err(VaultError::PasswordHash(e.to_string())),
    }
}

/// Whether a stored hash was made with other parameters than `hash` uses now, so the caller can
/// re-hash the password it has just verified. A string that does not parse needs it too.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = parse(phc) else {
        return true;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return true;
    };
    params.m_cost() != M_COST_KIB
        || params.t_cost() != T_COST
        || params.p_cost() != P_COST
        || parsed.hash.map(|h| h.len()) != Some(OUTPUT_BYTES)
}

fn parse(phc: &str) -> Result<PasswordHash<'_>, VaultError> {
    let malformed = |why: &str| VaultError::PasswordHashFormat(why.to_string());
    let parsed = PasswordHash::new(phc).map_err(|e| malformed(&e.to_string()))?;
    if parsed.algorithm != argon2::ARGON2ID_IDENT {
        return Err(malformed("not an Argon2id hash"));
    }
    if parsed.version != Some(Version::V0x13.into()) {
        return Err(malformed("not Argon2 version 19 (0x13)"));
    }
    if parsed.salt.is_none() || parsed.hash.is_none() {
        return Err(malformed("salt or hash missing"));
    }
    let params = Params::try_from(&parsed).map_err(|e| malformed(&e.to_string()))?;
    if params.m_cost() > MAX_M_COST_KIB
        || params.t_cost() > MAX_T_COST
        || params.p_cost() > MAX_P_COST
    {
        return Err(malformed("parameters beyond the limits Rastro accepts"));
    }
    Ok(parsed)
}
