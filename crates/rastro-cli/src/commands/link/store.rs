//! `rastro link --store`: the persons of every case the organisation may see, linked into
//! entities (its reviewers' decisions respected) and stored; `--same`/`--different` record a
//! decision.

use anyhow::Result;

use super::Args;
use crate::config::Ctx;
use crate::progress::Bars;

pub fn run(args: &Args, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    if let Some(decision) = args.decision()? {
        rastro_app::persons::decide(&session, &decision)?;
        eprintln!(
            "recorded: {} and {} are {} (by {})",
            decision.left,
            decision.right,
            if decision.same {
                "the same person"
            } else {
                "different persons"
            },
            decision.reviewer
        );
        return Ok(());
    }
    if args.queue {
        let job = rastro_app::jobs::queue_person_linkage(
            &session,
            args.linkage.as_deref(),
            args.threshold,
        )?;
        crate::commands::jobs::print_queued(&job, false);
        return Ok(());
    }
    let mut config = rastro_app::files::load_config(args.linkage.as_deref())?;
    if let Some(threshold) = args.threshold {
        config.config.threshold = threshold;
    }
    let report = rastro_app::persons::link_persons(
        &session,
        &config.config,
        &config.text,
        &Bars::new(ctx.quiet),
    )?;
    eprintln!(
        "{} records of {:?}, {} matched pairs, {} decisions applied: {} distinct persons (run {})",
        report.run.records,
        session.organisation().name,
        report.run.pairs,
        report.decisions_applied,
        report.run.entities,
        report.run.id
    );
    Ok(())
}
