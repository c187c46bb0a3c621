//! Positions for drawing a subgraph, computed on the server so the page only draws.
//!
//! A force-directed layout in the manner of Fruchterman and Reingold: edges pull their ends
//! together (stronger edges harder), all nodes push each other apart, a weak pull to the centre
//! keeps separate pieces in view, and a falling temperature bounds how far a node moves per
//! round. The all-pairs push is what makes the naive method quadratic; Barnes–Hut approximates
//! it with a quadtree, treating a far cell as one body at its centre of mass, which makes a
//! round O(n log n): ten thousand nodes take one to two seconds on two cores.

use crate::error::GraphError;
use crate::graph::Graph;
use crate::rng::SplitMix;
use crate::subgraph::{Local, Subgraph};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutOptions {
    pub iterations: u32,
    pub seed: u64,
    /// Barnes–Hut's opening criterion: a cell of width w at distance d counts as one body when
    /// w / d < theta. Larger is faster and rougher.
    pub theta: f32,
    /// Threads sharing each round's pushes.
    pub threads: usize,
}

impl Default for LayoutOptions {
    fn default() -> LayoutOptions {
        LayoutOptions {
            iterations: 200,
            seed: 1,
            theta: 1.2,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// A node's position, both coordinates in [0, 1] (the drawing's aspect kept: the longer side
/// spans 0 to 1, the shorter is centred).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Graph {
    /// A position for every node of the subgraph, in its node order.
    pub fn layout(
        &self,
        sub: &Subgraph,
        options: &LayoutOptions,
    ) -> Result<Vec<Point>, GraphError> {
        let local = Local::new(self, sub);
        layout(&local, options)
    }
}

/// Cells deeper than this are leaves however many bodies they hold: f32 cannot split them
/// further anyway.
const MAX_DEPTH: u32 = 24;
/// The ideal edge length; the result is rescaled, so only ratios matter.
const K: f32 = 1.0;
const GRAVITY: f32 = 0.02;

pub(crate) fn layout(local: &Local, options: &LayoutOptions) -> Result<Vec<Point>, GraphError> {
    let n = local.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    if n == 1 {
        return Ok(vec![Point { x: 0.5, y: 0.5 }]);
    }
    let mut rng = SplitMix(options.seed);
    let side = (n as f32).sqrt() * K;
    let mut xs: Vec<f32> = (0..n).map(|_| (rng.unit() as f32 - 0.5) * side).collect();
    let mut ys: Vec<f32> = (0..n).map(|_| (rng.unit() as f32 - 0.5) * side).collect();
    let mut dx = vec![0f32; n];
    let mut dy = vec![0f32; n];
    let mut tree = QuadTree::default();
    let iterations = options.iterations.max(1);
    let start_temperature = side * 0.1;
    let theta2 = options.theta * options.theta;
    // Below a few thousand nodes a round takes less than starting threads would.
    let threads = if n < 2_000 {
        1
    } else {
        options.threads.clamp(1, 64)
    };
    for round in 0..iterations {
        let temperature = start_temperature * (1.0 - round as f32 / iterations as f32) + K * 0.01;
        tree.build(&xs, &ys);
        push_all(&tree, &xs, &ys, theta2, threads, (&mut dx, &mut dy))?;
        for v in 0..n {
            for at in local.range(v) {
                let w = local.targets[at] as usize;
                if w <= v {
                    continue;
                }
                let (ex, ey) = (xs[v] - xs[w], ys[v] - ys[w]);
                let d = (ex * ex + ey * ey).sqrt();
                // d²/K along the edge, scaled by how strong the tie is.
                let pull = d / K * local.strongest[at];
                dx[v] -= ex * pull;
                dy[v] -= ey * pull;
                dx[w] += ex * pull;
                dy[w] += ey * pull;
            }
        }
        for v in 0..n {
            dx[v] -= GRAVITY * xs[v];
            dy[v] -= GRAVITY * ys[v];
            let length = (dx[v] * dx[v] + dy[v] * dy[v]).sqrt();
            if length > 0.0 && length.is_finite() {
                let step = length.min(temperature) / length;
                xs[v] += dx[v] * step;
                ys[v] += dy[v] * step;
            }
        }
    }
    Ok(normalise(&xs, &ys))
}

/// The pushes on every body, the bodies split in runs across threads.
fn push_all(
    tree: &QuadTree,
    xs: &[f32],
    ys: &[f32],
    theta2: f32,
    threads: usize,
    (dx, dy): (&mut [f32], &mut [f32]),
) -> Result<(), GraphError> {
    let run = xs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = dx
            .chunks_mut(run)
            .zip(dy.chunks_mut(run))
            .enumerate()
            .map(|(i, (dx, dy))| {
                scope.spawn(move || {
                    let mut stack = Vec::with_capacity(64);
                    for (j, (fx, fy)) in dx.iter_mut().zip(dy.iter_mut()).enumerate() {
                        let v = i * run + j;
                        (*fx, *fy) = tree.push_on(v as u32, theta2, xs, ys, &mut stack);
                    }
                })
            })
            .collect();
        // A worker that panicked fails the layout rather than leaving its nodes unpushed.
        handles
            .into_iter()
            .try_for_each(|h| h.join().map_err(|_| GraphError::Worker))
    })
}

fn normalise(xs: &[f32], ys: &[f32]) -> Vec<Point> {
    let bounds = |v: &[f32]| {
        v.iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            })
    };
    let ((x0, x1), (y0, y1)) = (bounds(xs), bounds(ys));
    let span = (x1 - x0).max(y1 - y0);
    if !span.is_finite() || span <= 0.0 {
        return vec![Point { x: 0.5, y: 0.5 }; xs.len()];
    }
    let (ox, oy) = ((span - (x1 - x0)) / 2.0, (span - (y1 - y0)) / 2.0);
    xs.iter()
        .zip(ys)
        .map(|(&x, &y)| Point {
            x: ((x - x0 + ox) / span).clamp(0.0, 1.0),
            y: ((y - y0 + oy) / span).clamp(0.0, 1.0),
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
struct Cell {
    /// Centre of mass and mass (number of bodies).
    mx: f32,
    my: f32,
    mass: f32,
    /// Side length.
    size: f32,
    /// First child cell, the four children being consecutive; 0 for a leaf.
    children: u32,
    /// Where a leaf's bodies are in the tree's `order`, and how many.
    first: u32,
    count: u32,
}

/// A leaf holds up to this many bodies, pushed one by one when near: fewer, shallower cells
/// to walk, at the price of a few direct pushes.
const LEAF_BODIES: usize = 8;

#[derive(Debug, Default)]
struct QuadTree {
    cells: Vec<Cell>,
    order: Vec<u32>,
}

impl QuadTree {
    fn build(&mut self, xs: &[f32], ys: &[f32]) {
        self.cells.clear();
        self.order.clear();
        self.order.extend(0..xs.len() as u32);
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for (&x, &y) in xs.iter().zip(ys) {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        let size = (x1 - x0).max(y1 - y0).max(1e-6);
        self.cells.push(Cell {
            mx: 0.0,
            my: 0.0,
            mass: 0.0,
            size,
            children: 0,
            first: 0,
            count: 0,
        });
        let mut order = std::mem::take(&mut self.order);
        let len = order.len();
        self.fill(0, &mut order[..len], 0, (x0, y0, size), 0, (xs, ys));
        self.order = order;
    }

    /// Fills cell `at` (the square at `x0, y0` of side `size`) with `bodies`, which sit at
    /// `base` in the tree's order, splitting it into quadrants while it holds too many.
    fn fill(
        &mut self,
        at: usize,
        bodies: &mut [u32],
        base: usize,
        (x0, y0, size): (f32, f32, f32),
        depth: u32,
        (xs, ys): (&[f32], &[f32]),
    ) {
        let (mut sx, mut sy) = (0f32, 0f32);
        for &b in bodies.iter() {
            sx += xs[b as usize];
            sy += ys[b as usize];
        }
        let mass = bodies.len() as f32;
        let cell = &mut self.cells[at];
        cell.mass = mass;
        cell.mx = sx / mass;
        cell.my = sy / mass;
        cell.first = base as u32;
        cell.count = bodies.len() as u32;
        if bodies.len() <= LEAF_BODIES || depth >= MAX_DEPTH {
            return;
        }
        let half = size / 2.0;
        let (cx, cy) = (x0 + half, y0 + half);
        // Partition into the four quadrants: left/right first, then each by bottom/top.
        let split_x = partition(bodies, |b| xs[b as usize] < cx);
        let (left, right) = bodies.split_at_mut(split_x);
        let split_left = partition(left, |b| ys[b as usize] < cy);
        let split_right = partition(right, |b| ys[b as usize] < cy);
        let first = self.cells.len() as u32;
        self.cells[at].children = first;
        for _ in 0..4 {
            self.cells.push(Cell {
                mx: 0.0,
                my: 0.0,
                mass: 0.0,
                size: half,
                children: 0,
                first: 0,
                count: 0,
            });
        }
        let (left_low, left_high) = left.split_at_mut(split_left);
        let (right_low, right_high) = right.split_at_mut(split_right);
        let quadrants: [(&mut [u32], usize, f32, f32); 4] = [
            (left_low, base, x0, y0),
            (left_high, base + split_left, x0, cy),
            (right_low, base + split_x, cx, y0),
            (right_high, base + split_x + split_right, cx, cy),
        ];
        for (i, (part, offset, qx, qy)) in quadrants.into_iter().enumerate() {
            if !part.is_empty() {
                self.fill(
                    first as usize + i,
                    part,
                    offset,
                    (qx, qy, half),
                    depth + 1,
                    (xs, ys),
                );
            }
        }
    }

    /// The push of every other body on body `v`: K²/d away from each, far cells as one body.
    fn push_on(
        &self,
        v: u32,
        theta2: f32,
        xs: &[f32],
        ys: &[f32],
        stack: &mut Vec<u32>,
    ) -> (f32, f32) {
        let (x, y) = (xs[v as usize], ys[v as usize]);
        let (mut fx, mut fy) = (0f32, 0f32);
        stack.clear();
        stack.push(0);
        while let Some(at) = stack.pop() {
            let cell = self.cells[at as usize];
            if cell.count == 0 {
                continue;
            }
            let (ex, ey) = (x - cell.mx, y - cell.my);
            let far = cell.size * cell.size < theta2 * (ex * ex + ey * ey);
            if cell.children != 0 {
                if far {
                    let (f, g) = repel(v, ex, ey, cell.mass);
                    fx += f;
                    fy += g;
                } else {
                    for i in 0..4 {
                        stack.push(cell.children + i);
                    }
                }
                continue;
            }
            let first = cell.first as usize;
            let bodies = self
                .order
                .get(first..first + cell.count as usize)
                .unwrap_or_default();
            if far && !bodies.contains(&v) {
                let (f, g) = repel(v, ex, ey, cell.mass);
                fx += f;
                fy += g;
            } else {
                for &b in bodies {
                    if b != v {
                        let (f, g) = repel(v, x - xs[b as usize], y - ys[b as usize], 1.0);
                        fx += f;
                        fy += g;
                    }
                }
            }
        }
        (fx, fy)
    }
}

/// The push K² · mass / d along (ex, ey), the offset from the pushing mass to body `v`.
fn repel(v: u32, mut ex: f32, mut ey: f32, mass: f32) -> (f32, f32) {
    let mut d2 = ex * ex + ey * ey;
    if d2 < 1e-8 {
        // Coincident: a fixed direction per body separates them.
        let angle = v as f32 * 2.399_963;
        ex = angle.cos() * 1e-3;
        ey = angle.sin() * 1e-3;
        d2 = 1e-6;
    }
    let push = K * K * mass / d2;
    (ex * push, ey * push)
}

/// Moves the items for which `left` holds to the front; returns how many there are.
fn partition(items: &mut [u32], left: impl Fn(u32) -> bool) -> usize {
    let mut split = 0;
    for i in 0..items.len() {
        if left(items[i]) {
            items.swap(i, split);
            split += 1;
        }
    }
    split
}
