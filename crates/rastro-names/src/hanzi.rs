//! Which Chinese character a syllable of a name was written with, for the comparison of two
//! names in the same script: transliteration gives 高石 and 高市 one reading ("gao shi"), but
//! they are two characters and two names, while 習 and 习 are one character in its traditional
//! and simplified forms.
//!
//! The table (`data/traditional_simplified.tsv`, from OpenCC, Apache-2.0, `data/LICENSE-opencc`)
//! gives the simplified form of each traditional character that has one.

use std::sync::OnceLock;

use rastro_text::fasthash::FastMap;

const TABLE: &str = include_str!("../data/traditional_simplified.tsv");

fn table() -> &'static FastMap<char, char> {
    static PAIRS: OnceLock<FastMap<char, char>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut pairs = rastro_text::fasthash::map_with_capacity(4_000);
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let mut chars = line.chars();
            if let (Some(t), Some('\t'), Some(s)) = (chars.next(), chars.next(), chars.next()) {
                pairs.insert(t, s);
            }
        }
        pairs
    })
}

/// The simplified form of a character (itself when it has no other).
pub(crate) fn simplified(c: char) -> char {
    table().get(&c).copied().unwrap_or(c)
}

/// Most marks a name keeps per syllable: five bits of its token's flags.
const MARKS: u32 = 31;

/// A mark of the character (in its simplified form) that a syllable was written with, from 1
/// to [`MARKS`]: two syllables with one reading and different marks were written with
/// different characters. (Different characters share a mark one time in 31, and then read as
/// the same, as they all did before marks.)
pub(crate) fn mark(c: char) -> u8 {
    let code = simplified(c) as u32;
    (code.wrapping_mul(0x9E37_79B9) >> 27) as u8 % MARKS as u8 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_simplified_forms_share_a_mark_and_other_characters_do_not() {
        assert_eq!(simplified('習'), '习');
        assert_eq!(mark('習'), mark('习'));
        assert_ne!(mark('石'), mark('市'));
        assert!((1..=31).contains(&mark('平')));
    }
}
