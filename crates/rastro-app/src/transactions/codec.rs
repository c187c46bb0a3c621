//! A transaction as the store keeps it: the time in the clear (the store's own columns), the
//! rest as a small JSON object sealed by the store, and the accounts and contact normalised for
//! their blind indexes. The amount is kept in exact ten-thousandths, so a transaction read back
//! is the one imported, fingerprint and all.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use rastro_finance::{Amount, Channel, Currency, DateTime, Party, Transaction};
use rastro_store::StoredTransaction;
use serde::{Deserialize, Serialize};

/// The sealed part of a stored transaction.
#[derive(Serialize, Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    /// Ten-thousandths of the currency's unit.
    amount: i64,
    #[serde(borrow)]
    currency: Cow<'a, str>,
    #[serde(borrow)]
    channel: Cow<'a, str>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    debtor_account: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    debtor_name: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    creditor_account: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    creditor_name: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    branch: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    city: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    country: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mcc: Option<u16>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    contact: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    description: Option<Cow<'a, str>>,
}

fn borrowed(value: &Option<Arc<str>>) -> Option<Cow<'_, str>> {
    value.as_deref().map(Cow::Borrowed)
}

/// The text the store seals for `t`.
pub(crate) fn encode(t: &Transaction) -> String {
    let country = t.country.map(|c| Cow::Owned(c.to_string()));
    let body = Body {
        id: Cow::Borrowed(&t.id),
        amount: t.amount.ten_thousandths(),
        currency: Cow::Borrowed(t.currency.as_str()),
        channel: Cow::Borrowed(t.channel.as_str()),
        debtor_account: borrowed(&t.debtor.account),
        debtor_name: borrowed(&t.debtor.name),
        creditor_account: borrowed(&t.creditor.account),
        creditor_name: borrowed(&t.creditor.name),
        branch: borrowed(&t.branch),
        city: borrowed(&t.city),
        country,
        mcc: t.mcc,
        contact: borrowed(&t.contact),
        description: borrowed(&t.description),
    };
    // A struct of strings and integers always serialises.
    serde_json::to_string(&body).unwrap_or_default()
}

/// An account as its blind index takes it: letters and digits only, in capitals, so that
/// `PE 0012-3456` and `pe00123456` are one account. `None` when nothing is left.
pub fn account_key(account: &str) -> Option<String> {
    let key: String = account
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    (!key.is_empty()).then_some(key)
}

/// Shares the texts that recur across a read (accounts, names, places, contacts), as the
/// readers of files do: a million transactions name far fewer accounts.
#[derive(Default)]
pub(crate) struct Interner {
    seen: HashMap<Box<str>, Arc<str>>,
}

impl Interner {
    fn get(&mut self, text: Option<Cow<'_, str>>) -> Option<Arc<str>> {
        let text = text?;
        if let Some(shared) = self.seen.get(text.as_ref()) {
            return Some(Arc::clone(shared));
        }
        let shared: Arc<str> = Arc::from(text.as_ref());
        self.seen
            .insert(Box::from(text.as_ref()), Arc::clone(&shared));
        Some(shared)
    }
}

/// The transaction a stored one holds, or why it cannot be read (a body written by another
/// version, or damaged).
pub(crate) fn decode(
    stored: &StoredTransaction,
    interner: &mut Interner,
) -> Result<Transaction, String> {
    let body: Body<'_> =
        serde_json::from_str(&stored.body).map_err(|e| format!("unreadable: {e}"))?;
    let time = DateTime::from_utc(stored.at, stored.utc_offset)
        .ok_or_else(|| format!("offset {} out of range", stored.utc_offset))?;
    let currency =
        Currency::parse(&body.currency).ok_or_else(|| format!("currency {:?}", body.currency))?;
    let channel =
        Channel::parse(&body.channel).ok_or_else(|| format!("channel {:?}", body.channel))?;
    let country = match body.country.as_deref() {
        Some(c) => Some(c.parse().map_err(|_| format!("country {c:?}"))?),
        None => None,
    };
    Ok(Transaction {
        id: Arc::from(body.id.as_ref()),
        time,
        amount: Amount::from_ten_thousandths(body.amount),
        currency,
        channel,
        debtor: Party {
            account: interner.get(body.debtor_account),
            name: interner.get(body.debtor_name),
        },
        creditor: Party {
            account: interner.get(body.creditor_account),
            name: interner.get(body.creditor_name),
        },
        branch: interner.get(body.branch),
        city: interner.get(body.city),
        country,
        mcc: body.mcc,
        contact: interner.get(body.contact),
        description: body.description.map(|d| Arc::from(d.as_ref())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Transaction {
        let currency = Currency::parse("PEN").unwrap();
        Transaction {
            id: Arc::from("T-1 \"quoted\""),
            time: DateTime::parse("2024-03-05T23:30:00-05:00").unwrap(),
            amount: Amount::parse("-1.234,5678", Some(currency)).unwrap(),
            currency,
            channel: Channel::Refund,
            debtor: Party::new("", "Ana Quispe"),
            creditor: Party::new("PE 0012-3456", "Luis Rojas"),
            branch: Some(Arc::from("Agencia Centro")),
            city: Some(Arc::from("Lima")),
            country: "PE".parse().ok(),
            mcc: Some(4829),
            contact: Some(Arc::from("+51 987 654 321")),
            description: Some(Arc::from("devolución\nparcial")),
        }
    }

    #[test]
    fn a_stored_transaction_reads_back_as_imported() {
        let t = sample();
        let stored = StoredTransaction {
            id: "X".into(),
            owner: "Banco".into(),
            at: t.time.utc_seconds(),
            utc_offset: t.time.offset_minutes(),
            body: encode(&t),
            provenance: None,
        };
        let mut interner = Interner::default();
        let back = decode(&stored, &mut interner).unwrap();
        assert_eq!(back, t);
        assert_eq!(back.fingerprint(), t.fingerprint());
        assert_eq!(back.time.local_hour(), 23);
        // The body holds no time: that is the store's clear column.
        assert!(!stored.body.contains("2024"));
    }

    #[test]
    fn damaged_bodies_are_refused_with_why() {
        let t = sample();
        let mut stored = StoredTransaction {
            id: "X".into(),
            owner: "Banco".into(),
            at: 0,
            utc_offset: 0,
            body: encode(&t).replace("PEN", "ZZZ"),
            provenance: None,
        };
        let mut interner = Interner::default();
        assert!(decode(&stored, &mut interner)
            .unwrap_err()
            .contains("currency"));
        stored.body = "{".into();
        assert!(decode(&stored, &mut interner).is_err());
    }

    #[test]
    fn accounts_are_keyed_without_separators() {
        assert_eq!(account_key(" pe 0012-3456 ").as_deref(), Some("PE00123456"));
        assert_eq!(account_key("--"), None);
    }
}
