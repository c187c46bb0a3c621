//! The SQL of linkage runs and reviewers' decisions, for persons (migration 0004) and news
//! events (0005) alike: one set of rules over two sets of tables.

use crate::api::access::RecordKind;
use crate::api::linkage::LinkKind;
use crate::sql::grants::lookup_column;
use crate::sql::visibility::{level_for, visible, Reader};

/// The tables and columns of one kind of run.
pub(crate) struct RunTables {
    /// Table of runs: id, org_id, ran_at, records, pairs, `groups`, config.
    pub runs: &'static str,
    /// Column of `runs` counting the groups (entities, events).
    pub groups: &'static str,
    /// Table of members: run_id, org_id (the run's), record_org_id (the record's owner, with
    /// whose rows a member is placed), `record_pk`, `group`.
    pub members: &'static str,
    pub record_pk: &'static str,
    pub group: &'static str,
    /// Table of decisions: id, org_id, left_org_id, left_pk, right_org_id, right_pk, same,
    /// reviewer, decided_at, note.
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

    /// The internal key and owner of the record found by `:id` (its public id as
    /// [`lookup_column`] holds it) when the organisation sees it at `:need`.
    pub fn visible_pk(&self) -> String {
        format!(
            "SELECT r.pk, r.org_id FROM {} r WHERE r.{} = :id AND {}",
            self.records,
            lookup_column(self.kind),
            visible(self.kind, "r")
        )
    }

    /// The organisation's earlier runs and their members (placed with the records they name,
    /// so no key from a member to its run deletes them).
    pub fn delete_runs(&self) -> [String; 2] {
        [
            format!("DELETE FROM {} WHERE org_id = :org", self.members),
            format!("DELETE FROM {} WHERE org_id = :org", self.runs),
        ]
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
            "INSERT INTO {} (run_id, org_id, record_org_id, {}, {})
             VALUES (:run, :org, :owner, :pk, :group)",
            self.members, self.record_pk, self.group
        )
    }

    pub fn select_latest(&self) -> String {
        format!(
            "SELECT id, ran_at, records, pairs, {}, config FROM {} WHERE id = {}",
            self.groups,
            self.runs,
            self.latest_run()
        )
    }

    /// The group of the visible record `:id` in the latest run. With
    /// [`first_of_group`](Self::first_of_group), the name the group goes by; two reads, since
    /// a group's members may sit with different owners.
    pub fn group_of(&self) -> String {
        format!(
            "SELECT m.{group} FROM {members} m
             JOIN {records} r ON r.org_id = m.record_org_id AND r.pk = m.{pk}
             WHERE m.org_id = :org AND m.run_id = {latest} AND r.{lookup} = :id AND {visible_r}",
            lookup = lookup_column(self.kind),
            members = self.members,
            records = self.records,
            pk = self.record_pk,
            group = self.group,
            latest = self.latest_run(),
            visible_r = visible(self.kind, "r"),
        )
    }

    /// The id of the earliest member of the latest run's group `:group` that the organisation
    /// may still see.
    pub fn first_of_group(&self) -> String {
        format!(
            "SELECT r.id FROM {members} m
             JOIN {records} r ON r.org_id = m.record_org_id AND r.pk = m.{pk}
             WHERE m.org_id = :org AND m.run_id = {latest} AND m.{group} = :group AND {visible_r}
             ORDER BY r.pk LIMIT 1",
            members = self.members,
            records = self.records,
            pk = self.record_pk,
            group = self.group,
            latest = self.latest_run(),
            visible_r = visible(self.kind, "r"),
        )
    }

    /// The latest run's group of record alias `alias`, or its own id when the run did not cover
    /// it; for counts that treat a group as one (the value itself never leaves the store).
    pub fn group_or_self(&self, alias: &str) -> String {
        format!(
            "COALESCE((SELECT m.{group} FROM {members} m
                       WHERE m.record_org_id = {alias}.org_id AND m.{pk} = {alias}.pk
                         AND m.org_id = :org AND m.run_id = {latest}), {alias}.id)",
            group = self.group,
            members = self.members,
            pk = self.record_pk,
            latest = self.latest_run()
        )
    }

    /// Records or replaces the organisation's decision about the pair (`:left` < `:right`).
    pub fn upsert_decision(&self) -> String {
        format!(
            "INSERT INTO {} (id, org_id, left_org_id, left_pk, right_org_id, right_pk, same,
                             reviewer, decided_at, note)
             VALUES (:id, :org, :left_owner, :left, :right_owner, :right, :same, :reviewer,
                     :decided_at, :note)
             ON CONFLICT (org_id, left_pk, right_pk) DO UPDATE SET
                 same = excluded.same, reviewer = excluded.reviewer,
                 decided_at = excluded.decided_at, note = excluded.note",
            self.decisions
        )
    }

    /// The organisation's decisions, oldest first, with the owner and key of both records;
    /// which of them it can still see is asked of the owners ([`visible_ids`](Self::visible_ids)).
    pub fn select_decisions(&self) -> String {
        format!(
            "SELECT d.left_org_id, d.left_pk, d.right_org_id, d.right_pk, d.same, d.reviewer,
                    d.decided_at, d.note
             FROM {} d WHERE d.org_id = :org
             ORDER BY d.decided_at, d.id",
            self.decisions,
        )
    }

    /// The key and id of each record of owner `:owner` among the keys `keys` (a dialect's
    /// expression listing them) that the organisation sees at `:need`.
    pub fn visible_ids(&self, keys: &str) -> String {
        format!(
            "SELECT r.pk, r.id FROM {} r WHERE r.org_id = :owner AND r.pk IN ({keys}) AND {}",
            self.records,
            visible(self.kind, "r")
        )
    }

    /// Removes the owner `:org`'s records from the runs of every other organisation that no
    /// longer sees them at detail: what an owner stops sharing must not stay behind in others'
    /// results. Members sit with the owner's records, so this is one owner's rows. Binds `:org`
    /// and `:now`.
    pub fn withdraw_unseen_members(&self) -> String {
        format!(
            "DELETE FROM {members} WHERE record_org_id = :org AND org_id <> :org AND EXISTS (
                 SELECT 1 FROM {records} r
                 WHERE r.org_id = {members}.record_org_id AND r.pk = {members}.{pk}
                 AND {seen} < 3)",
            members = self.members,
            records = self.records,
            pk = self.record_pk,
            seen = level_for(
                self.kind,
                "r",
                Reader::Columns {
                    org: &format!("{}.org_id", self.members),
                    kind: &format!(
                        "(SELECT kind FROM organisations WHERE id = {}.org_id)",
                        self.members
                    ),
                },
            ),
        )
    }

    /// Other organisations' decisions naming a record of the owner `:org`: their reviewer, id
    /// and the owner's keys among the two. With [`unseen_keys`](Self::unseen_keys) and
    /// [`delete_decisions`](Self::delete_decisions), what a revocation withdraws from them.
    pub fn decisions_naming(&self) -> String {
        format!(
            "SELECT d.org_id, d.id,
                    CASE WHEN d.left_org_id = :org THEN d.left_pk END,
                    CASE WHEN d.right_org_id = :org THEN d.right_pk END
             FROM {} d
             WHERE d.org_id <> :org AND (d.left_org_id = :org OR d.right_org_id = :org)",
            self.decisions
        )
    }

    /// Which of the owner `:org`'s records among `keys` the organisation `:reader` no longer
    /// sees at detail.
    pub fn unseen_keys(&self, keys: &str) -> String {
        format!(
            "SELECT r.pk FROM {} r WHERE r.org_id = :org AND r.pk IN ({keys}) AND {} < 3",
            self.records,
            level_for(
                self.kind,
                "r",
                Reader::Columns {
                    org: ":reader",
                    kind: "(SELECT kind FROM organisations WHERE id = :reader)",
                },
            )
        )
    }

    /// Deletes the decisions of organisation `:reader` whose ids are among `ids`.
    pub fn delete_decisions(&self, ids: &str) -> String {
        format!(
            "DELETE FROM {} WHERE org_id = :reader AND id IN ({ids})",
            self.decisions
        )
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
         FROM news_event_members m
         JOIN news_articles a ON a.org_id = m.record_org_id AND a.pk = m.article_pk
         WHERE m.org_id = :org AND m.run_id = {} AND {}
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
