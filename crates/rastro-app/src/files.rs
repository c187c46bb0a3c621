//! Linkage of files outside the store: deduplicating one CSV or linking two, and linking two CLK
//! files (persons encoded as keyed Bloom filters) without seeing a name.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use rastro_link::{clk, LinkConfig, Linkage, Records, RowError, Table};

use crate::progress::{LinkStages, Progress};
use crate::{AppError, Result};

/// A configuration and the text it was read from (kept with stored runs).
pub struct Config {
    pub config: LinkConfig,
    pub text: String,
}

/// The configuration in `path`, or the built-in one for persons.
pub fn load_config(path: Option<&Path>) -> Result<Config> {
    Ok(match path {
        Some(path) => {
            let text = fs::read_to_string(path).map_err(AppError::io(path))?;
            let config = LinkConfig::from_toml(&text, &path.display().to_string())?;
            Config { config, text }
        }
        None => Config {
            config: LinkConfig::default_person()?,
            text: LinkConfig::default_person_text().to_string(),
        },
    })
}

/// Records read from files, ready to link, with the rows that could not be read.
pub struct FileRecords {
    pub records: Records,
    pub skipped: Vec<RowError>,
    /// Ids used by more than one record of a file, per file (outputs name them ambiguously).
    pub repeated_ids: Vec<(String, Vec<String>)>,
}

/// One CSV file to deduplicate, or two to link, with the columns `config` reads.
pub fn read_csv_files(config: &LinkConfig, files: &[PathBuf]) -> Result<FileRecords> {
    let columns = config.columns();
    let mut tables = Vec::with_capacity(files.len());
    let mut skipped = Vec::new();
    for path in files {
        let file = fs::File::open(path).map_err(AppError::io(path))?;
        let outcome =
            rastro_link::read_csv(file, &path.display().to_string(), &config.id, &columns)?;
        if outcome.table.is_empty() {
            return Err(AppError::Refused(format!(
                "{}: no readable rows",
                path.display()
            )));
        }
        skipped.extend(outcome.skipped);
        tables.push(outcome.table);
    }
    records_of(tables, skipped)
}

/// Two CLK files written by `rastro export clk` with the same key and parameters, and the
/// configuration that links them (from the files' own header) at `threshold`.
pub fn read_clk_files(files: &[PathBuf], threshold: f64) -> Result<(LinkConfig, FileRecords)> {
    if files.len() != 2 {
        return Err(AppError::Refused(
            "CLK linkage links two CLK files: give both".into(),
        ));
    }
    let mut headers = Vec::new();
    let mut tables = Vec::new();
    let mut skipped = Vec::new();
    for path in files {
        let bytes = fs::read(path).map_err(AppError::io(path))?;
        let label = path.display().to_string();
        let text = String::from_utf8_lossy(&bytes);
        let header = clk::header_of(&text, &label)?;
        let outcome =
            rastro_link::read_csv(bytes.as_slice(), &label, "id", &clk::columns(&header))?;
        skipped.extend(outcome.skipped);
        headers.push(header);
        tables.push(outcome.table);
    }
    clk::check_compatible(&headers[0], &headers[1])?;
    let config = clk::link_config(&headers[0], threshold);
    Ok((config, records_of(tables, skipped)?))
}

fn records_of(mut tables: Vec<Table>, skipped: Vec<RowError>) -> Result<FileRecords> {
    let repeated_ids = tables
        .iter()
        .filter_map(|t| {
            let repeated = repeated_ids(t);
            (!repeated.is_empty()).then(|| (t.label.clone(), repeated))
        })
        .collect();
    let records = match tables.len() {
        1 => Records::dedupe(tables.remove(0)),
        _ => {
            let right = tables.remove(1);
            Records::link(tables.remove(0), right)?
        }
    };
    Ok(FileRecords {
        records,
        skipped,
        repeated_ids,
    })
}

/// The first ids a table uses more than once.
fn repeated_ids(table: &Table) -> Vec<String> {
    const SHOWN: usize = 20;
    let mut seen = HashSet::with_capacity(table.len());
    let mut repeated = Vec::new();
    for row in 0..table.len() {
        let id = table.ids.get(row);
        if !seen.insert(id) && repeated.len() < SHOWN {
            repeated.push(id.to_string());
        }
    }
    repeated
}

/// Links the records as `config` says.
pub fn link(config: &LinkConfig, records: &Records, progress: &dyn Progress) -> Result<Linkage> {
    Ok(rastro_link::link(config, records, &LinkStages(progress))?)
}
