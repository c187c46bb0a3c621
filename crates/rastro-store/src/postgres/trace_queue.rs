//! Group commit of read traces. Every audited read appends one event to its organisation's
//! chain, and a chain takes one writer at a time (its lock orders the links across nodes).
//! With one transaction per trace, a busy organisation's readers queue behind each other's
//! round trips to the database. Here the traces a node's threads bring for one chain while a
//! transaction of that chain is under way wait together and go into the next transaction as one
//! batch; each caller still returns only once its own event is committed, so an answer is never
//! given before its trace is stored.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use crate::api::trace::AuditDraft;
use crate::{Result, StoreError};

/// Events written in one transaction at most: a bound on how long one chain's lock is held.
const MOST_PER_BATCH: usize = 256;

#[derive(Default)]
pub(crate) struct TraceQueue {
    chains: Mutex<HashMap<String, ChainQueue>>,
    written: Condvar,
}

#[derive(Default)]
struct ChainQueue {
    next_ticket: u64,
    waiting: Vec<(u64, AuditDraft)>,
    /// Whether a thread is writing this chain's batches now (the others wait for it).
    writing: bool,
    /// Outcomes of written tickets not yet collected by their callers.
    outcomes: HashMap<u64, std::result::Result<(), String>>,
}

impl TraceQueue {
    /// Appends `draft` through `write(chain, batch)`, which must store the batch's events in
    /// order in one transaction; returns once `draft`'s batch has been written.
    pub(crate) fn append(
        &self,
        draft: &AuditDraft,
        write: impl Fn(&str, &[AuditDraft]) -> Result<()>,
    ) -> Result<()> {
        let chain = draft.by.chain().to_string();
        let mut chains = self.lock();
        let queue = chains.entry(chain.clone()).or_default();
        let ticket = queue.next_ticket;
        queue.next_ticket += 1;
        queue.waiting.push((ticket, draft.clone()));
        if queue.writing {
            return self.wait_for(chains, &chain, ticket);
        }
        queue.writing = true;
        // Until the queue is empty, this thread writes for every thread that arrived meanwhile.
        let mut own: Option<Result<()>> = None;
        while let Some(queue) = chains.get_mut(&chain) {
            if queue.waiting.is_empty() {
                queue.writing = false;
                break;
            }
            let take = queue.waiting.len().min(MOST_PER_BATCH);
            let (tickets, drafts): (Vec<u64>, Vec<AuditDraft>) =
                queue.waiting.drain(..take).unzip();
            drop(chains);
            let outcome = {
                // Should `write` panic, the threads waiting for this batch learn that their
                // traces were not written instead of waiting for ever.
                let guard = Abandoned {
                    queue: self,
                    chain: &chain,
                    tickets: &tickets,
                    armed: true,
                };
                let outcome = write(&chain, &drafts);
                guard.disarm();
                outcome
            };
            chains = self.lock();
            let shared = outcome.as_ref().map(|_| ()).map_err(|e| e.to_string());
            if let Some(queue) = chains.get_mut(&chain) {
                for t in tickets.iter().filter(|t| **t != ticket) {
                    queue.outcomes.insert(*t, shared.clone());
                }
            }
            if tickets.contains(&ticket) {
                own = Some(outcome);
            }
            self.written.notify_all();
        }
        if let Some(queue) = chains.get(&chain) {
            if !queue.writing && queue.waiting.is_empty() && queue.outcomes.is_empty() {
                chains.remove(&chain);
            }
        }
        drop(chains);
        own.unwrap_or_else(|| {
            Err(StoreError::Database(
                "a trace was not written (its batch was lost)".into(),
            ))
        })
    }

    fn wait_for(
        &self,
        mut chains: MutexGuard<'_, HashMap<String, ChainQueue>>,
        chain: &str,
        ticket: u64,
    ) -> Result<()> {
        loop {
            chains = self
                .written
                .wait(chains)
                .unwrap_or_else(PoisonError::into_inner);
            let Some(queue) = chains.get_mut(chain) else {
                return Err(StoreError::Database(
                    "a trace was not written (its chain's queue was lost)".into(),
                ));
            };
            if let Some(outcome) = queue.outcomes.remove(&ticket) {
                return outcome.map_err(StoreError::Database);
            }
            // The writer unwound with this trace still waiting (only a panic leaves a chain
            // without a writer while traces wait): it is reported unwritten, not waited for
            // forever.
            if !queue.writing {
                queue.waiting.retain(|(t, _)| *t != ticket);
                return Err(StoreError::Database(
                    "the thread writing this chain's traces failed; this trace was not written"
                        .into(),
                ));
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, ChainQueue>> {
        self.chains.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Marks a batch failed, and its chain free, if the thread writing it unwinds.
struct Abandoned<'a> {
    queue: &'a TraceQueue,
    chain: &'a str,
    tickets: &'a [u64],
    armed: bool,
}

impl Abandoned<'_> {
    fn disarm(mut self) {
        self.armed = false;
    }
}

impl Drop for Abandoned<'_> {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let mut chains = self.queue.lock();
        if let Some(queue) = chains.get_mut(self.chain) {
            for t in self.tickets {
                queue
                    .outcomes
                    .insert(*t, Err("the thread writing this trace failed".to_string()));
            }
            queue.writing = false;
        }
        self.queue.written.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::api::access::Role;
    use crate::api::trace::By;

    /// A chain and the counts of the drafts written for it in one batch.
    type WrittenBatch = (String, Vec<u64>);

    fn draft(org: &str, n: usize) -> AuditDraft {
        let mut d = AuditDraft::new(
            By::Member {
                org_id: org.to_string(),
                user_id: format!("u{n}"),
                role: Role::Analyst,
            },
            "read",
        );
        d.count = Some(n as u64);
        d
    }

    #[test]
    fn traces_arriving_during_a_write_go_together_each_once_and_each_caller_waits_for_its_own() {
        let queue = Arc::new(TraceQueue::default());
        let written: Arc<Mutex<Vec<WrittenBatch>>> = Arc::default();
        let batches = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..48)
            .map(|n| {
                let (queue, written, batches) = (
                    Arc::clone(&queue),
                    Arc::clone(&written),
                    Arc::clone(&batches),
                );
                std::thread::spawn(move || {
                    let org = if n % 3 == 0 { "org-b" } else { "org-a" };
                    let mine = draft(org, n);
                    queue
                        .append(&mine, |chain, drafts| {
                            // A slow database: the others arrive while this batch is written.
                            std::thread::sleep(Duration::from_millis(20));
                            batches.fetch_add(1, Ordering::SeqCst);
                            let counts = drafts.iter().filter_map(|d| d.count).collect();
                            assert!(drafts.iter().all(|d| d.by.chain() == chain));
                            written.lock().unwrap().push((chain.to_string(), counts));
                            Ok(())
                        })
                        .unwrap();
                    // Returned only once its own event is in a written batch.
                    let seen = written.lock().unwrap();
                    assert!(seen
                        .iter()
                        .any(|(c, counts)| c == org && counts.contains(&(n as u64))));
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let written = written.lock().unwrap();
        let mut all: Vec<u64> = written.iter().flat_map(|(_, c)| c.clone()).collect();
        all.sort_unstable();
        assert_eq!(all, (0..48).collect::<Vec<u64>>(), "every trace once");
        assert!(
            batches.load(Ordering::SeqCst) < 48,
            "traces that waited were written together ({} batches)",
            batches.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn a_failed_batch_fails_every_trace_in_it_and_the_next_one_is_written() {
        let queue = Arc::new(TraceQueue::default());
        let attempts = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|n| {
                let (queue, attempts) = (Arc::clone(&queue), Arc::clone(&attempts));
                std::thread::spawn(move || {
                    queue.append(&draft("org-a", n), |_, _| {
                        std::thread::sleep(Duration::from_millis(10));
                        if attempts.fetch_add(1, Ordering::SeqCst) == 0 {
                            Err(StoreError::Database("connection lost".into()))
                        } else {
                            Ok(())
                        }
                    })
                })
            })
            .collect();
        let outcomes: Vec<Result<()>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        let failed = outcomes.iter().filter(|o| o.is_err()).count();
        assert!(failed >= 1, "the first batch failed");
        assert!(failed < 8 || attempts.load(Ordering::SeqCst) == 1);
        for outcome in outcomes.iter().filter_map(|o| o.as_ref().err()) {
            assert!(outcome.to_string().contains("connection lost"), "{outcome}");
        }
        // The queue is usable after a failure.
        queue.append(&draft("org-a", 99), |_, _| Ok(())).unwrap();
    }
}
