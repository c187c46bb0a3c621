//! One day of the generated period: its date, weekday and paydays, and the buffer the day's
//! transactions are drafted into.

use std::collections::HashMap;
use std::sync::Arc;

use rastro_model::CountryCode;
use rastro_text::{civil_from_days, days_in_month};

use super::population::Holder;
use super::world::{PayHabit, COUNTRIES};
use crate::money::{Amount, Currency};
use crate::time::DateTime;
use crate::txn::{Channel, Party, Transaction};

pub(crate) struct Day {
    pub(crate) index: u32,
    pub(crate) date: (i32, u32, u32),
    /// Monday is 0.
    pub(crate) weekday: u32,
    /// Days of the month that are paydays under each habit, with the share of the monthly
    /// wage paid then.
    fortnight: bool,
    fifth_working: bool,
    advance: bool,
    start: bool,
    end: bool,
}

fn weekday(days: i64) -> u32 {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7) as u32
}

fn working(days: i64) -> bool {
    weekday(days) < 5
}

/// The working day on or before the given day of the month.
fn on_or_before(year: i32, month: u32, day: u32) -> u32 {
    let mut d = day;
    while d > 1 && !working(rastro_text::days_from_civil(year, month, d)) {
        d -= 1;
    }
    d
}

/// The n-th working day of the month (1-based).
fn nth_working(year: i32, month: u32, n: u32) -> u32 {
    let mut count = 0;
    for d in 1..=days_in_month(year, month) {
        if working(rastro_text::days_from_civil(year, month, d)) {
            count += 1;
            if count == n {
                return d;
            }
        }
    }
    1
}

impl Day {
    pub(crate) fn new(start_days: i64, index: u32) -> Day {
        let days = start_days + i64::from(index);
        let (y, m, d) = civil_from_days(days);
        let last = days_in_month(y, m);
        Day {
            index,
            date: (y, m, d),
            weekday: weekday(days),
            fortnight: d == on_or_before(y, m, 15) || d == on_or_before(y, m, last),
            fifth_working: d == nth_working(y, m, 5),
            advance: d == on_or_before(y, m, 20),
            start: d == nth_working(y, m, 1),
            end: d == on_or_before(y, m, last),
        }
    }

    pub(crate) fn day_of_month(&self) -> u32 {
        self.date.2
    }

    /// The share of a monthly wage paid today under a habit, if today is a payday.
    pub(crate) fn wage_share(&self, habit: PayHabit, advance: bool) -> Option<f64> {
        match habit {
            PayHabit::Fortnightly => self.fortnight.then_some(0.5),
            PayHabit::FifthWorkingDay if advance => {
                if self.advance {
                    Some(0.4)
                } else {
                    self.fifth_working.then_some(0.6)
                }
            }
            PayHabit::FifthWorkingDay => self.fifth_working.then_some(1.0),
            PayHabit::StartOfMonth => self.start.then_some(1.0),
            PayHabit::EndOfMonth => self.end.then_some(1.0),
        }
    }

    pub(crate) fn first_working(&self) -> bool {
        self.start
    }

    pub(crate) fn last_working(&self) -> bool {
        self.end
    }
}

/// How a drafted amount is rounded in its currency.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Round {
    /// To the cent (to the unit in currencies without cents in practice).
    Cents,
    Units,
    Tens,
    Hundreds,
}

/// A transaction being drafted.
pub(crate) struct Draft {
    pub(crate) at: (u32, u32, u32),
    pub(crate) usd: f64,
    pub(crate) round: Round,
    pub(crate) channel: Channel,
    pub(crate) debtor: Party,
    pub(crate) creditor: Party,
    pub(crate) branch: Option<Arc<str>>,
    pub(crate) city: Option<Arc<str>>,
    pub(crate) country: Option<CountryCode>,
    pub(crate) mcc: Option<u16>,
    pub(crate) contact: Option<Arc<str>>,
    pub(crate) description: Option<Arc<str>>,
    pub(crate) label: Option<u32>,
}

impl Draft {
    pub(crate) fn new(channel: Channel, at: (u32, u32, u32), usd: f64) -> Draft {
        Draft {
            at,
            usd,
            round: Round::Cents,
            channel,
            debtor: Party::default(),
            creditor: Party::default(),
            branch: None,
            city: None,
            country: None,
            mcc: None,
            contact: None,
            description: None,
            label: None,
        }
    }
}

pub(crate) fn party(holder: &Holder) -> Party {
    Party {
        account: Some(holder.account.clone()),
        name: Some(holder.name.clone()),
    }
}

/// A name without an account (who pays cash in).
pub(crate) fn named(name: &Arc<str>) -> Party {
    Party {
        account: None,
        name: Some(name.clone()),
    }
}

/// A drafted transaction waiting for its turn: time, the order it was drafted in, and its
/// pattern when it belongs to one.
pub(crate) struct Pending {
    pub(crate) utc: i64,
    pub(crate) seq: u64,
    pub(crate) transaction: Transaction,
    pub(crate) label: Option<u32>,
}

/// Where a day's transactions are drafted.
pub(crate) struct Out {
    pub(crate) pending: Vec<Pending>,
    seq: u64,
    texts: HashMap<String, Arc<str>>,
    empty: Arc<str>,
    currencies: Vec<Option<Currency>>,
    pub(crate) cities: Vec<Vec<Arc<str>>>,
    pub(crate) branches: Vec<Vec<Vec<Arc<str>>>>,
    pub(crate) codes: Vec<Option<CountryCode>>,
    /// Only count what would be drafted (for estimating a population's size).
    pub(crate) count_only: bool,
    pub(crate) counted: u64,
}

/// Branches per city.
pub(crate) const BRANCHES: usize = 10;

impl Out {
    pub(crate) fn new() -> Out {
        Out {
            pending: Vec::new(),
            seq: 0,
            texts: HashMap::new(),
            empty: Arc::from(""),
            currencies: COUNTRIES
                .iter()
                .map(|c| Currency::parse(c.currency))
                .collect(),
            cities: COUNTRIES
                .iter()
                .map(|c| c.cities.iter().map(|n| Arc::from(*n)).collect())
                .collect(),
            branches: COUNTRIES
                .iter()
                .map(|c| {
                    c.cities
                        .iter()
                        .map(|city| {
                            (1..=BRANCHES)
                                .map(|k| Arc::from(format!("{city} - Agencia {k}")))
                                .collect()
                        })
                        .collect()
                })
                .collect(),
            codes: COUNTRIES.iter().map(|c| c.code.parse().ok()).collect(),
            count_only: false,
            counted: 0,
        }
    }

    /// Shares a piece of text between transactions.
    pub(crate) fn text(&mut self, text: &str) -> Arc<str> {
        if let Some(t) = self.texts.get(text) {
            return t.clone();
        }
        if self.texts.len() > 100_000 {
            self.texts.clear();
        }
        let t: Arc<str> = Arc::from(text);
        self.texts.insert(text.to_string(), t.clone());
        t
    }

    /// Drafts a transaction in the currency and on the clock of country `home`.
    pub(crate) fn push(&mut self, day: &Day, home: usize, draft: Draft) {
        if self.count_only {
            self.counted += 1;
            return;
        }
        let country = &COUNTRIES[home];
        let Some(currency) = self.currencies[home] else {
            return;
        };
        let local = draft.usd / country.usd;
        // Currencies worth little per unit are written in larger steps (pesos by the hundred).
        let cheap = country.usd < 0.01;
        let step = match (draft.round, cheap) {
            (Round::Cents, false) => 0.01,
            (Round::Cents, true) => 100.0,
            (Round::Units, false) => 1.0,
            (Round::Tens, false) => 10.0,
            (Round::Units | Round::Tens, true) => 1000.0,
            (Round::Hundreds, false) => 100.0,
            (Round::Hundreds, true) => 10_000.0,
        };
        let value = (local / step).round().max(1.0) * step;
        let per_unit = 10f64.powi(i32::from(currency.minor_units()));
        let amount = Amount::from_minor((value * per_unit).round() as i64, currency);
        let Some(time) = DateTime::from_local(day.date, draft.at, country.offset_minutes) else {
            return;
        };
        self.seq += 1;
        self.pending.push(Pending {
            utc: time.utc_seconds(),
            seq: self.seq,
            transaction: Transaction {
                id: self.empty.clone(),
                time,
                amount,
                currency,
                channel: draft.channel,
                debtor: draft.debtor,
                creditor: draft.creditor,
                branch: draft.branch,
                city: draft.city,
                country: draft.country.or(self.codes[home]),
                mcc: draft.mcc,
                contact: draft.contact,
                description: draft.description,
            },
            label: draft.label,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paydays_fall_on_working_days() {
        // 2024-06-15 is a Saturday: the fortnight's pay comes on Friday the 14th.
        let start = rastro_text::days_from_civil(2024, 6, 1);
        let day = |d: u32| Day::new(start, d - 1);
        assert_eq!(day(14).wage_share(PayHabit::Fortnightly, false), Some(0.5));
        assert_eq!(day(15).wage_share(PayHabit::Fortnightly, false), None);
        // June 2024: the 28th is the last working day (30th is a Sunday).
        assert_eq!(day(28).wage_share(PayHabit::EndOfMonth, false), Some(1.0));
        // Fifth working day: Mon 3, Tue 4, Wed 5, Thu 6, Fri 7.
        assert_eq!(
            day(7).wage_share(PayHabit::FifthWorkingDay, false),
            Some(1.0)
        );
        assert_eq!(
            day(20).wage_share(PayHabit::FifthWorkingDay, true),
            Some(0.4)
        );
        assert_eq!(day(3).wage_share(PayHabit::StartOfMonth, false), Some(1.0));
        assert_eq!(day(1).weekday, 5);
    }
}
