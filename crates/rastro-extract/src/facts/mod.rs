//! From a tokenised article to an [`Incident`]: each submodule extracts one kind of fact and
//! records the evidence for it.

mod counts;
mod dates;
mod forms;
mod generic;
mod methods;
mod money;
mod names;
mod operations;
mod places;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_counts;
#[cfg(test)]
mod tests_forms_told;
#[cfg(test)]
mod tests_generalities;
#[cfg(test)]
mod tests_generated;
#[cfg(test)]
mod tests_kinds;
#[cfg(test)]
mod tests_name_kinds;
#[cfg(test)]
mod tests_names_forms;
#[cfg(test)]
mod tests_reach;
#[cfg(test)]
mod tests_settled;
#[cfg(test)]
mod tests_unseen;

use std::borrow::Cow;

use rastro_geo::Lang;
use rastro_text::fasthash::FastMap;
use rastro_text::FoldedWords;

use crate::cues::{Hit, TokInfo};
use crate::input::Article;
use crate::model::{Evidence, Incident};
use crate::text::{CharIndex, Doc, DocBuffers};
use crate::{lang, MAX_ANALYSED_BYTES};

use crate::words::lexicon::{self, Cue};
use places::Mention;

/// A short report as an article about a trafficking case tells it, with a closing sentence
/// that names the crime in the report's language: victims are counted only where it is named.
#[cfg(test)]
pub(crate) fn in_trafficking_case(text: &str) -> String {
    let named = match crate::extract(&Article::plain("t", text)).language {
        Lang::Es => "Es un caso de trata de personas.",
        Lang::Pt => "É um caso de tráfico de pessoas.",
        Lang::En => "It is a case of human trafficking.",
    };
    format!("{text}\n\n{named}")
}

/// Whether a word matched by a rescue stem names those who rescue.
fn rescue_agent(key: &str) -> bool {
    ["rescuer", "rescatist", "resgatist"]
        .iter()
        .any(|stem| key.starts_with(stem))
}

/// Whether a court or bail follows a verb of freeing closely ("fue liberada por el juez",
/// "released on bail", "solto pelo juiz após pagar fiança"): suspects released, not victims
/// rescued.
fn released_by_court(doc: &Doc, end: usize) -> bool {
    const REACH: usize = 4;
    doc.tokens.iter().skip(end).take(REACH).any(|t| {
        matches!(
            t.key.as_ref(),
            "juez"
                | "jueza"
                | "juiz"
                | "juiza"
                | "judge"
                | "magistrate"
                | "fianza"
                | "fianca"
                | "bail"
                | "bond"
                | "tribunal"
                | "court"
        )
    })
}

/// Everything the fact extractors share about one article.
pub(crate) struct Ctx<'a> {
    pub doc: Doc<'a>,
    pub lang: Lang,
    pub hits: Vec<Hit<Cue>>,
    /// For each sentence, the range of `hits` that start in it.
    sent_hits: Vec<(usize, usize)>,
    /// For each sentence, whether a negation cue starts in it: most sentences have none, and
    /// [`Ctx::negated`] is asked about nearly every cue and count.
    sent_negation: Vec<bool>,
    pub mentions: Vec<Mention>,
    /// Token spans of group names whose places do not place the story ("Tokyo" the gang): the
    /// places inside them are not the article's countries. Nationality words inside any group
    /// name are listed too.
    pub name_spans: Vec<(usize, usize)>,
    evidence: Vec<RawEvidence>,
}

struct RawEvidence {
    field: &'static str,
    /// A fixed word ("sexual", "true") borrowed: only the first piece of each entry is copied.
    value: Cow<'static, str>,
    start: usize,
    end: usize,
    sentence: usize,
}

impl<'a> Ctx<'a> {
    fn new(text: &'a str, keys: &'a mut String, buffers: &mut CtxBuffers) -> Ctx<'a> {
        let doc = Doc::with_buffers(text, keys, &mut buffers.doc);
        let lang = lang::identify(&doc.tokens);
        let vocab = crate::vocab::vocab();
        let mut hits = std::mem::take(&mut buffers.hits);
        lexicon::cues().find_all_numbered_into(
            &doc,
            lang,
            |t| vocab.entry(t.vocab).cue,
            &mut hits,
            &mut buffers.infos,
        );
        // "rescuers", "rescatistas", "resgatistas": who rescues is no act of rescue.
        hits.retain(|h| {
            h.cue != Cue::Rescue
                || !rescue_agent(&doc.tokens[h.start].key) && !released_by_court(&doc, h.end)
        });
        let mut sent_hits = std::mem::take(&mut buffers.sent_hits);
        sent_hits.clear();
        sent_hits.resize(doc.sentences.len(), (0, 0));
        let mut sent_negation = std::mem::take(&mut buffers.sent_negation);
        sent_negation.clear();
        sent_negation.resize(doc.sentences.len(), false);
        let mut h = 0;
        for (s, range) in sent_hits.iter_mut().enumerate() {
            let begin = h;
            while h < hits.len() && doc.sent_of[hits[h].start] as usize == s {
                sent_negation[s] |= matches!(
                    hits[h].cue,
                    Cue::Negation | Cue::NegationLocal | Cue::NegationWide
                );
                h += 1;
            }
            *range = (begin, h);
        }
        let mut mentions = std::mem::take(&mut buffers.mentions);
        places::find_into(&doc, &mut buffers.folded_words, &mut mentions);
        let mut evidence = std::mem::take(&mut buffers.evidence);
        evidence.clear();
        Ctx {
            doc,
            lang,
            hits,
            sent_hits,
            sent_negation,
            mentions,
            name_spans: Vec::new(),
            evidence,
        }
    }

    /// Hands this context's lists back to `buffers` for the next article.
    fn keep(self, buffers: &mut CtxBuffers) {
        buffers.doc.keep(self.doc);
        if self.hits.capacity() <= KEEP_ITEMS_UP_TO {
            buffers.hits = self.hits;
            buffers.sent_hits = self.sent_hits;
            buffers.sent_negation = self.sent_negation;
            buffers.mentions = self.mentions;
            buffers.evidence = self.evidence;
        }
    }

    pub fn sentence_of(&self, tok: usize) -> usize {
        self.doc.sent_of[tok] as usize
    }

    /// The cue hits that start in sentence `s`.
    pub fn hits_in(&self, s: usize) -> &[Hit<Cue>] {
        let (a, b) = self.sent_hits.get(s).copied().unwrap_or((0, 0));
        &self.hits[a..b]
    }

    /// Whether a negation cue of any reach starts in sentence `s`.
    pub fn sentence_negates(&self, s: usize) -> bool {
        self.sent_negation.get(s).copied().unwrap_or(false)
    }

    pub fn sentence_has(&self, s: usize, pred: impl Fn(Cue) -> bool) -> bool {
        self.hits_in(s).iter().any(|h| pred(h.cue))
    }

    /// A strong negation ("no", "não", "not", "ningún"…) in the `window` tokens before `tok`,
    /// in the same sentence; a negated existence ("no existen denuncias de …") reaches over
    /// the whole clause that follows it.
    pub fn negated(&self, tok: usize, window: usize) -> bool {
        const WIDE: usize = 12;
        let s = self.sentence_of(tok);
        if !self.sentence_negates(s) {
            return false;
        }
        self.hits_in(s).iter().any(|h| {
            h.start < tok
                && match h.cue {
                    Cue::Negation => tok - h.start <= window,
                    Cue::NegationLocal => tok - h.start <= 2,
                    Cue::NegationWide => {
                        tok - h.start <= WIDE
                            && !self.doc.tokens[h.end..tok]
                                .iter()
                                .any(|t| matches!(t.key.as_ref(), ";" | "pero" | "but" | "mas"))
                    }
                    _ => false,
                }
        })
    }

    /// Records evidence for a value found at tokens `[from, to)`.
    pub fn evidence(
        &mut self,
        field: &'static str,
        value: impl Into<Cow<'static, str>>,
        from: usize,
        to: usize,
    ) {
        if from >= to || to > self.doc.tokens.len() {
            return;
        }
        let start = self.doc.tokens[from].start;
        let end = self.doc.tokens[to - 1].end;
        let sentence = self.sentence_of(from);
        self.evidence.push(RawEvidence {
            field,
            value: value.into(),
            start,
            end,
            sentence,
        });
    }

    /// Merges the evidence of each (field, value) into one entry with all its spans (at most a
    /// handful: enough to check a value, not a concordance).
    fn finish_evidence(&mut self) -> Vec<Evidence> {
        const MAX_SPANS: usize = 5;
        let mut chars = CharIndex::new(self.doc.text);
        let raw = &mut self.evidence;
        // By start, pieces of one start in the order they were recorded: each piece's start and
        // number in one integer, sorted without moving the pieces themselves (a stable sort of
        // the pieces copied them and allocated its scratch space for every article).
        let mut order: Vec<u64> = raw
            .iter()
            .enumerate()
            .map(|(i, e)| ((e.start as u64) << 32) | i as u64)
            .collect();
        order.sort_unstable();
        // Which entry of the output each piece of evidence joins: the first with its field and
        // value, found by a table rather than by reading every entry made so far.
        // Sized for every piece at once: grown from empty it was rehashed several times per
        // article, a few percent of the whole extraction.
        let mut entry_of: FastMap<EntryKey, usize> =
            FastMap::with_capacity_and_hasher(raw.len(), Default::default());
        // Each entry's number of pieces, so that its spans are allocated once at their size.
        let mut pieces: Vec<usize> = Vec::with_capacity(raw.len());
        let slots: Vec<usize> = order
            .iter()
            .map(|&o| {
                let e = &raw[(o & u64::from(u32::MAX)) as usize];
                let next = entry_of.len();
                let slot = *entry_of
                    .entry(EntryKey(e.field, e.value.as_ref()))
                    .or_insert(next);
                if slot == pieces.len() {
                    pieces.push(0);
                }
                pieces[slot] += 1;
                slot
            })
            .collect();
        drop(entry_of);
        let mut out: Vec<Evidence> = Vec::with_capacity(pieces.len());
        for (&o, slot) in order.iter().zip(slots) {
            let e = &mut raw[(o & u64::from(u32::MAX)) as usize];
            let span = [chars.char_offset(e.start), chars.char_offset(e.end)];
            if let Some(existing) = out.get_mut(slot) {
                if existing.spans.len() < MAX_SPANS && !existing.spans.contains(&span) {
                    existing.spans.push(span);
                }
                continue;
            }
            let mut spans = Vec::with_capacity(pieces[slot].min(MAX_SPANS));
            spans.push(span);
            out.push(Evidence {
                field: std::borrow::Cow::Borrowed(e.field),
                value: std::mem::take(&mut e.value).into_owned(),
                spans,
                sentence: self.doc.sentence_text(e.sentence).to_string(),
            });
        }
        raw.clear();
        out
    }
}

/// A piece of evidence's field and value, as the key of the entry it joins. Hashed by the lengths
/// and the value's first and last eight bytes, a few multiplications instead of a pass over both
/// texts: the values of one article that agree on all of these are few, and equality still
/// compares them whole.
#[derive(PartialEq, Eq)]
struct EntryKey<'a>(&'a str, &'a str);

impl std::hash::Hash for EntryKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let value = self.1.as_bytes();
        let n = value.len().min(8);
        state.write_u64(((self.0.len() as u64) << 32) | value.len() as u64);
        state.write_u64(edge(&value[..n]));
        state.write_u64(edge(&value[value.len() - n..]));
        state.write_u64(edge(&self.0.as_bytes()[..self.0.len().min(8)]));
    }
}

/// Up to eight bytes as one number, zero-padded (a fixed-size load, not a call to `memcpy`, for
/// every piece of evidence).
#[inline]
fn edge(bytes: &[u8]) -> u64 {
    crate::words::key::head_of_bytes(bytes)
}

/// Cuts `text` to at most `max` bytes at a character boundary.
fn truncate(text: &str, max: usize) -> (&str, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    (&text[..cut], true)
}

pub use counts::learned::{
    decide, fit, may_choose, thin, ArticleMentions, CountMention, CountModel, Decision,
    WeightsError, FEATURE_BITS, ITERATIONS, L2, LEARNING_RATE, PRUNE,
};
pub use counts::CountCandidates;

/// Every count mention of an article with its features, and the rules' figures, for training
/// and cross-validating the learned scorer.
pub(crate) fn count_mentions(article: &Article) -> ArticleMentions {
    with_counts_ready(article, counts::mentions)
}

/// The counts of victims and arrests read in an article before one of each is chosen.
pub(crate) fn count_candidates(article: &Article) -> CountCandidates {
    with_counts_ready(article, counts::candidates)
}

/// Runs `read` on the article's analysis once the readers that run before the counts have,
/// in the same order as `extract`, in case one of them leaves marks the counts read.
fn with_counts_ready<T>(article: &Article, read: impl FnOnce(&mut Ctx) -> T) -> T {
    let full = article.full_text();
    let (text, _) = truncate(&full, MAX_ANALYSED_BYTES);
    let mut keys = String::new();
    let mut ctx = Ctx::new(text, &mut keys, &mut CtxBuffers::default());
    let forms = forms::exploitation(&mut ctx);
    forms::smuggling(&mut ctx, &forms);
    read(&mut ctx)
}

/// What one extraction leaves for the next to reuse: the analysed text, the words' keys and the
/// document's lists, all emptied; each kept only while it stays the size of a news article.
pub(crate) struct Buffers {
    /// How far the learned scorer may change the rules' counts of victims and of arrests.
    pub(crate) learned_counts: [Decision; 2],
    full: String,
    keys: String,
    work: CtxBuffers,
}

impl Default for Buffers {
    fn default() -> Buffers {
        Buffers {
            learned_counts: [Decision::RULES; 2],
            full: String::new(),
            keys: String::new(),
            work: CtxBuffers::default(),
        }
    }
}

/// The lists of a [`Ctx`], kept empty between articles.
#[derive(Default)]
pub(crate) struct CtxBuffers {
    doc: DocBuffers,
    hits: Vec<Hit<Cue>>,
    infos: Vec<TokInfo>,
    sent_hits: Vec<(usize, usize)>,
    sent_negation: Vec<bool>,
    mentions: Vec<Mention>,
    /// The article's words folded for the gazetteer.
    folded_words: FoldedWords,
    evidence: Vec<RawEvidence>,
}

/// Text buffers larger than this (bytes) are dropped after use rather than kept.
const KEEP_TEXT_UP_TO: usize = 64 * 1024;

/// Cue hits of an article longer than news (and so its other lists) are not kept for the next.
const KEEP_ITEMS_UP_TO: usize = KEEP_TEXT_UP_TO / 4;

impl Buffers {
    fn trim(&mut self) {
        for buf in [&mut self.full, &mut self.keys] {
            if buf.capacity() > KEEP_TEXT_UP_TO {
                *buf = String::new();
            }
        }
    }
}

pub(crate) fn extract(article: &Article, buffers: &mut Buffers) -> Incident {
    let incident = extract_with(article, buffers);
    buffers.trim();
    incident
}

fn extract_with(article: &Article, buffers: &mut Buffers) -> Incident {
    let Buffers {
        learned_counts,
        full,
        keys,
        work,
    } = buffers;
    let full = article.full_text_in(full);
    let (text, truncated) = truncate(full, MAX_ANALYSED_BYTES);
    // Capitalised and accented words' keys: sized so that the buffer rarely grows.
    keys.clear();
    keys.reserve(text.len() / 4);
    let mut ctx = Ctx::new(text, keys, work);

    let forms = forms::exploitation(&mut ctx);
    let smuggling = forms::smuggling(&mut ctx, &forms);
    let counts = counts::extract(&mut ctx, CountModel::shipped(), *learned_counts);
    let operations = operations::operations(&mut ctx);
    let groups = names::groups(&mut ctx);
    let trafficking_context =
        !forms.forms.is_empty() || smuggling || ctx.hits.iter().any(|h| h.cue == Cue::Trafficking);
    let recruitment = if trafficking_context {
        methods::recruitment(&mut ctx)
    } else {
        Vec::new()
    };
    let control = if !trafficking_context {
        Vec::new()
    } else {
        methods::control(&mut ctx)
    };
    let money = money::extract(&mut ctx);
    let date = dates::extract(&mut ctx, article.published.as_deref());
    let (countries, places) = places::resolve(&mut ctx);
    let evidence = ctx.finish_evidence();
    let language = ctx.lang;
    ctx.keep(work);

    Incident {
        id: article.id.clone(),
        language,
        title: article.title.clone(),
        url: article.url.clone(),
        countries,
        places,
        exploitation: forms.forms.clone(),
        exploitation_detail: forms.details(),
        smuggling,
        victims: counts.victims,
        arrests: counts.arrests,
        migrants: counts.migrants,
        minors: counts.minors,
        money,
        operations,
        groups,
        recruitment,
        control,
        date,
        evidence,
        truncated,
    }
}

#[cfg(test)]
mod evidence_tests {
    use super::*;

    #[test]
    fn an_edge_of_a_value_is_its_bytes_zero_padded() {
        assert_eq!(edge(b""), 0);
        assert_eq!(edge(b"abc"), u64::from_le_bytes(*b"abc\0\0\0\0\0"));
        assert_eq!(edge(b"abcdefgh"), u64::from_le_bytes(*b"abcdefgh"));
        assert_eq!(edge(b"abcdefghij"), u64::from_le_bytes(*b"abcdefgh"));
    }

    #[test]
    fn evidence_is_merged_by_start_with_ties_in_recording_order() {
        let text = "uno dos tres cuatro cinco seis siete ocho nueve diez once doce";
        let mut keys = String::new();
        let mut buffers = CtxBuffers::default();
        let mut ctx = Ctx::new(text, &mut keys, &mut buffers);
        ctx.evidence.clear();
        // Recorded out of order, with ties: (field, value, token).
        let pieces = [
            ("b", "x", 5),
            ("a", "y", 2),
            ("c", "z", 5),
            ("a", "y", 9),
            ("b", "x", 0),
            ("d", "w", 2),
            ("a", "y", 2),
            ("a", "y", 11),
            ("a", "y", 7),
            ("a", "y", 8),
            ("a", "y", 10),
        ];
        for (field, value, tok) in pieces {
            ctx.evidence(field, value, tok, tok + 1);
        }
        let out = ctx.finish_evidence();
        let entries: Vec<(&str, &str)> = out
            .iter()
            .map(|e| (e.field.as_ref(), e.value.as_str()))
            .collect();
        // By first start: "b x" at token 0, then at token 2 "a y" before "d w" as recorded, then
        // "c z" at token 5.
        assert_eq!(entries, [("b", "x"), ("a", "y"), ("d", "w"), ("c", "z")]);
        let starts = |e: &Evidence| e.spans.iter().map(|s| s[0]).collect::<Vec<_>>();
        let token_start = |tok: usize| ctx.doc.tokens[tok].start;
        assert_eq!(starts(&out[0]), [token_start(0), token_start(5)]);
        // At most five spans, the earliest, the repeated one once.
        assert_eq!(
            starts(&out[1]),
            [2, 7, 8, 9, 10].map(token_start),
            "{:?}",
            out[1].spans
        );
        assert!(ctx.evidence.is_empty());
    }
}
