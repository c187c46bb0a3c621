//! The SQL of an import's bookkeeping (`crate::import_rows`), for cases and transactions alike:
//! `:kind` keeps an unfinished import of one kind from being resumed by the other.

/// The organisation's latest unfinished import of `:file` of `:kind`: id, started_at,
/// imported, error.
pub(crate) const UNFINISHED: &str = "SELECT id, started_at, imported, error FROM imports
     WHERE org_id = :org AND source_file = :file AND status <> 'finished' AND kind = :kind
     ORDER BY started_at DESC LIMIT 1";

pub(crate) const RESUME: &str =
    "UPDATE imports SET status = 'running', error = NULL WHERE id = :id";

pub(crate) const START: &str =
    "INSERT INTO imports (id, org_id, source_file, format, started_at, status, kind)
     VALUES (:id, :org, :file, :format, :started_at, 'running', :kind)";

/// The count moves with each batch, so an interrupted import knows what it stored.
pub(crate) const COUNT_BATCH: &str =
    "UPDATE imports SET imported = imported + :inserted WHERE id = :id AND org_id = :org";
