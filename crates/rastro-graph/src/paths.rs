//! The cheapest connecting paths between two nodes, with alternatives.
//!
//! One path is found by bidirectional Dijkstra over the edge costs of `weight.rs` (both ends
//! search outward and meet in the middle, so two people four hops apart in a million-node graph
//! are joined after exploring two small balls rather than one large one). Alternatives are
//! Yen's k shortest loopless paths on top of it: each next path leaves an earlier one at some
//! node and avoids the edges the earlier ones took from there. Parallel edges are one step: two
//! paths through the same nodes are the same path.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use crate::error::GraphError;
use crate::filter::Filter;
use crate::graph::{EdgeId, Graph, NodeId};
use crate::weight::cost;
use rastro_text::fasthash::{map_with_capacity, set_with_capacity, FastMap, FastSet};

/// How many paths to look for and how much work they may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathOptions {
    /// Paths wanted, cheapest first.
    pub k: usize,
    pub filter: Filter,
    /// Nodes all the searches together may settle before giving up with what they found; this
    /// bounds a query between two nodes that nothing connects in a large graph.
    pub max_visited: usize,
}

impl Default for PathOptions {
    fn default() -> PathOptions {
        PathOptions {
            k: 3,
            filter: Filter::all(),
            max_visited: 1_000_000,
        }
    }
}

/// One connecting path.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// From the first node asked for to the second.
    pub nodes: Vec<NodeId>,
    /// `edges[i]` joins `nodes[i]` and `nodes[i + 1]`.
    pub edges: Vec<EdgeId>,
    /// The sum of the edges' costs (`1 - ln strength` each).
    pub cost: f64,
    /// The product of the edges' strengths.
    pub strength: f64,
}

impl Path {
    pub fn hops(&self) -> usize {
        self.edges.len()
    }
}

/// The paths found, cheapest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Paths {
    pub paths: Vec<Path>,
    /// False when the work bound stopped the search: the paths given are real, but there may
    /// be others, or cheaper ones, that were not found.
    pub complete: bool,
}

impl Graph {
    /// Up to `k` cheapest loopless paths from `from` to `to` through what the filter allows
    /// (the two ends are always allowed).
    pub fn paths(
        &self,
        from: NodeId,
        to: NodeId,
        options: &PathOptions,
    ) -> Result<Paths, GraphError> {
        for node in [from, to] {
            if node.index() >= self.node_count() {
                return Err(GraphError::UnknownNode(node.0));
            }
        }
        let mut search = Search {
            graph: self,
            filter: &options.filter,
            ends: (from.0, to.0),
            budget: options.max_visited,
        };
        let none_banned = set_with_capacity(0);
        let no_pairs = set_with_capacity(0);
        let first = match search.cheapest(from.0, to.0, &none_banned, &no_pairs) {
            Outcome::Found(path) => path,
            Outcome::Unreachable => {
                return Ok(Paths {
                    paths: Vec::new(),
                    complete: true,
                })
            }
            Outcome::OutOfBudget => {
                return Ok(Paths {
                    paths: Vec::new(),
                    complete: false,
                })
            }
        };
        let mut found = vec![first];
        let mut candidates: Vec<Found> = Vec::new();
        let mut complete = true;
        'next: while found.len() < options.k.max(1) {
            let previous = found[found.len() - 1].clone();
            for i in 0..previous.nodes.len().saturating_sub(1) {
                let spur = previous.nodes[i];
                let root = &previous.nodes[..=i];
                let mut banned_pairs = set_with_capacity(found.len());
                for path in &found {
                    if path.nodes.len() > i + 1 && path.nodes[..=i] == *root {
                        banned_pairs.insert(pair(path.nodes[i], path.nodes[i + 1]));
                    }
                }
                let mut banned_nodes = set_with_capacity(i);
                banned_nodes.extend(root[..i].iter().copied());
                match search.cheapest(spur, to.0, &banned_nodes, &banned_pairs) {
                    Outcome::Found(spur_path) => {
                        let mut nodes = root[..i].to_vec();
                        nodes.extend_from_slice(&spur_path.nodes);
                        let mut edges = previous.edges[..i].to_vec();
                        edges.extend_from_slice(&spur_path.edges);
                        let root_cost: f64 = previous.edges[..i]
                            .iter()
                            .map(|&e| cost(self.edges[e as usize].strength))
                            .sum();
                        let candidate = Found {
                            nodes,
                            edges,
                            cost: root_cost + spur_path.cost,
                        };
                        let known = found
                            .iter()
                            .chain(candidates.iter())
                            .any(|p| p.nodes == candidate.nodes);
                        if !known {
                            candidates.push(candidate);
                        }
                    }
                    Outcome::Unreachable => {}
                    Outcome::OutOfBudget => {
                        complete = false;
                        break 'next;
                    }
                }
            }
            let Some(best) = candidates
                .iter()
                .enumerate()
                .min_by(|a, b| {
                    a.1.cost
                        .total_cmp(&b.1.cost)
                        .then(a.1.nodes.cmp(&b.1.nodes))
                })
                .map(|(i, _)| i)
            else {
                break;
            };
            found.push(candidates.swap_remove(best));
        }
        if !complete {
            // Paths found before the bound stopped the search are real connections, though
            // cheaper ones may exist; they are worth showing.
            candidates.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(a.nodes.cmp(&b.nodes)));
            let room = options.k.max(1).saturating_sub(found.len());
            found.extend(candidates.into_iter().take(room));
        }
        let paths = found
            .into_iter()
            .map(|p| Path {
                strength: p
                    .edges
                    .iter()
                    .map(|&e| f64::from(self.edges[e as usize].strength))
                    .product(),
                nodes: p.nodes.into_iter().map(NodeId).collect(),
                edges: p.edges.into_iter().map(EdgeId).collect(),
                cost: p.cost,
            })
            .collect();
        Ok(Paths { paths, complete })
    }
}

#[derive(Debug, Clone)]
struct Found {
    nodes: Vec<u32>,
    edges: Vec<u32>,
    cost: f64,
}

enum Outcome {
    Found(Found),
    Unreachable,
    OutOfBudget,
}

fn pair(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

/// A cost in a heap: ordered by `total_cmp`, so no NaN can break the order.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cost(f64);

impl Eq for Cost {}

impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Cost) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cost {
    fn cmp(&self, other: &Cost) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// One side of a bidirectional search: tentative costs with the step they came by.
struct Side {
    best: FastMap<u32, (f64, u32, u32)>,
    settled: FastSet<u32>,
    heap: BinaryHeap<Reverse<(Cost, u32)>>,
}

impl Side {
    fn new(start: u32) -> Side {
        let mut best = map_with_capacity(256);
        best.insert(start, (0.0, u32::MAX, u32::MAX));
        let mut heap = BinaryHeap::new();
        heap.push(Reverse((Cost(0.0), start)));
        Side {
            best,
            settled: set_with_capacity(256),
            heap,
        }
    }

    fn top(&self) -> f64 {
        self.heap
            .peek()
            .map_or(f64::INFINITY, |Reverse((c, _))| c.0)
    }

    /// The steps back from `node` to this side's start, as (node, edge) pairs.
    fn trace(&self, node: u32) -> (Vec<u32>, Vec<u32>) {
        let mut nodes = vec![node];
        let mut edges = Vec::new();
        let mut at = node;
        while let Some(&(_, previous, edge)) = self.best.get(&at) {
            if previous == u32::MAX {
                break;
            }
            nodes.push(previous);
            edges.push(edge);
            at = previous;
        }
        (nodes, edges)
    }
}

struct Search<'a> {
    graph: &'a Graph,
    filter: &'a Filter,
    /// The query's two ends, which the filter never excludes.
    ends: (u32, u32),
    budget: usize,
}

impl Search<'_> {
    fn cheapest(
        &mut self,
        source: u32,
        target: u32,
        banned_nodes: &FastSet<u32>,
        banned_pairs: &FastSet<(u32, u32)>,
    ) -> Outcome {
        if source == target {
            return Outcome::Found(Found {
                nodes: vec![source],
                edges: Vec::new(),
                cost: 0.0,
            });
        }
        let mut sides = [Side::new(source), Side::new(target)];
        let mut best_total = f64::INFINITY;
        let mut meeting: Option<u32> = None;
        loop {
            // A side with nothing left to settle has its whole component: whatever meets it has
            // met it already. Otherwise stop once no unsettled pair can beat the best meeting.
            if sides[0].top() + sides[1].top() >= best_total {
                break;
            }
            // Grow the side with the smaller frontier: the balls stay balanced.
            let this = usize::from(sides[0].heap.len() > sides[1].heap.len());
            let other = 1 - this;
            let Some(Reverse((Cost(d), node))) = sides[this].heap.pop() else {
                continue;
            };
            if sides[this].settled.contains(&node) {
                continue;
            }
            if sides[this].best.get(&node).is_some_and(|b| d > b.0) {
                continue;
            }
            if self.budget == 0 {
                return Outcome::OutOfBudget;
            }
            self.budget -= 1;
            sides[this].settled.insert(node);
            for &(next, edge) in self.graph.adjacent(node) {
                if banned_nodes.contains(&next) || banned_pairs.contains(&pair(node, next)) {
                    continue;
                }
                let is_end = next == self.ends.0 || next == self.ends.1;
                if !self.filter.edge_ok(self.graph, edge)
                    || (!is_end && !self.filter.node_ok(self.graph, next))
                {
                    continue;
                }
                let through = d + cost(self.graph.edges[edge as usize].strength);
                let improved = sides[this].best.get(&next).is_none_or(|b| through < b.0);
                if improved {
                    sides[this].best.insert(next, (through, node, edge));
                    sides[this].heap.push(Reverse((Cost(through), next)));
                }
                if let (Some(mine), Some(theirs)) =
                    (sides[this].best.get(&next), sides[other].best.get(&next))
                {
                    let total = mine.0 + theirs.0;
                    if total < best_total {
                        best_total = total;
                        meeting = Some(next);
                    }
                }
            }
        }
        let Some(meeting) = meeting else {
            return Outcome::Unreachable;
        };
        let (mut nodes, mut edges) = sides[0].trace(meeting);
        nodes.reverse();
        edges.reverse();
        let (back_nodes, back_edges) = sides[1].trace(meeting);
        nodes.extend_from_slice(&back_nodes[1..]);
        edges.extend_from_slice(&back_edges);
        Outcome::Found(Found {
            nodes,
            edges,
            cost: best_total,
        })
    }
}
