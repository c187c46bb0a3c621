//! News articles and their extracted incidents (migration 0002).
//!
//! Like case records, every article belongs to the organisation that ingested it and is read
//! only through a [`Scope`]: an organisation sees its own articles and the ones others shared.
//! The same article arriving twice — the same canonical URL or the same folded text — is stored
//! once per organisation; the caller computes both keys (see `rastro_extract::dedupe`).

use rusqlite::{params, OptionalExtension, Row};

use crate::sqlite::SqliteBackend;
use crate::time::now_rfc3339;
use crate::visibility::visible;
use crate::{Organisation, Result, Scope, Sharing};

/// The searchable values of an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewsFacet {
    Country,
    Exploitation,
    Operation,
    Group,
}

impl NewsFacet {
    pub fn as_str(self) -> &'static str {
        match self {
            NewsFacet::Country => "country",
            NewsFacet::Exploitation => "exploitation",
            NewsFacet::Operation => "operation",
            NewsFacet::Group => "group",
        }
    }
}

/// An article to store with its incident.
#[derive(Debug, Clone)]
pub struct NewArticle<'a> {
    pub external_id: &'a str,
    pub url: Option<&'a str>,
    pub url_key: Option<&'a str>,
    pub text_key: &'a str,
    pub title: Option<&'a str>,
    pub published: Option<&'a str>,
    pub language: &'a str,
    pub body: &'a str,
    pub source_file: &'a str,
    pub source_line: Option<u64>,
    /// The incident as JSON.
    pub incident: &'a str,
    pub victims: Option<u64>,
    pub arrests: Option<u64>,
    pub smuggling: bool,
    pub event_date: Option<&'a str>,
    pub facets: &'a [(NewsFacet, String)],
}

/// Why an article was not stored again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateOf {
    Url,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ingested {
    Stored {
        id: String,
    },
    /// The organisation already has this article, under `id`.
    Duplicate {
        id: String,
        by: DuplicateOf,
    },
}

/// An article as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArticle {
    pub id: String,
    pub external_id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub language: String,
    pub source_file: String,
    pub source_line: Option<u64>,
    pub ingested_at: String,
    pub sharing: Sharing,
    /// The incident as JSON.
    pub incident: String,
}

/// What a backend must do for news. Like [`crate::Backend`], every method takes the acting
/// organisation.
pub trait NewsBackend {
    fn ingest_article(&mut self, org: &Organisation, article: &NewArticle<'_>) -> Result<Ingested>;
    fn news_article(&self, org: &Organisation, id: &str) -> Result<Option<StoredArticle>>;
    fn count_news(&self, org: &Organisation) -> Result<u64>;
    /// Shares or unshares one of the organisation's own articles.
    fn set_article_sharing(&mut self, org: &Organisation, id: &str, sharing: Sharing)
        -> Result<()>;
    /// Visible articles whose incident has `facet = value`, newest first.
    fn news_with(
        &self,
        org: &Organisation,
        facet: NewsFacet,
        value: &str,
    ) -> Result<Vec<StoredArticle>>;
    /// Visible articles matching a full-text query (SQLite FTS5 syntax), best first.
    fn search_news(
        &self,
        org: &Organisation,
        query: &str,
        limit: usize,
    ) -> Result<Vec<StoredArticle>>;
}

const COLUMNS: &str = "a.id, a.external_id, a.url, a.title, a.published, a.language, a.source_file,
     a.source_line, a.ingested_at, a.sharing, i.incident";

fn read_article(row: &Row<'_>) -> rusqlite::Result<StoredArticle> {
    let sharing: String = row.get(9)?;
    Ok(StoredArticle {
        id: row.get(0)?,
        external_id: row.get(1)?,
        url: row.get(2)?,
        title: row.get(3)?,
        published: row.get(4)?,
        language: row.get(5)?,
        source_file: row.get(6)?,
        source_line: row.get::<_, Option<i64>>(7)?.map(|n| n.max(0) as u64),
        ingested_at: row.get(8)?,
        sharing: if sharing == "shared" {
            Sharing::Shared
        } else {
            Sharing::Private
        },
        incident: row.get(10)?,
    })
}

impl NewsBackend for SqliteBackend {
    fn ingest_article(&mut self, org: &Organisation, a: &NewArticle<'_>) -> Result<Ingested> {
        let tx = self.conn.transaction()?;
        if let Some(key) = a.url_key {
            let existing: Option<String> = tx
                .query_row(
                    "SELECT id FROM news_articles WHERE org_id = ?1 AND url_key = ?2",
                    params![org.id, key],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = existing {
                return Ok(Ingested::Duplicate {
                    id,
                    by: DuplicateOf::Url,
                });
            }
        }
        let existing: Option<String> = tx
            .query_row(
                "SELECT id FROM news_articles WHERE org_id = ?1 AND text_key = ?2",
                params![org.id, a.text_key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok(Ingested::Duplicate {
                id,
                by: DuplicateOf::Text,
            });
        }
        let article_id = self.ids.next_id()?;
        let incident_id = self.ids.next_id()?;
        let now = now_rfc3339();
        tx.execute(
            "INSERT INTO news_articles (id, org_id, external_id, url, url_key, text_key, title,
                 published, language, body, source_file, source_line, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                article_id,
                org.id,
                a.external_id,
                a.url,
                a.url_key,
                a.text_key,
                a.title,
                a.published,
                a.language,
                a.body,
                a.source_file,
                a.source_line.map(|n| n as i64),
                now
            ],
        )?;
        let article_pk = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO news_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
            params![article_pk, a.title.unwrap_or(""), a.body],
        )?;
        tx.execute(
            "INSERT INTO news_incidents (id, org_id, article_pk, incident, victims, arrests,
                 smuggling, event_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                incident_id,
                org.id,
                article_pk,
                a.incident,
                a.victims.map(|n| n as i64),
                a.arrests.map(|n| n as i64),
                a.smuggling,
                a.event_date
            ],
        )?;
        let incident_pk = tx.last_insert_rowid();
        {
            let mut facet = tx.prepare_cached(
                "INSERT OR IGNORE INTO news_incident_facets (incident_pk, facet, value)
                 VALUES (?1, ?2, ?3)",
            )?;
            for (f, value) in a.facets {
                facet.execute(params![incident_pk, f.as_str(), value])?;
            }
        }
        tx.commit()?;
        Ok(Ingested::Stored { id: article_id })
    }

    fn news_article(&self, org: &Organisation, id: &str) -> Result<Option<StoredArticle>> {
        let articles_visible = visible("a");
        let sql = format!(
            "SELECT {COLUMNS} FROM news_articles a JOIN news_incidents i ON i.article_pk = a.pk
             WHERE a.id = :id AND {articles_visible}"
        );
        Ok(self
            .conn
            .query_row(
                &sql,
                rusqlite::named_params! {":id": id, ":org": org.id},
                read_article,
            )
            .optional()?)
    }

    fn count_news(&self, org: &Organisation) -> Result<u64> {
        let articles_visible = visible("a");
        let sql = format!("SELECT COUNT(*) FROM news_articles a WHERE {articles_visible}");
        let n: i64 = self
            .conn
            .query_row(&sql, rusqlite::named_params! {":org": org.id}, |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    fn set_article_sharing(
        &mut self,
        org: &Organisation,
        id: &str,
        sharing: Sharing,
    ) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE news_articles SET sharing = ?1 WHERE id = ?2 AND org_id = ?3",
            params![sharing.as_str(), id, org.id],
        )?;
        if changed == 0 {
            return Err(crate::StoreError::NotFound);
        }
        Ok(())
    }

    fn news_with(
        &self,
        org: &Organisation,
        facet: NewsFacet,
        value: &str,
    ) -> Result<Vec<StoredArticle>> {
        let articles_visible = visible("a");
        let sql = format!(
            "SELECT {COLUMNS} FROM news_articles a JOIN news_incidents i ON i.article_pk = a.pk
             WHERE {articles_visible} AND EXISTS (SELECT 1 FROM news_incident_facets f
                 WHERE f.incident_pk = i.pk AND f.facet = :facet AND f.value = :value)
             ORDER BY COALESCE(i.event_date, a.published, a.ingested_at) DESC, a.pk DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            rusqlite::named_params! {":org": org.id, ":facet": facet.as_str(), ":value": value},
            read_article,
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn search_news(
        &self,
        org: &Organisation,
        query: &str,
        limit: usize,
    ) -> Result<Vec<StoredArticle>> {
        let articles_visible = visible("a");
        let sql = format!(
            "SELECT {COLUMNS} FROM news_fts
             JOIN news_articles a ON a.pk = news_fts.rowid
             JOIN news_incidents i ON i.article_pk = a.pk
             WHERE news_fts MATCH :query AND {articles_visible}
             ORDER BY news_fts.rank LIMIT :limit"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            rusqlite::named_params! {":org": org.id, ":query": query, ":limit": limit as i64},
            read_article,
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

impl Scope<'_> {
    /// Stores an article and its incident, unless the organisation already has it.
    pub fn ingest_article(&mut self, article: &NewArticle<'_>) -> Result<Ingested> {
        self.backend.ingest_article(&self.org, article)
    }

    /// A visible article by id; `None` both when it does not exist and when it may not be seen.
    pub fn news_article(&self, id: &str) -> Result<Option<StoredArticle>> {
        if !crate::looks_like_id(id) {
            return Ok(None);
        }
        self.backend.news_article(&self.org, id)
    }

    pub fn count_news(&self) -> Result<u64> {
        self.backend.count_news(&self.org)
    }

    /// Shares or unshares one of the organisation's own articles; another's answers `NotFound`.
    pub fn set_article_sharing(&mut self, id: &str, sharing: Sharing) -> Result<()> {
        if !crate::looks_like_id(id) {
            return Err(crate::StoreError::NotFound);
        }
        self.backend.set_article_sharing(&self.org, id, sharing)
    }

    /// Visible articles whose incident has the given country, form, operation or group.
    pub fn news_with(&self, facet: NewsFacet, value: &str) -> Result<Vec<StoredArticle>> {
        self.backend.news_with(&self.org, facet, value)
    }

    /// Visible articles matching a full-text query, best first.
    pub fn search_news(&self, query: &str, limit: usize) -> Result<Vec<StoredArticle>> {
        self.backend.search_news(&self.org, query, limit)
    }
}
