//! Transactions in: CSV and JSON lines, streamed row by row.
//!
//! [`open`] (or [`from_reader`]) checks the header and returns a [`TransactionReader`], an
//! iterator of [`Row`]s: each row is a [`Transaction`] or every [`Problem`] found in it (row,
//! line, column, value, reason). A bad row never stops the reading; the caller keeps the good
//! ones. [`read_all`] collects a whole file, leaving out repeats of the same fingerprint.
//!
//! Columns are named as in [`crate::txn::COLUMNS`] or by the synonyms banks of the region write
//! (`monto`, `moneda`, `cuenta_origen`, `data_hora`…); an optional `zone` column gives the offset
//! to date-times written without one.

mod csv_rows;
mod fields;
mod jsonl;

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::Serialize;

pub use fields::HeaderError;

use crate::txn::{Fingerprint, Transaction};

/// A problem with one value of a row (or with the whole row, when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based data row: the header is not counted.
    pub row: u64,
    /// The physical line where the row starts.
    pub line: u64,
    pub column: String,
    pub value: String,
    pub message: String,
}

/// One row of the file, judged.
#[derive(Debug, Clone)]
pub struct Row {
    pub row: u64,
    pub line: u64,
    pub outcome: Result<Transaction, Vec<Problem>>,
}

/// The formats transactions are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    /// JSON lines for `.jsonl`, `.ndjson` and `.json`; CSV otherwise.
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Format::JsonLines,
            _ => Format::Csv,
        }
    }
}

/// Why a file cannot be read at all (as opposed to problems with some of its rows).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {name}: {error}")]
    Io { name: String, error: std::io::Error },
    #[error("{name} is empty: no header row")]
    Empty { name: String },
    #[error("{name}: {error}")]
    Header { name: String, error: HeaderError },
}

enum Inner {
    Csv(csv_rows::CsvRows),
    Jsonl(jsonl::JsonlRows),
}

/// A transaction file being read, row by row.
pub struct TransactionReader {
    inner: Inner,
    unknown_columns: Vec<String>,
}

impl TransactionReader {
    /// Header names that are not a field and whose values are ignored (CSV only).
    pub fn unknown_columns(&self) -> &[String] {
        &self.unknown_columns
    }
}

impl Iterator for TransactionReader {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        match &mut self.inner {
            Inner::Csv(rows) => rows.next(),
            Inner::Jsonl(rows) => rows.next(),
        }
    }
}

/// Opens a transaction file, its format chosen by its extension.
pub fn open(path: &Path) -> Result<TransactionReader, ReadError> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|error| ReadError::Io {
        name: name.clone(),
        error,
    })?;
    from_reader(Box::new(file), Format::from_path(path), &name)
}

/// Reads transactions from any reader; `name` is used in messages.
pub fn from_reader(
    input: Box<dyn Read + Send>,
    format: Format,
    name: &str,
) -> Result<TransactionReader, ReadError> {
    let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(256 * 1024, input));
    let io = |error| ReadError::Io {
        name: name.to_string(),
        error,
    };
    // A UTF-8 byte order mark is how Excel says "UTF-8"; it is not part of the first header.
    let head = reader.fill_buf().map_err(io)?;
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.consume(3);
    }
    match format {
        Format::Csv => {
            let rows = csv_rows::CsvRows::new(reader).map_err(|e| match e {
                csv_rows::OpenError::Io(error) => ReadError::Io {
                    name: name.to_string(),
                    error,
                },
                csv_rows::OpenError::Empty => ReadError::Empty {
                    name: name.to_string(),
                },
                csv_rows::OpenError::Header(error) => ReadError::Header {
                    name: name.to_string(),
                    error,
                },
            })?;
            let unknown_columns = rows.unknown_columns();
            Ok(TransactionReader {
                inner: Inner::Csv(rows),
                unknown_columns,
            })
        }
        Format::JsonLines => Ok(TransactionReader {
            inner: Inner::Jsonl(jsonl::JsonlRows::new(reader)),
            unknown_columns: Vec::new(),
        }),
    }
}

/// A whole file's transactions and problems.
#[derive(Debug, Default)]
pub struct ReadSummary {
    pub transactions: Vec<Transaction>,
    pub problems: Vec<Problem>,
    /// Data rows read (good, bad and repeated).
    pub rows: u64,
    /// Rows refused for their problems.
    pub rejected: u64,
    /// Rows whose fingerprint an earlier row of the same file already had.
    pub repeated: u64,
}

/// Reads every row, keeping the good transactions (each fingerprint once) and every problem.
pub fn read_all(reader: TransactionReader) -> ReadSummary {
    let mut summary = ReadSummary::default();
    let mut seen: HashSet<Fingerprint> = HashSet::new();
    for row in reader {
        summary.rows += 1;
        match row.outcome {
            Ok(t) => {
                if seen.insert(t.fingerprint()) {
                    summary.transactions.push(t);
                } else {
                    summary.repeated += 1;
                }
            }
            Err(mut problems) => {
                summary.rejected += 1;
                summary.problems.append(&mut problems);
            }
        }
    }
    summary
}
