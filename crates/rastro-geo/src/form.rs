//! The byte primitives of the gazetteer's prebuilt form (`prebuilt.rs`): little-endian
//! integers, strings as a start and a length in one text pool, country codes as their two
//! letters. The matcher writes and reads its own table with them, and the form its places, so
//! both stand on this module rather than on each other.

use crate::countries::{countries, CountryCode};

/// Why a prebuilt form could not be read, naming the part that was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("prebuilt gazetteer unreadable at its {0}")]
pub(crate) struct Corrupt(pub &'static str);

// Written only by the build script and by the tests that hold the form to the tables.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Default)]
pub(crate) struct Writer {
    pub bytes: Vec<u8>,
    pub pool: String,
}

#[cfg_attr(not(test), allow(dead_code))]
impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn str(&mut self, s: &str) {
        self.u32(self.pool.len() as u32);
        self.u32(s.len() as u32);
        self.pool.push_str(s);
    }
    pub fn option_f64(&mut self, v: Option<f64>) {
        match v {
            Some(x) => {
                self.u8(1);
                self.u64(x.to_bits());
            }
            None => self.u8(0),
        }
    }
    pub fn country(&mut self, code: CountryCode) {
        self.bytes.extend_from_slice(code.as_str().as_bytes());
    }
}

pub(crate) struct Reader<'a> {
    pub bytes: &'a [u8],
    pub pool: &'a str,
    /// The codes read so far, by their two letters: most places name one of a few countries.
    pub codes: Vec<Option<CountryCode>>,
}

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Corrupt> {
        if self.bytes.len() < n {
            return Err(Corrupt("end (truncated)"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], Corrupt> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    pub fn u8(&mut self) -> Result<u8, Corrupt> {
        Ok(self.array::<1>()?[0])
    }
    pub fn u32(&mut self) -> Result<u32, Corrupt> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub fn u64(&mut self) -> Result<u64, Corrupt> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub fn str(&mut self) -> Result<&'a str, Corrupt> {
        let start = self.u32()? as usize;
        let len = self.u32()? as usize;
        self.pool
            .get(start..start + len)
            .ok_or(Corrupt("text (outside the pool)"))
    }
    pub fn option_f64(&mut self) -> Result<Option<f64>, Corrupt> {
        Ok(match self.u8()? {
            0 => None,
            _ => Some(f64::from_bits(self.u64()?)),
        })
    }
    pub fn country(&mut self) -> Result<CountryCode, Corrupt> {
        let [a, b] = self.array::<2>()?;
        if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
            return Err(Corrupt("country code"));
        }
        let at = usize::from(a - b'A') * 26 + usize::from(b - b'A');
        if let Some(Some(code)) = self.codes.get(at) {
            return Ok(*code);
        }
        let code = std::str::from_utf8(&[a, b])
            .ok()
            .and_then(|c| countries().by_alpha2(c))
            .ok_or(Corrupt("country code"))?;
        if let Some(slot) = self.codes.get_mut(at) {
            *slot = Some(code);
        }
        Ok(code)
    }
    /// A count of items that each take at least `min_bytes`: a count larger than what is left
    /// is rejected before anything is allocated for it.
    pub fn count(&mut self, min_bytes: usize) -> Result<usize, Corrupt> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_bytes) > self.bytes.len() {
            return Err(Corrupt("count"));
        }
        Ok(n)
    }
}
