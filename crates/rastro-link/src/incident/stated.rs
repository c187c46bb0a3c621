//! The counts a text states, small ones included: outlets write a raid's "cinco detenidos" or
//! "five held" in words and its "46 workers" in digits, and two reports of one raid whose
//! extracted counts differ (one took the workers, the other the arrests; one the rescued in one
//! town, the other all of them) both state both. Only figures written as counts are kept: words
//! for two to twenty and the round tens in the report's own language, digits from two up that
//! are no year.

use rastro_text::Lang;

/// Folded number words with their values, by language. "one" is left out: "un/uma/a" are as
/// often articles as counts, and a count of one is the tally of most reports.
const WORDS: [(Lang, &[(&str, u64)]); 3] = [
    (
        Lang::En,
        &[
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
        ],
    ),
    (
        Lang::Es,
        &[
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
            ("treinta", 30),
            ("cuarenta", 40),
            ("cincuenta", 50),
        ],
    ),
    (
        Lang::Pt,
        &[
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
            ("dezesseis", 16),
            ("dezasseis", 16),
            ("dezessete", 17),
            ("dezoito", 18),
            ("dezenove", 19),
            ("vinte", 20),
            ("trinta", 30),
            ("quarenta", 40),
            ("cinquenta", 50),
        ],
    ),
];

/// The counts `folded` (a folded text) states in words, in its language `lang`; a text whose
/// language is unclear is read in all three, except for words that are counts in one and
/// something else in another ("once": eleven in Spanish, a time in English).
pub fn count_words(folded: &str, lang: Option<Lang>) -> Vec<u64> {
    let mut out = Vec::new();
    for word in folded.split(' ') {
        // Every number word has three to ten letters; most words of a text are ruled out here.
        if !(3..=10).contains(&word.len()) {
            continue;
        }
        let value = WORDS
            .iter()
            .filter(|(l, _)| lang.is_none_or(|x| x == *l))
            .flat_map(|(_, words)| words.iter())
            .find(|(w, _)| *w == word && (lang.is_some() || *w != AMBIGUOUS))
            .map(|&(_, v)| v);
        out.extend(value);
    }
    out
}

/// A count in one language and another word in the next: "once", eleven in Spanish.
const AMBIGUOUS: &str = "once";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_are_read_in_the_reports_language() {
        let es = rastro_text::fold_key("Once detenidos y cinco rescatadas");
        assert_eq!(count_words(&es, Some(Lang::Es)), vec![11, 5]);
        let en = rastro_text::fold_key("Police once again held five people");
        assert_eq!(count_words(&en, Some(Lang::En)), vec![5]);
        // Unclear language: "once" is left out, "cinco" read.
        assert_eq!(count_words(&es, None), vec![5]);
        let pt = rastro_text::fold_key("duas mulheres e três homens");
        assert_eq!(count_words(&pt, Some(Lang::Pt)), vec![2, 3]);
    }
}
