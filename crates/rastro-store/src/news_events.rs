//! Events across news reports (migration 0005): the result of linking the articles an
//! organisation may see, and reviewers' decisions that two articles do or do not report one event.
//!
//! Mirrors person linkage (0004): each organisation keeps its latest run over what its scope
//! sees; statistics can then count events and their victims once instead of once per report.

use rusqlite::named_params;

use crate::runs::{Run, RunTables};
use crate::sqlite::SqliteBackend;
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
pub type EventDecision = crate::runs::Decision;

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

pub(crate) const EVENT_RUNS: RunTables = RunTables {
    runs: "news_event_runs",
    groups: "events",
    members: "news_event_members",
    record_pk: "article_pk",
    group: "event_id",
    decisions: "news_event_decisions",
    records: "news_articles",
};

fn event_run(run: Run) -> EventRun {
    EventRun {
        id: run.id,
        ran_at: run.ran_at,
        reports: run.records,
        pairs: run.pairs,
        events: run.groups,
    }
}

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
        EVENT_RUNS
            .save(
                &mut self.conn,
                &mut self.ids,
                org,
                run.settings,
                run.pairs,
                run.members,
            )
            .map(event_run)
    }

    fn latest_event_linkage(&self, org: &Organisation) -> Result<Option<EventRun>> {
        Ok(EVENT_RUNS.latest(&self.conn, org)?.map(event_run))
    }

    fn event_of(&self, org: &Organisation, article_id: &str) -> Result<Option<String>> {
        EVENT_RUNS.group_of(&self.conn, org, article_id)
    }

    fn event_reports(&self, org: &Organisation) -> Result<Vec<EventReport>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT m.event_id, a.id, a.title, a.published, a.language
             FROM news_event_members m JOIN news_articles a ON a.pk = m.article_pk
             WHERE m.run_id = {} AND {}
             ORDER BY m.event_id, a.published, a.pk",
            EVENT_RUNS.latest_run(),
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
                 SELECT {} AS event, i.victims AS victims
                 FROM news_articles a
                 JOIN news_incidents i ON i.article_pk = a.pk
                 WHERE {}
             )
             SELECT COUNT(*), COUNT(DISTINCT event), COALESCE(SUM(victims), 0),
                    (SELECT COALESCE(SUM(top), 0)
                     FROM (SELECT MAX(victims) AS top FROM seen GROUP BY event))
             FROM seen",
            EVENT_RUNS.group_or_self("a"),
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
        EVENT_RUNS.decide(
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

    fn event_decisions(&self, org: &Organisation) -> Result<Vec<EventDecision>> {
        EVENT_RUNS.decisions(&self.conn, org)
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
