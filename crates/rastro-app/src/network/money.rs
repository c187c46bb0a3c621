//! The money in a session's network: the transactions and alerts it may see (its organisation's
//! and those granted to it in full), read through its scope, as the builder's records.
//!
//! Transactions between the same two sides of one owner become one node: a flow with its number
//! of payments, the sums per currency and the span from the first to the last, paid from the
//! debtor's account and to the creditor's (value nodes, so an account in two owners' data, or
//! in a flow and an alert, is one node). A side without an account is its party. Each named
//! party is a node holding the accounts it used; the phone or e-mail a payment carries is held
//! by its flow, so a phone a case's person also has joins them as one value, weighted by rarity
//! like any other. An alert is a node flagging its accounts, its party and the flows its
//! transactions belong to. Nothing else is read for this (not the cases an alert was linked to
//! when it was raised, which this session may not see): whatever links
//! money to people runs through shared values, which the builder keeps only where two visible
//! records hold them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rastro_finance::{Amount, Currency, Transaction};
use rastro_graph::{EdgeKind, Identifier, Link, Record, RecordKind, Span, Target, ValueKind};
use rastro_store::{Action, TransactionStamp};
use serde::Deserialize;

use super::sources::{short, SourceCounts};
use crate::session::Session;
use crate::transactions::account_key;
use crate::Result;

/// The prefixes of the money's record nodes' keys: a flow is named by its first transaction's
/// store id, an alert by its id, a party by its owner's name and its folded name.
pub const TRANSACTION: &str = "transaction:";
pub const ALERT: &str = "alert:";
pub const PARTY: &str = "party:";

/// Whether the session may see transactions and alerts at all.
pub(crate) fn sees_money(session: &Session) -> bool {
    rastro_store::permits(session.actor().role(), Action::MonitorTransactions)
}

/// One side of a payment as a flow is keyed by: an account, else a party's folded name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Side {
    Account(String),
    Party(String),
    Unknown,
}

/// The payments between two sides of one owner.
struct Flow {
    key: String,
    payments: u64,
    sums: BTreeMap<String, (Currency, i128)>,
    first: i64,
    last: i64,
    debtor: Option<(String, String)>,
    creditor: Option<(String, String)>,
    contacts: BTreeSet<(String, Option<String>)>,
    countries: BTreeSet<String>,
}

/// A named party of one owner: its label as first written, the accounts it used, when.
struct PartySeen {
    label: String,
    accounts: BTreeSet<String>,
    first: i64,
    last: i64,
}

/// What the money's reading keeps while it goes.
#[derive(Default)]
struct Ledger {
    /// Flows by (owner, debtor side, creditor side).
    flows: HashMap<(String, Side, Side), Flow>,
    /// Parties by (owner, folded name).
    parties: BTreeMap<(String, String), PartySeen>,
    /// The flow each transaction belongs to, by store id.
    flow_of: HashMap<String, String>,
}

impl Ledger {
    fn add(&mut self, id: &str, owner: &str, t: &Transaction) {
        let at = t.time.utc_seconds();
        let mut side = |party: &rastro_finance::Party| -> (Side, Option<(String, String)>) {
            let account = party.account.as_deref().and_then(account_key);
            let folded = party
                .name
                .as_deref()
                .map(rastro_text::fold_key)
                .filter(|f| !f.is_empty());
            if let (Some(name), Some(folded)) = (party.name.as_deref(), &folded) {
                let seen = self
                    .parties
                    .entry((owner.to_string(), folded.clone()))
                    .or_insert_with(|| PartySeen {
                        label: name.trim().to_string(),
                        accounts: BTreeSet::new(),
                        first: at,
                        last: at,
                    });
                seen.first = seen.first.min(at);
                seen.last = seen.last.max(at);
                if let Some(raw) = party.account.as_deref() {
                    seen.accounts.insert(raw.trim().to_string());
                }
            }
            match (account, folded) {
                (Some(key), _) => {
                    let raw = party.account.as_deref().unwrap_or("").trim().to_string();
                    (Side::Account(key), Some(("account".to_string(), raw)))
                }
                (None, Some(folded)) => {
                    let key = party_key(owner, &folded);
                    (Side::Party(folded), Some(("party".to_string(), key)))
                }
                (None, None) => (Side::Unknown, None),
            }
        };
        let (from, debtor) = side(&t.debtor);
        let (to, creditor) = side(&t.creditor);
        let flow = self
            .flows
            .entry((owner.to_string(), from, to))
            .or_insert_with(|| Flow {
                key: format!("{TRANSACTION}{id}"),
                payments: 0,
                sums: BTreeMap::new(),
                first: at,
                last: at,
                debtor,
                creditor,
                contacts: BTreeSet::new(),
                countries: BTreeSet::new(),
            });
        flow.payments += 1;
        let sum = flow
            .sums
            .entry(t.currency.as_str().to_string())
            .or_insert((t.currency, 0));
        sum.1 += i128::from(t.amount.ten_thousandths());
        flow.first = flow.first.min(at);
        flow.last = flow.last.max(at);
        if let Some(contact) = t.contact.as_deref() {
            let country = t.country.map(|c| c.to_string());
            flow.contacts.insert((contact.trim().to_string(), country));
        }
        if let Some(country) = t.country {
            flow.countries.insert(country.to_string());
        }
        self.flow_of.insert(id.to_string(), flow.key.clone());
    }
}

/// The key of a party node: per owner (by its name), since two organisations' namesakes need
/// not be one person.
fn party_key(owner: &str, folded: &str) -> String {
    format!("{PARTY}{owner}:{folded}")
}

/// Words of a folded name that say it is a business, not a person.
const LEGAL_FORMS: &[&str] = &[
    "sa", "sac", "saa", "sas", "srl", "eirl", "ltda", "ltd", "llc", "inc", "corp", "cia", "spa",
    "me", "mei", "epp",
];

fn party_kind(folded: &str) -> RecordKind {
    if folded.split(' ').any(|w| LEGAL_FORMS.contains(&w)) {
        RecordKind::Organisation
    } else {
        RecordKind::Person
    }
}

/// A flow's label: how many payments, and how much in each currency.
fn flow_label(flow: &Flow) -> String {
    let sums: Vec<String> = flow
        .sums
        .values()
        .map(|(currency, sum)| {
            let clamped = (*sum).clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
            format!(
                "{} {}",
                Amount::from_ten_thousandths(clamped).format(*currency),
                currency.as_str()
            )
        })
        .collect();
    let payments = if flow.payments == 1 {
        "1 payment".to_string()
    } else {
        format!("{} payments", flow.payments)
    };
    format!("{payments} · {}", sums.join(" + "))
}

/// A contact as the value kind it is: an e-mail has an `@`.
fn contact_identifier(contact: &str, country: Option<String>, time: Span) -> Identifier {
    let kind = if contact.contains('@') {
        ValueKind::Email
    } else {
        ValueKind::Phone
    };
    Identifier {
        kind,
        value: contact.to_string(),
        country,
        time: Some(time),
    }
}

/// The part of a kept alert the network reads. Its fields are required, so an alert written by
/// another version is counted as unreadable instead of drawn with nothing.
#[derive(Deserialize)]
struct KeptAlert {
    alert: AlertSeen,
}

#[derive(Deserialize)]
struct AlertSeen {
    title: String,
    subject_kind: String,
    subject: String,
    accounts: Vec<String>,
}

/// The transactions read so far, folded into flows and parties: kept between builds, so that
/// transactions added since are the only ones opened.
#[derive(Default)]
pub(crate) struct MoneyRead {
    ledger: Ledger,
    transactions: usize,
}

impl MoneyRead {
    /// Adds the visible transactions stored after `added` was read (all when `None`).
    pub fn read(&mut self, session: &Session, added: Option<&TransactionStamp>) -> Result<()> {
        if !sees_money(session) {
            return Ok(());
        }
        let (ledger, transactions) = (&mut self.ledger, &mut self.transactions);
        crate::transactions::for_each_visible(session, added, &mut |id, owner, t| {
            ledger.add(id, owner, &t);
            *transactions += 1;
            Ok(())
        })?;
        Ok(())
    }
}

/// The money records of what the session may see: the transactions read into `read`, and the
/// alerts read now, with what was read counted into `counts`.
pub(crate) fn records(
    session: &Session,
    read: &mut MoneyRead,
    counts: &mut SourceCounts,
) -> Result<Vec<Record>> {
    if !sees_money(session) {
        return Ok(Vec::new());
    }
    let ledger = &mut read.ledger;
    // An alert granted without its owner's transactions still brings those it lists.
    let alerts = session.scope().alerts(None)?;
    for alert in &alerts {
        if alert
            .transactions
            .iter()
            .all(|id| ledger.flow_of.contains_key(id))
        {
            continue;
        }
        let listed = session
            .scope()
            .alert_transactions(&alert.id)?
            .unwrap_or_default();
        for (id, t) in crate::transactions::decode_all(listed)? {
            if !ledger.flow_of.contains_key(&id) {
                ledger.add(&id, &alert.owner, &t);
                read.transactions += 1;
            }
        }
    }
    counts.transactions += read.transactions;

    let mut out = Vec::new();
    for flow in ledger.flows.values() {
        let time = Span::new(flow.first, flow.last);
        let mut record = Record::new(flow.key.clone(), RecordKind::Transaction, flow_label(flow))
            .with_time(time);
        for (kind, side) in [
            (EdgeKind::PaidFrom, &flow.debtor),
            (EdgeKind::PaidTo, &flow.creditor),
        ] {
            let target = match side {
                Some((what, value)) if what == "account" => Target::Value {
                    kind: ValueKind::Account,
                    value: value.clone(),
                    country: None,
                },
                Some((_, party)) => Target::Record(party.clone()),
                None => continue,
            };
            record.links.push(Link {
                kind,
                target,
                time: Some(time),
                role: None,
            });
        }
        for (contact, country) in &flow.contacts {
            record
                .identifiers
                .push(contact_identifier(contact, country.clone(), time));
        }
        for country in &flow.countries {
            record = record.holds(ValueKind::Place, country.as_str());
        }
        out.push(record);
        counts.flows += 1;
    }
    for ((owner_id, folded), seen) in &ledger.parties {
        let time = Span::new(seen.first, seen.last);
        let mut record = Record::new(
            party_key(owner_id, folded),
            party_kind(folded),
            seen.label.clone(),
        )
        .with_time(time);
        for account in &seen.accounts {
            record = record.holds(ValueKind::Account, account.as_str());
        }
        out.push(record);
        counts.parties += 1;
    }

    for alert in alerts {
        let Ok(kept) = serde_json::from_str::<KeptAlert>(&alert.body) else {
            counts.unreadable_alerts += 1;
            continue;
        };
        let time = Span::at(alert.raised_at);
        let label = format!(
            "{} · {:.1} · {}",
            kept.alert.title,
            alert.score,
            short(&alert.id)
        );
        let mut record =
            Record::new(format!("{ALERT}{}", alert.id), RecordKind::Alert, label).with_time(time);
        let flag = |target: Target| Link {
            kind: EdgeKind::FlaggedInAlert,
            target,
            time: Some(time),
            role: None,
        };
        for account in &kept.alert.accounts {
            record.links.push(flag(Target::Value {
                kind: ValueKind::Account,
                value: account.clone(),
                country: None,
            }));
        }
        if kept.alert.subject_kind == "party" {
            record.links.push(flag(Target::Record(party_key(
                &alert.owner,
                &kept.alert.subject,
            ))));
        }
        let mut flows: BTreeSet<&String> = BTreeSet::new();
        for id in &alert.transactions {
            if let Some(flow) = ledger.flow_of.get(id) {
                flows.insert(flow);
            }
        }
        for flow in flows {
            record.links.push(flag(Target::Record(flow.clone())));
        }
        out.push(record);
        counts.alerts += 1;
    }
    Ok(out)
}

/// What the money moves of a network's cache key: `None` for a session that sees none.
pub(crate) fn stamp(session: &Session) -> Result<Option<TransactionStamp>> {
    if !sees_money(session) {
        return Ok(None);
    }
    Ok(Some(session.scope().transaction_stamp("network")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transaction(
        id: &str,
        debtor: (&str, &str),
        creditor: (&str, &str),
        amount: &str,
    ) -> Transaction {
        let currency = Currency::parse("PEN").unwrap();
        Transaction {
            id: id.into(),
            time: rastro_finance::DateTime::parse("2024-03-05T10:00:00-05:00").unwrap(),
            amount: Amount::parse(amount, Some(currency)).unwrap(),
            currency,
            channel: rastro_finance::Channel::Transfer,
            debtor: rastro_finance::Party::new(debtor.0, debtor.1),
            creditor: rastro_finance::Party::new(creditor.0, creditor.1),
            branch: None,
            city: None,
            country: "PE".parse().ok(),
            mcc: None,
            contact: Some("987 654 321".into()),
            description: None,
        }
    }

    #[test]
    fn payments_between_the_same_sides_are_one_flow() {
        let mut ledger = Ledger::default();
        ledger.add(
            "S1",
            "org",
            &transaction(
                "T1",
                ("PE-1", "Ana Quispe"),
                ("PE-2", "Hostal Sol SAC"),
                "10.00",
            ),
        );
        ledger.add(
            "S2",
            "org",
            &transaction("T2", ("pe 1", "ANA QUISPE"), ("PE-2", ""), "5.50"),
        );
        ledger.add(
            "S3",
            "org",
            &transaction("T3", ("", "Ana Quispe"), ("PE-2", ""), "1.00"),
        );
        ledger.add(
            "S4",
            "other",
            &transaction("T1", ("PE-1", "Ana Quispe"), ("PE-2", ""), "1.00"),
        );
        assert_eq!(ledger.flows.len(), 3);
        let flow = &ledger.flows[&(
            "org".to_string(),
            Side::Account("PE1".into()),
            Side::Account("PE2".into()),
        )];
        assert_eq!(flow.payments, 2);
        assert_eq!(flow_label(flow), "2 payments · 15.50 PEN");
        assert_eq!(ledger.flow_of["S2"], "transaction:S1");
        // A side without an account is its party, keyed per owner.
        let by_name = &ledger.flows[&(
            "org".to_string(),
            Side::Party("ana quispe".into()),
            Side::Account("PE2".into()),
        )];
        assert_eq!(by_name.debtor.as_ref().unwrap().1, "party:org:ana quispe");
        assert_eq!(ledger.parties.len(), 3);
        let ana = &ledger.parties[&("org".to_string(), "ana quispe".to_string())];
        assert_eq!(ana.label, "Ana Quispe");
        assert_eq!(ana.accounts.len(), 2, "{:?}", ana.accounts);
        assert_eq!(party_kind("hostal sol sac"), RecordKind::Organisation);
        assert_eq!(party_kind("ana quispe"), RecordKind::Person);
    }
}
