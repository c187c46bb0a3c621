//! Writers of case records: HTCDS CSV (every field of the standard as a column, in its order) and
//! JSON lines (HTCDS field names as keys). Both can be imported again as they are.

use std::io::{self, Write};

use rastro_model::{CaseRecord, Field};

use crate::csv::write_field;

/// The column that carries Rastro's id of the record; skipped on import.
pub const ID_COLUMN: &str = "rastro_id";

pub trait CaseWriter {
    fn write(&mut self, id: Option<&str>, record: &CaseRecord) -> io::Result<()>;
    fn finish(self: Box<Self>) -> io::Result<()>;
}

pub struct CsvCaseWriter<W: Write> {
    out: W,
    fields: Vec<Field>,
    with_id: bool,
    line: String,
}

impl<W: Write> CsvCaseWriter<W> {
    /// Writes the header at once: `fields`, then `rastro_id` when `with_id`.
    pub fn new(mut out: W, fields: &[Field], with_id: bool) -> io::Result<Self> {
        let mut header: Vec<&str> = fields.iter().map(|f| f.name()).collect();
        if with_id {
            header.push(ID_COLUMN);
        }
        out.write_all(header.join(",").as_bytes())?;
        out.write_all(b"\n")?;
        Ok(CsvCaseWriter {
            out,
            fields: fields.to_vec(),
            with_id,
            line: String::with_capacity(1024),
        })
    }
}

impl<W: Write> CaseWriter for CsvCaseWriter<W> {
    fn write(&mut self, id: Option<&str>, record: &CaseRecord) -> io::Result<()> {
        self.line.clear();
        for (i, field) in self.fields.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            if let Some(value) = record.get(*field) {
                write_field(&mut self.line, &value.to_cell(), ',');
            }
        }
        if self.with_id {
            self.line.push(',');
            self.line.push_str(id.unwrap_or(""));
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
    fn write(&mut self, id: Option<&str>, record: &CaseRecord) -> io::Result<()> {
        let mut map = record.to_json();
        if let Some(id) = id {
            map.insert(ID_COLUMN.to_string(), id.into());
        }
        serde_json::to_writer(&mut self.out, &map)?;
        self.out.write_all(b"\n")
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.out.flush()
    }
}
