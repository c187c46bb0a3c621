//! Who may see a stored row: its owning organisation, and everyone when it is shared. The one
//! definition every read of every kind of record uses, so that a change to the sharing rules
//! (per-record sharing levels, partner lists) is made in one place.

/// The SQL condition under which the acting organisation (bound as `:org`) may see the row of
/// table alias `alias`.
pub(crate) fn visible(alias: &str) -> String {
    format!("({alias}.org_id = :org OR {alias}.sharing = 'shared')")
}
