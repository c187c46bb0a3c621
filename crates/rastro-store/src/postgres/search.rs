//! Full-text search over news in PostgreSQL, ranked as SQLite ranks it (`crate::news_search`):
//! BM25 with statistics of the articles the reader may see, and nothing else.
//!
//! The `search` column (a `tsvector` in the article's language, GIN-indexed) only narrows the
//! articles to read: its lexemes are stemmed and lack stop words, while SQLite's index holds
//! every word as written (case and accents folded). So the index is asked for the visible
//! articles holding a stem of any of the query's words, and those articles' words are then
//! counted as SQLite counts them: which hold every term (a phrase in a row), how often, and how
//! many visible articles hold each term. One exception is counted rather than read: a word that
//! is a stop word of an article's language is taken to be in every visible article of that
//! language (reading them all for "de" would read the whole store); when every word of a query
//! is a stop word of a language, that language's articles are read in full.

use std::collections::HashMap;

use postgres::fallible_iterator::FallibleIterator;
use postgres::Transaction;

use super::access::Access;
use super::articles::read_article;
use super::value::{Named, Value};
use crate::api::access::{Level, RecordKind};
use crate::api::members::Actor;
use crate::api::news::{StoredArticle, TextQuery};
use crate::news_search::{scored_terms, ScoredTerm, Scores, Words};
use crate::sql::news::{article_by_pk, LENGTH};
use crate::sql::visibility::visible;
use crate::Result;

/// The text search configurations of the schema's `search` column, with the condition on
/// `a.language` under which the column was made with each (as its `CASE` chooses).
const CONFIGS: [(&str, &str); 4] = [
    ("rastro_es", "a.language = 'es'"),
    ("rastro_pt", "a.language = 'pt'"),
    ("rastro_en", "a.language = 'en'"),
    ("rastro_simple", "a.language NOT IN ('es', 'pt', 'en')"),
];

/// The index of an article's language in [`CONFIGS`], in SQL (as the same `CASE`).
const CONFIG_OF_ARTICLE: &str =
    "CASE a.language WHEN 'es' THEN 0 WHEN 'pt' THEN 1 WHEN 'en' THEN 2 ELSE 3 END";

/// A term in `to_tsquery`'s syntax. A form holds only letters and digits; quoting (and doubling
/// any quote) keeps it one operand whatever it holds.
fn ts_operand(term: &ScoredTerm) -> String {
    let quoted = format!("'{}'", term.form.replace('\\', "\\\\").replace('\'', "''"));
    if term.prefix {
        format!("{quoted}:*")
    } else {
        quoted
    }
}

pub(super) fn search(
    tx: &mut Transaction<'_>,
    actor: &Actor,
    query: &TextQuery,
    limit: usize,
) -> Result<Vec<StoredArticle>> {
    let ranked = rank(tx, actor, query, limit)?;
    let org = Access::of(actor).org;
    let named = Named::new(
        &article_by_pk(),
        &[
            (":pk", Value::Integer(0)),
            (":org", Value::from(org.as_str())),
        ],
    )?;
    let statement = tx.prepare(&named.sql)?;
    let mut out = Vec::with_capacity(ranked.len());
    for pk in ranked {
        let bound = Named::new(
            &article_by_pk(),
            &[
                (":pk", Value::Integer(pk)),
                (":org", Value::from(org.as_str())),
            ],
        )?;
        out.push(read_article(&tx.query_one(&statement, &bound.params())?)?);
    }
    Ok(out)
}

/// The ids of the best `limit` matches, best first, without reading the articles.
pub(super) fn search_ids(
    tx: &mut Transaction<'_>,
    actor: &Actor,
    query: &TextQuery,
    limit: usize,
) -> Result<Vec<String>> {
    let ranked = rank(tx, actor, query, limit)?;
    let statement = tx.prepare("SELECT id FROM news_articles WHERE pk = $1")?;
    ranked
        .into_iter()
        .map(|pk| Ok(tx.query_one(&statement, &[&pk])?.try_get(0)?))
        .collect()
}

/// Which terms each configuration drops (stop words, or nothing it would index): `[config][term]`.
fn dropped_terms(tx: &mut Transaction<'_>, terms: &[ScoredTerm]) -> Result<Vec<Vec<bool>>> {
    let operands: Vec<String> = terms.iter().map(ts_operand).collect();
    let columns: Vec<String> = CONFIGS
        .iter()
        .map(|(config, _)| format!("numnode(to_tsquery('{config}', t.q)) = 0"))
        .collect();
    let rows = tx.query(
        &format!(
            "SELECT {} FROM unnest($1::text[]) WITH ORDINALITY AS t(q, n) ORDER BY t.n",
            columns.join(", ")
        ),
        &[&operands],
    )?;
    let mut dropped = vec![vec![false; terms.len()]; CONFIGS.len()];
    for (t, row) in rows.iter().enumerate() {
        for (c, config) in dropped.iter_mut().enumerate() {
            if let Some(slot) = config.get_mut(t) {
                *slot = row.try_get(c)?;
            }
        }
    }
    Ok(dropped)
}

/// The internal keys of the best `limit` visible matches, best first.
fn rank(
    tx: &mut Transaction<'_>,
    actor: &Actor,
    query: &TextQuery,
    limit: usize,
) -> Result<Vec<i64>> {
    let terms = scored_terms(query);
    if terms.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let dropped = dropped_terms(tx, &terms)?;
    let access = Access::of(actor);
    let visible_a = visible(RecordKind::Article, "a");

    // Per language: the visible articles holding a stem of any indexed term, or all of them when
    // the language indexes none of the terms.
    let mut arms = Vec::with_capacity(CONFIGS.len());
    let mut more: Vec<(&'static str, Value)> = Vec::new();
    const NAMES: [&str; 4] = [":q0", ":q1", ":q2", ":q3"];
    for (c, (config, language)) in CONFIGS.iter().enumerate() {
        let operands: Vec<String> = terms
            .iter()
            .zip(&dropped[c])
            .filter(|(_, dropped)| !**dropped)
            .map(|(term, _)| ts_operand(term))
            .collect();
        if operands.is_empty() {
            arms.push(format!("({language})"));
        } else {
            arms.push(format!(
                "({language} AND a.search @@ to_tsquery('{config}', CAST({} AS TEXT)))",
                NAMES[c]
            ));
            more.push((NAMES[c], Value::from(operands.join(" | "))));
        }
    }
    let all_dropped: Vec<bool> = dropped.iter().map(|d| d.iter().all(|x| *x)).collect();
    let read = Named::new(
        &format!(
            "SELECT a.pk, {CONFIG_OF_ARTICLE}, a.title, a.body, CAST({LENGTH} AS BIGINT)
             FROM news_articles a
             WHERE ({}) AND {visible_a}",
            arms.join(" OR ")
        ),
        &access.pg_params(RecordKind::Article, Some(Level::Summary), more),
    )?;

    let mut holding = vec![0u64; terms.len()];
    let mut candidates: HashMap<i64, f64> = HashMap::new();
    let mut frequencies: Vec<Vec<(i64, f64)>> = vec![Vec::new(); terms.len()];
    let mut rows = tx.query_raw(&read.sql, read.values.iter())?;
    // Streamed: a common word's articles are many, and each is needed only while it is counted.
    while let Some(row) = rows.next()? {
        let pk: i64 = row.try_get(0)?;
        let config = usize::try_from(row.try_get::<_, i32>(1)?)
            .unwrap_or(3)
            .min(3);
        let title: Option<&str> = row.try_get(2)?;
        let body: &str = row.try_get(3)?;
        let length: i64 = row.try_get(4)?;
        let words = Words::new(title, body, &terms);
        let tfs: Vec<u64> = terms.iter().map(|t| words.frequency(t)).collect();
        for (t, tf) in tfs.iter().enumerate() {
            // A stop word's articles are counted by language below, unless all were read.
            if *tf > 0 && (!dropped[config][t] || all_dropped[config]) {
                holding[t] += 1;
            }
        }
        if words.holds_all(query) {
            candidates.insert(pk, length as f64);
            for (t, tf) in tfs.into_iter().enumerate() {
                if tf > 0 {
                    frequencies[t].push((pk, tf as f64));
                }
            }
        }
    }
    drop(rows);
    if candidates.is_empty() {
        return Ok(Vec::new());
    }

    let stats = Named::new(
        &format!(
            "SELECT {CONFIG_OF_ARTICLE}, COUNT(*), CAST(COALESCE(SUM({LENGTH}), 0) AS BIGINT)
             FROM news_articles a WHERE {visible_a} GROUP BY 1"
        ),
        &access.pg_params(RecordKind::Article, Some(Level::Summary), vec![]),
    )?;
    let (mut visible_count, mut total_length) = (0i64, 0i64);
    for row in tx.query(&stats.sql, &stats.params())? {
        let config = usize::try_from(row.try_get::<_, i32>(0)?)
            .unwrap_or(3)
            .min(3);
        let (n, length): (i64, i64) = (row.try_get(1)?, row.try_get(2)?);
        visible_count += n;
        total_length += length;
        if !all_dropped[config] {
            for (t, held) in holding.iter_mut().enumerate() {
                if dropped[config][t] {
                    *held += n.max(0) as u64;
                }
            }
        }
    }
    let mut scores = Scores::new(visible_count, total_length, candidates);
    for (held, found) in holding.into_iter().zip(frequencies) {
        scores.add_term(held, found);
    }
    Ok(scores.best(limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_become_single_quoted_operands() {
        let word = ScoredTerm {
            form: "trata".into(),
            prefix: false,
        };
        let prefix = ScoredTerm {
            form: "o'x".into(),
            prefix: true,
        };
        assert_eq!(ts_operand(&word), "'trata'");
        assert_eq!(ts_operand(&prefix), "'o''x':*");
    }
}
