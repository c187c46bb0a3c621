//! Who may see a stored row, and how much of it: the one rule every read of every kind of record
//! uses (cases, news, watchlists, linkage), so that a change to sharing is made in one place.
//!
//! The level at which the acting organisation sees a row is: its role's cap for its own records;
//! for another's, the highest level among the owner's active grants that cover the row and name
//! the acting organisation, its kind or every member — bounded by the role's cap for others'
//! records. Zero means not at all. The acting side is bound as named parameters: `:org`, `:kind`,
//! `:cap_own`, `:cap_other`, `:now`; a read that filters binds `:need` too
//! ([`crate::sql::params`] names them, [`Access`](crate::sql::access::Access) binds them).

pub(crate) use crate::api::access::RecordKind as Kind;

/// Whose access is asked about: the acting organisation (bound parameters), or an organisation
/// named by columns of the query (for rules about others, such as what a revocation withdraws).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reader<'a> {
    Acting,
    Columns { org: &'a str, kind: &'a str },
}

/// The SQL expression of the level (0–4) at which the reader sees the row of `alias`.
pub(crate) fn level(kind: Kind, alias: &str) -> String {
    level_for(kind, alias, Reader::Acting)
}

pub(crate) fn level_for(kind: Kind, alias: &str, reader: Reader<'_>) -> String {
    let granted = granted_level(kind, alias, reader);
    match reader {
        Reader::Acting => format!(
            "(CASE WHEN {alias}.org_id = :org THEN :cap_own ELSE \
              (SELECT CASE WHEN x.level > :cap_other THEN :cap_other ELSE x.level END \
               FROM (SELECT COALESCE({granted}, 0) AS level) x) END)"
        ),
        Reader::Columns { org, .. } => {
            format!("(CASE WHEN {alias}.org_id = {org} THEN 4 ELSE COALESCE({granted}, 0) END)")
        }
    }
}

/// The highest level the owner's active grants give the reader on the row (NULL: none).
fn granted_level(kind: Kind, alias: &str, reader: Reader<'_>) -> String {
    let (org, org_kind) = match reader {
        Reader::Acting => (":org", ":kind"),
        Reader::Columns { org, kind } => (org, kind),
    };
    let facet = match kind {
        Kind::Case => format!(" OR (g.target = 'facet' AND {})", has_facet(alias)),
        Kind::Article | Kind::Watchlist | Kind::Transaction | Kind::Alert => String::new(),
    };
    format!(
        "(SELECT MAX(g.level) FROM grants g \
          WHERE g.org_id = {alias}.org_id AND g.record_kind = '{kind}' \
            AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > :now) \
            AND (g.grantee_org_id = {org} OR g.grantee_kind = {org_kind} \
                 OR g.grantee_kind = 'any') \
            AND (g.target = 'all' OR (g.target = 'record' AND g.record_pk = {alias}.pk){facet}))",
        kind = kind.as_str()
    )
}

/// Whether the case of `alias` has the value `g.value` of the facet `g.facet`: the pair, with
/// the separators around it, occurs in the case's facet values text (`cases.facet_values`,
/// written by `facets::facet_values_text`), where the facet is named by its code
/// ([`crate::Facet::code`]; a grant keeps the facet's name, and one this build does not know
/// matches nothing). Neither a code nor a value holds a separator (values are wire names,
/// codes or numbers), so a pair is found only whole. The separators are written into the SQL
/// as they are (the dialects name the function making one differently); `instr` is SQLite's,
/// which PostgreSQL's migration 0025 defines as `strpos`.
fn has_facet(alias: &str) -> String {
    let (name_end, pair_end) = (crate::facets::NAME_END, crate::facets::PAIR_END);
    let code = facet_code_of("g.facet");
    format!(
        "instr('{pair_end}' || {alias}.facet_values || '{pair_end}', \
               '{pair_end}' || {code} || '{name_end}' || g.value || '{pair_end}') > 0"
    )
}

/// SQL for the code of the facet named in `column`, NULL for a name this build does not know.
fn facet_code_of(column: &str) -> String {
    let mut sql = format!("(CASE {column}");
    for facet in crate::Facet::ALL {
        sql.push_str(&format!(
            " WHEN '{}' THEN '{}'",
            facet.as_str(),
            facet.code()
        ));
    }
    sql.push_str(" END)");
    sql
}

/// A condition every row of another owner that the acting organisation sees meets: its owner
/// has an active grant of this kind naming the reader (what [`level`] takes the highest of).
/// Implied by [`visible`], so adding it changes no answer; it lets a read reach others' rows
/// through an index on the owner instead of reading every row.
pub(crate) fn owner_grants_to_reader(kind: Kind, alias: &str) -> String {
    format!(
        "{alias}.org_id IN (SELECT g.org_id FROM grants g \
          WHERE g.record_kind = '{kind}' AND g.revoked_at IS NULL \
            AND (g.expires_at IS NULL OR g.expires_at > :now) \
            AND (g.grantee_org_id = :org OR g.grantee_kind = :kind OR g.grantee_kind = 'any'))",
        kind = kind.as_str()
    )
}

/// The condition under which the acting organisation sees the row of `alias` at `:need` or more.
pub(crate) fn visible(kind: Kind, alias: &str) -> String {
    format!("({} >= :need)", level(kind, alias))
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
            visible(Kind::Case, "c")
        );
        let (numbered, names) = positional(&sql);
        assert!(numbered.starts_with("SELECT CASE WHEN c.org_id = $1 THEN c.source END"));
        assert!(!numbered.contains(':'), "{numbered}");
        assert_eq!(
            names,
            vec!["org", "id", "cap_own", "cap_other", "now", "kind", "need"]
        );
    }

    #[test]
    fn a_rule_about_another_reader_names_its_columns() {
        let sql = level_for(
            Kind::Article,
            "a",
            Reader::Columns {
                org: "m.org_id",
                kind: "o.kind",
            },
        );
        assert!(sql.contains("g.grantee_org_id = m.org_id"), "{sql}");
        assert!(!sql.contains(":org") && !sql.contains(":cap_own"), "{sql}");
    }
}
