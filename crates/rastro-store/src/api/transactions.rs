//! Financial transactions and the alerts raised on them: what a bank or a financial
//! intelligence unit imports and monitors for trafficking red flags.
//!
//! Both belong to the organisation that imported or raised them and are never shared: no grant
//! names them ([`RecordKind::shareable`]), so another organisation's scope finds none, and a
//! transaction or alert of another answers exactly as a missing one. The store does not read
//! transactions: it keeps the time in the clear (to sort and to read a span), seals the rest as
//! the caller's text under the owner's data key, and keeps the caller's normalised accounts and
//! contact as keyed blind indexes. Imports go in batches through the same import records as
//! cases (the same file imported again adds nothing, an interrupted one resumes).

use crate::api::access::{Action, Level, RecordKind};
use crate::api::cases::{BatchOutcome, ImportHandle, ImportInfo};
use crate::api::members::Actor;
use crate::api::scope::Scope;
use crate::api::trace::{AuditDraft, Outcome};
use crate::ids::looks_like_id;
use crate::{Result, StoreError};

/// What a blind index is of. The caller normalises the value the same way whenever it stores
/// or looks one up (rastro-app: accounts without separators in capitals, phones and e-mails by
/// their comparable key, parties by their folded name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Identifier {
    Account,
    /// A phone number or an e-mail address.
    Contact,
    /// A party's name (the subject of a party alert).
    Party,
}

impl Identifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Identifier::Account => "account",
            Identifier::Contact => "contact",
            Identifier::Party => "party",
        }
    }
}

/// A transaction to store.
pub struct NewTransaction<'a> {
    /// The transaction's content fingerprint (computed by the caller off the storing thread):
    /// the same transaction imported again is recognised by it.
    pub fingerprint: &'a [u8],
    /// 1-based data row in the source file.
    pub source_row: u64,
    /// Seconds since 1970 (UTC).
    pub at: i64,
    /// Minutes east of UTC of the clock that wrote the time.
    pub utc_offset: i16,
    /// The debtor's and creditor's accounts and the counterparty's phone or e-mail, normalised:
    /// stored only as blind indexes.
    pub debtor_account: Option<&'a str>,
    pub creditor_account: Option<&'a str>,
    pub contact: Option<&'a str>,
    /// Everything else, as the caller writes it: sealed, and given back as it was.
    pub body: &'a str,
}

/// A batch of transactions sealed for one organisation, ready to store.
pub struct PreparedTransactions {
    pub(crate) org_id: String,
    pub(crate) key_version: u32,
    pub(crate) rows: Vec<PreparedTransaction>,
}

impl PreparedTransactions {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

pub(crate) struct PreparedTransaction {
    pub id: String,
    pub source_row: u64,
    pub at: i64,
    pub utc_offset: i16,
    pub sealed: Vec<u8>,
    pub debtor_index: Option<Vec<u8>>,
    pub creditor_index: Option<Vec<u8>>,
    pub contact_index: Option<Vec<u8>>,
}

/// A stored transaction, as its organisation reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTransaction {
    pub id: String,
    pub at: i64,
    pub utc_offset: i16,
    /// The text the importer gave as [`NewTransaction::body`].
    pub body: String,
    pub import_id: String,
    pub source_row: u64,
}

/// Whose activity an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertSubject {
    Account,
    Party,
}

impl AlertSubject {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertSubject::Account => "account",
            AlertSubject::Party => "party",
        }
    }

    pub(crate) fn from_stored(text: &str) -> AlertSubject {
        if text == "party" {
            AlertSubject::Party
        } else {
            AlertSubject::Account
        }
    }

    /// The identifier whose blind index names the subject.
    pub(crate) fn identifier(self) -> Identifier {
        match self {
            AlertSubject::Account => Identifier::Account,
            AlertSubject::Party => Identifier::Party,
        }
    }
}

/// How strongly an alert's rules fired: the highest band among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertBand {
    Low,
    Medium,
    High,
}

impl AlertBand {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertBand::Low => "low",
            AlertBand::Medium => "medium",
            AlertBand::High => "high",
        }
    }

    pub(crate) fn from_stored(text: &str) -> AlertBand {
        match text {
            "high" => AlertBand::High,
            "medium" => AlertBand::Medium,
            _ => AlertBand::Low,
        }
    }
}

/// Where an alert stands in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertStatus {
    Open,
    Reviewed,
    Dismissed,
    Reported,
}

impl AlertStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Open => "open",
            AlertStatus::Reviewed => "reviewed",
            AlertStatus::Dismissed => "dismissed",
            AlertStatus::Reported => "reported",
        }
    }

    pub(crate) fn from_stored(text: &str) -> AlertStatus {
        match text {
            "reviewed" => AlertStatus::Reviewed,
            "dismissed" => AlertStatus::Dismissed,
            "reported" => AlertStatus::Reported,
            _ => AlertStatus::Open,
        }
    }
}

/// An alert to keep, frozen as it was raised.
pub struct NewAlert<'a> {
    /// The engine's stable id of the alert: the same alert raised again is kept once.
    pub key: &'a str,
    pub catalogue_version: &'a str,
    pub typology: &'a str,
    pub subject_kind: AlertSubject,
    /// The subject (an account or a party's name), normalised as for [`Identifier`]: stored
    /// only as a blind index.
    pub subject: &'a str,
    pub score: f64,
    pub band: AlertBand,
    /// When it was raised: the time of the transaction that raised it (UTC seconds).
    pub raised_at: i64,
    /// The ids of the stored transactions that made it fire.
    pub transactions: &'a [String],
    /// The rules, their values, the parties' watchlist matches…, as the caller writes them:
    /// sealed, and given back as they were.
    pub body: &'a str,
}

/// What keeping a batch of alerts did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeptAlerts {
    pub inserted: u64,
    /// Alerts kept before (the same key): not kept again.
    pub duplicates: u64,
    /// The id of each alert given, in order: a new one, or the one kept before.
    pub ids: Vec<String>,
}

/// A kept alert.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAlert {
    pub id: String,
    pub catalogue_version: String,
    pub typology: String,
    pub subject_kind: AlertSubject,
    pub score: f64,
    pub band: AlertBand,
    pub raised_at: i64,
    /// When it was kept (RFC 3339).
    pub created_at: String,
    pub status: AlertStatus,
    /// The ids of the stored transactions that made it fire, oldest first.
    pub transactions: Vec<String>,
    /// The text given as [`NewAlert::body`].
    pub body: String,
}

/// How many transactions and alerts the organisation holds. Both are only ever added (a key
/// rotation re-seals them without changing them), so the pair changes whenever what a reader of
/// them would see changes: a cache key for what is built from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TransactionCounts {
    pub transactions: u64,
    pub alerts: u64,
}

pub(crate) trait TransactionBackend {
    fn transaction_counts(&self, actor: &Actor) -> Result<TransactionCounts>;
    fn begin_transaction_import(
        &self,
        actor: &Actor,
        source_file: &str,
        format: &str,
        audit: AuditDraft,
    ) -> Result<ImportHandle>;
    /// Seals a batch for the actor's organisation (pure computation; any thread).
    fn prepare_transactions(
        &self,
        actor: &Actor,
        transactions: &[NewTransaction<'_>],
    ) -> Result<PreparedTransactions>;
    fn insert_transactions(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        transactions: PreparedTransactions,
        audit: AuditDraft,
    ) -> Result<BatchOutcome>;
    /// The organisation's transactions at or after `since` (all when `None`), by time, then
    /// as stored.
    fn for_each_transaction(
        &self,
        actor: &Actor,
        since: Option<i64>,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<()>,
    ) -> Result<u64>;
    /// The organisation's transactions among `ids`, by time.
    fn transactions(&self, actor: &Actor, ids: &[String]) -> Result<Vec<StoredTransaction>>;
    /// Ids of the organisation's transactions whose debtor or creditor account (or contact)
    /// has this normalised value, by time.
    fn find_transactions(
        &self,
        actor: &Actor,
        identifier: Identifier,
        value: &str,
    ) -> Result<Vec<String>>;
    fn keep_alerts(
        &self,
        actor: &Actor,
        alerts: &[NewAlert<'_>],
        audit: AuditDraft,
    ) -> Result<KeptAlerts>;
    /// The organisation's alerts raised at or after `since`, by time raised.
    fn alerts(&self, actor: &Actor, since: Option<i64>) -> Result<Vec<StoredAlert>>;
}

impl Scope<'_> {
    /// Starts an import of a transactions file, or resumes the organisation's unfinished import
    /// of the same file. It ends with [`Scope::finish_transaction_import`].
    pub fn begin_transaction_import(
        &self,
        source_file: &str,
        format: &str,
    ) -> Result<ImportHandle> {
        self.require(Action::ImportTransactions)?;
        let audit = self
            .actor
            .draft("import_begin")
            .kind(RecordKind::Transaction);
        self.backend
            .begin_transaction_import(&self.actor, source_file, format, audit)
    }

    /// Seals a batch for storing: the body encrypted, blind indexes and the record key
    /// computed. Only computation, so an import runs it on a thread of its own while the
    /// previous batch is written.
    pub fn prepare_transactions(
        &self,
        transactions: &[NewTransaction<'_>],
    ) -> Result<PreparedTransactions> {
        self.require(Action::ImportTransactions)?;
        self.backend.prepare_transactions(&self.actor, transactions)
    }

    /// Stores a batch [`Scope::prepare_transactions`] sealed, atomically; transactions the
    /// organisation already has (the same fingerprint) are counted, not stored.
    pub fn import_transactions(
        &self,
        import: &ImportHandle,
        transactions: PreparedTransactions,
    ) -> Result<BatchOutcome> {
        self.require(Action::ImportTransactions)?;
        let audit = self
            .actor
            .draft("import_batch")
            .kind(RecordKind::Transaction)
            .detail("import", &import.id);
        self.backend
            .insert_transactions(&self.actor, import, transactions, audit)
    }

    /// Marks a transaction import finished (see [`Scope::finish_import`]).
    pub fn finish_transaction_import(
        &self,
        import: &ImportHandle,
        valid_rows: u64,
        rejected: u64,
    ) -> Result<ImportInfo> {
        self.require(Action::ImportTransactions)?;
        let audit = self
            .actor
            .draft("import_finish")
            .kind(RecordKind::Transaction)
            .detail("import", &import.id)
            .detail("valid_rows", valid_rows)
            .detail("rejected", rejected);
        self.backend
            .finish_import(&self.actor, import, valid_rows, rejected, audit)
    }

    /// Marks a transaction import interrupted, with why; importing the file again completes it.
    pub fn interrupt_transaction_import(&self, import: &ImportHandle, error: &str) -> Result<()> {
        self.require(Action::ImportTransactions)?;
        let audit = self
            .actor
            .draft("import_interrupted")
            .kind(RecordKind::Transaction)
            .detail("import", &import.id)
            .outcome(Outcome::Failed);
        self.backend
            .interrupt_import(&self.actor, import, error, audit)
    }

    /// Visits the organisation's transactions at or after `since` (UTC seconds; all when
    /// `None`) in time order; returns how many. The read's event, appended when the visit
    /// ends, holds the count and the span rather than every id: a bulk read of the
    /// organisation's own transactions would otherwise make an event as large as the data.
    pub fn for_each_transaction(
        &self,
        since: Option<i64>,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<()>,
    ) -> Result<u64> {
        self.require(Action::MonitorTransactions)?;
        let n = self
            .backend
            .for_each_transaction(&self.actor, since, visit)?;
        let mut audit = self
            .actor
            .draft("read_transactions")
            .kind(RecordKind::Transaction)
            .level(Level::Full)
            .count(n);
        if let Some(since) = since {
            audit = audit.detail("since", since);
        }
        self.audit(audit)?;
        Ok(n)
    }

    /// The organisation's transactions among `ids`, by time; ids that are not its own are
    /// left out exactly as ids that do not exist.
    pub fn transactions(&self, ids: &[String]) -> Result<Vec<StoredTransaction>> {
        self.require(Action::MonitorTransactions)?;
        let wanted: Vec<String> = ids.iter().filter(|id| looks_like_id(id)).cloned().collect();
        let found = if wanted.is_empty() {
            Vec::new()
        } else {
            self.backend.transactions(&self.actor, &wanted)?
        };
        let org = &self.organisation().id;
        let mut audit = self
            .actor
            .draft("read_transactions")
            .kind(RecordKind::Transaction)
            .level(Level::Full)
            .count(found.len() as u64);
        for t in &found {
            audit = audit.record(org, &t.id);
        }
        self.audit(audit)?;
        Ok(found)
    }

    /// The ids of the organisation's transactions with this account (as debtor or creditor)
    /// or this contact, by time: an exact match of the normalised value through its keyed
    /// blind index, so the value itself is never stored. The trail keeps a keyed hash of the
    /// value asked for.
    pub fn find_transactions(&self, identifier: Identifier, value: &str) -> Result<Vec<String>> {
        self.require(Action::MonitorTransactions)?;
        let value = value.trim();
        let ids = if value.is_empty() || identifier == Identifier::Party {
            Vec::new()
        } else {
            self.backend
                .find_transactions(&self.actor, identifier, value)?
        };
        let org = &self.organisation().id;
        let mut audit = self
            .actor
            .draft("find_transactions")
            .kind(RecordKind::Transaction)
            .count(ids.len() as u64)
            .detail("identifier", identifier.as_str())
            .detail("query_hash", self.query_hash(value));
        for id in &ids {
            audit = audit.record(org, id);
        }
        self.audit(audit)?;
        Ok(ids)
    }

    /// Keeps alerts as they were raised, in one transaction; an alert kept before (the same
    /// key) is not kept again. Every transaction an alert names must be one of the
    /// organisation's (`NotFound` otherwise, and nothing is kept).
    pub fn store_alerts(&self, alerts: &[NewAlert<'_>]) -> Result<KeptAlerts> {
        self.require(Action::MonitorTransactions)?;
        for alert in alerts {
            if alert.transactions.iter().any(|id| !looks_like_id(id)) {
                return Err(StoreError::NotFound);
            }
            if !alert.score.is_finite() {
                return Err(StoreError::Invalid(format!(
                    "alert {}: the score is not a number",
                    alert.key
                )));
            }
        }
        let audit = self.actor.draft("store_alerts").kind(RecordKind::Alert);
        self.backend.keep_alerts(&self.actor, alerts, audit)
    }

    /// How many transactions and alerts the organisation holds.
    pub fn transaction_counts(&self) -> Result<TransactionCounts> {
        self.require(Action::MonitorTransactions)?;
        let counts = self.backend.transaction_counts(&self.actor)?;
        self.audit(
            self.actor
                .draft("count_transactions")
                .kind(RecordKind::Transaction)
                .count(counts.transactions)
                .detail("alerts", counts.alerts),
        )?;
        Ok(counts)
    }

    /// The organisation's alerts raised at or after `since` (UTC seconds; all when `None`), in
    /// the order they were raised.
    pub fn alerts(&self, since: Option<i64>) -> Result<Vec<StoredAlert>> {
        self.require(Action::MonitorTransactions)?;
        let alerts = self.backend.alerts(&self.actor, since)?;
        let org = &self.organisation().id;
        let mut audit = self
            .actor
            .draft("read_alerts")
            .kind(RecordKind::Alert)
            .level(Level::Full)
            .count(alerts.len() as u64);
        for a in &alerts {
            audit = audit.record(org, &a.id);
        }
        if let Some(since) = since {
            audit = audit.detail("since", since);
        }
        self.audit(audit)?;
        Ok(alerts)
    }
}
