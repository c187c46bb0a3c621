//! Transactions benchmark: times `rastro import transactions` and `rastro flags` as whole
//! processes on a generated, labelled file, into a fresh store, and prints rows/s, wall time,
//! peak memory and the store's size (median of runs for the import; flags runs on the last
//! store).
//!
//!     cargo build --release -p rastro-cli
//!     target/release/rastro-bench-flags --transactions 1000000 --runs 1

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;

#[derive(Parser)]
#[command(about = "Benchmark of rastro import transactions and rastro flags")]
struct Args {
    /// Transactions to generate.
    #[arg(long, default_value_t = 1_000_000)]
    transactions: u64,
    #[arg(long, default_value_t = 1)]
    runs: usize,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Working directory (default: a new directory under the system's temporary directory);
    /// kept when given.
    #[arg(long)]
    dir: Option<PathBuf>,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let rastro = std::env::current_exe()?.with_file_name("rastro");
    if !rastro.exists() {
        bail!(
            "{} not found: build it first (cargo build --release -p rastro-cli)",
            rastro.display()
        );
    }
    let dir = args.dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("rastro-bench-flags-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir)?;
    let csv = dir.join("transactions.csv");
    let labels = dir.join("labels.jsonl");
    eprintln!("generating {} transactions …", args.transactions);
    let started = Instant::now();
    run(Command::new(&rastro)
        .args(["--quiet", "generate", "transactions", "--count"])
        .arg(args.transactions.to_string())
        .arg("--seed")
        .arg(args.seed.to_string())
        .arg("--out")
        .arg(&csv)
        .arg("--labels")
        .arg(&labels))?;
    let generated = started.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&csv)?.len();
    println!("machine: {} cores, {}", cores(), cpu_model());
    println!(
        "input: {} transactions, {:.1} MB of CSV (generated in {generated:.1} s)",
        args.transactions,
        bytes as f64 / 1e6
    );

    let mut times = Vec::new();
    let mut last_store = None;
    for n in 1..=args.runs.max(1) {
        let data = dir.join(format!("data-{n}"));
        let _ = std::fs::remove_dir_all(&data);
        let token = member(&rastro, &data)?;
        let mut import = Command::new(&rastro);
        import
            .arg("--data")
            .arg(&data)
            .args(["--quiet", "import", "transactions", "--json"])
            .arg(&csv)
            .env("RASTRO_TOKEN", &token);
        let (elapsed, peak_kb) = timed(&mut import)?;
        let secs = elapsed.as_secs_f64();
        println!(
            "import run {n}: {secs:.2} s, {:.0} rows/s, peak RSS {:.0} MB, store {:.0} MB",
            args.transactions as f64 / secs,
            peak_kb as f64 / 1024.0,
            size(&data) as f64 / 1e6
        );
        times.push(secs);
        if let Some((old, _)) = last_store.replace((data, token)) {
            let _ = std::fs::remove_dir_all(old);
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "import median of {}: {median:.2} s = {:.0} rows/s",
        times.len(),
        args.transactions as f64 / median
    );

    if let Some((data, token)) = &last_store {
        for (label, extra) in [("first", "new"), ("again", "none new")] {
            let mut flags = Command::new(&rastro);
            flags
                .arg("--data")
                .arg(data)
                .args(["--quiet", "flags", "--format", "jsonl", "--out"])
                .arg(dir.join("alerts.jsonl"))
                .env("RASTRO_TOKEN", token);
            let (elapsed, peak_kb) = timed(&mut flags)?;
            let alerts = std::fs::read_to_string(dir.join("alerts.jsonl"))
                .map(|t| t.lines().count())
                .unwrap_or(0);
            let secs = elapsed.as_secs_f64();
            println!(
                "flags ({label}, alerts {extra}): {secs:.2} s, {:.0} transactions/s, {alerts} alerts, peak RSS {:.0} MB",
                args.transactions as f64 / secs,
                peak_kb as f64 / 1024.0
            );
        }
    }
    if args.dir.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

fn run(command: &mut Command) -> Result<()> {
    let status = command.status().context("starting rastro")?;
    if !status.success() {
        bail!("{command:?} failed");
    }
    Ok(())
}

/// An organisation and its analyst in a new store; the analyst's token. Made before any clock
/// starts: creating members is not part of an import.
fn member(rastro: &Path, data: &Path) -> Result<String> {
    let admin = |args: &[&str]| -> Result<String> {
        let out = Command::new(rastro)
            .arg("--data")
            .arg(data)
            .arg("--quiet")
            .arg("admin")
            .args(args)
            .stderr(Stdio::null())
            .output()?;
        if !out.status.success() {
            bail!("rastro admin {} failed", args.join(" "));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    admin(&["create-org", "Banco", "--kind", "financial"])?;
    admin(&[
        "create-user",
        "banco-analyst",
        "--org",
        "Banco",
        "--role",
        "analyst",
    ])
}

/// Runs a child process; its wall time and peak resident memory (the kernel's `VmHWM`, read
/// every 10 ms).
fn timed(command: &mut Command) -> Result<(Duration, u64)> {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .spawn()
        .context("starting rastro")?;
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            if let Some(kb) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
            {
                peak = peak.max(kb);
            }
        }
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                bail!("{command:?} failed");
            }
            return Ok((started.elapsed(), peak));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Bytes of the files in a directory (the database, its log and its key).
fn size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string())
}
