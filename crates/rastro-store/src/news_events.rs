//! Events across news reports (migration 0005): the result of linking the articles an
//! organisation may see, and reviewers' decisions that two articles do or do not report one event.
//!
//! Mirrors person linkage (0004): each organisation keeps its latest run over what its scope
//! sees; statistics can then count events and their victims once instead of once per report.

use rusqlite::{named_params, params, OptionalExtension, Transaction};

use crate::sqlite::SqliteBackend;
use crate::time::now_rfc3339;
use crate::visibility::visible;
use crate::{looks_like_id, Organisation, Result, Scope, StoreError};

/// A visible article with what linkage compares.
#[derive(Debug, Clone)]
pub struct ReportForLinkage {
    pub article_id: String,
    /// The source's id (file stem or JSON-lines `id`).
    pub external_id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub language: String,
    pub body: String,
    /// The extracted incident as JSON.
    pub incident: String,
}

/// A finished run to store: every linked article with its event.
#[derive(Debug, Clone)]
pub struct NewEventLinkage<'a> {
    /// The settings used (threshold, prior), kept to reproduce the run.
    pub settings: &'a str,
    pub pairs: u64,
    /// (article id, event id); the event id is the id of the event's first article.
    pub members: &'a [(String, String)],
}

/// A stored run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRun {
    pub id: String,
    pub ran_at: String,
    pub reports: u64,
    pub pairs: u64,
    pub events: u64,
}

/// A reviewer's decision about two articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDecision {
    pub left: String,
    pub right: String,
    pub same: bool,
    pub reviewer: String,
    pub decided_at: String,
    pub note: Option<String>,
}

/// Visible reports and the events among them, by the latest run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventCount {
    pub reports: u64,
    /// Reports of one event count once; reports the run did not cover count each.
    pub events: u64,
    /// Victims summed over reports, as a naive total would count them.
    pub victims_in_reports: u64,
    /// Victims summed over events, each event counted at its highest reported figure.
    pub victims_in_events: u64,
}

/// One visible article of the latest run with its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventReport {
    pub event_id: String,
    pub article_id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub language: String,
}

/// What a backend must do for news events; every method takes the acting organisation.
pub trait NewsEventBackend {
    fn for_each_report(
        &self,
        org: &Organisation,
        visit: &mut dyn FnMut(ReportForLinkage) -> Result<()>,
    ) -> Result<u64>;
    fn save_event_linkage(
        &mut self,
        org: &Organisation,
        run: &NewEventLinkage<'_>,
    ) -> Result<EventRun>;
    fn latest_event_linkage(&self, org: &Organisation) -> Result<Option<EventRun>>;
    fn event_of(&self, org: &Organisation, article_id: &str) -> Result<Option<String>>;
    fn event_reports(&self, org: &Organisation) -> Result<Vec<EventReport>>;
    fn count_events(&self, org: &Organisation) -> Result<EventCount>;
    fn decide_event(
        &mut self,
        org: &Organisation,
        left: &str,
        right: &str,
        same: bool,
        reviewer: &str,
        note: Option<&str>,
    ) -> Result<()>;
    fn event_decisions(&self, org: &Organisation) -> Result<Vec<EventDecision>>;
}

fn visible_article_pk(
    tx: &Transaction<'_>,
    org: &Organisation,
    article_id: &str,
) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            &format!(
                "SELECT a.pk FROM news_articles a WHERE a.id = :id AND {}",
                visible("a")
            ),
            named_params! {":id": article_id, ":org": org.id},
            |r| r.get(0),
        )
        .optional()?)
}

const LATEST_RUN: &str =
    "(SELECT id FROM news_event_runs WHERE org_id = :org ORDER BY ran_at DESC, rowid DESC LIMIT 1)";

impl NewsEventBackend for SqliteBackend {
    fn for_each_report(
        &self,
        org: &Organisation,
        visit: &mut dyn FnMut(ReportForLinkage) -> Result<()>,
    ) -> Result<u64> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT a.id, a.external_id, a.title, a.published, a.language, a.body, i.incident
             FROM news_articles a JOIN news_incidents i ON i.article_pk = a.pk
             WHERE {} ORDER BY a.pk",
            visible("a")
        ))?;
        let mut rows = statement.query(named_params! {":org": org.id})?;
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
    }

    fn save_event_linkage(
        &mut self,
        org: &Organisation,
        run: &NewEventLinkage<'_>,
    ) -> Result<EventRun> {
        let id = self.ids.next_id()?;
        let ran_at = now_rfc3339();
        let events = {
            let mut e: Vec<&str> = run.members.iter().map(|(_, e)| e.as_str()).collect();
            e.sort_unstable();
            e.dedup();
            e.len() as u64
        };
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM news_event_runs WHERE org_id = ?1",
            params![org.id],
        )?;
        tx.execute(
            "INSERT INTO news_event_runs (id, org_id, ran_at, reports, pairs, events, settings)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                org.id,
                ran_at,
                run.members.len() as i64,
                run.pairs as i64,
                events as i64,
                run.settings
            ],
        )?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO news_event_members (run_id, org_id, article_pk, event_id)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (article_id, event_id) in run.members {
                let pk = visible_article_pk(&tx, org, article_id)?.ok_or(StoreError::NotFound)?;
                insert.execute(params![id, org.id, pk, event_id])?;
            }
        }
        tx.commit()?;
        Ok(EventRun {
            id,
            ran_at,
            reports: run.members.len() as u64,
            pairs: run.pairs,
            events,
        })
    }

    fn latest_event_linkage(&self, org: &Organisation) -> Result<Option<EventRun>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT id, ran_at, reports, pairs, events FROM news_event_runs
                     WHERE id = {LATEST_RUN}"
                ),
                named_params! {":org": org.id},
                |r| {
                    Ok(EventRun {
                        id: r.get(0)?,
                        ran_at: r.get(1)?,
                        reports: r.get::<_, i64>(2)?.max(0) as u64,
                        pairs: r.get::<_, i64>(3)?.max(0) as u64,
                        events: r.get::<_, i64>(4)?.max(0) as u64,
                    })
                },
            )
            .optional()?)
    }

    fn event_of(&self, org: &Organisation, article_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT m.event_id FROM news_event_members m
                     JOIN news_articles a ON a.pk = m.article_pk
                     WHERE m.run_id = {LATEST_RUN} AND a.id = :id AND {}",
                    visible("a")
                ),
                named_params! {":org": org.id, ":id": article_id},
                |r| r.get(0),
            )
            .optional()?)
    }

    fn event_reports(&self, org: &Organisation) -> Result<Vec<EventReport>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT m.event_id, a.id, a.title, a.published, a.language
             FROM news_event_members m JOIN news_articles a ON a.pk = m.article_pk
             WHERE m.run_id = {LATEST_RUN} AND {}
             ORDER BY m.event_id, a.published, a.pk",
            visible("a")
        ))?;
        let rows = statement.query_map(named_params! {":org": org.id}, |r| {
            Ok(EventReport {
                event_id: r.get(0)?,
                article_id: r.get(1)?,
                title: r.get(2)?,
                published: r.get(3)?,
                language: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn count_events(&self, org: &Organisation) -> Result<EventCount> {
        let sql = format!(
            "WITH seen AS (
                 SELECT COALESCE(m.event_id, a.id) AS event, i.victims AS victims
                 FROM news_articles a
                 JOIN news_incidents i ON i.article_pk = a.pk
                 LEFT JOIN news_event_members m ON m.article_pk = a.pk AND m.run_id = {LATEST_RUN}
                 WHERE {}
             )
             SELECT COUNT(*), COUNT(DISTINCT event), COALESCE(SUM(victims), 0),
                    (SELECT COALESCE(SUM(top), 0)
                     FROM (SELECT MAX(victims) AS top FROM seen GROUP BY event))
             FROM seen",
            visible("a")
        );
        let (reports, events, in_reports, in_events): (i64, i64, i64, i64) =
            self.conn
                .query_row(&sql, named_params! {":org": org.id}, |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
        Ok(EventCount {
            reports: reports.max(0) as u64,
            events: events.max(0) as u64,
            victims_in_reports: in_reports.max(0) as u64,
            victims_in_events: in_events.max(0) as u64,
        })
    }

    fn decide_event(
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
        let a = visible_article_pk(&tx, org, left)?.ok_or(StoreError::NotFound)?;
        let b = visible_article_pk(&tx, org, right)?.ok_or(StoreError::NotFound)?;
        if a == b {
            return Err(StoreError::NotFound);
        }
        tx.execute(
            "INSERT INTO news_event_decisions
                 (id, org_id, left_pk, right_pk, same, reviewer, decided_at, note)
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

    fn event_decisions(&self, org: &Organisation) -> Result<Vec<EventDecision>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT l.id, r.id, d.same, d.reviewer, d.decided_at, d.note
             FROM news_event_decisions d
             JOIN news_articles l ON l.pk = d.left_pk
             JOIN news_articles r ON r.pk = d.right_pk
             WHERE d.org_id = :org AND {} AND {}
             ORDER BY d.decided_at",
            visible("l"),
            visible("r")
        ))?;
        let rows = statement.query_map(named_params! {":org": org.id}, |r| {
            Ok(EventDecision {
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
    /// Visits every visible article with its incident, in the order stored; returns how many.
    pub fn for_each_report(
        &self,
        visit: &mut dyn FnMut(ReportForLinkage) -> Result<()>,
    ) -> Result<u64> {
        self.backend.for_each_report(&self.org, visit)
    }

    /// Stores a run over the organisation's visible articles, replacing its previous one. An
    /// article it may not see fails the whole run with `NotFound`.
    pub fn save_event_linkage(&mut self, run: &NewEventLinkage<'_>) -> Result<EventRun> {
        self.backend.save_event_linkage(&self.org, run)
    }

    pub fn latest_event_linkage(&self) -> Result<Option<EventRun>> {
        self.backend.latest_event_linkage(&self.org)
    }

    /// The event of a visible article in the latest run; `None` when it was not linked, does
    /// not exist or may not be seen.
    pub fn event_of(&self, article_id: &str) -> Result<Option<String>> {
        if !looks_like_id(article_id) {
            return Ok(None);
        }
        self.backend.event_of(&self.org, article_id)
    }

    /// The visible articles of the latest run with their events, grouped by event.
    pub fn event_reports(&self) -> Result<Vec<EventReport>> {
        self.backend.event_reports(&self.org)
    }

    /// Visible reports, the events among them, and victims counted both ways.
    pub fn count_events(&self) -> Result<EventCount> {
        self.backend.count_events(&self.org)
    }

    /// Records a reviewer's decision about two visible articles (replacing an earlier one about
    /// the same pair); an article the organisation may not see answers `NotFound`.
    pub fn decide_event(
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
            .decide_event(&self.org, left, right, same, reviewer, note)
    }

    /// The organisation's decisions about articles it can still see, oldest first.
    pub fn event_decisions(&self) -> Result<Vec<EventDecision>> {
        self.backend.event_decisions(&self.org)
    }
}
