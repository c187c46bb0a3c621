//! `rastro jobs`: the organisation's queued and finished jobs; `rastro worker`: a process that
//! does queued jobs for the members who queued them (beside the store, like its administrator).

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand};
use rastro_app::jobs::WorkerOptions;
use rastro_app::JobInfo;

use crate::config::Ctx;

#[derive(Subcommand)]
pub enum JobsCommand {
    /// The organisation's jobs, newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// One job: its state, progress, result or error.
    Show { id: String },
}

#[derive(ClapArgs)]
pub struct WorkerArgs {
    /// This worker's name among the store's workers (default: host and process id).
    #[arg(long)]
    pub name: Option<String>,
    /// Seconds a job stays this worker's without a report; another worker takes it after.
    #[arg(long, default_value_t = 60)]
    pub lease: u64,
    /// Stop when the queue is empty instead of waiting for more.
    #[arg(long)]
    pub once: bool,
    /// Seconds to wait between looks at an empty queue.
    #[arg(long, default_value_t = 2)]
    pub poll: u64,
    /// How far this worker yields the processor to other processes (Unix niceness, 0–19): on a
    /// machine that also serves requests, a long import must not slow the members' requests.
    /// 0 keeps the priority it was started with.
    #[arg(long, env = "RASTRO_WORKER_NICE", default_value_t = 10, value_parser = clap::value_parser!(u8).range(0..=19))]
    pub nice: u8,
}

pub fn run(command: JobsCommand, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    match command {
        JobsCommand::List { limit, json } => {
            for job in rastro_app::jobs::jobs(&session, limit)? {
                if json {
                    println!("{}", job_json(&job));
                } else {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        job.id,
                        job.kind,
                        job.status.as_str(),
                        progress(&job),
                        job.created_at
                    );
                }
            }
        }
        JobsCommand::Show { id } => match rastro_app::jobs::job(&session, &id)? {
            Some(job) => println!("{}", job_json(&job)),
            None => anyhow::bail!("no job {id:?} of your organisation"),
        },
    }
    Ok(())
}

pub fn worker(args: WorkerArgs, ctx: &Ctx) -> Result<()> {
    let app = ctx.open()?;
    let name = args
        .name
        .unwrap_or_else(|| format!("{}-{}", host_name(), std::process::id()));
    let options = WorkerOptions {
        name: name.clone(),
        lease: Duration::from_secs(args.lease.max(1)),
        poll: (!args.once).then(|| Duration::from_secs(args.poll.max(1))),
    };
    yield_processor(args.nice);
    tracing::info!(worker = %name, nice = args.nice, "taking jobs");
    let stop = AtomicBool::new(false);
    let quiet = ctx.quiet;
    let done = rastro_app::jobs::work(&app, &options, &stop, &|job, outcome| match outcome {
        Ok(result) if !quiet => println!("{} {} done: {result}", job.id, job.kind),
        Err(error) => eprintln!("{} {} failed: {error}", job.id, job.kind),
        Ok(_) => {}
    })?;
    if !quiet {
        println!("{} jobs done, {} failed", done.done, done.failed);
    }
    Ok(())
}

/// Lowers this process's priority by `nice` before any job thread starts, so that every thread
/// it starts inherits it. A priority that cannot be lowered is said and the worker goes on.
fn yield_processor(nice: u8) {
    if nice == 0 {
        return;
    }
    #[cfg(unix)]
    {
        let lowered = rustix::process::getpriority_process(None)
            .and_then(|now| rustix::process::setpriority_process(None, now + i32::from(nice)));
        if let Err(error) = lowered {
            tracing::warn!(%error, nice, "the worker's priority could not be lowered");
        }
    }
}

/// What a command run with `--queue` prints: the job's id and how to follow it (with `json`,
/// the job as `rastro jobs show` prints it).
pub fn print_queued(job: &JobInfo, json: bool) {
    if json {
        println!("{}", job_json(job));
    } else {
        println!(
            "queued job {} ({}); `rastro worker` does it, `rastro jobs show {}` follows it",
            job.id, job.kind, job.id
        );
    }
}

fn progress(job: &JobInfo) -> String {
    match job.total {
        Some(total) if total > 0 => format!("{}%", job.done.min(total) * 100 / total),
        _ => job.done.to_string(),
    }
}

pub fn job_json(job: &JobInfo) -> serde_json::Value {
    let parsed = |text: &Option<String>| {
        text.as_deref()
            .map(|t| serde_json::from_str(t).unwrap_or(serde_json::Value::String(t.into())))
    };
    serde_json::json!({
        "id": job.id,
        "kind": job.kind.as_str(),
        "status": job.status.as_str(),
        "user": job.user,
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "done": job.done,
        "total": job.total,
        "result": parsed(&job.result),
        "error": job.error,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    })
}

fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".into())
}
