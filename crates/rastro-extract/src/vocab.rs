//! The one word table that every per-token lookup of the extractor goes through.
//!
//! Several readers look a token's word up in a table of their own: the cue set, the table of
//! known groups, the function words of language identification, the number words. Each lookup
//! hashes the word again. Here all their words are numbered once, when the tables are first
//! needed, and [`crate::text::Doc::new`] gives each token its number ([`crate::text::Token::vocab`]),
//! so that a token is hashed once per article and every reader indexes by the number. The
//! tables stay where they are; this module only joins their words, and a word in none of them
//! is [`NONE`] without a lookup when [`Prefilter`] rejects it.

use std::sync::OnceLock;

use rastro_geo::Lang;

use rastro_text::fasthash::FastMap;

use crate::prefilter::Prefilter;
use crate::words::key::head_of;
pub(crate) use crate::words::key::NONE;
use crate::words::number::Word;
use crate::words::{function, groups, lexicon, number};

/// What the tables know of one word.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    /// Its number in the cue set ([`crate::words::lexicon::cues`]), or [`NONE`].
    pub cue: u32,
    /// Its number in the set of known groups' spellings, or [`NONE`].
    pub group: u32,
    /// The language whose function word it is (0 es, 1 pt, 2 en).
    pub lang: Option<u8>,
    /// A number word in some language ([`crate::numbers`] decides which).
    pub number: bool,
    /// For a number word, where its reading is in `Vocab::number_words`.
    number_word: u16,
}

const EMPTY: Entry = Entry {
    cue: NONE,
    group: NONE,
    lang: None,
    number: false,
    number_word: 0,
};

pub(crate) struct Vocab {
    ids: FastMap<&'static str, u32>,
    filter: Prefilter,
    entries: Vec<Entry>,
    /// `ids` as it is read for every token: see [`HeadTable`].
    table: HeadTable,
    /// What each number word is in a number, and in which language: read through the token's
    /// number for every number a reader parses, instead of looking its key up again.
    number_words: Vec<(Option<Lang>, Word)>,
}

/// Words by their first eight bytes and length, in an open-addressed table: most words are at
/// most eight bytes long and are found by comparing two numbers, without hashing their bytes one
/// at a time or calling a comparison of memory.
struct HeadTable {
    /// (head, length, number); `NONE` marks a free slot.
    slots: Vec<(u64, u32, u32)>,
    /// The words by number, for the bytes after the eighth.
    words: Vec<&'static str>,
    shift: u32,
}

impl HeadTable {
    fn new(ids: &FastMap<&'static str, u32>) -> HeadTable {
        let size = (ids.len() * 2).next_power_of_two().max(64);
        let mut table = HeadTable {
            slots: vec![(0, 0, NONE); size],
            words: vec![""; ids.len()],
            shift: 64 - size.trailing_zeros(),
        };
        for (&word, &id) in ids {
            let (head, len) = (head_of(word), word.len() as u32);
            let mut slot = table.home(head, len);
            while table.slots[slot].2 != NONE {
                slot = (slot + 1) & (size - 1);
            }
            table.slots[slot] = (head, len, id);
            if let Some(w) = table.words.get_mut(id as usize) {
                *w = word;
            }
        }
        table
    }

    #[inline]
    fn home(&self, head: u64, len: u32) -> usize {
        ((head ^ u64::from(len)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: &str) -> u32 {
        let (head, len) = (head_of(key), key.len() as u32);
        let mask = self.slots.len() - 1;
        let mut slot = self.home(head, len);
        loop {
            match self.slots[slot] {
                (_, _, NONE) => return NONE,
                (h, l, id) if h == head && l == len => {
                    let tail_agrees = len <= 8
                        || self
                            .words
                            .get(id as usize)
                            .and_then(|w| w.as_bytes().get(8..))
                            == key.as_bytes().get(8..);
                    if tail_agrees {
                        return id;
                    }
                }
                _ => {}
            }
            slot = (slot + 1) & mask;
        }
    }
}

impl Vocab {
    fn slot(&mut self, word: &'static str) -> &mut Entry {
        let next = self.entries.len() as u32;
        let id = *self.ids.entry(word).or_insert(next);
        if id == next {
            self.filter.insert(word);
            self.entries.push(EMPTY);
        }
        &mut self.entries[id as usize]
    }

    /// The number of `key` (a token's folded key), or [`NONE`].
    #[inline]
    pub fn id(&self, key: &str) -> u32 {
        if !self.filter.may_contain(key) {
            return NONE;
        }
        self.table.get(key)
    }

    /// What the tables know of word number `id`; nothing for [`NONE`].
    #[inline]
    pub fn entry(&self, id: u32) -> &Entry {
        self.entries.get(id as usize).unwrap_or(&EMPTY)
    }

    /// What the number word of `entry` is in a number, and the language it belongs to (`None`:
    /// any); `None` for a word that is no number word.
    #[inline]
    pub fn number_word(&self, entry: &Entry) -> Option<(Option<Lang>, Word)> {
        if !entry.number {
            return None;
        }
        self.number_words
            .get(usize::from(entry.number_word))
            .copied()
    }
}

pub(crate) fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| {
        let mut v = Vocab {
            ids: FastMap::default(),
            filter: Prefilter::default(),
            entries: Vec::new(),
            table: HeadTable::new(&FastMap::default()),
            number_words: Vec::new(),
        };
        for (word, n) in lexicon::cues().words() {
            v.slot(word).cue = n;
        }
        for (word, n) in groups::known_group_words() {
            v.slot(word).group = n;
        }
        for (word, lang) in function::function_words() {
            v.slot(word).lang = Some(lang);
        }
        for (word, reading) in number::number_words() {
            let index = v.number_words.len() as u16;
            let entry = v.slot(word);
            entry.number = true;
            entry.number_word = index;
            v.number_words.push(reading);
        }
        v.table = HeadTable::new(&v.ids);
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_found_by_its_head_and_others_are_not() {
        let v = vocab();
        assert!(!v.ids.is_empty());
        for (&word, &id) in &v.ids {
            assert_eq!(v.id(word), id, "{word}");
        }
        // Same first eight bytes and length as a table word, another tail.
        let long = v
            .ids
            .keys()
            .find(|w| w.len() > 9 && w.is_ascii())
            .copied()
            .unwrap_or("explotacion");
        let mut other = long[..long.len() - 1].to_string();
        other.push(if long.ends_with('q') { 'z' } else { 'q' });
        assert_eq!(v.id(&other), NONE, "{other}");
        assert_eq!(v.id("zzzzqqq"), NONE);
        let trafico = v.id("trafico");
        assert!(v.entry(trafico).cue != NONE);
        assert_eq!(v.entry(v.id("the")).lang, Some(2));
        assert!(v.entry(v.id("veinte")).number);
        assert!(!v.entry(NONE).number);
    }

    #[test]
    fn each_number_word_is_read_through_its_number_as_its_table_reads_it() {
        let v = vocab();
        let table = &crate::words::number::words().table;
        assert!(table.len() > 50);
        for (word, reading) in table {
            assert_eq!(v.number_word(v.entry(v.id(word))), Some(*reading), "{word}");
        }
        for word in ["trafico", "the", "zzzz"] {
            assert_eq!(v.number_word(v.entry(v.id(word))), None, "{word}");
        }
    }
}
