//! Statistics releases as jobs. A differentially private release is paid for under the job's
//! id (`release::release_once`), so a job retried after its worker died finds the release its
//! first attempt paid for and spends nothing again: one job, one release in the ledger. The
//! table is the job's result, as `rastro release` would write it (CSV, small cells suppressed).

use rastro_stats::{Dimension, Filter};
use rastro_store::{JobInfo, JobKind};
use serde::{Deserialize, Serialize};

use super::report::Reporter;
use super::{failure, input, queue, result, Outcome};
use crate::release::ReleaseRequest;
use crate::session::Session;
use crate::{AppError, Progress, Result, Unit};

/// What a release job is given: `rastro release`'s options, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseJob {
    /// One or two dimensions (`form`, `country.origin`…).
    pub by: Vec<String>,
    pub k: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epsilon: Option<f64>,
    pub dataset: String,
    pub budget: f64,
    /// Filters as the pages write them (`country=origin:VE`).
    #[serde(default)]
    pub filters: Vec<(String, String)>,
}

impl ReleaseJob {
    /// The dimensions and filter, or why they are not ones.
    fn parsed(&self) -> Result<(Vec<Dimension>, Filter)> {
        let dims: Vec<Dimension> = self
            .by
            .iter()
            .map(|d| Dimension::parse(d.trim()))
            .collect::<std::result::Result<_, _>>()?;
        if !(1..=2).contains(&dims.len()) {
            return Err(AppError::Refused(format!(
                "a release counts by one or two dimensions, not {}",
                dims.len()
            )));
        }
        let filter = Filter::parse_pairs(self.filters.iter().cloned())?;
        Ok((dims, filter))
    }
}

/// What a release job leaves: the table as CSV, and what the ledger keeps of it.
#[derive(Debug, Serialize)]
struct ReleaseResult {
    csv: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    epsilon: Option<f64>,
    sensitivity: u64,
    /// The ledger's release (the job's id) when the budget paid for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    release: Option<String>,
}

/// Queues a release; its options are checked now, so a mistake is told at once. A search
/// text (`q`) is refused: a job's input is kept in the clear, and searched text may name a
/// person (the trail keeps only its keyed hash), so such a release is made directly.
pub fn queue_release(session: &Session, job: &ReleaseJob) -> Result<JobInfo> {
    if job.filters.iter().any(|(k, _)| k == "q") {
        return Err(AppError::Refused(
            "a queued release cannot search text (q=): make it directly".into(),
        ));
    }
    job.parsed()?;
    queue(session, JobKind::Release, job, None)
}

pub(super) fn run(session: &Session, job: &JobInfo, progress: &Reporter<'_>) -> Outcome {
    let asked: ReleaseJob = input(job)?;
    let (dims, filter) = asked.parsed().map_err(failure)?;
    progress.start("releasing", 1, Unit::Items);
    let request = ReleaseRequest {
        dims: &dims,
        filter: &filter,
        k: asked.k,
        epsilon: asked.epsilon,
        dataset: &asked.dataset,
        budget: asked.budget,
    };
    let release = crate::release::release_once(session, &request, &job.id).map_err(failure)?;
    let mut csv = Vec::new();
    rastro_stats::csv_out::write_release(&mut csv, &release)
        .map_err(|e| (format!("writing the table: {e}"), false))?;
    progress.finish();
    result(&ReleaseResult {
        csv: String::from_utf8_lossy(&csv).into_owned(),
        epsilon: release.epsilon,
        sensitivity: release.sensitivity,
        release: asked.epsilon.map(|_| job.id.clone()),
    })
}
