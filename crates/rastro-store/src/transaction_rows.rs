//! Transactions and alerts as rows, whatever database holds them: how a batch is sealed and its
//! ids and blind indexes made, the values an inserted row binds, how sealed rows are opened
//! (many at a time, on every core) into the api's types, and the rules of an alert's review.
//! A backend only runs the SQL (`crate::sql::money`) and reads columns into these types.

use std::sync::Arc;

use rastro_vault::{DataKey, SecretKey};

use crate::api::trace::AuditDraft;
use crate::api::transactions::{
    AlertBand, AlertReview, AlertStatus, AlertSubject, AlertSummary, Identifier, KeptAlerts,
    NewAlert, NewTransaction, PreparedTransaction, PreparedTransactions, StoredAlert,
    StoredTransaction, TransactionProvenance,
};
use crate::ids::keyed_id;
use crate::keyring::OrgKeys;
use crate::sealing::{blind_index, open_text, seal_text};
use crate::{Result, StoreError};

/// The kinds bound to sealed texts, so that a transaction's ciphertext does not open as an
/// alert's, nor a review note as either.
pub(crate) const TRANSACTION: &str = "transaction";
pub(crate) const ALERT: &str = "alert";
pub(crate) const REVIEW: &str = "alert_review";

/// Rows of a bulk read opened at a time, on every core: decryption is most of the cost of
/// reading transactions back, and a chunk this size makes starting the threads negligible while
/// keeping memory flat.
pub(crate) const OPEN_CHUNK: usize = 8_192;

/// A transaction's public id: a MAC of its content fingerprint under the owner's index key, in
/// the alphabet of random ids. The same transaction of the same organisation always has the
/// same id, which is what makes a re-import add nothing; without the key it is as unguessable
/// as a random one.
fn transaction_id(index: &SecretKey, fingerprint: &[u8]) -> String {
    let mut input = b"transaction-id\n".to_vec();
    input.extend_from_slice(fingerprint);
    let mac = index.mac(&input);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&mac[..16]);
    keyed_id(&bytes)
}

/// Seals a batch for `org` under its current keys: bodies sealed, ids and blind indexes made.
pub(crate) fn prepare(
    org: &str,
    keys: &OrgKeys,
    transactions: &[NewTransaction<'_>],
) -> Result<PreparedTransactions> {
    let sealing = keys.sealing();
    let index = |kind: Identifier, value: Option<&str>| {
        value
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| blind_index(sealing.index, kind.as_str(), v))
    };
    let rows = transactions
        .iter()
        .map(|t| {
            let id = transaction_id(sealing.index, t.fingerprint);
            Ok(PreparedTransaction {
                sealed: seal_text(sealing.data, TRANSACTION, org, &id, t.body)?,
                debtor_index: index(Identifier::Account, t.debtor_account),
                creditor_index: index(Identifier::Account, t.creditor_account),
                contact_index: index(Identifier::Contact, t.contact),
                source_row: t.source_row,
                at: t.at,
                utc_offset: t.utc_offset,
                id,
            })
        })
        .collect::<Result<_>>()?;
    Ok(PreparedTransactions {
        org_id: org.to_string(),
        key_version: keys.version,
        rows,
    })
}

/// Refuses a batch sealed for another organisation than the one storing it.
pub(crate) fn check_batch_owner(transactions: &PreparedTransactions, org: &str) -> Result<()> {
    if transactions.org_id == org {
        Ok(())
    } else {
        Err(StoreError::Invalid(
            "transactions prepared for another organisation".into(),
        ))
    }
}

/// The named values of one row of `crate::sql::money::insert_transaction`, in a driver's
/// value type.
pub(crate) fn transaction_values<V>(
    t: &PreparedTransaction,
    org: &str,
    import_id: &str,
    key_version: u32,
) -> [(&'static str, V); 11]
where
    V: From<String> + From<i64> + From<Vec<u8>> + From<Option<Vec<u8>>>,
{
    [
        (":id", V::from(t.id.clone())),
        (":org", V::from(org.to_string())),
        (":import", V::from(import_id.to_string())),
        (
            ":source_row",
            V::from(t.source_row.min(i64::MAX as u64) as i64),
        ),
        (":at", V::from(t.at)),
        (":utc_offset", V::from(i64::from(t.utc_offset))),
        (":key_version", V::from(i64::from(key_version))),
        (":sealed", V::from(t.sealed.clone())),
        (":debtor_index", V::from(t.debtor_index.clone())),
        (":creditor_index", V::from(t.creditor_index.clone())),
        (":contact_index", V::from(t.contact_index.clone())),
    ]
}

/// The names of the organisations rows belong to, looked up once each.
#[derive(Default)]
pub(crate) struct Owners {
    list: Vec<(String, String)>,
    last: usize,
}

impl Owners {
    /// The position of `org` in the list; `name_of` looks its name up the first time.
    pub fn index(
        &mut self,
        org: &str,
        name_of: impl FnOnce(&str) -> Result<String>,
    ) -> Result<usize> {
        if self.list.get(self.last).is_some_and(|(id, _)| id == org) {
            return Ok(self.last);
        }
        let at = match self.list.iter().position(|(id, _)| id == org) {
            Some(at) => at,
            None => {
                let name = name_of(org)?;
                self.list.push((org.to_string(), name));
                self.list.len() - 1
            }
        };
        self.last = at;
        Ok(at)
    }

    pub fn id(&self, at: usize) -> &str {
        self.list.get(at).map_or("", |(id, _)| id)
    }

    pub fn name(&self, at: usize) -> &str {
        self.list.get(at).map_or("", |(_, name)| name)
    }
}

/// Data keys unwrapped during one read, each owner's version once.
#[derive(Default)]
pub(crate) struct DataKeys {
    keys: Vec<(String, u32, Arc<DataKey>)>,
}

impl DataKeys {
    /// `org`'s data key of `version` (as stored for the row `id`); `unwrap` fetches it the
    /// first time.
    pub fn key(
        &mut self,
        org: &str,
        id: &str,
        version: i64,
        unwrap: impl FnOnce(&str, u32) -> Result<Arc<DataKey>>,
    ) -> Result<Arc<DataKey>> {
        let version = u32::try_from(version).map_err(|_| StoreError::Corrupt {
            id: id.to_string(),
            reason: "a key version out of range".into(),
        })?;
        if let Some((_, _, key)) = self.keys.iter().find(|(o, v, _)| *v == version && o == org) {
            return Ok(Arc::clone(key));
        }
        let key = unwrap(org, version)?;
        self.keys.push((org.to_string(), version, Arc::clone(&key)));
        Ok(key)
    }

    /// Opens the text of `kind` sealed for the row `id` of `org`.
    pub fn open(
        &mut self,
        kind: &str,
        org: &str,
        id: &str,
        version: i64,
        sealed: &[u8],
        unwrap: impl FnOnce(&str, u32) -> Result<Arc<DataKey>>,
    ) -> Result<String> {
        let key = self.key(org, id, version, unwrap)?;
        open_text(&key, kind, org, id, sealed)
    }
}

/// A transaction as read, before it is opened.
pub(crate) struct SealedRow {
    pub id: String,
    /// Its owner's position in [`Owners`].
    pub owner: usize,
    pub at: i64,
    pub utc_offset: i16,
    pub version: i64,
    pub sealed: Vec<u8>,
    pub import_id: String,
    pub source_row: u64,
}

/// A stored offset in minutes as the api holds it; out of range only if the row was tampered
/// with.
pub(crate) fn utc_offset(id: &str, minutes: i64) -> Result<i16> {
    i16::try_from(minutes).map_err(|_| StoreError::Corrupt {
        id: id.to_string(),
        reason: format!("a UTC offset of {minutes} minutes"),
    })
}

/// What opening rows needs besides them: who reads (provenance is the owner's only) and whose
/// rows they are.
pub(crate) struct Reading<'a> {
    pub reader_org: &'a str,
    pub owners: &'a Owners,
}

/// Opens one row with a key already unwrapped.
pub(crate) fn open_row(
    row: SealedRow,
    key: &DataKey,
    reading: &Reading<'_>,
) -> Result<(StoredTransaction, usize)> {
    let org = reading.owners.id(row.owner);
    let body = open_text(key, TRANSACTION, org, &row.id, &row.sealed)?;
    let provenance = (org == reading.reader_org).then_some(TransactionProvenance {
        import_id: row.import_id,
        source_row: row.source_row,
    });
    Ok((
        StoredTransaction {
            owner: reading.owners.name(row.owner).to_string(),
            body,
            id: row.id,
            at: row.at,
            utc_offset: row.utc_offset,
            provenance,
        },
        row.owner,
    ))
}

/// What gives a data key by owner id, row id and key version, unwrapping it on the caller's
/// connection.
pub(crate) type KeyOf<'a> = dyn FnMut(&str, &str, i64) -> Result<Arc<DataKey>> + 'a;

/// Opens a chunk of rows on every core and visits them in order; how many. `key` gives the
/// data key of an owner (by id), a row id and a version; it runs on the caller's thread, which
/// holds the connection.
pub(crate) fn open_chunk(
    key: &mut KeyOf<'_>,
    reading: &Reading<'_>,
    chunk: Vec<SealedRow>,
    visit: &mut dyn FnMut(StoredTransaction, &str) -> Result<()>,
) -> Result<u64> {
    if chunk.is_empty() {
        return Ok(0);
    }
    let mut keys: Vec<(usize, i64, Arc<DataKey>)> = Vec::new();
    for row in &chunk {
        if !keys
            .iter()
            .any(|(o, v, _)| *o == row.owner && *v == row.version)
        {
            let k = key(reading.owners.id(row.owner), &row.id, row.version)?;
            keys.push((row.owner, row.version, k));
        }
    }
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let part = chunk.len().div_ceil(threads.clamp(1, 8));
    // Each worker owns its rows, so that their ids and bodies move into what it returns.
    let mut parts = Vec::new();
    let mut rest = chunk;
    while rest.len() > part {
        let tail = rest.split_off(part);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    let keys = &keys;
    let opened: Vec<Result<Vec<(StoredTransaction, usize)>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = parts
            .into_iter()
            .map(|rows| {
                scope.spawn(move || {
                    rows.into_iter()
                        .map(|r| {
                            let key = keys
                                .iter()
                                .find(|(o, v, _)| *o == r.owner && *v == r.version)
                                .map(|(_, _, k)| k)
                                .ok_or_else(|| {
                                    StoreError::Keys(format!("no data key v{}", r.version))
                                })?;
                            open_row(r, key, reading)
                        })
                        .collect()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join().unwrap_or_else(|_| {
                    Err(StoreError::Database(
                        "a thread opening transactions failed".into(),
                    ))
                })
            })
            .collect()
    });
    let mut n = 0;
    for part in opened {
        for (t, owner) in part? {
            visit(t, reading.owners.id(owner))?;
            n += 1;
        }
    }
    Ok(n)
}

/// Orders transactions read by id in chunks (each with its internal key) by time, then as
/// stored, each once.
pub(crate) fn in_time_order(
    mut found: Vec<(i64, StoredTransaction, String)>,
) -> Vec<(StoredTransaction, String)> {
    found.sort_by_key(|(pk, t, _)| (t.at, *pk));
    found.dedup_by_key(|(pk, _, _)| *pk);
    found.into_iter().map(|(_, t, o)| (t, o)).collect()
}

/// The record key of an alert: a MAC of the engine's id under the owner's index key.
fn alert_key(index: &SecretKey, key: &str) -> Vec<u8> {
    blind_index(index, ALERT, key)
}

/// An alert about to be kept, sealed: its record key and the values of its row.
pub(crate) struct SealedAlert<V> {
    pub key: Vec<u8>,
    pub values: Vec<(&'static str, V)>,
}

/// Seals `alert` as the row `id` of `org` under `keys`, with the values of
/// `crate::sql::money::INSERT_ALERT`.
pub(crate) fn seal_alert<V>(
    alert: &NewAlert<'_>,
    id: &str,
    org: &str,
    keys: &OrgKeys,
    created_at: &str,
) -> Result<SealedAlert<V>>
where
    V: From<String> + From<i64> + From<f64> + From<Vec<u8>>,
{
    let sealing = keys.sealing();
    let key = alert_key(sealing.index, alert.key);
    let subject = blind_index(
        sealing.index,
        alert.subject_kind.identifier().as_str(),
        alert.subject,
    );
    let values = vec![
        (":id", V::from(id.to_string())),
        (":org", V::from(org.to_string())),
        (":alert_key", V::from(key.clone())),
        (
            ":catalogue_version",
            V::from(alert.catalogue_version.to_string()),
        ),
        (":typology", V::from(alert.typology.to_string())),
        (
            ":subject_kind",
            V::from(alert.subject_kind.as_str().to_string()),
        ),
        (":subject_index", V::from(subject)),
        (":score", V::from(alert.score)),
        (":band", V::from(alert.band.as_str().to_string())),
        (":raised_at", V::from(alert.raised_at)),
        (":created_at", V::from(created_at.to_string())),
        (":key_version", V::from(i64::from(keys.version))),
        (
            ":sealed",
            V::from(seal_text(sealing.data, ALERT, org, id, alert.body)?),
        ),
    ];
    Ok(SealedAlert { key, values })
}

/// The transactions an alert lists, each once.
pub(crate) fn listed<'a>(alert: &'a NewAlert<'_>) -> Vec<&'a str> {
    let mut listed: Vec<&str> = alert.transactions.iter().map(String::as_str).collect();
    listed.sort_unstable();
    listed.dedup();
    listed
}

/// A transaction an alert lists that is not the organisation's own (granted or not) is as
/// missing as one that does not exist; nothing of the batch is kept.
pub(crate) fn check_linked(changed: u64) -> Result<()> {
    if changed == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// What keeping a batch of alerts leaves in its trace.
pub(crate) fn note_kept(audit: &mut AuditDraft, kept: &KeptAlerts) {
    audit.count = Some(kept.inserted);
    audit
        .detail
        .push(("duplicates", kept.duplicates.to_string()));
}

/// The clear columns of an alert (`crate::sql::money::ALERT_COLUMNS`) as read.
pub(crate) struct AlertRow {
    pub pk: i64,
    pub id: String,
    pub org: String,
    pub owner: String,
    pub catalogue_version: String,
    pub typology: String,
    pub subject_kind: String,
    pub score: f64,
    pub band: String,
    pub raised_at: i64,
    pub created_at: String,
    pub status: String,
}

impl AlertRow {
    pub fn summary(&self, reader_org: &str, transactions: u64) -> AlertSummary {
        AlertSummary {
            id: self.id.clone(),
            owner: self.owner.clone(),
            own: self.org == reader_org,
            catalogue_version: self.catalogue_version.clone(),
            typology: self.typology.clone(),
            subject_kind: AlertSubject::from_stored(&self.subject_kind),
            score: self.score,
            band: AlertBand::from_stored(&self.band),
            raised_at: self.raised_at,
            created_at: self.created_at.clone(),
            status: AlertStatus::from_stored(&self.status),
            transactions,
        }
    }

    /// The whole alert, with its opened body, the ids of its transactions and its review.
    pub fn whole(
        self,
        reader_org: &str,
        body: String,
        transactions: Vec<String>,
        reviews: Vec<AlertReview>,
    ) -> (StoredAlert, String) {
        let s = self.summary(reader_org, 0);
        // Who moved the review and why is the reviewing organisation's own: a grantee learns
        // where the review stands, not the names or notes behind it.
        let reviews = if s.own {
            reviews
        } else {
            reviews
                .into_iter()
                .map(|r| AlertReview {
                    by: None,
                    note: None,
                    ..r
                })
                .collect()
        };
        (
            StoredAlert {
                id: s.id,
                owner: s.owner,
                own: s.own,
                catalogue_version: s.catalogue_version,
                typology: s.typology,
                subject_kind: s.subject_kind,
                score: s.score,
                band: s.band,
                raised_at: s.raised_at,
                created_at: s.created_at,
                status: s.status,
                transactions,
                body,
                reviews,
            },
            self.org,
        )
    }
}

/// One move of a review as read (`crate::sql::money::ALERT_REVIEWS`), before its note is
/// opened.
pub(crate) struct ReviewRow {
    pub id: String,
    pub from: String,
    pub to: String,
    pub by: String,
    pub at: String,
    pub version: i64,
    pub sealed: Vec<u8>,
}

impl ReviewRow {
    /// The move with its note opened under `org`'s keys.
    pub fn open(
        self,
        keys: &mut DataKeys,
        org: &str,
        unwrap: impl FnOnce(&str, u32) -> Result<Arc<DataKey>>,
    ) -> Result<AlertReview> {
        let note = keys.open(REVIEW, org, &self.id, self.version, &self.sealed, unwrap)?;
        Ok(AlertReview {
            from: AlertStatus::from_stored(&self.from),
            to: AlertStatus::from_stored(&self.to),
            by: Some(self.by),
            at: self.at,
            note: Some(note),
            id: self.id,
        })
    }
}

/// Whether the reader's organisation may move the review of the alert `owner` raised, now
/// `status`, to `to` with `note`; the status it moves from.
pub(crate) fn check_move(
    owner: &str,
    reader_org: &str,
    status: &str,
    to: AlertStatus,
    note: &str,
) -> Result<AlertStatus> {
    if owner != reader_org {
        return Err(StoreError::Invalid(
            "only the organisation that raised an alert reviews it".into(),
        ));
    }
    let from = AlertStatus::from_stored(status);
    if !from.may_become(to) {
        return Err(StoreError::Invalid(format!(
            "an alert that is {} cannot become {}",
            from.as_str(),
            to.as_str()
        )));
    }
    if from.needs_note(to) && note.is_empty() {
        return Err(StoreError::Invalid(format!(
            "say why the alert becomes {}: a note is needed",
            to.as_str()
        )));
    }
    Ok(from)
}

/// A review's move is made only from the status just read, under the write lock: anything but
/// one row moved means another move came first.
pub(crate) fn check_moved(moved: u64) -> Result<()> {
    if moved == 1 {
        Ok(())
    } else {
        Err(StoreError::Invalid(
            "the alert's review moved meanwhile; read it again".into(),
        ))
    }
}

/// A review move about to be kept: its note sealed, the values of
/// `crate::sql::money::INSERT_REVIEW`, and the move as it is returned.
pub(crate) struct SealedReview<V> {
    pub values: Vec<(&'static str, V)>,
    pub review: AlertReview,
}

/// Seals the move `from` → `to` of the alert with internal key `alert_pk`, made by `actor`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn seal_review<V>(
    review_id: &str,
    org: &str,
    alert_pk: i64,
    from: AlertStatus,
    to: AlertStatus,
    actor: &crate::api::members::Actor,
    note: &str,
    keys: &OrgKeys,
    at: &str,
) -> Result<SealedReview<V>>
where
    V: From<String> + From<i64> + From<Vec<u8>>,
{
    let sealing = keys.sealing();
    let values = vec![
        (":id", V::from(review_id.to_string())),
        (":org", V::from(org.to_string())),
        (":alert", V::from(alert_pk)),
        (":from_status", V::from(from.as_str().to_string())),
        (":to_status", V::from(to.as_str().to_string())),
        (":by_user", V::from(actor.user_id().to_string())),
        (":at", V::from(at.to_string())),
        (":key_version", V::from(i64::from(keys.version))),
        (
            ":sealed",
            V::from(seal_text(sealing.data, REVIEW, org, review_id, note)?),
        ),
    ];
    Ok(SealedReview {
        values,
        review: AlertReview {
            id: review_id.to_string(),
            from,
            to,
            by: Some(actor.user_name().to_string()),
            at: at.to_string(),
            note: Some(note.to_string()),
        },
    })
}

/// What a review move leaves in its trace.
pub(crate) fn note_review(audit: &mut AuditDraft, org: &str, alert: &str, review: &AlertReview) {
    audit.records.push((org.to_string(), alert.to_string()));
    audit
        .detail
        .push(("from", review.from.as_str().to_string()));
    audit.detail.push(("review", review.id.clone()));
}
