//! The PostgreSQL backend, for a hub: any number of server nodes and workers on one database.
//! Every feature of `api/` has its file here, as in `sqlite/`, and the SQL the dialects share is
//! in `sql/`. Parameters are named in shared SQL and bound through [`value::Named`].

mod access;
mod articles;
mod audit;
mod backlog;
mod backup;
pub(crate) use backup::GUIDANCE as BACKUP_GUIDANCE;
mod cases;
#[cfg(test)]
mod colocation;
mod consents;
pub(crate) mod copy;
pub mod distribution;
mod grants;
mod imports;
mod jobs;
mod keyring;
mod linkage;
mod members;
pub(crate) mod migrate;
mod news;
mod orgs;
mod pool;
mod rates;
mod referrals;
mod rotation;
mod scan;
mod search;
mod statistics;
pub(crate) mod tls;
mod trace_queue;
mod transactions;
mod value;
mod watchlists;

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use crate::api::access::RecordKind;
use crate::case_numbers::{NumberBlock, DRAW_SQL};
use crate::ids::{case_id, CaseId, IdSource};
use crate::keyring::{KeyRing, Purpose, PLATFORM};
use crate::keys::Keys;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};
use value::Value;

pub(crate) struct PgBackend {
    conns: pool::Connections,
    ids: Mutex<IdSource>,
    case_numbers: Mutex<NumberBlock>,
    keys: Keys,
    ring: KeyRing,
    traces: trace_queue::TraceQueue,
}

impl PgBackend {
    /// Opens a migrated database with the key file at `key_file`; the schema is never created
    /// or changed here (see [`migrate::migrate`]). The first opening records the key file's
    /// fingerprint (creating the file when missing); later ones refuse a missing or different
    /// key, so two nodes with different key files cannot both write.
    pub fn open(url: &str, key_file: &Path) -> Result<PgBackend> {
        let conns = pool::Connections::open(url)?;
        let recorded: Option<String> = conns.with_client(|client| {
            crate::schema::require_current(&migrate::status(client)?)?;
            Ok(client
                .query_opt("SELECT fingerprint FROM store_keys LIMIT 1", &[])?
                .map(|r| r.try_get(0))
                .transpose()?)
        })?;
        let keys = Keys::load(key_file, recorded.is_none())?;
        match recorded {
            Some(fingerprint) if fingerprint != keys.fingerprint() => {
                return Err(StoreError::Keys(format!(
                    "the key file {} (fingerprint {}) is not this store's key (fingerprint {fingerprint})",
                    key_file.display(),
                    keys.fingerprint()
                )))
            }
            Some(_) => {}
            None => conns.write(|tx| {
                // Under the write lock: two nodes opening a new store at once record one.
                let present: Option<String> = tx
                    .query_opt("SELECT fingerprint FROM store_keys LIMIT 1", &[])?
                    .map(|r| r.try_get(0))
                    .transpose()?;
                match present {
                    Some(f) if f != keys.fingerprint() => Err(StoreError::Keys(format!(
                        "the key file {} is not this store's key",
                        key_file.display()
                    ))),
                    Some(_) => Ok(()),
                    None => {
                        tx.execute(
                            "INSERT INTO store_keys (fingerprint, created_at) VALUES ($1, $2)",
                            &[&keys.fingerprint(), &now_rfc3339()],
                        )?;
                        Ok(())
                    }
                }
            })?,
        }
        conns.write(|tx| {
            KeyRing::ensure(
                &keyring::Rows::new(tx),
                &keys,
                PLATFORM,
                &[Purpose::Pseudonym],
            )
        })?;
        Ok(PgBackend {
            conns,
            ids: Mutex::new(IdSource::new()),
            case_numbers: Mutex::default(),
            keys,
            ring: KeyRing::default(),
            traces: trace_queue::TraceQueue::default(),
        })
    }

    /// Opens and readies every connection the pool keeps ([`pool::Connections::open_all`]).
    pub(crate) fn open_connections(&self) -> Result<usize> {
        self.conns.open_all()
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
            .read(|tx| self.ring.case_ids(&keyring::Rows::new(tx), &self.keys))?;
        let numbers = self
            .case_numbers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take(n, |count| {
                self.conns.write(|tx| draw_case_numbers(tx, count))
            })?;
        Ok(numbers.into_iter().map(|n| case_id(&cipher, n)).collect())
    }

    /// One new case's id.
    fn new_case_id(&self) -> Result<CaseId> {
        crate::ids::single_case_id(self.case_ids(1)?)
    }

    /// What `cases.id_lookup` holds for the case whose public id is `id`.
    fn case_lookup(&self, tx: &mut postgres::Transaction<'_>, id: &str) -> Result<String> {
        let cipher = self.ring.case_ids(&keyring::Rows::new(tx), &self.keys)?;
        Ok(crate::ids::case_lookup(&cipher, id))
    }

    /// What the lookup column of `kind`'s table (`sql::grants::lookup_column`) holds for the
    /// record whose public id is `id`.
    fn record_lookup(
        &self,
        tx: &mut postgres::Transaction<'_>,
        kind: RecordKind,
        id: &str,
    ) -> Result<String> {
        match kind {
            RecordKind::Case => self.case_lookup(tx, id),
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
fn draw_case_numbers(tx: &mut postgres::Transaction<'_>, count: u64) -> Result<u64> {
    let rows = value::query(tx, DRAW_SQL, &[(":count", Value::from(count as i64))])?;
    let first: i64 = rows
        .first()
        .ok_or_else(|| StoreError::Invalid("no case id number drawn".into()))?
        .try_get(0)?;
    u64::try_from(first).map_err(|_| StoreError::Invalid("a negative case id number".into()))
}

/// The driver's errors become the store's own, which name no driver.
impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        use postgres::error::SqlState;
        match e.code() {
            Some(
                &SqlState::T_R_SERIALIZATION_FAILURE
                | &SqlState::T_R_DEADLOCK_DETECTED
                | &SqlState::LOCK_NOT_AVAILABLE
                | &SqlState::QUERY_CANCELED,
            ) => StoreError::Busy,
            _ => match e.as_db_error() {
                // The server's own words (and where), without the driver's wrapping.
                Some(db) => StoreError::Database(match db.detail() {
                    Some(detail) => format!("{} ({detail})", db.message()),
                    None => db.message().to_string(),
                }),
                None => StoreError::Database(e.to_string()),
            },
        }
    }
}
