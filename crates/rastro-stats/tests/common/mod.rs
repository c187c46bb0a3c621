//! Builders and a reproducible generator shared by the integration tests.
#![allow(dead_code)]

use rastro_stats::{Record, Source, YearMonth};

/// xorshift64*, written here so the tests depend on nothing.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    pub fn some_of(&mut self, items: &[&str], most: u64) -> Vec<String> {
        let n = self.below(most + 1);
        (0..n).map(|_| self.pick(items).to_string()).collect()
    }
}

pub fn ym(year: i32, month: u8) -> Option<YearMonth> {
    YearMonth::new(year, month)
}

pub fn case(id: &str) -> Record {
    Record {
        id: id.to_string(),
        org: "org-a".to_string(),
        ..Record::default()
    }
}

pub fn news(id: &str, event: Option<&str>) -> Record {
    Record {
        id: id.to_string(),
        source: Source::News,
        org: "org-a".to_string(),
        lang: Some("es".to_string()),
        event: event.map(String::from),
        ..Record::default()
    }
}

pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

pub const FORMS: [&str; 5] = ["sexual", "labour", "begging", "criminal", "marriage"];
pub const COUNTRIES: [&str; 6] = ["PE", "VE", "CO", "EC", "BO", "CL"];
pub const SEXES: [&str; 2] = ["female", "male"];
pub const ORGS: [&str; 3] = ["org-a", "org-b", "org-c"];

/// Records with every kind of irregularity the engine must handle: several values, none,
/// duplicates, news sharing events, missing months.
pub fn random_records(seed: u64, n: usize) -> Vec<Record> {
    let mut rng = Rng(seed | 1);
    (0..n)
        .map(|i| {
            let is_news = rng.below(4) == 0;
            let month = if rng.below(20) == 0 {
                None
            } else {
                ym(2020 + rng.below(4) as i32, 1 + rng.below(12) as u8)
            };
            Record {
                id: format!("r{i}"),
                source: if is_news { Source::News } else { Source::Case },
                org: rng.pick(&ORGS).to_string(),
                lang: is_news.then(|| rng.pick(&["es", "pt"]).to_string()),
                outlet: is_news.then(|| rng.pick(&["a.pe", "b.br", "c.mx"]).to_string()),
                month,
                sex: (rng.below(5) != 0).then(|| rng.pick(&SEXES).to_string()),
                age_band: Some(rng.pick(&["0-17", "18-29", "30+"]).to_string()),
                forms: rng.some_of(&FORMS, 2),
                citizenship: rng.some_of(&COUNTRIES, 1),
                origin: rng.some_of(&COUNTRIES, 2),
                transit: rng.some_of(&COUNTRIES[..3], 1),
                destination: rng.some_of(&COUNTRIES, 2),
                exploitation: rng.some_of(&COUNTRIES, 1),
                attributes: if is_news {
                    Vec::new()
                } else {
                    let mut attributes = Vec::new();
                    for &a in &rastro_stats::Attribute::ALL[..3] {
                        if rng.below(2) == 0 {
                            attributes.push((a, rng.pick(&["Other", "Deception"]).to_string()));
                        }
                    }
                    attributes
                },
                event: (is_news && rng.below(5) != 0).then(|| format!("e{}", rng.below(40))),
                victims: (is_news && rng.below(2) == 0).then(|| rng.below(30)),
            }
        })
        .collect()
}
