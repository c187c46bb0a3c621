//! The SQL of grants, consents and referrals that both dialects share: the columns each is read
//! with and the lists a member asks for. Parameters are named (`:org`, `:now`…).

use crate::api::access::RecordKind;
use crate::api::referrals::Direction;

/// The table of each kind of record.
/// The column of `record_table(kind)` that finds a record from its public id: for a case, what
/// `ids::case_lookup` makes of the id (a case's id is not indexed itself); for other records,
/// the id.
pub(crate) fn lookup_column(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Case => "id_lookup",
        _ => "id",
    }
}

pub(crate) fn record_table(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Case => "cases",
        RecordKind::Article => "news_articles",
        RecordKind::Watchlist => "watchlists",
        RecordKind::Transaction => "transactions",
        RecordKind::Alert => "alerts",
    }
}

/// A grant's columns in the order `crate::grant_rows::GrantRow` holds them; binds `:now` (for
/// whether it is active).
const GRANT_COLUMNS: &str = "g.id, owner.name, g.record_kind, g.target,
     CASE g.record_kind
         WHEN 'case' THEN (SELECT x.id FROM cases x
                           WHERE x.org_id = g.org_id AND x.pk = g.record_pk)
         WHEN 'article' THEN (SELECT x.id FROM news_articles x
                              WHERE x.org_id = g.org_id AND x.pk = g.record_pk)
         WHEN 'transaction' THEN (SELECT x.id FROM transactions x
                                  WHERE x.org_id = g.org_id AND x.pk = g.record_pk)
         WHEN 'alert' THEN (SELECT x.id FROM alerts x
                            WHERE x.org_id = g.org_id AND x.pk = g.record_pk)
         ELSE (SELECT x.id FROM watchlists x WHERE x.org_id = g.org_id AND x.pk = g.record_pk)
     END,
     g.facet, g.value, grantee.name, g.grantee_kind, g.level, g.purpose, g.basis, g.consent_id,
     COALESCE((SELECT name FROM users WHERE id = g.granted_by), g.granted_by), g.granted_at,
     g.expires_at, g.revoked_at,
     g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > :now)";

const GRANT_TABLES: &str = "grants g JOIN organisations owner ON owner.id = g.org_id
     LEFT JOIN organisations grantee ON grantee.id = g.grantee_org_id";

/// The grant `:id`; binds `:id` and `:now`.
pub(crate) fn grant_by_id() -> String {
    format!("SELECT {GRANT_COLUMNS} FROM {GRANT_TABLES} WHERE g.id = :id")
}

/// The grants `:org` gave (binds `:org`, `:now`), or the active ones it received, by name, by
/// its kind `:kind` or as a member (binds `:kind` too); newest first.
pub(crate) fn grants(given: bool) -> String {
    let condition = if given {
        "g.org_id = :org"
    } else {
        "g.org_id <> :org AND g.revoked_at IS NULL
         AND (g.expires_at IS NULL OR g.expires_at > :now)
         AND (g.grantee_org_id = :org OR g.grantee_kind = :kind OR g.grantee_kind = 'any')"
    };
    format!(
        "SELECT {GRANT_COLUMNS} FROM {GRANT_TABLES} WHERE {condition}
         ORDER BY g.granted_at DESC, g.id"
    )
}

/// A consent's columns in the order `crate::consent_rows::ConsentRow` holds them.
const CONSENT_COLUMNS: &str = "k.id, c.id, o.name, k.grantee_kind, k.purpose, k.evidence,
     k.given_at, k.withdrawn_at, k.source";

const CONSENT_TABLES: &str = "consents k JOIN cases c ON c.org_id = k.org_id AND c.pk = k.case_pk
     LEFT JOIN organisations o ON o.id = k.grantee_org_id";

/// The consent `:id`.
pub(crate) fn consent_by_id() -> String {
    format!("SELECT {CONSENT_COLUMNS} FROM {CONSENT_TABLES} WHERE k.id = :id")
}

/// The consents `:org` recorded, about the case `:case` (its `ids::case_lookup`) or (NULL) every
/// case, oldest first.
/// The cast lets a server that types parameters know what a NULL `:case` is.
pub(crate) fn consents() -> String {
    format!(
        "SELECT {CONSENT_COLUMNS} FROM {CONSENT_TABLES}
         WHERE k.org_id = :org AND (CAST(:case AS TEXT) IS NULL OR c.id_lookup = :case)
         ORDER BY k.given_at, k.id"
    )
}

/// A referral's columns in the order `crate::referral_rules::ReferralRow` holds them; binds
/// `:org` (only the receiver sees the case it opened from the referral).
const REFERRAL_COLUMNS: &str = "r.id, c.id, f.name, t.name, r.purpose, r.status, r.consent_id,
     r.override_reason, r.created_at, r.sent_at, r.expires_at, r.decided_at, r.decision_reason,
     r.closed_at, r.outcome, CASE WHEN r.to_org_id = :org THEN r.receiver_case_id END";

const REFERRAL_TABLES: &str = "referrals r
     JOIN cases c ON c.org_id = r.from_org_id AND c.pk = r.case_pk
     JOIN organisations f ON f.id = r.from_org_id JOIN organisations t ON t.id = r.to_org_id";

/// The referral `:id` as `:org` sees it.
pub(crate) fn referral_by_id() -> String {
    format!("SELECT {REFERRAL_COLUMNS} FROM {REFERRAL_TABLES} WHERE r.id = :id")
}

/// The referrals `:org` sent (drafts too) or received, newest first.
pub(crate) fn referrals(direction: Direction) -> String {
    let condition = match direction {
        Direction::Incoming => "r.to_org_id = :org AND r.status <> 'draft'",
        Direction::Outgoing => "r.from_org_id = :org",
    };
    format!(
        "SELECT {REFERRAL_COLUMNS} FROM {REFERRAL_TABLES} WHERE {condition}
         ORDER BY r.created_at DESC, r.id"
    )
}
