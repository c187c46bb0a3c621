//! `rastro link FILE [FILE]` and `rastro link --clk A B`: files linked outside the store; writes
//! the matched pairs, the clusters, and on request each pair's waterfall and the trained model.

use std::io::Write;

use anyhow::{Context, Result};
use rastro_app::files::{self, FileRecords};
use rastro_link::{LinkConfig, Linkage, Records};

use super::Args;
use crate::config::Ctx;
use crate::output::write_output;
use crate::progress::Bars;

/// How many unreadable rows are listed before the rest are only counted.
const SHOWN_ROW_ERRORS: usize = 20;

pub fn run(args: &Args, ctx: &Ctx) -> Result<()> {
    let output = args.output.clone().context("--output is required")?;
    let (config, read) = if args.clk {
        if args.linkage.is_some() {
            anyhow::bail!("--clk takes no --linkage: the CLK files carry their own parameters");
        }
        files::read_clk_files(&args.files, args.threshold.unwrap_or(0.9))?
    } else {
        let config = files::load_config(args.linkage.as_deref())?.config;
        let read = files::read_csv_files(&config, &args.files)?;
        (config, read)
    };
    let config = match args.threshold {
        Some(threshold) => LinkConfig {
            threshold,
            ..config
        },
        None => config,
    };
    show_problems(&read);
    let records = &read.records;
    let linkage = files::link(&config, records, &Bars::new(ctx.quiet))?;
    report(&linkage, records);
    if let Some(pair) = &args.explain {
        explain(&linkage, records, &config, pair)?;
    }

    let mut outputs = vec![write_output(&output, |out| {
        write_pairs(out, &linkage, records)
    })?];
    if let Some(path) = &args.clusters {
        outputs.push(write_output(path, |out| {
            write_clusters(out, &linkage, records)
        })?);
    }
    if let Some(path) = &args.waterfall {
        outputs.push(write_output(path, |out| {
            write_waterfall(out, &linkage, records, &config)
        })?);
    }
    if let Some(path) = &args.model {
        outputs.push(write_output(path, |out| {
            serde_json::to_writer_pretty(&mut *out, &linkage.model)?;
            Ok(())
        })?);
    }
    // Every output is complete before any takes its final name.
    for file in outputs {
        file.commit()?;
    }
    Ok(())
}

fn show_problems(read: &FileRecords) {
    for error in read.skipped.iter().take(SHOWN_ROW_ERRORS) {
        tracing::warn!("skipped: {error}");
    }
    if read.skipped.len() > SHOWN_ROW_ERRORS {
        tracing::warn!(
            "... and {} more rows skipped",
            read.skipped.len() - SHOWN_ROW_ERRORS
        );
    }
    for (file, ids) in &read.repeated_ids {
        tracing::warn!(
            "{file}: record ids used more than once (outputs name them ambiguously): {}",
            ids.join(", ")
        );
    }
}

fn report(linkage: &Linkage, records: &Records) {
    for rule in &linkage.rules {
        tracing::info!(
            "blocking `{}`: {} new pairs{}",
            rule.rule,
            rule.new_pairs,
            if rule.capped_blocks > 0 {
                format!(
                    ", {} blocks over the size cap skipped ({} records, largest {})",
                    rule.capped_blocks, rule.capped_records, rule.largest_capped_block
                )
            } else {
                String::new()
            }
        );
        if rule.capped_blocks > 0 {
            tracing::warn!(
                "blocking `{}`: {} oversized blocks skipped (largest {} records); pairs in them are found only by other rules",
                rule.rule,
                rule.capped_blocks,
                rule.largest_capped_block
            );
        }
    }
    if !linkage.model.em_converged {
        tracing::warn!(
            "EM did not converge in {} iterations; raise training.max_iterations",
            linkage.model.em_iterations
        );
    }
    let distinct = {
        let mut roots: Vec<u32> = linkage.clusters.clone();
        roots.sort_unstable();
        roots.dedup();
        roots.len()
    };
    eprintln!(
        "{} records, {} candidate pairs, {} matches at or above the threshold, {} clusters (EM: {} iterations, λ = {:.3e})",
        records.len(),
        linkage.candidate_pairs,
        linkage.matches.len(),
        distinct,
        linkage.model.em_iterations,
        linkage.model.lambda
    );
}

/// Prints the waterfall of one pair to standard output.
fn explain(
    linkage: &Linkage,
    records: &Records,
    config: &LinkConfig,
    pair: &[String],
) -> Result<()> {
    let row = |id: &str| {
        (0..records.len())
            .find(|&r| records.id(r) == id)
            .with_context(|| format!("--explain: no record with id {id:?}"))
    };
    let (a, b) = (row(&pair[0])?, row(&pair[1])?);
    let w = linkage.waterfall(records, config, a.min(b), a.max(b));
    println!(
        "{} and {}: match weight {:.2}, probability {:.4}",
        pair[0], pair[1], w.weight, w.probability
    );
    println!(
        "  {:<24} {:>8}",
        "prior (random pair)",
        format!("{:+.2}", w.prior_weight)
    );
    for step in &w.steps {
        let tf = if step.term_frequency_adjustment != 0.0 {
            format!("  (term frequency {:+.2})", step.term_frequency_adjustment)
        } else {
            String::new()
        };
        println!(
            "  {:<24} {:>8}  {} [{:?} | {:?}]{tf}",
            step.comparison,
            format!("{:+.2}", step.weight),
            step.level,
            step.left,
            step.right
        );
    }
    Ok(())
}

fn write_pairs(out: &mut dyn Write, linkage: &Linkage, records: &Records) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["left_id", "right_id", "weight", "probability"])?;
    for m in &linkage.matches {
        csv.write_record([
            records.id(m.left as usize),
            records.id(m.right as usize),
            &format!("{:.4}", m.weight),
            &format!("{:.6}", m.probability),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

fn write_clusters(out: &mut dyn Write, linkage: &Linkage, records: &Records) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["record_id", "cluster_id"])?;
    for (row, &cluster) in linkage.clusters.iter().enumerate() {
        csv.write_record([records.id(row), records.id(cluster as usize)])?;
    }
    csv.flush()?;
    Ok(())
}

fn write_waterfall(
    out: &mut dyn Write,
    linkage: &Linkage,
    records: &Records,
    config: &LinkConfig,
) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "left_id",
        "right_id",
        "comparison",
        "level",
        "left",
        "right",
        "weight",
        "tf_adjustment",
    ])?;
    for m in &linkage.matches {
        let (a, b) = (m.left as usize, m.right as usize);
        let waterfall = linkage.waterfall(records, config, a, b);
        let (left, right) = (records.id(a), records.id(b));
        csv.write_record([
            left,
            right,
            "prior",
            "",
            "",
            "",
            &format!("{:.4}", waterfall.prior_weight),
            "",
        ])?;
        for step in &waterfall.steps {
            csv.write_record([
                left,
                right,
                &step.comparison,
                &step.level,
                &step.left,
                &step.right,
                &format!("{:.4}", step.weight),
                &format!("{:.4}", step.term_frequency_adjustment),
            ])?;
        }
    }
    csv.flush()?;
    Ok(())
}
