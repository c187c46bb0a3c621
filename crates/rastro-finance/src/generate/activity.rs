//! Ordinary days: wages on paydays, shopping, rent, bills, top-ups, cash at the ATM, money to
//! friends and family abroad; shops paying in their takings and paying their suppliers. Some
//! people have habits that look like red flags (several family phones, a second rent, two jobs,
//! night shifts, travel, gift cards, selling things online, a car sold for cash, parents paying
//! cash in from another city): the rules must meet them and let them be.

use super::day::{named, party, Day, Draft, Out, Round, BRANCHES};
use super::population::{BizKind, Income, Population};
use super::rng::Rng;
use super::world::{COUNTRIES, PREPAID_SELLERS};
use crate::txn::Channel;

/// A time of day between two hours, local.
pub(crate) fn clock(rng: &mut Rng, from: u32, to: u32) -> (u32, u32, u32) {
    (
        rng.range(from, to.max(from + 1) - 1),
        rng.range(0, 59),
        rng.range(0, 59),
    )
}

/// Shopping hours, busier at midday and in the evening.
fn shopping_clock(rng: &mut Rng) -> (u32, u32, u32) {
    let hour = [
        8, 9, 10, 11, 12, 12, 13, 13, 14, 15, 16, 17, 18, 18, 19, 19, 20, 21,
    ];
    (*rng.pick(&hour), rng.range(0, 59), rng.range(0, 59))
}

pub(crate) fn person_day(pop: &Population, person: usize, day: &Day, rng: &mut Rng, out: &mut Out) {
    let p = &pop.persons[person];
    let h = &pop.holders[p.holder];
    let Some(ci) = h.country else { return };
    let c = &COUNTRIES[ci];
    let me = party(h);
    let dom = day.day_of_month();

    // Income.
    let mut paid_today = 0.0;
    match &p.income {
        Income::Salary {
            employer,
            monthly,
            advance,
        } => {
            if let Some(share) = day.wage_share(c.pay, *advance) {
                let e = &pop.holders[*employer];
                let mut d = Draft::new(Channel::Payroll, clock(rng, 5, 10), monthly * share);
                d.debtor = party(e);
                d.creditor = me.clone();
                d.description = Some(out.text(c.payroll_word));
                out.push(day, ci, d);
                paid_today = monthly * share;
            }
        }
        Income::Informal { weekly } => {
            if day.weekday < 6 && rng.chance(0.35) {
                let mut d = Draft::new(
                    Channel::CashDeposit,
                    clock(rng, 9, 18),
                    weekly * 0.55 * rng.skew(),
                );
                d.round = Round::Tens;
                d.debtor = named(&h.name);
                d.creditor = me.clone();
                d.branch = Some(out.branches[ci][h.city][p.branch].clone());
                d.city = Some(out.cities[ci][h.city].clone());
                out.push(day, ci, d);
            }
            if day.first_working() {
                paid_today = weekly * 4.3;
            }
        }
        Income::Pension { payer, monthly } => {
            if day.first_working() {
                let mut d = Draft::new(Channel::Transfer, clock(rng, 6, 9), *monthly);
                d.debtor = party(&pop.holders[*payer]);
                d.creditor = me.clone();
                d.description = Some(out.text("PENSION"));
                out.push(day, ci, d);
                paid_today = *monthly;
            }
        }
    }
    if let Some((employer, monthly)) = p.second_job {
        if day.last_working() {
            let mut d = Draft::new(Channel::Payroll, clock(rng, 6, 11), monthly);
            d.debtor = party(&pop.holders[employer]);
            d.creditor = me.clone();
            d.description = Some(out.text(c.payroll_word));
            out.push(day, ci, d);
        }
    }

    // Money home, on the day the money comes in.
    if paid_today > 0.0 && !p.remit.is_empty() {
        let to = p.remit[(day.index as usize / 30) % p.remit.len()];
        let f = &pop.holders[to];
        let channel = if rng.chance(0.7) {
            Channel::Remittance
        } else {
            Channel::Wire
        };
        let mut d = Draft::new(
            channel,
            clock(rng, 10, 20),
            paid_today * p.remit_share * rng.between(0.8, 1.2),
        );
        d.round = Round::Units;
        d.debtor = me.clone();
        d.creditor = party(f);
        d.country = f.code;
        d.description = Some(out.text("ENVIO FAMILIA"));
        out.push(day, ci, d);
    }

    // Travellers spend some days in another city.
    let away = p.traveler && matches!((day.index + person as u32) % 7, 2 | 3);
    let city = if away {
        (h.city + 1 + (day.index as usize / 7 + person) % (c.cities.len() - 1)) % c.cities.len()
    } else {
        h.city
    };

    // Shopping.
    let weekend = if day.weekday >= 5 { 1.3 } else { 1.0 };
    let shops = &pop.shops[ci];
    for _ in 0..rng.count(p.spend * weekend) {
        let list = if shops[city].is_empty() {
            &shops[0]
        } else {
            &shops[city]
        };
        if list.is_empty() {
            break;
        }
        let bi = *rng.pick(list);
        let b = &pop.businesses[bi];
        let (mcc, ticket) = match b.kind {
            BizKind::Shop { mcc, ticket } | BizKind::Chain { mcc, ticket } => (mcc, ticket),
            _ => continue,
        };
        let mut d = Draft::new(Channel::Card, shopping_clock(rng), ticket * rng.skew());
        d.debtor = me.clone();
        d.creditor = party(&pop.holders[b.holder]);
        d.mcc = Some(mcc);
        d.city = Some(out.cities[ci][city].clone());
        out.push(day, ci, d);
    }
    if rng.chance(p.tickets / 30.0) {
        let bus = pop.transport[ci * 2 + usize::from(rng.chance(0.25))];
        let b = &pop.businesses[bus];
        let (mcc, ticket) = match b.kind {
            BizKind::Shop { mcc, ticket } => (mcc, ticket),
            _ => (4131, 25.0),
        };
        let mut d = Draft::new(Channel::Card, shopping_clock(rng), ticket * rng.skew());
        d.debtor = me.clone();
        d.creditor = party(&pop.holders[b.holder]);
        d.mcc = Some(mcc);
        d.city = Some(out.cities[ci][city].clone());
        out.push(day, ci, d);
    }

    // Cash from the ATM: by day, and by night for those who work nights.
    for _ in 0..rng.count(p.atm) {
        let at = if p.night_worker && rng.chance(0.6) {
            clock(rng, 0, 5)
        } else {
            clock(rng, 8, 22)
        };
        let branch = if away || rng.chance(0.25) {
            rng.below(BRANCHES)
        } else {
            p.branch
        };
        let mut d = Draft::new(Channel::CashWithdrawal, at, rng.between(15.0, 120.0));
        d.round = Round::Tens;
        d.debtor = me.clone();
        d.branch = Some(out.branches[ci][city][branch].clone());
        d.city = Some(out.cities[ci][city].clone());
        out.push(day, ci, d);
    }
    if away && rng.chance(0.12) {
        let mut d = Draft::new(
            Channel::CashDeposit,
            clock(rng, 9, 18),
            rng.between(50.0, 400.0),
        );
        d.round = Round::Tens;
        d.debtor = named(&h.name);
        d.creditor = me.clone();
        d.branch = Some(out.branches[ci][city][rng.below(BRANCHES)].clone());
        d.city = Some(out.cities[ci][city].clone());
        out.push(day, ci, d);
    }

    // Rent and bills.
    for (landlord, usd, due) in [p.rent, p.second_rent].into_iter().flatten() {
        if dom == due {
            let l = &pop.holders[landlord];
            let mut d = Draft::new(Channel::Transfer, clock(rng, 8, 22), usd);
            d.round = Round::Units;
            d.debtor = me.clone();
            d.creditor = party(l);
            d.description = Some(out.text(c.rent_word));
            out.push(day, ci, d);
        }
    }
    if let Some(utility) = p.utility {
        if dom == 10 {
            let mut d = Draft::new(
                Channel::DirectDebit,
                clock(rng, 1, 6),
                rng.between(12.0, 60.0),
            );
            d.debtor = me.clone();
            d.creditor = party(&pop.holders[utility]);
            d.mcc = Some(4900);
            out.push(day, ci, d);
        }
    }
    let telco = &pop.holders[p.telco];
    let topup = |phone: &std::sync::Arc<str>, rng: &mut Rng, out: &mut Out| {
        let channel = if rng.chance(0.6) {
            Channel::Card
        } else {
            Channel::Mobile
        };
        let mut d = Draft::new(channel, shopping_clock(rng), rng.between(3.0, 15.0));
        d.round = Round::Units;
        d.debtor = me.clone();
        d.creditor = party(telco);
        d.mcc = Some(4814);
        d.contact = Some(phone.clone());
        out.push(day, ci, d);
    };
    if rng.chance(p.topups / 30.0) {
        topup(&h.phone, rng, out);
    }
    for (k, phone) in p.family_phones.iter().enumerate() {
        if dom == 5 + 6 * k as u32 {
            topup(phone, rng, out);
        }
    }

    // Money to friends.
    for _ in 0..rng.count(p.p2p) {
        if p.friends.is_empty() {
            break;
        }
        let f = &pop.holders[*rng.pick(&p.friends)];
        let mut d = Draft::new(Channel::Mobile, shopping_clock(rng), rng.between(4.0, 60.0));
        d.round = Round::Units;
        d.debtor = me.clone();
        d.creditor = party(f);
        d.contact = Some(f.phone.clone());
        out.push(day, ci, d);
    }

    // Habits.
    if p.gamer > 0.0 && rng.chance(p.gamer / 30.0) {
        let k = rng.below(PREPAID_SELLERS.len());
        let seller = pop.prepaid[ci * PREPAID_SELLERS.len() + k];
        let statement = PREPAID_SELLERS[k].1;
        let mut d = Draft::new(Channel::Card, shopping_clock(rng), rng.between(10.0, 50.0));
        d.round = Round::Units;
        d.debtor = me.clone();
        d.creditor = party(&pop.holders[pop.businesses[seller].holder]);
        d.mcc = Some(6540);
        d.description = Some(out.text(statement));
        out.push(day, ci, d);
    }
    if p.seller > 0.0 && rng.chance(p.seller / 30.0) {
        let site = pop.classified_local[ci];
        let mut d = Draft::new(Channel::Card, shopping_clock(rng), rng.between(3.0, 20.0));
        d.debtor = me.clone();
        d.creditor = party(&pop.holders[pop.businesses[site].holder]);
        d.mcc = Some(7311);
        out.push(day, ci, d);
    }
    if p.big_deposit_day == Some(day.index) {
        let mut d = Draft::new(
            Channel::CashDeposit,
            clock(rng, 9, 16),
            c.threshold_usd * rng.between(0.75, 0.97),
        );
        d.round = Round::Hundreds;
        d.debtor = named(&h.name);
        d.creditor = me.clone();
        d.branch = Some(out.branches[ci][h.city][p.branch].clone());
        d.city = Some(out.cities[ci][h.city].clone());
        out.push(day, ci, d);
    }
    for (k, (name, rc)) in p.relatives.iter().enumerate() {
        if rng.chance(1.2 / 30.0) {
            // Each relative has a branch near home, and now and then uses another.
            let branch = if rng.chance(0.8) {
                (person + k) % BRANCHES
            } else {
                rng.below(BRANCHES)
            };
            let mut d = Draft::new(
                Channel::CashDeposit,
                clock(rng, 9, 18),
                rng.between(30.0, 200.0),
            );
            d.round = Round::Tens;
            d.debtor = named(name);
            d.creditor = me.clone();
            d.branch = Some(out.branches[ci][*rc][branch].clone());
            d.city = Some(out.cities[ci][*rc].clone());
            out.push(day, ci, d);
        }
    }
}

pub(crate) fn business_day(
    pop: &Population,
    business: usize,
    day: &Day,
    rng: &mut Rng,
    out: &mut Out,
) {
    let b = &pop.businesses[business];
    let h = &pop.holders[b.holder];
    let Some(ci) = h.country else { return };
    let me = party(h);
    let deposit = |city: usize, at, usd: f64, rng: &mut Rng, out: &mut Out| {
        let mut d = Draft::new(Channel::CashDeposit, at, usd);
        d.round = Round::Tens;
        d.debtor = named(&h.name);
        d.creditor = me.clone();
        d.branch = Some(
            out.branches[ci][city][(business + usize::from(rng.chance(0.3))) % BRANCHES].clone(),
        );
        d.city = Some(out.cities[ci][city].clone());
        out.push(day, ci, d);
    };
    match b.kind {
        BizKind::Shop { .. } if b.cash_daily > 0.0 && day.weekday < 6 && rng.chance(0.7) => {
            let at = clock(rng, 10, 18);
            deposit(h.city, at, b.cash_daily * 1.3 * rng.skew(), rng, out);
        }
        BizKind::Chain { .. } => {
            for &city in &b.chain_cities {
                if rng.chance(0.6) {
                    let at = clock(rng, 9, 17);
                    deposit(city, at, b.cash_daily * rng.skew(), rng, out);
                }
            }
        }
        BizKind::NightVenue if day.weekday >= 3 && rng.chance(0.8) => {
            let at = if rng.chance(0.5) {
                clock(rng, 23, 24)
            } else {
                clock(rng, 0, 3)
            };
            deposit(h.city, at, b.cash_daily * 2.0 * rng.skew(), rng, out);
        }
        BizKind::Company => {
            for _ in 0..rng.count(b.b2b_weekly / 7.0) {
                let client = &pop.holders[pop.businesses[rng.below(pop.businesses.len())].holder];
                if client.country != h.country || client.account == h.account {
                    continue;
                }
                let mut d = Draft::new(
                    Channel::Transfer,
                    clock(rng, 8, 18),
                    rng.between(400.0, 6000.0),
                );
                d.debtor = party(client);
                d.creditor = me.clone();
                d.description = Some(out.text("PAGO FACTURA"));
                out.push(day, ci, d);
            }
        }
        _ => {}
    }
    if let Some(supplier) = b.supplier {
        if b.supplier_every > 0 && (day.index + b.supplier_offset).is_multiple_of(b.supplier_every)
        {
            let takings = match b.kind {
                BizKind::Chain { .. } => b.cash_daily * b.chain_cities.len() as f64 * 0.6,
                BizKind::Company => 1500.0,
                _ => b.cash_daily.max(150.0),
            };
            let usd =
                takings * f64::from(b.supplier_every) * b.supplier_share * rng.between(0.8, 1.2);
            let mut d = Draft::new(Channel::Transfer, clock(rng, 9, 17), usd);
            d.debtor = me.clone();
            d.creditor = party(&pop.holders[supplier]);
            d.description = Some(out.text("PAGO PROVEEDOR"));
            out.push(day, ci, d);
        }
    }
}
