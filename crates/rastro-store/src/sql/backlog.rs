//! The SQL of the extraction backlog that every dialect speaks: the organisation's own articles
//! a page at a time, and an incident replaced with its facets.

/// Up to `:limit` of the organisation's articles stored after the article `:after` (all from
/// the first when `:after` is NULL or not the organisation's), with their incidents.
pub(crate) const OWN_ARTICLES: &str =
    "SELECT a.id, a.external_id, a.url, a.title, a.published, a.body, i.incident
     FROM news_articles a JOIN news_incidents i ON i.article_pk = a.pk AND i.org_id = a.org_id
     WHERE a.org_id = :org
       AND a.pk > COALESCE((SELECT b.pk FROM news_articles b
                            WHERE b.id = :after AND b.org_id = :org), 0)
     ORDER BY a.pk
     LIMIT :limit";

pub(crate) const COUNT_OWN: &str = "SELECT COUNT(*) FROM news_articles WHERE org_id = :org";

/// The incident of the organisation's article `:article`: its key and JSON.
pub(crate) const INCIDENT_OF: &str = "SELECT i.pk, i.incident
     FROM news_incidents i JOIN news_articles a ON a.pk = i.article_pk AND a.org_id = i.org_id
     WHERE a.id = :article AND a.org_id = :org";

pub(crate) const UPDATE_INCIDENT: &str = "UPDATE news_incidents
     SET incident = :incident, victims = :victims, arrests = :arrests, smuggling = :smuggling,
         event_date = :event_date
     WHERE pk = :pk AND org_id = :org";

pub(crate) const UPDATE_LANGUAGE: &str =
    "UPDATE news_articles SET language = :language WHERE id = :article AND org_id = :org";

pub(crate) const DELETE_FACETS: &str =
    "DELETE FROM news_incident_facets WHERE incident_pk = :pk AND org_id = :org";

/// What an actor may count changed without a record being added: the stamps' counter moves.
pub(crate) const COUNT_CHANGE: &str = "UPDATE store_changes SET n = n + 1 WHERE id = 1";
