//! A whole linkage run: prepare, block, compare, estimate, score, cluster.

use rayon::prelude::*;

use crate::block_values;
use crate::blocking::{self, Limits, RuleKeys, RuleStats};
use crate::compare;
use crate::config::{LinkConfig, UMethod};
use crate::em::{self, level, Params};
use crate::error::LinkError;
use crate::model::{probability, Model, Step, Waterfall};
use crate::prepare::{self, Prepared};
use crate::table::Records;

/// The stages a run reports progress for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Comparing the candidate pairs (count: pairs).
    Compare,
    /// Comparing random pairs to estimate u (count: pairs).
    SampleU,
    /// EM iterations (count: iterations, at most the configured maximum).
    Train,
    /// Scoring candidate pairs (count: pairs).
    Score,
}

/// Receives progress; the engine has no terminal, the caller draws bars from this.
pub trait Progress: Sync {
    fn start(&self, _stage: Stage, _total: u64) {}
    fn advance(&self, _by: u64) {}
    fn finish(&self) {}
}

/// Progress that goes nowhere.
pub struct Silent;
impl Progress for Silent {}

/// A pair at or above the threshold; `left` < `right` are record indices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub left: u32,
    pub right: u32,
    pub weight: f64,
    pub probability: f64,
}

/// The result of a run.
pub struct Linkage {
    pub prepared: Vec<Prepared>,
    pub model: Model,
    pub candidate_pairs: u64,
    pub rules: Vec<RuleStats>,
    pub matches: Vec<Match>,
    /// For every record, its cluster's canonical record index.
    pub clusters: Vec<u32>,
}

const CHUNK: usize = 1 << 16;

/// Links (or deduplicates) `records` as the configuration says.
pub fn link(
    config: &LinkConfig,
    records: &Records,
    progress: &dyn Progress,
) -> Result<Linkage, LinkError> {
    config.check()?;
    let prepared = prepare::prepare(config, records);
    let rule_keys: Vec<RuleKeys> = config
        .blocking
        .iter()
        .map(|rule| RuleKeys {
            rule: rule.to_string(),
            keys: block_values::block_keys(rule, config, records),
        })
        .collect();
    let limits = Limits {
        max_block_size: config.max_block_size,
        max_pairs: config.max_pairs,
    };
    let candidates = blocking::candidates(records.len(), records.split, &rule_keys, limits)?;
    drop(rule_keys);
    let pairs = candidates.pairs;

    progress.start(Stage::Compare, pairs.len() as u64);
    let gammas = compare_all(&prepared, &pairs, progress);
    progress.finish();

    let levels: Vec<usize> = prepared.iter().map(|p| p.levels.len() + 1).collect();
    let mut start = Params::initial(&levels);
    if config.training.u_method == UMethod::Sampling {
        let sample = em::sample_u(
            records.len(),
            records.split,
            config.training.u_sample_pairs,
            config.training.seed,
        );
        progress.start(Stage::SampleU, sample.len() as u64);
        let sampled = compare_all(&prepared, &sample, progress);
        progress.finish();
        start.u = em::u_from_sample(&levels, &sampled);
    }

    progress.start(Stage::Train, config.training.max_iterations as u64);
    let total_pairs = match records.split {
        None => (records.len() as f64) * (records.len() as f64 - 1.0) / 2.0,
        Some(s) => (s as f64) * (records.len() - s) as f64,
    };
    let trained = train(config, &gammas, start, total_pairs, progress);
    progress.finish();
    let model = Model::new(
        &prepared,
        &trained.params,
        trained.iterations,
        trained.converged,
    );

    progress.start(Stage::Score, pairs.len() as u64);
    let threshold = config.threshold;
    let matches: Vec<Match> = pairs
        .par_chunks(CHUNK)
        .zip(gammas.par_chunks(CHUNK))
        .flat_map_iter(|(chunk, gammas)| {
            let mut out = Vec::new();
            for (&(a, b), &gamma) in chunk.iter().zip(gammas) {
                let weight = model.weight(&prepared, gamma, a as usize, b as usize);
                let p = probability(weight);
                if p >= threshold {
                    out.push(Match {
                        left: a,
                        right: b,
                        weight,
                        probability: p,
                    });
                }
            }
            progress.advance(chunk.len() as u64);
            out
        })
        .collect();
    progress.finish();

    let clusters =
        crate::cluster::clusters(records.len(), matches.iter().map(|m| (m.left, m.right)));
    Ok(Linkage {
        prepared,
        model,
        candidate_pairs: pairs.len() as u64,
        rules: candidates.rules,
        matches,
        clusters,
    })
}

impl Linkage {
    /// How the score of the pair (a, b) adds up, comparison by comparison. Any pair can be
    /// explained, candidate or not.
    pub fn waterfall(
        &self,
        records: &Records,
        config: &LinkConfig,
        a: usize,
        b: usize,
    ) -> Waterfall {
        let gamma = compare::gamma(&self.prepared, a, b);
        let mut steps = Vec::with_capacity(self.prepared.len());
        for (c, p) in self.prepared.iter().enumerate() {
            let l = level(gamma, c);
            let column = records.table.column(&config.comparisons[c].column);
            let value = |row: usize| {
                column
                    .map(|col| col.get(row).to_string())
                    .unwrap_or_default()
            };
            steps.push(Step {
                comparison: p.name.clone(),
                level: if l == em::NULL {
                    "missing".to_string()
                } else {
                    self.model.comparisons[c].levels[usize::from(l)]
                        .label
                        .clone()
                },
                left: value(a),
                right: value(b),
                weight: self.model.level_weight(c, l),
                term_frequency_adjustment: self.model.tf_adjustment(p, c, l, a, b),
            });
        }
        let weight = self.model.weight(&self.prepared, gamma, a, b);
        Waterfall {
            prior_weight: self.model.prior_weight,
            steps,
            weight,
            probability: probability(weight),
        }
    }
}

fn compare_all(prepared: &[Prepared], pairs: &[(u32, u32)], progress: &dyn Progress) -> Vec<u64> {
    pairs
        .par_chunks(CHUNK)
        .flat_map_iter(|chunk| {
            let out: Vec<u64> = chunk
                .iter()
                .map(|&(a, b)| compare::gamma(prepared, a as usize, b as usize))
                .collect();
            progress.advance(chunk.len() as u64);
            out
        })
        .collect()
}

/// EM over the whole space of record pairs, of which only the candidates are enumerated: pairs
/// blocking left out are taken as non-matches, so λ is the probability that two random records
/// match, the prior that fits u from random pairs. Estimating λ among the candidates instead would
/// count the agreement that blocking selected on twice, and EM could call every candidate a match.
fn train(
    config: &LinkConfig,
    gammas: &[u64],
    start: Params,
    total_pairs: f64,
    progress: &dyn Progress,
) -> em::EmOutcome {
    let mut start = start;
    let candidates = gammas.len() as f64;
    start.lambda = (candidates * 0.1 / total_pairs.max(1.0)).clamp(1e-9, 0.5);
    let estimate = em::Estimate {
        m: vec![true; config.comparisons.len()],
        u: config.training.u_method == UMethod::Em,
        all_pairs: Some(total_pairs),
    };
    em::expectation_maximisation(
        &em::patterns(gammas),
        start,
        &estimate,
        config.training.max_iterations,
        config.training.tolerance,
        &mut |_| progress.advance(1),
    )
}
