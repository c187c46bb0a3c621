//! Key rotation, as the administrator runs it: every organisation's data key is replaced and
//! its cases re-sealed under the new one (the old key is destroyed once nothing needs it), or the
//! master key is replaced by a new key file and every wrapped key re-wrapped under it.

use crate::api::trace::AuditDraft;
use crate::Result;

/// What a rotation did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyRotation {
    pub organisations: u64,
    /// Cases re-sealed under a new data key.
    pub cases: u64,
    /// Transactions and alerts re-sealed under a new data key.
    pub transactions: u64,
    pub alerts: u64,
    /// Alert review notes re-sealed under a new data key.
    pub reviews: u64,
    /// Queued jobs' files re-sealed under a new data key.
    pub job_files: u64,
    /// Wrapped keys re-wrapped under a new master key.
    pub keys: u64,
}

pub(crate) trait KeyBackend {
    fn rotate_data_keys(&self, audit: AuditDraft) -> Result<KeyRotation>;
    /// Re-wraps every key under `new` and records its fingerprint; the store must then be
    /// opened with the new key file.
    fn rotate_master(
        &self,
        new: &rastro_vault::MasterKey,
        audit: AuditDraft,
    ) -> Result<KeyRotation>;
}
