//! The in-memory watchlist index: compact entries, analysed names and a blocking-key index.
//!
//! Postings are built once as one sorted array of (key, name) pairs and kept in compressed
//! sparse rows (sorted keys, offsets, name numbers): 12 bytes per distinct key and 4 per
//! posting, no per-key allocation, so five million entries fit in a few gigabytes at most and
//! one million in a few hundred megabytes.

use rastro_geo::CountryCode;
use rastro_names::{analyse, NameAnalysis};

use crate::date::PartialDate;
use crate::issue::RowIssue;
use crate::keys::{document_key, name_keys, KeyKind};
use crate::person::{normalise_document, Gender, Person};

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
    pub(crate) keys: Vec<u64>,
    pub(crate) offsets: Vec<u32>,
    pub(crate) postings: Vec<u32>,
}

/// Why a watchlist could not be built at all.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the watchlist has more than {} names", u32::MAX)]
    TooLarge,
}

fn analyse_names(p: &Person) -> Vec<(NameAnalysis, Box<str>)> {
    p.names
        .iter()
        .filter_map(|n| analyse(n).ok().map(|a| (a, n.as_str().into())))
        .collect()
}

impl Watchlist {
    /// Builds the index from people (as read by [`crate::read_csv`] / [`crate::read_ftm`] or made
    /// by a program). People with no name that can be analysed are returned as issues, with
    /// their 1-based position in `people`, not indexed.
    pub fn build(people: Vec<Person>) -> Result<(Watchlist, Vec<RowIssue>), BuildError> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8);
        let chunk = people.len().div_ceil(threads).max(1);
        // Name analysis is most of the work: spread it over the cores.
        let analysed: Vec<Vec<(Vec<(NameAnalysis, Box<str>)>, Vec<(u64, KeyKind)>)>> =
            std::thread::scope(|s| {
                let handles: Vec<_> = people
                    .chunks(chunk)
                    .map(|part| {
                        s.spawn(move || {
                            let mut scratch = Vec::new();
                            part.iter()
                                .map(|p| {
                                    let names = analyse_names(p);
                                    let mut keys = Vec::new();
                                    for (n, _) in &names {
                                        scratch.clear();
                                        name_keys(n, &mut scratch);
                                        keys.extend(scratch.iter().copied());
                                        keys.push((u64::MAX, KeyKind::Token));
                                    }
                                    (names, keys)
                                })
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_default())
                    .collect()
            });
        let mut w = Watchlist::default();
        let mut issues = Vec::new();
        let mut pairs: Vec<(u64, u32)> = Vec::new();
        let mut position = 0u64;
        for (person, (names, keys)) in people.into_iter().zip(analysed.into_iter().flatten()) {
            position += 1;
            if names.is_empty() {
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
            if first + names.len() > u32::MAX as usize {
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
            let mut name_no = first as u32;
            for (k, kind) in keys {
                if k == u64::MAX {
                    name_no += 1;
                    continue;
                }
                debug_assert_eq!(KeyKind::of(k), kind);
                pairs.push((k, name_no));
            }
            for d in documents.iter() {
                let k = document_key(d);
                pairs.push((k, first as u32));
            }
            for (a, text) in names {
                w.names.push(a);
                w.name_text.push(text);
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
        pairs.sort_unstable();
        pairs.dedup();
        w.postings = Vec::with_capacity(pairs.len());
        w.offsets.push(0);
        let mut i = 0;
        while i < pairs.len() {
            let key = pairs[i].0;
            while i < pairs.len() && pairs[i].0 == key {
                w.postings.push(pairs[i].1);
                i += 1;
            }
            w.keys.push(key);
            w.offsets.push(w.postings.len() as u32);
        }
        drop(pairs);
        Ok((w, issues))
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

    pub(crate) fn postings(&self, key: u64) -> Option<(&[u32], KeyKind)> {
        let i = self.keys.binary_search(&key).ok()?;
        let range = self.offsets[i] as usize..self.offsets[i + 1] as usize;
        Some((&self.postings[range], KeyKind::of(key)))
    }
}
