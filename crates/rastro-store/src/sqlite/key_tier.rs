//! Record keys of the cases not yet filed into `case_keys` (migration 27): what a writer checks
//! beside that index so that an organisation stores each record once.
//!
//! A case's key used to enter a unique index on `cases` at a random place, a page of the log
//! per case at each commit. Now the cases stored since the last filing (`pk` above
//! `case_keys_filed.through`) are the unfiled tier, kept in the order they were stored, and
//! every [`FILE_EVERY`] cases (and when an import finishes) their keys are filed into
//! `case_keys` in key order, each of its pages written once per filing.
//!
//! Exact across writers, also in other processes: SQLite has one writer at a time, and a writer
//! reads, inside its own write transaction and before it checks anything, the tier's cases
//! stored since it last looked (by `pk`, which is never given out twice). What it holds of them
//! in memory is a key's first eight bytes and the case's `pk`; a match is confirmed against the
//! stored row, so a collision of prefixes or a case deleted since costs a lookup, never a wrong
//! answer. A view is thrown away whenever the store's filing mark (or a key changed in place)
//! says it may be stale, and whenever a transaction that wrote through it did not commit.

use std::collections::HashMap;

use rusqlite::{params, Transaction};

use super::filed_keys::{prefix, FiledKeys};
use crate::Result;

/// `case_keys_filed`'s mark and count of keys changed in place, and the last case stored.
fn marks(tx: &Transaction<'_>) -> Result<(i64, i64, i64)> {
    Ok(tx.query_row(
        "SELECT through, rekeyed, (SELECT COALESCE(MAX(pk), 0) FROM cases) FROM case_keys_filed",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// Cases stored between filings. A filing's cost grows with the index's pages it touches, not
/// with the cases filed; a writer's view holds up to this many prefixes (16 bytes each).
pub(crate) const FILE_EVERY: i64 = 100_000;

/// One process's view of the unfiled tier; behind the backend's lock, taken before the writer's.
pub(crate) struct KeyTier {
    file_every: i64,
    /// `case_keys_filed` (through, rekeyed) as this view knows it; `None`: build it again.
    filed: Option<(i64, i64)>,
    /// Every case up to this `pk` is in `by_prefix` or filed.
    seen_through: i64,
    by_prefix: HashMap<u64, i64>,
    /// Cases whose prefix another case of the view already has: rare, so searched in turn.
    collided: Vec<(u64, i64)>,
    /// Every key filed up to `filed`'s mark (`None`: read it again from `case_keys`).
    filed_keys: Option<FiledKeys>,
    /// The last case this transaction stored: seen once it commits.
    written_through: Option<i64>,
    /// How many keys were looked up in `case_keys`.
    #[cfg(test)]
    pub(super) filed_lookups: u64,
}

impl Default for KeyTier {
    fn default() -> Self {
        KeyTier::filing_every(FILE_EVERY)
    }
}

fn key_bytes<'r>(row: &'r rusqlite::Row<'_>, column: usize) -> rusqlite::Result<&'r [u8]> {
    let key = row.get_ref(column)?;
    key.as_bytes().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, key.data_type(), Box::new(e))
    })
}

impl KeyTier {
    pub(crate) fn filing_every(file_every: i64) -> KeyTier {
        KeyTier {
            file_every: file_every.max(1),
            filed: None,
            seen_through: 0,
            by_prefix: HashMap::new(),
            collided: Vec::new(),
            filed_keys: None,
            written_through: None,
            #[cfg(test)]
            filed_lookups: 0,
        }
    }

    /// Brings the view up to date inside `tx`, a write transaction, and files the tier when it
    /// has grown to [`FILE_EVERY`] cases.
    pub(super) fn refresh(&mut self, tx: &Transaction<'_>) -> Result<()> {
        if self.written_through.is_some() {
            // A transaction wrote through this view and nobody said how it ended.
            self.forget();
        }
        let (through, rekeyed, last) = marks(tx)?;
        match self.filed {
            Some((was, same)) if same == rekeyed && through >= was => {
                if through > was {
                    self.learn_filing(tx, through)?;
                }
            }
            _ => {
                // New, or keys changed in place: nothing held may be trusted.
                self.clear();
                self.filed_keys = None;
                self.seen_through = through;
            }
        }
        self.filed = Some((through, rekeyed));
        self.read_tier(tx)?;
        if last - through >= self.file_every {
            self.file(tx, through, last)?;
        }
        if self.filed_keys.as_ref().is_none_or(FiledKeys::is_crowded) {
            let room = usize::try_from(self.file_every).unwrap_or(0);
            self.filed_keys = Some(FiledKeys::read(tx, room)?);
        }
        Ok(())
    }

    /// Reads the tier's cases stored since the view last looked.
    fn read_tier(&mut self, tx: &Transaction<'_>) -> Result<()> {
        let mut stmt =
            tx.prepare_cached("SELECT pk, record_key FROM cases WHERE pk > ?1 ORDER BY pk")?;
        let mut rows = stmt.query([self.seen_through])?;
        while let Some(row) = rows.next()? {
            let pk: i64 = row.get(0)?;
            self.remember(prefix(key_bytes(row, 1)?), pk);
            self.seen_through = pk;
        }
        Ok(())
    }

    /// Another writer filed every case up to `through`: their keys go into the filter, and
    /// out of the tier.
    fn learn_filing(&mut self, tx: &Transaction<'_>, through: i64) -> Result<()> {
        self.filter_held(through);
        if let Some(filter) = self.filed_keys.as_mut() {
            if self.seen_through < through {
                let mut stmt = tx.prepare_cached(
                    "SELECT record_key FROM cases WHERE pk > ?1 AND pk <= ?2 ORDER BY pk",
                )?;
                let mut rows = stmt.query(params![self.seen_through, through])?;
                while let Some(row) = rows.next()? {
                    filter.add(prefix(key_bytes(row, 0)?));
                }
            }
        }
        self.by_prefix.retain(|_, pk| *pk > through);
        self.collided.retain(|(_, pk)| *pk > through);
        self.seen_through = self.seen_through.max(through);
        Ok(())
    }

    /// Files every unfiled case inside `tx`: an import's last step.
    pub(super) fn file_all(&mut self, tx: &Transaction<'_>) -> Result<()> {
        let (through, _, last) = marks(tx)?;
        if last > through {
            self.read_tier(tx)?;
            self.file(tx, through, last)
        } else {
            Ok(())
        }
    }

    /// Writes the keys of the cases in (`through`, `last`] into `case_keys`, sorted, so that
    /// each page of the index is written once for all of them. The view must hold them all.
    fn file(&mut self, tx: &Transaction<'_>, through: i64, last: i64) -> Result<()> {
        // `OR FAIL`: a statement of many rows that may abort keeps a statement journal, in
        // memory here (`temp_store`), of every index page it changes, so a filing held about
        // the whole index in memory until it committed (267 MB at 2.7 million cases). A
        // failure needs no undoing inside the statement: the transaction is rolled back.
        tx.execute(
            "INSERT OR FAIL INTO case_keys (org_id, record_key)
             SELECT org_id, record_key FROM cases WHERE pk > ?1 AND pk <= ?2
             ORDER BY org_id, record_key",
            params![through, last],
        )?;
        tx.execute(
            "UPDATE case_keys_filed SET through = ?1 WHERE one = 1",
            [last],
        )?;
        self.filter_held(last);
        self.clear();
        // Marked as the store will be once `tx` commits; if it does not, `forget` follows.
        self.filed = self.filed.map(|(_, rekeyed)| (last, rekeyed));
        self.seen_through = last;
        self.written_through = Some(last);
        Ok(())
    }

    /// Whether `org` already has a case keyed `key`, in the tier or filed.
    pub(super) fn holds(&mut self, tx: &Transaction<'_>, org: &str, key: &[u8]) -> Result<bool> {
        let wanted = prefix(key);
        let first = self.by_prefix.get(&wanted).copied();
        let rest = self
            .collided
            .iter()
            .filter(|(p, _)| *p == wanted)
            .map(|(_, pk)| *pk);
        for pk in first.into_iter().chain(rest) {
            let mut same = tx.prepare_cached(
                "SELECT 1 FROM cases WHERE pk = ?1 AND org_id = ?2 AND record_key = ?3",
            )?;
            if same.exists(params![pk, org, key])? {
                return Ok(true);
            }
        }
        if self
            .filed_keys
            .as_ref()
            .is_some_and(|filter| !filter.may_hold(wanted))
        {
            return Ok(false);
        }
        #[cfg(test)]
        {
            self.filed_lookups += 1;
        }
        let mut filed =
            tx.prepare_cached("SELECT 1 FROM case_keys WHERE org_id = ?1 AND record_key = ?2")?;
        Ok(filed.exists(params![org, key])?)
    }

    /// Case `pk`, keyed `key`, was stored by the current transaction.
    pub(super) fn stored(&mut self, key: &[u8], pk: i64) {
        self.remember(prefix(key), pk);
        self.written_through = Some(self.written_through.map_or(pk, |w| w.max(pk)));
    }

    /// The transaction that wrote through the view committed.
    pub(crate) fn committed(&mut self) {
        if let Some(pk) = self.written_through.take() {
            self.seen_through = self.seen_through.max(pk);
        }
    }

    /// The transaction that wrote through the view did not commit: what it added may name
    /// cases that do not exist, or row ids the next writer will give to others.
    pub(crate) fn forget(&mut self) {
        self.clear();
        self.filed_keys = None;
        self.filed = None;
        self.seen_through = 0;
        self.written_through = None;
    }

    /// Adds the held cases up to `through`, filed now, to the filter of filed keys.
    fn filter_held(&mut self, through: i64) {
        let Some(filter) = self.filed_keys.as_mut() else {
            return;
        };
        let held = self.by_prefix.iter().map(|(p, pk)| (*p, *pk));
        for (p, _) in held
            .chain(self.collided.iter().copied())
            .filter(|(_, pk)| *pk <= through)
        {
            filter.add(p);
        }
    }

    fn remember(&mut self, prefix: u64, pk: i64) {
        if let Some(other) = self.by_prefix.insert(prefix, pk) {
            self.collided.push((prefix, other));
        }
    }

    fn clear(&mut self) {
        // Shrunk, not only emptied: a server keeps its view between imports.
        self.by_prefix = HashMap::new();
        self.collided = Vec::new();
    }
}

#[cfg(test)]
#[path = "key_tier_tests.rs"]
mod tests;
