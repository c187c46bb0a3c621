//! What news search means, whatever index finds the candidates: the words of an article as
//! SQLite's `unicode61 remove_diacritics 2` tokenizer cuts and folds them, when an article holds
//! a query's terms, and BM25 over the articles the reader may see.
//!
//! Each backend finds candidates with its own index and counts with its own SQL; the scoring is
//! here so that both rank alike, term by term in the same order (floating-point sums are then
//! equal to the last bit, and so is the order of results).

use std::collections::HashMap;

use crate::api::news::{QueryTerm, TextQuery};

/// BM25's usual constants: term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One term as the index stores it, scored on its own (a phrase is scored word by word).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ScoredTerm {
    pub form: String,
    pub prefix: bool,
}

/// The distinct terms to score, in one fixed order (sorted), empty ones left out.
pub(crate) fn scored_terms(query: &TextQuery) -> Vec<ScoredTerm> {
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
    out.into_iter()
        .filter(|(form, _)| !form.is_empty())
        .map(|(form, prefix)| ScoredTerm { form, prefix })
        .collect()
}

/// A word as the index stores it: case and accents folded, as the tokenizer does.
pub(crate) fn index_form(word: &str) -> String {
    rastro_text::fold_key(word).replace(' ', "")
}

/// An article's words in index form, title and body apart (a phrase never runs from one into
/// the other, as FTS5 keeps them as two columns). Only the words that match a term are kept;
/// the others hold their place (`None`), so that phrases still need their words in a row.
pub(crate) struct Words {
    columns: [Vec<Option<String>>; 2],
}

impl Words {
    /// The article's words that match any of `terms` (every term of the query is among
    /// [`scored_terms`], phrases' words included).
    pub fn new(title: Option<&str>, body: &str, terms: &[ScoredTerm]) -> Words {
        Words {
            columns: [
                matching_words(title.unwrap_or(""), terms),
                matching_words(body, terms),
            ],
        }
    }

    /// How often the article holds `term` (for a prefix: every word that starts with it).
    pub fn frequency(&self, term: &ScoredTerm) -> u64 {
        self.columns
            .iter()
            .flatten()
            .flatten()
            .filter(|w| term.matches(w))
            .count() as u64
    }

    /// Whether the article holds every term of `query`, as FTS5 matches them.
    pub fn holds_all(&self, query: &TextQuery) -> bool {
        query.terms.iter().all(|term| match term {
            QueryTerm::Word(w) => self.holds_phrase(&[index_form(w)], false),
            QueryTerm::Prefix(p) => self.holds_phrase(&[index_form(p)], true),
            QueryTerm::Phrase(words) => {
                let forms: Vec<String> = words.iter().map(|w| index_form(w)).collect();
                self.holds_phrase(&forms, false)
            }
        })
    }

    /// `forms` one after another in one column; the last may be a prefix.
    fn holds_phrase(&self, forms: &[String], last_is_prefix: bool) -> bool {
        if forms.is_empty() || forms.iter().any(String::is_empty) {
            return false;
        }
        self.columns.iter().any(|words| {
            words.windows(forms.len()).any(|window| {
                window
                    .iter()
                    .zip(forms)
                    .enumerate()
                    .all(|(i, (word, form))| {
                        let Some(word) = word else {
                            return false;
                        };
                        if last_is_prefix && i + 1 == forms.len() {
                            word.starts_with(form.as_str())
                        } else {
                            word == form
                        }
                    })
            })
        })
    }
}

impl ScoredTerm {
    fn matches(&self, word: &str) -> bool {
        if self.prefix {
            word.starts_with(self.form.as_str())
        } else {
            word == self.form
        }
    }
}

/// Words as `unicode61` cuts them (runs of letters and digits), folded as the index folds them;
/// those matching none of `terms` are kept as `None`. A word of plain ASCII (most of them) is
/// folded into one reused buffer: a search reads every article holding a common word, and an
/// allocation per word was most of its time.
fn matching_words(text: &str, terms: &[ScoredTerm]) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let mut buffer = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let folded = if word.is_ascii() {
            buffer.clear();
            buffer.extend(word.chars().map(|c| c.to_ascii_lowercase()));
            buffer.as_str()
        } else {
            buffer = index_form(word);
            buffer.as_str()
        };
        if folded.is_empty() {
            continue;
        }
        out.push(
            terms
                .iter()
                .any(|t| t.matches(folded))
                .then(|| folded.to_string()),
        );
    }
    out
}

/// BM25 scores of the candidates, built term by term from statistics of the visible articles.
pub(crate) struct Scores {
    articles: f64,
    mean_length: f64,
    lengths: HashMap<i64, f64>,
    scores: HashMap<i64, f64>,
}

impl Scores {
    /// `visible` articles of `total_length` bytes in all; `candidates` are the matches' internal
    /// keys with their lengths in bytes.
    pub fn new(visible: i64, total_length: i64, candidates: HashMap<i64, f64>) -> Scores {
        let articles = visible.max(1) as f64;
        let mean_length = (total_length as f64 / articles).max(1.0);
        Scores {
            articles,
            mean_length,
            scores: candidates.keys().map(|&pk| (pk, 0.0)).collect(),
            lengths: candidates,
        }
    }

    pub fn is_candidate(&self, pk: i64) -> bool {
        self.lengths.contains_key(&pk)
    }

    /// Adds one term held by `holding` visible articles, with its frequency in the candidates
    /// that hold it. Terms must be added in [`scored_terms`]' order.
    pub fn add_term(&mut self, holding: u64, frequencies: impl IntoIterator<Item = (i64, f64)>) {
        let df = holding as f64;
        let idf = (1.0 + (self.articles - df + 0.5) / (df + 0.5)).ln();
        for (pk, tf) in frequencies {
            let length = self.lengths.get(&pk).copied().unwrap_or(self.mean_length);
            let norm = K1 * (1.0 - B + B * length / self.mean_length);
            if let Some(score) = self.scores.get_mut(&pk) {
                *score += idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
    }

    /// The best `limit` candidates' keys, best first; equal scores newest first, so the order
    /// never depends on hashing.
    pub fn best(self, limit: usize) -> Vec<i64> {
        let mut ranked: Vec<(i64, f64)> = self.scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
        ranked.truncate(limit);
        ranked.into_iter().map(|(pk, _)| pk).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(form: &str, prefix: bool) -> ScoredTerm {
        ScoredTerm {
            form: form.to_string(),
            prefix,
        }
    }

    #[test]
    fn phrases_are_scored_word_by_word_in_one_order() {
        let q = TextQuery::parse(r#"Tráfico "trata de personas" bogo*"#).unwrap();
        assert_eq!(
            scored_terms(&q),
            vec![
                term("bogo", true),
                term("de", false),
                term("personas", false),
                term("trafico", false),
                term("trata", false),
            ]
        );
    }

    #[test]
    fn words_match_folded_whole_by_prefix_or_in_a_row_within_one_column() {
        let every =
            TextQuery::parse("\"trata de personas\" bogo* bogota trafico en el resc*").unwrap();
        let words = Words::new(
            Some("Trata de personas"),
            "En Bogotá, la TRATA y el tráfico; personas rescatadas.",
            &scored_terms(&every),
        );
        assert_eq!(words.frequency(&term("trata", false)), 2);
        assert_eq!(words.frequency(&term("bogo", true)), 1);
        assert_eq!(words.frequency(&term("bogo", false)), 0);
        let holds = |q: &str| words.holds_all(&TextQuery::parse(q).unwrap());
        assert!(holds("bogota trafico"));
        assert!(holds("\"trata de personas\""));
        assert!(holds("\"el trafico\" resc*"));
        // Words that are there, but not in a row, and a phrase across title and body.
        assert!(!holds("\"trata personas\""));
        assert!(!holds("\"personas en\""));
        assert!(!holds("bogota migrantes"));
        assert!(!holds("traf"));
        // A word no term asked for still holds its place between two that were.
        assert!(!holds("\"bogota trata\""));
    }

    #[test]
    fn more_of_a_rare_word_in_a_short_article_ranks_first() {
        let lengths = HashMap::from([(1, 100.0), (2, 400.0), (3, 100.0)]);
        let mut scores = Scores::new(10, 2000, lengths);
        scores.add_term(3, [(1, 1.0), (2, 3.0), (3, 2.0)]);
        assert_eq!(scores.best(10), vec![3, 2, 1]);
        // Ties go to the newest.
        let mut tied = Scores::new(2, 200, HashMap::from([(1, 100.0), (2, 100.0)]));
        tied.add_term(2, [(1, 1.0), (2, 1.0)]);
        assert_eq!(tied.best(1), vec![2]);
    }
}
