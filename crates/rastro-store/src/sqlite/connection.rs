//! How every connection to the store's SQLite file is set up (settings are per connection in
//! SQLite): the writer's, the readers' and the log-folding thread's.

use std::time::Duration;

use rusqlite::Connection;

use crate::Result;

/// Settings every connection needs (they are per connection in SQLite).
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_handler(Some(wait_for_the_lock))?;
    // NORMAL is durable across application crashes in WAL mode; only a power cut can lose the
    // last transactions, which an import can simply repeat (it is idempotent).
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -STEADY_CACHE_KIB)?;
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
pub(crate) fn configure_reader(conn: &Connection) -> Result<()> {
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

/// Each connection's page cache, in KiB (SQLite's negative `cache_size`); a writer's is larger
/// while a bulk import runs (`pool::BULK_CACHE_KIB`).
pub(crate) const STEADY_CACHE_KIB: i64 = 32_768;

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
