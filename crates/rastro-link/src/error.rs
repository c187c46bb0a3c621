//! Errors of the linkage engine. Each names the file, line, column or configuration key at fault,
//! because the person reading it has to fix a file, not debug a program.

use std::path::PathBuf;

/// Everything that stops a linkage run.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("{file}: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("configuration {file}: {message}")]
    Config { file: String, message: String },
    #[error("{file}: the file is empty (no header line)")]
    EmptyFile { file: String },
    #[error("{file}: the file has a header but no data rows")]
    NoRows { file: String },
    #[error("{file}: header line: {message}")]
    Header { file: String, message: String },
    #[error("{file}: column(s) named in the configuration are missing: {missing}; the file has: {available}")]
    MissingColumns {
        file: String,
        missing: String,
        available: String,
    },
    #[error("{file}: the two files to link have different columns for `{column}`")]
    ColumnMismatch { file: String, column: String },
    #[error("blocking rule {index} (`{rule}`) would compare {pairs} pairs, more than the limit of {limit}; make the rule more specific (add a column) or lower max_block_size")]
    TooManyPairs {
        index: usize,
        rule: String,
        pairs: u64,
        limit: u64,
    },
    #[error("without blocking rules every pair is compared: {pairs} pairs, more than the limit of {limit}; add blocking rules")]
    NoBlocking { pairs: u64, limit: u64 },
    #[error("{file}: line {line}: {message}")]
    Clk {
        file: String,
        line: u64,
        message: String,
    },
    #[error("the two CLK files were not made with the same key and parameters ({left} vs {right}); both sides must export with the same key file and settings")]
    ClkMismatch { left: String, right: String },
    #[error("key file {file}: {message}")]
    Key { file: String, message: String },
    #[error("{0}")]
    Invalid(String),
}

/// A row that could not be read; the run goes on without it and the caller reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    /// The column at fault, when one is.
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(
                f,
                "{}: line {}: column `{}`: {}",
                self.file, self.line, column, self.message
            ),
            None => write!(f, "{}: line {}: {}", self.file, self.line, self.message),
        }
    }
}
