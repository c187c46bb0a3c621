//! The countable values of cases and incidents, read as one ordered scan each, and the privacy
//! budget ledger. The SQL is `sql::statistics`, shared with PostgreSQL.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{named_params, OptionalExtension, Row};

use super::access::Access;
use super::cases::SCAN_CASES;
use super::{count, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::members::Actor;
use crate::api::statistics::{
    BudgetRequest, CaseFacts, FactsSpan, IncidentFacts, PrivacyRelease, StatisticsBackend,
    VisibilityStamp,
};
use crate::api::trace::AuditDraft;
use crate::sql::statistics as sql;
use crate::statistics_rows::{incident_facet, release, url_host, wanted_case_facets, Grouper};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

impl StatisticsBackend for SqliteBackend {
    fn for_each_case_facts(
        &self,
        actor: &Actor,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(CaseFacts) -> Result<()>,
    ) -> Result<u64> {
        let sql = sql::case_facts(SCAN_CASES);
        let bound = Access::of(actor).params(
            RecordKind::Case,
            Some(Level::Summary),
            &keys(span.case_keys()),
        );
        self.conns.read(|conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            let mut rows = statement.query(bound.as_params().as_slice())?;
            let mut visited = 0;
            while let Some(row) = rows.next()? {
                visited += 1;
                let values = match row.get_ref(3)? {
                    ValueRef::Text(text) => std::str::from_utf8(text)
                        .map(|text| wanted_case_facets(text, span.picklists))
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                visit(CaseFacts {
                    id: row.get(1)?,
                    owner: row.get(2)?,
                    values,
                })?;
            }
            Ok(visited)
        })
    }

    fn for_each_incident_facts(
        &self,
        actor: &Actor,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(IncidentFacts) -> Result<()>,
    ) -> Result<u64> {
        let sql = sql::incident_facts();
        let bound = Access::of(actor).params(
            RecordKind::Article,
            Some(Level::Summary),
            &keys(span.incident_keys()),
        );
        self.conns.read(|conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            let mut rows = statement.query(bound.as_params().as_slice())?;
            let mut grouper = Grouper::new(visit);
            while let Some(row) = rows.next()? {
                let facts = grouper.record(row.get(0)?, || {
                    Ok(IncidentFacts {
                        id: row.get(1)?,
                        owner: row.get(2)?,
                        language: row.get(3)?,
                        date: row.get(4)?,
                        victims: row.get::<_, Option<i64>>(5)?.map(count),
                        outlet: row
                            .get::<_, Option<String>>(6)?
                            .as_deref()
                            .and_then(url_host),
                        event: row.get(7)?,
                        values: Vec::new(),
                    })
                })?;
                if let Some(facet) = incident_facet(name_at(row, 8)?) {
                    if let Some(value) = row.get::<_, Option<String>>(9)? {
                        facts.values.push((facet, value));
                    }
                }
            }
            grouper.finish()
        })
    }

    fn visibility_stamp(&self, _actor: &Actor) -> Result<VisibilityStamp> {
        let now = now_rfc3339();
        self.conns.read(|conn| {
            Ok(conn
                .prepare_cached(sql::STAMP)?
                .query_row(named_params! {":now": now}, |r| {
                    Ok(VisibilityStamp::new(
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                    ))
                })?)
        })
    }

    fn spend_budget(
        &self,
        actor: &Actor,
        request: &BudgetRequest<'_>,
        once: Option<&str>,
        audit: AuditDraft,
    ) -> Result<PrivacyRelease> {
        let id = match once {
            Some(key) => key.to_string(),
            None => self.id()?,
        };
        let org = actor.organisation().id.clone();
        self.write_audited(audit, |tx, audit| {
            if once.is_some() {
                let made = tx
                    .query_row(
                        sql::RELEASE_BY_ID,
                        named_params! {":org": org, ":id": id},
                        read_release,
                    )
                    .optional()?;
                if let Some(made) = made {
                    audit.detail.push(("already_made", made.id.clone()));
                    return Ok(made);
                }
                let elsewhere: i64 = tx.query_row(
                    sql::RELEASE_ID_ELSEWHERE,
                    named_params! {":org": org, ":id": id},
                    |r| r.get(0),
                )?;
                if elsewhere > 0 {
                    return Err(StoreError::Invalid(format!(
                        "the release key {id} is another organisation's"
                    )));
                }
            }
            // Read and spend in one write transaction: two releases at once cannot both fit in
            // what is left.
            let spent: f64 = tx.query_row(
                sql::SPENT,
                named_params! {":org": org, ":dataset": request.dataset},
                |r| r.get(0),
            )?;
            let release = release(request, id.clone(), spent, actor.user_name())?;
            tx.execute(
                sql::INSERT_RELEASE,
                named_params! {
                    ":id": release.id,
                    ":org": org,
                    ":dataset": release.dataset,
                    ":epsilon": release.epsilon,
                    ":dimensions": release.dimensions,
                    ":user": actor.user_id(),
                    ":at": release.released_at,
                },
            )?;
            Ok(release)
        })
    }

    fn releases(&self, actor: &Actor, dataset: &str) -> Result<Vec<PrivacyRelease>> {
        let org = actor.organisation().id.clone();
        self.conns.read(|conn| {
            let mut statement = conn.prepare(sql::RELEASES)?;
            let rows = statement.query_map(
                named_params! {":org": org, ":dataset": dataset},
                read_release,
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// A row of the ledger ([`sql::RELEASES`]' columns).
fn read_release(r: &Row<'_>) -> rusqlite::Result<PrivacyRelease> {
    Ok(PrivacyRelease {
        id: r.get(0)?,
        dataset: r.get(1)?,
        epsilon: r.get(2)?,
        dimensions: r.get(3)?,
        released_by: r.get(4)?,
        released_at: r.get(5)?,
    })
}

/// The bounds of a span of keys, as the scans bind them.
fn keys((above, upto): (i64, i64)) -> [(&'static str, Value); 2] {
    [(":above", Value::from(above)), (":upto", Value::from(upto))]
}

/// The text of column `i` as bytes, borrowed from the row (`None` for NULL or what is not text).
fn name_at<'r>(row: &'r Row<'_>, i: usize) -> Result<Option<&'r [u8]>> {
    match row.get_ref(i)? {
        ValueRef::Text(bytes) => Ok(Some(bytes)),
        _ => Ok(None),
    }
}
