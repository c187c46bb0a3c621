//! HTCDS case files in and out.
//!
//! [`open`] reads a CSV, Excel/ODS or JSON lines file as a stream of [`RowOutcome`]s: each row is
//! either a validated [`CaseRecord`] with its stable key, or the row's cells with every problem
//! found in it (row, column, value, reason). Nothing here stores anything: the caller decides what
//! to do with valid records and rejected rows. [`export`] writes records back as CSV or JSON lines.

mod columns;
mod conventions;
pub mod csv;
pub mod encoding;
pub mod export;
mod jsonl;
mod lines;
pub mod rejects;
mod sheet;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use rastro_model::{CaseRecord, CompactParts};
use serde::Serialize;

pub use columns::{Columns, HeaderError, OWN_COLUMN_PREFIX};
pub use encoding::TextEncoding;

/// A problem with one value (or the whole row when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based data row: the header is not counted.
    pub row: u64,
    /// Where the row starts in the file: physical line of a text file, sheet row of a spreadsheet.
    pub line: u64,
    pub column: String,
    pub value: String,
    pub message: String,
}

/// The formats Rastro reads case files in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Spreadsheet,
    JsonLines,
}

impl Format {
    /// Guesses the format from the file name; CSV when the extension says nothing.
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Format::Spreadsheet,
            "jsonl" | "ndjson" | "json" => Format::JsonLines,
            _ => Format::Csv,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Spreadsheet => "spreadsheet",
            Format::JsonLines => "JSON lines",
        }
    }
}

/// How to read a file when its own bytes should not decide.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub format: Option<Format>,
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<u8>,
    /// The organisation importing. A row that a Rastro export marks as another organisation's
    /// (`rastro_owner`) is rejected: a copy of someone else's shared record must not become a
    /// private record beyond its owner's control.
    pub importer: Option<String>,
    /// Columns of a CSV file or spreadsheet whose header the user names the field of (header as
    /// written, compared without case, accents or punctuation), before the HTCDS names and the
    /// partners' headers Rastro knows.
    pub columns: Vec<(String, rastro_model::HeaderMatch)>,
}

/// Why a row marked with an owner may not be imported by `importer`, if it may not.
pub(crate) fn owner_problem(
    row: u64,
    line: u64,
    owner: Option<String>,
    importer: &Option<String>,
) -> Option<Problem> {
    let owner = owner?;
    let importer = importer.as_deref()?;
    if owner.trim().eq_ignore_ascii_case(importer.trim()) {
        return None;
    }
    Some(Problem {
        row,
        line,
        column: crate::export::OWNER_COLUMN.to_string(),
        value: owner.clone(),
        message: format!(
            "this record belongs to {owner:?} (exported from Rastro); only {owner:?} may import \
             it; ask them to share it instead"
        ),
    })
}

/// Why a file could not be read at all (as opposed to problems with some of its rows).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path} is empty: no header row")]
    Empty { path: String },
    #[error("{path} is UTF-16 encoded; save it as UTF-8 (or CSV UTF-8 in Excel)")]
    Utf16 { path: String },
    #[error("{path} is not a text file (it contains binary data); is it a spreadsheet with the wrong extension?")]
    Binary { path: String },
    #[error("{path}: {error}")]
    Header { path: String, error: HeaderError },
    #[error("{path}: cannot read the spreadsheet: {message}")]
    Spreadsheet { path: String, message: String },
}

/// What the reader found out about the file.
#[derive(Debug, Clone)]
pub struct SourceInfo {
    pub format: Format,
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<u8>,
    /// Header problems that do not stop the import (skipped columns, a skipped label row).
    pub warnings: Vec<String>,
    /// Total size in bytes, for progress.
    pub size: u64,
}

/// The cells of a rejected row, as they were in the file, for the rejects file.
#[derive(Debug, Clone, PartialEq)]
pub enum RawRow {
    Cells(Vec<String>),
    Line(String),
}

/// One row of the file, judged.
#[derive(Debug, Clone)]
pub enum RowOutcome {
    Valid {
        row: u64,
        line: u64,
        record: Box<CaseRecord>,
        /// The compact forms of the record's two parts, as they are stored.
        parts: CompactParts,
        /// The stable key: a hash of the record's whole compact text ([`record_key`]).
        key: String,
    },
    Rejected {
        row: u64,
        line: u64,
        raw: RawRow,
        problems: Vec<Problem>,
    },
}

enum Inner {
    /// The reader, the columns, and the rows read ahead as the sample of the file's conventions.
    Csv(
        csv::CsvReader<Box<dyn BufRead + Send>>,
        Columns,
        VecDeque<csv::RawRecord>,
    ),
    Sheet(sheet::SheetRows, Columns),
    Jsonl(jsonl::JsonlReader<Box<dyn BufRead + Send>>),
}

/// A case file being read, row by row.
pub struct CaseSource {
    inner: Inner,
    info: SourceInfo,
    row: u64,
    importer: Option<String>,
}

/// Opens a case file. Errors here mean the file cannot be read at all; row problems come later,
/// from the iterator.
pub fn open(path: &Path, options: &ImportOptions) -> Result<CaseSource, ImportError> {
    let shown = path.display().to_string();
    let io = |error| ImportError::Io {
        path: shown.clone(),
        error,
    };
    let format = options.format.unwrap_or_else(|| Format::from_path(path));
    if format == Format::Spreadsheet {
        let (rows, warnings) =
            sheet::read(path, &options.columns).map_err(|message| ImportError::Spreadsheet {
                path: shown.clone(),
                message,
            })?;
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let mut source = from_sheet_rows(rows, warnings, size, &shown, &options.columns)?;
        source.importer = options.importer.clone();
        return Ok(source);
    }
    let file = File::open(path).map_err(io)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    from_reader(Box::new(file), size, format, options, &shown)
}

/// Reads a text format (CSV or JSON lines) from any reader; `name` is used in messages.
pub fn from_reader(
    mut input: Box<dyn Read + Send>,
    size: u64,
    format: Format,
    options: &ImportOptions,
    name: &str,
) -> Result<CaseSource, ImportError> {
    let io = |error| ImportError::Io {
        path: name.to_string(),
        error,
    };
    let mut head = Vec::with_capacity(64 * 1024);
    (&mut input)
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(io)?;
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty {
            path: name.to_string(),
        });
    }
    let detection = encoding::detect(&head).map_err(|e| match e {
        encoding::DetectionError::Utf16 => ImportError::Utf16 {
            path: name.to_string(),
        },
        encoding::DetectionError::Binary => ImportError::Binary {
            path: name.to_string(),
        },
    })?;
    let encoding = options.encoding.unwrap_or(detection.encoding);
    let body = head.split_off(detection.bom_len);
    let sniffed_delimiter = csv::sniff_delimiter(&body);
    let reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(
        256 * 1024,
        std::io::Cursor::new(body).chain(input),
    ));
    let mut info = SourceInfo {
        format,
        encoding: Some(encoding),
        delimiter: None,
        warnings: Vec::new(),
        size,
    };
    if encoding != TextEncoding::Utf8 {
        info.warnings.push(format!("read as {}", encoding.name()));
    }
    let inner = match format {
        Format::JsonLines => {
            let mut reader = jsonl::JsonlReader::new(reader, encoding, options.importer.clone());
            info.warnings
                .extend(reader.read_conventions(rastro_model::Date::today().year()));
            Inner::Jsonl(reader)
        }
        Format::Csv | Format::Spreadsheet => {
            let delimiter = options.delimiter.unwrap_or(sniffed_delimiter);
            info.delimiter = Some(delimiter);
            let mut reader = csv::CsvReader::new(reader, encoding, delimiter);
            let mut header = reader.next_record().ok_or_else(|| ImportError::Empty {
                path: name.to_string(),
            })?;
            if !columns::names_a_field(&header.fields, &options.columns) {
                // Nothing would be imported with this row as the header, so looking further
                // down for the table's own header loses nothing.
                for _ in 0..columns::MAX_ROWS_ABOVE_HEADER {
                    let Some(next) = reader.next_record() else {
                        break;
                    };
                    if columns::names_a_field(&next.fields, &options.columns) {
                        info.warnings.push(format!(
                            "lines 1–{} above the header (line {}) are skipped",
                            next.line - 1,
                            next.line
                        ));
                        header = next;
                        break;
                    }
                }
            }
            let mut columns =
                Columns::from_header(header.fields, &options.columns).map_err(|error| {
                    ImportError::Header {
                        path: name.to_string(),
                        error,
                    }
                })?;
            reader.set_expected_width(columns.headers.len());
            let mut sample = VecDeque::new();
            let mut sniffer = columns.sniffer();
            if sniffer.has_work() {
                while sample.len() < conventions::SAMPLE_ROWS {
                    let Some(record) = reader.next_record() else {
                        break;
                    };
                    sniffer.observe(sample.len() as u64 + 1, &record.fields);
                    sample.push_back(record);
                }
                columns.adopt(sniffer);
            }
            info.warnings.extend(columns.warnings.iter().cloned());
            Inner::Csv(reader, columns, sample)
        }
    };
    Ok(CaseSource {
        inner,
        info,
        row: 0,
        importer: options.importer.clone(),
    })
}

fn from_sheet_rows(
    mut rows: sheet::SheetRows,
    mut warnings: Vec<String>,
    size: u64,
    name: &str,
    named: &[(String, rastro_model::HeaderMatch)],
) -> Result<CaseSource, ImportError> {
    let empty = || ImportError::Empty {
        path: name.to_string(),
    };
    // A title and blank rows above the table are skipped when the first row names no field.
    let top = rows.peek(columns::MAX_ROWS_ABOVE_HEADER + 1);
    let first = top.front().ok_or_else(empty)?;
    let start = if columns::names_a_field(&first.1, named) {
        0
    } else {
        top.iter()
            .position(|(_, cells)| columns::names_a_field(cells, named))
            .unwrap_or(0)
    };
    if start > 0 {
        let header_row = top[start].0;
        warnings.push(format!(
            "sheet rows 1–{} above the header (row {header_row}) are skipped",
            header_row - 1,
        ));
    }
    for _ in 0..start {
        rows.next_row();
    }
    let (_, header) = rows.next_row().ok_or_else(empty)?;
    let mut columns = Columns::from_header(header, named).map_err(|error| ImportError::Header {
        path: name.to_string(),
        error,
    })?;
    // The HTCDS template has a second header row of labels (in another order than the names).
    let label_row = rows
        .peek(1)
        .front()
        .filter(|(_, cells)| sheet::is_label_row(cells))
        .map(|(line, _)| *line);
    if let Some(line) = label_row {
        rows.next_row();
        columns.warnings.push(format!(
            "sheet row {line} holds field labels and is skipped"
        ));
    }
    let mut sniffer = columns.sniffer();
    if sniffer.has_work() {
        for (row, (_, cells)) in rows.peek(conventions::SAMPLE_ROWS).iter().enumerate() {
            sniffer.observe(row as u64 + 1, cells);
        }
        columns.adopt(sniffer);
    }
    warnings.extend(columns.warnings.iter().cloned());
    if let Some(message) = rows.take_error() {
        return Err(ImportError::Spreadsheet {
            path: name.to_string(),
            message,
        });
    }
    Ok(CaseSource {
        inner: Inner::Sheet(rows, columns),
        info: SourceInfo {
            format: Format::Spreadsheet,
            encoding: None,
            delimiter: None,
            warnings,
            size,
        },
        row: 0,
        importer: None,
    })
}

impl CaseSource {
    pub fn info(&self) -> &SourceInfo {
        &self.info
    }

    /// The header as written in the file (for the rejects file); JSON lines have none.
    pub fn headers(&self) -> Option<&[String]> {
        match &self.inner {
            Inner::Csv(_, c, _) | Inner::Sheet(_, c) => Some(&c.headers),
            Inner::Jsonl(_) => None,
        }
    }

    /// Bytes read so far (text formats), for progress.
    pub fn bytes_read(&self) -> u64 {
        match &self.inner {
            Inner::Csv(r, ..) => r.bytes_read(),
            Inner::Jsonl(r) => r.bytes_read(),
            Inner::Sheet(..) => 0,
        }
    }

    /// An I/O error that ended the stream early, if one happened.
    pub fn take_io_error(&mut self) -> Option<std::io::Error> {
        match &mut self.inner {
            Inner::Csv(r, ..) => r.io_error.take(),
            Inner::Jsonl(r) => r.io_error.take(),
            Inner::Sheet(rows, _) => rows.take_error().map(std::io::Error::other),
        }
    }
}

impl Iterator for CaseSource {
    type Item = RowOutcome;

    fn next(&mut self) -> Option<RowOutcome> {
        loop {
            let importer = &self.importer;
            match &mut self.inner {
                Inner::Csv(reader, columns, sample) => {
                    let raw = match sample.pop_front() {
                        Some(record) => csv::CsvRow::from(record),
                        None => reader.next_row()?,
                    };
                    self.row += 1;
                    if raw.problem.is_none() && columns.is_blank(&raw.cells) {
                        continue;
                    }
                    return Some(judge(
                        self.row,
                        raw.line,
                        &raw.cells,
                        raw.problem,
                        columns,
                        importer,
                    ));
                }
                Inner::Sheet(rows, columns) => {
                    let (line, mut cells) = rows.next_row()?;
                    self.row += 1;
                    // A streamed row ends at its last filled cell; cells past the header's last
                    // column have no field, as an unnamed column's have none.
                    cells.resize(columns.headers.len(), String::new());
                    if columns.is_blank(&cells) {
                        continue;
                    }
                    return Some(judge(self.row, line, &cells, None, columns, importer));
                }
                Inner::Jsonl(reader) => return reader.next_outcome(),
            }
        }
    }
}

/// The outcome of one row of cells: its syntax problem, the problems of its values, another
/// owner's mark, or its valid record. The cells are copied only for a rejected row, which the
/// rejects file shows as it was.
fn judge<S: AsRef<str>>(
    row: u64,
    line: u64,
    cells: &[S],
    syntax_problem: Option<String>,
    columns: &Columns,
    importer: &Option<String>,
) -> RowOutcome {
    let rejected = |problems: Vec<Problem>| RowOutcome::Rejected {
        row,
        line,
        raw: RawRow::Cells(cells.iter().map(|c| c.as_ref().to_string()).collect()),
        problems,
    };
    if let Some(message) = syntax_problem {
        return rejected(vec![Problem {
            row,
            line,
            column: String::new(),
            value: String::new(),
            message,
        }]);
    }
    match columns.record(row, line, cells) {
        Ok(record) => match owner_problem(row, line, columns.owner_of(cells), importer) {
            Some(problem) => rejected(vec![problem]),
            None => valid(row, line, record),
        },
        Err(problems) => rejected(problems),
    }
}

/// The stable key of a record: a 128-bit hash of its canonical compact text, so the same record
/// read from any format, any column order or any encoding gets the same key.
pub fn record_key(record: &CaseRecord) -> String {
    key_of(&record.to_compact())
}

fn key_of(canonical: &str) -> String {
    hex_128(xxhash_rust::xxh3::xxh3_128(canonical.as_bytes()))
}

/// `format!("{:032x}", n)`, digit by digit: every valid row is keyed.
fn hex_128(n: u128) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..32)
        .rev()
        .map(|i| char::from(DIGITS[((n >> (i * 4)) & 0xf) as usize]))
        .collect()
}

/// A valid row, with its key and the compact parts it is stored as computed here, off the
/// storing thread, from one writing of the record.
pub(crate) fn valid(row: u64, line: u64, record: CaseRecord) -> RowOutcome {
    let (whole, parts) = record.to_compact_forms();
    RowOutcome::Valid {
        row,
        line,
        key: key_of(&whole),
        parts,
        record: Box::new(record),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// First names of the valid rows, and the rows' (row, line) numbers.
    fn imported(source: CaseSource) -> Vec<(String, u64, u64)> {
        source
            .filter_map(|outcome| match outcome {
                RowOutcome::Valid {
                    row, line, record, ..
                } => Some((
                    record.person.first_name.clone().unwrap_or_default(),
                    row,
                    line,
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn keys_are_written_as_32_hex_digits() {
        for n in [
            0,
            1,
            0xabc,
            u128::MAX,
            0x0123_4567_89ab_cdef_fedc_ba98_7654_3210,
        ] {
            assert_eq!(hex_128(n), format!("{n:032x}"));
        }
    }

    #[test]
    fn a_valid_row_carries_its_stored_parts_and_the_key_of_its_whole_text() {
        let mut record = CaseRecord::default();
        record
            .set(rastro_model::Field::PrsFirstName, "Ana")
            .unwrap();
        record.set(rastro_model::Field::HteCountry, "PE").unwrap();
        let RowOutcome::Valid { key, parts, .. } = valid(1, 2, record.clone()) else {
            panic!("a valid row");
        };
        assert_eq!(key, record_key(&record));
        let (open, personal) = record.to_compact_parts();
        assert_eq!((parts.open, parts.personal), (open, personal));
    }

    #[test]
    fn a_title_above_a_csv_table_is_skipped_and_lines_still_count_from_the_top() {
        let text = "Casos atendidos 2024;;\nRefugio Esperanza;;\n;;\nNombre;Apellidos;Nacionalidad\nAna;Rojas;peruana\n";
        let source = from_reader(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            text.len() as u64,
            Format::Csv,
            &ImportOptions::default(),
            "casos.csv",
        )
        .unwrap();
        assert_eq!(
            source.info().warnings,
            ["lines 1–3 above the header (line 4) are skipped"]
        );
        assert_eq!(imported(source), [("Ana".to_string(), 1, 5)]);
    }

    /// A sheet of the given rows, each its sheet row number and cells.
    fn sheet_source(rows: &[(u64, &[&str])]) -> CaseSource {
        let rows = rows
            .iter()
            .map(|(line, cells)| (*line, cells.iter().map(|c| c.to_string()).collect()))
            .collect();
        from_sheet_rows(
            sheet::SheetRows::from_rows(rows),
            Vec::new(),
            0,
            "casos.xlsx",
            &[],
        )
        .unwrap()
    }

    #[test]
    fn a_title_above_a_sheets_table_is_skipped() {
        let source = sheet_source(&[
            (1, &["Registro de víctimas"]),
            (3, &["Nombre", "País de origen"]),
            (4, &["Luz", "Bolivia"]),
        ]);
        assert_eq!(
            source.info().warnings,
            ["sheet rows 1–2 above the header (row 3) are skipped"]
        );
        assert_eq!(imported(source), [("Luz".to_string(), 1, 4)]);
    }

    /// A text file of the given format, read with the default options.
    fn text_source(text: &str, format: Format, name: &str) -> CaseSource {
        from_reader(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            text.len() as u64,
            format,
            &ImportOptions::default(),
            name,
        )
        .unwrap()
    }

    fn csv_source(text: &str) -> CaseSource {
        text_source(text, Format::Csv, "casos.csv")
    }

    /// Each valid row's first name, gender and birth date; each rejected row's messages.
    fn read_back(source: CaseSource) -> Vec<String> {
        source
            .map(|outcome| match outcome {
                RowOutcome::Valid { record, .. } => format!(
                    "{} {:?} {}",
                    record.person.first_name.clone().unwrap_or_default(),
                    record.person.gender,
                    record
                        .person
                        .birthdate
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ),
                RowOutcome::Rejected { row, problems, .. } => format!(
                    "row {row}: {}",
                    problems
                        .iter()
                        .map(|p| format!("{}: {}", p.column, p.message))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ),
            })
            .collect()
    }

    #[test]
    fn a_file_coding_sex_h_m_is_read_as_it_codes_past_its_sample() {
        let mut text = String::from("Nombre;Sexo;Fecha de nacimiento\nAna;M;03/04/1990\n");
        for _ in 0..conventions::SAMPLE_ROWS {
            text.push_str("Luis;H;\n");
        }
        text.push_str("Rosa;m;\n");
        let source = csv_source(&text);
        assert!(
            source.info().warnings.iter().any(|w| w.contains("H/M")),
            "{:?}",
            source.info().warnings
        );
        let rows = read_back(source);
        assert_eq!(rows[0], "Ana Some(Feminine) 1990-04-03");
        assert_eq!(rows[1], "Luis Some(Masculine) ");
        assert_eq!(rows.last().unwrap(), "Rosa Some(Feminine) ");
    }

    #[test]
    fn a_file_writing_dates_month_first_is_read_month_first() {
        let text = "Nombre;Sexo;Fecha de nacimiento\nAna;F;03/04/1990\nLuis;M;12/25/1985\nEva;F;12/24/99\n";
        let source = csv_source(text);
        assert!(
            source.info().warnings[0].contains("month first"),
            "{:?}",
            source.info().warnings
        );
        assert_eq!(
            read_back(source),
            [
                "Ana Some(Feminine) 1990-03-04",
                "Luis Some(Masculine) 1985-12-25",
                "Eva Some(Feminine) 1999-12-24"
            ]
        );
    }

    #[test]
    fn a_column_of_m_alone_refuses_m_rows_with_every_other_problem_and_keeps_the_rest() {
        let text = "Nombre;Sexo;Fecha de nacimiento\nAna;M;31/02/1990\nRosa;;\n";
        let rows = read_back(csv_source(text));
        assert_eq!(rows.len(), 2);
        assert!(
            rows[0].starts_with("row 1: Sexo: M is masculino"),
            "{rows:?}"
        );
        assert!(rows[0].contains("Fecha de nacimiento"), "{rows:?}");
        assert_eq!(rows[1], "Rosa None ");
    }

    #[test]
    fn a_sheet_coding_sex_h_m_is_read_as_it_codes() {
        let source = sheet_source(&[
            (1, &["Nombre", "Sexo"]),
            (2, &["Luz", "M"]),
            (3, &["Hugo", "H"]),
        ]);
        assert_eq!(
            read_back(source),
            ["Luz Some(Feminine) ", "Hugo Some(Masculine) "]
        );
    }

    fn jsonl_source(text: &str) -> CaseSource {
        text_source(text, Format::JsonLines, "casos.jsonl")
    }

    #[test]
    fn json_lines_coding_sex_h_m_and_dates_month_first_are_read_as_they_write_them() {
        let mut text = String::from(
            "{\"prs_first_name\": \"Ana\", \"prs_gender\": \"M\", \"prs_birthdate\": \"03/04/1990\"}\n\nnot json\n",
        );
        text.push_str(
            "{\"prs_first_name\": \"Luis\", \"prs_gender\": \"H\", \"prs_birthdate\": \"12/25/85\"}\n",
        );
        for _ in 0..conventions::SAMPLE_ROWS {
            text.push_str("{\"prs_first_name\": \"Eva\"}\n");
        }
        text.push_str(
            "{\"prs_first_name\": \"Rosa\", \"prs_gender\": \"m\", \"prs_birthdate\": \"01/02/2001\"}\n",
        );
        let source = jsonl_source(&text);
        let warnings = source.info().warnings.join(" | ");
        assert!(
            warnings.contains("key \"prs_gender\": sex is coded H/M"),
            "{warnings}"
        );
        assert!(
            warnings.contains("key \"prs_birthdate\": dates are read month first, as row 3"),
            "{warnings}"
        );
        let rows = read_back(source);
        assert_eq!(rows[0], "Ana Some(Feminine) 1990-03-04");
        assert!(rows[1].starts_with("row 2: : not valid JSON"), "{rows:?}");
        assert_eq!(rows[2], "Luis Some(Masculine) 1985-12-25");
        assert_eq!(rows.last().unwrap(), "Rosa Some(Feminine) 2001-01-02");
    }

    #[test]
    fn json_lines_writing_sex_m_alone_refuse_those_lines_and_keep_the_others() {
        let text = "{\"prs_first_name\": \"Ana\", \"prs_gender\": \"M\"}\n{\"prs_first_name\": \"Rosa\"}\n{\"prs_first_name\": \"Eva\", \"prs_gender\": \"m\", \"prs_birthdate\": \"31/02/1990\"}\n";
        let rows = read_back(jsonl_source(text));
        assert!(
            rows[0].starts_with("row 1: prs_gender: M is masculino"),
            "{rows:?}"
        );
        assert_eq!(rows[1], "Rosa None ");
        // The refused sex does not hide the line's other problem.
        assert!(
            rows[2].starts_with("row 3: ")
                && rows[2].contains("prs_gender: M is masculino")
                && rows[2].contains("prs_birthdate: bad date"),
            "{rows:?}"
        );
    }

    #[test]
    fn a_file_whose_rows_name_no_field_keeps_the_first_rows_complaint() {
        let text = "a;b\n1;2\n3;4\n";
        let refused = from_reader(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            text.len() as u64,
            Format::Csv,
            &ImportOptions::default(),
            "x.csv",
        );
        let Err(ImportError::Header { error, .. }) = refused else {
            panic!("refused for its header");
        };
        assert_eq!(error, HeaderError::NoFields("a, b".to_string()));
    }
}
