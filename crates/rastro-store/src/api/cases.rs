//! Case records (HTCDS 2.0) and the imports they arrive by.
//!
//! An import is a row of its own with a status: `running` while batches are stored, `finished`
//! when its totals are known, `interrupted` when it failed midway. Batches that were committed
//! stay (each record once, by its stable key), and importing the same file again resumes the
//! unfinished import instead of starting a second one, so nothing is counted or stored twice.

use rastro_model::CaseRecord;

use crate::api::orgs::Organisation;
use crate::api::scope::Scope;
use crate::api::Sharing;
use crate::ids::looks_like_id;
use crate::{Result, StoreError};

/// An import under way: records stored through it carry its id.
#[derive(Debug, Clone)]
pub struct ImportHandle {
    pub id: String,
    pub source_file: String,
    /// Set when this continues an earlier import of the same file that did not finish.
    pub resumed: Option<ResumedImport>,
}

/// What an unfinished import had done when it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumedImport {
    pub started_at: String,
    /// Records it had stored.
    pub stored: u64,
    /// Why it stopped, when that was recorded.
    pub error: Option<String>,
}

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStatus {
    Running,
    Finished,
    Interrupted,
}

impl ImportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Running => "running",
            ImportStatus::Finished => "finished",
            ImportStatus::Interrupted => "interrupted",
        }
    }

    pub(crate) fn from_stored(text: &str) -> ImportStatus {
        match text {
            "finished" => ImportStatus::Finished,
            "running" => ImportStatus::Running,
            _ => ImportStatus::Interrupted,
        }
    }
}

/// An import as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportInfo {
    pub id: String,
    pub source_file: String,
    pub format: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub status: ImportStatus,
    /// Records stored by this import.
    pub imported: u64,
    /// Valid rows whose record the organisation had already.
    pub duplicates: u64,
    pub rejected: u64,
    pub error: Option<String>,
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
    /// Name of the owning organisation.
    pub organisation: String,
    pub import_id: String,
    /// The file as the owner named it: a path on the owner's machine, so only the owner sees it.
    pub source_file: Option<String>,
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

/// Which records a listing covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseSelection {
    /// The organisation's own records.
    Own,
    /// Its own and those shared with it.
    Visible,
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

pub(crate) trait CaseBackend {
    fn begin_import(
        &self,
        org: &Organisation,
        source_file: &str,
        format: &str,
    ) -> Result<ImportHandle>;
    fn insert_cases(
        &self,
        org: &Organisation,
        import: &ImportHandle,
        cases: &[NewCase<'_>],
    ) -> Result<BatchOutcome>;
    fn finish_import(
        &self,
        org: &Organisation,
        import: &ImportHandle,
        valid_rows: u64,
        rejected: u64,
    ) -> Result<ImportInfo>;
    fn interrupt_import(
        &self,
        org: &Organisation,
        import: &ImportHandle,
        error: &str,
    ) -> Result<()>;
    fn imports(&self, org: &Organisation) -> Result<Vec<ImportInfo>>;
    fn set_sharing(&self, org: &Organisation, case_id: &str, sharing: Sharing) -> Result<()>;
    fn case(&self, org: &Organisation, case_id: &str) -> Result<Option<StoredCase>>;
    fn for_each_case(
        &self,
        org: &Organisation,
        selection: CaseSelection,
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

impl Scope<'_> {
    /// Starts an import of `source_file`, or resumes the organisation's unfinished import of the
    /// same file (see [`ImportHandle::resumed`]).
    pub fn begin_import(&self, source_file: &str, format: &str) -> Result<ImportHandle> {
        self.backend.begin_import(&self.org, source_file, format)
    }

    /// Stores a batch atomically; records the organisation already has are counted, not stored.
    pub fn insert_cases(
        &self,
        import: &ImportHandle,
        cases: &[NewCase<'_>],
    ) -> Result<BatchOutcome> {
        self.backend.insert_cases(&self.org, import, cases)
    }

    /// Marks the import finished: `valid_rows` valid rows were read (stored now or before) and
    /// `rejected` rows were not. The recorded totals count what the import holds, resumed
    /// parts included.
    pub fn finish_import(
        &self,
        import: &ImportHandle,
        valid_rows: u64,
        rejected: u64,
    ) -> Result<ImportInfo> {
        self.backend
            .finish_import(&self.org, import, valid_rows, rejected)
    }

    /// Marks the import interrupted, with why; what it stored stays, and importing the same file
    /// again completes it.
    pub fn interrupt_import(&self, import: &ImportHandle, error: &str) -> Result<()> {
        self.backend.interrupt_import(&self.org, import, error)
    }

    /// The organisation's imports, newest first.
    pub fn imports(&self) -> Result<Vec<ImportInfo>> {
        self.backend.imports(&self.org)
    }

    /// Shares or unshares one of the organisation's own records; another's answers `NotFound`.
    /// Unsharing also withdraws the record from other organisations' linkage results and
    /// decisions, so that nothing of it stays with them.
    pub fn set_sharing(&self, case_id: &str, sharing: Sharing) -> Result<()> {
        if !looks_like_id(case_id) {
            return Err(StoreError::NotFound);
        }
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
        self.backend
            .for_each_case(&self.org, CaseSelection::Visible, visit)
    }

    /// Visits the records of `selection` in the order they were stored; returns how many.
    pub fn for_each_case_in(
        &self,
        selection: CaseSelection,
        visit: &mut dyn FnMut(StoredCase) -> Result<()>,
    ) -> Result<u64> {
        self.backend.for_each_case(&self.org, selection, visit)
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
