//! Full-text search over news with BM25 computed from the articles the reader may see.
//!
//! SQLite's own `bm25()` takes its document frequencies and lengths from the whole index, that is
//! from every organisation's articles: the order of one organisation's results would then move
//! when another adds articles it cannot see, which tells it something about them. Here the index
//! only finds the candidates; the statistics (how many visible articles, their mean length, how
//! many of them hold each term, how often each candidate holds it) are counted over visible
//! articles alone, so the answer is the same whatever else the store holds.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::Connection;

use super::access::Access;
use super::articles::read_article;
use crate::api::access::{Level, RecordKind};
use crate::api::members::Actor;
use crate::api::news::{QueryTerm, StoredArticle, TextQuery};
use crate::news_search::{scored_terms, Scores};
use crate::sql::news::{article_by_pk, LENGTH};
use crate::sql::visibility::visible;
use crate::Result;

/// The query in FTS5's syntax: every term quoted (words hold only letters and digits, so a quote
/// cannot occur inside one), all of them required.
fn fts_expression(query: &TextQuery) -> String {
    query
        .terms
        .iter()
        .map(|t| match t {
            QueryTerm::Word(w) => format!("\"{w}\""),
            QueryTerm::Prefix(p) => format!("\"{p}\"*"),
            QueryTerm::Phrase(words) => format!("\"{}\"", words.join(" ")),
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

pub(super) fn search(
    conn: &Connection,
    actor: &Actor,
    query: &TextQuery,
    limit: usize,
) -> Result<Vec<StoredArticle>> {
    let ranked = rank(conn, actor, query, limit)?;
    let org = Access::of(actor).org;
    let mut stmt = conn.prepare_cached(&article_by_pk())?;
    let mut out = Vec::with_capacity(ranked.len());
    for pk in ranked {
        out.push(stmt.query_row(
            rusqlite::named_params! {":pk": pk, ":org": org},
            read_article,
        )?);
    }
    Ok(out)
}

/// The ids of the best `limit` matches, best first: for filters that only need to know which
/// articles match, without reading them.
pub(super) fn search_ids(
    conn: &Connection,
    actor: &Actor,
    query: &TextQuery,
    limit: usize,
) -> Result<Vec<String>> {
    let ranked = rank(conn, actor, query, limit)?;
    let mut stmt = conn.prepare_cached("SELECT id FROM news_articles WHERE pk = ?1")?;
    ranked
        .into_iter()
        .map(|pk| Ok(stmt.query_row([pk], |r| r.get(0))?))
        .collect()
}

/// The internal keys of the best `limit` visible matches, best first.
fn rank(conn: &Connection, actor: &Actor, query: &TextQuery, limit: usize) -> Result<Vec<i64>> {
    let access = Access::of(actor);
    let bind = |more: &[(&'static str, Value)]| {
        access.params(RecordKind::Article, Some(Level::Summary), more)
    };
    let visible_a = visible(RecordKind::Article, "a");
    let mut candidates: HashMap<i64, f64> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT a.pk, {LENGTH} FROM news_fts JOIN news_articles a ON a.pk = news_fts.rowid
             WHERE news_fts MATCH :query AND {visible_a}"
        ))?;
        let bound = bind(&[(":query", Value::from(fts_expression(query)))]);
        let rows = stmt.query_map(bound.as_params().as_slice(), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (pk, len) = row?;
            candidates.insert(pk, len as f64);
        }
    }
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let (visible_count, total_length): (i64, i64) = conn.query_row(
        &format!(
            "SELECT COUNT(*), COALESCE(SUM({LENGTH}), 0) FROM news_articles a WHERE {visible_a}"
        ),
        bind(&[]).as_params().as_slice(),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut scores = Scores::new(visible_count, total_length, candidates);
    for term in scored_terms(query) {
        let condition = if term.prefix {
            // Every term that starts with the prefix: from it up to the next string after all
            // of its extensions.
            "i.term >= :term AND i.term < :term || char(1114111)"
        } else {
            "i.term = :term"
        };
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT i.doc, COUNT(*) FROM news_fts_instance i
             JOIN news_articles a ON a.pk = i.doc
             WHERE {condition} AND {visible_a}
             GROUP BY i.doc"
        ))?;
        let bound = bind(&[(":term", Value::from(term.form.clone()))]);
        let rows = stmt.query_map(bound.as_params().as_slice(), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut holding = 0u64;
        let mut frequencies: Vec<(i64, f64)> = Vec::new();
        for row in rows {
            let (pk, tf) = row?;
            holding += 1;
            if scores.is_candidate(pk) {
                frequencies.push((pk, tf as f64));
            }
        }
        scores.add_term(holding, frequencies);
    }
    Ok(scores.best(limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_quoted_fts_terms() {
        let q = TextQuery::parse(r#"Tráfico "trata de personas" bogo*"#).unwrap();
        assert_eq!(
            fts_expression(&q),
            r#""tráfico" AND "trata de personas" AND "bogo"*"#
        );
    }
}
