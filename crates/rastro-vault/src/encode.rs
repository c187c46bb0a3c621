//! Text forms of bytes that people copy around: lowercase hex (key file, hashes, fingerprints)
//! and Crockford base32 (pseudonyms, tokens), which avoids I, L, O and U so it survives being
//! read aloud or retyped.

pub(crate) const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const HEX: &[u8; 16] = b"0123456789abcdef";

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Decodes exactly `N` bytes of lowercase hex; anything else (uppercase included, so that one
/// value has one spelling) is `None`.
pub(crate) fn from_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let digits = text.as_bytes();
    if digits.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (slot, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *slot = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
    }
    Some(out)
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Crockford base32, most significant bit first, without padding; a final group of fewer than
/// five bits is padded with zero bits.
pub(crate) fn crockford(bytes: &[u8]) -> String {
    let mut out = String::with_capacity((bytes.len() * 8).div_ceil(5));
    let mut acc: u16 = 0;
    let mut bits = 0u32;
    for &b in bytes {
        acc = (acc << 8) | u16::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(CROCKFORD[usize::from((acc >> bits) & 31)]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(CROCKFORD[usize::from((acc << (5 - bits)) & 31)]));
    }
    out
}

pub(crate) fn is_crockford(text: &str) -> bool {
    text.bytes().all(|b| CROCKFORD.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_other_spellings() {
        let bytes = [0x00, 0x01, 0xab, 0xff];
        assert_eq!(hex(&bytes), "0001abff");
        assert_eq!(from_hex::<4>("0001abff"), Some(bytes));
        assert_eq!(from_hex::<4>("0001ABFF"), None);
        assert_eq!(from_hex::<4>("0001abf"), None);
        assert_eq!(from_hex::<4>("0001abfg"), None);
        assert_eq!(from_hex::<4>("0001abff00"), None);
    }

    #[test]
    fn crockford_matches_rfc4648_vectors_in_crockford_alphabet() {
        // RFC 4648 section 10 vectors, translated from the standard base32 alphabet to
        // Crockford's and with the '=' padding removed.
        assert_eq!(crockford(b""), "");
        assert_eq!(crockford(b"f"), "CR");
        assert_eq!(crockford(b"fo"), "CSQG");
        assert_eq!(crockford(b"foo"), "CSQPY");
        assert_eq!(crockford(b"foob"), "CSQPYRG");
        assert_eq!(crockford(b"fooba"), "CSQPYRK1");
        assert_eq!(crockford(b"foobar"), "CSQPYRK1E8");
        assert_eq!(crockford(&[0xff; 10]), "ZZZZZZZZZZZZZZZZ");
        assert!(is_crockford("0123456789ABCDEFGHJKMNPQRSTVWXYZ"));
        assert!(!is_crockford("I"));
        assert!(!is_crockford("a"));
    }
}
