//! Matching a compiled [`CueSet`] against a tokenised document: one pass over the tokens, each
//! token's word number given by the caller (from [`crate::vocab`]).

use rastro_geo::Lang;

use super::{Bits, CueSet, Elem, Filed, Hit, TokInfo, NO_WORD};
use crate::text::{Doc, Token};
use crate::words::key::head_of;

impl<C: Copy> CueSet<C> {
    pub(super) fn word_number_of(&self, key: &str) -> u32 {
        if !self.word_filter.may_contain(key) {
            return NO_WORD;
        }
        self.words.get(key).copied().unwrap_or(NO_WORD)
    }

    /// Every match in the document, in token order. Matches never cross a sentence boundary.
    pub fn find_all(&self, doc: &Doc, lang: Lang) -> Vec<Hit<C>> {
        self.find_all_numbered(doc, lang, |t| self.word_number_of(&t.key))
    }

    /// [`CueSet::find_all`] with each token's word number in this set given by `number` (from
    /// [`crate::vocab`], which looked the word up once for every table).
    pub(crate) fn find_all_numbered(
        &self,
        doc: &Doc,
        lang: Lang,
        number: impl Fn(&Token) -> u32,
    ) -> Vec<Hit<C>> {
        let mut hits = Vec::new();
        self.find_all_numbered_into(doc, lang, number, &mut hits, &mut Vec::new());
        hits
    }

    /// [`CueSet::find_all_numbered`] into `hits` (cleared first), with the tokens' numbers kept
    /// in `infos`: a caller matching article after article reuses both lists.
    pub(crate) fn find_all_numbered_into(
        &self,
        doc: &Doc,
        lang: Lang,
        number: impl Fn(&Token) -> u32,
        hits: &mut Vec<Hit<C>>,
        infos: &mut Vec<TokInfo>,
    ) {
        hits.clear();
        if self.patterns.is_empty() {
            return;
        }
        // Without stems a pattern starts only at a word filed under its number: an article with
        // none of them (most name no known group) is answered without building anything.
        let starts_pattern = |t: &Token| {
            let w = number(t);
            w != NO_WORD && self.by_word.get(w as usize).is_some_and(|l| !l.is_empty())
        };
        let first = if self.has_stems {
            0
        } else {
            match doc.tokens.iter().position(starts_pattern) {
                Some(first) => first,
                None => return,
            }
        };
        // About one token in six starts a cue in news text: sized so that it rarely grows.
        hits.reserve(doc.tokens.len() / 4);
        infos.clear();
        infos.extend(doc.tokens.iter().map(|t| TokInfo {
            word: number(t),
            len: t.key.len() as u32,
            head: if self.has_stems { head_of(&t.key) } else { 0 },
        }));
        let infos = infos.as_slice();
        let scan = Scan { doc, infos };
        // The bits of the sentence of the token being tried, made when a try first needs them.
        let mut sentence: Option<(usize, Bits)> = None;
        // Without stems, no token before the first that starts a pattern is tried, and no token
        // is looked for among stems.
        for (i, tok) in doc.tokens.iter().enumerate().skip(first) {
            let exact: &[Filed] = match infos[i].word {
                NO_WORD => &[],
                w => self.by_word.get(w as usize).map_or(&[], Vec::as_slice),
            };
            let stem = if self.has_stems {
                self.prefix_index.get(&tok.key)
            } else {
                &[]
            };
            if exact.is_empty() && stem.is_empty() {
                continue;
            }
            let s = doc.sent_of[i] as usize;
            let sent = &doc.sentences[s];
            let sent_end = sent.tok_end;
            let bits = match sentence {
                Some((at, bits)) if at == s => bits,
                _ => {
                    let mut bits = Bits::default();
                    for info in &infos[sent.tok_start..sent_end] {
                        bits.add_token(info);
                    }
                    sentence = Some((s, bits));
                    bits
                }
            };
            // A pattern filed under the token's word accepts it as its first element: matching
            // goes on from the second; one filed under the stem's first bytes is checked whole.
            let tries = exact
                .iter()
                .map(|f| (f, 1))
                .chain(stem.iter().map(|f| (f, 0)));
            for (&Filed { id, times }, skip) in tries {
                let p = &self.patterns[id];
                if p.lang.is_some_and(|l| l != lang) || !p.needs.iter().all(|n| bits.meets(n)) {
                    continue;
                }
                if let Some(end) = scan.match_at(&p.elems[skip..], i + skip, sent_end) {
                    let hit = Hit {
                        cue: p.cue,
                        start: i,
                        end,
                    };
                    hits.extend(std::iter::repeat_n(hit, times as usize));
                }
            }
        }
    }
}

/// A document with each token's word number, as one set's patterns are matched against it.
struct Scan<'d, 'a> {
    doc: &'d Doc<'a>,
    infos: &'d [TokInfo],
}

impl Scan<'_, '_> {
    /// Matches `elems` starting at token `i`; returns the end (exclusive) of the shortest match.
    /// A run of words is matched in a loop, and only a gap recurses, once per length it tries:
    /// most tries fail at their first word, before any call.
    #[inline]
    fn match_at(&self, elems: &[Elem], mut i: usize, limit: usize) -> Option<usize> {
        let mut rest = elems;
        loop {
            let Some((first, tail)) = rest.split_first() else {
                return Some(i);
            };
            match first {
                Elem::Any(alts) => {
                    if i >= limit {
                        return None;
                    }
                    let tok = self.infos.get(i)?;
                    if !alts.matches(tok, || self.doc.tokens[i].key.as_ref()) {
                        return None;
                    }
                    i += 1;
                    rest = tail;
                }
                Elem::Gap(n) => {
                    return (0..=*n)
                        .take_while(|skip| i + skip <= limit)
                        .find_map(|skip| self.match_gapped(tail, i + skip, limit))
                }
            }
        }
    }

    /// [`Scan::match_at`] after a gap, kept out of line so that the first is inlined into the
    /// scan of every token.
    #[inline(never)]
    fn match_gapped(&self, elems: &[Elem], i: usize, limit: usize) -> Option<usize> {
        self.match_at(elems, i, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_words_stems_alternatives_and_gaps() {
        let set = CueSet::new(&[
            ("explotacion sexual*", 1),
            ("obligad*|forzad* ~3 mendig*", 2),
            ("pt:rim|rins", 3),
        ])
        .unwrap();
        let doc = Doc::new("Explotación sexualmente. Niños obligados a salir a mendigar. Un rim.");
        let hits = set.find_all(&doc, Lang::Es);
        let cues: Vec<i32> = hits.iter().map(|h| h.cue).collect();
        assert_eq!(cues, [1, 2]);
        assert_eq!(
            doc.span_text(hits[1].start, hits[1].end),
            "obligados a salir a mendigar"
        );
        let pt = set.find_all(&Doc::new("vender um rim"), Lang::Pt);
        assert_eq!(pt.len(), 1);
    }

    #[test]
    fn each_filing_of_a_pattern_is_one_hit() {
        // Filed twice under "divididos" and twice under "det": two tries, two hits, as the
        // tables have always been read.
        let set = CueSet::new(&[
            ("divididos|dividen|divididos en", 1),
            ("detenid*|detuv*|arrest* por", 2),
            ("rescat* a", 3),
        ])
        .unwrap();
        let doc = Doc::new("divididos en grupos; detenidos por la policia; rescatados a tiempo");
        let cues: Vec<i32> = set.find_all(&doc, Lang::Es).iter().map(|h| h.cue).collect();
        assert_eq!(cues, [1, 1, 2, 2, 3]);
    }

    #[test]
    fn matches_do_not_cross_sentences() {
        let set = CueSet::new(&[("forced ~3 labour", 1)]).unwrap();
        let doc = Doc::new("They were forced. Labour laws changed.");
        assert!(set.find_all(&doc, Lang::En).is_empty());
    }
}
