//! A whole set of transactions, in time order, on every core.
//!
//! Transactions go through in chunks. For each chunk, the threads first split it and work out
//! each transaction's facts (folding names, searching word lists: the costly part); then each
//! thread scores the whole chunk for its own share of the accounts, reading the shared facts.
//! Every thread sees every transaction in order, so the result is the same as one thread's.

use super::alert::Alert;
use super::facts::{Facts, TextCache};
use super::scorer::Scorer;
use crate::catalogue::Catalogue;
use crate::known::KnownIdentifiers;
use crate::txn::Transaction;

/// What a batch found.
#[derive(Debug, Clone, Default)]
pub struct BatchOutcome {
    /// Ordered by time, then subject, then typology.
    pub alerts: Vec<Alert>,
    pub transactions: u64,
    /// Distinct accounts in the transactions.
    pub accounts: u64,
    /// Transactions in a currency the catalogue has no rate for (their amounts count as 0).
    pub unpriced: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("a scoring thread failed: {0}")]
    Worker(String),
}

/// Transactions per chunk: large enough that starting threads costs nothing next to the work,
/// small enough that the chunk's facts stay in cache-friendly memory.
const CHUNK: usize = 32_768;

fn worker_error(e: Box<dyn std::any::Any + Send>) -> BatchError {
    let message = e
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panicked".to_string());
    BatchError::Worker(message)
}

/// Scores every transaction in time order (ties in the order given) with `threads` threads
/// (at least one). The alerts are the same whatever the number of threads.
pub fn run_batch(
    catalogue: &Catalogue,
    known: &KnownIdentifiers,
    transactions: &[Transaction],
    threads: usize,
) -> Result<BatchOutcome, BatchError> {
    let sorted = transactions
        .windows(2)
        .all(|w| w[0].time.utc_seconds() <= w[1].time.utc_seconds());
    let order: Vec<u32> = if sorted {
        Vec::new()
    } else {
        let mut order: Vec<u32> = (0..transactions.len() as u32).collect();
        order.sort_by_key(|i| transactions[*i as usize].time.utc_seconds());
        order
    };
    let at = |i: usize| -> &Transaction {
        if sorted {
            &transactions[i]
        } else {
            &transactions[order[i] as usize]
        }
    };
    let threads = threads.clamp(1, 64);
    let mut scorers: Vec<Scorer> = (0..threads)
        .map(|i| Scorer::shard(catalogue, known, i as u64, threads as u64))
        .collect();
    let mut alerts: Vec<Vec<Alert>> = (0..threads).map(|_| Vec::new()).collect();
    if threads == 1 {
        for i in 0..transactions.len() {
            scorers[0].score_into(at(i), &mut alerts[0]);
        }
    } else {
        let mut caches: Vec<TextCache> = (0..threads).map(|_| TextCache::default()).collect();
        let cat = &*catalogue.inner;
        let mut start = 0;
        while start < transactions.len() {
            let end = (start + CHUNK).min(transactions.len());
            let part = (end - start).div_ceil(threads);
            let facts: Vec<Facts> = std::thread::scope(|scope| {
                let handles: Vec<_> = caches
                    .iter_mut()
                    .enumerate()
                    .map(|(k, cache)| {
                        let from = (start + k * part).min(end);
                        let to = (from + part).min(end);
                        scope.spawn(move || {
                            (from..to)
                                .map(|i| Facts::new(at(i), cat, known, cache))
                                .collect::<Vec<Facts>>()
                        })
                    })
                    .collect();
                let mut all = Vec::with_capacity(end - start);
                for h in handles {
                    all.extend(h.join().map_err(worker_error)?);
                }
                Ok::<_, BatchError>(all)
            })?;
            let facts = &facts;
            std::thread::scope(|scope| {
                let handles: Vec<_> = scorers
                    .iter_mut()
                    .zip(alerts.iter_mut())
                    .map(|(scorer, out)| {
                        scope.spawn(move || {
                            for (j, f) in facts.iter().enumerate() {
                                scorer.score_prepared(at(start + j), f, out);
                            }
                        })
                    })
                    .collect();
                for h in handles {
                    h.join().map_err(worker_error)?;
                }
                Ok::<_, BatchError>(())
            })?;
            start = end;
        }
    }
    let mut outcome = BatchOutcome {
        transactions: transactions.len() as u64,
        ..BatchOutcome::default()
    };
    for (scorer, mut found) in scorers.into_iter().zip(alerts) {
        outcome.alerts.append(&mut found);
        outcome.accounts += scorer.accounts();
        outcome.unpriced += scorer.unpriced();
    }
    outcome.alerts.sort_by(|a, b| {
        (a.time.utc_seconds(), &a.subject, &a.typology, &a.trigger).cmp(&(
            b.time.utc_seconds(),
            &b.subject,
            &b.typology,
            &b.trigger,
        ))
    });
    Ok(outcome)
}
