//! The SQL of transactions and alerts (`crate::transaction_rows` turns their rows into the
//! api's types). Another organisation's rows are read through the one visibility rule, at the
//! full level only, after a narrowing to the organisations that granted the reader anything of
//! the kind.

use crate::api::access::RecordKind;
use crate::api::transactions::{AlertQuery, Identifier, MAX_QUERY_TYPOLOGIES};
use crate::sql::visibility::visible;

/// Ids per `IN (…)` list: well under SQLite's limit on parameters.
pub(crate) const IDS_PER_QUERY: usize = 500;

/// The columns a transaction is read with, after its alias `t`.
pub(crate) const TRANSACTION_COLUMNS: &str =
    "t.id, t.org_id, t.at, t.utc_offset, t.key_version, t.sealed, t.import_id, t.source_row";

/// The organisations whose transactions (or alerts) the acting one may have been granted: a
/// narrowing that lets a scan skip every other organisation's rows before the rule is asked.
fn granting(kind: RecordKind) -> String {
    format!(
        "(SELECT g.org_id FROM grants g WHERE g.record_kind = '{}' AND g.revoked_at IS NULL \
           AND (g.expires_at IS NULL OR g.expires_at > :now) \
           AND (g.grantee_org_id = :org OR g.grantee_kind = :kind OR g.grantee_kind = 'any'))",
        kind.as_str()
    )
}

/// The condition that the row of `alias` is the acting organisation's own, or another's it sees
/// in full.
fn own_or_granted(kind: RecordKind, alias: &str) -> String {
    format!(
        "({alias}.org_id = :org OR ({alias}.org_id IN {} AND {}))",
        granting(kind),
        visible(kind, alias)
    )
}

/// The organisations that may have granted the acting one transactions (`:now`, `:org`,
/// `:kind`).
pub(crate) fn granting_transactions() -> String {
    format!(
        "SELECT DISTINCT x.org_id FROM {} x",
        granting(RecordKind::Transaction)
    )
}

/// The organisation's own transactions at or after `:since`, by time: the red flags' hot path,
/// the organisation's rows by the time index with nothing of the rule to evaluate.
pub(crate) fn own_transactions() -> String {
    format!(
        "SELECT {TRANSACTION_COLUMNS} FROM transactions t
         WHERE t.org_id = :org AND t.at >= :since AND t.pk > :after ORDER BY t.at, t.pk"
    )
}

/// Its own and those granted to it in full, at or after `:since`, by time.
pub(crate) fn visible_transactions() -> String {
    format!(
        "SELECT {TRANSACTION_COLUMNS} FROM transactions t
         WHERE t.at >= :since AND t.pk > :after AND {} ORDER BY t.at, t.pk",
        own_or_granted(RecordKind::Transaction, "t")
    )
}

/// The visible transactions among the ids bound as `names`, with their internal key last.
pub(crate) fn transactions_by_id(names: &[String]) -> String {
    format!(
        "SELECT {TRANSACTION_COLUMNS}, t.pk FROM transactions t WHERE t.id IN ({}) AND {}",
        names.join(", "),
        own_or_granted(RecordKind::Transaction, "t")
    )
}

/// The visible transactions of `:owner` whose `identifier` has the blind index `:wanted`:
/// org_id, id, at, pk. `None` for what transactions are not indexed by.
pub(crate) fn found_by_index(identifier: Identifier) -> Option<String> {
    let condition = match identifier {
        Identifier::Account => "(t.debtor_index = :wanted OR t.creditor_index = :wanted)",
        Identifier::Contact => "t.contact_index = :wanted",
        Identifier::Party => return None,
    };
    Some(format!(
        "SELECT t.org_id, t.id, t.at, t.pk FROM transactions t
         WHERE t.org_id = :owner AND {condition} AND {}",
        own_or_granted(RecordKind::Transaction, "t")
    ))
}

/// The columns a transaction is stored with, in the order [`insert_transaction`] binds them.
pub(crate) const STORED_TRANSACTION_COLUMNS: &str = "id, org_id, import_id, source_row, at, \
     utc_offset, key_version, sealed, debtor_index, creditor_index, contact_index";

/// A transaction, kept once: a conflict on its keyed id is a duplicate.
pub(crate) fn insert_transaction() -> String {
    format!(
        "INSERT INTO transactions ({STORED_TRANSACTION_COLUMNS})
         VALUES (:id, :org, :import, :source_row, :at, :utc_offset, :key_version, :sealed,
             :debtor_index, :creditor_index, :contact_index)
         ON CONFLICT (org_id, id) DO NOTHING"
    )
}

/// Transactions are only added by imports, which count what they add in the same write:
/// summing a few import rows is exact, and cheaper than counting millions.
pub(crate) const COUNT_TRANSACTIONS: &str =
    "SELECT CAST(COALESCE(SUM(imported), 0) AS BIGINT) FROM imports
     WHERE org_id = :org AND kind = 'transaction'";

pub(crate) const COUNT_ALERTS: &str = "SELECT COUNT(*) FROM alerts WHERE org_id = :org";

/// Both tables only grow, so their highest keys move with every addition; reading them costs a
/// step down each table's index.
pub(crate) const STAMP: &str = "SELECT (SELECT COALESCE(MAX(pk), 0) FROM transactions),
        (SELECT COALESCE(MAX(pk), 0) FROM alerts)";

/// An alert, kept once per record key; its internal key, or no row when it was kept before.
pub(crate) const INSERT_ALERT: &str =
    "INSERT INTO alerts (id, org_id, alert_key, catalogue_version, typology, subject_kind,
         subject_index, score, band, raised_at, created_at, key_version, sealed)
     VALUES (:id, :org, :alert_key, :catalogue_version, :typology, :subject_kind,
         :subject_index, :score, :band, :raised_at, :created_at, :key_version, :sealed)
     ON CONFLICT (org_id, alert_key) DO NOTHING
     RETURNING pk";

/// The id of the alert kept before under the same record key.
pub(crate) const KEPT_ALERT: &str =
    "SELECT id FROM alerts WHERE org_id = :org AND alert_key = :alert_key";

/// Links the alert `:alert` to the transaction `:id` when it is the organisation's own; no row
/// otherwise.
pub(crate) const LINK_TRANSACTION: &str =
    "INSERT INTO alert_transactions (org_id, alert_pk, transaction_pk)
     SELECT org_id, CAST(:alert AS BIGINT), pk FROM transactions WHERE id = :id AND org_id = :org";

/// The clear columns of an alert, after its alias `a` and its owner's `o`.
const ALERT_COLUMNS: &str = "a.pk, a.id, a.org_id, o.name, a.catalogue_version, a.typology,
     a.subject_kind, a.score, a.band, a.raised_at, a.created_at, a.status";

/// Visible alerts raised at or after `:since`, by time raised: [`ALERT_COLUMNS`], key version,
/// sealed part.
pub(crate) fn alerts_since() -> String {
    format!(
        "SELECT {ALERT_COLUMNS}, a.key_version, a.sealed
         FROM alerts a JOIN organisations o ON o.id = a.org_id
         WHERE a.raised_at >= :since AND {} ORDER BY a.raised_at, a.pk",
        own_or_granted(RecordKind::Alert, "a")
    )
}

/// The visible alert `:id`, as [`alerts_since`] reads one.
pub(crate) fn alert_by_id() -> String {
    format!(
        "SELECT {ALERT_COLUMNS}, a.key_version, a.sealed
         FROM alerts a JOIN organisations o ON o.id = a.org_id
         WHERE a.id = :id AND {}",
        own_or_granted(RecordKind::Alert, "a")
    )
}

/// The ids of the transactions the alert `:alert` lists, oldest first.
pub(crate) const ALERT_TRANSACTION_IDS: &str = "SELECT t.id FROM alert_transactions x
     JOIN transactions t ON t.org_id = x.org_id AND t.pk = x.transaction_pk
     WHERE x.alert_pk = :alert ORDER BY t.at, t.pk";

/// The moves of the review of `:alert`, oldest first: id, from, to, by (a user's name while it
/// exists), at, key version, sealed note.
pub(crate) const ALERT_REVIEWS: &str = "SELECT r.id, r.from_status, r.to_status,
         COALESCE((SELECT name FROM users WHERE id = r.by_user), r.by_user), r.at,
         r.key_version, r.sealed
     FROM alert_reviews r WHERE r.alert_pk = :alert ORDER BY r.pk";

/// The three reads of an alert page: how many match, the page (clear columns and how many
/// transactions each lists), every visible alert's typology with its count.
pub(crate) struct PageSql {
    pub total: String,
    pub page: String,
    pub typologies: String,
}

/// The reads of a page whose query's conditions are `conditions` ([`alert_conditions`]).
pub(crate) fn alert_page(conditions: &str) -> PageSql {
    let visible_alerts = own_or_granted(RecordKind::Alert, "a");
    PageSql {
        total: format!("SELECT COUNT(*) FROM alerts a WHERE {visible_alerts}{conditions}"),
        page: format!(
            "SELECT {ALERT_COLUMNS},
                 (SELECT COUNT(*) FROM alert_transactions x
                  WHERE x.org_id = a.org_id AND x.alert_pk = a.pk)
             FROM alerts a JOIN organisations o ON o.id = a.org_id
             WHERE {visible_alerts}{conditions}
             ORDER BY a.raised_at DESC, a.pk DESC LIMIT :limit OFFSET :offset"
        ),
        typologies: format!(
            "SELECT a.typology, COUNT(*) FROM alerts a WHERE {visible_alerts}
             GROUP BY a.typology ORDER BY a.typology"
        ),
    }
}

/// The `WHERE` conditions and parameters of an alert query, after the visibility rule, in a
/// driver's value type.
pub(crate) fn alert_conditions<V: From<String> + From<i64>>(
    query: &AlertQuery,
) -> (String, Vec<(&'static str, V)>) {
    let mut sql = String::new();
    let mut bound: Vec<(&'static str, V)> = Vec::new();
    // Statuses, bands and typologies come from closed sets or are bound: nothing typed is
    // pasted into the text.
    let mut any_of = |column: &str, names: &[&'static str], values: Vec<String>| {
        if values.is_empty() {
            return;
        }
        let marks: Vec<&str> = names.iter().take(values.len()).copied().collect();
        sql.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
        for (name, value) in names.iter().zip(values) {
            bound.push((name, V::from(value)));
        }
    };
    const STATUS: [&str; 4] = [":s0", ":s1", ":s2", ":s3"];
    const BAND: [&str; 3] = [":b0", ":b1", ":b2"];
    let mut statuses: Vec<&str> = query.statuses.iter().map(|s| s.as_str()).collect();
    statuses.sort_unstable();
    statuses.dedup();
    any_of(
        "a.status",
        &STATUS,
        statuses.into_iter().map(str::to_string).collect(),
    );
    let mut bands: Vec<&str> = query.bands.iter().map(|b| b.as_str()).collect();
    bands.sort_unstable();
    bands.dedup();
    any_of(
        "a.band",
        &BAND,
        bands.into_iter().map(str::to_string).collect(),
    );
    // As many as a query may name (checked by the scope).
    const TYPOLOGY: [&str; MAX_QUERY_TYPOLOGIES] = [
        ":t0", ":t1", ":t2", ":t3", ":t4", ":t5", ":t6", ":t7", ":t8", ":t9", ":t10", ":t11",
        ":t12", ":t13", ":t14", ":t15",
    ];
    let mut typologies: Vec<String> = query
        .typologies
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    typologies.sort();
    typologies.dedup();
    typologies.truncate(TYPOLOGY.len());
    any_of("a.typology", &TYPOLOGY, typologies);
    let mut bound_time = |condition: &str, name: &'static str, value: Option<i64>| {
        if let Some(value) = value {
            sql.push_str(condition);
            bound.push((name, V::from(value)));
        }
    };
    bound_time(" AND a.raised_at >= :since", ":since", query.since);
    bound_time(" AND a.raised_at <= :until", ":until", query.until);
    if query.own_only {
        sql.push_str(" AND a.org_id = :org");
    }
    (sql, bound)
}

/// A page's `:limit` and `:offset`, in a driver's value type.
pub(crate) fn page_bounds<V: From<i64>>(query: &AlertQuery) -> [(&'static str, V); 2] {
    [
        (":limit", V::from(query.limit.min(i64::MAX as u64) as i64)),
        (":offset", V::from(query.offset.min(i64::MAX as u64) as i64)),
    ]
}

/// The visible alert `:id`: its internal key and owner.
pub(crate) fn visible_alert() -> String {
    format!(
        "SELECT a.pk, a.org_id FROM alerts a WHERE a.id = :id AND {}",
        own_or_granted(RecordKind::Alert, "a")
    )
}

/// The visible alert `:id` about to be reviewed: its internal key, owner and status.
pub(crate) fn alert_to_review() -> String {
    format!(
        "SELECT a.pk, a.org_id, a.status FROM alerts a WHERE a.id = :id AND {}",
        own_or_granted(RecordKind::Alert, "a")
    )
}

/// What an alert lists is its owner's, frozen with it: it is read as the alert is, not through
/// grants of transactions. The transactions of `:alert` that are `:owner`'s, oldest first.
pub(crate) fn listed_transactions() -> String {
    format!(
        "SELECT {TRANSACTION_COLUMNS} FROM alert_transactions x
         JOIN transactions t ON t.org_id = x.org_id AND t.pk = x.transaction_pk
         WHERE x.org_id = :owner AND x.alert_pk = :alert ORDER BY t.at, t.pk"
    )
}

pub(crate) const INSERT_REVIEW: &str =
    "INSERT INTO alert_reviews (id, org_id, alert_pk, from_status, to_status, by_user, at,
         key_version, sealed)
     VALUES (:id, :org, :alert, :from_status, :to_status, :by_user, :at, :key_version, :sealed)";

/// The move is made only from the status just read.
pub(crate) const MOVE_ALERT: &str =
    "UPDATE alerts SET status = :to_status WHERE pk = :alert AND status = :from_status";
