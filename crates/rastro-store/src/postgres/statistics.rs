//! The countable values of cases and incidents in PostgreSQL, read as one ordered scan each a
//! chunk at a time, and the privacy budget ledger. The SQL is `sql::statistics`, shared with
//! SQLite; the records are assembled by `statistics_rows`.

use postgres::Row;

use super::scan::for_each_row;
use super::value::{count, execute, query};
use super::value::{Named, Value};
use super::PgBackend;
use crate::api::access::{Level, RecordKind};
use crate::api::members::Actor;
use crate::api::statistics::{
    BudgetRequest, CaseFacts, FactsSpan, IncidentFacts, PrivacyRelease, StatisticsBackend,
    VisibilityStamp,
};
use crate::api::trace::AuditDraft;
use crate::sql::access::Access;
use crate::sql::statistics as sql;
use crate::statistics_rows::{incident_facet, release, url_host, wanted_case_facets, Grouper};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// How the cases table is walked: PostgreSQL plans its own walk, so no hint.
const SCAN_CASES: &str = "cases c";

impl StatisticsBackend for PgBackend {
    fn for_each_case_facts(
        &self,
        actor: &Actor,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(CaseFacts) -> Result<()>,
    ) -> Result<u64> {
        let params = Access::of(actor).pg_params(
            RecordKind::Case,
            Some(Level::Summary),
            keys(span.case_keys()),
        );
        let named = Named::new(&sql::case_facts(SCAN_CASES), &params)?;
        self.conns.read(|tx| {
            let mut visited = 0;
            for_each_row(tx, &named.sql, &named.params(), |_, row| {
                visited += 1;
                visit(CaseFacts {
                    id: row.try_get(1)?,
                    owner: row.try_get(2)?,
                    values: wanted_case_facets(row.try_get(3)?, span.picklists),
                })
            })?;
            Ok(visited)
        })
    }

    fn for_each_incident_facts(
        &self,
        actor: &Actor,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(IncidentFacts) -> Result<()>,
    ) -> Result<u64> {
        let params = Access::of(actor).pg_params(
            RecordKind::Article,
            Some(Level::Summary),
            keys(span.incident_keys()),
        );
        let named = Named::new(&sql::incident_facts(), &params)?;
        self.conns.read(|tx| {
            let mut grouper = Grouper::new(visit);
            for_each_row(tx, &named.sql, &named.params(), |_, row| {
                let facts = grouper.record(row.try_get(0)?, || {
                    Ok(IncidentFacts {
                        id: row.try_get(1)?,
                        owner: row.try_get(2)?,
                        language: row.try_get(3)?,
                        date: row.try_get(4)?,
                        victims: row.try_get::<_, Option<i64>>(5)?.map(|n| n.max(0) as u64),
                        outlet: row.try_get::<_, Option<&str>>(6)?.and_then(url_host),
                        event: row.try_get(7)?,
                        values: Vec::new(),
                    })
                })?;
                if let Some(facet) = incident_facet(name_at(row, 8)?) {
                    if let Some(value) = row.try_get::<_, Option<String>>(9)? {
                        facts.values.push((facet, value));
                    }
                }
                Ok(())
            })?;
            grouper.finish()
        })
    }

    fn visibility_stamp(&self, _actor: &Actor) -> Result<VisibilityStamp> {
        let now = now_rfc3339();
        self.conns.read(|tx| {
            let rows = query(tx, sql::STAMP, &[(":now", now.into())])?;
            let r = rows
                .first()
                .ok_or_else(|| StoreError::Database("the stamp's query returned no row".into()))?;
            Ok(VisibilityStamp::new(
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
            ))
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
        let org = actor.organisation().id.as_str();
        self.write_audited(audit, |tx, audit| {
            if once.is_some() {
                let made = query(
                    tx,
                    sql::RELEASE_BY_ID,
                    &[(":org", org.into()), (":id", id.as_str().into())],
                )?;
                if let Some(made) = made.first() {
                    let made = read_release(made)?;
                    audit.detail.push(("already_made", made.id.clone()));
                    return Ok(made);
                }
                let elsewhere = query(
                    tx,
                    sql::RELEASE_ID_ELSEWHERE,
                    &[(":org", org.into()), (":id", id.as_str().into())],
                )?;
                if elsewhere
                    .first()
                    .map(|r| count(r, 0))
                    .transpose()?
                    .unwrap_or(0)
                    > 0
                {
                    return Err(StoreError::Invalid(format!(
                        "the release key {id} is another organisation's"
                    )));
                }
            }
            // Read and spend in one write transaction (under the cluster's write lock): two
            // releases at once cannot both fit in what is left.
            let rows = query(
                tx,
                sql::SPENT,
                &[(":org", org.into()), (":dataset", request.dataset.into())],
            )?;
            let spent: f64 = match rows.first() {
                Some(r) => r.try_get(0)?,
                None => 0.0,
            };
            let release = release(request, id.clone(), spent, actor.user_name())?;
            execute(
                tx,
                sql::INSERT_RELEASE,
                &[
                    (":id", release.id.as_str().into()),
                    (":org", org.into()),
                    (":dataset", release.dataset.as_str().into()),
                    (":epsilon", Value::Real(release.epsilon)),
                    (":dimensions", release.dimensions.as_str().into()),
                    (":user", actor.user_id().into()),
                    (":at", release.released_at.as_str().into()),
                ],
            )?;
            Ok(release)
        })
    }

    fn releases(&self, actor: &Actor, dataset: &str) -> Result<Vec<PrivacyRelease>> {
        let org = actor.organisation().id.as_str();
        self.conns.read(|tx| {
            query(
                tx,
                sql::RELEASES,
                &[(":org", org.into()), (":dataset", dataset.into())],
            )?
            .iter()
            .map(read_release)
            .collect()
        })
    }
}

/// The bounds of a span of keys, as the scans bind them.
fn keys((above, upto): (i64, i64)) -> Vec<(&'static str, Value)> {
    vec![
        (":above", Value::Integer(above)),
        (":upto", Value::Integer(upto)),
    ]
}

/// The text of column `i` as bytes, borrowed from the row (`None` for NULL).
fn name_at(row: &Row, i: usize) -> Result<Option<&[u8]>> {
    Ok(row.try_get::<_, Option<&str>>(i)?.map(str::as_bytes))
}

/// A row of the ledger ([`sql::RELEASES`]' columns).
fn read_release(r: &Row) -> Result<PrivacyRelease> {
    Ok(PrivacyRelease {
        id: r.try_get(0)?,
        dataset: r.try_get(1)?,
        epsilon: r.try_get(2)?,
        dimensions: r.try_get(3)?,
        released_by: r.try_get(4)?,
        released_at: r.try_get(5)?,
    })
}
