//! Brandes' algorithm on the core of a subgraph: one shortest-path search per source, then a
//! backward pass that hands each node its share of the pairs whose shortest paths run through
//! it. Each core node stands for itself and the trees folded into it (`trees.rs`), so a pair
//! of core nodes counts for the product of their weights.

use crate::error::GraphError;

/// The graph Brandes runs on, numbered 0..n.
pub(crate) struct Core {
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    /// Each half-edge's cost in `COST_UNIT`s; empty to count hops.
    pub costs: Vec<u64>,
    /// How many nodes of the subgraph each core node stands for.
    pub weight: Vec<f64>,
}

impl Core {
    fn len(&self) -> usize {
        self.weight.len()
    }

    fn range(&self, v: usize) -> std::ops::Range<usize> {
        self.offsets[v]..self.offsets[v + 1]
    }
}

/// Costs in millionths, so that sums are exact and equal paths tie exactly.
pub(crate) const COST_UNIT: f64 = 1_000_000.0;

/// Each core node's dependency summed over `sources` (ordered pairs, weighted), the sources
/// split across `threads`.
pub(crate) fn dependencies(
    core: &Core,
    sources: &[u32],
    threads: usize,
) -> Result<Vec<f64>, GraphError> {
    let n = core.len();
    let threads = threads.clamp(1, sources.len().max(1));
    let partial: Vec<Result<Vec<f64>, GraphError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let mine: Vec<u32> = sources.iter().copied().skip(t).step_by(threads).collect();
                scope.spawn(move || {
                    let mut work = Work::new(n);
                    for s in mine {
                        if core.costs.is_empty() {
                            work.count_from_hops(core, s as usize);
                        } else {
                            work.count_from_costs(core, s as usize);
                        }
                    }
                    work.score
                })
            })
            .collect();
        // A worker that panicked fails the answer rather than leaving its sources out.
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| GraphError::Worker))
            .collect()
    });
    let mut total = vec![0.0; n];
    for part in partial {
        for (t, p) in total.iter_mut().zip(part?) {
            *t += p;
        }
    }
    Ok(total)
}

/// One thread's arrays, reused from source to source.
struct Work {
    score: Vec<f64>,
    sigma: Vec<f64>,
    delta: Vec<f64>,
    hops: Vec<i32>,
    distance: Vec<u64>,
    order: Vec<u32>,
    /// The shortest-path DAG of the current source as (node, predecessor) steps, in the order
    /// found; walked backwards, every node's successors come before it.
    steps: Vec<(u32, u32)>,
    heap: RadixHeap,
}

impl Work {
    fn new(n: usize) -> Work {
        Work {
            score: vec![0.0; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            hops: vec![-1; n],
            distance: vec![u64::MAX; n],
            order: Vec::with_capacity(n),
            steps: Vec::with_capacity(n),
            heap: RadixHeap::default(),
        }
    }

    /// Breadth-first from `s`, then the dependencies handed back along the DAG's steps.
    fn count_from_hops(&mut self, core: &Core, s: usize) {
        // Borrowing the arrays apart lets the loop keep them in registers: through `self`,
        // every push could have moved them.
        let (hops, sigma) = (&mut self.hops[..], &mut self.sigma[..]);
        let (order, steps) = (&mut self.order, &mut self.steps);
        order.clear();
        steps.clear();
        order.push(s as u32);
        hops[s] = 0;
        sigma[s] = 1.0;
        let mut head = 0;
        while let Some(&v) = order.get(head) {
            head += 1;
            let (next, paths) = (hops[v as usize] + 1, sigma[v as usize]);
            for &w in &core.targets[core.range(v as usize)] {
                let wi = w as usize;
                let known = hops[wi];
                if known < 0 {
                    hops[wi] = next;
                    sigma[wi] = paths;
                    order.push(w);
                    steps.push((w, v));
                } else if known == next {
                    sigma[wi] += paths;
                    steps.push((w, v));
                }
            }
        }
        self.hand_back(core, s);
        for &v in &self.order {
            self.hops[v as usize] = -1;
        }
    }

    /// Dijkstra from `s` over whole-number costs (so equal sums are equal exactly), then the
    /// dependencies handed back along the DAG's steps.
    fn count_from_costs(&mut self, core: &Core, s: usize) {
        self.order.clear();
        self.steps.clear();
        self.heap.clear();
        self.distance[s] = 0;
        self.sigma[s] = 1.0;
        self.heap.push(0, s as u32);
        let mut touched: Vec<u32> = vec![s as u32];
        while let Some((d, v)) = self.heap.pop() {
            let v = v as usize;
            // `hops` marks settled nodes here.
            if self.hops[v] >= 0 || d > self.distance[v] {
                continue;
            }
            self.hops[v] = 0;
            self.order.push(v as u32);
            for at in core.range(v) {
                let w = core.targets[at] as usize;
                if self.hops[w] >= 0 {
                    continue;
                }
                let through = d + core.costs[at];
                let known = self.distance[w];
                if known == u64::MAX {
                    touched.push(w as u32);
                }
                if through < known {
                    self.distance[w] = through;
                    self.sigma[w] = self.sigma[v];
                    self.heap.push(through, w as u32);
                } else if through == known {
                    self.sigma[w] += self.sigma[v];
                }
            }
        }
        // Predecessors are known once every distance is final: a neighbour exactly one edge's
        // cost nearer. Listed in settling order, so walked backwards successors come first.
        for &w in &self.order {
            let wi = w as usize;
            for at in core.range(wi) {
                let v = core.targets[at];
                let dv = self.distance[v as usize];
                if dv != u64::MAX && dv + core.costs[at] == self.distance[wi] {
                    self.steps.push((w, v));
                }
            }
        }
        self.hand_back(core, s);
        for &v in &touched {
            let v = v as usize;
            self.hops[v] = -1;
            self.distance[v] = u64::MAX;
            self.sigma[v] = 0.0;
        }
    }

    /// Brandes' backward pass: each node hands its predecessors their share of the pairs its
    /// own shortest paths serve; then the scores take the dependencies and the arrays reset.
    fn hand_back(&mut self, core: &Core, s: usize) {
        let (delta, sigma, score) = (
            &mut self.delta[..],
            &mut self.sigma[..],
            &mut self.score[..],
        );
        for &(w, v) in self.steps.iter().rev() {
            let (w, v) = (w as usize, v as usize);
            delta[v] += sigma[v] / sigma[w] * (core.weight[w] + delta[w]);
        }
        let source_weight = core.weight[s];
        for &w in &self.order {
            let w = w as usize;
            if w != s {
                score[w] += source_weight * delta[w];
            }
            delta[w] = 0.0;
            sigma[w] = 0.0;
        }
    }
}

/// A monotone priority queue for whole-number keys (a radix heap): an item sits in the bucket
/// of the highest bit in which its key differs from the last key taken, and a bucket is spread
/// over the lower ones only when it is the first non-empty one. An item moves at most 64
/// times, so a pop costs O(1) amortised, without a binary heap's comparisons.
struct RadixHeap {
    buckets: [Vec<(u64, u32)>; 65],
    last: u64,
    len: usize,
}

impl Default for RadixHeap {
    fn default() -> RadixHeap {
        RadixHeap {
            buckets: std::array::from_fn(|_| Vec::new()),
            last: 0,
            len: 0,
        }
    }
}

impl RadixHeap {
    fn clear(&mut self) {
        for bucket in &mut self.buckets {
            bucket.clear();
        }
        self.last = 0;
        self.len = 0;
    }

    fn bucket(&self, key: u64) -> usize {
        (64 - (key ^ self.last).leading_zeros()) as usize
    }

    /// A key below the last one taken is taken as that one (Dijkstra's keys never are).
    fn push(&mut self, key: u64, item: u32) {
        let key = key.max(self.last);
        let b = self.bucket(key);
        self.buckets[b].push((key, item));
        self.len += 1;
    }

    fn pop(&mut self) -> Option<(u64, u32)> {
        if self.len == 0 {
            return None;
        }
        if self.buckets[0].is_empty() {
            let first = self.buckets.iter().position(|b| !b.is_empty())?;
            let mut moving = std::mem::take(&mut self.buckets[first]);
            self.last = moving.iter().map(|&(k, _)| k).min().unwrap_or(self.last);
            for &(key, item) in &moving {
                let b = self.bucket(key);
                self.buckets[b].push((key, item));
            }
            // Every item moved to a lower bucket; give the emptied one its allocation back.
            moving.clear();
            self.buckets[first] = moving;
        }
        self.len -= 1;
        self.buckets[0].pop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix;

    #[test]
    fn the_radix_heap_gives_keys_back_in_order() {
        let mut rng = SplitMix(7);
        let mut heap = RadixHeap::default();
        let mut last = 0u64;
        let mut pending = 0;
        // Dijkstra's pattern: pops interleaved with pushes no smaller than the last pop.
        for round in 0..2_000u32 {
            for _ in 0..3 {
                heap.push(last + rng.next() % 5_000_000, round);
                pending += 1;
            }
            if let Some((key, _)) = heap.pop() {
                assert!(key >= last);
                last = key;
                pending -= 1;
            }
        }
        while let Some((key, _)) = heap.pop() {
            assert!(key >= last);
            last = key;
            pending -= 1;
        }
        assert_eq!(pending, 0);
    }
}
