//! Rastro's store: the only crate that speaks SQL.
//!
//! A [`Store`] is opened from a [`StoreUrl`] (`sqlite:PATH` today) after [`Store::migrate`] has
//! brought its schema up to date; opening never changes a schema. The store knows organisations;
//! everything about records goes through a [`Scope`], a handle bound to the acting organisation.
//! A scope sees its own records and the records other organisations shared; a record it may not
//! see answers exactly as a missing one.
//!
//! The crate is cut so that a second database joins without copying rules:
//! - `api/`: the neutral contract — types in and out, the `Scope` methods, and the traits a
//!   backend implements, one file per feature. No driver type appears in it.
//! - `sql/`: SQL text every dialect shares, starting with the visibility rule.
//! - `sqlite/`: the embedded backend (a writer and a pool of readers over one WAL file) and its
//!   migrations (`migrations/sqlite/`).
//!
//! `tests/contract/` is one suite of every scoped behaviour, run against each backend.

mod api;
mod error;
mod facets;
mod ids;
mod location;
mod sql;
mod sqlite;
mod time;

use std::sync::Arc;

pub use api::cases::{
    BatchOutcome, CaseSelection, Facet, ImportHandle, ImportInfo, ImportStatus, NewCase,
    Provenance, ResumedImport, StoredCase, UNKNOWN,
};
pub use api::linkage::{
    Decision, EventCount, EventDecision, EventReport, EventRun, LinkDecision, LinkageRun,
    NewEventLinkage, NewLinkage, PersonCount, ReportForLinkage,
};
pub use api::news::{
    DuplicateOf, Ingested, NewArticle, NewsFacet, QueryTerm, StoredArticle, TextQuery,
};
pub use api::orgs::Organisation;
pub use api::scope::Scope;
pub use api::watchlists::{
    EntrySink, FillList, ListCounts, NewWatchlist, StoredWatchlist, WatchlistEntry, WatchlistInfo,
};
pub use api::Sharing;
pub use error::{Result, StoreError};
pub use ids::looks_like_id;
pub use location::{StoreUrl, DATABASE_FILE};

use api::Backend;

/// A schema migration this build carries, and when it was applied to a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub version: u32,
    pub name: String,
    /// SHA-256 of the migration's text, as recorded when it was applied.
    pub checksum: String,
    /// `None` while pending.
    pub applied_at: Option<String>,
}

/// The store: a backend and where it lives. Cloning is cheap and shares the connections, so a
/// server hands one to every request.
#[derive(Clone)]
pub struct Store {
    backend: Arc<dyn Backend>,
    url: StoreUrl,
}

impl Store {
    /// Creates the store when it does not exist (owner-only) and applies every pending
    /// migration, safely when several processes do it at once. Returns those applied now.
    pub fn migrate(url: &StoreUrl) -> Result<Vec<Migration>> {
        match url {
            StoreUrl::Sqlite(path) => sqlite::migrate::migrate(path),
        }
    }

    /// Every migration this build knows and whether the store has it.
    pub fn migrations(url: &StoreUrl) -> Result<Vec<Migration>> {
        match url {
            StoreUrl::Sqlite(path) => sqlite::migrate::status_at(path),
        }
    }

    /// Opens a store whose schema is up to date; `NotMigrated` otherwise.
    pub fn open(url: &StoreUrl) -> Result<Store> {
        let backend: Arc<dyn Backend> = match url {
            StoreUrl::Sqlite(path) => Arc::new(sqlite::SqliteBackend::open(path)?),
        };
        Ok(Store {
            backend,
            url: url.clone(),
        })
    }

    /// Migrates, then opens: what a single-user command does with its embedded store.
    pub fn open_migrated(url: &StoreUrl) -> Result<Store> {
        Store::migrate(url)?;
        Store::open(url)
    }

    pub fn url(&self) -> &StoreUrl {
        &self.url
    }

    /// Registers a new member organisation; a name in use is an error, never a second one.
    pub fn create_organisation(&self, name: &str) -> Result<Organisation> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::EmptyName);
        }
        self.backend.create_organisation(name)
    }

    pub fn find_organisation(&self, name: &str) -> Result<Option<Organisation>> {
        self.backend.find_organisation(name.trim())
    }

    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        self.backend.organisations()
    }

    /// A handle acting as `org`; every record read and write goes through one.
    pub fn scope(&self, org: Organisation) -> Scope<'_> {
        Scope {
            backend: self.backend.as_ref(),
            org,
        }
    }
}
