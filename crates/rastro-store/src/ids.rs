//! Public ids: 128 bits in Crockford base32 (26 characters) that tell nothing about how many
//! records exist or when one was made, and cannot be guessed. Most records' ids are random; a
//! case's is its integer key encrypted under the store's case-id key (`rastro_vault::NumberCipher`),
//! so that the case is found from its id without an index of random ids to write per case.

use rastro_vault::NumberCipher;

use crate::StoreError;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Hands out random ids, drawing entropy from the operating system in blocks.
pub struct IdSource {
    pool: Vec<u8>,
}

impl IdSource {
    pub fn new() -> Self {
        IdSource { pool: Vec::new() }
    }

    pub fn next_id(&mut self) -> Result<String, StoreError> {
        if self.pool.len() < 16 {
            let mut block = vec![0u8; 16 * 256];
            getrandom::getrandom(&mut block).map_err(|e| StoreError::Entropy(e.to_string()))?;
            self.pool = block;
        }
        let start = self.pool.len() - 16;
        let bytes: Vec<u8> = self.pool.drain(start..).collect();
        Ok(encode(&bytes))
    }
}

/// An id written from 16 bytes the caller made (a keyed MAC), in the same alphabet and length
/// as random ones.
pub(crate) fn keyed_id(bytes: &[u8; 16]) -> String {
    encode(bytes)
}

fn encode(bytes: &[u8]) -> String {
    let mut value = bytes
        .iter()
        .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
    let mut out = [0u8; 26];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(value & 31) as usize];
        value >>= 5;
    }
    out.iter().map(|&b| b as char).collect()
}

/// The 16 bytes an id was written from, or `None` when `text` is no id.
fn decode(text: &str) -> Option<[u8; 16]> {
    if text.len() != 26 {
        return None;
    }
    let mut value = 0u128;
    for (i, b) in text.bytes().enumerate() {
        let digit = ALPHABET.iter().position(|&a| a == b)? as u128;
        // 26 digits hold 130 bits; an id of 16 bytes leaves the first digit's top two clear.
        if i == 0 && digit > 7 {
            return None;
        }
        value = (value << 5) | digit;
    }
    Some(value.to_be_bytes())
}

/// A new case's public id and the value it is found by (`cases.id_lookup`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CaseId {
    pub id: String,
    pub lookup: String,
}

/// The id of the case given the store's id number `number`.
pub(crate) fn case_id(cipher: &NumberCipher, number: u64) -> CaseId {
    CaseId {
        id: encode(&cipher.encrypt(number)),
        lookup: number.to_string(),
    }
}

/// What `cases.id_lookup` holds for the case whose id is `id`: the number the id encrypts, or,
/// for a case stored before ids were computed (or text that is no id), the text itself, which
/// then finds the old case or nothing.
/// The one id of `ids`, drawn for a single new case.
pub(crate) fn single_case_id(mut ids: Vec<CaseId>) -> crate::Result<CaseId> {
    ids.pop()
        .ok_or_else(|| crate::StoreError::Invalid("no case id drawn".into()))
}

pub(crate) fn case_lookup(cipher: &NumberCipher, id: &str) -> String {
    match decode(id).and_then(|block| cipher.decrypt(&block)) {
        Some(number) => number.to_string(),
        None => id.to_string(),
    }
}

/// Whether a text has the shape of an id, checked before it reaches a query.
pub fn looks_like_id(text: &str) -> bool {
    text.len() == 26 && text.bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_well_formed() {
        let mut ids = IdSource::new();
        let a = ids.next_id().unwrap();
        let b = ids.next_id().unwrap();
        assert_ne!(a, b);
        assert!(looks_like_id(&a), "{a}");
        assert!(!looks_like_id("1"));
        for id in [&a, &b] {
            let bytes = decode(id).unwrap();
            assert_eq!(&encode(&bytes), id);
        }
    }

    fn cipher(seed: &str) -> NumberCipher {
        let key = rastro_vault::DataKey::generate().unwrap();
        NumberCipher::new(&key.derive(seed))
    }

    #[test]
    fn case_ids_are_numbers_read_back() {
        let c = cipher("case-ids");
        for number in [1, 2, 250, 1_000_001, u64::MAX] {
            let made = case_id(&c, number);
            assert!(looks_like_id(&made.id), "{}", made.id);
            assert_eq!(made.lookup, number.to_string());
            assert_eq!(case_lookup(&c, &made.id), made.lookup);
        }
        // A random id (a case stored before) is looked up as itself, and so is a mistyped one,
        // which then finds nothing.
        let old = IdSource::new().next_id().unwrap();
        assert_eq!(case_lookup(&c, &old), old);
        let mut typo = case_id(&c, 77).id.into_bytes();
        typo[10] = if typo[10] == b'0' { b'1' } else { b'0' };
        let typo = String::from_utf8(typo).unwrap();
        assert_eq!(case_lookup(&c, &typo), typo);
        assert_eq!(
            case_lookup(&c, "Z0000000000000000000000000"),
            "Z0000000000000000000000000"
        );
        // Another store's key reads no number from this store's ids.
        let other = case_id(&c, 77).id;
        assert_eq!(case_lookup(&cipher("case-ids"), &other), other);
    }
}
