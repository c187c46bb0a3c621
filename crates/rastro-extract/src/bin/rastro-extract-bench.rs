//! Throughput benchmark for the extractor: generates a pool of 2–4 KB news-like articles in
//! Spanish, Portuguese and English, extracts ≥ 50,000 of them on one thread, and prints
//! articles/s, MB/s, latency percentiles and peak RSS.
//!
//! `cargo run --release -p rastro-extract --bin rastro-extract-bench [ARTICLES]`
//!
//! `… rastro-extract-bench --write-jsonl FILE [ARTICLES]` writes ARTICLES of the same articles
//! (the pool repeated) as JSON lines instead, for timing the whole process (`rastro extract FILE`)
//! and for checking that a change leaves every answer as it was.
//!
//! `… rastro-extract-bench --extract FILE…` prints the incident of every article in the files
//! (plain text, HTML or JSON lines), one JSON line each in the files' order, as `rastro extract`
//! does: a quick way to compare answers before and after a change without building the CLI.
//!
//! `… rastro-extract-bench --rules-only [ARTICLES]` times the rules alone, without the learned
//! count scorer, for measuring what the scorer costs.
//!
//! `… rastro-extract-bench --score GOLD DIR [--totals-only] [--coverage]` scores the `.txt`
//! articles of DIR against GOLD as `rastro eval extract` does; `--totals-only` leaves out the
//! disagreements (for a held-out set, whose articles nobody tuning the rules may read);
//! `--coverage` adds how many gold counts are among the counts read before choosing.
//!
//! `… rastro-extract-bench --agree FIRST SECOND [--totals-only]` scores a second annotator's gold
//! lines against the first's in the same way: how far two people agree is what extraction can be
//! asked to reach.

use std::time::{Duration, Instant};

use rastro_extract::{extract, Article, Decision, Extractor};

const POOL: usize = 600;
const DEFAULT_ARTICLES: usize = 60_000;

/// A small deterministic generator so that every run measures the same articles.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
    fn num(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

const ES_PLACES: &[&str] = &[
    "Bogotá",
    "Lima",
    "Buenos Aires",
    "Ciudad de México",
    "Madrid",
    "Quito",
    "Caracas",
    "Santiago de Chile",
    "Asunción",
    "Tegucigalpa",
];
const PT_PLACES: &[&str] = &[
    "São Paulo",
    "Recife",
    "Manaus",
    "Belém",
    "Lisboa",
    "Porto Alegre",
    "Goiânia",
    "Boa Vista",
];
const EN_PLACES: &[&str] = &[
    "Houston",
    "Miami",
    "New York",
    "Panama City",
    "Bogotá",
    "Lima",
    "Santo Domingo",
    "Guatemala City",
];
const ES_NAT: &[&str] = &[
    "venezolanas",
    "colombianos",
    "peruanas",
    "haitianos",
    "paraguayas",
    "dominicanos",
];
const PT_NAT: &[&str] = &[
    "venezuelanas",
    "bolivianos",
    "haitianos",
    "paraguaias",
    "brasileiras",
];
const EN_NAT: &[&str] = &[
    "Venezuelan",
    "Colombian",
    "Honduran",
    "Guatemalan",
    "Haitian",
    "Mexican",
];
const ES_FORMS: &[&str] = &[
    "explotación sexual",
    "explotación laboral",
    "trabajos forzados",
    "mendicidad forzada",
    "servidumbre doméstica",
];
const PT_FORMS: &[&str] = &[
    "exploração sexual",
    "trabalho escravo",
    "condições análogas à escravidão",
    "exploração laboral",
];
const EN_FORMS: &[&str] = &[
    "sexual exploitation",
    "forced labour",
    "forced begging",
    "debt bondage",
    "domestic servitude",
];

fn spanish(r: &mut Rng) -> (String, String) {
    let place = r.pick(ES_PLACES);
    let title = format!(
        "Rescatan a {} víctimas de {} en {}",
        r.num(3, 400),
        r.pick(ES_FORMS),
        place
    );
    let mut body = String::new();
    while body.len() < r.num(2000, 3800) as usize {
        body.push_str(&format!(
            "La Policía Nacional liberó a {} mujeres {} que eran sometidas a {} en locales de {}. \
             En la operación {} fueron detenidas {} personas, entre ellas {} cabecillas de la red, \
             que captaba a las víctimas mediante ofertas de empleo falsas en redes sociales. \
             Según la Fiscalía, las mujeres contraían una deuda y les retenían los pasaportes. \
             Los investigadores incautaron {} dólares y más de {} millones de pesos.\n",
            r.num(2, 300),
            r.pick(ES_NAT),
            r.pick(ES_FORMS),
            r.pick(ES_PLACES),
            r.pick(&["Tormenta", "Liberación", "Ébano", "Cóndor II"]),
            r.num(2, 90),
            r.num(1, 5),
            r.num(1_000, 90_000),
            r.num(1, 40)
        ));
    }
    (title, body)
}

fn portuguese(r: &mut Rng) -> (String, String) {
    let title = format!(
        "PF resgata {} vítimas de {} em {}",
        r.num(3, 400),
        r.pick(PT_FORMS),
        r.pick(PT_PLACES)
    );
    let mut body = String::new();
    while body.len() < r.num(2000, 3800) as usize {
        body.push_str(&format!(
            "A Polícia Federal deflagrou a Operação {} e prendeu {} suspeitos de {} de trabalhadores {} \
             em fazendas de {}. Segundo a PF, o grupo aliciava as vítimas com falsas promessas de emprego \
             e retinha os documentos. Foram apreendidos R$ {} mil e {} veículos.\n",
            r.pick(&["Tauéma", "Bisturi", "Resgate", "Ônix"]), r.num(2, 60), r.pick(PT_FORMS),
            r.pick(PT_NAT), r.pick(PT_PLACES), r.num(10, 900), r.num(1, 9)
        ));
    }
    (title, body)
}

fn english(r: &mut Rng) -> (String, String) {
    let title = format!(
        "Police rescue {} victims of {} in {}",
        r.num(3, 400),
        r.pick(EN_FORMS),
        r.pick(EN_PLACES)
    );
    let mut body = String::new();
    while body.len() < r.num(2000, 3800) as usize {
        body.push_str(&format!(
            "Authorities freed {} {} nationals held in {} near {}, and {} suspects were arrested \
             during Operation {}. Prosecutors said the ring recruited victims through social media \
             ads, confiscated their passports and charged each of them up to ${} for the journey to \
             the United States. Nearly {} irregular migrants were detected.\n",
            r.num(2, 300), r.pick(EN_NAT), r.pick(EN_FORMS), r.pick(EN_PLACES), r.num(2, 80),
            r.pick(&["Turquesa VI", "Spartacus IV", "Liberterra III", "Cross Country"]),
            r.num(1_000, 20_000), r.num(100, 20_000)
        ));
    }
    (title, body)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[idx]
}

fn rss_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Nanoseconds this thread has run on a CPU (Linux); on a machine shared with other jobs this
/// is the fair measure, where wall time also counts the time spent waiting for a core.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn write_jsonl(path: &str, pool: &[Article], total: usize) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for i in 0..total {
        let a = &pool[i % POOL];
        let line = serde_json::json!({
            "id": format!("{}-{}", a.id, i / POOL),
            "title": a.title,
            "text": a.text,
        });
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn extract_files(paths: &[String]) -> std::io::Result<()> {
    use rastro_extract::input::{decode, Format};
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut extractor = Extractor::new();
    let mut line = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path)?;
        let stem = std::path::Path::new(path)
            .file_stem()
            .map_or_else(|| path.clone(), |s| s.to_string_lossy().into_owned());
        let head = &bytes[..bytes.len().min(8192)];
        let decoded = decode(&stem, Format::detect(path, head), &bytes);
        for article in &decoded.articles {
            line.clear();
            extractor.extract(article).write_json(&mut line);
            line.push(b'\n');
            out.write_all(&line)?;
        }
    }
    out.flush()
}

fn score(args: &[String]) -> Result<(), String> {
    use rastro_extract::eval::{evaluate, parse_gold};
    use rastro_extract::input::{decode, Format};
    let [gold, dir, rest @ ..] = args else {
        return Err("--score needs GOLD and DIR".into());
    };
    let totals_only = rest.iter().any(|a| a == "--totals-only");
    let with_coverage = rest.iter().any(|a| a == "--coverage");
    let gold_text = std::fs::read_to_string(gold).map_err(|e| format!("{gold}: {e}"))?;
    let (gold, errors) = parse_gold(&gold_text);
    if let Some(e) = errors.first() {
        return Err(e.to_string());
    }
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{dir}: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut incidents = Vec::new();
    let mut candidates = Vec::new();
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let decoded = decode(&stem, Format::Text, &bytes);
        incidents.extend(decoded.articles.iter().map(extract));
        if with_coverage {
            candidates.extend(
                decoded
                    .articles
                    .iter()
                    .map(|a| (a.id.clone(), rastro_extract::count_candidates(a))),
            );
        }
    }
    let mut report = evaluate(&gold, &incidents);
    if totals_only {
        report.disagreements.clear();
    }
    print!("{}", report.render());
    if with_coverage {
        let cov = rastro_extract::eval::coverage(&gold, &candidates);
        print!("{}", cov.render(!totals_only));
    }
    Ok(())
}

fn agree(args: &[String]) -> Result<(), String> {
    use rastro_extract::eval::{agreement, parse_gold};
    let [first, second, rest @ ..] = args else {
        return Err("--agree needs FIRST and SECOND gold files".into());
    };
    let read = |path: &String| -> Result<Vec<rastro_extract::eval::Gold>, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let (gold, errors) = parse_gold(&text);
        match errors.first() {
            Some(e) => Err(format!("{path}: {e}")),
            None => Ok(gold),
        }
    };
    let mut report = agreement(&read(first)?, &read(second)?);
    if rest.iter().any(|a| a == "--totals-only") {
        report.disagreements.clear();
    }
    print!("{}", report.render());
    Ok(())
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--agree") {
        if let Err(e) = agree(&args[1..]) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        return;
    }
    if args.first().is_some_and(|a| a == "--score") {
        if let Err(e) = score(&args[1..]) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        return;
    }
    if args.first().is_some_and(|a| a == "--extract") {
        if let Err(e) = extract_files(&args[1..]) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        return;
    }
    let jsonl_out = match args.iter().position(|a| a == "--write-jsonl") {
        Some(i) if i + 1 < args.len() => {
            let path = args.remove(i + 1);
            args.remove(i);
            Some(path)
        }
        Some(_) => {
            eprintln!("--write-jsonl needs a file");
            std::process::exit(2);
        }
        None => None,
    };
    let rules_only = match args.iter().position(|a| a == "--rules-only") {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    };
    let total: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(DEFAULT_ARTICLES);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let pool: Vec<Article> = (0..POOL)
        .map(|i| {
            let (title, text) = match i % 3 {
                0 => spanish(&mut rng),
                1 => portuguese(&mut rng),
                _ => english(&mut rng),
            };
            Article {
                id: format!("bench-{i}"),
                title: Some(title),
                text,
                ..Article::default()
            }
        })
        .collect();
    if let Some(path) = jsonl_out {
        if let Err(e) = write_jsonl(&path, &pool, total) {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
        return;
    }
    let pool_bytes: usize = pool.iter().map(|a| a.full_text().len()).sum();

    // The first call loads the gazetteer and compiles the cue tables.
    let load = Instant::now();
    let warm = extract(&pool[0]);
    let load_time = load.elapsed();

    // One extractor for the whole run, as the CLI keeps one for a file of articles.
    let mut extractor = if rules_only {
        Extractor::with_learned_counts([Decision::RULES; 2])
    } else {
        Extractor::new()
    };
    let mut latencies = Vec::with_capacity(total);
    let mut bytes = 0usize;
    let mut checksum = warm.countries.len();
    let mut slowest = (Duration::ZERO, 0usize);
    let cpu_start = thread_cpu_ns();
    let start = Instant::now();
    for i in 0..total {
        let article = &pool[i % POOL];
        let t = Instant::now();
        let inc = extractor.extract(article);
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, i % POOL);
        }
        latencies.push(took);
        bytes += article.text.len() + article.title.as_ref().map_or(0, |t| t.len() + 2);
        checksum += inc.countries.len() + inc.evidence.len();
    }
    let elapsed = start.elapsed();
    let cpu = thread_cpu_ns()
        .zip(cpu_start)
        .map(|(end, begin)| end.saturating_sub(begin) as f64 / 1e9);
    latencies.sort();
    let secs = elapsed.as_secs_f64();
    println!(
        "rastro-extract bench: {total} articles ({POOL} distinct, mean {:.0} bytes), one thread",
        pool_bytes as f64 / POOL as f64
    );
    println!(
        "first call (gazetteer + cue tables load): {:.1} ms",
        load_time.as_secs_f64() * 1e3
    );
    println!("total: {secs:.2} s");
    println!(
        "throughput: {:.0} articles/s, {:.2} MB/s",
        total as f64 / secs,
        bytes as f64 / secs / 1e6
    );
    match cpu {
        Some(c) if c > 0.0 => println!(
            "CPU time: {c:.2} s, {:.0} articles per CPU-second",
            total as f64 / c
        ),
        _ => println!("CPU time: not available on this platform"),
    }
    println!(
        "latency per article: median {:.1} µs, p90 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        percentile(&latencies, 0.5).as_secs_f64() * 1e6,
        percentile(&latencies, 0.9).as_secs_f64() * 1e6,
        percentile(&latencies, 0.99).as_secs_f64() * 1e6,
        percentile(&latencies, 1.0).as_secs_f64() * 1e6
    );
    println!(
        "slowest: {} ({:.1} µs, {} bytes)",
        pool[slowest.1].id,
        slowest.0.as_secs_f64() * 1e6,
        pool[slowest.1].full_text().len()
    );
    match (rss_kib("VmHWM:"), rss_kib("VmRSS:")) {
        (Some(peak), Some(now)) => println!(
            "RSS: peak {:.1} MB, now {:.1} MB",
            peak as f64 / 1024.0,
            now as f64 / 1024.0
        ),
        _ => println!("RSS: not available on this platform"),
    }
    println!("(checksum {checksum})");
}
