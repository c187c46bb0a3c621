//! Screening one query against a [`Watchlist`].
//!
//! Candidates come from the blocking index, never from a scan: every key of the query's names
//! is looked up, candidates accumulate the weights of the keys they share, long posting lists of
//! common tokens are skipped when the name has rarer evidence, and lists of common pairs are
//! filtered by birth year when the query has one. The best-supported candidates are then scored
//! in full.

use rastro_names::{analyse, compare, compare_agreement, Agreement, NameAnalysis, PreparedName};
use serde::Serialize;

use crate::index::Watchlist;
use crate::keys::{document_key, name_keys, pair_year_keys, KeyKind, Years};
use crate::person::{normalise_document, Person};
use crate::rarity::{agreement_rarity, ceiling as rarity_ceiling, dequantise};
use crate::score::{
    calibrate, ceiling, combine, features, features_with, name_contribution, name_rarity,
    Attributes, Explanation, Features, NamePart,
};

/// Default threshold: where F1 on the generated tuning pairs of `rastro-screen-bench tune`
/// peaked before scores were calibrated (0.65 on the logistic scale), written on the calibrated
/// scale. A score is the share of matches among tuning pairs that get it, so the threshold sits
/// well below one half: missing a listed person costs more than an officer's look at a namesake.
pub const DEFAULT_THRESHOLD: f64 = 0.3;

/// Lists of single-token keys longer than this are skipped when the query name has pairs.
const TOKEN_LIST_CAP: usize = 2_000;
/// Short-pair lists longer than this are skipped: two common first sounds select little, and
/// the full pairs of the same words are read anyway.
const SHORT_PAIR_LIST_CAP: usize = 400;
/// Lists longer than this are filtered by birth year when the query has one.
const YEAR_FILTER_FROM: usize = 256;
/// How many years a listed name's birth year may be from the query's and still be read from
/// the year-split lists of full token pairs (and from long lists filtered by year). Bare years
/// are often estimates or slips of two or three years; the scorer weighs such a date as close,
/// not as a conflict.
const PAIR_YEARS: u16 = 3;
/// Years from the query's own within which every year-split full-pair list is read; lists of
/// the years beyond, up to [`PAIR_YEARS`], are read when no longer than [`FAR_YEAR_LIST_CAP`].
const NEAR_YEARS: u16 = 1;
const FAR_YEAR_LIST_CAP: usize = 24;
/// Whole-pair lists this short are read even when the query has a birth year.
const RARE_PAIR_LIST: usize = 16;
/// The same for short pairs (first sounds of two tokens): they are wider, so they are read for
/// the query's own year and the years next to it only.
const SHORT_PAIR_YEARS: u16 = 0;
/// Candidates with less than this share of the best candidate's support (key weights) are not
/// scored: they share one common word with the query where others share pairs. A listed person
/// born in another year than the query keeps about half the support of a namesake of the
/// query's year, so stays above it.
const SUPPORT_FLOOR: f32 = 0.3;
/// Candidates scored in full per query name.
const CANDIDATES: usize = 32;
/// Entries whose name similarity is below this are not scored further.
const NAME_FLOOR: f64 = 0.5;

/// One watchlist entry matching a query.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub id: String,
    pub score: f64,
    /// The entry's topics (e.g. `sanction`, `crime.traffick`), as the list gave them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    pub explanation: Explanation,
}

/// A query that cannot be screened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query has no name that can be analysed")]
    NoName,
}

/// Per-thread working memory for screening; make one per thread with [`Watchlist::searcher`].
pub struct Searcher<'w> {
    list: &'w Watchlist,
    /// Per listed name: the epoch its weight belongs to, the weight, and its birth year, side
    /// by side so that a posting costs one memory access, not three.
    slots: Vec<Slot>,
    epoch: u16,
    touched: Vec<u32>,
    keys: Vec<u32>,
    /// The candidate being compared, prepared in memory reused from one to the next.
    listed: PreparedName<'w>,
    /// Entries filed under one of the query's document numbers: the only ones worth scoring
    /// when their names differ.
    document_entries: Vec<u32>,
    /// The posting lists of one query name, kept for the next query's.
    lists: Vec<(&'w [u32], KeyKind, bool)>,
    /// Touched names with their weights, for choosing the best.
    ranked: Vec<(f32, u32)>,
    /// Per entry of a query's candidates: what its attributes besides the name add.
    bounds: Vec<(u32, f64)>,
}

impl Watchlist {
    /// A searcher over this watchlist. Each thread needs its own (it holds scratch memory of
    /// eight bytes per listed name).
    pub fn searcher(&self) -> Searcher<'_> {
        Searcher {
            list: self,
            slots: self
                .name_year
                .iter()
                .map(|&year| Slot {
                    epoch: 0,
                    weight: 0.0,
                    year,
                })
                .collect(),
            epoch: 0,
            touched: Vec::new(),
            keys: Vec::new(),
            listed: PreparedName::empty(),
            document_entries: Vec::new(),
            lists: Vec::new(),
            ranked: Vec::new(),
            bounds: Vec::new(),
        }
    }
}

#[derive(Clone, Copy)]
struct Slot {
    weight: f32,
    /// 16 bits keep a slot at 8 bytes (the array is read at random, so its size is cache
    /// misses); the array is cleared when the epoch wraps, every 65,535 names screened.
    epoch: u16,
    year: u16,
}

struct PreparedQuery {
    names: Vec<(NameAnalysis, String)>,
    /// Rarity in decades of each compared word of each name, in the list's terms.
    rarities: Vec<Vec<f32>>,
    documents: Vec<String>,
    years: Vec<u16>,
}

impl<'w> Searcher<'w> {
    /// Screens a query: matches at or above `threshold`, best first, at most `limit`.
    pub fn screen(
        &mut self,
        query: &Person,
        threshold: f64,
        limit: usize,
    ) -> Result<Vec<Match>, QueryError> {
        let q = prepare(query, self.list);
        if q.names.is_empty() {
            return Err(QueryError::NoName);
        }
        let candidates = self.candidates(&q);
        self.score_prepared(query, &q, &candidates, threshold, limit, NAME_FLOOR)
    }

    fn score_candidates(
        &mut self,
        query: &Person,
        candidates: &[u32],
        threshold: f64,
        limit: usize,
    ) -> Result<Vec<Match>, QueryError> {
        let q = prepare(query, self.list);
        if q.names.is_empty() {
            return Err(QueryError::NoName);
        }
        self.score_prepared(query, &q, candidates, threshold, limit, 0.0)
    }

    fn score_prepared(
        &mut self,
        query: &Person,
        q: &PreparedQuery,
        candidates: &[u32],
        threshold: f64,
        limit: usize,
        name_floor: f64,
    ) -> Result<Vec<Match>, QueryError> {
        let q_attrs = Attributes {
            birth_dates: &query.birth_dates,
            gender: query.gender,
            nationalities: &query.nationalities,
            documents: &q.documents,
        };
        // Best name score per entry, then the full score.
        let mut best: Vec<(u32, u32, usize, Agreement)> = Vec::new(); // entry, name, query name
        let prepared: Vec<PreparedName<'_>> =
            q.names.iter().map(|(a, _)| PreparedName::new(a)).collect();
        let list = self.list;
        let listed = &mut self.listed;
        // The most a candidate's name could add is an exact name that is as rare as its words
        // allow; with what its other attributes already say, most namesakes of a common name
        // (another birth date) cannot reach the threshold, and are not compared at all.
        let most_name = name_contribution(1.0);
        let bounds = &mut self.bounds;
        bounds.clear();
        for &n in candidates {
            let entry = list.name_entry[n as usize];
            if threshold > 0.0 {
                let others = match bounds.iter().find(|b| b.0 == entry) {
                    Some(&(_, t)) => t,
                    None => {
                        let t = features_with(q_attrs, list.attributes(entry), false).total();
                        bounds.push((entry, t));
                        t
                    }
                };
                let rarest: f32 = list.rarities(n).iter().map(|&r| dequantise(r)).sum();
                let most = most_name + rarity_ceiling(f64::from(rarest)) + others;
                if calibrate(most) < threshold {
                    continue;
                }
            }
            listed.reset(&list.names[n as usize]);
            let listed = &*listed;
            for (qi, qp) in prepared.iter().enumerate() {
                let a = compare_agreement(qp, listed);
                match best.iter_mut().find(|b| b.0 == entry) {
                    Some(b) if a.score > b.3.score => *b = (entry, n, qi, a),
                    Some(_) => {}
                    None => best.push((entry, n, qi, a)),
                }
            }
        }
        let mut out = Vec::new();
        for (entry_no, name_no, qi, agreement) in best {
            let sim = agreement.score;
            // Below the floor only a shared document could make a match; most candidates of a
            // search stop here, before their entry is read.
            let document_possible = self.document_entries.contains(&entry_no);
            if sim < name_floor && !document_possible {
                continue;
            }
            // Nothing the entry's other attributes could say would lift it to the threshold.
            if calibrate(name_contribution(sim) + ceiling(q_attrs, document_possible)) < threshold {
                continue;
            }
            let mut f = features_with(q_attrs, self.list.attributes(entry_no), false);
            f.name_rarity = self.rarity(q, qi, name_no, &agreement);
            // A shared document number stands on its own even when the names differ.
            if sim < name_floor
                && f.document_number
                    .as_ref()
                    .is_none_or(|d| d.contribution <= 0.0)
            {
                continue;
            }
            let score = combine(sim, &f);
            if score < threshold {
                continue;
            }
            out.push((score, entry_no, name_no, qi, sim, f));
        }
        // Explanations are built for the matches returned only: a common name can pass the
        // threshold against many namesakes.
        let entries = &self.list.entries;
        out.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| entries[a.1 as usize].id.cmp(&entries[b.1 as usize].id))
        });
        out.truncate(limit);
        Ok(out
            .into_iter()
            .map(|(score, entry_no, name_no, qi, sim, f)| {
                let e = &self.list.entries[entry_no as usize];
                // The birth dates' detail is written for the matches returned only.
                let f = Features {
                    date_of_birth: features(q_attrs, self.list.attributes(entry_no)).date_of_birth,
                    ..f
                };
                Match {
                    id: e.id.to_string(),
                    score,
                    topics: e.topics.iter().map(|t| t.to_string()).collect(),
                    explanation: self.explain(&q.names[qi], name_no, sim, f),
                }
            })
            .collect())
    }

    /// The rarity feature of query name `qi` against listed name `name_no`; none unless the
    /// names wholly agree (`rarity::agreement_rarity`).
    fn rarity(
        &self,
        q: &PreparedQuery,
        qi: usize,
        name_no: u32,
        agreement: &Agreement,
    ) -> Option<crate::score::Feature> {
        let query = &q.rarities[qi];
        let listed = self.list.rarities(name_no);
        let r = agreement_rarity(
            agreement,
            |i| query.get(i).copied().unwrap_or(0.0),
            query.len(),
            |j| listed.get(j).map_or(0.0, |&b| dequantise(b)),
            listed.len(),
        )?;
        Some(name_rarity(r))
    }

    fn explain(
        &self,
        query: &(NameAnalysis, String),
        name_no: u32,
        sim: f64,
        f: Features,
    ) -> Explanation {
        let c = compare(&query.0, &self.list.names[name_no as usize]);
        let logit = name_contribution(sim) + f.total();
        Explanation {
            query_name: query.1.clone(),
            listed_name: self.list.name_text[name_no as usize].to_string(),
            name_similarity: sim,
            name_contribution: name_contribution(sim),
            name_rarity: f.name_rarity,
            name_parts: c
                .parts
                .into_iter()
                .map(|p| NamePart {
                    query: p.a,
                    listed: p.b,
                    kind: p.kind.as_str(),
                    similarity: p.similarity,
                })
                .collect(),
            unmatched_query_tokens: c.unmatched_a,
            unmatched_listed_tokens: c.unmatched_b,
            date_of_birth: f.date_of_birth,
            nationality: f.nationality,
            gender: f.gender,
            document_number: f.document_number,
            logit,
        }
    }

    /// Scores the query against every entry, however low (a scan, for small lists and
    /// evaluation only).
    pub fn score_all(&mut self, query: &Person) -> Result<Vec<Match>, QueryError> {
        let all: Vec<u32> = (0..self.list.names.len() as u32).collect();
        self.score_candidates(query, &all, 0.0, usize::MAX)
    }

    /// Names of the watchlist worth scoring for this query.
    fn candidates(&mut self, q: &PreparedQuery) -> Vec<u32> {
        self.next_epoch();
        self.touched.clear();
        let mut chosen = Vec::new();
        self.document_entries.clear();
        for d in &q.documents {
            if let Some((list, kind)) = self.list.postings(document_key(d)) {
                self.add(list, kind.weight(), &[], &q.years);
                let entries = list.iter().map(|&n| self.list.name_entry[n as usize]);
                self.document_entries.extend(entries);
            }
        }
        let near_years = years_around(&q.years, NEAR_YEARS);
        let far_years: Vec<u16> = years_around(&q.years, PAIR_YEARS)
            .into_iter()
            .filter(|y| !near_years.contains(y))
            .collect();
        let short_pair_years = years_around(&q.years, SHORT_PAIR_YEARS);
        let years = Years {
            pairs: &near_years,
            short_pairs: &short_pair_years,
        };
        for (name, _) in &q.names {
            self.keys.clear();
            name_keys(name, years, &mut self.keys);
            let has_pairs = self.keys.iter().any(|&k| KeyKind::of(k) == KeyKind::Pair);
            let mut lists = std::mem::take(&mut self.lists);
            lists.clear();
            lists.extend(
                self.keys
                    .iter()
                    .filter_map(|&k| self.list.postings(k))
                    .map(|(l, kind)| (l, kind, false)),
            );
            self.keys.clear();
            pair_year_keys(name, &far_years, &mut self.keys);
            lists.extend(
                self.keys
                    .iter()
                    .filter_map(|&k| self.list.postings(k))
                    .map(|(l, kind)| (l, kind, true)),
            );
            lists.sort_by_key(|l| l.0.len());
            for &(list, kind, far) in &lists {
                // Namesakes born two or three years from the query are many for a common name
                // and lose to those of its own years when candidates are chosen: their lists
                // are read only when short (a rarer name, where the listed person may be).
                if far && list.len() > FAR_YEAR_LIST_CAP {
                    continue;
                }
                // A short list of a whole pair is a rare name: read whatever the birth year
                // says, so that a listed birth date far off does not hide it.
                if !q.years.is_empty() && kind == KeyKind::Pair && list.len() <= RARE_PAIR_LIST {
                    self.add(list, kind.weight(), &[], &q.years);
                    continue;
                }
                let single = matches!(kind, KeyKind::Token | KeyKind::Variant);
                if single && has_pairs && list.len() > TOKEN_LIST_CAP {
                    continue;
                }
                let short = matches!(kind, KeyKind::ShortPair | KeyKind::ShortPairYear);
                if short && list.len() > SHORT_PAIR_LIST_CAP {
                    continue;
                }
                // With a birth year, the year-split pair lists replace the whole ones.
                if !q.years.is_empty() && matches!(kind, KeyKind::Pair | KeyKind::ShortPair) {
                    continue;
                }
                let filter: &[u16] = if list.len() > YEAR_FILTER_FROM {
                    &q.years
                } else {
                    &[]
                };
                self.add(list, kind.weight(), filter, &q.years);
            }
            self.lists = lists;
            self.top(CANDIDATES, &mut chosen);
        }
        chosen.sort_unstable();
        chosen.dedup();
        chosen
    }

    /// Adds `weight` to every name of `list`. `filter`: when not empty, names born more than
    /// [`PAIR_YEARS`] from all of these years are left out. `years`: the query's birth years;
    /// names born in one of them weigh half as much again, names born in another year less, so
    /// that among namesakes with equal support those of the query's year come first.
    fn add(&mut self, list: &[u32], weight: f32, filter: &[u16], years: &[u16]) {
        for &n in list {
            let slot = &mut self.slots[n as usize];
            let y = slot.year;
            if !filter.is_empty() && y != 0 && !filter.iter().any(|q| q.abs_diff(y) <= PAIR_YEARS) {
                continue;
            }
            if slot.epoch != self.epoch {
                slot.epoch = self.epoch;
                slot.weight = 0.0;
                self.touched.push(n);
            }
            slot.weight += if years.is_empty() || y == 0 {
                weight
            } else if years.contains(&y) {
                weight * 1.5
            } else {
                weight * 0.7
            };
        }
    }

    /// Adds the `k` touched names with the most weight to `out`; clears the touched set (keeping
    /// its memory) for the next name.
    fn top(&mut self, k: usize, out: &mut Vec<u32>) {
        if self.touched.len() > k {
            // Weights gathered next to their names once, so the selection reads no scattered
            // memory.
            let slots = &self.slots;
            self.ranked.clear();
            self.ranked
                .extend(self.touched.iter().map(|&n| (slots[n as usize].weight, n)));
            self.ranked
                .select_nth_unstable_by(k, |a, b| b.0.total_cmp(&a.0));
            let most = self.ranked[..k].iter().map(|r| r.0).fold(0.0f32, f32::max);
            let floor = most * SUPPORT_FLOOR;
            out.extend(
                self.ranked[..k]
                    .iter()
                    .filter(|r| r.0 >= floor)
                    .map(|&(_, n)| n),
            );
        } else {
            out.extend_from_slice(&self.touched);
        }
        self.touched.clear();
        self.next_epoch();
    }

    /// Starts a fresh accumulation without clearing the per-name arrays (except on wrap-around).
    fn next_epoch(&mut self) {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.slots.iter_mut().for_each(|s| s.epoch = 0);
            self.epoch = 1;
        }
    }
}

/// The query's birth years, the `slack` years on either side of each, and 0 (names filed with
/// no known year).
fn years_around(years: &[u16], slack: u16) -> Vec<u16> {
    let mut out: Vec<u16> = years
        .iter()
        .flat_map(|&y| y.saturating_sub(slack)..=y.saturating_add(slack))
        .collect();
    if !out.is_empty() {
        out.push(0);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn prepare(query: &Person, list: &Watchlist) -> PreparedQuery {
    let names: Vec<(NameAnalysis, String)> = query
        .names
        .iter()
        .filter_map(|n| analyse(n).ok().map(|a| (a, n.clone())))
        .collect();
    let rarities = names
        .iter()
        .map(|(a, _)| {
            let mut r = Vec::new();
            list.counts.word_rarities(a, &mut r);
            r
        })
        .collect();
    PreparedQuery {
        names,
        rarities,
        documents: query
            .documents
            .iter()
            .map(|d| normalise_document(d))
            .filter(|d| !d.is_empty())
            .collect(),
        years: query.birth_dates.iter().map(|d| d.year).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_birth_date;

    #[test]
    fn full_pairs_are_read_three_years_around_and_unknown_years_always() {
        assert_eq!(
            years_around(&[1980], PAIR_YEARS),
            [0, 1977, 1978, 1979, 1980, 1981, 1982, 1983]
        );
        assert_eq!(years_around(&[1980], SHORT_PAIR_YEARS), [0, 1980]);
        assert!(years_around(&[], PAIR_YEARS).is_empty());
    }

    #[test]
    fn results_stay_the_same_across_an_epoch_wrap() {
        let people: Vec<Person> = ["Ana Ruiz Soto", "Ana Ruiz", "Pedro Soto"]
            .iter()
            .enumerate()
            .map(|(i, n)| Person {
                id: format!("p{i}"),
                names: vec![n.to_string()],
                ..Person::default()
            })
            .collect();
        let (w, _) = Watchlist::build(people).unwrap();
        let query = Person {
            names: vec!["Ana Ruiz Soto".into()],
            ..Person::default()
        };
        let ids = |s: &mut Searcher<'_>| -> Vec<(String, f64)> {
            let found = s.screen(&query, 0.0, 10).unwrap();
            found.into_iter().map(|m| (m.id, m.score)).collect()
        };
        let mut s = w.searcher();
        let fresh = ids(&mut s);
        s.epoch = u16::MAX - 1;
        for _ in 0..4 {
            assert_eq!(ids(&mut s), fresh);
        }
    }

    #[test]
    fn a_nickname_finds_the_full_name_among_many_namesakes() {
        let mut people: Vec<Person> = (0..2_600)
            .map(|i| Person {
                id: format!("n{i}"),
                names: vec!["Francisco Pérez".into()],
                birth_dates: vec![parse_birth_date(&format!("{}", 1900 + i % 40)).unwrap()],
                ..Person::default()
            })
            .collect();
        people.push(Person {
            id: "target".into(),
            names: vec!["Francisco Pérez".into()],
            birth_dates: vec![parse_birth_date("1980-05-06").unwrap()],
            ..Person::default()
        });
        let (w, _) = Watchlist::build(people).unwrap();
        let query = Person {
            names: vec!["Paco Pérez".into()],
            birth_dates: vec![parse_birth_date("1980-05-06").unwrap()],
            ..Person::default()
        };
        let found = w.searcher().screen(&query, DEFAULT_THRESHOLD, 5).unwrap();
        assert_eq!(
            found.first().map(|m| m.id.as_str()),
            Some("target"),
            "{found:?}"
        );
    }

    #[test]
    fn a_birth_year_three_years_off_still_finds_a_common_name() {
        // Enough namesakes, born long before, that single-token lists are skipped or filtered
        // by year and pair lists split by year: the listed person is found only when the
        // years read reach three years from the query's.
        let mut people: Vec<Person> = (0..2_600)
            .map(|i| Person {
                id: format!("n{i}"),
                names: vec![format!("Juan Pérez {}", ["Soto", "Ruiz", "Vega"][i % 3])],
                birth_dates: vec![parse_birth_date(&format!("{}", 1900 + i % 40)).unwrap()],
                ..Person::default()
            })
            .collect();
        people.push(Person {
            id: "target".into(),
            names: vec!["Juan Pérez Soto".into()],
            birth_dates: vec![parse_birth_date("1980-05-06").unwrap()],
            ..Person::default()
        });
        let (w, _) = Watchlist::build(people).unwrap();
        let query = Person {
            names: vec!["Juan Peres Soto".into()],
            birth_dates: vec![parse_birth_date("1983").unwrap()],
            ..Person::default()
        };
        let found = w.searcher().screen(&query, 0.0, 50).unwrap();
        assert!(found.iter().any(|m| m.id == "target"), "{found:?}");
    }
}
