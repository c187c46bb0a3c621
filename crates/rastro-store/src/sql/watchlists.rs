//! The SQL of stored watchlists (migration 0003, shared by grants since): a list with its
//! counts as the acting organisation sees it, its entries in file order, and the statements
//! that replace and remove a list. Every statement binds named parameters.

use crate::api::access::RecordKind;
use crate::sql::visibility::{owner_only, visible};

/// A list's columns as the acting organisation (`:org`, at `:now`) reads them: id, name, owner's
/// name, whether its own, source file (its own only), format, imported at, rows, entries,
/// rejected, and whether an active grant shares it.
fn list_columns() -> String {
    format!(
        "w.id, w.name, o.name, w.org_id = :org, {}, w.format, w.imported_at, w.rows, w.entries, \
         w.rejected, EXISTS (SELECT 1 FROM grants g WHERE g.org_id = w.org_id \
             AND g.record_kind = 'watchlist' AND g.revoked_at IS NULL \
             AND (g.expires_at IS NULL OR g.expires_at > :now) \
             AND (g.target = 'all' OR (g.target = 'record' AND g.record_pk = w.pk)))",
        owner_only("w", "w.source_file")
    )
}

const LIST_TABLES: &str = "watchlists w JOIN organisations o ON o.id = w.org_id";

/// The acting organisation's own list called `:name` (binds `:org`, `:name`, `:now`).
pub(crate) fn own_list() -> String {
    format!(
        "SELECT {} FROM {LIST_TABLES} WHERE w.org_id = :org AND w.name = :name",
        list_columns()
    )
}

/// Every list the acting organisation sees, by name, its own before others', then by owner.
pub(crate) fn visible_lists() -> String {
    format!(
        "SELECT {} FROM {LIST_TABLES} WHERE {} ORDER BY w.name, w.org_id <> :org, o.name",
        list_columns(),
        visible(RecordKind::Watchlist, "w")
    )
}

/// The list `:name` of the organisation named `:owner`, when visible at `:need`.
pub(crate) fn list_of_owner() -> String {
    format!(
        "SELECT {} FROM {LIST_TABLES} WHERE o.name = :owner AND w.name = :name AND {}",
        list_columns(),
        visible(RecordKind::Watchlist, "w")
    )
}

/// The entries of the visible list `:list`, in file order: id, then [`ENTRY_VALUES`]' columns
/// from `source_id` on.
pub(crate) fn entries() -> String {
    format!(
        "SELECT e.id, e.source_id, e.source_row, e.names, e.birth_dates, e.gender,
                e.nationalities, e.documents, e.topics
         FROM watchlist_entries e JOIN watchlists w ON w.org_id = e.org_id AND w.pk = e.list_pk
         WHERE w.id = :list AND {}
         ORDER BY e.pk",
        visible(RecordKind::Watchlist, "w")
    )
}

/// The key of the organisation's list `:name`, and the list itself, by owner and name.
pub(crate) const OWN_LIST_PK: &str =
    "SELECT pk FROM watchlists WHERE org_id = :org AND name = :name";
pub(crate) const OWN_LIST_ID: &str =
    "SELECT id FROM watchlists WHERE org_id = :org AND name = :name";

/// Removes the list; its entries go with it (ON DELETE CASCADE).
pub(crate) const DELETE_OWN_LIST: &str =
    "DELETE FROM watchlists WHERE org_id = :org AND name = :name";

/// A new list, counted once its source has been read ([`SET_COUNTS`]).
pub(crate) const INSERT_LIST: &str =
    "INSERT INTO watchlists (id, org_id, name, source_file, format, imported_at, rows,
         entries, rejected)
     VALUES (:id, :org, :name, :source_file, :format, :imported_at, 0, 0, 0)
     RETURNING pk";

/// The columns of `watchlist_entries` an entry is inserted with, in this order.
pub(crate) const ENTRY_VALUES: &str =
    "id, org_id, list_pk, source_id, source_row, names, birth_dates, gender, nationalities,
     documents, topics";

pub(crate) const SET_COUNTS: &str =
    "UPDATE watchlists SET rows = :rows, entries = :entries, rejected = :rejected WHERE pk = :pk";

/// A list re-imported under its name stays shared as it was: the grants on the list it
/// replaced (`:old`) follow it to `:new`.
pub(crate) const MOVE_GRANTS: &str = "UPDATE grants SET record_pk = :new
     WHERE record_kind = 'watchlist' AND target = 'record' AND record_pk = :old AND org_id = :org";

/// Grants on a list go with it, so that a later list inherits none (binds `:list`, `:now`,
/// `:user`).
pub(crate) const REVOKE_GRANTS: &str = "UPDATE grants SET revoked_at = :now, revoked_by = :user
     WHERE record_kind = 'watchlist' AND target = 'record' AND revoked_at IS NULL
     AND record_pk = (SELECT pk FROM watchlists WHERE id = :list)";
