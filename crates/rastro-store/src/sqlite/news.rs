//! News articles and incidents in SQLite (search is in `search.rs`).

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use super::access::Access;
use super::articles::{article_columns, read_article, ARTICLE_TABLES};
use super::{count, search, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::members::Actor;
use crate::api::news::{
    DuplicateOf, Ingested, NewArticle, NewsBackend, NewsFacet, StoredArticle, TextQuery,
};
use crate::api::trace::AuditDraft;
use crate::sql::visibility::visible;
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
        self.write_audited(audit, |tx, audit| {
            if let Some(key) = a.url_key {
                let existing: Option<String> = tx
                    .query_row(
                        "SELECT id FROM news_articles WHERE org_id = ?1 AND url_key = ?2",
                        params![actor.organisation().id, key],
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
                    "SELECT id FROM news_articles WHERE org_id = ?1 AND text_key = ?2",
                    params![actor.organisation().id, a.text_key],
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
            audit
                .records
                .push((actor.organisation().id.clone(), article_id.clone()));
            let article_pk: i64 = tx.query_row(
                "INSERT INTO news_articles (id, org_id, external_id, url, url_key, text_key, title,
                     published, language, body, source_file, source_line, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                 RETURNING pk",
                params![
                    article_id,
                    actor.organisation().id,
                    a.external_id,
                    a.url,
                    a.url_key,
                    a.text_key,
                    a.title,
                    a.published,
                    a.language,
                    a.body,
                    a.source_file,
                    a.source_line.map(|n| n as i64),
                    now_rfc3339()
                ],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO news_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
                params![article_pk, a.title.unwrap_or(""), a.body],
            )?;
            let incident_pk: i64 = tx.query_row(
                "INSERT INTO news_incidents (id, org_id, article_pk, incident, victims, arrests,
                     smuggling, event_date)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 RETURNING pk",
                params![
                    incident_id,
                    actor.organisation().id,
                    article_pk,
                    a.incident,
                    a.victims.map(|n| n as i64),
                    a.arrests.map(|n| n as i64),
                    a.smuggling,
                    a.event_date
                ],
                |r| r.get(0),
            )?;
            {
                let mut facet = tx.prepare_cached(
                    "INSERT INTO news_incident_facets (incident_pk, facet, value)
                     VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                )?;
                for (f, value) in a.facets {
                    facet.execute(params![incident_pk, f.as_str(), value])?;
                }
            }
            Ok(Ingested::Stored {
                id: article_id.clone(),
            })
        })
    }

    fn news_article(&self, actor: &Actor, id: &str) -> Result<Option<StoredArticle>> {
        let sql = format!(
            "SELECT {} FROM {ARTICLE_TABLES} WHERE a.id = :id AND {}",
            article_columns(),
            visible(RecordKind::Article, "a")
        );
        let bound = Access::of(actor).params(
            RecordKind::Article,
            Some(Level::Summary),
            &[(":id", Value::from(id.to_string()))],
        );
        self.conns.read(|conn| {
            Ok(conn
                .query_row(&sql, bound.as_params().as_slice(), read_article)
                .optional()?)
        })
    }

    fn count_news(&self, actor: &Actor) -> Result<u64> {
        let sql = format!(
            "SELECT COUNT(*) FROM news_articles a WHERE {}",
            visible(RecordKind::Article, "a")
        );
        let bound = Access::of(actor).params(RecordKind::Article, Some(Level::Summary), &[]);
        self.conns.read(|conn| {
            let n: i64 = conn.query_row(&sql, bound.as_params().as_slice(), |r| r.get(0))?;
            Ok(count(n))
        })
    }

    fn news_with(
        &self,
        actor: &Actor,
        facet: NewsFacet,
        value: &str,
    ) -> Result<Vec<StoredArticle>> {
        let sql = format!(
            "SELECT {} FROM {ARTICLE_TABLES}
             WHERE {} AND EXISTS (SELECT 1 FROM news_incident_facets f
                 WHERE f.incident_pk = i.pk AND f.facet = :facet AND f.value = :value)
             ORDER BY COALESCE(i.event_date, a.published, a.ingested_at) DESC, a.pk DESC",
            article_columns(),
            visible(RecordKind::Article, "a")
        );
        let bound = Access::of(actor).params(
            RecordKind::Article,
            Some(Level::Summary),
            &[
                (":facet", Value::from(facet.as_str().to_string())),
                (":value", Value::from(value.to_string())),
            ],
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
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
        let sql = format!(
            "SELECT {} FROM {ARTICLE_TABLES}
             WHERE a.id IN (SELECT value FROM json_each(:ids)) AND {}",
            article_columns(),
            visible(RecordKind::Article, "a")
        );
        let list = serde_json::to_string(ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let bound = Access::of(actor).params(
            RecordKind::Article,
            Some(Level::Summary),
            &[(":ids", Value::from(list))],
        );
        let mut found: Vec<StoredArticle> = self.conns.read(|conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            let rows = statement.query_map(bound.as_params().as_slice(), read_article)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        let order: std::collections::HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        found.sort_by_key(|a| order.get(a.id.as_str()).copied().unwrap_or(usize::MAX));
        Ok(found)
    }

    fn news_text(&self, actor: &Actor, id: &str) -> Result<Option<(Option<String>, String)>> {
        let sql = format!(
            "SELECT a.title, a.body FROM news_articles a WHERE a.id = :id AND {}",
            visible(RecordKind::Article, "a")
        );
        let bound = Access::of(actor).params(
            RecordKind::Article,
            Some(Level::Detail),
            &[(":id", Value::from(id.to_string()))],
        );
        self.conns.read(|conn| {
            Ok(conn
                .query_row(&sql, bound.as_params().as_slice(), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?)
        })
    }
}
