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
    rastro_text::fasthash::up_to_eight(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_is_the_first_eight_bytes_zero_padded_at_every_length() {
        let bytes: Vec<u8> = (1..=12).map(|b| b * 17).collect();
        for len in 0..=bytes.len() {
            let word = &bytes[..len];
            let padded = word
                .iter()
                .take(8)
                .enumerate()
                .fold(0u64, |h, (i, &b)| h | u64::from(b) << (8 * i));
            assert_eq!(head_of_bytes(word), padded, "{len} bytes");
        }
        assert_eq!(head_of("de"), u64::from(b'd') | u64::from(b'e') << 8);
    }
}
