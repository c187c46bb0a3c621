//! Screening a batch of people on every core: what a command or a service calls with a file of
//! queries, so that no caller writes its own thread code (and its own way of losing results).

use crate::index::Watchlist;
use crate::parallel::{map_in_order, thread_count, WorkerPanicked};
use crate::person::Person;
use crate::search::{Match, QueryError};

/// Why a batch could not be screened at all (a query that cannot be screened is that query's
/// own error, in its place in the results).
#[derive(Debug, thiserror::Error)]
pub enum ScreenError {
    #[error("screening stopped: {0}")]
    Worker(#[from] WorkerPanicked),
}

/// Screens every query on `threads` threads (0 = all cores), in input order.
///
/// Each result is the query's matches at or above `threshold`, best first, at most `limit`
/// (as [`crate::Searcher::screen`] gives them). `progress(n)` is called as queries finish, `n`
/// being how many more have finished, from the screening threads.
pub fn screen_batch(
    list: &Watchlist,
    queries: &[Person],
    threshold: f64,
    limit: usize,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<Result<Vec<Match>, QueryError>>, ScreenError> {
    let results = map_in_order(
        queries,
        thread_count(threads),
        || list.searcher(),
        |searcher, query| {
            let result = searcher.screen(query, threshold, limit);
            progress(1);
            result
        },
    )?;
    Ok(results)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;

    fn person(id: &str, name: &str) -> Person {
        Person {
            id: id.into(),
            names: vec![name.into()],
            ..Person::default()
        }
    }

    #[test]
    fn batches_keep_query_order_and_report_progress() {
        let listed = vec![
            person("a", "María Fernanda Quispe Mamani"),
            person("b", "Juan Carlos Pérez Gómez"),
            person("c", "Ana Lucía Torres Vega"),
        ];
        let Ok((list, _)) = Watchlist::build(listed) else {
            panic!("the list builds");
        };
        let mut queries = Vec::new();
        for i in 0..60 {
            queries.push(match i % 4 {
                0 => person("q", "Maria Fernanda Quispe"),
                1 => person("q", "Juan Carlos Perez Gomez"),
                2 => person("q", "Ana Lucia Torres"),
                _ => person("q", "!!!"),
            });
        }
        let done = AtomicU64::new(0);
        let count = |n: u64| {
            done.fetch_add(n, Ordering::Relaxed);
        };
        for threads in [0, 1, 3] {
            done.store(0, Ordering::Relaxed);
            let Ok(results) = screen_batch(&list, &queries, 0.65, 5, threads, &count) else {
                panic!("no worker fails");
            };
            assert_eq!(results.len(), queries.len());
            assert_eq!(done.load(Ordering::Relaxed), queries.len() as u64);
            for (i, result) in results.iter().enumerate() {
                let best = result.as_ref().ok().and_then(|m| m.first()).map(|m| &*m.id);
                let expected = ["a", "b", "c"].get(i % 4).copied();
                match expected {
                    Some(id) => assert_eq!(best, Some(id), "query {i}"),
                    None => assert_eq!(result.as_ref().err(), Some(&QueryError::NoName)),
                }
            }
        }
    }
}
