//! What statistics are counted from: the countable values of each case and of each news
//! incident the actor sees at summary level or more, read without opening a record, and the
//! ledger of privacy budget that differentially private releases spend.
//!
//! Counting, suppressing small cells and adding noise are the statistics engine's; the store only
//! says which values there are, for whom, and how much budget is left.

use crate::api::access::{Action, Level, RecordKind};
use crate::api::cases::Facet;
use crate::api::members::Actor;
use crate::api::news::NewsFacet;
use crate::api::scope::Scope;
use crate::api::trace::AuditDraft;
use crate::ids::looks_like_id;
use crate::{Result, StoreError};

/// A case as statistics see it: who holds it and its facet values (no identifier of a person).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub id: String,
    /// Name of the owning organisation.
    pub owner: String,
    pub values: Vec<(Facet, String)>,
}

/// A news incident as statistics see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentFacts {
    /// The article's id.
    pub id: String,
    pub owner: String,
    pub language: String,
    /// The host of the article's web address (`elcomercio.pe`), when it has one: the outlet.
    pub outlet: Option<String>,
    /// When the event happened as extracted (`YYYY-MM-DD` or a prefix), else when published.
    pub date: Option<String>,
    pub victims: Option<u64>,
    /// The event it belongs to in the organisation's latest event linkage.
    pub event: Option<String>,
    pub values: Vec<(NewsFacet, String)>,
}

/// Where the store stood when a statistics read began, as far as what an actor may count goes:
/// a counter that removals, grant changes and linkage runs move, the number of grants expired
/// by then, and the highest keys of cases, articles and incidents. Records are only ever added
/// above the highest key, so a later stamp that differs only in those keys means that what was
/// counted still holds and only the records above the earlier keys are new.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VisibilityStamp {
    changes: i64,
    expired: i64,
    cases: i64,
    articles: i64,
    incidents: i64,
}

impl VisibilityStamp {
    pub(crate) fn new(
        changes: i64,
        expired: i64,
        cases: i64,
        articles: i64,
        incidents: i64,
    ) -> Self {
        VisibilityStamp {
            changes,
            expired,
            cases,
            articles,
            incidents,
        }
    }

    /// Whether everything counted at `earlier` still holds at `self`, records having only been
    /// added since.
    pub fn only_adds_to(&self, earlier: &VisibilityStamp) -> bool {
        self.changes == earlier.changes
            && self.expired == earlier.expired
            && self.cases >= earlier.cases
            && self.articles >= earlier.articles
            && self.incidents >= earlier.incidents
    }

    /// A short text that differs whenever the stamps differ, for keys of caches.
    pub fn key(&self) -> String {
        format!(
            "{}/{}/{}/{}/{}",
            self.changes, self.expired, self.cases, self.articles, self.incidents
        )
    }

    /// Like [`VisibilityStamp::key`], but the same across additions of cases alone: what a text
    /// search of news or a listing of incidents finds depends on nothing else.
    pub fn news_key(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.changes, self.expired, self.articles, self.incidents
        )
    }

    /// Like [`VisibilityStamp::key`], but the same across additions of news: what the cases
    /// a reader sees are depends on nothing else.
    pub fn cases_key(&self) -> String {
        format!("{}/{}/{}", self.changes, self.expired, self.cases)
    }

    /// The part of the stamp that additions of records leave alone: removals, grants given,
    /// changed, revoked or expired, and linkage runs. What is shared by grants but stamped
    /// apart (transactions and alerts) is visible as before as long as this holds.
    pub fn grants_key(&self) -> String {
        format!("{}/{}", self.changes, self.expired)
    }

    pub(crate) fn case_keys(&self) -> i64 {
        self.cases
    }

    pub(crate) fn incident_keys(&self) -> i64 {
        self.incidents
    }
}

/// Which records a read of facts covers: those stored up to `upto`, and, when `since` is given,
/// only those stored after it (what a cache read at `since` lacks); and which of their facets.
#[derive(Debug, Clone, Copy)]
pub struct FactsSpan<'a> {
    pub since: Option<&'a VisibilityStamp>,
    pub upto: &'a VisibilityStamp,
    /// Also the descriptive HTCDS picklists (`Facet::is_picklist`): they double what a read
    /// returns, and only tables broken down by one of them need them.
    pub picklists: bool,
    /// Which of `of` disjoint slices of the span to read (by storage order), so that several
    /// readers can read one span at once; `(0, 1)` is the whole span.
    pub slice: (u32, u32),
}

impl<'a> FactsSpan<'a> {
    /// Every record stored up to `upto`, without the picklist facets.
    pub fn everything(upto: &'a VisibilityStamp) -> FactsSpan<'a> {
        FactsSpan {
            since: None,
            upto,
            picklists: false,
            slice: (0, 1),
        }
    }

    /// The keys of cases it covers, as (above, up to and including).
    pub(crate) fn case_keys(&self) -> (i64, i64) {
        self.sliced(
            self.since.map_or(0, VisibilityStamp::case_keys),
            self.upto.case_keys(),
        )
    }

    /// The keys of incidents it covers, as (above, up to and including).
    pub(crate) fn incident_keys(&self) -> (i64, i64) {
        self.sliced(
            self.since.map_or(0, VisibilityStamp::incident_keys),
            self.upto.incident_keys(),
        )
    }

    /// This span's slice of the keys in (above, upto]: consecutive ranges of equal width, so
    /// that together the slices cover every key once.
    fn sliced(&self, above: i64, upto: i64) -> (i64, i64) {
        let of = i128::from(self.slice.1.max(1));
        let index = i128::from(self.slice.0).min(of - 1);
        let width = i128::from(upto) - i128::from(above);
        if width <= 0 {
            return (above, upto);
        }
        let bound = |i: i128| i64::try_from(i128::from(above) + width * i / of).unwrap_or(upto);
        (bound(index), bound(index + 1))
    }
}

/// A release of differentially private counts, as the ledger keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivacyRelease {
    pub id: String,
    pub dataset: String,
    pub epsilon: f64,
    pub dimensions: String,
    pub released_by: String,
    pub released_at: String,
}

/// Budget asked of a dataset: granted only if what was spent plus `epsilon` stays within `total`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetRequest<'a> {
    pub dataset: &'a str,
    pub epsilon: f64,
    pub total: f64,
    pub dimensions: &'a str,
}

pub(crate) trait StatisticsBackend {
    fn for_each_case_facts(
        &self,
        actor: &Actor,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(CaseFacts) -> Result<()>,
    ) -> Result<u64>;
    fn for_each_incident_facts(
        &self,
        actor: &Actor,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(IncidentFacts) -> Result<()>,
    ) -> Result<u64>;
    fn visibility_stamp(&self, actor: &Actor) -> Result<VisibilityStamp>;
    /// Spends the budget for a release; with `once`, the release's id, a release the
    /// organisation already has under that id is handed back and nothing is spent again.
    fn spend_budget(
        &self,
        actor: &Actor,
        request: &BudgetRequest<'_>,
        once: Option<&str>,
        audit: AuditDraft,
    ) -> Result<PrivacyRelease>;
    fn releases(&self, actor: &Actor, dataset: &str) -> Result<Vec<PrivacyRelease>>;
}

impl Scope<'_> {
    /// Visits the facet values of every case in `span` the actor sees at summary level or more,
    /// in the order stored; returns how many. One audit event says statistics were read, with
    /// the count.
    pub fn for_each_case_facts(
        &self,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(CaseFacts) -> Result<()>,
    ) -> Result<u64> {
        self.require(Action::ReadStatistics)?;
        let n = self.backend.for_each_case_facts(&self.actor, span, visit)?;
        self.audit(
            self.actor
                .draft("read_case_facts")
                .kind(RecordKind::Case)
                .level(Level::Summary)
                .count(n),
        )?;
        Ok(n)
    }

    /// Visits the countable values of every news incident in `span` the actor sees, in the
    /// order stored; returns how many.
    pub fn for_each_incident_facts(
        &self,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(IncidentFacts) -> Result<()>,
    ) -> Result<u64> {
        self.require(Action::ReadNews)?;
        let n = self
            .backend
            .for_each_incident_facts(&self.actor, span, visit)?;
        self.audit(
            self.actor
                .draft("read_incident_facts")
                .kind(RecordKind::Article)
                .level(Level::Summary)
                .count(n),
        )?;
        Ok(n)
    }

    /// Begins a statistics read: traces it (with what is asked, never a search text) and
    /// returns a stamp that changes whenever what the actor may count could have changed —
    /// records added or removed, grants given, revoked or expired, event linkage re-run. Caches
    /// of counts are keyed by it, so a revoked grant stops counting at once, and a count served
    /// from a cache is traced like one computed afresh.
    pub fn statistics_stamp(&self, asked: &str) -> Result<VisibilityStamp> {
        self.require(Action::ReadStatistics)?;
        let stamp = self.backend.visibility_stamp(&self.actor)?;
        self.audit(
            self.actor
                .draft("read_statistics")
                .kind(RecordKind::Case)
                .level(Level::Summary)
                .detail("asked", asked),
        )?;
        Ok(stamp)
    }

    /// Spends `epsilon` of a dataset's privacy budget for a release, refused (and nothing
    /// spent) when the dataset's budget would be exceeded.
    pub fn spend_privacy_budget(&self, request: &BudgetRequest<'_>) -> Result<PrivacyRelease> {
        let audit = self.release_draft(request)?;
        self.backend.spend_budget(&self.actor, request, None, audit)
    }

    /// The permission and the epsilon checked, and the release's audit event begun.
    fn release_draft(&self, request: &BudgetRequest<'_>) -> Result<AuditDraft> {
        self.require(Action::ReadStatistics)?;
        if !(request.epsilon.is_finite() && request.epsilon > 0.0) {
            return Err(StoreError::Invalid(format!(
                "epsilon must be a positive number, not {}",
                request.epsilon
            )));
        }
        Ok(self
            .actor
            .draft("privacy_release")
            .kind(RecordKind::Case)
            .detail("dataset", request.dataset)
            .detail("epsilon", request.epsilon.to_string())
            .detail("dimensions", request.dimensions))
    }

    /// Spends the budget for a release made at most once under `key` (a job's id, which the
    /// release then carries): asked again with the same key — a retried job — it hands back
    /// the release already paid for and spends nothing.
    pub fn spend_privacy_budget_once(
        &self,
        request: &BudgetRequest<'_>,
        key: &str,
    ) -> Result<PrivacyRelease> {
        let audit = self.release_draft(request)?;
        if !looks_like_id(key) {
            return Err(StoreError::Invalid(format!(
                "a release's key must be an id, not {key:?}"
            )));
        }
        let audit = audit.detail("key", key);
        self.backend
            .spend_budget(&self.actor, request, Some(key), audit)
    }

    /// The organisation's releases from a dataset, oldest first.
    pub fn privacy_releases(&self, dataset: &str) -> Result<Vec<PrivacyRelease>> {
        self.require(Action::ReadStatistics)?;
        self.backend.releases(&self.actor, dataset)
    }
}
