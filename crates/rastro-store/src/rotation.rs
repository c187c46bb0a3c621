//! Key rotation's order of work, the same whatever database holds the rows. A data-key rotation
//! adds a version per organisation, re-seals its cases, transactions, alerts, alert reviews and queued jobs' files a
//! batch per transaction (an interrupted rotation is completed by running it again: what is
//! still under an old version is found by its `key_version`), then deletes the old versions. A
//! master rotation re-wraps every key under the new master key; the backend does it, the audit
//! heads' MACs with it, in one transaction.

use rastro_vault::{DataKey, MasterKey};

use crate::api::keys::KeyRotation;
use crate::api::trace::AuditDraft;
use crate::keyring::{label, Purpose};
use crate::keys::Keys;
use crate::sealing::{record_aad, reseal_bound};
use crate::transaction_rows;
use crate::{Result, StoreError};

/// Rows re-sealed per transaction: large enough to amortise a commit, small enough that other
/// writers wait little between batches.
pub(crate) const BATCH: i64 = 2_000;

/// The tables whose rows are sealed whole under their organisation's data key, with the kind
/// their sealed part is bound to.
#[derive(Clone, Copy)]
pub(crate) enum SealedTable {
    Transactions,
    Alerts,
    AlertReviews,
    /// Queued jobs' files: a job may wait through a rotation.
    JobFiles,
}

impl SealedTable {
    pub const ALL: [SealedTable; 4] = [
        SealedTable::Transactions,
        SealedTable::Alerts,
        SealedTable::AlertReviews,
        SealedTable::JobFiles,
    ];

    pub fn table(self) -> &'static str {
        match self {
            SealedTable::Transactions => "transactions",
            SealedTable::Alerts => "alerts",
            SealedTable::AlertReviews => "alert_reviews",
            SealedTable::JobFiles => "job_files",
        }
    }

    fn kind(self) -> &'static str {
        match self {
            SealedTable::Transactions => transaction_rows::TRANSACTION,
            SealedTable::Alerts => transaction_rows::ALERT,
            SealedTable::AlertReviews => transaction_rows::REVIEW,
            SealedTable::JobFiles => crate::sealing::JOB_FILE,
        }
    }

    /// Rows re-sealed per transaction: a queued file may be as large as an upload, so those go
    /// a few at a time.
    pub fn batch(self) -> i64 {
        match self {
            SealedTable::JobFiles => 4,
            _ => BATCH,
        }
    }

    /// A row's sealed part moved from the `from` key to the `to` key.
    pub fn reseal(
        self,
        sealed: &[u8],
        from: &DataKey,
        to: &DataKey,
        org: &str,
        id: &str,
    ) -> Result<Vec<u8>> {
        reseal_bound(sealed, from, to, &record_aad(self.kind(), org, id), id)
    }
}

/// What a data-key rotation asks of a backend; each call is a transaction of its own.
pub(crate) trait DataKeySteps {
    /// Every organisation's id, in id order.
    fn organisations(&self) -> Result<Vec<String>>;
    /// Adds the next data-key version of `org` and returns it.
    fn add_version(&self, org: &str) -> Result<u32>;
    /// Forgets which data key is current, now that a newer one exists.
    fn forget_current(&self);
    /// Re-seals up to [`BATCH`] of `org`'s cases under an older version; how many.
    fn reseal_cases(&self, org: &str, version: u32) -> Result<u64>;
    /// Re-seals up to [`BATCH`] of `org`'s rows of `table` under an older version; how many.
    fn reseal_rows(&self, org: &str, version: u32, table: SealedTable) -> Result<u64>;
    /// Deletes `org`'s data keys older than `version`.
    fn delete_older(&self, org: &str, version: u32) -> Result<()>;
    /// Records the rotation in the audit trail.
    fn record(&self, audit: AuditDraft) -> Result<()>;
}

pub(crate) fn rotate_data_keys(
    steps: &impl DataKeySteps,
    audit: AuditDraft,
) -> Result<KeyRotation> {
    let mut report = KeyRotation::default();
    for org in &steps.organisations()? {
        let version = steps.add_version(org)?;
        steps.forget_current();
        report.cases += until_done(|| steps.reseal_cases(org, version))?;
        for table in SealedTable::ALL {
            let n = until_done(|| steps.reseal_rows(org, version, table))?;
            match table {
                SealedTable::Transactions => report.transactions += n,
                SealedTable::Alerts => report.alerts += n,
                SealedTable::AlertReviews => report.reviews += n,
                SealedTable::JobFiles => report.job_files += n,
            }
        }
        steps.delete_older(org, version)?;
        report.organisations += 1;
    }
    steps.record(
        audit
            .count(report.cases)
            .detail("organisations", report.organisations),
    )?;
    Ok(report)
}

/// Runs `batch` until it finds nothing left; the total done.
fn until_done(mut batch: impl FnMut() -> Result<u64>) -> Result<u64> {
    let mut done = 0;
    loop {
        match batch()? {
            0 => return Ok(done),
            n => done += n,
        }
    }
}

/// One wrapped key, opened with the store's master key and wrapped under `new`.
pub(crate) fn rewrap(
    keys: &Keys,
    new: &MasterKey,
    owner: &str,
    purpose: &str,
    version: i64,
    wrapped: &[u8],
) -> Result<Vec<u8>> {
    let purpose = Purpose::parse(purpose)
        .ok_or_else(|| StoreError::Keys(format!("unknown key purpose {purpose:?}")))?;
    let label = label(owner, purpose, version as u32);
    let key = keys
        .master()
        .unwrap(wrapped, &label)
        .map_err(|e| StoreError::Keys(format!("{label}: {e}")))?;
    new.try_wrap(&key, &label)
        .map_err(|e| StoreError::Entropy(e.to_string()))
}

/// The event of a master rotation, recorded under the old key before the heads are MAC'd anew.
pub(crate) fn master_event(
    audit: AuditDraft,
    keys: &Keys,
    new: &MasterKey,
    rewrapped: u64,
) -> AuditDraft {
    audit
        .detail("old_fingerprint", keys.fingerprint())
        .detail("new_fingerprint", new.fingerprint())
        .count(rewrapped)
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::api::trace::By;

    /// Organisations with rows left to re-seal per table, and what the rotation asked for.
    #[derive(Default)]
    struct Fake {
        left: RefCell<Vec<(String, [u64; 5])>>,
        calls: RefCell<Vec<String>>,
        recorded: RefCell<Option<AuditDraft>>,
    }

    impl Fake {
        fn take(&self, org: &str, slot: usize, batch: i64) -> u64 {
            let mut left = self.left.borrow_mut();
            let Some((_, n)) = left.iter_mut().find(|(o, _)| o == org) else {
                return 0;
            };
            let batch = n[slot].min(batch as u64);
            n[slot] -= batch;
            batch
        }
    }

    impl DataKeySteps for Fake {
        fn organisations(&self) -> Result<Vec<String>> {
            Ok(self.left.borrow().iter().map(|(o, _)| o.clone()).collect())
        }
        fn add_version(&self, org: &str) -> Result<u32> {
            self.calls.borrow_mut().push(format!("add {org}"));
            Ok(2)
        }
        fn forget_current(&self) {}
        fn reseal_cases(&self, org: &str, _: u32) -> Result<u64> {
            Ok(self.take(org, 0, BATCH))
        }
        fn reseal_rows(&self, org: &str, _: u32, table: SealedTable) -> Result<u64> {
            let slot = match table {
                SealedTable::Transactions => 1,
                SealedTable::Alerts => 2,
                SealedTable::AlertReviews => 3,
                SealedTable::JobFiles => 4,
            };
            Ok(self.take(org, slot, table.batch()))
        }
        fn delete_older(&self, org: &str, version: u32) -> Result<()> {
            self.calls
                .borrow_mut()
                .push(format!("delete {org} < v{version}"));
            Ok(())
        }
        fn record(&self, audit: AuditDraft) -> Result<()> {
            *self.recorded.borrow_mut() = Some(audit);
            Ok(())
        }
    }

    #[test]
    fn every_batch_is_taken_until_none_is_left_and_old_keys_go_last() {
        let fake = Fake::default();
        *fake.left.borrow_mut() = vec![
            ("o1".into(), [2 * BATCH as u64 + 7, 3, 0, 1, 9]),
            ("o2".into(), [0, 0, BATCH as u64, 0, 0]),
        ];
        let audit = AuditDraft::new(By::Administrator, "rotate_data_keys");
        let report = rotate_data_keys(&fake, audit).unwrap();
        assert_eq!(
            report,
            KeyRotation {
                organisations: 2,
                cases: 2 * BATCH as u64 + 7,
                transactions: 3,
                alerts: BATCH as u64,
                reviews: 1,
                job_files: 9,
                keys: 0,
            }
        );
        assert!(fake.left.borrow().iter().all(|(_, n)| *n == [0; 5]));
        assert_eq!(
            *fake.calls.borrow(),
            ["add o1", "delete o1 < v2", "add o2", "delete o2 < v2"]
        );
        let recorded = fake.recorded.borrow();
        let recorded = recorded.as_ref().unwrap();
        assert_eq!(recorded.count, Some(2 * BATCH as u64 + 7));
        assert_eq!(recorded.detail, [("organisations", "2".to_string())]);
    }
}
