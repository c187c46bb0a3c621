//! The ego network: what lies within k hops of a node, closest and strongest first.

use crate::error::GraphError;
use crate::filter::Filter;
use crate::graph::{Graph, NodeId};
use crate::subgraph::{induced_edges, Subgraph};
use rastro_text::fasthash::map_with_capacity;

/// How far an ego network reaches and how much of it is kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EgoOptions {
    pub hops: u32,
    /// The most nodes returned, centre included. When the cap cuts, nearer nodes come before
    /// farther ones and, at the same distance, stronger before weaker (the strength of a
    /// node's strongest path from the centre), so a phone shared by hundreds does not crowd out
    /// the account two people share.
    pub cap: usize,
    pub filter: Filter,
}

impl Default for EgoOptions {
    fn default() -> EgoOptions {
        EgoOptions {
            hops: 2,
            cap: 500,
            filter: Filter::all(),
        }
    }
}

impl Graph {
    /// The nodes within `hops` of `centre` that the filter allows (the centre always), at most
    /// `cap` of them, with every allowed edge among them.
    ///
    /// Hop by hop: the candidates one hop beyond the kept nodes are ranked by the strength of
    /// their strongest path from the centre, and as many are kept as the cap leaves room for;
    /// the next hop starts from those only. The work is the sum of the kept nodes' degrees, so
    /// a cap bounds it even around values shared by thousands.
    pub fn ego(&self, centre: NodeId, options: &EgoOptions) -> Result<Subgraph, GraphError> {
        if centre.index() >= self.node_count() {
            return Err(GraphError::UnknownNode(centre.0));
        }
        let cap = options.cap.max(1);
        let filter = &options.filter;
        let mut index = map_with_capacity::<u32, u32>(cap.min(1 << 16));
        let mut nodes = vec![centre];
        let mut hops = vec![0u32];
        let mut reach = vec![1.0f32];
        index.insert(centre.0, 0);
        let mut truncated = false;
        let mut frontier = 0..1usize;
        let mut candidates = map_with_capacity::<u32, f32>(256);
        for depth in 1..=options.hops {
            candidates.clear();
            for position in frontier.clone() {
                let (node, strength) = (nodes[position].0, reach[position]);
                for &(other, edge) in self.adjacent(node) {
                    if index.contains_key(&other) {
                        continue;
                    }
                    if !filter.edge_ok(self, edge) || !filter.node_ok(self, other) {
                        continue;
                    }
                    let through = strength * self.edges[edge as usize].strength;
                    let best = candidates.entry(other).or_insert(0.0);
                    if through > *best {
                        *best = through;
                    }
                }
            }
            if candidates.is_empty() {
                break;
            }
            let mut ranked: Vec<(u32, f32)> = candidates.iter().map(|(&n, &s)| (n, s)).collect();
            let room = cap.saturating_sub(nodes.len());
            if ranked.len() > room {
                truncated = true;
                // Only the best `room` need ordering; the rest are cut.
                ranked.select_nth_unstable_by(room, rank);
                ranked.truncate(room);
            }
            ranked.sort_unstable_by(rank);
            let start = nodes.len();
            for (node, strength) in ranked {
                index.insert(node, nodes.len() as u32);
                nodes.push(NodeId(node));
                hops.push(depth);
                reach.push(strength);
            }
            frontier = start..nodes.len();
        }
        let edges = induced_edges(self, &nodes, &index, filter);
        Ok(Subgraph::assemble(
            nodes,
            Some(hops),
            Some(reach),
            edges,
            truncated,
        ))
    }
}

/// Stronger first; equal strengths by node number, so answers do not depend on hashing.
fn rank(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}
