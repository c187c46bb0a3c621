//! What a stored case is made from and read back as, whatever the database: a batch sealed for
//! storing (record key, facets, consent bits) and a read row turned into the record at the
//! level the reader sees it. A backend only moves these values in and out of its tables.

use std::borrow::Cow;
use std::sync::Arc;

use rastro_model::{CaseRecord, CompactParts};
use rastro_vault::DataKey;

use crate::api::access::Level;
use crate::api::cases::{NewCase, PreparedCase, PreparedCases, Provenance, RawCase};
use crate::facets::facet_values_text_of;
use crate::ids::CaseId;
use crate::keyring::OrgKeys;
use crate::pseudonyms::Pseudonyms;
use crate::sealing::{open_case, record_key, seal_case_with, CaseSealer};
use crate::{Result, StoreError};

/// Seals a batch for `org` under its current keys, each case with one of `ids`.
pub(crate) fn prepare_batch(
    cases: &[NewCase<'_>],
    ids: Vec<CaseId>,
    org: &str,
    keys: &OrgKeys,
) -> Result<PreparedCases> {
    let rows = keys.sealing().with_sealer(cases.len(), |sealer| {
        cases
            .iter()
            .zip(ids)
            .map(|(case, id)| {
                prepare_case(
                    case.record,
                    case.parts,
                    &key_bytes(case.key),
                    case.source_row,
                    id,
                    org,
                    sealer,
                )
            })
            .collect::<Result<_>>()
    })?;
    Ok(PreparedCases {
        org_id: org.to_string(),
        key_version: keys.version,
        rows,
    })
}

/// A case made ready to store: sealed, keyed, its facets and consent bits read.
pub(crate) fn prepare_case(
    record: &CaseRecord,
    parts: Option<&CompactParts>,
    content_key: &[u8],
    source_row: u64,
    id: CaseId,
    org: &str,
    keys: &mut CaseSealer<'_, '_>,
) -> Result<PreparedCase> {
    let CaseId { id, lookup } = id;
    Ok(PreparedCase {
        sealed: seal_case_with(record, parts, org, &id, keys)?,
        record_key: record_key(keys.index, content_key),
        role: record.role().as_str(),
        source_row,
        facet_values: facet_values_text_of(record),
        consents: htcds_consents(record),
        id,
        id_lookup: lookup,
    })
}

/// HTCDS's consent checkboxes, as the bits the case keeps until they become consent records
/// (each backend's `consents::HTCDS_CONSENTS`).
fn htcds_consents(record: &CaseRecord) -> i64 {
    i64::from(record.consent == Some(true))
        | (i64::from(record.victim.agreement_to_manage_personal_data == Some(true)) << 1)
}

/// Keys arrive as hex text; stored as their bytes they make the uniqueness index half as large,
/// which matters on the hot path of imports. Text that is not hex is stored as it is.
fn key_bytes(key: &str) -> Vec<u8> {
    let hex = key.as_bytes();
    if hex.len().is_multiple_of(2) && hex.iter().all(u8::is_ascii_hexdigit) {
        hex.chunks(2)
            .map(|pair| {
                let digit = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                (digit(pair[0]) << 4) | digit(pair[1])
            })
            .collect()
    } else {
        hex.to_vec()
    }
}

/// The columns every read of a case takes, as a backend read them. What only some reads need
/// (the sealed part, the provenance) is asked for through [`CaseRow::into_raw`]'s callbacks, so
/// a read below full level never copies the sealed part.
pub(crate) struct CaseRow<'r> {
    pub id: String,
    /// The owning organisation's name.
    pub owner: String,
    pub owner_id: String,
    /// Whether the reader owns the case.
    pub own: bool,
    /// The level at which the reader sees the row, as the visibility rule ranks it.
    pub rank: i64,
    /// The descriptive part, compact.
    pub compact: &'r str,
    /// The version of the owner's data key that sealed the personal part.
    pub key_version: Option<i64>,
    pub pseudonyms: Option<&'r str>,
}

impl CaseRow<'_> {
    /// The record at the reader's level: the personal part is opened (`sealed`, then `key` of
    /// the owner and version) only for a read in full, and where the record came from is read
    /// (`provenance`) only for its owner.
    pub fn into_raw(
        self,
        sealed: impl FnOnce() -> Result<Option<Vec<u8>>>,
        provenance: impl FnOnce() -> Result<Provenance>,
        key: impl FnOnce(&str, u32) -> Result<Arc<DataKey>>,
    ) -> Result<RawCase> {
        let CaseRow {
            id,
            owner,
            owner_id,
            own,
            rank,
            compact,
            key_version,
            pseudonyms,
        } = self;
        let level = Level::from_rank(rank).ok_or_else(|| StoreError::Corrupt {
            id: id.clone(),
            reason: "a record read below the lowest level".into(),
        })?;
        let open = CaseRecord::from_compact(compact).map_err(|reason| StoreError::Corrupt {
            id: id.clone(),
            reason,
        })?;
        let record = match (level, key_version) {
            (Level::Full, Some(version)) => match sealed()? {
                Some(sealed) => {
                    let version = version as u32;
                    let key = key(&owner_id, version)?;
                    open_case(open, Some(&sealed), &key, &owner_id, &id)?
                }
                None => open,
            },
            _ => open,
        };
        // Where a record came from describes its owner's systems: nobody else learns it.
        let provenance = if own { Some(provenance()?) } else { None };
        Ok(RawCase {
            id,
            owner,
            owner_id,
            level,
            record,
            pseudonyms: Pseudonyms::from_json(pseudonyms),
            provenance,
        })
    }
}

/// The cells of a case exported in full, from its descriptive part and its opened personal part
/// (borrowed from both: an export of a million cases copies no cell).
pub(crate) fn export_cells<'a>(
    id: &str,
    open: &'a str,
    personal: Option<&'a str>,
    cells: &mut Vec<Cow<'a, str>>,
) -> Result<()> {
    let mut parts = vec![open];
    parts.extend(personal);
    rastro_model::compact_cells(&parts, cells).map_err(|reason| StoreError::Corrupt {
        id: id.to_string(),
        reason,
    })
}
