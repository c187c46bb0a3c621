//! The one place randomness comes from: the operating system's generator, never a user-space
//! PRNG, so a forked process or a restored snapshot cannot repeat nonces or keys.

use crate::VaultError;

pub(crate) fn fill(buf: &mut [u8]) -> Result<(), VaultError> {
    getrandom::getrandom(buf).map_err(|e| VaultError::Random(e.to_string()))
}

pub(crate) fn bytes<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut out = [0u8; N];
    fill(&mut out)?;
    Ok(out)
}

/// `n` random bytes from the operating system, as lowercase hex: for values that only need to
/// be unguessable (a form's anti-forgery value), never for keys.
pub fn random_hex(n: usize) -> Result<String, VaultError> {
    let mut buf = vec![0u8; n];
    fill(&mut buf)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// A number strictly between 0 and 1 from the operating system's generator: 53 random bits,
/// offset by half a step so that neither end is ever drawn (a Laplace sample takes its log).
pub fn random_unit() -> Result<f64, VaultError> {
    let bits = u64::from_le_bytes(bytes::<8>()?) >> 11;
    Ok((bits as f64 + 0.5) / (1u64 << 53) as f64)
}
