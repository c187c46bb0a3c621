//! Linkage runs and decisions in SQLite, for persons and events alike (SQL in `sql/runs.rs`).

use rusqlite::types::Value;
use rusqlite::{named_params, OptionalExtension, Transaction};

use super::access::Access;
use super::cases::SCAN_CASES;
use super::{count, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::linkage::{
    Decision, EventCount, EventReport, LinkKind, LinkageBackend, PersonCount, ReportForLinkage, Run,
};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::linkage_rows::{
    decisions_seen, distinct_groups, json_keys, name_events, StoredDecision,
};
use crate::sql::runs::{self, tables};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// Linkage compares what identifies a person or an article: it needs records at detail.
const LINKED: Level = Level::Detail;

/// The keys of a JSON array bound as `:keys`, as a list SQLite can test `IN`.
pub(super) const JSON_KEYS: &str = "SELECT value FROM json_each(:keys)";

/// The ids of a JSON array bound as `:ids`.
pub(super) const JSON_IDS: &str = "SELECT value FROM json_each(:ids)";

/// The internal key and owner of the record `id` when the actor sees it at [`LINKED`].
fn visible_pk(
    backend: &SqliteBackend,
    tx: &Transaction<'_>,
    kind: LinkKind,
    access: &Access,
    id: &str,
) -> Result<Option<(i64, String)>> {
    let t = tables(kind);
    let lookup = backend.record_lookup(tx, t.kind, id)?;
    let bound = access.params(t.kind, Some(LINKED), &[(":id", Value::from(lookup))]);
    Ok(tx
        .query_row(&t.visible_pk(), bound.as_params().as_slice(), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

impl LinkageBackend for SqliteBackend {
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
        self.write_audited(audit, |tx, _| {
            // Earlier runs of this organisation are superseded; their members go with them.
            for sql in t.delete_runs() {
                tx.execute(&sql, named_params! {":org": actor.organisation().id})?;
            }
            tx.execute(
                &t.insert_run(),
                named_params! {
                    ":id": id, ":org": actor.organisation().id, ":ran_at": ran_at,
                    ":records": members.len() as i64, ":pairs": pairs as i64,
                    ":groups": groups as i64, ":config": settings
                },
            )?;
            {
                // One statement for every member: a run holds as many as the store has records.
                let bound = Access::of(actor).params(t.kind, Some(LINKED), &[]);
                let mut lookup = tx.prepare(&t.visible_pk())?;
                let mut insert = tx.prepare(&t.insert_member())?;
                for (record_id, group_id) in members {
                    let record_lookup = self.record_lookup(tx, t.kind, record_id)?;
                    let mut params = bound.as_params();
                    params.push((":id", &record_lookup as &dyn rusqlite::ToSql));
                    let (pk, owner): (i64, String) = lookup
                        .query_row(params.as_slice(), |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()?
                        .ok_or(StoreError::NotFound)?;
                    insert.execute(named_params! {
                        ":run": id, ":org": actor.organisation().id, ":owner": owner,
                        ":pk": pk, ":group": group_id
                    })?;
                }
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
        self.conns.read(|conn| {
            Ok(conn
                .query_row(
                    &tables(kind).select_latest(),
                    named_params! {":org": actor.organisation().id},
                    |r| {
                        Ok(Run {
                            id: r.get(0)?,
                            ran_at: r.get(1)?,
                            records: count(r.get(2)?),
                            pairs: count(r.get(3)?),
                            groups: count(r.get(4)?),
                            settings: r.get(5)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    fn group_of(&self, actor: &Actor, kind: LinkKind, record_id: &str) -> Result<Option<String>> {
        self.conns.read(|conn| {
            let t = tables(kind);
            let lookup = self.record_lookup(conn, t.kind, record_id)?;
            let bound =
                Access::of(actor).params(t.kind, Some(LINKED), &[(":id", Value::from(lookup))]);
            let group: Option<String> = conn
                .query_row(&t.group_of(), bound.as_params().as_slice(), |r| r.get(0))
                .optional()?;
            let Some(group) = group else {
                return Ok(None);
            };
            let bound =
                Access::of(actor).params(t.kind, Some(LINKED), &[(":group", Value::from(group))]);
            Ok(conn
                .query_row(&t.first_of_group(), bound.as_params().as_slice(), |r| {
                    r.get(0)
                })
                .optional()?)
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
            tx.execute(
                &tables(kind).upsert_decision(),
                named_params! {
                    ":id": id, ":org": actor.organisation().id,
                    ":left_owner": low.1, ":left": low.0, ":right_owner": high.1, ":right": high.0,
                    ":same": same, ":reviewer": reviewer, ":decided_at": now_rfc3339(),
                    ":note": note
                },
            )?;
            Ok(())
        })
    }

    fn decisions(&self, actor: &Actor, kind: LinkKind) -> Result<Vec<Decision>> {
        self.conns.read(|conn| {
            let t = tables(kind);
            let stored = conn
                .prepare(&t.select_decisions())?
                .query_map(named_params! {":org": actor.organisation().id}, |r| {
                    Ok(StoredDecision {
                        left: (r.get(0)?, r.get(1)?),
                        right: (r.get(2)?, r.get(3)?),
                        same: r.get(4)?,
                        reviewer: r.get(5)?,
                        decided_at: r.get(6)?,
                        note: r.get(7)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut ids = conn.prepare(&t.visible_ids(JSON_KEYS))?;
            decisions_seen(stored, |owner, pks| {
                let bound = Access::of(actor).params(
                    t.kind,
                    Some(LINKED),
                    &[
                        (":owner", Value::from(owner.to_string())),
                        (":keys", Value::from(json_keys(pks))),
                    ],
                );
                let rows =
                    ids.query_map(bound.as_params().as_slice(), |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
        })
    }

    fn count_persons(&self, actor: &Actor) -> Result<PersonCount> {
        let sql = runs::count_persons(SCAN_CASES);
        let bound = Access::of(actor).params(RecordKind::Case, Some(Level::Summary), &[]);
        self.conns.read(|conn| {
            let (records, persons): (i64, i64) =
                conn.query_row(&sql, bound.as_params().as_slice(), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            Ok(PersonCount {
                records: count(records),
                persons: count(persons),
            })
        })
    }

    fn for_each_report(
        &self,
        actor: &Actor,
        visit: &mut dyn FnMut(ReportForLinkage) -> Result<()>,
    ) -> Result<u64> {
        let sql = runs::reports_for_linkage();
        let bound = Access::of(actor).params(RecordKind::Article, Some(LINKED), &[]);
        self.conns.read(|conn| {
            let mut statement = conn.prepare(&sql)?;
            let mut rows = statement.query(bound.as_params().as_slice())?;
            let mut n = 0;
            while let Some(r) = rows.next()? {
                visit(ReportForLinkage {
                    article_id: r.get(0)?,
                    external_id: r.get(1)?,
                    title: r.get(2)?,
                    published: r.get(3)?,
                    language: r.get(4)?,
                    body: r.get(5)?,
                    incident: r.get(6)?,
                })?;
                n += 1;
            }
            Ok(n)
        })
    }

    fn event_reports(&self, actor: &Actor) -> Result<Vec<EventReport>> {
        let sql = runs::event_reports();
        let bound = Access::of(actor).params(RecordKind::Article, Some(Level::Summary), &[]);
        let rows: Vec<(String, i64, EventReport)> = self.conns.read(|conn| {
            let mut statement = conn.prepare(&sql)?;
            let rows = statement.query_map(bound.as_params().as_slice(), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    EventReport {
                        event_id: String::new(),
                        article_id: r.get(2)?,
                        title: r.get(3)?,
                        published: r.get(4)?,
                        language: r.get(5)?,
                    },
                ))
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        Ok(name_events(rows))
    }

    fn count_events(&self, actor: &Actor) -> Result<EventCount> {
        let sql = runs::count_events();
        let bound = Access::of(actor).params(RecordKind::Article, Some(Level::Summary), &[]);
        self.conns.read(|conn| {
            let (reports, events, in_reports, in_events): (i64, i64, i64, i64) =
                conn.query_row(&sql, bound.as_params().as_slice(), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            Ok(EventCount {
                reports: count(reports),
                events: count(events),
                victims_in_reports: count(in_reports),
                victims_in_events: count(in_events),
            })
        })
    }
}
