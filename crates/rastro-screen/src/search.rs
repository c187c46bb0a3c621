//! Screening one query against a [`Watchlist`].
//!
//! Candidates come from the blocking index, never from a scan: every key of the query's names
//! is looked up, candidates accumulate the weights of the keys they share, long posting lists of
//! common tokens are skipped when the name has rarer evidence, and lists of common pairs are
//! filtered by birth year when the query has one. The best-supported candidates are then scored
//! in full.
//!
//! A check reads memory far larger than any cache (the key table, the per-name records), so
//! the work is arranged around cache misses: independent reads are issued together (the keys of
//! a name, the records of its candidates) rather than one after another, support is counted in
//! one byte per name, and work that cannot change what a check returns is skipped — entries
//! whose other attributes leave no name good enough, and name views that cannot lift a name to
//! what its entry needs ([`rastro_names::compare_agreement_above`]).

use rastro_names::{
    align_words, analyse, compare_agreement_above, Agreement, AlignedWords, NameAnalysis,
    PreparedName,
};
use serde::Serialize;

use rastro_text::fasthash::FastMap;

use crate::index::{year_code, KeySlot, NameInfo, Postings, Watchlist};
use crate::keys::{document_key, name_keys, pair_year_keys, KeyKind, Years};
use crate::person::{normalise_document, Person};
use crate::rarity::{agreement_rarity, ceiling as rarity_ceiling, dequantise};
use crate::score::{
    calibrate, ceiling, features, features_with, logit_for, name_contribution, name_rarity,
    name_rarity_brief, Attributes, Explanation, Features, NamePart, NAME_CENTRE, NAME_SLOPE,
};

/// Default threshold, chosen on tuning data alone by the threshold sweep of
/// `rastro-screen-bench tune` (generated pairs, the tuning halves of the OpenSanctions benches):
/// no tuning negative of the UN bench reaches it, and it is the lowest whose F1 is within a
/// pair's worth of the best, since missing a listed person costs more than an officer's look at
/// a namesake. A score is the share of matches among tuning pairs that get it, so the threshold
/// sits well below one half: the pairs just above it are mostly namesakes who share a given
/// name and a surname. Chosen again whenever [`crate::CALIBRATION`] is refitted.
pub const DEFAULT_THRESHOLD: f64 = 0.14;

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
    /// Per listed name: its support from the keys read so far for the current query name, in
    /// tenths of a key weight ([`weight_units`]); 0 when no key has reached it, [`OVERFLOW`]
    /// when it has reached that and the rest is in `overflow`. One byte a name keeps the
    /// array, read at random once per posting, small enough to stay in a core's cache; the
    /// names touched are set back to 0 after each query name ([`Searcher::top`]).
    support: Vec<u8>,
    /// Support beyond [`OVERFLOW`], for the few names with that much (the best candidates).
    overflow: FastMap<u32, u32>,
    /// The most support any name has so far.
    most: u32,
    /// Names whose support is not 0, to set back after each query name.
    touched: Vec<u32>,
    keys: Vec<u32>,
    /// The candidate being compared, prepared in memory reused from one to the next.
    listed: PreparedName<'w>,
    /// Entries filed under one of the query's document numbers: the only ones worth scoring
    /// when their names differ.
    document_entries: Vec<u32>,
    /// Scratch for looking keys up ([`Watchlist::postings_of`]).
    first_slots: Vec<KeySlot>,
    /// The posting lists of one query name, each marked as one of the further years' when
    /// looked up and as filtered by birth year once chosen for reading; the memory is kept for
    /// the next query name.
    lists: Vec<(Postings<'w>, bool)>,
    /// Touched names with their weights, for choosing the best.
    ranked: Vec<(u32, u32)>,
    /// Per entry of a query's candidates: what its attributes besides the name say.
    bounds: Vec<(u32, Features)>,
    /// Per entry of a query's candidates: its best name, the query name that agrees with it
    /// best, and how well.
    best: Vec<(u32, u32, usize, Agreement)>,
    /// Per entry passing a query's threshold: its score, entry, name, query name, name
    /// similarity and the rarity of the name's agreement.
    passed: Vec<Passed>,
    /// Per candidate of a query: its name number, record, and its name's first letter (read
    /// only to bring the name's analysis into the cache).
    warm: Vec<(u32, NameInfo, u8)>,
}

impl Watchlist {
    /// A searcher over this watchlist. Each thread needs its own (it holds scratch memory of
    /// one byte per listed name).
    pub fn searcher(&self) -> Searcher<'_> {
        Searcher {
            list: self,
            support: vec![0; self.names.len()],
            overflow: FastMap::default(),
            most: 0,
            touched: Vec::new(),
            keys: Vec::new(),
            listed: PreparedName::empty(),
            document_entries: Vec::new(),
            lists: Vec::new(),
            first_slots: Vec::new(),
            ranked: Vec::new(),
            bounds: Vec::new(),
            best: Vec::new(),
            warm: Vec::new(),
            passed: Vec::new(),
        }
    }
}

/// A key's weight in the units of [`Searcher::support`]: every weight and its birth-year shares
/// ([`Searcher::add`]) are whole numbers of them, and none is 0.
fn weight_units(weight: f32) -> u32 {
    (weight * 10.0).round() as u32
}

/// The support a name's byte holds at most; beyond it, the rest is kept apart.
const OVERFLOW: u8 = u8::MAX;

/// An entry passing a query's threshold ([`Searcher::passed`]).
type Passed = (f64, u32, u32, usize, f64, Option<f64>);

/// The birth years a query's postings are weighed and filtered by, as bit sets over
/// [`year_code`]s, and each code's [`YearClass`] for [`Searcher::add`].
struct YearSets {
    /// The query has birth years at all.
    any: bool,
    /// Codes of the query's own years.
    own: [u64; 4],
    /// Codes within [`PAIR_YEARS`] of one of the query's years.
    near: [u64; 4],
    /// Each code's class, read once per posting: a table lookup in place of tests that a list
    /// of mixed birth years would make the processor mispredict.
    class: [YearClass; 256],
}

/// How a posting's birth year relates to the query's ([`YearSets::class`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum YearClass {
    /// The query has no birth year, or the name none known: the key's weight.
    Unweighed = 0,
    /// One of the query's years.
    Own = 1,
    /// Within [`PAIR_YEARS`] of one of them.
    Near = 2,
    /// Further: left out of lists filtered by year.
    Far = 3,
}

impl YearSets {
    fn new(years: &[u16]) -> YearSets {
        let mut sets = YearSets {
            any: !years.is_empty(),
            own: [0; 4],
            near: [0; 4],
            class: [YearClass::Unweighed; 256],
        };
        for &y in years {
            set(&mut sets.own, year_code(y));
            for near in y.saturating_sub(PAIR_YEARS)..=y.saturating_add(PAIR_YEARS) {
                set(&mut sets.near, year_code(near));
            }
        }
        if sets.any {
            for code in 1..=u8::MAX {
                sets.class[usize::from(code)] = if has(&sets.own, code) {
                    YearClass::Own
                } else if has(&sets.near, code) {
                    YearClass::Near
                } else {
                    YearClass::Far
                };
            }
        }
        sets
    }
}

fn set(bits: &mut [u64; 4], code: u8) {
    bits[usize::from(code >> 6)] |= 1 << (code & 63);
}

fn has(bits: &[u64; 4], code: u8) -> bool {
    bits[usize::from(code >> 6)] & (1 << (code & 63)) != 0
}

struct PreparedQuery {
    names: Vec<(NameAnalysis, String)>,
    /// Rarity in decades of each compared word of each name, in the list's terms.
    rarities: Vec<Vec<f32>>,
    documents: Vec<String>,
    /// [`document_key`] of each document.
    document_keys: Vec<u32>,
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
        // Entry, name, query name, agreement; in memory kept from one query to the next.
        let mut best = std::mem::take(&mut self.best);
        best.clear();
        let prepared: Vec<PreparedName<'_>> =
            q.names.iter().map(|(a, _)| PreparedName::new(a)).collect();
        let list = self.list;
        let listed = &mut self.listed;
        // The most a candidate's name could add is an exact name that is as rare as its words
        // allow; with what its other attributes already say, most namesakes of a common name
        // (another birth date) cannot reach the threshold, and are not compared at all.
        let most_name = name_contribution(1.0);
        // The evidence a match needs, less a rounding margin so that no candidate at the
        // threshold is cut.
        let needed = logit_for(threshold) - 1e-9;
        // Every candidate's records are read first, in a loop of independent reads, so that the
        // processor waits for their cache misses together rather than for each in turn below.
        let mut warm = std::mem::take(&mut self.warm);
        warm.clear();
        warm.extend(candidates.iter().map(|&n| {
            let info = list.name_info[n as usize];
            let first = list.names[n as usize].tokens().next();
            (
                n,
                info,
                first.and_then(|t| t.text.bytes().next()).unwrap_or(0),
            )
        }));
        // Each entry's features besides the name are worked out once, for the bound and the
        // score both.
        let bounds = &mut self.bounds;
        bounds.clear();
        for &(n, info, _) in &warm {
            let entry = info.entry;
            // The least name similarity with which this entry could be returned: the name
            // comparison need not work out by how much a weaker name falls short.
            let mut sim_floor = 0.0;
            if threshold > 0.0 {
                let f = match bounds.iter().find(|b| b.0 == entry) {
                    Some((_, f)) => f,
                    None => {
                        let f = features_with(q_attrs, list.attributes(n, &q.document_keys), false);
                        bounds.push((entry, f));
                        &bounds[bounds.len() - 1].1
                    }
                };
                let others = f.total() + rarity_ceiling(f64::from(info.rarest()));
                if most_name + others < needed {
                    continue;
                }
                let shared_document = f
                    .document_number
                    .as_ref()
                    .is_some_and(|d| d.contribution > 0.0);
                sim_floor = NAME_CENTRE + (needed - others) / NAME_SLOPE;
                if !shared_document {
                    sim_floor = sim_floor.max(name_floor);
                }
            }
            listed.reset(&list.names[n as usize]);
            let listed = &*listed;
            for (qi, qp) in prepared.iter().enumerate() {
                let a = compare_agreement_above(qp, listed, sim_floor);
                match best.iter_mut().find(|b| b.0 == entry) {
                    Some(b) if a.score > b.3.score => *b = (entry, n, qi, a),
                    Some(_) => {}
                    None => best.push((entry, n, qi, a)),
                }
            }
        }
        self.warm = warm;
        let mut out = std::mem::take(&mut self.passed);
        out.clear();
        for &(entry_no, name_no, qi, agreement) in &best {
            let sim = agreement.score;
            // Below the floor only a shared document could make a match; most candidates of a
            // search stop here, before their entry is read.
            let document_possible = self.document_entries.contains(&entry_no);
            if sim < name_floor && !document_possible {
                continue;
            }
            // Nothing the entry's other attributes could say would lift it to the threshold.
            if name_contribution(sim) + ceiling(q_attrs, document_possible) < needed {
                continue;
            }
            let computed;
            let f = match self.bounds.iter().find(|b| b.0 == entry_no) {
                Some((_, f)) => f,
                None => {
                    let attributes = self.list.attributes(name_no, &q.document_keys);
                    computed = features_with(q_attrs, attributes, false);
                    &computed
                }
            };
            let rarity = self.rarity(q, qi, name_no, &agreement);
            // A shared document number stands on its own even when the names differ.
            if sim < name_floor
                && f.document_number
                    .as_ref()
                    .is_none_or(|d| d.contribution <= 0.0)
            {
                continue;
            }
            let rarity_contribution = rarity.map_or(0.0, |r| name_rarity_brief(r).contribution);
            let logit = name_contribution(sim) + f.total() + rarity_contribution;
            if logit < needed {
                continue;
            }
            // As [`crate::combine`] gives it.
            let score = calibrate(logit);
            if score < threshold {
                continue;
            }
            out.push((score, entry_no, name_no, qi, sim, rarity));
        }
        self.best = best;
        // Best first, ties by id (and entry, for ids listed twice); only the matches returned
        // are put in order.
        let entries = &self.list.entries;
        let order = |a: &Passed, b: &Passed| {
            b.0.total_cmp(&a.0)
                .then_with(|| entries[a.1 as usize].id.cmp(&entries[b.1 as usize].id))
                .then_with(|| a.1.cmp(&b.1))
        };
        if out.len() > limit && limit > 0 {
            out.select_nth_unstable_by(limit - 1, order);
        }
        out.truncate(limit);
        out.sort_unstable_by(order);
        // Explanations are built for the matches returned only: a common name can pass the
        // threshold against many namesakes. The features are worked out again with the detail
        // an officer reads (the birth dates, how rare the name is).
        let mut matches = Vec::with_capacity(out.len());
        for &(score, entry_no, name_no, qi, sim, rarity) in &out {
            let e = &self.list.entries[entry_no as usize];
            let f = Features {
                name_rarity: rarity.map(name_rarity),
                ..features(q_attrs, self.list.attributes(name_no, &q.document_keys))
            };
            self.listed.reset(&self.list.names[name_no as usize]);
            let words = align_words(&prepared[qi], &self.listed);
            matches.push(Match {
                id: e.id.to_string(),
                score,
                topics: e.topics.iter().map(|t| t.to_string()).collect(),
                explanation: self.explain(&q.names[qi].1, words, name_no, sim, f),
            });
        }
        self.passed = out;
        Ok(matches)
    }

    /// The rarity feature of query name `qi` against listed name `name_no`; none unless the
    /// names wholly agree (`rarity::agreement_rarity`).
    fn rarity(
        &self,
        q: &PreparedQuery,
        qi: usize,
        name_no: u32,
        agreement: &Agreement,
    ) -> Option<f64> {
        let query = &q.rarities[qi];
        let listed = self.list.rarities(name_no);
        agreement_rarity(
            agreement,
            |i| query.get(i).copied().unwrap_or(0.0),
            query.len(),
            |j| listed.get(j).map_or(0.0, |&b| dequantise(b)),
            listed.len(),
        )
    }

    fn explain(
        &self,
        query_name: &str,
        c: AlignedWords,
        name_no: u32,
        sim: f64,
        f: Features,
    ) -> Explanation {
        let logit = name_contribution(sim) + f.total();
        Explanation {
            query_name: query_name.to_string(),
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
        self.clear_support();
        let mut chosen = Vec::new();
        self.document_entries.clear();
        let year_sets = YearSets::new(&q.years);
        for d in &q.documents {
            if let Some(list) = self.list.postings(document_key(d)) {
                self.add(list, false, &year_sets);
                let entries = list
                    .names
                    .iter()
                    .map(|&n| self.list.name_info[n as usize].entry);
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
            // With a birth year, the whole short-pair lists are never read (the year-split ones
            // are): not even looked up.
            if year_sets.any {
                self.keys.retain(|&k| KeyKind::of(k) != KeyKind::ShortPair);
            }
            let mut lists = std::mem::take(&mut self.lists);
            lists.clear();
            self.list
                .postings_of(&self.keys, false, &mut self.first_slots, &mut lists);
            self.keys.clear();
            pair_year_keys(name, &far_years, &mut self.keys);
            self.list
                .postings_of(&self.keys, true, &mut self.first_slots, &mut lists);
            lists.sort_by_key(|l| l.0.len());
            // The lists to read, each with whether it is filtered by birth year, in the order
            // read; their first postings are brought in together before any is read.
            let mut read = 0;
            for i in 0..lists.len() {
                let (list, far) = lists[i];
                let kind = list.kind;
                // Namesakes born two or three years from the query are many for a common name
                // and lose to those of its own years when candidates are chosen: their lists
                // are read only when short (a rarer name, where the listed person may be).
                if far && list.len() > FAR_YEAR_LIST_CAP {
                    continue;
                }
                // A short list of a whole pair is a rare name: read whatever the birth year
                // says, so that a listed birth date far off does not hide it.
                let filter =
                    if year_sets.any && kind == KeyKind::Pair && list.len() <= RARE_PAIR_LIST {
                        false
                    } else {
                        let single = matches!(kind, KeyKind::Token | KeyKind::Variant);
                        if single && has_pairs && list.len() > TOKEN_LIST_CAP {
                            continue;
                        }
                        let short = matches!(kind, KeyKind::ShortPair | KeyKind::ShortPairYear);
                        if short && list.len() > SHORT_PAIR_LIST_CAP {
                            continue;
                        }
                        // With a birth year, the year-split pair lists replace the whole ones.
                        if year_sets.any && matches!(kind, KeyKind::Pair | KeyKind::ShortPair) {
                            continue;
                        }
                        list.len() > YEAR_FILTER_FROM
                    };
                lists[read] = (list, filter);
                read += 1;
            }
            lists.truncate(read);
            Watchlist::warm_heads(&lists);
            for &(list, filter) in &lists {
                self.add(list, filter, &year_sets);
            }
            self.lists = lists;
            self.top(CANDIDATES, &mut chosen);
        }
        chosen.sort_unstable();
        chosen.dedup();
        chosen
    }

    /// Adds the list's weight to every name of `list`. With `filter` (and a query with birth
    /// years), names born more than [`PAIR_YEARS`] from all the query's years are left out.
    /// Names born in one of the query's years weigh half as much again, names born in another
    /// year less, so that among namesakes with equal support those of the query's year come
    /// first; names of unknown year weigh the list's weight.
    fn add(&mut self, list: Postings<'_>, filter: bool, years: &YearSets) {
        let weight = weight_units(list.kind.weight());
        let other = weight * 7 / 10;
        // What a posting adds, by its year's class; 0 leaves it out.
        let adds: [u32; 4] = [
            weight,
            weight * 3 / 2,
            other,
            if filter && years.any { 0 } else { other },
        ];
        // The loop has no branch that depends on what it reads, but the rare overflow: about
        // half the postings reach a name for the first time, and a branch on that would be
        // mispredicted as often, each time waiting for the name's support to be read. Every
        // name is written at the end of `touched`, which grows only for names reached first.
        let start = self.touched.len();
        self.touched.resize(start + list.len(), 0);
        let mut reached = start;
        let mut most = self.most;
        for (&n, &code) in list.names.iter().zip(list.years) {
            let add = adds[years.class[usize::from(code)] as usize];
            let support = &mut self.support[n as usize];
            let before = *support;
            self.touched[reached] = n;
            reached += usize::from(before == 0) & usize::from(add != 0);
            let total = u32::from(before) + add;
            if before == OVERFLOW || total >= u32::from(OVERFLOW) {
                let beyond = self.overflow.entry(n).or_insert(0);
                *beyond += if before == OVERFLOW {
                    add
                } else {
                    total - u32::from(OVERFLOW)
                };
                *support = OVERFLOW;
                most = most.max(u32::from(OVERFLOW) + *beyond);
            } else {
                *support = total as u8;
                most = most.max(total);
            }
        }
        self.touched.truncate(reached);
        self.most = most;
    }

    /// Adds the `k` touched names with the most support to `out`, leaving out those with less
    /// than [`SUPPORT_FLOOR`] of the most when more than `k` were touched; clears the support
    /// (keeping its memory) for the next name.
    fn top(&mut self, k: usize, out: &mut Vec<u32>) {
        // One pass over the touched names reads each one's support (gathered next to the name,
        // so that the selection reads no scattered memory), sets it back to 0, and keeps the
        // names that can be chosen at all: with more than `k`, not those under the floor.
        let floor = if self.touched.len() > k {
            self.most as f32 * SUPPORT_FLOOR
        } else {
            0.0
        };
        self.ranked.clear();
        for &n in &self.touched {
            let mut support = u32::from(std::mem::take(&mut self.support[n as usize]));
            if support == u32::from(OVERFLOW) {
                support += self.overflow.get(&n).copied().unwrap_or(0);
            }
            if support as f32 >= floor {
                self.ranked.push((support, n));
            }
        }
        self.touched.clear();
        self.overflow.clear();
        self.most = 0;
        if self.ranked.len() > k {
            self.ranked.select_nth_unstable_by(k, |a, b| b.0.cmp(&a.0));
            self.ranked.truncate(k);
        }
        out.extend(self.ranked.iter().map(|&(_, n)| n));
    }

    /// Sets the support of every name touched back to 0, for the next query name: the touched
    /// names were just read, so this costs little, unlike clearing the whole array.
    fn clear_support(&mut self) {
        for &n in &self.touched {
            self.support[n as usize] = 0;
        }
        self.touched.clear();
        self.overflow.clear();
        self.most = 0;
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
    let documents: Vec<String> = query
        .documents
        .iter()
        .map(|d| normalise_document(d))
        .filter(|d| !d.is_empty())
        .collect();
    PreparedQuery {
        names,
        rarities,
        document_keys: documents.iter().map(|d| document_key(d)).collect(),
        documents,
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
    fn support_is_cleared_between_names_and_queries() {
        // More namesakes than candidates, so that the selection of the best runs too.
        let mut people: Vec<Person> = (0..100)
            .map(|i| Person {
                id: format!("n{i}"),
                names: vec![["Ana Ruiz Soto", "Ana Ruiz", "Pedro Soto"][i % 3].to_string()],
                ..Person::default()
            })
            .collect();
        people.push(Person {
            id: "other".into(),
            names: vec!["Pedro Ruiz".into()],
            ..Person::default()
        });
        let (w, _) = Watchlist::build(people).unwrap();
        let query = |names: &[&str]| Person {
            names: names.iter().map(|n| n.to_string()).collect(),
            ..Person::default()
        };
        let ids = |s: &mut Searcher<'_>, q: &Person| -> Vec<(String, f64)> {
            let found = s.screen(q, 0.0, 200).unwrap();
            found.into_iter().map(|m| (m.id, m.score)).collect()
        };
        let target = query(&["Pedro Ruiz"]);
        let fresh = ids(&mut w.searcher(), &target);
        assert!(fresh.iter().any(|(id, _)| id == "other"), "{fresh:?}");
        let mut s = w.searcher();
        for _ in 0..3 {
            ids(&mut s, &query(&["Ana Ruiz Soto", "Pedro Soto"]));
            assert!(s.support.iter().all(|&w| w == 0) && s.touched.is_empty());
            assert_eq!(ids(&mut s, &target), fresh);
        }
    }

    #[test]
    fn postings_weigh_by_birth_year_filter_far_years_and_overflow_a_byte() {
        let people: Vec<Person> = ["Ana Ruiz", "Eva Soto", "Rosa Vega", "Luz Mora"]
            .iter()
            .enumerate()
            .map(|(i, n)| Person {
                id: format!("p{i}"),
                names: vec![n.to_string()],
                ..Person::default()
            })
            .collect();
        let (w, _) = Watchlist::build(people).unwrap();
        let mut s = w.searcher();
        let years = YearSets::new(&[1980]);
        // Names 0 to 3 born in the query's year, two years off, ten years off, unknown.
        let names = [0, 1, 2, 3];
        let codes = [1980, 1982, 1990, 0].map(|y| if y == 0 { 0 } else { year_code(y) });
        let list = Postings {
            names: &names,
            years: &codes,
            kind: KeyKind::Pair,
        };
        s.add(list, true, &years);
        assert_eq!(s.touched, [0, 1, 3], "a name left out is not reached");
        s.add(list, false, &years);
        let support = |s: &Searcher<'_>, n: usize| s.support[n];
        // A pair weighs 30 units: 45 in the query's year, 21 in another, 30 unknown; the
        // list filtered by year left out the name ten years off.
        assert_eq!(
            (0..4).map(|n| support(&s, n)).collect::<Vec<_>>(),
            [90, 42, 21, 60]
        );
        assert_eq!(s.touched, [0, 1, 3, 2]);
        // Far past a byte: the rest is kept apart, and the most counts all of it.
        for _ in 0..10 {
            s.add(list, true, &years);
        }
        assert_eq!(support(&s, 0), OVERFLOW);
        assert_eq!(u32::from(OVERFLOW) + s.overflow[&0], 12 * 45);
        assert_eq!(s.most, 12 * 45);
        assert_eq!(s.touched, [0, 1, 3, 2]);
        let mut chosen = Vec::new();
        s.top(2, &mut chosen);
        chosen.sort_unstable();
        assert_eq!(chosen, [0, 3]);
        assert!(s.support.iter().all(|&w| w == 0) && s.touched.is_empty());
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
