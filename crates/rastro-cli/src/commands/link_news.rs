//! `rastro link --news`: group the news articles an organisation may see into events (one raid
//! reported by several outlets, in any language), respecting its reviewers' decisions, and store
//! the events so that statistics count each event and its victims once; and `--same` /
//! `--different` with `--news` to record a reviewer's decision about two articles.

use std::collections::HashMap;
use std::io::Write;

use anyhow::{bail, Context, Result};
use rastro_link::incident::{
    link_prepared, prepare_one, Incident, IncidentSettings, Place, PreparedIncident,
};
use rastro_store::{NewEventLinkage, ReportForLinkage, StoreError};
use serde_json::Value;

use super::link::{write_output, Args, Bars};

/// Events with several reports listed on the terminal; the rest are in --clusters.
const LISTED_EVENTS: usize = 20;

pub fn run(args: &Args, ctx: &crate::Ctx) -> Result<()> {
    let (mut store, org) = ctx.open_store_as_existing(args.org.clone())?;
    let org_name = org.name.clone();
    let mut scope = store.scope(org);

    if let Some((pair, same)) = super::link_store::decision(args)? {
        let reviewer = args
            .reviewer
            .as_deref()
            .context("a decision needs --reviewer NAME (who decided)")?;
        match scope.decide_event(&pair[0], &pair[1], same, reviewer, args.note.as_deref()) {
            Err(StoreError::NotFound) => bail!(
                "no two different articles {} and {} visible to {org_name:?}",
                pair[0],
                pair[1]
            ),
            other => other?,
        }
        eprintln!(
            "recorded: {} and {} report {} (by {reviewer})",
            pair[0],
            pair[1],
            if same {
                "the same event"
            } else {
                "different events"
            }
        );
        return Ok(());
    }

    let settings = IncidentSettings {
        threshold: args
            .threshold
            .unwrap_or(IncidentSettings::default().threshold),
        other_reports: args.other_reports,
    };
    let mut ids: Vec<String> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut external: Vec<String> = Vec::new();
    // Prepared as read, so the articles' text is not all held at once.
    let mut incidents: Vec<PreparedIncident> = Vec::new();
    let mut unreadable = 0u64;
    scope.for_each_report(&mut |report| {
        match incident_of(&report) {
            Ok(incident) => {
                ids.push(report.article_id);
                external.push(report.external_id.clone());
                let label = match report.title.filter(|t| !t.trim().is_empty()) {
                    Some(title) => format!("{}  {title}", report.external_id),
                    None => report.external_id,
                };
                labels.push(format!(
                    "{}  {}  {label}",
                    report.published.as_deref().unwrap_or("----------"),
                    report.language
                ));
                incidents.push(prepare_one(&incident));
            }
            Err(why) => {
                unreadable += 1;
                tracing::warn!(
                    "article {}: stored incident unreadable ({why}); left out of linkage",
                    report.article_id
                );
            }
        }
        Ok(())
    })?;
    if incidents.len() < 2 {
        bail!(
            "{org_name:?} sees {} article(s) with an incident; linking events needs at least two (store some with `rastro ingest news`)",
            incidents.len()
        );
    }

    let linkage = link_prepared(incidents, &settings, &Bars::new(ctx.quiet));
    for (kind, value, size) in &linkage.blocks.skipped {
        eprintln!(
            "warning: {size} articles share {kind} {value:?}: too many pairs to compare by that alone; they are compared only where something more specific is shared"
        );
    }
    let row_of: HashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let mut same = Vec::new();
    let mut different = Vec::new();
    for d in scope.event_decisions()? {
        if let (Some(&a), Some(&b)) = (row_of.get(d.left.as_str()), row_of.get(d.right.as_str())) {
            if d.same {
                same.push((a, b));
            } else {
                different.push((a, b));
            }
        }
    }
    let events = linkage.events(&same, &different);

    if let Some(pair) = &args.explain {
        // Explaining is reading: the stored events stay as the last run left them.
        return explain(&linkage, &settings, &row_of, pair);
    }
    let mut files = Vec::new();
    if let Some(path) = &args.output {
        files.push(write_output(path, |out| {
            writeln!(out, "left_id,right_id,weight,probability")?;
            for m in &linkage.matches {
                writeln!(
                    out,
                    "{},{},{:.4},{:.6}",
                    ids[m.left as usize], ids[m.right as usize], m.weight, m.probability
                )?;
            }
            Ok(())
        })?);
    }
    if let Some(path) = &args.clusters {
        files.push(write_output(path, |out| {
            // The source's own id too, so that events can be checked against the source.
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(["record_id", "cluster_id", "external_id"])?;
            for (i, &e) in events.iter().enumerate() {
                csv.write_record([&ids[i], &ids[e as usize], &external[i]])?;
            }
            csv.flush()?;
            Ok(())
        })?);
    }
    for file in files {
        file.commit()?;
    }

    let members: Vec<(String, String)> = events
        .iter()
        .enumerate()
        .map(|(i, &e)| (ids[i].clone(), ids[e as usize].clone()))
        .collect();
    let run = scope.save_event_linkage(&NewEventLinkage {
        settings: &format!(
            r#"{{"threshold":{},"other_reports":{},"estimated":{}}}"#,
            settings.threshold,
            linkage.other_reports,
            settings.other_reports.is_none()
        ),
        pairs: linkage.matches.len() as u64,
        members: &members,
    })?;
    let count = scope.count_events()?;
    eprintln!(
        "{} articles of {org_name:?}{}: {} candidate pairs, {} matched, {} decisions applied: {} events (run {}); {:.2} other reports per report{}",
        run.reports,
        if unreadable > 0 {
            format!(" ({unreadable} with an unreadable incident left out)")
        } else {
            String::new()
        },
        linkage.candidate_pairs,
        run.pairs,
        same.len() + different.len(),
        run.events,
        run.id,
        linkage.other_reports,
        if settings.other_reports.is_none() {
            " (estimated)"
        } else {
            ""
        }
    );
    eprintln!(
        "victims: {} summed over articles, {} counting each event once at its highest figure",
        count.victims_in_reports, count.victims_in_events
    );
    list_events(&events, &ids, &labels)?;
    Ok(())
}

/// The stored incident (JSON written by `rastro ingest news`) as linkage compares it.
fn incident_of(report: &ReportForLinkage) -> Result<Incident, String> {
    let value: Value = serde_json::from_str(&report.incident).map_err(|e| e.to_string())?;
    let strings = |key: &str| -> Vec<String> {
        value[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let places = value["places"]
        .as_array()
        .map(|all| all.iter().filter_map(place_of).collect())
        .unwrap_or_default();
    let title = report.title.as_deref().unwrap_or("");
    Ok(Incident {
        date: value["date"].as_str().map(str::to_string),
        published: report.published.clone(),
        countries: strings("countries"),
        places,
        exploitation: strings("exploitation"),
        victims: value["victims"].as_u64(),
        arrests: value["arrests"].as_u64(),
        operations: strings("operations"),
        groups: strings("groups"),
        text: format!("{title}\n\n{}", report.body),
    })
}

/// A place below country level; countries named as places are compared as countries.
fn place_of(place: &Value) -> Option<Place> {
    let name = place["name"].as_str()?;
    let country = place["country"].as_str()?;
    let region = place["admin1"].as_str();
    if region.is_none() && place["lat"].is_null() {
        return None;
    }
    let is_region = region.is_some_and(|r| rastro_text::fold_key(r) == rastro_text::fold_key(name));
    Some(Place {
        name: name.to_string(),
        country: country.to_string(),
        region: region.map(str::to_string),
        is_region,
    })
}

fn explain(
    linkage: &rastro_link::incident::IncidentLinkage,
    settings: &IncidentSettings,
    row_of: &HashMap<&str, u32>,
    pair: &[String],
) -> Result<()> {
    let index = |id: &str| {
        row_of
            .get(id)
            .copied()
            .with_context(|| format!("--explain: no article {id} among those linked"))
    };
    let (a, b) = (index(&pair[0])?, index(&pair[1])?);
    let steps = linkage.explain(a as usize, b as usize);
    let total: f64 = steps.iter().map(|s| s.weight).sum();
    println!("{} and {}:", pair[0], pair[1]);
    for step in &steps {
        println!(
            "  {:<13} {:+7.2}  {}",
            step.comparison, step.weight, step.level
        );
    }
    println!(
        "  {:<13} {:+7.2}  probability {:.4} (threshold {})",
        "total",
        total,
        rastro_link::model::probability(total),
        settings.threshold
    );
    Ok(())
}

/// Prints the events reported more than once, largest first.
fn list_events(events: &[u32], ids: &[String], labels: &[String]) -> Result<()> {
    let mut by_event: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &e) in events.iter().enumerate() {
        by_event.entry(e).or_default().push(i);
    }
    let mut multi: Vec<(u32, Vec<usize>)> =
        by_event.into_iter().filter(|(_, m)| m.len() > 1).collect();
    multi.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then(x.0.cmp(&y.0)));
    let mut out = std::io::stdout().lock();
    for (event, members) in multi.iter().take(LISTED_EVENTS) {
        writeln!(
            out,
            "event {} ({} reports)",
            ids[*event as usize],
            members.len()
        )?;
        for &m in members {
            let label: String = labels[m].chars().take(110).collect();
            writeln!(out, "  {}  {label}", ids[m])?;
        }
    }
    if multi.len() > LISTED_EVENTS {
        writeln!(
            out,
            "… and {} more events reported more than once (write them all with --clusters FILE)",
            multi.len() - LISTED_EVENTS
        )?;
    }
    Ok(())
}
