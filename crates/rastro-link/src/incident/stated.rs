//! The counts a text states, small ones included: outlets write a raid's "cinco detenidos" or
//! "five held" in words and its "46 workers" in digits, and two reports of one raid whose
//! extracted counts differ (one took the workers, the other the arrests; one the rescued in one
//! town, the other all of them) both state both. Only figures written as counts are kept: words
//! for two to twenty and the round tens in the report's own language, digits from two up that
//! are no year.

use rastro_text::Lang;

/// Whether a number word's value is one a report states as a count: two to twenty and the
/// round tens to fifty. "one" is left out: "un/uma/a" are as often articles as counts, and a
/// count of one is the tally of most reports.
fn is_stated_count(value: u64) -> bool {
    (2..=20).contains(&value) || matches!(value, 30 | 40 | 50)
}

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
        let value = Lang::ALL
            .into_iter()
            .filter(|l| lang.is_none_or(|x| x == *l))
            .flat_map(rastro_text::cardinal_words)
            .find(|&&(w, v)| w == word && is_stated_count(v) && (lang.is_some() || w != AMBIGUOUS))
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
