//! The people, businesses and beneficiaries abroad of a generated world, their habits, and the
//! patterns planted on some of them.

use std::collections::HashMap;
use std::sync::Arc;

use rastro_model::CountryCode;

use super::rng::Rng;
use super::world::{
    Country, COMPANY_NAMES, COMPANY_WORDS, COUNTRIES, FIRST_NAMES, FRONT_KINDS, FRONT_NAMES,
    HOME_COUNTRIES, OTHER_ABROAD, SHOP_KINDS, SHOP_NAMES, SURNAMES,
};
use super::Config;

/// Anyone with an account.
pub(crate) struct Holder {
    pub(crate) account: Arc<str>,
    pub(crate) name: Arc<str>,
    /// Index into [`COUNTRIES`]; `None` for someone abroad.
    pub(crate) country: Option<usize>,
    pub(crate) code: Option<CountryCode>,
    pub(crate) city: usize,
    pub(crate) phone: Arc<str>,
}

pub(crate) enum Income {
    Salary {
        employer: usize,
        monthly: f64,
        advance: bool,
    },
    Informal {
        weekly: f64,
    },
    Pension {
        payer: usize,
        monthly: f64,
    },
}

pub(crate) struct Person {
    pub(crate) holder: usize,
    pub(crate) income: Income,
    pub(crate) second_job: Option<(usize, f64)>,
    /// Card purchases per day.
    pub(crate) spend: f64,
    /// Cash withdrawals per day.
    pub(crate) atm: f64,
    pub(crate) branch: usize,
    /// (landlord, dollars, day of month)
    pub(crate) rent: Option<(usize, f64, u32)>,
    pub(crate) second_rent: Option<(usize, f64, u32)>,
    pub(crate) utility: Option<usize>,
    pub(crate) telco: usize,
    /// Top-ups of the person's own phone per month.
    pub(crate) topups: f64,
    /// Phones of the family the person also tops up, monthly.
    pub(crate) family_phones: Vec<Arc<str>>,
    pub(crate) friends: Vec<usize>,
    /// Mobile payments to friends per day.
    pub(crate) p2p: f64,
    pub(crate) night_worker: bool,
    pub(crate) traveler: bool,
    /// Prepaid cards or gift cards per month.
    pub(crate) gamer: f64,
    /// Payments to classified-advertising sites per month.
    pub(crate) seller: f64,
    /// Relatives abroad the person sends money to, and the share of income sent.
    pub(crate) remit: Vec<usize>,
    pub(crate) remit_share: f64,
    /// The day a large sum of cash (a car sold) is paid in, just under the threshold.
    pub(crate) big_deposit_day: Option<u32>,
    /// Relatives who pay cash into the account from their cities (a student's parents).
    pub(crate) relatives: Vec<(Arc<str>, usize)>,
    /// Long-distance tickets per month.
    pub(crate) tickets: f64,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum BizKind {
    Shop {
        mcc: u16,
        ticket: f64,
    },
    /// A shop with branches in several cities that pays its takings into one account.
    Chain {
        mcc: u16,
        ticket: f64,
    },
    Company,
    /// A bar or night club: takings in cash, paid in at night after closing.
    NightVenue,
    Agency,
    Utility,
    Telco,
    Supplier,
    Pensions,
    Front,
}

pub(crate) struct Business {
    pub(crate) holder: usize,
    pub(crate) kind: BizKind,
    /// Dollars of cash takings on a working day.
    pub(crate) cash_daily: f64,
    pub(crate) chain_cities: Vec<usize>,
    pub(crate) supplier: Option<usize>,
    /// Days between supplier payments, and the share of takings they come to.
    pub(crate) supplier_every: u32,
    pub(crate) supplier_share: f64,
    pub(crate) supplier_offset: u32,
    /// Business customers paying in by transfer per week (companies).
    pub(crate) b2b_weekly: f64,
}

/// The typologies the generator plants, named as the default catalogue names them.
pub(crate) const TYPOLOGIES: [&str; 10] = [
    "funnel_account",
    "living_costs_payer",
    "cash_unusual",
    "prepaid_cards",
    "classified_ads",
    "structuring",
    "pooled_wages",
    "cash_business",
    "cross_border",
    "known_contact",
];

pub(crate) enum Plant {
    Funnel {
        cities: Vec<usize>,
        depositors: Vec<Arc<str>>,
        per_day: f64,
        amount: (f64, f64),
        out_share: f64,
        out_abroad: Option<usize>,
    },
    LivingCosts {
        landlords: Vec<(usize, f64)>,
        phones: Vec<Arc<str>>,
        tickets: f64,
    },
    CashUnusual {
        night: bool,
        per_day: f64,
        branches: Vec<usize>,
        amount: (f64, f64),
    },
    Prepaid {
        per_day: f64,
        amount: (f64, f64),
    },
    Classified {
        per_day: f64,
        foreign_share: f64,
    },
    Structuring {
        /// (day, share of the threshold, branch)
        deposits: Vec<(u32, f64, usize)>,
    },
    PooledWages {
        employers: Vec<usize>,
        workers: Vec<Arc<str>>,
        wage: f64,
    },
    CashBusiness {
        cash_daily: f64,
        landlord: usize,
        rent: f64,
        owners: Vec<usize>,
        card_share: f64,
    },
    CrossBorder {
        beneficiaries: Vec<usize>,
        per_day: f64,
        amount: (f64, f64),
        cash_weekly: f64,
    },
    KnownContact {
        contacts: Vec<Arc<str>>,
        days: Vec<u32>,
    },
}

pub(crate) struct Plan {
    pub(crate) id: u32,
    pub(crate) typology: &'static str,
    /// The holder the typology is about.
    pub(crate) subject: usize,
    /// Other holders of the pattern (employers, beneficiaries).
    pub(crate) members: Vec<usize>,
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) plant: Plant,
    pub(crate) parameters: Vec<(&'static str, f64)>,
    /// The range of the pattern's amounts, in dollars.
    pub(crate) amount: (f64, f64),
}

pub(crate) struct Population {
    pub(crate) holders: Vec<Holder>,
    pub(crate) persons: Vec<Person>,
    pub(crate) businesses: Vec<Business>,
    /// Business index of each holder that is a business.
    pub(crate) business_of: HashMap<usize, usize>,
    /// Per country: shops by city, and all shops.
    pub(crate) shops: Vec<Vec<Vec<usize>>>,
    pub(crate) telcos: Vec<Vec<usize>>,
    pub(crate) agencies: Vec<usize>,
    pub(crate) transport: Vec<usize>,
    pub(crate) classified_local: Vec<usize>,
    pub(crate) classified_foreign: Vec<usize>,
    pub(crate) prepaid: Vec<usize>,
    /// Planted patterns; `plan_of[person]` the plan planted on a person.
    pub(crate) plans: Vec<Plan>,
    pub(crate) plan_of: HashMap<usize, usize>,
    /// Identifiers the case records and advertisements hold, as written there.
    pub(crate) known: Vec<(String, &'static str)>,
}

struct Builder {
    rng: Rng,
    pop: Population,
    maker: AccountMaker,
    codes: Vec<Option<CountryCode>>,
}

fn code(text: &str) -> Option<CountryCode> {
    text.parse().ok()
}

impl Builder {
    fn account(&mut self, prefix: &str) -> Arc<str> {
        self.maker.account(prefix)
    }

    fn person_name(&mut self) -> String {
        Population::person_name(&mut self.rng)
    }

    fn phone(&mut self, country: &Country) -> String {
        Population::phone(&mut self.rng, country)
    }

    fn city(&mut self, country: &Country) -> usize {
        // The first city of each list is the largest: a third of the people live there.
        if self.rng.chance(0.35) {
            0
        } else {
            self.rng.below(country.cities.len())
        }
    }

    fn holder(&mut self, country: usize, city: usize, name: String) -> usize {
        let c = &COUNTRIES[country];
        let phone = self.phone(c);
        let account = self.account(c.code);
        self.pop.holders.push(Holder {
            account,
            name: Arc::from(name),
            country: Some(country),
            code: self.codes[country],
            city,
            phone: Arc::from(phone),
        });
        self.pop.holders.len() - 1
    }

    fn foreign_holder(&mut self, country_code: &str) -> usize {
        let name = self.person_name();
        let account = self.account(country_code);
        let phone: Arc<str> = Arc::from("");
        self.pop.holders.push(Holder {
            account,
            name: Arc::from(name),
            country: None,
            code: code(country_code),
            city: 0,
            phone,
        });
        self.pop.holders.len() - 1
    }

    fn business(&mut self, country: usize, city: usize, name: String, kind: BizKind) -> usize {
        let holder = self.holder(country, city, name);
        let business = Business {
            holder,
            kind,
            cash_daily: 0.0,
            chain_cities: Vec::new(),
            supplier: None,
            supplier_every: 0,
            supplier_share: 0.0,
            supplier_offset: 0,
            b2b_weekly: 0.0,
        };
        self.pop.businesses.push(business);
        let index = self.pop.businesses.len() - 1;
        self.pop.business_of.insert(holder, index);
        index
    }

    fn company_name(&mut self, country: &Country) -> String {
        let word = self.rng.pick(COMPANY_WORDS);
        let name = self.rng.pick(COMPANY_NAMES);
        format!("{word} {name} {}", country.company_suffix)
    }
}

/// Builds a world of about `persons` people.
/// The people, businesses and accounts of a world, before any typology is planted; with the
/// random stream and account sequence that planting goes on with.
pub(crate) fn build_people(config: &Config, persons: usize) -> (Population, Rng, AccountMaker) {
    let mut b = Builder {
        rng: Rng::stream(&[config.seed, 0x0B0B]),
        pop: Population {
            holders: Vec::new(),
            persons: Vec::new(),
            businesses: Vec::new(),
            business_of: HashMap::new(),
            shops: Vec::new(),
            telcos: Vec::new(),
            agencies: Vec::new(),
            transport: Vec::new(),
            classified_local: Vec::new(),
            classified_foreign: Vec::new(),
            prepaid: Vec::new(),
            plans: Vec::new(),
            plan_of: HashMap::new(),
            known: Vec::new(),
        },
        maker: AccountMaker {
            seq: 0,
            seed: config.seed,
        },
        codes: COUNTRIES.iter().map(|c| code(c.code)).collect(),
    };
    let weights: Vec<f64> = COUNTRIES.iter().map(|c| c.weight).collect();
    let mut per_country = vec![0usize; COUNTRIES.len()];
    let person_countries: Vec<usize> = (0..persons)
        .map(|_| {
            let c = b.rng.weighted(&weights);
            per_country[c] += 1;
            c
        })
        .collect();

    // Businesses of each country, in proportion to its people.
    let mut companies: Vec<Vec<usize>> = vec![Vec::new(); COUNTRIES.len()];
    let mut suppliers: Vec<Vec<usize>> = vec![Vec::new(); COUNTRIES.len()];
    let mut utilities: Vec<Vec<usize>> = vec![Vec::new(); COUNTRIES.len()];
    let mut pensions: Vec<usize> = Vec::new();
    for (ci, country) in COUNTRIES.iter().enumerate() {
        let people = per_country[ci];
        let mut by_city: Vec<Vec<usize>> = vec![Vec::new(); country.cities.len()];
        for _ in 0..(people / 35).max(4) {
            let city = b.city(country);
            let (kind, mcc, ticket) = *b.rng.pick(SHOP_KINDS);
            let shop_name = b.rng.pick(SHOP_NAMES);
            // Most small shops have no legal suffix on their name; a third are companies.
            let name = if b.rng.chance(0.35) {
                format!("{kind} {shop_name} {}", country.company_suffix)
            } else {
                format!("{kind} {shop_name}")
            };
            let bi = b.business(ci, city, name, BizKind::Shop { mcc, ticket });
            let biz = &mut b.pop.businesses[bi];
            biz.cash_daily = if b.rng.chance(0.6) {
                ticket * b.rng.between(8.0, 40.0)
            } else {
                0.0
            };
            by_city[city].push(bi);
        }
        for _ in 0..(people / 2500).max(1) {
            let (kind, mcc, ticket) = *b.rng.pick(&[
                ("Supermercados", 5411u16, 35.0),
                ("Tiendas", 5411, 20.0),
                ("Farmacias", 5912, 14.0),
                ("Ferreterías", 5251, 22.0),
            ]);
            let name = format!(
                "{kind} {} {}",
                b.rng.pick(COMPANY_NAMES),
                country.company_suffix
            );
            let bi = b.business(ci, 0, name, BizKind::Chain { mcc, ticket });
            let n = b.rng.range(4, 8.min(country.cities.len() as u32)) as usize;
            let mut cities: Vec<usize> = (0..country.cities.len()).collect();
            for i in 0..n {
                let j = i + b.rng.below(cities.len() - i);
                cities.swap(i, j);
            }
            cities.truncate(n);
            for &c in &cities {
                by_city[c].push(bi);
            }
            let biz = &mut b.pop.businesses[bi];
            biz.chain_cities = cities;
            biz.cash_daily = b.rng.between(2000.0, 9000.0);
        }
        for _ in 0..(people / 150).max(1) {
            let city = b.city(country);
            let kind = if b.rng.chance(0.5) {
                "Bar"
            } else {
                "Restaurante"
            };
            let name = format!(
                "{kind} {} {}",
                b.rng.pick(SHOP_NAMES),
                country.company_suffix
            );
            let bi = b.business(ci, city, name, BizKind::NightVenue);
            b.pop.businesses[bi].cash_daily = b.rng.between(150.0, 900.0);
            companies[ci].push(bi);
        }
        for _ in 0..(people / 60).max(2) {
            let city = b.city(country);
            let name = b.company_name(country);
            let bi = b.business(ci, city, name, BizKind::Company);
            b.pop.businesses[bi].b2b_weekly = b.rng.between(0.5, 4.0);
            companies[ci].push(bi);
        }
        for _ in 0..(people / 400).max(2) {
            let city = b.city(country);
            let name = format!(
                "Distribuidora {} {}",
                b.rng.pick(COMPANY_NAMES),
                country.company_suffix
            );
            let bi = b.business(ci, city, name, BizKind::Supplier);
            suppliers[ci].push(bi);
        }
        for _ in 0..(people / 800).max(1) {
            let city = b.city(country);
            let name = format!(
                "Inmobiliaria {} {}",
                b.rng.pick(COMPANY_NAMES),
                country.company_suffix
            );
            let bi = b.business(ci, city, name, BizKind::Agency);
            b.pop.agencies.push(b.pop.businesses[bi].holder);
        }
        for kind in ["Luz", "Agua"] {
            let name = format!(
                "Empresa de {kind} {} {}",
                b.rng.pick(COMPANY_NAMES),
                country.company_suffix
            );
            let bi = b.business(ci, 0, name, BizKind::Utility);
            utilities[ci].push(bi);
        }
        let mut telcos = Vec::new();
        for telco in country.telcos {
            let bi = b.business(
                ci,
                0,
                format!("{telco} {}", country.company_suffix),
                BizKind::Telco,
            );
            telcos.push(bi);
        }
        b.pop.telcos.push(telcos);
        let bi = b.business(
            ci,
            0,
            format!("Instituto de Previsión Social {}", country.code),
            BizKind::Pensions,
        );
        pensions.push(bi);
        for (name, mcc) in [("Buses Interprovinciales", 4131u16), ("Aerolínea", 4511u16)] {
            let name = format!(
                "{name} {} {}",
                b.rng.pick(COMPANY_NAMES),
                country.company_suffix
            );
            let bi = b.business(
                ci,
                0,
                name,
                BizKind::Shop {
                    mcc,
                    ticket: if mcc == 4511 { 120.0 } else { 25.0 },
                },
            );
            b.pop.transport.push(bi);
        }
        let bi = b.business(
            ci,
            0,
            format!(
                "{} {}",
                super::world::CLASSIFIEDS_LOCAL[ci % 3],
                country.code
            ),
            BizKind::Shop {
                mcc: 7311,
                ticket: 8.0,
            },
        );
        b.pop.classified_local.push(bi);
        for (seller, _) in super::world::PREPAID_SELLERS {
            let bi = b.business(
                ci,
                0,
                format!("{seller} {}", country.code),
                BizKind::Shop {
                    mcc: 6540,
                    ticket: 50.0,
                },
            );
            b.pop.prepaid.push(bi);
        }
        b.pop.shops.push(by_city);
    }
    // Foreign sites are merchants abroad; their holder's country is theirs, not the region's.
    for (name, country_code) in super::world::CLASSIFIEDS_FOREIGN {
        let account = b.account(country_code);
        b.pop.holders.push(Holder {
            account,
            name: Arc::from(*name),
            country: None,
            code: code(country_code),
            city: 0,
            phone: Arc::from(""),
        });
        b.pop.classified_foreign.push(b.pop.holders.len() - 1);
    }
    // Suppliers and their customers.
    for bi in 0..b.pop.businesses.len() {
        let holder = b.pop.businesses[bi].holder;
        let Some(ci) = b.pop.holders[holder].country else {
            continue;
        };
        let kind = b.pop.businesses[bi].kind;
        if matches!(
            kind,
            BizKind::Shop { .. } | BizKind::Chain { .. } | BizKind::NightVenue | BizKind::Company
        ) && !b.pop.transport.contains(&bi)
            && !b.pop.prepaid.contains(&bi)
            && !b.pop.classified_local.contains(&bi)
        {
            let supplier = *b.rng.pick(&suppliers[ci]);
            let family_run = matches!(kind, BizKind::Shop { .. }) && b.rng.chance(0.3);
            let supplier_holder = b.pop.businesses[supplier].holder;
            let biz = &mut b.pop.businesses[bi];
            biz.supplier = Some(supplier_holder);
            biz.supplier_every = if family_run { 21 + (bi as u32 % 15) } else { 7 };
            biz.supplier_share = if family_run { 0.5 } else { 0.65 };
            biz.supplier_offset = bi as u32 % 7;
        }
    }

    // People.
    let lookalike = config.lookalike_share.clamp(0.0, 1.0);
    for &ci in &person_countries {
        let country = &COUNTRIES[ci];
        let city = b.city(country);
        let name = b.person_name();
        let holder = b.holder(ci, city, name);
        let wage = country.wage_usd * b.rng.skew();
        let income = match b.rng.below(20) {
            0..=12 => Income::Salary {
                employer: b.pop.businesses[*b.rng.pick(&companies[ci])].holder,
                monthly: wage,
                advance: b.rng.chance(0.5),
            },
            13..=17 => Income::Informal { weekly: wage / 4.3 },
            _ => Income::Pension {
                payer: b.pop.businesses[pensions[ci]].holder,
                monthly: wage * 0.7,
            },
        };
        let renter = b.rng.chance(0.55);
        let rent = if renter {
            let landlord = if b.rng.chance(0.3) {
                *b.rng.pick(&b.pop.agencies)
            } else {
                let name = b.person_name();
                let lc = b.city(country);
                b.holder(ci, lc, name)
            };
            Some((landlord, wage * b.rng.between(0.2, 0.35), b.rng.range(1, 5)))
        } else {
            None
        };
        let utility = if b.rng.chance(0.8) {
            Some(b.pop.businesses[*b.rng.pick(&utilities[ci])].holder)
        } else {
            None
        };
        let telco = b.pop.businesses[*b.rng.pick(&b.pop.telcos[ci])].holder;
        let mut person = Person {
            holder,
            income,
            second_job: None,
            spend: 0.35 + 0.5 * b.rng.unit(),
            atm: b.rng.between(0.05, 0.25),
            branch: b.rng.below(6),
            rent,
            second_rent: None,
            utility,
            telco,
            topups: b.rng.between(0.5, 4.0),
            family_phones: Vec::new(),
            friends: Vec::new(),
            p2p: b.rng.between(0.02, 0.2),
            night_worker: false,
            traveler: false,
            gamer: 0.0,
            seller: 0.0,
            remit: Vec::new(),
            remit_share: 0.0,
            big_deposit_day: None,
            relatives: Vec::new(),
            tickets: b.rng.between(0.0, 0.4),
        };
        // Ordinary habits that look like red flags to a careless rule.
        if b.rng.chance(lookalike) {
            match b.rng.below(11) {
                0 | 1 => {
                    for _ in 0..b.rng.range(1, 3) {
                        let phone = b.phone(country);
                        person.family_phones.push(Arc::from(phone));
                    }
                    if b.rng.chance(0.15) {
                        let phone = b.phone(country);
                        person.family_phones.push(Arc::from(phone));
                    }
                }
                2 => {
                    let name = b.person_name();
                    let lc = b.rng.below(country.cities.len());
                    let landlord = b.holder(ci, lc, name);
                    person.second_rent = Some((landlord, wage * 0.2, b.rng.range(1, 10)));
                    let phone = b.phone(country);
                    person.family_phones.push(Arc::from(phone));
                }
                3 => {
                    let employer = b.pop.businesses[*b.rng.pick(&companies[ci])].holder;
                    person.second_job = Some((employer, wage * 0.5));
                }
                4 => person.night_worker = true,
                5 => person.traveler = true,
                6 => person.gamer = b.rng.between(1.0, 4.0),
                7 => person.seller = b.rng.between(0.5, 2.5),
                8 => person.big_deposit_day = Some(b.rng.below(config.days as usize) as u32),
                9 => {
                    for _ in 0..b.rng.range(1, 3) {
                        let name = b.person_name();
                        let lc = b.rng.below(country.cities.len());
                        person.relatives.push((Arc::from(name), lc));
                    }
                }
                _ => person.tickets = b.rng.between(1.0, 4.0),
            }
        }
        // Migrants send money home: ordinary, and the look-alike of cross-border transfers.
        if b.rng.chance(0.08) {
            let home = *b.rng.pick(HOME_COUNTRIES);
            let home = if home == country.code {
                *b.rng.pick(OTHER_ABROAD)
            } else {
                home
            };
            for _ in 0..(1 + usize::from(b.rng.chance(0.3)) + usize::from(b.rng.chance(0.1))) {
                let f = b.foreign_holder(home);
                person.remit.push(f);
            }
            person.remit_share = b.rng.between(0.1, 0.4);
        }
        b.pop.persons.push(person);
    }
    // Friends: people of the same country.
    let mut by_country: Vec<Vec<usize>> = vec![Vec::new(); COUNTRIES.len()];
    for (pi, p) in b.pop.persons.iter().enumerate() {
        if let Some(ci) = b.pop.holders[p.holder].country {
            by_country[ci].push(pi);
        }
    }
    for pi in 0..b.pop.persons.len() {
        let Some(ci) = b.pop.holders[b.pop.persons[pi].holder].country else {
            continue;
        };
        let n = b.rng.range(1, 5);
        let friends: Vec<usize> = (0..n)
            .map(|_| b.pop.persons[*b.rng.pick(&by_country[ci])].holder)
            .filter(|h| *h != b.pop.persons[pi].holder)
            .collect();
        b.pop.persons[pi].friends = friends;
    }
    (b.pop, b.rng, b.maker)
}

/// Account numbers, in one sequence for everyone.
pub(crate) struct AccountMaker {
    seq: u64,
    seed: u64,
}

impl AccountMaker {
    pub(crate) fn account(&mut self, prefix: &str) -> Arc<str> {
        self.seq += 1;
        // A bijection of the sequence number, so account numbers say nothing about the order
        // (or the kind) in which holders were made.
        let n = (self.seq * 48_271 + self.seed % 1000) % 99_999_989;
        let bank = 1 + (self.seq * 7 + self.seed) % 39;
        Arc::from(format!("{prefix}{bank:02}{n:010}"))
    }
}

impl Population {
    pub(crate) fn person_name(rng: &mut Rng) -> String {
        let first = rng.pick(FIRST_NAMES);
        let a = rng.pick(SURNAMES);
        let b = rng.pick(SURNAMES);
        format!("{first} {a} {b}")
    }

    pub(crate) fn phone(rng: &mut Rng, country: &Country) -> String {
        let mut digits = String::new();
        // A mobile number: the first digit is never 0.
        digits.push(char::from(b'1' + rng.below(9) as u8));
        for _ in 1..country.phone_digits {
            digits.push(char::from(b'0' + rng.below(10) as u8));
        }
        format!("{}{digits}", country.phone_prefix)
    }

    /// Adds a holder in the region.
    pub(crate) fn add_holder(
        &mut self,
        maker: &mut AccountMaker,
        country: usize,
        city: usize,
        name: String,
        phone: String,
    ) -> usize {
        let c = &COUNTRIES[country];
        self.holders.push(Holder {
            account: maker.account(c.code),
            name: Arc::from(name),
            country: Some(country),
            code: code(c.code),
            city,
            phone: Arc::from(phone),
        });
        self.holders.len() - 1
    }

    /// Adds someone abroad.
    pub(crate) fn add_foreign(
        &mut self,
        maker: &mut AccountMaker,
        country_code: &str,
        name: String,
    ) -> usize {
        self.holders.push(Holder {
            account: maker.account(country_code),
            name: Arc::from(name),
            country: None,
            code: code(country_code),
            city: 0,
            phone: Arc::from(""),
        });
        self.holders.len() - 1
    }

    /// Adds a front business and returns its business index.
    pub(crate) fn add_front(
        &mut self,
        maker: &mut AccountMaker,
        rng: &mut Rng,
        country: usize,
        city: usize,
    ) -> usize {
        let c = &COUNTRIES[country];
        let name = format!(
            "{} {} {}",
            rng.pick(FRONT_KINDS),
            rng.pick(FRONT_NAMES),
            c.company_suffix
        );
        let phone = Population::phone(rng, c);
        let holder = self.add_holder(maker, country, city, name, phone);
        self.businesses.push(Business {
            holder,
            kind: BizKind::Front,
            cash_daily: 0.0,
            chain_cities: Vec::new(),
            supplier: None,
            supplier_every: 0,
            supplier_share: 0.0,
            supplier_offset: 0,
            b2b_weekly: 0.0,
        });
        let index = self.businesses.len() - 1;
        self.business_of.insert(holder, index);
        index
    }
}
