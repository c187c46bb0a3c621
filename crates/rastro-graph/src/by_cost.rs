//! Brandes by cost from one source at a time with distances in 64 bits, for cores whose
//! distances do not fit the 32 bits of `cost_one.rs`. Its forward pass also bounds the
//! distances for that check (`fits_32_bits`), and `CostGraph` is what both searches read.
//!
//! Costs are whole numbers (`COST_UNIT`s), so equal sums are equal exactly and a tie is a tie.
//! Nodes are settled a bucket at a time (Dial's algorithm with wide buckets): every edge costs
//! at least the core's cheapest, so with buckets no wider than that (a power of two, so that a
//! bucket is a shift and not a division) no node can improve another of its own bucket, and
//! every node's predecessors lie in earlier buckets. The buckets in flight never span more than
//! the dearest edge, so a short ring of them suffices.
//!
//! Where costs vary, almost every node has one predecessor on the cheapest paths from a
//! source: the search notes it as it goes (and that a node has several when two paths tie), so
//! the backward pass hands each node's coefficient to that one predecessor directly and scans
//! the neighbours only of the nodes with ties. The backward pass is then one step a node
//! instead of one an edge.
//!
//! Neighbours and costs lie side by side in one array, the nodes numbered in breadth-first
//! order (`brandes.rs`), so that a node's neighbours are near each other in memory.

use crate::core_graph::Core;

/// The core's rows of (neighbour, cost) pairs, and the bucket width as a shift.
pub(crate) struct CostGraph {
    offsets: Vec<usize>,
    edges: Vec<(u32, u32)>,
    pub(crate) weight: Vec<f64>,
    pub(crate) shift: u32,
    /// Buckets in the ring: at least one more than the dearest edge spans, and one for the
    /// current, rounded up to a power of two.
    pub(crate) slots: usize,
    dearest: u32,
}

impl CostGraph {
    pub(crate) fn new(core: Core) -> CostGraph {
        let edges: Vec<(u32, u32)> = core
            .targets
            .iter()
            .copied()
            .zip(core.costs.iter().copied())
            .collect();
        let cheapest = edges.iter().map(|&(_, c)| c).min().unwrap_or(1).max(1);
        let dearest = edges.iter().map(|&(_, c)| c).max().unwrap_or(1);
        // The widest power of two not above the cheapest edge.
        let shift = u32::BITS - 1 - cheapest.leading_zeros();
        CostGraph {
            offsets: core.offsets,
            edges,
            weight: core.weight,
            shift,
            slots: ((dearest >> shift) as usize + 2).next_power_of_two(),
            dearest,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.weight.len()
    }

    pub(crate) fn row(&self, v: usize) -> &[(u32, u32)] {
        &self.edges[self.offsets[v]..self.offsets[v + 1]]
    }

    /// Whether every distance, plus any edge, fits 32 bits. Within a connected piece no two
    /// nodes are further apart than twice the distance from one of them to the farthest node
    /// (through it), so one search per piece bounds them all.
    pub(crate) fn fits_32_bits(&self) -> bool {
        let mut search = CostSearch::new(self);
        let mut covered = vec![false; self.len()];
        let mut farthest = 0u64;
        for v in 0..self.len() {
            if covered[v] {
                continue;
            }
            search.forward(self, v);
            for &w in &search.order {
                covered[w as usize] = true;
                farthest = farthest.max(search.label[w as usize].distance);
            }
            search.clear();
        }
        2 * farthest + u64::from(self.dearest) < u64::from(u32::MAX)
    }
}

/// A node whose cheapest paths from the source come through more than one neighbour.
const TIED: u32 = u32::MAX;

/// What the forward pass knows of a node, together so that relaxing an edge touches one place.
#[derive(Clone, Copy)]
struct Label {
    distance: u64,
    /// The number of cheapest paths.
    sigma: f64,
    /// The neighbour the cheapest paths come through, or `TIED`.
    predecessor: u32,
}

const UNREACHED: Label = Label {
    distance: u64::MAX,
    sigma: 0.0,
    predecessor: TIED,
};

/// One thread's arrays, reused from source to source and left clean after each.
pub(crate) struct CostSearch {
    label: Vec<Label>,
    /// One bit per node: settled. A few words, so telling settled neighbours apart stays in the
    /// nearest cache.
    settled: Vec<u64>,
    /// First the sum of the successors' coefficients handed back, then the node's own.
    acc: Vec<f64>,
    /// The nodes settled, in order of distance.
    order: Vec<u32>,
    /// The neighbours of the node being settled that are not settled yet, and the distance
    /// through it.
    open: Vec<(u32, u64)>,
    ring: Vec<Vec<u32>>,
    /// Each node's dependency summed over the sources searched.
    pub score: Vec<f64>,
}

impl CostSearch {
    pub(crate) fn new(graph: &CostGraph) -> CostSearch {
        let n = graph.len();
        let widest = (0..n).map(|v| graph.row(v).len()).max().unwrap_or(0);
        CostSearch {
            label: vec![UNREACHED; n],
            settled: vec![0; n.div_ceil(64)],
            acc: vec![0.0; n],
            order: Vec::with_capacity(n),
            open: vec![(0, 0); widest],
            ring: vec![Vec::new(); graph.slots],
            score: vec![0.0; n],
        }
    }

    /// Adds the dependencies of every node on the source `s` to `score`.
    pub(crate) fn run(&mut self, graph: &CostGraph, s: usize) {
        self.forward(graph, s);
        self.backward(graph, s);
        self.clear();
    }

    /// Leaves every array as it was before the search.
    fn clear(&mut self) {
        for &v in &self.order {
            let v = v as usize;
            self.label[v] = UNREACHED;
            self.acc[v] = 0.0;
            self.settled[v / 64] = 0;
        }
        self.order.clear();
    }

    /// Settles the nodes bucket by bucket, counting the cheapest paths to each.
    fn forward(&mut self, graph: &CostGraph, s: usize) {
        let shift = graph.shift;
        // The ring's length is a power of two: a slot is a mask, not a division.
        let slots = self.ring.len() as u64 - 1;
        let (label, settled, open) = (
            &mut self.label[..],
            &mut self.settled[..],
            &mut self.open[..],
        );
        let (order, ring) = (&mut self.order, &mut self.ring);
        label[s].distance = 0;
        label[s].sigma = 1.0;
        ring[0].push(s as u32);
        let mut pending = 1usize;
        let mut bucket = 0u64;
        while pending > 0 {
            let slot = (bucket & slots) as usize;
            let entries = std::mem::take(&mut ring[slot]);
            pending -= entries.len();
            for &v in &entries {
                let vi = v as usize;
                let (word, bit) = (vi / 64, 1u64 << (vi % 64));
                // Left behind when the node's distance improved into an earlier bucket.
                if settled[word] & bit != 0 || label[vi].distance >> shift != bucket {
                    continue;
                }
                settled[word] |= bit;
                order.push(v);
                let Label {
                    distance: d,
                    sigma: paths,
                    ..
                } = label[vi];
                // About half the neighbours are settled already and cannot improve: set apart
                // by arithmetic on the bits, without a branch or a look at their labels.
                let mut count = 0;
                for &(w, c) in graph.row(vi) {
                    let wi = w as usize;
                    open[count] = (w, d + u64::from(c));
                    count += usize::from(settled[wi / 64] & (1u64 << (wi % 64)) == 0);
                }
                for &(w, through) in &open[..count] {
                    let at = &mut label[w as usize];
                    let known = at.distance;
                    // Whether the path through v is cheaper, as cheap, or dearer is a coin toss
                    // the processor cannot learn: chosen by arithmetic, not by branches. The
                    // masks are all ones where the condition holds, else zero.
                    let (cheaper, tied) = (through < known, through == known);
                    let when_cheaper = 0u64.wrapping_sub(u64::from(cheaper));
                    let when_tied = 0u64.wrapping_sub(u64::from(tied));
                    at.distance = through.min(known);
                    let kept = f64::from_bits(at.sigma.to_bits() & !when_cheaper);
                    let added = f64::from_bits(paths.to_bits() & (when_cheaper | when_tied));
                    at.sigma = kept + added;
                    let (when_cheaper, when_tied) = (when_cheaper as u32, when_tied as u32);
                    at.predecessor = (v & when_cheaper)
                        | (TIED & when_tied)
                        | (at.predecessor & !(when_cheaper | when_tied));
                    // A node already waiting in the bucket it moves to is not queued twice.
                    if cheaper && (known == u64::MAX || known >> shift != through >> shift) {
                        ring[((through >> shift) & slots) as usize].push(w);
                        pending += 1;
                    }
                }
            }
            // The emptied bucket keeps its allocation for its next turn.
            let mut entries = entries;
            entries.clear();
            if ring[slot].is_empty() {
                ring[slot] = entries;
            }
            bucket += 1;
        }
    }

    /// From the farthest node in: each node turns what its successors handed back into its
    /// dependency and coefficient, then hands the coefficient to its predecessors.
    fn backward(&mut self, graph: &CostGraph, s: usize) {
        let source_weight = graph.weight[s];
        let (label, acc, score) = (&self.label[..], &mut self.acc[..], &mut self.score[..]);
        // The source is first in the order and has no dependency of its own on itself.
        for &w in self.order.iter().skip(1).rev() {
            let w = w as usize;
            let Label {
                distance: d,
                sigma: paths,
                predecessor: through,
            } = label[w];
            let delta = paths * acc[w];
            score[w] += source_weight * delta;
            let coef = (graph.weight[w] + delta) / paths;
            if through != TIED {
                acc[through as usize] += coef;
                continue;
            }
            // Every neighbour of a settled node was reached, so its distance is finite.
            for &(v, c) in graph.row(w) {
                if label[v as usize].distance.saturating_add(u64::from(c)) == d {
                    acc[v as usize] += coef;
                }
            }
        }
    }
}
