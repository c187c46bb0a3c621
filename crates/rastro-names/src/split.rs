//! Cutting a raw name into the pieces analysis reads.
//!
//! Officers, clerks and OCR write "GARCÍA-LÓPEZ, Ma. José", "FridrichBuchenberg" or "習近平". The
//! pieces keep what the writing says about structure (a hyphen, a comma before given names, an
//! abbreviating dot, capitals) that folding (`rastro_text::fold_name`) then throws away.

/// A piece of a raw name between separators, with what surrounded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawPiece {
    pub text: String,
    /// Ended by a dot ("Ma.", "J."): an abbreviation.
    pub dotted: bool,
    /// Joined to the previous piece by a hyphen ("García-López").
    pub hyphen_before: bool,
    /// Index of the comma-separated section the piece is in ("GARCÍA, Juan" has two).
    pub section: usize,
    /// Every letter of the raw piece is upper case (and it has at least two letters).
    pub all_caps: bool,
    /// One syllable of a script written without spaces between words (a Chinese character, a
    /// Hangul block), transliterated.
    pub syllable: bool,
    /// Written in the Arabic script, which leaves most vowels out: transliterated, only its
    /// consonants (and long vowels) are there.
    pub abjad: bool,
    /// Written in Japanese kana, which spell a foreign name by syllables: its transliteration
    /// has vowels the name does not ("バラク" is "baraku" for "Barack").
    pub kana: bool,
    /// For one syllable of Chinese characters, which character it was ([`crate::hanzi::mark`]);
    /// 0 otherwise.
    pub mark: u8,
}

/// Whether a capital letter coming after `current` opens a new word: `current` ends in lower
/// case and holds at least three letters since its last capital.
fn camel_boundary(current: &str) -> bool {
    let mut lower_run = 0;
    for c in current.chars().rev() {
        if c.is_lowercase() {
            lower_run += 1;
        } else {
            return c.is_uppercase() && lower_run >= 2;
        }
    }
    lower_run >= 3
}

/// Cuts a raw name into pieces at whitespace, commas, hyphens, dots, slashes and brackets.
///
/// Scripts written without spaces between syllables transliterate to several syllables; each
/// transliterated word becomes its own piece, so "習近平" gives "xi", "jin", "ping".
pub(crate) fn split_raw(name: &str, max_pieces: usize) -> Vec<RawPiece> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut section = 0usize;
    let mut hyphen_pending = false;
    let flush = |current: &mut String,
                 dotted: bool,
                 hyphen_pending: &mut bool,
                 section: usize,
                 pieces: &mut Vec<RawPiece>| {
        if current.is_empty() {
            return;
        }
        let raw = std::mem::take(current);
        let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase());
        let kana = raw.chars().any(is_kana);
        let mut first = true;
        for (word, syllable, abjad, mark) in transliterated_words(&raw) {
            if pieces.len() >= max_pieces {
                return;
            }
            pieces.push(RawPiece {
                text: word,
                dotted,
                hyphen_before: first && *hyphen_pending,
                section,
                all_caps,
                syllable,
                abjad,
                kana,
                mark,
            });
            first = false;
        }
        *hyphen_pending = false;
    };
    for ch in name.chars() {
        match ch {
            '.' => flush(
                &mut current,
                true,
                &mut hyphen_pending,
                section,
                &mut pieces,
            ),
            ',' | ';' => {
                flush(
                    &mut current,
                    false,
                    &mut hyphen_pending,
                    section,
                    &mut pieces,
                );
                if !pieces.is_empty() {
                    section += 1;
                }
            }
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' => {
                flush(
                    &mut current,
                    false,
                    &mut hyphen_pending,
                    section,
                    &mut pieces,
                );
                hyphen_pending = !pieces.is_empty();
            }
            // Middle dots separate the words of transcribed foreign names in Chinese and
            // Japanese ("贝拉克·奥巴马", "バラク・オバマ").
            c if c.is_whitespace()
                || matches!(
                    c,
                    '/' | '(' | ')' | '[' | ']' | '"' | '“' | '”' | '_' | '·' | '・' | '･'
                ) =>
            {
                flush(
                    &mut current,
                    false,
                    &mut hyphen_pending,
                    section,
                    &mut pieces,
                );
                hyphen_pending = false;
            }
            c => {
                // "FridrichBuchenberg": a capital after lower case inside a word starts a new
                // word when both sides are words of their own, not a prefix like "Mc", "La".
                if c.is_uppercase() && camel_boundary(&current) {
                    flush(
                        &mut current,
                        false,
                        &mut hyphen_pending,
                        section,
                        &mut pieces,
                    );
                    hyphen_pending = false;
                }
                current.push(c)
            }
        }
    }
    flush(
        &mut current,
        false,
        &mut hyphen_pending,
        section,
        &mut pieces,
    );
    pieces
}

/// Splits a raw word into the words of its transliteration, keeping Latin words whole; each
/// with whether it is one syllable of a script without word spaces, and whether it was written
/// in the Arabic script, and the character's mark for a syllable ([`crate::hanzi::mark`]).
fn transliterated_words(raw: &str) -> Vec<(String, bool, bool, u8)> {
    if raw.chars().all(|c| c.is_ascii() || is_latin_letter(c)) {
        return vec![(raw.to_string(), false, false, 0)];
    }
    let abjad = raw.chars().any(is_arabic_letter);
    let mut words = Vec::new();
    let mut word = String::new();
    for ch in raw.chars() {
        if ch.is_ascii() || is_latin_letter(ch) {
            word.push(ch);
            continue;
        }
        if !ch.is_alphabetic() {
            continue;
        }
        match deunicode::deunicode_char(ch) {
            Some(s) if s.trim().len() < s.len() && ch_is_syllabic(ch) => {
                // A syllable of a script without word spaces: its own word.
                if !word.is_empty() {
                    words.push((std::mem::take(&mut word), false, abjad, 0));
                }
                words.push((s.trim().to_string(), true, false, crate::hanzi::mark(ch)));
            }
            Some(s) => word.push_str(s),
            None => {}
        }
    }
    if !word.is_empty() {
        words.push((word, false, abjad, 0));
    }
    words.retain(|(w, _, _, _)| w.chars().any(|c| c.is_alphanumeric()));
    words
}

/// Letters of the Arabic script (Arabic, Persian, Urdu and their presentation forms).
fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
        && c.is_alphabetic()
}

/// Hiragana and katakana (with the katakana phonetic extensions and half-width forms).
fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9D)
}

/// Latin letters with diacritics (U+00C0–U+024F and Latin Extended Additional).
fn is_latin_letter(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF) && c.is_alphabetic()
}

/// CJK ideographs and Hangul syllables: each stands for a syllable, not a letter.
fn ch_is_syllabic(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_separators_and_marks_structure() {
        let p = split_raw("GARCÍA-LÓPEZ, Ma. José", 32);
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["GARCÍA", "LÓPEZ", "Ma", "José"]);
        assert!(p[1].hyphen_before);
        assert!(p[0].all_caps && p[1].all_caps && !p[3].all_caps);
        assert_eq!(p[2].section, 1);
        assert!(p[2].dotted);
    }

    #[test]
    fn splits_chinese_into_syllables() {
        let p = split_raw("習近平", 32);
        let folded: Vec<String> = p.iter().map(|p| rastro_text::fold_name(&p.text)).collect();
        assert_eq!(folded, ["xi", "jin", "ping"]);
        assert!(p.iter().all(|p| p.syllable));
        assert!(!split_raw("Xi Jinping", 32).iter().any(|p| p.syllable));
    }

    #[test]
    fn marks_words_written_in_the_arabic_script() {
        let p = split_raw("فرناندو Pérez", 32);
        assert_eq!(p.len(), 2);
        assert!(p[0].abjad && !p[1].abjad);
        assert!(!split_raw("Владимир", 32)[0].abjad);
    }

    #[test]
    fn middle_dots_separate_transcribed_words() {
        let p = split_raw("バラク・オバマ", 32);
        let folded: Vec<String> = p.iter().map(|p| rastro_text::fold_name(&p.text)).collect();
        assert_eq!(folded.len(), 2, "{folded:?}");
    }

    #[test]
    fn marks_words_written_in_kana() {
        let p = split_raw("バラク Obama", 32);
        assert!(p[0].kana && !p[1].kana);
    }

    #[test]
    fn caps_the_number_of_pieces() {
        let long = "ana ".repeat(5000);
        assert_eq!(split_raw(&long, 32).len(), 32);
    }
}
