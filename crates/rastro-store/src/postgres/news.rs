//! News articles and incidents in PostgreSQL (search is in `search.rs`, the SQL in
//! `crate::sql::news`, shared with SQLite).

use super::access::Access;
use super::articles::read_article;
use super::value::{Named, Value};
use super::{search, PgBackend};
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

/// Visible articles read by `sql` (which uses the visibility rule at `need`) with `more`
/// parameters.
fn read_visible(
    backend: &PgBackend,
    actor: &Actor,
    sql: &str,
    need: Level,
    more: Vec<(&'static str, Value)>,
) -> Result<Vec<StoredArticle>> {
    let params = Access::of(actor).pg_params(RecordKind::Article, Some(need), more);
    let named = Named::new(sql, &params)?;
    backend.conns.read(|tx| {
        tx.query(&named.sql, &named.params())?
            .iter()
            .map(read_article)
            .collect()
    })
}

impl NewsBackend for PgBackend {
    fn ingest_article(
        &self,
        actor: &Actor,
        a: &NewArticle<'_>,
        audit: AuditDraft,
    ) -> Result<Ingested> {
        let ids = self.ids(2)?;
        let org = actor.organisation().id.clone();
        let org_value = || Value::from(org.as_str());
        let by_url = Named::new(
            news::BY_URL_KEY,
            &[(":org", org_value()), (":key", a.url_key.into())],
        )?;
        let by_text = Named::new(
            news::BY_TEXT_KEY,
            &[(":org", org_value()), (":key", a.text_key.into())],
        )?;
        let (article_id, incident_id) = (&ids[0], &ids[1]);
        self.write_audited(audit, |tx, audit| {
            if a.url_key.is_some() {
                if let Some(row) = tx.query_opt(&by_url.sql, &by_url.params())? {
                    let id: String = row.try_get(0)?;
                    audit.detail.push(("duplicate_of", id.clone()));
                    return Ok(Ingested::Duplicate {
                        id,
                        by: DuplicateOf::Url,
                    });
                }
            }
            if let Some(row) = tx.query_opt(&by_text.sql, &by_text.params())? {
                return Ok(Ingested::Duplicate {
                    id: row.try_get(0)?,
                    by: DuplicateOf::Text,
                });
            }
            audit.records.push((org.clone(), article_id.clone()));
            let insert = Named::new(
                news::INSERT_ARTICLE,
                &[
                    (":id", article_id.as_str().into()),
                    (":org", org_value()),
                    (":external_id", a.external_id.into()),
                    (":url", a.url.into()),
                    (":url_key", a.url_key.into()),
                    (":text_key", a.text_key.into()),
                    (":title", a.title.into()),
                    (":published", a.published.into()),
                    (":language", a.language.into()),
                    (":body", a.body.into()),
                    (":source_file", a.source_file.into()),
                    (":source_line", a.source_line.map(|n| n as i64).into()),
                    (":ingested_at", now_rfc3339().into()),
                ],
            )?;
            let article_pk: i64 = tx.query_one(&insert.sql, &insert.params())?.try_get(0)?;
            let insert = Named::new(
                news::INSERT_INCIDENT,
                &[
                    (":id", incident_id.as_str().into()),
                    (":org", org_value()),
                    (":article", article_pk.into()),
                    (":incident", a.incident.into()),
                    (":victims", a.victims.map(|n| n as i64).into()),
                    (":arrests", a.arrests.map(|n| n as i64).into()),
                    (":smuggling", i64::from(a.smuggling).into()),
                    (":event_date", a.event_date.into()),
                ],
            )?;
            let incident_pk: i64 = tx.query_one(&insert.sql, &insert.params())?.try_get(0)?;
            let mut statement = None;
            for (facet, value) in a.facets {
                let insert = Named::new(
                    news::INSERT_FACET,
                    &[
                        (":org", org_value()),
                        (":incident", incident_pk.into()),
                        (":facet", facet.as_str().into()),
                        (":value", value.as_str().into()),
                    ],
                )?;
                // Prepared once for all of the incident's facets.
                let prepared = match statement.take() {
                    Some(prepared) => prepared,
                    None => tx.prepare(&insert.sql)?,
                };
                tx.execute(&prepared, &insert.params())?;
                statement = Some(prepared);
            }
            Ok(Ingested::Stored {
                id: article_id.clone(),
            })
        })
    }

    fn news_article(&self, actor: &Actor, id: &str) -> Result<Option<StoredArticle>> {
        Ok(read_visible(
            self,
            actor,
            &news::article_by_id(),
            Level::Summary,
            vec![(":id", id.into())],
        )?
        .into_iter()
        .next())
    }

    fn count_news(&self, actor: &Actor) -> Result<u64> {
        let params = Access::of(actor).pg_params(RecordKind::Article, Some(Level::Summary), vec![]);
        let named = Named::new(&news::count_visible(), &params)?;
        self.conns
            .read(|tx| super::value::count(&tx.query_one(&named.sql, &named.params())?, 0))
    }

    fn news_with(
        &self,
        actor: &Actor,
        facet: NewsFacet,
        value: &str,
    ) -> Result<Vec<StoredArticle>> {
        read_visible(
            self,
            actor,
            &news::with_facet(),
            Level::Summary,
            vec![(":facet", facet.as_str().into()), (":value", value.into())],
        )
    }

    fn search_news(
        &self,
        actor: &Actor,
        query: &TextQuery,
        limit: usize,
    ) -> Result<Vec<StoredArticle>> {
        self.conns
            .read(|tx| search::search(tx, actor, query, limit))
    }

    fn search_news_ids(
        &self,
        actor: &Actor,
        query: &TextQuery,
        limit: usize,
    ) -> Result<Vec<String>> {
        self.conns
            .read(|tx| search::search_ids(tx, actor, query, limit))
    }

    fn news_articles(&self, actor: &Actor, ids: &[String]) -> Result<Vec<StoredArticle>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Ids travel as one JSON array, as in SQLite: a page of any size is one statement.
        let sql = news::articles_among(
            "a.id IN (SELECT value FROM json_array_elements_text(CAST(CAST(:ids AS TEXT) AS json)))",
        );
        let list = serde_json::to_string(ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let found = read_visible(
            self,
            actor,
            &sql,
            Level::Summary,
            vec![(":ids", list.into())],
        )?;
        Ok(in_order_of(ids, found))
    }

    fn news_text(&self, actor: &Actor, id: &str) -> Result<Option<(Option<String>, String)>> {
        let params = Access::of(actor).pg_params(
            RecordKind::Article,
            Some(Level::Detail),
            vec![(":id", id.into())],
        );
        let named = Named::new(&news::text_by_id(), &params)?;
        self.conns.read(|tx| {
            tx.query_opt(&named.sql, &named.params())?
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .transpose()
        })
    }
}
