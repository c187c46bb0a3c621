//! Schema migrations of the SQLite backend: compiled in, applied in order by
//! [`migrate`], never by opening. Each applied migration is recorded with the SHA-256 of its
//! text, and every open compares them, so a schema changed by hand or by another build is
//! noticed instead of misread. Migrating holds SQLite's write lock from the first look at what is
//! applied to the last statement, so two processes starting on a new store at once apply each
//! migration exactly once.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::schema::{checksum, Applied};
use crate::sqlite::connection::configure;
use crate::time::now_rfc3339;
use crate::{Migration, Result, StoreError};

/// (version, name, SQL). Versions are assigned per feature so that work in parallel does not
/// collide: 1 foundation, 2 news, 3 watchlists, 4 linkage, 5 news events, 6 import status and
/// search statistics, 7 members, 8 grants, 9 audit trail and keys, 10 encryption,
/// 11 consent and referrals.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../../migrations/sqlite/0001_foundation.sql"),
    ),
    (
        2,
        "news",
        include_str!("../../migrations/sqlite/0002_news.sql"),
    ),
    (
        3,
        "watchlists",
        include_str!("../../migrations/sqlite/0003_watchlists.sql"),
    ),
    (
        4,
        "linkage",
        include_str!("../../migrations/sqlite/0004_linkage.sql"),
    ),
    (
        5,
        "news events",
        include_str!("../../migrations/sqlite/0005_news_events.sql"),
    ),
    (
        6,
        "house",
        include_str!("../../migrations/sqlite/0006_house.sql"),
    ),
    (
        7,
        "members",
        include_str!("../../migrations/sqlite/0007_members.sql"),
    ),
    (
        8,
        "grants",
        include_str!("../../migrations/sqlite/0008_grants.sql"),
    ),
    (
        9,
        "audit",
        include_str!("../../migrations/sqlite/0009_audit.sql"),
    ),
    (
        10,
        "encryption",
        include_str!("../../migrations/sqlite/0010_encryption.sql"),
    ),
    (
        11,
        "consent and referrals",
        include_str!("../../migrations/sqlite/0011_consent_referrals.sql"),
    ),
    (
        12,
        "statistics",
        include_str!("../../migrations/sqlite/0012_statistics.sql"),
    ),
    (
        13,
        "stamp bounds",
        include_str!("../../migrations/sqlite/0013_stamp_bounds.sql"),
    ),
    (
        14,
        "htcds facets",
        include_str!("../../migrations/sqlite/0014_htcds_facets.sql"),
    ),
    (
        15,
        "transactions",
        include_str!("../../migrations/sqlite/0015_transactions.sql"),
    ),
    (
        16,
        "money sharing",
        include_str!("../../migrations/sqlite/0016_money_sharing.sql"),
    ),
    (
        17,
        "jobs",
        include_str!("../../migrations/sqlite/0017_jobs.sql"),
    ),
    (
        18,
        "stateless nodes",
        include_str!("../../migrations/sqlite/0018_stateless_nodes.sql"),
    ),
    (
        19,
        "keyed by organisation",
        include_str!("../../migrations/sqlite/0019_keyed_by_organisation.sql"),
    ),
    (
        20,
        "job kinds",
        include_str!("../../migrations/sqlite/0020_job_kinds.sql"),
    ),
    (
        21,
        "child rows checked once",
        include_str!("../../migrations/sqlite/0021_child_rows_checked_once.sql"),
    ),
    (
        22,
        "runs placed with their records",
        include_str!("../../migrations/sqlite/0022_runs_placed_with_records.sql"),
    ),
    (
        23,
        "facets unchecked",
        include_str!("../../migrations/sqlite/0023_facets_unchecked.sql"),
    ),
    (
        24,
        "case facet values",
        include_str!("../../migrations/sqlite/0024_case_facet_values.sql"),
    ),
    (
        25,
        "facets only in text",
        include_str!("../../migrations/sqlite/0025_facets_only_in_text.sql"),
    ),
    (
        26,
        "case ids from numbers",
        include_str!("../../migrations/sqlite/0026_case_ids_from_numbers.sql"),
    ),
    (
        27,
        "record keys filed",
        include_str!("../../migrations/sqlite/0027_record_keys_filed.sql"),
    ),
    (
        28,
        "facet codes",
        include_str!("../../migrations/sqlite/0028_facet_codes.sql"),
    ),
];

/// Creates the database (its directory owner-only, the file owner-only) when it does not exist
/// and applies every pending migration. Returns the migrations applied now.
///
/// Processes that start together race for a new file: while it is still in rollback-journal
/// mode, SQLite answers one of two connections that both hold a read lock and want to write
/// "busy" at once rather than wait (either waiting would deadlock), and switching to WAL
/// can be refused the same way. Migrating is idempotent (each attempt is one transaction, and
/// applied migrations are skipped), so a busy attempt is simply made again, for a while.
pub(crate) fn migrate(path: &Path) -> Result<Vec<Migration>> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    // Threads of one process share its id; where this frame lives tells them apart.
    let marker = 0u8;
    let racer = u64::from(std::process::id()) ^ (&marker as *const u8 as usize as u64 >> 4);
    let mut attempt = 0u64;
    loop {
        match migrate_once(path, u32::MAX) {
            Err(crate::StoreError::Busy) if std::time::Instant::now() < deadline => {
                attempt += 1;
                // Spread the racers apart a little differently each time.
                let pause = 20 + (attempt * 37 + racer) % 80;
                std::thread::sleep(std::time::Duration::from_millis(pause));
            }
            other => return other,
        }
    }
}

/// A store as a build that knew migrations up to `last` made it: for tests of a migration.
#[cfg(test)]
pub(crate) fn migrate_through(path: &Path, last: u32) -> Result<Vec<Migration>> {
    migrate_once(path, last)
}

/// The page size of a new store's file, in bytes. On 200,000 generated cases imported into a new
/// store (identity numbers' index deferred), whole-process CPU time was 6.38 s with 4 KB pages,
/// 5.97 s with 8 KB, 5.31 s with 16 KB, 6.07 s with 32 KB and 5.91 s with 64 KB.
const NEW_STORE_PAGE_SIZE: i64 = 16_384;

fn migrate_once(path: &Path, last: u32) -> Result<Vec<Migration>> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let mut conn = Connection::open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(
            |source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            },
        )?;
    }
    configure(&conn)?;
    // Takes effect only on a file with no table yet, a new store: every page written during an
    // import is a frame of the log, written and checksummed at each commit and copied again
    // when the log is folded, so fewer, larger pages mean fewer frames. A store made with 4 KB
    // pages keeps them.
    conn.pragma_update(None, "page_size", NEW_STORE_PAGE_SIZE)?;
    // Persistent in the file; a no-op once set.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // A migration that rebuilds a table others refer to drops it first, which with foreign keys
    // on would delete (or cascade to) its children; SQLite's way is to switch them off (only
    // possible outside a transaction) and check every reference before committing.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL,
             checksum TEXT)",
    )?;
    let has_checksum: bool = tx.query_row(
        "SELECT COUNT(*) > 0 FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'",
        [],
        |r| r.get(0),
    )?;
    if !has_checksum {
        // Stores made before migrations were checksummed: their migrations are taken as the
        // compiled ones, which is what those builds applied.
        tx.execute_batch("ALTER TABLE schema_migrations ADD COLUMN checksum TEXT")?;
    }
    let applied = read_applied(&tx)?;
    crate::schema::verify(MIGRATIONS, &applied)?;
    for a in applied.iter().filter(|a| a.checksum.is_none()) {
        if let Some((_, _, sql)) = MIGRATIONS.iter().find(|m| m.0 == a.version) {
            tx.execute(
                "UPDATE schema_migrations SET checksum = ?1 WHERE version = ?2",
                params![checksum(sql), a.version],
            )?;
        }
    }
    let mut now_applied = Vec::new();
    for &(version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 <= last) {
        if applied.iter().any(|a| a.version == version) {
            continue;
        }
        tx.execute_batch(sql)?;
        let at = now_rfc3339();
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at, checksum)
             VALUES (?1, ?2, ?3, ?4)",
            params![version, name, at, checksum(sql)],
        )?;
        tracing::info!(version, name, "applied migration");
        now_applied.push(Migration {
            version,
            name: name.to_string(),
            checksum: checksum(sql),
            applied_at: Some(at),
        });
    }
    if !now_applied.is_empty() {
        let broken: Option<String> = tx
            .query_row("SELECT \"table\" FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(table) = broken {
            return Err(StoreError::Database(format!(
                "migrating left rows of {table} referring to nothing"
            )));
        }
    }
    tx.commit()?;
    Ok(now_applied)
}

/// Checks, without changing anything, that the database holds exactly the migrations this build
/// knows: `NotMigrated` when some are pending, an error when one differs or is unknown.
pub(crate) fn check(conn: &Connection) -> Result<()> {
    crate::schema::require_current(&status(conn)?)
}

/// The status of the database at `path` (every migration pending when there is none yet).
pub(crate) fn status_at(path: &Path) -> Result<Vec<Migration>> {
    let conn = if path.is_file() {
        Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?
    } else {
        Connection::open_in_memory()?
    };
    status(&conn)
}

/// Every migration this build knows, with when it was applied to this database.
pub(crate) fn status(conn: &Connection) -> Result<Vec<Migration>> {
    let exists: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let applied = if exists.is_some() {
        read_applied(conn)?
    } else {
        Vec::new()
    };
    crate::schema::status(MIGRATIONS, &applied)
}

fn read_applied(conn: &Connection) -> Result<Vec<Applied>> {
    let has_checksum: bool = conn.query_row(
        "SELECT COUNT(*) > 0 FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'",
        [],
        |r| r.get(0),
    )?;
    let sql = if has_checksum {
        "SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version"
    } else {
        "SELECT version, NULL, applied_at FROM schema_migrations ORDER BY version"
    };
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| {
        Ok(Applied {
            version: r.get(0)?,
            checksum: r.get(1)?,
            applied_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Creates `dir` (and its parents) readable by the service's own user only: victim data.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_size(path: &Path) -> i64 {
        Connection::open(path)
            .unwrap()
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_new_store_has_large_pages_and_an_old_one_keeps_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.db");
        migrate(&new).unwrap();
        assert_eq!(page_size(&new), NEW_STORE_PAGE_SIZE);

        // As a build before this one made it: 4 KB pages and some of the migrations.
        let old = dir.path().join("old.db");
        let conn = Connection::open(&old).unwrap();
        conn.pragma_update(None, "page_size", 4096).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        drop(conn);
        migrate_through(&old, 10).unwrap();
        migrate(&old).unwrap();
        assert_eq!(page_size(&old), 4096);
    }
}
