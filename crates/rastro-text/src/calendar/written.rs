//! Dates written with the month as a word, as case files carry them when a spreadsheet or a
//! person wrote them: `15-mar-1990`, `15 de marzo de 1990`, `15 March 1990`, `March 15th, 1990`,
//! `15/out/1990`.
//!
//! The month word says which number is the day, so nothing is guessed; the year must be written
//! in full, because a two-digit year would be a guess of its century. The words of the three
//! languages come from [`super::month_number`]; the three-letter forms a spreadsheet writes
//! ("ene", "ago", "dez") are added here, where they sit between numbers and cannot be a word of
//! a sentence ("mar" is the sea in Spanish prose).

use crate::Lang;

/// Year, month and day of a date written with its month as a word, before any calendar check;
/// `None` when the text is not one.
pub fn split_written_date(text: &str) -> Option<(u32, u32, u32)> {
    let folded = crate::fold_key(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "de" | "del" | "of" | "the"))
        .collect();
    let [first, second, third] = words.as_slice() else {
        return None;
    };
    let year = full_year(third)?;
    if let (Some(day), Some(month)) = (day_number(first), month_word(second)) {
        return Some((year, month, day));
    }
    let (month, day) = (month_word(first)?, day_number(second)?);
    Some((year, month, day))
}

fn full_year(word: &str) -> Option<u32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
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
            assert_eq!(split_written_date(text), Some((1990, 3, 15)), "{text}");
        }
        assert_eq!(split_written_date("2 de dez. de 2021"), Some((2021, 12, 2)));
        assert_eq!(split_written_date("1 out 2021"), Some((2021, 10, 1)));
        assert_eq!(split_written_date("Sept 9, 2019"), Some((2019, 9, 9)));
    }

    #[test]
    fn what_is_not_a_whole_date_with_a_month_word() {
        for text in [
            "15-mar-90",
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
