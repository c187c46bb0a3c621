//! Running text folded for matching, with a map back to the original bytes.
//!
//! Names are matched on a folded copy of the text (lowercase, accents removed, punctuation reduced
//! to single spaces) so that "PERÚ", "Perú" and "Peru" need one pattern. A matcher reports
//! positions in the folded copy; [`FoldedText::source_range`] turns them back into byte offsets of
//! the original text, which is what evidence spans must point at.

use std::ops::Range;

use super::latin::latin_base;
use super::words::FoldedWords;

/// A folded copy of a text and, for every byte of it, the byte offset in the original text of the
/// character it came from. The copy starts and ends with a space, and words are separated by
/// exactly one space, so a pattern " key " matches whole words only.
///
/// Letters fold as in [`crate::fold_key`]; unlike it, an apostrophe separates words ("d'Ivoire"
/// gives "d ivoire") and a dot vanishes only between letters ("EE.UU." gives "eeuu"), because
/// running text uses both as punctuation as often as inside names.
#[derive(Debug, Clone)]
pub struct FoldedText {
    text: String,
    starts: Vec<u32>,
    source_len: usize,
}

impl FoldedText {
    /// Folds `source`. Texts longer than `u32::MAX` bytes are cut there: the map stores offsets as
    /// `u32` to keep it at four bytes a byte, and no article comes near 4 GB.
    pub fn new(source: &str) -> FoldedText {
        let mut folded = FoldedText {
            text: String::new(),
            starts: Vec::new(),
            source_len: 0,
        };
        folded.refold(source);
        folded
    }

    /// Folds `source` into this value, reusing its buffers: a caller folding many texts in turn
    /// allocates only when a text is longer than all before it.
    pub fn refold(&mut self, source: &str) {
        let limit = floor_char_boundary(source, u32::MAX as usize);
        let source = &source[..limit];
        let bytes = source.as_bytes();
        let mut out = Writer::new(
            std::mem::take(&mut self.text).into_bytes(),
            std::mem::take(&mut self.starts),
            bytes.len() + 2,
        );
        out.byte(b' ', 0);
        let mut pending_space = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let lower = ASCII_FOLD[b as usize];
            if lower != 0 {
                if pending_space {
                    out.space(i);
                    pending_space = false;
                }
                // Most of a text is runs of ASCII letters and digits: a tight loop per word.
                out.byte(lower, i);
                i += 1;
                while let Some(&lower) = bytes.get(i).map(|&b| &ASCII_FOLD[b as usize]) {
                    if lower == 0 {
                        break;
                    }
                    out.byte(lower, i);
                    i += 1;
                }
                continue;
            }
            if b < 0x80 {
                if b == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
                    // Dots inside abbreviations vanish, so "EE.UU." and "U.S." fold to "eeuu"
                    // and "us"; a dot before a space or at the end separates words.
                } else {
                    pending_space = true;
                }
                i += 1;
                continue;
            }
            let Some(c) = source[i..].chars().next() else {
                break;
            };
            if is_invisible_in_words(c) {
                // Decomposed accents ("Sa\u{303}o") and soft hyphens or zero-width characters
                // from HTML belong to the word they sit in.
            } else if super::chars::is_alphanumeric(c) {
                if pending_space {
                    out.space(i);
                    pending_space = false;
                }
                let mut folded = [0u8; MAX_KEY_CHAR];
                for &byte in key_char_bytes(c, &mut folded) {
                    out.byte(byte, i);
                }
            } else {
                pending_space = true;
            }
            i += c.len_utf8();
        }
        if out.last() != Some(b' ') {
            out.byte(b' ', source.len());
        }
        let (text, starts) = out.finish();
        // Only whole characters were written, so this never fails; were it to, a lossy copy keeps
        // the map's length and no caller sees a panic.
        self.text = String::from_utf8(text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        self.starts = starts;
        self.source_len = source.len();
    }

    /// The folded copy: a space, the folded words separated by single spaces, a space.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the folded text back to the byte range of the original text that
    /// produced it, from the first character's start to the last character's end. `source` must
    /// be the text this was made from; an empty or out-of-bounds range gives `0..0`.
    pub fn source_range(&self, source: &str, folded: Range<usize>) -> Range<usize> {
        if folded.start >= folded.end
            || folded.end > self.starts.len()
            || self.source_len > source.len()
        {
            return 0..0;
        }
        let start = self.starts[folded.start] as usize;
        let last = self.starts[folded.end - 1] as usize;
        let Some(tail) = source.get(last..self.source_len) else {
            return 0..0;
        };
        let mut end = tail.chars().next().map_or(last, |c| last + c.len_utf8());
        // A decomposed accent on the last letter is part of the name ("Para\u{301}").
        for c in source[end..self.source_len].chars() {
            if !('\u{0300}'..='\u{036F}').contains(&c) {
                break;
            }
            end += c.len_utf8();
        }
        start..end
    }
}

impl FoldedText {
    /// The words of this folded copy of `source` into `out` (cleared first), each with the bytes
    /// of `source` it came from: the shape a matcher of whole words reads, filled here for a
    /// caller that had no words of its own.
    pub fn words_into(&self, source: &str, out: &mut FoldedWords) {
        out.clear();
        let bytes = self.text.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b' ')
                .map_or(bytes.len(), |at| start + at);
            if end > start {
                let first = self.starts[start] as usize;
                let last = self.starts[end - 1] as usize;
                let last_end = source
                    .get(last..)
                    .and_then(|tail| tail.chars().next())
                    .map_or(last, |c| last + c.len_utf8());
                out.push(&self.text[start..end], first..last_end);
            }
            start = end + 1;
        }
    }
}

/// Folds a name the way [`FoldedText`] folds running text, without the padding spaces: the key
/// under which a gazetteer files a name it will look for in text.
pub fn text_key(name: &str) -> String {
    FoldedText::new(name).text.trim().to_string()
}

/// Characters that fold to nothing inside a word (combining accents, soft hyphens, zero-width
/// characters): a scan that cuts words its own way must join the letters on both sides of one.
pub fn is_invisible_in_words(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{00AD}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'
        | '\u{FEFF}')
}

/// For each byte, its lowercase form if it is an ASCII letter or digit, else 0.
const ASCII_FOLD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// The folded bytes and their offsets, written by index into lists sized for the whole text
/// beforehand: a push checks and updates a list's length for every byte, which cost more than
/// the folding itself. A list is grown only when a character folds to more bytes than it has.
struct Writer {
    text: Vec<u8>,
    starts: Vec<u32>,
    len: usize,
}

impl Writer {
    /// A writer into `text` and `starts` with room for `room` bytes before it grows. What they
    /// held is overwritten, not cleared first: only bytes written by this writer are ever read,
    /// and a text folded after another of its size then fills nothing in advance.
    fn new(mut text: Vec<u8>, mut starts: Vec<u32>, room: usize) -> Writer {
        if text.len() < room {
            text.resize(room, 0);
        }
        if starts.len() < room {
            starts.resize(room, 0);
        }
        Writer {
            text,
            starts,
            len: 0,
        }
    }

    /// Appends a folded byte that came from the character at `at` in the source.
    #[inline]
    fn byte(&mut self, byte: u8, at: usize) {
        let w = self.len;
        if w >= self.text.len() || w >= self.starts.len() {
            self.grow();
        }
        if let (Some(t), Some(s)) = (self.text.get_mut(w), self.starts.get_mut(w)) {
            *t = byte;
            *s = at as u32;
            self.len = w + 1;
        }
    }

    #[cold]
    fn grow(&mut self) {
        let room = (self.len + 16) * 2;
        self.text.resize(room, 0);
        self.starts.resize(room, 0);
    }

    /// A space before the word that starts at `at`, unless one ends the text already.
    fn space(&mut self, at: usize) {
        if self.last() != Some(b' ') {
            self.byte(b' ', at);
        }
    }

    fn last(&self) -> Option<u8> {
        self.len
            .checked_sub(1)
            .and_then(|i| self.text.get(i))
            .copied()
    }

    fn finish(mut self) -> (Vec<u8>, Vec<u32>) {
        self.text.truncate(self.len);
        self.starts.truncate(self.len);
        (self.text, self.starts)
    }
}

/// The most bytes one character folds to: three lowercase characters of four bytes.
const MAX_KEY_CHAR: usize = 12;

/// `latin::push_key_char` into `buf`, returning the bytes written.
fn key_char_bytes(c: char, buf: &mut [u8; MAX_KEY_CHAR]) -> &[u8] {
    let mut len = 0;
    let mut put = |bytes: &[u8]| {
        let end = (len + bytes.len()).min(MAX_KEY_CHAR);
        buf[len..end].copy_from_slice(&bytes[..end - len]);
        len = end;
    };
    match latin_base(c) {
        Some(base) => put(base.as_bytes()),
        None => {
            let mut one = [0u8; 4];
            for lower in c.to_lowercase() {
                put(lower.encode_utf8(&mut one).as_bytes());
            }
        }
    }
    &buf[..len]
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    let mut i = max;
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range_of(f: &FoldedText, needle: &str) -> Range<usize> {
        let at = f.as_str().find(needle).unwrap_or(0);
        at..at + needle.len()
    }

    #[test]
    fn folds_and_maps_back_to_original_bytes() {
        let src = "En «PERÚ», los EE.UU. y Côte d'Ivoire.";
        let f = FoldedText::new(src);
        assert_eq!(f.as_str(), " en peru los eeuu y cote d ivoire ");
        assert_eq!(&src[f.source_range(src, range_of(&f, "peru"))], "PERÚ");
        assert_eq!(&src[f.source_range(src, range_of(&f, "eeuu"))], "EE.UU");
        assert_eq!(
            &src[f.source_range(src, range_of(&f, "cote d ivoire"))],
            "Côte d'Ivoire"
        );
    }

    #[test]
    fn decomposed_accents_and_soft_hyphens_stay_inside_words() {
        let src = "Sa\u{303}o Paulo e Vene\u{AD}zuela";
        let f = FoldedText::new(src);
        assert_eq!(f.as_str(), " sao paulo e venezuela ");
        assert_eq!(
            &src[f.source_range(src, range_of(&f, "venezuela"))],
            "Vene\u{AD}zuela"
        );
        let src = "Para\u{301}.";
        let f = FoldedText::new(src);
        assert_eq!(&src[f.source_range(src, 1..5)], "Para\u{301}");
    }

    #[test]
    fn ranges_outside_the_text_map_to_nothing() {
        let src = "Lima";
        let f = FoldedText::new(src);
        assert_eq!(f.source_range(src, 3..3), 0..0);
        assert_eq!(f.source_range(src, 0..99), 0..0);
        assert_eq!(f.source_range("", 1..5), 0..0);
    }

    /// The plain, char-by-char statement of the folding rules, against which the fast fold
    /// (runs of ASCII copied at once, buffers reused) is held.
    fn reference(source: &str) -> (String, Vec<u32>) {
        let (mut text, mut starts) = (String::from(" "), vec![0u32]);
        let mut pending = false;
        let chars: Vec<(usize, char)> = source.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let next_is_letter = chars
                .get(k + 1)
                .is_some_and(|&(_, n)| n.is_ascii_alphabetic());
            if c == '.' && next_is_letter || is_invisible_in_words(c) {
                continue;
            }
            if !c.is_alphanumeric() {
                pending = true;
                continue;
            }
            if pending && !text.ends_with(' ') {
                text.push(' ');
                starts.push(i as u32);
            }
            pending = false;
            super::super::latin::push_key_char(&mut text, c);
            starts.resize(text.len(), i as u32);
        }
        if !text.ends_with(' ') {
            text.push(' ');
            starts.push(source.len() as u32);
        }
        (text, starts)
    }

    /// Pieces of text that fold in unusual ways (accents composed and combining, a soft hyphen,
    /// dotted abbreviations, letters that fold to two, other scripts, numbers with a point),
    /// which the tests join every way to meet each other at a boundary.
    const TRICKY_PIECES: [&str; 24] = [
        "São",
        "PERÚ",
        "EE.UU.",
        "d'Ivoire",
        " ",
        "  ",
        ".",
        "-",
        "\n",
        "Sa\u{303}o",
        "Para\u{301}",
        "\u{AD}",
        "İstanbul",
        "ß",
        "Хосе",
        "東京",
        "42",
        "3.5",
        "a.b",
        "x.",
        ".y",
        "Ǆ",
        "Æ",
        "—",
    ];

    #[test]
    fn fast_fold_agrees_with_the_plain_rules() {
        let pieces = TRICKY_PIECES;
        // Every ordered pair and triple of the pieces, so that each meets each at a boundary.
        let mut checked = 0;
        let mut reused = FoldedText::new("a long text first, so the buffers are already large");
        for a in pieces {
            for b in pieces {
                for c in ["", " ", "Lima", ".", "ñ"] {
                    let src = format!("{a}{b}{c}");
                    let (text, starts) = reference(&src);
                    let fast = FoldedText::new(&src);
                    assert_eq!(fast.as_str(), text, "{src:?}");
                    assert_eq!(fast.starts, starts, "{src:?}");
                    reused.refold(&src);
                    assert_eq!(reused.as_str(), text, "{src:?} (reused)");
                    assert_eq!(reused.starts, starts, "{src:?} (reused)");
                    assert_eq!(reused.source_len, src.len());
                    checked += 1;
                }
            }
        }
        assert!(checked > 2000, "{checked}");
    }

    #[test]
    fn words_give_the_folded_string_and_the_same_source_ranges() {
        let pieces = TRICKY_PIECES;
        let mut words = FoldedWords::default();
        let mut ranges = 0;
        for a in pieces {
            for b in pieces {
                for c in ["", " ", "Lima", ".", "ñ"] {
                    let src = format!("{a}{b} {c}{a}");
                    let folded = FoldedText::new(&src);
                    folded.words_into(&src, &mut words);
                    assert_eq!(words.as_str(), folded.as_str(), "{src:?}");
                    let starts: Vec<usize> =
                        words.words().iter().map(|w| w.folded as usize).collect();
                    for (i, &from) in starts.iter().enumerate() {
                        for &to in &starts[i..] {
                            let end = to + folded.as_str()[to..].find(' ').unwrap();
                            assert_eq!(
                                words.source_range(&src, from..end),
                                folded.source_range(&src, from..end),
                                "{src:?} {from}..{end}"
                            );
                            ranges += 1;
                        }
                    }
                }
            }
        }
        assert!(ranges > 3000, "{ranges}");
        // A range that does not start at a word maps to nothing.
        let src = "Lima y Quito";
        FoldedText::new(src).words_into(src, &mut words);
        assert_eq!(words.source_range(src, 2..5), 0..0);
        assert_eq!(&src[words.source_range(src, 1..5)], "Lima");
    }

    #[test]
    fn glued_pieces_make_one_word() {
        let src = "EE.UU. y 13ms";
        let mut words = FoldedWords::default();
        words.push("ee", 0..2);
        words.glue("uu", 3..5);
        words.push("y", 7..8);
        words.push("13", 9..11);
        words.glue("ms", 11..13);
        assert_eq!(words.as_str(), " eeuu y 13ms ");
        assert_eq!(&src[words.source_range(src, 1..5)], "EE.UU");
        assert_eq!(&src[words.source_range(src, 8..12)], "13ms");
        assert_eq!(&src[words.words_source_range(src, 0, 2)], "EE.UU. y 13ms");
        assert_eq!(words.words_source_range(src, 1, 3), 0..0);
        words.clear();
        words.glue("lima", 0..4);
        assert_eq!(words.as_str(), " lima ");
    }

    #[test]
    fn each_word_carries_the_hash_and_range_of_its_folded_bytes() {
        use super::super::words::word_hash;
        // Glued pieces hash as the whole word, as a matcher cutting the string would hash it.
        let mut words = FoldedWords::default();
        words.push("ee", 0..2);
        words.glue("uu", 3..5);
        words.push("y", 7..8);
        words.push("13", 9..11);
        words.glue("ms", 11..13);
        let cut: Vec<&str> = words
            .as_str()
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(cut, ["eeuu", "y", "13ms"]);
        let hashes: Vec<u64> = cut.iter().map(|w| word_hash(w.as_bytes())).collect();
        assert_eq!(words.hashes(), hashes.as_slice());
        assert_ne!(words.hashes()[0], word_hash(b"uu"));
        for (i, w) in cut.iter().enumerate() {
            assert_eq!(&words.as_str()[words.word_range(i)], *w);
        }
        for src in ["São Paulo, EE.UU. y Lima", "", "Ciudad de Panamá"] {
            FoldedText::new(src).words_into(src, &mut words);
            let cut: Vec<&str> = words
                .as_str()
                .split(' ')
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words.hashes().len(), cut.len(), "{src:?}");
            for (i, w) in cut.iter().enumerate() {
                assert_eq!(&words.as_str()[words.word_range(i)], *w, "{src:?}");
                assert_eq!(words.hashes()[i], word_hash(w.as_bytes()), "{src:?}");
            }
        }
    }

    #[test]
    fn keys_match_text_folding() {
        assert_eq!(text_key("São Paulo"), "sao paulo");
        assert_eq!(text_key("U.S."), "us");
        assert_eq!(text_key("Guinea-Bissau"), "guinea bissau");
        assert_eq!(text_key("  "), "");
        assert_eq!(text_key("Æbeltoft"), "aebeltoft");
    }
}
