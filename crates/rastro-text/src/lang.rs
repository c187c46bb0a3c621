//! The languages Rastro reads and speaks.
//!
//! Sources in the region are written in Spanish, Portuguese and English, and users are answered
//! in the same three. Country names, picklist labels and calendar words are all kept per
//! language, so the language is a type of its own that every engine shares.

use serde::{Deserialize, Serialize};

/// The three languages Rastro speaks to its users and reads in its sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Es,
    Pt,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::Pt];

    /// The ISO 639-1 code, as users and files write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Pt => "pt",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn wire_names_are_the_iso_codes() {
        for lang in Lang::ALL {
            let wire = serde_json::to_string(&lang).unwrap_or_default();
            assert_eq!(wire, format!("\"{}\"", lang.code()));
            assert_eq!(serde_json::from_str::<Lang>(&wire).ok(), Some(lang));
        }
    }
}
