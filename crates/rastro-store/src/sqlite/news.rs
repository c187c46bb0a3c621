//! News articles and incidents in SQLite (search is in `search.rs`, the SQL in
//! `crate::sql::news`).

use rusqlite::types::Value;
use rusqlite::{named_params, OptionalExtension};

use super::access::Access;
use super::articles::read_article;
use super::{count, search, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::members::Actor;
use crate::api::news::{
    DuplicateOf, Ingested, NewArticle, NewsBackend, NewsFacet, StoredArticle, TextQuery,
};
use crate::api::trace::AuditDraft;
use crate::news_rows::in_order_of;
use crate::sql::news;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

impl NewsBackend for SqliteBackend {
    fn ingest_article(
        &self,
        actor: &Actor,
        a: &NewArticle<'_>,
        audit: AuditDraft,
    ) -> Result<Ingested> {
        let ids = self.ids(2)?;
        let org = &actor.organisation().id;
        self.write_audited(audit, |tx, audit| {
            if let Some(key) = a.url_key {
                let existing: Option<String> = tx
                    .query_row(
                        news::BY_URL_KEY,
                        named_params! {":org": org, ":key": key},
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(id) = existing {
                    audit.detail.push(("duplicate_of", id.clone()));
                    return Ok(Ingested::Duplicate {
                        id,
                        by: DuplicateOf::Url,
                    });
                }
            }
            let existing: Option<String> = tx
                .query_row(
                    news::BY_TEXT_KEY,
                    named_params! {":org": org, ":key": a.text_key},
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = existing {
                return Ok(Ingested::Duplicate {
                    id,
                    by: DuplicateOf::Text,
                });
            }
            let (article_id, incident_id) = (&ids[0], &ids[1]);
            audit.records.push((org.clone(), article_id.clone()));
            let article_pk: i64 = tx.query_row(
                news::INSERT_ARTICLE,
                named_params! {
                    ":id": article_id, ":org": org, ":external_id": a.external_id,
                    ":url": a.url, ":url_key": a.url_key, ":text_key": a.text_key,
                    ":title": a.title, ":published": a.published, ":language": a.language,
                    ":body": a.body, ":source_file": a.source_file,
                    ":source_line": a.source_line.map(|n| n as i64),
                    ":ingested_at": now_rfc3339()
                },
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO news_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
                rusqlite::params![article_pk, a.title.unwrap_or(""), a.body],
            )?;
            let incident_pk: i64 = tx.query_row(
                news::INSERT_INCIDENT,
                named_params! {
                    ":id": incident_id, ":org": org, ":article": article_pk,
                    ":incident": a.incident, ":victims": a.victims.map(|n| n as i64),
                    ":arrests": a.arrests.map(|n| n as i64),
                    ":smuggling": i64::from(a.smuggling), ":event_date": a.event_date
                },
                |r| r.get(0),
            )?;
            {
                let mut facet = tx.prepare_cached(news::INSERT_FACET)?;
                for (f, value) in a.facets {
                    facet.execute(named_params! {
                        ":org": org, ":incident": incident_pk, ":facet": f.as_str(),
                        ":value": value
                    })?;
                }
            }
            Ok(Ingested::Stored {
                id: article_id.clone(),
            })
        })
    }

    fn news_article(&self, actor: &Actor, id: &str) -> Result<Option<StoredArticle>> {
        let bound = Access::of(actor).params(
            RecordKind::Article,
            Some(Level::Summary),
            &[(":id", Value::from(id.to_string()))],
        );
        self.conns.read(|conn| {
            Ok(conn
                .query_row(
                    &news::article_by_id(),
                    bound.as_params().as_slice(),
                    read_article,
                )
                .optional()?)
        })
    }

    fn count_news(&self, actor: &Actor) -> Result<u64> {
        let bound = Access::of(actor).params(RecordKind::Article, Some(Level::Summary), &[]);
        self.conns.read(|conn| {
            let n: i64 =
                conn.query_row(&news::count_visible(), bound.as_params().as_slice(), |r| {
                    r.get(0)
                })?;
            Ok(count(n))
        })
    }

    fn news_with(
        &self,
        actor: &Actor,
        facet: NewsFacet,
        value: &str,
    ) -> Result<Vec<StoredArticle>> {
        let bound = Access::of(actor).params(
            RecordKind::Article,
            Some(Level::Summary),
            &[
                (":facet", Value::from(facet.as_str().to_string())),
                (":value", Value::from(value.to_string())),
            ],
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&news::with_facet())?;
            let rows = stmt.query_map(bound.as_params().as_slice(), read_article)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn search_news(
        &self,
        actor: &Actor,
        query: &TextQuery,
        limit: usize,
    ) -> Result<Vec<StoredArticle>> {
        self.conns
            .read(|conn| search::search(conn, actor, query, limit))
    }

    fn search_news_ids(
        &self,
        actor: &Actor,
        query: &TextQuery,
        limit: usize,
    ) -> Result<Vec<String>> {
        self.conns
            .read(|conn| search::search_ids(conn, actor, query, limit))
    }

    fn news_articles(&self, actor: &Actor, ids: &[String]) -> Result<Vec<StoredArticle>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Ids travel as one JSON array, so a page of any size is one statement.
        let sql = news::articles_among("a.id IN (SELECT value FROM json_each(:ids))");
        let list = serde_json::to_string(ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let bound = Access::of(actor).params(
            RecordKind::Article,
            Some(Level::Summary),
            &[(":ids", Value::from(list))],
        );
        let found: Vec<StoredArticle> = self.conns.read(|conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            let rows = statement.query_map(bound.as_params().as_slice(), read_article)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        Ok(in_order_of(ids, found))
    }

    fn news_text(&self, actor: &Actor, id: &str) -> Result<Option<(Option<String>, String)>> {
        let bound = Access::of(actor).params(
            RecordKind::Article,
            Some(Level::Detail),
            &[(":id", Value::from(id.to_string()))],
        );
        self.conns.read(|conn| {
            Ok(conn
                .query_row(&news::text_by_id(), bound.as_params().as_slice(), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?)
        })
    }
}
