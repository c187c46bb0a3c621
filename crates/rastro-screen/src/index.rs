//! The in-memory watchlist index: compact entries, analysed names and a blocking-key index.
//!
//! Postings are built once as one sorted array of (key, name) pairs and kept as one array of
//! name numbers (and one of their birth years) with a table from each key to its run: about 16
//! bytes per distinct key and 5 per posting, no per-key allocation, so five million entries fit
//! in a few gigabytes at most and one million in about a gigabyte.

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

/// What scoring reads of an entry besides its names, in one place: a search weighs dozens of
/// entries per query, and the boxed lists of [`Entry`] would cost a cache miss each. An entry
/// with more than one birth date or nationality keeps them in its [`Entry`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct EntryAttrs {
    /// The birth date when the entry has exactly one.
    date: PartialDate,
    /// The nationality when the entry has exactly one.
    nationality: Option<CountryCode>,
    dates: u8,
    nationalities: u8,
    gender: Option<Gender>,
    documents: u8,
    /// The [`document_key`] of the first document number: most queries that give a document
    /// share none with most candidates, which this tells without reading the numbers.
    document_key: u32,
}

impl EntryAttrs {
    fn of(e: &Entry) -> EntryAttrs {
        let count = |n: usize| n.min(u8::MAX as usize) as u8;
        EntryAttrs {
            date: match *e.birth_dates {
                [d] => d,
                _ => PartialDate {
                    year: 0,
                    month: None,
                    day: None,
                },
            },
            nationality: match *e.nationalities {
                [c] => Some(c),
                _ => None,
            },
            dates: count(e.birth_dates.len()),
            nationalities: count(e.nationalities.len()),
            gender: e.gender,
            documents: count(e.documents.len()),
            document_key: e.documents.first().map_or(0, |d| document_key(d)),
        }
    }
}

/// Per listed name, what a search reads before it compares the name, side by side: whose it
/// is, what that entry says besides names (copied to each of its names: one memory access per
/// candidate instead of two), and how rare the name's words are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameInfo {
    pub entry: u32,
    attrs: EntryAttrs,
    /// The name's word rarities are `word_rarity[rarity_start..rarity_start + words]`.
    rarity_start: u32,
    words: u16,
    /// The sum of those rarities (quantised): what the words are worth at most together.
    rarest: u16,
}

impl NameInfo {
    /// The rarity (decades) of all the name's words together.
    pub(crate) fn rarest(&self) -> f32 {
        crate::rarity::dequantise_sum(self.rarest)
    }
}

/// Birth year filed with each name for fast filtering of long posting lists: 0 when unknown or
/// when the entry has several birth years.
const YEAR_UNKNOWN: u16 = 0;

/// Birth years as one byte beside each posting: 0 unknown, 1 for 1800 up to 254 for 2053.
/// Years outside (which [`crate::parse_birth_date`] never gives) are filed at the nearest end:
/// blocking only weighs them, scoring reads the dates themselves.
pub(crate) fn year_code(year: u16) -> u8 {
    if year == YEAR_UNKNOWN {
        0
    } else {
        (year.clamp(FIRST_CODED_YEAR, FIRST_CODED_YEAR + 253) - FIRST_CODED_YEAR + 1) as u8
    }
}

const FIRST_CODED_YEAR: u16 = 1800;

/// Where a name goes in the index's order ([`Watchlist::cluster_names`]): its first surname's
/// sound, its first given name's sound, its birth year.
fn cluster_key(name: &NameAnalysis, year: u16) -> u64 {
    let mut words = name.significant();
    let first = words.next();
    let surname = name
        .significant()
        .find(|t| t.role == rastro_names::Role::Surname)
        .or_else(|| name.significant().last());
    let sound = |t: Option<rastro_names::Token<'_>>| {
        t.map_or(0, |t| {
            xxhash_rust::xxh3::xxh3_64(t.key.as_bytes()) & 0xFF_FFFF
        })
    };
    (sound(surname) << 40) | (sound(first) << 16) | u64::from(year)
}

/// Puts the items of `v` in the order of `order`'s second members (old positions, each once),
/// in place: following each cycle of the permutation, one swap per item, with no copy of the
/// list (a million names would hold tens of megabytes more for a moment).
fn permute<T>(v: &mut [T], order: &[(u64, u32)]) {
    let mut placed = vec![false; v.len()];
    for start in 0..v.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at].1 as usize;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// A document number that equals no normalised number (those are never empty): what an entry's
/// documents are for scoring when none can be the query's.
static UNSHARED_DOCUMENT: [String; 1] = [String::new()];

/// One slot of the key table: a key and where its postings are. Empty when `len` is 0 (every
/// key has a posting).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct KeySlot {
    key: u32,
    start: u32,
    len: u32,
}

/// A posting list: the names filed under one key, with their [`year_code`]s.
#[derive(Clone, Copy)]
pub(crate) struct Postings<'w> {
    pub names: &'w [u32],
    pub years: &'w [u8],
    pub kind: KeyKind,
}

impl Postings<'_> {
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}

/// A watchlist ready for screening.
#[derive(Debug, Default)]
pub struct Watchlist {
    pub(crate) entries: Vec<Entry>,
    pub(crate) names: Vec<NameAnalysis>,
    pub(crate) name_text: Vec<Box<str>>,
    pub(crate) name_info: Vec<NameInfo>,
    /// Number of distinct blocking keys.
    pub(crate) key_count: usize,
    /// Open-addressing table of keys with their runs of postings. Keys are hashes already, so a
    /// multiply-shift spreads them; key and run are in the slot itself, so a lookup costs one
    /// cache miss (a search makes dozens per query name).
    pub(crate) slots: Vec<KeySlot>,
    pub(crate) slot_shift: u32,
    pub(crate) postings: Vec<u32>,
    /// The [`year_code`] of each posting's name, beside it: a search filters and weighs
    /// postings by birth year reading this array in order, and touches its per-name memory
    /// (scattered, a cache miss each) only for the postings it keeps.
    pub(crate) posting_years: Vec<u8>,
    /// How many entries carry each word sound: what makes a word common in this list.
    pub(crate) counts: ListCounts,
    /// Rarity of each compared word of each name ([`crate::rarity::quantise`]d), name `n`'s
    /// where its [`NameInfo`] says.
    pub(crate) word_rarity: Vec<u8>,
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
        // Per name: its entry and birth year, for the rarities and the postings.
        let mut name_entry: Vec<u32> = Vec::new();
        let mut name_year: Vec<u16> = Vec::new();
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
                name_entry.push(entry_no);
                name_year.push(year);
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
        w.rate_words(&name_entry);
        drop(name_entry);
        w.cluster_names(&mut name_year, &mut pairs);
        pairs.sort_unstable();
        pairs.dedup();
        w.postings = Vec::with_capacity(pairs.len());
        let mut keys = Vec::new();
        let mut i = 0;
        while i < pairs.len() {
            let key = (pairs[i] >> 32) as u32;
            let start = w.postings.len() as u32;
            while i < pairs.len() && (pairs[i] >> 32) as u32 == key {
                w.postings.push(pairs[i] as u32);
                i += 1;
            }
            keys.push(KeySlot {
                key,
                start,
                len: w.postings.len() as u32 - start,
            });
        }
        // The sorted pairs are the largest thing built: gone before the rest is.
        drop(pairs);
        w.posting_years = w
            .postings
            .iter()
            .map(|&n| year_code(name_year[n as usize]))
            .collect();
        w.fill_slots(&keys);
        w.names.shrink_to_fit();
        w.name_text.shrink_to_fit();
        w.entries.shrink_to_fit();
        Ok((w, issues))
    }

    /// Numbers the names anew so that names sharing their first given name and first surname,
    /// and within them names born in one year, lie next to each other. A posting list then
    /// names neighbours, and a search's per-name memory (support, records, analyses) is read
    /// a cache line at a time instead of a miss per posting. `name_year` and the postings
    /// (`pairs`, names in the low 32 bits) are renumbered with them.
    fn cluster_names(&mut self, name_year: &mut [u16], pairs: &mut [u64]) {
        let mut order: Vec<(u64, u32)> = self
            .names
            .iter()
            .zip(name_year.iter())
            .enumerate()
            .map(|(old, (name, &year))| (cluster_key(name, year), old as u32))
            .collect();
        order.sort_unstable();
        let mut new_of_old = vec![0u32; order.len()];
        for (new, &(_, old)) in order.iter().enumerate() {
            new_of_old[old as usize] = new as u32;
        }
        for p in pairs.iter_mut() {
            let old = *p as u32;
            *p = (*p & !u64::from(u32::MAX)) | u64::from(new_of_old[old as usize]);
        }
        permute(&mut self.names, &order);
        permute(&mut self.name_text, &order);
        permute(&mut self.name_info, &order);
        permute(name_year, &order);
    }

    /// Counts the list's words and keeps the rarity of every word of every name, with each
    /// name's entry (`name_entry`) in its [`NameInfo`].
    fn rate_words(&mut self, name_entry: &[u32]) {
        let names = &self.names;
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
        self.name_info = Vec::with_capacity(self.names.len());
        self.word_rarity = Vec::with_capacity(self.names.len() * 4);
        let mut scratch = Vec::new();
        for (n, &entry) in self.names.iter().zip(name_entry) {
            let rarity_start = self.word_rarity.len() as u32;
            self.counts.word_rarities(n, &mut scratch);
            self.word_rarity
                .extend(scratch.iter().map(|&r| quantise(r)));
            let words = &self.word_rarity[rarity_start as usize..];
            self.name_info.push(NameInfo {
                entry,
                attrs: EntryAttrs::of(&self.entries[entry as usize]),
                rarity_start,
                // A name has at most `MAX_TOKENS` words.
                words: words.len() as u16,
                rarest: words.iter().map(|&r| u16::from(r)).sum(),
            });
        }
    }

    /// What the entry of name `name` gives besides its names, for scoring. Its document
    /// numbers are read only when the query gives some (`query_documents`, their
    /// [`document_key`]s) and one may be the entry's; an entry with one number that no key
    /// matches gives a stand-in that equals no number, which scores as a different document.
    pub(crate) fn attributes(
        &self,
        name: u32,
        query_documents: &[u32],
    ) -> crate::score::Attributes<'_> {
        let info = &self.name_info[name as usize];
        let a = &info.attrs;
        let e = || &self.entries[info.entry as usize];
        crate::score::Attributes {
            birth_dates: match a.dates {
                0 => &[],
                1 => std::slice::from_ref(&a.date),
                _ => &e().birth_dates,
            },
            gender: a.gender,
            nationalities: match (a.nationalities, &a.nationality) {
                (0, _) => &[],
                (1, Some(c)) => std::slice::from_ref(c),
                _ => &e().nationalities,
            },
            documents: match a.documents {
                _ if query_documents.is_empty() => &[],
                0 => &[],
                1 if !query_documents.contains(&a.document_key) => &UNSHARED_DOCUMENT,
                _ => &e().documents,
            },
        }
    }

    /// The quantised rarities of name `n`'s compared words.
    pub(crate) fn rarities(&self, n: u32) -> &[u8] {
        let info = &self.name_info[n as usize];
        let start = info.rarity_start as usize;
        &self.word_rarity[start..start + usize::from(info.words)]
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
        (self.key_count, self.postings.len())
    }

    fn slot(&self, key: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.slot_shift) as usize
    }

    /// Files each key with its run of postings. The table is kept at most about three-quarters
    /// full: linear probing then needs two or three neighbouring slots at most on average,
    /// usually in one cache line.
    fn fill_slots(&mut self, keys: &[KeySlot]) {
        self.key_count = keys.len();
        let size = (keys.len() + keys.len() / 3 + 1).next_power_of_two().max(2);
        self.slot_shift = 64 - size.trailing_zeros();
        self.slots = vec![KeySlot::default(); size];
        for k in keys {
            let mut s = self.slot(k.key);
            while self.slots[s].len != 0 {
                s = (s + 1) & (size - 1);
            }
            self.slots[s] = *k;
        }
    }

    /// The posting lists of `keys` (those present) with `tag`, added to `out`. The first slot
    /// of every key is read in one loop of independent reads, so that the processor waits for
    /// their cache misses together (the table is far larger than any cache).
    pub(crate) fn postings_of<'w, T: Copy>(
        &'w self,
        keys: &[u32],
        tag: T,
        first_slots: &mut Vec<KeySlot>,
        out: &mut Vec<(Postings<'w>, T)>,
    ) {
        if self.slots.is_empty() {
            return;
        }
        first_slots.clear();
        first_slots.extend(keys.iter().map(|&k| self.slots[self.slot(k)]));
        for (&key, first) in keys.iter().zip(first_slots.iter()) {
            let slot = if first.len == 0 {
                continue;
            } else if first.key == key {
                Some(first)
            } else {
                self.probe(key, self.slot(key) + 1)
            };
            if let Some(slot) = slot {
                let range = slot.start as usize..(slot.start + slot.len) as usize;
                out.push((
                    Postings {
                        names: &self.postings[range.clone()],
                        years: &self.posting_years[range],
                        kind: KeyKind::of(key),
                    },
                    tag,
                ));
            }
        }
    }

    /// Reads the first posting of each list, in one loop of independent reads, so that the
    /// processor waits for their cache misses together rather than at each list in turn.
    pub(crate) fn warm_heads<T>(lists: &[(Postings<'_>, T)]) {
        // The sum only keeps the reads from being left out.
        let heads: u32 = lists
            .iter()
            .map(|(l, _)| {
                l.names.first().copied().unwrap_or(0)
                    ^ u32::from(l.years.first().copied().unwrap_or(0))
            })
            .fold(0, |a, b| a.wrapping_add(b));
        std::hint::black_box(heads);
    }

    /// The slot of `key`, probing from slot `from` on.
    fn probe(&self, key: u32, from: usize) -> Option<&KeySlot> {
        let mask = self.slots.len() - 1;
        let mut s = from & mask;
        loop {
            let slot = &self.slots[s];
            if slot.len == 0 {
                return None;
            }
            if slot.key == key {
                return Some(slot);
            }
            s = (s + 1) & mask;
        }
    }

    pub(crate) fn postings(&self, key: u32) -> Option<Postings<'_>> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut s = self.slot(key);
        let found = loop {
            let slot = &self.slots[s];
            if slot.len == 0 {
                return None;
            }
            if slot.key == key {
                break slot;
            }
            s = (s + 1) & mask;
        };
        let range = found.start as usize..(found.start + found.len) as usize;
        Some(Postings {
            names: &self.postings[range.clone()],
            years: &self.posting_years[range],
            kind: KeyKind::of(key),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_birth_date;

    #[test]
    fn permuting_in_place_follows_every_cycle() {
        // order[new] = (key, old): a permutation with cycles of several lengths and fixed points.
        let olds = [3u32, 0, 1, 2, 4, 7, 5, 6, 8];
        let order: Vec<(u64, u32)> = olds.iter().map(|&o| (0, o)).collect();
        let mut v: Vec<char> = "abcdefghi".chars().collect();
        permute(&mut v, &order);
        let expected: Vec<char> = olds.iter().map(|&o| (b'a' + o as u8) as char).collect();
        assert_eq!(v, expected);
    }

    #[test]
    fn years_fit_a_byte_and_keep_their_order() {
        assert_eq!(year_code(0), 0);
        assert_eq!(year_code(1800), 1);
        assert_eq!(year_code(1980) + 1, year_code(1981));
        assert_eq!(year_code(2053), 254);
        assert_eq!(year_code(2100), year_code(2053));
        assert_eq!(year_code(1700), 1);
    }

    #[test]
    fn an_entrys_compact_attributes_are_its_own() {
        let date = |s: &str| parse_birth_date(s).unwrap();
        let people = vec![
            Person {
                id: "one".into(),
                names: vec!["Ana Ruiz".into(), "Ana Ruiz Soto".into()],
                birth_dates: vec![date("1980-02-03")],
                nationalities: rastro_geo::countries()
                    .by_alpha2("PE")
                    .into_iter()
                    .collect(),
                documents: vec!["AB-12".into()],
                gender: Some(Gender::Female),
                ..Person::default()
            },
            Person {
                id: "many".into(),
                names: vec!["Luis Soto".into()],
                birth_dates: vec![date("1970"), date("1972")],
                nationalities: ["PE", "CL"]
                    .iter()
                    .filter_map(|c| rastro_geo::countries().by_alpha2(c))
                    .collect(),
                documents: vec!["X1".into(), "X2".into()],
                ..Person::default()
            },
            Person {
                id: "none".into(),
                names: vec!["Rosa Vega".into()],
                ..Person::default()
            },
        ];
        let (w, _) = Watchlist::build(people).unwrap();
        let shared = [document_key("AB12"), document_key("X2")];
        for n in 0..w.name_count() as u32 {
            let e = &w.entries[w.name_info[n as usize].entry as usize];
            let a = w.attributes(n, &shared);
            assert_eq!(a.birth_dates, &*e.birth_dates, "{}", e.id);
            assert_eq!(a.nationalities, &*e.nationalities, "{}", e.id);
            assert_eq!(a.gender, e.gender, "{}", e.id);
            assert_eq!(a.documents, &*e.documents, "{}", e.id);
            // A query whose documents cannot be the entry's sees one that equals none of them.
            let other = w.attributes(n, &[document_key("ZZ9")]);
            assert!(other
                .documents
                .iter()
                .all(|d| !e.documents.contains(d) || e.documents.len() > 1));
            assert_eq!(other.documents.is_empty(), e.documents.is_empty());
            assert!(w.attributes(n, &[]).documents.is_empty());
        }
    }
}
