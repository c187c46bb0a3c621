//! What can go wrong in the store, in words that name no database driver: a caller (and a second
//! backend) sees the same errors whichever database is underneath.

use std::path::PathBuf;

use crate::api::access::{Action, Role};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed an operation; the text is the database's own message.
    #[error("database error: {0}")]
    Database(String),
    /// Another process held the database for longer than the store waits.
    #[error("the database is busy (another process is writing to it); try again")]
    Busy,
    #[error("cannot use {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0:?} is not a store address: use sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")]
    BadUrl(String),
    /// The address's TLS settings cannot be used (the reason names no password).
    #[error("TLS to the database: {0}")]
    DatabaseTls(String),
    #[error("{0}: this build of Rastro has no PostgreSQL backend yet; use sqlite:PATH")]
    UnsupportedBackend(String),
    #[error("the database was written by a newer Rastro (schema version {found}, this one knows up to {known})")]
    NewerSchema { found: u32, known: u32 },
    #[error("migration {version} ({name}) in the database differs from the one this Rastro carries (checksum {found} instead of {expected}): the schema was changed by hand or by another build")]
    MigrationChanged {
        version: u32,
        name: String,
        expected: String,
        found: String,
    },
    #[error("the database needs migrations {pending:?} before use (run `rastro db migrate`)")]
    NotMigrated { pending: Vec<u32> },
    #[error("stored record {id} is unreadable: {reason}")]
    Corrupt { id: String, reason: String },
    #[error("an organisation named {0:?} exists already")]
    OrganisationExists(String),
    #[error("an organisation needs a name")]
    EmptyName,
    /// Also the answer for what exists but may not be seen: the two are never told apart.
    #[error("not found")]
    NotFound,
    #[error("the operating system gave no randomness for ids: {0}")]
    Entropy(String),
    /// The source being stored (a file read as it is stored) failed; nothing was changed.
    #[error("{0}")]
    Source(String),
    #[error("search query: {0}")]
    BadQuery(String),
    /// A request that cannot be carried out as given; the text says why.
    #[error("{0}")]
    Invalid(String),
    /// The actor's role does not allow the action (this says nothing about any record).
    #[error("the role {role} may not {}", .action.as_str().replace('_', " "))]
    Forbidden { role: Role, action: Action },
    /// Wrong user, password or token, or an expired or revoked token: one answer for all, so a
    /// caller cannot tell which.
    #[error("sign-in refused: unknown user, wrong password, or an expired or revoked token")]
    Unauthenticated,
    #[error("too many failed sign-ins: the user is locked until {until}")]
    LockedOut { until: String },
    #[error("a user named {0:?} exists already")]
    UserExists(String),
    /// The key file that unlocks identities is needed and was not given, or is not this store's.
    #[error("{0}")]
    Keys(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
