//! A labelled generator of transactions: realistic background activity of people and
//! businesses in eight countries of the region (wages on the country's paydays, shopping in
//! business hours, rent, bills, top-ups, cash, remittances home; shops, chains and bars paying
//! in their takings), honest habits that look like red flags, and trafficking typologies
//! planted in the manner of AMLSim's pattern files (a pattern's type, accounts, amounts and
//! period) with labels saying which accounts and transactions belong to which typology.
//!
//! Deterministic: the same [`Config`] gives the same transactions, byte for byte. Each person's
//! and business's day is drawn from its own random stream. Transactions come out in time
//! order, a day at a time, so ten million of them never need to be in memory at once.

mod activity;
mod day;
mod plant;
mod population;
mod rng;
mod world;

use std::collections::VecDeque;
use std::io::{self, Write};
use std::sync::Arc;

use day::{Day, Out, Pending};
use population::{BizKind, Population};
use rng::Rng;
use world::COUNTRIES;

use crate::labels::{LabelRecord, Pattern};
use crate::read::Format;
use crate::time::SECONDS_PER_DAY;
use crate::txn::Transaction;
use crate::write::TransactionWriter;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub seed: u64,
    /// How many transactions; the population is sized to reach it and the last day is cut
    /// where it is reached.
    pub transactions: u64,
    pub days: u32,
    /// The first day, `(year, month, day)`.
    pub start: (i32, u32, u32),
    /// Share of people planted with a typology.
    pub planted_share: f64,
    /// Share of people with an honest habit that looks like a red flag.
    pub lookalike_share: f64,
    /// Scales the counts of planted patterns (cities, phones, deposits…): 1 as designed.
    pub intensity: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            seed: 1,
            transactions: 1_000_000,
            days: 90,
            start: (2024, 1, 1),
            planted_share: 0.004,
            lookalike_share: 0.1,
            intensity: 1.0,
        }
    }
}

/// A generated transaction and, if it belongs to a planted pattern, the pattern's id and
/// typology.
#[derive(Clone, Debug)]
pub struct Generated {
    pub transaction: Transaction,
    pub pattern: Option<(String, &'static str)>,
}

/// The stream of generated transactions.
pub struct Generator {
    config: Config,
    pop: Population,
    out: Out,
    start_days: i64,
    next_day: u32,
    ready: VecDeque<Pending>,
    emitted: u64,
    /// The latest UTC time at which a day's local midnight falls in any country: what is
    /// before a day's end there can no longer be overtaken by the next day's transactions.
    lead: i64,
}

fn pattern_id(plan: u32) -> String {
    format!("P{:05}", plan + 1)
}

/// A world of `persons` people with its typologies planted.
fn world_of(config: &Config, persons: usize) -> Population {
    let (mut pop, mut rng, mut maker) = population::build_people(config, persons);
    plant::plan(&mut rng, config, &mut pop, &mut maker);
    pop
}

/// People per transaction, measured on a small population with the same settings.
fn people_for(config: &Config) -> usize {
    let days = f64::from(config.days.max(1));
    let guess = ((config.transactions as f64 / (days * 1.1)).ceil() as usize).max(10);
    let pilot = guess.min(1500);
    let pop = world_of(config, pilot);
    let mut out = Out::new();
    out.count_only = true;
    let start_days = start_days(config);
    for index in 0..config.days {
        let day = Day::new(start_days, index);
        draft_day(&pop, &day, config.seed, &mut out);
    }
    let per_person = (out.counted as f64 / pilot as f64).max(0.01);
    ((config.transactions as f64 / per_person * 1.03).ceil() as usize).max(pilot.min(guess))
}

fn start_days(config: &Config) -> i64 {
    let (y, m, d) = config.start;
    rastro_text::days_from_civil(y, m.clamp(1, 12), d.clamp(1, 28))
}

fn draft_day(pop: &Population, day: &Day, seed: u64, out: &mut Out) {
    for person in 0..pop.persons.len() {
        let mut rng = Rng::stream(&[seed, 1, person as u64, u64::from(day.index)]);
        activity::person_day(pop, person, day, &mut rng, out);
    }
    for business in 0..pop.businesses.len() {
        if pop.businesses[business].kind == BizKind::Front {
            continue;
        }
        let mut rng = Rng::stream(&[seed, 2, business as u64, u64::from(day.index)]);
        activity::business_day(pop, business, day, &mut rng, out);
    }
    for plan in &pop.plans {
        plant::plant_day(pop, plan, day, seed, out);
    }
}

impl Generator {
    pub fn new(config: Config) -> Generator {
        let persons = people_for(&config);
        let pop = world_of(&config, persons);
        let lead = -i64::from(
            COUNTRIES
                .iter()
                .map(|c| c.offset_minutes)
                .max()
                .unwrap_or(0),
        ) * 60;
        Generator {
            start_days: start_days(&config),
            config,
            pop,
            out: Out::new(),
            next_day: 0,
            ready: VecDeque::new(),
            emitted: 0,
            lead,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The labels known before any transaction: the patterns, their accounts, and the
    /// identifiers case records and advertisements hold. Transaction labels come with the
    /// transactions.
    pub fn label_records(&self) -> Vec<LabelRecord> {
        let mut records = Vec::new();
        for plan in &self.pop.plans {
            let subject = &self.pop.holders[plan.subject];
            let country = subject.country.map_or(&COUNTRIES[0], |c| &COUNTRIES[c]);
            let date = |index: u32| {
                let (y, m, d) = rastro_text::civil_from_days(self.start_days + i64::from(index));
                format!("{y:04}-{m:02}-{d:02}")
            };
            let round = |usd: f64| (usd / country.usd * 100.0).round() / 100.0;
            let mut accounts = vec![subject.account.to_string()];
            accounts.extend(
                plan.members
                    .iter()
                    .map(|m| self.pop.holders[*m].account.to_string()),
            );
            records.push(LabelRecord::Pattern(Pattern {
                pattern: pattern_id(plan.id),
                typology: plan.typology.to_string(),
                accounts,
                start: date(plan.start),
                end: date(plan.end),
                currency: country.currency.to_string(),
                amount_min: round(plan.amount.0),
                amount_max: round(plan.amount.1),
                parameters: plan
                    .parameters
                    .iter()
                    .map(|(k, v)| (k.to_string(), *v))
                    .collect(),
            }));
            records.push(LabelRecord::Account {
                account: subject.account.to_string(),
                typology: plan.typology.to_string(),
                pattern: pattern_id(plan.id),
                role: "subject".to_string(),
            });
            for member in &plan.members {
                records.push(LabelRecord::Account {
                    account: self.pop.holders[*member].account.to_string(),
                    typology: plan.typology.to_string(),
                    pattern: pattern_id(plan.id),
                    role: "member".to_string(),
                });
            }
        }
        for (value, source) in &self.pop.known {
            records.push(LabelRecord::KnownIdentifier {
                value: value.clone(),
                source: source.to_string(),
            });
        }
        records
    }

    /// How many people the world has (for reports).
    pub fn people(&self) -> usize {
        self.pop.persons.len()
    }

    /// Drafts the next day and moves what can no longer be overtaken to the ready queue.
    fn advance(&mut self) {
        let day = Day::new(self.start_days, self.next_day);
        draft_day(&self.pop, &day, self.config.seed, &mut self.out);
        self.next_day += 1;
        let pending = &mut self.out.pending;
        pending.sort_unstable_by_key(|p| (p.utc, p.seq));
        let last = self.next_day >= self.config.days;
        let bound = (self.start_days + i64::from(self.next_day)) * SECONDS_PER_DAY + self.lead;
        let cut = if last {
            pending.len()
        } else {
            pending.partition_point(|p| p.utc < bound)
        };
        self.ready.extend(pending.drain(..cut));
    }
}

impl Iterator for Generator {
    type Item = Generated;

    fn next(&mut self) -> Option<Generated> {
        if self.emitted >= self.config.transactions {
            return None;
        }
        while self.ready.is_empty() {
            if self.next_day >= self.config.days {
                return None;
            }
            self.advance();
        }
        let pending = self.ready.pop_front()?;
        self.emitted += 1;
        let mut transaction = pending.transaction;
        transaction.id = Arc::from(format!("TX{:010}", self.emitted));
        let pattern = pending.label.map(|plan| {
            let typology = self.pop.plans[plan as usize].typology;
            (pattern_id(plan), typology)
        });
        Some(Generated {
            transaction,
            pattern,
        })
    }
}

/// What [`write`] wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub transactions: u64,
    pub planted_transactions: u64,
    pub patterns: u64,
    pub people: u64,
    pub known_identifiers: u64,
}

/// Generates and writes the transactions (CSV or JSON lines) and the labels (JSON lines).
pub fn write(
    config: &Config,
    format: Format,
    transactions: &mut dyn Write,
    labels: &mut dyn Write,
) -> io::Result<Summary> {
    let generator = Generator::new(config.clone());
    let header = generator.label_records();
    let mut summary = Summary {
        transactions: 0,
        planted_transactions: 0,
        patterns: header
            .iter()
            .filter(|r| matches!(r, LabelRecord::Pattern(_)))
            .count() as u64,
        people: generator.people() as u64,
        known_identifiers: header
            .iter()
            .filter(|r| matches!(r, LabelRecord::KnownIdentifier { .. }))
            .count() as u64,
    };
    for record in &header {
        serde_json::to_writer(&mut *labels, record).map_err(io::Error::other)?;
        labels.write_all(b"\n")?;
    }
    let mut writer = TransactionWriter::new(transactions, format);
    for generated in generator {
        writer.write(&generated.transaction)?;
        summary.transactions += 1;
        if let Some((pattern, typology)) = generated.pattern {
            summary.planted_transactions += 1;
            let record = LabelRecord::Transaction {
                id: generated.transaction.id.to_string(),
                typology: typology.to_string(),
                pattern,
            };
            serde_json::to_writer(&mut *labels, &record).map_err(io::Error::other)?;
            labels.write_all(b"\n")?;
        }
    }
    writer.finish()?;
    labels.flush()?;
    Ok(summary)
}
