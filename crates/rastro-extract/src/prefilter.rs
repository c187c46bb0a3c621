//! A cheap test that a word cannot be in a table, taken before the table's hash lookup.
//!
//! Most tokens of an article are in none of the extractor's word tables, and a lookup costs a
//! hash of the whole word and a comparison. The first byte and the length of every word of a
//! table are kept as bits (256 × 64 bits), so that a word whose first byte and length no table
//! word shares is rejected with one load and one mask. It never rejects a word of the table, so
//! answers are those of the lookup alone.

pub struct Prefilter {
    masks: Box<[u64; 256]>,
}

impl Default for Prefilter {
    fn default() -> Self {
        Prefilter {
            masks: Box::new([0; 256]),
        }
    }
}

/// Lengths of 63 bytes and more share the last bit.
fn length_bit(word: &str) -> u64 {
    1u64 << word.len().min(63)
}

impl Prefilter {
    pub fn insert(&mut self, word: &str) {
        let first = word.as_bytes().first().copied().unwrap_or(0);
        self.masks[usize::from(first)] |= length_bit(word);
    }

    /// False only when `word` is certainly not among the words inserted.
    #[inline]
    pub fn may_contain(&self, word: &str) -> bool {
        let first = word.as_bytes().first().copied().unwrap_or(0);
        self.masks[usize::from(first)] & length_bit(word) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_word_inserted_and_rejects_others_by_first_byte_and_length() {
        let mut f = Prefilter::default();
        for w in ["dos", "veinte", "", "ç", &"x".repeat(80)] {
            f.insert(w);
        }
        for w in ["dos", "veinte", "", "ç", &"x".repeat(80), &"x".repeat(70)] {
            assert!(f.may_contain(w), "{w}");
        }
        assert!(!f.may_contain("do"));
        assert!(!f.may_contain("tres"));
        assert!(!f.may_contain("veintes"));
    }
}
