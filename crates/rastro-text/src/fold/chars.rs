//! Character classes that every scan of running text asks about, answered for Latin letters
//! without Unicode's tables.
//!
//! News in Spanish and Portuguese is full of accented letters, and the standard library answers
//! `is_alphanumeric` for each of them with a table search that costs a hundred-odd instructions;
//! the Latin-1 and Latin Extended blocks need none, since all their characters from U+00C0 on are
//! letters except two signs.

/// `char::is_alphanumeric`, the same answer for every character.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    match u32::from(c) {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0xC0..=0x24F => !matches!(c, '×' | '÷'),
        _ => c.is_alphanumeric(),
    }
}

/// `char::is_alphabetic`, the same answer for every character.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    match u32::from(c) {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xC0..=0x24F => !matches!(c, '×' | '÷'),
        _ => c.is_alphabetic(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_standard_library_on_every_character() {
        let mut letters = 0;
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            letters += usize::from(('\u{C0}'..='\u{24F}').contains(&c) && is_alphabetic(c));
        }
        // The shortcut block holds letters and the two signs only.
        assert_eq!(letters, 0x250 - 0xC0 - 2);
    }
}
