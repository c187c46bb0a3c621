//! Connections to one SQLite file: one writer and any number of readers. In WAL mode readers
//! never wait for the writer (each reads the last committed state), so a server answers reads in
//! parallel while an import writes; writes queue on the one writer, which is what SQLite allows.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::checkpointer::{self, Checkpointer};
use super::connection::{configure, configure_reader, STEADY_CACHE_KIB};
use crate::Result;

/// Readers kept open for reuse. A reader opened afresh parses the schema and starts with a cold
/// page cache, so under a hundred concurrent requests opening and closing readers cost more than
/// the reads; past this many, a read waits for a reader to come back instead.
const READERS: usize = 16;

/// How long a read waits for a reader before opening one more (closed after use): a read made
/// while the caller holds readers of its own must never wait for itself.
const READER_WAIT: Duration = Duration::from_millis(100);

pub(crate) struct Connections {
    /// Folds the log during bulk imports; first to drop, so that its connection closes before
    /// the writer's.
    checkpointer: Mutex<Option<Checkpointer>>,
    /// Raised by the folding thread when the writer should fold the rest of the log.
    finish_fold: Arc<AtomicBool>,
    path: PathBuf,
    // Fields drop in this order: the read-only readers close first, so that the writer is the
    // last connection and folds the write-ahead log into the database as it closes (a read-only
    // connection cannot, and would leave the log to the next opening).
    readers: Mutex<Readers>,
    /// Signalled when a reader comes back.
    returned: Condvar,
    writer: Mutex<Connection>,
    /// Bulk imports under way: while there are any, the log is folded into the database less
    /// often.
    bulk: AtomicUsize,
    /// Whether the writer has foreign keys off, as [`Connections::write_unchecked`] left them
    /// (only changed under the writer's lock): the next checked write turns them on first.
    unchecked: AtomicBool,
}

/// Pages the write-ahead log may hold before it is folded into the database, in steady use. Every
/// read looks pages up in the log first, and that lookup grows with the log: with a log of
/// 50,000 pages a loaded server spent 4–8 % of its time there.
const STEADY_CHECKPOINT: i64 = 2_000;

/// The same during bulk imports, where folding often is what costs: every 50,000 pages (a log of
/// up to 200 MB on disk, not in memory) imported a 1 GB file 15 % faster than every 10,000.
/// Folding is then the folding thread's ([`checkpointer::BULK`]); the writer folds this often
/// itself only when that thread could not be started.
const BULK_CHECKPOINT: i64 = 50_000;

/// How long the log may grow during bulk imports before the writer folds it itself although
/// the folding thread runs: a bound should that thread fall behind.
const BULK_CHECKPOINT_BESIDE_THREAD: i64 = 150_000;

/// The writer's page cache during bulk imports, in KiB (SQLite's negative `cache_size`). Past
/// a million cases the indexes an import writes at random places (the record key's, the
/// identity numbers') outgrow the steady cache many times over, and each entry's page is then
/// read again with a system call: at 2,700,000 cases 200 MB of such index against 32 MB of
/// cache. The other ~110–150 MB of an import's peak are its reading and sealing pipeline and the
/// allocator's reserve: 80 MB took the peak on a 1 GB file to 197 MiB for no more speed than
/// 48 MB gives (162 MiB).
const BULK_CACHE_KIB: i64 = 49_152;

/// Threads besides its own the writer may sort with. Only sorts that outgrow the page cache
/// use them: at the end of an import into an empty store, the record keys' filing and the
/// identity numbers' index each sort every case while the import's other threads have ended
/// and the second core would idle.
const SORT_HELPERS: i64 = 1;

/// The pool's readers: those idle, and how many are open in all (idle or busy).
#[derive(Default)]
struct Readers {
    idle: Vec<Connection>,
    open: usize,
}

/// Where a read's connection came from.
enum Taken {
    Pooled(Connection),
    /// Opened past the pool's size; closed after use.
    Extra(Connection),
}

impl Connections {
    pub fn open(path: &Path) -> Result<Connections> {
        let writer = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&writer)?;
        writer.pragma_update(None, "wal_autocheckpoint", STEADY_CHECKPOINT)?;
        writer.pragma_update(None, "threads", SORT_HELPERS)?;
        Ok(Connections {
            checkpointer: Mutex::default(),
            finish_fold: Arc::default(),
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers: Mutex::default(),
            returned: Condvar::new(),
            bulk: AtomicUsize::new(0),
            unchecked: AtomicBool::new(false),
        })
    }

    /// Runs `f` on the writer; writers take turns.
    pub fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        // A panic while writing rolled its transaction back as it unwound; the connection is
        // usable, so a poisoned lock is not a reason to stop serving.
        let mut conn = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if self.unchecked.load(Ordering::SeqCst) {
            conn.pragma_update(None, "foreign_keys", true)?;
            self.unchecked.store(false, Ordering::SeqCst);
        }
        checkpointer::finish_fold(&conn, &self.finish_fold);
        f(&mut conn)
    }

    /// [`Connections::write`] with foreign keys not enforced, for writes whose every reference
    /// is known to hold: an import's cases, whose organisation and import exist before the
    /// first case and are never deleted, and whose sealed part follows its case in the same
    /// transaction. Enforced, each case looked its organisation up twice, its import once and
    /// its case once more. SQLite takes the setting only outside a transaction, and every
    /// change of it makes the connection's statements compile again (2 M instructions a part
    /// of an import), so it is left off between unchecked writes, and the next checked write,
    /// under the same lock, turns it on before anything else.
    pub fn write_unchecked<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut conn = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if !self.unchecked.load(Ordering::SeqCst) {
            conn.pragma_update(None, "foreign_keys", false)?;
            self.unchecked.store(true, Ordering::SeqCst);
        }
        checkpointer::finish_fold(&conn, &self.finish_fold);
        f(&mut conn)
    }

    /// A bulk import begins: the log is folded by a thread of its own until the last one ends.
    pub fn begin_bulk(&self) -> Result<()> {
        if self.bulk.fetch_add(1, Ordering::SeqCst) == 0 {
            let started =
                Checkpointer::start(&self.path, checkpointer::BULK, self.finish_fold.clone());
            let writer_folds_every = match started {
                Ok(thread) => {
                    *self.checkpointer() = Some(thread);
                    BULK_CHECKPOINT_BESIDE_THREAD
                }
                Err(e) => {
                    tracing::warn!("the log is folded by the writer during this import: {e}");
                    BULK_CHECKPOINT
                }
            };
            self.write(|conn| {
                conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
                Ok(conn.pragma_update(None, "wal_autocheckpoint", writer_folds_every)?)
            })?;
        }
        Ok(())
    }

    /// A bulk import ended (finished or not).
    pub fn end_bulk(&self) -> Result<()> {
        let was = self
            .bulk
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .unwrap_or(0);
        if was == 1 {
            drop(self.checkpointer().take());
            self.write(|conn| {
                // A server's writer goes back to the steady cache: the bulk one would stay
                // resident for as long as the process lives.
                conn.pragma_update(None, "cache_size", -STEADY_CACHE_KIB)?;
                Ok(conn.pragma_update(None, "wal_autocheckpoint", STEADY_CHECKPOINT)?)
            })?;
        }
        Ok(())
    }

    fn checkpointer(&self) -> MutexGuard<'_, Option<Checkpointer>> {
        self.checkpointer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on a reader of its own.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        match self.take()? {
            Taken::Pooled(conn) => {
                let result = f(&conn);
                self.readers().idle.push(conn);
                self.returned.notify_one();
                result
            }
            Taken::Extra(conn) => f(&conn),
        }
    }

    /// An idle reader, a new one while the pool has room, else the first one returned; one
    /// of its own when none comes back in time.
    fn take(&self) -> Result<Taken> {
        let mut readers = self.readers();
        let mut waited = false;
        loop {
            if let Some(conn) = readers.idle.pop() {
                return Ok(Taken::Pooled(conn));
            }
            if readers.open < READERS {
                readers.open += 1;
                drop(readers);
                return match self.open_reader() {
                    Ok(conn) => Ok(Taken::Pooled(conn)),
                    Err(e) => {
                        self.readers().open -= 1;
                        Err(e)
                    }
                };
            }
            if waited {
                drop(readers);
                return Ok(Taken::Extra(self.open_reader()?));
            }
            readers = self
                .returned
                .wait_timeout(readers, READER_WAIT)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
            waited = true;
        }
    }

    fn readers(&self) -> MutexGuard<'_, Readers> {
        self.readers.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn open_reader(&self) -> Result<Connection> {
        // Read-only at the connection: a read path cannot write, whatever its SQL says.
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure_reader(&conn)?;
        Ok(conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer_cache(conns: &Connections) -> i64 {
        conns
            .write(|conn| Ok(conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?))
            .unwrap()
    }

    fn foreign_keys(conn: &Connection) -> bool {
        conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn every_checked_write_after_an_unchecked_one_enforces_foreign_keys_whatever_its_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.db");
        crate::sqlite::migrate::migrate(&path).unwrap();
        let conns = Connections::open(&path).unwrap();
        assert!(conns.write(|conn| Ok(foreign_keys(conn))).unwrap());
        let inside = conns
            .write_unchecked(|conn| Ok(foreign_keys(conn)))
            .unwrap();
        assert!(!inside, "not enforced inside");
        let next = conns
            .write_unchecked(|conn| Ok(foreign_keys(conn)))
            .unwrap();
        assert!(!next, "left off from one unchecked write to the next");
        assert!(conns.write(|conn| Ok(foreign_keys(conn))).unwrap());
        let failed: Result<()> = conns.write_unchecked(|conn| {
            // A reference to nothing is let through inside; the failure is the closure's own.
            conn.execute_batch(
                "BEGIN; INSERT INTO case_secrets (case_pk, pseudonyms) VALUES (424242, '{}');
                 ROLLBACK;",
            )?;
            Err(crate::StoreError::Invalid("the write failed".into()))
        });
        assert!(failed.is_err());
        assert!(conns.write(|conn| Ok(foreign_keys(conn))).unwrap());
        let refused = conns.write(|conn| {
            Ok(conn.execute(
                "INSERT INTO case_secrets (case_pk, pseudonyms) VALUES (424242, '{}')",
                [],
            )?)
        });
        assert!(refused.is_err(), "enforced again after the failed write");
    }

    #[test]
    fn the_writer_caches_more_only_while_a_bulk_import_runs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        crate::sqlite::migrate::migrate(&path).unwrap();
        let conns = Connections::open(&path).unwrap();
        assert_eq!(writer_cache(&conns), -STEADY_CACHE_KIB);
        conns.begin_bulk().unwrap();
        // A second import beside the first changes nothing, and its end leaves the cache as
        // long as the first runs.
        conns.begin_bulk().unwrap();
        assert_eq!(writer_cache(&conns), -BULK_CACHE_KIB);
        conns.end_bulk().unwrap();
        assert_eq!(writer_cache(&conns), -BULK_CACHE_KIB);
        conns.end_bulk().unwrap();
        assert_eq!(writer_cache(&conns), -STEADY_CACHE_KIB);
        let reader_cache: i64 = conns
            .read(|conn| Ok(conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(
            reader_cache, -STEADY_CACHE_KIB,
            "readers keep the steady cache"
        );
    }
}
