//! The SQL of case reads, which every backend shares. A backend names how the `cases` table is
//! walked (`scan`: `cases c`, or a dialect's hint for a walk in storage order), since reads of
//! many cases in key order are planned differently by each database.

use crate::api::access::RecordKind;
use crate::api::cases::Window;
use crate::sql::visibility::{level, owner_grants_to_reader, visible};

/// The columns of a case read (`crate::case_rows::CaseRow` and the callbacks of its
/// `into_raw`), with the level at which the reader sees the row: id, owner's name, whether the
/// reader owns it, level, descriptive part, import id, source file, source row, imported at,
/// owner id, sealed part, key version, pseudonyms.
fn case_columns() -> String {
    format!(
        "c.id, o.name, c.org_id = :org, {}, c.record, c.import_id, im.source_file, c.source_row,
         im.started_at, c.org_id, s.personal, c.key_version, s.pseudonyms",
        level(RecordKind::Case, "c")
    )
}

/// The tables [`case_columns`] reads from, the cases walked as `scan`.
fn case_tables(scan: &str) -> String {
    format!(
        "{scan} JOIN organisations o ON o.id = c.org_id
         JOIN imports im ON im.org_id = c.org_id AND im.id = c.import_id
         LEFT JOIN case_secrets s ON s.org_id = c.org_id AND s.case_pk = c.pk"
    )
}

fn own_only(own: bool) -> &'static str {
    if own {
        "c.org_id = :org AND "
    } else {
        ""
    }
}

/// The case found by `:lookup` (see `ids::case_lookup`) when the reader sees it at `:need` or
/// more.
pub(crate) fn one_case() -> String {
    format!(
        "SELECT {} FROM {} WHERE c.id_lookup = :lookup AND {}",
        case_columns(),
        case_tables("cases c"),
        visible(RecordKind::Case, "c")
    )
}

/// Every case (the reader's own only when `own`) it sees at `:need`, in storage order.
pub(crate) fn many_cases(scan: &str, own: bool) -> String {
    format!(
        "SELECT {} FROM {} WHERE {}{} ORDER BY c.pk",
        case_columns(),
        case_tables(scan),
        own_only(own),
        visible(RecordKind::Case, "c")
    )
}

/// [`many_cases`], or one window of it (`:limit` cases after the first `:offset`).
pub(crate) fn cases_in(scan: &str, own: bool, windowed: bool) -> String {
    let all = many_cases(scan, own);
    if windowed {
        format!("{all} LIMIT :limit OFFSET :offset")
    } else {
        all
    }
}

/// A window's parameters, in whole numbers as both dialects bind them.
pub(crate) fn window_values(window: &Window) -> [(&'static str, i64); 2] {
    let whole = |n: u64| n.min(i64::MAX as u64) as i64;
    [
        (":limit", whole(window.limit)),
        (":offset", whole(window.offset)),
    ]
}

/// The cases of [`many_cases`] as their cells are exported: id, owner's name, owner id,
/// descriptive part, sealed part, key version.
pub(crate) fn exported_cases(scan: &str, own: bool) -> String {
    format!(
        "SELECT c.id, o.name, c.org_id, c.record, s.personal, c.key_version
         FROM {scan} JOIN organisations o ON o.id = c.org_id
         LEFT JOIN case_secrets s ON s.org_id = c.org_id AND s.case_pk = c.pk
         WHERE {}{} ORDER BY c.pk",
        own_only(own),
        visible(RecordKind::Case, "c")
    )
}

/// How many cases the reader sees at `:need`; with `window`, only those whose keys are above
/// `:above` and up to `:upto`. `by_owner` counts the reader's own cases apart, from the
/// (organisation, key) index alone, and others' only among owners with a grant naming the
/// reader ([`owner_grants_to_reader`], implied by the visibility rule): the one statement reads
/// every stored case whole, which for a count of everything (a node's first listing) was most
/// of a second at 150,000 cases. A backend whose planner would then walk that index for a few
/// keys asks for it only when counting from the start.
pub(crate) fn count_visible(window: bool, by_owner: bool) -> String {
    let range = if window {
        " AND c.pk > :above AND c.pk <= :upto"
    } else {
        ""
    };
    if !by_owner {
        return format!(
            "SELECT COUNT(*) FROM cases c WHERE {}{range}",
            visible(RecordKind::Case, "c")
        );
    }
    format!(
        "SELECT (SELECT COUNT(*) FROM cases c
                 WHERE c.org_id = :org AND CAST(:cap_own AS BIGINT) >= CAST(:need AS BIGINT){range})
              + (SELECT COUNT(*) FROM cases c
                 WHERE c.org_id <> :org AND {} AND {}{range})",
        owner_grants_to_reader(RecordKind::Case, "c"),
        visible(RecordKind::Case, "c")
    )
}

/// The organisation's cases with the blind index `:index`, oldest first.
pub(crate) const BY_ID_INDEX: &str =
    "SELECT id FROM cases WHERE org_id = :org AND id_index = :index ORDER BY pk";

/// The organisation's cases with their pseudonyms, oldest first: names are matched on their
/// pseudonyms, a scan of the organisation's cases.
pub(crate) const OWN_PSEUDONYMS: &str = "SELECT c.id, s.pseudonyms FROM cases c
     JOIN case_secrets s ON s.org_id = c.org_id AND s.case_pk = c.pk
     WHERE c.org_id = :org ORDER BY c.pk";

/// The facet values text (`cases.facet_values`) of every case the reader sees at `:need`, for
/// counts and cross-tabulations by facet, which `case_rows::FacetTally` makes of them: the
/// values are kept only in that text since migration 0025.
pub(crate) fn facet_texts(scan: &str) -> String {
    format!(
        "SELECT c.facet_values FROM {scan} WHERE {}",
        visible(RecordKind::Case, "c")
    )
}
