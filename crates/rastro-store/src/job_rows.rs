//! A job's row as any backend reads it ([`crate::sql::jobs::JOB_COLUMNS`]), made into the
//! api's [`JobInfo`]: the stored kind and status words parsed, counts kept in range. A backend
//! only moves the column values into a [`JobRow`].

use crate::api::jobs::{JobInfo, JobKind, JobStatus, Taken};
use crate::{Result, Role, StoreError};

/// The columns of [`crate::sql::jobs::JOB_COLUMNS`], as stored.
pub(crate) struct JobRow {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub input: String,
    pub user: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub done: i64,
    pub total: Option<i64>,
    pub result: Option<String>,
    pub error: Option<String>,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
}

impl JobRow {
    pub fn into_info(self) -> Result<JobInfo> {
        // The schema's CHECKs allow only known words; anything else is a damaged row.
        let corrupt = |what: String| StoreError::Corrupt {
            id: self.id.clone(),
            reason: what,
        };
        let kind = JobKind::parse(&self.kind)
            .ok_or_else(|| corrupt(format!("job kind {:?}", self.kind)))?;
        let status = JobStatus::parse(&self.status)
            .ok_or_else(|| corrupt(format!("job status {:?}", self.status)))?;
        let attempts = |v: i64| v.clamp(0, i64::from(u32::MAX)) as u32;
        let count = |v: i64| v.max(0) as u64;
        Ok(JobInfo {
            kind,
            status,
            input: self.input,
            user: self.user,
            attempts: attempts(self.attempts),
            max_attempts: attempts(self.max_attempts),
            done: count(self.done),
            total: self.total.map(count),
            result: self.result,
            error: self.error,
            created_at: self.created_at,
            started_at: self.started_at,
            finished_at: self.finished_at,
            id: self.id,
        })
    }

    /// The job a worker took, with the member it acts for (name and role as queued).
    pub fn into_taken(self, user: String, role: &str) -> Result<Taken> {
        let role = Role::parse(role).ok_or_else(|| StoreError::Corrupt {
            id: self.id.clone(),
            reason: format!("job with role {role:?}"),
        })?;
        Ok(Taken {
            info: self.into_info()?,
            user,
            role,
        })
    }
}
