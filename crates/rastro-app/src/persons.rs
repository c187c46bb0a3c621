//! Persons across the stored cases an organisation may see: linked into entities (so statistics
//! can count persons, not records), with its reviewers' decisions respected.

use std::collections::HashMap;

use crate::session::Session;
use rastro_link::{cluster, LinkConfig, Records, Table};
use rastro_model::Field;
use rastro_store::{CaseSelection, CaseView, Level, LinkageRun, NewLinkage};

use crate::decisions::{self, index_pairs, About, NewDecision};
use crate::progress::{LinkStages, Progress};
use crate::{AppError, Result};

/// The columns a stored person offers to a linkage configuration, with the HTCDS fields they
/// come from (several fields are joined by a space).
pub const PERSON_COLUMNS: &[(&str, &[Field])] = &[
    ("given_name", &[Field::PrsFirstName, Field::PrsMiddleName]),
    ("surname", &[Field::PrsSecondName]),
    ("date_of_birth", &[Field::PrsBirthdate]),
    ("gender", &[Field::PrsGender]),
    ("nationality", &[Field::PrsCitizenship]),
    ("identity_number", &[Field::PrsIdentityNumber]),
];

/// What a linkage run over the stored persons did.
#[derive(Debug, Clone)]
pub struct PersonLinkReport {
    pub run: LinkageRun,
    pub candidate_pairs: u64,
    pub decisions_applied: usize,
}

/// Links the persons of every case the scope sees and stores the entities, replacing the
/// organisation's previous run. `config_text` is kept with the run to reproduce it.
pub fn link_persons(
    session: &Session,
    config: &LinkConfig,
    config_text: &str,
    progress: &dyn Progress,
) -> Result<PersonLinkReport> {
    let scope = &session.scope();
    let available: Vec<String> = PERSON_COLUMNS.iter().map(|(c, _)| c.to_string()).collect();
    let missing: Vec<String> = config
        .columns()
        .into_iter()
        .filter(|c| !available.contains(c))
        .collect();
    if !missing.is_empty() {
        return Err(AppError::Refused(format!(
            "the configuration reads {} which stored persons do not have; they have: {}",
            missing.join(", "),
            available.join(", ")
        )));
    }
    let table = persons_table(session)?;
    if table.len() < 2 {
        return Err(AppError::Refused(format!(
            "{:?} sees {} record(s); linkage needs at least two",
            scope.organisation().name,
            table.len()
        )));
    }
    let records = Records::dedupe(table);
    let linkage = rastro_link::link(config, &records, &LinkStages(progress))?;
    let row_of: HashMap<&str, u32> = (0..records.len())
        .map(|i| (records.id(i), i as u32))
        .collect();
    let decided = index_pairs(&scope.link_decisions()?, &row_of);
    let weighted: Vec<(u32, u32, f64)> = linkage
        .matches
        .iter()
        .map(|m| (m.left, m.right, m.weight))
        .collect();
    let clusters = cluster::clusters_with_decisions(
        records.len(),
        &weighted,
        &decided.same,
        &decided.different,
    );
    let members: Vec<(String, String)> = clusters
        .iter()
        .enumerate()
        .map(|(row, &c)| {
            (
                records.id(row).to_string(),
                records.id(c as usize).to_string(),
            )
        })
        .collect();
    let run = scope.save_linkage(&NewLinkage {
        config: config_text,
        pairs: linkage.matches.len() as u64,
        members: &members,
    })?;
    Ok(PersonLinkReport {
        run,
        candidate_pairs: linkage.candidate_pairs,
        decisions_applied: decided.applied(),
    })
}

/// The persons of every case the scope sees, one row per case, with the columns of
/// [`PERSON_COLUMNS`] and the case id as record id.
///
/// Where every record is seen in full the names are compared as written. Where some are seen
/// only in detail (another organisation's, without names), every record is compared on keyed
/// pseudonyms instead — one per name token, birth date and document, the same whoever holds the
/// record — so that the same person held by two organisations still links, on exact tokens,
/// without a name leaving its owner.
pub fn persons_table(session: &Session) -> Result<Table> {
    let scope = &session.scope();
    let columns: Vec<String> = PERSON_COLUMNS.iter().map(|(c, _)| c.to_string()).collect();
    let mut rows: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    let mut all_full = true;
    scope.for_each_case(Level::Detail, CaseSelection::Visible, &mut |case| {
        let (record, pseudonyms) = match &case {
            CaseView::Full(c) => (&c.record, &c.pseudonyms),
            CaseView::Detail(d) => {
                all_full = false;
                (&d.record, &d.pseudonyms)
            }
            CaseView::Exists(_) | CaseView::Summary(..) => return Ok(()),
        };
        let clear = clear_values(record);
        let coded = PERSON_COLUMNS
            .iter()
            .zip(clear.iter().cloned())
            .map(|((column, _), clear)| match *column {
                "given_name" => pseudonyms.given.join(" "),
                "surname" => pseudonyms.surname.join(" "),
                "date_of_birth" => pseudonyms.birth_date.clone().unwrap_or_default(),
                "identity_number" => pseudonyms.identity_number.clone().unwrap_or_default(),
                _ => clear,
            })
            .collect();
        rows.push((case.id().to_string(), clear, coded));
        Ok(())
    })?;
    let mut table = Table::new("store", &columns);
    for (id, clear, coded) in &rows {
        let values = if all_full { clear } else { coded };
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        table.push_row(id, &refs);
    }
    Ok(table)
}

/// Each column's values as written; when records are compared coded, the identifying columns
/// are replaced by pseudonyms and the descriptive ones (gender, nationality) kept.
fn clear_values(record: &rastro_model::CaseRecord) -> Vec<String> {
    PERSON_COLUMNS
        .iter()
        .map(|(_, fields)| {
            fields
                .iter()
                .filter_map(|f| record.get(*f).map(|v| v.to_cell()))
                .filter(|v| !v.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Records a reviewer's decision about two stored records the organisation sees.
pub fn decide(session: &Session, decision: &NewDecision<'_>) -> Result<()> {
    decisions::record(session, decision, About::Records, |scope, d| {
        scope.decide_link(d.left, d.right, d.same, d.reviewer, d.note)
    })
}
