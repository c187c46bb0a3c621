//! The wrapped keys' rows in SQLite (the key ring itself is backend-neutral: `crate::keyring`).

use rusqlite::{params, Connection, OptionalExtension, Transaction};

pub(crate) use crate::keyring::{insert, KeyRing, KeyRows, Purpose, PLATFORM};
use crate::Result;

impl KeyRows for Connection {
    fn has_key(&self, owner: &str, purpose: Purpose) -> Result<bool> {
        Ok(self
            .query_row(
                "SELECT 1 FROM wrapped_keys WHERE owner = ?1 AND purpose = ?2 LIMIT 1",
                params![owner, purpose.as_str()],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .is_some())
    }

    fn current_data_version(&self, org: &str) -> Result<Option<i64>> {
        Ok(self.query_row(
            "SELECT MAX(version) FROM wrapped_keys
             WHERE owner = ?1 AND purpose = 'data' AND retired_at IS NULL",
            [org],
            |r| r.get(0),
        )?)
    }

    fn wrapped(&self, owner: &str, purpose: Purpose, version: u32) -> Result<Option<Vec<u8>>> {
        Ok(self
            .query_row(
                "SELECT wrapped FROM wrapped_keys WHERE owner = ?1 AND purpose = ?2 AND version = ?3",
                params![owner, purpose.as_str(), version],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn insert_wrapped(
        &self,
        owner: &str,
        purpose: Purpose,
        version: u32,
        wrapped: &[u8],
        at: &str,
    ) -> Result<()> {
        self.execute(
            "INSERT INTO wrapped_keys (owner, purpose, version, wrapped, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![owner, purpose.as_str(), version, wrapped, at],
        )?;
        Ok(())
    }
}

/// A transaction lends its connection's rows.
impl KeyRows for Transaction<'_> {
    fn has_key(&self, owner: &str, purpose: Purpose) -> Result<bool> {
        (**self).has_key(owner, purpose)
    }

    fn current_data_version(&self, org: &str) -> Result<Option<i64>> {
        (**self).current_data_version(org)
    }

    fn wrapped(&self, owner: &str, purpose: Purpose, version: u32) -> Result<Option<Vec<u8>>> {
        (**self).wrapped(owner, purpose, version)
    }

    fn insert_wrapped(
        &self,
        owner: &str,
        purpose: Purpose,
        version: u32,
        wrapped: &[u8],
        at: &str,
    ) -> Result<()> {
        (**self).insert_wrapped(owner, purpose, version, wrapped, at)
    }
}
