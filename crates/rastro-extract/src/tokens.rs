//! Words, numbers and punctuation of a text, each with its folded key: the scan that every
//! table's words and every article go through, so that both are cut and folded one way.
//!
//! This module reads no word table: the tables are built from words it cuts (the known groups'
//! spellings), and [`crate::text::Doc`] numbers an article's tokens afterwards.

use std::borrow::Cow;

use rastro_text::{chars, fold_key};

use crate::words::key::NONE;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Number,
    Punct,
}

#[derive(Clone, Debug)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// First letter is uppercase (names, sentence starts).
    pub cap: bool,
    /// Every letter is uppercase (acronyms, shouting headlines).
    pub upper: bool,
    /// Folded form: words lowercased and unaccented, numbers and punctuation as written.
    pub key: Cow<'a, str>,
    /// A line break separates this token from the previous one.
    pub newline_before: bool,
    /// No whitespace separates this token from the previous one.
    pub glued: bool,
    /// The key's number in [`crate::vocab`] (given by [`crate::text::Doc::new`]; [`tokenize`]
    /// alone leaves every token at [`NONE`]).
    pub vocab: u32,
}

impl Token<'_> {
    /// Whether this is a bare four-digit number in the range of years ("2019"), which the
    /// readers take for a year, not a count.
    pub fn is_year(&self) -> bool {
        self.kind == TokKind::Number
            && self.key.len() == 4
            && self
                .key
                .parse::<u32>()
                .is_ok_and(|y| (1900..=2100).contains(&y))
    }
}

/// Splits text into words, numbers (with their internal `.`/`,` separators, so "3.222" and
/// "2,700" stay one token) and single punctuation characters.
///
/// Reads bytes and decodes a character only where a byte is not ASCII: news text is mostly
/// ASCII, and this runs over every byte of every article.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    scan(text, |_, raw| fold_word(raw))
}

/// [`tokenize`] with the key of each word that is not its own key (given its token index and
/// text) made by `word_key`.
pub(crate) fn scan<'a>(
    text: &'a str,
    word_key: impl FnMut(usize, &'a str) -> Cow<'a, str>,
) -> Vec<Token<'a>> {
    let mut tokens = Vec::new();
    scan_into(text, &mut tokens, word_key);
    tokens
}

/// [`scan`] into `tokens` (cleared first), so that a caller tokenising article after article
/// reuses one list.
pub(crate) fn scan_into<'a>(
    text: &'a str,
    tokens: &mut Vec<Token<'a>>,
    mut word_key: impl FnMut(usize, &'a str) -> Cow<'a, str>,
) {
    tokens.clear();
    tokens.reserve(text.len() / 5);
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut newline = true;
    let mut space = true;
    while pos < bytes.len() {
        let start = pos;
        let mut folded = false;
        // The classes of a word's ASCII bytes (and `OTHER_LETTER` for any other letter).
        let mut seen = 0;
        let first = bytes[pos];
        // An ASCII byte is decided by its class alone; only other characters are decoded.
        let (c, class) = if first < 0x80 {
            pos += 1;
            (char::from(first), ASCII_CLASS[usize::from(first)])
        } else {
            let c = char_at(text, pos);
            pos += c.len_utf8();
            let class = if c.is_whitespace() {
                if c == '\u{2029}' {
                    NEWLINE
                } else {
                    SPACE
                }
            } else if chars::is_alphanumeric(c) {
                OTHER_LETTER
            } else {
                0
            };
            (c, class)
        };
        if class & (SPACE | NEWLINE) != 0 {
            newline |= class & NEWLINE != 0;
            space = true;
            continue;
        }
        let kind = if class & DIGIT != 0 {
            while pos < bytes.len() {
                let b = bytes[pos];
                if b.is_ascii_digit() {
                    pos += 1;
                } else if (b == b'.' || b == b',')
                    && pos + 1 < bytes.len()
                    && bytes[pos + 1].is_ascii_digit()
                {
                    pos += 2;
                } else {
                    break;
                }
            }
            TokKind::Number
        } else if class & (LOWER | UPPER | OTHER_LETTER) != 0 {
            // Letters and digits run on: "MS13", "G20" stay one word. Whether the word is its
            // own key is noted on the way, so that its bytes are read once.
            seen = class;
            loop {
                let (end, classes) = ascii_run(bytes, pos);
                pos = end;
                seen |= classes;
                // The run stops at a byte that is no ASCII letter or digit: the word goes on
                // only through a letter or digit outside ASCII.
                match bytes.get(pos) {
                    Some(&b) if b >= 0x80 => {
                        let ch = char_at(text, pos);
                        if !chars::is_alphanumeric(ch) {
                            break;
                        }
                        seen |= OTHER_LETTER;
                        pos += ch.len_utf8();
                    }
                    _ => break,
                }
            }
            folded = seen & (UPPER | OTHER_LETTER) == 0;
            TokKind::Word
        } else {
            TokKind::Punct
        };
        let end = pos;
        let raw = &text[start..end];
        let key = match kind {
            TokKind::Word if folded => Cow::Borrowed(raw),
            TokKind::Word => word_key(tokens.len(), raw),
            TokKind::Number => Cow::Borrowed(raw),
            TokKind::Punct => Cow::Borrowed(normalised_punct(c).unwrap_or(raw)),
        };
        let cap = kind == TokKind::Word && c.is_uppercase();
        // A word that starts with a lowercase letter is not in capitals: most words are decided
        // without reading their letters again.
        // The word's ASCII classes, noted while it was scanned, settle most capitalised words
        // ("Policía", "McAllen") without reading their letters again.
        let upper =
            kind == TokKind::Word && !c.is_lowercase() && seen & LOWER == 0 && all_capitals(raw);
        tokens.push(Token {
            start,
            end,
            kind,
            cap,
            upper,
            key,
            newline_before: newline,
            glued: !space,
            vocab: NONE,
        });
        newline = false;
        // Most tokens are followed by one plain space, passed here without the dispatch above.
        space = bytes.get(pos) == Some(&b' ');
        pos += usize::from(space);
    }
}

/// Classes of ASCII bytes, so that the scan decides a byte with one load: whitespace as
/// `char::is_whitespace` has it (line breaks apart), digits, lowercase and uppercase letters.
/// `OTHER_LETTER` marks a letter or digit outside ASCII, which no table entry carries.
const SPACE: u8 = 1;
const NEWLINE: u8 = 2;
const DIGIT: u8 = 4;
const LOWER: u8 = 8;
const UPPER: u8 = 16;
const OTHER_LETTER: u8 = 32;

const ASCII_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\n' | b'\r' => NEWLINE,
            b'\t' | 0x0B | 0x0C | b' ' => SPACE,
            b'0'..=b'9' => DIGIT,
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// Where the run of ASCII letters and digits from `pos` ends, and the classes of its bytes: the
/// bulk of every word, in a loop of its own so that it keeps its few values in registers.
#[inline]
fn ascii_run(bytes: &[u8], mut pos: usize) -> (usize, u8) {
    let mut seen = 0;
    while let Some(&b) = bytes.get(pos) {
        let class = ASCII_CLASS[usize::from(b)];
        if class & (LOWER | DIGIT | UPPER) == 0 {
            break;
        }
        seen |= class;
        pos += 1;
    }
    (pos, seen)
}

/// The character that starts at byte `pos` (a character boundary) of `text`.
#[inline]
fn char_at(text: &str, pos: usize) -> char {
    match text.as_bytes()[pos] {
        b if b < 0x80 => char::from(b),
        _ => text[pos..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

/// More than one letter, and none of them lowercase.
fn all_capitals(raw: &str) -> bool {
    if raw.is_ascii() {
        // The lowercase test first: a capitalised word fails it at its second letter.
        let b = raw.as_bytes();
        return !b.iter().any(u8::is_ascii_lowercase)
            && b.iter().filter(|c| c.is_ascii_alphabetic()).count() > 1;
    }
    raw.chars().filter(|ch| chars::is_alphabetic(*ch)).count() > 1
        && !raw.chars().any(char::is_lowercase)
}

/// Most words are already lowercase ASCII: their key borrows the text instead of allocating.
fn fold_word(raw: &str) -> Cow<'_, str> {
    if is_folded(raw) {
        return Cow::Borrowed(raw);
    }
    // A word token holds only letters and digits; in ASCII, folding is lowercasing.
    if raw.is_ascii() {
        return Cow::Owned(raw.to_ascii_lowercase());
    }
    Cow::Owned(fold_key(raw))
}

/// A word that is its own key: lowercase ASCII letters and digits.
fn is_folded(raw: &str) -> bool {
    raw.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Maps typographic variants to one character so that patterns need only one form; the key is
/// a constant, so that news set with curly quotes and dashes allocates nothing for them.
fn normalised_punct(c: char) -> Option<&'static str> {
    match c {
        '“' | '”' | '„' | '«' | '»' | '‟' | '″' => Some("\""),
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => Some("'"),
        '–' | '—' | '‒' | '―' | '−' => Some("-"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_in_capitals_only_with_two_letters_and_no_lowercase_one() {
        let tokens = tokenize("PNC McAllen ÉXITO PolicÍA ÁREAs A G20 MS13 X9 Ñandú EE.UU");
        let upper: Vec<(&str, bool)> = tokens
            .iter()
            .filter(|t| t.kind == TokKind::Word)
            .map(|t| (t.key.as_ref(), t.upper))
            .collect();
        assert_eq!(
            upper,
            [
                ("pnc", true),
                ("mcallen", false),
                ("exito", true),
                ("policia", false),
                ("areas", false),
                ("a", false),
                ("g20", false),
                ("ms13", true),
                ("x9", false),
                ("nandu", false),
                ("ee", true),
                ("uu", true),
            ]
        );
    }

    #[test]
    fn typographic_punctuation_has_a_constant_plain_key() {
        let tokens = tokenize("«Sí» – dijo “él” ‘ya’ - \"no\"");
        let keys: Vec<&str> = tokens.iter().map(|t| t.key.as_ref()).collect();
        assert_eq!(
            keys,
            [
                "\"", "si", "\"", "-", "dijo", "\"", "el", "\"", "'", "ya", "'", "-", "\"", "no",
                "\""
            ]
        );
        assert!(tokens
            .iter()
            .filter(|t| t.kind == TokKind::Punct)
            .all(|t| matches!(t.key, Cow::Borrowed(_))));
    }
}
