//! Brandes' algorithm by hops for up to 64 sources at once (after Then et al., "The More the
//! Merrier: Efficient Multi-Source Graph Traversal", 2014): each node keeps one bit per source
//! of the batch, so one walk over a level's nodes and their edges finds the next level for every
//! source of the batch together, and only the sources whose shortest-path DAG holds an edge do
//! arithmetic on it. A node appears in a level once however many sources reach it there.
//!
//! Sources close together in the graph reach a node at nearly the same distance, so a node sits
//! in few levels of a batch; the caller batches sources in breadth-first order for that.
//!
//! Per node and source the batch keeps the number of shortest paths (`sigma`) and one more
//! number that is first the sum of the successors' coefficients handed back, then the node's
//! own coefficient `(weight + delta) / sigma` (`acc`): a row of 1 KiB per node, both halves of
//! a node side by side for the backward pass, indexed by a bit's place so that no index is
//! checked. Cores whose rows exceed the memory budget use the one-source search of `brandes.rs`.

use crate::core_graph::Core;

/// The sources searched together: one bit each in a node's masks.
pub(crate) const WIDTH: usize = 64;

/// A node's numbers for each source of the batch.
#[derive(Clone)]
struct Row {
    sigma: [f64; WIDTH],
    acc: [f64; WIDTH],
}

const ZERO: Row = Row {
    sigma: [0.0; WIDTH],
    acc: [0.0; WIDTH],
};

/// The bytes of rows a batch needs for `n` nodes.
pub(crate) fn bytes_for(n: usize) -> usize {
    n.saturating_mul(std::mem::size_of::<Row>())
}

/// One thread's arrays, reused from batch to batch and left zeroed after each.
pub(crate) struct Batch {
    /// Per node: the sources that have reached it, and those that reached it on the level
    /// being found.
    seen: Vec<u64>,
    next: Vec<u64>,
    /// The nodes whose `next` is not empty, in the order found.
    touched: Vec<u32>,
    /// Per node, in the backward pass: the sources for which it lies on the level below.
    below: Vec<u64>,
    /// Every level's (node, sources) entries, level after level; `starts[d]` is where level
    /// `d` begins.
    entries: Vec<(u32, u64)>,
    starts: Vec<usize>,
    rows: Vec<Row>,
    /// Each node's dependency summed over the sources of every batch run.
    pub score: Vec<f64>,
}

impl Batch {
    pub fn new(n: usize) -> Batch {
        Batch {
            seen: vec![0; n],
            next: vec![0; n],
            touched: Vec::new(),
            below: vec![0; n],
            entries: Vec::new(),
            starts: Vec::new(),
            rows: vec![ZERO; n],
            score: vec![0.0; n],
        }
    }

    /// Adds the dependencies from `sources` (at most `WIDTH`) to `score`.
    pub fn run(&mut self, core: &Core, sources: &[u32]) {
        let sources = &sources[..sources.len().min(WIDTH)];
        let mut source_weight = [0.0f64; WIDTH];
        self.entries.clear();
        self.starts.clear();
        self.starts.push(0);
        for (i, &s) in sources.iter().enumerate() {
            let (s, bit) = (s as usize, 1u64 << i);
            source_weight[i] = core.weight[s];
            self.rows[s].sigma[i] = 1.0;
            if self.seen[s] == 0 {
                self.entries.push((s as u32, bit));
            } else if let Some(entry) = self.entries.iter_mut().find(|e| e.0 as usize == s) {
                // A source given twice counts twice, as it would in two batches.
                entry.1 |= bit;
            }
            self.seen[s] |= bit;
        }
        self.starts.push(self.entries.len());
        self.forward(core);
        self.backward(core, &source_weight);
        // Leave every array as it was found: only what this batch reached was written.
        for &(v, mask) in &self.entries {
            self.seen[v as usize] = 0;
            let row = &mut self.rows[v as usize];
            for_bits(mask, |s| {
                row.sigma[s] = 0.0;
                row.acc[s] = 0.0;
            });
        }
    }

    /// Level after level: each node of a level hands, for each source it lies on the level of,
    /// its paths to the neighbours that source has not reached yet.
    fn forward(&mut self, core: &Core) {
        let mut d = 0;
        loop {
            let (first, end) = (self.starts[d], self.starts[d + 1]);
            if first == end {
                break;
            }
            for e in first..end {
                let (v, from) = self.entries[e];
                let v = v as usize;
                for &w in &core.targets[core.range(v)] {
                    let w = w as usize;
                    let new = from & !self.seen[w];
                    if new == 0 {
                        continue;
                    }
                    if self.next[w] == 0 {
                        self.touched.push(w as u32);
                    }
                    self.next[w] |= new;
                    let (v_row, w_row) = pair(&mut self.rows, v, w);
                    for_bits(new, |s| w_row.sigma[s] += v_row.sigma[s]);
                }
            }
            for &w in &self.touched {
                let found = std::mem::take(&mut self.next[w as usize]);
                self.seen[w as usize] |= found;
                self.entries.push((w, found));
            }
            self.touched.clear();
            self.starts.push(self.entries.len());
            d += 1;
        }
    }

    /// From the farthest level in: each node turns what its successors handed back into its
    /// dependency and coefficient, then hands the coefficient to its predecessors, the
    /// neighbours on the level below for the same source.
    fn backward(&mut self, core: &Core, source_weight: &[f64; WIDTH]) {
        // Levels 1 ..= last; the last entry of `starts` closes an empty level.
        let levels = self.starts.len() - 2;
        for d in (1..levels).rev() {
            let (first, end) = (self.starts[d], self.starts[d + 1]);
            let below_first = self.starts[d - 1];
            for e in below_first..first {
                let (v, mask) = self.entries[e];
                self.below[v as usize] = mask;
            }
            for e in first..end {
                let (w, on) = self.entries[e];
                let w = w as usize;
                let weight = core.weight[w];
                let row = &mut self.rows[w];
                let mut added = 0.0;
                for_bits(on, |s| {
                    let paths = row.sigma[s];
                    let delta = paths * row.acc[s];
                    added += source_weight[s] * delta;
                    row.acc[s] = (weight + delta) / paths;
                });
                self.score[w] += added;
                for &v in &core.targets[core.range(w)] {
                    let v = v as usize;
                    let shared = on & self.below[v];
                    if shared == 0 {
                        continue;
                    }
                    let (w_row, v_row) = pair(&mut self.rows, w, v);
                    for_bits(shared, |s| v_row.acc[s] += w_row.acc[s]);
                }
            }
            for e in below_first..first {
                self.below[self.entries[e].0 as usize] = 0;
            }
        }
    }
}

/// The rows of two different nodes, the first to read and the second to write.
#[inline(always)]
pub(crate) fn pair<T>(rows: &mut [T], read: usize, write: usize) -> (&T, &mut T) {
    if read < write {
        let (low, high) = rows.split_at_mut(write);
        (&low[read], &mut high[0])
    } else {
        let (low, high) = rows.split_at_mut(read);
        (&high[0], &mut low[write])
    }
}

/// Calls `f` with the place of each set bit of `mask`, lowest first; places are below `WIDTH`.
#[inline(always)]
pub(crate) fn for_bits(mut mask: u64, mut f: impl FnMut(usize)) {
    while mask != 0 {
        f(mask.trailing_zeros() as usize & (WIDTH - 1));
        mask &= mask - 1;
    }
}
