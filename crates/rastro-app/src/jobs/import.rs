//! Case imports as jobs: the file goes into the store with the job, sealed, and whichever worker
//! takes it writes it to a folder of the job's own for the import (the same for every attempt,
//! so an interrupted import resumes), removing it after.

use std::path::{Path, PathBuf};

use rastro_import::{ImportOptions, TextEncoding};
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
    #[serde(flatten)]
    reading: CaseReading,
}

/// How the user asked a queued file to be read, kept with the job so that the worker reads it
/// as the person who queued it saw it in the preview: the fields of columns whose headers
/// Rastro does not know, and the encoding and delimiter when the file's own bytes should not
/// decide. Kept as written (`HEADER=FIELD`), checked when queued and read again by the worker.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseReading {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<char>,
}

impl CaseReading {
    /// The import's options, or why one of them cannot be used (naming it as given).
    pub fn options(&self) -> Result<ImportOptions> {
        let columns = self
            .columns
            .iter()
            .map(|pair| {
                rastro_model::named_column(pair)
                    .map_err(|why| AppError::Refused(format!("column {pair:?}: {why}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let encoding = match &self.encoding {
            None => None,
            Some(name) => Some(TextEncoding::from_name(name).ok_or_else(|| {
                AppError::Refused(format!(
                    "unknown encoding {name:?} (use utf-8 or windows-1252)"
                ))
            })?),
        };
        let delimiter = match self.delimiter {
            None => None,
            Some(d) if d.is_ascii() => Some(d as u8),
            Some(d) => {
                return Err(AppError::Refused(format!(
                    "delimiter {d:?}: a delimiter is one ASCII character"
                )))
            }
        };
        Ok(ImportOptions {
            columns,
            encoding,
            delimiter,
            ..ImportOptions::default()
        })
    }
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
pub fn queue_case_import(session: &Session, file: &Path, reading: &CaseReading) -> Result<JobInfo> {
    let content = std::fs::read(file).map_err(AppError::io(file))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cases".to_string());
    queue_case_import_bytes(session, &name, &content, reading)
}

/// Queues an import of a case file's content (an upload), named `name`, read as `reading`
/// says; a reading that cannot be used is refused now, not when a worker takes the job.
pub fn queue_case_import_bytes(
    session: &Session,
    name: &str,
    content: &[u8],
    reading: &CaseReading,
) -> Result<JobInfo> {
    reading.options()?;
    let input = CaseImportInput {
        name: Some(file_name(name, "cases")),
        file: None,
        reading: reading.clone(),
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
    let options = input
        .reading
        .options()
        .map_err(|e| (e.to_string(), false))?;
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
    let report = crate::cases::import_cases(session, &path, &options, None, progress);
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

    #[test]
    fn a_queued_reading_travels_with_the_job_and_a_bad_one_is_refused() {
        let input = CaseImportInput {
            name: Some("socio.csv".into()),
            file: None,
            reading: CaseReading {
                columns: vec!["Destino final=hte_Country@Exploitation".into()],
                encoding: Some("latin1".into()),
                delimiter: Some(';'),
            },
        };
        let stored = serde_json::to_string(&input).unwrap();
        let back: CaseImportInput = serde_json::from_str(&stored).unwrap();
        assert_eq!(back.reading, input.reading, "{stored}");
        let options = back.reading.options().unwrap();
        assert_eq!(options.columns.len(), 1);
        assert_eq!(options.delimiter, Some(b';'));
        assert_eq!(options.encoding, Some(TextEncoding::Windows1252));
        for bad in [
            CaseReading {
                columns: vec!["Destino=hte_Country@Somewhere".into()],
                ..CaseReading::default()
            },
            CaseReading {
                encoding: Some("ebcdic".into()),
                ..CaseReading::default()
            },
            CaseReading {
                delimiter: Some('¦'),
                ..CaseReading::default()
            },
        ] {
            assert!(
                matches!(bad.options(), Err(AppError::Refused(_))),
                "{bad:?}"
            );
        }
    }
}
