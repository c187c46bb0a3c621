//! An import's bookkeeping in PostgreSQL, for cases and transactions alike
//! (`crate::import_rows`, `crate::sql::imports`): begun or resumed, and counted batch by batch,
//! inside the caller's write.

use postgres::Transaction;

use super::value::{count, Value};
use super::value::{execute, query};
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
    tx: &mut Transaction<'_>,
    org: &str,
    source_file: &str,
    format: &str,
    kind: RecordKind,
    new_id: String,
    audit: &mut AuditDraft,
) -> Result<ImportHandle> {
    let unfinished = query(
        tx,
        imports::UNFINISHED,
        &[
            (":org", org.into()),
            (":file", source_file.into()),
            (":kind", kind.as_str().into()),
        ],
    )?
    .first()
    .map(|r| -> Result<(String, ResumedImport)> {
        Ok((
            r.try_get(0)?,
            ResumedImport {
                started_at: r.try_get(1)?,
                stored: count(r, 2)?,
                error: r.try_get(3)?,
            },
        ))
    })
    .transpose()?;
    let resumed = unfinished.is_some();
    let handle = import_rows::handle(unfinished, new_id, source_file);
    if resumed {
        execute(tx, imports::RESUME, &[(":id", handle.id.as_str().into())])?;
    } else {
        execute(
            tx,
            imports::INSERT,
            &[
                (":id", handle.id.as_str().into()),
                (":org", org.into()),
                (":file", source_file.into()),
                (":format", format.into()),
                (":at", now_rfc3339().into()),
                (":kind", kind.as_str().into()),
            ],
        )?;
    }
    import_rows::note_begin(audit, &handle);
    Ok(handle)
}

/// Adds what a batch stored to its import's count, and says so in `audit`.
pub(super) fn count_batch(
    tx: &mut Transaction<'_>,
    org: &str,
    import: &ImportHandle,
    outcome: &BatchOutcome,
    audit: &mut AuditDraft,
) -> Result<()> {
    execute(
        tx,
        imports::ADD_IMPORTED,
        &[
            (
                ":n",
                Value::Integer(outcome.inserted.min(i64::MAX as u64) as i64),
            ),
            (":id", import.id.as_str().into()),
            (":org", org.into()),
        ],
    )?;
    import_rows::note_batch(audit, outcome);
    Ok(())
}
