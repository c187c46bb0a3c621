//! What a use case can fail with. Messages say what to do next, because the reader is a person
//! at a terminal or a page, not a program.

use std::path::PathBuf;

use rastro_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Import(#[from] rastro_import::ImportError),
    #[error(transparent)]
    Link(#[from] rastro_link::LinkError),
    #[error(transparent)]
    Stats(#[from] rastro_stats::StatsError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no organisation named {name:?}{}", hint(suggestion))]
    UnknownOrganisation {
        name: String,
        suggestion: Option<String>,
    },
    /// An import stopped after storing part of a file; what it stored stays, and running it
    /// again completes it.
    #[error("importing {file} was interrupted after {rows} rows ({stored} records stored): {cause}; run the same import again to complete it (nothing is stored twice)")]
    ImportInterrupted {
        file: String,
        rows: u64,
        stored: u64,
        cause: String,
    },
    #[error("{0}")]
    Refused(String),
    #[error("a worker thread failed ({0}); no partial results were kept")]
    WorkerFailed(String),
    #[error("{context}: {message}")]
    Screening { context: String, message: String },
}

fn hint(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => {
            format!(
                "; did you mean {s:?}? (organisations are created with `rastro admin create-org`)"
            )
        }
        None => " (organisations are created with `rastro admin create-org`)".to_string(),
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl AppError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> AppError {
        let path = path.into();
        move |source| AppError::Io { path, source }
    }
}
