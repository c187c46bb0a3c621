//! The SQL of statistics, which every backend shares: the ordered scans of facts over a span
//! of keys (`:above` < key <= `:upto`), the visibility stamp, and the privacy budget's ledger.

use crate::api::access::RecordKind;
use crate::sql::runs::EVENT_RUNS;
use crate::sql::visibility::visible;

/// The visible cases in the span with their facet values, the cases walked as `scan`: one row
/// per case, ordered by case, its facet values as the one text kept beside it
/// (`facets::facet_values_text`) rather than joined from facet rows (a table that migration
/// 0025 dropped), which made a node's first read of 100,000 cases 1.8 million rows. Columns: key, id, owner's name, facet
/// values. Picklist facets are skipped as the text is read, not here.
pub(crate) fn case_facts(scan: &str) -> String {
    format!(
        "SELECT c.pk, c.id, o.name, c.facet_values FROM {scan}
         JOIN organisations o ON o.id = c.org_id
         WHERE c.pk > :above AND c.pk <= :upto AND {} ORDER BY c.pk",
        visible(RecordKind::Case, "c")
    )
}

/// The visible incidents in the span with their countries and forms of exploitation, one row
/// per value, ordered by incident. Columns: key, article id, owner's name, language, date,
/// victims, address, event in the organisation's latest event linkage, facet, value.
pub(crate) fn incident_facts() -> String {
    format!(
        "SELECT i.pk, a.id, o.name, a.language, COALESCE(i.event_date, a.published),
                i.victims, a.url,
                (SELECT m.event_id FROM news_event_members m
                  WHERE m.record_org_id = a.org_id AND m.article_pk = a.pk
                    AND m.org_id = :org AND m.run_id = {latest}),
                f.facet, f.value
         FROM news_incidents i
         JOIN news_articles a ON a.org_id = i.org_id AND a.pk = i.article_pk
         JOIN organisations o ON o.id = a.org_id
         LEFT JOIN news_incident_facets f ON f.org_id = i.org_id AND f.incident_pk = i.pk
              AND f.facet IN ('country', 'exploitation')
         WHERE i.pk > :above AND i.pk <= :upto AND {visible} ORDER BY i.pk",
        latest = EVENT_RUNS.latest_run(),
        visible = visible(RecordKind::Article, "a")
    )
}

/// The visibility stamp at `:now`. Every removal or grant change moves the counter (triggers);
/// what time alone changes — a grant reaching its expiry — moves the count of expired grants;
/// additions raise the highest keys. One statement, so the five are read at one moment.
pub(crate) const STAMP: &str = "SELECT (SELECT n FROM store_changes WHERE id = 1),
        (SELECT COUNT(*) FROM grants WHERE expires_at IS NOT NULL AND expires_at <= :now),
        (SELECT COALESCE(MAX(pk), 0) FROM cases),
        (SELECT COALESCE(MAX(pk), 0) FROM news_articles),
        (SELECT COALESCE(MAX(pk), 0) FROM news_incidents)";

/// The budget the organisation `:org` has spent on `:dataset`.
pub(crate) const SPENT: &str = "SELECT COALESCE(SUM(epsilon), 0) FROM privacy_releases
     WHERE org_id = :org AND dataset = :dataset";

pub(crate) const INSERT_RELEASE: &str = "INSERT INTO privacy_releases
       (id, org_id, dataset, epsilon, dimensions, released_by, released_at)
     VALUES (:id, :org, :dataset, :epsilon, :dimensions, :user, :at)";

/// The organisation's release `:id` (a release made once for a job carries the job's id).
pub(crate) const RELEASE_BY_ID: &str =
    "SELECT r.id, r.dataset, r.epsilon, r.dimensions, COALESCE(u.name, r.released_by),
            r.released_at
     FROM privacy_releases r LEFT JOIN users u ON u.id = r.released_by
     WHERE r.org_id = :org AND r.id = :id";

/// Whether another organisation's release already carries the id `:id`: ids are unique per
/// organisation only once the schema is keyed by organisation, and a job's key must not be
/// spent twice under two owners.
pub(crate) const RELEASE_ID_ELSEWHERE: &str =
    "SELECT COUNT(*) FROM privacy_releases WHERE id = :id AND org_id <> :org";

/// The organisation's releases of `:dataset`, oldest first, with who released each.
pub(crate) const RELEASES: &str =
    "SELECT r.id, r.dataset, r.epsilon, r.dimensions, COALESCE(u.name, r.released_by),
            r.released_at
     FROM privacy_releases r LEFT JOIN users u ON u.id = r.released_by
     WHERE r.org_id = :org AND r.dataset = :dataset ORDER BY r.released_at, r.id";
