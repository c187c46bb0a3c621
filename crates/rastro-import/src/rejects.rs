//! The rejects file: every rejected row as it was, plus its row number and reasons, in a form
//! that can be corrected and imported again (the `rastro_` columns are skipped on re-import).

use std::io::{self, Write};

use crate::csv::write_field;
use crate::{Problem, RawRow};

pub struct RejectsWriter<W: Write> {
    out: W,
    /// CSV rejects (with the file's header) or JSON lines rejects.
    header: Option<Vec<String>>,
    wrote_header: bool,
    pub written: u64,
}

fn reasons(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| {
            if p.column.is_empty() {
                p.message.clone()
            } else {
                format!("{}: {}", p.column, p.message)
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

impl<W: Write> RejectsWriter<W> {
    /// `header` is the source's header for CSV and spreadsheets, `None` for JSON lines.
    pub fn new(out: W, header: Option<Vec<String>>) -> Self {
        RejectsWriter {
            out,
            header,
            wrote_header: false,
            written: 0,
        }
    }

    pub fn write(&mut self, row: u64, raw: &RawRow, problems: &[Problem]) -> io::Result<()> {
        match (&self.header, raw) {
            (Some(header), _) => {
                if !self.wrote_header {
                    let mut line = String::new();
                    for h in header {
                        write_field(&mut line, h, ',');
                        line.push(',');
                    }
                    line.push_str("rastro_row,rastro_errors\n");
                    self.out.write_all(line.as_bytes())?;
                    self.wrote_header = true;
                }
                let cells: Vec<String> = match raw {
                    RawRow::Cells(c) => c.clone(),
                    RawRow::Line(l) => vec![l.clone()],
                };
                let mut line = String::new();
                for i in 0..header.len() {
                    write_field(
                        &mut line,
                        cells.get(i).map(String::as_str).unwrap_or(""),
                        ',',
                    );
                    line.push(',');
                }
                line.push_str(&row.to_string());
                line.push(',');
                write_field(&mut line, &reasons(problems), ',');
                line.push('\n');
                self.out.write_all(line.as_bytes())?;
            }
            (None, raw) => {
                let original = match raw {
                    RawRow::Line(l) => l.clone(),
                    RawRow::Cells(c) => c.join(","),
                };
                let mut object = match serde_json::from_str::<serde_json::Value>(&original) {
                    Ok(serde_json::Value::Object(map)) => map,
                    _ => {
                        let mut map = serde_json::Map::new();
                        map.insert("rastro_line".into(), original.into());
                        map
                    }
                };
                object.insert("rastro_row".into(), row.into());
                object.insert("rastro_errors".into(), reasons(problems).into());
                serde_json::to_writer(&mut self.out, &object)?;
                self.out.write_all(b"\n")?;
            }
        }
        self.written += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}
