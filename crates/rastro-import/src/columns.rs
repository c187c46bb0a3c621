//! The meaning of a file's columns, and the turning of one row of cells into a validated record.

use rastro_model::{header_key, CaseRecord, Field, HeaderMatch, MULTI_SEPARATOR};

use crate::Problem;

/// Columns whose header starts with this are Rastro's own (the reasons in a rejects file), and
/// are skipped without a warning when the corrected file comes back.
pub const OWN_COLUMN_PREFIX: &str = "rastro_";

/// What each column of a file holds.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The header cells as written in the file.
    pub headers: Vec<String>,
    /// The field of each column, `None` for columns that are skipped.
    pub fields: Vec<Option<Field>>,
    /// The column naming each record's owning organisation, in files Rastro exported.
    pub owner: Option<usize>,
    /// Things to tell the user about the header that do not stop the import.
    pub warnings: Vec<String>,
}

/// A header that cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("the header row has no HTCDS field names (first cells: {0}); the first row must hold field names such as prs_FirstName, or headers such as Nombre, Fecha de nacimiento, Nacionalidad")]
    NoFields(String),
    #[error("column {column} ({header:?}) repeats field {field}, already in column {first}")]
    Duplicate {
        column: usize,
        header: String,
        field: &'static str,
        first: usize,
    },
}

impl Columns {
    /// Reads a header row; `named` are the user's own (header, field) pairs, which come first.
    pub fn from_header(
        headers: Vec<String>,
        named: &[(String, Field)],
    ) -> Result<Columns, HeaderError> {
        let named: Vec<(String, Field)> = named
            .iter()
            .map(|(header, field)| (header_key(header), *field))
            .collect();
        let mut fields = Vec::with_capacity(headers.len());
        let mut warnings = Vec::new();
        let owner = headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(crate::export::OWNER_COLUMN));
        for (i, header) in headers.iter().enumerate() {
            let trimmed = header.trim();
            if trimmed.is_empty() || trimmed.to_ascii_lowercase().starts_with(OWN_COLUMN_PREFIX) {
                fields.push(None);
                continue;
            }
            let by_user = named
                .iter()
                .find(|(header, _)| *header == header_key(trimmed))
                .map(|(_, field)| HeaderMatch::Field(*field));
            match by_user.unwrap_or_else(|| Field::from_header(trimmed)) {
                HeaderMatch::Field(field) => {
                    if let Some(first) = fields.iter().position(|f| *f == Some(field)) {
                        return Err(HeaderError::Duplicate {
                            column: i + 1,
                            header: trimmed.to_string(),
                            field: field.name(),
                            first: first + 1,
                        });
                    }
                    fields.push(Some(field));
                }
                HeaderMatch::Ambiguous(candidates) => {
                    warnings.push(format!(
                        "column {} ({trimmed:?}) is ambiguous without its prefix ({}); it is skipped",
                        i + 1,
                        candidates.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
                    ));
                    fields.push(None);
                }
                HeaderMatch::Unknown { suggestion } => {
                    let hint = suggestion
                        .map(|f| format!("; did you mean {}?", f.name()))
                        .unwrap_or_default();
                    warnings.push(format!(
                        "column {} ({trimmed:?}) is not an HTCDS field and is skipped{hint}",
                        i + 1
                    ));
                    fields.push(None);
                }
            }
        }
        if fields.iter().all(Option::is_none) {
            let shown: Vec<&str> = headers.iter().take(4).map(String::as_str).collect();
            return Err(HeaderError::NoFields(shown.join(", ")));
        }
        Ok(Columns {
            headers,
            fields,
            owner,
            warnings,
        })
    }

    /// The owner a row names, when the file has an owner column and the cell is filled.
    pub fn owner_of(&self, cells: &[String]) -> Option<String> {
        let cell = cells.get(self.owner?)?.trim();
        (!cell.is_empty()).then(|| cell.to_string())
    }

    /// Whether a row of cells holds any HTCDS value at all (blank rows are skipped, not errors).
    pub fn is_blank(&self, cells: &[String]) -> bool {
        cells
            .iter()
            .zip(&self.fields)
            .all(|(cell, field)| field.is_none() || cell.trim().is_empty())
    }

    /// Builds and validates the record of one row. Every problem of the row is reported, not only
    /// the first, so that one round of corrections is enough.
    pub fn record(
        &self,
        row: u64,
        line: u64,
        cells: &[String],
    ) -> Result<CaseRecord, Vec<Problem>> {
        let mut problems = Vec::new();
        if cells.len() != self.headers.len() {
            problems.push(Problem {
                row,
                line,
                column: String::new(),
                value: String::new(),
                message: format!(
                    "ragged row: {} fields where the header has {}",
                    cells.len(),
                    self.headers.len()
                ),
            });
            return Err(problems);
        }
        let mut record = CaseRecord::default();
        let mut event_counts: Vec<(Field, usize)> = Vec::new();
        for ((cell, field), header) in cells.iter().zip(&self.fields).zip(&self.headers) {
            let Some(field) = *field else { continue };
            if field.is_event() {
                let n = if cell.trim().is_empty() {
                    0
                } else {
                    cell.split(MULTI_SEPARATOR).count()
                };
                event_counts.push((field, n));
            }
            if let Err(e) = record.set(field, cell) {
                problems.push(Problem {
                    row,
                    line,
                    column: header.trim().to_string(),
                    value: e.value,
                    message: e.message,
                });
            }
        }
        if problems.is_empty() {
            for e in record.check(&event_counts) {
                let column = self
                    .fields
                    .iter()
                    .position(|f| *f == Some(e.field))
                    .map(|i| self.headers[i].trim().to_string())
                    .unwrap_or_else(|| e.field.name().to_string());
                problems.push(Problem {
                    row,
                    line,
                    column,
                    value: e.value,
                    message: e.message,
                });
            }
        }
        if problems.is_empty() {
            Ok(record)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(headers: &[&str]) -> Columns {
        Columns::from_header(headers.iter().map(|s| s.to_string()).collect(), &[]).unwrap()
    }

    #[test]
    fn unknown_and_ambiguous_columns_warn_and_are_skipped() {
        let c = cols(&["prs_FirstName", "Type", "favourite_colour", "rastro_errors"]);
        assert_eq!(c.fields[0], Some(Field::PrsFirstName));
        assert_eq!(c.fields[1], None);
        assert_eq!(c.warnings.len(), 2);
    }

    #[test]
    fn a_partners_sheet_is_read_with_the_columns_its_user_names() {
        let headers = [
            "Nombre",
            "Apellidos",
            "País de destino",
            "Nacionalidad",
            "Edad",
        ]
        .map(String::from)
        .to_vec();
        let known = Columns::from_header(headers.clone(), &[]).unwrap();
        assert_eq!(
            known.fields,
            [
                Some(Field::PrsFirstName),
                Some(Field::PrsSecondName),
                None,
                Some(Field::PrsCitizenship),
                None
            ]
        );
        assert_eq!(known.warnings.len(), 2, "{:?}", known.warnings);
        // The user's own names come first, matched as headers are (case and accents aside),
        // even over a header Rastro knows.
        let named = [
            ("PAIS DE DESTINO".to_string(), Field::HteCountry),
            ("nacionalidad".to_string(), Field::PrsMailingCountry),
        ];
        let c = Columns::from_header(headers, &named).unwrap();
        assert_eq!(c.fields[2], Some(Field::HteCountry));
        assert_eq!(c.fields[3], Some(Field::PrsMailingCountry));
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    }

    #[test]
    fn a_header_without_fields_is_refused() {
        let err = Columns::from_header(vec!["name".into(), "age".into()], &[]).unwrap_err();
        assert!(matches!(err, HeaderError::NoFields(_)));
    }

    #[test]
    fn all_problems_of_a_row_are_reported() {
        let c = cols(&["prs_Birthdate", "prs_Citizenship", "vic_TypeOfExploitation"]);
        let cells: Vec<String> = ["1990-13-01", "Atlantis", "SexualExploitaton"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let problems = c.record(7, 8, &cells).unwrap_err();
        assert_eq!(problems.len(), 3);
        assert_eq!(problems[0].row, 7);
        assert_eq!(problems[1].column, "prs_Citizenship");
    }

    #[test]
    fn misaligned_events_are_refused() {
        let c = cols(&["hte_Type", "hte_Country"]);
        let cells = vec!["Recruitment;Exploitation".to_string(), "VE".to_string()];
        let problems = c.record(1, 2, &cells).unwrap_err();
        assert!(problems[0].message.contains("must align"), "{problems:?}");
    }
}
