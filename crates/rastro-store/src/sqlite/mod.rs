//! The embedded backend: one SQLite file in WAL mode, a writer and a pool of readers. Every
//! feature of `api/` has its file here; the SQL they share with other dialects is in `sql/`.

mod access;
mod articles;
mod cases;
mod grants;
mod linkage;
pub(crate) mod members;
pub(crate) mod migrate;
mod news;
mod orgs;
pub(crate) mod pool;
mod search;
mod watchlists;

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rusqlite::{Connection, OpenFlags};

use crate::ids::IdSource;
use crate::{Result, StoreError};

pub(crate) struct SqliteBackend {
    conns: pool::Connections,
    ids: Mutex<IdSource>,
}

impl SqliteBackend {
    /// Opens a migrated database; it is never created or changed here (see [`migrate::migrate`]).
    pub fn open(path: &Path) -> Result<SqliteBackend> {
        if !path.is_file() {
            return Err(StoreError::NotMigrated {
                pending: migrate::status_at(path)?
                    .iter()
                    .map(|m| m.version)
                    .collect(),
            });
        }
        let probe = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        pool::configure(&probe)?;
        migrate::check(&probe)?;
        drop(probe);
        Ok(SqliteBackend {
            conns: pool::Connections::open(path)?,
            ids: Mutex::new(IdSource::new()),
        })
    }

    /// `n` fresh public ids.
    fn ids(&self, n: usize) -> Result<Vec<String>> {
        let mut source = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        (0..n).map(|_| source.next_id()).collect()
    }

    fn id(&self) -> Result<String> {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .next_id()
    }
}

/// The driver's errors become the store's own, which name no driver.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            _ => StoreError::Database(e.to_string()),
        }
    }
}

/// Counts are stored as SQLite integers (i64) and are never negative.
fn count(n: i64) -> u64 {
    n.max(0) as u64
}
