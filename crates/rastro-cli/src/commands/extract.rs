//! `rastro extract`: news articles (plain text, HTML, JSON lines) into incidents with evidence.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, ValueEnum};
use rastro_extract::input::{self, decode, decode_text, Decoded, Format};
use rastro_extract::{extract, jsonl, Article, Incident, MAX_ANALYSED_BYTES};

use crate::output::AtomicOutput;
use crate::{progress, Ctx};

/// Plain-text and HTML files larger than this are read only up to here: an article is a few
/// kilobytes, and a runaway file must not cost unbounded memory.
const MAX_ARTICLE_FILE: u64 = 8 * 1024 * 1024;

/// File extensions read when walking a directory.
const ARTICLE_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "xhtml", "json", "jsonl", "ndjson",
];

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

/// What reading the inputs produced, and how many problems were reported on the way.
#[derive(Default)]
pub struct Collected {
    pub articles: Vec<Article>,
    /// The input each article came from, parallel to `articles`.
    pub sources: Vec<String>,
    pub warnings: usize,
    pub errors: usize,
}

impl Collected {
    fn absorb(&mut self, source: &str, decoded: Decoded) {
        for w in &decoded.warnings {
            self.warnings += 1;
            match w.line {
                Some(line) => tracing::warn!("{source}:{line}: {}", w.message),
                None => tracing::warn!("{source}: {}", w.message),
            }
        }
        for e in &decoded.errors {
            self.errors += 1;
            tracing::error!("{source}: {e}; skipped");
        }
        self.sources.extend(std::iter::repeat_n(
            source.to_string(),
            decoded.articles.len(),
        ));
        self.articles.extend(decoded.articles);
    }
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let collected = collect(&args.paths, ctx.quiet)?;
    let bar = progress::items(collected.articles.len() as u64, ctx.quiet, "extracting");
    let output = AtomicOutput::create(args.out.as_deref())?;
    let mut out = std::io::BufWriter::new(output.writer()?);
    let mut all: Vec<Incident> = Vec::new();
    for article in &collected.articles {
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
                serde_json::to_writer(&mut out, &incident)?;
                out.write_all(b"\n")?;
            }
            OutFormat::Json | OutFormat::Table => all.push(incident),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    match args.format {
        OutFormat::Jsonl => {}
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
        collected.articles.len(),
        collected.warnings,
        collected.errors
    );
    Ok(())
}

/// Reads every input. A path that cannot be read is reported and the others are still read.
pub fn collect(paths: &[PathBuf], quiet: bool) -> Result<Collected> {
    collect_except(paths, &[], quiet)
}

/// Like [`collect`], leaving out the files in `except` when walking directories (the gold file
/// of an evaluation lives beside the articles it annotates).
pub fn collect_except(paths: &[PathBuf], except: &[PathBuf], quiet: bool) -> Result<Collected> {
    let except: Vec<PathBuf> = except
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mut collected = Collected::default();
    let mut files = Vec::new();
    let mut stdin = paths.is_empty();
    for p in paths {
        if p.as_os_str() == "-" {
            stdin = true;
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, &mut collected);
            files.extend(
                found
                    .into_iter()
                    .filter(|f| f.canonicalize().map_or(true, |c| !except.contains(&c))),
            );
        } else {
            files.push(p.clone());
        }
    }
    if stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        let format = Format::detect("-", &bytes);
        collected.absorb("<stdin>", decode("stdin", format, &bytes));
    }
    let bar = progress::items(files.len() as u64, quiet, "reading");
    for path in &files {
        read_file(path, &mut collected);
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(collected)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, collected: &mut Collected) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            collected.errors += 1;
            tracing::error!("{}: {e}; skipped", dir.display());
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, files, collected);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            files.push(p);
        }
    }
}

fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn read_file(path: &Path, collected: &mut Collected) {
    let source = path.display().to_string();
    let stem = stem_of(path);
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            collected.errors += 1;
            tracing::error!("{source}: {e}; skipped");
            return;
        }
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = vec![0u8; 8192.min(size as usize)];
    if let Err(e) = file.read_exact(&mut head) {
        collected.errors += 1;
        tracing::error!("{source}: {e}; skipped");
        return;
    }
    let format = Format::detect(&source, &head);
    if format == Format::JsonLines && !head.trim_ascii_start().starts_with(b"[") {
        // Feeds can be large: read them line by line.
        if let Some(kind) = input::binary_kind(&head) {
            collected.absorb(&source, binary(kind));
            return;
        }
        let reader = BufReader::new(head.as_slice().chain(file));
        read_jsonl(&source, &stem, reader, collected);
        return;
    }
    let mut bytes = head;
    // A JSON array holds many articles and must be read whole; anything else is one article.
    let cap = if format == Format::JsonLines {
        u64::MAX
    } else {
        MAX_ARTICLE_FILE
    };
    let limit = cap.saturating_sub(bytes.len() as u64);
    if let Err(e) = (&mut file).take(limit).read_to_end(&mut bytes) {
        collected.errors += 1;
        tracing::error!("{source}: {e}; skipped");
        return;
    }
    if size > cap {
        collected.warnings += 1;
        tracing::warn!(
            "{source}: {:.1} MB is not an article; only the first {} MB are read",
            size as f64 / 1_048_576.0,
            MAX_ARTICLE_FILE / 1_048_576
        );
    }
    collected.absorb(&source, decode(&stem, format, &bytes));
}

fn binary(kind: &'static str) -> Decoded {
    Decoded {
        errors: vec![input::InputError::Binary { kind }],
        ..Decoded::default()
    }
}

fn read_jsonl(source: &str, stem: &str, mut reader: impl BufRead, collected: &mut Collected) {
    let mut buf = Vec::new();
    let mut line = 0usize;
    let mut any = false;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                collected.errors += 1;
                tracing::error!(
                    "{source}:{}: {e}; the rest of the file is skipped",
                    line + 1
                );
                break;
            }
        }
        line += 1;
        let mut decoded = Decoded::default();
        let (text, warning) = decode_text(&buf);
        if let Some(mut w) = warning {
            w.line = Some(line);
            decoded.warnings.push(w);
        }
        if !text.trim().is_empty() {
            any = true;
        }
        jsonl::read_line(
            stem,
            line,
            text.trim_end_matches(['\n', '\r']),
            &mut decoded,
        );
        collected.absorb(source, decoded);
    }
    if !any {
        collected.absorb(
            source,
            Decoded {
                errors: vec![input::InputError::Empty],
                ..Decoded::default()
            },
        );
    }
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
