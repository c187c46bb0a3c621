//! Rastro's store: the only crate that speaks SQL.
//!
//! [`Store`] opens the database and knows organisations; everything about records goes through a
//! [`Scope`], a handle bound to the acting organisation. A scope sees its own records and the
//! records other organisations shared; a record it may not see answers exactly as a missing one.
//! The SQL lives behind the [`Backend`] trait so that PostgreSQL can implement the same interface
//! as the embedded SQLite backend.

mod facets;
mod ids;
mod linkage;
mod migrations;
mod news;
mod news_events;
mod runs;
mod sqlite;
mod time;
mod visibility;
mod watchlist;

use std::path::{Path, PathBuf};

use rastro_model::CaseRecord;

pub use ids::looks_like_id;
pub use linkage::{LinkDecision, LinkageBackend, LinkageRun, NewLinkage, PersonCount};
pub use news::{DuplicateOf, Ingested, NewArticle, NewsBackend, NewsFacet, StoredArticle};
pub use news_events::{
    EventCount, EventDecision, EventReport, EventRun, NewEventLinkage, NewsEventBackend,
    ReportForLinkage,
};
pub use runs::Decision;
pub use watchlist::{
    EntrySink, FillList, ListCounts, NewWatchlist, StoredWatchlist, WatchlistBackend,
    WatchlistEntry, WatchlistInfo,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot use data directory {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database was written by a newer Rastro (schema version {found}, this one knows up to {known})")]
    NewerSchema { found: u32, known: u32 },
    #[error("stored record {id} is unreadable: {reason}")]
    Corrupt { id: String, reason: String },
    #[error("no organisation named {0:?}")]
    UnknownOrganisation(String),
    #[error("not found")]
    NotFound,
    #[error("the operating system gave no randomness for ids: {0}")]
    Entropy(String),
    /// The source being stored (a file read as it is stored) failed; nothing was changed.
    #[error("{0}")]
    Source(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A member organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: String,
    pub name: String,
}

/// Who may see a record besides its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    /// Only the owning organisation.
    Private,
    /// Every member organisation.
    Shared,
}

impl Sharing {
    pub fn as_str(self) -> &'static str {
        match self {
            Sharing::Private => "private",
            Sharing::Shared => "shared",
        }
    }
}

/// An import under way: records stored through it carry its id and source file.
#[derive(Debug, Clone)]
pub struct ImportHandle {
    pub id: String,
    pub source_file: String,
}

/// A record to store, with the stable key that makes re-imports idempotent.
pub struct NewCase<'a> {
    pub record: &'a CaseRecord,
    /// `record.to_compact()`, computed by the caller (off the storing thread): what is stored.
    pub compact: &'a str,
    pub key: &'a str,
    /// 1-based data row in the source file.
    pub source_row: u64,
}

/// What a batch of inserts did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub inserted: u64,
    /// Records the organisation already had (same key): not stored again.
    pub duplicates: u64,
}

/// Where a stored record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub organisation: String,
    pub import_id: String,
    pub source_file: String,
    pub source_row: u64,
    pub imported_at: String,
}

/// A record as read back from the store.
#[derive(Debug, Clone)]
pub struct StoredCase {
    pub id: String,
    pub record: CaseRecord,
    pub provenance: Provenance,
    pub sharing: Sharing,
}

/// The countable values of a case that statistics group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// `vic_TypeOfExploitation` values (`None` when the record has none).
    Exploitation,
    /// Countries of exploitation events.
    ExploitationCountry,
    /// Countries of recruitment events.
    RecruitmentCountry,
    /// Countries of transit events.
    TransitCountry,
    /// `prs_Citizenship`.
    Citizenship,
    /// `vic_ForcedLabourIndustry`.
    Industry,
    /// `prs_Gender`.
    Gender,
}

impl Facet {
    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Exploitation => "exploitation",
            Facet::ExploitationCountry => "exploitation_country",
            Facet::RecruitmentCountry => "recruitment_country",
            Facet::TransitCountry => "transit_country",
            Facet::Citizenship => "citizenship",
            Facet::Industry => "industry",
            Facet::Gender => "gender",
        }
    }
}

/// The value a facet takes when a record has none, so that totals still add up.
pub const UNKNOWN: &str = "unknown";

/// What a database must do for Rastro. Every method that touches records takes the acting
/// organisation; there is deliberately no method that reads records without one.
pub trait Backend:
    Send + NewsBackend + NewsEventBackend + LinkageBackend + WatchlistBackend
{
    fn ensure_organisation(&mut self, name: &str) -> Result<Organisation>;
    fn find_organisation(&self, name: &str) -> Result<Option<Organisation>>;
    fn organisations(&self) -> Result<Vec<Organisation>>;

    fn begin_import(
        &mut self,
        org: &Organisation,
        source_file: &str,
        format: &str,
    ) -> Result<ImportHandle>;
    fn insert_cases(
        &mut self,
        org: &Organisation,
        import: &ImportHandle,
        cases: &[NewCase<'_>],
    ) -> Result<BatchOutcome>;
    fn finish_import(
        &mut self,
        org: &Organisation,
        import: &ImportHandle,
        imported: u64,
        duplicates: u64,
        rejected: u64,
    ) -> Result<()>;
    fn set_sharing(&mut self, org: &Organisation, case_id: &str, sharing: Sharing) -> Result<()>;

    fn case(&self, org: &Organisation, case_id: &str) -> Result<Option<StoredCase>>;
    fn for_each_case(
        &self,
        org: &Organisation,
        visit: &mut dyn FnMut(StoredCase) -> Result<()>,
    ) -> Result<u64>;
    fn count_cases(&self, org: &Organisation) -> Result<u64>;
    fn facet_counts(&self, org: &Organisation, facet: Facet) -> Result<Vec<(String, u64)>>;
    fn crosstab(
        &self,
        org: &Organisation,
        rows: Facet,
        columns: Facet,
    ) -> Result<Vec<(String, String, u64)>>;
}

/// The store: a backend plus where it lives.
pub struct Store {
    backend: Box<dyn Backend>,
    location: PathBuf,
}

/// File name of the SQLite database inside the data directory.
pub const DATABASE_FILE: &str = "rastro.db";

impl Store {
    /// Opens the SQLite store in `dir`, creating the directory (owner-only) and the schema.
    pub fn open(dir: &Path) -> Result<Store> {
        create_private_dir(dir)?;
        let path = dir.join(DATABASE_FILE);
        let backend = sqlite::SqliteBackend::open(&path)?;
        Ok(Store {
            backend: Box::new(backend),
            location: path,
        })
    }

    pub fn location(&self) -> &Path {
        &self.location
    }

    /// Finds or registers a member organisation by name.
    pub fn ensure_organisation(&mut self, name: &str) -> Result<Organisation> {
        self.backend.ensure_organisation(name.trim())
    }

    pub fn find_organisation(&self, name: &str) -> Result<Option<Organisation>> {
        self.backend.find_organisation(name.trim())
    }

    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        self.backend.organisations()
    }

    /// A handle acting as `org`; every record read and write goes through one.
    pub fn scope(&mut self, org: Organisation) -> Scope<'_> {
        Scope {
            backend: self.backend.as_mut(),
            org,
        }
    }
}

/// The store as seen by one organisation.
pub struct Scope<'s> {
    backend: &'s mut dyn Backend,
    org: Organisation,
}

impl Scope<'_> {
    pub fn organisation(&self) -> &Organisation {
        &self.org
    }

    pub fn begin_import(&mut self, source_file: &str, format: &str) -> Result<ImportHandle> {
        self.backend.begin_import(&self.org, source_file, format)
    }

    /// Stores a batch atomically; records the organisation already has are counted, not stored.
    pub fn insert_cases(
        &mut self,
        import: &ImportHandle,
        cases: &[NewCase<'_>],
    ) -> Result<BatchOutcome> {
        self.backend.insert_cases(&self.org, import, cases)
    }

    pub fn finish_import(
        &mut self,
        import: &ImportHandle,
        imported: u64,
        duplicates: u64,
        rejected: u64,
    ) -> Result<()> {
        self.backend
            .finish_import(&self.org, import, imported, duplicates, rejected)
    }

    /// Shares or unshares one of the organisation's own records; another's answers `NotFound`.
    pub fn set_sharing(&mut self, case_id: &str, sharing: Sharing) -> Result<()> {
        self.backend.set_sharing(&self.org, case_id, sharing)
    }

    /// A visible record by id; `None` both when it does not exist and when it may not be seen.
    pub fn case(&self, case_id: &str) -> Result<Option<StoredCase>> {
        if !looks_like_id(case_id) {
            return Ok(None);
        }
        self.backend.case(&self.org, case_id)
    }

    /// Visits every visible record in the order it was stored; returns how many.
    pub fn for_each_case(&self, visit: &mut dyn FnMut(StoredCase) -> Result<()>) -> Result<u64> {
        self.backend.for_each_case(&self.org, visit)
    }

    pub fn count_cases(&self) -> Result<u64> {
        self.backend.count_cases(&self.org)
    }

    /// Visible records per value of a facet, most frequent first.
    pub fn facet_counts(&self, facet: Facet) -> Result<Vec<(String, u64)>> {
        self.backend.facet_counts(&self.org, facet)
    }

    /// Visible records per pair of values of two facets.
    pub fn crosstab(&self, rows: Facet, columns: Facet) -> Result<Vec<(String, String, u64)>> {
        self.backend.crosstab(&self.org, rows, columns)
    }
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let io = |source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            // Victim data: readable by the service's own user only.
            builder.mode(0o700);
        }
        builder.create(dir).map_err(io)?;
    }
    Ok(())
}
