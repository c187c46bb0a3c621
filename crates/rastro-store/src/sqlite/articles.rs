//! How a stored article's row is read back (the columns are `crate::sql::news`'s), for
//! listings and search alike.

use rusqlite::Row;

use super::count;
use crate::api::news::StoredArticle;

/// An article from a row of `crate::sql::news::article_columns`.
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
