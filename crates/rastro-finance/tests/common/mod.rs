//! Hand-written transactions for tests: a builder that writes CSV rows, read back through the
//! crate's own reader, so every test also exercises the reader.

#![allow(dead_code)]

use rastro_finance::read::{from_reader, read_all, Format};
use rastro_finance::{run_batch, Alert, Catalogue, KnownIdentifiers, Transaction};

/// One transaction being written. Times are days from 2024-03-01 at a local hour, in Ecuador
/// (UTC-5, dollars) unless told otherwise.
#[derive(Clone)]
pub struct Tx {
    id: String,
    day: i64,
    hour: u32,
    minute: u32,
    offset: &'static str,
    amount: String,
    currency: String,
    channel: String,
    debtor: (String, String),
    creditor: (String, String),
    branch: String,
    city: String,
    country: String,
    mcc: String,
    contact: String,
    description: String,
}

pub fn tx(id: &str, day: i64, hour: u32, channel: &str, amount: &str) -> Tx {
    Tx {
        id: id.to_string(),
        day,
        hour,
        minute: 0,
        offset: "-05:00",
        amount: amount.to_string(),
        currency: "USD".to_string(),
        channel: channel.to_string(),
        debtor: (String::new(), String::new()),
        creditor: (String::new(), String::new()),
        branch: String::new(),
        city: String::new(),
        country: "EC".to_string(),
        mcc: String::new(),
        contact: String::new(),
        description: String::new(),
    }
}

impl Tx {
    pub fn from(mut self, account: &str, name: &str) -> Tx {
        self.debtor = (account.to_string(), name.to_string());
        self
    }
    pub fn to(mut self, account: &str, name: &str) -> Tx {
        self.creditor = (account.to_string(), name.to_string());
        self
    }
    pub fn at(mut self, branch: &str, city: &str) -> Tx {
        self.branch = branch.to_string();
        self.city = city.to_string();
        self
    }
    pub fn minute(mut self, minute: u32) -> Tx {
        self.minute = minute;
        self
    }
    pub fn mcc(mut self, mcc: &str) -> Tx {
        self.mcc = mcc.to_string();
        self
    }
    pub fn contact(mut self, contact: &str) -> Tx {
        self.contact = contact.to_string();
        self
    }
    pub fn desc(mut self, description: &str) -> Tx {
        self.description = description.to_string();
        self
    }
    pub fn country(mut self, country: &str) -> Tx {
        self.country = country.to_string();
        self
    }
    pub fn currency(mut self, currency: &str) -> Tx {
        self.currency = currency.to_string();
        self
    }

    fn time(&self) -> String {
        let base = rastro_text::days_from_civil(2024, 3, 1);
        let (y, m, d) = rastro_text::civil_from_days(base + self.day);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:00{}",
            self.hour, self.minute, self.offset
        )
    }

    fn row(&self) -> String {
        let fields = [
            self.id.clone(),
            self.time(),
            self.amount.clone(),
            self.currency.clone(),
            self.channel.clone(),
            self.debtor.0.clone(),
            self.debtor.1.clone(),
            self.creditor.0.clone(),
            self.creditor.1.clone(),
            self.branch.clone(),
            self.city.clone(),
            self.country.clone(),
            self.mcc.clone(),
            self.contact.clone(),
            self.description.clone(),
        ];
        fields
            .iter()
            .map(|f| {
                if f.contains([',', '"']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

pub fn csv(rows: &[Tx]) -> String {
    let mut text = rastro_finance::txn::COLUMNS.join(",");
    text.push('\n');
    for r in rows {
        text.push_str(&r.row());
        text.push('\n');
    }
    text
}

/// Reads the rows back; every row must be good.
pub fn parse(rows: &[Tx]) -> Vec<Transaction> {
    let text = csv(rows);
    let reader = from_reader(
        Box::new(std::io::Cursor::new(text.into_bytes())),
        Format::Csv,
        "test",
    )
    .expect("header");
    let summary = read_all(reader);
    assert!(summary.problems.is_empty(), "{:?}", summary.problems);
    summary.transactions
}

pub fn alerts_with(catalogue: &Catalogue, rows: &[Tx], known: &[&str]) -> Vec<Alert> {
    let known: KnownIdentifiers = known.iter().collect();
    run_batch(catalogue, &known, &parse(rows), 1)
        .expect("batch")
        .alerts
}

pub fn alerts(rows: &[Tx], known: &[&str]) -> Vec<Alert> {
    alerts_with(&Catalogue::builtin(), rows, known)
}

/// The typologies alerted for an account.
pub fn typologies(alerts: &[Alert], account: &str) -> Vec<String> {
    let mut names: Vec<String> = alerts
        .iter()
        .filter(|a| a.accounts.iter().any(|x| x == account))
        .map(|a| a.typology.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A month's wage into an account, so that it has a home country and an income.
pub fn wage(id: &str, day: i64, account: &str, name: &str, amount: &str) -> Tx {
    tx(id, day, 8, "payroll", amount)
        .from("EMP-1", "Constructora Andina S.A.")
        .to(account, name)
        .desc("SUELDO")
}
