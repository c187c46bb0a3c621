//! Headers of partners' own spreadsheets ("Nombre", "Fecha de nacimiento", "Nacionalidade") read
//! as the HTCDS fields they mean, from `data/header_aliases.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::fields::{header_key, Field, HeaderMatch};
use crate::picklist::Picklist;
use crate::picklists::EventType;

const ALIASES_TSV: &str = include_str!("../data/header_aliases.tsv");

/// What a folded header names in the alias table, if anything.
pub(crate) fn alias(key: &str) -> Option<HeaderMatch> {
    aliases().get(key).cloned()
}

fn aliases() -> &'static HashMap<String, HeaderMatch> {
    static TABLE: OnceLock<HashMap<String, HeaderMatch>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for (meaning, headers) in rows() {
            // A row naming no known field is a mistake in the table, which a test catches;
            // at run time the row is only not used.
            let Some(meaning) = meaning else { continue };
            for header in headers {
                table
                    .entry(header_key(header))
                    .or_insert_with(|| meaning.clone());
            }
        }
        table
    })
}

/// What a row's first cell names: `prs_FirstName`, or `hte_Country@Exploitation` for a column of
/// one stage's events.
pub fn meaning_of(name: &str) -> Option<HeaderMatch> {
    match name.trim().split_once('@') {
        None => Field::ALL
            .iter()
            .copied()
            .find(|f| f.name() == name.trim())
            .map(HeaderMatch::Field),
        Some((field, stage)) => {
            let field = Field::ALL
                .iter()
                .copied()
                .find(|f| f.name() == field && f.is_event() && *f != Field::HteType)?;
            let stage = EventType::ALL.iter().copied().find(|t| t.wire() == stage)?;
            Some(HeaderMatch::Event(stage, field))
        }
    }
}

/// Each row of the table: what it names (`None` when that is not a field) and its headers.
fn rows() -> impl Iterator<Item = (Option<HeaderMatch>, Vec<&'static str>)> {
    ALIASES_TSV
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (name, headers) = line.split_once('\t').unwrap_or((line, ""));
            let headers = headers
                .split(';')
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .collect();
            (meaning_of(name), headers)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HeaderMatch;

    #[test]
    fn every_row_names_a_field_and_no_header_means_two() {
        let mut seen: HashMap<String, HeaderMatch> = HashMap::new();
        for (line, (meaning, headers)) in rows().enumerate() {
            let meaning =
                meaning.unwrap_or_else(|| panic!("row {} names no HTCDS field", line + 1));
            assert!(!headers.is_empty(), "{meaning:?} has no headers");
            for header in headers {
                let key = header_key(header);
                if let Some(other) = seen.insert(key, meaning.clone()) {
                    assert_eq!(other, meaning, "{header:?} is listed for two fields");
                }
            }
        }
    }

    #[test]
    fn no_alias_shadows_a_field_name() {
        for &field in Field::ALL {
            for name in [field.name(), field.short_name()] {
                if let Some(aliased) = alias(&header_key(name)) {
                    assert_eq!(aliased, HeaderMatch::Field(field), "{name:?} is an alias");
                }
            }
        }
    }

    #[test]
    fn partners_headers_in_three_languages() {
        for (header, field) in [
            ("Nombre", Field::PrsFirstName),
            ("APELLIDOS", Field::PrsSecondName),
            ("Fecha de Nacimiento", Field::PrsBirthdate),
            ("fecha_nacimiento", Field::PrsBirthdate),
            ("Nacionalidade", Field::PrsCitizenship),
            ("Sexo", Field::PrsGender),
            ("Forma de explotación", Field::VicTypeOfExploitation),
            ("Tipo de exploração", Field::VicTypeOfExploitation),
            ("Date of birth", Field::PrsBirthdate),
            ("Nº documento", Field::PrsIdentityNumber),
            ("Observaciones", Field::CcoCaseComment),
        ] {
            assert_eq!(
                Field::from_header(header),
                HeaderMatch::Field(field),
                "{header:?}"
            );
        }
        for (header, stage, field) in [
            ("País de origen", EventType::Recruitment, Field::HteCountry),
            ("Cidade de destino", EventType::Exploitation, Field::HteCity),
            ("Transit countries", EventType::Transit, Field::HteCountry),
        ] {
            assert_eq!(
                Field::from_header(header),
                HeaderMatch::Event(stage, field),
                "{header:?}"
            );
        }
        assert_eq!(
            meaning_of("hte_Type@Transit"),
            None,
            "a stage's column states its type"
        );
        assert_eq!(meaning_of("prs_FirstName@Transit"), None);
        // Headers that could mean several fields are not guessed.
        for header in ["Edad", "Ciudad", "Estado", "País"] {
            assert!(
                matches!(Field::from_header(header), HeaderMatch::Unknown { .. }),
                "{header:?}"
            );
        }
    }
}
