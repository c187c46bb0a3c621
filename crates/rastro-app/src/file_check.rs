//! What a case file would import, found without storing anything: its format, the first rows as
//! they will be read, and every row that would be rejected with its row, column, value and
//! reason. The page shows it before the import; the errors download as CSV.

use std::path::Path;

use rastro_import::{ImportOptions, Problem, RowOutcome};
use rastro_model::CaseSummary;
use serde::Serialize;

use crate::session::Session;
use crate::Result;

/// Rows shown in a preview.
pub const PREVIEW_ROWS: usize = 10;

#[derive(Debug, Serialize)]
pub struct PreviewRow {
    pub row: u64,
    /// The descriptive values a summary would show (`field=value`), for a valid row.
    pub summary: Vec<(String, String)>,
    /// Why the row would be rejected.
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FileCheck {
    pub format: String,
    pub headers: Vec<String>,
    pub warnings: Vec<String>,
    pub preview: Vec<PreviewRow>,
    pub rows: u64,
    pub valid: u64,
    pub problems: Vec<Problem>,
}

/// Reads the whole file as an import would, for the session's organisation, storing nothing.
pub fn check_file(session: &Session, path: &Path, options: &ImportOptions) -> Result<FileCheck> {
    let options = ImportOptions {
        importer: Some(session.organisation().name.clone()),
        ..options.clone()
    };
    let mut source = rastro_import::open(path, &options)?;
    let info = source.info().clone();
    let headers = source.headers().map(<[String]>::to_vec).unwrap_or_default();
    let mut check = FileCheck {
        format: info.format.name().to_string(),
        headers,
        warnings: info.warnings.clone(),
        preview: Vec::new(),
        rows: 0,
        valid: 0,
        problems: Vec::new(),
    };
    for outcome in source.by_ref() {
        check.rows += 1;
        let preview = check.preview.len() < PREVIEW_ROWS;
        match outcome {
            RowOutcome::Valid { row, record, .. } => {
                check.valid += 1;
                if preview {
                    check.preview.push(PreviewRow {
                        row,
                        summary: CaseSummary::of(&record.without_personal())
                            .describe()
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect(),
                        problems: Vec::new(),
                    });
                }
            }
            RowOutcome::Rejected { row, problems, .. } => {
                if preview {
                    check.preview.push(PreviewRow {
                        row,
                        summary: Vec::new(),
                        problems: problems
                            .iter()
                            .map(|p| format!("{}: {}", p.column, p.message))
                            .collect(),
                    });
                }
                check.problems.extend(problems);
            }
        }
    }
    if let Some(error) = source.take_io_error() {
        return Err(crate::AppError::Io {
            path: path.to_path_buf(),
            source: error,
        });
    }
    Ok(check)
}

/// A cell a spreadsheet will not run: values from an uploaded file that start like a formula get
/// a leading apostrophe.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The problems as CSV: row, line, column, value, reason.
pub fn problems_csv(problems: &[Problem]) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| crate::AppError::Refused(format!("writing CSV: {e}"));
    writer
        .write_record(["row", "line", "column", "value", "reason"])
        .map_err(csv_error)?;
    for p in problems {
        writer
            .write_record([
                p.row.to_string(),
                p.line.to_string(),
                inert(&p.column),
                inert(&p.value),
                inert(&p.message),
            ])
            .map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|e| crate::AppError::Refused(format!("writing CSV: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_in_a_bad_row_does_not_run_in_the_errors_file() {
        let problems = vec![Problem {
            row: 3,
            line: 4,
            column: "prs_FirstName".into(),
            value: "=HYPERLINK(\"http://x\")".into(),
            message: "not a name".into(),
        }];
        let csv = String::from_utf8(problems_csv(&problems).unwrap()).unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        assert!(csv.starts_with("row,line,column,value,reason"));
    }
}
