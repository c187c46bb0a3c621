//! The planted typologies: who, when, how much, and their transactions day by day. Each
//! pattern's numbers are drawn from ranges, and `intensity` scales the counts (how many cities,
//! phones, deposits…) so that a run can plant fainter patterns than the catalogue was tuned on.

use std::sync::Arc;

use super::activity::clock;
use super::day::{named, party, Day, Draft, Out, Round, BRANCHES};
use super::population::{AccountMaker, Plan, Plant, Population, TYPOLOGIES};
use super::rng::Rng;
use super::world::{CLASSIFIEDS_FOREIGN, COUNTRIES, HOME_COUNTRIES, PREPAID_SELLERS};
use super::Config;
use crate::txn::Channel;

/// Chooses the planted people and draws their patterns.
pub(crate) fn plan(rng: &mut Rng, config: &Config, pop: &mut Population, maker: &mut AccountMaker) {
    let persons = pop.persons.len();
    let wanted =
        ((config.planted_share.clamp(0.0, 1.0) * persons as f64).round() as usize).min(persons);
    let days = config.days.max(1);
    let scale = |rng: &mut Rng, low: u32, high: u32| -> u32 {
        ((f64::from(rng.range(low, high)) * config.intensity).round() as u32).max(1)
    };
    // Partial shuffle: the first `wanted` of a random order.
    let mut order: Vec<usize> = (0..persons).collect();
    for i in 0..wanted {
        let j = i + rng.below(persons - i);
        order.swap(i, j);
    }
    let first = rng.below(TYPOLOGIES.len());
    for (n, &person) in order.iter().take(wanted).enumerate() {
        let typology = TYPOLOGIES[(first + n) % TYPOLOGIES.len()];
        let holder = pop.persons[person].holder;
        let Some(ci) = pop.holders[holder].country else {
            continue;
        };
        let country = &COUNTRIES[ci];
        let home_city = pop.holders[holder].city;
        let span = |rng: &mut Rng, low: u32, high: u32| -> (u32, u32) {
            let len = rng.range(low, high).min(days);
            let start = rng.below((days - len + 1) as usize) as u32;
            (start, start + len - 1)
        };
        let mut members = Vec::new();
        let mut parameters: Vec<(&'static str, f64)> = Vec::new();
        let mut subject = holder;
        let (start, end, plant, amount) = match typology {
            "funnel_account" => {
                let (start, end) = span(rng, 25, 45);
                let n_cities = (2 + scale(rng, 2, 6)).min(country.cities.len() as u32) as usize;
                let mut cities: Vec<usize> = (0..country.cities.len()).collect();
                for i in 0..n_cities {
                    let j = i + rng.below(cities.len() - i);
                    cities.swap(i, j);
                }
                cities.truncate(n_cities);
                let depositors: Vec<Arc<str>> = (0..2 + scale(rng, 2, 8))
                    .map(|_| Arc::from(Population::person_name(rng)))
                    .collect();
                let deposits = f64::from(4 + scale(rng, 4, 18));
                let out_abroad = rng.chance(0.4).then(|| {
                    let name = Population::person_name(rng);
                    let to = *rng.pick(HOME_COUNTRIES);
                    pop.add_foreign(maker, to, name)
                });
                members.extend(out_abroad);
                parameters.push(("cities", n_cities as f64));
                parameters.push(("depositors", depositors.len() as f64));
                parameters.push(("deposits", deposits));
                let plant = Plant::Funnel {
                    cities,
                    depositors,
                    per_day: deposits / f64::from(end - start + 1),
                    amount: (100.0, 900.0),
                    out_share: rng.between(0.7, 0.95),
                    out_abroad,
                };
                (start, end, plant, (100.0, 900.0))
            }
            "living_costs_payer" => {
                let (start, end) = span(rng, 45, 80);
                let landlords: Vec<(usize, f64)> = (0..1 + scale(rng, 1, 3))
                    .map(|_| {
                        let name = Population::person_name(rng);
                        let phone = Population::phone(rng, country);
                        let city = rng.below(country.cities.len());
                        let l = pop.add_holder(maker, ci, city, name, phone);
                        (l, country.wage_usd * rng.between(0.2, 0.4))
                    })
                    .collect();
                let phones: Vec<Arc<str>> = (0..1 + scale(rng, 3, 8))
                    .map(|_| Arc::from(Population::phone(rng, country)))
                    .collect();
                let tickets = f64::from(scale(rng, 1, 6));
                parameters.push(("landlords", landlords.len() as f64));
                parameters.push(("phones", phones.len() as f64));
                parameters.push(("tickets_per_month", tickets));
                members.extend(landlords.iter().map(|(l, _)| *l));
                let rents = landlords.iter().map(|(_, r)| *r);
                let amount = (4.0, rents.fold(60.0, f64::max));
                (
                    start,
                    end,
                    Plant::LivingCosts {
                        landlords,
                        phones,
                        tickets,
                    },
                    amount,
                )
            }
            "cash_unusual" => {
                let (start, end) = span(rng, 30, 60);
                let night = rng.chance(0.65);
                let (per_day, n_branches) = if night {
                    (f64::from(scale(rng, 5, 14)) / 30.0, rng.range(2, 5))
                } else {
                    (f64::from(scale(rng, 6, 14)) / 14.0, 2 + scale(rng, 3, 7))
                };
                let mut branches: Vec<usize> = (0..BRANCHES).collect();
                for i in 0..n_branches as usize {
                    let j = i + rng.below(BRANCHES - i);
                    branches.swap(i, j);
                }
                branches.truncate(n_branches as usize);
                parameters.push(("night", if night { 1.0 } else { 0.0 }));
                parameters.push(("per_month", per_day * 30.0));
                parameters.push(("branches", branches.len() as f64));
                (
                    start,
                    end,
                    Plant::CashUnusual {
                        night,
                        per_day,
                        branches,
                        amount: (50.0, 400.0),
                    },
                    (50.0, 400.0),
                )
            }
            "prepaid_cards" => {
                let (start, end) = span(rng, 30, 60);
                let per_month = f64::from(2 + scale(rng, 4, 16));
                parameters.push(("per_month", per_month));
                (
                    start,
                    end,
                    Plant::Prepaid {
                        per_day: per_month / 30.0,
                        amount: (20.0, 200.0),
                    },
                    (20.0, 200.0),
                )
            }
            "classified_ads" => {
                let (start, end) = span(rng, 30, 60);
                let per_month = f64::from(1 + scale(rng, 3, 11));
                let foreign_share = rng.between(0.3, 0.8);
                parameters.push(("per_month", per_month));
                parameters.push(("foreign_share", foreign_share));
                (
                    start,
                    end,
                    Plant::Classified {
                        per_day: per_month / 30.0,
                        foreign_share,
                    },
                    (5.0, 60.0),
                )
            }
            "structuring" => {
                let (start, end) = span(rng, 10, 40);
                let mut deposits = Vec::new();
                let bursts = 1 + usize::from(rng.chance(0.4) && end - start > 20);
                for burst in 0..bursts {
                    let n = 1 + scale(rng, 2, 6);
                    let length = rng.range(3, 10);
                    let from = start + burst as u32 * (end - start) / 2;
                    let branches = rng.range(1, 4) as usize;
                    for _ in 0..n {
                        let day = (from + rng.below(length as usize) as u32).min(end);
                        deposits.push((day, rng.between(0.66, 0.99), rng.below(branches)));
                    }
                }
                parameters.push(("deposits", deposits.len() as f64));
                let amount = (country.threshold_usd * 0.66, country.threshold_usd * 0.99);
                (start, end, Plant::Structuring { deposits }, amount)
            }
            "pooled_wages" => {
                let (start, end) = span(rng, 45, 90);
                let employers: Vec<usize> = (0..rng.range(1, 2))
                    .map(|_| {
                        let name = format!(
                            "{} {} {}",
                            rng.pick(&[
                                "Agroindustrial",
                                "Textiles",
                                "Construcciones",
                                "Confecciones"
                            ]),
                            rng.pick(&["San Pedro", "El Valle", "Los Pinos", "La Unión"]),
                            country.company_suffix
                        );
                        let phone = Population::phone(rng, country);
                        pop.add_holder(maker, ci, home_city, name, phone)
                    })
                    .collect();
                let workers: Vec<Arc<str>> = (0..2 + scale(rng, 1, 6))
                    .map(|_| Arc::from(Population::person_name(rng)))
                    .collect();
                parameters.push(("workers", workers.len() as f64));
                parameters.push(("employers", employers.len() as f64));
                members.extend(employers.iter().copied());
                let wage = country.wage_usd * rng.between(0.6, 0.95);
                (
                    start,
                    end,
                    Plant::PooledWages {
                        employers,
                        workers,
                        wage,
                    },
                    (wage * 0.45, wage * 1.05),
                )
            }
            "cash_business" => {
                let start = rng.below(8.min(days as usize)) as u32;
                let end = days - 1;
                let business = pop.add_front(maker, rng, ci, home_city);
                subject = pop.businesses[business].holder;
                members.push(holder);
                let landlord = *rng.pick(&pop.agencies);
                let cash_daily = f64::from(scale(rng, 150, 900));
                parameters.push(("cash_per_day", cash_daily));
                (
                    start,
                    end,
                    Plant::CashBusiness {
                        cash_daily,
                        landlord,
                        rent: cash_daily * rng.between(1.5, 4.0),
                        owners: vec![holder],
                        card_share: rng.between(0.0, 0.2),
                    },
                    (cash_daily * 0.25, cash_daily * 4.0),
                )
            }
            "cross_border" => {
                let (start, end) = span(rng, 30, 60);
                let n_countries = 1 + scale(rng, 1, 3) as usize;
                let countries: Vec<&str> = (0..n_countries)
                    .map(|_| *rng.pick(HOME_COUNTRIES))
                    .filter(|c| *c != country.code)
                    .collect();
                let countries = if countries.is_empty() {
                    vec!["VE"]
                } else {
                    countries
                };
                let beneficiaries: Vec<usize> = (0..1 + scale(rng, 2, 7))
                    .map(|k| {
                        let name = Population::person_name(rng);
                        pop.add_foreign(maker, countries[k as usize % countries.len()], name)
                    })
                    .collect();
                let per_month = f64::from(2 + scale(rng, 2, 10));
                parameters.push(("beneficiaries", beneficiaries.len() as f64));
                parameters.push(("countries", countries.len() as f64));
                parameters.push(("per_month", per_month));
                members.extend(beneficiaries.iter().copied());
                let amount = (100.0, 600.0);
                let per_day = per_month / 30.0;
                (
                    start,
                    end,
                    Plant::CrossBorder {
                        beneficiaries,
                        per_day,
                        amount,
                        cash_weekly: per_day * 7.0 * 350.0 * 1.1,
                    },
                    amount,
                )
            }
            _ => {
                let (start, end) = span(rng, 20, 60);
                let contacts: Vec<Arc<str>> = (0..rng.range(1, 3))
                    .map(|_| {
                        if rng.chance(0.2) {
                            let name = Population::person_name(rng)
                                .to_lowercase()
                                .replace(' ', ".");
                            Arc::from(format!(
                                "{}{}@correo.example",
                                rastro_text::fold_name(&name),
                                rng.range(1, 99)
                            ))
                        } else {
                            Arc::from(Population::phone(rng, country))
                        }
                    })
                    .collect();
                let hits = scale(rng, 1, 5);
                let days_hit: Vec<u32> = (0..hits)
                    .map(|_| start + rng.below((end - start + 1) as usize) as u32)
                    .collect();
                for contact in &contacts {
                    pop.known
                        .push((written_otherwise(contact, rng), "advertisement"));
                }
                parameters.push(("contacts", contacts.len() as f64));
                parameters.push(("payments", days_hit.len() as f64));
                (
                    start,
                    end,
                    Plant::KnownContact {
                        contacts,
                        days: days_hit,
                    },
                    (10.0, 150.0),
                )
            }
        };
        let id = pop.plans.len() as u32;
        pop.plans.push(Plan {
            id,
            typology,
            subject,
            members,
            start,
            end,
            plant,
            parameters,
            amount,
        });
        pop.plan_of.insert(person, pop.plans.len() - 1);
    }
    // Advertisements hold many phones that never pay anyone here, and case records hold the
    // phones of victims, whose own top-ups then carry a known phone (the honest hits).
    let decoys = (pop.plans.len() * 3).max(10);
    for _ in 0..decoys {
        let c = &COUNTRIES[rng.below(COUNTRIES.len())];
        pop.known.push((Population::phone(rng, c), "advertisement"));
    }
    for _ in 0..(persons / 4000).max(1).min(persons) {
        let p = &pop.persons[rng.below(persons)];
        let phone = pop.holders[p.holder].phone.to_string();
        pop.known
            .push((written_otherwise(&phone, rng), "case_record"));
    }
}

/// A phone written as another record would write it: spaced, or without the country code.
fn written_otherwise(contact: &str, rng: &mut Rng) -> String {
    if contact.contains('@') {
        return contact.to_uppercase();
    }
    let digits: String = contact.chars().filter(char::is_ascii_digit).collect();
    if rng.chance(0.5) && digits.len() > 8 {
        let national = &digits[digits.len() - 8..];
        format!("{} {}", &national[..4], &national[4..])
    } else {
        let mut spaced = String::from("+");
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && i % 3 == 0 {
                spaced.push(' ');
            }
            spaced.push(ch);
        }
        spaced
    }
}

/// The transactions of one planted pattern on one day.
pub(crate) fn plant_day(pop: &Population, plan: &Plan, day: &Day, seed: u64, out: &mut Out) {
    if day.index < plan.start || day.index > plan.end {
        return;
    }
    let subject = &pop.holders[plan.subject];
    let Some(ci) = subject.country else { return };
    let country = &COUNTRIES[ci];
    let label = Some(plan.id);
    let me = party(subject);
    let mut rng = Rng::stream(&[seed, 0x91A7, u64::from(plan.id), u64::from(day.index)]);
    let rng = &mut rng;
    let dom = day.day_of_month();
    match &plan.plant {
        Plant::Funnel {
            cities,
            depositors,
            per_day,
            amount,
            out_share,
            out_abroad,
        } => {
            let deposits = |d: u32| -> Vec<(f64, usize, usize, usize)> {
                let mut r = Rng::stream(&[seed, 0xF0F0, u64::from(plan.id), u64::from(d)]);
                (0..r.count(*per_day))
                    .map(|_| {
                        (
                            r.between(amount.0, amount.1),
                            *r.pick(cities),
                            r.below(BRANCHES),
                            r.below(depositors.len()),
                        )
                    })
                    .collect()
            };
            for (usd, city, branch, who) in deposits(day.index) {
                let mut d = Draft::new(Channel::CashDeposit, clock(rng, 9, 18), usd);
                d.round = Round::Tens;
                d.debtor = named(&depositors[who]);
                d.creditor = me.clone();
                d.branch = Some(out.branches[ci][city][branch].clone());
                d.city = Some(out.cities[ci][city].clone());
                d.label = label;
                out.push(day, ci, d);
            }
            // What came in yesterday leaves today.
            if day.index > plan.start {
                let yesterday: f64 = deposits(day.index - 1).iter().map(|x| x.0).sum();
                if yesterday > 0.0 {
                    let usd = yesterday * out_share;
                    let mut d = match out_abroad {
                        Some(f) => {
                            let f = &pop.holders[*f];
                            let mut d = Draft::new(Channel::Wire, clock(rng, 10, 17), usd);
                            d.creditor = party(f);
                            d.country = f.code;
                            d
                        }
                        None => {
                            let mut d =
                                Draft::new(Channel::CashWithdrawal, clock(rng, 10, 20), usd);
                            d.branch = Some(out.branches[ci][subject.city][0].clone());
                            d.city = Some(out.cities[ci][subject.city].clone());
                            d.round = Round::Tens;
                            d
                        }
                    };
                    d.debtor = me.clone();
                    d.label = label;
                    out.push(day, ci, d);
                }
            }
        }
        Plant::LivingCosts {
            landlords,
            phones,
            tickets,
        } => {
            for (k, (landlord, usd)) in landlords.iter().enumerate() {
                if dom == 1 + k as u32 * 2 {
                    let mut d = Draft::new(Channel::Transfer, clock(rng, 8, 21), *usd);
                    d.round = Round::Units;
                    d.debtor = me.clone();
                    d.creditor = party(&pop.holders[*landlord]);
                    d.description = Some(out.text(country.rent_word));
                    d.label = label;
                    out.push(day, ci, d);
                }
            }
            let telco_list = &pop.telcos[ci];
            for (k, phone) in phones.iter().enumerate() {
                if dom == 3 + (k as u32 * 3) % 25 || (dom == 18 + k as u32 % 10 && rng.chance(0.5))
                {
                    let telco =
                        &pop.holders[pop.businesses[telco_list[k % telco_list.len()]].holder];
                    let mut d =
                        Draft::new(Channel::Card, clock(rng, 9, 21), rng.between(4.0, 15.0));
                    d.round = Round::Units;
                    d.debtor = me.clone();
                    d.creditor = party(telco);
                    d.mcc = Some(4814);
                    d.contact = Some(phone.clone());
                    d.label = label;
                    out.push(day, ci, d);
                }
            }
            if rng.chance(tickets / 30.0) {
                let bus = &pop.businesses[pop.transport[ci * 2]];
                let mut d = Draft::new(Channel::Card, clock(rng, 7, 22), rng.between(15.0, 60.0));
                d.debtor = me.clone();
                d.creditor = party(&pop.holders[bus.holder]);
                d.mcc = Some(4131);
                d.label = label;
                out.push(day, ci, d);
            }
        }
        Plant::CashUnusual {
            night,
            per_day,
            branches,
            amount,
        } => {
            for _ in 0..rng.count(*per_day) {
                let at = if *night {
                    if rng.chance(0.5) {
                        clock(rng, 23, 24)
                    } else {
                        clock(rng, 0, 5)
                    }
                } else {
                    clock(rng, 9, 18)
                };
                let mut d = Draft::new(Channel::CashDeposit, at, rng.between(amount.0, amount.1));
                d.round = Round::Tens;
                d.debtor = named(&subject.name);
                d.creditor = me.clone();
                d.branch = Some(out.branches[ci][subject.city][*rng.pick(branches)].clone());
                d.city = Some(out.cities[ci][subject.city].clone());
                d.label = label;
                out.push(day, ci, d);
            }
        }
        Plant::Prepaid { per_day, amount } => {
            for _ in 0..rng.count(*per_day) {
                let k = rng.below(PREPAID_SELLERS.len());
                let seller = &pop.businesses[pop.prepaid[ci * PREPAID_SELLERS.len() + k]];
                let mut d = Draft::new(
                    Channel::Card,
                    clock(rng, 8, 22),
                    rng.between(amount.0, amount.1),
                );
                d.round = Round::Units;
                d.debtor = me.clone();
                d.creditor = party(&pop.holders[seller.holder]);
                d.mcc = Some(6540);
                d.description = Some(out.text(PREPAID_SELLERS[k].1));
                d.label = label;
                out.push(day, ci, d);
            }
        }
        Plant::Classified {
            per_day,
            foreign_share,
        } => {
            for _ in 0..rng.count(*per_day) {
                let mut d = Draft::new(Channel::Card, clock(rng, 0, 24), rng.between(5.0, 60.0));
                d.debtor = me.clone();
                d.mcc = Some(7311);
                if rng.chance(*foreign_share) {
                    let site =
                        &pop.holders[pop.classified_foreign[rng.below(CLASSIFIEDS_FOREIGN.len())]];
                    d.creditor = party(site);
                    d.country = site.code;
                } else {
                    d.creditor =
                        party(&pop.holders[pop.businesses[pop.classified_local[ci]].holder]);
                }
                d.label = label;
                out.push(day, ci, d);
            }
        }
        Plant::Structuring { deposits } => {
            for (when, share, branch) in deposits {
                if *when == day.index {
                    let mut d = Draft::new(
                        Channel::CashDeposit,
                        clock(rng, 9, 17),
                        country.threshold_usd * share,
                    );
                    d.round = Round::Hundreds;
                    d.debtor = if rng.chance(0.7) {
                        named(&subject.name)
                    } else {
                        named(&Arc::from(Population::person_name(rng)))
                    };
                    d.creditor = me.clone();
                    d.branch = Some(out.branches[ci][subject.city][*branch].clone());
                    d.city = Some(out.cities[ci][subject.city].clone());
                    d.label = label;
                    out.push(day, ci, d);
                }
            }
        }
        Plant::PooledWages {
            employers,
            workers,
            wage,
        } => {
            if let Some(share) = day.wage_share(country.pay, false) {
                for (k, worker) in workers.iter().enumerate() {
                    let employer = &pop.holders[employers[k % employers.len()]];
                    let via_payroll = rng.chance(0.8);
                    let channel = if via_payroll {
                        Channel::Payroll
                    } else {
                        Channel::Transfer
                    };
                    let mut d = Draft::new(
                        channel,
                        clock(rng, 6, 12),
                        wage * share * rng.between(0.95, 1.05),
                    );
                    d.debtor = party(employer);
                    d.creditor = me.clone();
                    let text = format!("{} {}", country.payroll_word, worker.to_uppercase());
                    d.description = Some(out.text(&text));
                    d.label = label;
                    out.push(day, ci, d);
                }
            }
        }
        Plant::CashBusiness {
            cash_daily,
            landlord,
            rent,
            owners,
            card_share,
            ..
        } => {
            if rng.chance(0.85) {
                let at = if rng.chance(0.4) {
                    clock(rng, 22, 24)
                } else {
                    clock(rng, 10, 19)
                };
                let mut d = Draft::new(Channel::CashDeposit, at, cash_daily * rng.skew() * 1.2);
                d.round = Round::Tens;
                d.debtor = named(&subject.name);
                d.creditor = me.clone();
                d.branch =
                    Some(out.branches[ci][subject.city][(plan.id as usize) % BRANCHES].clone());
                d.city = Some(out.cities[ci][subject.city].clone());
                d.label = label;
                out.push(day, ci, d);
            }
            if rng.chance(*card_share) {
                let payer = pop.persons[rng.below(pop.persons.len())].holder;
                if pop.holders[payer].country == subject.country {
                    let mut d =
                        Draft::new(Channel::Card, clock(rng, 20, 24), rng.between(20.0, 150.0));
                    d.debtor = party(&pop.holders[payer]);
                    d.creditor = me.clone();
                    d.mcc = Some(7297);
                    d.label = label;
                    out.push(day, ci, d);
                }
            }
            if dom == 2 {
                let mut d = Draft::new(Channel::Transfer, clock(rng, 9, 17), *rent);
                d.round = Round::Units;
                d.debtor = me.clone();
                d.creditor = party(&pop.holders[*landlord]);
                d.description = Some(out.text("ALQUILER LOCAL"));
                d.label = label;
                out.push(day, ci, d);
            }
            if day.weekday == 0 {
                let owner = &pop.holders[owners[0]];
                let mut d = Draft::new(
                    Channel::Transfer,
                    clock(rng, 9, 17),
                    cash_daily * rng.between(2.0, 4.0),
                );
                d.round = Round::Units;
                d.debtor = me.clone();
                d.creditor = party(owner);
                d.label = label;
                out.push(day, ci, d);
            }
            if day.weekday == 3 {
                let mut d = Draft::new(
                    Channel::CashWithdrawal,
                    clock(rng, 10, 18),
                    cash_daily * rng.between(1.0, 2.5),
                );
                d.round = Round::Hundreds;
                d.debtor = me.clone();
                d.branch = Some(out.branches[ci][subject.city][0].clone());
                d.city = Some(out.cities[ci][subject.city].clone());
                d.label = label;
                out.push(day, ci, d);
            }
        }
        Plant::CrossBorder {
            beneficiaries,
            per_day,
            amount,
            cash_weekly,
        } => {
            if day.weekday == 1 {
                let mut d = Draft::new(Channel::CashDeposit, clock(rng, 9, 17), *cash_weekly);
                d.round = Round::Tens;
                d.debtor = named(&subject.name);
                d.creditor = me.clone();
                d.branch = Some(out.branches[ci][subject.city][0].clone());
                d.city = Some(out.cities[ci][subject.city].clone());
                d.label = label;
                out.push(day, ci, d);
            }
            for _ in 0..rng.count(*per_day) {
                let f = &pop.holders[*rng.pick(beneficiaries)];
                let channel = if rng.chance(0.6) {
                    Channel::Remittance
                } else {
                    Channel::Wire
                };
                let mut d = Draft::new(channel, clock(rng, 9, 20), rng.between(amount.0, amount.1));
                d.round = Round::Units;
                d.debtor = me.clone();
                d.creditor = party(f);
                d.country = f.code;
                d.label = label;
                out.push(day, ci, d);
            }
        }
        Plant::KnownContact { contacts, days } => {
            for _ in days.iter().filter(|d| **d == day.index) {
                let contact = rng.pick(contacts).clone();
                let name = Arc::from(Population::person_name(rng));
                let mut d =
                    Draft::new(Channel::Mobile, clock(rng, 8, 23), rng.between(10.0, 150.0));
                d.round = Round::Units;
                if rng.chance(0.8) {
                    d.debtor = me.clone();
                    d.creditor = named(&name);
                } else {
                    d.debtor = named(&name);
                    d.creditor = me.clone();
                }
                d.contact = Some(contact);
                d.label = label;
                out.push(day, ci, d);
            }
        }
    }
}
