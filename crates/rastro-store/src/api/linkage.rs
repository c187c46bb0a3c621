//! Linkage results: which person records are one person (`rastro link --store`) and which news
//! articles report one event (`rastro link --news`), each organisation's latest run over what it
//! may see, and its reviewers' decisions about pairs.
//!
//! A group (entity or event) is named by the id of its earliest record *that the reader may
//! see*, so a group never names a record that was unshared since the run. Both kinds go through
//! one implementation of runs and decisions.

use crate::api::access::{Action, Level, RecordKind};
use crate::api::members::Actor;
use crate::api::scope::Scope;
use crate::api::trace::AuditDraft;
use crate::ids::looks_like_id;
use crate::{Result, StoreError};

/// A finished person linkage run to store: every linked record with its entity.
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

/// A stored person linkage run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkageRun {
    pub id: String,
    pub ran_at: String,
    pub records: u64,
    pub pairs: u64,
    pub entities: u64,
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

/// A reviewer's decision about a pair of person records.
pub type LinkDecision = Decision;
/// A reviewer's decision about two articles.
pub type EventDecision = Decision;

/// Visible records and the distinct persons among them, by the latest run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonCount {
    pub records: u64,
    /// Records of one entity count once; records the run did not cover count each.
    pub persons: u64,
}

/// A visible article with what event linkage compares.
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

/// A finished event linkage run to store: every linked article with its event.
#[derive(Debug, Clone)]
pub struct NewEventLinkage<'a> {
    /// The settings used (threshold, prior), kept to reproduce the run.
    pub settings: &'a str,
    pub pairs: u64,
    /// (article id, event id); the event id is the id of the event's first article.
    pub members: &'a [(String, String)],
}

/// A stored event linkage run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRun {
    pub id: String,
    pub ran_at: String,
    pub reports: u64,
    pub pairs: u64,
    pub events: u64,
    /// The settings the run was made with, as stored (JSON), to make it again.
    pub settings: String,
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

/// The two kinds of linkage, which share every rule of runs and decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkKind {
    Persons,
    Events,
}

/// A run as both kinds store it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    pub id: String,
    pub ran_at: String,
    pub records: u64,
    pub pairs: u64,
    pub groups: u64,
    pub settings: String,
}

pub(crate) trait LinkageBackend {
    /// Stores a run replacing the organisation's previous one of that kind; `members` are
    /// (record id, group id). A record the organisation may not see fails the whole run with
    /// `NotFound`.
    fn save_run(
        &self,
        actor: &Actor,
        kind: LinkKind,
        settings: &str,
        pairs: u64,
        members: &[(String, String)],
        audit: AuditDraft,
    ) -> Result<Run>;
    fn latest_run(&self, actor: &Actor, kind: LinkKind) -> Result<Option<Run>>;
    /// The group of a visible record in the latest run, named by its earliest visible member.
    fn group_of(&self, actor: &Actor, kind: LinkKind, record_id: &str) -> Result<Option<String>>;
    #[allow(clippy::too_many_arguments)]
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
    ) -> Result<()>;
    /// The organisation's decisions about records it can still see, oldest first.
    fn decisions(&self, actor: &Actor, kind: LinkKind) -> Result<Vec<Decision>>;
    fn count_persons(&self, actor: &Actor) -> Result<PersonCount>;
    fn for_each_report(
        &self,
        actor: &Actor,
        visit: &mut dyn FnMut(ReportForLinkage) -> Result<()>,
    ) -> Result<u64>;
    fn event_reports(&self, actor: &Actor) -> Result<Vec<EventReport>>;
    fn count_events(&self, actor: &Actor) -> Result<EventCount>;
}

fn person_run(run: Run) -> LinkageRun {
    LinkageRun {
        id: run.id,
        ran_at: run.ran_at,
        records: run.records,
        pairs: run.pairs,
        entities: run.groups,
    }
}

fn event_run(run: Run) -> EventRun {
    EventRun {
        id: run.id,
        ran_at: run.ran_at,
        reports: run.records,
        pairs: run.pairs,
        events: run.groups,
        settings: run.settings,
    }
}

impl Scope<'_> {
    /// Stores a linkage run over the organisation's visible records, replacing its previous one.
    /// A record it may not see fails the whole run with `NotFound`.
    pub fn save_linkage(&self, run: &NewLinkage<'_>) -> Result<LinkageRun> {
        self.require(Action::LinkPersons)?;
        let audit = self
            .actor
            .draft("save_linkage")
            .kind(RecordKind::Case)
            .count(run.members.len() as u64)
            .detail("pairs", run.pairs);
        self.backend
            .save_run(
                &self.actor,
                LinkKind::Persons,
                run.config,
                run.pairs,
                run.members,
                audit,
            )
            .map(person_run)
    }

    pub fn latest_linkage(&self) -> Result<Option<LinkageRun>> {
        self.require(Action::ReadStatistics)?;
        let run = self.backend.latest_run(&self.actor, LinkKind::Persons)?;
        self.audit(self.actor.draft("read_linkage").kind(RecordKind::Case))?;
        Ok(run.map(person_run))
    }

    /// The entity of a visible record in the latest run, named by its earliest visible record;
    /// `None` when it was not linked, does not exist or may not be seen.
    pub fn entity_of(&self, case_id: &str) -> Result<Option<String>> {
        self.require(Action::LinkPersons)?;
        let group = if looks_like_id(case_id) {
            self.backend
                .group_of(&self.actor, LinkKind::Persons, case_id)?
        } else {
            None
        };
        self.audit(
            self.actor
                .draft("read_entity")
                .kind(RecordKind::Case)
                .count(u64::from(group.is_some())),
        )?;
        Ok(group)
    }

    /// Visible records and the distinct persons among them.
    pub fn count_persons(&self) -> Result<PersonCount> {
        self.require(Action::ReadStatistics)?;
        let counts = self.backend.count_persons(&self.actor)?;
        self.audit(
            self.actor
                .draft("count_persons")
                .kind(RecordKind::Case)
                .level(Level::Summary),
        )?;
        Ok(counts)
    }

    /// Records a reviewer's decision about two visible records (replacing an earlier one about
    /// the same pair); a record the organisation may not see answers `NotFound`.
    pub fn decide_link(
        &self,
        left: &str,
        right: &str,
        same: bool,
        reviewer: &str,
        note: Option<&str>,
    ) -> Result<()> {
        self.decide(LinkKind::Persons, left, right, same, reviewer, note)
    }

    /// The organisation's decisions about records it can still see, oldest first.
    pub fn link_decisions(&self) -> Result<Vec<LinkDecision>> {
        self.require(Action::LinkPersons)?;
        let decisions = self.backend.decisions(&self.actor, LinkKind::Persons)?;
        self.audit(
            self.actor
                .draft("read_decisions")
                .kind(RecordKind::Case)
                .count(decisions.len() as u64),
        )?;
        Ok(decisions)
    }

    /// Visits every visible article with its incident, in the order stored; returns how many.
    pub fn for_each_report(
        &self,
        visit: &mut dyn FnMut(ReportForLinkage) -> Result<()>,
    ) -> Result<u64> {
        self.require(Action::LinkEvents)?;
        let n = self.backend.for_each_report(&self.actor, visit)?;
        self.audit(
            self.actor
                .draft("read_reports")
                .kind(RecordKind::Article)
                .count(n),
        )?;
        Ok(n)
    }

    /// Stores a run over the organisation's visible articles, replacing its previous one. An
    /// article it may not see fails the whole run with `NotFound`.
    pub fn save_event_linkage(&self, run: &NewEventLinkage<'_>) -> Result<EventRun> {
        self.require(Action::LinkEvents)?;
        let audit = self
            .actor
            .draft("save_event_linkage")
            .kind(RecordKind::Article)
            .count(run.members.len() as u64)
            .detail("pairs", run.pairs);
        self.backend
            .save_run(
                &self.actor,
                LinkKind::Events,
                run.settings,
                run.pairs,
                run.members,
                audit,
            )
            .map(event_run)
    }

    pub fn latest_event_linkage(&self) -> Result<Option<EventRun>> {
        self.require(Action::ReadNews)?;
        let run = self.backend.latest_run(&self.actor, LinkKind::Events)?;
        self.audit(
            self.actor
                .draft("read_event_linkage")
                .kind(RecordKind::Article),
        )?;
        Ok(run.map(event_run))
    }

    /// The event of a visible article in the latest run, named by its earliest visible article;
    /// `None` when it was not linked, does not exist or may not be seen.
    pub fn event_of(&self, article_id: &str) -> Result<Option<String>> {
        self.require(Action::ReadNews)?;
        let group = if looks_like_id(article_id) {
            self.backend
                .group_of(&self.actor, LinkKind::Events, article_id)?
        } else {
            None
        };
        self.audit(
            self.actor
                .draft("read_event")
                .kind(RecordKind::Article)
                .count(u64::from(group.is_some())),
        )?;
        Ok(group)
    }

    /// The visible articles of the latest run with their events, grouped by event.
    pub fn event_reports(&self) -> Result<Vec<EventReport>> {
        self.require(Action::ReadNews)?;
        let reports = self.backend.event_reports(&self.actor)?;
        self.audit(
            self.actor
                .draft("read_event_reports")
                .kind(RecordKind::Article)
                .count(reports.len() as u64),
        )?;
        Ok(reports)
    }

    /// Visible reports, the events among them, and victims counted both ways.
    pub fn count_events(&self) -> Result<EventCount> {
        self.require(Action::ReadNews)?;
        let counts = self.backend.count_events(&self.actor)?;
        self.audit(self.actor.draft("count_events").kind(RecordKind::Article))?;
        Ok(counts)
    }

    /// Records a reviewer's decision about two visible articles (replacing an earlier one about
    /// the same pair); an article the organisation may not see answers `NotFound`.
    pub fn decide_event(
        &self,
        left: &str,
        right: &str,
        same: bool,
        reviewer: &str,
        note: Option<&str>,
    ) -> Result<()> {
        self.decide(LinkKind::Events, left, right, same, reviewer, note)
    }

    /// The organisation's decisions about articles it can still see, oldest first.
    pub fn event_decisions(&self) -> Result<Vec<EventDecision>> {
        self.require(Action::LinkEvents)?;
        let decisions = self.backend.decisions(&self.actor, LinkKind::Events)?;
        self.audit(
            self.actor
                .draft("read_event_decisions")
                .kind(RecordKind::Article)
                .count(decisions.len() as u64),
        )?;
        Ok(decisions)
    }

    fn decide(
        &self,
        kind: LinkKind,
        left: &str,
        right: &str,
        same: bool,
        reviewer: &str,
        note: Option<&str>,
    ) -> Result<()> {
        self.require(match kind {
            LinkKind::Persons => Action::LinkPersons,
            LinkKind::Events => Action::LinkEvents,
        })?;
        if !looks_like_id(left) || !looks_like_id(right) || left == right {
            return Err(StoreError::NotFound);
        }
        let audit = self
            .actor
            .draft("decide_link")
            .kind(match kind {
                LinkKind::Persons => RecordKind::Case,
                LinkKind::Events => RecordKind::Article,
            })
            .detail("same", same);
        self.backend
            .decide(&self.actor, kind, left, right, same, reviewer, note, audit)
    }
}
