//! Folding: turning the many ways people write one name into one comparable form.
//!
//! Users type "PERÚ", "Peru", "perú" and "Perù" for one country, clerks write "JOSÉ", "Jose" or
//! "Хосе" for one person. Rastro folds in two ways, on purpose different, and this module keeps
//! them side by side so that each caller picks the right one knowingly:
//!
//! - [`fold_key`], the **lookup key**, for every name looked up in a table: countries, places,
//!   picklist values, languages, field names, checkbox words. It keeps what tells entries apart:
//!   digits ("Calle 5"), words (one space between them) and letters of other scripts.
//! - [`fold_name`], the **transliterating fold**, for one token of a person's name: every script
//!   becomes lowercase `a`–`z`, and everything that is not a letter goes, so that one byte
//!   comparison answers "JOSÉ" / "Jose\u{301}" / "Хосе" (khose).
//!
//! On the accented Latin letters of the key table both give the same base letters (a test holds
//! them to it). Where they differ, they differ on purpose:
//!
//! | input            | `fold_key`      | `fold_name`   | why                                     |
//! |------------------|-----------------|---------------|-----------------------------------------|
//! | `Calle 5`        | `calle 5`       | `calle`       | numbers tell places apart, not persons  |
//! | `Guinea-Bissau`  | `guinea bissau` | `guineabissau`| a key keeps words; a name token has one |
//! | `Хосе`           | `хосе`          | `khose`       | tables are looked up in the script given; names are compared across scripts |
//! | `Ŵales`          | `ŵales`         | `wales`       | the key table covers the letters of our languages only |
//! | `O'Higgins`      | `ohiggins`      | `ohiggins`    | both drop apostrophes                   |
//!
//! [`FoldedText`] folds running text with the key's letters and keeps a map back to the original
//! bytes, so that a match in the folded copy can be shown in the article.

pub mod chars;
mod latin;
mod text;
mod words;

pub use text::{is_invisible_in_words, text_key, FoldedText};
pub use words::{word_hash, FoldedWord, FoldedWords};

use latin::push_key_char;

/// Folds a name into its lookup key: lowercase ASCII where the letter has a base form, accents
/// removed, dots and apostrophes dropped, other punctuation and whitespace collapsed to one space;
/// digits and letters of other scripts (lowercased) kept.
pub fn fold_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_key_into(text, &mut out);
    out
}

/// [`fold_key`] appended to `out`: a caller folding many words into one buffer allocates none
/// of them on its own.
pub fn fold_key_into(text: &str, out: &mut String) {
    let start = out.len();
    let mut pending_space = false;
    for ch in text.chars() {
        match ch {
            '.' | '\'' | '\u{2019}' | '\u{2018}' | '`' | '´' => {}
            c if chars::is_alphanumeric(c) => {
                if pending_space && out.len() > start {
                    out.push(' ');
                }
                pending_space = false;
                push_key_char(out, c);
            }
            _ => pending_space = true,
        }
    }
}

/// Folds one piece of a person's name into lowercase ASCII letters; every other character is
/// dropped.
///
/// Transliteration may insert spaces (one Chinese character per syllable); they are dropped too,
/// so call this on a single token.
pub fn fold_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_ascii() {
            if ch.is_ascii_alphabetic() {
                out.push(ch.to_ascii_lowercase());
            }
            continue;
        }
        // Symbols and emoji transliterate to their names (":smile:"), which are not names.
        if !chars::is_alphabetic(ch) {
            continue;
        }
        if let Some(s) = deunicode::deunicode_char(ch) {
            out.extend(
                s.chars()
                    .filter(|c| c.is_ascii_alphabetic())
                    .map(|c| c.to_ascii_lowercase()),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_accents_and_punctuation() {
        assert_eq!(fold_key("  PERÚ "), "peru");
        assert_eq!(fold_key("EE.UU."), "eeuu");
        assert_eq!(fold_key("Côte d'Ivoire"), "cote divoire");
        assert_eq!(fold_key("Guinea-Bissau"), "guinea bissau");
        assert_eq!(fold_key("São  Tomé\tand Príncipe"), "sao tome and principe");
    }

    #[test]
    fn keys_appended_to_a_buffer_are_the_keys_alone() {
        let mut buf = String::from("ya");
        for word in ["  São", "Paulo", "..", "d'Ivoire  Côte", "ÉBANO"] {
            let before = buf.len();
            fold_key_into(word, &mut buf);
            assert_eq!(&buf[before..], fold_key(word), "{word:?}");
        }
        assert_eq!(buf, "yasaopaulodivoire coteebano");
    }

    #[test]
    fn names_fold_accents_case_and_scripts() {
        assert_eq!(fold_name("JOSÉ"), "jose");
        assert_eq!(fold_name("Jose\u{301}"), "jose");
        assert_eq!(fold_name("Núñez"), "nunez");
        assert_eq!(fold_name("Gonçalves"), "goncalves");
        assert_eq!(fold_name("O'Higgins"), "ohiggins");
        assert_eq!(fold_name("Хосе"), "khose");
        assert_eq!(fold_name("!!!"), "");
    }

    /// Every accented Latin letter the key table folds gives the same letters in both folds: a
    /// place name and a person's name with the same letters meet whichever fold reads them.
    #[test]
    fn both_folds_agree_on_the_latin_letters_of_the_key_table() {
        let mut checked = 0;
        for c in ('\u{00C0}'..='\u{024F}').filter(|&c| latin::latin_base(c).is_some()) {
            let s = c.to_string();
            assert_eq!(fold_key(&s), fold_name(&s), "{c} (U+{:04X})", c as u32);
            checked += 1;
        }
        assert!(checked > 100, "{checked}");
    }

    /// The differences the module documentation lists, held to it.
    #[test]
    fn the_folds_differ_where_documented() {
        for (input, key, name) in [
            ("Calle 5", "calle 5", "calle"),
            ("Guinea-Bissau", "guinea bissau", "guineabissau"),
            ("Хосе", "хосе", "khose"),
            ("Ŵales", "ŵales", "wales"),
            ("O'Higgins", "ohiggins", "ohiggins"),
        ] {
            assert_eq!(fold_key(input), key, "{input}");
            assert_eq!(fold_name(input), name, "{input}");
        }
    }
}
