//! JSON lines: one case per line, an object whose keys are HTCDS field names (with or without
//! prefix) and whose values are text, numbers, booleans, null, or arrays for multi-valued fields.

use std::collections::VecDeque;
use std::io::BufRead;

use rastro_model::{CaseRecord, Field, HeaderMatch, MULTI_SEPARATOR};
use serde_json::Value;

use crate::columns::OWN_COLUMN_PREFIX;
use crate::conventions::{self, Reading, Sniffer};
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
    /// Lines read ahead as the sample of the file's conventions, given back before the rest.
    sample: VecDeque<(Vec<u8>, bool)>,
    /// Fields whose values this file writes its own way (month-first dates, sex coded H/M).
    readings: Vec<(Field, Reading)>,
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
            sample: VecDeque::new(),
            readings: Vec::new(),
        }
    }

    /// Reads the file's first lines, as a CSV file's first rows are read, to learn how it writes
    /// dates and sex before any line is judged: one export writes `04/15/1990`, another codes
    /// women `M` (mujer). Returns what to tell the user about readings that are not the usual
    /// ones. Lines that are not JSON objects are left for [`Self::next_outcome`] to refuse.
    pub fn read_conventions(&mut self, this_year: i32) -> Vec<String> {
        let fields: Vec<Field> = Field::ALL
            .iter()
            .copied()
            .filter(|f| conventions::may_follow_a_convention(*f))
            .collect();
        let mut sniffer = Sniffer::new(fields.iter().map(|f| Some(*f)), this_year);
        let mut keys: Vec<Option<String>> = vec![None; fields.len()];
        let mut row = 0;
        while self.sample.len() < conventions::SAMPLE_ROWS {
            let Some((bytes, cut)) = self.read_input_line() else {
                break;
            };
            let (text, utf8_ok) = decode(&bytes, self.encoding);
            let trimmed = text.trim();
            if !trimmed.is_empty() {
                // Numbered as `next_outcome` numbers rows, so that a warning's row is the row
                // the summary and the rejects file name.
                row += 1;
                if !cut && utf8_ok {
                    if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(trimmed) {
                        let mut cells = vec![String::new(); fields.len()];
                        for (key, value) in &map {
                            let HeaderMatch::Field(field) = Field::from_header(key) else {
                                continue;
                            };
                            let Some(i) = fields.iter().position(|f| *f == field) else {
                                continue;
                            };
                            cells[i] = cell_text(value);
                            keys[i].get_or_insert_with(|| key.clone());
                        }
                        sniffer.observe(row, &cells);
                    }
                }
            }
            self.sample.push_back((bytes, cut));
        }
        let labels: Vec<String> = fields
            .iter()
            .zip(&keys)
            .map(|(field, key)| format!("key {:?}", key.as_deref().unwrap_or(field.name())))
            .collect();
        let (readings, warnings) = sniffer.decide(&labels);
        self.readings = fields
            .into_iter()
            .zip(readings)
            .filter(|(_, reading)| *reading != Reading::AsWritten)
            .collect();
        warnings
    }

    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The next line: the sample's lines first, then the input's.
    fn read_line(&mut self) -> Option<(Vec<u8>, bool)> {
        if let Some(line) = self.sample.pop_front() {
            return Some(line);
        }
        if self.io_error.is_some() {
            // The sample's read met it; the rows read before it are given back, none after.
            return None;
        }
        self.read_input_line()
    }

    /// Reads one line of the input, keeping at most [`MAX_LINE_BYTES`] of it; returns the bytes
    /// and whether the line was cut.
    fn read_input_line(&mut self) -> Option<(Vec<u8>, bool)> {
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
            return Some(match to_record(row, line, &map, &self.readings) {
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

/// A value as a column's cell would hold it, for the sample: multi-valued arrays joined.
fn cell_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter(|item| !item.is_array() && !item.is_object())
                .map(cell_text)
                .collect();
            parts.join(MULTI_SEPARATOR.encode_utf8(&mut [0; 4]))
        }
        Value::Null | Value::Bool(_) | Value::Object(_) => String::new(),
    }
}

fn to_record(
    row: u64,
    line: u64,
    map: &serde_json::Map<String, Value>,
    readings: &[(Field, Reading)],
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
        let parts = match readings.iter().find(|(f, _)| *f == field) {
            Some((_, reading)) => parts
                .into_iter()
                .map(|part| match conventions::read(*reading, &part) {
                    Ok(read) => read.into_owned(),
                    Err(message) => {
                        problems.push(problem(key, part, message));
                        // The refused value is not read: the line's other problems still are.
                        String::new()
                    }
                })
                .collect(),
            None => parts,
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
