//! What every backend's migrations share: a migration's checksum, the check that a database holds
//! only migrations this build carries unchanged, and the status of each.

use sha2::{Digest, Sha256};

use crate::{Migration, Result, StoreError};

/// A backend's compiled-in migrations: (version, name, SQL).
pub(crate) type Migrations = &'static [(u32, &'static str, &'static str)];

/// What a database records of one migration.
pub(crate) struct Applied {
    pub version: u32,
    /// `None` in SQLite stores from before migrations were checksummed.
    pub checksum: Option<String>,
    pub applied_at: String,
}

pub(crate) fn checksum(sql: &str) -> String {
    Sha256::digest(sql.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Refuses a database with a migration this build does not know (a newer build's) or one whose
/// text differs from the compiled one (changed by hand or by another build).
pub(crate) fn verify(known: Migrations, applied: &[Applied]) -> Result<()> {
    let newest = known.iter().map(|m| m.0).max().unwrap_or(0);
    for a in applied {
        let Some(&(version, name, sql)) = known.iter().find(|m| m.0 == a.version) else {
            return Err(StoreError::NewerSchema {
                found: a.version,
                known: newest,
            });
        };
        if let Some(found) = &a.checksum {
            let expected = checksum(sql);
            if *found != expected {
                return Err(StoreError::MigrationChanged {
                    version,
                    name: name.to_string(),
                    expected,
                    found: found.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Every known migration with when it was applied (after [`verify`]).
pub(crate) fn status(known: Migrations, applied: &[Applied]) -> Result<Vec<Migration>> {
    verify(known, applied)?;
    Ok(known
        .iter()
        .map(|&(version, name, sql)| Migration {
            version,
            name: name.to_string(),
            checksum: checksum(sql),
            applied_at: applied
                .iter()
                .find(|a| a.version == version)
                .map(|a| a.applied_at.clone()),
        })
        .collect())
}

/// `NotMigrated` when some known migration is pending.
pub(crate) fn require_current(status: &[Migration]) -> Result<()> {
    let pending: Vec<u32> = status
        .iter()
        .filter(|m| m.applied_at.is_none())
        .map(|m| m.version)
        .collect();
    if pending.is_empty() {
        Ok(())
    } else {
        Err(StoreError::NotMigrated { pending })
    }
}
