//! Linkage runs and decisions in PostgreSQL, for persons and events alike (SQL in `sql/runs.rs`,
//! shared with SQLite).

use postgres::fallible_iterator::FallibleIterator;
use postgres::Transaction;

use super::access::Access;
use super::value::{count, Named, JSON_KEYS};
use super::PgBackend;
use crate::api::access::{Level, RecordKind};
use crate::api::linkage::{
    Decision, EventCount, EventReport, LinkKind, LinkageBackend, PersonCount, ReportForLinkage, Run,
};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::linkage_rows::{
    decisions_seen, distinct_groups, json_keys, name_events, StoredDecision,
};
use crate::sql::grants::lookup_column;
use crate::sql::runs::{self, tables, RunTables};
use crate::sql::visibility::visible;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// Linkage compares what identifies a person or an article: it needs records at detail.
const LINKED: Level = Level::Detail;

/// Members stored by one statement (a JSON array of that many (id, group) pairs).
const MEMBERS_PER_STATEMENT: usize = 5_000;

/// Stores the members in `:members` (a JSON array of `{"id", "grp"}`, each id as the records'
/// lookup column holds it: `sql::grants::lookup_column`) of run `:run` whose records
/// the organisation `:org` sees at `:need`; the others are left out (the caller counts them).
fn insert_visible_members(t: &RunTables) -> String {
    format!(
        "INSERT INTO {members} (run_id, org_id, record_org_id, {pk}, {group})
         SELECT CAST(:run AS TEXT), CAST(:org AS TEXT), r.org_id, r.pk, m.grp
         FROM json_to_recordset(CAST(CAST(:members AS TEXT) AS json)) AS m(id text, grp text)
         JOIN {records} r ON r.{lookup} = m.id
         WHERE {visible_r}",
        lookup = lookup_column(t.kind),
        members = t.members,
        pk = t.record_pk,
        group = t.group,
        records = t.records,
        visible_r = visible(t.kind, "r"),
    )
}

/// The internal key and owner of the record `id` when the actor sees it at [`LINKED`].
fn visible_pk(
    backend: &PgBackend,
    tx: &mut Transaction<'_>,
    kind: LinkKind,
    access: &Access,
    id: &str,
) -> Result<Option<(i64, String)>> {
    let t = tables(kind);
    let lookup = backend.record_lookup(tx, t.kind, id)?;
    let named = Named::new(
        &t.visible_pk(),
        &access.pg_params(t.kind, Some(LINKED), vec![(":id", lookup.into())]),
    )?;
    tx.query_opt(&named.sql, &named.params())?
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .transpose()
}

impl PgBackend {
    /// The one row of `sql` (which uses the visibility rule for `record` at `need`).
    fn visible_row(
        &self,
        actor: &Actor,
        sql: &str,
        record: RecordKind,
        need: Level,
    ) -> Result<postgres::Row> {
        let named = Named::new(
            sql,
            &Access::of(actor).pg_params(record, Some(need), vec![]),
        )?;
        self.conns
            .read(|tx| Ok(tx.query_one(&named.sql, &named.params())?))
    }
}

impl LinkageBackend for PgBackend {
    fn save_run(
        &self,
        actor: &Actor,
        kind: LinkKind,
        settings: &str,
        pairs: u64,
        members: &[(String, String)],
        audit: AuditDraft,
    ) -> Result<Run> {
        let t = tables(kind);
        let id = self.id()?;
        let ran_at = now_rfc3339();
        let groups = distinct_groups(members);
        let org = actor.organisation().id.as_str();
        let access = Access::of(actor);
        self.write_audited(audit, |tx, _| {
            // Earlier runs of this organisation are superseded; their members go with them.
            for sql in t.delete_runs() {
                let delete = Named::new(&sql, &[(":org", org.into())])?;
                tx.execute(&delete.sql, &delete.params())?;
            }
            let insert = Named::new(
                &t.insert_run(),
                &[
                    (":id", id.as_str().into()),
                    (":org", org.into()),
                    (":ran_at", ran_at.as_str().into()),
                    (":records", (members.len() as i64).into()),
                    (":pairs", (pairs as i64).into()),
                    (":groups", (groups as i64).into()),
                    (":config", settings.into()),
                ],
            )?;
            let stored = tx.execute(&insert.sql, &insert.params())?;
            super::grants::count_changes(tx, stored)?;
            // A chunk of members per statement: a run holds as many as the store has records,
            // and a round trip apiece cost most of a large run's time.
            let sql = insert_visible_members(t);
            let mut statement = None;
            for chunk in members.chunks(MEMBERS_PER_STATEMENT) {
                let rows: Vec<serde_json::Value> = chunk
                    .iter()
                    .map(|(record, group)| {
                        let lookup = self.record_lookup(tx, t.kind, record)?;
                        Ok(serde_json::json!({ "id": lookup, "grp": group }))
                    })
                    .collect::<Result<_>>()?;
                let rows =
                    serde_json::to_string(&rows).map_err(|e| StoreError::Invalid(e.to_string()))?;
                let insert = Named::new(
                    &sql,
                    &access.pg_params(
                        t.kind,
                        Some(LINKED),
                        vec![(":run", id.as_str().into()), (":members", rows.into())],
                    ),
                )?;
                let prepared = match statement.take() {
                    Some(prepared) => prepared,
                    None => tx.prepare(&insert.sql)?,
                };
                // A record the organisation may not see at detail is left out by the rule: the
                // whole run then fails, as a missing record does.
                if tx.execute(&prepared, &insert.params())? != chunk.len() as u64 {
                    return Err(StoreError::NotFound);
                }
                statement = Some(prepared);
            }
            Ok(Run {
                id: id.clone(),
                ran_at: ran_at.clone(),
                records: members.len() as u64,
                pairs,
                groups,
                settings: settings.to_string(),
            })
        })
    }

    fn latest_run(&self, actor: &Actor, kind: LinkKind) -> Result<Option<Run>> {
        let named = Named::new(
            &tables(kind).select_latest(),
            &[(":org", actor.organisation().id.as_str().into())],
        )?;
        self.conns.read(|tx| {
            tx.query_opt(&named.sql, &named.params())?
                .map(|r| {
                    Ok(Run {
                        id: r.try_get(0)?,
                        ran_at: r.try_get(1)?,
                        records: count(&r, 2)?,
                        pairs: count(&r, 3)?,
                        groups: count(&r, 4)?,
                        settings: r.try_get(5)?,
                    })
                })
                .transpose()
        })
    }

    fn group_of(&self, actor: &Actor, kind: LinkKind, record_id: &str) -> Result<Option<String>> {
        let t = tables(kind);
        let access = Access::of(actor);
        self.conns.read(|tx| {
            let lookup = self.record_lookup(tx, t.kind, record_id)?;
            let group = Named::new(
                &t.group_of(),
                &access.pg_params(t.kind, Some(LINKED), vec![(":id", lookup.into())]),
            )?;
            let Some(row) = tx.query_opt(&group.sql, &group.params())? else {
                return Ok(None);
            };
            let name: String = row.try_get(0)?;
            let first = Named::new(
                &t.first_of_group(),
                &access.pg_params(t.kind, Some(LINKED), vec![(":group", name.into())]),
            )?;
            tx.query_opt(&first.sql, &first.params())?
                .map(|r| Ok(r.try_get(0)?))
                .transpose()
        })
    }

    fn decide(
        &self,
        actor: &Actor,
        kind: LinkKind,
        left: &str,
        right: &str,
        same: bool,
        reviewer: &str,
        note: Option<&str>,
        audit: AuditDraft,
    ) -> Result<()> {
        let id = self.id()?;
        self.write_audited(audit, |tx, audit| {
            let access = Access::of(actor);
            let a = visible_pk(self, tx, kind, &access, left)?.ok_or(StoreError::NotFound)?;
            let b = visible_pk(self, tx, kind, &access, right)?.ok_or(StoreError::NotFound)?;
            if a.0 == b.0 {
                return Err(StoreError::NotFound);
            }
            let (low, high) = if a.0 < b.0 { (a, b) } else { (b, a) };
            audit.detail.push(("left", left.to_string()));
            audit.detail.push(("right", right.to_string()));
            let upsert = Named::new(
                &tables(kind).upsert_decision(),
                &[
                    (":id", id.as_str().into()),
                    (":org", actor.organisation().id.as_str().into()),
                    (":left_owner", low.1.as_str().into()),
                    (":left", low.0.into()),
                    (":right_owner", high.1.as_str().into()),
                    (":right", high.0.into()),
                    (":same", i64::from(same).into()),
                    (":reviewer", reviewer.into()),
                    (":decided_at", now_rfc3339().into()),
                    (":note", note.into()),
                ],
            )?;
            tx.execute(&upsert.sql, &upsert.params())?;
            Ok(())
        })
    }

    fn decisions(&self, actor: &Actor, kind: LinkKind) -> Result<Vec<Decision>> {
        let t = tables(kind);
        let access = Access::of(actor);
        let stored = Named::new(
            &t.select_decisions(),
            &[(":org", actor.organisation().id.as_str().into())],
        )?;
        let ids = t.visible_ids(JSON_KEYS);
        self.conns.read(|tx| {
            let stored = tx
                .query(&stored.sql, &stored.params())?
                .iter()
                .map(|r| {
                    Ok(StoredDecision {
                        left: (r.try_get(0)?, r.try_get(1)?),
                        right: (r.try_get(2)?, r.try_get(3)?),
                        same: r.try_get::<_, i64>(4)? != 0,
                        reviewer: r.try_get(5)?,
                        decided_at: r.try_get(6)?,
                        note: r.try_get(7)?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            decisions_seen(stored, |owner, pks| {
                let named = Named::new(
                    &ids,
                    &access.pg_params(
                        t.kind,
                        Some(LINKED),
                        vec![(":owner", owner.into()), (":keys", json_keys(pks).into())],
                    ),
                )?;
                tx.query(&named.sql, &named.params())?
                    .iter()
                    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                    .collect()
            })
        })
    }

    fn count_persons(&self, actor: &Actor) -> Result<PersonCount> {
        let row = self.visible_row(
            actor,
            &runs::count_persons("cases c"),
            RecordKind::Case,
            Level::Summary,
        )?;
        Ok(PersonCount {
            records: count(&row, 0)?,
            persons: count(&row, 1)?,
        })
    }

    fn for_each_report(
        &self,
        actor: &Actor,
        visit: &mut dyn FnMut(ReportForLinkage) -> Result<()>,
    ) -> Result<u64> {
        let named = Named::new(
            &runs::reports_for_linkage(),
            &Access::of(actor).pg_params(RecordKind::Article, Some(LINKED), vec![]),
        )?;
        self.conns.read(|tx| {
            // Streamed: every visible article's text, one at a time.
            let mut rows = tx.query_raw(&named.sql, named.values.iter())?;
            let mut n = 0;
            while let Some(r) = rows.next()? {
                visit(ReportForLinkage {
                    article_id: r.try_get(0)?,
                    external_id: r.try_get(1)?,
                    title: r.try_get(2)?,
                    published: r.try_get(3)?,
                    language: r.try_get(4)?,
                    body: r.try_get(5)?,
                    incident: r.try_get(6)?,
                })?;
                n += 1;
            }
            Ok(n)
        })
    }

    fn event_reports(&self, actor: &Actor) -> Result<Vec<EventReport>> {
        let named = Named::new(
            &runs::event_reports(),
            &Access::of(actor).pg_params(RecordKind::Article, Some(Level::Summary), vec![]),
        )?;
        let rows = self.conns.read(|tx| {
            tx.query(&named.sql, &named.params())?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get::<_, String>(0)?,
                        r.try_get::<_, i64>(1)?,
                        EventReport {
                            event_id: String::new(),
                            article_id: r.try_get(2)?,
                            title: r.try_get(3)?,
                            published: r.try_get(4)?,
                            language: r.try_get(5)?,
                        },
                    ))
                })
                .collect::<Result<Vec<_>>>()
        })?;
        Ok(name_events(rows))
    }

    fn count_events(&self, actor: &Actor) -> Result<EventCount> {
        let row = self.visible_row(
            actor,
            &runs::count_events(),
            RecordKind::Article,
            Level::Summary,
        )?;
        Ok(EventCount {
            reports: count(&row, 0)?,
            events: count(&row, 1)?,
            victims_in_reports: count(&row, 2)?,
            victims_in_events: count(&row, 3)?,
        })
    }
}
