//! `rastro link --news`: the news articles an organisation may see, grouped into events (its
//! reviewers' decisions respected) and stored so that statistics count each event and its
//! victims once; `--explain` shows how a pair adds up; `--same`/`--different` record a decision.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;
use rastro_link::incident::IncidentSettings;

use super::Args;
use crate::config::Ctx;
use crate::output::write_output;
use crate::progress::Bars;

/// Events with several reports listed on the terminal; the rest are in --clusters.
const LISTED_EVENTS: usize = 20;

pub fn run(args: &Args, ctx: &Ctx) -> Result<()> {
    if let Some(r) = args.other_reports {
        if !(r > 0.0 && r.is_finite()) {
            anyhow::bail!("--other-reports {r}: must be a positive number");
        }
    }
    let session = ctx.session()?;
    if let Some(decision) = args.decision()? {
        rastro_app::events::decide(&session, &decision)?;
        eprintln!(
            "recorded: {} and {} report {} (by {})",
            decision.left,
            decision.right,
            if decision.same {
                "the same event"
            } else {
                "different events"
            },
            decision.reviewer
        );
        return Ok(());
    }
    let settings = IncidentSettings {
        threshold: args
            .threshold
            .unwrap_or(IncidentSettings::default().threshold),
        other_reports: args.other_reports,
    };
    if args.queue {
        let job =
            rastro_app::jobs::queue_event_linkage(&session, args.threshold, args.other_reports)?;
        crate::commands::jobs::print_queued(&job, false);
        return Ok(());
    }
    let linking = rastro_app::events::link_events(&session, settings, &Bars::new(ctx.quiet))?;
    for (kind, value, size) in &linking.linkage.blocks.skipped {
        eprintln!(
            "warning: {size} articles share {kind} {value:?}: too many pairs to compare by that alone; they are compared only where something more specific is shared"
        );
    }
    if let Some(pair) = &args.explain {
        // Explaining is reading: the stored events stay as the last run left them.
        let steps = linking.explain(&pair[0], &pair[1])?;
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
        return Ok(());
    }
    let ids = &linking.ids;
    let mut outputs = Vec::new();
    if let Some(path) = &args.output {
        outputs.push(write_output(path, |out| {
            writeln!(out, "left_id,right_id,weight,probability")?;
            for m in &linking.linkage.matches {
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
        outputs.push(write_output(path, |out| {
            // The source's own id too, so that events can be checked against the source.
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(["record_id", "cluster_id", "external_id"])?;
            for (i, &e) in linking.events.iter().enumerate() {
                csv.write_record([&ids[i], &ids[e as usize], &linking.external_ids[i]])?;
            }
            csv.flush()?;
            Ok(())
        })?);
    }
    for file in outputs {
        file.commit()?;
    }
    let (run, count) = rastro_app::events::store_events(&session, &linking)?;
    eprintln!(
        "{} articles of {:?}{}: {} candidate pairs, {} matched, {} decisions applied: {} events (run {}); {:.2} other reports per report{}",
        run.reports,
        session.organisation().name,
        if linking.unreadable > 0 {
            format!(" ({} with an unreadable incident left out)", linking.unreadable)
        } else {
            String::new()
        },
        linking.linkage.candidate_pairs,
        run.pairs,
        linking.decisions_applied,
        run.events,
        run.id,
        linking.linkage.other_reports,
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
    list_events(&linking.events, ids, &linking.labels)?;
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
