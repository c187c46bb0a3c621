//! The embedded backend: one SQLite file in WAL mode, a writer and a pool of readers. Every
//! feature of `api/` has its file here; the SQL they share with other dialects is in `sql/`.

mod access;
mod articles;
pub(crate) mod audit;
mod backlog;
pub(crate) mod backup;
mod cases;
mod checkpointer;
pub(crate) mod connection;
mod consents;
pub(crate) mod copy;
mod deferred_index;
mod filed_keys;
mod grants;
mod imports;
mod jobs;
mod key_tier;
pub(crate) mod keyring;
mod linkage;
pub(crate) mod members;
pub(crate) mod migrate;
mod news;
mod orgs;
pub(crate) mod pool;
mod rates;
mod referrals;
mod rotation;
mod search;
mod statistics;
#[cfg(test)]
mod test_rows;
mod transactions;
mod upgrade;
mod watchlists;

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::api::access::RecordKind;
use crate::case_numbers::{NumberBlock, DRAW_SQL};
use crate::ids::{case_id, CaseId, IdSource};
use crate::keys::Keys;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

pub(crate) struct SqliteBackend {
    conns: pool::Connections,
    ids: Mutex<IdSource>,
    case_numbers: Mutex<NumberBlock>,
    keys: Keys,
    ring: keyring::KeyRing,
    /// Taken before the writer whenever cases are stored (`key_tier`).
    key_tier: Mutex<key_tier::KeyTier>,
}

impl SqliteBackend {
    /// Opens a migrated database with the key file at `key_file`; the schema is never created
    /// or changed here (see [`migrate::migrate`]). The first opening creates the key file (when
    /// missing) and records its fingerprint; later ones refuse a missing or different key.
    pub fn open(path: &Path, key_file: &Path) -> Result<SqliteBackend> {
        if !path.is_file() {
            return Err(StoreError::NotMigrated {
                pending: migrate::status_at(path)?
                    .iter()
                    .map(|m| m.version)
                    .collect(),
            });
        }
        let probe = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        connection::configure(&probe)?;
        migrate::check(&probe)?;
        let recorded: Option<String> = probe
            .query_row("SELECT fingerprint FROM store_keys LIMIT 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        drop(probe);
        let keys = Keys::load(key_file, recorded.is_none())?;
        let conns = pool::Connections::open(path)?;
        match recorded {
            Some(fingerprint) if fingerprint != keys.fingerprint() => {
                return Err(StoreError::Keys(format!(
                    "the key file {} (fingerprint {}) is not this store's key (fingerprint {fingerprint})",
                    key_file.display(),
                    keys.fingerprint()
                )))
            }
            Some(_) => {}
            None => conns.write(|conn| {
                // Two processes opening a new store at once record one fingerprint.
                let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let present: Option<String> = tx
                    .query_row("SELECT fingerprint FROM store_keys LIMIT 1", [], |r| r.get(0))
                    .optional()?;
                match present {
                    Some(f) if f != keys.fingerprint() => {
                        return Err(StoreError::Keys(format!(
                            "the key file {} is not this store's key",
                            key_file.display()
                        )))
                    }
                    Some(_) => {}
                    None => {
                        tx.execute(
                            "INSERT INTO store_keys (fingerprint, created_at) VALUES (?1, ?2)",
                            rusqlite::params![keys.fingerprint(), now_rfc3339()],
                        )?;
                    }
                }
                tx.commit()?;
                Ok(())
            })?,
        }
        let backend = SqliteBackend {
            conns,
            ids: Mutex::new(IdSource::new()),
            case_numbers: Mutex::default(),
            keys,
            ring: keyring::KeyRing::default(),
            key_tier: Mutex::default(),
        };
        upgrade::seal_what_is_clear(&backend)?;
        upgrade::add_new_facets(&backend)?;
        // A case import killed while it filled an empty store left the identity numbers'
        // index out (`deferred_index`).
        if !backend.conns.read(deferred_index::present)? {
            backend.conns.write(|conn| deferred_index::restore(conn))?;
        }
        Ok(backend)
    }

    pub(crate) fn keys(&self) -> &Keys {
        &self.keys
    }

    /// `n` fresh public ids.
    fn ids(&self, n: usize) -> Result<Vec<String>> {
        let mut source = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        (0..n).map(|_| source.next_id()).collect()
    }

    /// `n` new cases' ids, their numbers drawn a block at a time.
    fn case_ids(&self, n: usize) -> Result<Vec<CaseId>> {
        let cipher = self
            .conns
            .read(|conn| self.ring.case_ids(conn, &self.keys))?;
        let numbers = self
            .case_numbers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take(n, |count| {
                self.conns.write(|conn| {
                    let tx =
                        conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                    let first = draw_case_numbers(&tx, count)?;
                    tx.commit()?;
                    Ok(first)
                })
            })?;
        Ok(numbers.into_iter().map(|n| case_id(&cipher, n)).collect())
    }

    /// One new case's id.
    fn new_case_id(&self) -> Result<CaseId> {
        crate::ids::single_case_id(self.case_ids(1)?)
    }

    /// What `cases.id_lookup` holds for the case whose public id is `id`.
    fn case_lookup(&self, conn: &Connection, id: &str) -> Result<String> {
        let cipher = self.ring.case_ids(conn, &self.keys)?;
        Ok(crate::ids::case_lookup(&cipher, id))
    }

    /// What the lookup column of `kind`'s table (`sql::grants::lookup_column`) holds for the
    /// record whose public id is `id`.
    fn record_lookup(&self, conn: &Connection, kind: RecordKind, id: &str) -> Result<String> {
        match kind {
            RecordKind::Case => self.case_lookup(conn, id),
            _ => Ok(id.to_string()),
        }
    }

    fn id(&self) -> Result<String> {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .next_id()
    }
}

/// Draws `count` numbers for new cases' ids from the store's counter; the first of them.
fn draw_case_numbers(conn: &Connection, count: u64) -> Result<u64> {
    let first: i64 = conn.query_row(
        DRAW_SQL,
        rusqlite::named_params! {":count": count as i64},
        |r| r.get(0),
    )?;
    u64::try_from(first).map_err(|_| StoreError::Invalid("a negative case id number".into()))
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
