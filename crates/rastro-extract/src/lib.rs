//! Text extraction: turns news articles and incident reports in Spanish, Portuguese and English
//! into structured incidents, with the evidence (character spans and sentence) for every value.
//!
//! The pipeline is deliberately rule-based and table-driven: organisations must be able to read
//! why a value was extracted, and the same rules must hold on articles nobody has seen. Stages:
//! input decoding ([`input`], [`html`], [`jsonl`]) → tokens and sentences ([`text`]) → language
//! ([`lang`]) → cue phrases ([`cues`]) → facts (counts, forms, names, methods, money, dates,
//! places) → [`Incident`]. [`eval`] scores incidents against annotated gold.
//!
//! Place knowledge comes only from `rastro-geo`; this crate decides what role a place plays.

use std::cell::RefCell;

mod article;
pub mod cues;
pub mod dedupe;
pub mod eval;
mod facts;
pub mod feed;
pub mod html;
pub mod input;
mod json_out;
pub mod jsonl;
pub mod lang;
mod model;
pub mod numbers;
mod prefilter;
pub mod text;
mod tokens;
mod vocab;
mod words;

pub use input::{Article, InputError, Warning};
pub use model::{
    Control, Evidence, ExploitationDetail, ExploitationForm, Incident, Industry, Money, Place,
    Recruitment, Role,
};

/// Articles longer than this are analysed only up to here: the headline facts of news come first,
/// and a runaway input (a 50 MB "article") must not cost unbounded time or memory.
pub const MAX_ANALYSED_BYTES: usize = 512 * 1024;

/// Extracts one incident from an article. Never fails: an article with nothing recognisable gives
/// an incident whose fields are empty, which is itself a useful answer.
///
/// Uses this thread's [`Extractor`], so that a thread extracting article after article reuses its
/// buffers; a caller that holds an `Extractor` of its own can call it directly instead.
pub fn extract(article: &Article) -> Incident {
    thread_local! {
        static EXTRACTOR: RefCell<Extractor> = RefCell::new(Extractor::new());
    }
    EXTRACTOR.with(|cell| match cell.try_borrow_mut() {
        Ok(mut extractor) => extractor.extract(article),
        Err(_) => Extractor::new().extract(article),
    })
}

/// An extractor that keeps its working buffers (the analysed text, tokens, sentences) from one
/// article to the next: reading many articles, it allocates little beyond the incidents it
/// returns. Gives the same incident as [`extract`] for every article.
#[derive(Default)]
pub struct Extractor {
    buffers: facts::Buffers,
}

impl Extractor {
    pub fn new() -> Extractor {
        Extractor::default()
    }

    /// Extracts one incident from an article, as [`extract`] does.
    pub fn extract(&mut self, article: &Article) -> Incident {
        facts::extract(article, &mut self.buffers)
    }
}

pub use facts::CountCandidates;

/// Every count of victims and of arrests the readers find in an article, before one of each is
/// chosen. For evaluation: whether the gold count is among them tells a count the readers never
/// reach from one they reach but do not choose.
pub fn count_candidates(article: &Article) -> CountCandidates {
    facts::count_candidates(article)
}
