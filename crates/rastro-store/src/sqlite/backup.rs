//! The embedded store's backup and restore: `VACUUM INTO` from a reader, which copies the
//! last committed state while writers go on, into a file beside the target that is renamed into
//! place only when whole.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::api::backup::BackupBackend;
use crate::api::trace::AuditDraft;
use crate::sqlite::migrate::create_private_dir;
use crate::sqlite::SqliteBackend;
use crate::{Result, StoreError};

impl BackupBackend for SqliteBackend {
    fn backup(&self, to: &Path, audit: AuditDraft) -> Result<u64> {
        refuse_existing(to, "a backup")?;
        if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        let partial = partial_of(to);
        remove_if_there(&partial)?;
        let copied = self.conns.read(|conn| {
            conn.execute("VACUUM INTO ?1", [path_text(&partial)?])?;
            Ok(())
        });
        if let Err(e) = copied {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        owner_only(&partial)?;
        std::fs::rename(&partial, to).map_err(io(to))?;
        let bytes = std::fs::metadata(to).map_err(io(to))?.len();
        self.write_audited(audit.detail("bytes", bytes.to_string()), |_, _| Ok(()))?;
        Ok(bytes)
    }
}

/// Copies the backup at `backup` to `target` (which must not exist), after checking that it is
/// a whole SQLite database of a Rastro store. The copy is owner-only and appears under its name
/// only when complete.
pub(crate) fn restore_file(backup: &Path, target: &Path) -> Result<()> {
    refuse_existing(target, "a store")?;
    check_backup(backup)?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let partial = partial_of(target);
    remove_if_there(&partial)?;
    std::fs::copy(backup, &partial).map_err(io(&partial))?;
    owner_only(&partial)?;
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .map_err(io(&partial))?;
    std::fs::rename(&partial, target).map_err(io(target))
}

/// Sets a restore that failed its checks aside under a name that says so, so that nothing
/// opens it by mistake and nothing is lost.
pub(crate) fn set_aside(target: &Path) -> Result<PathBuf> {
    let mut name = target.as_os_str().to_owned();
    name.push(".rejected");
    let aside = PathBuf::from(name);
    std::fs::rename(target, &aside).map_err(io(target))?;
    Ok(aside)
}

/// The file is a whole database and was written by Rastro.
fn check_backup(backup: &Path) -> Result<()> {
    let not = |why: String| StoreError::Invalid(format!("{}: {why}", backup.display()));
    if !backup.is_file() {
        return Err(not("no such file".into()));
    }
    let conn = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not(format!("not a database ({e})")))?;
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| not(format!("not a database ({e})")))?;
    if verdict != "ok" {
        return Err(not(format!("damaged ({verdict})")));
    }
    let migrations: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| not(format!("unreadable ({e})")))?;
    if migrations == 0 {
        return Err(not("not a Rastro store (no schema history)".into()));
    }
    Ok(())
}

fn refuse_existing(path: &Path, what: &str) -> Result<()> {
    if path.exists() {
        return Err(StoreError::Invalid(format!(
            "{} exists; {what} is never written over another file: choose a new name",
            path.display()
        )));
    }
    Ok(())
}

/// The name a file is written under until it is whole.
fn partial_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// A partial file left by an interrupted run is never anything but that.
fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(path)(e)),
        _ => Ok(()),
    }
}

fn owner_only(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(io(path))?;
    }
    Ok(())
}

fn path_text(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| {
        StoreError::Invalid(format!(
            "{}: a backup's path must be valid UTF-8",
            path.display()
        ))
    })
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}
