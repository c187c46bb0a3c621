//! Links Febrl files with a configuration and scores the result against Febrl's ground truth
//! (`rec-N-org` and `rec-N-dup-K` are entity N): precision, recall, F1 of the reported pairs.
//!
//! `cargo run --release -p rastro-link --example febrl_eval -- CONFIG.toml FILE [FILE2]`

use std::collections::HashMap;
use std::time::Instant;

use rastro_link::{LinkConfig, Progress, Records, Stage};

/// Prints when each stage starts and ends, relative to the start of the run.
struct Timing(Instant, bool);

impl Progress for Timing {
    fn start(&self, stage: Stage, total: u64) {
        if self.1 {
            eprintln!(
                "{:8.3} s  start {stage:?} ({total})",
                self.0.elapsed().as_secs_f64()
            );
        }
    }
    fn finish(&self) {
        if self.1 {
            eprintln!("{:8.3} s  done", self.0.elapsed().as_secs_f64());
        }
    }
}

fn entity(id: &str) -> &str {
    id.trim_start_matches("rec-")
        .split('-')
        .next()
        .unwrap_or(id)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        return Err("usage: febrl_eval CONFIG.toml FILE [FILE2]".into());
    }
    let started = Instant::now();
    let mut config = LinkConfig::from_toml(&std::fs::read_to_string(&args[0])?, &args[0])?;
    if let Some(t) = std::env::var("FEBRL_T").ok().and_then(|v| v.parse().ok()) {
        config.threshold = t;
    }
    let columns = config.columns();
    let mut tables = Vec::new();
    for path in &args[1..] {
        let file = std::fs::File::open(path)?;
        tables.push(rastro_link::read_csv(file, path, &config.id, &columns)?.table);
    }
    let records = if tables.len() == 2 {
        let right = tables.remove(1);
        Records::link(tables.remove(0), right)?
    } else {
        Records::dedupe(tables.remove(0))
    };
    let timing = Timing(started, std::env::var_os("FEBRL_TIMING").is_some());
    let linkage = rastro_link::link(&config, &records, &timing)?;
    let elapsed = started.elapsed().as_secs_f64();

    let mut groups: HashMap<&str, (u64, u64)> = HashMap::new();
    for row in 0..records.len() {
        let side = match records.split {
            Some(s) if row >= s => 1,
            _ => 0,
        };
        let g = groups.entry(entity(records.id(row))).or_default();
        if side == 0 {
            g.0 += 1;
        } else {
            g.1 += 1;
        }
    }
    let truth: u64 = groups
        .values()
        .map(|&(a, b)| match records.split {
            Some(_) => a * b,
            None => a * a.saturating_sub(1) / 2,
        })
        .sum();
    let tp = linkage
        .matches
        .iter()
        .filter(|m| entity(records.id(m.left as usize)) == entity(records.id(m.right as usize)))
        .count() as f64;
    let precision = tp / (linkage.matches.len() as f64).max(1.0);
    let recall = tp / (truth as f64).max(1.0);
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE);
    println!(
        "candidates {} matches {} truth {truth} | precision {precision:.4} recall {recall:.4} F1 {f1:.4} | {elapsed:.3} s | lambda {:.4} iterations {}",
        linkage.candidate_pairs,
        linkage.matches.len(),
        linkage.model.lambda,
        linkage.model.em_iterations
    );
    if std::env::var_os("FEBRL_MODEL").is_some() {
        for c in &linkage.model.comparisons {
            let levels: Vec<String> = c
                .levels
                .iter()
                .map(|l| format!("{}:{:.2}(m{:.3},u{:.4})", l.label, l.weight, l.m, l.u))
                .collect();
            println!("  {}: {}", c.name, levels.join("  "));
        }
    }
    if let Some(n) = std::env::var("FEBRL_FP")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let wrong = linkage.matches.iter().filter(|m| {
            entity(records.id(m.left as usize)) != entity(records.id(m.right as usize))
        });
        for m in wrong.take(n) {
            let w = linkage.waterfall(&records, &config, m.left as usize, m.right as usize);
            let steps: Vec<String> = w
                .steps
                .iter()
                .map(|s| {
                    format!(
                        "{}|{}|{}:{:.1}{:+.1}",
                        s.left, s.right, s.level, s.weight, s.term_frequency_adjustment
                    )
                })
                .collect();
            println!(
                "FP {} {} p={:.3} prior {:.2} {}",
                records.id(m.left as usize),
                records.id(m.right as usize),
                w.probability,
                w.prior_weight,
                steps.join("  ")
            );
        }
    }
    if let Some(n) = std::env::var("FEBRL_FN")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let found: std::collections::HashSet<(u32, u32)> =
            linkage.matches.iter().map(|m| (m.left, m.right)).collect();
        let mut by_entity: HashMap<&str, Vec<usize>> = HashMap::new();
        for row in 0..records.len() {
            by_entity
                .entry(entity(records.id(row)))
                .or_default()
                .push(row);
        }
        let mut shown = 0;
        'outer: for rows in by_entity.values() {
            for (i, &a) in rows.iter().enumerate() {
                for &b in &rows[i + 1..] {
                    if !records.admissible(a, b) || found.contains(&(a as u32, b as u32)) {
                        continue;
                    }
                    let w = linkage.waterfall(&records, &config, a, b);
                    let steps: Vec<String> = w
                        .steps
                        .iter()
                        .map(|s| {
                            format!(
                                "{}|{}|{}:{:.1}{:+.1}",
                                s.left, s.right, s.level, s.weight, s.term_frequency_adjustment
                            )
                        })
                        .collect();
                    println!("FN p={:.3} {}", w.probability, steps.join("  "));
                    shown += 1;
                    if shown >= n {
                        break 'outer;
                    }
                }
            }
        }
    }
    Ok(())
}
