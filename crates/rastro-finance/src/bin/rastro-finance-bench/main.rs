//! Benchmark and evaluation of the red-flag engine. Run with `--release`:
//!
//! `cargo run --release -p rastro-finance --bin rastro-finance-bench -- --transactions 10000000`
//!
//! Generates the transactions in memory (seeded, labelled), then prints: transactions per second
//! through every rule of the catalogue on all cores (the batch), the latency of scoring one
//! transaction as it arrives (the streaming scorer, p50/p95/p99/max), peak memory (VmHWM), and
//! the evaluation against the labels, whose last line is `recall=R precision=P alert_rate=A`.
//!
//! Options: `--seed S`, `--days D`, `--threads T`, `--catalogue FILE` (default: the shipped
//! one), `--intensity X` (planted patterns' strength, 1 as designed), `--lookalike X` (share of
//! people with honest look-alike habits), `--planted X` (share of people planted),
//! `--no-stream` (skip the latency run), `--misses` (list missed planted accounts and a sample of
//! false alerts, for reading why).

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use rastro_finance::generate::{Config, Generator};
use rastro_finance::labels::LabelRecord;
use rastro_finance::{evaluate, run_batch, Alert, Catalogue, Labels, Scorer, Transaction};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let num =
        |flag: &str, default: f64| value(flag).and_then(|v| v.parse().ok()).unwrap_or(default);
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let config = Config {
        seed: num("--seed", 7.0) as u64,
        transactions: num("--transactions", 10_000_000.0) as u64,
        days: num("--days", 90.0) as u32,
        planted_share: num("--planted", 0.004),
        lookalike_share: num("--lookalike", 0.1),
        intensity: num("--intensity", 1.0),
        ..Config::default()
    };
    let threads = num("--threads", cores as f64) as usize;
    let catalogue = match value("--catalogue") {
        Some(path) => match Catalogue::load(std::path::Path::new(&path)) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        },
        None => Catalogue::builtin(),
    };
    println!(
        "machine: {cores} cores (shared with other jobs); threads {threads}; catalogue {}",
        catalogue.version()
    );
    println!(
        "generator: seed {} transactions {} days {} planted {} lookalike {} intensity {}",
        config.seed,
        config.transactions,
        config.days,
        config.planted_share,
        config.lookalike_share,
        config.intensity
    );

    let started = Instant::now();
    let generator = Generator::new(config.clone());
    let people = generator.people();
    let mut labels = Labels::default();
    for record in generator.label_records() {
        labels.add(record);
    }
    let mut transactions: Vec<Transaction> = Vec::with_capacity(config.transactions as usize);
    for g in generator {
        if let Some((pattern, typology)) = &g.pattern {
            labels.add(LabelRecord::Transaction {
                id: g.transaction.id.to_string(),
                typology: typology.to_string(),
                pattern: pattern.clone(),
            });
        }
        transactions.push(g.transaction);
    }
    println!(
        "generated {} transactions of {people} people in {:.1} s; {} planted patterns; peak memory {}",
        transactions.len(),
        started.elapsed().as_secs_f64(),
        labels.patterns.len(),
        peak_memory()
    );
    let known = labels.known();

    let started = Instant::now();
    let cpu_before = cpu_seconds();
    let outcome = match run_batch(&catalogue, &known, &transactions, threads) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_before.zip(cpu_seconds()).map(|(a, b)| b - a);
    println!(
        "batch: {} transactions through {} rules in {seconds:.2} s = {:.0} transactions/s ({threads} threads); {} alerts; {} accounts; peak memory {}",
        outcome.transactions,
        catalogue.rule_names().len(),
        outcome.transactions as f64 / seconds,
        outcome.alerts.len(),
        outcome.accounts,
        peak_memory()
    );
    if let Some(cpu) = cpu.filter(|c| *c > 0.0) {
        // Other jobs on a shared machine take cores away; CPU time says what the work costs.
        println!(
            "batch: {cpu:.1} CPU-seconds = {:.0} transactions per CPU-second; load average {}",
            outcome.transactions as f64 / cpu,
            load_average()
        );
    }

    if !has("--no-stream") {
        let mut scorer = Scorer::new(&catalogue, &known);
        let mut latencies: Vec<u32> = Vec::with_capacity(transactions.len());
        let mut streamed = 0usize;
        let started = Instant::now();
        let cpu_before = cpu_seconds();
        for t in &transactions {
            let at = Instant::now();
            streamed += scorer.score(t).len();
            latencies.push(at.elapsed().as_nanos().min(u128::from(u32::MAX)) as u32);
        }
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_before.zip(cpu_seconds()).map(|(a, b)| b - a);
        latencies.sort_unstable();
        let q =
            |p: f64| f64::from(latencies[((latencies.len() as f64 - 1.0) * p) as usize]) / 1000.0;
        println!(
            "stream: one scorer, {} transactions in {seconds:.2} s = {:.0}/s; latency µs p50 {:.2} p95 {:.2} p99 {:.2} max {:.0}; {streamed} alerts (batch {}); peak memory {}",
            transactions.len(),
            transactions.len() as f64 / seconds,
            q(0.5),
            q(0.95),
            q(0.99),
            q(1.0),
            outcome.alerts.len(),
            peak_memory()
        );
        if let Some(cpu) = cpu.filter(|c| *c > 0.0) {
            println!(
                "stream: {cpu:.1} CPU-seconds = {:.0} transactions per CPU-second; load average {}",
                transactions.len() as f64 / cpu,
                load_average()
            );
        }
    }

    let evaluation = evaluate(&outcome.alerts, outcome.accounts, &labels);
    if has("--misses") {
        misses(&outcome.alerts, &labels);
    }
    println!("{evaluation}");
}

/// Lists the planted accounts no alert found, with their patterns' parameters, and a sample of
/// alerts on accounts nobody planted.
fn misses(alerts: &[Alert], labels: &Labels) {
    let alerted: HashSet<&str> = alerts
        .iter()
        .flat_map(|a| a.accounts.iter().map(String::as_str))
        .collect();
    for pattern in &labels.patterns {
        let subject = &pattern.accounts[0];
        if !alerted.contains(subject.as_str()) {
            let mut params: Vec<String> = pattern
                .parameters
                .iter()
                .map(|(k, v)| format!("{k}={v:.2}"))
                .collect();
            params.sort();
            println!(
                "missed {} {} {} {}–{} {}",
                pattern.typology,
                pattern.pattern,
                subject,
                pattern.start,
                pattern.end,
                params.join(" ")
            );
        }
    }
    let mut shown: HashMap<&str, usize> = HashMap::new();
    for alert in alerts {
        let planted = alert
            .accounts
            .iter()
            .any(|a| labels.accounts.contains_key(a));
        let n = shown.entry(alert.typology.as_str()).or_default();
        if !planted && *n < 4 {
            *n += 1;
            let rules: Vec<String> = alert
                .rules
                .iter()
                .map(|r| format!("{}={}({})", r.rule, r.value, r.band.as_str()))
                .collect();
            println!(
                "false {} {} {:?} score {} {}",
                alert.typology,
                alert.subject,
                alert.name,
                alert.score,
                rules.join(" ")
            );
        }
    }
}

/// CPU time used by this process so far (user and system), from /proc/self/stat in clock
/// ticks of 1/100 s (Linux's USER_HZ).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name is in parentheses and may hold spaces: count fields after it.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / 100.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".to_string())
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
