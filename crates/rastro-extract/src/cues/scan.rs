//! Matching a compiled [`CueSet`] against a tokenised document: one pass over the tokens, each
//! token's word number given by the caller (from [`crate::vocab`]).

use std::cell::RefCell;
use std::ops::Range;

use rastro_geo::Lang;
use rastro_text::fasthash::FastMap;

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
        STEM_TRIES.with_borrow_mut(|memos| {
            if memos.len() <= self.serial {
                memos.resize_with(self.serial + 1, StemTries::default);
            }
            self.scan_tokens(&scan, lang, first, hits, &mut memos[self.serial]);
        });
    }

    /// The patterns filed under the first bytes of token `i`'s key whose first element accepts
    /// the token, as `memo` keeps them (worked out the first time the word is met).
    fn stem_tries(&self, scan: &Scan, i: usize, memo: &mut StemTries) -> Range<usize> {
        let key: &str = &scan.doc.tokens[i].key;
        let filed = self.prefix_index.get(key);
        if filed.is_empty() {
            return 0..0;
        }
        if let Some(&(start, end)) = memo.words.get(key) {
            return start as usize..end as usize;
        }
        if memo.words.len() >= StemTries::MAX_WORDS {
            memo.words.clear();
            memo.filed.clear();
        }
        let start = memo.filed.len();
        memo.filed.extend(
            filed
                .iter()
                .filter(|f| scan.first_accepts(&self.patterns[f.id].elems, i)),
        );
        let end = memo.filed.len();
        // Far below 4 GiB: the list is emptied with the words.
        memo.words.insert(key.into(), (start as u32, end as u32));
        start..end
    }

    /// The matching of [`CueSet::find_all_numbered_into`], token by token from `first`.
    fn scan_tokens(
        &self,
        scan: &Scan,
        lang: Lang,
        first: usize,
        hits: &mut Vec<Hit<C>>,
        memo: &mut StemTries,
    ) {
        let (doc, infos) = (scan.doc, scan.infos);
        // The bits of the sentence of the token being tried, made when a try first needs them.
        let mut sentence: Option<(usize, Bits)> = None;
        // Without stems, no token before the first that starts a pattern is tried, and no token
        // is looked for among stems.
        for i in first..doc.tokens.len() {
            let exact: &[Filed] = match infos[i].word {
                NO_WORD => &[],
                w => self.by_word.get(w as usize).map_or(&[], Vec::as_slice),
            };
            let stem = if self.has_stems {
                let range = self.stem_tries(scan, i, memo);
                &memo.filed[range]
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
            // Every pattern tried accepts the token as its first element (one filed under the
            // token's word by that word, one under its stem's first bytes as `stem_tries` found):
            // matching goes on from the second.
            for &Filed { id, times } in exact.iter().chain(stem) {
                let p = &self.patterns[id];
                if p.lang.is_some_and(|l| l != lang) || !p.needs.iter().all(|n| bits.meets(n)) {
                    continue;
                }
                if let Some(end) = scan.match_at(&p.elems[1..], i + 1, sent_end) {
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

/// What one set's stems make of the words a thread has met: for each word, the patterns filed
/// under its first three bytes whose first element accepts it. A word is read against the stems
/// once, not at every occurrence: the common words that merely start like stems ("for",
/// "con", "pro") then try no pattern at all.
#[derive(Default)]
struct StemTries {
    /// Each word's patterns, as a range of `filed`.
    words: FastMap<Box<str>, (u32, u32)>,
    filed: Vec<Filed>,
}

impl StemTries {
    /// Words kept before the memo starts again: a long-running extractor reading text after
    /// text meets new words for ever.
    const MAX_WORDS: usize = 1 << 16;
}

thread_local! {
    /// Each set's [`StemTries`], by the set's serial number.
    static STEM_TRIES: RefCell<Vec<StemTries>> = const { RefCell::new(Vec::new()) };
}

/// A document with each token's word number, as one set's patterns are matched against it.
struct Scan<'d, 'a> {
    doc: &'d Doc<'a>,
    infos: &'d [TokInfo],
}

impl Scan<'_, '_> {
    /// Whether the first of `elems` (a pattern's, which always starts with a word) accepts
    /// token `i`.
    fn first_accepts(&self, elems: &[Elem], i: usize) -> bool {
        match (elems.first(), self.infos.get(i)) {
            (Some(Elem::Any(alts)), Some(tok)) => {
                alts.matches(tok, || self.doc.tokens[i].key.as_ref())
            }
            _ => false,
        }
    }

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
    fn what_one_set_made_of_a_word_is_not_read_by_another_or_for_another_word() {
        // Two sets filing stems under the same first bytes: each keeps its own reading of
        // "forzados", and a word that only starts like a stem ("for") tries nothing, however
        // often it is met.
        let labour = CueSet::new(&[("forzad* a trabajar", 1), ("for ~2 labour", 2)]).unwrap();
        let other = CueSet::new(&[("forma* de", 3), ("forzad*", 4)]).unwrap();
        let text = "Trabajos forzados. Los forzados a trabajar. Forma de pago: for labour.";
        let cues = |set: &CueSet<i32>| -> Vec<i32> {
            set.find_all(&Doc::new(text), Lang::Es)
                .iter()
                .map(|h| h.cue)
                .collect()
        };
        for _ in 0..2 {
            assert_eq!(cues(&labour), [1, 2]);
            assert_eq!(cues(&other), [4, 4, 3]);
        }
        let fresh = CueSet::new(&[("forma* de", 3), ("forzad*", 4)]).unwrap();
        assert_eq!(cues(&fresh), [4, 4, 3]);
    }

    #[test]
    fn matches_do_not_cross_sentences() {
        let set = CueSet::new(&[("forced ~3 labour", 1)]).unwrap();
        let doc = Doc::new("They were forced. Labour laws changed.");
        assert!(set.find_all(&doc, Lang::En).is_empty());
    }
}
