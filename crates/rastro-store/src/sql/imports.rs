//! The SQL of imports (of cases and of transactions alike), which every backend shares. Binds
//! `:org` (the importing organisation) and the names each statement lists.

/// The columns an import is read with, in the order `ImportInfo` is assembled.
pub(crate) const IMPORT_COLUMNS: &str = "id, source_file, format, started_at, finished_at, \
     status, imported, duplicates, rejected, error, kind";

/// The organisation's latest unfinished import of `:file` bringing records of `:kind`: id,
/// started_at, imported, error.
pub(crate) const UNFINISHED: &str = "SELECT id, started_at, imported, error FROM imports
     WHERE org_id = :org AND source_file = :file AND status <> 'finished' AND kind = :kind
     ORDER BY started_at DESC LIMIT 1";

/// Runs the unfinished import `:id` again.
pub(crate) const RESUME: &str =
    "UPDATE imports SET status = 'running', error = NULL WHERE id = :id";

/// A new running import `:id` of `:file` in `:format`, begun `:at`, bringing records of `:kind`.
pub(crate) const INSERT: &str =
    "INSERT INTO imports (id, org_id, source_file, format, started_at, status, kind)
     VALUES (:id, :org, :file, :format, :at, 'running', :kind)";

/// Adds `:n` records to what import `:id` stored: the count moves with each batch, so an
/// interrupted import knows what it stored.
pub(crate) const ADD_IMPORTED: &str =
    "UPDATE imports SET imported = imported + :n WHERE id = :id AND org_id = :org";

/// Marks import `:id` finished at `:at` after `:valid` valid and `:rejected` rejected rows; the
/// valid rows it did not store were records the organisation had already.
pub(crate) const FINISH: &str = "UPDATE imports SET finished_at = :at, status = 'finished',
         error = NULL,
         duplicates = CASE WHEN :valid > imported THEN :valid - imported ELSE 0 END,
         rejected = :rejected
     WHERE id = :id AND org_id = :org";

/// Marks the running import `:id` interrupted by `:error`.
pub(crate) const INTERRUPT: &str = "UPDATE imports SET status = 'interrupted', error = :error
     WHERE id = :id AND org_id = :org AND status = 'running'";

/// The organisation's import `:id`.
pub(crate) fn by_id() -> String {
    format!("SELECT {IMPORT_COLUMNS} FROM imports WHERE id = :id AND org_id = :org")
}

/// The organisation's imports, latest first.
pub(crate) fn of_org() -> String {
    format!("SELECT {IMPORT_COLUMNS} FROM imports WHERE org_id = :org ORDER BY started_at DESC, id")
}
