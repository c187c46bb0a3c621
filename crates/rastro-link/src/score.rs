//! How well found clusters agree with the true ones, pair by pair: of the pairs of records put
//! together, how many belong together (precision), and of the pairs that belong together, how
//! many were put together (recall). Counted from the table of (found, true) cluster sizes, so a
//! million records cost no more than reading them.

use std::collections::HashMap;

/// Pairwise agreement of a clustering with the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PairScore {
    /// Records the truth names.
    pub records: u64,
    /// Records the truth names that the clustering did not (each counted alone).
    pub missing: u64,
    /// Clusters among the truth's records, found and true.
    pub found_clusters: u64,
    pub true_clusters: u64,
    /// Pairs put together that belong together, put together wrongly, and missed.
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
}

impl PairScore {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// No pair to judge is no error.
fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// A found cluster, or a record the clustering left out, alone (apart from any cluster that
/// happens to bear its name).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Found(&'a str),
    Alone(&'a str),
}

/// Scores `found` (record → cluster) against `truth` (record → cluster) over the records the
/// truth names; a record the clustering left out is a cluster of its own.
pub fn pairwise(found: &HashMap<String, String>, truth: &HashMap<String, String>) -> PairScore {
    let mut cells: HashMap<(Key<'_>, &str), u64> = HashMap::new();
    let mut found_sizes: HashMap<Key<'_>, u64> = HashMap::new();
    let mut true_sizes: HashMap<&str, u64> = HashMap::new();
    let mut missing = 0;
    for (record, true_cluster) in truth {
        let key = match found.get(record) {
            Some(cluster) => Key::Found(cluster.as_str()),
            None => {
                missing += 1;
                Key::Alone(record.as_str())
            }
        };
        *cells.entry((key, true_cluster.as_str())).or_default() += 1;
        *found_sizes.entry(key).or_default() += 1;
        *true_sizes.entry(true_cluster.as_str()).or_default() += 1;
    }
    let together: u64 = cells.values().map(|&n| pairs(n)).sum();
    let found_pairs: u64 = found_sizes.values().map(|&n| pairs(n)).sum();
    let true_pairs: u64 = true_sizes.values().map(|&n| pairs(n)).sum();
    PairScore {
        records: truth.len() as u64,
        missing,
        found_clusters: found_sizes.len() as u64,
        true_clusters: true_sizes.len() as u64,
        true_positives: together,
        false_positives: found_pairs - together,
        false_negatives: true_pairs - together,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn pairs_are_counted_from_the_table_of_clusters() {
        let truth = map(&[("a", "1"), ("b", "1"), ("c", "1"), ("d", "2"), ("e", "3")]);
        // a+b found together, c alone, d joined wrongly to e; f is not in the truth.
        let found = map(&[
            ("a", "x"),
            ("b", "x"),
            ("c", "y"),
            ("d", "z"),
            ("e", "z"),
            ("f", "x"),
        ]);
        let score = pairwise(&found, &truth);
        assert_eq!(
            (
                score.true_positives,
                score.false_positives,
                score.false_negatives
            ),
            (1, 1, 2)
        );
        assert_eq!((score.found_clusters, score.true_clusters), (3, 3));
        assert!((score.precision() - 0.5).abs() < 1e-12);
        assert!((score.recall() - 1.0 / 3.0).abs() < 1e-12);

        // A record the clustering left out stands alone, even if its id names a found cluster.
        let found = map(&[("a", "b"), ("c", "b")]);
        let score = pairwise(&found, &truth);
        assert_eq!(score.missing, 3);
        assert_eq!(
            (
                score.true_positives,
                score.false_positives,
                score.false_negatives
            ),
            (1, 0, 2)
        );
        let perfect = pairwise(&truth, &truth);
        assert_eq!(perfect.f1(), 1.0);
    }
}
