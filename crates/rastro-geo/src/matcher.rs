//! Finding every gazetteer name in folded text, overlapping names included.
//!
//! Folded text is words separated by single spaces, and every name is whole words, so a name can
//! only start at a word. From each word the matcher looks up the word, then the word and the
//! next, and so on while some name continues with the words read so far: one table probe per
//! word of a name, and most words stop after one. This costs far less per article than running
//! an Aho-Corasick automaton over every byte, and needs no automaton to be built at load time.
//!
//! Each word's hash is the one [`FoldedWords`] made as the word was written
//! ([`rastro_text::word_hash`]), so the matcher neither cuts the folded string nor hashes a byte
//! of it; a run's hash is made from its words' hashes ([`extend`]), so trying a longer name
//! costs one multiplication, not another reading of its words; the table is open-addressed with
//! the hash in every slot, so a probe reads one slot and compares text only when the hash
//! agrees.

use std::ops::Range;

use rastro_text::fasthash::{map_with_capacity, FastMap};
use rastro_text::{word_hash as hash_of_word, FoldedWords};

use crate::form::{Corrupt, Reader, Writer};

/// What a run of words is in the name table.
#[derive(Clone, Copy, Default)]
struct Node {
    /// The entry of the name made of exactly these words.
    entry: Option<u32>,
    /// Some longer name begins with these words and a space.
    continues: bool,
}

/// One run of words in the table: its hash, where its text is in [`WordMatcher::text`], and
/// what it is. A slot of length 0 is free (no run is empty).
#[derive(Clone, Copy, Default)]
struct Slot {
    hash: u64,
    start: u32,
    len: u32,
    node: Node,
}

/// Every folded name and every run of whole words that begins a longer one.
pub(crate) struct WordMatcher {
    slots: Vec<Slot>,
    /// The runs' text, one after another.
    text: String,
    shift: u32,
    /// A bit per [`bucket`] of a word's hash, set when some name begins with a word of that
    /// bucket: most words of a text begin no name, and this turns them away before any probe.
    first_words: Vec<u64>,
}

/// Bits of [`WordMatcher::first_words`]: 2^20 (128 KiB), few enough false hits for ~30,000 names.
const BUCKET_BITS: u32 = 20;

/// The hash of one word: the one the folded words carry, so that names are filed as text is read.
#[inline]
fn word_hash(word: &[u8]) -> u64 {
    hash_of_word(word)
}

/// The hash of a run of words followed by one more word, from the two hashes.
#[inline]
fn extend(run: u64, word: u64) -> u64 {
    (run.rotate_left(23) ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The hash of a run of words separated by single spaces.
fn run_hash(run: &str) -> u64 {
    let mut words = run.split(' ').map(|w| word_hash(w.as_bytes()));
    let first = words.next().unwrap_or_else(|| word_hash(b""));
    words.fold(first, extend)
}

/// The bit of [`WordMatcher::first_words`] for a first word of hash `h`.
#[inline]
fn bucket(h: u64) -> usize {
    (h >> (64 - BUCKET_BITS)) as usize
}

impl WordMatcher {
    /// A matcher of `keys` (folded names: words separated by single spaces), each with its entry.
    pub(crate) fn new<'a>(keys: impl Iterator<Item = (&'a str, u32)>) -> WordMatcher {
        let mut nodes: FastMap<Box<str>, Node> = map_with_capacity(100_000);
        let mut first_words = vec![0u64; (1 << BUCKET_BITS) / 64];
        for (key, entry) in keys {
            // An empty key or one with stray spaces could never match folded text.
            if key.is_empty() || key.starts_with(' ') || key.ends_with(' ') || key.contains("  ") {
                continue;
            }
            let first = key.split(' ').next().unwrap_or(key);
            let b = bucket(word_hash(first.as_bytes()));
            first_words[b / 64] |= 1 << (b % 64);
            nodes.entry(key.into()).or_default().entry = Some(entry);
            for (at, _) in key.match_indices(' ') {
                nodes.entry(key[..at].into()).or_default().continues = true;
            }
        }
        let size = (nodes.len() * 2).next_power_of_two().max(16);
        let mut matcher = WordMatcher {
            slots: vec![Slot::default(); size],
            text: String::with_capacity(nodes.keys().map(|k| k.len()).sum()),
            shift: 64 - size.trailing_zeros(),
            first_words,
        };
        // Placed in key order, so that the same names give the same table byte for byte
        // whatever order they came in (the prebuilt form is compared with a fresh build).
        let mut nodes: Vec<(Box<str>, Node)> = nodes.into_iter().collect();
        nodes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (key, node) in nodes {
            let hash = run_hash(&key);
            let mut at = matcher.home(hash);
            while matcher.slots[at].len != 0 {
                at = (at + 1) & (size - 1);
            }
            // Gazetteer keys are short and few: their text stays far below 4 GiB.
            matcher.slots[at] = Slot {
                hash,
                start: matcher.text.len() as u32,
                len: key.len() as u32,
                node,
            };
            matcher.text.push_str(&key);
        }
        matcher
    }

    #[inline]
    fn home(&self, hash: u64) -> usize {
        (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The node of the run `key`, whose hash is `hash`.
    #[inline]
    fn get(&self, hash: u64, key: &[u8]) -> Option<Node> {
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
        loop {
            let slot = &self.slots[at];
            if slot.len == 0 {
                return None;
            }
            if slot.hash == hash && slot.len as usize == key.len() {
                let start = slot.start as usize;
                if self.text.as_bytes().get(start..start + key.len()) == Some(key) {
                    return Some(slot.node);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// The entry of the folded name `key`, if it is one of the table's names.
    pub(crate) fn entry(&self, key: &str) -> Option<u32> {
        self.get(run_hash(key), key.as_bytes())
            .and_then(|node| node.entry)
    }

    /// Writes the table as it is in memory (every occupied slot at its place, the runs' text and
    /// the first-word bits), for [`WordMatcher::read`] to take back without hashing anything.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn write(&self, out: &mut Writer) {
        out.u32(self.slots.len() as u32);
        let occupied = self.slots.iter().filter(|s| s.len != 0).count();
        out.u32(occupied as u32);
        for (at, slot) in self.slots.iter().enumerate().filter(|(_, s)| s.len != 0) {
            out.u32(at as u32);
            out.u64(slot.hash);
            out.u32(slot.start);
            out.u32(slot.len);
            out.u32(slot.node.entry.unwrap_or(u32::MAX));
            out.u8(u8::from(slot.node.continues));
        }
        out.str(&self.text);
        out.u32(self.first_words.len() as u32);
        for &bits in &self.first_words {
            out.u64(bits);
        }
    }

    /// The table [`WordMatcher::write`] wrote.
    pub(crate) fn read(input: &mut Reader<'_>) -> Result<WordMatcher, Corrupt> {
        let size = input.u32()? as usize;
        if !size.is_power_of_two() {
            return Err(Corrupt("matcher size"));
        }
        let mut slots = vec![Slot::default(); size];
        for _ in 0..input.u32()? {
            let at = input.u32()? as usize;
            let slot = Slot {
                hash: input.u64()?,
                start: input.u32()?,
                len: input.u32()?,
                node: Node {
                    entry: Some(input.u32()?).filter(|&e| e != u32::MAX),
                    continues: input.u8()? != 0,
                },
            };
            *slots.get_mut(at).ok_or(Corrupt("matcher slot"))? = slot;
        }
        // A slot whose range falls outside the text matches nothing: `get` reads it with `get`.
        let text = input.str()?.to_string();
        let words = input.u32()? as usize;
        if words != (1 << BUCKET_BITS) / 64 {
            return Err(Corrupt("first-word bits"));
        }
        let mut first_words = Vec::with_capacity(words);
        for _ in 0..words {
            first_words.push(input.u64()?);
        }
        Ok(WordMatcher {
            slots,
            text,
            shift: 64 - size.trailing_zeros(),
            first_words,
        })
    }

    /// Every name in `folded`: the byte range of the name in its folded string, without the
    /// spaces around it, its first and last word, and its entry; by start, then by length.
    #[cfg(test)]
    pub(crate) fn find(&self, folded: &FoldedWords) -> Vec<NameMatch> {
        let mut found = Vec::new();
        self.find_into(folded, &mut found);
        found
    }

    /// [`WordMatcher::find`] into `found` (cleared first): a caller matching text after text
    /// keeps one list.
    pub(crate) fn find_into(&self, folded: &FoldedWords, found: &mut Vec<NameMatch>) {
        found.clear();
        let bytes = folded.as_str().as_bytes();
        let hashes = folded.hashes();
        for (i, &first_hash) in hashes.iter().enumerate() {
            let b = bucket(first_hash);
            if self.first_words[b / 64] & (1 << (b % 64)) == 0 {
                continue;
            }
            let first = folded.word_range(i);
            let (word, mut end, mut hash) = (first.start, first.end, first_hash);
            let mut next = i + 1;
            while let Some(node) = self.get(hash, &bytes[word..end]) {
                if let Some(entry) = node.entry {
                    found.push(NameMatch {
                        folded: word..end,
                        first_word: i as u32,
                        last_word: (next - 1) as u32,
                        entry,
                    });
                }
                if !node.continues {
                    break;
                }
                let Some(&next_hash) = hashes.get(next) else {
                    break;
                };
                hash = extend(hash, next_hash);
                end = folded.word_range(next).end;
                next += 1;
            }
        }
    }
}

/// A name found by [`WordMatcher::find_into`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NameMatch {
    /// Bytes of the folded string, without the spaces around.
    pub folded: Range<usize>,
    /// Its first and last word, as numbered in the [`FoldedWords`].
    pub first_word: u32,
    pub last_word: u32,
    pub entry: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rastro_text::FoldedText;

    fn words(text: &str) -> FoldedWords {
        let mut words = FoldedWords::default();
        FoldedText::new(text).words_into(text, &mut words);
        words
    }

    fn names(keys: &[&str], text: &str) -> Vec<(String, u32)> {
        let matcher = WordMatcher::new(keys.iter().enumerate().map(|(i, k)| (*k, i as u32)));
        let folded = words(text);
        matcher
            .find(&folded)
            .into_iter()
            .map(|m| (folded.as_str()[m.folded].to_string(), m.entry))
            .collect()
    }

    #[test]
    fn finds_whole_word_names_overlapping() {
        let keys = ["san jose", "jose", "san jose del cabo", "cabo", "del", "a"];
        let found = names(&keys, " de san jose del cabo a sanjose josefina ");
        let expected = [
            ("san jose", 0),
            ("san jose del cabo", 2),
            ("jose", 1),
            ("del", 4),
            ("cabo", 3),
            ("a", 5),
        ];
        let expected: Vec<(String, u32)> =
            expected.iter().map(|(k, e)| (k.to_string(), *e)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_list_reused_for_another_text_keeps_nothing_of_the_last() {
        let keys = ["lima", "la paz", "san jose"];
        let matcher = WordMatcher::new(keys.iter().enumerate().map(|(i, k)| (*k, i as u32)));
        let mut found = Vec::new();
        let long = words(" de lima a la paz y san jose por lima ");
        matcher.find_into(&long, &mut found);
        assert_eq!(found.len(), 4);
        let short = words(" la paz ");
        matcher.find_into(&short, &mut found);
        assert_eq!(found, matcher.find(&short));
        let la_paz = NameMatch {
            folded: 1..7,
            first_word: 0,
            last_word: 1,
            entry: 1,
        };
        assert_eq!(found, [la_paz]);
    }

    #[test]
    fn prefixes_alone_are_not_names_and_odd_keys_never_match() {
        assert!(names(&["san jose del cabo"], " san jose del ").is_empty());
        assert!(names(&["", " lima", "la  paz"], " lima la paz ").is_empty());
        assert!(names(&["lima"], "").is_empty());
        assert!(names(&["lima"], " ").is_empty());
        assert_eq!(names(&["lima"], " lima "), [("lima".to_string(), 0)]);
    }
}
