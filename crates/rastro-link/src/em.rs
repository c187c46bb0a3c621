//! Estimation of the Fellegi-Sunter parameters.
//!
//! A pair's comparison vector γ holds one level per comparison, packed 4 bits each in a `u64`.
//! Under conditional independence, P(γ | match) = Π m[c][γc] and P(γ | non-match) = Π u[c][γc];
//! a missing value (level [`NULL`]) contributes nothing. Candidate pairs share few distinct
//! vectors, so EM runs over (vector, count) patterns and costs microseconds per iteration
//! whatever the number of pairs.
//!
//! u is best estimated from random pairs, nearly all non-matches ([`sample_u`]); m and the share of
//! matches λ then come from EM over the candidate pairs ([`expectation_maximisation`]).

use serde::Serialize;

/// The level code of a comparison whose value is missing on either side.
pub const NULL: u8 = 15;

/// The level of comparison `c` in a packed vector.
#[inline]
pub fn level(gamma: u64, c: usize) -> u8 {
    ((gamma >> (4 * c)) & 0xF) as u8
}

/// Packs levels, first comparison in the lowest bits.
pub fn pack(levels: &[u8]) -> u64 {
    levels
        .iter()
        .enumerate()
        .fold(0, |acc, (c, &l)| acc | (u64::from(l & 0xF) << (4 * c)))
}

/// The parameters of a Fellegi-Sunter model; `m[c][l]` and `u[c][l]` for comparison `c` at level
/// `l` (the configured levels, then "else").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Params {
    /// Share of matches among the candidate pairs.
    pub lambda: f64,
    pub m: Vec<Vec<f64>>,
    pub u: Vec<Vec<f64>>,
}

/// Smallest probability kept, so that no level weighs infinitely.
const FLOOR: f64 = 1e-6;
/// Smallest λ: among a million records a match is one pair in 10¹¹.
const LAMBDA_FLOOR: f64 = 1e-15;

impl Params {
    /// Starting values: m falls off with the level (the first level is the strongest agreement),
    /// u is uniform until sampling replaces it.
    pub fn initial(levels: &[usize]) -> Params {
        let m = levels
            .iter()
            .map(|&n| {
                let raw: Vec<f64> = (0..n).map(|l| 0.5f64.powi(l as i32 + 1)).collect();
                normalise(raw)
            })
            .collect();
        let u = levels
            .iter()
            .map(|&n| {
                let mut raw = vec![0.05; n];
                if let Some(last) = raw.last_mut() {
                    *last = 1.0;
                }
                normalise(raw)
            })
            .collect();
        Params { lambda: 0.1, m, u }
    }
}

fn normalise(mut values: Vec<f64>) -> Vec<f64> {
    for v in values.iter_mut() {
        *v = v.max(FLOOR);
    }
    let sum: f64 = values.iter().sum();
    values.iter_mut().for_each(|v| *v /= sum);
    values
}

/// Distinct comparison vectors and how many pairs have each.
pub fn patterns(gammas: &[u64]) -> Vec<(u64, u64)> {
    let mut counts: rastro_text::fasthash::FastMap<u64, u64> = Default::default();
    for &g in gammas {
        *counts.entry(g).or_default() += 1;
    }
    let mut out: Vec<(u64, u64)> = counts.into_iter().collect();
    out.sort_unstable();
    out
}

/// u from comparison vectors of random pairs: the share of each level among non-missing values,
/// with half a pair added to every level so that a level never seen is rare, not impossible.
pub fn u_from_sample(levels: &[usize], sample: &[u64]) -> Vec<Vec<f64>> {
    levels
        .iter()
        .enumerate()
        .map(|(c, &n)| {
            let mut counts = vec![0.5f64; n];
            for &g in sample {
                let l = level(g, c);
                if l != NULL {
                    counts[usize::from(l).min(n - 1)] += 1.0;
                }
            }
            normalise(counts)
        })
        .collect()
}

/// Draws `count` random admissible pairs (i < j) of `n` records; in linkage (`split`) one from
/// each file. Deterministic for a seed.
pub fn sample_u(n: usize, split: Option<usize>, count: usize, seed: u64) -> Vec<(u32, u32)> {
    let mut rng = SplitMix64(seed);
    let mut pairs = Vec::with_capacity(count);
    if n < 2 {
        return pairs;
    }
    let split_ok = split.filter(|&s| s > 0 && s < n);
    if split.is_some() && split_ok.is_none() {
        return pairs;
    }
    while pairs.len() < count {
        let (a, b) = match split_ok {
            Some(s) => (rng.below(s), s + rng.below(n - s)),
            None => {
                let a = rng.below(n);
                let b = rng.below(n);
                if a == b {
                    continue;
                }
                (a.min(b), a.max(b))
            }
        };
        pairs.push((a as u32, b as u32));
    }
    pairs
}

/// A small, fast, well-mixed generator; sampling needs repeatability, not secrecy.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        ((u128::from(self.next_u64()) * bound as u128) >> 64) as usize
    }
}

/// How an EM run ended.
#[derive(Debug, Clone)]
pub struct EmOutcome {
    pub params: Params,
    pub iterations: usize,
    pub converged: bool,
}

/// Which parameters an EM run may move; the others stay as given.
#[derive(Debug, Clone)]
pub struct Estimate {
    /// Per comparison: whether its m is estimated.
    pub m: Vec<bool>,
    /// Whether u is estimated (else it stays as sampled).
    pub u: bool,
    /// All record pairs, when the patterns are only the candidates: the pairs left out are taken
    /// as non-matches, so λ is the probability that two random records match. `None`: λ is the
    /// share of matches among the patterns.
    pub all_pairs: Option<f64>,
}

/// EM over comparison-vector patterns, moving λ and what `estimate` allows.
/// `on_iteration` is told each finished iteration (for a progress bar).
pub fn expectation_maximisation(
    patterns: &[(u64, u64)],
    start: Params,
    estimate: &Estimate,
    max_iterations: usize,
    tolerance: f64,
    on_iteration: &mut dyn FnMut(usize),
) -> EmOutcome {
    let mut params = start;
    let comparisons = params.m.len();
    let counted: f64 = patterns.iter().map(|&(_, n)| n as f64).sum();
    let total = estimate.all_pairs.unwrap_or(counted).max(counted);
    if counted == 0.0 {
        return EmOutcome {
            params,
            iterations: 0,
            converged: true,
        };
    }
    for iteration in 1..=max_iterations {
        let mut m_acc: Vec<Vec<f64>> = params.m.iter().map(|l| vec![0.0; l.len()]).collect();
        let mut u_acc: Vec<Vec<f64>> = params.u.iter().map(|l| vec![0.0; l.len()]).collect();
        let mut matches = 0.0;
        for &(gamma, count) in patterns {
            let mut pm = params.lambda;
            let mut pu = 1.0 - params.lambda;
            for c in 0..comparisons {
                let l = level(gamma, c);
                if l != NULL {
                    pm *= params.m[c][usize::from(l)];
                    pu *= params.u[c][usize::from(l)];
                }
            }
            let posterior = if pm + pu > 0.0 { pm / (pm + pu) } else { 0.0 };
            let n = count as f64;
            matches += posterior * n;
            for c in 0..comparisons {
                let l = level(gamma, c);
                if l != NULL {
                    m_acc[c][usize::from(l)] += posterior * n;
                    u_acc[c][usize::from(l)] += (1.0 - posterior) * n;
                }
            }
        }
        let next = Params {
            lambda: (matches / total).clamp(LAMBDA_FLOOR, 1.0 - FLOOR),
            m: m_acc
                .into_iter()
                .zip(&params.m)
                .zip(&estimate.m)
                .map(|((acc, old), &free)| if free { normalise(acc) } else { old.clone() })
                .collect(),
            u: if estimate.u {
                u_acc.into_iter().map(normalise).collect()
            } else {
                params.u.clone()
            },
        };
        let moved = max_change(&params, &next);
        params = next;
        on_iteration(iteration);
        if moved < tolerance {
            return EmOutcome {
                params,
                iterations: iteration,
                converged: true,
            };
        }
    }
    EmOutcome {
        params,
        iterations: max_iterations,
        converged: false,
    }
}

fn max_change(a: &Params, b: &Params) -> f64 {
    let mut moved = (a.lambda - b.lambda).abs();
    for (x, y) in a.m.iter().flatten().zip(b.m.iter().flatten()) {
        moved = moved.max((x - y).abs());
    }
    for (x, y) in a.u.iter().flatten().zip(b.u.iter().flatten()) {
        moved = moved.max((x - y).abs());
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs drawn from a known model: EM must find its m and λ again.
    #[test]
    fn em_recovers_known_parameters() {
        let truth_m = [vec![0.9, 0.07, 0.03], vec![0.8, 0.2]];
        let truth_u = [vec![0.01, 0.04, 0.95], vec![0.1, 0.9]];
        let lambda = 0.2;
        let mut gammas = Vec::new();
        let mut rng = SplitMix64(7);
        let draw = |rng: &mut SplitMix64, p: &[f64]| -> u8 {
            let x = rng.below(1_000_000) as f64 / 1_000_000.0;
            let mut acc = 0.0;
            for (i, q) in p.iter().enumerate() {
                acc += q;
                if x < acc {
                    return i as u8;
                }
            }
            (p.len() - 1) as u8
        };
        for _ in 0..200_000 {
            let is_match = (rng.below(1000) as f64) < lambda * 1000.0;
            let (m0, m1) = if is_match {
                (&truth_m[0], &truth_m[1])
            } else {
                (&truth_u[0], &truth_u[1])
            };
            let levels = [draw(&mut rng, m0), draw(&mut rng, m1)];
            gammas.push(pack(&levels));
        }
        let patterns = patterns(&gammas);
        let mut start = Params::initial(&[3, 2]);
        start.u = truth_u.to_vec();
        let estimate = Estimate {
            m: vec![true, true],
            u: false,
            all_pairs: None,
        };
        let out = expectation_maximisation(&patterns, start, &estimate, 1000, 1e-6, &mut |_| {});
        assert!(out.converged);
        assert!(
            (out.params.lambda - lambda).abs() < 0.01,
            "{:?}",
            out.params
        );
        assert!((out.params.m[0][0] - 0.9).abs() < 0.02, "{:?}", out.params);
        assert!((out.params.m[1][0] - 0.8).abs() < 0.02, "{:?}", out.params);
    }

    #[test]
    fn lambda_over_all_pairs_counts_expected_matches() {
        // One comparison: 100 candidates agree (m/u ≈ 10⁷), 900 disagree, of 10⁶ pairs.
        let params = Params {
            lambda: 0.5,
            m: vec![vec![0.99, 0.01]],
            u: vec![vec![1e-7, 1.0 - 1e-7]],
        };
        let patterns = vec![(pack(&[0]), 100), (pack(&[1]), 900)];
        let estimate = Estimate {
            m: vec![false],
            u: false,
            all_pairs: Some(1e6),
        };
        let out = expectation_maximisation(&patterns, params, &estimate, 500, 1e-9, &mut |_| {});
        let lambda = out.params.lambda;
        // The agreeing pairs are nearly all matches, the others nearly none.
        assert!((lambda * 1e6 - 100.0).abs() < 10.0, "{lambda}");
    }

    #[test]
    fn missing_values_are_left_out_of_estimates() {
        let sample = vec![pack(&[0, NULL]), pack(&[1, NULL]), pack(&[1, 0])];
        let u = u_from_sample(&[2, 2], &sample);
        assert!((u[0][1] - 2.5 / 4.0).abs() < 1e-9);
        assert!((u[1][0] - 1.5 / 2.0).abs() < 1e-9);
    }

    #[test]
    fn sampled_pairs_respect_files() {
        let pairs = sample_u(10, Some(3), 1000, 1);
        assert!(pairs.iter().all(|&(a, b)| a < 3 && (3..10).contains(&b)));
        let pairs = sample_u(10, None, 1000, 1);
        assert!(pairs.iter().all(|&(a, b)| a < b && b < 10));
        assert_eq!(sample_u(10, None, 5, 9), sample_u(10, None, 5, 9));
    }
}
