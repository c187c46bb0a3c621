//! `rastro serve`: the web dashboard and the JSON API for signed-in members. With `--demo`, a
//! fresh demonstration store is made first (generated cases from three organisations with
//! grants between them, generated news articles with their incidents extracted and linked, a
//! user per role) and every page says it is a demonstration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use rastro_app::demo::{DEMO_ORGS, DEMO_PASSWORD};
use rastro_app::{App, StoreUrl};
use rastro_web::{AppState, ServerConfig};

use crate::config::Ctx;
use crate::progress::Bars;

#[derive(ClapArgs)]
pub struct Args {
    /// Address to listen on; loopback by default, so nothing is reachable from elsewhere until
    /// asked.
    #[arg(long, env = "RASTRO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Start on a demonstration store (made in --demo-dir when it is not there yet).
    #[arg(long)]
    pub demo: bool,
    /// Where the demonstration store lives (never the real data directory).
    #[arg(long, default_value = "rastro-demo", value_name = "DIR")]
    pub demo_dir: PathBuf,
    /// Generated cases in the demonstration.
    #[arg(long, default_value_t = 20_000)]
    pub demo_cases: u64,
    /// Smallest count shown (cells under it are suppressed).
    #[arg(long, env = "RASTRO_K", default_value_t = rastro_stats::DEFAULT_K)]
    pub k: u64,
    /// A role's own smallest count, above or below --k (`analyst=5`, `hub_analyst=20`;
    /// repeatable).
    #[arg(long = "k-for", value_name = "ROLE=K")]
    pub k_for: Vec<String>,
    /// Largest upload, in megabytes.
    #[arg(long, default_value_t = 50)]
    pub max_upload_mb: usize,
    /// Longest a request may take, in seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout_secs: u64,
    /// Requests a user may make per minute.
    #[arg(long, default_value_t = 600)]
    pub rate_per_minute: u32,
    /// Mark cookies Secure (when served behind HTTPS).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Days a web sign-in lasts.
    #[arg(long, default_value_t = 1)]
    pub session_days: u64,
    /// Threads of this server that do queued jobs (imports started from the pages or queued
    /// with `--queue`); 0 on the nodes of a hub that leaves jobs to `rastro worker`.
    #[arg(long, env = "RASTRO_SERVE_WORKERS", default_value_t = 1)]
    pub workers: usize,
    /// Milliseconds a statistics table may go on answering after records were only added
    /// (never after a grant changed or a record was removed); 0 counts again after every
    /// addition.
    #[arg(long, env = "RASTRO_STATS_LAG_MS", default_value_t = rastro_web::config::DEFAULT_STATS_LAG.as_millis() as u64)]
    pub stats_lag_ms: u64,
    /// Seconds the node may spend reading its viewers' records into its caches before it
    /// listens (a load balancer sends requests elsewhere meanwhile); 0 listens at once.
    #[arg(long, env = "RASTRO_WARM_SECONDS", default_value_t = rastro_web::config::DEFAULT_WARM_BUDGET.as_secs())]
    pub warm_seconds: u64,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let app = if args.demo {
        let url = StoreUrl::in_data_dir(&args.demo_dir);
        let app = App::open(&url).context("opening the demonstration store")?;
        let work_dir = args.demo_dir.clone();
        eprintln!("Preparing the demonstration in {} …", work_dir.display());
        rastro_app::demo::run(
            &app,
            &work_dir,
            args.demo_cases,
            2024,
            &Bars::new(ctx.quiet),
        )?;
        rastro_app::demo_news::news(
            &app,
            2024,
            rastro_app::figures::today(),
            &Bars::new(ctx.quiet),
        )?;
        app
    } else {
        ctx.open()?
    };
    let upload_dir = match app.url() {
        StoreUrl::Sqlite(database) => database
            .parent()
            .map(|p| p.join("uploads"))
            .unwrap_or_else(|| PathBuf::from("uploads")),
        StoreUrl::Postgres(_) => ctx.work_dir.join("uploads"),
    };
    let mut config = ServerConfig::new(upload_dir);
    config.listen = args.listen;
    config.demo = args.demo;
    config.k.default = args.k;
    for rule in &args.k_for {
        let (role, k) = rule
            .split_once('=')
            .with_context(|| format!("--k-for {rule:?}: write ROLE=K"))?;
        let role = rastro_app::Role::parse(role)
            .with_context(|| format!("--k-for {rule:?}: no role {role:?}"))?;
        let k: u64 = k
            .trim()
            .parse()
            .with_context(|| format!("--k-for {rule:?}: {k:?} is not a whole number"))?;
        config.k.per_role.insert(role, k);
    }
    config.max_upload_bytes = args.max_upload_mb.saturating_mul(1024 * 1024);
    config.request_timeout = Duration::from_secs(args.timeout_secs.max(1));
    config.rate_per_minute = args.rate_per_minute;
    config.secure_cookies = args.secure_cookies;
    config.session_days = args.session_days.clamp(1, 30);
    config.workers = args.workers;
    config.stats_lag = Duration::from_millis(args.stats_lag_ms);
    config.warm_budget = Duration::from_secs(args.warm_seconds);
    let demo = args.demo;
    if !ctx.quiet && args.warm_seconds > 0 {
        // The port opens only after warming; say why nothing answers yet.
        eprintln!(
            "Reading what each viewer may count before listening (at most {} s; \
             --warm-seconds 0 listens at once) …",
            args.warm_seconds
        );
    }
    rastro_web::serve_forever(AppState::new(app, config), move |address| {
        println!("Rastro is serving on http://{address}/");
        if demo {
            println!("Demonstration users (password {DEMO_PASSWORD:?}):");
            for (_, _, _, prefix) in DEMO_ORGS {
                println!(
                    "  {prefix}-org-admin  {prefix}-caseworker  {prefix}-analyst  {prefix}-auditor"
                );
            }
            println!("  obs-hub-analyst (the regional hub's analyst)");
        }
    })
    .context("serving")
}
