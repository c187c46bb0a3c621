//! Backups and restores of a whole store, as its administrator runs them. A backup is a
//! consistent copy of the database taken while the store serves; it holds personal data sealed
//! under keys that only the key file opens, so the key file is kept apart from it and is needed
//! again to restore. A restore refuses to overwrite a store and checks what it brings back —
//! the file's integrity, the key, and every chain of the audit trail — before it is used.

use std::path::Path;

use crate::api::trace::AuditDraft;
use crate::Result;

pub(crate) trait BackupBackend {
    /// Writes a consistent copy of the store to `to` (which must not exist) and returns its size
    /// in bytes.
    fn backup(&self, to: &Path, audit: AuditDraft) -> Result<u64>;
}

impl crate::Store {
    /// Brings a backup back as the store at `url`, which must not exist yet, and opens it with
    /// `key_file` (the key file the backed-up store used). Older backups are migrated. Every
    /// chain of the audit trail is walked before the store is handed back: a backup with a
    /// broken trail, or opened with another key, is set aside (`….rejected`) and refused.
    pub fn restore(
        backup: &Path,
        url: &crate::StoreUrl,
        key_file: &Path,
    ) -> Result<(crate::Store, crate::AuditReport)> {
        match url {
            crate::StoreUrl::Sqlite(target) => {
                crate::sqlite::backup::restore_file(backup, target)?;
                let checked = crate::Store::migrate(url)
                    .and_then(|_| crate::Store::open_with_key(url, key_file))
                    .and_then(|store| {
                        let report = store.backend.verify_audit(None)?;
                        Ok((store, report))
                    });
                let refused = match checked {
                    Ok((store, report)) if report.problems.is_empty() => {
                        store.backend.append_audit(
                            &AuditDraft::new(crate::api::trace::By::Administrator, "restore")
                                .count(report.events)
                                .detail("chains", report.chains.to_string()),
                        )?;
                        return Ok((store, report));
                    }
                    Ok((store, report)) => {
                        drop(store);
                        crate::StoreError::Invalid(format!(
                            "the restored audit trail does not verify ({} problems, first: {:?})",
                            report.problems.len(),
                            report.problems.first()
                        ))
                    }
                    Err(e) => e,
                };
                let aside = crate::sqlite::backup::set_aside(target)?;
                Err(crate::StoreError::Invalid(format!(
                    "{refused}; the restored file was set aside as {}",
                    aside.display()
                )))
            }
        }
    }
}
