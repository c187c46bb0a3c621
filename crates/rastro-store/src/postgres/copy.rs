//! A PostgreSQL store's raw rows, for a copy between stores (`crate::copy`). Rows arrive by
//! `COPY … FROM STDIN (FORMAT binary)`, the server's fastest way in.

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{Client, Row, Transaction};

use super::pool::Connections;
use super::value::Value;
use crate::api::copy::{Cell, RawStore, RowSink};
use crate::{Result, StoreError};

pub(crate) struct Raw {
    client: Client,
}

impl Raw {
    pub fn open(url: &str) -> Result<Raw> {
        Ok(Raw {
            client: Connections::connect_to(url)?,
        })
    }
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn list(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| quoted(c))
        .collect::<Vec<_>>()
        .join(", ")
}

fn cell(row: &Row, i: usize) -> Result<Cell> {
    let ty = row.columns()[i].type_().clone();
    Ok(match ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Cell::Integer),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map(|v| Cell::Integer(i64::from(v))),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map(|v| Cell::Integer(i64::from(v))),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Cell::Real),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Cell::Blob),
        _ => row.try_get::<_, Option<String>>(i)?.map(Cell::Text),
    }
    .unwrap_or(Cell::Null))
}

fn value(cell: Cell) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Integer(i) => Value::Integer(i),
        Cell::Real(r) => Value::Real(r),
        Cell::Text(t) => Value::Text(t),
        Cell::Blob(b) => Value::Blob(b),
    }
}

impl RawStore for Raw {
    fn columns(&mut self, table: &str) -> Result<Vec<String>> {
        let columns = self
            .client
            .query(
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1
                   AND is_generated = 'NEVER'
                 ORDER BY ordinal_position",
                &[&table],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<Vec<String>, _>>()?;
        if columns.is_empty() {
            return Err(StoreError::Database(format!("no table {table}")));
        }
        Ok(columns)
    }

    fn read_rows(
        &mut self,
        table: &str,
        columns: &[String],
        visit: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
    ) -> Result<u64> {
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let none: [&(dyn ToSql + Sync); 0] = [];
        let mut rows = tx.query_raw(
            &format!("SELECT {} FROM {}", list(columns), quoted(table)),
            none,
        )?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let cells = (0..columns.len())
                .map(|i| cell(&row, i))
                .collect::<Result<Vec<_>>>()?;
            visit(cells)?;
            n += 1;
        }
        drop(rows);
        tx.commit()?;
        Ok(n)
    }

    fn count_rows(&mut self, table: &str) -> Result<u64> {
        let n: i64 = self
            .client
            .query_one(&format!("SELECT COUNT(*) FROM {}", quoted(table)), &[])?
            .try_get(0)?;
        Ok(n.max(0) as u64)
    }

    fn is_empty(&mut self) -> Result<bool> {
        let n: i64 = self
            .client
            .query_one(
                "SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM store_keys)
                      + (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM audit_events)",
                &[],
            )?
            .try_get(0)?;
        Ok(n == 0)
    }

    fn load(&mut self, fill: &mut dyn FnMut(&mut dyn RowSink) -> Result<()>) -> Result<()> {
        let mut tx = self.client.transaction()?;
        {
            let mut sink = Sink {
                tx: &mut tx,
                table: None,
                rows: Vec::new(),
                tables: Vec::new(),
            };
            fill(&mut sink)?;
            let tables = std::mem::take(&mut sink.tables);
            for table in tables {
                resume_identities(sink.tx, &table)?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// Rows are sent in blocks of this many: a COPY per block keeps memory bounded.
const BLOCK: usize = 10_000;

struct Sink<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    table: Option<(String, Vec<String>)>,
    rows: Vec<Vec<Value>>,
    tables: Vec<String>,
}

impl Sink<'_, '_> {
    fn flush(&mut self) -> Result<()> {
        let Some((table, columns)) = &self.table else {
            return Ok(());
        };
        if self.rows.is_empty() {
            return Ok(());
        }
        let types: Vec<Type> = self
            .tx
            .prepare(&format!("SELECT {} FROM {}", list(columns), quoted(table)))?
            .columns()
            .iter()
            .map(|c| c.type_().clone())
            .collect();
        let writer = self.tx.copy_in(&format!(
            "COPY {} ({}) FROM STDIN (FORMAT binary)",
            quoted(table),
            list(columns)
        ))?;
        let mut writer = BinaryCopyInWriter::new(writer, &types);
        for row in self.rows.drain(..) {
            let refs: Vec<&(dyn ToSql + Sync)> =
                row.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
            writer.write(&refs)?;
        }
        writer.finish()?;
        Ok(())
    }
}

impl RowSink for Sink<'_, '_> {
    fn begin_table(&mut self, table: &str, columns: &[String]) -> Result<()> {
        // A fresh schema seeds fixed rows (the change counter); the source's replace them.
        self.tx
            .execute(&format!("DELETE FROM {}", quoted(table)), &[])?;
        self.table = Some((table.to_string(), columns.to_vec()));
        self.tables.push(table.to_string());
        Ok(())
    }

    fn push(&mut self, row: Vec<Cell>) -> Result<()> {
        self.rows.push(row.into_iter().map(value).collect());
        if self.rows.len() >= BLOCK {
            self.flush()?;
        }
        Ok(())
    }

    fn end_table(&mut self) -> Result<()> {
        self.flush()?;
        self.table = None;
        Ok(())
    }
}

/// Moves each identity column's sequence past the copied keys, so that the next row added gets
/// a key above every copied one (what visibility stamps assume).
fn resume_identities(tx: &mut Transaction<'_>, table: &str) -> Result<()> {
    let identities: Vec<String> = tx
        .query(
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
            &[&table],
        )?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
    for column in identities {
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX({c}), 0) + 1, false)
                 FROM {t}",
                c = quoted(&column),
                t = quoted(table)
            ),
            &[&quoted(table), &column],
        )?;
    }
    Ok(())
}
