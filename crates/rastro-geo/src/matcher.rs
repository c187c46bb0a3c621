//! Finding every gazetteer name in folded text, overlapping names included.
//!
//! Folded text is words separated by single spaces, and every name is whole words, so a name can
//! only start at a word. From each word the matcher looks up the word, then the word and the
//! next, and so on while some name continues with the words read so far: one hash lookup per
//! word of a name, and most words stop after one. This costs far less per article than running
//! an Aho-Corasick automaton over every byte, and needs no automaton to be built at load time.

use std::ops::Range;

use rastro_text::fasthash::{map_with_capacity, FastMap};

/// What a run of words is in the name table.
#[derive(Clone, Copy, Default)]
struct Node {
    /// The entry of the name made of exactly these words.
    entry: Option<u32>,
    /// Some longer name begins with these words and a space.
    continues: bool,
}

/// Every folded name and every run of whole words that begins a longer one.
pub(crate) struct WordMatcher {
    nodes: FastMap<Box<str>, Node>,
    /// A bit per [`word_bucket`], set when some name begins with a word of that bucket: most
    /// words of a text begin no name, and this turns them away before any hash table lookup.
    first_words: Vec<u64>,
}

/// Bits of [`WordMatcher::first_words`]: 2^20 (128 KiB), few enough false hits for ~30,000 names.
const BUCKET_BITS: u32 = 20;

const FNV_OFFSET: u32 = 0x811C_9DC5;
const FNV_PRIME: u32 = 0x0100_0193;

/// A cheap hash of one word (FNV-1a), cut to [`BUCKET_BITS`].
fn word_bucket(word: &[u8]) -> usize {
    let mut h: u32 = FNV_OFFSET;
    for &b in word {
        h = (h ^ u32::from(b)).wrapping_mul(FNV_PRIME);
    }
    (h >> (32 - BUCKET_BITS)) as usize
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
            let bucket = word_bucket(first.as_bytes());
            first_words[bucket / 64] |= 1 << (bucket % 64);
            nodes.entry(key.into()).or_default().entry = Some(entry);
            for (at, _) in key.match_indices(' ') {
                nodes.entry(key[..at].into()).or_default().continues = true;
            }
        }
        WordMatcher { nodes, first_words }
    }

    /// Every name in `folded` (a [`rastro_text::FoldedText`]): the byte range of the name, without
    /// the spaces around it, and its entry; by start, then by length.
    pub(crate) fn find<'a>(
        &'a self,
        folded: &'a str,
    ) -> impl Iterator<Item = (Range<usize>, u32)> + 'a {
        let bytes = folded.as_bytes();
        // One walk over the words: each word's end is found and its bucket hashed in the same
        // pass over its bytes, and only a word that begins some name goes on to the table.
        let mut start = 1;
        std::iter::from_fn(move || {
            while start < bytes.len() {
                let word = start;
                let mut end = word;
                let mut h: u32 = FNV_OFFSET;
                while end < bytes.len() && bytes[end] != b' ' {
                    h = (h ^ u32::from(bytes[end])).wrapping_mul(FNV_PRIME);
                    end += 1;
                }
                start = end + 1;
                // A word without the space that ends every folded text is no whole word.
                if end >= bytes.len() {
                    return None;
                }
                let bucket = (h >> (32 - BUCKET_BITS)) as usize;
                if self.first_words[bucket / 64] & (1 << (bucket % 64)) != 0 {
                    return Some(word..end);
                }
            }
            None
        })
        .flat_map(move |first: Range<usize>| {
            let word = first.start;
            let mut end = first.end;
            let mut more = true;
            let mut first_word = true;
            std::iter::from_fn(move || {
                while more {
                    if !first_word {
                        // The next space ends the next word; the text ends with a space.
                        let mut next = end + 1;
                        while next < bytes.len() && bytes[next] != b' ' {
                            next += 1;
                        }
                        if next >= bytes.len() {
                            more = false;
                            break;
                        }
                        end = next;
                    }
                    first_word = false;
                    let Some(node) = self.nodes.get(&folded[word..end]) else {
                        more = false;
                        break;
                    };
                    more = node.continues;
                    if let Some(entry) = node.entry {
                        return Some((word..end, entry));
                    }
                }
                None
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(keys: &[&str], folded: &str) -> Vec<(String, u32)> {
        let matcher = WordMatcher::new(keys.iter().enumerate().map(|(i, k)| (*k, i as u32)));
        matcher
            .find(folded)
            .map(|(r, e)| (folded[r].to_string(), e))
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
    fn prefixes_alone_are_not_names_and_odd_keys_never_match() {
        assert!(names(&["san jose del cabo"], " san jose del ").is_empty());
        assert!(names(&["", " lima", "la  paz"], " lima la paz ").is_empty());
        assert!(names(&["lima"], "").is_empty());
        assert!(names(&["lima"], " ").is_empty());
        assert_eq!(names(&["lima"], " lima "), [("lima".to_string(), 0)]);
    }
}
