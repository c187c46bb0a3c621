//! Turns the raw fields of a row (CSV or FollowTheMoney) into a [`Person`], collecting issues.

use crate::date::parse_birth_date;
use crate::issue::RowIssue;
use crate::person::{normalise_document, Gender, Person};

/// Raw fields of one row, before validation.
#[derive(Debug, Default)]
pub(crate) struct RawPerson {
    pub id: String,
    /// (field name, value) of each name in priority order: the main name first.
    pub names: Vec<(&'static str, String)>,
    pub birth_dates: Vec<String>,
    pub genders: Vec<String>,
    pub nationalities: Vec<String>,
    pub documents: Vec<String>,
    pub topics: Vec<String>,
}

/// Validates a raw row. Returns the person, or `None` when the row is rejected (the reason is in
/// `issues`). Bad optional fields are reported and ignored.
pub(crate) fn build(row: u64, raw: RawPerson, issues: &mut Vec<RowIssue>) -> Option<Person> {
    let mut person = Person {
        id: raw.id,
        ..Person::default()
    };
    let mut first_error = None;
    for (field, name) in raw.names {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        match rastro_names::analyse(name) {
            Ok(_) => {
                if !person.names.iter().any(|n| n == name) {
                    person.names.push(name.to_string());
                }
            }
            Err(err) => {
                issues.push(RowIssue::field(row, field, name, &err));
                first_error.get_or_insert((field, name.to_string(), err.to_string()));
            }
        }
    }
    if person.names.is_empty() {
        // The field-level issues are already recorded; the row-level one says why it is gone.
        let issue = match first_error {
            Some((field, value, reason)) => {
                issues.retain(|i| !(i.row == row && i.field.as_deref() == Some(field)));
                RowIssue::rejected(
                    row,
                    Some(field),
                    &value,
                    format!("no usable name: {reason}"),
                )
            }
            None => RowIssue::rejected(row, None, "", "no name given"),
        };
        issues.push(issue);
        return None;
    }
    for text in raw
        .birth_dates
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        match parse_birth_date(text) {
            Ok(d) if !person.birth_dates.contains(&d) => person.birth_dates.push(d),
            Ok(_) => {}
            Err(err) => issues.push(RowIssue::field(row, "date_of_birth", text, err)),
        }
    }
    for text in raw
        .genders
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        match Gender::parse(text) {
            Some(g) => {
                person.gender.get_or_insert(g);
            }
            None => issues.push(RowIssue::field(row, "gender", text, "unknown gender")),
        }
    }
    for text in raw
        .nationalities
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        match rastro_geo::country_of_cell(text) {
            Ok(code) if !person.nationalities.contains(&code) => person.nationalities.push(code),
            Ok(_) => {}
            Err(err) => issues.push(RowIssue::field(row, "nationality", text, err)),
        }
    }
    for text in raw
        .documents
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        if normalise_document(text).is_empty() {
            issues.push(RowIssue::field(
                row,
                "document_number",
                text,
                "no letters or digits",
            ));
        } else {
            person.documents.push(text.to_string());
        }
    }
    person.topics = raw
        .topics
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    Some(person)
}
