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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_join_and_singletons_stay_alone() {
        let c = clusters(6, [(4, 2), (2, 5), (0, 1)]);
        assert_eq!(c, vec![0, 0, 2, 3, 2, 2]);
    }

    #[test]
    fn no_pairs_means_every_record_is_its_own_cluster() {
        assert_eq!(clusters(3, []), vec![0, 1, 2]);
    }
}
