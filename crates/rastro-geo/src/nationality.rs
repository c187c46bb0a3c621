//! A country as a cell of a file names it: by its name or code, or by the nationality word a
//! nationality column often holds instead ("venezolana", "brasileiro", "Colombian"). Text search
//! reads only names: a nationality word in running text is not a mention of the country.

use std::collections::HashMap;
use std::sync::OnceLock;

use rastro_text::fold_key;

use crate::countries::{countries, CountryCode, ParseCountryError};

/// The country a cell names, by name, code or nationality word.
pub fn country_of_cell(text: &str) -> Result<CountryCode, ParseCountryError> {
    countries().parse(text).or_else(|err| match err {
        ParseCountryError::Unknown { .. } => {
            nationality_words().get(&fold_key(text)).copied().ok_or(err)
        }
        ambiguous => Err(ambiguous),
    })
}

/// The country of a nationality word, folded ("haitianos", "venezuelan"), exactly as the
/// table writes it: no names, codes or near spellings, which [`country_of_cell`] also reads.
/// Cheap enough to ask of every capitalised phrase of a text.
pub fn country_of_nationality(folded: &str) -> Option<CountryCode> {
    nationality_words().get(folded).copied()
}

/// Nationality words (folded) of one country each, from `data/demonyms.tsv`: a word that two
/// countries share, or a region's, is left out. Kept apart from the names, which text search
/// reads, because a nationality word in running text is not a mention of the country.
fn nationality_words() -> &'static HashMap<String, CountryCode> {
    static WORDS: OnceLock<HashMap<String, CountryCode>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut errors = Vec::new();
        let mut words: HashMap<String, Option<CountryCode>> = HashMap::new();
        for row in crate::tables::demonyms(&mut errors) {
            if row.region.is_some() {
                continue;
            }
            for form in &row.forms {
                let entry = words.entry(fold_key(form)).or_insert(Some(row.country));
                if *entry != Some(row.country) {
                    *entry = None;
                }
            }
        }
        words
            .into_iter()
            .filter_map(|(word, code)| Some((word, code?)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> String {
        country_of_cell(s)
            .map(|c| c.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn nationality_words_name_their_country_but_are_not_names() {
        assert_eq!(code("Venezolana"), "VE");
        assert_eq!(code("brasileiro"), "BR");
        assert_eq!(code("Colombian"), "CO");
        assert_eq!(code("dominicanas"), "DO");
        // A region's word ("paulista") names no country.
        assert!(country_of_cell("paulista").is_err());
        // Text search reads the names, where a nationality word must not count as the country.
        assert!(countries().keys().all(|(key, _)| key != "venezolana"));
        assert_eq!(
            country_of_nationality("haitianos").map(|c| c.to_string()),
            Some("HT".into())
        );
        // Names and near spellings are for cells only.
        assert_eq!(country_of_nationality("haiti"), None);
        assert_eq!(country_of_nationality("venezolanx"), None);
    }
}
