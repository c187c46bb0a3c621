//! The countable values of cases and incidents, read as one ordered scan each, and the privacy
//! budget ledger.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, Row, Rows};

use super::access::Access;
use super::cases::SCAN_CASES;
use super::{count, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::cases::Facet;
use crate::api::members::Actor;
use crate::api::news::NewsFacet;
use crate::api::statistics::{
    BudgetRequest, CaseFacts, FactsSpan, IncidentFacts, PrivacyRelease, StatisticsBackend,
    VisibilityStamp,
};
use crate::api::trace::AuditDraft;
use crate::sql::runs::EVENT_RUNS;
use crate::sql::visibility::visible;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

impl StatisticsBackend for SqliteBackend {
    fn for_each_case_facts(
        &self,
        actor: &Actor,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(CaseFacts) -> Result<()>,
    ) -> Result<u64> {
        // One row per facet value (a record with none still gives one row, of NULLs), ordered
        // by record, so records are assembled in one pass without holding them all.
        let sql = format!(
            "SELECT c.pk, c.id, o.name, f.facet, f.value FROM {SCAN_CASES}
             JOIN organisations o ON o.id = c.org_id
             LEFT JOIN case_facets f ON f.case_pk = c.pk
             WHERE c.pk > :above AND c.pk <= :upto AND {} ORDER BY c.pk",
            visible(RecordKind::Case, "c")
        );
        // Picklist facets are skipped as rows arrive, not in SQL: a facet condition there
        // made SQLite seek once per facet name instead of reading each case's rows in one run
        // (5 CPU-s instead of 1.5 on a million cases).
        let wanted = |facet: Facet| span.picklists || !facet.is_picklist();
        let bound = Access::of(actor).params(
            RecordKind::Case,
            Some(Level::Summary),
            &keys(span.case_keys()),
        );
        self.conns.read(|conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            let mut rows = statement.query(bound.as_params().as_slice())?;
            grouped(
                &mut rows,
                |row| {
                    Ok(CaseFacts {
                        id: row.get(1)?,
                        owner: row.get(2)?,
                        values: Vec::new(),
                    })
                },
                |facts, row| {
                    facts.values.extend(facet_of(row, wanted)?);
                    Ok(())
                },
                visit,
            )
        })
    }

    fn for_each_incident_facts(
        &self,
        actor: &Actor,
        span: FactsSpan<'_>,
        visit: &mut dyn FnMut(IncidentFacts) -> Result<()>,
    ) -> Result<u64> {
        let sql = format!(
            "SELECT i.pk, a.id, o.name, a.language, COALESCE(i.event_date, a.published),
                    i.victims, a.url,
                    (SELECT m.event_id FROM news_event_members m
                      WHERE m.article_pk = a.pk AND m.run_id = {latest}),
                    f.facet, f.value
             FROM news_incidents i
             JOIN news_articles a ON a.pk = i.article_pk
             JOIN organisations o ON o.id = a.org_id
             LEFT JOIN news_incident_facets f ON f.incident_pk = i.pk
                  AND f.facet IN ('country', 'exploitation')
             WHERE i.pk > :above AND i.pk <= :upto AND {visible} ORDER BY i.pk",
            latest = EVENT_RUNS.latest_run(),
            visible = visible(RecordKind::Article, "a")
        );
        let bound = Access::of(actor).params(
            RecordKind::Article,
            Some(Level::Summary),
            &keys(span.incident_keys()),
        );
        self.conns.read(|conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            let mut rows = statement.query(bound.as_params().as_slice())?;
            grouped(
                &mut rows,
                |row| {
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
                },
                |facts, row| {
                    let facet = match row.get_ref(8)? {
                        ValueRef::Text(b"country") => NewsFacet::Country,
                        ValueRef::Text(_) => NewsFacet::Exploitation,
                        _ => return Ok(()),
                    };
                    if let Some(value) = row.get::<_, Option<String>>(9)? {
                        facts.values.push((facet, value));
                    }
                    Ok(())
                },
                visit,
            )
        })
    }

    fn visibility_stamp(&self, _actor: &Actor) -> Result<VisibilityStamp> {
        // Every removal or grant change moves the counter (triggers); what time alone changes —
        // a grant reaching its expiry — moves the count of expired grants; additions raise the
        // highest keys. One statement, so the five are read at one moment.
        let sql = "SELECT (SELECT n FROM store_changes WHERE id = 1),
                          (SELECT COUNT(*) FROM grants
                            WHERE expires_at IS NOT NULL AND expires_at <= ?1),
                          (SELECT COALESCE(MAX(pk), 0) FROM cases),
                          (SELECT COALESCE(MAX(pk), 0) FROM news_articles),
                          (SELECT COALESCE(MAX(pk), 0) FROM news_incidents)";
        let now = now_rfc3339();
        self.conns.read(|conn| {
            Ok(conn.prepare_cached(sql)?.query_row(params![now], |r| {
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
        audit: AuditDraft,
    ) -> Result<PrivacyRelease> {
        let id = self.id()?;
        let org = actor.organisation().id.clone();
        self.write_audited(audit, |tx, _| {
            // Read and spend in one write transaction: two releases at once cannot both fit in
            // what is left.
            let spent: f64 = tx.query_row(
                "SELECT COALESCE(SUM(epsilon), 0) FROM privacy_releases
                 WHERE org_id = ?1 AND dataset = ?2",
                params![org, request.dataset],
                |r| r.get(0),
            )?;
            if spent + request.epsilon > request.total + 1e-9 {
                return Err(StoreError::Invalid(format!(
                    "the privacy budget of {:?} is spent: {spent} of {} used, {} asked",
                    request.dataset, request.total, request.epsilon
                )));
            }
            let release = PrivacyRelease {
                id: id.clone(),
                dataset: request.dataset.to_string(),
                epsilon: request.epsilon,
                dimensions: request.dimensions.to_string(),
                released_by: actor.user_name().to_string(),
                released_at: now_rfc3339(),
            };
            tx.execute(
                "INSERT INTO privacy_releases
                   (id, org_id, dataset, epsilon, dimensions, released_by, released_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    release.id,
                    org,
                    release.dataset,
                    release.epsilon,
                    release.dimensions,
                    actor.user_id(),
                    release.released_at
                ],
            )?;
            Ok(release)
        })
    }

    fn releases(&self, actor: &Actor, dataset: &str) -> Result<Vec<PrivacyRelease>> {
        let org = actor.organisation().id.clone();
        let dataset = dataset.to_string();
        self.conns.read(|conn| {
            let mut statement = conn.prepare(
                "SELECT r.id, r.dataset, r.epsilon, r.dimensions, COALESCE(u.name, r.released_by),
                        r.released_at
                 FROM privacy_releases r LEFT JOIN users u ON u.id = r.released_by
                 WHERE r.org_id = ?1 AND r.dataset = ?2 ORDER BY r.released_at, r.id",
            )?;
            let rows = statement.query_map(params![org, dataset], |r| {
                Ok(PrivacyRelease {
                    id: r.get(0)?,
                    dataset: r.get(1)?,
                    epsilon: r.get(2)?,
                    dimensions: r.get(3)?,
                    released_by: r.get(4)?,
                    released_at: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// The host of a web address, lower-cased and without `www.`: `https://www.ElComercio.pe/x` →
/// `elcomercio.pe`. Anything that is not an http(s) address with a host gives nothing.
fn url_host(url: &str) -> Option<String> {
    let rest = url
        .trim()
        .strip_prefix("https://")
        .or_else(|| url.trim().strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
    .then(|| host.to_string())
}

/// The bounds of a span of keys, as the scans bind them.
fn keys((above, upto): (i64, i64)) -> [(&'static str, Value); 2] {
    [(":above", Value::from(above)), (":upto", Value::from(upto))]
}

/// Assembles records from rows ordered by their key (column 0), one row per value: `start` makes
/// a record from its first row, `add` adds every row's value; each record is visited once whole,
/// so no more than one is held. Returns how many were visited.
fn grouped<T>(
    rows: &mut Rows<'_>,
    start: impl Fn(&Row<'_>) -> Result<T>,
    add: impl Fn(&mut T, &Row<'_>) -> Result<()>,
    visit: &mut dyn FnMut(T) -> Result<()>,
) -> Result<u64> {
    let mut current: Option<(i64, T)> = None;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let key: i64 = row.get(0)?;
        if current.as_ref().map(|(k, _)| *k) != Some(key) {
            if let Some((_, done)) = current.take() {
                visit(done)?;
                n += 1;
            }
            current = Some((key, start(row)?));
        }
        if let Some((_, record)) = &mut current {
            add(record, row)?;
        }
    }
    if let Some((_, done)) = current {
        visit(done)?;
        n += 1;
    }
    Ok(n)
}

/// The facet of a row of the cases scan, when `wanted`; facets this build does not know are
/// skipped. Read without allocating the facet's name, and the value only when wanted: the scan
/// visits about eighteen of these per case.
fn facet_of(row: &Row<'_>, wanted: impl Fn(Facet) -> bool) -> Result<Option<(Facet, String)>> {
    let facet = match row.get_ref(3)? {
        ValueRef::Text(bytes) => Facet::from_stored(bytes).filter(|f| wanted(*f)),
        _ => None,
    };
    Ok(match facet {
        Some(facet) => row.get::<_, Option<String>>(4)?.map(|value| (facet, value)),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::url_host;

    #[test]
    fn an_outlet_is_the_host_of_an_address() {
        assert_eq!(
            url_host("https://www.ElComercio.pe/lima/rescate?x=1").as_deref(),
            Some("elcomercio.pe")
        );
        assert_eq!(
            url_host("http://g1.globo.com:80/").as_deref(),
            Some("g1.globo.com")
        );
        assert_eq!(
            url_host("https://user@news.example.org").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(url_host("ftp://example.org/a"), None);
        assert_eq!(url_host("not a url"), None);
        assert_eq!(url_host("https://localhost/"), None);
        assert_eq!(url_host("https://<script>.com/"), None);
    }
}
