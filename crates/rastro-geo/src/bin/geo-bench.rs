//! Benchmark of the gazetteer: load time (median over fresh processes), resident memory after
//! loading, and `find` throughput over a corpus of articles repeated.
//!
//! Run from the repository root (release):
//!
//! ```text
//! cargo run --release -p rastro-geo --bin geo-bench -- [ARTICLES_DIR] [--articles N] [--loads N]
//! ```
//!
//! `ARTICLES_DIR` defaults to `../shared/eval/dev` (every `*.txt` in it).

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

struct Options {
    dir: PathBuf,
    articles: usize,
    loads: usize,
}

fn parse_args() -> Result<Option<Options>> {
    let mut options = Options {
        dir: PathBuf::from("../shared/eval/dev"),
        articles: 50_000,
        loads: 7,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // Internal: one load in this fresh process, printed in microseconds.
            "--load-once" => {
                let started = Instant::now();
                let g = rastro_geo::gazetteer();
                let micros = started.elapsed().as_micros();
                println!("{micros} {}", g.name_count());
                return Ok(None);
            }
            "--articles" => options.articles = next_number(&mut args, "--articles")?,
            "--loads" => options.loads = next_number(&mut args, "--loads")?,
            "-h" | "--help" => {
                println!("geo-bench [ARTICLES_DIR] [--articles N] [--loads N]");
                return Ok(None);
            }
            other => options.dir = PathBuf::from(other),
        }
    }
    Ok(Some(options))
}

fn next_number(args: &mut impl Iterator<Item = String>, flag: &str) -> Result<usize> {
    let value = args.next().ok_or(format!("{flag} needs a number"))?;
    Ok(value
        .parse()
        .map_err(|_| format!("{flag}: {value:?} is not a number"))?)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Resident set size now and at its peak, in MiB, from /proc (Linux).
fn rss_mib() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn main() -> Result<()> {
    let Some(options) = parse_args()? else {
        return Ok(());
    };
    println!(
        "machine: {} logical cores; one thread",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let exe = std::env::current_exe()?;
    let mut loads = Vec::new();
    for _ in 0..options.loads {
        let out = Command::new(&exe).arg("--load-once").output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        let micros: f64 = text
            .split_whitespace()
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or(format!("child printed {text:?}"))?;
        loads.push(micros / 1000.0);
    }
    let load_median = median(&mut loads);

    let started = Instant::now();
    let g = rastro_geo::gazetteer();
    let in_process_load = started.elapsed().as_secs_f64() * 1000.0;
    let (rss, peak) = rss_mib().unwrap_or((f64::NAN, f64::NAN));
    println!(
        "gazetteer: {} places, {} names; load median {load_median:.1} ms over {} fresh processes \
         (this process {in_process_load:.1} ms); RSS {rss:.1} MiB (peak {peak:.1} MiB)",
        g.places().len(),
        g.name_count(),
        loads.len()
    );

    let mut corpus = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&options.dir)
        .map_err(|e| format!("{}: {e}", options.dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    entries.sort();
    for path in entries {
        let bytes = std::fs::read(&path)?;
        corpus.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    if corpus.is_empty() {
        return Err(format!("no *.txt articles in {}", options.dir.display()).into());
    }
    let articles: Vec<&str> = corpus
        .iter()
        .cycle()
        .take(options.articles)
        .map(String::as_str)
        .collect();
    let bytes: usize = articles.iter().map(|a| a.len()).sum();

    let mut rates = Vec::new();
    let mut latencies_us = Vec::new();
    let mut mentions = 0usize;
    for _ in 0..5 {
        let started = Instant::now();
        mentions = 0;
        for a in &articles {
            mentions += g.find(a).len();
        }
        let secs = started.elapsed().as_secs_f64();
        rates.push(secs);
        latencies_us.push(secs * 1e6 / articles.len() as f64);
    }
    let secs = median(&mut rates);
    let report_after = rss_mib();
    println!(
        "find: {} articles ({:.1} MB, mean {:.0} bytes) from {} files; median of 5 runs: \
         {:.0} articles/s, {:.1} MB/s, {:.1} µs/article; {} mentions per pass",
        articles.len(),
        bytes as f64 / 1e6,
        bytes as f64 / articles.len() as f64,
        corpus.len(),
        articles.len() as f64 / secs,
        bytes as f64 / 1e6 / secs,
        median(&mut latencies_us),
        mentions
    );

    // One oversized "article" (a 50 MB paste): time and memory must stay bounded.
    let mut huge = String::with_capacity(50_000_000);
    while huge.len() < 50_000_000 {
        for a in &corpus {
            huge.push_str(a);
            huge.push('\n');
        }
    }
    let before = report_after.map_or(f64::NAN, |r| r.1);
    let started = Instant::now();
    let found = g.find(&huge).len();
    let secs = started.elapsed().as_secs_f64();
    let (_, peak) = rss_mib().unwrap_or((f64::NAN, f64::NAN));
    println!(
        "one {:.0} MB text: {:.2} s ({:.1} MB/s), {found} mentions; peak RSS {peak:.1} MiB \
         (was {before:.1} MiB, text itself {:.0} MiB)",
        huge.len() as f64 / 1e6,
        secs,
        huge.len() as f64 / 1e6 / secs,
        huge.len() as f64 / 1_048_576.0
    );
    Ok(())
}
