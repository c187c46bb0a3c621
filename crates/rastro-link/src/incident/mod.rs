//! Events across news reports: which articles, from any outlet and in any of Spanish, Portuguese
//! and English, report the same raid, rescue, operation or trial.
//!
//! An incident is what extraction made of one article (dates, countries, places, figures,
//! operation and group names, forms of exploitation, and the text itself). Everything compared
//! is language-independent by then: countries are ISO codes, forms are HTCDS values, figures are
//! numbers, and names of operations and groups are folded and stripped of the words that differ
//! between languages ("Operación", "Operação", "Operation"; "el", "cártel").
//!
//! Scoring is Fellegi-Sunter with stated m and u probabilities instead of estimated ones: news
//! collections are small and uneven, and EM over every m and u on a few hundred articles would
//! chase noise. Only the prior (how many other reports of its event a report has) is estimated,
//! by EM with m and u held fixed. Each comparison's level adds `log2(m/u)` bits, a pair's weight
//! is their sum plus the prior odds that two reports describe one event, and a reviewer reads
//! the same waterfall as for persons. Candidate pairs come from shared operations, groups,
//! towns, rare names, and countries within a date window ([`block`]), never from all pairs.

mod block;
mod dateline;
mod evidence;
mod genre;
mod language;
mod operation_words;
mod phase;
mod place_list;
mod prepare;
mod roundup;
mod span;
mod stage;
mod stated;
mod text_date;

use rayon::prelude::*;

pub use block::BlockStats;
pub use evidence::{Evidence, Level};
pub use prepare::{operation_key, PreparedIncident};

use crate::cluster;
use crate::linkage::Match;
use crate::model::probability;

/// What one article says about its event, as extraction found it. Every field may be empty.
#[derive(Debug, Clone, Default)]
pub struct Incident {
    /// Date of the event: `YYYY-MM-DD`, `YYYY-MM` or `--MM-DD` (year unknown).
    pub date: Option<String>,
    /// Publication date of the article (`YYYY-MM-DD…`); stands in when the event date is
    /// missing and gives a year to `--MM-DD`.
    pub published: Option<String>,
    /// ISO 3166-1 alpha-2 codes.
    pub countries: Vec<String>,
    /// Places below country level.
    pub places: Vec<Place>,
    /// Forms of exploitation (any stable vocabulary, e.g. HTCDS value names).
    pub exploitation: Vec<String>,
    pub victims: Option<u64>,
    pub arrests: Option<u64>,
    /// Operation names as written ("Turquesa V", "Operação Tauéma").
    pub operations: Vec<String>,
    /// Criminal groups as written ("Tren de Aragua").
    pub groups: Vec<String>,
    /// Title and body, for recognising copies of one wire story.
    pub text: String,
}

/// A town, landmark or region named by an article.
#[derive(Debug, Clone, Default)]
pub struct Place {
    pub name: String,
    pub country: String,
    /// First-level region (state, department, province), when known.
    pub region: Option<String>,
    /// The place is itself a first-level region, not a town.
    pub is_region: bool,
}

/// Tunable parts of incident linkage.
#[derive(Debug, Clone, Copy)]
pub struct IncidentSettings {
    /// Probability at or above which two reports are the same event.
    pub threshold: f64,
    /// How many other reports of its event a report has, on average; sets the prior odds that
    /// two of `n` reports are one event, `r / (n - 1)`: the more reports, the more evidence a
    /// match needs, because coincidences grow with the collection. `None`: estimated from the
    /// collection by EM with the stated m and u fixed (see [`estimate_other_reports`]).
    pub other_reports: Option<f64>,
}

impl Default for IncidentSettings {
    fn default() -> Self {
        IncidentSettings {
            // Events are joined only when their reports agree on average (see
            // `IncidentLinkage::events`), so a pair more likely one event than not may propose it.
            threshold: 0.5,
            other_reports: None,
        }
    }
}

/// Bounds of the estimate: a collection where no report has another, or where every event is
/// reported by a dozen outlets, is more likely a collection too small to estimate from.
const OTHER_REPORTS_RANGE: (f64, f64) = (0.25, 10.0);

/// A report matching reports of this many events that disagree with each other is a round-up:
/// two could be a report and its follow-up's background, three are a summary.
pub const ROUNDUP_EVENTS: usize = 3;

/// Evidence, in bits, that a pair across two clusters must carry to count for joining them:
/// reports of one event that share only a country and a day still reach it, two raids in one
/// town months apart do not. Reports by separate outlets share a town, a day and a figure
/// more often than they share a wording, so the bar is what such a pair reaches: eight bits
/// kept reports of one crash naming the same town and day apart; five to seven gave the same
/// events on every tuning set, so the bar is the highest of them.
const JOIN_EVIDENCE_BITS: f64 = 7.0;
/// How far below even odds a pair across two clusters may be and still count for joining them.
const JOIN_MARGIN_BITS: f64 = 3.0;
/// A comparison this strongly against one event (dates weeks or months apart, another edition
/// of an operation) makes a pair disagree whatever else it shares: two raids in one town are
/// as alike as two reports of one raid but for when they happened.
const STRONGLY_AGAINST_BITS: f64 = 5.0;

/// Specific evidence (see `evidence::Summary::specific`), in bits, that a pair across two
/// clusters needs to count for joining them: the same town named by both alone, the same day,
/// two rare names, or an equal figure of twenty or more with anything else specific. An equal
/// figure of 18 with the same country, form and month is two raids as often as one.
const SPECIFIC_BITS: f64 = 4.5;
/// The specific evidence a pair needs when two of its comparisons give it (a town named alone
/// and a rare name, a figure and the same day) and nothing tells of another incident.
const TWO_FACTS_SPECIFIC_BITS: f64 = 3.5;
/// How a pair without enough specific evidence weighs when clusters meet: against a join, but
/// not so strongly that a cluster whose other members anchor it cannot take it in.
const UNANCHORED_BITS: f64 = 1.0;

/// Facts of the event's own (see `evidence::Summary::own_facts_agreeing`) on which a pair
/// must agree, with no comparison telling against, to join on [`AGREEING_JOIN_EVIDENCE_BITS`]
/// and [`AGREEING_SPECIFIC_BITS`]. Fitted on the writing sets (`eval/news_events`, `_tune`,
/// `_tune2`, `_tune4`, `_tune6`, `_tune8`, `_tune10`): two facts let in as many wrong pairs as
/// right ones, three none.
const AGREEING_OWN_FACTS: u32 = 3;
/// The evidence such a pair needs: 4.5 to 5.5 bits gave the same events on the writing sets.
const AGREEING_JOIN_EVIDENCE_BITS: f64 = 5.5;
/// The specific evidence such a pair needs: one rare name shared, or a town weighed as common.
const AGREEING_SPECIFIC_BITS: f64 = 2.3;

/// Prior odds, in bits, that two of `reports` reports describe one event.
pub fn prior_bits(other_reports: f64, reports: usize) -> f64 {
    let others = (reports.max(2) - 1) as f64;
    let p = (other_reports / others).clamp(1e-12, 0.5);
    (p / (1.0 - p)).log2()
}

/// The result of linking incidents.
pub struct IncidentLinkage {
    pub prepared: Vec<PreparedIncident>,
    /// Other reports per report used for the prior (given or estimated).
    pub other_reports: f64,
    pub blocks: BlockStats,
    pub candidate_pairs: u64,
    /// Pairs at or above the threshold, strongest first.
    pub matches: Vec<Match>,
}

/// Estimates, by EM with the stated m and u fixed, how many other reports of its event a report
/// has, from the evidence totals of the candidate pairs of `reports` reports (pairs that are
/// not candidates are taken as different events).
pub fn estimate_other_reports(evidence: &[f32], reports: usize) -> f64 {
    let all_pairs = reports as f64 * (reports.max(1) - 1) as f64 / 2.0;
    if evidence.is_empty() || all_pairs <= 0.0 {
        return 0.0;
    }
    let mut lambda = 1.0 / all_pairs;
    for _ in 0..30 {
        let prior = (lambda / (1.0 - lambda)).log2();
        let expected: f64 = evidence
            .par_iter()
            .map(|&w| probability(prior + f64::from(w)))
            .sum();
        let next = (expected / all_pairs).clamp(1e-15, 0.5);
        if (next - lambda).abs() <= lambda * 1e-4 {
            lambda = next;
            break;
        }
        lambda = next;
    }
    lambda * (reports.max(1) - 1) as f64
}

/// Prepares every incident once (folding names, parsing dates, interning values).
pub fn prepare(incidents: &[Incident]) -> Vec<PreparedIncident> {
    prepare::prepare_all(incidents)
}

/// Prepares one incident; a caller reading many reports can prepare each as it reads and let
/// the text go (see [`link_prepared`]).
pub fn prepare_one(incident: &Incident) -> PreparedIncident {
    prepare::prepare_one(incident)
}

/// Finds the pairs of reports of one event among `incidents`.
pub fn link_incidents(
    incidents: &[Incident],
    settings: &IncidentSettings,
    progress: &dyn crate::Progress,
) -> IncidentLinkage {
    link_prepared(prepare(incidents), settings, progress)
}

/// As [`link_incidents`], on incidents prepared already.
pub fn link_prepared(
    mut prepared: Vec<PreparedIncident>,
    settings: &IncidentSettings,
    progress: &dyn crate::Progress,
) -> IncidentLinkage {
    evidence::keep_rare_names(&mut prepared);
    let tables = evidence::Tables::new(&prepared);
    let (pairs, blocks) = block::candidate_pairs(&prepared);
    progress.start(crate::Stage::Compare, pairs.len() as u64);
    let evidence: Vec<f32> = pairs
        .par_chunks(1 << 14)
        .flat_map_iter(|chunk| {
            let out: Vec<f32> = chunk
                .iter()
                .map(|&(a, b)| {
                    evidence::total(&tables, &prepared[a as usize], &prepared[b as usize]) as f32
                })
                .collect();
            progress.advance(chunk.len() as u64);
            out
        })
        .collect();
    progress.finish();
    let other_reports = settings.other_reports.unwrap_or_else(|| {
        estimate_other_reports(&evidence, prepared.len())
            .clamp(OTHER_REPORTS_RANGE.0, OTHER_REPORTS_RANGE.1)
    });
    let prior = prior_bits(other_reports, prepared.len());
    progress.start(crate::Stage::Score, pairs.len() as u64);
    let mut matches: Vec<Match> = pairs
        .par_iter()
        .zip(evidence.par_iter())
        .filter_map(|(&(a, b), &e)| {
            if probability(prior + f64::from(e)) < settings.threshold {
                return None;
            }
            // Stored in single precision for memory; a match's weight is exact, as explained.
            let weight =
                prior + evidence::total(&tables, &prepared[a as usize], &prepared[b as usize]);
            let p = probability(weight);
            (p >= settings.threshold).then_some(Match {
                left: a,
                right: b,
                weight,
                probability: p,
            })
        })
        .collect();
    progress.advance(pairs.len() as u64);
    progress.finish();
    matches.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then((x.left, x.right).cmp(&(y.left, y.right)))
    });
    IncidentLinkage {
        other_reports,
        candidate_pairs: pairs.len() as u64,
        prepared,
        blocks,
        matches,
    }
}

impl IncidentLinkage {
    /// How the weight of two incidents (by index) adds up, whether or not they matched.
    pub fn explain(&self, a: usize, b: usize) -> Vec<Evidence> {
        let tables = evidence::Tables::new(&self.prepared);
        let mut steps = vec![Evidence {
            comparison: "prior",
            level: format!(
                "{:.2} other reports per report among {}",
                self.other_reports,
                self.prepared.len()
            ),
            weight: prior_bits(self.other_reports, self.prepared.len()),
        }];
        steps.extend(evidence::explain(
            &tables,
            &self.prepared[a],
            &self.prepared[b],
        ));
        steps
    }

    /// Each incident's event: the index of the first incident of its cluster. A report joins an
    /// event only when it agrees with the event's reports on average and tells against none of
    /// them, not when it agrees with one of them (see
    /// [`cluster::coherent_clusters`]), and a round-up (see [`IncidentLinkage::roundups`]) joins
    /// none. Reviewers' decisions (`same`, `different`, as index pairs) win over scores, as for
    /// persons.
    pub fn events(&self, same: &[(u32, u32)], different: &[(u32, u32)]) -> Vec<u32> {
        let weighted = self.weighted_matches();
        let tables = evidence::Tables::new(&self.prepared);
        let weight_of = |a: u32, b: u32| self.join_weight(&tables, a, b);
        let alone = self.roundups_among(&tables, &weighted);
        cluster::coherent_clusters(
            self.prepared.len(),
            &weighted,
            same,
            different,
            &alone,
            &weight_of,
        )
    }

    /// Which reports are round-ups: texts that look back on events (see [`genre`]: several
    /// months recounted, commentary), and reports that
    /// match reports of at least [`ROUNDUP_EVENTS`] events whose comparisons with each other
    /// tell against one event (other dates, towns, figures), reaching them through their own
    /// towns, days, operations or counts, not through one fact of its own that all of them
    /// share (see [`roundup::events_told_apart`]), so that they summarise them rather than
    /// report one that they touch.
    pub fn roundups(&self) -> Vec<bool> {
        let tables = evidence::Tables::new(&self.prepared);
        self.roundups_among(&tables, &self.weighted_matches())
    }

    fn roundups_among(&self, tables: &evidence::Tables, weighted: &[(u32, u32, f64)]) -> Vec<bool> {
        let against = |a: u32, b: u32| self.evidence_pair(tables, a, b);
        let apart =
            |hub: u32, groups: &[Vec<u32>]| roundup::events_told_apart(&self.prepared, hub, groups);
        let mut hubs = cluster::hubs(
            self.prepared.len(),
            weighted,
            ROUNDUP_EVENTS,
            &against,
            // A round-up may give one event's figures and match it far better than the rest;
            // what tells it from a report of that event is the facts it reaches the others
            // through, which `apart` weighs.
            f64::INFINITY,
            &apart,
        );
        // A text that looks back on events does so whether or not their reports are here.
        for (hub, report) in hubs.iter_mut().zip(&self.prepared) {
            *hub |= report.looks_back;
        }
        hubs
    }

    fn weighted_matches(&self) -> Vec<(u32, u32, f64)> {
        self.matches
            .iter()
            .map(|m| (m.left, m.right, m.weight))
            .collect()
    }

    /// How two reports weigh when their clusters meet: below zero unless the pair is nearly as
    /// likely one event as a match ([`JOIN_MARGIN_BITS`] below even odds) and its comparisons
    /// say at least [`JOIN_EVIDENCE_BITS`] for one event; against when they say less than
    /// nothing or one of them tells strongly against (see [`STRONGLY_AGAINST_BITS`]). Both bounds matter: in a large collection the prior keeps any two reports of one
    /// country and day apart, in a small one the evidence must still be real.
    fn join_weight(&self, tables: &evidence::Tables, a: u32, b: u32) -> cluster::Pair {
        let (Some(x), Some(y)) = (self.prepared.get(a as usize), self.prepared.get(b as usize))
        else {
            return cluster::Pair {
                bits: f64::NEG_INFINITY,
                against: true,
            };
        };
        let s = evidence::summary(tables, x, y);
        let log_odds = prior_bits(self.other_reports, self.prepared.len()) + s.total;
        // Reports that agree on several of the event's own facts and tell against it in
        // nothing join on facts each weaker: other events that share a region, a figure and a
        // name still differ somewhere (a day, a figure, a form, or one language's texts that
        // share no passage, as separate reports of one event most often do).
        let agree_on_nothing_against =
            s.most_against >= 0.0 && s.own_facts_agreeing >= AGREEING_OWN_FACTS;
        let (join_bits, specific_bits) = if agree_on_nothing_against {
            (AGREEING_JOIN_EVIDENCE_BITS, AGREEING_SPECIFIC_BITS)
        } else {
            (JOIN_EVIDENCE_BITS, SPECIFIC_BITS)
        };
        let mut bits = (s.total - join_bits).min(log_odds + JOIN_MARGIN_BITS);
        let two_facts =
            s.contradictions == 0 && s.specific_facts >= 2 && s.specific >= TWO_FACTS_SPECIFIC_BITS;
        if s.specific < specific_bits * f64::from(1 + s.contradictions) && !two_facts {
            // Agreement on country, form and month is what confounders share; a sign of another
            // incident (dates months apart) asks for twice the specific evidence.
            bits = bits.min(-UNANCHORED_BITS);
        }
        cluster::Pair {
            bits,
            against: s.total < 0.0 || s.most_against <= -STRONGLY_AGAINST_BITS,
        }
    }

    /// The evidence of two reports as a clustering weight: neighbours of a round-up that
    /// merely fail to match still count as one group; those whose comparisons tell against are
    /// different events.
    fn evidence_pair(&self, tables: &evidence::Tables, a: u32, b: u32) -> cluster::Pair {
        let bits = self.evidence_bits(tables, a, b);
        cluster::Pair {
            bits,
            against: bits < 0.0,
        }
    }

    /// What the comparisons of two reports say, in bits, without the prior: below zero, they
    /// tell against one event (other dates, towns, figures), not only fail to tell for it.
    fn evidence_bits(&self, tables: &evidence::Tables, a: u32, b: u32) -> f64 {
        match (self.prepared.get(a as usize), self.prepared.get(b as usize)) {
            (Some(x), Some(y)) => evidence::total(tables, x, y),
            _ => f64::NEG_INFINITY,
        }
    }
}

#[cfg(test)]
mod tests;
