//! Brandes' algorithm on the core of a subgraph: one shortest-path search per source, then a
//! backward pass that hands each node its share of the pairs whose shortest paths run through
//! it. Each core node stands for itself and the trees folded into it (`trees.rs`), so a pair
//! of core nodes counts for the product of their weights.
//!
//! By hops, a core whose batches' rows fit `BATCH_BYTES` is searched from 64 sources at a time
//! (`batch.rs`), the sources taken in breadth-first order and the nodes numbered so, the
//! batches dealt to the threads in turn; larger cores one source at a time, as follows. By
//! cost, every core is searched one source at a time, the nodes numbered in breadth-first
//! order, the threads taking sources from one counter: in 32 bits (`cost_one.rs`) where the
//! distances fit, else in 64 (`by_cost.rs`).
//! Searches by hops go breadth-first a level at a time and, at each level, in whichever
//! direction touches fewer edges (Beamer's direction-optimising search): top-down from the
//! frontier while it is small, bottom-up from the unvisited nodes once the frontier holds most
//! of the edges, a node then summing the paths of its frontier neighbours. Either way each edge
//! of the shortest-path DAG is listed once, in a row per node, so the backward pass reads
//! lists instead of scanning neighbours and divides once per node, never per edge. Which nodes
//! are reached, in the frontier or just found are bits, a few words that stay in the nearest
//! cache. Searches by cost settle nodes a bucket of about the cheapest edge's width at a time
//! (Dial's algorithm with wide buckets), which whole-number costs allow without a heap.

use crate::batch::{self, Batch};
use crate::by_cost::{CostGraph, CostSearch};
pub(crate) use crate::core_graph::Core;
use crate::cost_one::{OneSearch, Rows};
use crate::error::GraphError;

/// The connected pieces of the core: which each node is in, each piece's nodes, and the
/// degrees, so that a search knows how many edges its unvisited nodes hold.
struct Components {
    of: Vec<u32>,
    degree: Vec<u32>,
    degree_sum: Vec<u64>,
    starts: Vec<u32>,
    nodes: Vec<u32>,
}

impl Components {
    fn of(core: &Core) -> Components {
        let n = core.len();
        let degree: Vec<u32> = (0..n).map(|v| core.range(v).len() as u32).collect();
        let mut of = vec![u32::MAX; n];
        let mut starts = vec![0u32];
        let mut nodes = Vec::with_capacity(n);
        let mut degree_sum = Vec::new();
        for root in 0..n {
            if of[root] != u32::MAX {
                continue;
            }
            let id = degree_sum.len() as u32;
            let first = nodes.len();
            of[root] = id;
            nodes.push(root as u32);
            let mut at = first;
            while at < nodes.len() {
                let v = nodes[at] as usize;
                at += 1;
                for &w in &core.targets[core.range(v)] {
                    if of[w as usize] == u32::MAX {
                        of[w as usize] = id;
                        nodes.push(w);
                    }
                }
            }
            degree_sum.push(
                nodes[first..]
                    .iter()
                    .map(|&v| u64::from(degree[v as usize]))
                    .sum(),
            );
            starts.push(nodes.len() as u32);
        }
        Components {
            of,
            degree,
            degree_sum,
            starts,
            nodes,
        }
    }

    fn members(&self, part: usize) -> &[u32] {
        &self.nodes[self.starts[part] as usize..self.starts[part + 1] as usize]
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
    if !core.costs.is_empty() {
        return by_cost(core, sources, threads);
    }
    // Each thread searching batches holds rows of 1 KiB a node: as many threads as the budget
    // allows, and one source at a time when not even one fits.
    let batch_threads = threads.min(BATCH_BYTES / batch::bytes_for(n).max(1));
    if batch_threads > 0 {
        return by_hops_in_batches(core, sources, batch_threads);
    }
    by_hops_one_at_a_time(core, sources, threads)
}

/// Runs `work(t)` for t in `0..threads`, each on a thread of its own, and sums the scores they
/// return.
fn summed_over_threads(
    n: usize,
    threads: usize,
    work: impl Fn(usize) -> Vec<f64> + Sync,
) -> Result<Vec<f64>, GraphError> {
    let work = &work;
    let partial: Vec<Result<Vec<f64>, GraphError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|t| scope.spawn(move || work(t))).collect();
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

/// Dependencies by hops with one search per source, for a core too large for a thread's batch.
fn by_hops_one_at_a_time(
    core: &Core,
    sources: &[u32],
    threads: usize,
) -> Result<Vec<f64>, GraphError> {
    let threads = threads.clamp(1, sources.len().max(1));
    let parts = &Components::of(core);
    summed_over_threads(core.len(), threads, |t| {
        let mut work = Work::new(core.len());
        for &s in sources.iter().skip(t).step_by(threads) {
            work.count_from_hops(core, parts, s as usize);
        }
        work.score
    })
}

/// Dependencies by cost on the core numbered in breadth-first order (so that a node's
/// neighbours lie near it in memory), one search per source: with distances in 32 bits
/// (`cost_one.rs`) where one search per piece shows they fit, else in 64 (`by_cost.rs`).
fn by_cost(core: &Core, sources: &[u32], threads: usize) -> Result<Vec<f64>, GraphError> {
    by_cost_searches(core, sources, threads, true, true)
}

/// `by_cost`, with the 32-bit search allowed or not, and its eight lanes at a time or not
/// (so that tests can run each search).
fn by_cost_searches(
    core: &Core,
    sources: &[u32],
    threads: usize,
    narrow: bool,
    lanes: bool,
) -> Result<Vec<f64>, GraphError> {
    let n = core.len();
    let rank = breadth_first_rank(core);
    let graph = &CostGraph::new(renumbered(core, &rank));
    let ranked: Vec<u32> = sources.iter().map(|&s| rank[s as usize]).collect();
    let threads = threads.clamp(1, ranked.len().max(1));
    // The threads take sources in turns of a few, from one counter, so that none waits idle
    // while another still has many.
    let next = &std::sync::atomic::AtomicUsize::new(0);
    let turns = |work: &mut dyn FnMut(usize)| loop {
        let start = next.fetch_add(TURN, std::sync::atomic::Ordering::Relaxed);
        if start >= ranked.len() {
            break;
        }
        for &s in &ranked[start..(start + TURN).min(ranked.len())] {
            work(s as usize);
        }
    };
    // Network costs (a few units an edge, in millionths) leave room in 32 bits for paths of
    // hundreds of edges.
    let total = if narrow && graph.fits_32_bits() {
        let rows = &Rows::new(graph);
        summed_over_threads(n, threads, |_| {
            let mut search = OneSearch::new(graph, rows, lanes);
            turns(&mut |s| search.run(graph, rows, s));
            search.score
        })?
    } else {
        summed_over_threads(n, threads, |_| {
            let mut search = CostSearch::new(graph);
            turns(&mut |s| search.run(graph, s));
            search.score
        })?
    };
    Ok(rank.iter().map(|&r| total[r as usize]).collect())
}

/// Sources a thread takes at a time.
const TURN: usize = 16;

/// Memory all threads' batches by hops may take together for their rows (1 KiB a node and
/// thread: cores of up to 262,144 nodes on one thread, 10,000 nodes on up to 26).
const BATCH_BYTES: usize = 256 << 20;

/// Dependencies by hops: sources in breadth-first order, cut into batches searched together
/// (`batch.rs`), the batches dealt to the threads in turn.
fn by_hops_in_batches(
    core: &Core,
    sources: &[u32],
    threads: usize,
) -> Result<Vec<f64>, GraphError> {
    let n = core.len();
    let rank = breadth_first_rank(core);
    // Numbered in that order, the nodes a batch's level holds lie near each other in memory.
    let core = &renumbered(core, &rank);
    let mut ordered: Vec<u32> = sources.iter().map(|&s| rank[s as usize]).collect();
    ordered.sort_unstable();
    let batches: Vec<&[u32]> = ordered.chunks(batch::WIDTH).collect();
    let threads = threads.clamp(1, batches.len().max(1));
    let total = summed_over_threads(n, threads, |t| {
        let mut batch = Batch::new(n);
        for sources in batches.iter().skip(t).step_by(threads) {
            batch.run(core, sources);
        }
        batch.score
    })?;
    Ok(rank.iter().map(|&r| total[r as usize]).collect())
}

/// The core with node `v` numbered `rank[v]` (a permutation).
fn renumbered(core: &Core, rank: &[u32]) -> Core {
    let n = core.len();
    let mut by_rank = vec![0u32; n];
    for (v, &r) in rank.iter().enumerate() {
        by_rank[r as usize] = v as u32;
    }
    let mut offsets = Vec::with_capacity(n + 1);
    let mut targets = Vec::with_capacity(core.targets.len());
    let mut costs = Vec::with_capacity(core.costs.len());
    offsets.push(0);
    for &v in &by_rank {
        let range = core.range(v as usize);
        targets.extend(
            core.targets[range.clone()]
                .iter()
                .map(|&w| rank[w as usize]),
        );
        if !core.costs.is_empty() {
            costs.extend_from_slice(&core.costs[range]);
        }
        offsets.push(targets.len());
    }
    Core {
        offsets,
        targets,
        costs,
        weight: by_rank.iter().map(|&v| core.weight[v as usize]).collect(),
    }
}

/// Each node's place in a breadth-first walk of the core, piece after piece: nodes near in
/// the walk are near in the graph, so a batch of them reaches each node at few distances.
fn breadth_first_rank(core: &Core) -> Vec<u32> {
    let n = core.len();
    let mut rank = vec![u32::MAX; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for root in 0..n {
        if rank[root] != u32::MAX {
            continue;
        }
        rank[root] = order.len() as u32;
        order.push(root as u32);
        let mut at = order.len() - 1;
        while at < order.len() {
            let v = order[at] as usize;
            at += 1;
            for &w in &core.targets[core.range(v)] {
                if rank[w as usize] == u32::MAX {
                    rank[w as usize] = order.len() as u32;
                    order.push(w);
                }
            }
        }
    }
    rank
}

/// One thread's arrays for searches by hops, reused from source to source. Per node: its
/// number of shortest paths and its coefficient in the backward pass, reset after each source
/// by walking the nodes the source reached.
struct Work {
    score: Vec<f64>,
    sigma: Vec<f64>,
    coef: Vec<f64>,
    /// The sum of its successors' coefficients handed back so far.
    pulled: Vec<f64>,
    /// The shortest-path DAG's edges as lists: a node scanned top-down lists its successors,
    /// one found bottom-up its predecessors; `spans` holds, by place in `order`, where each
    /// node's two lists lie in `lists`.
    lists: Vec<u32>,
    spans: Vec<((u32, u32), (u32, u32))>,
    /// Where each level's nodes begin in `order`, and whether it was scanned top-down.
    levels: Vec<(u32, bool)>,
    /// The source's piece's nodes not reached yet, while the search goes bottom-up.
    pool: Vec<u32>,
    /// One bit per node: reached, in the frontier, found for the next level.
    reached: Vec<u64>,
    frontier: Vec<u64>,
    fresh: Vec<u64>,
    /// The nodes reached, in an order where every node comes after all its predecessors on
    /// shortest paths: the order found by breadth, or bucket after bucket by distance.
    order: Vec<u32>,
}

impl Work {
    fn new(n: usize) -> Work {
        Work {
            score: vec![0.0; n],
            sigma: vec![0.0; n],
            coef: vec![0.0; n],
            pulled: vec![0.0; n],
            lists: Vec::with_capacity(n),
            spans: vec![((0, 0), (0, 0)); n + 1],
            levels: Vec::new(),
            pool: Vec::new(),
            reached: vec![0; n.div_ceil(64)],
            frontier: vec![0; n.div_ceil(64)],
            fresh: vec![0; n.div_ceil(64)],
            order: Vec::with_capacity(n),
        }
    }

    /// Breadth-first from `s`, counting shortest paths, then the dependencies handed back a
    /// level at a time.
    fn count_from_hops(&mut self, core: &Core, parts: &Components, s: usize) {
        let (sigma, order) = (&mut self.sigma[..], &mut self.order);
        let (lists, spans, levels, pool) = (
            &mut self.lists,
            &mut self.spans[..],
            &mut self.levels,
            &mut self.pool,
        );
        // Which nodes are reached, in the frontier, and found for the level after it: bits,
        // a few words where levels would be many lines, so the searches' tests stay in the
        // nearest cache.
        let (reached, frontier, fresh) = (
            &mut self.reached[..],
            &mut self.frontier[..],
            &mut self.fresh[..],
        );
        reached.fill(0);
        frontier.fill(0);
        fresh.fill(0);
        let bit = |v: usize| (v / 64, 1u64 << (v % 64));
        order.clear();
        levels.clear();
        // Written one past the last entry whether or not it is kept (the length moves only
        // when it is), so it holds one slot more than the DAG can have edges.
        if lists.len() <= core.targets.len() {
            lists.resize(core.targets.len() + 1, 0);
        }
        let mut listed = 0usize;
        order.push(s as u32);
        sigma[s] = 1.0;
        let (word, mask) = bit(s);
        reached[word] |= mask;
        frontier[word] |= mask;
        let part = parts.of[s] as usize;
        let mut unvisited_degree = parts.degree_sum[part] - u64::from(parts.degree[s]);
        let mut pooled = false;
        let mut first = 0usize;
        let mut frontier_degree = u64::from(parts.degree[s]);
        while first < order.len() {
            let end = order.len();
            let top_down = frontier_degree <= unvisited_degree;
            let unvisited_before = unvisited_degree;
            levels.push((first as u32, top_down));
            if top_down {
                // The frontier's edges are fewer than the unvisited nodes': each frontier node
                // lists its successors, in a row.
                for at in first..end {
                    let v = order[at] as usize;
                    let paths = sigma[v];
                    let start = listed as u32;
                    for &w in &core.targets[core.range(v)] {
                        let wi = w as usize;
                        let (word, mask) = bit(wi);
                        if reached[word] & mask == 0 {
                            reached[word] |= mask;
                            fresh[word] |= mask;
                            sigma[wi] = paths;
                            lists[listed] = w;
                            listed += 1;
                            order.push(w);
                            unvisited_degree -= u64::from(parts.degree[wi]);
                        } else if fresh[word] & mask != 0 {
                            sigma[wi] += paths;
                            lists[listed] = w;
                            listed += 1;
                        }
                    }
                    spans[at].0 = (start, listed as u32);
                }
            } else {
                // Fewer edges among the unvisited: each unvisited node of the source's piece
                // sums the paths of its neighbours in the frontier and lists them, in a row.
                let unreached = |u: &u32| {
                    let (word, mask) = bit(*u as usize);
                    reached[word] & mask == 0
                };
                if pooled {
                    pool.retain(unreached);
                } else {
                    pool.clear();
                    pool.extend(parts.members(part).iter().copied().filter(unreached));
                    pooled = true;
                }
                for &u in pool.iter() {
                    let ui = u as usize;
                    let start = listed;
                    let mut paths = 0.0;
                    // Whether a neighbour is in the frontier is a coin toss: decided by
                    // arithmetic rather than a branch.
                    for &x in &core.targets[core.range(ui)] {
                        let xi = x as usize;
                        let (word, mask) = bit(xi);
                        let hit = frontier[word] & mask != 0;
                        let counted = sigma[xi];
                        paths += if hit { counted } else { 0.0 };
                        lists[listed] = x;
                        listed += usize::from(hit);
                    }
                    if paths > 0.0 {
                        sigma[ui] = paths;
                        let (word, mask) = bit(ui);
                        reached[word] |= mask;
                        fresh[word] |= mask;
                        spans[order.len()].1 = (start as u32, listed as u32);
                        order.push(u);
                        unvisited_degree -= u64::from(parts.degree[ui]);
                    } else {
                        listed = start;
                    }
                }
            }
            // The level found becomes the frontier.
            frontier.copy_from_slice(fresh);
            fresh.fill(0);
            frontier_degree = unvisited_before - unvisited_degree;
            first = end;
        }
        levels.push((order.len() as u32, true));
        // From the farthest level in, every successor is finished before its predecessors. A
        // level scanned top-down pulls its successors' coefficients from its own lists; below
        // a level found bottom-up, that level's nodes hand theirs to the predecessors they
        // listed. One division per node, none per step.
        let (pulled, coef, score) = (
            &mut self.pulled[..],
            &mut self.coef[..],
            &mut self.score[..],
        );
        let source_weight = core.weight[s];
        for d in (1..levels.len() - 1).rev() {
            let (from, top_down) = levels[d];
            let (to, _) = levels[d + 1];
            if !top_down {
                let after = levels.get(d + 2).map_or(to, |&(end, _)| end);
                for q in to..after {
                    let w = order[q as usize] as usize;
                    let (a, b) = spans[q as usize].1;
                    for &v in &lists[a as usize..b as usize] {
                        pulled[v as usize] += coef[w];
                    }
                }
            }
            for p in from..to {
                let v = order[p as usize] as usize;
                let mut acc = pulled[v];
                if top_down {
                    let (a, b) = spans[p as usize].0;
                    for &x in &lists[a as usize..b as usize] {
                        acc += coef[x as usize];
                    }
                }
                let paths = sigma[v];
                let delta = paths * acc;
                score[v] += source_weight * delta;
                coef[v] = (core.weight[v] + delta) / paths;
                // Nothing reads them again for this source: reset while at hand.
                pulled[v] = 0.0;
                sigma[v] = 0.0;
            }
        }
        sigma[s] = 0.0;
        pulled[s] = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix;

    /// A random core of `pieces` pieces, each a random graph of `per` nodes and about three
    /// links a node, with costs of one to four units and node weights of one to three.
    fn random_core(pieces: usize, per: usize, costs: bool, rng: &mut SplitMix) -> Core {
        let n = pieces * per;
        let mut adjacent: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        for piece in 0..pieces {
            let base = piece * per;
            for i in 0..per {
                for _ in 0..3 {
                    let j = (rng.next() % per as u64) as usize;
                    let (a, b) = (base + i, base + j);
                    if a != b && !adjacent[a].iter().any(|&(t, _)| t as usize == b) {
                        let cost = (1 + rng.next() % 4) as u32 * 1_000_000;
                        adjacent[a].push((b as u32, cost));
                        adjacent[b].push((a as u32, cost));
                    }
                }
            }
        }
        let mut offsets = vec![0];
        let (mut targets, mut all_costs) = (Vec::new(), Vec::new());
        for list in &adjacent {
            for &(t, c) in list {
                targets.push(t);
                all_costs.push(c);
            }
            offsets.push(targets.len());
        }
        if !costs {
            all_costs.clear();
        }
        Core {
            offsets,
            targets,
            costs: all_costs,
            weight: (0..n).map(|_| (1 + rng.next() % 3) as f64).collect(),
        }
    }

    /// Brandes as written in his paper: a binary heap, predecessor lists, a stack.
    fn textbook(core: &Core) -> Vec<f64> {
        let all: Vec<u32> = (0..core.len() as u32).collect();
        textbook_from(core, &all)
    }

    fn textbook_from(core: &Core, sources: &[u32]) -> Vec<f64> {
        use std::cmp::Reverse;
        let n = core.len();
        let mut score = vec![0.0; n];
        for s in sources.iter().map(|&s| s as usize) {
            let mut distance = vec![u64::MAX; n];
            let mut sigma = vec![0.0f64; n];
            let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
            let mut settled = vec![false; n];
            let mut stack = Vec::new();
            let mut heap = std::collections::BinaryHeap::new();
            distance[s] = 0;
            sigma[s] = 1.0;
            heap.push(Reverse((0u64, s)));
            while let Some(Reverse((d, v))) = heap.pop() {
                if settled[v] || d > distance[v] {
                    continue;
                }
                settled[v] = true;
                stack.push(v);
                for at in core.range(v) {
                    let w = core.targets[at] as usize;
                    let step = core.costs.get(at).map_or(1, |&c| u64::from(c));
                    let through = d + step;
                    if through < distance[w] {
                        distance[w] = through;
                        sigma[w] = sigma[v];
                        predecessors[w] = vec![v];
                        heap.push(Reverse((through, w)));
                    } else if through == distance[w] {
                        sigma[w] += sigma[v];
                        predecessors[w].push(v);
                    }
                }
            }
            let mut delta = vec![0.0; n];
            while let Some(w) = stack.pop() {
                for &v in &predecessors[w] {
                    delta[v] += sigma[v] / sigma[w] * (core.weight[w] + delta[w]);
                }
                if w != s {
                    score[w] += core.weight[s] * delta[w];
                }
            }
        }
        score
    }

    #[test]
    fn every_search_gives_the_textbook_answer() {
        let mut rng = SplitMix(11);
        for round in 0..4 {
            for costs in [false, true] {
                // Pieces large enough that the breadth-first search turns bottom-up in the
                // middle levels, and several of them.
                let core = random_core(1 + round % 3, 150 + 50 * round, costs, &mut rng);
                let want = textbook(&core);
                let sources: Vec<u32> = (0..core.len() as u32).collect();
                for threads in [1, 2] {
                    // The search chosen, and the other: by hops one source at a time (what
                    // large cores take), by cost in 64 bits (what long distances take).
                    let got = dependencies(&core, &sources, threads).unwrap();
                    let single = if costs {
                        by_cost_searches(&core, &sources, threads, false, false).unwrap()
                    } else {
                        by_hops_one_at_a_time(&core, &sources, threads).unwrap()
                    };
                    for (v, (g, w)) in single.iter().zip(&want).enumerate() {
                        assert!(
                            (g - w).abs() <= 1e-9 * w.abs().max(1.0),
                            "one at a time: round {round}, costs {costs}, node {v}: {g} against {w}"
                        );
                    }
                    for (v, (g, w)) in got.iter().zip(&want).enumerate() {
                        assert!(
                            (g - w).abs() <= 1e-9 * w.abs().max(1.0),
                            "round {round}, costs {costs}, node {v}: {g} against {w}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn batches_follow_deep_rings_and_cut_short_batches() {
        // A ring of 301 nodes with two chords: from each source, levels run 150 deep and some
        // nodes have two shortest paths. 100 sources make one full batch and one cut short.
        let mut rng = SplitMix(5);
        let n = 301usize;
        let mut adjacent: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut link = |a: usize, b: usize| {
            adjacent[a].push(b as u32);
            adjacent[b].push(a as u32);
        };
        for v in 0..n {
            link(v, (v + 1) % n);
        }
        link(0, 150);
        link(75, 225);
        let mut offsets = vec![0];
        let mut targets = Vec::new();
        for list in &adjacent {
            targets.extend_from_slice(list);
            offsets.push(targets.len());
        }
        let core = Core {
            offsets,
            targets,
            costs: Vec::new(),
            weight: (0..n).map(|_| (1 + rng.next() % 3) as f64).collect(),
        };
        let sources: Vec<u32> = (0..n as u32).filter(|v| v % 3 != 1).take(100).collect();
        let want = textbook_from(&core, &sources);
        for threads in [1, 3] {
            let got = dependencies(&core, &sources, threads).unwrap();
            for (v, (g, w)) in got.iter().zip(&want).enumerate() {
                assert!(
                    (g - w).abs() <= 1e-9 * w.abs().max(1.0),
                    "node {v}: {g} against {w}"
                );
            }
        }
    }

    /// A core from undirected edges (a, b, cost in millionths), node weights one to three.
    fn core_from(n: usize, edges: &[(usize, usize, u32)], rng: &mut SplitMix) -> Core {
        let mut adjacent: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        for &(a, b, c) in edges {
            adjacent[a].push((b as u32, c));
            adjacent[b].push((a as u32, c));
        }
        let mut offsets = vec![0];
        let (mut targets, mut costs) = (Vec::new(), Vec::new());
        for list in &adjacent {
            for &(t, c) in list {
                targets.push(t);
                costs.push(c);
            }
            offsets.push(targets.len());
        }
        Core {
            offsets,
            targets,
            costs,
            weight: (0..n).map(|_| (1 + rng.next() % 3) as f64).collect(),
        }
    }

    /// Every search by cost (in 32 bits eight lanes at a time, in 32 bits a lane at a time,
    /// in 64 bits), on one and three threads, against the textbook from the same sources.
    fn assert_searches_by_cost_agree(core: &Core, sources: &[u32], what: &str) {
        let want = textbook_from(core, sources);
        for threads in [1, 3] {
            for (narrow, lanes) in [(true, true), (true, false), (false, false)] {
                let got = by_cost_searches(core, sources, threads, narrow, lanes).unwrap();
                for (v, (g, w)) in got.iter().zip(&want).enumerate() {
                    assert!(
                        (g - w).abs() <= 1e-9 * w.abs().max(1.0),
                        "{what}, 32 bits {narrow}, lanes {lanes}, {threads} threads, node {v}: {g} against {w}"
                    );
                }
            }
        }
    }

    /// Costs as the graph gives them: one minus the log of a kind's strength times a rarity.
    fn realistic_cost(rng: &mut SplitMix) -> u32 {
        let base = [1.0f64, 0.9, 0.8, 0.6, 0.5][(rng.next() % 5) as usize];
        let holders = 1 + rng.next() % 50;
        let strength = base / (1.0 + (holders as f64).ln());
        ((1.0 - strength.ln()) * COST_UNIT).round() as u32
    }

    #[test]
    fn searches_by_cost_agree_with_the_textbook_on_realistic_costs() {
        // Costs of many values, so that almost every node has one predecessor; several
        // pieces, so that some sources reach only part of the core.
        let mut rng = SplitMix(23);
        let (pieces, per) = (3, 120);
        let mut edges = Vec::new();
        for piece in 0..pieces {
            for i in 0..per {
                for _ in 0..3 {
                    let j = (rng.next() % per as u64) as usize;
                    if i != j {
                        let cost = realistic_cost(&mut rng);
                        edges.push((piece * per + i, piece * per + j, cost));
                    }
                }
            }
        }
        let core = core_from(pieces * per, &edges, &mut rng);
        let all: Vec<u32> = (0..core.len() as u32).collect();
        assert_searches_by_cost_agree(&core, &all, "realistic costs");
    }

    #[test]
    fn searches_by_cost_count_every_tie() {
        // A grid whose rows cost two units a step and columns three: between two corners
        // every monotone path costs the same, so nodes have up to two predecessors and the
        // numbers of paths are binomial. One dearer diagonal breaks no tie.
        let mut rng = SplitMix(3);
        let (rows, columns) = (12, 15);
        let at = |r: usize, c: usize| r * columns + c;
        let mut edges = Vec::new();
        for r in 0..rows {
            for c in 0..columns {
                if c + 1 < columns {
                    edges.push((at(r, c), at(r, c + 1), 2_000_000));
                }
                if r + 1 < rows {
                    edges.push((at(r, c), at(r + 1, c), 3_000_000));
                }
            }
        }
        edges.push((at(0, 0), at(rows - 1, columns - 1), 60_000_000));
        let core = core_from(rows * columns, &edges, &mut rng);
        let all: Vec<u32> = (0..core.len() as u32).collect();
        assert_searches_by_cost_agree(&core, &all, "grid");
    }

    #[test]
    fn searches_by_cost_read_every_lane_of_long_rows() {
        // Hubs of 1 to 19 spokes on a ring, so that rows end inside a block of eight edges,
        // at its end and just past it; spokes of equal cost, so that paths through different
        // lanes of one block tie. An edge left out of step 1, or kept from a lane past the
        // row's end, changes distances or counts of paths.
        let mut rng = SplitMix(41);
        let ring = 60;
        let mut edges: Vec<(usize, usize, u32)> = (0..ring)
            .map(|v| {
                (
                    v,
                    (v + 1) % ring,
                    1_000_000 + (rng.next() % 3) as u32 * 250_000,
                )
            })
            .collect();
        for spokes in 1..20 {
            let hub = ring + spokes - 1;
            for k in 0..spokes {
                edges.push((hub, (k * 7 + spokes) % ring, 2_000_000));
            }
        }
        let core = core_from(ring + 19, &edges, &mut rng);
        let all: Vec<u32> = (0..core.len() as u32).collect();
        assert_searches_by_cost_agree(&core, &all, "hubs");
    }

    #[test]
    fn searches_by_cost_follow_deep_chains_and_sources_given_twice() {
        // A chain of 700 nodes with costs from one to fifty units: distances run far past
        // the ring of buckets, which wraps many times, and one edge spans many buckets. A
        // separate triangle is reached by none of the chain's sources. Sources are given
        // twice, some in the same batch and some in different ones.
        let mut rng = SplitMix(9);
        let n = 700;
        let mut edges: Vec<(usize, usize, u32)> = (0..n - 1)
            .map(|v| {
                let cost = if v % 97 == 0 {
                    50_000_000
                } else {
                    1_000_000 + (rng.next() % 2_000_000) as u32
                };
                (v, v + 1, cost)
            })
            .collect();
        edges.push((n, n + 1, 1_500_000));
        edges.push((n + 1, n + 2, 1_500_000));
        edges.push((n, n + 2, 3_000_000));
        let core = core_from(n + 3, &edges, &mut rng);
        let mut sources: Vec<u32> = (0..n as u32).step_by(7).collect();
        sources.extend([3, 3, 10, 500, n as u32 + 1]);
        assert_searches_by_cost_agree(&core, &sources, "chain");
    }

    #[test]
    fn searches_by_cost_fall_back_where_distances_outgrow_32_bits() {
        // A ring of 40 edges of 400 units or more: distances reach 8,000 units, 8e9
        // millionths, past 32 bits, so the batches give way to one search per source.
        let mut rng = SplitMix(31);
        let n = 40;
        let edges: Vec<(usize, usize, u32)> = (0..n)
            .map(|v| {
                (
                    v,
                    (v + 1) % n,
                    400_000_000 + (rng.next() % 3) as u32 * 50_000_000,
                )
            })
            .collect();
        let core = core_from(n, &edges, &mut rng);
        let graph = CostGraph::new(renumbered(&core, &breadth_first_rank(&core)));
        assert!(!graph.fits_32_bits());
        let all: Vec<u32> = (0..n as u32).collect();
        assert_searches_by_cost_agree(&core, &all, "dear ring");
    }
}
