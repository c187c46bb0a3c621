//! Work spread over threads without losing track of which result is whose.
//!
//! Building a watchlist and screening a batch both run on every core, and both pair each result
//! with its input by position. A worker that dies must therefore fail the whole run: carrying on
//! without its part would pair every later result with the wrong person, which in screening means
//! a match reported against someone who was never checked.

use std::panic::{catch_unwind, AssertUnwindSafe};
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

/// Maps every item with `f` on `threads` threads (at least one), each taking a contiguous chunk,
/// and returns the results in input order. Each thread makes its own working state with `init`
/// (a searcher, a scratch buffer) and reuses it across its chunk.
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

/// As [`map_in_order`], the results left in the workers' chunks (in input order), for callers
/// that consume large results as they go: joining them into one vector would hold every result
/// twice for a moment.
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
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    let run = |part: &[T]| -> Vec<R> {
        let mut state = init();
        part.iter().map(|item| f(&mut state, item)).collect()
    };
    let run = &run;
    // Nothing to share: spare the thread (one-entry lists are built for every pair scored).
    if items.len() <= chunk {
        return catch_unwind(AssertUnwindSafe(|| vec![run(items)])).map_err(|_| WorkerPanicked);
    }
    thread::scope(|s| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let handle = thread::Builder::new().spawn_scoped(s, move || run(part));
                (part, handle)
            })
            .collect();
        let mut out = Vec::with_capacity(workers.len());
        let mut failed = false;
        for (part, handle) in workers {
            let done = match handle {
                Ok(handle) => handle.join(),
                // The system would not start another thread: this one does the part.
                Err(_) => catch_unwind(AssertUnwindSafe(|| run(part))),
            };
            match done {
                Ok(results) if !failed => out.push(results),
                Ok(_) => {}
                Err(_) => failed = true,
            }
        }
        if failed {
            Err(WorkerPanicked)
        } else {
            Ok(out)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_and_states_are_per_thread() {
        let items: Vec<u32> = (0..1000).collect();
        for threads in [1, 2, 3, 7, 64] {
            let out = map_in_order(
                &items,
                threads,
                || 0u32,
                |seen, &x| {
                    *seen += 1;
                    (x * 2, *seen)
                },
            );
            let Ok(out) = out else {
                panic!("no worker panics here");
            };
            let doubled: Vec<u32> = out.iter().map(|(x, _)| *x).collect();
            assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
            // A state counts the items of its own chunk only.
            let chunk = items.len().div_ceil(threads) as u32;
            assert!(out.iter().all(|(_, seen)| *seen <= chunk));
        }
        assert_eq!(map_in_order(&[] as &[u32], 4, || (), |_, &x| x), Ok(vec![]));
        assert_eq!(
            map_in_order(&[1, 2, 3], 16, || (), |_, &x| x + 1),
            Ok(vec![2, 3, 4])
        );
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
