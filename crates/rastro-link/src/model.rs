//! A trained Fellegi-Sunter model: match weights per comparison level, term-frequency
//! adjustment, and the waterfall that shows a reviewer how a pair's score was reached.

use serde::Serialize;

use crate::config::Level;
use crate::em::{level, Params, NULL};
use crate::prepare::Prepared;

/// A term frequency below this is treated as this, so a value seen once does not weigh without
/// bound (Splink's `tf_minimum_u_value` plays the same role).
const TF_FLOOR: f64 = 1e-6;

#[derive(Debug, Clone, Serialize)]
pub struct LevelModel {
    pub label: String,
    pub m: f64,
    pub u: f64,
    /// log2(m / u): what agreeing at this level adds to a pair's match weight.
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComparisonModel {
    pub name: String,
    pub term_frequency: bool,
    /// The configured levels, then "else".
    pub levels: Vec<LevelModel>,
}

/// The estimated model, serialisable for review.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Probability that two records drawn at random match.
    pub lambda: f64,
    pub prior_weight: f64,
    pub em_iterations: usize,
    pub em_converged: bool,
    pub comparisons: Vec<ComparisonModel>,
    /// Whether level 0 of each comparison is `exact`, the level term frequencies adjust.
    #[serde(skip)]
    tf_on_first_level: Vec<bool>,
}

impl Model {
    pub fn new(
        prepared: &[Prepared],
        params: &Params,
        iterations: usize,
        converged: bool,
    ) -> Model {
        let comparisons = prepared
            .iter()
            .zip(params.m.iter().zip(&params.u))
            .map(|(p, (m, u))| ComparisonModel {
                name: p.name.clone(),
                term_frequency: p.term_frequency.is_some(),
                levels: m
                    .iter()
                    .zip(u)
                    .enumerate()
                    .map(|(l, (&m, &u))| LevelModel {
                        label: p
                            .levels
                            .get(l)
                            .map_or_else(|| "else".to_string(), Level::to_string),
                        m,
                        u,
                        weight: (m / u).log2(),
                    })
                    .collect(),
            })
            .collect();
        Model {
            lambda: params.lambda,
            prior_weight: (params.lambda / (1.0 - params.lambda)).log2(),
            em_iterations: iterations,
            em_converged: converged,
            comparisons,
            tf_on_first_level: prepared
                .iter()
                .map(|p| p.term_frequency.is_some() && p.levels.first() == Some(&Level::Exact))
                .collect(),
        }
    }

    /// The weight of comparison `c` at level `l` (0 for a missing value).
    pub fn level_weight(&self, c: usize, l: u8) -> f64 {
        if l == NULL {
            return 0.0;
        }
        self.comparisons[c].levels[usize::from(l)].weight
    }

    /// The term-frequency correction of comparison `c` for the pair: an exact agreement on a value
    /// held by a share `tf` of records weighs log2(m / tf) instead of log2(m / u).
    pub fn tf_adjustment(&self, prepared: &Prepared, c: usize, l: u8, a: usize, b: usize) -> f64 {
        if l != 0 || !self.tf_on_first_level[c] {
            return 0.0;
        }
        let Some(tf) = &prepared.term_frequency else {
            return 0.0;
        };
        let share = f64::from(tf[a].max(tf[b])).max(TF_FLOOR);
        (self.comparisons[c].levels[0].u / share).log2()
    }

    /// A pair's total match weight.
    pub fn weight(&self, prepared: &[Prepared], gamma: u64, a: usize, b: usize) -> f64 {
        let mut total = self.prior_weight;
        for (c, p) in prepared.iter().enumerate() {
            let l = level(gamma, c);
            total += self.level_weight(c, l) + self.tf_adjustment(p, c, l, a, b);
        }
        total
    }
}

/// The match probability of a match weight.
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

/// One comparison's part in a pair's score.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub comparison: String,
    pub level: String,
    pub left: String,
    pub right: String,
    pub weight: f64,
    pub term_frequency_adjustment: f64,
}

/// How a pair's score adds up, from the prior to the final probability.
#[derive(Debug, Clone, Serialize)]
pub struct Waterfall {
    pub prior_weight: f64,
    pub steps: Vec<Step>,
    pub weight: f64,
    pub probability: f64,
}
