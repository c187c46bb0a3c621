//! A case as it is kept at rest: its descriptive fields in the clear (statistics and grants read
//! them), its personal fields sealed under its owner's data key with the case bound to the
//! ciphertext, keyed pseudonyms for linkage across organisations, keyed blind indexes for its
//! owner's lookups, and a keyed record key for idempotent imports. Shared by every backend.

use rastro_model::{CaseRecord, CompactParts};
use rastro_vault::{DataKey, KeyedMac, Sealer, SecretKey};
use zeroize::Zeroize;

use crate::pseudonyms::{Lookup, Pseudonyms};
use crate::{Result, StoreError};

/// The keys a case is sealed with.
pub(crate) struct SealingKeys<'a> {
    pub data: &'a DataKey,
    pub index: &'a SecretKey,
    pub pseudonym: &'a SecretKey,
}

impl SealingKeys<'_> {
    /// Runs `f` with these keys made ready for up to `cases` cases: the MAC keys' states made
    /// once and the data key's nonces drawn at once, for the whole call (a batch of an import)
    /// instead of for each case.
    pub(crate) fn with_sealer<T>(
        &self,
        cases: usize,
        f: impl FnOnce(&mut CaseSealer<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        self.index.with_keyed(|index| {
            self.pseudonym.with_keyed(|pseudonym| {
                self.data
                    .with_sealer(cases, |data| {
                        f(&mut CaseSealer {
                            data,
                            index,
                            pseudonym,
                        })
                    })
                    .map_err(|e| StoreError::Entropy(e.to_string()))?
            })
        })
    }
}

/// [`SealingKeys`] made ready for a batch by [`SealingKeys::with_sealer`].
pub(crate) struct CaseSealer<'s, 'k> {
    pub data: &'s mut Sealer<'k>,
    pub index: &'s KeyedMac,
    pub pseudonym: &'s KeyedMac,
}

pub(crate) struct SealedCase {
    /// The descriptive part, compact.
    pub open: String,
    /// The personal part, sealed; `None` when the record has no personal field.
    pub personal: Option<Vec<u8>>,
    pub pseudonyms: String,
    /// The keyed blind index of the identity number, when there is one.
    pub id_index: Option<Vec<u8>>,
}

/// What is bound to a case's sealed part: its owner and its id, so that a ciphertext copied onto
/// another row does not open.
fn aad(org_id: &str, case_id: &str) -> Vec<u8> {
    format!("rastro/case/{org_id}/{case_id}").into_bytes()
}

/// `parts`, when given, are the record's compact parts as the caller wrote them.
pub(crate) fn seal_case(
    record: &CaseRecord,
    parts: Option<&CompactParts>,
    org_id: &str,
    case_id: &str,
    keys: &SealingKeys<'_>,
) -> Result<SealedCase> {
    keys.with_sealer(1, |sealer| {
        seal_case_with(record, parts, org_id, case_id, sealer)
    })
}

/// [`seal_case`] with keys made ready for a batch.
pub(crate) fn seal_case_with(
    record: &CaseRecord,
    parts: Option<&CompactParts>,
    org_id: &str,
    case_id: &str,
    keys: &mut CaseSealer<'_, '_>,
) -> Result<SealedCase> {
    let mut written = None;
    let (open, personal) = match parts {
        Some(parts) => {
            debug_assert_eq!(
                (parts.open.clone(), parts.personal.clone()),
                record.to_compact_parts(),
                "the parts given are not the record's"
            );
            (parts.open.clone(), parts.personal.as_deref())
        }
        None => {
            let (open, personal) = record.to_compact_parts();
            written = personal;
            (open, written.as_deref())
        }
    };
    let sealed = personal.map(|text| {
        keys.data
            .seal(text.as_bytes(), &aad(org_id, case_id))
            .map_err(|e| StoreError::Entropy(e.to_string()))
    });
    // The personal part's plain text written here goes no further than the seal.
    if let Some(mut text) = written {
        text.zeroize();
    }
    let personal = sealed.transpose()?;
    let id_index = Lookup::IdentityNumber
        .of(record)
        .map(|v| Lookup::IdentityNumber.mac_with(keys.index, &v));
    Ok(SealedCase {
        open,
        personal,
        pseudonyms: Pseudonyms::of_with(record, keys.pseudonym).to_json(),
        id_index,
    })
}

/// The whole record from its descriptive part and its sealed personal part.
pub(crate) fn open_case(
    open: CaseRecord,
    sealed: Option<&[u8]>,
    key: &DataKey,
    org_id: &str,
    case_id: &str,
) -> Result<CaseRecord> {
    let Some(sealed) = sealed else {
        return Ok(open);
    };
    let text = open_personal(sealed, key, org_id, case_id)?;
    let personal = CaseRecord::from_compact(&text).map_err(|reason| StoreError::Corrupt {
        id: case_id.to_string(),
        reason,
    })?;
    Ok(CaseRecord::joined(&open, &personal))
}

/// The compact form of a record's sealed personal part.
pub(crate) fn open_personal(
    sealed: &[u8],
    key: &DataKey,
    org_id: &str,
    case_id: &str,
) -> Result<String> {
    let corrupt = |reason: String| StoreError::Corrupt {
        id: case_id.to_string(),
        reason,
    };
    let plain = key
        .open(sealed, &aad(org_id, case_id))
        .map_err(|e| corrupt(format!("its personal part does not open: {e}")))?;
    String::from_utf8(plain).map_err(|e| corrupt(e.to_string()))
}

/// A sealed personal part moved from one data key to another, bytes for bytes: nothing of the
/// record needs to be read to re-seal it.
pub(crate) fn reseal(
    sealed: &[u8],
    from: &DataKey,
    to: &DataKey,
    org_id: &str,
    case_id: &str,
) -> Result<Vec<u8>> {
    reseal_bound(sealed, from, to, &aad(org_id, case_id), case_id)
}

/// [`reseal`] for any sealed text bound to `bound`.
pub(crate) fn reseal_bound(
    sealed: &[u8],
    from: &DataKey,
    to: &DataKey,
    bound: &[u8],
    id: &str,
) -> Result<Vec<u8>> {
    let mut plain = from.open(sealed, bound).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        reason: format!("its sealed part does not open: {e}"),
    })?;
    let resealed = to
        .seal(&plain, bound)
        .map_err(|e| StoreError::Entropy(e.to_string()));
    plain.zeroize();
    resealed
}

/// The key under which the same record is recognised on re-import: a MAC of the import's
/// content hash under the owner's index key, so the stored value confirms no guessed record.
pub(crate) fn record_key(index: &KeyedMac, content_key: &[u8]) -> Vec<u8> {
    index.mac(content_key)[..16].to_vec()
}

/// What is bound to a sealed transaction or alert: its kind, its owner and its id, so that a
/// ciphertext copied onto another row (or into another table) does not open.
pub(crate) fn record_aad(kind: &str, org_id: &str, id: &str) -> Vec<u8> {
    format!("rastro/{kind}/{org_id}/{id}").into_bytes()
}

/// Seals a record's text (a transaction's or an alert's sealed part) under its owner's data key.
pub(crate) fn seal_text(
    key: &DataKey,
    kind: &str,
    org_id: &str,
    id: &str,
    text: &str,
) -> Result<Vec<u8>> {
    key.seal(text.as_bytes(), &record_aad(kind, org_id, id))
        .map_err(|e| StoreError::Entropy(e.to_string()))
}

/// Opens what [`seal_text`] sealed.
pub(crate) fn open_text(
    key: &DataKey,
    kind: &str,
    org_id: &str,
    id: &str,
    sealed: &[u8],
) -> Result<String> {
    let corrupt = |reason: String| StoreError::Corrupt {
        id: id.to_string(),
        reason,
    };
    let plain = key
        .open(sealed, &record_aad(kind, org_id, id))
        .map_err(|e| corrupt(format!("its sealed part does not open: {e}")))?;
    String::from_utf8(plain).map_err(|e| corrupt(e.to_string()))
}

/// The keyed blind index of an identifier (`kind` names what it is: an account, a contact, a
/// party), normalised by the caller: equal values give equal indexes under one organisation's
/// index key, and nothing about the value can be read from it.
pub(crate) fn blind_index(index: &SecretKey, kind: &str, normalised: &str) -> Vec<u8> {
    index.mac(format!("{kind}\n{normalised}").as_bytes())[..16].to_vec()
}

/// What a queued job's file is bound to: its organisation and the job's id.
pub(crate) const JOB_FILE: &str = "job_file";

/// Seals a queued job's file under its organisation's data key.
pub(crate) fn seal_job_file(
    key: &DataKey,
    org_id: &str,
    job_id: &str,
    file: &[u8],
) -> Result<Vec<u8>> {
    key.seal(file, &record_aad(JOB_FILE, org_id, job_id))
        .map_err(|e| StoreError::Entropy(e.to_string()))
}

/// Opens what [`seal_job_file`] sealed.
pub(crate) fn open_job_file(
    key: &DataKey,
    org_id: &str,
    job_id: &str,
    sealed: &[u8],
) -> Result<Vec<u8>> {
    key.open(sealed, &record_aad(JOB_FILE, org_id, job_id))
        .map_err(|e| StoreError::Corrupt {
            id: job_id.to_string(),
            reason: format!("its file does not open: {e}"),
        })
}
