//! A job's progress, written to the queue at most once a second; each report renews the
//! worker's lease, so a job that reports is never taken from a live worker.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use rastro_store::{JobInfo, JobWorker};

use crate::{Progress, Unit};

pub(super) struct Reporter<'w> {
    worker: &'w JobWorker<'w>,
    job: &'w JobInfo,
    state: Mutex<Reported>,
}

struct Reported {
    position: u64,
    total: Option<u64>,
    last: Instant,
}

impl<'w> Reporter<'w> {
    pub(super) fn new(worker: &'w JobWorker<'w>, job: &'w JobInfo) -> Self {
        Reporter {
            worker,
            job,
            state: Mutex::new(Reported {
                position: 0,
                total: None,
                last: Instant::now(),
            }),
        }
    }

    fn update(&self, change: impl FnOnce(&mut Reported), force: bool) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        change(&mut state);
        if force || state.last.elapsed() >= Duration::from_secs(1) {
            state.last = Instant::now();
            // A lost lease means another worker has the job; this one's work is idempotent,
            // so finishing it does no harm, and its result is simply not recorded.
            let _ = self.worker.progress(self.job, state.position, state.total);
        }
    }
}

impl Progress for Reporter<'_> {
    fn start(&self, _label: &str, total: u64, _unit: Unit) {
        self.update(
            |s| {
                s.position = 0;
                s.total = Some(total);
            },
            true,
        );
    }

    fn advance(&self, by: u64) {
        self.update(|s| s.position = s.position.saturating_add(by), false);
    }

    fn set_position(&self, position: u64) {
        self.update(|s| s.position = position, false);
    }

    fn finish(&self) {
        self.update(|s| s.position = s.total.unwrap_or(s.position), true);
    }
}
