//! Dates written with the month as a word, as case files carry them when a spreadsheet or a
//! person wrote them: `15-mar-1990`, `15 de marzo de 1990`, `15 March 1990`, `March 15th, 1990`,
//! `15/out/1990`.
//!
//! The month word says which number is the day, so nothing is guessed; a two-digit year (Excel's
//! `15-mar-90`) is given as written, and only a reader that knows the column's century (a case
//! file's importer) may read it. The words of the three
//! languages come from [`super::month_number`]; the three-letter forms a spreadsheet writes
//! ("ene", "ago", "dez") are added here, where they sit between numbers and cannot be a word of
//! a sentence ("mar" is the sea in Spanish prose).

use crate::Lang;

/// A date written with its month as a word, before any calendar check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenDate {
    /// As written: `90` for a two-digit year.
    pub year: u32,
    /// 4, or 2 for a year whose century the text does not say.
    pub year_digits: usize,
    pub month: u32,
    pub day: u32,
}

/// The fields of a date written with its month as a word; `None` when the text is not one.
pub fn split_written_date(text: &str) -> Option<WrittenDate> {
    let folded = crate::fold_key(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "de" | "del" | "of" | "the"))
        .collect();
    let [first, second, third] = words.as_slice() else {
        return None;
    };
    let (year, year_digits) = year_word(third)?;
    let (month, day) = match (day_number(first), month_word(second)) {
        (Some(day), Some(month)) => (month, day),
        _ => (month_word(first)?, day_number(second)?),
    };
    Some(WrittenDate {
        year,
        year_digits,
        month,
        day,
    })
}

/// A year of four digits, or of two.
fn year_word(word: &str) -> Option<(u32, usize)> {
    (matches!(word.len(), 2 | 4) && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok().map(|year| (year, word.len())))
        .flatten()
}

/// A day's number, with an English ordinal's ending or the Spanish and Portuguese "º" (folded
/// to "o") allowed.
fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let ending = &word[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !matches!(ending, "" | "st" | "nd" | "rd" | "th" | "o") {
        return None;
    }
    digits.parse().ok()
}

/// A month named in full in Spanish, Portuguese or English, or by a spreadsheet's three-letter
/// form in any of them.
fn month_word(word: &str) -> Option<u32> {
    // Portuguese folds "março" to "marco", which only Portuguese reads as a month.
    super::month_number(word, Lang::Pt).or(match word {
        "ene" | "jan" => Some(1),
        "feb" | "fev" => Some(2),
        "mar" => Some(3),
        "abr" | "apr" => Some(4),
        "may" | "mai" => Some(5),
        "jun" => Some(6),
        "jul" => Some(7),
        "ago" | "aug" => Some(8),
        "sep" | "set" | "sept" => Some(9),
        "oct" | "out" => Some(10),
        "nov" => Some(11),
        "dic" | "dez" | "dec" => Some(12),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writings_of_the_three_languages_and_of_spreadsheets() {
        for text in [
            "15-mar-1990",
            "15-Mar-1990",
            "15 de marzo de 1990",
            "15 de março de 1990",
            "15 March 1990",
            "March 15, 1990",
            "March 15th, 1990",
            "15/mar/1990",
            "15. mar. 1990",
            "15º de marzo de 1990",
        ] {
            let date = split_written_date(text).map(|d| (d.year, d.year_digits, d.month, d.day));
            assert_eq!(date, Some((1990, 4, 3, 15)), "{text}");
        }
        let ymd = |text: &str| split_written_date(text).map(|d| (d.year, d.month, d.day));
        assert_eq!(ymd("2 de dez. de 2021"), Some((2021, 12, 2)));
        assert_eq!(ymd("1 out 2021"), Some((2021, 10, 1)));
        assert_eq!(ymd("Sept 9, 2019"), Some((2019, 9, 9)));
        let short = split_written_date("15-mar-90").unwrap();
        assert_eq!((short.year, short.year_digits), (90, 2));
    }

    #[test]
    fn what_is_not_a_whole_date_with_a_month_word() {
        for text in [
            "15-mar-990",
            "marzo de 1990",
            "15 de marzo",
            "15 mar 1990 aprox",
            "15/03/1990",
            "el 15 de marzo de 1990 en Lima",
            "150 mar 1990",
            "15 xyz 1990",
            "",
        ] {
            assert_eq!(split_written_date(text), None, "{text}");
        }
    }
}
