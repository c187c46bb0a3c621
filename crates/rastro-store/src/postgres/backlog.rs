//! The extraction backlog in PostgreSQL (the SQL in `crate::sql::backlog`, shared with SQLite).

use super::value::{execute, query, Value};
use super::PgBackend;
use crate::api::backlog::{ArticleForExtraction, ArticlePage, BacklogBackend, IncidentUpdate};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::sql::{backlog as sql, news};
use crate::Result;

impl BacklogBackend for PgBackend {
    fn own_articles(
        &self,
        actor: &Actor,
        after: Option<&str>,
        limit: usize,
    ) -> Result<ArticlePage> {
        let org = actor.organisation().id.as_str();
        self.conns.read(|tx| {
            let total: i64 = match query(tx, sql::COUNT_OWN, &[(":org", org.into())])?.first() {
                Some(row) => row.try_get(0)?,
                None => 0,
            };
            let rows = query(
                tx,
                sql::OWN_ARTICLES,
                &[
                    (":org", org.into()),
                    (":after", after.into()),
                    (":limit", (limit as i64).into()),
                ],
            )?;
            let articles = rows
                .iter()
                .map(|r| {
                    Ok(ArticleForExtraction {
                        id: r.try_get(0)?,
                        external_id: r.try_get(1)?,
                        url: r.try_get(2)?,
                        title: r.try_get(3)?,
                        published: r.try_get(4)?,
                        body: r.try_get(5)?,
                        incident: r.try_get(6)?,
                    })
                })
                .collect::<Result<_>>()?;
            Ok(ArticlePage {
                articles,
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
        let org = actor.organisation().id.as_str();
        self.write_audited(audit, |tx, audit| {
            let mut replaced = 0u64;
            for u in updates {
                let stored = query(
                    tx,
                    sql::INCIDENT_OF,
                    &[(":article", u.article_id.into()), (":org", org.into())],
                )?;
                // Not the organisation's (or gone), or unchanged: nothing to do.
                let Some(row) = stored.first() else {
                    continue;
                };
                let pk: i64 = row.try_get(0)?;
                let json: String = row.try_get(1)?;
                if json == u.incident {
                    continue;
                }
                execute(
                    tx,
                    sql::UPDATE_INCIDENT,
                    &[
                        (":incident", u.incident.into()),
                        (":victims", u.victims.map(|n| n as i64).into()),
                        (":arrests", u.arrests.map(|n| n as i64).into()),
                        (":smuggling", i64::from(u.smuggling).into()),
                        (":event_date", u.event_date.into()),
                        (":pk", pk.into()),
                        (":org", org.into()),
                    ],
                )?;
                execute(
                    tx,
                    sql::UPDATE_LANGUAGE,
                    &[
                        (":language", u.language.into()),
                        (":article", u.article_id.into()),
                        (":org", org.into()),
                    ],
                )?;
                execute(
                    tx,
                    sql::DELETE_FACETS,
                    &[(":pk", pk.into()), (":org", org.into())],
                )?;
                for (facet, value) in u.facets {
                    execute(
                        tx,
                        news::INSERT_FACET,
                        &[
                            (":org", org.into()),
                            (":incident", pk.into()),
                            (":facet", Value::from(facet.as_str())),
                            (":value", value.as_str().into()),
                        ],
                    )?;
                }
                audit
                    .records
                    .push((org.to_string(), u.article_id.to_string()));
                replaced += 1;
            }
            if replaced > 0 {
                execute(tx, sql::COUNT_CHANGE, &[])?;
            }
            audit.count = Some(replaced);
            Ok(replaced)
        })
    }
}
