//! Where each table of the PostgreSQL schema lives when the database is distributed by
//! organisation with Citus: the one list that the deployment guide prints and that the schema
//! test holds the catalogue to (`tests/postgres_distribution.rs`).
//!
//! An organisation's records, and every row that hangs off them, are sharded by the owning
//! organisation, all in one co-location group, so that a record, its facets, its secrets and the
//! grants that share it sit on the same node and every join among them is local. What every
//! node needs to read whatever organisation it serves (organisations, members, keys, the
//! store's own bookkeeping) is replicated to every node. The audit trail is sharded by its
//! chain, which is an organisation's id (or `platform`), so an organisation's trail sits with
//! its records.

/// How one table is placed on a Citus cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Replicated to every node (`create_reference_table`).
    Reference,
    /// Sharded by `column` (`create_distributed_table`): in the organisations' group when
    /// `by_org`, otherwise in a group of its own.
    Distributed { column: &'static str, by_org: bool },
}

/// One table, where it goes, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TablePlacement {
    pub table: &'static str,
    pub placement: Placement,
    pub why: &'static str,
}

const fn reference(table: &'static str, why: &'static str) -> TablePlacement {
    TablePlacement {
        table,
        placement: Placement::Reference,
        why,
    }
}

const fn by_org(table: &'static str, column: &'static str, why: &'static str) -> TablePlacement {
    TablePlacement {
        table,
        placement: Placement::Distributed {
            column,
            by_org: true,
        },
        why,
    }
}

/// The first table of the organisations' co-location group: every other table sharded by
/// organisation is co-located with it.
pub const ORG_GROUP: &str = "imports";

/// Every table of the schema, in the order Citus must be told about them: reference tables
/// first (distributed tables hold foreign keys to them), then each distributed table after the
/// tables its foreign keys point to.
pub const TABLES: &[TablePlacement] = &[
    reference(
        "organisations",
        "every record's owner; joined by every read, whichever organisation owns the record",
    ),
    reference(
        "users",
        "sign-in finds a user by name before any organisation is known; names are unique \
         across the hub",
    ),
    reference(
        "tokens",
        "a bearer token is found by its id before any organisation is known",
    ),
    reference(
        "store_keys",
        "one row: the master key's fingerprint, checked by every node",
    ),
    reference(
        "wrapped_keys",
        "a reader opens records sealed under their owner's key, whichever node it is on",
    ),
    reference("store_tasks", "the store's own pending work, a few rows"),
    reference(
        "case_id_numbers",
        "one counter from which every node draws the numbers new cases' ids encrypt",
    ),
    reference(
        "store_changes",
        "one counter that statistics caches on every node read",
    ),
    reference(
        "jobs",
        "the queue every worker claims from, oldest first whatever the organisation, under a \
         row lock (`FOR UPDATE SKIP LOCKED`), which Citus takes only within one shard; few rows",
    ),
    reference(
        "schema_migrations",
        "every node checks the schema's version when it opens the store",
    ),
    by_org(ORG_GROUP, "org_id", "an organisation's import runs"),
    by_org("cases", "org_id", "the owner's case records"),
    by_org(
        "case_secrets",
        "org_id",
        "a case's sealed part, with its case",
    ),
    by_org("news_articles", "org_id", "the owner's articles"),
    by_org(
        "news_incidents",
        "org_id",
        "an article's incident, with its article",
    ),
    by_org(
        "news_incident_facets",
        "org_id",
        "an incident's searched values, with its incident",
    ),
    by_org("watchlists", "org_id", "the owner's watchlists"),
    by_org(
        "watchlist_entries",
        "org_id",
        "a list's people, with the list",
    ),
    by_org("linkage_runs", "org_id", "the organisation's linkage run"),
    by_org(
        "linkage_members",
        "record_org_id",
        "with the case it names, whose owner may have shared it with the run's organisation \
         (a column): every read of a run joins a member to its case on one node",
    ),
    by_org(
        "linkage_decisions",
        "org_id",
        "the reviewing organisation's decisions (about cases it sees, possibly others', whose \
         owners it carries: the cases are read from their owners after the decisions)",
    ),
    by_org("news_event_runs", "org_id", "the organisation's event run"),
    by_org(
        "news_event_members",
        "record_org_id",
        "with the article it names (the run's organisation is a column)",
    ),
    by_org(
        "news_event_decisions",
        "org_id",
        "the reviewing organisation's decisions",
    ),
    by_org(
        "consents",
        "org_id",
        "recorded by the case's owner, with the case; the grantee is a column",
    ),
    by_org(
        "grants",
        "org_id",
        "by the owner, who holds the data: the visibility rule joins a record with its owner's \
         grants on the owner's id, a local join; a grantee's reads are multi-shard reads \
         filtered by the grant",
    ),
    by_org(
        "referrals",
        "from_org_id",
        "by the referring owner, with the case, its consent and the grant it sends; the \
         receiver is a column",
    ),
    by_org(
        "privacy_releases",
        "org_id",
        "the releasing organisation's budget ledger",
    ),
    by_org("transactions", "org_id", "the owner's transactions"),
    by_org("alerts", "org_id", "the owner's alerts"),
    by_org(
        "alert_transactions",
        "org_id",
        "an alert's transactions, always its owner's, with the alert",
    ),
    by_org(
        "alert_reviews",
        "org_id",
        "an alert's review, made by its owner",
    ),
    by_org(
        "job_files",
        "org_id",
        "a job's sealed file, large, with its organisation; its job is on every node",
    ),
    by_org(
        "audit_events",
        "chain",
        "one hash chain per organisation, with the organisation's records; the platform's \
         chain is one more shard key",
    ),
    by_org(
        "audit_access",
        "chain",
        "reads of an owner's records by others, in the reader's chain with its event",
    ),
    by_org("audit_heads", "chain", "each chain's head, with its chain"),
    TablePlacement {
        table: "rate_counts",
        placement: Placement::Distributed {
            column: "user_id",
            by_org: false,
        },
        why: "requests per user and minute, only ever read by user; a group of its own",
    },
];

/// The placement of `table`, if the list names it.
pub fn placement(table: &str) -> Option<Placement> {
    TABLES
        .iter()
        .find(|t| t.table == table)
        .map(|t| t.placement)
}

/// The Citus commands that distribute a freshly migrated (or copied) store, in order.
pub fn citus_commands() -> Vec<String> {
    TABLES
        .iter()
        .map(|t| match t.placement {
            Placement::Reference => format!("SELECT create_reference_table('{}');", t.table),
            Placement::Distributed { column, by_org } => {
                // The group's first table starts a group of its own, not whichever group of
                // text-keyed tables Citus would pick by default.
                let group = if !by_org || t.table == ORG_GROUP {
                    "'none'".to_string()
                } else {
                    format!("'{ORG_GROUP}'")
                };
                format!(
                    "SELECT create_distributed_table('{}', '{column}', colocate_with => {group});",
                    t.table
                )
            }
        })
        .chain(
            FUNCTIONS
                .iter()
                .map(|f| format!("SELECT create_distributed_function('{f}');")),
        )
        .collect()
}

/// The store's own SQL functions, which queries pushed down to the shards call and so every
/// node must have: `instr`, with which the visibility rule finds a facet's value in a case's
/// facet values text (migration 0025).
const FUNCTIONS: &[&str] = &["instr(text, text)"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_named_once_and_the_group_starts_before_its_members() {
        let mut seen = std::collections::HashSet::new();
        for t in TABLES {
            assert!(seen.insert(t.table), "{} is listed twice", t.table);
        }
        let commands = citus_commands();
        let first = commands
            .iter()
            .position(|c| c.contains("'imports'"))
            .unwrap();
        assert!(commands[first].contains("colocate_with => 'none'"));
        assert!(commands[..first]
            .iter()
            .all(|c| c.contains("create_reference_table")));
    }
}
