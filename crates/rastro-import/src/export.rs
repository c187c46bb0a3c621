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
    /// Where each of `fields` is in [`Field::ALL`], the order of a record's cells.
    positions: Vec<usize>,
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
        let positions = fields
            .iter()
            .map(|f| Field::ALL.iter().position(|g| g == f).unwrap_or(usize::MAX))
            .collect();
        Ok(CsvCaseWriter {
            out,
            fields: fields.to_vec(),
            positions,
            marks,
            line: String::with_capacity(1024),
        })
    }

    /// Writes a record given as its cells in [`Field::ALL`] order (as
    /// [`rastro_model::compact_cells`] reads them): the same line as [`CaseWriter::write`] of
    /// the record.
    pub fn write_cells(&mut self, marks: Marks<'_>, cells: &[impl AsRef<str>]) -> io::Result<()> {
        self.line.clear();
        for (i, &position) in self.positions.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            if let Some(cell) = cells.get(position) {
                write_field(&mut self.line, cell.as_ref(), ',');
            }
        }
        self.end_line(marks)
    }

    fn end_line(&mut self, marks: Marks<'_>) -> io::Result<()> {
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
        self.end_line(marks)
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

    /// The rows each importer may take (`None`: rejected, with the column that says why).
    fn read(bytes: &[u8], format: Format, importer: &str) -> Vec<Result<String, String>> {
        let source = from_reader(
            Box::new(std::io::Cursor::new(bytes.to_vec())),
            bytes.len() as u64,
            format,
            &ImportOptions {
                importer: Some(importer.to_string()),
                ..ImportOptions::default()
            },
            "export",
        )
        .unwrap();
        source
            .map(|outcome| match outcome {
                RowOutcome::Valid { record, .. } => {
                    Ok(record.person.first_name.clone().unwrap_or_default())
                }
                RowOutcome::Rejected { problems, .. } => Err(problems[0].column.clone()),
            })
            .collect()
    }

    fn write_both(marks: &[Marks<'_>; 2]) -> (Vec<u8>, Vec<u8>) {
        let mut csv = Vec::new();
        let mut jsonl = Vec::new();
        {
            let columns = MarkColumns {
                id: true,
                owner: true,
            };
            let mut writers: [Box<dyn CaseWriter>; 2] = [
                Box::new(CsvCaseWriter::new(&mut csv, &[Field::PrsFirstName], columns).unwrap()),
                Box::new(JsonlCaseWriter::new(&mut jsonl)),
            ];
            for w in writers.iter_mut() {
                w.write(marks[0], &record("Ana")).unwrap();
                w.write(marks[1], &record("Luis")).unwrap();
            }
            for w in writers {
                w.finish().unwrap();
            }
        }
        (csv, jsonl)
    }

    #[test]
    fn another_organisations_exported_record_is_refused_on_import() {
        let marks = [
            Marks {
                id: Some("A1"),
                owner: Some("Casa Refugio, Lima"),
            },
            Marks {
                id: Some("B2"),
                owner: Some("Hub"),
            },
        ];
        let (csv, jsonl) = write_both(&marks);
        for (bytes, format) in [(csv, Format::Csv), (jsonl, Format::JsonLines)] {
            assert_eq!(
                read(&bytes, format, "Hub"),
                vec![Err(OWNER_COLUMN.to_string()), Ok("Luis".to_string())]
            );
            assert_eq!(
                read(&bytes, format, "casa refugio, lima"),
                vec![Ok("Ana".to_string()), Err(OWNER_COLUMN.to_string())]
            );
        }
    }

    #[test]
    fn a_record_written_from_its_cells_is_the_line_written_from_the_record() {
        let mut r = record("Ana \"la\" Pérez, hija");
        r.set(Field::PrsCitizenship, "VE;CO").unwrap();
        r.set(Field::HteType, "Recruitment;Exploitation").unwrap();
        r.set(Field::HteCountry, "VE;PE").unwrap();
        let (open, personal) = r.split_personal();
        let (open, personal) = (open.to_compact(), personal.to_compact());
        let mut cells = Vec::new();
        rastro_model::compact_cells(&[&open, &personal], &mut cells).unwrap();
        let marks = Marks {
            id: Some("01ID"),
            owner: Some("Casa, Refugio"),
        };
        let columns = MarkColumns {
            id: true,
            owner: true,
        };
        let fields = [
            Field::HteCountry,
            Field::PrsFirstName,
            Field::PrsCitizenship,
        ];
        let mut from_record = Vec::new();
        let mut from_cells = Vec::new();
        let mut writer = CsvCaseWriter::new(&mut from_record, &fields, columns).unwrap();
        CaseWriter::write(&mut writer, marks, &r).unwrap();
        drop(writer);
        CsvCaseWriter::new(&mut from_cells, &fields, columns)
            .unwrap()
            .write_cells(marks, &cells)
            .unwrap();
        assert_eq!(
            String::from_utf8(from_cells).unwrap(),
            String::from_utf8(from_record).unwrap()
        );
    }
}
