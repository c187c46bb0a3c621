//! Records to link, read from CSV into columns.
//!
//! Only the columns the configuration names are kept, each as one text buffer with offsets: a
//! million records with eight fields then cost tens of megabytes and a handful of allocations,
//! not eight million small strings.

use std::io::Read;

use crate::error::{LinkError, RowError};

/// One column's values, stored back to back.
#[derive(Debug, Default, Clone)]
pub struct Column {
    text: String,
    ends: Vec<usize>,
}

impl Column {
    pub fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends.push(self.text.len());
    }

    /// The value in `row`; empty past the end.
    pub fn get(&self, row: usize) -> &str {
        let Some(&end) = self.ends.get(row) else {
            return "";
        };
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        &self.text[start..end]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Appends another column's values after this one's.
    pub fn append(&mut self, other: &Column) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|end| end + base));
    }
}

/// The records of one file: ids and the named columns, in the order asked for.
#[derive(Debug, Clone)]
pub struct Table {
    pub label: String,
    pub ids: Column,
    pub columns: Vec<String>,
    pub values: Vec<Column>,
}

impl Table {
    /// An empty table with the given columns, to be filled with [`Table::push_row`].
    pub fn new(label: &str, columns: &[String]) -> Table {
        Table {
            label: label.to_string(),
            ids: Column::default(),
            columns: columns.to_vec(),
            values: vec![Column::default(); columns.len()],
        }
    }

    /// Appends a record; `values` are in the order of `columns`.
    pub fn push_row(&mut self, id: &str, values: &[&str]) {
        self.ids.push(id);
        for (column, value) in self.values.iter_mut().zip(values) {
            column.push(value);
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .position(|c| c == name)
            .map(|i| &self.values[i])
    }
}

/// What reading a file gave: the records, and the rows that were skipped with the reason.
#[derive(Debug)]
pub struct ReadOutcome {
    pub table: Table,
    pub skipped: Vec<RowError>,
}

/// Reads a CSV file (comma, semicolon, tab or bar separated, detected from the header line) and
/// keeps the id column and `wanted` columns. Surrounding spaces are trimmed, so Febrl's ", "
/// separators read as plain commas. Lines starting with `#` are comments.
pub fn read_csv<R: Read>(
    mut reader: R,
    label: &str,
    id_column: &str,
    wanted: &[String],
) -> Result<ReadOutcome, LinkError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|source| LinkError::Io {
            file: label.into(),
            source,
        })?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(LinkError::EmptyFile { file: label.into() });
    }
    let delimiter = detect_delimiter(body);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(body);
    let header = csv.byte_headers().map_err(|e| LinkError::Header {
        file: label.into(),
        message: e.to_string(),
    })?;
    let mut names = Vec::with_capacity(header.len());
    for (i, field) in header.iter().enumerate() {
        let name = std::str::from_utf8(field).map_err(|_| LinkError::Header {
            file: label.into(),
            message: format!(
                "column {} is not valid UTF-8; save the file as UTF-8",
                i + 1
            ),
        })?;
        names.push(name.to_string());
    }
    let mut positions = Vec::with_capacity(wanted.len() + 1);
    let mut missing = Vec::new();
    for name in std::iter::once(id_column).chain(wanted.iter().map(String::as_str)) {
        match names.iter().position(|n| n == name) {
            Some(p) => positions.push(p),
            None => missing.push(format!("`{name}`")),
        }
    }
    if !missing.is_empty() {
        return Err(LinkError::MissingColumns {
            file: label.into(),
            missing: missing.join(", "),
            available: names.join(", "),
        });
    }

    let mut table = Table::new(label, wanted);
    let mut skipped = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let more = match csv.read_byte_record(&mut record) {
            Ok(more) => more,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                skipped.push(RowError {
                    file: label.into(),
                    line,
                    column: None,
                    message: e.to_string(),
                });
                continue;
            }
        };
        if !more {
            break;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.len() == 1 && record.get(0).is_some_and(|f| f.is_empty()) {
            continue;
        }
        if record.len() != names.len() {
            skipped.push(RowError {
                file: label.into(),
                line,
                column: None,
                message: format!(
                    "{} fields where the header has {}",
                    record.len(),
                    names.len()
                ),
            });
            continue;
        }
        let mut fields: Vec<&str> = Vec::with_capacity(positions.len());
        let mut bad = None;
        for &p in &positions {
            match std::str::from_utf8(record.get(p).unwrap_or_default()) {
                Ok(text) => fields.push(text),
                Err(e) => {
                    bad = Some((p, e.valid_up_to()));
                    break;
                }
            }
        }
        if let Some((p, offset)) = bad {
            skipped.push(RowError {
                file: label.into(),
                line,
                column: Some(names[p].clone()),
                message: format!(
                    "not valid UTF-8 (after byte {offset} of the value); save the file as UTF-8"
                ),
            });
            continue;
        }
        if fields[0].is_empty() {
            skipped.push(RowError {
                file: label.into(),
                line,
                column: Some(id_column.to_string()),
                message: "the record id is empty".into(),
            });
            continue;
        }
        table.push_row(fields[0], &fields[1..]);
    }
    if table.is_empty() && skipped.is_empty() {
        return Err(LinkError::NoRows { file: label.into() });
    }
    Ok(ReadOutcome { table, skipped })
}

/// The separator that splits the header line into the most fields.
fn detect_delimiter(body: &[u8]) -> u8 {
    let first_line = body
        .split(|&b| b == b'\n')
        .find(|line| !line.starts_with(b"#"))
        .unwrap_or(body);
    [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',')
}

/// The records of one or two files in one table; in linkage of two files the left file's records
/// come first and `split` is where the right file's begin.
#[derive(Debug, Clone)]
pub struct Records {
    pub table: Table,
    /// `None` for deduplication of one file.
    pub split: Option<usize>,
    pub labels: Vec<String>,
}

impl Records {
    pub fn dedupe(table: Table) -> Records {
        Records {
            labels: vec![table.label.clone()],
            table,
            split: None,
        }
    }

    pub fn link(left: Table, right: Table) -> Result<Records, LinkError> {
        if left.columns != right.columns {
            return Err(LinkError::ColumnMismatch {
                file: right.label.clone(),
                column: right.columns.join(","),
            });
        }
        let split = left.len();
        let labels = vec![left.label.clone(), right.label.clone()];
        let mut table = left;
        table.ids.append(&right.ids);
        for (mine, theirs) in table.values.iter_mut().zip(&right.values) {
            mine.append(theirs);
        }
        Ok(Records {
            table,
            split: Some(split),
            labels,
        })
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The records in another order (`order[row]` is the record at `row`); the caller keeps each
    /// file's records on its side of the split.
    pub fn reordered(&self, order: &[u32]) -> Records {
        let copy = |column: &Column| {
            let mut out = Column::default();
            for &i in order {
                out.push(column.get(i as usize));
            }
            out
        };
        Records {
            table: Table {
                label: self.table.label.clone(),
                ids: copy(&self.table.ids),
                columns: self.table.columns.clone(),
                values: self.table.values.iter().map(copy).collect(),
            },
            split: self.split,
            labels: self.labels.clone(),
        }
    }

    pub fn id(&self, row: usize) -> &str {
        self.table.ids.get(row)
    }

    /// Whether the pair (a, b), a < b, may be a candidate: any pair in deduplication, only pairs
    /// across the two files in linkage.
    pub fn admissible(&self, a: usize, b: usize) -> bool {
        match self.split {
            None => true,
            Some(split) => (a < split) != (b < split),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_febrl_style_separators_and_keeps_named_columns() {
        let text = "rec_id, given_name, surname, state\nrec-1-org, ana, perez, vic\nrec-1-dup-0, anna, perez, \n";
        let out = read_csv(
            text.as_bytes(),
            "a.csv",
            "rec_id",
            &wanted(&["surname", "given_name"]),
        )
        .unwrap();
        assert!(out.skipped.is_empty());
        assert_eq!(out.table.len(), 2);
        assert_eq!(out.table.ids.get(1), "rec-1-dup-0");
        assert_eq!(out.table.values[0].get(0), "perez");
        assert_eq!(out.table.values[1].get(1), "anna");
    }

    #[test]
    fn missing_columns_are_named() {
        let err = read_csv(
            "id;name\n1;x\n".as_bytes(),
            "a.csv",
            "id",
            &wanted(&["name", "dob"]),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`dob`") && text.contains("a.csv"), "{text}");
    }

    #[test]
    fn empty_and_header_only_files_are_refused() {
        assert!(matches!(
            read_csv(" \n".as_bytes(), "e.csv", "id", &[]),
            Err(LinkError::EmptyFile { .. })
        ));
        assert!(matches!(
            read_csv("id,name\n".as_bytes(), "h.csv", "id", &[]),
            Err(LinkError::NoRows { .. })
        ));
    }

    #[test]
    fn non_utf8_rows_are_reported_and_others_kept() {
        let mut bytes = b"id,name\n1,ana\n2,jos".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b"\n3,luis\n4,a,b\n");
        let out = read_csv(bytes.as_slice(), "l.csv", "id", &wanted(&["name"])).unwrap();
        assert_eq!(out.table.len(), 2);
        assert_eq!(out.skipped.len(), 2);
        assert_eq!(out.skipped[0].line, 3);
        assert_eq!(out.skipped[0].column.as_deref(), Some("name"));
        assert_eq!(out.skipped[1].line, 5);
    }

    #[test]
    fn linking_two_tables_keeps_left_first() {
        let mut a = Table::new("a", &wanted(&["n"]));
        a.push_row("a1", &["x"]);
        let mut b = Table::new("b", &wanted(&["n"]));
        b.push_row("b1", &["y"]);
        b.push_row("b2", &["z"]);
        let records = Records::link(a, b).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records.id(2), "b2");
        assert_eq!(records.table.values[0].get(1), "y");
        assert!(records.admissible(0, 1));
        assert!(!records.admissible(1, 2));
    }
}
