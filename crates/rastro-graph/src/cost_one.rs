//! Brandes by cost from one source at a time, with distances in 32 bits (which the caller
//! makes sure every distance plus an edge fits: `CostGraph::fits_32_bits`), for the cores
//! whose edges cost different amounts. Larger distances take `by_cost.rs`.
//!
//! Nodes are settled a bucket of distances at a time, as in `by_cost.rs` (buckets no wider
//! than the cheapest edge, so nothing settled in a bucket can improve or tie anything settled
//! in it). Settling a node relaxes its edges, and three in four of them lead nowhere: at least
//! half go back to nodes settled already, and more to nodes reached more cheaply. Testing each
//! edge with a branch the processor cannot learn was where the time went, so each bucket is
//! worked in two steps:
//!
//! 1. every node settled in the bucket compares, eight edges at a time, the distance through
//!    it with each neighbour's distance so far, and keeps the edges that could improve or tie
//!    (`through <= known`) in a list, without a branch per edge. The distances read may be
//!    lowered by another node of the same bucket before step 2, which only makes the list
//!    longer than needed, never shorter: an edge left out could not have helped;
//! 2. the edges kept are relaxed one by one, each checked again against the distance then.
//!
//! Each node's edges lie in blocks of eight neighbours and their eight costs, one cache line a
//! block (`Rows`), so that one read brings both. With AVX2 step 1 is a gather and a compare of
//! eight lanes; without, the same arithmetic a lane at a time.
//!
//! Step 1 lists, for each edge kept, the neighbour, the distance through the settled node and
//! that node, so that step 2 is one loop over the bucket's edges kept (most settled nodes keep
//! one or two, and a loop per node cost more than the edges). A bucket's entries are kept or
//! dropped without a branch too.
//!
//! Per node the search keeps the distance in an array of its own (four bytes a node, so that
//! step 1's reads stay in the nearest cache) and the rest together in a `Label`: the number of
//! cheapest paths (`sigma`), the predecessor they come through or `TIED` when several, the
//! coefficient (`acc`) and the node's weight. The backward pass hands each node's coefficient
//! to its predecessor, and scans the neighbours only of the nodes with ties.

use crate::by_cost::CostGraph;

/// A node whose cheapest paths from the source come through more than one neighbour.
const TIED: u32 = u32::MAX;

/// How many settled nodes ahead step 1 asks for rows.
const AHEAD: usize = 8;

/// Edges looked at together.
const LANES: usize = 8;

/// Eight neighbours, then the costs of the edges to them: one cache line.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Block([u32; 2 * LANES]);

/// The core's rows of edges in blocks, shared by the threads.
pub(crate) struct Rows {
    blocks: Vec<Block>,
    /// Node `v`'s blocks are `first[v]..first[v + 1]`; its last block's lanes past `degree[v]`
    /// are filler, never read as edges.
    first: Vec<u32>,
    degree: Vec<u32>,
}

impl Rows {
    pub(crate) fn new(graph: &CostGraph) -> Rows {
        let n = graph.len();
        let mut blocks = Vec::new();
        let mut first = Vec::with_capacity(n + 1);
        let mut degree = Vec::with_capacity(n);
        first.push(0);
        for v in 0..n {
            let row = graph.row(v);
            for chunk in row.chunks(LANES) {
                let mut block = Block([0; 2 * LANES]);
                for (lane, &(w, c)) in chunk.iter().enumerate() {
                    block.0[lane] = w;
                    block.0[LANES + lane] = c;
                }
                blocks.push(block);
            }
            first.push(blocks.len() as u32);
            degree.push(row.len() as u32);
        }
        Rows {
            blocks,
            first,
            degree,
        }
    }

    /// Node `v`'s edges as (neighbour, cost).
    fn edges(&self, v: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        let blocks = &self.blocks[self.first[v] as usize..self.first[v + 1] as usize];
        blocks
            .iter()
            .flat_map(|b| (0..LANES).map(move |lane| (b.0[lane], b.0[LANES + lane])))
            .take(self.degree[v] as usize)
    }
}

/// What the search keeps of a node besides its distance, together so that relaxing an edge
/// to it, or handing it a coefficient, reads one cache line and not three.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Label {
    /// The number of cheapest paths.
    sigma: f64,
    /// First the sum of the successors' coefficients handed back, then the node's own.
    acc: f64,
    /// How many nodes of the subgraph it stands for.
    weight: f64,
    /// The neighbour the cheapest paths come through, or `TIED`.
    predecessor: u32,
}

/// One thread's arrays, reused from source to source and left clean after each.
pub(crate) struct OneSearch {
    dist: Vec<u32>,
    /// The rest of what the search keeps of each node, together.
    label: Vec<Label>,
    /// The nodes settled, in order of distance: the first `settled`, and room for one more
    /// written and not kept.
    order: Vec<u32>,
    settled: usize,
    ring: Vec<Vec<u32>>,
    /// Step 1's list of edges that may improve or tie: the neighbour, the distance through
    /// the node settled, and that node.
    open: Vec<u32>,
    through: Vec<u32>,
    from: Vec<u32>,
    /// For each mask of eight lanes, the lanes set, first: what packs a block's kept edges to
    /// the front.
    #[cfg(target_arch = "x86_64")]
    pack: Vec<[u32; LANES]>,
    avx2: bool,
    /// Each node's dependency summed over the sources searched.
    pub score: Vec<f64>,
}

impl OneSearch {
    pub(crate) fn new(graph: &CostGraph, rows: &Rows, lanes: bool) -> OneSearch {
        let n = graph.len();
        OneSearch {
            dist: vec![u32::MAX; n],
            label: graph
                .weight
                .iter()
                .map(|&weight| Label {
                    sigma: 0.0,
                    acc: 0.0,
                    weight,
                    predecessor: TIED,
                })
                .collect(),
            order: vec![0; n + 1],
            settled: 0,
            ring: vec![Vec::new(); graph.slots],
            // Grown as buckets need (`make_room`).
            open: Vec::new(),
            through: Vec::new(),
            from: Vec::new(),
            #[cfg(target_arch = "x86_64")]
            pack: (0..256u32)
                .map(|mask| {
                    let mut lanes = [0u32; LANES];
                    let mut kept = 0;
                    for lane in 0..LANES as u32 {
                        if mask & (1 << lane) != 0 {
                            lanes[kept] = lane;
                            kept += 1;
                        }
                    }
                    lanes
                })
                .collect(),
            avx2: lanes && avx2_usable(rows, n),
            score: vec![0.0; n],
        }
    }

    /// Adds the dependencies of every node on the source `s` to `score`.
    pub(crate) fn run(&mut self, graph: &CostGraph, rows: &Rows, s: usize) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only where the processor has AVX2 and every neighbour in
            // the blocks is a node (`avx2_usable`).
            unsafe { self.forward_avx2(graph, rows, s) };
            self.backward(graph, rows, s);
            return;
        }
        self.forward(graph, rows, s, |search, v, d, filled| {
            search.keep_scalar(rows, v, d, filled)
        });
        self.backward(graph, rows, s);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn forward_avx2(&mut self, graph: &CostGraph, rows: &Rows, s: usize) {
        self.forward(graph, rows, s, |search, v, d, filled| {
            // SAFETY: this runs only inside `forward_avx2`, which the caller enters only with
            // AVX2 and every neighbour a node.
            unsafe { search.keep_avx2(rows, v, d, filled) }
        });
    }

    /// Makes step 1's lists at least `len` long: a whole block's eight lanes are written
    /// whatever number of them is kept, and the lists hold a bucket's edges, not the core's.
    fn make_room(&mut self, len: usize) {
        if self.open.len() < len {
            let len = len.max(2 * self.open.len());
            self.open.resize(len, 0);
            self.through.resize(len, 0);
            self.from.resize(len, 0);
        }
    }

    /// Step 1 a lane at a time: lists node `v`'s edges from distance `d` that may improve or
    /// tie, from `filled` on; returns where the list ends.
    fn keep_scalar(&mut self, rows: &Rows, v: usize, d: u32, mut filled: usize) -> usize {
        let (dist, open, through, from) = (
            &self.dist,
            &mut self.open,
            &mut self.through,
            &mut self.from,
        );
        let first = rows.first[v] as usize;
        let mut left = rows.degree[v] as usize;
        for block in &rows.blocks[first..rows.first[v + 1] as usize] {
            for lane in 0..left.min(LANES) {
                let (w, c) = (block.0[lane], block.0[LANES + lane]);
                open[filled] = w;
                through[filled] = d + c;
                from[filled] = v as u32;
                filled += usize::from(d + c <= dist[w as usize]);
            }
            left = left.saturating_sub(LANES);
        }
        filled
    }

    /// Step 1 eight lanes at a time, as `keep_scalar`.
    ///
    /// # Safety
    /// The processor has AVX2, and every neighbour in `rows` is below `self.dist.len()`.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn keep_avx2(&mut self, rows: &Rows, v: usize, d: u32, mut filled: usize) -> usize {
        use std::arch::x86_64::*;
        let lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        let base = _mm256_set1_epi32(d as i32);
        let settled = _mm256_set1_epi32(v as i32);
        let mut left = rows.degree[v] as i32;
        let blocks = &rows.blocks[rows.first[v] as usize..rows.first[v + 1] as usize];
        for block in blocks {
            // All ones in the lanes that hold an edge.
            let live = _mm256_cmpgt_epi32(_mm256_set1_epi32(left), lanes);
            let words = block.0.as_ptr() as *const __m256i;
            // SAFETY: a block is 64 bytes aligned to 64: two aligned loads of 32.
            let (targets, costs) =
                unsafe { (_mm256_load_si256(words), _mm256_load_si256(words.add(1))) };
            // SAFETY: the live lanes hold nodes, each below `dist.len()`; the others are not
            // read.
            let known = unsafe {
                _mm256_mask_i32gather_epi32::<4>(
                    _mm256_setzero_si256(),
                    self.dist.as_ptr() as *const i32,
                    targets,
                    live,
                )
            };
            let through = _mm256_add_epi32(base, costs);
            // Unsigned `through <= known`: the larger of the two is `known`.
            let kept = _mm256_and_si256(
                live,
                _mm256_cmpeq_epi32(_mm256_max_epu32(through, known), known),
            );
            let mask = _mm256_movemask_ps(_mm256_castsi256_ps(kept)) as usize;
            // `make_room` made room before the node; checked once here for all three lists,
            // which it keeps the same length.
            assert!(filled + LANES <= self.open.len());
            // SAFETY: eight lanes of four bytes from `filled` lie in each list (just checked),
            // and `pack[mask]` is eight lanes; all read or written unaligned.
            unsafe {
                let order = _mm256_loadu_si256(self.pack[mask].as_ptr() as *const __m256i);
                let to = self.open.as_mut_ptr().add(filled) as *mut __m256i;
                _mm256_storeu_si256(to, _mm256_permutevar8x32_epi32(targets, order));
                let to = self.through.as_mut_ptr().add(filled) as *mut __m256i;
                _mm256_storeu_si256(to, _mm256_permutevar8x32_epi32(through, order));
                let to = self.from.as_mut_ptr().add(filled) as *mut __m256i;
                _mm256_storeu_si256(to, settled);
            }
            filled += mask.count_ones() as usize;
            left -= LANES as i32;
        }
        filled
    }

    /// Settles the nodes bucket by bucket, counting the cheapest paths to each; `keep` is
    /// step 1 for one node.
    #[inline(always)]
    fn forward(
        &mut self,
        graph: &CostGraph,
        rows: &Rows,
        s: usize,
        mut keep: impl FnMut(&mut OneSearch, usize, u32, usize) -> usize,
    ) {
        let shift = graph.shift;
        // The ring's length is a power of two: a slot is a mask, not a division.
        let slots = self.ring.len() as u32 - 1;
        self.dist[s] = 0;
        self.label[s].sigma = 1.0;
        self.ring[0].push(s as u32);
        let mut pending = 1usize;
        let mut bucket = 0u32;
        while pending > 0 {
            let slot = (bucket & slots) as usize;
            let mut entries = std::mem::take(&mut self.ring[slot]);
            pending -= entries.len();
            // Without a branch: each entry is written, and kept unless its node's distance
            // improved into an earlier bucket since (a coin toss to the processor).
            let first = self.settled;
            for &v in &entries {
                self.order[self.settled] = v;
                self.settled += usize::from(self.dist[v as usize] >> shift == bucket);
            }
            // The emptied bucket keeps its allocation for its next turn.
            entries.clear();
            if self.ring[slot].is_empty() {
                self.ring[slot] = entries;
            }
            // Step 1.
            let mut filled = 0;
            for k in first..self.settled {
                let v = self.order[k] as usize;
                // The rows of nodes a few places on are asked for now, so that they have
                // come when their turn does.
                #[cfg(target_arch = "x86_64")]
                if let Some(&ahead) = self.order[..self.settled].get(k + AHEAD) {
                    let block = rows.first[ahead as usize] as usize;
                    if let Some(block) = rows.blocks.get(block) {
                        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                        // SAFETY: a prefetch reads nothing the program sees, and the address
                        // is a block's.
                        unsafe { _mm_prefetch::<_MM_HINT_T0>(block.0.as_ptr() as *const i8) };
                    }
                }
                let d = self.dist[v];
                self.make_room(filled + LANES * (rows.first[v + 1] - rows.first[v]) as usize);
                filled = keep(self, v, d, filled);
            }
            // Step 2.
            let (dist, label, ring) = (&mut self.dist[..], &mut self.label[..], &mut self.ring);
            let kept = self.open[..filled].iter().zip(&self.through[..filled]);
            for ((&w, &through), &v) in kept.zip(&self.from[..filled]) {
                let wi = w as usize;
                let known = dist[wi];
                if through < known {
                    dist[wi] = through;
                    label[wi].sigma = label[v as usize].sigma;
                    label[wi].predecessor = v;
                    // Into the bucket `through` falls in, unless waiting there already.
                    if known >> shift != through >> shift {
                        ring[((through >> shift) & slots) as usize].push(w);
                        pending += 1;
                    }
                } else if through == known {
                    label[wi].sigma += label[v as usize].sigma;
                    label[wi].predecessor = TIED;
                }
            }
            bucket += 1;
        }
    }

    /// From the farthest node in: each node turns what its successors handed back into its
    /// dependency and coefficient, then hands the coefficient to its predecessors; and leaves
    /// the arrays clean for the next source (`sigma` and `predecessor` are written whenever a
    /// node is first reached, so need no clearing).
    fn backward(&mut self, graph: &CostGraph, rows: &Rows, s: usize) {
        let source_weight = graph.weight[s];
        let (dist, label, score) = (&mut self.dist[..], &mut self.label[..], &mut self.score[..]);
        // The source is first in the order and has no dependency of its own on itself.
        for &w in self.order[1..self.settled].iter().rev() {
            let w = w as usize;
            let at = &mut label[w];
            let paths = at.sigma;
            let delta = paths * std::mem::take(&mut at.acc);
            score[w] += source_weight * delta;
            let coef = (at.weight + delta) / paths;
            let through = at.predecessor;
            // Nothing reads it again: its predecessors are nearer and not cleared yet, and a
            // cleared node, farther, saturates below and ties with nothing.
            let d = std::mem::replace(&mut dist[w], u32::MAX);
            if through != TIED {
                label[through as usize].acc += coef;
                continue;
            }
            for (v, c) in rows.edges(w) {
                if dist[v as usize].saturating_add(c) == d {
                    label[v as usize].acc += coef;
                }
            }
        }
        dist[s] = u32::MAX;
        label[s].acc = 0.0;
        self.settled = 0;
    }
}

/// Whether step 1 may run eight lanes at a time: the processor has AVX2, and every neighbour
/// the gathers read at is a node (so no read falls outside the distances).
fn avx2_usable(rows: &Rows, n: usize) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
            && (0..n).all(|v| rows.edges(v).all(|(w, _)| (w as usize) < n))
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = (rows, n);
        false
    }
}
