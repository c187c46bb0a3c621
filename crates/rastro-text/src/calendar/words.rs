//! Month and weekday words of Spanish, Portuguese and English.
//!
//! Extraction reads dates spelled out in news ("el 29 de septiembre", "em 2 de maio"), and
//! several engines must know that a capitalised "Marzo" or "Monday" names no person, group or
//! operation. The words are listed once, folded as [`crate::fold_key`] folds them.

use crate::Lang;

const MONTHS_EN: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "setiembre" is the spelling of Peru, Uruguay and parts of Argentina.
const MONTHS_ES: &[&str] = &[
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// "março" folds to "marco", which is also a Spanish and Portuguese given name.
const MONTHS_PT: &[&str] = &[
    "janeiro",
    "fevereiro",
    "marco",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

const WEEKDAYS_EN: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const WEEKDAYS_ES: &[&str] = &[
    "lunes",
    "martes",
    "miercoles",
    "jueves",
    "viernes",
    "sabado",
    "domingo",
];

/// Portuguese weekdays are "segunda-feira" and so on; folded text splits the "feira" off, and
/// the first word is what names the day.
const WEEKDAYS_PT: &[&str] = &[
    "segunda", "terca", "quarta", "quinta", "sexta", "sabado", "domingo",
];

/// The full month names of a language, folded, January first ("setiembre" beside "septiembre").
pub fn month_names(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => MONTHS_EN,
        Lang::Es => MONTHS_ES,
        Lang::Pt => MONTHS_PT,
    }
}

/// The weekday names of a language, folded, Monday first.
pub fn weekday_names(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => WEEKDAYS_EN,
        Lang::Es => WEEKDAYS_ES,
        Lang::Pt => WEEKDAYS_PT,
    }
}

/// Whether a folded word is a month or weekday name in any of the three languages.
pub fn is_calendar_word(folded: &str) -> bool {
    Lang::ALL
        .into_iter()
        .any(|lang| month_names(lang).contains(&folded) || weekday_names(lang).contains(&folded))
}

/// The month (1–12) a folded word names in text of language `lang`: a full name in any of the
/// three languages (sources mix them) or an English abbreviation ("Sept", "Dec").
///
/// "marco" is March only in Portuguese: in Spanish and English text it is a given name.
pub fn month_number(folded: &str, lang: Lang) -> Option<u32> {
    let m = match folded {
        "enero" | "janeiro" | "january" | "jan" => 1,
        "febrero" | "fevereiro" | "february" | "feb" => 2,
        "marzo" | "march" => 3,
        "marco" if lang == Lang::Pt => 3,
        "abril" | "april" | "apr" => 4,
        "mayo" | "maio" | "may" => 5,
        "junio" | "junho" | "june" | "jun" => 6,
        "julio" | "julho" | "july" | "jul" => 7,
        "agosto" | "august" | "aug" => 8,
        "septiembre" | "setiembre" | "setembro" | "september" | "sept" | "sep" => 9,
        "octubre" | "outubro" | "october" | "oct" => 10,
        "noviembre" | "novembro" | "november" | "nov" => 11,
        "diciembre" | "dezembro" | "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_month_name_has_its_number() {
        for lang in Lang::ALL {
            for (i, name) in month_names(lang).iter().enumerate() {
                let expected = match (lang, i) {
                    // "setiembre" sits beside "septiembre".
                    (Lang::Es, 9..) => i as u32,
                    _ => i as u32 + 1,
                };
                assert_eq!(month_number(name, lang), Some(expected), "{name}");
            }
        }
    }

    #[test]
    fn marco_is_march_only_in_portuguese() {
        assert_eq!(month_number("marco", Lang::Pt), Some(3));
        assert_eq!(month_number("marco", Lang::Es), None);
        assert_eq!(month_number("marco", Lang::En), None);
        assert_eq!(month_number("sept", Lang::Es), Some(9));
        assert_eq!(month_number("lunes", Lang::Es), None);
    }

    #[test]
    fn calendar_words_are_months_and_weekdays_only() {
        assert!(is_calendar_word("setiembre"));
        assert!(is_calendar_word("terca"));
        assert!(is_calendar_word("sunday"));
        assert!(!is_calendar_word("sept"));
        assert!(!is_calendar_word("feira"));
        assert!(!is_calendar_word("Monday"));
    }
}
