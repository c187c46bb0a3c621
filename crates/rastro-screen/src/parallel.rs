//! Work spread over threads without losing track of which result is whose.
//!
//! Building a watchlist and screening a batch both run on every core, and both pair each result
//! with its input by position. A worker that dies must therefore fail the whole run: carrying on
//! without its part would pair every later result with the wrong person, which in screening means
//! a match reported against someone who was never checked.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// A worker thread panicked. Its part of the work has no results, so none are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a worker thread failed (panicked); no results are given rather than results paired with the wrong input")]
pub struct WorkerPanicked;

/// The threads to use when `requested` are asked for: 0 means one per core.
pub(crate) fn thread_count(requested: usize) -> usize {
    match requested {
        0 => thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// Maps every item with `f` on `threads` threads (at least one) and returns the results in
/// input order. The items are cut into blocks that threads take one after another as they
/// finish the last, so that a thread slowed down (other work on the machine, harder items) does
/// not hold up the end of the run. Each thread makes its own working state with `init` (a
/// searcher, a scratch buffer) and reuses it for every block it takes.
///
/// If any worker panics, the result is `Err` once every worker has finished: never a shorter or
/// shifted list.
pub(crate) fn map_in_order<T, S, R>(
    items: &[T],
    threads: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Result<Vec<R>, WorkerPanicked>
where
    T: Sync,
    R: Send,
{
    let mut chunks = map_chunks_in_order(items, threads, init, f)?;
    if chunks.len() == 1 {
        return Ok(chunks.pop().unwrap_or_default());
    }
    Ok(chunks.into_iter().flatten().collect())
}

/// Fewest items in a block: a block is claimed with one atomic operation, so it must be worth
/// more than that.
const MIN_BLOCK: usize = 64;
/// Blocks per thread when the items are many: enough for threads that run at different speeds
/// to finish together.
const BLOCKS_PER_THREAD: usize = 16;

/// As [`map_in_order`], the results left in blocks (in input order), for callers that consume
/// large results as they go: joining them into one vector would hold every result twice for a
/// moment.
pub(crate) fn map_chunks_in_order<T, S, R>(
    items: &[T],
    threads: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Result<Vec<Vec<R>>, WorkerPanicked>
where
    T: Sync,
    R: Send,
{
    let threads = threads.max(1);
    let block = items
        .len()
        .div_ceil(threads * BLOCKS_PER_THREAD)
        .max(MIN_BLOCK);
    let blocks: Vec<&[T]> = items.chunks(block).collect();
    // Nothing to share: spare the thread (one-entry lists are built for every pair scored).
    if threads == 1 || blocks.len() <= 1 {
        return catch_unwind(AssertUnwindSafe(|| {
            let mut state = init();
            blocks
                .iter()
                .map(|part| part.iter().map(|item| f(&mut state, item)).collect())
                .collect()
        }))
        .map_err(|_| WorkerPanicked);
    }
    let next = AtomicUsize::new(0);
    // Each worker's blocks, by block number.
    let work = || -> Vec<(usize, Vec<R>)> {
        let mut state = init();
        let mut done = Vec::new();
        loop {
            let b = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = blocks.get(b) else {
                return done;
            };
            done.push((b, part.iter().map(|item| f(&mut state, item)).collect()));
        }
    };
    let work = &work;
    thread::scope(|s| {
        let workers: Vec<_> = (0..threads.min(blocks.len()))
            .map(|_| thread::Builder::new().spawn_scoped(s, work))
            .collect();
        let mut out: Vec<Option<Vec<R>>> = (0..blocks.len()).map(|_| None).collect();
        let mut failed = false;
        let mut started = 0;
        for worker in workers {
            let done = match worker {
                Ok(handle) => {
                    started += 1;
                    handle.join()
                }
                // The system would not start another thread: the others take its blocks.
                Err(_) => continue,
            };
            match done {
                Ok(parts) => {
                    for (b, results) in parts {
                        out[b] = Some(results);
                    }
                }
                Err(_) => failed = true,
            }
        }
        // No thread could be started: this one does the work.
        if started == 0 {
            match catch_unwind(AssertUnwindSafe(work)) {
                Ok(parts) => {
                    for (b, results) in parts {
                        out[b] = Some(results);
                    }
                }
                Err(_) => failed = true,
            }
        }
        if failed {
            return Err(WorkerPanicked);
        }
        // Every block was taken by a worker that finished; a missing one would shift results.
        out.into_iter()
            .map(|part| part.ok_or(WorkerPanicked))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_and_states_are_per_thread() {
        let items: Vec<u32> = (0..5000).collect();
        for threads in [1, 2, 3, 7, 64] {
            // A state records the items it saw; states are never shared, so each sees its items
            // one after another, and together they see every item once.
            let out = map_in_order(&items, threads, Vec::new, |seen: &mut Vec<u32>, &x| {
                let previous = seen.last().copied();
                seen.push(x);
                (x * 2, previous.is_none_or(|p| p < x))
            });
            let Ok(out) = out else {
                panic!("no worker panics here");
            };
            let doubled: Vec<u32> = out.iter().map(|(x, _)| *x).collect();
            assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
            assert!(out.iter().all(|(_, increasing)| *increasing), "{threads}");
        }
        assert_eq!(map_in_order(&[] as &[u32], 4, || (), |_, &x| x), Ok(vec![]));
        assert_eq!(
            map_in_order(&[1, 2, 3], 16, || (), |_, &x| x + 1),
            Ok(vec![2, 3, 4])
        );
    }

    #[test]
    fn blocks_are_shared_out_as_threads_finish() {
        // The first block is slow: with fixed halves the other thread would wait idle; with
        // blocks taken as threads finish, it does most of the work.
        let items: Vec<u32> = (0..4096).collect();
        let out = map_in_order(
            &items,
            2,
            || std::thread::current().id(),
            |id, &x| {
                if x == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                *id
            },
        );
        let Ok(ids) = out else {
            panic!("no worker panics here");
        };
        let slow = ids[0];
        let by_slow = ids.iter().filter(|id| **id == slow).count();
        assert!(by_slow < items.len() / 2, "{by_slow} of {}", items.len());
    }

    /// Joining with `unwrap_or_default()` turned a panicking worker into an empty chunk, so the
    /// results after it moved up and were paired with the wrong items; now the run fails.
    #[test]
    fn a_panicking_worker_fails_the_run_instead_of_shifting_results() {
        let items: Vec<u32> = (0..100).collect();
        for threads in [1, 4] {
            let out = map_in_order(
                &items,
                threads,
                || (),
                |_, &x| {
                    if x == 37 {
                        panic!("worker fails on item {x} (expected by this test)");
                    }
                    x
                },
            );
            assert_eq!(out, Err(WorkerPanicked), "{threads} threads");
        }
    }

    #[test]
    fn zero_threads_means_every_core() {
        assert!(thread_count(0) >= 1);
        assert_eq!(thread_count(3), 3);
    }
}
