//! Connections to one PostgreSQL database, kept open for reuse (a new connection costs a
//! process on the server and a round of authentication). Every read runs in a read-only
//! repeatable-read transaction, so the statements of one read see one state and a read path
//! cannot write whatever its SQL says. Every write runs in a transaction that first takes one
//! advisory lock shared by every node and worker: writes are serialised across the cluster as
//! SQLite serialises them on one file. The store's invariants rest on that order — keys of
//! added records commit in increasing order (what a visibility stamp's bounds assume) and each
//! audit chain's head moves one event at a time. The exceptions are a write that only appends
//! to an audit chain (the trace of a read): it changes no record, so it waits only for writers
//! of its own chain ([`Connections::write_chain`]), not behind a large import; and the
//! beginning and end of an import, which change only the import's own row and wait only for
//! those of the same file ([`IMPORT_LOCK_CLASS`]).

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use postgres::{Client, Config, IsolationLevel, Transaction};

use super::tls::{self, Connector};

use crate::{Result, StoreError};

/// Connections kept open per process. A hub runs a few nodes and workers against one server
/// (100 connections by default), so each keeps a modest number.
const KEPT: usize = 12;

/// How long a caller that holds no connection waits for a kept one before the store answers
/// that it is busy. Only a caller already holding a connection (a read nested in another read's
/// callback) opens one more beyond the kept ones: it must never wait for itself, and callers
/// that hold nothing waiting is what keeps a loaded node under the server's connection limit.
const WAIT: Duration = Duration::from_secs(60);

thread_local! {
    /// Connections this thread holds now, across every pool: above zero, a request for another
    /// is nested in a callback and is served at once.
    static HELD: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The advisory lock every write transaction holds (an arbitrary constant: "RASTRO" in ASCII).
const WRITE_LOCK: i64 = 0x5241_5354_524f;

/// The class of the advisory locks that order one audit chain ("RAUD"); the chain's name,
/// hashed by the server, is the other half of the key. PostgreSQL keeps two-part keys apart
/// from one-part ones, so this never meets [`WRITE_LOCK`]. Taken after the write lock when
/// both are held, never before it.
pub(crate) const CHAIN_LOCK_CLASS: i32 = 0x5241_5544;

/// The class of the advisory locks that order the beginning, interruption and end of one
/// organisation's imports of one file ("RIMP"): a beginning looks for an unfinished import of
/// the file to resume before it starts a new one, so two must not look at once. These change
/// only the import's own row and add no record, so they need not wait for the write lock (a
/// member's small import would otherwise queue for it three times). Taken before a chain's
/// lock, never together with the write lock.
pub(crate) const IMPORT_LOCK_CLASS: i32 = 0x5249_4d50;

/// Takes the lock of `chain` for the rest of `tx` (again is harmless: the server counts it).
pub(crate) fn lock_chain(tx: &mut Transaction<'_>, chain: &str) -> Result<()> {
    lock_named(tx, CHAIN_LOCK_CLASS, chain)
}

/// Takes the advisory lock of `name` in `class` for the rest of `tx`.
fn lock_named(tx: &mut Transaction<'_>, class: i32, name: &str) -> Result<()> {
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        &[&class, &name],
    )?;
    Ok(())
}

/// The driver's configuration of `url` and the connector its TLS settings ask for.
fn parsed(url: &str) -> Result<(Config, Connector)> {
    let (address, settings) = tls::split(url)?;
    let mut config: Config = address
        .parse()
        .map_err(|e| StoreError::BadUrl(format!("a PostgreSQL address ({e})")))?;
    config.ssl_mode(settings.driver_mode());
    Ok((config, settings.connector()?))
}

pub(crate) struct Connections {
    config: Config,
    tls: Connector,
    kept: Mutex<Kept>,
    returned: Condvar,
}

#[derive(Default)]
struct Kept {
    idle: Vec<Client>,
    open: usize,
}

/// Counts a connection in [`HELD`] while it is in use, and stops counting it even when the
/// caller's closure panics (the thread may serve other requests afterwards).
struct Held;

impl Held {
    fn new() -> Held {
        HELD.with(|held| held.set(held.get() + 1));
        Held
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        HELD.with(|held| held.set(held.get().saturating_sub(1)));
    }
}

enum Taken {
    Kept(Client),
    Extra(Client),
}

impl Connections {
    pub fn open(url: &str) -> Result<Connections> {
        let (mut config, tls) = parsed(url)?;
        if config.get_application_name().is_none() {
            config.application_name("rastro");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        // The store's queries are short, and PostgreSQL's JIT compiles any whose estimated cost
        // is high (a scan of a large table): under load compiling took a third of the machine and
        // seconds per request, far more than the queries. Options in the address come later and
        // so still win.
        let options = match config.get_options() {
            Some(given) => format!("-c jit=off {given}"),
            None => "-c jit=off".to_string(),
        };
        config.options(&options);
        let connections = Connections {
            config,
            tls,
            kept: Mutex::default(),
            returned: Condvar::new(),
        };
        // Fail at opening, with the server's reason, rather than at the first request.
        let first = connections.connect()?;
        connections.give_back(Taken::Kept(first));
        connections.kept().open = 1;
        Ok(connections)
    }

    /// A connection of its own, outside any pool: for migrations and tests.
    pub fn connect_to(url: &str) -> Result<Client> {
        let (config, tls) = parsed(url)?;
        tls::connect(&config, &tls)
    }

    /// Runs `f` in a read-only transaction that sees one state of the database.
    pub fn read<T>(&self, f: impl FnOnce(&mut Transaction<'_>) -> Result<T>) -> Result<T> {
        self.with_client(|client| {
            let mut tx = client
                .build_transaction()
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()?;
            let out = f(&mut tx)?;
            tx.commit()?;
            Ok(out)
        })
    }

    /// Runs `f` in a write transaction, after every other node's and worker's write
    /// transaction has ended; committed when `f` succeeds, rolled back otherwise.
    pub fn write<T>(&self, f: impl FnOnce(&mut Transaction<'_>) -> Result<T>) -> Result<T> {
        self.with_client(|client| {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
            let out = f(&mut tx)?;
            tx.commit()?;
            Ok(out)
        })
    }

    /// Runs `f` in a write transaction that waits only for other writers of the audit chain
    /// `chain`: for a change that appends one event and touches no record.
    pub fn write_chain<T>(
        &self,
        chain: &str,
        f: impl FnOnce(&mut Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_named(CHAIN_LOCK_CLASS, chain, f)
    }

    /// Runs `f` in a write transaction that waits only for other holders of the lock `name` of
    /// `class` (and, when it appends an event, for its chain's), not for the write lock.
    pub fn write_named<T>(
        &self,
        class: i32,
        name: &str,
        f: impl FnOnce(&mut Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.with_client(|client| {
            let mut tx = client.transaction()?;
            lock_named(&mut tx, class, name)?;
            let out = f(&mut tx)?;
            tx.commit()?;
            Ok(out)
        })
    }

    /// Runs `f` on a connection with no transaction opened for it.
    pub fn with_client<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let mut taken = self.take()?;
        let client = match &mut taken {
            Taken::Kept(c) | Taken::Extra(c) => c,
        };
        let out = {
            let _held = Held::new();
            f(client)
        };
        self.give_back(taken);
        out
    }

    fn take(&self) -> Result<Taken> {
        let nested = HELD.with(|held| held.get() > 0);
        let deadline = std::time::Instant::now() + WAIT;
        let mut kept = self.kept();
        loop {
            while let Some(client) = kept.idle.pop() {
                if client.is_closed() {
                    kept.open -= 1;
                    continue;
                }
                return Ok(Taken::Kept(client));
            }
            if kept.open < KEPT {
                kept.open += 1;
                drop(kept);
                return match self.connect() {
                    Ok(client) => Ok(Taken::Kept(client)),
                    Err(e) => {
                        self.kept().open -= 1;
                        Err(e)
                    }
                };
            }
            if nested {
                drop(kept);
                return Ok(Taken::Extra(self.connect()?));
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Err(StoreError::Busy);
            }
            kept = self
                .returned
                .wait_timeout(kept, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Opens every connection this process keeps, and on each reads one row of each of the
    /// store's tables; how many were opened. A connection costs a TLS handshake, an
    /// authentication and a server process whose catalogue caches are empty: a node that had
    /// just started paid that under its first requests, one connection at a time.
    pub fn open_all(&self) -> Result<usize> {
        let before = self.kept().open;
        let mut taken = Vec::with_capacity(KEPT);
        let mut outcome = Ok(());
        while taken.len() < KEPT {
            match self.take() {
                Ok(Taken::Kept(client)) => taken.push(Taken::Kept(client)),
                Ok(extra) => {
                    self.give_back(extra);
                    break;
                }
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        let outcome = outcome.and_then(|()| {
            taken.iter_mut().try_for_each(|held| match held {
                Taken::Kept(client) | Taken::Extra(client) => ready(client),
            })
        });
        let opened = self.kept().open.saturating_sub(before);
        for held in taken {
            self.give_back(held);
        }
        outcome.map(|()| opened)
    }

    fn give_back(&self, taken: Taken) {
        if let Taken::Kept(client) = taken {
            let mut kept = self.kept();
            // A connection the server closed (restart, failover) is not handed out again.
            if client.is_closed() {
                kept.open = kept.open.saturating_sub(1);
            } else {
                kept.idle.push(client);
            }
            drop(kept);
            self.returned.notify_one();
        }
    }

    fn kept(&self) -> MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn connect(&self) -> Result<Client> {
        tls::connect(&self.config, &self.tls)
    }
}

/// Reads one row of each of the store's tables, so that the server process behind `client`
/// has loaded what it plans the store's queries with.
fn ready(client: &mut Client) -> Result<()> {
    let statements: Vec<String> = super::distribution::TABLES
        .iter()
        .map(|t| format!("SELECT 1 FROM {} LIMIT 1;", t.table))
        .collect();
    client.batch_execute(&statements.concat())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    //! These need a PostgreSQL server, named by `RASTRO_TEST_POSTGRES` (any database on it: the
    //! tests only count their own connections); without it they pass without running.

    use super::*;
    use std::sync::atomic::{AtomicI64, Ordering};

    fn pool(name: &str) -> Option<Connections> {
        let url = std::env::var("RASTRO_TEST_POSTGRES").ok()?;
        let separator = if url.contains('?') { '&' } else { '?' };
        Connections::open(&format!("{url}{separator}application_name={name}")).ok()
    }

    fn own_connections(tx: &mut Transaction<'_>, name: &str) -> Result<i64> {
        let row = tx.query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
            &[&name],
        )?;
        Ok(row.get(0))
    }

    /// Many more callers than kept connections, each holding one a while: they wait their turn
    /// instead of opening a connection each (which exhausted the server under load).
    #[test]
    fn callers_beyond_the_kept_connections_wait_for_one() {
        let name = format!("rastro_pool_wait_{}", std::process::id());
        let Some(connections) = pool(&name) else {
            return;
        };
        let most = AtomicI64::new(0);
        std::thread::scope(|threads| {
            for _ in 0..KEPT * 3 {
                threads.spawn(|| {
                    let seen = connections
                        .read(|tx| {
                            tx.execute("SELECT pg_sleep(0.3)", &[])?;
                            own_connections(tx, &name)
                        })
                        .expect("a read waits for a connection and succeeds");
                    most.fetch_max(seen, Ordering::Relaxed);
                });
            }
        });
        let most = most.load(Ordering::Relaxed);
        assert!(most >= 2, "the reads ran side by side ({most})");
        assert!(most <= KEPT as i64, "{most} connections open at once");
    }

    /// A read nested in another read's callback is served even when every kept connection is
    /// held by callers doing the same: nobody waits for itself.
    #[test]
    fn a_nested_read_never_waits_for_itself() {
        let name = format!("rastro_pool_nested_{}", std::process::id());
        let Some(connections) = pool(&name) else {
            return;
        };
        let started = std::time::Instant::now();
        std::thread::scope(|threads| {
            for _ in 0..KEPT {
                threads.spawn(|| {
                    connections
                        .read(|outer| {
                            outer.execute("SELECT pg_sleep(0.2)", &[])?;
                            connections.read(|inner| own_connections(inner, &name))
                        })
                        .expect("the nested read is served");
                });
            }
        });
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}
