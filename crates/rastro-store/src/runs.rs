//! What person linkage (0004) and news events (0005) store alike: an organisation's latest run
//! (each record it saw, with the group the run put it in) and its reviewers' decisions about
//! pairs of records. One implementation over two sets of tables, so that scoping, replacement of
//! the previous run and the rule for decisions are the same for both.

use rusqlite::{named_params, params, Connection, OptionalExtension, Transaction};

use crate::ids::IdSource;
use crate::time::now_rfc3339;
use crate::visibility::visible;
use crate::{Organisation, Result, StoreError};

/// The tables and columns of one kind of run.
pub(crate) struct RunTables {
    /// Table of runs: id, org_id, ran_at, records, pairs, `groups`, config.
    pub runs: &'static str,
    /// Column of `runs` counting the groups (entities, events).
    pub groups: &'static str,
    /// Table of members: run_id, org_id, `record_pk`, `group`.
    pub members: &'static str,
    pub record_pk: &'static str,
    pub group: &'static str,
    /// Table of decisions: id, org_id, left_pk, right_pk, same, reviewer, decided_at, note.
    pub decisions: &'static str,
    /// Table of the records linked (with pk, id, org_id, sharing).
    pub records: &'static str,
}

/// A stored run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    pub id: String,
    pub ran_at: String,
    pub records: u64,
    pub pairs: u64,
    pub groups: u64,
}

/// A reviewer's decision that two records are, or are not, the same person or event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub left: String,
    pub right: String,
    /// `true`: the same; `false`: different.
    pub same: bool,
    pub reviewer: String,
    pub decided_at: String,
    pub note: Option<String>,
}

impl RunTables {
    pub fn latest_run(&self) -> String {
        format!(
            "(SELECT id FROM {} WHERE org_id = :org ORDER BY ran_at DESC, rowid DESC LIMIT 1)",
            self.runs
        )
    }

    /// The internal key of a record the organisation may see; `None` for a missing or
    /// invisible one.
    fn visible_pk(
        &self,
        tx: &Transaction<'_>,
        org: &Organisation,
        id: &str,
    ) -> Result<Option<i64>> {
        Ok(tx
            .query_row(
                &format!(
                    "SELECT r.pk FROM {} r WHERE r.id = :id AND {}",
                    self.records,
                    visible("r")
                ),
                named_params! {":id": id, ":org": org.id},
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Stores a run replacing the organisation's previous one; `members` are (record id, group
    /// id). A record the organisation may not see fails the whole run with `NotFound`.
    pub fn save(
        &self,
        conn: &mut Connection,
        ids: &mut IdSource,
        org: &Organisation,
        config: &str,
        pairs: u64,
        members: &[(String, String)],
    ) -> Result<Run> {
        let id = ids.next_id()?;
        let ran_at = now_rfc3339();
        let groups = {
            let mut g: Vec<&str> = members.iter().map(|(_, g)| g.as_str()).collect();
            g.sort_unstable();
            g.dedup();
            g.len() as u64
        };
        let tx = conn.transaction()?;
        // Earlier runs of this organisation are superseded; their members go with them.
        tx.execute(
            &format!("DELETE FROM {} WHERE org_id = ?1", self.runs),
            params![org.id],
        )?;
        tx.execute(
            &format!(
                "INSERT INTO {} (id, org_id, ran_at, records, pairs, {}, config)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                self.runs, self.groups
            ),
            params![
                id,
                org.id,
                ran_at,
                members.len() as i64,
                pairs as i64,
                groups as i64,
                config
            ],
        )?;
        {
            let mut insert = tx.prepare(&format!(
                "INSERT INTO {} (run_id, org_id, {}, {}) VALUES (?1, ?2, ?3, ?4)",
                self.members, self.record_pk, self.group
            ))?;
            for (record_id, group_id) in members {
                let pk = self
                    .visible_pk(&tx, org, record_id)?
                    .ok_or(StoreError::NotFound)?;
                insert.execute(params![id, org.id, pk, group_id])?;
            }
        }
        tx.commit()?;
        Ok(Run {
            id,
            ran_at,
            records: members.len() as u64,
            pairs,
            groups,
        })
    }

    pub fn latest(&self, conn: &Connection, org: &Organisation) -> Result<Option<Run>> {
        Ok(conn
            .query_row(
                &format!(
                    "SELECT id, ran_at, records, pairs, {} FROM {} WHERE id = {}",
                    self.groups,
                    self.runs,
                    self.latest_run()
                ),
                named_params! {":org": org.id},
                |r| {
                    Ok(Run {
                        id: r.get(0)?,
                        ran_at: r.get(1)?,
                        records: r.get::<_, i64>(2)?.max(0) as u64,
                        pairs: r.get::<_, i64>(3)?.max(0) as u64,
                        groups: r.get::<_, i64>(4)?.max(0) as u64,
                    })
                },
            )
            .optional()?)
    }

    /// The group of a visible record in the latest run.
    pub fn group_of(
        &self,
        conn: &Connection,
        org: &Organisation,
        record_id: &str,
    ) -> Result<Option<String>> {
        Ok(conn
            .query_row(
                &format!(
                    "SELECT m.{group} FROM {members} m JOIN {records} r ON r.pk = m.{pk}
                     WHERE m.run_id = {latest} AND r.id = :id AND {visible}",
                    group = self.group,
                    members = self.members,
                    records = self.records,
                    pk = self.record_pk,
                    latest = self.latest_run(),
                    visible = visible("r")
                ),
                named_params! {":org": org.id, ":id": record_id},
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The SQL of the latest run's group of record alias `alias`, or its own id when the run
    /// did not cover it; for counts that treat a group as one.
    pub fn group_or_self(&self, alias: &str) -> String {
        format!(
            "COALESCE((SELECT m.{group} FROM {members} m
                       WHERE m.{pk} = {alias}.pk AND m.run_id = {latest}), {alias}.id)",
            group = self.group,
            members = self.members,
            pk = self.record_pk,
            latest = self.latest_run()
        )
    }

    /// Records a decision about two visible records, replacing an earlier one about the pair.
    #[allow(clippy::too_many_arguments)]
    pub fn decide(
        &self,
        conn: &mut Connection,
        ids: &mut IdSource,
        org: &Organisation,
        left: &str,
        right: &str,
        same: bool,
        reviewer: &str,
        note: Option<&str>,
    ) -> Result<()> {
        let id = ids.next_id()?;
        let tx = conn.transaction()?;
        let a = self
            .visible_pk(&tx, org, left)?
            .ok_or(StoreError::NotFound)?;
        let b = self
            .visible_pk(&tx, org, right)?
            .ok_or(StoreError::NotFound)?;
        if a == b {
            return Err(StoreError::NotFound);
        }
        tx.execute(
            &format!(
                "INSERT INTO {} (id, org_id, left_pk, right_pk, same, reviewer, decided_at, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (org_id, left_pk, right_pk) DO UPDATE SET
                     same = excluded.same, reviewer = excluded.reviewer,
                     decided_at = excluded.decided_at, note = excluded.note",
                self.decisions
            ),
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

    /// The organisation's decisions about records it can still see, oldest first.
    pub fn decisions(&self, conn: &Connection, org: &Organisation) -> Result<Vec<Decision>> {
        let mut statement = conn.prepare(&format!(
            "SELECT l.id, r.id, d.same, d.reviewer, d.decided_at, d.note
             FROM {decisions} d
             JOIN {records} l ON l.pk = d.left_pk
             JOIN {records} r ON r.pk = d.right_pk
             WHERE d.org_id = :org AND {} AND {}
             ORDER BY d.decided_at",
            visible("l"),
            visible("r"),
            decisions = self.decisions,
            records = self.records,
        ))?;
        let rows = statement.query_map(named_params! {":org": org.id}, |r| {
            Ok(Decision {
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
