//! News articles and the incident extracted from each.
//!
//! Like case records, every article belongs to the organisation that ingested it and is read
//! only through a [`Scope`]. The same article arriving twice — the same canonical URL or the same
//! folded text — is stored once per organisation; the caller computes both keys. The incident is
//! kept as the extraction crate wrote it (JSON); reading it back into that crate's type is the
//! application's job, so the store knows nothing of extraction.
//!
//! Search ranks with statistics of the articles the organisation may see and of nothing else, so
//! that the order of its results cannot tell it anything about records it cannot see. Articles
//! are read at summary (title and incident) or more; their text, for linkage, at detail.

use crate::api::access::{Action, Level, RecordKind};
use crate::api::members::Actor;
use crate::api::scope::Scope;
use crate::api::trace::AuditDraft;
use crate::ids::looks_like_id;
use crate::{Result, StoreError};

/// The searchable values of an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewsFacet {
    Country,
    Exploitation,
    Operation,
    Group,
}

impl NewsFacet {
    pub fn as_str(self) -> &'static str {
        match self {
            NewsFacet::Country => "country",
            NewsFacet::Exploitation => "exploitation",
            NewsFacet::Operation => "operation",
            NewsFacet::Group => "group",
        }
    }
}

/// An article to store with its incident.
#[derive(Debug, Clone)]
pub struct NewArticle<'a> {
    pub external_id: &'a str,
    pub url: Option<&'a str>,
    pub url_key: Option<&'a str>,
    pub text_key: &'a str,
    pub title: Option<&'a str>,
    pub published: Option<&'a str>,
    pub language: &'a str,
    pub body: &'a str,
    pub source_file: &'a str,
    pub source_line: Option<u64>,
    /// The incident as JSON.
    pub incident: &'a str,
    pub victims: Option<u64>,
    pub arrests: Option<u64>,
    pub smuggling: bool,
    pub event_date: Option<&'a str>,
    pub facets: &'a [(NewsFacet, String)],
}

/// Why an article was not stored again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateOf {
    Url,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ingested {
    Stored {
        id: String,
    },
    /// The organisation already has this article, under `id`.
    Duplicate {
        id: String,
        by: DuplicateOf,
    },
}

/// An article as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArticle {
    pub id: String,
    /// Name of the owning organisation.
    pub organisation: String,
    pub external_id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub language: String,
    /// Where the owner read it from (a path on its machine): only the owner sees it.
    pub source_file: Option<String>,
    pub source_line: Option<u64>,
    pub ingested_at: String,
    /// The incident as JSON.
    pub incident: String,
}

/// One part of a search: a word, a word's beginning (`traf*`), or words in a row (`"trata de
/// personas"`). Words are matched without regard to case or accents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryTerm {
    Word(String),
    Prefix(String),
    Phrase(Vec<String>),
}

/// What a user typed into a search box, read into terms that must all occur. Only letters and
/// digits make words, so no database's query syntax can be reached through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    pub terms: Vec<QueryTerm>,
}

impl TextQuery {
    pub fn parse(text: &str) -> Result<TextQuery> {
        let mut terms = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find(|c: char| c == '"' || c.is_alphanumeric()) {
            rest = &rest[start..];
            if let Some(inner) = rest.strip_prefix('"') {
                let end = inner.find('"').unwrap_or(inner.len());
                let words = words(&inner[..end]);
                match words.len() {
                    0 => {}
                    1 => terms.push(QueryTerm::Word(
                        words.into_iter().next().unwrap_or_default(),
                    )),
                    _ => terms.push(QueryTerm::Phrase(words)),
                }
                rest = inner.get(end + 1..).unwrap_or("");
                continue;
            }
            let end = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            let word = rest[..end].to_lowercase();
            rest = &rest[end..];
            if let Some(after) = rest.strip_prefix('*') {
                terms.push(QueryTerm::Prefix(word));
                rest = after;
            } else {
                terms.push(QueryTerm::Word(word));
            }
        }
        if terms.is_empty() {
            return Err(StoreError::BadQuery(
                "no words to search for (letters or digits)".to_string(),
            ));
        }
        Ok(TextQuery { terms })
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

pub(crate) trait NewsBackend {
    fn ingest_article(
        &self,
        actor: &Actor,
        article: &NewArticle<'_>,
        audit: AuditDraft,
    ) -> Result<Ingested>;
    fn news_article(&self, actor: &Actor, id: &str) -> Result<Option<StoredArticle>>;
    fn count_news(&self, actor: &Actor) -> Result<u64>;
    fn news_with(&self, actor: &Actor, facet: NewsFacet, value: &str)
        -> Result<Vec<StoredArticle>>;
    fn search_news(
        &self,
        actor: &Actor,
        query: &TextQuery,
        limit: usize,
    ) -> Result<Vec<StoredArticle>>;
    fn search_news_ids(
        &self,
        actor: &Actor,
        query: &TextQuery,
        limit: usize,
    ) -> Result<Vec<String>>;
    /// The visible articles among `ids`, in the order of `ids`.
    fn news_articles(&self, actor: &Actor, ids: &[String]) -> Result<Vec<StoredArticle>>;
    /// An article's title and text, if the actor sees it at detail level or more.
    fn news_text(&self, actor: &Actor, id: &str) -> Result<Option<(Option<String>, String)>>;
}

impl Scope<'_> {
    /// Stores an article and its incident, unless the organisation already has it.
    pub fn ingest_article(&self, article: &NewArticle<'_>) -> Result<Ingested> {
        self.require(Action::IngestNews)?;
        let audit = self.actor.draft("ingest_article").kind(RecordKind::Article);
        self.backend.ingest_article(&self.actor, article, audit)
    }

    /// A visible article by id; `None` both when it does not exist and when it may not be seen.
    pub fn news_article(&self, id: &str) -> Result<Option<StoredArticle>> {
        self.require(Action::ReadNews)?;
        let found = if looks_like_id(id) {
            self.backend.news_article(&self.actor, id)?
        } else {
            None
        };
        self.audit(
            self.actor
                .draft("read_article")
                .kind(RecordKind::Article)
                .count(u64::from(found.is_some())),
        )?;
        Ok(found)
    }

    pub fn count_news(&self) -> Result<u64> {
        self.require(Action::ReadNews)?;
        let n = self.backend.count_news(&self.actor)?;
        self.audit(self.actor.draft("count_news").kind(RecordKind::Article))?;
        Ok(n)
    }

    /// Visible articles whose incident has the given country, form, operation or group, newest
    /// first.
    pub fn news_with(&self, facet: NewsFacet, value: &str) -> Result<Vec<StoredArticle>> {
        self.require(Action::ReadNews)?;
        let found = self.backend.news_with(&self.actor, facet, value)?;
        self.audit(
            self.actor
                .draft("read_news_with")
                .kind(RecordKind::Article)
                .count(found.len() as u64)
                .detail("query_hash", self.query_hash(value)),
        )?;
        Ok(found)
    }

    /// The ids of the visible articles containing every term of `query`, best first, as
    /// [`Scope::search_news`] ranks them, without reading the articles.
    pub fn search_news_ids(&self, query: &TextQuery, limit: usize) -> Result<Vec<String>> {
        self.require(Action::ReadNews)?;
        let found = self.backend.search_news_ids(&self.actor, query, limit)?;
        self.audit_search(query, found.len())?;
        Ok(found)
    }

    /// The visible articles among `ids` (a page of a listing), in the order given; ids that do
    /// not exist or may not be seen are left out. One audit event for the page.
    pub fn news_articles(&self, ids: &[String]) -> Result<Vec<StoredArticle>> {
        self.require(Action::ReadNews)?;
        let ids: Vec<String> = ids.iter().filter(|id| looks_like_id(id)).cloned().collect();
        let found = self.backend.news_articles(&self.actor, &ids)?;
        self.audit(
            self.actor
                .draft("read_articles")
                .kind(RecordKind::Article)
                .count(found.len() as u64),
        )?;
        Ok(found)
    }

    /// An article's title and whole text, for reading it with its evidence: only at detail
    /// level or more (a summary shows the title and the incident, not the text).
    pub fn news_text(&self, id: &str) -> Result<Option<(Option<String>, String)>> {
        self.require(Action::ReadNews)?;
        let found = if looks_like_id(id) {
            self.backend.news_text(&self.actor, id)?
        } else {
            None
        };
        self.audit(
            self.actor
                .draft("read_article_text")
                .kind(RecordKind::Article)
                .level(Level::Detail)
                .count(u64::from(found.is_some())),
        )?;
        Ok(found)
    }

    /// A search's one event: how many it found and a keyed hash of what was searched.
    fn audit_search(&self, query: &TextQuery, found: usize) -> Result<()> {
        self.audit(
            self.actor
                .draft("search_news")
                .kind(RecordKind::Article)
                .count(found as u64)
                .detail("query_hash", self.query_hash(&format!("{query:?}"))),
        )
    }

    /// Visible articles containing every term of `query`, best first (BM25 over the visible
    /// articles only).
    pub fn search_news(&self, query: &TextQuery, limit: usize) -> Result<Vec<StoredArticle>> {
        self.require(Action::ReadNews)?;
        let found = self.backend.search_news(&self.actor, query, limit)?;
        self.audit_search(query, found.len())?;
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_words_prefixes_and_phrases_only() {
        let q = TextQuery::parse(r#"Tráfico  "trata de personas" bogo* OR"#).unwrap();
        assert_eq!(
            q.terms,
            vec![
                QueryTerm::Word("tráfico".into()),
                QueryTerm::Phrase(vec!["trata".into(), "de".into(), "personas".into()]),
                QueryTerm::Prefix("bogo".into()),
                QueryTerm::Word("or".into()),
            ]
        );
        // Database syntax is just punctuation between words.
        let q = TextQuery::parse("title:x) NEAR(\"a").unwrap();
        assert_eq!(
            q.terms,
            vec![
                QueryTerm::Word("title".into()),
                QueryTerm::Word("x".into()),
                QueryTerm::Word("near".into()),
                QueryTerm::Word("a".into()),
            ]
        );
        assert!(TextQuery::parse(" ** \"\" ").is_err());
    }
}
