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
//! collections are small and uneven, and EM on a few hundred articles would chase noise. Each
//! comparison's level adds `log2(m/u)` bits, a pair's weight is their sum plus the prior odds
//! that two reports in one candidate block describe one event, and a reviewer reads the same
//! waterfall as for persons. Candidate pairs come from shared operations, groups, towns and
//! countries within a date window ([`block`]), never from all pairs.

mod block;
mod evidence;
mod prepare;

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
    /// Prior odds, in bits, that two reports sharing a candidate block are one event.
    pub prior_bits: f64,
}

impl Default for IncidentSettings {
    fn default() -> Self {
        IncidentSettings {
            threshold: 0.9,
            prior_bits: -10.0,
        }
    }
}

/// The result of linking incidents.
pub struct IncidentLinkage {
    pub prepared: Vec<PreparedIncident>,
    pub blocks: BlockStats,
    pub candidate_pairs: u64,
    /// Pairs at or above the threshold, strongest first.
    pub matches: Vec<Match>,
}

/// Prepares every incident once (folding names, parsing dates, interning values).
pub fn prepare(incidents: &[Incident]) -> Vec<PreparedIncident> {
    prepare::prepare_all(incidents)
}

/// Finds the pairs of reports of one event among `incidents`.
pub fn link_incidents(
    incidents: &[Incident],
    settings: &IncidentSettings,
    progress: &dyn crate::Progress,
) -> IncidentLinkage {
    let prepared = prepare(incidents);
    let tables = evidence::Tables::new(&prepared);
    let (pairs, blocks) = block::candidate_pairs(&prepared);
    progress.start(crate::Stage::Score, pairs.len() as u64);
    let mut matches: Vec<Match> = pairs
        .par_chunks(1 << 14)
        .flat_map_iter(|chunk| {
            let out: Vec<Match> = chunk
                .iter()
                .filter_map(|&(a, b)| {
                    let weight = settings.prior_bits
                        + evidence::total(&tables, &prepared[a as usize], &prepared[b as usize]);
                    let p = probability(weight);
                    (p >= settings.threshold).then_some(Match {
                        left: a,
                        right: b,
                        weight,
                        probability: p,
                    })
                })
                .collect();
            progress.advance(chunk.len() as u64);
            out
        })
        .collect();
    progress.finish();
    matches.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then((x.left, x.right).cmp(&(y.left, y.right)))
    });
    IncidentLinkage {
        candidate_pairs: pairs.len() as u64,
        prepared,
        blocks,
        matches,
    }
}

impl IncidentLinkage {
    /// How the weight of two incidents (by index) adds up, whether or not they matched.
    pub fn explain(&self, a: usize, b: usize, settings: &IncidentSettings) -> Vec<Evidence> {
        let tables = evidence::Tables::new(&self.prepared);
        let mut steps = vec![Evidence {
            comparison: "prior",
            level: "two reports in one candidate block".to_string(),
            weight: settings.prior_bits,
        }];
        steps.extend(evidence::explain(
            &tables,
            &self.prepared[a],
            &self.prepared[b],
        ));
        steps
    }

    /// Each incident's event: the index of the first incident of its cluster. Reviewers'
    /// decisions (`same`, `different`, as index pairs) win over scores, as for persons.
    pub fn events(&self, same: &[(u32, u32)], different: &[(u32, u32)]) -> Vec<u32> {
        let weighted: Vec<(u32, u32, f64)> = self
            .matches
            .iter()
            .map(|m| (m.left, m.right, m.weight))
            .collect();
        cluster::clusters_with_decisions(self.prepared.len(), &weighted, same, different)
    }
}

#[cfg(test)]
mod tests;
