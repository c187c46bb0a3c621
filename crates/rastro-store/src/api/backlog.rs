//! The extraction backlog: an organisation's own stored articles read back with their text, a
//! page at a time, and their incidents replaced where extraction (its rules) now finds
//! otherwise. Only the owner's articles: another organisation's incident is its own to redo.
//!
//! Replacing an incident changes what statistics count without adding a record, so it moves the
//! visibility stamp's counter in the same transaction (the stamps' invariant).

use crate::api::access::{Action, Level, RecordKind};
use crate::api::members::Actor;
use crate::api::news::NewsFacet;
use crate::api::scope::Scope;
use crate::api::trace::AuditDraft;
use crate::ids::looks_like_id;
use crate::{Result, StoreError};

/// One of the organisation's articles as extraction reads it, with the incident stored for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleForExtraction {
    pub id: String,
    pub external_id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub body: String,
    /// The incident stored, as JSON.
    pub incident: String,
}

/// A page of the organisation's articles, in the order stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticlePage {
    pub articles: Vec<ArticleForExtraction>,
    /// How many articles the organisation has in all.
    pub total: u64,
}

/// The incident extraction now finds in an article of the organisation.
#[derive(Debug, Clone)]
pub struct IncidentUpdate<'a> {
    pub article_id: &'a str,
    pub language: &'a str,
    /// The incident as JSON.
    pub incident: &'a str,
    pub victims: Option<u64>,
    pub arrests: Option<u64>,
    pub smuggling: bool,
    pub event_date: Option<&'a str>,
    pub facets: &'a [(NewsFacet, String)],
}

pub(crate) trait BacklogBackend {
    /// Up to `limit` of the organisation's articles stored after the article `after` (from the
    /// first without one), and how many it has.
    fn own_articles(&self, actor: &Actor, after: Option<&str>, limit: usize)
        -> Result<ArticlePage>;
    /// Replaces the incidents of the organisation's articles among `updates` whose stored
    /// incident differs, in one transaction; returns how many were replaced.
    fn replace_incidents(
        &self,
        actor: &Actor,
        updates: &[IncidentUpdate<'_>],
        audit: AuditDraft,
    ) -> Result<u64>;
}

/// Pages are at most this long: an article is a few kilobytes.
pub const MAX_ARTICLE_PAGE: usize = 1_000;

impl Scope<'_> {
    /// The organisation's own articles after `after` (an article id from the previous page),
    /// with their text and stored incident, for extracting them again. One audit event per
    /// page.
    pub fn own_articles(&self, after: Option<&str>, limit: usize) -> Result<ArticlePage> {
        self.require(Action::IngestNews)?;
        if let Some(id) = after.filter(|id| !looks_like_id(id)) {
            return Err(StoreError::Invalid(format!("no article {id:?}")));
        }
        let page =
            self.backend
                .own_articles(&self.actor, after, limit.clamp(1, MAX_ARTICLE_PAGE))?;
        self.audit(
            self.actor
                .draft("read_own_articles")
                .kind(RecordKind::Article)
                .level(Level::Full)
                .count(page.articles.len() as u64),
        )?;
        Ok(page)
    }

    /// Replaces the incidents extraction now finds in the organisation's articles; an
    /// incident equal to the one stored is left as it is, so doing it twice changes nothing
    /// the second time. Returns how many were replaced.
    pub fn replace_incidents(&self, updates: &[IncidentUpdate<'_>]) -> Result<u64> {
        self.require(Action::IngestNews)?;
        if let Some(bad) = updates.iter().find(|u| !looks_like_id(u.article_id)) {
            return Err(StoreError::Invalid(format!(
                "no article {:?}",
                bad.article_id
            )));
        }
        let audit = self
            .actor
            .draft("replace_incidents")
            .kind(RecordKind::Article);
        self.backend.replace_incidents(&self.actor, updates, audit)
    }
}
