//! Import rows for the backend's own tests: records paired with their record keys, numbered as
//! a file's rows are.

use rastro_model::CaseRecord;

use crate::NewCase;

/// `records[i]` under `keys[i]`, as row `i + 1` of a file with no parts.
pub(super) fn numbered_rows<'a>(records: &'a [CaseRecord], keys: &'a [String]) -> Vec<NewCase<'a>> {
    records
        .iter()
        .zip(keys)
        .enumerate()
        .map(|(i, (record, key))| NewCase {
            record,
            key,
            source_row: i as u64 + 1,
            parts: None,
        })
        .collect()
}
