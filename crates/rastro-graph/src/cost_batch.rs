//! Brandes by cost for up to 64 sources at once: `batch.rs`'s idea carried from levels of hops
//! to buckets of cost.
//!
//! Nodes are settled a bucket of distances at a time, as in `by_cost.rs` (buckets no wider than
//! the cheapest edge, so nothing in a bucket can improve anything else in it); here a bucket
//! holds, for each node, the mask of the sources that settle it there. Sources close together
//! in the graph reach a node at nearly the same cost, so a node sits in few buckets of a batch,
//! and one look at a neighbour's mask of settled sources spares the work for all the sources
//! that have settled it already. The distances differ from source to source (costs take many
//! values, and the sums of them more), so each (node, source) keeps its own distance, and only
//! those that compare equal tie.
//!
//! Per node and source the batch keeps the distance (in 32 bits, which the caller makes sure
//! every distance and every distance plus an edge fits: `CostGraph::fits_32_bits`), the
//! number of cheapest paths (`sigma`),
//! the predecessor the paths come through (or `TIED` when several) and one number that is first
//! the sum of the successors' coefficients handed back, then the node's own coefficient
//! (`acc`). With one predecessor, the backward pass hands the coefficient to it directly; with
//! ties it looks for every neighbour exactly one edge's cost nearer.

use crate::batch::{for_bits, pair};
use crate::by_cost::CostGraph;

/// The sources searched together: one bit each of the low bits of a node's masks.
pub(crate) const WIDTH: usize = 64;

/// A node whose cheapest paths from a source come through more than one neighbour.
const TIED: u32 = u32::MAX;

/// A node's numbers for each source of the batch that the forward pass uses.
#[derive(Clone)]
struct Row {
    distance: [u32; WIDTH],
    predecessor: [u32; WIDTH],
    sigma: [f64; WIDTH],
}

const UNREACHED: Row = Row {
    distance: [u32::MAX; WIDTH],
    predecessor: [TIED; WIDTH],
    sigma: [0.0; WIDTH],
};

/// The bytes of rows a batch needs for `n` nodes.
pub(crate) fn bytes_for(n: usize) -> usize {
    n.saturating_mul(std::mem::size_of::<Row>() + std::mem::size_of::<[f64; WIDTH]>())
}

/// One thread's arrays, reused from batch to batch and left clean after each.
pub(crate) struct CostBatch {
    /// Per node: the sources that have settled it.
    settled: Vec<u64>,
    /// Per slot of the ring of buckets and node: the sources whose tentative distance to the
    /// node falls in that bucket; and per slot, the nodes whose mask there is not empty.
    marks: Vec<Vec<u64>>,
    marked: Vec<Vec<u32>>,
    /// Every bucket's (node, sources settled there) entries, bucket after bucket; `starts[b]`
    /// is where bucket `b` begins.
    entries: Vec<(u32, u64)>,
    starts: Vec<usize>,
    rows: Vec<Row>,
    /// Apart, so that the forward pass's rows lie closer together.
    acc: Vec<[f64; WIDTH]>,
    /// Each node's dependency summed over the sources of every batch run.
    pub score: Vec<f64>,
}

impl CostBatch {
    pub(crate) fn new(graph: &CostGraph) -> CostBatch {
        let n = graph.len();
        CostBatch {
            settled: vec![0; n],
            marks: vec![vec![0; n]; graph.slots],
            marked: vec![Vec::new(); graph.slots],
            entries: Vec::new(),
            starts: Vec::new(),
            rows: vec![UNREACHED; n],
            acc: vec![[0.0; WIDTH]; n],
            score: vec![0.0; n],
        }
    }

    /// Adds the dependencies from `sources` (at most `WIDTH`) to `score`.
    pub(crate) fn run(&mut self, graph: &CostGraph, sources: &[u32]) {
        let sources = &sources[..sources.len().min(WIDTH)];
        let mut source_weight = [0.0f64; WIDTH];
        for (i, &s) in sources.iter().enumerate() {
            let s = s as usize;
            source_weight[i] = graph.weight[s];
            let row = &mut self.rows[s];
            row.distance[i] = 0;
            row.sigma[i] = 1.0;
            // A source given twice is two sources that happen to start at the same node.
            if self.marks[0][s] == 0 {
                self.marked[0].push(s as u32);
            }
            self.marks[0][s] |= 1 << i;
        }
        self.forward(graph);
        self.backward(graph, &source_weight);
        // Leave every array as it was found: every (node, source) reached was settled, and
        // the backward pass cleared all but the sources'.
        for &(v, _) in &self.entries {
            self.settled[v as usize] = 0;
        }
        let sources_end = self.starts.get(1).copied().unwrap_or(0);
        for &(v, mask) in &self.entries[..sources_end] {
            let (row, acc) = (&mut self.rows[v as usize], &mut self.acc[v as usize]);
            for_bits(mask, |s| {
                row.distance[s] = u32::MAX;
                row.sigma[s] = 0.0;
                acc[s] = 0.0;
            });
        }
        self.entries.clear();
        self.starts.clear();
    }

    /// Bucket after bucket: the (node, source) pairs whose distance falls in it are settled,
    /// and each relaxes its edges to the neighbours that source has not settled.
    fn forward(&mut self, graph: &CostGraph) {
        let shift = graph.shift;
        let slots = self.marks.len() as u64 - 1;
        let mut pending = self.marked[0].len();
        let mut bucket = 0u64;
        self.starts.push(0);
        while pending > 0 {
            let slot = (bucket & slots) as usize;
            let mut list = std::mem::take(&mut self.marked[slot]);
            list.sort_unstable();
            pending -= list.len();
            let first = self.entries.len();
            for &w in &list {
                let wi = w as usize;
                // A source marked here whose distance later improved into an earlier bucket
                // has settled the node already.
                let on = std::mem::take(&mut self.marks[slot][wi]) & !self.settled[wi];
                if on != 0 {
                    self.settled[wi] |= on;
                    self.entries.push((w, on));
                }
            }
            // The emptied list keeps its allocation for the slot's next turn.
            list.clear();
            if self.marked[slot].is_empty() {
                self.marked[slot] = list;
            }
            let end = self.entries.len();
            for e in first..end {
                let (v, from) = self.entries[e];
                let v = v as usize;
                for &(w, c) in graph.row(v) {
                    let w = w as usize;
                    let open = from & !self.settled[w];
                    if open == 0 {
                        continue;
                    }
                    let (v_row, w_row) = pair(&mut self.rows, v, w);
                    for_bits(open, |s| {
                        let through = v_row.distance[s] + c;
                        let known = w_row.distance[s];
                        if through < known {
                            w_row.distance[s] = through;
                            w_row.sigma[s] = v_row.sigma[s];
                            w_row.predecessor[s] = v as u32;
                            // Into the bucket `through` falls in, unless marked there already.
                            if known == u32::MAX || known >> shift != through >> shift {
                                let to = (u64::from(through >> shift) & slots) as usize;
                                let marks = &mut self.marks[to][w];
                                if *marks == 0 {
                                    self.marked[to].push(w as u32);
                                    pending += 1;
                                }
                                *marks |= 1 << s;
                            }
                        } else if through == known {
                            w_row.sigma[s] += v_row.sigma[s];
                            w_row.predecessor[s] = TIED;
                        }
                    });
                }
            }
            self.starts.push(end);
            bucket += 1;
        }
    }

    /// From the farthest bucket in: each (node, source) turns what its successors handed back
    /// into its dependency and coefficient, then hands the coefficient to its predecessors.
    fn backward(&mut self, graph: &CostGraph, source_weight: &[f64; WIDTH]) {
        // Bucket 0 holds the sources alone (every edge costs something), which have no
        // dependency of their own.
        let first = self.starts.get(1).copied().unwrap_or(0);
        for e in (first..self.entries.len()).rev() {
            let (w, on) = self.entries[e];
            let w = w as usize;
            let weight = graph.weight[w];
            let mut added = 0.0;
            for_bits(on, |s| {
                let row = &mut self.rows[w];
                let paths = row.sigma[s];
                let delta = paths * std::mem::take(&mut self.acc[w][s]);
                added += source_weight[s] * delta;
                let coef = (weight + delta) / paths;
                let (d, through) = (row.distance[s], row.predecessor[s]);
                // Nothing reads them again for this batch: a later bucket's node is nobody's
                // predecessor here, so reset while at hand.
                row.distance[s] = u32::MAX;
                row.sigma[s] = 0.0;
                row.predecessor[s] = TIED;
                if through != TIED {
                    self.acc[through as usize][s] += coef;
                    return;
                }
                // Every neighbour of a settled node was reached, so its distance is finite.
                for &(v, c) in graph.row(w) {
                    let v = v as usize;
                    if self.rows[v].distance[s].saturating_add(c) == d {
                        self.acc[v][s] += coef;
                    }
                }
            });
            self.score[w] += added;
        }
    }
}
