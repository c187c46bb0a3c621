//! Running text folded word by word: the shape in which a tokeniser that has already folded its
//! words hands them to a matcher, so that the matcher need not fold the text again.
//!
//! [`FoldedText`](super::FoldedText) maps every folded byte back to the original text; a matcher
//! of whole words needs less: the folded words separated by single spaces (the same string
//! `FoldedText::as_str` gives) and, for each word, the bytes of the original text it came from.
//! Any scan that cuts text into the same words and folds them with the same letters can fill one
//! ([`FoldedWords::push`], [`FoldedWords::glue`]), and [`FoldedText::words_into`] fills one from a
//! folded text for callers that have nothing folded yet.

use std::ops::Range;

/// One word of a [`FoldedWords`]: where its key starts in the folded string, and the byte range
/// of the original text it came from (from its first letter's start to its last letter's end).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoldedWord {
    pub folded: u32,
    pub source_start: u32,
    pub source_end: u32,
}

/// Folded words of a text and where each came from. The folded string starts and ends with a
/// space and separates words by exactly one space, as [`FoldedText::as_str`](super::FoldedText)
/// does, so that a pattern " key " matches whole words only.
#[derive(Clone, Debug)]
pub struct FoldedWords {
    text: String,
    words: Vec<FoldedWord>,
    /// Each word's [`word_hash`], made as its bytes are written, so that a matcher reading the
    /// words need not walk the folded string again to cut and hash them.
    hashes: Vec<u64>,
}

impl Default for FoldedWords {
    fn default() -> FoldedWords {
        FoldedWords {
            text: String::from(" "),
            words: Vec::new(),
            hashes: Vec::new(),
        }
    }
}

/// Start of every word's hash, and the odd multiplier that mixes each eight bytes into it.
const SEED: u64 = 0x243F_6A88_85A3_08D3;
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// The hash of one folded word: the one word hash that [`FoldedWords`] carries and that
/// whole-word matchers file their names under.
///
/// Eight bytes are mixed in at a time, and a word of eight bytes or fewer (most words) is read in
/// at most two overlapping loads: a few multiplications per word, not one per byte. The length
/// is mixed in first, so that the zero padding of a short word's last eight bytes tells no two
/// words apart wrongly; the end spreads every byte's bits to the high bits, which tables index
/// by.
#[inline]
pub fn word_hash(word: &[u8]) -> u64 {
    let mut h = mix(SEED, word.len() as u64);
    let mut rest = word;
    while let Some((eight, tail)) = rest.split_first_chunk::<8>() {
        if tail.is_empty() {
            break;
        }
        h = mix(h, u64::from_le_bytes(*eight));
        rest = tail;
    }
    h = mix(h, crate::fasthash::up_to_eight(rest));
    h ^= h >> 32;
    h.wrapping_mul(MIX) ^ (h >> 29)
}

#[inline]
fn mix(h: u64, eight: u64) -> u64 {
    (h ^ eight).wrapping_mul(MIX).rotate_left(31)
}

impl FoldedWords {
    /// Empties the list, keeping its buffers for the next text.
    pub fn clear(&mut self) {
        self.text.clear();
        self.text.push(' ');
        self.words.clear();
        self.hashes.clear();
    }

    /// Makes room for `words` words of `bytes` folded bytes in all, so that pushing them checks
    /// no capacity twice.
    pub fn reserve(&mut self, bytes: usize, words: usize) {
        self.text.reserve(bytes + words);
        self.words.reserve(words);
        self.hashes.reserve(words);
    }

    /// Adds a word: its folded key (letters and digits folded as [`crate::fold_key`] folds them,
    /// no spaces) and the bytes of the original text it came from. An empty key adds nothing.
    /// Offsets are kept as `u32`, as [`FoldedText`](super::FoldedText) keeps them.
    // Called for every word of every article from one loop, which it is small enough to join.
    #[inline(always)]
    pub fn push(&mut self, key: &str, source: Range<usize>) {
        if key.is_empty() {
            return;
        }
        self.words.push(FoldedWord {
            folded: self.text.len() as u32,
            source_start: source.start as u32,
            source_end: source.end as u32,
        });
        self.hashes.push(word_hash(key.as_bytes()));
        self.text.push_str(key);
        self.text.push(' ');
    }

    /// Continues the last word with `key` (the text between them folds to nothing, as the dot of
    /// "EE.UU" does), which now ends at `source_end`; without a last word, starts one.
    #[inline]
    pub fn glue(&mut self, key: &str, source: Range<usize>) {
        if key.is_empty() {
            return;
        }
        let (Some(last), Some(hash)) = (self.words.last_mut(), self.hashes.last_mut()) else {
            self.push(key, source);
            return;
        };
        self.text.pop();
        self.text.push_str(key);
        // Glued words are rare ("EE.UU", "13ms"): the whole word is hashed again.
        let start = last.folded as usize;
        *hash = word_hash(self.text.as_bytes().get(start..).unwrap_or_default());
        self.text.push(' ');
        last.source_end = source.end as u32;
    }

    /// The folded string: a space, the words separated by single spaces, a space.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The words, in text order.
    pub fn words(&self) -> &[FoldedWord] {
        &self.words
    }

    /// Each word's [`word_hash`], in the order of [`FoldedWords::words`].
    pub fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    /// The folded bytes of word `i` (numbered as in [`FoldedWords::words`]), without the space
    /// after it: from its start to the next word's start, less that space.
    #[inline]
    pub fn word_range(&self, i: usize) -> Range<usize> {
        let start = self.words.get(i).map_or(0, |w| w.folded as usize);
        let end = self
            .words
            .get(i + 1)
            .map_or(self.text.len(), |w| w.folded as usize);
        start..end.saturating_sub(1).max(start)
    }

    /// Maps a byte range of whole words of the folded string back to the bytes of the original
    /// text they came from, from the first word's start to the last word's end, with any
    /// combining accent that follows the last letter ("Para\u{301}"), as
    /// [`FoldedText::source_range`](super::FoldedText::source_range) does. A range that starts
    /// at no word, or is empty, gives `0..0`.
    pub fn source_range(&self, source: &str, folded: Range<usize>) -> Range<usize> {
        if folded.start >= folded.end {
            return 0..0;
        }
        let first = self
            .words
            .partition_point(|w| (w.folded as usize) < folded.start);
        let last = self
            .words
            .partition_point(|w| (w.folded as usize) < folded.end);
        let (Some(word), Some(last)) = (self.words.get(first), last.checked_sub(1)) else {
            return 0..0;
        };
        if word.folded as usize != folded.start {
            return 0..0;
        }
        self.words_source_range(source, first, last)
    }

    /// The bytes of `source` that words `first` to `last` (both included, numbered as in
    /// [`FoldedWords::words`]) came from, as [`FoldedWords::source_range`] gives them for the
    /// folded bytes of those words; `0..0` for words that are not there.
    pub fn words_source_range(&self, source: &str, first: usize, last: usize) -> Range<usize> {
        let (Some(first), Some(last)) = (self.words.get(first), self.words.get(last)) else {
            return 0..0;
        };
        let start = first.source_start as usize;
        let mut end = last.source_end as usize;
        // Combining accents are U+0300..U+036F, two bytes from 0xCC 0x80 to 0xCD 0xAF.
        if source
            .as_bytes()
            .get(end)
            .is_some_and(|&b| b == 0xCC || b == 0xCD)
        {
            if let Some(tail) = source.get(end..) {
                for c in tail.chars() {
                    if !('\u{0300}'..='\u{036F}').contains(&c) {
                        break;
                    }
                    end += c.len_utf8();
                }
            }
        }
        start.min(end)..end.min(source.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_every_length_hash_apart() {
        // Words that differ in one byte anywhere, or by length, or by a trailing zero byte.
        let base: Vec<u8> = (0..24).map(|i| b'a' + i).collect();
        let mut seen = std::collections::HashMap::new();
        for len in 0..=base.len() {
            let word = &base[..len];
            assert!(
                seen.insert(word_hash(word), word.to_vec()).is_none(),
                "{len}"
            );
            for at in 0..len {
                let mut other = word.to_vec();
                other[at] = b'~';
                assert!(
                    seen.insert(word_hash(&other), other).is_none(),
                    "{len} {at}"
                );
            }
            let mut padded = word.to_vec();
            padded.push(0);
            assert_ne!(word_hash(word), word_hash(&padded), "{len}");
        }
    }
}
