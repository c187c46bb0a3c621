//! Connections to one SQLite file: one writer and any number of readers. In WAL mode readers
//! never wait for the writer (each reads the last committed state), so a server answers reads in
//! parallel while an import writes; writes queue on the one writer, which is what SQLite allows.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::checkpointer::{self, Checkpointer};
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
        Ok(Connections {
            checkpointer: Mutex::default(),
            finish_fold: Arc::default(),
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers: Mutex::default(),
            returned: Condvar::new(),
            bulk: AtomicUsize::new(0),
        })
    }

    /// Runs `f` on the writer; writers take turns.
    pub fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        // A panic while writing rolled its transaction back as it unwound; the connection is
        // usable, so a poisoned lock is not a reason to stop serving.
        let mut conn = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
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

/// Settings every connection needs (they are per connection in SQLite).
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_handler(Some(wait_for_the_lock))?;
    // NORMAL is durable across application crashes in WAL mode; only a power cut can lose the
    // last transactions, which an import can simply repeat (it is idempotent).
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -32_768)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// What a reading connection needs beyond [`configure`]. In WAL mode a connection drops its
/// whole page cache at its next read once anyone has written, and on a server something is
/// written (a trace, a case) several times a second: every read then fetched its pages again
/// with a system call and a copy each, a quarter of a loaded node's time. Mapped, the file's
/// pages are read in place from the system's cache. The writer keeps its own cache across its
/// own writes and maps nothing: mapped, an import of a million cases held the pages of every
/// index it wrote as its own resident memory (up to 839 MB), over the import's bound.
fn configure_reader(conn: &Connection) -> Result<()> {
    configure(conn)?;
    conn.pragma_update(None, "mmap_size", MAPPED_BYTES)?;
    Ok(())
}

/// Looks again for the write lock another connection holds, a millisecond apart, for about
/// ten seconds. SQLite's own wait (`busy_timeout`) sleeps longer and longer, up to 100 ms
/// between looks: beside an import that commits a part and takes the lock again at once, a
/// node's write or trace kept missing the moment the lock was free and waited hundreds of
/// milliseconds for a lock held for tens.
fn wait_for_the_lock(attempts_so_far: i32) -> bool {
    if attempts_so_far >= LOCK_LOOKS {
        return false;
    }
    std::thread::sleep(Duration::from_millis(1));
    true
}

/// Looks at a held lock before giving up (`StoreError` then says the store is busy).
const LOCK_LOOKS: i32 = 10_000;

/// How much of the database file a connection maps (SQLite caps it at its own limit; the
/// mapping is address space, the pages are the system's cache shared by every connection).
const MAPPED_BYTES: i64 = 1 << 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_maps_the_file_and_the_writer_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let mapped_of = |conn: &Connection| -> i64 {
            conn.query_row("PRAGMA mmap_size", [], |r| r.get(0))
                .unwrap()
        };
        let writer = Connection::open(dir.path().join("mapped.db")).unwrap();
        configure(&writer).unwrap();
        assert_eq!(mapped_of(&writer), 0, "the writer maps nothing");
        let reader = Connection::open(dir.path().join("mapped.db")).unwrap();
        configure_reader(&reader).unwrap();
        let mapped = mapped_of(&reader);
        assert!(mapped >= 256 << 20, "mapped {mapped} bytes");
    }

    #[test]
    fn a_write_waiting_for_the_lock_takes_it_soon_after_it_is_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock.db");
        let holder = Connection::open(&path).unwrap();
        configure(&holder).unwrap();
        holder.pragma_update(None, "journal_mode", "WAL").unwrap();
        holder.execute_batch("CREATE TABLE t (n INTEGER)").unwrap();
        let waiter = Connection::open(&path).unwrap();
        configure(&waiter).unwrap();

        // Held for 335 ms: SQLite's own wait looks at 328 ms and next at 428 ms, so it would
        // take the lock about 90 ms after it was let go.
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        let (let_go_tx, let_go_rx) = std::sync::mpsc::channel();
        let waiting = std::thread::spawn(move || {
            waiter.execute_batch("BEGIN IMMEDIATE").unwrap();
            let taken = std::time::Instant::now();
            waiter
                .execute_batch("INSERT INTO t VALUES (1); COMMIT")
                .unwrap();
            let let_go: std::time::Instant = let_go_rx.recv().unwrap();
            taken.saturating_duration_since(let_go)
        });
        std::thread::sleep(Duration::from_millis(335));
        holder.execute_batch("COMMIT").unwrap();
        let_go_tx.send(std::time::Instant::now()).unwrap();
        let late = waiting.join().unwrap();
        assert!(
            late < Duration::from_millis(50),
            "took the lock {late:?} after"
        );
    }
}
