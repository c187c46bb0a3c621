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
    // A shorter word is read by two loads of its first and its last bytes, which overlap and
    // agree where they do: no loop over its bytes, and no copy of a length known only at run
    // time (which is a call).
    let len = bytes.len();
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        return u64::from(u32::from_le_bytes(*first))
            | u64::from(u32::from_le_bytes(*last)) << (8 * (len - 4));
    }
    if let (Some(first), Some(last)) = (bytes.first_chunk::<2>(), bytes.last_chunk::<2>()) {
        return u64::from(u16::from_le_bytes(*first))
            | u64::from(u16::from_le_bytes(*last)) << (8 * (len - 2));
    }
    bytes.first().map_or(0, |&b| u64::from(b))
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
