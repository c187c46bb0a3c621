//! `rastro extract`: news articles (plain text, HTML, JSON lines, RSS/Atom feeds) into incidents with evidence.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args as ClapArgs, ValueEnum};
use rastro_app::Progress;
use rastro_extract::{extract, Incident, MAX_ANALYSED_BYTES};

use crate::config::Ctx;
use crate::inputs::read_inputs;
use crate::output::AtomicOutput;
use crate::progress::Bars;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// One JSON object per line.
    Jsonl,
    /// One JSON array.
    Json,
    /// A summary table for reading in a terminal.
    Table,
}

#[derive(ClapArgs)]
pub struct Args {
    /// Articles: files or directories (.txt, .html, .jsonl); "-" or nothing reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
    pub format: OutFormat,
    /// Output file; standard output when not given.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Leave the evidence (spans and sentences) out of the output.
    #[arg(long)]
    pub no_evidence: bool,
}

/// Bytes of JSON lines written at once: at least the output's buffer (256 KB), which a write that
/// large bypasses.
const LINES_BATCH: usize = 512 * 1024;

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let bars = Bars::new(ctx.quiet);
    let read = read_inputs(&args.paths, &[], &bars)?;
    let output = AtomicOutput::create(args.out.as_deref())?;
    let mut out = output.buffered()?;
    let mut all: Vec<Incident> = Vec::new();
    // Lines gathered until there are enough to write past the writer's buffer: handed over one
    // by one, each line was copied into that buffer first, a copy of the whole output.
    let mut lines = Vec::with_capacity(LINES_BATCH + 64 * 1024);
    bars.start(
        "extracting",
        read.articles.len() as u64,
        rastro_app::Unit::Items,
    );
    for article in &read.articles {
        let mut incident = extract(article);
        if incident.truncated {
            tracing::warn!(
                "{}: longer than {} KB; only the start was analysed",
                article.id,
                MAX_ANALYSED_BYTES / 1024
            );
        }
        if args.no_evidence {
            incident.evidence.clear();
        }
        match args.format {
            OutFormat::Jsonl => {
                incident.write_json(&mut lines);
                lines.push(b'\n');
                if lines.len() >= LINES_BATCH {
                    out.write_all(&lines)?;
                    lines.clear();
                }
            }
            OutFormat::Json | OutFormat::Table => all.push(incident),
        }
        bars.advance(1);
    }
    bars.finish();
    match args.format {
        OutFormat::Jsonl => out.write_all(&lines)?,
        OutFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &all)?;
            out.write_all(b"\n")?;
        }
        OutFormat::Table => write_table(&mut out, &all)?,
    }
    out.flush()?;
    drop(out);
    output.commit()?;
    tracing::info!(
        "{} article(s) extracted; {} warning(s), {} input(s) or line(s) skipped",
        read.articles.len(),
        read.warnings,
        read.errors
    );
    Ok(())
}

fn list(items: &[String], max: usize) -> String {
    let mut s = items
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(",");
    if items.len() > max {
        s.push_str(",…");
    }
    s
}

fn write_table(out: &mut impl Write, all: &[Incident]) -> Result<()> {
    writeln!(
        out,
        "{:<24} {:<4} {:>8} {:>8} {:<5} {:<28} {:<40} {:<24} {:<24}",
        "id",
        "lang",
        "victims",
        "arrests",
        "smug",
        "countries",
        "exploitation",
        "operations",
        "groups"
    )?;
    let count = |v: Option<u64>| v.map_or_else(|| "-".to_string(), |n| n.to_string());
    for inc in all {
        let countries: Vec<String> = inc.countries.iter().map(|c| c.to_string()).collect();
        let forms: Vec<String> = inc
            .exploitation
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        writeln!(
            out,
            "{:<24} {:<4} {:>8} {:>8} {:<5} {:<28} {:<40} {:<24} {:<24}",
            truncate(&inc.id, 24),
            inc.language.code(),
            count(inc.victims),
            count(inc.arrests),
            if inc.smuggling { "yes" } else { "no" },
            list(&countries, 8),
            list(&forms, 3),
            truncate(&list(&inc.operations, 3), 24),
            truncate(&list(&inc.groups, 3), 24)
        )?;
    }
    Ok(())
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}
