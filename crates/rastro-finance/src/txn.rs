//! One transaction, as every part of this crate sees it, and its fingerprint.

use std::fmt;
use std::sync::Arc;

use rastro_model::CountryCode;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::money::{Amount, Currency};
use crate::time::DateTime;

/// How the money moved. The wire names are the snake-case names below; [`Channel::parse`] also
/// takes the words banks of the region export.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum Channel {
    /// Cash paid into the creditor's account at a branch, agent or ATM.
    CashDeposit,
    /// Cash taken out of the debtor's account at a branch, agent or ATM.
    CashWithdrawal,
    /// A card payment to a merchant.
    Card,
    /// A domestic account-to-account transfer.
    Transfer,
    /// An international bank transfer.
    Wire,
    /// A money-transfer operator's remittance.
    Remittance,
    /// Wages paid through a payroll service.
    Payroll,
    /// A mobile-wallet or instant payment keyed by phone or e-mail.
    Mobile,
    Cheque,
    /// A bill collected by direct debit.
    DirectDebit,
    /// A refund, reversal or chargeback: may be negative.
    Refund,
    /// A bank's correction: may be negative.
    Adjustment,
}

impl Channel {
    pub const ALL: [Channel; 12] = [
        Channel::CashDeposit,
        Channel::CashWithdrawal,
        Channel::Card,
        Channel::Transfer,
        Channel::Wire,
        Channel::Remittance,
        Channel::Payroll,
        Channel::Mobile,
        Channel::Cheque,
        Channel::DirectDebit,
        Channel::Refund,
        Channel::Adjustment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::CashDeposit => "cash_deposit",
            Channel::CashWithdrawal => "cash_withdrawal",
            Channel::Card => "card",
            Channel::Transfer => "transfer",
            Channel::Wire => "wire",
            Channel::Remittance => "remittance",
            Channel::Payroll => "payroll",
            Channel::Mobile => "mobile",
            Channel::Cheque => "cheque",
            Channel::DirectDebit => "direct_debit",
            Channel::Refund => "refund",
            Channel::Adjustment => "adjustment",
        }
    }

    /// Reads a channel's wire name or a common synonym (English, Spanish, Portuguese, and the
    /// names of the region's payment rails), in any case and with spaces or hyphens.
    pub fn parse(text: &str) -> Option<Channel> {
        let key = rastro_text::fold_key(text).replace([' ', '-'], "_");
        let channel = match key.as_str() {
            "cash_deposit"
            | "cash_in"
            | "deposit"
            | "deposito"
            | "deposito_efectivo"
            | "deposito_en_efectivo"
            | "deposito_em_dinheiro"
            | "deposito_dinheiro" => Channel::CashDeposit,
            "cash_withdrawal" | "cash_out" | "withdrawal" | "atm" | "cajero" | "retiro"
            | "retiro_efectivo" | "retiro_en_efectivo" | "saque" => Channel::CashWithdrawal,
            "card" | "pos" | "card_purchase" | "tarjeta" | "compra" | "compra_tarjeta"
            | "cartao" | "compra_cartao" => Channel::Card,
            "transfer"
            | "transferencia"
            | "spei"
            | "pix"
            | "ach"
            | "pse"
            | "ted"
            | "doc"
            | "transferencia_interbancaria" => Channel::Transfer,
            "wire" | "swift" | "international_transfer" | "transferencia_internacional" => {
                Channel::Wire
            }
            "remittance" | "money_transfer" | "remesa" | "remessa" | "envio_de_dinero" | "giro" => {
                Channel::Remittance
            }
            "payroll" | "salary" | "wages" | "nomina" | "planilla" | "salario" | "sueldo"
            | "folha" | "folha_de_pagamento" => Channel::Payroll,
            "mobile" | "wallet" | "mobile_wallet" | "billetera" | "billetera_movil" | "yape"
            | "plin" | "nequi" | "daviplata" | "p2p" | "carteira" => Channel::Mobile,
            "cheque" | "check" => Channel::Cheque,
            "direct_debit" | "debit" | "bill_payment" | "domiciliacion" | "debito_automatico"
            | "pago_de_servicios" | "pago_servicios" | "boleto" => Channel::DirectDebit,
            "refund" | "reversal" | "chargeback" | "devolucion" | "reverso" | "estorno" => {
                Channel::Refund
            }
            "adjustment" | "ajuste" | "correction" | "correccion" => Channel::Adjustment,
            _ => return None,
        };
        Some(channel)
    }

    /// Whether an amount may be negative on this channel: only refunds and corrections move
    /// money back; a negative deposit or card payment is a mistake in the file.
    pub fn allows_negative(self) -> bool {
        matches!(self, Channel::Refund | Channel::Adjustment)
    }

    /// Cash crossing a counter or an ATM.
    pub fn is_cash(self) -> bool {
        matches!(self, Channel::CashDeposit | Channel::CashWithdrawal)
    }

    /// Money sent to another country by a bank or a transfer operator.
    pub fn is_abroad(self) -> bool {
        matches!(self, Channel::Wire | Channel::Remittance)
    }

    pub(crate) fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Channel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One side of a transaction: the account and the name of its holder, either of which may be
/// unknown (the person who deposits cash often has no account here).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Party {
    pub account: Option<Arc<str>>,
    pub name: Option<Arc<str>>,
}

impl Party {
    pub fn new(account: &str, name: &str) -> Party {
        Party {
            account: non_empty(account),
            name: non_empty(name),
        }
    }

    pub fn account(&self) -> &str {
        self.account.as_deref().unwrap_or("")
    }

    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }
}

fn non_empty(text: &str) -> Option<Arc<str>> {
    let text = text.trim();
    (!text.is_empty()).then(|| Arc::from(text))
}

/// A transaction with the fields the red flags need. Text fields are shared (`Arc<str>`)
/// because the same account, name and city recur across millions of rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Transaction {
    /// The sender's identifier of the transaction.
    pub id: Arc<str>,
    pub time: DateTime,
    /// Signed; negative only on channels that allow it.
    pub amount: Amount,
    pub currency: Currency,
    pub channel: Channel,
    /// Whose account the money left.
    pub debtor: Party,
    /// Whose account the money reached.
    pub creditor: Party,
    /// The branch, agent or ATM where cash crossed the counter.
    pub branch: Option<Arc<str>>,
    pub city: Option<Arc<str>>,
    /// Where the transaction took place or, for a transfer abroad, where it went.
    pub country: Option<CountryCode>,
    /// The merchant category code (ISO 18245) of a card payment.
    pub mcc: Option<u16>,
    /// The counterparty's phone or e-mail, where the rail carries one (a top-up's phone, a
    /// mobile payment's key).
    pub contact: Option<Arc<str>>,
    pub description: Option<Arc<str>>,
}

/// A stable fingerprint of a transaction's content: the same transaction read twice, even from
/// files that spell its amount or time differently, has the same fingerprint.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 16]);

impl Fingerprint {
    pub fn bytes(&self) -> [u8; 16] {
        self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The column names files are written with, in order; readers take them and their synonyms.
pub const COLUMNS: [&str; 15] = [
    "id",
    "datetime",
    "amount",
    "currency",
    "channel",
    "debtor_account",
    "debtor_name",
    "creditor_account",
    "creditor_name",
    "branch",
    "city",
    "country",
    "mcc",
    "contact",
    "description",
];

impl Transaction {
    /// The values of [`COLUMNS`] in canonical form: time in RFC 3339 with its offset, amount
    /// with a point and the currency's decimals, codes in capitals, text trimmed with inner
    /// runs of white space made one space.
    pub fn canonical_values(&self) -> [String; 15] {
        let text = |v: &Option<Arc<str>>| v.as_deref().map(collapse).unwrap_or_default();
        [
            collapse(&self.id),
            self.time.to_string(),
            self.amount.format(self.currency),
            self.currency.to_string(),
            self.channel.to_string(),
            text(&self.debtor.account),
            text(&self.debtor.name),
            text(&self.creditor.account),
            text(&self.creditor.name),
            text(&self.branch),
            text(&self.city),
            self.country.map(|c| c.to_string()).unwrap_or_default(),
            self.mcc.map(|m| format!("{m:04}")).unwrap_or_default(),
            text(&self.contact),
            text(&self.description),
        ]
    }

    /// SHA-256 of the canonical values, each named, cut to 128 bits: enough that two different
    /// transactions never share one by chance, and not a checksum anyone can forge a twin for.
    /// The time enters as the moment (UTC seconds), so the same moment written on another
    /// clock is the same transaction.
    pub fn fingerprint(&self) -> Fingerprint {
        let mut hasher = Sha256::new();
        let mut values = self.canonical_values();
        values[1] = self.time.utc_seconds().to_string();
        for (name, value) in COLUMNS.iter().zip(values) {
            hasher.update(name.as_bytes());
            hasher.update([0x1e]);
            hasher.update(value.as_bytes());
            hasher.update([0x1f]);
        }
        let digest = hasher.finalize();
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        Fingerprint(out)
    }
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

impl Serialize for Transaction {
    /// One JSON object with the canonical columns; empty values are left out.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let values = self.canonical_values();
        let mut map = serializer.serialize_map(None)?;
        for (name, value) in COLUMNS.iter().zip(values.iter()) {
            if !value.is_empty() {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Transaction {
        Transaction {
            id: Arc::from("T1"),
            time: DateTime::parse("2024-03-05T14:30:00-05:00").unwrap(),
            amount: Amount::parse("1.234,50", Currency::parse("PEN")).unwrap(),
            currency: Currency::parse("PEN").unwrap(),
            channel: Channel::CashDeposit,
            debtor: Party::new("", "Ana  Quispe"),
            creditor: Party::new("PE0012", "Luis Rojas"),
            branch: Some(Arc::from("Agencia Centro")),
            city: Some(Arc::from("Lima")),
            country: "PE".parse().ok(),
            mcc: None,
            contact: None,
            description: None,
        }
    }

    #[test]
    fn fingerprint_ignores_spelling_and_sees_content() {
        let a = sample();
        let mut b = sample();
        b.time = DateTime::parse("2024-03-05 16:30:00-03:00").unwrap();
        b.debtor = Party::new(" ", " Ana Quispe ");
        // The same moment on another clock, the same names with other spacing.
        assert_eq!(a.fingerprint(), b.fingerprint());
        b.time = DateTime::parse("2024-03-05 16:30:01-03:00").unwrap();
        assert_ne!(a.fingerprint(), b.fingerprint());
        b.time = a.time;
        b.amount = Amount::parse("1234.51", Some(a.currency)).unwrap();
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint().to_string().len(), 32);
    }

    #[test]
    fn channel_synonyms() {
        assert_eq!(Channel::parse("Cash Deposit"), Some(Channel::CashDeposit));
        assert_eq!(
            Channel::parse("Depósito en efectivo"),
            Some(Channel::CashDeposit)
        );
        assert_eq!(Channel::parse("PIX"), Some(Channel::Transfer));
        assert_eq!(Channel::parse("saque"), Some(Channel::CashWithdrawal));
        assert_eq!(Channel::parse("Nómina"), Some(Channel::Payroll));
        assert_eq!(Channel::parse("teleport"), None);
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        assert!(Channel::Refund.allows_negative());
        assert!(!Channel::Card.allows_negative());
    }
}
