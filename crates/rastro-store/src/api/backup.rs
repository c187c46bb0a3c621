//! Backups and restores of a whole store, as its administrator runs them. A backup is a
//! consistent copy of the database taken while the store serves; it holds personal data sealed
//! under keys that only the key file opens, so the key file is kept apart from it and is needed
//! again to restore. A restore ([`crate::Store::restore`]) refuses to overwrite a store and
//! checks what it brings back — the file's integrity, the key, and every chain of the audit
//! trail — before it is used.

use std::path::Path;

use crate::api::trace::AuditDraft;
use crate::Result;

pub(crate) trait BackupBackend {
    /// Writes a consistent copy of the store to `to` (which must not exist) and returns its size
    /// in bytes.
    fn backup(&self, to: &Path, audit: AuditDraft) -> Result<u64>;
}
