//! A hub under load and under crashes: two `rastro serve` nodes and one `rastro worker` on one
//! store, as separate processes of the real `rastro` binary beside this one, while client threads
//! mix reads, searches and writes; a queued import's worker and one node are killed with SIGKILL
//! during the run. Afterwards it checks that no acknowledged write was lost, nothing is stored
//! twice, the interrupted job finished on retry and the audit trail verifies, and prints the
//! figures (throughput, latency per kind, import rows/s). Exits non-zero when a check fails.
//!
//!     cargo build --release -p rastro-cli --bins
//!     target/release/rastro-hub-bench --database postgres://rastro@127.0.0.1:54329/hubbench
//!     target/release/rastro-hub-bench --database sqlite:/tmp/hub/rastro.db
//!
//! The store must be new (an empty PostgreSQL database, or an SQLite file not yet made).

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};

const SHELTER: &str = "Refugio Esperanza";
const POLICE: &str = "Policia Trata Lima";
const HUB: &str = "Observatorio Regional";
/// Header of the small case files the clients and the big job send: one marked name per row.
const MARKED_HEADER: &str =
    "prs_FirstName,prs_Gender,vic_TypeOfExploitation,hte_Type,hte_Country\n";
const STATS: [&str; 8] = [
    "/api/v1/stats/counts?by=form",
    "/api/v1/stats/counts?by=country.exploitation&form=SexualExploitation",
    "/api/v1/stats/crosstab?by=form&by2=sex",
    "/api/v1/stats/crosstab?by=citizenship&by2=age_band&from=2022",
    "/api/v1/stats/timeseries?by=form",
    "/api/v1/stats/flows",
    "/api/v1/stats/choropleth?layer=citizenship",
    "/api/v1/stats/choropleth?layer=incidents",
];
/// News searches (already URL-encoded): Spanish, Portuguese and English words and a phrase.
const SEARCHES: [&str; 8] = [
    "trafico",
    "explotaci%C3%B3n%20sexual",
    "rescate",
    "tr%C3%A1fico%20de%20personas",
    "trabalho%20escravo",
    "police",
    "operaci%C3%B3n",
    "migrantes",
];

struct Options {
    database: String,
    clients: usize,
    seconds: u64,
    cases: u64,
    big: u64,
    events: usize,
    key_file: Option<PathBuf>,
    dir: Option<PathBuf>,
    /// Leaves the case listing out of the reads (its share goes to the other reads): it reads
    /// and unseals every visible case per page, so at 100,000 cases it decides every figure.
    skip_case_list: bool,
    /// Mean pause of a client between one answer and its next request (0: none). Without a
    /// pause every client asks again the moment it is answered, so the nodes are saturated by
    /// construction and latency is the queue that 200 clients make; with one, clients behave
    /// like people at a screen and the figures say what they would wait.
    think_ms: u64,
    /// Stops after seeding and timing the cold reads (no nodes, no load): for comparing a change
    /// of the read paths without the minutes of a whole run.
    cold_only: bool,
}

fn options() -> Result<Options> {
    let mut o = Options {
        database: String::new(),
        clients: 200,
        seconds: 60,
        cases: 100_000,
        big: 50_000,
        events: 900,
        key_file: None,
        dir: None,
        skip_case_list: false,
        think_ms: 0,
        cold_only: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--database" => o.database = value()?,
            "--clients" => o.clients = value()?.parse().context("--clients")?,
            "--seconds" => o.seconds = value()?.parse().context("--seconds")?,
            "--cases" => o.cases = value()?.parse().context("--cases")?,
            "--big" => o.big = value()?.parse().context("--big")?,
            "--events" => o.events = value()?.parse().context("--events")?,
            "--key-file" => o.key_file = Some(PathBuf::from(value()?)),
            "--dir" => o.dir = Some(PathBuf::from(value()?)),
            "--skip-case-list" => o.skip_case_list = true,
            "--think-ms" => o.think_ms = value()?.parse().context("--think-ms")?,
            "--cold-only" => o.cold_only = true,
            other => bail!(
                "unknown flag {other}; flags: --database URL (postgres://… or sqlite:PATH) \
                 --clients --seconds --cases --big --events --key-file --dir --skip-case-list \
                 --think-ms --cold-only"
            ),
        }
    }
    ensure!(
        !o.database.is_empty(),
        "--database is required (postgres://… or sqlite:PATH)"
    );
    ensure!(
        o.clients > 0 && o.seconds >= 6,
        "--clients ≥ 1, --seconds ≥ 6"
    );
    Ok(o)
}

fn main() {
    match run() {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    }
}

fn run() -> Result<bool> {
    let o = options()?;
    let exe = std::env::current_exe()?.with_file_name("rastro");
    ensure!(
        exe.exists(),
        "{} not found: build it first (cargo build --release -p rastro-cli --bins)",
        exe.display()
    );
    let dir = o.dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("rastro-hub-bench-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let key_file = o.key_file.clone().unwrap_or_else(|| dir.join("rastro.key"));
    let cli = Cli {
        exe,
        database: o.database.clone(),
        key_file,
        dir: dir.clone(),
    };
    let backend = if o.database.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "machine: {} cores ({}), shared with other jobs; store: {backend}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu_model()
    );

    let seeded = seed(&cli, &o)?;
    println!(
        "import: {} rows in {:.1} s = {:.0} rows/s (the `rastro import cases` process, wall clock; \
         {} imported, {} rejected)",
        seeded.import_rows,
        seeded.import_seconds,
        seeded.import_rows as f64 / seeded.import_seconds,
        seeded.import_imported,
        seeded.import_rejected
    );

    println!("{}", cold_reads(&cli, &seeded.tokens)?);
    if o.cold_only {
        return Ok(true);
    }

    let mut procs = Procs::default();
    let ports = [free_port()?, free_port()?];
    let workers_flag = cli.help_lists("serve", "--workers")?;
    for (i, port) in ports.iter().enumerate() {
        procs.nodes[i] = Some(cli.start_node(*port, i + 1, workers_flag)?);
    }
    for port in ports {
        wait_healthy(port, &mut procs)?;
    }
    procs.worker = Some(cli.start_worker(1)?);
    let nodes: Vec<SocketAddr> = ports
        .iter()
        .map(|p| SocketAddr::from(([127, 0, 0, 1], *p)))
        .collect();
    let case_ids = case_ids(nodes[0], &seeded.tokens.shelter)?;
    ensure!(!case_ids.is_empty(), "the shelter sees no cases to read");
    eprintln!(
        "nodes on {} and {}, a worker; {} clients for {} s, pausing {} ms on average …",
        nodes[0], nodes[1], o.clients, o.seconds, o.think_ms
    );

    let plan = Plan {
        nodes: &nodes,
        tokens: &seeded.tokens,
        case_ids: &case_ids,
        run: seeded.run,
        skip_case_list: o.skip_case_list,
        think_ms: o.think_ms,
    };
    if o.think_ms > 0 {
        println!(
            "mix: each client pauses {} ms on average (exponentially) between requests",
            o.think_ms
        );
    }
    if o.skip_case_list {
        println!(
            "mix: the case listing left out (--skip-case-list); its share goes to other reads"
        );
    }
    let stop = AtomicBool::new(false);
    let tally = Tally::default();
    let started = Instant::now();
    let (samples, chaos) = std::thread::scope(|threads| {
        let clients: Vec<_> = (0..o.clients)
            .map(|i| {
                let (plan, stop, tally) = (&plan, &stop, &tally);
                threads.spawn(move || client_loop(i, plan, stop, tally, started))
            })
            .collect();
        let chaos = chaos(&cli, &o, &seeded, &mut procs, ports[0], started);
        let left = Duration::from_secs(o.seconds).saturating_sub(started.elapsed());
        std::thread::sleep(left);
        stop.store(true, Ordering::Relaxed);
        let samples: Vec<ClientRun> = clients.into_iter().filter_map(|c| c.join().ok()).collect();
        (samples, chaos)
    });
    let elapsed = started.elapsed().as_secs_f64();
    let chaos = chaos?;
    ensure!(samples.len() == o.clients, "a client thread panicked");
    eprintln!("load over; waiting for the big job to end …");
    let job = wait_job(&cli, &seeded.tokens.shelter, &chaos.job_id, 900)?;
    procs.stop_all();

    let report = figures(&samples, &tally, elapsed, o.clients);
    println!("{report}");
    println!("{}", stretches(&samples, &chaos, elapsed));
    println!(
        "chaos: big job {} ({} rows) queued at {:.1} s; worker killed at {:.1} s at progress {}/{}; \
         node 1 killed at {:.1} s, restarted at {:.1} s; {} requests moved to the other node",
        chaos.job_id,
        o.big,
        chaos.queued_at,
        chaos.worker_killed_at,
        chaos.done_at_kill,
        chaos.total_at_kill,
        chaos.node_killed_at,
        chaos.node_restarted_at,
        tally.failovers.load(Ordering::Relaxed)
    );
    println!(
        "big job: status {}, attempts {}, result {}",
        job["status"], job["attempts"], job["result"]
    );

    let checks = checks(&cli, &o, &seeded, &samples, &job, &chaos)?;
    let mut pass = true;
    println!(
        "\nchecks ({backend}, {} clients, {} s):",
        o.clients, o.seconds
    );
    for (ok, what) in &checks {
        pass &= ok;
        println!("  {} {what}", if *ok { "PASS" } else { "FAIL" });
    }
    Ok(pass)
}

// ---------------------------------------------------------------------------------------------
// The rastro binary as a user runs it.

struct Cli {
    exe: PathBuf,
    database: String,
    key_file: PathBuf,
    dir: PathBuf,
}

impl Cli {
    fn command(&self, token: Option<&str>) -> Command {
        let mut c = Command::new(&self.exe);
        c.arg("--data")
            .arg(&self.dir)
            .arg("--database")
            .arg(&self.database)
            .arg("--key-file")
            .arg(&self.key_file)
            .env("RASTRO_CREDENTIALS", self.dir.join("credentials"))
            .env_remove("RASTRO_TOKEN");
        if let Some(t) = token {
            c.env("RASTRO_TOKEN", t);
        }
        c
    }

    /// Runs one command to its end; its standard output, or its standard error as the failure.
    fn run(&self, token: Option<&str>, args: &[&str]) -> Result<String> {
        let out = self
            .command(token)
            .arg("--quiet")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("running rastro {}", args.join(" ")))?;
        if !out.status.success() {
            bail!(
                "rastro {} failed ({}): {}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn help_lists(&self, command: &str, flag: &str) -> Result<bool> {
        Ok(self.run(None, &[command, "--help"])?.contains(flag))
    }

    fn log(&self, name: &str) -> Result<std::fs::File> {
        let path = self.dir.join(name);
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("opening {}", path.display()))
    }

    fn spawn(&self, args: &[&str], log: &str) -> Result<Child> {
        let out = self.log(log)?;
        let err = out.try_clone()?;
        self.command(None)
            .args(args)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .with_context(|| format!("starting rastro {}", args.join(" ")))
    }

    fn start_node(&self, port: u16, n: usize, workers_flag: bool) -> Result<Child> {
        let listen = format!("127.0.0.1:{port}");
        // The per-user rate limit would turn the load into refusals; a hub sets its limit at the
        // load balancer (docs/deployment.md).
        let mut args = vec![
            "serve",
            "--listen",
            &listen,
            "--rate-per-minute",
            "4000000000",
        ];
        if workers_flag {
            args.extend(["--workers", "0"]);
        }
        self.spawn(&args, &format!("node-{n}.log"))
    }

    fn start_worker(&self, n: usize) -> Result<Child> {
        // A short lease, so the job of a killed worker is taken again within the run.
        let name = format!("bench-worker-{n}");
        self.spawn(
            &["worker", "--name", &name, "--lease", "5", "--poll", "1"],
            &format!("worker-{n}.log"),
        )
    }
}

/// The processes started, killed when the bench ends whichever way it ends.
#[derive(Default)]
struct Procs {
    nodes: [Option<Child>; 2],
    worker: Option<Child>,
}

impl Procs {
    fn stop_all(&mut self) {
        let all = self
            .nodes
            .iter_mut()
            .chain(std::iter::once(&mut self.worker));
        for child in all.filter_map(Option::take) {
            kill(child);
        }
    }
}

impl Drop for Procs {
    fn drop(&mut self) {
        self.stop_all();
    }
}

/// SIGKILL (what `Child::kill` sends on Unix), then reaps the process.
fn kill(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_healthy(port: u16, procs: &mut Procs) -> Result<()> {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(180);
    while Instant::now() < deadline {
        let mut probe = Conn::new(address);
        if let Ok((200, _)) = probe.call("GET", "/api/v1/health", None, None) {
            return Ok(());
        }
        for child in procs.nodes.iter_mut().flatten() {
            if let Some(status) = child.try_wait()? {
                bail!("a node stopped ({status}); see its log in the bench's directory");
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("the node on port {port} did not answer within 180 s")
}

// ---------------------------------------------------------------------------------------------
// Seeding, the way a user would.

struct Tokens {
    shelter: String,
    police: String,
    hub: String,
}

struct Seeded {
    tokens: Tokens,
    run: u64,
    big_file: PathBuf,
    import_rows: u64,
    import_imported: u64,
    import_rejected: u64,
    import_seconds: f64,
}

fn seed(cli: &Cli, o: &Options) -> Result<Seeded> {
    eprintln!("seeding: migrate, organisations, users …");
    cli.run(None, &["db", "migrate"])?;
    let orgs = cli.run(None, &["admin", "orgs"])?;
    ensure!(
        orgs.contains("no organisations") || orgs.trim().is_empty(),
        "the store is not new (it has organisations): give an empty database or a new SQLite path"
    );
    for (name, kind, country) in [
        (SHELTER, "shelter", Some("PE")),
        (POLICE, "police", Some("PE")),
        (HUB, "hub", None),
    ] {
        let mut args = vec!["admin", "create-org", name, "--kind", kind];
        if let Some(c) = country {
            args.extend(["--country", c]);
        }
        cli.run(None, &args)?;
    }
    let user = |name: &str, org: &str, role: &str| -> Result<String> {
        let out = cli.run(
            None,
            &["admin", "create-user", name, "--org", org, "--role", role],
        )?;
        out.lines()
            .map(str::trim)
            .find(|l| l.starts_with("rst_"))
            .map(str::to_string)
            .with_context(|| format!("no token printed for {name}"))
    };
    let tokens = Tokens {
        shelter: user("ana", SHELTER, "caseworker")?,
        police: user("pol", POLICE, "caseworker")?,
        hub: user("obs", HUB, "hub_analyst")?,
    };

    eprintln!("seeding: {} generated cases …", o.cases);
    let cases = cli.dir.join("cases.csv");
    let count = o.cases.to_string();
    let out = cases.to_string_lossy().into_owned();
    cli.run(
        None,
        &["generate", "cases", "--count", &count, "--out", &out],
    )?;
    let started = Instant::now();
    let report = cli.run(
        Some(&tokens.shelter),
        &["import", "cases", &out, "--format", "json"],
    )?;
    let import_seconds = started.elapsed().as_secs_f64();
    let report: serde_json::Value =
        serde_json::from_str(report.trim()).context("the import's JSON report")?;
    let number = |k: &str| report[k].as_u64().unwrap_or(0);

    // The police's own, fewer cases: another organisation's records beside the shelter's.
    let police_cases = cli.dir.join("police.csv");
    let police_out = police_cases.to_string_lossy().into_owned();
    let police_count = (o.cases / 10).max(1).to_string();
    cli.run(
        None,
        &[
            "generate",
            "cases",
            "--count",
            &police_count,
            "--seed",
            "2",
            "--out",
            &police_out,
        ],
    )?;
    cli.run(Some(&tokens.police), &["import", "cases", &police_out])?;
    cli.run(
        Some(&tokens.shelter),
        &[
            "grant",
            "create",
            "--to",
            HUB,
            "--all",
            "--kind",
            "case",
            "--level",
            "summary",
            "--purpose",
            "regional statistics",
            "--basis",
            "agreement",
        ],
    )?;

    eprintln!("seeding: news of {} events …", o.events);
    let news = cli.dir.join("news.jsonl");
    write_news(&news, o.events)?;
    cli.run(
        Some(&tokens.hub),
        &["ingest", "news", &news.to_string_lossy()],
    )?;

    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let big_file = cli.dir.join("big.csv");
    let mut big = String::with_capacity(o.big as usize * 48 + 80);
    big.push_str(MARKED_HEADER);
    for i in 0..o.big {
        big.push_str(&marked_row(&format!("Bigjob {run}-{i}"), i as usize));
    }
    std::fs::write(&big_file, big)?;
    Ok(Seeded {
        tokens,
        run,
        big_file,
        import_rows: number("rows"),
        import_imported: number("imported"),
        import_rejected: number("rejected"),
        import_seconds,
    })
}

/// Times what a node that has just started reads before its first answers, in this process
/// with nothing cached (a new `App` each time, as a restarted node has): the hub analyst's
/// records to count, without and with the descriptive picklists, and the shelter's first
/// listing page with its total. Three rounds; medians and every round printed.
fn cold_reads(cli: &Cli, tokens: &Tokens) -> Result<String> {
    let url = rastro_app::StoreUrl::parse(&cli.database)?;
    let mut facts = Vec::new();
    let mut picklists = Vec::new();
    let mut listing = Vec::new();
    let mut records = (0, 0);
    for _ in 0..3 {
        let app = rastro_app::App::open_with_key(&url, &cli.key_file)?;
        let hub = app.with_token(&tokens.hub)?;
        let started = Instant::now();
        let counted = rastro_app::counting::read(&hub, false)?;
        facts.push(started.elapsed().as_secs_f64() * 1000.0);
        let app = rastro_app::App::open_with_key(&url, &cli.key_file)?;
        let hub = app.with_token(&tokens.hub)?;
        let started = Instant::now();
        let with = rastro_app::counting::read(&hub, true)?;
        picklists.push(started.elapsed().as_secs_f64() * 1000.0);
        ensure!(
            with.len() == counted.len(),
            "the records read with picklists ({}) differ in number from those without ({})",
            with.len(),
            counted.len()
        );
        let app = rastro_app::App::open_with_key(&url, &cli.key_file)?;
        let shelter = app.with_token(&tokens.shelter)?;
        let cache = rastro_app::counting::CountCache::new();
        let started = Instant::now();
        let (page, total) = rastro_app::cases::visible_page(&shelter, &cache.case_totals, 0, 20)?;
        listing.push(started.elapsed().as_secs_f64() * 1000.0);
        records = (counted.len(), total);
        ensure!(!page.is_empty(), "the shelter's first page is empty");
    }
    let show = |ms: &mut Vec<f64>| {
        ms.sort_by(f64::total_cmp);
        let all: Vec<String> = ms.iter().map(|m| format!("{m:.0}")).collect();
        format!("{:.0} ms (rounds: {})", ms[ms.len() / 2], all.join(", "))
    };
    Ok(format!(
        "cold reads (a new App each, median of 3): the hub's {} records to count {}; with \
         picklists {}; the shelter's first listing page and total ({} cases) {}",
        records.0,
        show(&mut facts),
        show(&mut picklists),
        records.1,
        show(&mut listing)
    ))
}

fn write_news(path: &Path, events: usize) -> Result<()> {
    let articles =
        rastro_synth::news::generate_articles(2024, events, rastro_app::figures::today());
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for a in articles {
        let line = serde_json::json!({
            "id": a.id, "title": a.title, "text": a.text, "url": a.url, "published": a.published,
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

fn marked_row(name: &str, i: usize) -> String {
    const FORMS: [&str; 4] = [
        "SexualExploitation",
        "ForcedLabour",
        "ForcedBegging",
        "ChildLabour",
    ];
    const COUNTRIES: [&str; 5] = ["PE", "CO", "MX", "BR", "AR"];
    format!(
        "{name},{},{},Exploitation,{}\n",
        if i.is_multiple_of(3) {
            "Male"
        } else {
            "Female"
        },
        FORMS[i % FORMS.len()],
        COUNTRIES[i % COUNTRIES.len()]
    )
}

fn case_ids(node: SocketAddr, token: &str) -> Result<Vec<String>> {
    let mut conn = Conn::new(node);
    let (status, body) = conn.call("GET", "/api/v1/cases?limit=500", Some(token), None)?;
    ensure!(status == 200, "listing cases: status {status}");
    let page: serde_json::Value = serde_json::from_slice(&body)?;
    Ok(page["cases"]
        .as_array()
        .map(|cases| {
            cases
                .iter()
                .filter_map(|c| c["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// The crashes, on the main thread while the clients run.

struct Chaos {
    job_id: String,
    queued_at: f64,
    worker_killed_at: f64,
    /// The job's progress (`done` of `total`, in its own unit) when its worker was killed.
    done_at_kill: u64,
    total_at_kill: u64,
    running_at_kill: bool,
    node_killed_at: f64,
    node_restarted_at: f64,
}

fn chaos(
    cli: &Cli,
    o: &Options,
    seeded: &Seeded,
    procs: &mut Procs,
    port: u16,
    started: Instant,
) -> Result<Chaos> {
    let at = |s: f64| {
        let wait = Duration::from_secs_f64(s).saturating_sub(started.elapsed());
        std::thread::sleep(wait);
        started.elapsed().as_secs_f64()
    };
    let seconds = o.seconds as f64;
    let big = seeded.big_file.to_string_lossy().into_owned();
    let queued_at = at((seconds / 12.0).min(5.0));
    let queued = cli.run(
        Some(&seeded.tokens.shelter),
        &["import", "cases", &big, "--queue", "--format", "json"],
    )?;
    let job: serde_json::Value = serde_json::from_str(queued.trim()).context("the queued job")?;
    let job_id = job["id"].as_str().context("no job id")?.to_string();

    // Killed once it runs and has stored some rows (or has run a second without reporting any):
    // an interruption mid-way.
    let mut done_at_kill = 0;
    let mut total_at_kill = 0;
    let mut running_at_kill = false;
    let mut running_since = None;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        // A look that fails under load is not the test's subject: look again.
        let Ok(job) = job_state(cli, &seeded.tokens.shelter, &job_id) else {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        if job["status"] == "running" {
            let since = *running_since.get_or_insert_with(Instant::now);
            let done = job["done"].as_u64().unwrap_or(0);
            if done > 0 || since.elapsed() >= Duration::from_secs(1) {
                done_at_kill = done;
                total_at_kill = job["total"].as_u64().unwrap_or(0);
                running_at_kill = true;
                break;
            }
        }
        if job["status"] == "done" || job["status"] == "failed" {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let worker_killed_at = started.elapsed().as_secs_f64();
    if let Some(worker) = procs.worker.take() {
        kill(worker);
    }
    procs.worker = Some(cli.start_worker(2)?);

    let node_killed_at = at(seconds / 3.0);
    if let Some(node) = procs.nodes[0].take() {
        kill(node);
    }
    let node_restarted_at = at(seconds / 2.0);
    procs.nodes[0] = Some(cli.start_node(port, 1, cli.help_lists("serve", "--workers")?)?);
    Ok(Chaos {
        job_id,
        queued_at,
        worker_killed_at,
        done_at_kill,
        total_at_kill,
        running_at_kill,
        node_killed_at,
        node_restarted_at,
    })
}

fn job_state(cli: &Cli, token: &str, id: &str) -> Result<serde_json::Value> {
    let out = cli.run(Some(token), &["jobs", "show", id])?;
    serde_json::from_str(out.trim()).context("`rastro jobs show`'s JSON")
}

fn wait_job(cli: &Cli, token: &str, id: &str, seconds: u64) -> Result<serde_json::Value> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        match job_state(cli, token, id) {
            Ok(job) if job["status"] == "done" || job["status"] == "failed" => return Ok(job),
            Ok(job) if Instant::now() > deadline => return Ok(job),
            Err(e) if Instant::now() > deadline => return Err(e),
            _ => std::thread::sleep(Duration::from_millis(500)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The clients.

struct Plan<'a> {
    nodes: &'a [SocketAddr],
    tokens: &'a Tokens,
    case_ids: &'a [String],
    run: u64,
    skip_case_list: bool,
    think_ms: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Stats,
    CaseList,
    CaseOne,
    Incidents,
    Search,
    Write,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Stats,
        Kind::CaseList,
        Kind::CaseOne,
        Kind::Incidents,
        Kind::Search,
        Kind::Write,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::Stats => "read: stats",
            Kind::CaseList => "read: case list",
            Kind::CaseOne => "read: one case",
            Kind::Incidents => "read: incidents",
            Kind::Search => "search: news",
            Kind::Write => "write: POST cases",
        }
    }

    fn group(self) -> &'static str {
        match self {
            Kind::Search => "searches",
            Kind::Write => "writes",
            _ => "reads",
        }
    }
}

/// What every client shares: failovers and the first errors, to print.
#[derive(Default)]
struct Tally {
    failovers: AtomicU64,
    first_errors: Mutex<Vec<String>>,
}

impl Tally {
    fn error(&self, what: String) {
        if let Ok(mut kept) = self.first_errors.lock() {
            if kept.len() < 12 {
                kept.push(what);
            }
        }
    }
}

#[derive(Default)]
struct ClientRun {
    /// (kind, milliseconds) of every answered request, failed or not.
    timed: Vec<(Kind, f64)>,
    /// When each of `timed` was sent, in seconds since the load began: for the latency per
    /// stretch of the run (before, during and after the crashes).
    sent_at: Vec<f64>,
    errors: Vec<Kind>,
    /// Markers of rows whose write was acknowledged (2xx).
    acknowledged: Vec<String>,
    /// Markers of rows whose write got no 2xx: they may or may not be stored.
    unacknowledged: Vec<String>,
}

/// A small deterministic generator, so each client's mix differs but a run repeats.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A pause drawn from the exponential distribution of mean `mean_ms`, cut at five means so
    /// that one client does not sit out the run.
    fn pause(&mut self, mean_ms: u64) -> Duration {
        let uniform = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let ms = -(1.0 - uniform).ln() * mean_ms as f64;
        Duration::from_secs_f64(ms.min(5.0 * mean_ms as f64) / 1000.0)
    }
}

fn client_loop(
    i: usize,
    plan: &Plan,
    stop: &AtomicBool,
    tally: &Tally,
    load_began: Instant,
) -> ClientRun {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0x2545_F491));
    let mut conns: Vec<Conn> = plan.nodes.iter().map(|a| Conn::new(*a)).collect();
    let mut out = ClientRun::default();
    let mut next_node = i % plan.nodes.len();
    let mut writes = 0usize;
    while !stop.load(Ordering::Relaxed) {
        if plan.think_ms > 0 {
            std::thread::sleep(rng.pause(plan.think_ms));
            if stop.load(Ordering::Relaxed) {
                break;
            }
        }
        let roll = rng.below(100);
        let kind = match roll {
            0..=34 if plan.skip_case_list => Kind::Stats,
            35..=44 if plan.skip_case_list => Kind::CaseOne,
            0..=24 => Kind::Stats,
            25..=44 => Kind::CaseList,
            45..=59 => Kind::CaseOne,
            60..=69 => Kind::Incidents,
            70..=89 => Kind::Search,
            _ => Kind::Write,
        };
        let (method, path, token, body, markers) = match kind {
            Kind::Stats => (
                "GET",
                STATS[rng.below(STATS.len())].to_string(),
                &plan.tokens.hub,
                None,
                Vec::new(),
            ),
            Kind::CaseList => (
                "GET",
                format!("/api/v1/cases?limit=20&cursor={}", rng.below(50) * 20),
                &plan.tokens.shelter,
                None,
                Vec::new(),
            ),
            Kind::CaseOne => (
                "GET",
                format!(
                    "/api/v1/cases/{}",
                    plan.case_ids[rng.below(plan.case_ids.len())]
                ),
                &plan.tokens.shelter,
                None,
                Vec::new(),
            ),
            Kind::Incidents => (
                "GET",
                "/api/v1/incidents?limit=20".to_string(),
                if rng.below(2) == 0 {
                    &plan.tokens.hub
                } else {
                    &plan.tokens.police
                },
                None,
                Vec::new(),
            ),
            Kind::Search => (
                "GET",
                format!(
                    "/api/v1/incidents?q={}&limit=20",
                    SEARCHES[rng.below(SEARCHES.len())]
                ),
                &plan.tokens.hub,
                None,
                Vec::new(),
            ),
            Kind::Write => {
                let rows = 1 + rng.below(5);
                let mut csv = String::from(MARKED_HEADER);
                let mut markers = Vec::with_capacity(rows);
                for k in 0..rows {
                    let marker = format!("Hubw {}-{i}-{writes}-{k}", plan.run);
                    csv.push_str(&marked_row(&marker, writes + k));
                    markers.push(marker);
                }
                writes += 1;
                (
                    "POST",
                    "/api/v1/cases?format=csv".to_string(),
                    &plan.tokens.shelter,
                    Some(csv.into_bytes()),
                    markers,
                )
            }
        };
        let first = next_node;
        next_node = (next_node + 1) % conns.len();
        let started = Instant::now();
        let answer = call_with_failover(
            &mut conns,
            first,
            method,
            &path,
            token,
            body.as_deref(),
            tally,
        );
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let failure = match &answer {
            Ok((status, body)) if (200..300).contains(status) => {
                if kind == Kind::Write {
                    write_problem(body, markers.len())
                } else {
                    None
                }
            }
            Ok((status, body)) => Some(format!(
                "status {status}: {}",
                String::from_utf8_lossy(&body[..body.len().min(200)])
            )),
            Err(e) => Some(format!("{e:#}")),
        };
        out.timed.push((kind, ms));
        out.sent_at
            .push(started.duration_since(load_began).as_secs_f64());
        match failure {
            None => out.acknowledged.extend(markers),
            Some(why) => {
                tally.error(format!("{method} {path}: {why}"));
                out.errors.push(kind);
                out.unacknowledged.extend(markers);
            }
        }
    }
    out
}

/// A write's report must say every row was stored now or already (a retried write).
fn write_problem(body: &[u8], rows: usize) -> Option<String> {
    let report: serde_json::Value = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => return Some(format!("the import report is not JSON: {e}")),
    };
    // A request retried on the other node after the first stored its rows and died before
    // answering resumes that import: the rows stored before count as stored now.
    let stored = report["imported"].as_u64().unwrap_or(0)
        + report["duplicates"].as_u64().unwrap_or(0)
        + report["resumed"]["stored_before"].as_u64().unwrap_or(0);
    (stored != rows as u64).then(|| format!("{rows} rows sent, report {report}"))
}

/// The request on node `first`; when that connection is refused or breaks, the same request on
/// the other node, as a load balancer retries. A kept-alive connection that broke is opened
/// afresh once before the node counts as failed.
fn call_with_failover(
    conns: &mut [Conn],
    first: usize,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&[u8]>,
    tally: &Tally,
) -> Result<(u16, Vec<u8>)> {
    let mut last = None;
    for step in 0..conns.len() {
        let node = (first + step) % conns.len();
        if step > 0 {
            tally.failovers.fetch_add(1, Ordering::Relaxed);
        }
        let conn = &mut conns[node];
        let reused = conn.is_open();
        match conn.call(method, path, Some(token), body) {
            Ok(answer) => return Ok(answer),
            Err(e) => {
                conn.close();
                if reused {
                    match conn.call(method, path, Some(token), body) {
                        Ok(answer) => return Ok(answer),
                        Err(e) => {
                            conn.close();
                            last = Some(e);
                        }
                    }
                } else {
                    last = Some(e);
                }
            }
        }
    }
    Err(last
        .unwrap_or_else(|| anyhow::anyhow!("no node"))
        .context("failed on every node"))
}

/// HTTP/1.1 on one kept-alive socket.
struct Conn {
    address: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
}

impl Conn {
    fn new(address: SocketAddr) -> Conn {
        Conn {
            address,
            stream: None,
        }
    }

    fn is_open(&self) -> bool {
        self.stream.is_some()
    }

    fn close(&mut self) {
        self.stream = None;
    }

    fn call(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&[u8]>,
    ) -> Result<(u16, Vec<u8>)> {
        if self.stream.is_none() {
            let stream = TcpStream::connect_timeout(&self.address, Duration::from_secs(5))?;
            stream.set_read_timeout(Some(Duration::from_secs(120)))?;
            stream.set_nodelay(true)?;
            self.stream = Some(BufReader::new(stream));
        }
        let Some(reader) = self.stream.as_mut() else {
            bail!("no connection")
        };
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.address);
        if let Some(t) = token {
            head.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        if let Some(b) = body {
            head.push_str(&format!(
                "Content-Type: text/csv\r\nContent-Length: {}\r\n",
                b.len()
            ));
        }
        head.push_str("\r\n");
        let socket = reader.get_mut();
        socket.write_all(head.as_bytes())?;
        if let Some(b) = body {
            socket.write_all(b)?;
        }
        let mut status = String::new();
        if reader.read_line(&mut status)? == 0 {
            bail!("connection closed before an answer");
        }
        let code: u16 = status
            .split_whitespace()
            .nth(1)
            .context("no status")?
            .parse()?;
        let mut length = None;
        let mut chunked = false;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                bail!("connection closed in the headers");
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
                if k == "content-length" {
                    length = Some(v.parse::<usize>()?);
                } else if k == "transfer-encoding" && v.contains("chunked") {
                    chunked = true;
                }
            }
        }
        let mut body = Vec::new();
        if let Some(n) = length {
            body.resize(n, 0);
            reader.read_exact(&mut body)?;
        } else if chunked {
            loop {
                let mut size = String::new();
                reader.read_line(&mut size)?;
                let size = usize::from_str_radix(size.trim(), 16)?;
                let mut chunk = vec![0; size + 2];
                reader.read_exact(&mut chunk)?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        }
        Ok((code, body))
    }
}

// ---------------------------------------------------------------------------------------------
// Figures and checks.

fn percentiles(ms: &mut [f64]) -> Option<(f64, f64, f64)> {
    if ms.is_empty() {
        return None;
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    Some((at(0.5), at(0.95), at(0.99)))
}

fn row(name: &str, ms: &mut [f64], errors: usize, elapsed: f64) -> String {
    match percentiles(ms) {
        Some((p50, p95, p99)) => format!(
            "| {name:<18} | {:>7} | {:>7.1} | {p50:>8.1} | {p95:>8.1} | {p99:>8.1} | {errors:>6} |",
            ms.len(),
            ms.len() as f64 / elapsed
        ),
        None => format!(
            "| {name:<18} | {:>7} | {:>7} | {:>8} | {:>8} | {:>8} | {errors:>6} |",
            0, "-", "-", "-", "-"
        ),
    }
}

fn figures(samples: &[ClientRun], tally: &Tally, elapsed: f64, clients: usize) -> String {
    let mut out = format!(
        "\n{clients} clients for {elapsed:.1} s\n\
         | kind               |   count |   per s | p50 (ms) | p95 (ms) | p99 (ms) | errors |\n\
         |---|---:|---:|---:|---:|---:|---:|\n"
    );
    let timed = |keep: &dyn Fn(Kind) -> bool| -> Vec<f64> {
        samples
            .iter()
            .flat_map(|s| s.timed.iter())
            .filter(|(k, _)| keep(*k))
            .map(|(_, ms)| *ms)
            .collect()
    };
    let errors = |keep: &dyn Fn(Kind) -> bool| -> usize {
        samples
            .iter()
            .flat_map(|s| s.errors.iter())
            .filter(|k| keep(**k))
            .count()
    };
    for kind in Kind::ALL {
        let keep = |k: Kind| k == kind;
        out.push_str(&row(kind.name(), &mut timed(&keep), errors(&keep), elapsed));
        out.push('\n');
    }
    for group in ["reads", "searches", "writes"] {
        let keep = |k: Kind| k.group() == group;
        out.push_str(&row(group, &mut timed(&keep), errors(&keep), elapsed));
        out.push('\n');
    }
    let all = |_: Kind| true;
    out.push_str(&row("all", &mut timed(&all), errors(&all), elapsed));
    if let Ok(kept) = tally.first_errors.lock() {
        for e in kept.iter() {
            out.push_str(&format!("\n  error: {e}"));
        }
    }
    out
}

/// Latency per stretch of the run: whether the p99 comes from the whole run or from the
/// seconds around a crash or the big import. Each request counts in the stretch it was sent in.
fn stretches(samples: &[ClientRun], chaos: &Chaos, elapsed: f64) -> String {
    let mut bounds = vec![
        ("start", 0.0),
        ("job queued", chaos.queued_at),
        ("worker killed", chaos.worker_killed_at),
        ("node 1 killed", chaos.node_killed_at),
        ("node 1 restarted", chaos.node_restarted_at),
        ("restart + 5 s", chaos.node_restarted_at + 5.0),
    ];
    bounds.retain(|(_, at)| *at < elapsed);
    bounds.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut out = String::from(
        "latency per stretch of the run (by when a request was sent)\n\
         | from               |  seconds |   count | p50 (ms) | p95 (ms) | p99 (ms) |  max (ms) | slowest kinds (p99 ms) |\n\
         |---|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for (i, (name, from)) in bounds.iter().enumerate() {
        let to = bounds.get(i + 1).map_or(elapsed, |b| b.1);
        let mut ms: Vec<f64> = samples
            .iter()
            .flat_map(|s| s.timed.iter().zip(&s.sent_at))
            .filter(|(_, at)| **at >= *from && **at < to)
            .map(|((_, ms), _)| *ms)
            .collect();
        let label = format!("{name} ({from:.1} s)");
        let slowest = slowest_kinds(samples, *from, to);
        match percentiles(&mut ms) {
            Some((p50, p95, p99)) => out.push_str(&format!(
                "| {label:<18} | {:>8.1} | {:>7} | {p50:>8.1} | {p95:>8.1} | {p99:>8.1} | {:>9.1} | {slowest} |\n",
                to - from,
                ms.len(),
                ms.last().copied().unwrap_or(0.0)
            )),
            None => out.push_str(&format!(
                "| {label:<18} | {:>8.1} | {:>7} | {:>8} | {:>8} | {:>8} | {:>9} | |\n",
                to - from,
                0,
                "-",
                "-",
                "-",
                "-"
            )),
        }
    }
    out
}

/// The kinds of request of one stretch by their p99, slowest first (the first three): which
/// requests make the stretch's tail.
fn slowest_kinds(samples: &[ClientRun], from: f64, to: f64) -> String {
    let mut kinds: Vec<(f64, &str)> = Kind::ALL
        .iter()
        .filter_map(|kind| {
            let mut ms: Vec<f64> = samples
                .iter()
                .flat_map(|s| s.timed.iter().zip(&s.sent_at))
                .filter(|((k, _), at)| k == kind && **at >= from && **at < to)
                .map(|((_, ms), _)| *ms)
                .collect();
            percentiles(&mut ms).map(|(_, _, p99)| (p99, kind.name()))
        })
        .collect();
    kinds.sort_by(|a, b| b.0.total_cmp(&a.0));
    let named: Vec<String> = kinds
        .iter()
        .take(3)
        .map(|(p99, name)| format!("{name} {p99:.0}"))
        .collect();
    named.join(" · ")
}

fn checks(
    cli: &Cli,
    o: &Options,
    seeded: &Seeded,
    samples: &[ClientRun],
    job: &serde_json::Value,
    chaos: &Chaos,
) -> Result<Vec<(bool, String)>> {
    let mut checks = Vec::new();
    let errors: usize = samples.iter().map(|s| s.errors.len()).sum();
    let requests: usize = samples.iter().map(|s| s.timed.len()).sum();
    checks.push((
        errors == 0,
        format!("zero errors ({errors} of {requests} requests)"),
    ));
    let mut all: Vec<f64> = samples
        .iter()
        .flat_map(|s| s.timed.iter().map(|(_, ms)| *ms))
        .collect();
    let p99 = percentiles(&mut all).map_or(f64::INFINITY, |p| p.2);
    let pacing = match o.think_ms {
        0 => "clients without pauses".to_string(),
        ms => format!("clients pausing {ms} ms on average"),
    };
    checks.push((
        p99 < 200.0,
        format!("p99 < 200 ms (p99 {p99:.1} ms; {pacing})"),
    ));

    let export = cli.dir.join("export.csv");
    cli.run(
        Some(&seeded.tokens.shelter),
        &["export", "cases", "--out", &export.to_string_lossy()],
    )?;
    let stored = read_export(&export)?;
    let acknowledged: Vec<&String> = samples.iter().flat_map(|s| &s.acknowledged).collect();
    let lost = acknowledged
        .iter()
        .filter(|m| stored.names.get(m.as_str()).copied().unwrap_or(0) == 0)
        .count();
    let twice = acknowledged
        .iter()
        .filter(|m| stored.names.get(m.as_str()).copied().unwrap_or(0) > 1)
        .count();
    let unacknowledged_stored = samples
        .iter()
        .flat_map(|s| &s.unacknowledged)
        .filter(|m| stored.names.contains_key(m.as_str()))
        .count();
    checks.push((
        lost == 0 && twice == 0,
        format!(
            "every acknowledged write stored exactly once ({} rows acknowledged: {lost} lost, \
             {twice} stored twice; {unacknowledged_stored} unacknowledged rows stored)",
            acknowledged.len()
        ),
    ));
    checks.push((
        stored.duplicate_rows == 0,
        format!(
            "no duplicate record among the shelter's {} cases ({} rows equal to another but for \
             the id)",
            stored.rows, stored.duplicate_rows
        ),
    ));
    let attempts = job["attempts"].as_u64().unwrap_or(0);
    checks.push((
        job["status"] == "done" && attempts >= 2 && chaos.running_at_kill,
        format!(
            "the interrupted job finished on retry (status {}, attempts {attempts}; running at \
             progress {}/{} when its worker was killed: {})",
            job["status"], chaos.done_at_kill, chaos.total_at_kill, chaos.running_at_kill
        ),
    ));
    let prefix = format!("Bigjob {}-", seeded.run);
    let big_rows: Vec<u64> = stored
        .names
        .iter()
        .filter(|(name, _)| name.starts_with(&prefix))
        .map(|(_, n)| *n)
        .collect();
    let big_once = big_rows.iter().filter(|n| **n == 1).count() as u64;
    checks.push((
        big_rows.len() as u64 == o.big && big_once == o.big,
        format!(
            "the job's {} rows stored once each ({} distinct stored, {} more than once)",
            o.big,
            big_rows.len(),
            big_rows.len() as u64 - big_once
        ),
    ));
    let verify = cli.run(None, &["audit", "verify"]);
    checks.push((
        verify.is_ok(),
        match verify {
            Ok(out) => format!("rastro audit verify: {}", out.trim().replace('\n', "; ")),
            Err(e) => format!("rastro audit verify: {e:#}"),
        },
    ));
    Ok(checks)
}

struct Stored {
    rows: usize,
    /// How many rows carry each first name (the markers are first names).
    names: HashMap<String, u64>,
    duplicate_rows: usize,
}

fn read_export(path: &Path) -> Result<Stored> {
    let mut reader = csv::Reader::from_path(path)
        .with_context(|| format!("reading the export {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let name_at = column("prs_FirstName").context("the export has no prs_FirstName column")?;
    let id_at = column("rastro_id").context("the export has no rastro_id column")?;
    let mut stored = Stored {
        rows: 0,
        names: HashMap::new(),
        duplicate_rows: 0,
    };
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    for record in reader.records() {
        let record = record?;
        stored.rows += 1;
        let name = record.get(name_at).unwrap_or("").to_string();
        *stored.names.entry(name).or_default() += 1;
        let content: Vec<String> = record
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != id_at)
            .map(|(_, v)| v.to_string())
            .collect();
        if !seen.insert(content) {
            stored.duplicate_rows += 1;
        }
    }
    Ok(stored)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
