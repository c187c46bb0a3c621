//! Writers of case records: HTCDS CSV (every field of the standard as a column, in its order) and
//! JSON lines (HTCDS field names as keys). Both can be imported again as they are.
//!
//! Beside the fields, Rastro may mark each record with its id and its owning organisation. The
//! owner travels with the file so that a record exported by one organisation cannot come back in
//! as another's private copy: import refuses records whose owner is someone else.

use std::io::{self, Write};

use rastro_model::{CaseRecord, Field};

use crate::csv::write_field;

/// The column that carries Rastro's id of the record; skipped on import.
pub const ID_COLUMN: &str = "rastro_id";
/// The column that names the organisation owning the record; import checks it.
pub const OWNER_COLUMN: &str = "rastro_owner";

/// Which of Rastro's marks a CSV export has columns for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkColumns {
    pub id: bool,
    pub owner: bool,
}

/// Rastro's marks of one record written out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks<'a> {
    pub id: Option<&'a str>,
    pub owner: Option<&'a str>,
}

pub trait CaseWriter {
    fn write(&mut self, marks: Marks<'_>, record: &CaseRecord) -> io::Result<()>;
    fn finish(self: Box<Self>) -> io::Result<()>;
}

pub struct CsvCaseWriter<W: Write> {
    out: W,
    fields: Vec<Field>,
    marks: MarkColumns,
    line: String,
}

impl<W: Write> CsvCaseWriter<W> {
    /// Writes the header at once: `fields`, then `rastro_id` and `rastro_owner` as asked.
    pub fn new(mut out: W, fields: &[Field], marks: MarkColumns) -> io::Result<Self> {
        let mut header: Vec<&str> = fields.iter().map(|f| f.name()).collect();
        if marks.id {
            header.push(ID_COLUMN);
        }
        if marks.owner {
            header.push(OWNER_COLUMN);
        }
        out.write_all(header.join(",").as_bytes())?;
        out.write_all(b"\n")?;
        Ok(CsvCaseWriter {
            out,
            fields: fields.to_vec(),
            marks,
            line: String::with_capacity(1024),
        })
    }
}

impl<W: Write> CaseWriter for CsvCaseWriter<W> {
    fn write(&mut self, marks: Marks<'_>, record: &CaseRecord) -> io::Result<()> {
        self.line.clear();
        for (i, field) in self.fields.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            if let Some(value) = record.get(*field) {
                write_field(&mut self.line, &value.to_cell(), ',');
            }
        }
        if self.marks.id {
            self.line.push(',');
            write_field(&mut self.line, marks.id.unwrap_or(""), ',');
        }
        if self.marks.owner {
            self.line.push(',');
            write_field(&mut self.line, marks.owner.unwrap_or(""), ',');
        }
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.out.flush()
    }
}

pub struct JsonlCaseWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonlCaseWriter<W> {
    pub fn new(out: W) -> Self {
        JsonlCaseWriter { out }
    }
}

impl<W: Write> CaseWriter for JsonlCaseWriter<W> {
    fn write(&mut self, marks: Marks<'_>, record: &CaseRecord) -> io::Result<()> {
        let mut map = record.to_json();
        if let Some(id) = marks.id {
            map.insert(ID_COLUMN.to_string(), id.into());
        }
        if let Some(owner) = marks.owner {
            map.insert(OWNER_COLUMN.to_string(), owner.into());
        }
        serde_json::to_writer(&mut self.out, &map)?;
        self.out.write_all(b"\n")
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{from_reader, Format, ImportOptions, RowOutcome};

    fn record(name: &str) -> CaseRecord {
        let mut r = CaseRecord::default();
        r.set(Field::PrsFirstName, name).unwrap();
        r
    }

    fn owners(bytes: Vec<u8>, format: Format) -> Vec<Option<String>> {
        let size = bytes.len() as u64;
        let source = from_reader(
            Box::new(std::io::Cursor::new(bytes)),
            size,
            format,
            &ImportOptions::default(),
            "export",
        )
        .unwrap();
        source
            .map(|outcome| match outcome {
                RowOutcome::Valid { owner, .. } => owner,
                RowOutcome::Rejected { problems, .. } => panic!("{problems:?}"),
            })
            .collect()
    }

    #[test]
    fn the_owner_travels_with_the_file_in_both_formats() {
        let marks = [
            Marks {
                id: Some("A1"),
                owner: Some("Casa Refugio, Lima"),
            },
            Marks {
                id: Some("B2"),
                owner: None,
            },
        ];
        let mut csv = Vec::new();
        {
            let mut w: Box<dyn CaseWriter> = Box::new(
                CsvCaseWriter::new(
                    &mut csv,
                    &[Field::PrsFirstName],
                    MarkColumns {
                        id: true,
                        owner: true,
                    },
                )
                .unwrap(),
            );
            w.write(marks[0], &record("Ana")).unwrap();
            w.write(marks[1], &record("Luis")).unwrap();
            w.finish().unwrap();
        }
        let expected = vec![Some("Casa Refugio, Lima".to_string()), None];
        assert_eq!(owners(csv, Format::Csv), expected);

        let mut jsonl = Vec::new();
        {
            let mut w: Box<dyn CaseWriter> = Box::new(JsonlCaseWriter::new(&mut jsonl));
            w.write(marks[0], &record("Ana")).unwrap();
            w.write(marks[1], &record("Luis")).unwrap();
            w.finish().unwrap();
        }
        assert_eq!(owners(jsonl, Format::JsonLines), expected);
    }
}
