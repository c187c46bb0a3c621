//! Headers of partners' own spreadsheets ("Nombre", "Fecha de nacimiento", "Nacionalidade") read
//! as the HTCDS fields they mean, from `data/header_aliases.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::fields::{header_key, Field};

const ALIASES_TSV: &str = include_str!("../data/header_aliases.tsv");

/// The field a folded header names in the alias table, if any.
pub(crate) fn field_of_alias(key: &str) -> Option<Field> {
    aliases().get(key).copied()
}

fn aliases() -> &'static HashMap<String, Field> {
    static TABLE: OnceLock<HashMap<String, Field>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for (field, headers) in rows() {
            // A row naming no known field is a mistake in the table, which a test catches;
            // at run time the row is only not used.
            let Some(field) = field else { continue };
            for header in headers {
                table.entry(header_key(header)).or_insert(field);
            }
        }
        table
    })
}

/// Each row of the table: its field (`None` when the name is not a field) and its headers.
fn rows() -> impl Iterator<Item = (Option<Field>, Vec<&'static str>)> {
    ALIASES_TSV
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (name, headers) = line.split_once('\t').unwrap_or((line, ""));
            let field = Field::ALL.iter().copied().find(|f| f.name() == name.trim());
            let headers = headers
                .split(';')
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .collect();
            (field, headers)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HeaderMatch;

    #[test]
    fn every_row_names_a_field_and_no_header_means_two() {
        let mut seen: HashMap<String, Field> = HashMap::new();
        for (line, (field, headers)) in rows().enumerate() {
            let field = field.unwrap_or_else(|| panic!("row {} names no HTCDS field", line + 1));
            assert!(!headers.is_empty(), "{} has no headers", field.name());
            for header in headers {
                let key = header_key(header);
                if let Some(other) = seen.insert(key, field) {
                    assert_eq!(other, field, "{header:?} is listed for two fields");
                }
            }
        }
    }

    #[test]
    fn no_alias_shadows_a_field_name() {
        for &field in Field::ALL {
            for name in [field.name(), field.short_name()] {
                if let Some(aliased) = field_of_alias(&header_key(name)) {
                    assert_eq!(aliased, field, "{name:?} is an alias of another field");
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
        // Headers that could mean several fields are not guessed.
        for header in ["Edad", "Ciudad", "Estado", "País"] {
            assert!(
                matches!(Field::from_header(header), HeaderMatch::Unknown { .. }),
                "{header:?}"
            );
        }
    }
}
