//! The dashboard under load, on loopback: a store of generated cases and news, the server in
//! this process, and clients on plain sockets. Prints p50/p95/p99 of statistics, search and page
//! calls (first call of each view, then repeated), the bytes of a first dashboard render, a few
//! and then many concurrent signed-in clients for a while with their errors, and the CSV export
//! rate.
//!
//! `cargo run --release -p rastro-web --bin rastro-web-bench -- --cases 1000000 --events 40000`

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use rastro_app::demo::{demo_user, DEMO_PASSWORD};
use rastro_app::{App, Role, StoreUrl};
use rastro_web::{AppState, ServerConfig};

struct Options {
    cases: u64,
    events: usize,
    clients: usize,
    seconds: u64,
    dir: Option<PathBuf>,
}

fn options() -> Result<Options> {
    let mut o = Options {
        cases: 200_000,
        events: 8_000,
        clients: 100,
        seconds: 60,
        dir: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--cases" => o.cases = value()?.parse()?,
            "--events" => o.events = value()?.parse()?,
            "--clients" => o.clients = value()?.parse()?,
            "--seconds" => o.seconds = value()?.parse()?,
            "--dir" => o.dir = Some(PathBuf::from(value()?)),
            other => {
                bail!("unknown flag {other}; flags: --cases --events --clients --seconds --dir")
            }
        }
    }
    Ok(o)
}

fn main() -> Result<()> {
    let o = options()?;
    let temp = tempfile::tempdir()?;
    let dir = o.dir.clone().unwrap_or_else(|| temp.path().join("data"));
    let app = App::open(&StoreUrl::in_data_dir(&dir))?;
    let fresh = app.organisations()?.is_empty();
    if fresh {
        let started = Instant::now();
        rastro_app::demo::run(&app, &dir, o.cases, 2024, &rastro_app::Quiet)?;
        println!(
            "store: {} cases in {:.1} s",
            o.cases,
            started.elapsed().as_secs_f64()
        );
        let started = Instant::now();
        let news = rastro_app::demo_news::news_with(
            &app,
            2024,
            o.events,
            rastro_app::figures::today(),
            &rastro_app::Quiet,
        )?;
        println!(
            "store: {} articles ({} events) extracted, stored and linked in {:.1} s",
            news.articles,
            news.events,
            started.elapsed().as_secs_f64()
        );
    }
    let mut config = ServerConfig::new(dir.join("uploads"));
    config.listen = "127.0.0.1:0".parse()?;
    config.rate_per_minute = u32::MAX;
    config.demo = true;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let app_for_imports = app.clone();
    let running = runtime.block_on(rastro_web::start(AppState::new(app, config)))?;
    let address = running.address;
    println!(
        "server: http://{address}/ on {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    let hub = sign_in(address, &demo_user("obs", Role::HubAnalyst))?;
    let caseworker = sign_in(address, &demo_user("refugio", Role::Caseworker))?;

    let stats: Vec<String> = [
        "/api/v1/stats/counts?by=form",
        "/api/v1/stats/counts?by=country.exploitation&form=SexualExploitation",
        "/api/v1/stats/crosstab?by=form&by2=sex",
        "/api/v1/stats/crosstab?by=citizenship&by2=age_band&from=2022",
        "/api/v1/stats/timeseries?by=form",
        "/api/v1/stats/timeseries?country=PE",
        "/api/v1/stats/flows",
        "/api/v1/stats/flows?form=ForcedLabour",
        "/api/v1/stats/choropleth?layer=citizenship",
        "/api/v1/stats/choropleth?layer=incidents",
    ]
    .map(String::from)
    .to_vec();
    let searches: Vec<String> = [
        "trafico",
        "explotación sexual",
        "rescate",
        "tráfico de personas",
        "trabalho escravo",
        "police",
        "operación",
        "migrantes",
    ]
    .iter()
    .map(|q| {
        format!(
            "/api/v1/incidents?q={}",
            q.replace(' ', "%20")
                .replace('á', "%C3%A1")
                .replace('ó', "%C3%B3")
        )
    })
    .collect();
    let pages: Vec<String> = [
        "/",
        "/map",
        "/routes",
        "/trends?by=form",
        "/cases?by=form&by2=sex",
        "/incidents?q=trafico",
        "/country/CO",
    ]
    .map(String::from)
    .to_vec();

    for (name, paths) in [
        ("statistics", &stats),
        ("search", &searches),
        ("pages", &pages),
    ] {
        let mut client = Client::new(address, &hub);
        let mut first = Vec::new();
        for path in paths.iter() {
            first.push(client.timed_get(path)?);
        }
        let mut repeated = Vec::new();
        for _ in 0..10 {
            for path in paths.iter() {
                repeated.push(client.timed_get(path)?);
            }
        }
        println!("{name:<10} first call  {}", summary(&mut first));
        println!("{name:<10} repeated    {}", summary(&mut repeated));
    }

    // Records added while the server runs: the next calls read only what was added.
    let shelter =
        app_for_imports.sign_in(&demo_user("refugio", Role::Caseworker), DEMO_PASSWORD)?;
    let mut after_import = Vec::new();
    let mut client = Client::new(address, &hub);
    // Names differ from one run to the next, so a store reused with --dir takes them as new.
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for round in 0..3 {
        let file = temp.path().join(format!("added-{round}.csv"));
        std::fs::write(&file, added_cases(&format!("{run}-{round}"), 1_000))?;
        let report = rastro_app::cases::import_cases(
            &shelter,
            &file,
            &rastro_import::ImportOptions::default(),
            None,
            &rastro_app::Quiet,
        )?;
        anyhow::ensure!(report.imported == 1_000, "{} imported", report.imported);
        for path in stats.iter() {
            after_import.push(client.timed_get(path)?);
        }
    }
    println!(
        "statistics after 1,000 cases added (3 rounds)  {}",
        summary(&mut after_import)
    );

    // A first visit: the page and what it loads, compressed as a browser asks for it.
    let mut client = Client::new(address, &hub);
    let started = Instant::now();
    let (_, html) = client.get_bytes("/", true)?;
    let mut total = html.len();
    let html_text = String::from_utf8_lossy(&client.get_bytes("/", false)?.1).into_owned();
    for link in asset_links(&html_text) {
        total += client.get_bytes(&link, true)?.1.len();
    }
    println!(
        "first dashboard render: {:.0} ms, {:.1} KB gzipped (HTML with its SVG charts, CSS, JS)",
        started.elapsed().as_secs_f64() * 1000.0,
        total as f64 / 1024.0
    );

    // Signed-in clients at once, mixing statistics, search and pages: a few (each request's own
    // latency), then many (what queueing on two cores adds, and that nothing fails).
    let mix: Vec<String> = stats
        .iter()
        .chain(&searches)
        .chain(&pages)
        .cloned()
        .collect();
    let kinds = [
        ("statistics", &stats),
        ("search", &searches),
        ("pages", &pages),
    ];
    for (clients, seconds) in [
        (o.clients.min(4), o.seconds.min(20)),
        (o.clients, o.seconds),
    ] {
        let run = load(address, &hub, &mix, clients, seconds);
        let mut all: Vec<f64> = run.timed.iter().map(|(_, ms)| *ms).collect();
        println!(
            "{clients} clients for {seconds} s: {} requests ({:.0}/s), {} errors; {}",
            all.len(),
            all.len() as f64 / run.elapsed,
            run.errors,
            summary(&mut all)
        );
        for (name, paths) in kinds {
            let mut ms: Vec<f64> = run
                .timed
                .iter()
                .filter(|(path, _)| paths.contains(path))
                .map(|(_, ms)| *ms)
                .collect();
            println!("  {clients} clients, {name:<10} {}", summary(&mut ms));
        }
        for error in &run.first_errors {
            println!("  error: {error}");
        }
    }

    // The export: whole records streamed as CSV.
    let mut client = Client::new(address, &caseworker);
    let started = Instant::now();
    let (_, csv) = client.get_bytes("/api/v1/cases?format=csv", false)?;
    let rows = csv
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_sub(1);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "CSV export: {rows} rows, {:.1} MB in {:.2} s = {:.0} rows/s",
        csv.len() as f64 / 1e6,
        seconds,
        rows as f64 / seconds
    );
    running.task.abort();
    Ok(())
}

/// What a load run saw: each request's path and milliseconds, errors, how long it ran.
struct LoadRun {
    timed: Vec<(String, f64)>,
    errors: u64,
    first_errors: Vec<String>,
    elapsed: f64,
}

/// `clients` threads, each on its own kept-alive connection, asking for `mix` in turn for
/// `seconds`; a failed request is counted and its connection opened again.
fn load(
    address: SocketAddr,
    cookie: &str,
    mix: &[String],
    clients: usize,
    seconds: u64,
) -> LoadRun {
    let stop = AtomicBool::new(false);
    let errors = AtomicU64::new(0);
    let first_errors: Mutex<Vec<String>> = Mutex::default();
    let started = Instant::now();
    let timed: Vec<(String, f64)> = std::thread::scope(|threads| {
        let workers: Vec<_> = (0..clients)
            .map(|i| {
                let (stop, errors, first_errors) = (&stop, &errors, &first_errors);
                threads.spawn(move || {
                    let mut client = Client::new(address, cookie);
                    let mut mine = Vec::new();
                    let mut n = i;
                    while !stop.load(Ordering::Relaxed) {
                        let path = &mix[n % mix.len()];
                        n += 7;
                        match client.timed_get(path) {
                            Ok(ms) => mine.push((path.clone(), ms)),
                            Err(e) => {
                                if errors.fetch_add(1, Ordering::Relaxed) < 5 {
                                    if let Ok(mut kept) = first_errors.lock() {
                                        kept.push(format!("{path}: {e:#}"));
                                    }
                                }
                                client = Client::new(address, cookie);
                            }
                        }
                    }
                    mine
                })
            })
            .collect();
        std::thread::sleep(Duration::from_secs(seconds));
        stop.store(true, Ordering::Relaxed);
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    LoadRun {
        timed,
        errors: errors.load(Ordering::Relaxed),
        first_errors: first_errors.into_inner().unwrap_or_default(),
        elapsed: started.elapsed().as_secs_f64(),
    }
}

/// `n` cases a shelter adds, each distinct, in the import's CSV layout.
fn added_cases(round: &str, n: usize) -> String {
    const FORMS: [&str; 4] = [
        "SexualExploitation",
        "ForcedLabour",
        "ForcedBegging",
        "ChildLabour",
    ];
    const COUNTRIES: [&str; 5] = ["PE", "CO", "MX", "BR", "AR"];
    let mut out =
        String::from("prs_FirstName,prs_Gender,vic_TypeOfExploitation,hte_Type,hte_Country\n");
    for i in 0..n {
        out.push_str(&format!(
            "Added {round}-{i},{},{},Exploitation,{}\n",
            if i % 3 == 0 { "Male" } else { "Female" },
            FORMS[i % FORMS.len()],
            COUNTRIES[i % COUNTRIES.len()]
        ));
    }
    out
}

fn asset_links(html: &str) -> Vec<String> {
    html.split('"')
        .filter(|part| part.starts_with("/assets/"))
        .map(str::to_string)
        .collect()
}

fn summary(ms: &mut [f64]) -> String {
    if ms.is_empty() {
        return "no samples".into();
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    format!(
        "n={:<6} p50 {:>7.1} ms  p95 {:>7.1} ms  p99 {:>7.1} ms",
        ms.len(),
        at(0.5),
        at(0.95),
        at(0.99)
    )
}

/// Signs in through the form; returns the session cookie.
fn sign_in(address: SocketAddr, user: &str) -> Result<String> {
    let mut client = Client::new(address, "");
    let (headers, body) = client.request("GET", "/signin", &[], None, false)?;
    let presession = set_cookie(&headers, "rastro_presession").context("no sign-in cookie")?;
    let page = String::from_utf8_lossy(&body);
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).context("no form field")? + marker.len();
    let csrf = &page[start..start + 32];
    let form = format!("csrf={csrf}&user={user}&password={DEMO_PASSWORD}&next=%2F");
    let (headers, _) = client.request(
        "POST",
        "/signin",
        &[
            ("Cookie", format!("rastro_presession={presession}")),
            ("Content-Type", "application/x-www-form-urlencoded".into()),
        ],
        Some(form.as_bytes()),
        false,
    )?;
    let session = set_cookie(&headers, "rastro_session").context("sign-in refused")?;
    Ok(format!("rastro_session={session}"))
}

fn set_cookie(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .filter_map(|(_, v)| v.split(';').next()?.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A response's headers (names lowercased) and body.
type Answer = (Vec<(String, String)>, Vec<u8>);

/// HTTP/1.1 on one kept-alive socket.
struct Client {
    address: SocketAddr,
    cookie: String,
    stream: Option<BufReader<TcpStream>>,
}

impl Client {
    fn new(address: SocketAddr, cookie: &str) -> Client {
        Client {
            address,
            cookie: cookie.to_string(),
            stream: None,
        }
    }

    fn timed_get(&mut self, path: &str) -> Result<f64> {
        let started = Instant::now();
        self.get_bytes(path, true)?;
        Ok(started.elapsed().as_secs_f64() * 1000.0)
    }

    fn get_bytes(&mut self, path: &str, gzip: bool) -> Result<Answer> {
        let cookie = self.cookie.clone();
        let headers = if cookie.is_empty() {
            vec![]
        } else {
            vec![("Cookie", cookie)]
        };
        self.request("GET", path, &headers, None, gzip)
    }

    fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, String)],
        body: Option<&[u8]>,
        gzip: bool,
    ) -> Result<Answer> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(self.address)?;
            stream.set_read_timeout(Some(Duration::from_secs(120)))?;
            stream.set_nodelay(true)?;
            self.stream = Some(BufReader::new(stream));
        }
        let Some(reader) = self.stream.as_mut() else {
            bail!("no connection")
        };
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.address);
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if gzip {
            head.push_str("Accept-Encoding: gzip\r\n");
        }
        if let Some(b) = body {
            head.push_str(&format!("Content-Length: {}\r\n", b.len()));
        }
        head.push_str("\r\n");
        let socket = reader.get_mut();
        socket.write_all(head.as_bytes())?;
        if let Some(b) = body {
            socket.write_all(b)?;
        }
        let mut status = String::new();
        reader.read_line(&mut status)?;
        let code: u16 = status
            .split_whitespace()
            .nth(1)
            .context("no status")?
            .parse()?;
        let mut response_headers = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                response_headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let header = |name: &str| {
            response_headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let mut body = Vec::new();
        if let Some(length) = header("content-length") {
            body.resize(length.parse()?, 0);
            reader.read_exact(&mut body)?;
        } else if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
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
        if !(200..400).contains(&code) {
            bail!("{method} {path}: status {code}");
        }
        Ok((response_headers, body))
    }
}
