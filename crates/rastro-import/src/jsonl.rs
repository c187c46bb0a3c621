//! JSON lines: one case per line, an object whose keys are HTCDS field names (with or without
//! prefix) and whose values are text, numbers, booleans, null, or arrays for multi-valued fields.

use std::io::BufRead;

use rastro_model::{CaseRecord, Field, HeaderMatch};
use serde_json::Value;

use crate::columns::OWN_COLUMN_PREFIX;
use crate::encoding::{decode, TextEncoding};
use crate::lines::read_bounded_line;
use crate::{Problem, RawRow, RowOutcome};

/// Longest line read; a longer one is rejected without being held in memory whole.
const MAX_LINE_BYTES: usize = 4 << 20;

pub struct JsonlReader<R> {
    input: R,
    encoding: TextEncoding,
    line: u64,
    row: u64,
    bytes_read: u64,
    importer: Option<String>,
    pub io_error: Option<std::io::Error>,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(input: R, encoding: TextEncoding, importer: Option<String>) -> Self {
        JsonlReader {
            input,
            encoding,
            line: 0,
            row: 0,
            bytes_read: 0,
            importer,
            io_error: None,
        }
    }

    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Reads one line, keeping at most [`MAX_LINE_BYTES`] of it; returns the bytes and whether the
    /// line was cut.
    fn read_line(&mut self) -> Option<(Vec<u8>, bool)> {
        match read_bounded_line(&mut self.input, MAX_LINE_BYTES) {
            Ok(Some(line)) => {
                self.bytes_read += line.consumed as u64;
                Some((line.bytes, line.cut))
            }
            Ok(None) => None,
            Err(e) => {
                self.io_error = Some(e);
                None
            }
        }
    }

    pub fn next_outcome(&mut self) -> Option<RowOutcome> {
        loop {
            let (bytes, cut) = self.read_line()?;
            self.line += 1;
            let line = self.line;
            let (text, utf8_ok) = decode(&bytes, self.encoding);
            let trimmed = text.trim();
            if trimmed.is_empty() {
                continue;
            }
            self.row += 1;
            let row = self.row;
            let reject = |message: String| RowOutcome::Rejected {
                row,
                line,
                raw: RawRow::Line(trimmed.chars().take(10_000).collect()),
                problems: vec![Problem {
                    row,
                    line,
                    column: String::new(),
                    value: String::new(),
                    message,
                }],
            };
            if cut {
                return Some(reject(format!(
                    "line longer than {} MiB; not read",
                    MAX_LINE_BYTES >> 20
                )));
            }
            if !utf8_ok {
                return Some(reject("invalid UTF-8 in the line".to_string()));
            }
            let value: Value = match serde_json::from_str(trimmed) {
                Ok(v) => v,
                Err(e) => return Some(reject(format!("not valid JSON: {e}"))),
            };
            let Value::Object(map) = value else {
                return Some(reject(
                    "expected a JSON object with HTCDS field names as keys".into(),
                ));
            };
            let owner = map
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(crate::export::OWNER_COLUMN))
                .and_then(|(_, v)| v.as_str())
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_string);
            if let Some(problem) = crate::owner_problem(row, line, owner, &self.importer) {
                return Some(RowOutcome::Rejected {
                    row,
                    line,
                    raw: RawRow::Line(trimmed.to_string()),
                    problems: vec![problem],
                });
            }
            return Some(match to_record(row, line, &map) {
                Ok(record) => crate::valid(row, line, record),
                Err(problems) => RowOutcome::Rejected {
                    row,
                    line,
                    raw: RawRow::Line(trimmed.to_string()),
                    problems,
                },
            });
        }
    }
}

fn to_record(
    row: u64,
    line: u64,
    map: &serde_json::Map<String, Value>,
) -> Result<CaseRecord, Vec<Problem>> {
    let mut record = CaseRecord::default();
    let mut problems = Vec::new();
    let mut event_counts = Vec::new();
    let problem = |column: &str, value: String, message: String| Problem {
        row,
        line,
        column: column.to_string(),
        value,
        message,
    };
    for (key, value) in map {
        if key.to_ascii_lowercase().starts_with(OWN_COLUMN_PREFIX) {
            continue;
        }
        let field = match Field::from_header(key) {
            HeaderMatch::Field(f) => f,
            // Unknown keys (ids, notes) are common in JSON exports; they are not HTCDS data.
            // JSON lines carry Rastro's own or HTCDS keys; a stage's column is a spreadsheet's.
            HeaderMatch::Unknown { .. } | HeaderMatch::Event(..) => continue,
            HeaderMatch::Ambiguous(_) => {
                problems.push(problem(
                    key,
                    String::new(),
                    format!("key {key:?} needs its prefix (e.g. hte_{key})"),
                ));
                continue;
            }
        };
        let parts: Vec<String> = match value {
            Value::Null => Vec::new(),
            Value::String(s) if field.is_multi() => s.split(';').map(str::to_string).collect(),
            Value::String(s) => vec![s.clone()],
            Value::Number(n) => vec![n.to_string()],
            Value::Bool(b) => vec![b.to_string()],
            Value::Array(items) => {
                let mut parts = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => parts.push(s.clone()),
                        Value::Number(n) => parts.push(n.to_string()),
                        Value::Null => parts.push(String::new()),
                        other => {
                            problems.push(problem(
                                key,
                                other.to_string(),
                                "array items must be text or numbers".into(),
                            ));
                        }
                    }
                }
                parts
            }
            Value::Object(_) => {
                problems.push(problem(
                    key,
                    "{…}".into(),
                    "expected text, a number or an array".into(),
                ));
                continue;
            }
        };
        let parts = if parts.iter().all(|p| p.trim().is_empty()) {
            Vec::new()
        } else {
            parts
        };
        if field.is_event() {
            event_counts.push((field, parts.len()));
        }
        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
        if let Err(e) = record.set_parts(field, &refs) {
            problems.push(problem(key, e.value, e.message));
        }
    }
    if problems.is_empty() {
        for e in record.check(&event_counts) {
            problems.push(problem(e.field.name(), e.value, e.message));
        }
    }
    if problems.is_empty() {
        Ok(record)
    } else {
        Err(problems)
    }
}
