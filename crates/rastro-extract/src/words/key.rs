//! How a word's key is held for the table lookups made for every token: the number that no
//! table gives, and the key's first eight bytes as one integer.

/// The number of a word that no table holds.
pub(crate) const NONE: u32 = u32::MAX;

/// The first eight bytes of a word as one number (zero-padded).
#[inline]
pub(crate) fn head_of(key: &str) -> u64 {
    head_of_bytes(key.as_bytes())
}

/// [`head_of`] for any bytes (a piece of evidence's value, for instance).
#[inline]
pub(crate) fn head_of_bytes(bytes: &[u8]) -> u64 {
    if let Some(first) = bytes.first_chunk::<8>() {
        return u64::from_le_bytes(*first);
    }
    // Shorter words byte by byte: a copy of a length known only at run time is a call.
    bytes
        .iter()
        .enumerate()
        .fold(0, |h, (i, &b)| h | u64::from(b) << (8 * i))
}
