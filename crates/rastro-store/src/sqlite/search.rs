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
use super::articles::{article_columns, read_article, ARTICLE_TABLES};
use crate::api::access::{Level, RecordKind};
use crate::api::members::Actor;
use crate::api::news::{QueryTerm, StoredArticle, TextQuery};
use crate::sql::visibility::visible;
use crate::Result;

/// BM25's usual constants: term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

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

/// A term as the index stores it (the tokenizer folds case and accents), and whether it is a
/// prefix. Phrases are scored word by word.
fn scored_terms(query: &TextQuery) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for term in &query.terms {
        match term {
            QueryTerm::Word(w) => out.push((index_form(w), false)),
            QueryTerm::Prefix(p) => out.push((index_form(p), true)),
            QueryTerm::Phrase(words) => out.extend(words.iter().map(|w| (index_form(w), false))),
        }
    }
    out.sort();
    out.dedup();
    out
}

fn index_form(word: &str) -> String {
    rastro_text::fold_key(word).replace(' ', "")
}

pub(super) fn search(
    conn: &Connection,
    actor: &Actor,
    query: &TextQuery,
    limit: usize,
) -> Result<Vec<StoredArticle>> {
    let ranked = rank(conn, actor, query, limit)?;
    let org = Access::of(actor).org;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM {ARTICLE_TABLES} WHERE a.pk = :pk",
        article_columns()
    ))?;
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
    // Bytes, not characters: SQLite knows a value's size in bytes without reading it, while
    // counting characters read every article's text whole (a quarter of a search's time).
    let length = "octet_length(COALESCE(a.title, '')) + octet_length(a.body)";
    let mut candidates: HashMap<i64, f64> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT a.pk, {length} FROM news_fts JOIN news_articles a ON a.pk = news_fts.rowid
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
            "SELECT COUNT(*), COALESCE(SUM({length}), 0) FROM news_articles a WHERE {visible_a}"
        ),
        bind(&[]).as_params().as_slice(),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let n = visible_count.max(1) as f64;
    let mean_length = (total_length as f64 / n).max(1.0);

    let mut scores: HashMap<i64, f64> = candidates.keys().map(|&pk| (pk, 0.0)).collect();
    for (term, prefix) in scored_terms(query) {
        if term.is_empty() {
            continue;
        }
        let condition = if prefix {
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
        let bound = bind(&[(":term", Value::from(term.clone()))]);
        let rows = stmt.query_map(bound.as_params().as_slice(), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut holding = 0u64;
        let mut frequencies: Vec<(i64, f64)> = Vec::new();
        for row in rows {
            let (pk, tf) = row?;
            holding += 1;
            if candidates.contains_key(&pk) {
                frequencies.push((pk, tf as f64));
            }
        }
        let df = holding as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        for (pk, tf) in frequencies {
            let length = candidates.get(&pk).copied().unwrap_or(mean_length);
            let norm = K1 * (1.0 - B + B * length / mean_length);
            if let Some(score) = scores.get_mut(&pk) {
                *score += idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
    }
    let mut ranked: Vec<(i64, f64)> = scores.into_iter().collect();
    // Best first; equal scores newest first, so the order never depends on hashing.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    ranked.truncate(limit);
    Ok(ranked.into_iter().map(|(pk, _)| pk).collect())
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
        assert_eq!(
            scored_terms(&q),
            vec![
                ("bogo".to_string(), true),
                ("de".to_string(), false),
                ("personas".to_string(), false),
                ("trafico".to_string(), false),
                ("trata".to_string(), false),
            ]
        );
    }
}
