//! Entities from matched pairs: the connected components of the match graph, by union-find.
//! A chain a–b, b–c puts a and c in one entity even when their own pair scored low, which is
//! what a registry counting distinct persons needs.

/// Disjoint sets over `0..n` with path halving and union by size.
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x
    }

    pub fn union(&mut self, a: u32, b: u32) {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        if self.size[ra as usize] < self.size[rb as usize] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb as usize] = ra;
        self.size[ra as usize] += self.size[rb as usize];
    }
}

/// For each of `n` records, the index of its cluster's canonical record: the first record (in
/// input order) of its connected component, so that ids are stable across runs on the same input.
pub fn clusters(n: usize, pairs: impl IntoIterator<Item = (u32, u32)>) -> Vec<u32> {
    let mut sets = UnionFind::new(n);
    for (a, b) in pairs {
        sets.union(a, b);
    }
    let mut canonical = vec![u32::MAX; n];
    let mut out = Vec::with_capacity(n);
    for i in 0..n as u32 {
        let root = sets.find(i) as usize;
        if canonical[root] == u32::MAX {
            canonical[root] = i;
        }
        out.push(canonical[root]);
    }
    out
}

/// Clusters that respect reviewers' decisions. Pairs decided to be the same person are joined
/// first; matched pairs `(a, b, weight)` are then added strongest first, and a pair that would
/// put two records decided to be different persons into one entity is left out, so a decision
/// holds even when a chain of other matches would otherwise connect the two records. Returns the
/// canonical record of each record's cluster, as [`clusters`] does.
pub fn clusters_with_decisions(
    n: usize,
    matches: &[(u32, u32, f64)],
    same: &[(u32, u32)],
    different: &[(u32, u32)],
) -> Vec<u32> {
    let mut sets = UnionFind::new(n);
    for &(a, b) in same {
        sets.union(a, b);
    }
    let mut ordered: Vec<&(u32, u32, f64)> = matches.iter().collect();
    ordered.sort_by(|x, y| y.2.total_cmp(&x.2));
    for &&(a, b, _) in &ordered {
        let (ra, rb) = (sets.find(a), sets.find(b));
        if ra == rb {
            continue;
        }
        let forbidden = different.iter().any(|&(x, y)| {
            let (rx, ry) = (sets.find(x), sets.find(y));
            (rx == ra && ry == rb) || (rx == rb && ry == ra)
        });
        if !forbidden {
            sets.union(a, b);
        }
    }
    let mut canonical = vec![u32::MAX; n];
    (0..n as u32)
        .map(|i| {
            let root = sets.find(i) as usize;
            if canonical[root] == u32::MAX {
                canonical[root] = i;
            }
            canonical[root]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_join_and_singletons_stay_alone() {
        let c = clusters(6, [(4, 2), (2, 5), (0, 1)]);
        assert_eq!(c, vec![0, 0, 2, 3, 2, 2]);
    }

    #[test]
    fn decisions_override_matches_even_through_chains() {
        // 0-1 and 1-2 matched; a reviewer says 0 and 2 are different persons, and 3 and 4 the same.
        let matches = [(0, 1, 9.0), (1, 2, 5.0)];
        let c = clusters_with_decisions(5, &matches, &[(3, 4)], &[(0, 2)]);
        assert_eq!(c, vec![0, 0, 2, 3, 3]);
        // Without decisions the chain joins all three.
        assert_eq!(
            clusters_with_decisions(3, &matches, &[], &[]),
            vec![0, 0, 0]
        );
    }

    #[test]
    fn no_pairs_means_every_record_is_its_own_cluster() {
        assert_eq!(clusters(3, []), vec![0, 1, 2]);
    }
}
