//! What a file's header cell names: an HTCDS field by its name (with or without prefix, the
//! template's misspellings too), or a partner's own header ("Nombre", "Fecha de nacimiento",
//! "País de destino") read as the field it means, from `data/header_aliases.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use rastro_text::{fold_key, levenshtein};

use crate::fields::Field;
use crate::picklist::Picklist;
use crate::picklists::EventType;

const ALIASES_TSV: &str = include_str!("../data/header_aliases.tsv");

/// How a header cell was understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderMatch {
    Field(Field),
    /// A name without prefix that several sections use (`Type`): the prefix is needed.
    Ambiguous(Vec<Field>),
    /// A field of the events of one stage ("País de destino": the country of an exploitation
    /// event); the column says the events' type, which the file has no column for.
    Event(EventType, Field),
    /// Not an HTCDS field; the closest field name, if any is close.
    Unknown {
        suggestion: Option<Field>,
    },
}

impl Field {
    /// Matches a header: with or without prefix, any case, spaces or underscores ignored, or a
    /// partner's header in Spanish, Portuguese or English from the alias table; the
    /// template's own misspelling `vic_TraffickinStatusDecisionMakingOrg` is understood.
    pub fn from_header(header: &str) -> HeaderMatch {
        let key = header_key(header);
        if key.is_empty() {
            return HeaderMatch::Unknown { suggestion: None };
        }
        if key == "victraffickinstatusdecisionmakingorg"
            || key == "traffickinstatusdecisionmakingorg"
        {
            return HeaderMatch::Field(Field::VicTraffickingStatusDecisionMakingOrg);
        }
        if let Some(field) = Field::ALL.iter().find(|f| header_key(f.name()) == key) {
            return HeaderMatch::Field(*field);
        }
        if let Some(meaning) = alias(&key) {
            return meaning;
        }
        // Organisation fields have generic short names ("Name", "Phone") that in a case file
        // almost always mean the person's: they are only recognised with their prefix.
        let by_short: Vec<Field> = Field::ALL
            .iter()
            .copied()
            .filter(|f| f.prefix() != "org_" && header_key(f.short_name()) == key)
            .collect();
        match by_short.len() {
            0 => HeaderMatch::Unknown {
                suggestion: closest_field(&key),
            },
            1 => HeaderMatch::Field(by_short[0]),
            _ => HeaderMatch::Ambiguous(by_short),
        }
    }
}

/// A header as compared: folded (case and accents), letters and digits only.
pub fn header_key(text: &str) -> String {
    fold_key(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

fn closest_field(key: &str) -> Option<Field> {
    let mut best: Option<(usize, Field)> = None;
    for &field in Field::ALL {
        for candidate in [header_key(field.name()), header_key(field.short_name())] {
            let d = levenshtein(key, &candidate);
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, field));
            }
        }
    }
    best.filter(|(d, _)| *d <= 2 + key.len() / 8)
        .map(|(_, f)| f)
}

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

/// A user's naming of one column, `HEADER=FIELD` (`FIELD` a field's name, or `hte_FIELD@Stage`
/// for a column of one stage's events); the last `=` splits, since a header may hold one. The
/// error says what is wrong in words a user can act on.
pub fn named_column(pair: &str) -> Result<(String, HeaderMatch), String> {
    let Some((header, field)) = pair.rsplit_once('=') else {
        return Err("write it as HEADER=FIELD, e.g. \"Nacionalidad=prs_Citizenship\"".to_string());
    };
    let (header, field) = (header.trim(), field.trim());
    if header.is_empty() {
        return Err("the header before '=' is empty".to_string());
    }
    if field.contains('@') {
        return meaning_of(field)
            .map(|meaning| (header.to_string(), meaning))
            .ok_or_else(|| {
                format!(
                    "{field:?} is not an event field at a stage (write e.g. hte_Country@Exploitation; stages Recruitment, Transit, Exploitation)"
                )
            });
    }
    match Field::from_header(field) {
        found @ (HeaderMatch::Field(_) | HeaderMatch::Event(..)) => Ok((header.to_string(), found)),
        HeaderMatch::Ambiguous(candidates) => Err(format!(
            "{field:?} could be {}; give the prefix",
            candidates
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(" or ")
        )),
        HeaderMatch::Unknown { suggestion } => Err(format!(
            "{field:?} is not an HTCDS field{}",
            suggestion
                .map(|f| format!(" (did you mean {}?)", f.name()))
                .unwrap_or_default()
        )),
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

    #[test]
    fn headers_match_with_or_without_prefix_in_any_case() {
        assert_eq!(
            Field::from_header("prs_FirstName"),
            HeaderMatch::Field(Field::PrsFirstName)
        );
        assert_eq!(
            Field::from_header("FIRSTNAME"),
            HeaderMatch::Field(Field::PrsFirstName)
        );
        assert_eq!(
            Field::from_header(" first_name "),
            HeaderMatch::Field(Field::PrsFirstName)
        );
        assert_eq!(
            Field::from_header("vic_TraffickinStatusDecisionMakingOrg"),
            HeaderMatch::Field(Field::VicTraffickingStatusDecisionMakingOrg)
        );
        assert!(matches!(Field::from_header("Type"), HeaderMatch::Ambiguous(v) if v.len() == 2));
        assert!(matches!(
            Field::from_header("Name"),
            HeaderMatch::Unknown { .. }
        ));
        assert_eq!(
            Field::from_header("org_Name"),
            HeaderMatch::Field(Field::OrgName)
        );
        assert_eq!(
            Field::from_header("prs_Birthdat"),
            HeaderMatch::Unknown {
                suggestion: Some(Field::PrsBirthdate)
            }
        );
    }

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
