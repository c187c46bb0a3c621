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

use rastro_text::fasthash::FastMap;

use crate::prefilter::Prefilter;

/// The number of a word that no table holds.
pub(crate) const NONE: u32 = u32::MAX;

/// What the tables know of one word.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    /// Its number in the cue set ([`crate::facts::lexicon::cues`]), or [`NONE`].
    pub cue: u32,
    /// Its number in the set of known groups' spellings, or [`NONE`].
    pub group: u32,
    /// The language whose function word it is (0 es, 1 pt, 2 en).
    pub lang: Option<u8>,
    /// A number word in some language ([`crate::numbers`] decides which).
    pub number: bool,
}

const EMPTY: Entry = Entry {
    cue: NONE,
    group: NONE,
    lang: None,
    number: false,
};

pub(crate) struct Vocab {
    ids: FastMap<&'static str, u32>,
    filter: Prefilter,
    entries: Vec<Entry>,
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
        self.ids.get(key).copied().unwrap_or(NONE)
    }

    /// What the tables know of word number `id`; nothing for [`NONE`].
    #[inline]
    pub fn entry(&self, id: u32) -> &Entry {
        self.entries.get(id as usize).unwrap_or(&EMPTY)
    }
}

pub(crate) fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| {
        let mut v = Vocab {
            ids: FastMap::default(),
            filter: Prefilter::default(),
            entries: Vec::new(),
        };
        for (word, n) in crate::facts::lexicon::cues().words() {
            v.slot(word).cue = n;
        }
        for (word, n) in crate::facts::known_group_words() {
            v.slot(word).group = n;
        }
        for (word, lang) in crate::lang::function_words() {
            v.slot(word).lang = Some(lang);
        }
        for word in crate::numbers::number_words() {
            v.slot(word).number = true;
        }
        v
    })
}
