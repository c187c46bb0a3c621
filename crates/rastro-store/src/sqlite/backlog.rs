//! The extraction backlog in SQLite (the SQL in `crate::sql::backlog`).

use rusqlite::{named_params, OptionalExtension};

use super::SqliteBackend;
use crate::api::backlog::{ArticleForExtraction, ArticlePage, BacklogBackend, IncidentUpdate};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::sql::{backlog as sql, news};
use crate::Result;

impl BacklogBackend for SqliteBackend {
    fn own_articles(
        &self,
        actor: &Actor,
        after: Option<&str>,
        limit: usize,
    ) -> Result<ArticlePage> {
        let org = &actor.organisation().id;
        self.conns.read(|conn| {
            let total: i64 =
                conn.query_row(sql::COUNT_OWN, named_params! {":org": org}, |r| r.get(0))?;
            let mut statement = conn.prepare(sql::OWN_ARTICLES)?;
            let rows = statement.query_map(
                named_params! {":org": org, ":after": after, ":limit": limit as i64},
                |r| {
                    Ok(ArticleForExtraction {
                        id: r.get(0)?,
                        external_id: r.get(1)?,
                        url: r.get(2)?,
                        title: r.get(3)?,
                        published: r.get(4)?,
                        body: r.get(5)?,
                        incident: r.get(6)?,
                    })
                },
            )?;
            Ok(ArticlePage {
                articles: rows.collect::<rusqlite::Result<_>>()?,
                total: total.max(0) as u64,
            })
        })
    }

    fn replace_incidents(
        &self,
        actor: &Actor,
        updates: &[IncidentUpdate<'_>],
        audit: AuditDraft,
    ) -> Result<u64> {
        let org = &actor.organisation().id;
        self.write_audited(audit, |tx, audit| {
            let mut replaced = 0u64;
            for u in updates {
                let stored: Option<(i64, String)> = tx
                    .query_row(
                        sql::INCIDENT_OF,
                        named_params! {":article": u.article_id, ":org": org},
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                // Not the organisation's (or gone), or unchanged: nothing to do.
                let Some((pk, json)) = stored else {
                    continue;
                };
                if json == u.incident {
                    continue;
                }
                tx.execute(
                    sql::UPDATE_INCIDENT,
                    named_params! {
                        ":incident": u.incident, ":victims": u.victims.map(|n| n as i64),
                        ":arrests": u.arrests.map(|n| n as i64),
                        ":smuggling": i64::from(u.smuggling), ":event_date": u.event_date,
                        ":pk": pk, ":org": org
                    },
                )?;
                tx.execute(
                    sql::UPDATE_LANGUAGE,
                    named_params! {":language": u.language, ":article": u.article_id, ":org": org},
                )?;
                tx.execute(sql::DELETE_FACETS, named_params! {":pk": pk, ":org": org})?;
                let mut facet = tx.prepare_cached(news::INSERT_FACET)?;
                for (f, value) in u.facets {
                    facet.execute(named_params! {
                        ":org": org, ":incident": pk, ":facet": f.as_str(), ":value": value
                    })?;
                }
                audit.records.push((org.clone(), u.article_id.to_string()));
                replaced += 1;
            }
            if replaced > 0 {
                tx.execute(sql::COUNT_CHANGE, [])?;
            }
            audit.count = Some(replaced);
            Ok(replaced)
        })
    }
}
