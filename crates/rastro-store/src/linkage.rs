//! Entities across person records (migration 0004): the result of a linkage run over the cases an
//! organisation may see, and reviewers' decisions that two records are or are not one person.
//!
//! An organisation's linkage covers only what its scope sees, so each organisation keeps its own
//! latest run; statistics can then count distinct persons instead of records. Decisions are the
//! organisation's own, with who decided and when, and the next run is expected to respect them
//! (`rastro link --store` reads them before clustering).

use rusqlite::named_params;

use crate::runs::{Run, RunTables};
use crate::sqlite::SqliteBackend;
use crate::visibility::visible;
use crate::{looks_like_id, Organisation, Result, Scope, StoreError};

/// A finished linkage run to store: every linked record with its entity.
#[derive(Debug, Clone)]
pub struct NewLinkage<'a> {
    /// The configuration used (TOML), kept to reproduce the run.
    pub config: &'a str,
    /// Matched pairs at or above the threshold.
    pub pairs: u64,
    /// (case id, entity id) for every record linked; the entity id is the id of the entity's
    /// first record.
    pub members: &'a [(String, String)],
}

/// A stored run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkageRun {
    pub id: String,
    pub ran_at: String,
    pub records: u64,
    pub pairs: u64,
    pub entities: u64,
}

/// A reviewer's decision about a pair of person records.
pub type LinkDecision = crate::runs::Decision;

/// Visible records and the distinct persons among them, by the latest run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonCount {
    pub records: u64,
    /// Records of one entity count once; records the run did not cover count each.
    pub persons: u64,
}

/// What a backend must do for linkage; every method takes the acting organisation.
pub trait LinkageBackend {
    fn save_linkage(&mut self, org: &Organisation, run: &NewLinkage<'_>) -> Result<LinkageRun>;
    fn latest_linkage(&self, org: &Organisation) -> Result<Option<LinkageRun>>;
    fn entity_of(&self, org: &Organisation, case_id: &str) -> Result<Option<String>>;
    fn count_persons(&self, org: &Organisation) -> Result<PersonCount>;
    fn decide_link(
        &mut self,
        org: &Organisation,
        left: &str,
        right: &str,
        same: bool,
        reviewer: &str,
        note: Option<&str>,
    ) -> Result<()>;
    fn link_decisions(&self, org: &Organisation) -> Result<Vec<LinkDecision>>;
}

pub(crate) const PERSON_RUNS: RunTables = RunTables {
    runs: "linkage_runs",
    groups: "entities",
    members: "linkage_members",
    record_pk: "case_pk",
    group: "entity_id",
    decisions: "linkage_decisions",
    records: "cases",
};

fn person_run(run: Run) -> LinkageRun {
    LinkageRun {
        id: run.id,
        ran_at: run.ran_at,
        records: run.records,
        pairs: run.pairs,
        entities: run.groups,
    }
}

impl LinkageBackend for SqliteBackend {
    fn save_linkage(&mut self, org: &Organisation, run: &NewLinkage<'_>) -> Result<LinkageRun> {
        PERSON_RUNS
            .save(
                &mut self.conn,
                &mut self.ids,
                org,
                run.config,
                run.pairs,
                run.members,
            )
            .map(person_run)
    }

    fn latest_linkage(&self, org: &Organisation) -> Result<Option<LinkageRun>> {
        Ok(PERSON_RUNS.latest(&self.conn, org)?.map(person_run))
    }

    fn entity_of(&self, org: &Organisation, case_id: &str) -> Result<Option<String>> {
        PERSON_RUNS.group_of(&self.conn, org, case_id)
    }

    fn count_persons(&self, org: &Organisation) -> Result<PersonCount> {
        let (records, persons): (i64, i64) = self.conn.query_row(
            &format!(
                "SELECT COUNT(*), COUNT(DISTINCT {}) FROM cases c WHERE {}",
                PERSON_RUNS.group_or_self("c"),
                visible("c")
            ),
            named_params! {":org": org.id},
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(PersonCount {
            records: records.max(0) as u64,
            persons: persons.max(0) as u64,
        })
    }

    fn decide_link(
        &mut self,
        org: &Organisation,
        left: &str,
        right: &str,
        same: bool,
        reviewer: &str,
        note: Option<&str>,
    ) -> Result<()> {
        PERSON_RUNS.decide(
            &mut self.conn,
            &mut self.ids,
            org,
            left,
            right,
            same,
            reviewer,
            note,
        )
    }

    fn link_decisions(&self, org: &Organisation) -> Result<Vec<LinkDecision>> {
        PERSON_RUNS.decisions(&self.conn, org)
    }
}

impl Scope<'_> {
    /// Stores a linkage run over the organisation's visible records, replacing its previous one.
    /// A record it may not see fails the whole run with `NotFound`.
    pub fn save_linkage(&mut self, run: &NewLinkage<'_>) -> Result<LinkageRun> {
        self.backend.save_linkage(&self.org, run)
    }

    pub fn latest_linkage(&self) -> Result<Option<LinkageRun>> {
        self.backend.latest_linkage(&self.org)
    }

    /// The entity of a visible record in the latest run; `None` when it was not linked, does not
    /// exist or may not be seen.
    pub fn entity_of(&self, case_id: &str) -> Result<Option<String>> {
        if !looks_like_id(case_id) {
            return Ok(None);
        }
        self.backend.entity_of(&self.org, case_id)
    }

    /// Visible records and the distinct persons among them.
    pub fn count_persons(&self) -> Result<PersonCount> {
        self.backend.count_persons(&self.org)
    }

    /// Records a reviewer's decision about two visible records (replacing an earlier one about
    /// the same pair); a record the organisation may not see answers `NotFound`.
    pub fn decide_link(
        &mut self,
        left: &str,
        right: &str,
        same: bool,
        reviewer: &str,
        note: Option<&str>,
    ) -> Result<()> {
        if !looks_like_id(left) || !looks_like_id(right) {
            return Err(StoreError::NotFound);
        }
        self.backend
            .decide_link(&self.org, left, right, same, reviewer, note)
    }

    /// The organisation's decisions about records it can still see, oldest first.
    pub fn link_decisions(&self) -> Result<Vec<LinkDecision>> {
        self.backend.link_decisions(&self.org)
    }
}
