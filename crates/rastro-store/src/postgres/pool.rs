//! Connections to one PostgreSQL database, kept open for reuse (a new connection costs a
//! process on the server and a round of authentication). Every read runs in a read-only
//! repeatable-read transaction, so the statements of one read see one state and a read path
//! cannot write whatever its SQL says. Every write runs in a transaction that first takes one
//! advisory lock shared by every node and worker: writes are serialised across the cluster as
//! SQLite serialises them on one file. The store's invariants rest on that order — keys of
//! added records commit in increasing order (what a visibility stamp's bounds assume) and each
//! audit chain's head moves one event at a time.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use postgres::{Client, Config, IsolationLevel, NoTls, Transaction};

use crate::{Result, StoreError};

/// Connections kept open per process. A hub runs a few nodes and workers against one server
/// (100 connections by default), so each keeps a modest number.
const KEPT: usize = 12;

/// How long a caller waits for a kept connection before opening one more (closed after use),
/// so that a read nested in another read's callback never waits for itself.
const WAIT: Duration = Duration::from_millis(100);

/// The advisory lock every write transaction holds (an arbitrary constant: "RASTRO" in ASCII).
const WRITE_LOCK: i64 = 0x5241_5354_524f;

pub(crate) struct Connections {
    config: Config,
    kept: Mutex<Kept>,
    returned: Condvar,
}

#[derive(Default)]
struct Kept {
    idle: Vec<Client>,
    open: usize,
}

enum Taken {
    Kept(Client),
    Extra(Client),
}

impl Connections {
    pub fn open(url: &str) -> Result<Connections> {
        let mut config: Config = url
            .parse()
            .map_err(|e| StoreError::BadUrl(format!("a PostgreSQL address ({e})")))?;
        if config.get_application_name().is_none() {
            config.application_name("rastro");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let connections = Connections {
            config,
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
        let config: Config = url
            .parse()
            .map_err(|e| StoreError::BadUrl(format!("a PostgreSQL address ({e})")))?;
        Ok(config.connect(NoTls)?)
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

    /// Runs `f` on a connection with no transaction opened for it.
    pub fn with_client<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let mut taken = self.take()?;
        let client = match &mut taken {
            Taken::Kept(c) | Taken::Extra(c) => c,
        };
        let out = f(client);
        self.give_back(taken);
        out
    }

    fn take(&self) -> Result<Taken> {
        let mut kept = self.kept();
        let mut waited = false;
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
            if waited {
                drop(kept);
                return Ok(Taken::Extra(self.connect()?));
            }
            kept = self
                .returned
                .wait_timeout(kept, WAIT)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
            waited = true;
        }
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
        Ok(self.config.connect(NoTls)?)
    }
}
