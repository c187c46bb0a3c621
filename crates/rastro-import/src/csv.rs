//! A streaming CSV reader that survives the files organisations really send.
//!
//! Off-the-shelf readers either stop at the first bad quote or, worse, swallow every following row
//! into one field until a stray quote closes it. This one reads physical lines, assembles records
//! with RFC 4180 quoting, and when a quote is never closed (or closing it yields a record of the
//! wrong width) it rejects only the line where the quote opened and reads the following lines
//! again as rows of their own. Memory is bounded by the longest record it will assemble.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::BufRead;

use crate::encoding::{decode, TextEncoding};
use crate::lines::read_bounded_line;

/// Longest record (in bytes) a quoted field may grow to before the quote is judged unterminated.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// One record as read, before any HTCDS meaning is given to it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    /// Physical line (1-based) where the record starts.
    pub line: u64,
    pub fields: Vec<String>,
    /// What was wrong with the record's syntax, if anything.
    pub problem: Option<String>,
}

/// One record as [`CsvReader::next_row`] reads it: where the file's bytes are already the text
/// (UTF-8 that decodes), each cell is borrowed from the reader's buffer, so that a valid row costs
/// one allocation instead of one per cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRow<'a> {
    /// Physical line (1-based) where the record starts.
    pub line: u64,
    pub cells: Vec<Cow<'a, str>>,
    /// What was wrong with the record's syntax or encoding, if anything.
    pub problem: Option<String>,
}

impl CsvRow<'_> {
    /// The record with cells of its own, to keep past the next read.
    pub fn into_owned(self) -> RawRecord {
        RawRecord {
            line: self.line,
            fields: self.cells.into_iter().map(Cow::into_owned).collect(),
            problem: self.problem,
        }
    }
}

impl From<RawRecord> for CsvRow<'_> {
    fn from(raw: RawRecord) -> Self {
        CsvRow {
            line: raw.line,
            cells: raw.fields.into_iter().map(Cow::Owned).collect(),
            problem: raw.problem,
        }
    }
}

pub struct CsvReader<R> {
    input: R,
    encoding: TextEncoding,
    delimiter: u8,
    /// Lines read ahead and given back after a bad quote, to be read again.
    pending: VecDeque<(u64, Vec<u8>)>,
    next_line: u64,
    expected_width: Option<usize>,
    bytes_read: u64,
    /// An I/O error ends the stream; it is kept to be reported.
    pub io_error: Option<std::io::Error>,
    /// The last parsed record's unquoted cells, one after another, and where each ends: kept
    /// from record to record so that parsing allocates nothing once they have grown (a buffer
    /// per cell was a third of the reading thread's allocations).
    cells: Vec<u8>,
    cell_ends: Vec<usize>,
}

enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote seen inside a quoted field: either the closing quote or the first of a doubled one.
    QuoteInQuoted,
}

impl<R: BufRead> CsvReader<R> {
    pub fn new(input: R, encoding: TextEncoding, delimiter: u8) -> Self {
        CsvReader {
            input,
            encoding,
            delimiter,
            pending: VecDeque::new(),
            next_line: 1,
            expected_width: None,
            bytes_read: 0,
            io_error: None,
            cells: Vec::new(),
            cell_ends: Vec::new(),
        }
    }

    /// Once known (from the header), records of another width are checked for a quoting fault.
    pub fn set_expected_width(&mut self, width: usize) {
        self.expected_width = Some(width);
    }

    /// Bytes consumed from the input so far, for progress.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    fn next_physical_line(&mut self) -> Option<(u64, Vec<u8>)> {
        if let Some(line) = self.pending.pop_front() {
            return Some(line);
        }
        // A line longer than any record may be is kept only in part (one byte more than the
        // limit, so that the caller sees it is too long).
        let line = match read_bounded_line(&mut self.input, MAX_RECORD_BYTES + 1) {
            Ok(Some(line)) => line,
            Ok(None) => return None,
            Err(e) => {
                self.io_error = Some(e);
                return None;
            }
        };
        self.bytes_read += line.consumed as u64;
        let buf = line.bytes;
        let number = self.next_line;
        self.next_line += 1;
        Some((number, buf))
    }

    /// The next record with cells of its own, or `None` at the end of the input.
    pub fn next_record(&mut self) -> Option<RawRecord> {
        self.next_row().map(CsvRow::into_owned)
    }

    /// The next record, its cells borrowed from the reader where they can be, or `None` at the
    /// end of the input.
    pub fn next_row(&mut self) -> Option<CsvRow<'_>> {
        let (first_number, first_line) = self.next_physical_line()?;
        if first_line.len() > MAX_RECORD_BYTES {
            let preview = decode(&first_line[..200], self.encoding).0;
            return Some(CsvRow {
                line: first_number,
                cells: vec![Cow::Owned(preview)],
                problem: Some("line longer than 1 MiB; not read (is this a CSV file?)".to_string()),
            });
        }
        // Nearly every record is one line: parse it in place before assembling several.
        if let Parsed::Complete { problem } = self.parse(&first_line) {
            return Some(self.cells_of(first_number, problem));
        }
        let mut lines: Vec<(u64, Vec<u8>)> = vec![(first_number, first_line)];
        let mut size = lines[0].1.len();
        if let Some(line) = self.next_physical_line() {
            size += line.1.len();
            lines.push(line);
        } else {
            return Some(
                self.reject_first_line(
                    lines,
                    "unterminated quoted field (no closing quote before the end of the file)",
                )
                .into(),
            );
        }
        loop {
            let joined: Vec<u8> = lines.iter().flat_map(|(_, l)| l.iter().copied()).collect();
            match self.parse(&joined) {
                Parsed::Complete { problem } => {
                    let width_ok = self
                        .expected_width
                        .is_none_or(|w| self.cell_ends.len() == w);
                    // A quote that closes lines later and leaves a malformed record was
                    // almost certainly never meant to open a multi-line field.
                    if lines.len() > 1 && (!width_ok || problem.is_some()) {
                        return Some(self.reject_first_line(
                            lines,
                            "unbalanced quote: a quoted field runs over several lines and the row that results has the wrong number of fields",
                        ).into());
                    }
                    return Some(self.cells_of(first_number, problem));
                }
                Parsed::OpenQuote => {
                    if size > MAX_RECORD_BYTES {
                        return Some(
                            self.reject_first_line(
                                lines,
                                "unterminated quoted field (no closing quote within 1 MiB)",
                            )
                            .into(),
                        );
                    }
                    match self.next_physical_line() {
                        Some(line) => {
                            size += line.1.len();
                            lines.push(line);
                        }
                        None => {
                            return Some(self.reject_first_line(
                                lines,
                                "unterminated quoted field (no closing quote before the end of the file)",
                            ).into())
                        }
                    }
                }
            }
        }
    }

    /// Rejects the line where the open quote started and gives the other lines back.
    fn reject_first_line(&mut self, mut lines: Vec<(u64, Vec<u8>)>, why: &str) -> RawRecord {
        let (number, first) = lines.remove(0);
        for line in lines.into_iter().rev() {
            self.pending.push_front(line);
        }
        let text = decode(trim_line_end(&first), self.encoding).0;
        let fields = text
            .split(self.delimiter as char)
            .map(str::to_string)
            .collect();
        RawRecord {
            line: number,
            fields,
            problem: Some(format!("bad quoting: {why}")),
        }
    }

    /// The record [`CsvReader::parse`] left in the cell buffer. UTF-8 is checked once for the
    /// whole record and each cell borrowed from the buffer; text that does not decode as it is
    /// (another encoding, or bytes to report) takes the per-cell path of [`Self::decode_record`].
    fn cells_of(&self, line: u64, problem: Option<String>) -> CsvRow<'_> {
        if self.encoding == TextEncoding::Utf8 {
            if let Ok(text) = std::str::from_utf8(&self.cells) {
                // Two broken cells can make valid text once joined: each cell must decode alone.
                if self.cell_ends.iter().all(|&end| text.is_char_boundary(end)) {
                    let mut cells = Vec::with_capacity(self.cell_ends.len());
                    let mut start = 0;
                    for &end in &self.cell_ends {
                        cells.push(Cow::Borrowed(&text[start..end]));
                        start = end;
                    }
                    return CsvRow {
                        line,
                        cells,
                        problem,
                    };
                }
            }
        }
        self.decode_record(line, problem).into()
    }

    /// The record [`CsvReader::parse`] left in the cell buffer, one string per cell.
    fn decode_record(&self, line: u64, problem: Option<String>) -> RawRecord {
        let mut bad_utf8: Option<usize> = None;
        let mut fields = Vec::with_capacity(self.cell_ends.len());
        let mut start = 0;
        for (i, &end) in self.cell_ends.iter().enumerate() {
            let (text, ok) = decode(&self.cells[start..end], self.encoding);
            if !ok && bad_utf8.is_none() {
                bad_utf8 = Some(i);
            }
            fields.push(text);
            start = end;
        }
        let problem = problem.or_else(|| {
            bad_utf8.map(|i| {
                format!(
                    "invalid UTF-8 in field {} (shown with replacement characters; save the file as UTF-8 or pass --encoding cp1252)",
                    i + 1
                )
            })
        });
        RawRecord {
            line,
            fields,
            problem,
        }
    }

    /// Parses one record's bytes into the cell buffer (`cells`, `cell_ends`).
    fn parse(&mut self, bytes: &[u8]) -> Parsed {
        let delimiter = self.delimiter;
        let fields = &mut self.cell_ends;
        let current = &mut self.cells;
        fields.clear();
        current.clear();
        let mut state = State::FieldStart;
        let mut problem: Option<String> = None;
        let body = trim_line_end(bytes);
        let mut i = 0;
        while i < body.len() {
            let b = body[i];
            match state {
                State::FieldStart => {
                    if b == b'"' {
                        state = State::Quoted;
                    } else if b == delimiter {
                        fields.push(current.len());
                    } else {
                        current.push(b);
                        state = State::Unquoted;
                    }
                }
                State::Unquoted => {
                    if b == delimiter {
                        fields.push(current.len());
                        state = State::FieldStart;
                    } else {
                        // A quote inside an unquoted field is kept as text, as spreadsheets do.
                        current.push(b);
                    }
                }
                State::Quoted => {
                    if b == b'"' {
                        state = State::QuoteInQuoted;
                    } else {
                        current.push(b);
                    }
                }
                State::QuoteInQuoted => {
                    if b == b'"' {
                        current.push(b'"');
                        state = State::Quoted;
                    } else if b == delimiter {
                        fields.push(current.len());
                        state = State::FieldStart;
                    } else {
                        if problem.is_none() {
                            problem = Some(format!(
                                "bad quoting: unexpected character {:?} after the closing quote of field {}",
                                char::from(b),
                                fields.len() + 1
                            ));
                        }
                        current.push(b);
                        state = State::Unquoted;
                    }
                }
            }
            i += 1;
        }
        if matches!(state, State::Quoted) {
            return Parsed::OpenQuote;
        }
        fields.push(current.len());
        Parsed::Complete { problem }
    }
}

enum Parsed {
    /// The record's cells are in the reader's cell buffer.
    Complete {
        problem: Option<String>,
    },
    OpenQuote,
}

/// The line without its final `\n` or `\r\n` (inner line breaks of quoted fields are kept).
fn trim_line_end(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes.strip_suffix(b"\r").unwrap_or(bytes)
}

/// Picks the delimiter of a header line: the most frequent of `,`, `;` and tab outside quotes.
pub fn sniff_delimiter(first_line: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut tabs) = (0, 0, 0);
    let mut quoted = false;
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\t' if !quoted => tabs += 1,
            b'\n' if !quoted => break,
            _ => {}
        }
    }
    if tabs > commas && tabs > semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// Writes one CSV field, quoting it when needed.
pub fn write_field(out: &mut String, value: &str, delimiter: char) {
    // Exports write millions of fields: scan bytes, not chars (every byte that matters is ASCII).
    let special = |b: u8| b == b'"' || b == b'\n' || b == b'\r';
    let delimited = match u8::try_from(delimiter) {
        Ok(d) if d.is_ascii() => value.bytes().any(|b| b == d || special(b)),
        _ => value.contains(delimiter) || value.bytes().any(special),
    };
    let needs_quotes = delimited || value.starts_with(' ') || value.ends_with(' ');
    if needs_quotes {
        out.push('"');
        for (i, piece) in value.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(piece);
        }
        out.push('"');
    } else {
        out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_fields_are_quoted_only_when_needed_and_read_back_whole() {
        let values = [
            "plain",
            "São Paulo",
            "a,b",
            "say \"no\"",
            "two\nlines",
            " padded",
            "",
            "\"",
        ];
        let mut line = String::new();
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            write_field(&mut line, v, ',');
        }
        assert!(line.starts_with("plain,São Paulo,\"a,b\",\"say \"\"no\"\"\","));
        line.push('\n');
        let records = read_all(line.as_bytes(), None);
        let fields: Vec<&str> = records[0].fields.iter().map(String::as_str).collect();
        assert_eq!(fields, values);

        let mut semicolon = String::new();
        write_field(&mut semicolon, "a;b", ';');
        write_field(&mut semicolon, "a,b", ';');
        assert_eq!(semicolon, "\"a;b\"a,b");
        let mut wide = String::new();
        write_field(&mut wide, "a¦b", '¦');
        assert_eq!(wide, "\"a¦b\"");
    }

    fn read_all(text: &[u8], width: Option<usize>) -> Vec<RawRecord> {
        let mut reader = CsvReader::new(text, TextEncoding::Utf8, b',');
        if let Some(w) = width {
            reader.set_expected_width(w);
        }
        std::iter::from_fn(|| reader.next_record()).collect()
    }

    #[test]
    fn quotes_commas_and_newlines_inside_fields() {
        let records = read_all(
            b"a,b\n\"x, y\",\"line1\nline2\"\r\n\"say \"\"hi\"\"\",z\n",
            Some(2),
        );
        assert_eq!(records.len(), 3);
        assert_eq!(records[1].fields, vec!["x, y", "line1\nline2"]);
        assert_eq!(records[2].fields, vec!["say \"hi\"", "z"]);
        assert_eq!(records[2].line, 4);
        assert!(records.iter().all(|r| r.problem.is_none()));
    }

    #[test]
    fn unterminated_quote_rejects_one_line_and_keeps_the_rest() {
        let records = read_all(b"a,b\n1,\"oops\n2,ok\n3,ok\n", Some(2));
        assert_eq!(records.len(), 4);
        assert!(records[1]
            .problem
            .as_deref()
            .unwrap()
            .contains("unterminated"));
        assert_eq!(records[2].fields, vec!["2", "ok"]);
        assert_eq!(records[3].fields, vec!["3", "ok"]);
        assert_eq!(records[3].line, 4);
    }

    #[test]
    fn stray_quote_closing_far_away_does_not_swallow_rows() {
        let records = read_all(b"a,b\n1,\"oops\n2,ok\n3,o\"k\n4,ok\n", Some(2));
        let good: Vec<_> = records.iter().filter(|r| r.problem.is_none()).collect();
        assert!(records[1].problem.is_some());
        assert_eq!(good.len(), 4, "{records:?}");
    }

    #[test]
    fn text_after_closing_quote_is_reported() {
        let records = read_all(b"a,b\n\"x\"y,z\n", Some(2));
        assert!(records[1]
            .problem
            .as_deref()
            .unwrap()
            .contains("after the closing quote"));
    }

    #[test]
    fn overlong_lines_are_rejected_without_being_held_whole() {
        let mut text = b"a,b\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 3 * MAX_RECORD_BYTES));
        text.extend_from_slice(b",y\n1,2\n");
        let records = read_all(&text, Some(2));
        assert_eq!(records.len(), 3);
        assert!(records[1]
            .problem
            .as_deref()
            .unwrap()
            .contains("longer than 1 MiB"));
        assert!(records[1].fields[0].len() <= 200);
        assert_eq!(records[2].fields, vec!["1", "2"]);
        assert_eq!(records[2].line, 3);
    }

    #[test]
    fn delimiter_is_sniffed() {
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"a,b;c,d\n"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n"), b',');
    }

    #[test]
    fn invalid_utf8_is_flagged_per_record() {
        let records = read_all(b"a,b\nok,ok\nbad,\xff\xfe\n", Some(2));
        assert!(records[1].problem.is_none());
        assert!(records[2]
            .problem
            .as_deref()
            .unwrap()
            .contains("invalid UTF-8"));
        // The field is the second one, and the record after it reads clean.
        assert!(records[2].problem.as_deref().unwrap().contains("field 2"));
        let records = read_all(
            b"a,b
bad,\xff\nok,ok\n",
            Some(2),
        );
        assert_eq!(records[2].fields, ["ok", "ok"]);
        assert!(records[2].problem.is_none());
    }

    #[test]
    fn a_utf8_rows_cells_are_borrowed_and_other_text_is_decoded() {
        let mut reader = CsvReader::new(&b"a,b\nJos\xc3\xa9,x\n"[..], TextEncoding::Utf8, b',');
        reader.next_row();
        let row = reader.next_row().unwrap();
        assert!(
            row.cells.iter().all(|c| matches!(c, Cow::Borrowed(_))),
            "{row:?}"
        );
        assert_eq!(row.cells, ["José", "x"]);
        let mut reader = CsvReader::new(&b"a,b\nJos\xe9,x\n"[..], TextEncoding::Windows1252, b',');
        reader.next_row();
        assert_eq!(reader.next_row().unwrap().cells, ["José", "x"]);
    }

    #[test]
    fn cells_that_decode_only_when_joined_are_invalid() {
        // The cell buffer holds "\xc3\xa9" (é) once the delimiter is taken out; each cell alone
        // is broken.
        let records = read_all(b"a,b\n\xc3,\xa9\n", Some(2));
        let problem = records[1].problem.as_deref().unwrap();
        assert!(problem.contains("invalid UTF-8 in field 1"), "{problem}");
    }

    #[test]
    fn each_record_gets_only_its_own_cells_from_the_shared_buffer() {
        // A long record, a ragged short one, a quoted one spread over two lines, an open quote
        // whose lines are read again: each record must see its own cells, none of the last.
        let records = read_all(
            b"a,b,c\nlonger cell,second,third\nx\n\"p,\nq\",r,s\n\"open,t,u\nv,w,z\n",
            Some(3),
        );
        let fields: Vec<Vec<&str>> = records
            .iter()
            .map(|r| r.fields.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(fields[1], ["longer cell", "second", "third"]);
        assert_eq!(fields[2], ["x"]);
        assert_eq!(fields[3], ["p,\nq", "r", "s"]);
        assert!(records[4]
            .problem
            .as_deref()
            .unwrap()
            .contains("bad quoting"));
        assert_eq!(fields[5], ["v", "w", "z"]);
        assert_eq!(records.len(), 6);
    }
}
