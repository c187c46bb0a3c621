//! Benchmark of the linkage engine on generated Latin American person records with known
//! duplicates: typos, dropped accents, a missing second surname, swapped given name and surname,
//! swapped day and month, one changed date part. Deduplicates them with the built-in person
//! configuration and prints time per stage, peak memory and precision/recall/F1 against the truth.
//!
//! `cargo run --release -p rastro-link --bin rastro-link-bench -- [RECORDS] [RUNS] [CSV]`
//! (default 1,000,000 records, 1 run; with several runs the median time is printed). With CSV,
//! the generated records are also written there, to time `rastro link` on them end to end.
//! With `RASTRO_BENCH_RULE_RECALL=1` it also prints, per blocking rule, the true pairs only that
//! rule finds (what dropping it would cost).

use std::collections::HashMap;
use std::time::Instant;

use rastro_link::em::SplitMix64;
use rastro_link::{LinkConfig, Progress, Records, Stage, Table};

/// Prints when each stage starts, relative to the start of the run: the time before the first
/// stage is preparation and blocking.
struct Timing(Instant);

impl Progress for Timing {
    fn start(&self, stage: Stage, total: u64) {
        println!(
            "  {:7.2} s  {stage:?} starts ({total})",
            self.0.elapsed().as_secs_f64()
        );
    }
}

const GIVEN: &[(&str, u32)] = &[
    ("María", 60),
    ("José", 50),
    ("Juan", 45),
    ("Ana", 35),
    ("Luis", 30),
    ("Carlos", 30),
    ("Jorge", 22),
    ("Rosa", 22),
    ("Carmen", 20),
    ("Pedro", 20),
    ("Miguel", 18),
    ("Jesús", 16),
    ("Francisco", 16),
    ("Antonio", 15),
    ("Manuel", 15),
    ("Lucía", 14),
    ("Sofía", 14),
    ("Valentina", 13),
    ("Camila", 13),
    ("Daniela", 12),
    ("Gabriela", 12),
    ("Fernanda", 11),
    ("Alejandro", 11),
    ("Andrés", 11),
    ("Diego", 11),
    ("Javier", 10),
    ("Ricardo", 10),
    ("Fernando", 10),
    ("Patricia", 10),
    ("Marta", 9),
    ("Elena", 9),
    ("Isabel", 9),
    ("Teresa", 8),
    ("Gloria", 8),
    ("Yolanda", 8),
    ("Ximena", 7),
    ("Jimena", 7),
    ("Guadalupe", 7),
    ("Raúl", 7),
    ("Sergio", 7),
    ("Víctor", 7),
    ("Eduardo", 7),
    ("Roberto", 7),
    ("Julio", 6),
    ("César", 6),
    ("Óscar", 6),
    ("Héctor", 6),
    ("Iván", 5),
    ("Wilson", 5),
    ("Yesenia", 5),
    ("Maribel", 5),
    ("Nelson", 5),
    ("Edwin", 5),
    ("Wendy", 5),
    ("Kevin", 5),
    ("Brayan", 4),
    ("Yuliana", 4),
    ("Leidy", 4),
    ("Johana", 4),
    ("Yenifer", 4),
    ("Joao", 4),
    ("Gonçalo", 3),
    ("Thiago", 3),
    ("Vanessa", 4),
    ("Lorena", 4),
    ("Paola", 4),
    ("Natalia", 4),
    ("Adriana", 4),
    ("Milagros", 3),
    ("Rocío", 3),
    ("Esperanza", 3),
    ("Consuelo", 3),
    ("Dolores", 3),
    ("Mercedes", 3),
    ("Ramiro", 3),
    ("Rodrigo", 3),
    ("Gustavo", 3),
    ("Hugo", 3),
    ("Mauricio", 3),
    ("Esteban", 3),
    ("Cristian", 3),
    ("Jhon", 3),
    ("Stiven", 2),
    ("Anderson", 2),
    ("Yeison", 2),
    ("Deisy", 2),
    ("Sebastián", 3),
    ("Mateo", 3),
    ("Santiago", 3),
    ("Emiliano", 2),
    ("Renata", 2),
    ("Regina", 2),
    ("Xiomara", 2),
    ("Nayeli", 2),
    ("Itzel", 2),
    ("Wilmer", 2),
    ("Élmer", 2),
];

const SURNAMES: &[(&str, u32)] = &[
    ("García", 60),
    ("Rodríguez", 45),
    ("González", 45),
    ("Hernández", 40),
    ("López", 40),
    ("Martínez", 38),
    ("Pérez", 36),
    ("Sánchez", 34),
    ("Ramírez", 30),
    ("Torres", 28),
    ("Flores", 26),
    ("Rivera", 24),
    ("Gómez", 24),
    ("Díaz", 22),
    ("Cruz", 20),
    ("Morales", 20),
    ("Reyes", 19),
    ("Gutiérrez", 18),
    ("Ortiz", 17),
    ("Chávez", 16),
    ("Ramos", 16),
    ("Ruiz", 15),
    ("Mendoza", 15),
    ("Álvarez", 15),
    ("Castillo", 14),
    ("Jiménez", 14),
    ("Vásquez", 14),
    ("Moreno", 13),
    ("Romero", 13),
    ("Herrera", 13),
    ("Medina", 12),
    ("Aguilar", 12),
    ("Vargas", 12),
    ("Castro", 12),
    ("Guzmán", 11),
    ("Salazar", 11),
    ("Rojas", 11),
    ("Muñoz", 11),
    ("Contreras", 10),
    ("Quispe", 10),
    ("Mamani", 10),
    ("Huamán", 8),
    ("Condori", 8),
    ("Silva", 9),
    ("Santos", 9),
    ("Oliveira", 8),
    ("Souza", 8),
    ("Ferreira", 7),
    ("Gonçalves", 7),
    ("Carvalho", 6),
    ("Peña", 8),
    ("Cabrera", 7),
    ("Carrillo", 7),
    ("Delgado", 7),
    ("Espinoza", 7),
    ("Sandoval", 6),
    ("Villanueva", 6),
    ("Valencia", 6),
    ("Zapata", 6),
    ("Cárdenas", 6),
    ("Bermúdez", 5),
    ("Benítez", 5),
    ("Acosta", 5),
    ("Ayala", 5),
    ("Barrios", 5),
    ("Campos", 5),
    ("Cortés", 5),
    ("Escobar", 5),
    ("Estrada", 5),
    ("Fuentes", 5),
    ("Ibarra", 4),
    ("Lara", 4),
    ("León", 4),
    ("Luna", 4),
    ("Maldonado", 4),
    ("Mejía", 4),
    ("Miranda", 4),
    ("Molina", 4),
    ("Navarro", 4),
    ("Núñez", 4),
    ("Orozco", 4),
    ("Pacheco", 4),
    ("Paredes", 4),
    ("Ponce", 4),
    ("Quintero", 4),
    ("Ríos", 4),
    ("Rosales", 4),
    ("Salinas", 4),
    ("Sosa", 4),
    ("Suárez", 4),
    ("Valdez", 4),
    ("Vega", 4),
    ("Velásquez", 4),
    ("Zambrano", 3),
    ("Yupanqui", 2),
    ("Ccori", 2),
    ("Huanca", 3),
    ("Apaza", 3),
    ("Choque", 3),
    ("Ticona", 2),
    ("Xavier", 2),
    ("Bautista", 3),
    ("Cisneros", 3),
    ("Figueroa", 3),
    ("Guerrero", 3),
    ("Montoya", 3),
    ("Ochoa", 3),
    ("Padilla", 3),
    ("Palacios", 3),
    ("Rincón", 2),
    ("Serrano", 3),
    ("Solís", 3),
    ("Tapia", 3),
    ("Trujillo", 3),
    ("Urbina", 2),
    ("Vallejo", 2),
    ("Zúñiga", 3),
    ("Villalobos", 2),
    ("Arias", 3),
    ("Bravo", 3),
    ("Calderón", 3),
    ("Cano", 2),
    ("Córdoba", 2),
    ("Duarte", 2),
    ("Franco", 2),
    ("Galindo", 2),
    ("Hidalgo", 2),
    ("Jaramillo", 2),
    ("Lozano", 2),
    ("Márquez", 2),
    ("Mora", 2),
    ("Osorio", 2),
    ("Pineda", 2),
    ("Quiroga", 2),
    ("Restrepo", 2),
    ("Saavedra", 2),
    ("Toledo", 2),
    ("Uribe", 2),
    ("Vera", 2),
    ("Zamora", 2),
];

const NATIONALITIES: &[(&str, u32)] = &[
    ("VE", 30),
    ("CO", 20),
    ("PE", 12),
    ("EC", 8),
    ("BO", 6),
    ("PY", 5),
    ("HT", 5),
    ("GT", 5),
    ("HN", 5),
    ("MX", 4),
    ("DO", 3),
    ("BR", 3),
    ("AR", 2),
];

struct Weighted<'a> {
    items: &'a [(&'a str, u32)],
    cumulative: Vec<u32>,
}

impl<'a> Weighted<'a> {
    fn new(items: &'a [(&'a str, u32)]) -> Self {
        let mut total = 0;
        let cumulative = items
            .iter()
            .map(|(_, w)| {
                total += w;
                total
            })
            .collect();
        Weighted { items, cumulative }
    }

    fn pick(&self, rng: &mut SplitMix64) -> &'a str {
        let total = *self.cumulative.last().unwrap_or(&1);
        let x = rng.below(total as usize) as u32;
        let i = self.cumulative.partition_point(|&c| c <= x);
        self.items[i.min(self.items.len() - 1)].0
    }
}

struct Person {
    given: String,
    surname: String,
    day: u8,
    month: u8,
    year: u16,
    gender: &'static str,
    nationality: String,
}

fn chance(rng: &mut SplitMix64, p: f64) -> bool {
    (rng.below(1_000_000) as f64) < p * 1_000_000.0
}

/// One keyboard slip: a substituted, dropped, doubled or transposed letter.
fn typo(rng: &mut SplitMix64, word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 {
        return word.to_string();
    }
    let i = 1 + rng.below(chars.len() - 1);
    match rng.below(4) {
        0 => chars[i] = (b'a' + rng.below(26) as u8) as char,
        1 => {
            chars.remove(i);
        }
        2 => chars.insert(i, chars[i]),
        _ => chars.swap(i - 1, i),
    }
    chars.into_iter().collect()
}

fn strip_accents(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' | 'Ó' => 'o',
            'ú' => 'u',
            'É' => 'E',
            'Á' => 'A',
            _ => c,
        })
        .collect()
}

fn corrupt(rng: &mut SplitMix64, p: &Person) -> Person {
    let mut given = p.given.clone();
    let mut surname = p.surname.clone();
    let (mut day, mut month, mut year) = (p.day, p.month, p.year);
    if chance(rng, 0.5) {
        given = strip_accents(&given);
        surname = strip_accents(&surname);
    }
    if chance(rng, 0.3) {
        given = typo(rng, &given);
    }
    if chance(rng, 0.3) {
        surname = typo(rng, &surname);
    }
    if chance(rng, 0.3) {
        surname = surname.split(' ').next().unwrap_or_default().to_string();
    }
    if chance(rng, 0.2) {
        given = given.to_uppercase();
        surname = surname.to_uppercase();
    }
    if chance(rng, 0.05) {
        std::mem::swap(&mut given, &mut surname);
    }
    if day <= 12 && day != month && chance(rng, 0.1) {
        std::mem::swap(&mut day, &mut month);
    } else if chance(rng, 0.1) {
        match rng.below(3) {
            0 => day = 1 + rng.below(28) as u8,
            1 => month = 1 + rng.below(12) as u8,
            _ => year = year.wrapping_add(1),
        }
    }
    Person {
        given,
        surname,
        day,
        month,
        year,
        gender: p.gender,
        nationality: if chance(rng, 0.05) {
            String::new()
        } else {
            p.nationality.clone()
        },
    }
}

/// Generated records and each record's entity.
fn generate(n: usize, seed: u64) -> (Table, Vec<u32>) {
    let mut rng = SplitMix64(seed);
    let given = Weighted::new(GIVEN);
    let surnames = Weighted::new(SURNAMES);
    let nationalities = Weighted::new(NATIONALITIES);
    let columns: Vec<String> = [
        "given_name",
        "surname",
        "date_of_birth",
        "gender",
        "nationality",
    ]
    .map(String::from)
    .to_vec();
    let mut table = Table::new("generated", &columns);
    let mut entity = Vec::with_capacity(n);
    let originals = n * 4 / 5;
    let mut people = Vec::with_capacity(originals);
    for _ in 0..originals {
        let first = given.pick(&mut rng);
        let first = if chance(&mut rng, 0.25) {
            format!("{first} {}", given.pick(&mut rng))
        } else {
            first.to_string()
        };
        let surname = format!("{} {}", surnames.pick(&mut rng), surnames.pick(&mut rng));
        people.push(Person {
            given: first,
            surname,
            day: 1 + rng.below(28) as u8,
            month: 1 + rng.below(12) as u8,
            year: 1950 + rng.below(60) as u16,
            gender: if rng.below(2) == 0 { "F" } else { "M" },
            nationality: nationalities.pick(&mut rng).to_string(),
        });
    }
    let push = |table: &mut Table, id: usize, p: &Person| {
        let date = format!("{:02}/{:02}/{}", p.day, p.month, p.year);
        table.push_row(
            &format!("r{id}"),
            &[&p.given, &p.surname, &date, p.gender, &p.nationality],
        );
    };
    for (i, p) in people.iter().enumerate() {
        push(&mut table, i, p);
        entity.push(i as u32);
    }
    for id in originals..n {
        let of = rng.below(originals);
        let dup = corrupt(&mut rng, &people[of]);
        push(&mut table, id, &dup);
        entity.push(of as u32);
    }
    (table, entity)
}

fn write_csv(table: &Table, path: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "id,{}", table.columns.join(","))?;
    for row in 0..table.len() {
        write!(out, "{}", table.ids.get(row))?;
        for column in &table.values {
            write!(out, ",{}", column.get(row))?;
        }
        writeln!(out)?;
    }
    out.flush()
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1).max(1);
    // Another configuration (same columns) can be benchmarked on the same records.
    let custom = std::env::var("RASTRO_BENCH_CONFIG").ok().map(|path| {
        std::fs::read_to_string(&path)
            .map_err(|e| rastro_link::LinkError::Invalid(format!("{path}: {e}")))
            .and_then(|text| LinkConfig::from_toml(&text, &path))
    });
    let mut config = match custom.unwrap_or_else(LinkConfig::default_person) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("built-in configuration: {e}");
            std::process::exit(1);
        }
    };
    // A different threshold shows how much of the recall is lost to blocking, not to scoring.
    if let Some(t) = std::env::var("RASTRO_BENCH_THRESHOLD")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        config.threshold = t;
    }
    let started = Instant::now();
    let (table, entity) = generate(n, 20_261_123);
    println!(
        "generated {n} records ({} duplicates) in {:.2} s",
        n - n * 4 / 5,
        started.elapsed().as_secs_f64()
    );
    let mut true_pairs: u64 = 0;
    let mut sizes: HashMap<u32, u64> = HashMap::new();
    for &e in &entity {
        *sizes.entry(e).or_default() += 1;
    }
    for &s in sizes.values() {
        true_pairs += s * (s - 1) / 2;
    }
    if let Some(path) = args.next() {
        if let Err(e) = write_csv(&table, &path) {
            eprintln!("writing {path}: {e}");
            std::process::exit(1);
        }
        println!("wrote the generated records to {path}");
    }
    let records = Records::dedupe(table);
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        // The previous run's result is dropped first, so peak memory is one run's.
        drop(last.take());
        let t = Instant::now();
        match rastro_link::link(&config, &records, &Timing(t)) {
            Ok(linkage) => {
                times.push(t.elapsed().as_secs_f64());
                last = Some(linkage);
            }
            Err(e) => {
                eprintln!("linkage failed: {e}");
                std::process::exit(1);
            }
        }
    }
    let Some(linkage) = last else { return };
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let tp = linkage
        .matches
        .iter()
        .filter(|m| entity[m.left as usize] == entity[m.right as usize])
        .count() as f64;
    // A match's explanation must add up to its weight, whatever order the engine held rows in.
    for m in linkage.matches.iter().take(100) {
        let w = linkage.waterfall(&records, &config, m.left as usize, m.right as usize);
        if (w.weight - m.weight).abs() > 1e-9 {
            eprintln!(
                "waterfall of ({}, {}) gives {} where the match has {}",
                m.left, m.right, w.weight, m.weight
            );
            std::process::exit(1);
        }
    }
    let predicted = linkage.matches.len() as f64;
    let precision = if predicted > 0.0 { tp / predicted } else { 0.0 };
    let recall = tp / true_pairs.max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    println!(
        "threads: {}; candidate pairs: {}; matches: {}; true pairs: {true_pairs}",
        rayon::current_num_threads(),
        linkage.candidate_pairs,
        linkage.matches.len()
    );
    for rule in &linkage.rules {
        println!(
            "  rule `{}`: {} new pairs, {} capped blocks",
            rule.rule, rule.new_pairs, rule.capped_blocks
        );
    }
    println!(
        "dedupe time (median of {runs}): {median:.2} s = {:.0} records/s",
        n as f64 / median
    );
    println!("precision {precision:.4}  recall {recall:.4}  F1 {f1:.4}");
    // Off by default: it holds every rule's keys at once, which would add to the peak memory.
    if std::env::var_os("RASTRO_BENCH_RULE_RECALL").is_some() {
        rule_recall(&config, &records, &entity, &linkage);
    }
    match peak_rss_mib() {
        Some(mib) => println!("peak RSS: {mib:.0} MiB"),
        None => println!("peak RSS: unknown"),
    }
}

/// For each blocking rule: the pairs its blocks hold on their own, the true pairs it finds, the
/// true pairs no other rule finds, and how many of those the run matched (what dropping the rule
/// would cost). Also the true pairs that no rule finds (the ceiling blocking puts on recall).
fn rule_recall(
    config: &LinkConfig,
    records: &Records,
    entity: &[u32],
    linkage: &rastro_link::Linkage,
) {
    let keys: Vec<Vec<u64>> = config
        .blocking
        .iter()
        .map(|rule| rastro_link::block_values::block_keys(rule, config, records))
        .collect();
    let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, &e) in entity.iter().enumerate() {
        members.entry(e).or_default().push(i as u32);
    }
    let matched: std::collections::HashSet<(u32, u32)> =
        linkage.matches.iter().map(|m| (m.left, m.right)).collect();
    let rules = keys.len();
    let (mut found, mut only, mut only_matched) =
        (vec![0u64; rules], vec![0u64; rules], vec![0u64; rules]);
    let mut missed = 0u64;
    for group in members.values().filter(|g| g.len() > 1) {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                let hits: Vec<usize> = (0..rules)
                    .filter(|&r| {
                        let k = keys[r][a as usize];
                        k != 0 && k == keys[r][b as usize]
                    })
                    .collect();
                for &r in &hits {
                    found[r] += 1;
                }
                match hits.as_slice() {
                    [] => missed += 1,
                    [r] => {
                        only[*r] += 1;
                        if matched.contains(&(a.min(b), a.max(b))) {
                            only_matched[*r] += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    println!("true pairs per rule (pairs in its blocks / true pairs found / found by no other rule / of those matched):");
    for (r, rule) in config.blocking.iter().enumerate() {
        let mut sizes: HashMap<u64, u64> = HashMap::new();
        for &k in keys[r].iter().filter(|&&k| k != 0) {
            *sizes.entry(k).or_default() += 1;
        }
        let pairs: u64 = sizes.values().map(|&s| s * (s - 1) / 2).sum();
        println!(
            "  `{rule}`: {pairs} / {} / {} / {}",
            found[r], only[r], only_matched[r]
        );
    }
    println!("true pairs in no rule's blocks: {missed}");
}
