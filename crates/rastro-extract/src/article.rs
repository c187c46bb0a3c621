//! What decoding produces: articles, and the warnings and errors met on the way. Shared by every
//! input format's reader.

use std::borrow::Cow;

/// One article to extract from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub title: Option<String>,
    pub text: String,
    pub url: Option<String>,
    /// Publication date as the source gives it (ISO 8601 preferred).
    pub published: Option<String>,
    /// 1-based line of a JSON-lines input (item of a JSON array); `None` for whole files.
    pub line: Option<usize>,
}

impl Article {
    pub fn plain(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            ..Article::default()
        }
    }

    /// [`Article::full_text`], copied into `buf` when it must be copied at all: an extractor
    /// reading article after article keeps one buffer for the text it analyses.
    pub(crate) fn full_text_in<'s>(&'s self, buf: &'s mut String) -> &'s str {
        match &self.title {
            Some(t) if !t.trim().is_empty() => {
                buf.clear();
                buf.push_str(t.trim());
                buf.push_str("\n\n");
                buf.push_str(&self.text);
                buf
            }
            _ => &self.text,
        }
    }

    /// The text the extractor reads and evidence offsets point into: the title, a blank line,
    /// then the body.
    pub fn full_text(&self) -> Cow<'_, str> {
        match &self.title {
            Some(t) if !t.trim().is_empty() => {
                // Sized once and copied: `format!` grows its buffer piece by piece, which cost
                // more than copying a 3 KB article.
                let title = t.trim();
                let mut full = String::with_capacity(title.len() + 2 + self.text.len());
                full.push_str(title);
                full.push_str("\n\n");
                full.push_str(&self.text);
                Cow::Owned(full)
            }
            _ => Cow::Borrowed(&self.text),
        }
    }
}

/// Something odd about an input that did not stop it from being read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line (JSON lines) or `None` for the whole input.
    pub line: Option<usize>,
    pub message: String,
}

/// An input, or one line of it, that could not be read as an article.
#[derive(thiserror::Error, Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    #[error("binary file ({kind}), not an article")]
    Binary { kind: &'static str },
    #[error("empty input: no text to extract from")]
    Empty,
    #[error("line {line}: not valid JSON: {message}")]
    Json { line: usize, message: String },
    #[error("line {line}: expected a JSON object with a \"text\" field")]
    NotObject { line: usize },
    #[error("line {line}: field \"{field}\" is missing or empty")]
    MissingField { line: usize, field: &'static str },
    #[error("line {line}: field \"{field}\" must be a string")]
    WrongType { line: usize, field: &'static str },
    #[error("HTML has no readable text")]
    EmptyHtml,
    #[error("feed has no items (<item> or <entry>)")]
    EmptyFeed,
}

impl InputError {
    pub fn line(&self) -> Option<usize> {
        match self {
            InputError::Json { line, .. }
            | InputError::NotObject { line }
            | InputError::MissingField { line, .. }
            | InputError::WrongType { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// The outcome of decoding one input: the articles read, and what went wrong on the way.
#[derive(Debug, Default)]
pub struct Decoded {
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
    pub errors: Vec<InputError>,
}
