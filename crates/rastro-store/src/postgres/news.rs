//! PLACEHOLDER (not to be merged): NewsBackend for PostgreSQL is being ported from `sqlite/news.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::news::*;
use crate::api::trace::AuditDraft;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl NewsBackend for PgBackend {
    fn ingest_article(
        &self,
        actor: &Actor,
        article: &NewArticle<'_>,
        audit: AuditDraft,
    ) -> Result<Ingested> {
        Err(StoreError::UnsupportedBackend(
            "NewsBackend::ingest_article".into(),
        ))
    }

    fn news_article(&self, actor: &Actor, id: &str) -> Result<Option<StoredArticle>> {
        Err(StoreError::UnsupportedBackend(
            "NewsBackend::news_article".into(),
        ))
    }

    fn count_news(&self, actor: &Actor) -> Result<u64> {
        Err(StoreError::UnsupportedBackend(
            "NewsBackend::count_news".into(),
        ))
    }

    fn news_with(
        &self,
        actor: &Actor,
        facet: NewsFacet,
        value: &str,
    ) -> Result<Vec<StoredArticle>> {
        Err(StoreError::UnsupportedBackend(
            "NewsBackend::news_with".into(),
        ))
    }

    fn search_news(
        &self,
        actor: &Actor,
        query: &TextQuery,
        limit: usize,
    ) -> Result<Vec<StoredArticle>> {
        Err(StoreError::UnsupportedBackend(
            "NewsBackend::search_news".into(),
        ))
    }

    fn search_news_ids(
        &self,
        actor: &Actor,
        query: &TextQuery,
        limit: usize,
    ) -> Result<Vec<String>> {
        Err(StoreError::UnsupportedBackend(
            "NewsBackend::search_news_ids".into(),
        ))
    }

    fn news_articles(&self, actor: &Actor, ids: &[String]) -> Result<Vec<StoredArticle>> {
        Err(StoreError::UnsupportedBackend(
            "NewsBackend::news_articles".into(),
        ))
    }

    fn news_text(&self, actor: &Actor, id: &str) -> Result<Option<(Option<String>, String)>> {
        Err(StoreError::UnsupportedBackend(
            "NewsBackend::news_text".into(),
        ))
    }
}
