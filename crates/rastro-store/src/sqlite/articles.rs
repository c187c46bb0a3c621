//! How a stored article is read back (columns, tables, row), for listings and search alike.

use rusqlite::Row;

use super::count;
use crate::api::news::StoredArticle;
use crate::sql::visibility::owner_only;

/// The columns [`read_article`] reads, from `news_articles a`, `news_incidents i` and
/// `organisations o`.
pub(super) fn article_columns() -> String {
    format!(
        "a.id, o.name, a.external_id, a.url, a.title, a.published, a.language, {}, {},
         a.ingested_at, i.incident",
        owner_only("a", "a.source_file"),
        owner_only("a", "a.source_line")
    )
}

pub(super) const ARTICLE_TABLES: &str = "news_articles a
     JOIN news_incidents i ON i.article_pk = a.pk
     JOIN organisations o ON o.id = a.org_id";

pub(super) fn read_article(row: &Row<'_>) -> rusqlite::Result<StoredArticle> {
    Ok(StoredArticle {
        id: row.get(0)?,
        organisation: row.get(1)?,
        external_id: row.get(2)?,
        url: row.get(3)?,
        title: row.get(4)?,
        published: row.get(5)?,
        language: row.get(6)?,
        source_file: row.get(7)?,
        source_line: row.get::<_, Option<i64>>(8)?.map(count),
        ingested_at: row.get(9)?,
        incident: row.get(10)?,
    })
}
