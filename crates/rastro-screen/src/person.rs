//! A person as a watchlist lists them, or as a query describes them.

use rastro_geo::CountryCode;
use rastro_text::PartialDate;

/// Gender as lists record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
    Other,
}

impl Gender {
    /// Reads the spellings used in English, Spanish and Portuguese lists and FollowTheMoney.
    pub fn parse(text: &str) -> Option<Gender> {
        match rastro_text::fold_key(text).as_str() {
            "m" | "male" | "man" | "masculino" | "hombre" | "homem" | "varon" | "h" => {
                Some(Gender::Male)
            }
            "f" | "female" | "woman" | "femenino" | "feminino" | "mujer" | "mulher" => {
                Some(Gender::Female)
            }
            "other" | "x" | "otro" | "outro" | "non binary" | "nonbinary" => Some(Gender::Other),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
            Gender::Other => "other",
        }
    }
}

/// One person: a watchlist entry or a query. `names[0]` is the main name, the rest are aliases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub names: Vec<String>,
    pub birth_dates: Vec<PartialDate>,
    pub gender: Option<Gender>,
    pub nationalities: Vec<CountryCode>,
    /// Document numbers as given; compared after [`normalise_document`].
    pub documents: Vec<String>,
    pub topics: Vec<String>,
}

/// Document numbers are typed with and without spaces, dots and dashes, in any case.
pub fn normalise_document(doc: &str) -> String {
    doc.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genders_in_three_languages() {
        assert_eq!(Gender::parse("Femenino"), Some(Gender::Female));
        assert_eq!(Gender::parse("HOMEM"), Some(Gender::Male));
        assert_eq!(Gender::parse("?"), None);
    }

    #[test]
    fn documents_ignore_punctuation() {
        assert_eq!(normalise_document("ab-123.456 7"), "AB1234567");
    }
}
