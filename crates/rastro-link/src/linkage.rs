//! A whole linkage run: prepare, block, compare, estimate, score, cluster.

use rayon::prelude::*;

use crate::block_values;
use crate::blocking::{self, Limits, RuleKeys, RuleStats};
use crate::compare;
use crate::config::{LinkConfig, UMethod};
use crate::em::{self, level, Params};
use crate::error::LinkError;
use crate::locality;
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
    /// Prepared values in the engine's own row order; [`Linkage::row`] maps a record to its row.
    pub prepared: Vec<Prepared>,
    pub model: Model,
    pub candidate_pairs: u64,
    pub rules: Vec<RuleStats>,
    pub matches: Vec<Match>,
    /// For every record, its cluster's canonical record index.
    pub clusters: Vec<u32>,
    /// For every record, its row in `prepared` (`None`: the same index).
    rows: Option<Vec<u32>>,
}

const CHUNK: usize = 1 << 16;

/// Links (or deduplicates) `records` as the configuration says.
pub fn link(
    config: &LinkConfig,
    records: &Records,
    progress: &dyn Progress,
) -> Result<Linkage, LinkError> {
    config.check()?;
    let Some(order) = locality::order(config, records) else {
        return link_in_order(config, records, progress);
    };
    // The run works on the records reordered; matches and clusters come back in input order.
    let reordered = records.reordered(&order);
    let mut linkage = link_in_order(config, &reordered, progress)?;
    drop(reordered);
    for m in linkage.matches.iter_mut() {
        let (a, b) = (order[m.left as usize], order[m.right as usize]);
        (m.left, m.right) = (a.min(b), a.max(b));
    }
    linkage.clusters = crate::cluster::clusters(
        records.len(),
        linkage.matches.iter().map(|m| (m.left, m.right)),
    );
    let mut rows = vec![0u32; order.len()];
    for (row, &record) in order.iter().enumerate() {
        rows[record as usize] = row as u32;
    }
    linkage.rows = Some(rows);
    Ok(linkage)
}

fn link_in_order(
    config: &LinkConfig,
    records: &Records,
    progress: &dyn Progress,
) -> Result<Linkage, LinkError> {
    let prepared = prepare::prepare(config, records);
    let plan = if config.blocking.is_empty() {
        blocking::plan_without_rules(records.len(), records.split, config.max_pairs)?
    } else {
        let rule_keys: Vec<RuleKeys> = config
            .blocking
            .iter()
            .zip(block_values::all_block_keys(config, records))
            .map(|(rule, keys)| RuleKeys {
                rule: rule.to_string(),
                keys,
            })
            .collect();
        let limits = Limits {
            max_block_size: config.max_block_size,
            max_pairs: config.max_pairs,
        };
        blocking::plan(records.len(), records.split, rule_keys, limits)?
    };

    // First walk: count the candidates and compare a sample of them for EM. The sample is drawn
    // by a hash of the pair, so it is the same whatever the threads do.
    let upper = plan.pairs_upper_bound();
    let keep_below = if upper <= EM_SAMPLE {
        u64::MAX
    } else {
        ((EM_SAMPLE as f64 / upper as f64) * u64::MAX as f64) as u64
    };
    let seed = config.training.seed;
    progress.start(Stage::Compare, upper);
    let advance = |by: u64| progress.advance(by);
    let pieces = plan.walk(
        || (vec![0u64; plan.rules()], Vec::new()),
        |(counts, sample), rule, a, b| {
            counts[rule] += 1;
            if pair_hash(seed, a, b) <= keep_below {
                sample.push((a, b, compare::gamma(&prepared, a as usize, b as usize)));
            }
        },
        &advance,
    );
    progress.finish();
    let mut new_pairs = vec![0u64; plan.rules()];
    let mut sample: Vec<(u32, u32, u64)> = Vec::new();
    for (counts, pairs) in pieces {
        new_pairs.iter_mut().zip(&counts).for_each(|(n, c)| *n += c);
        sample.extend(pairs);
    }
    if !config.blocking.is_empty() {
        let limits = Limits {
            max_block_size: config.max_block_size,
            max_pairs: config.max_pairs,
        };
        blocking::check_union(&plan, &new_pairs, limits)?;
    }
    let candidate_pairs: u64 = new_pairs.iter().sum();
    let everything_sampled = keep_below == u64::MAX;
    let patterns = scaled_patterns(
        em::patterns(&sample.iter().map(|s| s.2).collect::<Vec<u64>>()),
        candidate_pairs,
    );

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
    let trained = train(
        config,
        &patterns,
        candidate_pairs,
        start,
        total_pairs,
        progress,
    );
    progress.finish();
    let model = Model::new(
        &prepared,
        &trained.params,
        trained.iterations,
        trained.converged,
    );

    // Second walk: compare and score every candidate, keeping only the matches.
    // The walk reports the pairs of every rule's blocks, those of earlier rules included.
    progress.start(
        Stage::Score,
        if everything_sampled {
            candidate_pairs
        } else {
            upper
        },
    );
    let threshold = config.threshold;
    let score = |matches: &mut Vec<Match>, a: u32, b: u32, gamma: u64| {
        let weight = model.weight(&prepared, gamma, a as usize, b as usize);
        let p = probability(weight);
        if p >= threshold {
            matches.push(Match {
                left: a,
                right: b,
                weight,
                probability: p,
            });
        }
    };
    // When every candidate was in the sample, its comparisons are reused rather than redone.
    let pieces: Vec<Vec<Match>> = if everything_sampled {
        sample
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut matches = Vec::new();
                for &(a, b, gamma) in chunk {
                    score(&mut matches, a, b, gamma);
                }
                progress.advance(chunk.len() as u64);
                matches
            })
            .collect()
    } else {
        drop(sample);
        plan.walk(
            Vec::new,
            |matches: &mut Vec<Match>, _, a, b| {
                score(
                    matches,
                    a,
                    b,
                    compare::gamma(&prepared, a as usize, b as usize),
                );
            },
            &advance,
        )
    };
    let matches: Vec<Match> = pieces.into_iter().flatten().collect();
    progress.finish();

    let clusters =
        crate::cluster::clusters(records.len(), matches.iter().map(|m| (m.left, m.right)));
    Ok(Linkage {
        prepared,
        model,
        candidate_pairs,
        rules: if config.blocking.is_empty() {
            Vec::new()
        } else {
            plan.stats(&new_pairs)
        },
        matches,
        clusters,
        rows: None,
    })
}

/// Candidate pairs compared for EM at most; beyond this, a sample of them, which estimates the
/// shares of comparison patterns to a fraction of a percent at a fraction of the cost.
const EM_SAMPLE: u64 = 4_000_000;

/// A well-mixed hash of a pair, to sample pairs independently of the order they are walked in.
fn pair_hash(seed: u64, a: u32, b: u32) -> u64 {
    em::SplitMix64(seed ^ (u64::from(a) << 32 | u64::from(b))).next_u64()
}

/// The sampled patterns' counts scaled up to all candidates.
fn scaled_patterns(sampled: Vec<(u64, u64)>, candidates: u64) -> Vec<(u64, u64)> {
    let in_sample: u64 = sampled.iter().map(|p| p.1).sum();
    let scale = if in_sample == 0 {
        1.0
    } else {
        candidates as f64 / in_sample as f64
    };
    let mut patterns: Vec<(u64, u64)> = sampled
        .into_iter()
        .map(|(gamma, count)| (gamma, ((count as f64 * scale).round() as u64).max(1)))
        .collect();
    patterns.sort_unstable();
    patterns
}

impl Linkage {
    /// The row of `record` in `prepared`.
    pub fn row(&self, record: usize) -> usize {
        self.rows
            .as_ref()
            .and_then(|rows| rows.get(record))
            .map_or(record, |&row| row as usize)
    }

    /// How the score of the pair (a, b) adds up, comparison by comparison. Any pair can be
    /// explained, candidate or not.
    pub fn waterfall(
        &self,
        records: &Records,
        config: &LinkConfig,
        a: usize,
        b: usize,
    ) -> Waterfall {
        let (row_a, row_b) = (self.row(a), self.row(b));
        let gamma = compare::gamma(&self.prepared, row_a, row_b);
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
                term_frequency_adjustment: self.model.tf_adjustment(p, c, l, row_a, row_b),
            });
        }
        let weight = self.model.weight(&self.prepared, gamma, row_a, row_b);
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
    patterns: &[(u64, u64)],
    candidates: u64,
    start: Params,
    total_pairs: f64,
    progress: &dyn Progress,
) -> em::EmOutcome {
    let mut start = start;
    let candidates = candidates as f64;
    start.lambda = (candidates * 0.1 / total_pairs.max(1.0)).clamp(1e-9, 0.5);
    let estimate = em::Estimate {
        m: vec![true; config.comparisons.len()],
        u: config.training.u_method == UMethod::Em,
        all_pairs: Some(total_pairs),
    };
    em::expectation_maximisation(
        patterns,
        start,
        &estimate,
        config.training.max_iterations,
        config.training.tolerance,
        &mut |_| progress.advance(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampled_patterns_are_scaled_to_all_candidates() {
        let sampled = vec![(3, 30), (1, 10)];
        assert_eq!(scaled_patterns(sampled, 400), vec![(1, 100), (3, 300)]);
    }

    #[test]
    fn pair_sample_is_a_fair_share_and_repeatable() {
        let keep_below = u64::MAX / 4;
        let kept = (0..200u32)
            .flat_map(|a| (a + 1..200).map(move |b| (a, b)))
            .filter(|&(a, b)| pair_hash(42, a, b) <= keep_below)
            .count();
        // 19,900 pairs, a quarter kept give or take a few standard deviations.
        assert!((4_700..5_250).contains(&kept), "{kept}");
        assert_eq!(pair_hash(1, 2, 3), pair_hash(1, 2, 3));
        assert_ne!(pair_hash(1, 2, 3), pair_hash(1, 3, 2));
    }
}
