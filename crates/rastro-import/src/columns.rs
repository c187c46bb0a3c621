//! The meaning of a file's columns, and the turning of one row of cells into a validated record.

use rastro_model::{
    header_key, CaseRecord, EventType, Field, HeaderMatch, Picklist, MULTI_SEPARATOR,
};

use crate::conventions::{self, Reading, Sniffer};
use crate::Problem;

/// Columns whose header starts with this are Rastro's own (the reasons in a rejects file), and
/// are skipped without a warning when the corrected file comes back.
pub const OWN_COLUMN_PREFIX: &str = "rastro_";

/// What each column of a file holds.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The header cells as written in the file.
    pub headers: Vec<String>,
    /// The field of each column, `None` for columns that are skipped or hold one stage's events.
    pub fields: Vec<Option<Field>>,
    /// The stage and event field of each column that holds one stage's events ("País de
    /// destino"), `None` for the others.
    pub stages: Vec<Option<(EventType, Field)>>,
    /// The column naming each record's owning organisation, in files Rastro exported.
    pub owner: Option<usize>,
    /// Things to tell the user about the header that do not stop the import.
    pub warnings: Vec<String>,
    /// How each column's values are read, when the file's sample showed a convention of its own
    /// for some column ([`conventions`]); empty when every column reads as written.
    readings: Vec<Reading>,
}

/// A header that cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("the header row has no HTCDS field names (first cells: {0}); the first row must hold field names such as prs_FirstName, or headers such as Nombre, Fecha de nacimiento, Nacionalidad")]
    NoFields(String),
    #[error("column {column} ({header:?}) holds the {stage} events' {field}, while the file also has HTCDS event columns (hte_…); use one or the other")]
    MixedEvents {
        column: usize,
        header: String,
        stage: &'static str,
        field: &'static str,
    },
    #[error("column {column} ({header:?}) repeats field {field}, already in column {first}")]
    Duplicate {
        column: usize,
        header: String,
        field: &'static str,
        first: usize,
    },
}

/// Rows looked through for the header when the first row names no field: spreadsheets carry a
/// title, a date or a logo's blank rows above their table.
pub const MAX_ROWS_ABOVE_HEADER: usize = 20;

/// Whether a row names at least one field, as a header must.
pub fn names_a_field(cells: &[String], named: &[(String, HeaderMatch)]) -> bool {
    cells.iter().any(|cell| {
        let key = header_key(cell);
        !key.is_empty()
            && (named.iter().any(|(header, _)| header_key(header) == key)
                || matches!(
                    Field::from_header(cell),
                    HeaderMatch::Field(_) | HeaderMatch::Event(..)
                ))
    })
}

impl Columns {
    /// Reads a header row; `named` are the user's own (header, meaning) pairs, which come first.
    pub fn from_header(
        headers: Vec<String>,
        named: &[(String, HeaderMatch)],
    ) -> Result<Columns, HeaderError> {
        let named: Vec<(String, &HeaderMatch)> = named
            .iter()
            .map(|(header, meaning)| (header_key(header), meaning))
            .collect();
        let mut fields = Vec::with_capacity(headers.len());
        let mut stages = vec![None; headers.len()];
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
                .map(|(_, meaning)| (*meaning).clone());
            match by_user.unwrap_or_else(|| Field::from_header(trimmed)) {
                HeaderMatch::Event(stage, field) => {
                    let twice = stages.iter().position(|s| *s == Some((stage, field)));
                    if let Some(first) = twice {
                        return Err(HeaderError::Duplicate {
                            column: i + 1,
                            header: trimmed.to_string(),
                            field: field.name(),
                            first: first + 1,
                        });
                    }
                    stages[i] = Some((stage, field));
                    fields.push(None);
                }
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
        if fields.iter().all(Option::is_none) && stages.iter().all(Option::is_none) {
            let shown: Vec<&str> = headers.iter().take(4).map(String::as_str).collect();
            return Err(HeaderError::NoFields(shown.join(", ")));
        }
        // Events are aligned by position across the hte_ columns; a stage's columns cannot be
        // placed among them.
        if fields.iter().flatten().any(|f| f.is_event()) {
            if let Some(i) = stages.iter().position(Option::is_some) {
                let (stage, field) = stages[i].unwrap_or((EventType::Transit, Field::HteType));
                return Err(HeaderError::MixedEvents {
                    column: i + 1,
                    header: headers[i].trim().to_string(),
                    stage: stage.wire(),
                    field: field.name(),
                });
            }
        }
        Ok(Columns {
            headers,
            fields,
            stages,
            owner,
            warnings,
            readings: Vec::new(),
        })
    }

    /// The owner a row names, when the file has an owner column and the cell is filled.
    pub fn owner_of<S: AsRef<str>>(&self, cells: &[S]) -> Option<String> {
        let cell = cells.get(self.owner?)?.as_ref().trim();
        (!cell.is_empty()).then(|| cell.to_string())
    }

    /// Whether a row of cells holds any HTCDS value at all (blank rows are skipped, not errors).
    pub fn is_blank<S: AsRef<str>>(&self, cells: &[S]) -> bool {
        cells
            .iter()
            .zip(self.fields.iter().zip(&self.stages))
            .all(|(cell, (field, stage))| {
                (field.is_none() && stage.is_none()) || cell.as_ref().trim().is_empty()
            })
    }

    /// Builds and validates the record of one row. Every problem of the row is reported, not only
    /// the first, so that one round of corrections is enough.
    pub fn record<S: AsRef<str>>(
        &self,
        row: u64,
        line: u64,
        cells: &[S],
    ) -> Result<CaseRecord, Vec<Problem>> {
        if self.readings.is_empty() || cells.len() != self.headers.len() {
            return self.record_as_read(row, line, cells, Vec::new());
        }
        let mut problems = Vec::new();
        let read: Vec<std::borrow::Cow<'_, str>> = cells
            .iter()
            .zip(&self.readings)
            .zip(&self.headers)
            .map(|((cell, reading), header)| {
                let cell = cell.as_ref();
                conventions::read(*reading, cell).unwrap_or_else(|message| {
                    problems.push(Problem {
                        row,
                        line,
                        column: header.trim().to_string(),
                        value: cell.to_string(),
                        message,
                    });
                    // The refused value is not read: the row's other problems still are.
                    std::borrow::Cow::Borrowed("")
                })
            })
            .collect();
        self.record_as_read(row, line, &read, problems)
    }

    /// A sniffer of the conventions of this file's columns ([`conventions`]).
    pub(crate) fn sniffer(&self) -> Sniffer {
        Sniffer::new(
            self.fields
                .iter()
                .zip(&self.stages)
                .map(|(field, stage)| field.or(stage.map(|(_, f)| f))),
            rastro_model::Date::today().year(),
        )
    }

    /// Reads the columns as the sample showed, and tells the user where that is not the usual way.
    pub(crate) fn adopt(&mut self, sniffer: Sniffer) {
        let labels: Vec<String> = self
            .headers
            .iter()
            .enumerate()
            .map(|(i, header)| format!("column {} ({:?})", i + 1, header.trim()))
            .collect();
        let (readings, warnings) = sniffer.decide(&labels);
        self.warnings.extend(warnings);
        if readings.iter().any(|r| *r != Reading::AsWritten) {
            self.readings = readings;
        }
    }

    fn record_as_read<S: AsRef<str>>(
        &self,
        row: u64,
        line: u64,
        cells: &[S],
        mut problems: Vec<Problem>,
    ) -> Result<CaseRecord, Vec<Problem>> {
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
            let cell = cell.as_ref();
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
        self.set_stages(
            &mut record,
            cells,
            &mut event_counts,
            &mut |column, value, message| {
                problems.push(Problem {
                    row,
                    line,
                    column,
                    value,
                    message,
                })
            },
        );
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

impl Columns {
    /// Turns the columns of stages into events: each stage with a value becomes as many events
    /// of its type as its fullest column holds values (";" between them), in the order
    /// recruitment, transit, exploitation, written into the hte_ fields position by position.
    fn set_stages<S: AsRef<str>>(
        &self,
        record: &mut CaseRecord,
        cells: &[S],
        event_counts: &mut Vec<(Field, usize)>,
        problem: &mut dyn FnMut(String, String, String),
    ) {
        // Most files have no stage columns; their rows pay one pass over the columns here.
        if self.stages.iter().all(Option::is_none) {
            return;
        }
        let mut by_field: Vec<(Field, Vec<String>)> = Vec::new();
        let mut types: Vec<&'static str> = Vec::new();
        for &stage in EventType::ALL {
            let columns: Vec<(usize, Field)> = self
                .stages
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.filter(|(t, _)| *t == stage).map(|(_, f)| (i, f)))
                .collect();
            let values = |i: usize| -> Vec<&str> {
                let cell = cells.get(i).map_or("", |c| c.as_ref().trim());
                if cell.is_empty() {
                    Vec::new()
                } else {
                    cell.split(MULTI_SEPARATOR).map(str::trim).collect()
                }
            };
            let events = columns
                .iter()
                .map(|&(i, _)| values(i).len())
                .max()
                .unwrap_or(0);
            if events == 0 {
                continue;
            }
            let before = types.len();
            types.extend(std::iter::repeat_n(stage.wire(), events));
            for &(i, field) in &columns {
                let slot = match by_field.iter().position(|(f, _)| *f == field) {
                    Some(slot) => slot,
                    None => {
                        by_field.push((field, Vec::new()));
                        by_field.len() - 1
                    }
                };
                let list = &mut by_field[slot].1;
                list.resize(before, String::new());
                let mut own = values(i);
                own.resize(events, "");
                list.extend(own.into_iter().map(str::to_string));
            }
        }
        if types.is_empty() {
            return;
        }
        by_field.push((
            Field::HteType,
            types.iter().map(|t| t.to_string()).collect(),
        ));
        let events = types.len();
        for (field, mut list) in by_field {
            list.resize(events, String::new());
            let joined = list.join(&MULTI_SEPARATOR.to_string());
            event_counts.push((field, events));
            if let Err(e) = record.set(field, &joined) {
                let column = self
                    .stages
                    .iter()
                    .position(|s| s.is_some_and(|(_, f)| f == field))
                    .map_or_else(
                        || field.name().to_string(),
                        |i| self.headers[i].trim().to_string(),
                    );
                problem(column, e.value, e.message);
            }
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
        assert_eq!(
            known.stages[2],
            Some((EventType::Exploitation, Field::HteCountry))
        );
        assert_eq!(known.warnings.len(), 1, "{:?}", known.warnings);
        // The user's own names come first, matched as headers are (case and accents aside),
        // even over a header Rastro knows.
        let named = [
            (
                "PAIS DE DESTINO".to_string(),
                HeaderMatch::Field(Field::HteCountry),
            ),
            (
                "nacionalidad".to_string(),
                HeaderMatch::Field(Field::PrsMailingCountry),
            ),
        ];
        let c = Columns::from_header(headers, &named).unwrap();
        assert_eq!((c.fields[2], c.stages[2]), (Some(Field::HteCountry), None));
        assert_eq!(c.fields[3], Some(Field::PrsMailingCountry));
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    }

    #[test]
    fn the_columns_of_stages_become_a_route_of_typed_events() {
        let c = cols(&[
            "Nombre",
            "País de destino",
            "Ciudad de destino",
            "País de origen",
            "Países de tránsito",
        ]);
        let record = c
            .record(
                1,
                2,
                &["Ana", "Argentina", "Buenos Aires", "Bolivia", "Perú; Chile"].map(String::from),
            )
            .unwrap();
        let route: Vec<(String, String, String)> = record
            .events
            .iter()
            .map(|e| {
                (
                    e.kind.map(|k| k.wire().to_string()).unwrap_or_default(),
                    e.country.map(|c| c.to_string()).unwrap_or_default(),
                    e.city.clone().unwrap_or_default(),
                )
            })
            .collect();
        let expect =
            |t: &str, c: &str, city: &str| (t.to_string(), c.to_string(), city.to_string());
        assert_eq!(
            route,
            [
                expect("Recruitment", "BO", ""),
                expect("Transit", "PE", ""),
                expect("Transit", "CL", ""),
                expect("Exploitation", "AR", "Buenos Aires"),
            ]
        );
        // A stage left empty is no event; a bad value names its column.
        let record = c
            .record(2, 3, &["Eva", "", "", "Paraguay", ""].map(String::from))
            .unwrap();
        assert_eq!(record.events.len(), 1);
        let problems = c
            .record(3, 4, &["Eva", "Atlantis", "", "", ""].map(String::from))
            .unwrap_err();
        assert_eq!(problems[0].column, "País de destino", "{problems:?}");
        // HTCDS event columns and a stage's columns do not mix.
        let mixed = Columns::from_header(
            ["hte_Type", "hte_Country", "País de origen"]
                .map(String::from)
                .to_vec(),
            &[],
        );
        assert!(
            matches!(mixed, Err(HeaderError::MixedEvents { column: 3, .. })),
            "{mixed:?}"
        );
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
