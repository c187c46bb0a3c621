//! Schema migrations of the PostgreSQL backend, compiled in and applied by [`migrate`] (never by
//! opening), each recorded with its checksum and compared at every open as in SQLite. The first
//! one is SQLite's 1–17 consolidated; later ones are numbered in step with SQLite's. Migrating
//! holds a transaction-level advisory lock, so nodes starting at once apply each migration once,
//! and PostgreSQL's transactional DDL leaves a failed migration with nothing half-applied.

use postgres::GenericClient;

use super::pool::Connections;
use crate::schema::{checksum, Applied, Migrations};
use crate::time::now_rfc3339;
use crate::{Migration, Result};

const MIGRATIONS: Migrations = &[
    (
        1,
        "schema (SQLite's 1-17)",
        include_str!("../../migrations/postgres/0001_schema.sql"),
    ),
    (
        18,
        "stateless nodes",
        include_str!("../../migrations/postgres/0018_stateless_nodes.sql"),
    ),
    (
        19,
        "keyed by organisation",
        include_str!("../../migrations/postgres/0019_keyed_by_organisation.sql"),
    ),
    (
        20,
        "job kinds",
        include_str!("../../migrations/postgres/0020_job_kinds.sql"),
    ),
    (
        21,
        "child rows checked once",
        include_str!("../../migrations/postgres/0021_child_rows_checked_once.sql"),
    ),
    (
        22,
        "runs placed with their records",
        include_str!("../../migrations/postgres/0022_runs_placed_with_records.sql"),
    ),
    (
        23,
        "facets unchecked",
        include_str!("../../migrations/postgres/0023_facets_unchecked.sql"),
    ),
    (
        24,
        "case facet values",
        include_str!("../../migrations/postgres/0024_case_facet_values.sql"),
    ),
    (
        25,
        "facets only in text",
        include_str!("../../migrations/postgres/0025_facets_only_in_text.sql"),
    ),
    (
        26,
        "case ids from numbers",
        include_str!("../../migrations/postgres/0026_case_ids_from_numbers.sql"),
    ),
    (
        27,
        "facet codes",
        include_str!("../../migrations/postgres/0027_facet_codes.sql"),
    ),
];

/// The advisory lock migrations hold ("RASTROM").
const MIGRATION_LOCK: i64 = 0x0052_4153_5452_4f4d;

const CREATE_LEDGER: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL,
    checksum TEXT NOT NULL)";

/// Applies every pending migration to the database at `url`; returns those applied now.
pub(crate) fn migrate(url: &str) -> Result<Vec<Migration>> {
    let mut client = Connections::connect_to(url)?;
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    // Quiet: "already exists, skipping" is not news.
    tx.batch_execute("SET LOCAL client_min_messages = warning")?;
    tx.batch_execute(CREATE_LEDGER)?;
    let applied = read_applied(&mut tx)?;
    crate::schema::verify(MIGRATIONS, &applied)?;
    let mut now_applied = Vec::new();
    for &(version, name, sql) in MIGRATIONS {
        if applied.iter().any(|a| a.version == version) {
            continue;
        }
        tx.batch_execute(sql)?;
        let at = now_rfc3339();
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at, checksum)
             VALUES ($1, $2, $3, $4)",
            &[&i64::from(version), &name, &at, &checksum(sql)],
        )?;
        tracing::info!(version, name, "applied migration");
        now_applied.push(Migration {
            version,
            name: name.to_string(),
            checksum: checksum(sql),
            applied_at: Some(at),
        });
    }
    tx.commit()?;
    Ok(now_applied)
}

/// Every migration this build knows and whether the database at `url` has it.
pub(crate) fn status_at(url: &str) -> Result<Vec<Migration>> {
    let mut client = Connections::connect_to(url)?;
    status(&mut client)
}

pub(crate) fn status(client: &mut impl GenericClient) -> Result<Vec<Migration>> {
    let exists = client
        .query_opt(
            "SELECT 1 FROM pg_catalog.pg_tables
             WHERE tablename = 'schema_migrations' AND schemaname = current_schema()",
            &[],
        )?
        .is_some();
    let applied = if exists {
        read_applied(client)?
    } else {
        Vec::new()
    };
    crate::schema::status(MIGRATIONS, &applied)
}

fn read_applied(client: &mut impl GenericClient) -> Result<Vec<Applied>> {
    client
        .query(
            "SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Applied {
                version: u32::try_from(r.try_get::<_, i64>(0)?).unwrap_or(u32::MAX),
                checksum: Some(r.try_get(1)?),
                applied_at: r.try_get(2)?,
            })
        })
        .collect()
}
