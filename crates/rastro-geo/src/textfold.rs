//! Folding of running text for the place matcher, with a map back to the original bytes.
//!
//! Names are matched on a folded copy of the text (lowercase, accents removed, punctuation reduced
//! to single spaces) so that "PERÚ", "Perú" and "Peru" need one pattern. The matcher reports
//! positions in the folded copy; `starts` turns them back into byte offsets of the original text,
//! which is what evidence spans must point at.

use crate::fold::push_folded;

/// A folded copy of a text and, for every byte of it, the byte offset in the original text of the
/// character it came from. The copy starts and ends with a space, and words are separated by
/// exactly one space, so a pattern " key " matches whole words only.
pub(crate) struct Folded {
    pub text: String,
    starts: Vec<u32>,
    source_len: usize,
}

impl Folded {
    /// Folds `source`. Texts longer than `u32::MAX` bytes are cut there: the map stores offsets as
    /// `u32` to keep it at four bytes a byte, and no article comes near 4 GB.
    pub fn new(source: &str) -> Folded {
        let limit = floor_char_boundary(source, u32::MAX as usize);
        let source = &source[..limit];
        let mut text = String::with_capacity(source.len() + 2);
        let mut starts = Vec::with_capacity(source.len() + 2);
        text.push(' ');
        starts.push(0);
        let bytes = source.as_bytes();
        let mut pending_space = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    if pending_space {
                        push_space(&mut text, &mut starts, i);
                        pending_space = false;
                    }
                    text.push(b.to_ascii_lowercase() as char);
                    starts.push(i as u32);
                } else if b == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
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
            } else if c.is_alphanumeric() {
                if pending_space {
                    push_space(&mut text, &mut starts, i);
                    pending_space = false;
                }
                let before = text.len();
                push_folded(&mut text, c);
                starts.resize(text.len(), i as u32);
                debug_assert!(text.len() > before);
            } else {
                pending_space = true;
            }
            i += c.len_utf8();
        }
        if !text.ends_with(' ') {
            text.push(' ');
            starts.push(source.len() as u32);
        }
        Folded {
            text,
            starts,
            source_len: source.len(),
        }
    }

    /// Maps a byte range of the folded text back to the byte range of the original text that
    /// produced it, from the first character's start to the last character's end.
    pub fn source_range(
        &self,
        source: &str,
        folded: std::ops::Range<usize>,
    ) -> std::ops::Range<usize> {
        if folded.start >= folded.end || folded.end > self.starts.len() {
            return 0..0;
        }
        let start = self.starts[folded.start] as usize;
        let last = self.starts[folded.end - 1] as usize;
        let mut end = source[last..self.source_len]
            .chars()
            .next()
            .map_or(last, |c| last + c.len_utf8());
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

fn is_invisible_in_words(c: char) -> bool {
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

fn push_space(text: &mut String, starts: &mut Vec<u32>, at: usize) {
    if !text.ends_with(' ') {
        text.push(' ');
        starts.push(at as u32);
    }
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

/// Folds a name into its lookup key: the same folding as running text, without the padding.
pub(crate) fn name_key(name: &str) -> String {
    Folded::new(name).text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_maps_back_to_original_bytes() {
        let src = "En «PERÚ», los EE.UU. y Côte d'Ivoire.";
        let f = Folded::new(src);
        assert_eq!(f.text, " en peru los eeuu y cote d ivoire ");
        let at = f.text.find("peru").unwrap();
        let r = f.source_range(src, at..at + 4);
        assert_eq!(&src[r], "PERÚ");
        let at = f.text.find("eeuu").unwrap();
        assert_eq!(&src[f.source_range(src, at..at + 4)], "EE.UU");
        let at = f.text.find("cote d ivoire").unwrap();
        assert_eq!(&src[f.source_range(src, at..at + 13)], "Côte d'Ivoire");
    }

    #[test]
    fn decomposed_accents_and_soft_hyphens_stay_inside_words() {
        let src = "Sa\u{303}o Paulo e Vene\u{AD}zuela";
        let f = Folded::new(src);
        assert_eq!(f.text, " sao paulo e venezuela ");
        let at = f.text.find("venezuela").unwrap();
        assert_eq!(&src[f.source_range(src, at..at + 9)], "Vene\u{AD}zuela");
        let src = "Para\u{301}.";
        let f = Folded::new(src);
        assert_eq!(&src[f.source_range(src, 1..5)], "Para\u{301}");
    }

    #[test]
    fn keys_match_text_folding() {
        assert_eq!(name_key("São Paulo"), "sao paulo");
        assert_eq!(name_key("U.S."), "us");
        assert_eq!(name_key("Guinea-Bissau"), "guinea bissau");
        assert_eq!(name_key("  "), "");
        assert_eq!(name_key("Æbeltoft"), "aebeltoft");
    }
}
