//! Backups of a PostgreSQL store are PostgreSQL's own (`pg_dump`, or the server's continuous
//! archiving): a copy taken by Rastro through one connection would be slower and no safer. The
//! store says so, with the commands, instead of writing a file.

use std::path::Path;

use super::PgBackend;
use crate::api::backup::BackupBackend;
use crate::api::trace::AuditDraft;
use crate::{Result, StoreError};

/// What to do instead, for the administrator.
pub(crate) const GUIDANCE: &str = "a PostgreSQL store is backed up with PostgreSQL's own tools: \
     `pg_dump --format=custom --file=rastro.dump DATABASE_URL` (a consistent snapshot taken while \
     the nodes serve), restored with `pg_restore --dbname=NEW_DATABASE_URL rastro.dump` into an \
     empty database; keep the key file apart from the dump, and check the restored trail with \
     `rastro audit verify`";

impl BackupBackend for PgBackend {
    fn backup(&self, _to: &Path, _audit: AuditDraft) -> Result<u64> {
        Err(StoreError::Invalid(GUIDANCE.to_string()))
    }
}
