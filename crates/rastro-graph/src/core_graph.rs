//! The graph the betweenness searches walk (`brandes.rs` one source at a time, `batch.rs` 64 at
//! a time): the core of a subgraph as compact rows of neighbours, numbered 0..n.

/// The graph Brandes runs on, numbered 0..n.
pub(crate) struct Core {
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    /// Each half-edge's cost in `COST_UNIT`s; empty to count hops.
    pub costs: Vec<u64>,
    /// How many nodes of the subgraph each core node stands for.
    pub weight: Vec<f64>,
    /// The cheapest half-edge's cost (at least one unit), and how many times it the dearest
    /// one's is, rounded up: the bucket width and ring span of the search by costs.
    pub width: u64,
    pub spread: u64,
}

impl Core {
    pub(crate) fn len(&self) -> usize {
        self.weight.len()
    }

    pub(crate) fn range(&self, v: usize) -> std::ops::Range<usize> {
        self.offsets[v]..self.offsets[v + 1]
    }
}
