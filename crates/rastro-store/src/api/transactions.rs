//! Financial transactions and the alerts raised on them: what a bank or a financial
//! intelligence unit imports and monitors for trafficking red flags.
//!
//! Both belong to the organisation that imported or raised them. Its owner may share them with
//! grants like any record (one record or all, to an organisation, a kind or everyone, until a
//! date or until revoked) but only in full ([`RecordKind::full_only`]): an account and its
//! holder are what they are about. An alert shared in full carries the transactions it lists,
//! as it was frozen. Without a grant, another organisation's transaction or alert answers
//! exactly as a missing one. The store does not read transactions: it keeps the time in the
//! clear (to sort and to read a span), seals the rest as the caller's text under the owner's
//! data key, and keeps the caller's normalised accounts and contact as keyed blind indexes under
//! the owner's index key. Imports go in batches through the same import records as cases (the
//! same file imported again adds nothing, an interrupted one resumes). An alert's review moves
//! (new, under review, reported, dismissed) are kept with their sealed notes, by the owner only;
//! an organisation granted the alert reads its moves but not who made them or their notes.

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

/// A stored transaction, as its organisation (or one granted it) reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTransaction {
    pub id: String,
    /// The name of the organisation that imported it.
    pub owner: String,
    pub at: i64,
    pub utc_offset: i16,
    /// The text the importer gave as [`NewTransaction::body`].
    pub body: String,
    /// Where it came from: for its owner only (it describes the owner's files).
    pub provenance: Option<TransactionProvenance>,
}

/// The import and row a transaction came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionProvenance {
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

/// Where an alert stands in its review: new (`open`), under review (`reviewed`), then reported
/// to the authorities or dismissed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlertStatus {
    Open,
    Reviewed,
    Dismissed,
    Reported,
}

impl AlertStatus {
    pub const ALL: [AlertStatus; 4] = [
        AlertStatus::Open,
        AlertStatus::Reviewed,
        AlertStatus::Reported,
        AlertStatus::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Open => "open",
            AlertStatus::Reviewed => "reviewed",
            AlertStatus::Dismissed => "dismissed",
            AlertStatus::Reported => "reported",
        }
    }

    /// A status by its stored name or as people say it: `new`, `under review`, `reported`,
    /// `dismissed` (case, spaces and hyphens ignored).
    pub fn parse(text: &str) -> Option<AlertStatus> {
        let text = text.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Some(match text.as_str() {
            "open" | "new" => AlertStatus::Open,
            "reviewed" | "review" | "under_review" | "in_review" => AlertStatus::Reviewed,
            "dismissed" | "dismiss" => AlertStatus::Dismissed,
            "reported" | "report" => AlertStatus::Reported,
            _ => return None,
        })
    }

    pub(crate) fn from_stored(text: &str) -> AlertStatus {
        AlertStatus::parse(text).unwrap_or(AlertStatus::Open)
    }

    /// Whether a review may move an alert from `self` to `next`. A reported alert stays
    /// reported (the report has gone out); a dismissed one may be taken up again.
    pub fn may_become(self, next: AlertStatus) -> bool {
        use AlertStatus as S;
        matches!(
            (self, next),
            (S::Open, S::Reviewed | S::Dismissed | S::Reported)
                | (S::Reviewed, S::Dismissed | S::Reported)
                | (S::Dismissed, S::Reviewed)
        )
    }

    /// Whether a move needs a note saying why: all but taking a new alert up for review.
    pub fn needs_note(self, next: AlertStatus) -> bool {
        !(self == AlertStatus::Open && next == AlertStatus::Reviewed)
    }
}

/// The longest review note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 4_000;

/// The most typologies one alert query names.
pub const MAX_QUERY_TYPOLOGIES: usize = 16;

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

/// A kept alert, as its organisation (or one granted it in full) reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAlert {
    pub id: String,
    /// The name of the organisation that raised it.
    pub owner: String,
    /// Whether the reader's organisation raised it (only it reviews the alert).
    pub own: bool,
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
    /// The moves of its review, oldest first.
    pub reviews: Vec<AlertReview>,
}

/// One move of an alert's review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertReview {
    pub id: String,
    pub from: AlertStatus,
    pub to: AlertStatus,
    /// The user who made it, by name: the reviewing organisation's internal matter, `None`
    /// to a reader of another organisation (one granted the alert).
    pub by: Option<String>,
    /// RFC 3339.
    pub at: String,
    /// Why, as the reviewer wrote it (sealed at rest); empty when none was needed. Like `by`,
    /// `None` to a reader of another organisation: it sees where the review stands, not why.
    pub note: Option<String>,
}

/// An alert as a list shows it: what is kept in the clear, without its sealed content.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertSummary {
    pub id: String,
    pub owner: String,
    pub own: bool,
    pub catalogue_version: String,
    pub typology: String,
    pub subject_kind: AlertSubject,
    pub score: f64,
    pub band: AlertBand,
    pub raised_at: i64,
    pub created_at: String,
    pub status: AlertStatus,
    /// How many transactions it lists.
    pub transactions: u64,
}

/// Which alerts a list asks for. Empty sets and `None` ask for any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertQuery {
    pub statuses: Vec<AlertStatus>,
    pub typologies: Vec<String>,
    pub bands: Vec<AlertBand>,
    /// Raised at or after, and at or before (UTC seconds).
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// Only the reader's own organisation's alerts.
    pub own_only: bool,
    /// Newest first: how many to skip and the most to return.
    pub offset: u64,
    pub limit: u64,
}

/// A page of alerts, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertPage {
    /// Alerts matching the query, however many the page holds.
    pub total: u64,
    pub alerts: Vec<AlertSummary>,
    /// Every visible alert's typology with how many there are, whatever the query: what a
    /// filter can choose from.
    pub typologies: Vec<(String, u64)>,
}

/// A key that moves whenever a transaction or an alert is added anywhere: with the visibility
/// stamp (which grants move), what is built from the transactions and alerts a reader sees is
/// kept until it changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TransactionStamp {
    transactions: i64,
    alerts: i64,
}

impl TransactionStamp {
    pub(crate) fn new(transactions: i64, alerts: i64) -> TransactionStamp {
        TransactionStamp {
            transactions,
            alerts,
        }
    }

    /// Whether `self` was read after `earlier` with transactions only added in between (the
    /// alerts may have changed): what was read at `earlier` still holds, and
    /// [`Scope::visit_transactions_added`] gives the rest.
    pub fn only_adds_to(&self, earlier: &TransactionStamp) -> bool {
        self.transactions >= earlier.transactions && self.alerts >= earlier.alerts
    }

    pub fn key(&self) -> String {
        format!("t{}:a{}", self.transactions, self.alerts)
    }
}

/// How many transactions and alerts the organisation holds. Both are only ever added (a key
/// rotation re-seals them without changing them), so the pair changes whenever what a reader of
/// them would see changes: a cache key for what is built from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TransactionCounts {
    pub transactions: u64,
    pub alerts: u64,
}

/// Which transactions a bulk read covers beside whose: those at or after a time (all when
/// `None`), stored after a stamp was read (all when `None`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TransactionWindow {
    pub since: Option<i64>,
    pub after: Option<TransactionStamp>,
}

impl TransactionWindow {
    /// The values its SQL (`crate::sql::money`) binds: `:since` and `:after`.
    pub(crate) fn params<V: From<i64>>(&self) -> [(&'static str, V); 2] {
        [
            (":since", V::from(self.since.unwrap_or(i64::MIN))),
            (
                ":after",
                V::from(self.after.map_or(i64::MIN, |stamp| stamp.transactions)),
            ),
        ]
    }
}

/// Whose transactions a bulk read covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionSelection {
    /// The organisation's own: what its red flags run over (alerts name only its own).
    Own,
    /// Its own and those granted to it in full.
    Visible,
}

pub(crate) trait TransactionBackend {
    fn transaction_counts(&self, actor: &Actor) -> Result<TransactionCounts>;
    fn transaction_stamp(&self) -> Result<TransactionStamp>;
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
    /// The transactions of `selection` in `window`, by time, then as stored; each other
    /// organisation's is handed to `others` too, for the trail.
    fn for_each_transaction(
        &self,
        actor: &Actor,
        selection: TransactionSelection,
        window: &TransactionWindow,
        visit: &mut dyn FnMut(StoredTransaction, &str) -> Result<()>,
    ) -> Result<u64>;
    /// The visible transactions among `ids`, by time, each with its owner's id.
    fn transactions(
        &self,
        actor: &Actor,
        ids: &[String],
    ) -> Result<Vec<(StoredTransaction, String)>>;
    /// (owner id, id) of the visible transactions whose debtor or creditor account (or
    /// contact) has this normalised value, by time.
    fn find_transactions(
        &self,
        actor: &Actor,
        identifier: Identifier,
        value: &str,
    ) -> Result<Vec<(String, String)>>;
    fn keep_alerts(
        &self,
        actor: &Actor,
        alerts: &[NewAlert<'_>],
        audit: AuditDraft,
    ) -> Result<KeptAlerts>;
    /// The visible alerts raised at or after `since`, by time raised, each with its owner's id.
    fn alerts(&self, actor: &Actor, since: Option<i64>) -> Result<Vec<(StoredAlert, String)>>;
    /// One visible alert and its owner's id.
    fn alert(&self, actor: &Actor, id: &str) -> Result<Option<(StoredAlert, String)>>;
    /// A page of visible alerts, with each listed alert's owner id.
    fn alert_page(&self, actor: &Actor, query: &AlertQuery) -> Result<(AlertPage, Vec<String>)>;
    /// The transactions a visible alert lists, oldest first, with its owner's id; `None` when
    /// the alert is not visible.
    fn alert_transactions(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<Option<(Vec<StoredTransaction>, String)>>;
    /// Moves the review of one of the actor's organisation's alerts.
    fn review_alert(
        &self,
        actor: &Actor,
        id: &str,
        to: AlertStatus,
        note: &str,
        audit: AuditDraft,
    ) -> Result<AlertReview>;
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

    /// Visits the organisation's own transactions at or after `since` (UTC seconds; all when
    /// `None`) in time order; returns how many. The read's event, appended when the visit
    /// ends, holds the count and the span rather than every id: a bulk read of the
    /// organisation's own transactions would otherwise make an event as large as the data.
    pub fn for_each_transaction(
        &self,
        since: Option<i64>,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<()>,
    ) -> Result<u64> {
        self.visit_transactions(TransactionSelection::Own, since, visit)
    }

    /// Visits the transactions of `selection` at or after `since` in time order; returns how
    /// many. Own transactions are traced by their count and span; another organisation's by
    /// their ids, so that its owner's trail shows who read them.
    pub fn visit_transactions(
        &self,
        selection: TransactionSelection,
        since: Option<i64>,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<()>,
    ) -> Result<u64> {
        let window = TransactionWindow { since, after: None };
        self.visit_window(selection, &window, visit)
    }

    /// Visits the transactions of `selection` stored after `stamp` was read, in time order;
    /// returns how many. With what was read at `stamp` (when the new stamp
    /// [`only_adds_to`](TransactionStamp::only_adds_to) it and no grant changed), these make
    /// what a whole read would give, so that a reader opens each transaction once.
    pub fn visit_transactions_added(
        &self,
        selection: TransactionSelection,
        stamp: &TransactionStamp,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<()>,
    ) -> Result<u64> {
        let window = TransactionWindow {
            since: None,
            after: Some(*stamp),
        };
        self.visit_window(selection, &window, visit)
    }

    fn visit_window(
        &self,
        selection: TransactionSelection,
        window: &TransactionWindow,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<()>,
    ) -> Result<u64> {
        self.require(Action::MonitorTransactions)?;
        let since = window.since;
        let mut others: Vec<(String, String)> = Vec::new();
        let own = self.organisation().id.clone();
        let n = self.backend.for_each_transaction(
            &self.actor,
            selection,
            window,
            &mut |t, owner| {
                if owner != own {
                    others.push((owner.to_string(), t.id.clone()));
                }
                visit(t)
            },
        )?;
        let mut audit = self
            .actor
            .draft("read_transactions")
            .kind(RecordKind::Transaction)
            .level(Level::Full)
            .count(n);
        if let Some(since) = since {
            audit = audit.detail("since", since);
        }
        if selection == TransactionSelection::Visible {
            audit = audit.detail("selection", "visible");
        }
        if window.after.is_some() {
            audit = audit.detail("added_only", "true");
        }
        audit.records = others;
        self.audit(audit)?;
        Ok(n)
    }

    /// The transactions among `ids` the organisation sees (its own and those granted to it),
    /// by time; ids it may not see are left out exactly as ids that do not exist.
    pub fn transactions(&self, ids: &[String]) -> Result<Vec<StoredTransaction>> {
        self.require(Action::MonitorTransactions)?;
        let wanted: Vec<String> = ids.iter().filter(|id| looks_like_id(id)).cloned().collect();
        let found = if wanted.is_empty() {
            Vec::new()
        } else {
            self.backend.transactions(&self.actor, &wanted)?
        };
        let mut audit = self
            .actor
            .draft("read_transactions")
            .kind(RecordKind::Transaction)
            .level(Level::Full)
            .count(found.len() as u64);
        for (t, owner) in &found {
            audit = audit.record(owner, &t.id);
        }
        self.audit(audit)?;
        Ok(found.into_iter().map(|(t, _)| t).collect())
    }

    /// The ids of the transactions the organisation sees with this account (as debtor or
    /// creditor) or this contact, by time: an exact match of the normalised value through the
    /// keyed blind index of each owner, so the value itself is never stored. The trail keeps a
    /// keyed hash of the value asked for.
    pub fn find_transactions(&self, identifier: Identifier, value: &str) -> Result<Vec<String>> {
        self.require(Action::MonitorTransactions)?;
        let value = value.trim();
        let found = if value.is_empty() || identifier == Identifier::Party {
            Vec::new()
        } else {
            self.backend
                .find_transactions(&self.actor, identifier, value)?
        };
        let mut audit = self
            .actor
            .draft("find_transactions")
            .kind(RecordKind::Transaction)
            .count(found.len() as u64)
            .detail("identifier", identifier.as_str())
            .detail("query_hash", self.query_hash(value));
        for (owner, id) in &found {
            audit = audit.record(owner, id);
        }
        self.audit(audit)?;
        Ok(found.into_iter().map(|(_, id)| id).collect())
    }

    /// Keeps alerts as they were raised, in one transaction; an alert kept before (the same
    /// key) is not kept again. Every transaction an alert names must be one of the
    /// organisation's own (`NotFound` otherwise, and nothing is kept).
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

    /// A key that moves whenever transactions or alerts are added (see [`TransactionStamp`]).
    pub fn transaction_stamp(&self, asked: &str) -> Result<TransactionStamp> {
        self.require(Action::MonitorTransactions)?;
        let stamp = self.backend.transaction_stamp()?;
        self.audit(
            self.actor
                .draft("read_transaction_stamp")
                .kind(RecordKind::Transaction)
                .detail("asked", asked),
        )?;
        Ok(stamp)
    }

    /// The alerts the organisation sees (its own and those granted to it) raised at or after
    /// `since` (UTC seconds; all when `None`), in the order they were raised.
    pub fn alerts(&self, since: Option<i64>) -> Result<Vec<StoredAlert>> {
        self.require(Action::MonitorTransactions)?;
        let alerts = self.backend.alerts(&self.actor, since)?;
        let mut audit = self
            .actor
            .draft("read_alerts")
            .kind(RecordKind::Alert)
            .level(Level::Full)
            .count(alerts.len() as u64);
        for (a, owner) in &alerts {
            audit = audit.record(owner, &a.id);
        }
        if let Some(since) = since {
            audit = audit.detail("since", since);
        }
        self.audit(audit)?;
        Ok(alerts.into_iter().map(|(a, _)| a).collect())
    }

    /// One alert the organisation sees, with its review; `None` both when it does not exist and
    /// when it may not be seen.
    pub fn alert(&self, id: &str) -> Result<Option<StoredAlert>> {
        self.require(Action::MonitorTransactions)?;
        let found = if looks_like_id(id) {
            self.backend.alert(&self.actor, id)?
        } else {
            None
        };
        let mut audit = self.actor.draft("read_alert").kind(RecordKind::Alert);
        match &found {
            Some((a, owner)) => audit = audit.level(Level::Full).count(1).record(owner, &a.id),
            // Not traced by id: the id may be a guess at another's alert.
            None => audit = audit.count(0),
        }
        self.audit(audit)?;
        Ok(found.map(|(a, _)| a))
    }

    /// A page of the alerts the organisation sees, newest first, without their sealed content.
    pub fn alert_page(&self, query: &AlertQuery) -> Result<AlertPage> {
        self.require(Action::MonitorTransactions)?;
        if query.typologies.len() > MAX_QUERY_TYPOLOGIES {
            return Err(StoreError::Invalid(format!(
                "name at most {MAX_QUERY_TYPOLOGIES} typologies at once"
            )));
        }
        let (page, owners) = self.backend.alert_page(&self.actor, query)?;
        let mut audit = self
            .actor
            .draft("list_alerts")
            .kind(RecordKind::Alert)
            .level(Level::Full)
            .count(page.alerts.len() as u64)
            .detail("total", page.total);
        for (a, owner) in page.alerts.iter().zip(&owners) {
            audit = audit.record(owner, &a.id);
        }
        self.audit(audit)?;
        Ok(page)
    }

    /// The transactions an alert the organisation sees lists (what made it fire, as frozen),
    /// oldest first; `None` when the alert is missing or may not be seen. An alert shared in
    /// full brings these along; the owner's other transactions stay its own.
    pub fn alert_transactions(&self, id: &str) -> Result<Option<Vec<StoredTransaction>>> {
        self.require(Action::MonitorTransactions)?;
        let found = if looks_like_id(id) {
            self.backend.alert_transactions(&self.actor, id)?
        } else {
            None
        };
        let mut audit = self
            .actor
            .draft("read_alert_transactions")
            .kind(RecordKind::Transaction);
        match &found {
            Some((listed, owner)) => {
                audit = audit
                    .level(Level::Full)
                    .count(listed.len() as u64)
                    .detail("alert", id);
                for t in listed {
                    audit = audit.record(owner, &t.id);
                }
            }
            None => audit = audit.count(0),
        }
        self.audit(audit)?;
        Ok(found.map(|(listed, _)| listed))
    }

    /// Moves the review of one of the organisation's own alerts to `to`, with the reviewer's
    /// note (sealed), in one transaction with its trace. A move the review does not allow, or
    /// a missing note where one is needed, is refused saying why; an alert that is not the
    /// organisation's own is refused (another's it may see) or not found.
    pub fn review_alert(&self, id: &str, to: AlertStatus, note: &str) -> Result<AlertReview> {
        self.require(Action::MonitorTransactions)?;
        if !looks_like_id(id) {
            return Err(StoreError::NotFound);
        }
        let note = note.trim();
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(StoreError::Invalid(format!(
                "a review note holds at most {MAX_NOTE_CHARS} characters"
            )));
        }
        let audit = self
            .actor
            .draft("review_alert")
            .kind(RecordKind::Alert)
            .detail("to", to.as_str());
        self.backend.review_alert(&self.actor, id, to, note, audit)
    }
}
