//! The wrapped keys' rows in PostgreSQL (the key ring itself is backend-neutral:
//! `crate::keyring`). The rows are read inside the caller's transaction, which the driver lends
//! only mutably; [`Rows`] holds it for the ring's shared calls.

use std::cell::RefCell;

use postgres::Transaction;

use crate::keyring::{KeyRows, Purpose};
use crate::Result;

pub(crate) struct Rows<'a, 'b>(RefCell<&'a mut Transaction<'b>>);

impl<'a, 'b> Rows<'a, 'b> {
    pub fn new(tx: &'a mut Transaction<'b>) -> Self {
        Rows(RefCell::new(tx))
    }
}

impl KeyRows for Rows<'_, '_> {
    fn has_key(&self, owner: &str, purpose: Purpose) -> Result<bool> {
        Ok(self
            .0
            .borrow_mut()
            .query_opt(
                "SELECT 1 FROM wrapped_keys WHERE owner = $1 AND purpose = $2 LIMIT 1",
                &[&owner, &purpose.as_str()],
            )?
            .is_some())
    }

    fn current_data_version(&self, org: &str) -> Result<Option<i64>> {
        Ok(self
            .0
            .borrow_mut()
            .query_one(
                "SELECT MAX(version) FROM wrapped_keys
             WHERE owner = $1 AND purpose = 'data' AND retired_at IS NULL",
                &[&org],
            )?
            .try_get(0)?)
    }

    fn wrapped(&self, owner: &str, purpose: Purpose, version: u32) -> Result<Option<Vec<u8>>> {
        Ok(self
            .0
            .borrow_mut()
            .query_opt(
                "SELECT wrapped FROM wrapped_keys
                 WHERE owner = $1 AND purpose = $2 AND version = $3",
                &[&owner, &purpose.as_str(), &i64::from(version)],
            )?
            .map(|r| r.try_get(0))
            .transpose()?)
    }

    fn insert_wrapped(
        &self,
        owner: &str,
        purpose: Purpose,
        version: u32,
        wrapped: &[u8],
        at: &str,
    ) -> Result<()> {
        self.0.borrow_mut().execute(
            "INSERT INTO wrapped_keys (owner, purpose, version, wrapped, created_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &owner,
                &purpose.as_str(),
                &i64::from(version),
                &wrapped,
                &at,
            ],
        )?;
        Ok(())
    }
}
