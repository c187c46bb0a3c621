//! Rastro's store: the only crate that speaks SQL.
//!
//! A [`Store`] is opened from a [`StoreUrl`] (`sqlite:PATH` today) after [`Store::migrate`] has
//! brought its schema up to date; opening never changes a schema. Users authenticate
//! ([`Store::sign_in`], [`Store::authenticate_token`]) and get an [`Actor`]; everything about
//! records goes through a [`Scope`] made from one. A scope sees its organisation's records at the
//! level its role allows and what other organisations granted it; a record it may not see answers
//! exactly as a missing one. Organisations and their first users are made by the local
//! administrator of an embedded store ([`Store::local_admin`]).
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
mod auth;
mod case_numbers;
mod case_rows;
mod consent_rows;
mod copy;
mod error;
mod facet_tally;
mod facets;
mod grant_rows;
mod ids;
mod import_rows;
mod job_files;
mod job_rows;
mod keyring;
mod keys;
mod linkage_rows;
mod location;
mod news_rows;
mod news_search;
mod postgres;
mod pseudonyms;
mod referral_rules;
mod rotation;
mod schema;
mod sealing;
mod sql;
mod sqlite;
mod statistics_rows;
mod time;
mod trail;
mod transaction_rows;
mod watchlist_rows;

use std::sync::Arc;

pub use api::access::{level_cap, may_assign, permits, Action, Level, OrgKind, RecordKind, Role};
pub use api::audit::{AuditEvent, AuditProblem, AuditReport, AuditSelection, Tampering};
pub use api::backlog::{ArticleForExtraction, ArticlePage, IncidentUpdate, MAX_ARTICLE_PAGE};
pub use api::cases::{
    BatchOutcome, CaseRef, CaseSelection, CaseView, DetailedCase, ExportedCase, Facet,
    ImportHandle, ImportInfo, ImportStatus, NewCase, PreparedCases, Provenance, ResumedImport,
    StoredCase, UNKNOWN,
};
pub use api::consents::{ConsentInfo, NewConsent};
pub use api::grants::{Basis, GrantInfo, GrantTarget, Grantee, NewGrant};
pub use api::jobs::{ClaimedJob, JobInfo, JobKind, JobStatus, JobWorker, DEFAULT_JOB_ATTEMPTS};
pub use api::keys::KeyRotation;
pub use api::linkage::{
    Decision, EventCount, EventDecision, EventReport, EventRun, LinkDecision, LinkageRun,
    NewEventLinkage, NewLinkage, PersonCount, ReportForLinkage,
};
pub use api::listing::CaseTotals;
pub use api::members::{Actor, IssuedToken, TokenInfo, UserInfo};
pub use api::news::{
    DuplicateOf, Ingested, NewArticle, NewsFacet, QueryTerm, StoredArticle, TextQuery,
};
pub use api::orgs::Organisation;
pub use api::rates::RequestCount;
pub use api::referrals::{
    Direction, NewReferral, ReferralInfo, ReferralStatus, Sending, DEFAULT_REFERRAL_DAYS,
};
pub use api::scope::Scope;
pub use api::statistics::{
    BudgetRequest, CaseFacts, FactsSpan, IncidentFacts, PrivacyRelease, VisibilityStamp,
};
pub use api::transactions::{
    AlertBand, AlertPage, AlertQuery, AlertReview, AlertStatus, AlertSubject, AlertSummary,
    Identifier, KeptAlerts, NewAlert, NewTransaction, PreparedTransactions, StoredAlert,
    StoredTransaction, TransactionCounts, TransactionProvenance, TransactionSelection,
    TransactionStamp, MAX_NOTE_CHARS, MAX_QUERY_TYPOLOGIES,
};
pub use api::watchlists::{
    EntrySink, FillList, ListCounts, NewWatchlist, StoredWatchlist, WatchlistEntry, WatchlistInfo,
};
pub use auth::{token_id, LocalAdmin, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, NODE_PREFIX};
pub use copy::CopyReport;
pub use error::{Result, StoreError};
pub use ids::looks_like_id;
pub use location::{StoreUrl, DATABASE_FILE, KEY_FILE};
/// Where each PostgreSQL table goes when the hub is distributed by organisation (Citus).
pub use postgres::distribution;
pub use pseudonyms::{Lookup, Pseudonyms};

use api::trace::{AuditDraft, By};
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
            StoreUrl::Postgres(url) => postgres::migrate::migrate(url),
        }
    }

    /// Every migration this build knows and whether the store has it.
    pub fn migrations(url: &StoreUrl) -> Result<Vec<Migration>> {
        match url {
            StoreUrl::Sqlite(path) => sqlite::migrate::status_at(path),
            StoreUrl::Postgres(url) => postgres::migrate::status_at(url),
        }
    }

    /// Brings a backup back as the store at `url`, which must not exist yet, and opens it with
    /// `key_file` (the key file the backed-up store used). Older backups are migrated. Every
    /// chain of the audit trail is walked before the store is handed back: a backup with a
    /// broken trail, or opened with another key, is set aside (`….rejected`) and refused.
    pub fn restore(
        backup: &std::path::Path,
        url: &crate::StoreUrl,
        key_file: &std::path::Path,
    ) -> Result<(crate::Store, crate::AuditReport)> {
        match url {
            crate::StoreUrl::Postgres(_) => {
                Err(StoreError::Invalid(postgres::BACKUP_GUIDANCE.to_string()))
            }
            crate::StoreUrl::Sqlite(target) => {
                crate::sqlite::backup::restore_file(backup, target)?;
                let checked = crate::Store::migrate(url)
                    .and_then(|_| crate::Store::open_with_key(url, key_file))
                    .and_then(|store| {
                        let report = store.backend.verify_audit(None)?;
                        Ok((store, report))
                    });
                let refused = match checked {
                    Ok((store, report)) if report.problems.is_empty() => {
                        store.backend.append_audit(
                            &AuditDraft::new(By::Administrator, "restore")
                                .count(report.events)
                                .detail("chains", report.chains.to_string()),
                        )?;
                        return Ok((store, report));
                    }
                    Ok((store, report)) => {
                        drop(store);
                        crate::StoreError::Invalid(format!(
                            "the restored audit trail does not verify ({} problems, first: {:?})",
                            report.problems.len(),
                            report.problems.first()
                        ))
                    }
                    Err(e) => e,
                };
                let aside = crate::sqlite::backup::set_aside(target)?;
                Err(crate::StoreError::Invalid(format!(
                    "{refused}; the restored file was set aside as {}",
                    aside.display()
                )))
            }
        }
    }

    /// Opens a store whose schema is up to date (`NotMigrated` otherwise) with the key file
    /// beside it ([`StoreUrl::default_key_file`]).
    pub fn open(url: &StoreUrl) -> Result<Store> {
        Store::open_with_key(url, &url.default_key_file())
    }

    /// Opens a store with the key file at `key_file`. The first opening of a new store creates
    /// the key file when it is missing; afterwards a missing or different key is an error.
    pub fn open_with_key(url: &StoreUrl, key_file: &std::path::Path) -> Result<Store> {
        let backend: Arc<dyn Backend> = match url {
            StoreUrl::Sqlite(path) => Arc::new(sqlite::SqliteBackend::open(path, key_file)?),
            StoreUrl::Postgres(address) => Arc::new(postgres::PgBackend::open(address, key_file)?),
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

    /// Migrates, then opens with the key file at `key_file`.
    pub fn open_migrated_with_key(url: &StoreUrl, key_file: &std::path::Path) -> Result<Store> {
        Store::migrate(url)?;
        Store::open_with_key(url, key_file)
    }

    pub fn url(&self) -> &StoreUrl {
        &self.url
    }

    /// Opens every database connection this process keeps and readies each, before a server
    /// node takes requests; how many it opened (none for an embedded store). Reads no record.
    pub fn open_connections(&self) -> Result<usize> {
        self.backend.open_connections()
    }

    /// Registers a new member organisation; a name in use is an error, never a second one.
    /// Only an administrator does this ([`LocalAdmin`]).
    pub(crate) fn create_organisation(
        &self,
        name: &str,
        kind: OrgKind,
        country: Option<&str>,
    ) -> Result<Organisation> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let country = match country.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => Some(rastro_geo_country(c).ok_or_else(|| {
                StoreError::Invalid(format!("{c:?} is not a country (use ISO codes or names)"))
            })?),
            None => None,
        };
        let audit =
            AuditDraft::new(By::Administrator, "create_organisation").detail("kind", kind.as_str());
        self.backend
            .create_organisation(name, kind, country.as_deref(), audit)
    }

    pub fn find_organisation(&self, name: &str) -> Result<Option<Organisation>> {
        self.backend.find_organisation(name.trim())
    }

    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        self.backend.organisations()
    }

    /// The store as `actor` sees it; every record read and write goes through one.
    pub fn scope(&self, actor: &Actor) -> Scope<'_> {
        Scope {
            backend: self.backend.as_ref(),
            actor: actor.clone(),
        }
    }
}

/// A country's ISO alpha-2 code from a code or a name in en/es/pt.
fn rastro_geo_country(text: &str) -> Option<String> {
    rastro_geo::countries()
        .parse(text)
        .ok()
        .map(|c| c.to_string())
}
