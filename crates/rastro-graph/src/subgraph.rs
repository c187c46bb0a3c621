//! A part of the graph that a page shows and that the analyses (centrality, communities,
//! layout) run on, and its compact form for those analyses.

use crate::filter::Filter;
use crate::graph::{EdgeId, Graph, NodeId};
use rastro_text::fasthash::{map_with_capacity, FastMap};

/// Nodes and the edges among them. An ego network also says, per node, how many hops from the
/// centre it is and the strength of its strongest path there.
#[derive(Debug, Clone, Default)]
pub struct Subgraph {
    nodes: Vec<NodeId>,
    hops: Vec<u32>,
    reach: Vec<f32>,
    edges: Vec<EdgeId>,
    truncated: bool,
    index: FastMap<u32, u32>,
}

impl Subgraph {
    /// The whole graph (for exports; analyses of a whole large graph are slow).
    pub fn whole(graph: &Graph) -> Subgraph {
        let nodes = (0..graph.node_count() as u32).map(NodeId).collect();
        let edges = (0..graph.edge_count() as u32).map(EdgeId).collect();
        Subgraph::assemble(nodes, None, None, edges, false)
    }

    /// These nodes (those the graph has, each once, in the order given) with every edge among
    /// them that the filter allows.
    pub fn of_nodes(
        graph: &Graph,
        nodes: impl IntoIterator<Item = NodeId>,
        filter: &Filter,
    ) -> Subgraph {
        let mut seen = map_with_capacity::<u32, u32>(64);
        let mut kept = Vec::new();
        for node in nodes {
            if node.index() < graph.node_count() && !seen.contains_key(&node.0) {
                seen.insert(node.0, kept.len() as u32);
                kept.push(node);
            }
        }
        let edges = induced_edges(graph, &kept, &seen, filter);
        Subgraph::assemble(kept, None, None, edges, false)
    }

    pub(crate) fn assemble(
        nodes: Vec<NodeId>,
        hops: Option<Vec<u32>>,
        reach: Option<Vec<f32>>,
        edges: Vec<EdgeId>,
        truncated: bool,
    ) -> Subgraph {
        let mut index = map_with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            index.insert(node.0, i as u32);
        }
        let n = nodes.len();
        Subgraph {
            hops: hops.unwrap_or_else(|| vec![0; n]),
            reach: reach.unwrap_or_else(|| vec![1.0; n]),
            nodes,
            edges,
            truncated,
            index,
        }
    }

    pub fn nodes(&self) -> &[NodeId] {
        &self.nodes
    }

    pub fn edges(&self) -> &[EdgeId] {
        &self.edges
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Whether a cap left nodes out.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// Where a node is in [`Subgraph::nodes`] (and in every per-node answer about this
    /// subgraph).
    pub fn position(&self, node: NodeId) -> Option<usize> {
        self.index.get(&node.0).map(|&i| i as usize)
    }

    pub fn contains(&self, node: NodeId) -> bool {
        self.index.contains_key(&node.0)
    }

    /// Hops from the ego network's centre, per node (0 outside ego networks).
    pub fn hops(&self) -> &[u32] {
        &self.hops
    }

    /// Strength of each node's strongest path from the centre, the product of its edges'
    /// strengths (1 outside ego networks).
    pub fn reach(&self) -> &[f32] {
        &self.reach
    }
}

/// Every edge the filter allows between two nodes of `nodes`, each once.
pub(crate) fn induced_edges(
    graph: &Graph,
    nodes: &[NodeId],
    index: &FastMap<u32, u32>,
    filter: &Filter,
) -> Vec<EdgeId> {
    let mut edges = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        for &(other, edge) in graph.adjacent(node.0) {
            // Each edge is listed at both ends; keep it at the end listed first.
            match index.get(&other) {
                Some(&j) if (j as usize) > i && filter.edge_ok(graph, edge) => {
                    edges.push(EdgeId(edge));
                }
                _ => {}
            }
        }
    }
    edges.sort_unstable();
    edges
}

/// A subgraph renumbered 0..n with parallel edges folded into one, for the analyses.
#[derive(Debug, Clone)]
pub(crate) struct Local {
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    /// The strongest of the parallel edges: the one a path would take.
    pub strongest: Vec<f32>,
    /// The sum of the parallel edges' strengths: more assertions, a closer tie.
    pub total: Vec<f32>,
}

impl Local {
    pub fn new(graph: &Graph, sub: &Subgraph) -> Local {
        let n = sub.len();
        let mut pairs: Vec<(u32, u32, f32)> = Vec::with_capacity(sub.edges.len());
        for edge in &sub.edges {
            let Some(data) = graph.edges.get(edge.index()) else {
                continue;
            };
            let (Some(&a), Some(&b)) = (sub.index.get(&data.from), sub.index.get(&data.to)) else {
                continue;
            };
            if a != b {
                pairs.push((a.min(b), a.max(b), data.strength));
            }
        }
        pairs.sort_unstable_by_key(|p| (p.0, p.1));
        let mut folded: Vec<(u32, u32, f32, f32)> = Vec::with_capacity(pairs.len());
        for (a, b, s) in pairs {
            match folded.last_mut() {
                Some(last) if last.0 == a && last.1 == b => {
                    last.2 = last.2.max(s);
                    last.3 += s;
                }
                _ => folded.push((a, b, s, s)),
            }
        }
        let mut offsets = vec![0usize; n + 1];
        for &(a, b, ..) in &folded {
            offsets[a as usize + 1] += 1;
            offsets[b as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let half = folded.len() * 2;
        let mut targets = vec![0u32; half];
        let mut strongest = vec![0f32; half];
        let mut total = vec![0f32; half];
        for &(a, b, s, t) in &folded {
            for (x, y) in [(a, b), (b, a)] {
                let at = fill[x as usize];
                targets[at] = y;
                strongest[at] = s;
                total[at] = t;
                fill[x as usize] += 1;
            }
        }
        Local {
            offsets,
            targets,
            strongest,
            total,
        }
    }

    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn range(&self, node: usize) -> std::ops::Range<usize> {
        self.offsets[node]..self.offsets[node + 1]
    }
}
