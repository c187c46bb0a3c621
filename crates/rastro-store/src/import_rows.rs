//! The bookkeeping of an import, whatever database holds it and whatever it imports (cases or
//! transactions, kept apart by `kind`): an unfinished import of the same file is resumed rather
//! than started again, each batch adds what it stored to the import's count, and the trail says
//! which import it was. The SQL is `crate::sql::imports`; a backend only runs it.

use crate::api::access::RecordKind;
use crate::api::cases::{BatchOutcome, ImportHandle, ResumedImport};
use crate::api::trace::AuditDraft;

/// The handle of an import: the unfinished one found (its id and where it stopped), or a new one
/// under `new_id`.
pub(crate) fn handle(
    unfinished: Option<(String, ResumedImport)>,
    new_id: String,
    source_file: &str,
) -> ImportHandle {
    match unfinished {
        Some((id, resumed)) => ImportHandle {
            id,
            source_file: source_file.to_string(),
            resumed: Some(resumed),
        },
        None => ImportHandle {
            id: new_id,
            source_file: source_file.to_string(),
            resumed: None,
        },
    }
}

/// What beginning (or resuming) an import leaves in its trace.
pub(crate) fn note_begin(audit: &mut AuditDraft, handle: &ImportHandle) {
    audit.detail.push(("import", handle.id.clone()));
    audit
        .detail
        .push(("resumed", handle.resumed.is_some().to_string()));
}

/// Cases stored in one write transaction at most: a batch an import hands over is written in
/// parts of this size, each committed with its own trace and count, so that the write lock a
/// part holds is released between parts and a member's one-row write waits for one part at
/// most, not for the whole batch (2,000 rows held PostgreSQL's lock 0.3–0.6 s on a loaded hub).
/// A part stored before a failure stays stored: an import is resumable and keyed, so running it
/// again adds only what is missing.
pub(crate) const WRITE_PART: usize = 250;

/// [`WRITE_PART`] for the embedded store, where a part's write lock is held for a few
/// milliseconds (about 15 µs a case) and each commit has a fixed cost that parts of 250 made a
/// tenth of an import's storing: SQLite writes the log's last frames, rewrites the tables'
/// last leaves, and walks its whole page cache (48 MB during an import) once per commit. A part
/// of 1,000 cases holds the lock for about 20 ms.
pub(crate) const EMBEDDED_WRITE_PART: usize = 1_000;

/// What a stored batch leaves in its trace.
pub(crate) fn note_batch(audit: &mut AuditDraft, outcome: &BatchOutcome) {
    audit.count = Some(outcome.inserted);
    audit
        .detail
        .push(("duplicates", outcome.duplicates.to_string()));
}

/// The kind of record an import brought, from its stored name.
pub(crate) fn import_kind(stored: &str) -> RecordKind {
    if stored == "transaction" {
        RecordKind::Transaction
    } else {
        RecordKind::Case
    }
}
