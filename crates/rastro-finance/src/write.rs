//! Transactions out, in the canonical columns, as CSV or JSON lines: what the generator writes
//! and what [`crate::read`] reads back unchanged.

use std::io::{self, Write};

use crate::read::Format;
use crate::txn::{Transaction, COLUMNS};

/// Writes transactions one at a time.
pub struct TransactionWriter<W: Write> {
    out: W,
    format: Format,
    started: bool,
}

impl<W: Write> TransactionWriter<W> {
    pub fn new(out: W, format: Format) -> TransactionWriter<W> {
        TransactionWriter {
            out,
            format,
            started: false,
        }
    }

    pub fn write(&mut self, transaction: &Transaction) -> io::Result<()> {
        match self.format {
            Format::Csv => {
                if !self.started {
                    self.out.write_all(COLUMNS.join(",").as_bytes())?;
                    self.out.write_all(b"\n")?;
                    self.started = true;
                }
                let values = transaction.canonical_values();
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        self.out.write_all(b",")?;
                    }
                    write_csv_value(&mut self.out, value)?;
                }
                self.out.write_all(b"\n")
            }
            Format::JsonLines => {
                serde_json::to_writer(&mut self.out, transaction).map_err(io::Error::other)?;
                self.out.write_all(b"\n")
            }
        }
    }

    /// Flushes and hands the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == Format::Csv && !self.started {
            self.out.write_all(COLUMNS.join(",").as_bytes())?;
            self.out.write_all(b"\n")?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// One CSV value, quoted when it holds a delimiter, a quote or a line break.
pub(crate) fn write_csv_value(out: &mut impl Write, value: &str) -> io::Result<()> {
    if value.contains([',', '"', '\n', '\r']) {
        out.write_all(b"\"")?;
        out.write_all(value.replace('"', "\"\"").as_bytes())?;
        out.write_all(b"\"")
    } else {
        out.write_all(value.as_bytes())
    }
}
