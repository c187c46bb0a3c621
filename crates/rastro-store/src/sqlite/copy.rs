//! An SQLite store's raw rows, for a copy between stores (`crate::copy`).

use std::path::Path;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, Statement, Transaction, TransactionBehavior};

use super::connection::configure;
use crate::api::copy::{Cell, RawStore, RowSink};
use crate::{Result, StoreError};

pub(crate) struct Raw {
    conn: Connection,
}

impl Raw {
    pub fn open(path: &Path) -> Result<Raw> {
        if !path.is_file() {
            return Err(StoreError::Invalid(format!(
                "there is no store at {}",
                path.display()
            )));
        }
        let conn = Connection::open(path)?;
        configure(&conn)?;
        Ok(Raw { conn })
    }
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn cell(value: ValueRef<'_>) -> Cell {
    match value {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) => Cell::Integer(i),
        ValueRef::Real(r) => Cell::Real(r),
        ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
    }
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
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
        let columns = stmt
            .query_map([table], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
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
        let list: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM {}",
            list.join(", "),
            quoted(table)
        ))?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let cells = (0..columns.len())
                .map(|i| Ok(cell(row.get_ref(i)?)))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            visit(cells)?;
            n += 1;
        }
        Ok(n)
    }

    fn count_rows(&mut self, table: &str) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM {}", quoted(table)),
            [],
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }

    fn is_empty(&mut self) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM store_keys)
                  + (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM audit_events)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }

    fn load(&mut self, fill: &mut dyn FnMut(&mut dyn RowSink) -> Result<()>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut sink = Sink {
                tx: &tx,
                insert: None,
            };
            fill(&mut sink)?;
        }
        // The full-text index is kept by the code that stores articles, not by triggers.
        tx.execute_batch("INSERT INTO news_fts (news_fts) VALUES ('rebuild')")?;
        tx.commit()?;
        Ok(())
    }
}

struct Sink<'t, 'c> {
    tx: &'t Transaction<'c>,
    insert: Option<Statement<'t>>,
}

impl RowSink for Sink<'_, '_> {
    fn begin_table(&mut self, table: &str, columns: &[String]) -> Result<()> {
        let list: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        // A fresh schema seeds fixed rows (the change counter, upgrade tasks a new store has
        // nothing to do for); the source's rows replace them.
        self.tx
            .execute(&format!("DELETE FROM {}", quoted(table)), [])?;
        self.insert = Some(self.tx.prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quoted(table),
            list.join(", "),
            marks.join(", ")
        ))?);
        Ok(())
    }

    fn push(&mut self, row: Vec<Cell>) -> Result<()> {
        let insert = self
            .insert
            .as_mut()
            .ok_or_else(|| StoreError::Database("a row before its table".into()))?;
        let values: Vec<Value> = row.into_iter().map(value).collect();
        insert.execute(rusqlite::params_from_iter(values))?;
        Ok(())
    }

    fn end_table(&mut self) -> Result<()> {
        self.insert = None;
        Ok(())
    }
}
