//! The store as callers see it, whatever database is underneath: the records and values that go
//! in and come out, the [`Scope`] every record operation goes through, and the traits a backend
//! implements (crate-private: a backend lives in this crate, next to `sqlite/`).
//!
//! One file per feature; each holds the feature's types, its backend trait and its `Scope`
//! methods, so that reading one file tells the whole contract of a feature.

pub mod access;
pub mod audit;
pub mod backlog;
pub mod backup;
pub mod cases;
pub mod consents;
pub mod copy;
pub mod grants;
pub mod jobs;
pub mod keys;
pub mod linkage;
pub mod listing;
pub mod members;
pub mod news;
pub mod orgs;
pub mod rates;
pub mod referrals;
pub mod scope;
pub mod statistics;
pub mod trace;
pub mod transactions;
pub mod watchlists;

/// Everything a database must do for Rastro. Every method that touches records takes the acting
/// [`members::Actor`]; there is deliberately no method that reads records without one. `&self`
/// everywhere: a backend serves many requests at once (readers in parallel, one writer).
pub(crate) trait Backend:
    audit::AuditBackend
    + backlog::BacklogBackend
    + backup::BackupBackend
    + orgs::OrgBackend
    + members::MemberBackend
    + grants::GrantBackend
    + jobs::JobBackend
    + rates::RateBackend
    + consents::ConsentBackend
    + referrals::ReferralBackend
    + keys::KeyBackend
    + cases::CaseBackend
    + news::NewsBackend
    + linkage::LinkageBackend
    + watchlists::WatchlistBackend
    + statistics::StatisticsBackend
    + transactions::TransactionBackend
    + Send
    + Sync
{
    /// The store's keys (from the key file).
    fn keys(&self) -> &crate::keys::Keys;

    /// Opens every database connection this process keeps and readies each for the store's
    /// queries; how many it opened. An embedded store's connections cost nothing to open.
    fn open_connections(&self) -> crate::Result<usize> {
        Ok(0)
    }
}

impl Backend for crate::sqlite::SqliteBackend {
    fn keys(&self) -> &crate::keys::Keys {
        crate::sqlite::SqliteBackend::keys(self)
    }
}

impl Backend for crate::postgres::PgBackend {
    fn keys(&self) -> &crate::keys::Keys {
        crate::postgres::PgBackend::keys(self)
    }

    fn open_connections(&self) -> crate::Result<usize> {
        crate::postgres::PgBackend::open_connections(self)
    }
}
