//! An import's bookkeeping in SQLite, for cases and transactions alike (`crate::import_rows`,
//! `crate::sql::imports`): begun or resumed, and counted batch by batch, inside the caller's
//! write.

use rusqlite::{named_params, OptionalExtension, Transaction};

use super::count;
use crate::api::access::RecordKind;
use crate::api::cases::{BatchOutcome, ImportHandle, ResumedImport};
use crate::api::trace::AuditDraft;
use crate::import_rows;
use crate::sql::imports;
use crate::time::now_rfc3339;
use crate::Result;

/// Resumes `org`'s unfinished import of `source_file` bringing `kind`, or begins one as
/// `new_id`; says which in `audit`.
pub(super) fn begin(
    tx: &Transaction<'_>,
    org: &str,
    source_file: &str,
    format: &str,
    kind: RecordKind,
    new_id: String,
    audit: &mut AuditDraft,
) -> Result<ImportHandle> {
    let unfinished = tx
        .query_row(
            imports::UNFINISHED,
            named_params! {":org": org, ":file": source_file, ":kind": kind.as_str()},
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    ResumedImport {
                        started_at: r.get(1)?,
                        stored: count(r.get(2)?),
                        error: r.get(3)?,
                    },
                ))
            },
        )
        .optional()?;
    let resumed = unfinished.is_some();
    let handle = import_rows::handle(unfinished, new_id, source_file);
    if resumed {
        tx.execute(imports::RESUME, named_params! {":id": handle.id})?;
    } else {
        tx.execute(
            imports::INSERT,
            named_params! {
                ":id": handle.id,
                ":org": org,
                ":file": source_file,
                ":format": format,
                ":at": now_rfc3339(),
                ":kind": kind.as_str(),
            },
        )?;
    }
    import_rows::note_begin(audit, &handle);
    Ok(handle)
}

/// Adds what a batch stored to its import's count, and says so in `audit`.
pub(super) fn count_batch(
    tx: &Transaction<'_>,
    org: &str,
    import: &ImportHandle,
    outcome: &BatchOutcome,
    audit: &mut AuditDraft,
) -> Result<()> {
    tx.execute(
        imports::ADD_IMPORTED,
        named_params! {":n": outcome.inserted as i64, ":id": import.id, ":org": org},
    )?;
    import_rows::note_batch(audit, outcome);
    Ok(())
}
