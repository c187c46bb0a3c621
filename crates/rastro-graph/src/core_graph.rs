//! The graph the betweenness searches walk (`brandes.rs` one source at a time, `batch.rs` 64 at
//! a time, `by_cost.rs` by cost): the core of a subgraph as compact rows of neighbours, numbered 0..n.

/// The graph Brandes runs on, numbered 0..n.
pub(crate) struct Core {
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    /// Each half-edge's cost in millionths (`COST_UNIT`), at least one; empty to count hops.
    pub costs: Vec<u32>,
    /// How many nodes of the subgraph each core node stands for.
    pub weight: Vec<f64>,
}

impl Core {
    pub(crate) fn len(&self) -> usize {
        self.weight.len()
    }

    pub(crate) fn range(&self, v: usize) -> std::ops::Range<usize> {
        self.offsets[v]..self.offsets[v + 1]
    }
}
