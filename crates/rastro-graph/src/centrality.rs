//! Who sits between others: degree and betweenness on a subgraph, to point at brokers.
//!
//! Betweenness is exact: the trees hanging off the subgraph are counted by arithmetic
//! (`trees.rs`) and Brandes' algorithm runs on the core that remains (`brandes.rs`:
//! breadth-first searches from 64 sources at once (`batch.rs`) or direction-optimising ones
//! from one; where costs differ, searches bucket by bucket of cost from one source at a time
//! (`cost_one.rs`, or `by_cost.rs` where distances outgrow 32 bits)), its sources split across
//! threads. For subgraphs whose core is too large for that, `samples`
//! estimates the core's part from a random set of sources (Brandes and Pich), scaled to the
//! full count.

use crate::brandes::{dependencies, Core, COST_UNIT};
use crate::error::GraphError;
use crate::graph::Graph;
use crate::rng::SplitMix;
use crate::subgraph::{Local, Subgraph};
use crate::trees::{fold_trees, Folded};
use crate::weight::cost;

/// A node's degree within a subgraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Degree {
    /// Distinct neighbours.
    pub neighbours: u32,
    /// The sum of the strengths of its edges.
    pub strength: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BetweennessOptions {
    /// Shortest by cost (`weight.rs`: strong ties are short) rather than by hops.
    pub weighted: bool,
    pub threads: usize,
    /// Estimate from this many random sources instead of all.
    pub samples: Option<usize>,
    pub seed: u64,
}

impl Default for BetweennessOptions {
    fn default() -> BetweennessOptions {
        BetweennessOptions {
            weighted: false,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            samples: None,
            seed: 1,
        }
    }
}

impl Graph {
    /// Each node's degree within the subgraph, in the subgraph's node order; parallel edges
    /// make one neighbour.
    pub fn degree_centrality(&self, sub: &Subgraph) -> Vec<Degree> {
        let local = Local::new(self, sub);
        (0..local.len())
            .map(|v| {
                let range = local.range(v);
                Degree {
                    neighbours: range.len() as u32,
                    strength: local.total[range].iter().sum(),
                }
            })
            .collect()
    }

    /// Each node's betweenness within the subgraph, in the subgraph's node order: the number
    /// of pairs of other nodes whose shortest paths run through it (a pair with several
    /// shortest paths counts the share through it), each unordered pair once.
    pub fn betweenness(
        &self,
        sub: &Subgraph,
        options: &BetweennessOptions,
    ) -> Result<Vec<f64>, GraphError> {
        let local = Local::new(self, sub);
        brandes(&local, options)
    }
}

pub(crate) fn brandes(local: &Local, options: &BetweennessOptions) -> Result<Vec<f64>, GraphError> {
    let n = local.len();
    if n < 3 {
        return Ok(vec![0.0; n]);
    }
    let folded = fold_trees(local);
    let core = core_of(local, &folded, options.weighted);
    let core_n = folded.core.len();
    let mut sources: Vec<u32> = (0..core_n as u32).collect();
    let mut scale = 1.0;
    if let Some(k) = options.samples.filter(|&k| k > 0 && k < core_n) {
        let mut rng = SplitMix(options.seed);
        for i in 0..k {
            let j = i + (rng.next() % (core_n - i) as u64) as usize;
            sources.swap(i, j);
        }
        sources.truncate(k);
        scale = core_n as f64 / k as f64;
    }
    let through_core = dependencies(&core, &sources, options.threads)?;
    let mut total = folded.score;
    for (c, &v) in folded.core.iter().enumerate() {
        total[v as usize] += scale * through_core[c];
    }
    // Every unordered pair was counted from both of its ends.
    for t in &mut total {
        *t /= 2.0;
    }
    Ok(total)
}

/// The core left by folding, renumbered, with its edges' costs when asked for.
fn core_of(local: &Local, folded: &Folded, weighted: bool) -> Core {
    let mut position = vec![u32::MAX; local.len()];
    for (c, &v) in folded.core.iter().enumerate() {
        position[v as usize] = c as u32;
    }
    let mut offsets = Vec::with_capacity(folded.core.len() + 1);
    let mut targets = Vec::new();
    let mut costs = Vec::new();
    offsets.push(0);
    for &v in &folded.core {
        for at in local.range(v as usize) {
            let p = position[local.targets[at] as usize];
            if p != u32::MAX {
                targets.push(p);
                if weighted {
                    // At most about 709 units (the cost of the weakest strength an f64 holds),
                    // 7.1e8 millionths: well within 32 bits. Never below one unit.
                    let millionths = (cost(local.strongest[at]) * COST_UNIT).round() as u32;
                    costs.push(millionths.max(1));
                }
            }
        }
        offsets.push(targets.len());
    }
    // Where every edge costs the same, the cheapest paths are the shortest by hops, and the
    // breadth-first searches find them (`brandes.rs` counts hops when there are no costs).
    if costs.windows(2).all(|pair| pair[0] == pair[1]) {
        costs.clear();
    }
    Core {
        offsets,
        targets,
        costs,
        weight: folded
            .core
            .iter()
            .map(|&v| folded.weight[v as usize])
            .collect(),
    }
}
