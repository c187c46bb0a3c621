//! Who may see a stored row: its owning organisation, and everyone when it is shared. The one
//! definition every read of every kind of record uses (cases, news, watchlists, linkage), so that
//! a change to the sharing rules (grants by level, partner lists) is made in one place.
//!
//! The acting organisation is always the named parameter `:org`.

/// The condition under which the acting organisation may see the row of table alias `alias`.
pub(crate) fn visible(alias: &str) -> String {
    format!("({alias}.org_id = :org OR {alias}.sharing = 'shared')")
}

/// `column` of the row of `alias` for its owner, NULL for everyone else: for what describes the
/// owner's own systems (a file path on its machine) rather than the record.
pub(crate) fn owner_only(alias: &str, column: &str) -> String {
    format!("CASE WHEN {alias}.org_id = :org THEN {column} END")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::params::positional;

    #[test]
    fn one_rule_renders_for_named_and_numbered_parameters() {
        let sql = format!(
            "SELECT {} FROM cases c WHERE c.id = :id AND {}",
            owner_only("c", "c.source"),
            visible("c")
        );
        let (numbered, names) = positional(&sql);
        assert_eq!(
            numbered,
            "SELECT CASE WHEN c.org_id = $1 THEN c.source END FROM cases c \
             WHERE c.id = $2 AND (c.org_id = $1 OR c.sharing = 'shared')"
        );
        assert_eq!(names, vec!["org", "id"]);
    }
}
