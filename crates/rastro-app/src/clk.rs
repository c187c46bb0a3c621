//! Persons as keyed Bloom-filter encodings (CLKs), for linkage between organisations without
//! exchanging names: both use the same key file, exchanged out of band, and either side or a
//! third party links the CLK files.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::session::Session;
use rastro_link::clk::{self, ClkEncoder, ClkSpec};

use crate::persons::persons_table;
use crate::{AppError, Result};

/// Whose persons are encoded.
pub enum PersonSource<'a> {
    /// A CSV file, with its id column.
    File { path: &'a Path, id_column: &'a str },
    /// The persons of every case the organisation may see (case ids as record ids).
    Store(&'a Session),
}

/// What an encoding wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClkReport {
    pub persons: usize,
    /// Rows of a CSV that could not be read.
    pub skipped: usize,
}

/// Encodes the persons of `source` with the key in `key_file` as `spec` says.
pub fn export_clk(
    key_file: &Path,
    spec: ClkSpec,
    source: PersonSource<'_>,
    out: Box<dyn Write>,
) -> Result<ClkReport> {
    let key_bytes = fs::read(key_file).map_err(AppError::io(key_file))?;
    let key = clk::key_from_bytes(&key_bytes, &key_file.display().to_string())?;
    let (table, skipped) = match source {
        PersonSource::File { path, id_column } => {
            let label = path.display().to_string();
            let file = fs::File::open(path).map_err(AppError::io(path))?;
            let outcome = rastro_link::read_csv(file, &label, id_column, &spec.columns())?;
            for error in &outcome.skipped {
                tracing::warn!("skipped: {error}");
            }
            (outcome.table, outcome.skipped.len())
        }
        PersonSource::Store(session) => (persons_table(session)?, 0),
    };
    if table.is_empty() {
        return Err(AppError::Refused("no persons to encode".into()));
    }
    let encoder = ClkEncoder::new(&key, spec)?;
    encoder.write(&table, out)?;
    Ok(ClkReport {
        persons: table.len(),
        skipped,
    })
}
