//! Cue phrases: a small pattern language over folded tokens, compiled once into an index keyed by
//! the first token, so that matching every table against an article is one pass.
//!
//! A pattern is space-separated elements matched against consecutive tokens of one sentence:
//! - `word` matches a token whose folded key is `word`;
//! - `stem*` matches any token whose key starts with `stem` (at least three letters);
//! - `a|b*|c` matches any of the alternatives;
//! - `~N` skips up to N tokens.
//!
//! A pattern may start with a language restriction, `pt:` / `es:` / `en:`, for words that mean
//! something else in the other languages (Portuguese "rim" is a kidney).

use rastro_geo::Lang;

use crate::prefilter::Prefilter;
use crate::words::key::head_of;
use rastro_text::fasthash::FastMap;

mod scan;

/// One element's alternatives. Exact words are numbered when the set is compiled and kept as a
/// sorted list, so that an element of fifty words is one binary search, not fifty comparisons;
/// each token's word is looked up once per document, not once per pattern that could start or
/// continue there.
#[derive(Clone, Debug, Default)]
struct Alts {
    exact: Vec<u32>,
    /// Bit `n % 64` for every word number `n` in `exact`: most tokens tried against an element
    /// are none of its words, and most of those are told so by this bit alone.
    bloom: u64,
    stems: Vec<Stem>,
    /// Bit [`pair_bit`] of every stem's first two bytes: most tokens tried against an element
    /// with stems start like none of them, and are told so without reading the stems.
    stem_bloom: u64,
}

/// A bit for a word's first two bytes, read from its head (every stem has at least three).
#[inline]
fn pair_bit(head: u64) -> u64 {
    let pair = (head & 0xFFFF) as u32;
    1u64 << (pair.wrapping_mul(0x9E37_79B1) >> 26)
}

impl Alts {
    fn add_word(&mut self, word: u32) {
        self.exact.push(word);
        self.bloom |= 1u64 << (word & 63);
    }

    fn add_stem(&mut self, stem: Stem) {
        self.stem_bloom |= pair_bit(stem.head);
        self.stems.push(stem);
    }

    #[inline]
    fn matches<'k>(&self, tok: &TokInfo, key: impl Fn() -> &'k str) -> bool {
        (tok.word != NO_WORD
            && self.bloom & (1u64 << (tok.word & 63)) != 0
            && self.exact.binary_search(&tok.word).is_ok())
            || (self.stem_bloom & pair_bit(tok.head) != 0
                && self.stems.iter().any(|s| s.starts(tok, &key)))
    }
}

/// What matching reads of a token, side by side for all tokens of a document.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokInfo {
    /// The key's number among the set's exact words, or `NO_WORD`.
    word: u32,
    len: u32,
    /// [`head_of`] the key (zero in a set without stems, which never reads it).
    head: u64,
}

#[derive(Clone, Debug)]
struct Stem {
    text: String,
    head: u64,
    mask: u64,
}

impl Stem {
    fn new(text: &str) -> Stem {
        let n = text.len().min(8);
        let mask = if n == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        Stem {
            text: text.to_string(),
            head: head_of(text),
            mask,
        }
    }

    /// Whether the token's key (read through `key` only for stems longer than eight bytes)
    /// starts with the stem.
    #[inline]
    fn starts<'k>(&self, tok: &TokInfo, key: impl Fn() -> &'k str) -> bool {
        let len = self.text.len();
        tok.len as usize >= len
            && tok.head & self.mask == self.head
            && (len <= 8 || key().as_bytes().get(8..len) == self.text.as_bytes().get(8..))
    }
}

#[derive(Clone, Debug)]
enum Elem {
    Any(Alts),
    Gap(usize),
}

#[derive(Clone, Debug)]
struct Pattern<C> {
    elems: Vec<Elem>,
    /// For each element after the first, the bits that a sentence must hold for some token of
    /// it to match that element: a try whose later words the sentence lacks is not made.
    needs: Vec<Bits>,
    lang: Option<Lang>,
    cue: C,
}

/// Which word numbers (modulo 256) and which first two bytes (hashed to 256) occur among some
/// tokens: a sentence's, or what an element accepts. An element can match a token only if they
/// share a bit, so a sentence that shares none with one of a pattern's elements cannot hold the
/// pattern, whatever its order.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Bits {
    words: [u64; 4],
    pairs: [u64; 4],
}

impl Bits {
    #[inline]
    fn add_word(&mut self, word: u32) {
        let b = (word & 255) as usize;
        self.words[b >> 6] |= 1 << (b & 63);
    }

    /// The bit of a key's first two bytes, read from its head (every stem has at least three).
    #[inline]
    fn add_pair(&mut self, head: u64) {
        let pair = (head & 0xFFFF) as u32;
        let b = (pair.wrapping_mul(0x9E37_79B1) >> 24) as usize;
        self.pairs[b >> 6] |= 1 << (b & 63);
    }

    /// The bits of one token as the scan reads it.
    #[inline]
    fn add_token(&mut self, tok: &TokInfo) {
        if tok.word != NO_WORD {
            self.add_word(tok.word);
        }
        self.add_pair(tok.head);
    }

    /// The bits of every token that `alts` can match.
    fn of(alts: &Alts) -> Bits {
        let mut bits = Bits::default();
        for &w in &alts.exact {
            bits.add_word(w);
        }
        for stem in &alts.stems {
            bits.add_pair(stem.head);
        }
        bits
    }

    /// Whether these bits (a sentence's) share one with `need` (an element's).
    #[inline]
    fn meets(&self, need: &Bits) -> bool {
        (0..4).any(|k| self.words[k] & need.words[k] != 0 || self.pairs[k] & need.pairs[k] != 0)
    }
}

/// A match of one pattern: tokens `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit<C> {
    pub cue: C,
    pub start: usize,
    pub end: usize,
}

#[derive(thiserror::Error, Debug, PartialEq, Eq)]
#[error("bad cue pattern {pattern:?}: {reason}")]
pub struct PatternError {
    pub pattern: String,
    pub reason: &'static str,
}

/// A pattern filed under a word or a stem's first bytes, with how many of its first element's
/// alternatives filed it there ("detenid*|detuv*|detien*" thrice under "det"): each filing is
/// a try, and every try at one token gives the same answer, so it is matched once and its hit
/// counted that many times.
#[derive(Clone, Copy, Debug)]
struct Filed {
    id: usize,
    times: u32,
}

/// Files pattern `id` in `list`, where its earlier filings (made by the same call of `add`) are
/// last.
fn file(list: &mut Vec<Filed>, id: usize) {
    match list.last_mut() {
        Some(last) if last.id == id => last.times += 1,
        _ => list.push(Filed { id, times: 1 }),
    }
}

/// The number of a token whose key is no exact word of any pattern.
const NO_WORD: u32 = crate::words::key::NONE;

/// A compiled set of patterns.
pub struct CueSet<C> {
    patterns: Vec<Pattern<C>>,
    /// Every exact word of every pattern, numbered.
    words: FastMap<String, u32>,
    word_filter: Prefilter,
    /// For each word number, the patterns whose first element accepts that word.
    by_word: Vec<Vec<Filed>>,
    /// Patterns whose first element accepts a stem, by the stem's first three bytes.
    by_prefix: FastMap<u32, Vec<Filed>>,
    /// `by_prefix` as it is read for every token: see [`PrefixIndex`].
    prefix_index: PrefixIndex,
    /// Some element accepts a stem (the table of known groups has none, and its matching needs
    /// no word heads).
    has_stems: bool,
    /// This set's number among all sets made in the process, under which each thread keeps
    /// what this set's stems make of the words it has met (see `scan::StemTries`).
    serial: usize,
}

/// Numbers the sets as they are made.
static NEXT_SERIAL: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The patterns filed under a stem's first three bytes, laid out for the lookup made for every
/// token of every article: a bit per first byte and second byte (modulo 64) rejects most words
/// with one load, and the rest are found in an open-addressed table whose hash is one
/// multiplication (the keys are three bytes, not text to be hashed a byte at a time).
struct PrefixIndex {
    filter: Box<[u64; 256]>,
    /// (three-byte key, index into `lists`); `EMPTY_SLOT` marks a free slot.
    slots: Vec<(u32, u32)>,
    lists: Vec<Vec<Filed>>,
    shift: u32,
}

/// No three-byte key reaches this value.
const EMPTY_SLOT: u32 = u32::MAX;

impl PrefixIndex {
    fn new(by_prefix: &FastMap<u32, Vec<Filed>>) -> PrefixIndex {
        let size = (by_prefix.len() * 4).next_power_of_two().max(64);
        let mut index = PrefixIndex {
            filter: Box::new([0; 256]),
            slots: vec![(EMPTY_SLOT, 0); size],
            lists: Vec::with_capacity(by_prefix.len()),
            shift: 32 - size.trailing_zeros(),
        };
        for (&key, list) in by_prefix {
            let [a, b, ..] = key.to_le_bytes();
            index.filter[usize::from(a)] |= 1u64 << (b & 63);
            let mut slot = index.home(key);
            while index.slots[slot].0 != EMPTY_SLOT {
                slot = (slot + 1) & (size - 1);
            }
            index.slots[slot] = (key, index.lists.len() as u32);
            index.lists.push(list.clone());
        }
        index
    }

    #[inline]
    fn home(&self, key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    /// The patterns filed under the first three bytes of `key`.
    #[inline]
    fn get(&self, key: &str) -> &[Filed] {
        let b = key.as_bytes();
        if b.len() < PREFIX_INDEX_LEN || self.filter[usize::from(b[0])] & (1u64 << (b[1] & 63)) == 0
        {
            return &[];
        }
        let Some(k) = prefix_key(key) else {
            return &[];
        };
        let mask = self.slots.len() - 1;
        let mut slot = self.home(k);
        loop {
            match self.slots[slot] {
                (EMPTY_SLOT, _) => return &[],
                (found, list) if found == k => return &self.lists[list as usize],
                _ => slot = (slot + 1) & mask,
            }
        }
    }
}

const PREFIX_INDEX_LEN: usize = 3;

/// The first three bytes of `key` as one number, when they are whole characters.
fn prefix_key(key: &str) -> Option<u32> {
    if key.len() >= PREFIX_INDEX_LEN && key.is_char_boundary(PREFIX_INDEX_LEN) {
        let b = key.as_bytes();
        Some(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
    } else {
        None
    }
}

impl<C: Copy> CueSet<C> {
    pub fn empty() -> CueSet<C> {
        CueSet {
            patterns: Vec::new(),
            words: FastMap::default(),
            word_filter: Prefilter::default(),
            by_word: Vec::new(),
            by_prefix: FastMap::default(),
            prefix_index: PrefixIndex::new(&FastMap::default()),
            has_stems: false,
            serial: NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    pub fn new(entries: &[(&str, C)]) -> Result<CueSet<C>, PatternError> {
        let mut set = CueSet::empty();
        set.patterns.reserve(entries.len());
        for (text, cue) in entries {
            set.add(text, *cue)?;
        }
        set.prefix_index = PrefixIndex::new(&set.by_prefix);
        Ok(set)
    }

    fn word_number(&mut self, word: &str) -> u32 {
        if let Some(&n) = self.words.get(word) {
            return n;
        }
        let n = self.by_word.len() as u32;
        self.words.insert(word.to_string(), n);
        self.word_filter.insert(word);
        self.by_word.push(Vec::new());
        n
    }

    fn add(&mut self, text: &str, cue: C) -> Result<(), PatternError> {
        let err = |reason| PatternError {
            pattern: text.to_string(),
            reason,
        };
        let (lang, body) = match text.split_once(':') {
            Some(("pt", rest)) => (Some(Lang::Pt), rest),
            Some(("es", rest)) => (Some(Lang::Es), rest),
            Some(("en", rest)) => (Some(Lang::En), rest),
            _ => (None, text),
        };
        let mut elems = Vec::new();
        // The first element's words as written, repeats included: a pattern is filed once per
        // alternative, and each filing is one try (and one hit) where the word occurs.
        let mut first_words: Vec<u32> = Vec::new();
        for part in body.split_whitespace() {
            if let Some(n) = part.strip_prefix('~') {
                let n = n.parse().map_err(|_| err("gap needs a number"))?;
                elems.push(Elem::Gap(n));
                continue;
            }
            let mut alts = Alts::default();
            for alt in part.split('|') {
                if let Some(stem) = alt.strip_suffix('*') {
                    if stem.len() < PREFIX_INDEX_LEN {
                        return Err(err("stems need at least three letters"));
                    }
                    alts.add_stem(Stem::new(stem));
                    self.has_stems = true;
                } else {
                    let n = self.word_number(alt);
                    alts.add_word(n);
                    if elems.is_empty() {
                        first_words.push(n);
                    }
                }
            }
            alts.exact.sort_unstable();
            alts.exact.dedup();
            elems.push(Elem::Any(alts));
        }
        let Some(Elem::Any(first)) = elems.first() else {
            return Err(err("a pattern must start with a word"));
        };
        if matches!(elems.last(), Some(Elem::Gap(_))) {
            return Err(err("a pattern must end with a word"));
        }
        let id = self.patterns.len();
        for w in &first_words {
            if let Some(list) = self.by_word.get_mut(*w as usize) {
                file(list, id);
            }
        }
        for p in &first.stems {
            if let Some(k) = prefix_key(&p.text) {
                file(self.by_prefix.entry(k).or_default(), id);
            }
        }
        let needs = elems
            .iter()
            .skip(1)
            .filter_map(|e| match e {
                Elem::Any(alts) => Some(Bits::of(alts)),
                Elem::Gap(_) => None,
            })
            .collect();
        self.patterns.push(Pattern {
            elems,
            needs,
            lang,
            cue,
        });
        Ok(())
    }

    /// Every exact word of the patterns with its number.
    pub(crate) fn words(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words.iter().map(|(w, &n)| (w.as_str(), n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_read_only_for_tokens_that_start_like_one() {
        let mut alts = Alts::default();
        for stem in ["detenid", "arrest", "captur"] {
            alts.add_stem(Stem::new(stem));
        }
        let info = |key: &str| TokInfo {
            word: NO_WORD,
            len: key.len() as u32,
            head: head_of(key),
        };
        for key in ["detenidos", "arrested", "capturado"] {
            assert!(alts.stem_bloom & pair_bit(head_of(key)) != 0, "{key}");
            assert!(alts.matches(&info(key), || key), "{key}");
        }
        // Words that begin like no stem are turned away by the bits alone: the key is never
        // read, so a key that would match if it were read changes nothing.
        for key in ["policia", "victimas", "rescate"] {
            assert_eq!(alts.stem_bloom & pair_bit(head_of(key)), 0, "{key}");
            assert!(!alts.matches(&info(key), || "detenidos"), "{key}");
        }
    }

    #[test]
    fn a_sentence_meets_an_element_it_can_match_and_not_one_it_lacks() {
        let set = CueSet::new(&[("rescat* ~3 victimas|mujeres", 1), ("forced labou*", 2)]).unwrap();
        let info = |key: &str| TokInfo {
            word: set.word_number_of(key),
            len: key.len() as u32,
            head: head_of(key),
        };
        let sentence = |keys: &[&str]| {
            let mut bits = Bits::default();
            for key in keys {
                bits.add_token(&info(key));
            }
            bits
        };
        let needs = |id: usize| set.patterns[id].needs.clone();
        assert_eq!(needs(0).len(), 1);
        // Every word an element accepts, exact or by its stem, meets its bits.
        let with = sentence(&["rescataron", "a", "las", "victimas", "forced", "labourers"]);
        assert!(needs(0).iter().all(|n| with.meets(n)));
        assert!(needs(1).iter().all(|n| with.meets(n)));
        // A sentence without the later words of a pattern does not: its tries are never made.
        let without = sentence(&["rescataron", "a", "un", "perro", "forced", "entry"]);
        assert!(!needs(0).iter().all(|n| without.meets(n)));
        assert!(!needs(1).iter().all(|n| without.meets(n)));
        let doc = crate::text::Doc::new("Rescataron a un perro. Forced entry.");
        assert!(set.find_all(&doc, Lang::Es).is_empty());
    }

    #[test]
    fn rejects_malformed_patterns() {
        assert!(CueSet::new(&[("~2 word", 1)]).is_err());
        assert!(CueSet::new(&[("ab*", 1)]).is_err());
        assert!(CueSet::new(&[("word ~x other", 1)]).is_err());
    }
}
