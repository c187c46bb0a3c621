//! The SQL of news articles and their incidents that every dialect speaks: storing an article
//! once per organisation, and reading articles back at the level the reader may see them.
//! Each backend reads the rows in the order of [`article_columns`].

use crate::api::access::RecordKind;
use crate::sql::visibility::{owner_only, visible};

/// The columns a stored article is read with, from [`ARTICLE_TABLES`].
pub(crate) fn article_columns() -> String {
    format!(
        "a.id, o.name, a.external_id, a.url, a.title, a.published, a.language, {}, {},
         a.ingested_at, i.incident",
        owner_only("a", "a.source_file"),
        owner_only("a", "a.source_line")
    )
}

pub(crate) const ARTICLE_TABLES: &str = "news_articles a
     JOIN news_incidents i ON i.org_id = a.org_id AND i.article_pk = a.pk
     JOIN organisations o ON o.id = a.org_id";

/// An article's length for BM25, in bytes: a database knows a value's size in bytes without
/// reading it, while counting characters reads every article's text whole.
pub(crate) const LENGTH: &str = "octet_length(COALESCE(a.title, '')) + octet_length(a.body)";

/// The organisation's article with the canonical URL `:key`.
pub(crate) const BY_URL_KEY: &str =
    "SELECT id FROM news_articles WHERE org_id = :org AND url_key = :key";

/// The organisation's article with the folded text's hash `:key`.
pub(crate) const BY_TEXT_KEY: &str =
    "SELECT id FROM news_articles WHERE org_id = :org AND text_key = :key";

pub(crate) const INSERT_ARTICLE: &str = "INSERT INTO news_articles (id, org_id, external_id, url,
         url_key, text_key, title, published, language, body, source_file, source_line,
         ingested_at)
     VALUES (:id, :org, :external_id, :url, :url_key, :text_key, :title, :published, :language,
         :body, :source_file, :source_line, :ingested_at)
     RETURNING pk";

pub(crate) const INSERT_INCIDENT: &str = "INSERT INTO news_incidents (id, org_id, article_pk,
         incident, victims, arrests, smuggling, event_date)
     VALUES (:id, :org, :article, :incident, :victims, :arrests, :smuggling, :event_date)
     RETURNING pk";

pub(crate) const INSERT_FACET: &str =
    "INSERT INTO news_incident_facets (org_id, incident_pk, facet, value)
     VALUES (:org, :incident, :facet, :value) ON CONFLICT DO NOTHING";

/// The visible article `:id`.
pub(crate) fn article_by_id() -> String {
    format!(
        "SELECT {} FROM {ARTICLE_TABLES} WHERE a.id = :id AND {}",
        article_columns(),
        visible(RecordKind::Article, "a")
    )
}

/// The article of internal key `:pk`, already found visible (search), with `:org` for what only
/// its owner sees.
pub(crate) fn article_by_pk() -> String {
    format!(
        "SELECT {} FROM {ARTICLE_TABLES} WHERE a.pk = :pk",
        article_columns()
    )
}

pub(crate) fn count_visible() -> String {
    format!(
        "SELECT COUNT(*) FROM news_articles a WHERE {}",
        visible(RecordKind::Article, "a")
    )
}

/// Visible articles whose incident has the value `:value` of `:facet`, newest first.
pub(crate) fn with_facet() -> String {
    format!(
        "SELECT {} FROM {ARTICLE_TABLES}
         WHERE {} AND EXISTS (SELECT 1 FROM news_incident_facets f
             WHERE f.org_id = i.org_id AND f.incident_pk = i.pk AND f.facet = :facet AND f.value = :value)
         ORDER BY COALESCE(i.event_date, a.published, a.ingested_at) DESC, a.pk DESC",
        article_columns(),
        visible(RecordKind::Article, "a")
    )
}

/// The visible articles among those `ids_condition` (a condition on `a.id`) selects.
pub(crate) fn articles_among(ids_condition: &str) -> String {
    format!(
        "SELECT {} FROM {ARTICLE_TABLES} WHERE {ids_condition} AND {}",
        article_columns(),
        visible(RecordKind::Article, "a")
    )
}

/// The title and text of the visible article `:id`.
pub(crate) fn text_by_id() -> String {
    format!(
        "SELECT a.title, a.body FROM news_articles a WHERE a.id = :id AND {}",
        visible(RecordKind::Article, "a")
    )
}
