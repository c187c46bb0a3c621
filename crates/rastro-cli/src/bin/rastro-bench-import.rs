//! Import benchmark: times `rastro import cases` on generated HTCDS CSV as a whole process, several
//! runs into fresh stores, and prints rows/s, MB/s and peak memory (median of runs).
//!
//!     cargo build --release && target/release/rastro-bench-import --rows 500000 --runs 3
//!     target/release/rastro-bench-import --gigabytes 1 --runs 1     # the flat-memory check
//!     target/release/rastro-bench-import --rows 1000000 --runs 3 --sqlite-shell  # beside `.import`

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;

#[derive(Parser)]
#[command(about = "Benchmark of rastro import cases")]
struct Args {
    /// Rows to generate (ignored when --gigabytes is given).
    #[arg(long, default_value_t = 500_000)]
    rows: u64,
    /// Generate about this many gigabytes of CSV instead of a row count.
    #[arg(long)]
    gigabytes: Option<f64>,
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Working directory (default: a new directory under the system's temporary directory).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// After each run, time the SQLite shell's own `.import` of the same file into a new
    /// database (`sqlite3` on the PATH: no validation, every value text, no index) and print
    /// the ratio of the two, pair by pair.
    #[arg(long)]
    sqlite_shell: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let rastro = std::env::current_exe()?.with_file_name("rastro");
    if !rastro.exists() {
        bail!(
            "{} not found: build it first (cargo build --release)",
            rastro.display()
        );
    }
    let dir = args.dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("rastro-bench-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir)?;
    let csv = dir.join("cases.csv");

    let rows = match args.gigabytes {
        Some(gb) => {
            // Measure the average row size on a sample, then scale.
            generate(&rastro, 20_000, &csv)?;
            let per_row = std::fs::metadata(&csv)?.len() as f64 / 20_000.0;
            (gb * 1e9 / per_row).ceil() as u64
        }
        None => args.rows,
    };
    eprintln!("generating {rows} rows …");
    generate(&rastro, rows, &csv)?;
    let bytes = std::fs::metadata(&csv)?.len();
    println!("machine: {} cores, {}", cores(), cpu_model());
    println!(
        "input: {rows} rows, {:.1} MB of HTCDS CSV",
        bytes as f64 / 1e6
    );

    let mut results = Vec::new();
    let mut ratios = Vec::new();
    for run in 1..=args.runs {
        let data = dir.join(format!("data-{run}"));
        let _ = std::fs::remove_dir_all(&data);
        let (elapsed, peak_kb) = timed(&rastro, &data, &csv)?;
        let secs = elapsed.as_secs_f64();
        println!(
            "run {run}: {secs:.2} s, {:.0} rows/s, {:.1} MB/s, peak RSS {:.0} MB",
            rows as f64 / secs,
            bytes as f64 / 1e6 / secs,
            peak_kb as f64 / 1024.0
        );
        results.push((secs, peak_kb));
        let _ = std::fs::remove_dir_all(&data);
        if args.sqlite_shell {
            let shell = shell_import(&dir, &csv)?.as_secs_f64();
            println!(
                "run {run}: sqlite3 .import {shell:.2} s, {:.0} rows/s; rastro takes {:.2}x as long",
                rows as f64 / shell,
                secs / shell
            );
            ratios.push(secs / shell);
        }
    }
    let mut times: Vec<f64> = results.iter().map(|r| r.0).collect();
    times.sort_by(f64::total_cmp);
    let mut peaks: Vec<u64> = results.iter().map(|r| r.1).collect();
    peaks.sort();
    let median = times[times.len() / 2];
    println!(
        "median of {} runs: {median:.2} s = {:.0} rows/s, {:.1} MB/s; peak RSS median {:.0} MB, max {:.0} MB",
        times.len(),
        rows as f64 / median,
        bytes as f64 / 1e6 / median,
        peaks[peaks.len() / 2] as f64 / 1024.0,
        peaks[peaks.len() - 1] as f64 / 1024.0
    );
    if !ratios.is_empty() {
        ratios.sort_by(f64::total_cmp);
        println!(
            "median ratio rastro / sqlite3 .import over {} pairs: {:.2}x",
            ratios.len(),
            ratios[ratios.len() / 2]
        );
    }
    if args.dir.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

/// Times the SQLite shell importing `csv` into a new database, as a whole process.
fn shell_import(dir: &Path, csv: &Path) -> Result<Duration> {
    let db = dir.join("shell.db");
    let _ = std::fs::remove_file(&db);
    let started = Instant::now();
    let status = Command::new("sqlite3")
        .arg(&db)
        .args(["-cmd", ".mode csv"])
        .arg(format!(".import {} cases", csv.display()))
        .stdout(Stdio::null())
        .status()
        .context("starting sqlite3 (is it on the PATH?)")?;
    let elapsed = started.elapsed();
    let _ = std::fs::remove_file(&db);
    if !status.success() {
        bail!("sqlite3 .import failed");
    }
    Ok(elapsed)
}

fn generate(rastro: &Path, rows: u64, out: &Path) -> Result<()> {
    let status = Command::new(rastro)
        .args(["--quiet", "generate", "cases", "--seed", "7", "--count"])
        .arg(rows.to_string())
        .arg("--out")
        .arg(out)
        .status()?;
    if !status.success() {
        bail!("generating cases failed");
    }
    Ok(())
}

/// Runs one import as a child process; returns its wall time and its peak resident memory, read
/// from the kernel's high-water mark (`VmHWM`) every 10 ms while it runs.
fn timed(rastro: &Path, data: &Path, csv: &Path) -> Result<(Duration, u64)> {
    // The organisation and its caseworker exist before the clock starts: creating them is not
    // part of an import.
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
    admin(&["create-org", "Bench", "--kind", "ngo"])?;
    let token = admin(&[
        "create-user",
        "bench-caseworker",
        "--org",
        "Bench",
        "--role",
        "caseworker",
    ])?;
    let started = Instant::now();
    let mut child = Command::new(rastro)
        .arg("--data")
        .arg(data)
        .args(["--quiet", "import", "cases", "--format", "json"])
        .arg(csv)
        .env("RASTRO_TOKEN", token)
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
                bail!("import failed");
            }
            return Ok((started.elapsed(), peak));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
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
