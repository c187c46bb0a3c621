//! Case records (HTCDS 2.0) and the imports they arrive by.
//!
//! A record comes back as a [`CaseView`] at the level the actor may see it: that it exists, a
//! summary that names nobody, the record without its personal fields, or the whole record.
//!
//! An import is a row of its own with a status: `running` while batches are stored, `finished`
//! when its totals are known, `interrupted` when it failed midway. Batches that were committed
//! stay (each record once, by its stable key), and importing the same file again resumes the
//! unfinished import instead of starting a second one, so nothing is counted or stored twice.

use std::borrow::Cow;

use rastro_model::{CaseRecord, CaseSummary, CompactParts};

use crate::api::access::{level_cap, Action, Level, RecordKind};
use crate::api::members::Actor;
use crate::api::scope::Scope;
use crate::api::trace::{AuditDraft, Outcome};
use crate::ids::looks_like_id;
use crate::pseudonyms::{Lookup, Pseudonyms};
use crate::sealing::SealedCase;
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
    /// What it imported: cases or transactions.
    pub kind: RecordKind,
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
    /// The record's content key (a hash of its canonical text, computed by the caller off the
    /// storing thread): the same record imported again is recognised by it.
    pub key: &'a str,
    /// 1-based data row in the source file.
    pub source_row: u64,
    /// The record's compact parts ([`CaseRecord::to_compact_parts`] of `record`) when the
    /// caller wrote them already, off the storing thread; written from the record otherwise.
    pub parts: Option<&'a CompactParts>,
}

/// A batch of cases sealed for one organisation, ready to store.
pub struct PreparedCases {
    pub(crate) org_id: String,
    pub(crate) key_version: u32,
    pub(crate) rows: Vec<PreparedCase>,
}

impl PreparedCases {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

pub(crate) struct PreparedCase {
    pub id: String,
    /// What the case is found by from its id (`cases.id_lookup`).
    pub id_lookup: String,
    pub record_key: Vec<u8>,
    pub role: &'static str,
    pub source_row: u64,
    pub sealed: SealedCase,
    /// The case's facets as the one text stored beside it (`facets::facet_values_text`), the
    /// only place they are kept since migration 0025.
    pub facet_values: String,
    /// The HTCDS consent checkboxes the record has ticked, as bits.
    pub consents: i64,
}

/// What a batch of inserts did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub inserted: u64,
    /// Records the organisation already had (same key): not stored again.
    pub duplicates: u64,
}

/// Where a stored record came from; shown to its owner only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub import_id: String,
    /// The file as the owner named it: a path on the owner's machine.
    pub source_file: String,
    pub source_row: u64,
    pub imported_at: String,
}

/// Which record, and whose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRef {
    pub id: String,
    /// Name of the owning organisation.
    pub owner: String,
}

/// A whole record, as its owner (or a reader granted full access) sees it.
#[derive(Debug, Clone)]
pub struct StoredCase {
    pub id: String,
    pub owner: String,
    pub record: CaseRecord,
    pub pseudonyms: Pseudonyms,
    /// `None` for a record the actor does not own.
    pub provenance: Option<Provenance>,
}

/// A whole record as the cells an export writes, in [`rastro_model::Field::ALL`] order (see
/// [`rastro_model::compact_cells`]), read without decoding it.
pub struct ExportedCase<'a> {
    pub id: &'a str,
    /// The owning organisation's name.
    pub owner: &'a str,
    pub cells: &'a [Cow<'a, str>],
    pub(crate) owner_id: &'a str,
}

/// A record without its personal fields (names, birth date, identity numbers, contacts, exact
/// addresses, free text).
#[derive(Debug, Clone)]
pub struct DetailedCase {
    pub case: CaseRef,
    pub record: CaseRecord,
    /// Keyed pseudonyms of the person's identifiers, the same whoever holds the person's record.
    pub pseudonyms: Pseudonyms,
}

/// A record at the level the actor may see it.
#[derive(Debug, Clone)]
pub enum CaseView {
    Exists(CaseRef),
    Summary(CaseRef, CaseSummary),
    Detail(DetailedCase),
    Full(StoredCase),
}

impl CaseView {
    pub fn id(&self) -> &str {
        match self {
            CaseView::Exists(c) | CaseView::Summary(c, _) => &c.id,
            CaseView::Detail(d) => &d.case.id,
            CaseView::Full(s) => &s.id,
        }
    }

    pub fn owner(&self) -> &str {
        match self {
            CaseView::Exists(c) | CaseView::Summary(c, _) => &c.owner,
            CaseView::Detail(d) => &d.case.owner,
            CaseView::Full(s) => &s.owner,
        }
    }

    pub fn level(&self) -> Level {
        match self {
            CaseView::Exists(_) => Level::Exists,
            CaseView::Summary(..) => Level::Summary,
            CaseView::Detail(_) => Level::Detail,
            CaseView::Full(_) => Level::Full,
        }
    }

    /// The record as far as this level shows it (detail: without personal fields).
    pub fn record(&self) -> Option<&CaseRecord> {
        match self {
            CaseView::Detail(d) => Some(&d.record),
            CaseView::Full(s) => Some(&s.record),
            _ => None,
        }
    }

    /// The record projected to `level`, computed from the whole record once.
    pub(crate) fn project(
        id: String,
        owner: String,
        level: Level,
        record: CaseRecord,
        pseudonyms: Pseudonyms,
        provenance: Option<Provenance>,
    ) -> CaseView {
        let case = CaseRef { id, owner };
        match level {
            Level::Exists => CaseView::Exists(case),
            Level::Summary => {
                let summary = CaseSummary::of(&record.without_personal());
                CaseView::Summary(case, summary)
            }
            Level::Detail => CaseView::Detail(DetailedCase {
                record: record.without_personal(),
                pseudonyms,
                case,
            }),
            Level::Full => CaseView::Full(StoredCase {
                id: case.id,
                owner: case.owner,
                record,
                pseudonyms,
                provenance,
            }),
        }
    }
}

/// Which records a listing covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseSelection {
    /// The organisation's own records.
    Own,
    /// Its own and those granted to it.
    Visible,
}

/// The countable values of a case that statistics group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// The age when trafficked, in the bands published statistics use (never an exact age).
    AgeBand,
    /// The month (`YYYY-MM`) of the record's earliest dated event, for series over time.
    Month,
    /// `vic_MethodOfRecruitment`.
    RecruitmentMethod,
    /// `vic_RecruitmentWebsitesAndApps`.
    RecruitmentSite,
    /// `vic_MethodsOfControl`.
    ControlMethod,
    /// `vic_TypeOfSexExploitation`.
    SexExploitation,
    /// `vic_ExploitationWebsitesAndApps`.
    ExploitationSite,
    /// `vic_Vulnerabilities`.
    Vulnerability,
    /// `vic_RelationshipToTrafficker`.
    Relationship,
    /// `vic_TraffickingStatus`.
    TraffickingStatus,
    /// `vic_TraffickingStatusDecisionMakingOrg`.
    StatusDecidedBy,
    /// `per_RoleInProcess`.
    PerpetratorRole,
    /// `cas_Status`.
    CaseStatus,
    /// `cas_ReasonForIncomingReferral`.
    IncomingReferralReason,
    /// `cas_ReasonForOutgoingReferral`.
    OutgoingReferralReason,
    /// `spl_Type`.
    SupportPlan,
}

impl Facet {
    pub const ALL: [Facet; 23] = [
        Facet::Exploitation,
        Facet::ExploitationCountry,
        Facet::RecruitmentCountry,
        Facet::TransitCountry,
        Facet::Citizenship,
        Facet::Industry,
        Facet::Gender,
        Facet::AgeBand,
        Facet::Month,
        Facet::RecruitmentMethod,
        Facet::RecruitmentSite,
        Facet::ControlMethod,
        Facet::SexExploitation,
        Facet::ExploitationSite,
        Facet::Vulnerability,
        Facet::Relationship,
        Facet::TraffickingStatus,
        Facet::StatusDecidedBy,
        Facet::PerpetratorRole,
        Facet::CaseStatus,
        Facet::IncomingReferralReason,
        Facet::OutgoingReferralReason,
        Facet::SupportPlan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Exploitation => "exploitation",
            Facet::ExploitationCountry => "exploitation_country",
            Facet::RecruitmentCountry => "recruitment_country",
            Facet::TransitCountry => "transit_country",
            Facet::Citizenship => "citizenship",
            Facet::Industry => "industry",
            Facet::Gender => "gender",
            Facet::AgeBand => "age_band",
            Facet::Month => "month",
            Facet::RecruitmentMethod => "recruitment_method",
            Facet::RecruitmentSite => "recruitment_site",
            Facet::ControlMethod => "control_method",
            Facet::SexExploitation => "sex_exploitation",
            Facet::ExploitationSite => "exploitation_site",
            Facet::Vulnerability => "vulnerability",
            Facet::Relationship => "relationship",
            Facet::TraffickingStatus => "trafficking_status",
            Facet::StatusDecidedBy => "status_decided_by",
            Facet::PerpetratorRole => "perpetrator_role",
            Facet::CaseStatus => "case_status",
            Facet::IncomingReferralReason => "incoming_referral_reason",
            Facet::OutgoingReferralReason => "outgoing_referral_reason",
            Facet::SupportPlan => "support_plan",
        }
    }

    /// The facet's code in a case's facet values text (`cases.facet_values`): one letter in
    /// place of the name, which was half of that text's bytes and so a fifth of what an import
    /// wrote per case. Never change or reuse a code: stored texts keep them, and migration 0028
    /// (0027 on PostgreSQL) rewrote older texts' names into exactly these.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Facet::Exploitation => "a",
            Facet::ExploitationCountry => "b",
            Facet::RecruitmentCountry => "c",
            Facet::TransitCountry => "d",
            Facet::Citizenship => "e",
            Facet::Industry => "f",
            Facet::Gender => "g",
            Facet::AgeBand => "h",
            Facet::Month => "i",
            Facet::RecruitmentMethod => "j",
            Facet::RecruitmentSite => "k",
            Facet::ControlMethod => "l",
            Facet::SexExploitation => "m",
            Facet::ExploitationSite => "n",
            Facet::Vulnerability => "o",
            Facet::Relationship => "p",
            Facet::TraffickingStatus => "q",
            Facet::StatusDecidedBy => "r",
            Facet::PerpetratorRole => "s",
            Facet::CaseStatus => "t",
            Facet::IncomingReferralReason => "u",
            Facet::OutgoingReferralReason => "v",
            Facet::SupportPlan => "w",
        }
    }

    /// The facet of a code in a case's facet values text ([`Facet::code`]). A match rather
    /// than a search of `ALL`: the statistics scan asks this for about eighteen pairs a case.
    pub(crate) fn from_code(code: &[u8]) -> Option<Facet> {
        Some(match code {
            b"a" => Facet::Exploitation,
            b"b" => Facet::ExploitationCountry,
            b"c" => Facet::RecruitmentCountry,
            b"d" => Facet::TransitCountry,
            b"e" => Facet::Citizenship,
            b"f" => Facet::Industry,
            b"g" => Facet::Gender,
            b"h" => Facet::AgeBand,
            b"i" => Facet::Month,
            b"j" => Facet::RecruitmentMethod,
            b"k" => Facet::RecruitmentSite,
            b"l" => Facet::ControlMethod,
            b"m" => Facet::SexExploitation,
            b"n" => Facet::ExploitationSite,
            b"o" => Facet::Vulnerability,
            b"p" => Facet::Relationship,
            b"q" => Facet::TraffickingStatus,
            b"r" => Facet::StatusDecidedBy,
            b"s" => Facet::PerpetratorRole,
            b"t" => Facet::CaseStatus,
            b"u" => Facet::IncomingReferralReason,
            b"v" => Facet::OutgoingReferralReason,
            b"w" => Facet::SupportPlan,
            _ => return None,
        })
    }

    /// Whether it is one of the descriptive HTCDS picklists beyond the core facets (statistics
    /// read these only for tables that ask for them).
    pub fn is_picklist(self) -> bool {
        !matches!(
            self,
            Facet::Exploitation
                | Facet::ExploitationCountry
                | Facet::RecruitmentCountry
                | Facet::TransitCountry
                | Facet::Citizenship
                | Facet::Industry
                | Facet::Gender
                | Facet::AgeBand
                | Facet::Month
        )
    }

    pub fn parse(text: &str) -> Option<Facet> {
        let text = text.trim().to_ascii_lowercase().replace('-', "_");
        Facet::from_stored(text.as_bytes())
    }

    /// The facet of a name exactly as the store writes it.
    pub(crate) fn from_stored(name: &[u8]) -> Option<Facet> {
        // A match rather than a search of `ALL`: the statistics scan asks this for every facet
        // row, eighteen million of them for a million cases.
        Some(match name {
            b"exploitation" => Facet::Exploitation,
            b"exploitation_country" => Facet::ExploitationCountry,
            b"recruitment_country" => Facet::RecruitmentCountry,
            b"transit_country" => Facet::TransitCountry,
            b"citizenship" => Facet::Citizenship,
            b"industry" => Facet::Industry,
            b"gender" => Facet::Gender,
            b"age_band" => Facet::AgeBand,
            b"month" => Facet::Month,
            b"recruitment_method" => Facet::RecruitmentMethod,
            b"recruitment_site" => Facet::RecruitmentSite,
            b"control_method" => Facet::ControlMethod,
            b"sex_exploitation" => Facet::SexExploitation,
            b"exploitation_site" => Facet::ExploitationSite,
            b"vulnerability" => Facet::Vulnerability,
            b"relationship" => Facet::Relationship,
            b"trafficking_status" => Facet::TraffickingStatus,
            b"status_decided_by" => Facet::StatusDecidedBy,
            b"perpetrator_role" => Facet::PerpetratorRole,
            b"case_status" => Facet::CaseStatus,
            b"incoming_referral_reason" => Facet::IncomingReferralReason,
            b"outgoing_referral_reason" => Facet::OutgoingReferralReason,
            b"support_plan" => Facet::SupportPlan,
            _ => return None,
        })
    }
}

/// The value a facet takes when a record has none, so that totals still add up.
pub const UNKNOWN: &str = "unknown";

/// A stored record as a backend reads it, before projection.
pub(crate) struct RawCase {
    pub id: String,
    pub owner: String,
    pub owner_id: String,
    pub level: Level,
    /// Whole at full level; without its personal fields below it.
    pub record: CaseRecord,
    pub pseudonyms: Pseudonyms,
    pub provenance: Option<Provenance>,
}

impl RawCase {
    pub(crate) fn view(self) -> CaseView {
        CaseView::project(
            self.id,
            self.owner,
            self.level,
            self.record,
            self.pseudonyms,
            self.provenance,
        )
    }
}

/// A part of a listing: `limit` records after the first `offset`, so that only those are read
/// whole and opened.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub offset: u64,
    pub limit: u64,
}

pub(crate) trait CaseBackend {
    fn begin_import(
        &self,
        actor: &Actor,
        source_file: &str,
        format: &str,
        audit: AuditDraft,
    ) -> Result<ImportHandle>;
    /// Seals a batch for the actor's organisation (pure computation; any thread).
    fn prepare_cases(&self, actor: &Actor, cases: &[NewCase<'_>]) -> Result<PreparedCases>;
    fn insert_prepared(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        cases: &PreparedCases,
        audit: AuditDraft,
    ) -> Result<BatchOutcome>;
    fn finish_import(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        valid_rows: u64,
        rejected: u64,
        audit: AuditDraft,
    ) -> Result<ImportInfo>;
    fn interrupt_import(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        error: &str,
        audit: AuditDraft,
    ) -> Result<()>;
    fn imports(&self, actor: &Actor) -> Result<Vec<ImportInfo>>;
    /// A record the actor sees at some level (`None` otherwise).
    fn case(&self, actor: &Actor, case_id: &str) -> Result<Option<RawCase>>;
    fn for_each_case(
        &self,
        actor: &Actor,
        need: Level,
        selection: CaseSelection,
        window: Option<Window>,
        visit: &mut dyn FnMut(RawCase) -> Result<()>,
    ) -> Result<u64>;
    /// The records of `selection` the actor sees in full, as cells.
    fn for_each_full_case_cells(
        &self,
        actor: &Actor,
        selection: CaseSelection,
        visit: &mut dyn FnMut(&ExportedCase<'_>) -> Result<()>,
    ) -> Result<u64>;
    /// Records the actor sees at summary or more; with `keys` (above, up to and including), only
    /// those stored in that range.
    fn count_cases(&self, actor: &Actor, keys: Option<(i64, i64)>) -> Result<u64>;
    /// The ids of the organisation's own cases whose blind index for `lookup` is `value`
    /// (normalised), oldest first.
    fn find_own_cases(&self, actor: &Actor, lookup: Lookup, value: &str) -> Result<Vec<String>>;
    fn facet_counts(&self, actor: &Actor, facet: Facet) -> Result<Vec<(String, u64)>>;
    fn crosstab(
        &self,
        actor: &Actor,
        rows: Facet,
        columns: Facet,
    ) -> Result<Vec<(String, String, u64)>>;
}

impl Scope<'_> {
    /// Starts an import of `source_file`, or resumes the organisation's unfinished import of the
    /// same file (see [`ImportHandle::resumed`]).
    pub fn begin_import(&self, source_file: &str, format: &str) -> Result<ImportHandle> {
        self.require(Action::ImportCases)?;
        let audit = self.actor.draft("import_begin").kind(RecordKind::Case);
        self.backend
            .begin_import(&self.actor, source_file, format, audit)
    }

    /// Stores a batch, each part (250 cases in PostgreSQL, 1,000 in the embedded store)
    /// atomically with its trace (a part stored before a failure stays: running the import
    /// again adds only what is missing); records the organisation already has are counted, not
    /// stored.
    pub fn insert_cases(
        &self,
        import: &ImportHandle,
        cases: &[NewCase<'_>],
    ) -> Result<BatchOutcome> {
        let prepared = self.prepare_cases(cases)?;
        self.insert_prepared(import, &prepared)
    }

    /// Seals a batch for storing: personal fields encrypted, pseudonyms and blind indexes
    /// computed. Only computation, so an import runs it on a thread of its own while the
    /// previous batch is written.
    pub fn prepare_cases(&self, cases: &[NewCase<'_>]) -> Result<PreparedCases> {
        self.require(Action::ImportCases)?;
        self.backend.prepare_cases(&self.actor, cases)
    }

    /// Stores a batch [`Scope::prepare_cases`] sealed, in parts as [`Scope::insert_cases`] does.
    /// Borrowed, so that the caller frees it where it was made, off the storing thread.
    pub fn insert_prepared(
        &self,
        import: &ImportHandle,
        cases: &PreparedCases,
    ) -> Result<BatchOutcome> {
        self.require(Action::ImportCases)?;
        let audit = self
            .actor
            .draft("import_batch")
            .kind(RecordKind::Case)
            .detail("import", &import.id);
        self.backend
            .insert_prepared(&self.actor, import, cases, audit)
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
        self.require(Action::ImportCases)?;
        let audit = self
            .actor
            .draft("import_finish")
            .kind(RecordKind::Case)
            .detail("import", &import.id)
            .detail("valid_rows", valid_rows)
            .detail("rejected", rejected);
        self.backend
            .finish_import(&self.actor, import, valid_rows, rejected, audit)
    }

    /// Marks the import interrupted, with why; what it stored stays, and importing the same file
    /// again completes it.
    pub fn interrupt_import(&self, import: &ImportHandle, error: &str) -> Result<()> {
        self.require(Action::ImportCases)?;
        let audit = self
            .actor
            .draft("import_interrupted")
            .kind(RecordKind::Case)
            .detail("import", &import.id)
            .outcome(Outcome::Failed);
        self.backend
            .interrupt_import(&self.actor, import, error, audit)
    }

    /// The organisation's imports, newest first.
    pub fn imports(&self) -> Result<Vec<ImportInfo>> {
        self.require(Action::ImportCases)?;
        let imports = self.backend.imports(&self.actor)?;
        self.audit(
            self.actor
                .draft("read_imports")
                .kind(RecordKind::Case)
                .count(imports.len() as u64),
        )?;
        Ok(imports)
    }

    /// A record at the level the actor may see it; `None` both when it does not exist and when
    /// it may not be seen at all.
    pub fn case(&self, case_id: &str) -> Result<Option<CaseView>> {
        self.require(Action::ReadCases)?;
        let found = if looks_like_id(case_id) {
            self.backend.case(&self.actor, case_id)?
        } else {
            None
        };
        let mut audit = self.actor.draft("read_case").kind(RecordKind::Case);
        match &found {
            Some(raw) => {
                audit = audit.level(raw.level).count(1);
                if raw.level >= Level::Detail {
                    audit = audit.record(&raw.owner_id, &raw.id);
                }
            }
            // Asked for what does not exist or is not visible: said with the same answer, and
            // traced without the id, which may be a guess at another's record.
            None => audit = audit.count(0),
        }
        self.audit(audit)?;
        Ok(found.map(RawCase::view))
    }

    /// Visits the records of `selection` the actor sees at `need` or more, in the order they
    /// were stored, each at its own level; returns how many. The read's audit event (with the
    /// ids of records seen in detail or full) is appended when the visit ends; if it cannot be,
    /// the visit fails, so a shell writing the records out discards them.
    pub fn for_each_case(
        &self,
        need: Level,
        selection: CaseSelection,
        visit: &mut dyn FnMut(CaseView) -> Result<()>,
    ) -> Result<u64> {
        self.require(Action::ReadCases)?;
        self.visit_cases("read_cases", need, selection, visit)
    }

    fn visit_cases(
        &self,
        action: &'static str,
        need: Level,
        selection: CaseSelection,
        visit: &mut dyn FnMut(CaseView) -> Result<()>,
    ) -> Result<u64> {
        let mut audit = self.actor.draft(action).kind(RecordKind::Case).level(need);
        let n = self
            .backend
            .for_each_case(&self.actor, need, selection, None, &mut |raw| {
                if raw.level >= Level::Detail {
                    audit.records.push((raw.owner_id.clone(), raw.id.clone()));
                }
                visit(raw.view())
            })?;
        self.audit(audit.count(n))?;
        Ok(n)
    }

    /// Visits, to write them out of Rastro, the whole records the actor may see in full (its
    /// own, and those granted in full); needs the role's permission to export.
    pub fn for_each_full_case(
        &self,
        selection: CaseSelection,
        visit: &mut dyn FnMut(StoredCase) -> Result<()>,
    ) -> Result<u64> {
        self.require(Action::ReadCases)?;
        self.require(Action::ExportCases)?;
        self.visit_cases(
            "export_cases",
            Level::Full,
            selection,
            &mut |view| match view {
                CaseView::Full(case) => visit(case),
                // The backend returned a lower level than asked for: a bug, never a leak.
                other => Err(StoreError::Corrupt {
                    id: other.id().to_string(),
                    reason: "a record below the level asked for".into(),
                }),
            },
        )
    }

    /// The same records as [`Scope::for_each_full_case`], as the cells an export writes: for
    /// exports of millions of records, which need no typed record. Audited alike.
    pub fn for_each_full_case_cells(
        &self,
        selection: CaseSelection,
        visit: &mut dyn FnMut(&ExportedCase<'_>) -> Result<()>,
    ) -> Result<u64> {
        self.require(Action::ReadCases)?;
        self.require(Action::ExportCases)?;
        let mut audit = self
            .actor
            .draft("export_cases")
            .kind(RecordKind::Case)
            .level(Level::Full);
        let n = self
            .backend
            .for_each_full_case_cells(&self.actor, selection, &mut |case| {
                audit
                    .records
                    .push((case.owner_id.to_string(), case.id.to_string()));
                visit(case)
            })?;
        self.audit(audit.count(n))?;
        Ok(n)
    }

    /// The organisation's own cases with this identity number or name (an exact match after
    /// normalising, through a keyed blind index: the value itself is never stored). Only for
    /// roles that see their own cases in full, since the answer says who the organisation holds.
    pub fn find_own_cases(&self, lookup: Lookup, value: &str) -> Result<Vec<String>> {
        self.require(Action::ReadCases)?;
        if level_cap(self.actor.role(), RecordKind::Case, true) != Some(Level::Full) {
            return Err(self.forbidden(Action::ReadCases));
        }
        let ids = match lookup.normalise(value) {
            Some(v) => self.backend.find_own_cases(&self.actor, lookup, &v)?,
            None => Vec::new(),
        };
        let mut audit = self
            .actor
            .draft("find_cases")
            .kind(RecordKind::Case)
            .count(ids.len() as u64)
            .detail("lookup", lookup.as_str())
            .detail("query_hash", self.query_hash(value));
        for id in &ids {
            audit = audit.record(&self.organisation().id, id);
        }
        self.audit(audit)?;
        Ok(ids)
    }

    /// Records the actor sees at summary or more.
    pub fn count_cases(&self) -> Result<u64> {
        self.require(Action::ReadStatistics)?;
        let n = self.backend.count_cases(&self.actor, None)?;
        self.audit_statistics("count_cases", &[])?;
        Ok(n)
    }

    /// Records seen at summary or more per value of a facet, most frequent first.
    pub fn facet_counts(&self, facet: Facet) -> Result<Vec<(String, u64)>> {
        self.require(Action::ReadStatistics)?;
        let counts = self.backend.facet_counts(&self.actor, facet)?;
        self.audit_statistics("facet_counts", &[facet])?;
        Ok(counts)
    }

    /// Records seen at summary or more per pair of values of two facets.
    pub fn crosstab(&self, rows: Facet, columns: Facet) -> Result<Vec<(String, String, u64)>> {
        self.require(Action::ReadStatistics)?;
        let cells = self.backend.crosstab(&self.actor, rows, columns)?;
        self.audit_statistics("crosstab", &[rows, columns])?;
        Ok(cells)
    }

    /// Statistics read no record in detail; their event says which were asked for.
    fn audit_statistics(&self, action: &'static str, facets: &[Facet]) -> Result<()> {
        let facets: Vec<&str> = facets.iter().map(|f| f.as_str()).collect();
        self.audit(
            self.actor
                .draft(action)
                .kind(RecordKind::Case)
                .level(Level::Summary)
                .detail("facets", facets.join(",")),
        )
    }
}
