//! Light stemming for search: a folded word without the inflections Spanish, Portuguese and
//! English add most often (plural, gender, participles, gerunds, `-ción`/`-ção` and their
//! plurals, adverbs in `-mente`), so that a search for "rescatadas" also finds "rescatado" and
//! "trafficking" finds "trafficked". It is a prefix to look for, not a dictionary form: the three
//! languages share one rule set, since a search box does not say its language, and a stem is
//! never cut below four letters, so short words keep their meaning.

/// Endings removed, longest first (folded forms: accents are already gone).
const ENDINGS: &[&str] = &[
    "aciones", "amente", "mente", "acoes", "acion", "acao", "iones", "ations", "ation", "adoras",
    "adores", "adora", "ador", "ados", "adas", "idos", "idas", "ando", "endo", "indo", "ings",
    "ing", "ers", "ado", "ada", "ido", "ida", "ion", "oes", "ao", "ed", "es", "as", "os", "er",
    "a", "o", "e", "s",
];

/// Letters a stem keeps at least.
const MIN_STEM: usize = 4;

/// What a search looks for to find a folded word in any of its forms: the beginning of its stem
/// (`true`), or, for a word too short to have one, the word itself exactly (`false`).
pub fn search_prefix(folded: &str) -> (&str, bool) {
    match search_stem(folded) {
        Some(stem) => (stem, true),
        None if folded.chars().count() >= MIN_STEM => (folded, true),
        None => (folded, false),
    }
}

/// The stem of a folded word (lowercase, no accents), or `None` when the word is too short to
/// lose anything.
pub fn search_stem(folded: &str) -> Option<&str> {
    if !folded.is_ascii() || folded.len() <= MIN_STEM {
        return None;
    }
    ENDINGS.iter().find_map(|ending| {
        folded
            .strip_suffix(ending)
            .filter(|stem| stem.len() >= MIN_STEM)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_stem(words: &[&str]) {
        let stems: Vec<&str> = words.iter().map(|w| search_stem(w).unwrap_or(w)).collect();
        assert!(
            stems.windows(2).all(|p| p[0] == p[1]),
            "{words:?} → {stems:?}"
        );
    }

    #[test]
    fn inflections_of_one_word_share_a_stem() {
        same_stem(&["rescatadas", "rescatado", "rescatados", "rescatada"]);
        same_stem(&["operacion", "operaciones", "operacao", "operacoes"]);
        same_stem(&["trafficking", "trafficked"]);
        same_stem(&["mujer", "mujeres"]);
        same_stem(&["victima", "victimas"]);
        same_stem(&["traficante", "traficantes"]);
        same_stem(&["trafico", "traficos"]);
    }

    #[test]
    fn short_words_and_other_scripts_are_kept() {
        assert_eq!(search_stem("casa"), None);
        assert_eq!(search_stem("red"), None);
        assert_eq!(search_stem("trata"), Some("trat"));
        assert_eq!(search_stem("москва"), None);
    }

    #[test]
    fn a_search_looks_for_stems_and_for_whole_short_words() {
        assert_eq!(search_prefix("mujer"), ("mujer", true));
        assert_eq!(search_prefix("mujeres"), ("mujer", true));
        assert_eq!(search_prefix("red"), ("red", false));
    }

    #[test]
    fn a_stem_keeps_four_letters() {
        assert_eq!(search_stem("rosas"), Some("rosa"));
        assert_eq!(search_stem("ninos"), Some("nino"));
        assert!(ENDINGS.iter().all(|e| !e.is_empty()));
    }
}
