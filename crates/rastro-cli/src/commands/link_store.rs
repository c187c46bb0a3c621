//! `rastro link --store`: link the persons (victims and perpetrators) of every case the
//! organisation may see, respecting its reviewers' decisions, and store the entities so that
//! statistics can count persons instead of records; and `--same`/`--different` to record a
//! reviewer's decision about two records.

use std::collections::HashMap;

use anyhow::{bail, Context, Result};
use rastro_link::{cluster, LinkConfig, Records, Table};
use rastro_model::Field;
use rastro_store::{NewLinkage, StoreError};

use super::link::Args;

/// The columns a stored person offers to a linkage configuration, with the HTCDS fields they
/// come from (several fields are joined by a space).
const PERSON_COLUMNS: &[(&str, &[Field])] = &[
    ("given_name", &[Field::PrsFirstName, Field::PrsMiddleName]),
    ("surname", &[Field::PrsSecondName]),
    ("date_of_birth", &[Field::PrsBirthdate]),
    ("gender", &[Field::PrsGender]),
    ("nationality", &[Field::PrsCitizenship]),
    ("identity_number", &[Field::PrsIdentityNumber]),
];

pub fn run(args: &Args, config: &LinkConfig, config_text: &str, ctx: &crate::Ctx) -> Result<()> {
    let (mut store, org) = ctx.open_store_as_existing(args.org.clone())?;
    let org_name = org.name.clone();
    let mut scope = store.scope(org);

    if let Some((pair, same)) = decision(args)? {
        let reviewer = args
            .reviewer
            .as_deref()
            .context("a decision needs --reviewer NAME (who decided)")?;
        match scope.decide_link(&pair[0], &pair[1], same, reviewer, args.note.as_deref()) {
            Err(StoreError::NotFound) => bail!(
                "no two different records {} and {} visible to {org_name:?}",
                pair[0],
                pair[1]
            ),
            other => other?,
        }
        eprintln!(
            "recorded: {} and {} are {} (by {reviewer})",
            pair[0],
            pair[1],
            if same {
                "the same person"
            } else {
                "different persons"
            }
        );
        return Ok(());
    }

    let available: Vec<String> = PERSON_COLUMNS.iter().map(|(c, _)| c.to_string()).collect();
    let missing: Vec<String> = config
        .columns()
        .into_iter()
        .filter(|c| !available.contains(c))
        .collect();
    if !missing.is_empty() {
        bail!(
            "the configuration reads {} which stored persons do not have; they have: {}",
            missing.join(", "),
            available.join(", ")
        );
    }
    let table = persons(&scope)?;
    if table.len() < 2 {
        bail!(
            "{org_name:?} sees {} record(s); linkage needs at least two",
            table.len()
        );
    }
    let records = Records::dedupe(table);
    let linkage = rastro_link::link(config, &records, &super::link::Bars::new(ctx.quiet))?;

    let row_of: HashMap<&str, u32> = (0..records.len())
        .map(|i| (records.id(i), i as u32))
        .collect();
    let decisions = scope.link_decisions()?;
    let mut same = Vec::new();
    let mut different = Vec::new();
    for d in &decisions {
        if let (Some(&a), Some(&b)) = (row_of.get(d.left.as_str()), row_of.get(d.right.as_str())) {
            if d.same {
                same.push((a, b));
            } else {
                different.push((a, b));
            }
        }
    }
    let weighted: Vec<(u32, u32, f64)> = linkage
        .matches
        .iter()
        .map(|m| (m.left, m.right, m.weight))
        .collect();
    let clusters = cluster::clusters_with_decisions(records.len(), &weighted, &same, &different);
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
    eprintln!(
        "{} records of {org_name:?}, {} matched pairs, {} decisions applied: {} distinct persons (run {})",
        run.records,
        run.pairs,
        same.len() + different.len(),
        run.entities,
        run.id
    );
    Ok(())
}

/// The persons of every case the scope sees, one row per case, with the columns of
/// [`PERSON_COLUMNS`] and the case id as record id.
pub fn persons(scope: &rastro_store::Scope<'_>) -> Result<Table> {
    let columns: Vec<String> = PERSON_COLUMNS.iter().map(|(c, _)| c.to_string()).collect();
    let mut table = Table::new("store", &columns);
    scope.for_each_case(&mut |case| {
        let values: Vec<String> = PERSON_COLUMNS
            .iter()
            .map(|(_, fields)| {
                fields
                    .iter()
                    .filter_map(|f| case.record.get(*f).map(|v| v.to_cell()))
                    .filter(|v| !v.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        table.push_row(&case.id, &refs);
        Ok(())
    })?;
    Ok(table)
}

/// The decision given on the command line, if any.
pub(super) fn decision(args: &Args) -> Result<Option<(Vec<String>, bool)>> {
    match (&args.same, &args.different) {
        (Some(_), Some(_)) => bail!("give either --same or --different, not both"),
        (Some(pair), None) => Ok(Some((pair.clone(), true))),
        (None, Some(pair)) => Ok(Some((pair.clone(), false))),
        (None, None) => Ok(None),
    }
}
