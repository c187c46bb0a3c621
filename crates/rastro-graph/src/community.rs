//! Groups of nodes more tied to each other than to the rest: Louvain modularity with Leiden's
//! guarantee that a community is connected.
//!
//! Louvain moves each node to the neighbouring community that raises modularity most, until no
//! move helps, then folds communities into nodes and starts again on the folded graph. It is
//! fast (near-linear) and its answers are good, but it can leave a community whose bridge node
//! moved away in two pieces; Leiden's refinement exists to prevent that. Rather than the whole
//! refinement, each community found is split into its connected pieces at the end, which gives
//! the guarantee an analyst relies on (the nodes of a community reach each other within it) at
//! linear cost. Label propagation was not chosen: it is faster still, but on the sparse,
//! hub-heavy graphs here it tends to flood one label across a shared phone or place.
//!
//! Edge weights are the summed strengths of parallel edges (more assertions, a closer tie), so a
//! phone shared by hundreds pulls its holders together only weakly.

use crate::graph::Graph;
use crate::rng::SplitMix;
use crate::subgraph::{Local, Subgraph};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CommunityOptions {
    /// Above 1, more and smaller communities; below, fewer and larger.
    pub resolution: f64,
    /// The order nodes are visited in; the same seed gives the same answer.
    pub seed: u64,
}

impl Default for CommunityOptions {
    fn default() -> CommunityOptions {
        CommunityOptions {
            resolution: 1.0,
            seed: 1,
        }
    }
}

/// Each node's community, numbered from 0 by size (largest first).
#[derive(Debug, Clone, PartialEq)]
pub struct Communities {
    /// In the subgraph's node order.
    pub membership: Vec<u32>,
    pub count: usize,
    /// Newman's modularity of the answer at the resolution asked for.
    pub modularity: f64,
}

impl Graph {
    /// The communities of a subgraph. A node without edges is a community of its own.
    pub fn communities(&self, sub: &Subgraph, options: &CommunityOptions) -> Communities {
        let local = Local::new(self, sub);
        detect(&local, options)
    }
}

pub(crate) fn detect(local: &Local, options: &CommunityOptions) -> Communities {
    let n = local.len();
    let mut level = Level::from_local(local);
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let mut rng = SplitMix(options.seed);
    // Levels shrink the graph; the bound only guards against a level that does not.
    for _ in 0..32 {
        let Some((assignment, count)) = level.move_nodes(options.resolution, &mut rng) else {
            break;
        };
        for m in &mut membership {
            *m = assignment[*m as usize];
        }
        if count == level.len() {
            break;
        }
        level = level.fold(&assignment, count);
    }
    let membership = split_disconnected(local, &membership);
    let (membership, count) = number_by_size(&membership);
    let modularity = modularity(local, &membership, options.resolution);
    Communities {
        membership,
        count,
        modularity,
    }
}

/// One level of the Louvain hierarchy: a weighted graph whose nodes may be folded communities.
struct Level {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    /// Weight inside each node (edges folded into it), counted once.
    inside: Vec<f64>,
}

impl Level {
    fn from_local(local: &Local) -> Level {
        Level {
            offsets: local.offsets.clone(),
            targets: local.targets.clone(),
            weights: local.total.iter().map(|&w| f64::from(w)).collect(),
            inside: vec![0.0; local.len()],
        }
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// A node's weighted degree, its inside weight counted from both ends.
    fn degree(&self, v: usize) -> f64 {
        self.weights[self.offsets[v]..self.offsets[v + 1]]
            .iter()
            .sum::<f64>()
            + 2.0 * self.inside[v]
    }

    /// Local moving until no move raises modularity. `None` when nothing moved; otherwise each
    /// node's community, numbered 0..count.
    fn move_nodes(&self, resolution: f64, rng: &mut SplitMix) -> Option<(Vec<u32>, usize)> {
        let n = self.len();
        let degrees: Vec<f64> = (0..n).map(|v| self.degree(v)).collect();
        let two_m: f64 = degrees.iter().sum();
        if two_m <= 0.0 {
            return None;
        }
        let mut community: Vec<u32> = (0..n as u32).collect();
        let mut total: Vec<f64> = degrees.clone();
        let mut order: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut towards = vec![0.0f64; n];
        // `stamp[c] == visit` marks community c as already listed for the current visit.
        let mut stamp = vec![usize::MAX; n];
        let mut visit = 0usize;
        let mut touched: Vec<u32> = Vec::new();
        let mut moved_any = false;
        for _pass in 0..64 {
            let mut moved = 0usize;
            for &v in &order {
                let v = v as usize;
                let own = community[v] as usize;
                visit += 1;
                touched.clear();
                towards[own] = 0.0;
                stamp[own] = visit;
                touched.push(own as u32);
                for at in self.offsets[v]..self.offsets[v + 1] {
                    let c = community[self.targets[at] as usize] as usize;
                    if stamp[c] != visit {
                        stamp[c] = visit;
                        touched.push(c as u32);
                    }
                    towards[c] += self.weights[at];
                }
                let k = degrees[v];
                total[own] -= k;
                let gain = |c: usize| towards[c] - resolution * total[c] * k / two_m;
                let mut best = own;
                let mut best_gain = gain(own);
                for &c in &touched {
                    let c = c as usize;
                    let g = gain(c);
                    // A tie stays put, so moving stops.
                    if g > best_gain + 1e-12 {
                        best = c;
                        best_gain = g;
                    }
                }
                total[best] += k;
                if best != own {
                    community[v] = best as u32;
                    moved += 1;
                }
                for &c in &touched {
                    towards[c as usize] = 0.0;
                }
            }
            if moved == 0 {
                break;
            }
            moved_any = true;
        }
        if !moved_any {
            return None;
        }
        let mut number = vec![u32::MAX; n];
        let mut count = 0u32;
        for c in &mut community {
            if number[*c as usize] == u32::MAX {
                number[*c as usize] = count;
                count += 1;
            }
            *c = number[*c as usize];
        }
        Some((community, count as usize))
    }

    /// The graph of communities: weights between them summed, weights within them inside.
    fn fold(&self, community: &[u32], count: usize) -> Level {
        let mut inside = vec![0.0; count];
        let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
        for v in 0..self.len() {
            let cv = community[v];
            inside[cv as usize] += self.inside[v];
            for at in self.offsets[v]..self.offsets[v + 1] {
                let w = self.targets[at] as usize;
                if w < v {
                    continue;
                }
                let cw = community[w];
                if cv == cw {
                    inside[cv as usize] += self.weights[at];
                } else {
                    pairs.push((cv.min(cw), cv.max(cw), self.weights[at]));
                }
            }
        }
        pairs.sort_unstable_by_key(|p| (p.0, p.1));
        let mut folded: Vec<(u32, u32, f64)> = Vec::with_capacity(pairs.len());
        for (a, b, w) in pairs {
            match folded.last_mut() {
                Some(last) if last.0 == a && last.1 == b => last.2 += w,
                _ => folded.push((a, b, w)),
            }
        }
        let mut offsets = vec![0usize; count + 1];
        for &(a, b, _) in &folded {
            offsets[a as usize + 1] += 1;
            offsets[b as usize + 1] += 1;
        }
        for i in 0..count {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; folded.len() * 2];
        let mut weights = vec![0.0; folded.len() * 2];
        for &(a, b, w) in &folded {
            for (x, y) in [(a, b), (b, a)] {
                let at = fill[x as usize];
                targets[at] = y;
                weights[at] = w;
                fill[x as usize] += 1;
            }
        }
        Level {
            offsets,
            targets,
            weights,
            inside,
        }
    }
}

/// Each community's connected pieces become communities of their own.
fn split_disconnected(local: &Local, membership: &[u32]) -> Vec<u32> {
    let n = local.len();
    let mut piece = vec![u32::MAX; n];
    let mut next = 0u32;
    let mut queue: Vec<u32> = Vec::new();
    for start in 0..n {
        if piece[start] != u32::MAX {
            continue;
        }
        piece[start] = next;
        queue.clear();
        queue.push(start as u32);
        while let Some(v) = queue.pop() {
            let v = v as usize;
            for &w in &local.targets[local.range(v)] {
                let w = w as usize;
                if piece[w] == u32::MAX && membership[w] == membership[v] {
                    piece[w] = next;
                    queue.push(w as u32);
                }
            }
        }
        next += 1;
    }
    piece
}

/// Renumbers communities largest first (ties: the one whose first node comes first).
fn number_by_size(membership: &[u32]) -> (Vec<u32>, usize) {
    let count = membership
        .iter()
        .map(|&c| c as usize + 1)
        .max()
        .unwrap_or(0);
    let mut size = vec![0usize; count];
    let mut first = vec![usize::MAX; count];
    for (v, &c) in membership.iter().enumerate() {
        size[c as usize] += 1;
        first[c as usize] = first[c as usize].min(v);
    }
    let mut ids: Vec<usize> = (0..count).filter(|&c| size[c] > 0).collect();
    ids.sort_by(|&a, &b| size[b].cmp(&size[a]).then(first[a].cmp(&first[b])));
    let mut number = vec![0u32; count];
    for (new, &old) in ids.iter().enumerate() {
        number[old] = new as u32;
    }
    (
        membership.iter().map(|&c| number[c as usize]).collect(),
        ids.len(),
    )
}

/// Newman's modularity: the share of weight inside communities minus what random wiring with
/// the same degrees would put there.
pub(crate) fn modularity(local: &Local, membership: &[u32], resolution: f64) -> f64 {
    let count = membership
        .iter()
        .map(|&c| c as usize + 1)
        .max()
        .unwrap_or(0);
    let mut inside = vec![0.0f64; count];
    let mut degree = vec![0.0f64; count];
    let mut two_m = 0.0;
    for v in 0..local.len() {
        let c = membership[v] as usize;
        for at in local.range(v) {
            let w = f64::from(local.total[at]);
            degree[c] += w;
            two_m += w;
            if membership[local.targets[at] as usize] as usize == c {
                inside[c] += w;
            }
        }
    }
    if two_m <= 0.0 {
        return 0.0;
    }
    (0..count)
        .map(|c| inside[c] / two_m - resolution * (degree[c] / two_m).powi(2))
        .sum()
}
