//! Case imports as jobs: the file goes into the store with the job, sealed, and whichever worker
//! takes it writes it to a folder of the job's own for the import (the same for every attempt,
//! so an interrupted import resumes), removing it after.

use std::path::{Path, PathBuf};

use rastro_import::ImportOptions;
use rastro_store::{ClaimedJob, JobInfo, JobKind, JobWorker};
use serde::{Deserialize, Serialize};

use super::report::Reporter;
use super::{file_name, input, queue, result, Outcome};
use crate::session::Session;
use crate::{AppError, Result};

/// What an import job is given. Its file is kept in the store with the job, sealed, so that a
/// worker on any machine can read it; the input names it (its extension tells its format).
/// Jobs queued before the file went into the store name a path instead (`file`), which a worker
/// still reads where it is.
#[derive(Debug, Default, Serialize, Deserialize)]
struct CaseImportInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<PathBuf>,
}

/// What an import job leaves: counts only (rows' problems can quote the people in them).
#[derive(Debug, Serialize)]
struct CaseImportResult {
    file: String,
    rows: u64,
    imported: u64,
    duplicates: u64,
    rejected: u64,
}

/// Queues an import of the case file at `file`: its content goes into the store with the job
/// (sealed), so a worker on another machine can do it and the file may be moved or deleted
/// once queued.
pub fn queue_case_import(session: &Session, file: &Path) -> Result<JobInfo> {
    let content = std::fs::read(file).map_err(AppError::io(file))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cases".to_string());
    queue_case_import_bytes(session, &name, &content)
}

/// Queues an import of a case file's content (an upload), named `name`.
pub fn queue_case_import_bytes(session: &Session, name: &str, content: &[u8]) -> Result<JobInfo> {
    let input = CaseImportInput {
        name: Some(file_name(name, "cases")),
        file: None,
    };
    queue(session, JobKind::ImportCases, &input, Some(content))
}

pub(super) fn run(
    session: &Session,
    worker: &JobWorker<'_>,
    job: &ClaimedJob,
    progress: &Reporter<'_>,
) -> Outcome {
    let input: CaseImportInput = input(&job.info)?;
    let stored = worker
        .file(job)
        .map_err(|e| (format!("the job's file: {e}"), true))?;
    let (path, folder) = match (stored, input.file) {
        (Some(content), _) => {
            let name = file_name(input.name.as_deref().unwrap_or("cases"), "cases");
            let folder = job_folder(&job.info.id).map_err(|e| (e, true))?;
            let path = folder.path.join(name);
            std::fs::write(&path, &content)
                .map_err(|e| (format!("writing the job's file: {e}"), true))?;
            (path, Some(folder))
        }
        (None, Some(path)) => (path, None),
        (None, None) => return Err(("the job's file is gone".to_string(), false)),
    };
    let report =
        crate::cases::import_cases(session, &path, &ImportOptions::default(), None, progress);
    drop(folder);
    let report = report.map_err(|e| {
        // A file that cannot be read will not become readable by trying again; a store that
        // failed mid-way may work next time (and the import resumes).
        let retry = !matches!(e, AppError::Io { .. } | AppError::Import(_));
        (e.to_string(), retry)
    })?;
    result(&CaseImportResult {
        file: input.name.unwrap_or(report.file),
        rows: report.rows,
        imported: report.imported,
        duplicates: report.duplicates,
        rejected: report.rejected,
    })
}

/// A job's own folder for its file, owner-only (the file holds people's data), removed with
/// what is in it when dropped.
struct JobFolder {
    path: PathBuf,
}

fn job_folder(job_id: &str) -> std::result::Result<JobFolder, String> {
    let path = std::env::temp_dir().join(format!("rastro-job-{job_id}"));
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(&path)
        .map_err(|e| format!("making {}: {e}", path.display()))?;
    Ok(JobFolder { path })
}

impl Drop for JobFolder {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.path) {
            tracing::warn!(folder = %self.path.display(), error = %e, "a job's folder stays");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_queued_before_files_were_stored_is_still_read() {
        let old: CaseImportInput =
            serde_json::from_str(r#"{"file":"/data/uploads/cases.csv"}"#).unwrap();
        assert_eq!(old.file, Some(PathBuf::from("/data/uploads/cases.csv")));
        assert_eq!(old.name, None);
        let new: CaseImportInput = serde_json::from_str(r#"{"name":"cases.csv"}"#).unwrap();
        assert_eq!((new.name.as_deref(), new.file), (Some("cases.csv"), None));
    }
}
