//! Tokens and sentences: the one pass over the raw text that every later stage works from.
//!
//! Tokens keep byte offsets into the original text so that evidence can always point back at
//! what the article actually says. Each word also carries a folded key (lowercase, accents
//! removed) because news in three languages spells the same word with and without accents.

use std::borrow::Cow;

use rastro_text::fasthash::FastMap;
use rastro_text::fold_key_into;

use crate::tokens::scan_into;
pub use crate::tokens::{tokenize, TokKind, Token};

#[derive(Clone, Copy, Debug)]
pub struct Sentence {
    /// Token range `[tok_start, tok_end)`.
    pub tok_start: usize,
    pub tok_end: usize,
    pub start: usize,
    pub end: usize,
}

/// A tokenised document.
pub struct Doc<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token<'a>>,
    pub sentences: Vec<Sentence>,
    /// Sentence index of each token.
    pub sent_of: Vec<u32>,
}

/// The lists of a [`Doc`], kept empty between documents so that the next one reuses them.
#[derive(Default)]
pub(crate) struct DocBuffers {
    tokens: Vec<Token<'static>>,
    sentences: Vec<Sentence>,
    sent_of: Vec<u32>,
    pending: Vec<(usize, usize, usize)>,
    /// Keys of the accented words met so far, by their text: most recur from article to
    /// article ("policía", "víctimas", "operação"), and are then copied, not folded and filed
    /// again.
    accented: FastMap<Box<str>, Box<str>>,
}

/// Accented words kept in [`DocBuffers::accented`] before it starts again: a long-running
/// extractor meets new words for ever.
const KEEP_ACCENTED_UP_TO: usize = 1 << 14;

/// Tokens of a text longer than this (bytes) are not kept for the next one: a rare long input
/// must not leave a long-lived extractor holding megabytes.
const KEEP_TOKENS_UP_TO: usize = 64 * 1024 / 5;

impl DocBuffers {
    /// Takes back the lists of `doc`, emptied.
    pub(crate) fn keep(&mut self, doc: Doc<'_>) {
        if doc.tokens.capacity() <= KEEP_TOKENS_UP_TO {
            self.tokens = recycle(doc.tokens);
            self.sentences = doc.sentences;
            self.sent_of = doc.sent_of;
        }
    }
}

/// An emptied list of tokens of one text as a list for tokens of another. Emptied and of the same
/// layout, the list keeps its allocation (the standard library collects such a list in place).
// `filter` would keep the tokens' lifetime; the point is to change it.
#[allow(clippy::unnecessary_filter_map)]
fn recycle<'a>(mut tokens: Vec<Token<'_>>) -> Vec<Token<'a>> {
    tokens.clear();
    tokens.into_iter().filter_map(|_| None).collect()
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Doc<'a> {
        Doc::from_tokens(text, tokenize(text))
    }

    /// [`Doc::new`] with the folded keys of words that differ from their text (capitalised or
    /// accented words) written into `keys` instead of each allocated on its own, and each
    /// distinct accented word folded once: the extractor's way, which makes one buffer per
    /// article instead of a hundred strings.
    pub fn with_keys(text: &'a str, keys: &'a mut String) -> Doc<'a> {
        Doc::with_buffers(text, keys, &mut DocBuffers::default())
    }

    /// [`Doc::with_keys`] in lists kept in `buffers` from an earlier document (hand them back
    /// with [`DocBuffers::keep`]): an extractor reading article after article then allocates
    /// none of them anew.
    pub(crate) fn with_buffers(
        text: &'a str,
        keys: &'a mut String,
        buffers: &mut DocBuffers,
    ) -> Doc<'a> {
        keys.clear();
        // (token, start, end): tokens whose key is `keys[start..end]`, set once `keys` is full.
        let pending = &mut buffers.pending;
        pending.clear();
        let accented = &mut buffers.accented;
        if accented.len() >= KEEP_ACCENTED_UP_TO {
            accented.clear();
        }
        let mut tokens = recycle(std::mem::take(&mut buffers.tokens));
        scan_into(text, &mut tokens, |i, raw| {
            let start = keys.len();
            // An ASCII word is lowercased straight into `keys`, which costs less than looking
            // it up.
            if raw.is_ascii() {
                keys.push_str(raw);
                if let Some(key) = keys.get_mut(start..) {
                    key.make_ascii_lowercase();
                }
            } else if let Some(key) = accented.get(raw) {
                keys.push_str(key);
            } else {
                fold_key_into(raw, keys);
                accented.insert(raw.into(), keys.get(start..).unwrap_or_default().into());
            }
            pending.push((i, start, keys.len()));
            Cow::Borrowed("")
        });
        let keys: &'a String = keys;
        for &(i, start, end) in pending.iter() {
            if let (Some(t), Some(k)) = (tokens.get_mut(i), keys.get(start..end)) {
                t.key = Cow::Borrowed(k);
            }
        }
        let sentences = std::mem::take(&mut buffers.sentences);
        let sent_of = std::mem::take(&mut buffers.sent_of);
        Doc::from_tokens_into(text, tokens, sentences, sent_of)
    }

    fn from_tokens(text: &'a str, tokens: Vec<Token<'a>>) -> Doc<'a> {
        Doc::from_tokens_into(text, tokens, Vec::new(), Vec::new())
    }

    /// A document of `tokens`, its sentences and sentence numbers written into the two lists
    /// given (whatever they held is dropped).
    fn from_tokens_into(
        text: &'a str,
        mut tokens: Vec<Token<'a>>,
        mut sentences: Vec<Sentence>,
        mut sent_of: Vec<u32>,
    ) -> Doc<'a> {
        let vocab = crate::vocab::vocab();
        for t in &mut tokens {
            t.vocab = vocab.id(&t.key);
        }
        split_sentences_into(text, &tokens, &mut sentences);
        sent_of.clear();
        sent_of.resize(tokens.len(), 0);
        for (i, s) in sentences.iter().enumerate() {
            for slot in &mut sent_of[s.tok_start..s.tok_end] {
                *slot = i as u32;
            }
        }
        Doc {
            text,
            tokens,
            sentences,
            sent_of,
        }
    }

    pub fn tok_text(&self, i: usize) -> &'a str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// Raw text of tokens `[from, to)`.
    pub fn span_text(&self, from: usize, to: usize) -> &'a str {
        if from >= to || to > self.tokens.len() {
            return "";
        }
        &self.text[self.tokens[from].start..self.tokens[to - 1].end]
    }

    pub fn sentence_text(&self, s: usize) -> &'a str {
        let s = &self.sentences[s];
        self.text[s.start..s.end].trim()
    }

    pub fn is_word(&self, i: usize, key: &str) -> bool {
        self.tokens.get(i).is_some_and(|t| t.key == key)
    }
}

/// Words after which a full stop does not end a sentence, by their length in bytes: a word is
/// compared only with the few of its length, not with the whole list at every full stop.
fn is_abbreviation(key: &str) -> bool {
    let same_length: &[&str] = match key.len() {
        2 => &[
            "sr", "dr", "mr", "ms", "st", "av", "no", "ee", "uu", "jr", "vs", "co", "ft", "mt",
            "pe",
        ],
        3 => &[
            "sra", "dra", "mrs", "nº", "num", "nro", "gen", "col", "lic", "ing", "inc", "ltd",
            "cap", "tte", "dep", "art", "pag", "etc", "eua", "gov", "sen", "rep", "fig", "vol",
            "sta", "sto", "min",
        ],
        4 => &["srta", "prof", "gral", "corp", "cnel", "sgto", "dept"],
        5 => &["aprox"],
        6 => &["approx"],
        _ => &[],
    };
    same_length.contains(&key)
}

fn ends_sentence(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    // Words and numbers are most tokens, and none of them ends a sentence.
    if t.kind != TokKind::Punct {
        return false;
    }
    let ch: &str = &t.key;
    if !matches!(ch, "." | "!" | "?" | "…") {
        return false;
    }
    let Some(next) = tokens.get(i + 1) else {
        return true;
    };
    if next.newline_before {
        return true;
    }
    let next_starts = next.cap
        || next.kind == TokKind::Number
        || matches!(next.key.as_ref(), "\"" | "'" | "(" | "¿" | "¡" | "-" | "•");
    if !next_starts {
        return false;
    }
    if ch != "." {
        return true;
    }
    let Some(prev) = i.checked_sub(1).map(|p| &tokens[p]) else {
        return true;
    };
    if prev.kind == TokKind::Word {
        let raw = &text[prev.start..prev.end];
        // Initials ("U.S.", "J. Kerry") and known abbreviations do not end a sentence.
        if raw.chars().count() == 1 {
            return false;
        }
        if is_abbreviation(&prev.key) {
            return false;
        }
    }
    // "countries.During": a full stop glued to the next word still ends the sentence when the
    // previous word is lowercase, as scraped text often loses the space.
    if next.glued {
        return prev.kind == TokKind::Word && !prev.cap && next.cap;
    }
    true
}

/// Splits at sentence-final punctuation followed by a sentence start, and at every line break
/// (titles, headings and list items rarely end with punctuation).
pub fn split_sentences(text: &str, tokens: &[Token<'_>]) -> Vec<Sentence> {
    let mut out = Vec::new();
    split_sentences_into(text, tokens, &mut out);
    out
}

/// [`split_sentences`] into `out`, cleared first.
fn split_sentences_into(text: &str, tokens: &[Token<'_>], out: &mut Vec<Sentence>) {
    out.clear();
    // News sentences run to twenty-odd tokens: sized so that the list rarely grows.
    out.reserve(tokens.len() / 16 + 1);
    let mut start_tok = 0;
    for i in 0..tokens.len() {
        let boundary_before = i > start_tok && tokens[i].newline_before;
        if boundary_before {
            push_sentence(out, tokens, start_tok, i);
            start_tok = i;
        }
        if ends_sentence(text, tokens, i) {
            push_sentence(out, tokens, start_tok, i + 1);
            start_tok = i + 1;
        }
    }
    if start_tok < tokens.len() {
        push_sentence(out, tokens, start_tok, tokens.len());
    }
}

fn push_sentence(out: &mut Vec<Sentence>, tokens: &[Token<'_>], from: usize, to: usize) {
    if from >= to {
        return;
    }
    out.push(Sentence {
        tok_start: from,
        tok_end: to,
        start: tokens[from].start,
        end: tokens[to - 1].end,
    });
}

/// Converts a byte offset into a character offset, for evidence spans that other tools (and other
/// languages than Rust) index by character.
///
/// In ASCII text a byte is a character and nothing is counted. Otherwise the characters before
/// every eight-byte word of the text are counted once, and an offset counts only the bytes of
/// its word before it, in one load: the extractor asks for a few hundred offsets an article,
/// each start then its end a sentence further, which counted from one to the next read the text
/// many times over.
pub struct CharIndex<'a> {
    text: &'a str,
    ascii: bool,
    /// The characters before each eight-byte word of the text (empty for ASCII text).
    before_word: Vec<u32>,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> CharIndex<'a> {
        let ascii = text.is_ascii();
        let mut before_word = Vec::new();
        if !ascii {
            before_word.reserve(text.len() / 8 + 1);
            let mut chars = 0u32;
            for chunk in text.as_bytes().chunks_exact(8) {
                before_word.push(chars);
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                // A text's offsets are u32 wherever evidence is kept.
                chars = chars.saturating_add(8 - continuation_bytes(u64::from_le_bytes(word)));
            }
            // The characters before the last, shorter word (or the end).
            before_word.push(chars);
        }
        CharIndex {
            text,
            ascii,
            before_word,
        }
    }

    /// The number of whole characters before `byte` (an offset inside a character, never asked
    /// for by the extractor, counts the characters before that one).
    pub fn char_offset(&mut self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        if self.ascii {
            return byte;
        }
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let (index, within) = (byte / 8, byte % 8);
        let before = self.before_word.get(index).map_or(0, |&c| c as usize);
        if within == 0 {
            return before;
        }
        // The word's bytes before `byte`, the rest masked off (zero bytes are no continuation);
        // the text's last, shorter word copied byte by byte.
        let bytes = &self.text.as_bytes()[index * 8..];
        let word = match bytes.first_chunk::<8>() {
            Some(word) => u64::from_le_bytes(*word) & (u64::MAX >> (64 - 8 * within)),
            None => {
                let mut word = [0u8; 8];
                for (to, from) in word.iter_mut().zip(&bytes[..within]) {
                    *to = *from;
                }
                u64::from_le_bytes(word)
            }
        };
        before + within - continuation_bytes(word) as usize
    }
}

/// The continuation bytes (`10xxxxxx`) among eight bytes read as one word: top bit set and the
/// bit below it clear. Each byte's mark moved to its low bit, one multiplication adds the eight
/// of them into the top byte (without a population count instruction, counting bits takes a
/// dozen).
#[inline]
fn continuation_bytes(word: u64) -> u32 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let marks = (word & !(word << 1) & HIGH) >> 7;
    (marks.wrapping_mul(ONES) >> 56) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let doc = Doc::new(text);
        (0..doc.sentences.len())
            .map(|i| doc.sentence_text(i).to_string())
            .collect()
    }

    #[test]
    fn reused_buffers_keep_their_room_and_nothing_of_the_last_text() {
        let long =
            "Rescataron a 30 víctimas en Bogotá. La Policía detuvo a 12 personas. ".repeat(20);
        let short = "Três pessoas foram presas.\nOutra linha";
        let mut buffers = DocBuffers::default();
        let mut keys = String::new();
        let doc = Doc::with_buffers(&long, &mut keys, &mut buffers);
        let long_tokens = doc.tokens.len();
        buffers.keep(doc);
        assert!(buffers.tokens.is_empty() && buffers.tokens.capacity() >= long_tokens);
        assert!(buffers.sentences.capacity() >= 40 && buffers.sent_of.capacity() >= long_tokens);

        let mut keys = String::new();
        let reused = Doc::with_buffers(short, &mut keys, &mut buffers);
        let fresh = Doc::new(short);
        let keys_of = |d: &Doc| {
            d.tokens
                .iter()
                .map(|t| t.key.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(keys_of(&reused), keys_of(&fresh));
        assert_eq!(reused.sent_of, fresh.sent_of);
        let spans = |d: &Doc| {
            d.sentences
                .iter()
                .map(|s| (s.start, s.end))
                .collect::<Vec<_>>()
        };
        assert_eq!(spans(&reused), spans(&fresh));
        assert_eq!(spans(&reused).len(), 2);
    }

    #[test]
    fn accented_words_met_before_get_the_key_folding_gives() {
        let mut buffers = DocBuffers::default();
        for text in [
            "Policía y víctimas",
            "POLICÍA, Policía y víctimas en São Paulo",
        ] {
            let mut keys = String::new();
            let doc = Doc::with_buffers(text, &mut keys, &mut buffers);
            for (i, t) in doc.tokens.iter().enumerate() {
                if t.kind == TokKind::Word {
                    assert_eq!(t.key, rastro_text::fold_key(doc.tok_text(i)), "{text}");
                }
            }
            buffers.keep(doc);
        }
        // Kept by their text: each spelling once, across both texts.
        assert_eq!(buffers.accented.len(), 4);
        assert_eq!(
            buffers.accented.get("POLICÍA").map(|k| k.as_ref()),
            Some("policia")
        );
    }

    #[test]
    fn abbreviations_are_found_among_the_words_of_their_length() {
        for word in [
            "sr", "sra", "srta", "dr", "dra", "mr", "mrs", "ms", "st", "av", "no", "nº", "num",
            "nro", "ee", "uu", "jr", "prof", "gen", "gral", "col", "lic", "ing", "vs", "inc",
            "ltd", "co", "corp", "cap", "cnel", "tte", "sgto", "dep", "art", "pag", "aprox", "etc",
            "eua", "approx", "gov", "sen", "rep", "dept", "fig", "vol", "ft", "mt", "pe", "sta",
            "sto", "min",
        ] {
            assert!(is_abbreviation(word), "{word}");
        }
        for word in [
            "", "s", "sx", "dro", "nro.", "aproxx", "approxx", "la", "policia",
        ] {
            assert!(!is_abbreviation(word), "{word}");
        }
    }

    #[test]
    fn numbers_keep_their_separators() {
        let keys: Vec<String> = tokenize("rescató a 3.222 víctimas y 2,700 people; 63,4 mil")
            .into_iter()
            .map(|t| t.key.into_owned())
            .collect();
        assert_eq!(
            keys,
            ["rescato", "a", "3.222", "victimas", "y", "2,700", "people", ";", "63,4", "mil"]
        );
    }

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        let got = sentences(
            "U.S. agents arrested 7 men. EE.UU. dijo algo. Dr. Pérez habló.\nTitle line\nNext",
        );
        assert_eq!(
            got,
            [
                "U.S. agents arrested 7 men.",
                "EE.UU. dijo algo.",
                "Dr. Pérez habló.",
                "Title line",
                "Next"
            ]
        );
    }

    #[test]
    fn splits_glued_sentences_from_scraped_text() {
        let got = sentences("irregular migrants from 69 countries.During Operation Turquesa V, it");
        assert_eq!(got.len(), 2);
        assert!(got[1].starts_with("During"));
    }

    #[test]
    fn keys_in_one_buffer_are_the_keys_of_each_word() {
        let text =
            "La POLICÍA liberó a 3.222 víctimas en São Paulo; la Policía y MS13 — «Ébano» ٣٤ G20.";
        let mut buf = String::new();
        let shared = Doc::with_keys(text, &mut buf);
        let alone = Doc::new(text);
        let key = |d: &Doc| -> Vec<(String, usize, usize, bool, bool, u32)> {
            d.tokens
                .iter()
                .map(|t| (t.key.to_string(), t.start, t.end, t.cap, t.upper, t.vocab))
                .collect()
        };
        assert_eq!(key(&shared), key(&alone));
        let keys: Vec<&str> = alone.tokens.iter().map(|t| t.key.as_ref()).collect();
        assert_eq!(&keys[..4], ["la", "policia", "libero", "a"]);
        assert!(keys.contains(&"ms13") && keys.contains(&"sao") && keys.contains(&"\""));
    }

    #[test]
    fn char_offsets_asked_in_any_order_agree_with_counting_from_the_start() {
        // Characters of one to four bytes across many blocks, some straddling their borders.
        let text = &"Ação em São Paulo: 12 vítimas — «Ébano» ٣٤, 東京 e Pará 🙂. ".repeat(4);
        let mut idx = CharIndex::new(text);
        // Backwards, then by strides forward and back again, from wherever the last one ended.
        let order = (0..=text.len())
            .rev()
            .chain((0..=text.len()).step_by(7))
            .chain((0..=text.len()).rev().step_by(5));
        for byte in order {
            let mut boundary = byte;
            while !text.is_char_boundary(boundary) {
                boundary -= 1;
            }
            assert_eq!(
                idx.char_offset(byte),
                text[..boundary].chars().count(),
                "{byte}"
            );
        }
    }

    #[test]
    fn continuation_bytes_are_counted_in_any_word() {
        for text in [
            "abcdefgh",
            "çãoéíóúñ",
            "東京東京",
            "🙂🙂",
            "a\u{80}\u{7ff}\u{800}",
        ] {
            for window in text.as_bytes().windows(8).chain([[0xFFu8; 8].as_slice()]) {
                let mut word = [0u8; 8];
                word.copy_from_slice(window);
                let expected = window.iter().filter(|&&b| b & 0xC0 == 0x80).count() as u32;
                assert_eq!(
                    continuation_bytes(u64::from_le_bytes(word)),
                    expected,
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn char_offsets_count_characters() {
        let text = "Operação Tauéma";
        let mut idx = CharIndex::new(text);
        let byte = text.find("Tauéma").unwrap();
        assert_eq!(idx.char_offset(byte), 9);
        assert_eq!(idx.char_offset(text.len()), 15);
        // Asked for out of order and inside a character ("ç" is two bytes).
        assert_eq!(idx.char_offset(5), 5);
        assert_eq!(idx.char_offset(6), 5);
        assert_eq!(idx.char_offset(7), 6);
        assert_eq!(idx.char_offset(9), 7);
        assert_eq!(idx.char_offset(0), 0);
        assert_eq!(CharIndex::new("abc").char_offset(9), 3);
    }
}
