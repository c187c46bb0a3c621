//! The SQL of linkage runs and reviewers' decisions, for persons (migration 0004) and news
//! events (0005) alike: one set of rules over two sets of tables.

use crate::api::access::RecordKind;
use crate::api::linkage::LinkKind;
use crate::sql::visibility::{level_for, visible, Reader};

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
    /// Table of the records linked (with pk, id, org_id).
    pub records: &'static str,
    /// The kind of record, for the visibility rule.
    pub kind: RecordKind,
}

pub(crate) const PERSON_RUNS: RunTables = RunTables {
    runs: "linkage_runs",
    groups: "entities",
    members: "linkage_members",
    record_pk: "case_pk",
    group: "entity_id",
    decisions: "linkage_decisions",
    records: "cases",
    kind: RecordKind::Case,
};

pub(crate) const EVENT_RUNS: RunTables = RunTables {
    runs: "news_event_runs",
    groups: "events",
    members: "news_event_members",
    record_pk: "article_pk",
    group: "event_id",
    decisions: "news_event_decisions",
    records: "news_articles",
    kind: RecordKind::Article,
};

pub(crate) fn tables(kind: LinkKind) -> &'static RunTables {
    match kind {
        LinkKind::Persons => &PERSON_RUNS,
        LinkKind::Events => &EVENT_RUNS,
    }
}

impl RunTables {
    /// The acting organisation's latest run (each organisation keeps one; ties by id).
    pub fn latest_run(&self) -> String {
        format!(
            "(SELECT id FROM {} WHERE org_id = :org ORDER BY ran_at DESC, id DESC LIMIT 1)",
            self.runs
        )
    }

    /// The internal key of the record `:id` when the organisation sees it at `:need`.
    pub fn visible_pk(&self) -> String {
        format!(
            "SELECT r.pk FROM {} r WHERE r.id = :id AND {}",
            self.records,
            visible(self.kind, "r")
        )
    }

    pub fn delete_runs(&self) -> String {
        format!("DELETE FROM {} WHERE org_id = :org", self.runs)
    }

    pub fn insert_run(&self) -> String {
        format!(
            "INSERT INTO {} (id, org_id, ran_at, records, pairs, {}, config)
             VALUES (:id, :org, :ran_at, :records, :pairs, :groups, :config)",
            self.runs, self.groups
        )
    }

    pub fn insert_member(&self) -> String {
        format!(
            "INSERT INTO {} (run_id, org_id, {}, {}) VALUES (:run, :org, :pk, :group)",
            self.members, self.record_pk, self.group
        )
    }

    pub fn select_latest(&self) -> String {
        format!(
            "SELECT id, ran_at, records, pairs, {} FROM {} WHERE id = {}",
            self.groups,
            self.runs,
            self.latest_run()
        )
    }

    /// The group of the visible record `:id` in the latest run, named by the id of the group's
    /// earliest member the organisation may still see.
    pub fn group_of(&self) -> String {
        format!(
            "SELECT r2.id FROM {members} m
             JOIN {records} r ON r.pk = m.{pk}
             JOIN {members} m2
                 ON m2.org_id = m.org_id AND m2.run_id = m.run_id AND m2.{group} = m.{group}
             JOIN {records} r2 ON r2.pk = m2.{pk}
             WHERE m.run_id = {latest} AND r.id = :id AND {visible_r} AND {visible_r2}
             ORDER BY r2.pk LIMIT 1",
            members = self.members,
            records = self.records,
            pk = self.record_pk,
            group = self.group,
            latest = self.latest_run(),
            visible_r = visible(self.kind, "r"),
            visible_r2 = visible(self.kind, "r2"),
        )
    }

    /// The latest run's group of record alias `alias`, or its own id when the run did not cover
    /// it; for counts that treat a group as one (the value itself never leaves the store).
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

    /// Records or replaces the organisation's decision about the pair (`:left` < `:right`).
    pub fn upsert_decision(&self) -> String {
        format!(
            "INSERT INTO {} (id, org_id, left_pk, right_pk, same, reviewer, decided_at, note)
             VALUES (:id, :org, :left, :right, :same, :reviewer, :decided_at, :note)
             ON CONFLICT (org_id, left_pk, right_pk) DO UPDATE SET
                 same = excluded.same, reviewer = excluded.reviewer,
                 decided_at = excluded.decided_at, note = excluded.note",
            self.decisions
        )
    }

    /// The organisation's decisions about records it can still see, oldest first.
    pub fn select_decisions(&self) -> String {
        format!(
            "SELECT l.id, r.id, d.same, d.reviewer, d.decided_at, d.note
             FROM {decisions} d
             JOIN {records} l ON l.pk = d.left_pk
             JOIN {records} r ON r.pk = d.right_pk
             WHERE d.org_id = :org AND {} AND {}
             ORDER BY d.decided_at, d.id",
            visible(self.kind, "l"),
            visible(self.kind, "r"),
            decisions = self.decisions,
            records = self.records,
        )
    }

    /// Removes the owner `:org`'s records from the runs and decisions of every other
    /// organisation that no longer sees them at detail: what an owner stops sharing must not stay
    /// behind in others' results. Binds `:org` and `:now`.
    pub fn withdraw_unseen(&self) -> [String; 2] {
        let level = |record: &str, org: &str| {
            level_for(
                self.kind,
                record,
                Reader::Columns {
                    org,
                    kind: &format!("(SELECT kind FROM organisations WHERE id = {org})"),
                },
            )
        };
        [
            format!(
                "DELETE FROM {members} WHERE org_id <> :org AND EXISTS (
                     SELECT 1 FROM {records} r WHERE r.pk = {members}.{pk} AND r.org_id = :org
                     AND {seen} < 3)",
                members = self.members,
                records = self.records,
                pk = self.record_pk,
                seen = level("r", &format!("{}.org_id", self.members)),
            ),
            format!(
                "DELETE FROM {decisions} WHERE org_id <> :org AND EXISTS (
                     SELECT 1 FROM {records} r
                     WHERE r.pk IN ({decisions}.left_pk, {decisions}.right_pk)
                     AND r.org_id = :org AND {seen} < 3)",
                decisions = self.decisions,
                records = self.records,
                seen = level("r", &format!("{}.org_id", self.decisions)),
            ),
        ]
    }
}

/// Visible cases and the distinct persons among them by the latest run, over `cases` (the
/// table as `c`, with whatever hint the dialect scans it best with).
pub(crate) fn count_persons(cases: &str) -> String {
    format!(
        "SELECT COUNT(*), COUNT(DISTINCT {}) FROM {cases} WHERE {}",
        PERSON_RUNS.group_or_self("c"),
        visible(RecordKind::Case, "c")
    )
}

/// Every visible article with what event linkage compares, in the order stored.
pub(crate) fn reports_for_linkage() -> String {
    format!(
        "SELECT a.id, a.external_id, a.title, a.published, a.language, a.body, i.incident
         FROM news_articles a JOIN news_incidents i ON i.org_id = a.org_id AND i.article_pk = a.pk
         WHERE {} ORDER BY a.pk",
        visible(RecordKind::Article, "a")
    )
}

/// The visible articles of the latest event run with the event stored for each, grouped by
/// event (an unknown date first, as SQLite orders NULL).
pub(crate) fn event_reports() -> String {
    format!(
        "SELECT m.event_id, a.pk, a.id, a.title, a.published, a.language
         FROM news_event_members m JOIN news_articles a ON a.pk = m.article_pk
         WHERE m.run_id = {} AND {}
         ORDER BY m.event_id, a.published NULLS FIRST, a.pk",
        EVENT_RUNS.latest_run(),
        visible(RecordKind::Article, "a")
    )
}

/// Visible reports, the events among them, and victims summed per report and per event (each
/// event at its highest figure). Sums are cast back to integers (PostgreSQL sums to NUMERIC).
pub(crate) fn count_events() -> String {
    format!(
        "WITH seen AS (
             SELECT {} AS event, i.victims AS victims
             FROM news_articles a
             JOIN news_incidents i ON i.org_id = a.org_id AND i.article_pk = a.pk
             WHERE {}
         )
         SELECT COUNT(*), COUNT(DISTINCT event), CAST(COALESCE(SUM(victims), 0) AS BIGINT),
                (SELECT CAST(COALESCE(SUM(top), 0) AS BIGINT)
                 FROM (SELECT MAX(victims) AS top FROM seen GROUP BY event) tops)
         FROM seen",
        EVENT_RUNS.group_or_self("a"),
        visible(RecordKind::Article, "a")
    )
}
