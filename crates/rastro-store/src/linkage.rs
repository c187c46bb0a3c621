//! Entities across person records (migration 0004): the result of a linkage run over the cases an
//! organisation may see, and reviewers' decisions that two records are or are not one person.
//!
//! An organisation's linkage covers only what its scope sees, so each organisation keeps its own
//! latest run; statistics can then count distinct persons instead of records. Decisions are the
//! organisation's own, with who decided and when, and the next run is expected to respect them
//! (`rastro link --store` reads them before clustering).

use rusqlite::{named_params, params, OptionalExtension, Transaction};

use crate::sqlite::SqliteBackend;
use crate::time::now_rfc3339;
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

/// A reviewer's decision about a pair of records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkDecision {
    pub left: String,
    pub right: String,
    /// `true`: the same person; `false`: different persons.
    pub same: bool,
    pub reviewer: String,
    pub decided_at: String,
    pub note: Option<String>,
}

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

/// The internal key of a case the organisation may see; `None` for a missing or invisible one.
fn visible_pk(tx: &Transaction<'_>, org: &Organisation, case_id: &str) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            &format!(
                "SELECT c.pk FROM cases c WHERE c.id = :id AND {}",
                visible("c")
            ),
            named_params! {":id": case_id, ":org": org.id},
            |r| r.get(0),
        )
        .optional()?)
}

const LATEST_RUN: &str =
    "(SELECT id FROM linkage_runs WHERE org_id = :org ORDER BY ran_at DESC, rowid DESC LIMIT 1)";

impl LinkageBackend for SqliteBackend {
    fn save_linkage(&mut self, org: &Organisation, run: &NewLinkage<'_>) -> Result<LinkageRun> {
        let id = self.ids.next_id()?;
        let ran_at = now_rfc3339();
        let entities = {
            let mut e: Vec<&str> = run.members.iter().map(|(_, e)| e.as_str()).collect();
            e.sort_unstable();
            e.dedup();
            e.len() as u64
        };
        let tx = self.conn.transaction()?;
        // Earlier runs of this organisation are superseded; their members go with them.
        tx.execute(
            "DELETE FROM linkage_runs WHERE org_id = ?1",
            params![org.id],
        )?;
        tx.execute(
            "INSERT INTO linkage_runs (id, org_id, ran_at, records, pairs, entities, config)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                org.id,
                ran_at,
                run.members.len() as i64,
                run.pairs as i64,
                entities as i64,
                run.config
            ],
        )?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO linkage_members (run_id, org_id, case_pk, entity_id) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (case_id, entity_id) in run.members {
                // A record the organisation may not see cannot be part of its entities.
                let pk = visible_pk(&tx, org, case_id)?.ok_or(StoreError::NotFound)?;
                insert.execute(params![id, org.id, pk, entity_id])?;
            }
        }
        tx.commit()?;
        Ok(LinkageRun {
            id,
            ran_at,
            records: run.members.len() as u64,
            pairs: run.pairs,
            entities,
        })
    }

    fn latest_linkage(&self, org: &Organisation) -> Result<Option<LinkageRun>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT id, ran_at, records, pairs, entities FROM linkage_runs WHERE id = {LATEST_RUN}"
                ),
                named_params! {":org": org.id},
                |r| {
                    Ok(LinkageRun {
                        id: r.get(0)?,
                        ran_at: r.get(1)?,
                        records: r.get::<_, i64>(2)? as u64,
                        pairs: r.get::<_, i64>(3)? as u64,
                        entities: r.get::<_, i64>(4)? as u64,
                    })
                },
            )
            .optional()?)
    }

    fn entity_of(&self, org: &Organisation, case_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT m.entity_id FROM linkage_members m JOIN cases c ON c.pk = m.case_pk
                     WHERE m.run_id = {LATEST_RUN} AND c.id = :id AND {}",
                    visible("c")
                ),
                named_params! {":org": org.id, ":id": case_id},
                |r| r.get(0),
            )
            .optional()?)
    }

    fn count_persons(&self, org: &Organisation) -> Result<PersonCount> {
        let (records, persons): (i64, i64) = self.conn.query_row(
            &format!(
                "SELECT COUNT(*), COUNT(DISTINCT COALESCE(m.entity_id, c.id))
                 FROM cases c
                 LEFT JOIN linkage_members m ON m.case_pk = c.pk AND m.run_id = {LATEST_RUN}
                 WHERE {}",
                visible("c")
            ),
            named_params! {":org": org.id},
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(PersonCount {
            records: records as u64,
            persons: persons as u64,
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
        let id = self.ids.next_id()?;
        let tx = self.conn.transaction()?;
        let a = visible_pk(&tx, org, left)?.ok_or(StoreError::NotFound)?;
        let b = visible_pk(&tx, org, right)?.ok_or(StoreError::NotFound)?;
        if a == b {
            return Err(StoreError::NotFound);
        }
        tx.execute(
            "INSERT INTO linkage_decisions (id, org_id, left_pk, right_pk, same, reviewer, decided_at, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (org_id, left_pk, right_pk) DO UPDATE SET
                 same = excluded.same, reviewer = excluded.reviewer,
                 decided_at = excluded.decided_at, note = excluded.note",
            params![
                id,
                org.id,
                a.min(b),
                a.max(b),
                same,
                reviewer,
                now_rfc3339(),
                note
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn link_decisions(&self, org: &Organisation) -> Result<Vec<LinkDecision>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT l.id, r.id, d.same, d.reviewer, d.decided_at, d.note
             FROM linkage_decisions d
             JOIN cases l ON l.pk = d.left_pk
             JOIN cases r ON r.pk = d.right_pk
             WHERE d.org_id = :org AND {} AND {}
             ORDER BY d.decided_at",
            visible("l"),
            visible("r")
        ))?;
        let rows = statement.query_map(named_params! {":org": org.id}, |r| {
            Ok(LinkDecision {
                left: r.get(0)?,
                right: r.get(1)?,
                same: r.get(2)?,
                reviewer: r.get(3)?,
                decided_at: r.get(4)?,
                note: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
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
