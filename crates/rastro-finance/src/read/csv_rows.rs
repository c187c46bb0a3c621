//! CSV rows: the delimiter guessed from the header line, fields kept as bytes so that a value
//! that is not UTF-8 is reported in its own column instead of failing the row unread.

use std::io::BufRead;

use super::fields::{build, Cell, Columns, HeaderError, Interner, FIELD_COUNT};
use super::{Problem, Row};

pub(crate) enum OpenError {
    Io(std::io::Error),
    Empty,
    Header(HeaderError),
}

pub(crate) struct CsvRows {
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    columns: Columns,
    record: csv::ByteRecord,
    row: u64,
    interner: Interner,
    done: bool,
}

fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

impl CsvRows {
    pub(crate) fn new(mut input: Box<dyn BufRead + Send>) -> Result<CsvRows, OpenError> {
        let delimiter = sniff_delimiter(input.fill_buf().map_err(OpenError::Io)?);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut record = csv::ByteRecord::new();
        loop {
            let more = reader
                .read_byte_record(&mut record)
                .map_err(|e| OpenError::Io(io_error(e)))?;
            if !more {
                return Err(OpenError::Empty);
            }
            if record
                .iter()
                .any(|f| !f.iter().all(u8::is_ascii_whitespace))
            {
                break;
            }
        }
        let headers = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        let columns = Columns::from_header(headers).map_err(OpenError::Header)?;
        Ok(CsvRows {
            reader,
            columns,
            record,
            row: 0,
            interner: Interner::default(),
            done: false,
        })
    }

    pub(crate) fn unknown_columns(&self) -> Vec<String> {
        self.columns.unknown.clone()
    }

    pub(crate) fn next(&mut self) -> Option<Row> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                // The file cannot be read further (a disk error): the rows read so far stand,
                // and where it stopped is reported like a row's problem.
                self.done = true;
                self.row += 1;
                let line = e.position().map_or(0, |p| p.line());
                return Some(Row {
                    row: self.row,
                    line,
                    outcome: Err(vec![Problem {
                        row: self.row,
                        line,
                        column: String::new(),
                        value: String::new(),
                        message: format!("reading stopped here: {}", io_error(e)),
                    }]),
                });
            }
        }
        self.row += 1;
        let row = self.row;
        let line = self.record.position().map_or(0, |p| p.line());
        let width = self.columns.headers.len();
        if self.record.len() != width {
            let raw: Vec<String> = self
                .record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            let mut value = raw.join(",");
            if value.len() > 200 {
                let cut = (0..=200)
                    .rev()
                    .find(|i| value.is_char_boundary(*i))
                    .unwrap_or(0);
                value.truncate(cut);
                value.push('…');
            }
            return Some(Row {
                row,
                line,
                outcome: Err(vec![Problem {
                    row,
                    line,
                    column: String::new(),
                    value,
                    message: format!(
                        "this row has {} fields where the header has {width} (a delimiter missing or \
                         extra, or a quote left open)",
                        self.record.len()
                    ),
                }]),
            });
        }
        let mut cells: [Option<Cell>; FIELD_COUNT] = Default::default();
        for (i, field) in self.columns.fields.iter().enumerate() {
            let Some(field) = field else { continue };
            let bytes = &self.record[i];
            let cell = match std::str::from_utf8(bytes) {
                Ok(text) => Cell {
                    column: self.columns.headers[i].clone(),
                    text: text.to_string(),
                    utf8: true,
                },
                Err(_) => Cell {
                    column: self.columns.headers[i].clone(),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                    utf8: false,
                },
            };
            cells[*field as usize] = Some(cell);
        }
        Some(Row {
            row,
            line,
            outcome: build(&cells, row, line, &mut self.interner),
        })
    }
}

/// The delimiter of the header line: the most frequent of `,`, `;`, tab and `|` outside quotes
/// (`;` is common where the comma is the decimal mark), `,` when none appears.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for b in line {
        if *b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..4).max_by_key(|i| (counts[*i], 4 - *i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

#[cfg(test)]
mod tests {
    use super::sniff_delimiter;

    #[test]
    fn delimiter_from_the_header() {
        assert_eq!(sniff_delimiter(b"id;fecha;monto\n1,2;3"), b';');
        assert_eq!(sniff_delimiter(b"id,datetime,amount"), b',');
        assert_eq!(sniff_delimiter(b"\"a;b\",c,d"), b',');
        assert_eq!(sniff_delimiter(b"id\tamount"), b'\t');
        assert_eq!(sniff_delimiter(b"id"), b',');
    }
}
