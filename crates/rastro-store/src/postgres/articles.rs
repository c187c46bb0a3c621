//! Articles as PostgreSQL rows give them back (as `sqlite/articles.rs` for SQLite).

use postgres::Row;

use crate::api::news::StoredArticle;
use crate::Result;

/// An article from a row of `crate::sql::news::article_columns`.
pub(super) fn read_article(row: &Row) -> Result<StoredArticle> {
    Ok(StoredArticle {
        id: row.try_get(0)?,
        organisation: row.try_get(1)?,
        external_id: row.try_get(2)?,
        url: row.try_get(3)?,
        title: row.try_get(4)?,
        published: row.try_get(5)?,
        language: row.try_get(6)?,
        source_file: row.try_get(7)?,
        source_line: row.try_get::<_, Option<i64>>(8)?.map(|n| n.max(0) as u64),
        ingested_at: row.try_get(9)?,
        incident: row.try_get(10)?,
    })
}
