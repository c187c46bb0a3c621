//! The discipline against tuning to the benchmarks: every labelled set is split, with a fixed
//! seed, into a tuning half (the only one whose misses are listed, the one weights are set on)
//! and a held-out half (reported, never looked into). Rows that are the same case (the same
//! pair of names, the same listed name twice) fall in the same half, so a duplicate cannot carry
//! a tuned case into the held-out half.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Fixed for good: changing it would make a new held-out half that tuning may already have seen.
const SEED: u64 = 0x5EED_2024_0015;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    Tuning,
    HeldOut,
}

impl Half {
    pub fn label(self) -> &'static str {
        match self {
            Half::Tuning => "tuning",
            Half::HeldOut => "held-out",
        }
    }
}

/// The half of a case, by the text that identifies it (case and spacing ignored).
pub fn half_of(key: &str) -> Half {
    let normal: String = key
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
    if xxh3_64_with_seed(normal.as_bytes(), SEED) & 1 == 0 {
        Half::Tuning
    } else {
        Half::HeldOut
    }
}

/// The half of a pair of names, whichever order they come in.
pub fn half_of_pair(a: &str, b: &str) -> Half {
    let (a, b) = (a.trim().to_lowercase(), b.trim().to_lowercase());
    if a <= b {
        half_of(&format!("{a}|{b}"))
    } else {
        half_of(&format!("{b}|{a}"))
    }
}

/// Precision, recall and F1 counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub tn: usize,
    pub fneg: usize,
}

impl Counts {
    pub fn add(&mut self, predicted: bool, actual: bool) {
        match (predicted, actual) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, false) => self.tn += 1,
            (false, true) => self.fneg += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.tp + self.fp + self.tn + self.fneg
    }

    pub fn prf(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fneg).max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

/// Scored pairs with their truth: a reliability table (does a score of 0.65 mean about 65 %?).
pub fn reliability(label: &str, scored: &[(f64, bool)]) {
    println!(
        "reliability ({label}, {} pairs): score band: mean score, observed match rate, pairs",
        scored.len()
    );
    let mut worst: f64 = 0.0;
    for b in 0..10 {
        let lo = b as f64 / 10.0;
        let hi = lo + 0.1;
        let band: Vec<&(f64, bool)> = scored
            .iter()
            .filter(|(s, _)| *s >= lo && (*s < hi || (b == 9 && *s <= 1.0)))
            .collect();
        if band.is_empty() {
            continue;
        }
        let mean = band.iter().map(|(s, _)| s).sum::<f64>() / band.len() as f64;
        let rate = band.iter().filter(|(_, t)| *t).count() as f64 / band.len() as f64;
        if band.len() >= 30 {
            worst = worst.max((mean - rate).abs());
        }
        println!("  [{lo:.1}, {hi:.1}): {mean:.3} {rate:.3} {}", band.len());
    }
    let brier = scored
        .iter()
        .map(|&(s, t)| (s - if t { 1.0 } else { 0.0 }).powi(2))
        .sum::<f64>()
        / scored.len().max(1) as f64;
    println!(
        "  largest gap between mean score and observed rate in bands of 30 pairs or more: {worst:.3}; Brier score {brier:.4}"
    );
}

/// Isotonic regression (pool adjacent violators) of truth on score: the non-decreasing step
/// function that best fits the observed match rate, as (mean score, rate, pairs) blocks.
pub fn isotonic(scored: &[(f64, bool)]) -> Vec<(f64, f64, usize)> {
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    // (sum of scores, sum of truths, count)
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (s, t) in sorted {
        blocks.push((s, if t { 1.0 } else { 0.0 }, 1));
        while blocks.len() >= 2 {
            let n = blocks.len();
            let (a, b) = (blocks[n - 2], blocks[n - 1]);
            if a.1 / a.2 as f64 <= b.1 / b.2 as f64 {
                break;
            }
            blocks.truncate(n - 2);
            blocks.push((a.0 + b.0, a.1 + b.1, a.2 + b.2));
        }
    }
    blocks
        .into_iter()
        .map(|(s, t, n)| (s / n as f64, t / n as f64, n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_ignore_case_spacing_and_order_and_split_about_evenly() {
        assert_eq!(
            half_of("HASSAN  DAHIR AWEYS"),
            half_of("hassan dahir aweys")
        );
        assert_eq!(
            half_of_pair("Ana Ruiz", "Ana Ruis"),
            half_of_pair("ana ruis", "ANA RUIZ")
        );
        let tuning = (0..1000)
            .filter(|i| half_of(&format!("name {i}")) == Half::Tuning)
            .count();
        assert!((400..600).contains(&tuning), "{tuning}");
    }
}
