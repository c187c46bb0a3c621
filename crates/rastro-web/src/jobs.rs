//! Imports started from the web run on a thread of their own and report progress here, so a
//! page can show how far they got and the report when they end.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rastro_app::{Progress, Unit};
use serde::Serialize;

/// One job's progress, readable while it runs.
#[derive(Default)]
pub struct Job {
    /// Who started it: only the same organisation's users see it.
    pub org_id: String,
    pub done: AtomicU64,
    pub total: AtomicU64,
    label: Mutex<String>,
    outcome: Mutex<Option<Result<serde_json::Value, String>>>,
}

#[derive(Serialize)]
pub struct JobState {
    pub label: String,
    pub done: u64,
    pub total: u64,
    pub finished: bool,
    pub report: Option<serde_json::Value>,
    pub error: Option<String>,
}

impl Job {
    pub fn new(org_id: String) -> Job {
        Job {
            org_id,
            ..Job::default()
        }
    }

    pub fn finish(&self, outcome: Result<serde_json::Value, String>) {
        *self.outcome.lock().unwrap_or_else(PoisonError::into_inner) = Some(outcome);
    }

    pub fn state(&self) -> JobState {
        let outcome = self
            .outcome
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        JobState {
            label: self
                .label
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            finished: outcome.is_some(),
            report: outcome.as_ref().and_then(|o| o.as_ref().ok().cloned()),
            error: outcome.and_then(|o| o.err()),
        }
    }
}

impl Progress for Job {
    fn start(&self, label: &str, total: u64, _unit: Unit) {
        *self.label.lock().unwrap_or_else(PoisonError::into_inner) = label.to_string();
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    fn advance(&self, by: u64) {
        self.done.fetch_add(by, Ordering::Relaxed);
    }

    fn set_position(&self, position: u64) {
        self.done.store(position, Ordering::Relaxed);
    }
}

/// The jobs of this server, by id.
#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    pub fn add(&self, id: String, job: Arc<Job>) {
        self.jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, job);
    }

    /// The job `id` if `org_id` started it.
    pub fn get(&self, id: &str, org_id: &str) -> Option<Arc<Job>> {
        self.jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
            .filter(|j| j.org_id == org_id)
            .cloned()
    }
}
