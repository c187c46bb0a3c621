//! Throughput of the statistics engine on a million synthetic records.
//!
//! `cargo run --release -p rastro-stats --bin rastro-stats-bench [records]`
//!
//! The records are generated from a fixed seed, so runs on different machines count the same
//! data: 90% cases, 10% news reports of about 20,000 events (five outlets per event on
//! average), ten years of months, several forms and countries per record.

use std::hint::black_box;
use std::time::{Duration, Instant};

use rastro_stats::{Dimension, Engine, Filter, Measure, Record, Source, Stage, YearMonth};

const RUNS: usize = 5;

/// SplitMix64, so the bench needs no dependency.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick(&mut self, items: &[&str]) -> String {
        items[self.below(items.len())].to_string()
    }

    /// Skewed towards the first items, like real data, where a few countries dominate.
    fn skewed(&mut self, items: &[&str]) -> String {
        let a = self.below(items.len());
        let b = self.below(items.len());
        items[a.min(b)].to_string()
    }

    fn several(&mut self, items: &[&str], most: usize) -> Vec<String> {
        (0..self.below(most + 1))
            .map(|_| self.skewed(items))
            .collect()
    }
}

const COUNTRIES: [&str; 16] = [
    "VE", "PE", "CO", "EC", "BO", "BR", "AR", "CL", "PY", "MX", "GT", "HN", "SV", "DO", "HT", "US",
];
const FORMS: [&str; 6] = [
    "sexual", "labour", "begging", "criminal", "marriage", "organs",
];
const ORGS: [&str; 8] = [
    "org-pe", "org-co", "org-ec", "org-bo", "org-br", "org-ar", "org-cl", "org-mx",
];
const AGES: [&str; 5] = ["0-17", "18-29", "30-44", "45-59", "60+"];

fn generate(n: usize) -> Vec<Record> {
    let mut g = Gen(2024);
    (0..n)
        .map(|i| {
            let is_news = g.below(10) == 0;
            let month = YearMonth::new(2015 + g.below(10) as i32, 1 + g.below(12) as u8);
            Record {
                id: format!("r{i}"),
                source: if is_news { Source::News } else { Source::Case },
                org: g.pick(&ORGS),
                lang: is_news.then(|| g.pick(&["es", "pt", "en"])),
                outlet: is_news.then(|| g.pick(&["elcomercio.pe", "g1.globo.com", "milenio.com"])),
                month: (g.below(50) != 0).then_some(month).flatten(),
                sex: (g.below(10) != 0).then(|| g.pick(&["female", "male"])),
                age_band: (g.below(8) != 0).then(|| g.pick(&AGES)),
                forms: {
                    let mut forms = vec![g.skewed(&FORMS)];
                    forms.extend(g.several(&FORMS, 1));
                    forms
                },
                citizenship: vec![g.skewed(&COUNTRIES)],
                attributes: if is_news {
                    Vec::new()
                } else {
                    vec![(
                        rastro_stats::Attribute::ControlMethod,
                        g.pick(&["Threats", "DebtBondage", "Isolation"]),
                    )]
                },
                origin: vec![g.skewed(&COUNTRIES)],
                transit: g.several(&COUNTRIES, 2),
                destination: vec![g.skewed(&COUNTRIES)],
                exploitation: g.several(&COUNTRIES, 1),
                event: is_news.then(|| format!("event-{}", g.below(20_000))),
                victims: is_news.then(|| 1 + g.below(12) as u64),
            }
        })
        .collect()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn bench(name: &str, records: usize, mut run: impl FnMut()) {
    let times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    let med = median(times);
    let secs = med.as_secs_f64().max(f64::MIN_POSITIVE);
    println!(
        "{name:<40} median {:>9.1} ms  {:>6.2} M records/s  {:>6.0} ns/record",
        secs * 1e3,
        records as f64 / secs / 1e6,
        secs * 1e9 / records as f64,
    );
}

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let start = Instant::now();
    let records = generate(n);
    println!(
        "generated {n} records in {:.1} s; {RUNS} runs each",
        start.elapsed().as_secs_f64()
    );

    let engine = Engine::default();
    let all = Filter::default();
    let peru = Filter::parse_pairs([("country", "PE"), ("from", "2018")]).unwrap_or_default();
    let m = Measure::Records;
    bench("counts form", n, || {
        black_box(engine.counts(&records, &all, None, Dimension::Form, m));
    });
    bench("counts country.destination (victims)", n, || {
        let dim = Dimension::Country(Stage::Destination);
        black_box(engine.counts(&records, &all, None, dim, Measure::Victims));
    });
    bench("counts form, country=PE from=2018", n, || {
        black_box(engine.counts(&records, &peru, None, Dimension::Form, m));
    });
    bench("crosstab form x country.origin", n, || {
        let origin = Dimension::Country(Stage::Origin);
        black_box(engine.crosstab(&records, &all, None, Dimension::Form, origin, m));
    });
    bench("timeseries (all)", n, || {
        black_box(engine.timeseries(&records, &all, None, None, m));
    });
    bench("timeseries by form", n, || {
        black_box(engine.timeseries(&records, &all, None, Some(Dimension::Form), m));
    });
    bench("flows", n, || {
        black_box(engine.flows(&records, &all, None, m));
    });
    bench("total", n, || {
        black_box(engine.total(&records, &all, None, m));
    });
}
