//! Words of whole numbers below a thousand in Spanish, Portuguese and English, folded as
//! [`crate::fold_key`] folds them, with their values: units, teens, tens, the twenties Spanish
//! writes as one word, and hundreds. Extraction reads counts written in words ("veintitrés
//! mujeres", "cinquenta trabalhadores") and the news linker compares the counts two reports
//! state; both read this one list. Scale words ("mil", "million") and quantity nouns ("una
//! decena") are the extractor's own.

use crate::Lang;

const ES: &[(&str, u64)] = &[
    ("un", 1),
    ("una", 1),
    ("uno", 1),
    ("dos", 2),
    ("tres", 3),
    ("cuatro", 4),
    ("cinco", 5),
    ("seis", 6),
    ("siete", 7),
    ("ocho", 8),
    ("nueve", 9),
    ("diez", 10),
    ("once", 11),
    ("doce", 12),
    ("trece", 13),
    ("catorce", 14),
    ("quince", 15),
    ("dieciseis", 16),
    ("diecisiete", 17),
    ("dieciocho", 18),
    ("diecinueve", 19),
    ("veinte", 20),
    ("veintiun", 21),
    ("veintiuna", 21),
    ("veintiuno", 21),
    ("veintidos", 22),
    ("veintitres", 23),
    ("veinticuatro", 24),
    ("veinticinco", 25),
    ("veintiseis", 26),
    ("veintisiete", 27),
    ("veintiocho", 28),
    ("veintinueve", 29),
    ("treinta", 30),
    ("cuarenta", 40),
    ("cincuenta", 50),
    ("sesenta", 60),
    ("setenta", 70),
    ("ochenta", 80),
    ("noventa", 90),
    ("cien", 100),
    ("ciento", 100),
    ("doscientas", 200),
    ("doscientos", 200),
    ("trescientas", 300),
    ("trescientos", 300),
    ("cuatrocientas", 400),
    ("cuatrocientos", 400),
    ("quinientas", 500),
    ("quinientos", 500),
    ("seiscientas", 600),
    ("seiscientos", 600),
    ("setecientas", 700),
    ("setecientos", 700),
    ("ochocientas", 800),
    ("ochocientos", 800),
    ("novecientas", 900),
    ("novecientos", 900),
];

/// Brazilian and European spellings both ("dezesseis", "dezasseis").
const PT: &[(&str, u64)] = &[
    ("um", 1),
    ("uma", 1),
    ("dois", 2),
    ("duas", 2),
    ("tres", 3),
    ("quatro", 4),
    ("cinco", 5),
    ("seis", 6),
    ("sete", 7),
    ("oito", 8),
    ("nove", 9),
    ("dez", 10),
    ("onze", 11),
    ("doze", 12),
    ("treze", 13),
    ("catorze", 14),
    ("quatorze", 14),
    ("quinze", 15),
    ("dezasseis", 16),
    ("dezesseis", 16),
    ("dezassete", 17),
    ("dezessete", 17),
    ("dezoito", 18),
    ("dezanove", 19),
    ("dezenove", 19),
    ("vinte", 20),
    ("trinta", 30),
    ("quarenta", 40),
    ("cinquenta", 50),
    ("sessenta", 60),
    ("setenta", 70),
    ("oitenta", 80),
    ("noventa", 90),
    ("cem", 100),
    ("cento", 100),
    ("duzentas", 200),
    ("duzentos", 200),
    ("trezentas", 300),
    ("trezentos", 300),
    ("quatrocentas", 400),
    ("quatrocentos", 400),
    ("quinhentas", 500),
    ("quinhentos", 500),
    ("seiscentas", 600),
    ("seiscentos", 600),
    ("setecentas", 700),
    ("setecentos", 700),
    ("oitocentas", 800),
    ("oitocentos", 800),
    ("novecentas", 900),
    ("novecentos", 900),
];

const EN: &[(&str, u64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// The number words of `lang` with their values, smallest first. "tres", "cinco", "seis",
/// "setenta" and "noventa" are Spanish and Portuguese alike, and in both lists.
///
/// ```
/// use rastro_text::{cardinal_words, Lang};
/// assert!(cardinal_words(Lang::Es).contains(&("veintitres", 23)));
/// assert!(cardinal_words(Lang::Pt).contains(&("dezasseis", 16)));
/// assert!(cardinal_words(Lang::En).contains(&("ninety", 90)));
/// ```
pub fn cardinal_words(lang: Lang) -> &'static [(&'static str, u64)] {
    match lang {
        Lang::Es => ES,
        Lang::Pt => PT,
        Lang::En => EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_folded_and_below_a_thousand() {
        for lang in Lang::ALL {
            for &(word, value) in cardinal_words(lang) {
                assert_eq!(crate::fold_key(word), word);
                assert!((1..1000).contains(&value), "{word}");
            }
        }
    }
}
