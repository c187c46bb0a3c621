//! The in-memory watchlist index: compact entries, analysed names and a blocking-key index.
//!
//! Postings are built once as one sorted array of (key, name) pairs and kept in compressed
//! sparse rows (sorted keys, offsets, name numbers): 8 bytes per distinct key and 4 per
//! posting, no per-key allocation, so five million entries fit in a few gigabytes at most and
//! one million in a few hundred megabytes.

use rastro_geo::CountryCode;
use rastro_names::{analyse, NameAnalysis};
use rastro_text::PartialDate;

use crate::issue::RowIssue;
use crate::keys::{document_key, name_keys, KeyKind, Years};
use crate::parallel::{map_chunks_in_order, thread_count, WorkerPanicked};
use crate::person::{normalise_document, Gender, Person};
use crate::rarity::{quantise, ListCounts};

/// One watchlist entry, stored compactly.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub id: Box<str>,
    pub birth_dates: Box<[PartialDate]>,
    pub gender: Option<Gender>,
    pub nationalities: Box<[CountryCode]>,
    pub documents: Box<[String]>,
    pub topics: Box<[Box<str>]>,
}

/// Birth year filed with each name for fast filtering of long posting lists: 0 when unknown or
/// when the entry has several birth years.
const YEAR_UNKNOWN: u16 = 0;

/// A watchlist ready for screening.
#[derive(Debug, Default)]
pub struct Watchlist {
    pub(crate) entries: Vec<Entry>,
    pub(crate) names: Vec<NameAnalysis>,
    pub(crate) name_text: Vec<Box<str>>,
    pub(crate) name_entry: Vec<u32>,
    pub(crate) name_year: Vec<u16>,
    pub(crate) keys: Vec<u32>,
    /// Open-addressing table: key → position in `keys` (`u32::MAX` = empty). Keys are hashes
    /// already, so a multiply-shift spreads them; one or two probes find a key.
    pub(crate) slots: Vec<u32>,
    pub(crate) slot_shift: u32,
    pub(crate) offsets: Vec<u32>,
    pub(crate) postings: Vec<u32>,
    /// How many entries carry each word sound: what makes a word common in this list.
    pub(crate) counts: ListCounts,
    /// Rarity of each compared word of each name ([`crate::rarity::quantise`]d), name `n`'s at
    /// `rarity_start[n]..rarity_start[n + 1]`.
    pub(crate) word_rarity: Vec<u8>,
    pub(crate) rarity_start: Vec<u32>,
}

/// Why a watchlist could not be built at all.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the watchlist has more than {} names", u32::MAX)]
    TooLarge,
    #[error("analysing the watchlist's names failed: {0}")]
    Worker(#[from] WorkerPanicked),
}

/// The analysed names of one person (with their position in `Person::names`) and the blocking
/// keys of each, in the same order.
struct Analysed {
    names: Vec<(usize, NameAnalysis)>,
    keys: Vec<Box<[u32]>>,
}

fn analyse_person(p: &Person, scratch: &mut Vec<u32>) -> Analysed {
    let mut out = Analysed {
        names: Vec::with_capacity(p.names.len()),
        keys: Vec::with_capacity(p.names.len()),
    };
    let mut years: Vec<u16> = p.birth_dates.iter().map(|d| d.year).collect();
    years.sort_unstable();
    years.dedup();
    if years.is_empty() {
        years.push(YEAR_UNKNOWN);
    }
    for (i, n) in p.names.iter().enumerate() {
        if let Ok(a) = analyse(n) {
            scratch.clear();
            name_keys(&a, Years::same(&years), scratch);
            out.keys.push(scratch.as_slice().into());
            out.names.push((i, a));
        }
    }
    out
}

impl Watchlist {
    /// Builds the index from people (as read by [`crate::read_csv`] / [`crate::read_ftm`] or made
    /// by a program). People with no name that can be analysed are returned as issues, with
    /// their 1-based position in `people`, not indexed.
    pub fn build(people: Vec<Person>) -> Result<(Watchlist, Vec<RowIssue>), BuildError> {
        // Name analysis is most of the work: spread it over the cores, eight at most.
        // The chunks are consumed as the people are indexed, so each analysis is freed once used.
        let analysed =
            map_chunks_in_order(&people, thread_count(0).min(8), Vec::new, |scratch, p| {
                analyse_person(p, scratch)
            })?;
        let mut w = Watchlist::default();
        let mut issues = Vec::new();
        // (key << 32 | name number): one sortable word per posting.
        let mut pairs: Vec<u64> = Vec::new();
        let mut position = 0u64;
        for (mut person, analysed) in people.into_iter().zip(analysed.into_iter().flatten()) {
            position += 1;
            if analysed.names.is_empty() {
                issues.push(RowIssue::rejected(
                    position,
                    Some("name"),
                    person.names.first().map(String::as_str).unwrap_or(""),
                    "no name that can be analysed; not indexed",
                ));
                continue;
            }
            let entry_no = w.entries.len() as u32;
            let first = w.names.len();
            if first + analysed.names.len() > u32::MAX as usize {
                return Err(BuildError::TooLarge);
            }
            let year = match person.birth_dates.as_slice() {
                [d] => d.year,
                [d, rest @ ..] if rest.iter().all(|r| r.year == d.year) => d.year,
                _ => YEAR_UNKNOWN,
            };
            let documents: Box<[String]> = person
                .documents
                .iter()
                .map(|d| normalise_document(d))
                .filter(|d| !d.is_empty())
                .collect();
            for d in documents.iter() {
                pairs.push((u64::from(document_key(d)) << 32) | first as u64);
            }
            for ((i, a), keys) in analysed.names.into_iter().zip(analysed.keys) {
                let name_no = w.names.len() as u64;
                pairs.extend(keys.iter().map(|&k| (u64::from(k) << 32) | name_no));
                w.names.push(a);
                w.name_text
                    .push(std::mem::take(&mut person.names[i]).into_boxed_str());
                w.name_entry.push(entry_no);
                w.name_year.push(year);
            }
            w.entries.push(Entry {
                id: person.id.into_boxed_str(),
                birth_dates: person.birth_dates.into_boxed_slice(),
                gender: person.gender,
                nationalities: person.nationalities.into_boxed_slice(),
                documents,
                topics: person
                    .topics
                    .into_iter()
                    .map(String::into_boxed_str)
                    .collect(),
            });
        }
        w.rate_words();
        pairs.sort_unstable();
        pairs.dedup();
        w.postings = Vec::with_capacity(pairs.len());
        w.offsets.push(0);
        let mut i = 0;
        while i < pairs.len() {
            let key = (pairs[i] >> 32) as u32;
            while i < pairs.len() && (pairs[i] >> 32) as u32 == key {
                w.postings.push(pairs[i] as u32);
                i += 1;
            }
            w.keys.push(key);
            w.offsets.push(w.postings.len() as u32);
        }
        w.keys.shrink_to_fit();
        w.fill_slots();
        w.offsets.shrink_to_fit();
        w.names.shrink_to_fit();
        w.name_text.shrink_to_fit();
        w.entries.shrink_to_fit();
        Ok((w, issues))
    }

    /// Counts the list's words and keeps the rarity of every word of every name.
    fn rate_words(&mut self) {
        let names = &self.names;
        let name_entry = &self.name_entry;
        let mut start = 0;
        let groups = std::iter::from_fn(|| {
            let entry = *name_entry.get(start)?;
            let end = start
                + name_entry[start..]
                    .iter()
                    .take_while(|&&e| e == entry)
                    .count();
            let group = names[start..end].iter();
            start = end;
            Some(group)
        });
        self.counts = ListCounts::count(groups);
        self.rarity_start = Vec::with_capacity(self.names.len() + 1);
        self.word_rarity = Vec::with_capacity(self.names.len() * 4);
        let mut scratch = Vec::new();
        for n in &self.names {
            self.rarity_start.push(self.word_rarity.len() as u32);
            self.counts.word_rarities(n, &mut scratch);
            self.word_rarity
                .extend(scratch.iter().map(|&r| quantise(r)));
        }
        self.rarity_start.push(self.word_rarity.len() as u32);
    }

    /// What entry `entry` gives besides its names, for scoring.
    pub(crate) fn attributes(&self, entry: u32) -> crate::score::Attributes<'_> {
        let e = &self.entries[entry as usize];
        crate::score::Attributes {
            birth_dates: &e.birth_dates,
            gender: e.gender,
            nationalities: &e.nationalities,
            documents: &e.documents,
        }
    }

    /// The quantised rarities of name `n`'s compared words.
    pub(crate) fn rarities(&self, n: u32) -> &[u8] {
        let n = n as usize;
        &self.word_rarity[self.rarity_start[n] as usize..self.rarity_start[n + 1] as usize]
    }

    /// Number of entries (people).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of names (main names and aliases).
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Number of distinct blocking keys and of postings.
    pub fn index_size(&self) -> (usize, usize) {
        (self.keys.len(), self.postings.len())
    }

    fn slot(&self, key: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.slot_shift) as usize
    }

    fn fill_slots(&mut self) {
        let size = (self.keys.len() * 2).next_power_of_two().max(2);
        self.slot_shift = 64 - size.trailing_zeros();
        self.slots = vec![u32::MAX; size];
        for i in 0..self.keys.len() {
            let mut s = self.slot(self.keys[i]);
            while self.slots[s] != u32::MAX {
                s = (s + 1) & (size - 1);
            }
            self.slots[s] = i as u32;
        }
    }

    pub(crate) fn postings(&self, key: u32) -> Option<(&[u32], KeyKind)> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut s = self.slot(key);
        let i = loop {
            let i = self.slots[s];
            if i == u32::MAX {
                return None;
            }
            if self.keys[i as usize] == key {
                break i as usize;
            }
            s = (s + 1) & mask;
        };
        let range = self.offsets[i] as usize..self.offsets[i + 1] as usize;
        Some((&self.postings[range], KeyKind::of(key)))
    }
}
