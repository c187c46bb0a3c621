//! Bloom filters as CLK files carry them: 64-bit words written as hexadecimal text.
//!
//! Writing a CLK file and preparing one for linkage must agree on this text form, and neither
//! should need the other to do it: the encoder knows keys and hashing, preparation knows
//! columns and comparisons, and both only share how bits become text and back.

use std::fmt::Write as _;

/// Hexadecimal digits per 64-bit word.
const DIGITS_PER_WORD: usize = 16;

/// The words of a filter as hexadecimal text, 16 digits each, most significant digit first.
pub fn to_hex(words: &[u64]) -> String {
    let mut s = String::with_capacity(words.len() * DIGITS_PER_WORD);
    for w in words {
        let _ = write!(s, "{w:016x}");
    }
    s
}

/// How many words hold a filter written as `hex` (a short last word counts whole).
pub fn words_in(hex: &str) -> usize {
    hex.len().div_ceil(DIGITS_PER_WORD)
}

/// Decodes hexadecimal written by [`to_hex`] into `out`, word by word; a malformed word is left
/// zero, which compares as missing rather than as some other value.
pub fn decode_hex_into(hex: &str, out: &mut [u64]) {
    for (slot, chunk) in out.iter_mut().zip(hex.as_bytes().chunks(DIGITS_PER_WORD)) {
        *slot = std::str::from_utf8(chunk)
            .ok()
            .and_then(|c| u64::from_str_radix(c, 16).ok())
            .unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let words = vec![0x0123_4567_89ab_cdef, 42];
        let hex = to_hex(&words);
        assert_eq!(words_in(&hex), 2);
        let mut back = vec![0; 2];
        decode_hex_into(&hex, &mut back);
        assert_eq!(back, words);
    }

    #[test]
    fn malformed_words_decode_to_zero() {
        let mut out = vec![7; 2];
        decode_hex_into("zz23456789abcdef000000000000002a", &mut out);
        assert_eq!(out, [0, 42]);
    }
}
