//! Moving a whole store from one database to another — a one-machine install growing into a
//! hub (SQLite → PostgreSQL), or a hub's copy taken to an office (PostgreSQL → SQLite) — without
//! losing a record, a grant or an audit event. Rows are copied as they are stored: records stay
//! sealed under the same wrapped keys, and every audit event keeps its id, number and hashes, so
//! the trail still verifies after the move under the same key file. Each backend lends raw rows
//! through [`RawStore`]; this module owns the order of tables and the checks.

use std::path::Path;

use crate::api::audit::AuditReport;
use crate::api::copy::{Cell, RawStore};
use crate::api::trace::{AuditDraft, By};
use crate::{Result, Store, StoreError, StoreUrl};

/// Every table that holds the store's state, parents before children (foreign keys are
/// checked as rows arrive). Derived indexes (SQLite's full-text index, PostgreSQL's search
/// column) are rebuilt by the target; `schema_migrations` is the target's own.
pub(crate) const TABLES: &[&str] = &[
    "organisations",
    "store_keys",
    "wrapped_keys",
    "users",
    "tokens",
    "imports",
    "case_id_numbers",
    "cases",
    "case_secrets",
    "news_articles",
    "news_incidents",
    "news_incident_facets",
    "watchlists",
    "watchlist_entries",
    "linkage_runs",
    "linkage_members",
    "linkage_decisions",
    "news_event_runs",
    "news_event_members",
    "news_event_decisions",
    "consents",
    "grants",
    "referrals",
    "privacy_releases",
    "transactions",
    "alerts",
    "alert_transactions",
    "alert_reviews",
    "jobs",
    "store_tasks",
    "audit_events",
    "audit_access",
    "audit_heads",
    // Last: the triggers of the tables above moved the target's counter as rows arrived; the
    // source's value replaces it.
    "store_changes",
];

/// What a copy moved and what the target's audit walk found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// (table, rows), in copy order.
    pub tables: Vec<(String, u64)>,
    pub audit: AuditReport,
}

fn raw(url: &StoreUrl) -> Result<Box<dyn RawStore>> {
    Ok(match url {
        StoreUrl::Sqlite(path) => Box::new(crate::sqlite::copy::Raw::open(path)?),
        StoreUrl::Postgres(address) => Box::new(crate::postgres::copy::Raw::open(address)?),
    })
}

impl Store {
    /// Copies the store at `from` into the store at `to`, which is migrated first and must hold
    /// nothing yet; then opens the copy with `key_file` (the source's key file) and walks every
    /// audit chain. A copy whose trail does not verify, or whose row counts differ from the
    /// source's, is an error (the target then holds the rows for inspection, and the source is
    /// untouched either way).
    pub fn copy_store(from: &StoreUrl, to: &StoreUrl, key_file: &Path) -> Result<CopyReport> {
        if from == to {
            return Err(StoreError::Invalid(
                "the source and the target of a copy are the same store".into(),
            ));
        }
        crate::schema::require_current(&Store::migrations(from)?)?;
        Store::migrate(to)?;
        let mut source = raw(from)?;
        let mut target = raw(to)?;
        if !target.is_empty()? {
            return Err(StoreError::Invalid(format!(
                "{to} already holds data: a store is copied only into an empty one"
            )));
        }
        // The wrong key file is found before anything is written, not after.
        let keys = crate::keys::Keys::load(key_file, false)?;
        let mut recorded = Vec::new();
        source.read_rows("store_keys", &["fingerprint".to_string()], &mut |row| {
            recorded.extend(row);
            Ok(())
        })?;
        if recorded
            .iter()
            .any(|f| *f != Cell::Text(keys.fingerprint()))
        {
            return Err(StoreError::Keys(format!(
                "the key file {} is not the key of {from}",
                key_file.display()
            )));
        }
        let mut tables = Vec::new();
        target.load(&mut |sink| {
            tables.clear();
            for &table in TABLES {
                let columns = source.columns(table)?;
                sink.begin_table(table, &columns)?;
                let rows = source.read_rows(table, &columns, &mut |row| sink.push(row))?;
                sink.end_table()?;
                tables.push((table.to_string(), rows));
            }
            Ok(())
        })?;
        for (table, rows) in &tables {
            let copied = target.count_rows(table)?;
            if copied != *rows {
                return Err(StoreError::Invalid(format!(
                    "the copy of {table} holds {copied} rows where the source has {rows}"
                )));
            }
        }
        let store = Store::open_with_key(to, key_file)?;
        let audit = store.backend.verify_audit(None)?;
        if !audit.problems.is_empty() {
            return Err(StoreError::Invalid(format!(
                "the copied audit trail does not verify ({} problems, first: {:?})",
                audit.problems.len(),
                audit.problems.first()
            )));
        }
        store.backend.append_audit(
            &AuditDraft::new(By::Administrator, "copy_store")
                .count(audit.events)
                .detail("from", backend_name(from)),
        )?;
        Ok(CopyReport { tables, audit })
    }
}

fn backend_name(url: &StoreUrl) -> String {
    match url {
        StoreUrl::Sqlite(_) => "sqlite".into(),
        StoreUrl::Postgres(_) => "postgres".into(),
    }
}
