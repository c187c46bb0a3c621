//! Text with marks: the words a search matched (whatever their accents or case) and the spans an
//! extracted fact rests on. The text is escaped as it is marked, so imported markup stays text.

use rastro_text::fold_key;

use crate::html::esc;

/// What a search looks for in text: folded words, and whether each is a word's beginning.
pub struct Terms(Vec<(String, bool)>);

impl Terms {
    /// The words of a search as a reader typed it (quotes and `*` as the search reads them).
    pub fn of(query: &str) -> Terms {
        let mut terms = Vec::new();
        for raw in query.split(|c: char| !(c.is_alphanumeric() || c == '*')) {
            if raw.is_empty() || raw == "*" {
                continue;
            }
            let prefix = raw.ends_with('*');
            let word = fold_key(raw.trim_end_matches('*'));
            if word.is_empty() {
                continue;
            }
            // The search looks for a word's stem as a prefix; so does the marking.
            if prefix {
                terms.push((word, true));
            } else {
                let (stem, is_prefix) = rastro_text::search_prefix(&word);
                terms.push((stem.to_string(), is_prefix));
            }
        }
        Terms(terms)
    }

    pub fn none() -> Terms {
        Terms(Vec::new())
    }

    fn matches(&self, word: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let folded = fold_key(word);
        self.0.iter().any(|(term, prefix)| {
            if *prefix {
                folded.starts_with(term.as_str())
            } else {
                folded == *term
            }
        })
    }
}

/// A span of text (in characters) that a fact was read from.
pub struct Fact {
    pub start: usize,
    pub end: usize,
    pub field: String,
    pub value: String,
}

/// `text` as HTML, search words in `<mark data-q>`, fact spans in `<mark data-fact>`.
pub fn mark(text: &str, terms: &Terms, facts: &[Fact]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut fact_at: Vec<Option<usize>> = vec![None; chars.len()];
    for (i, fact) in facts.iter().enumerate() {
        let end = fact.end.min(chars.len());
        for slot in fact_at.iter_mut().take(end).skip(fact.start) {
            slot.get_or_insert(i);
        }
    }
    let mut query_at = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if terms.matches(&word) {
                query_at[start..i].iter_mut().for_each(|q| *q = true);
            }
        } else {
            i += 1;
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut start = 0;
    while start < chars.len() {
        let state = (fact_at[start], query_at[start]);
        let mut end = start + 1;
        while end < chars.len() && (fact_at[end], query_at[end]) == state {
            end += 1;
        }
        let piece: String = chars[start..end].iter().collect();
        let piece = esc(&piece);
        match state {
            (None, false) => out.push_str(&piece),
            (fact, query) => {
                out.push_str("<mark");
                if let Some(f) = fact.and_then(|f| facts.get(f)) {
                    out.push_str(&format!(
                        " data-fact=\"{}\" title=\"{}: {}\"",
                        esc(&f.field),
                        esc(&f.field),
                        esc(&f.value)
                    ));
                }
                if query {
                    out.push_str(" data-q=\"1\"");
                }
                out.push('>');
                out.push_str(&piece);
                out.push_str("</mark>");
            }
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_without_accents_marks_the_accented_word() {
        let html = mark("El Tráfico de personas", &Terms::of("trafico"), &[]);
        assert_eq!(html, "El <mark data-q=\"1\">Tráfico</mark> de personas");
    }

    #[test]
    fn inflected_forms_are_marked_too() {
        let html = mark(
            "Rescataron a mujeres rescatadas",
            &Terms::of("rescatado mujer"),
            &[],
        );
        assert_eq!(html.matches("<mark").count(), 3, "{html}");
    }

    #[test]
    fn prefixes_mark_every_word_they_begin() {
        let html = mark("rescatadas y rescate", &Terms::of("rescat*"), &[]);
        assert_eq!(html.matches("<mark").count(), 2);
    }

    #[test]
    fn facts_are_marked_at_their_spans_and_markup_stays_text() {
        let facts = [Fact {
            start: 4,
            end: 6,
            field: "victims".into(),
            value: "12".into(),
        }];
        let html = mark("<b> 12 mujeres", &Terms::none(), &facts);
        assert_eq!(
            html,
            "&lt;b&gt; <mark data-fact=\"victims\" title=\"victims: 12\">12</mark> mujeres"
        );
    }

    #[test]
    fn spans_beyond_the_text_are_cut() {
        let facts = [Fact {
            start: 2,
            end: 99,
            field: "x".into(),
            value: "y".into(),
        }];
        assert!(mark("abc", &Terms::none(), &facts).ends_with("c</mark>"));
    }
}
