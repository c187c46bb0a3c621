//! Case records and imports in SQLite.

use std::collections::HashSet;
use std::sync::PoisonError;

use rusqlite::types::{Type, Value};
use rusqlite::{named_params, CachedStatement, Connection, OptionalExtension, Row, Transaction};

use super::access::Access;
use super::audit::References;
use super::deferred_index;
use super::key_tier::KeyTier;
use super::keyring::{Purpose, PLATFORM};
use super::{count, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::cases::{
    BatchOutcome, CaseBackend, CaseSelection, ExportedCase, Facet, ImportHandle, ImportInfo,
    ImportStatus, NewCase, PreparedCase, PreparedCases, Provenance, RawCase, Window,
};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::case_rows::{export_cells, prepare_batch, CaseRow};
use crate::facet_tally::{Crosstab, FacetCounts};
use crate::import_rows::EMBEDDED_WRITE_PART;
use crate::pseudonyms::{Lookup, Pseudonyms};
use crate::sealing::open_personal;
use crate::sql::{cases as sql, imports};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// Every case, read in storage order for a statistic. Without `NOT INDEXED` SQLite walks the
/// (organisation, key) index, the visibility rule needing no other column, and then looks up
/// each case's row in random order: twice as slow on 200,000 cases. Reads of many cases in
/// order walk the table so too, instead of an index walk whose rows must be sorted back.
pub(super) const SCAN_CASES: &str = "cases c NOT INDEXED";

/// Column `i` of `row` as text, borrowed from the row.
fn text_at<'r>(row: &'r Row<'_>, i: usize) -> Result<&'r str> {
    Ok(row
        .get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))?)
}

/// A row of [`sql::one_case`] or [`sql::many_cases`] as the record the reader sees.
fn raw_case(row: &Row<'_>, backend: &SqliteBackend, conn: &Connection) -> Result<RawCase> {
    let pseudonyms = row
        .get_ref(12)?
        .as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(12, Type::Text, Box::new(e)))?;
    CaseRow {
        id: row.get(0)?,
        owner: row.get(1)?,
        own: row.get(2)?,
        rank: row.get(3)?,
        compact: text_at(row, 4)?,
        owner_id: row.get(9)?,
        key_version: row.get(11)?,
        pseudonyms,
    }
    .into_raw(
        || Ok(row.get(10)?),
        || {
            Ok(Provenance {
                import_id: row.get(5)?,
                source_file: row.get(6)?,
                source_row: count(row.get(7)?),
                imported_at: row.get(8)?,
            })
        },
        |owner, version| backend.ring.data(conn, &backend.keys, owner, version),
    )
}

fn import_info(r: &Row<'_>) -> rusqlite::Result<ImportInfo> {
    let status: String = r.get(5)?;
    Ok(ImportInfo {
        id: r.get(0)?,
        source_file: r.get(1)?,
        format: r.get(2)?,
        started_at: r.get(3)?,
        finished_at: r.get(4)?,
        status: ImportStatus::from_stored(&status),
        imported: count(r.get(6)?),
        duplicates: count(r.get(7)?),
        rejected: count(r.get(8)?),
        error: r.get(9)?,
        kind: crate::import_rows::import_kind(&r.get::<_, String>(10)?),
    })
}

pub(super) fn import_by_id(conn: &Connection, actor: &Actor, id: &str) -> Result<ImportInfo> {
    conn.query_row(
        &imports::by_id(),
        named_params! {":id": id, ":org": actor.organisation().id},
        import_info,
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

impl CaseBackend for SqliteBackend {
    fn begin_import(
        &self,
        actor: &Actor,
        source_file: &str,
        format: &str,
        audit: AuditDraft,
    ) -> Result<ImportHandle> {
        let new_id = self.id()?;
        let org = &actor.organisation().id;
        let handle = self.write_audited(audit, |tx, audit| {
            deferred_index::leave_out_if_empty(tx)?;
            super::imports::begin(
                tx,
                org,
                source_file,
                format,
                RecordKind::Case,
                new_id,
                audit,
            )
        })?;
        self.conns.begin_bulk()?;
        Ok(handle)
    }

    fn prepare_cases(&self, actor: &Actor, cases: &[NewCase<'_>]) -> Result<PreparedCases> {
        let ids = self.case_ids(cases.len())?;
        let org = &actor.organisation().id;
        let keys = self
            .conns
            .read(|conn| self.ring.org_keys(conn, &self.keys, org))?;
        prepare_batch(cases, ids, org, &keys)
    }

    fn insert_prepared(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        cases: &PreparedCases,
        audit: AuditDraft,
    ) -> Result<BatchOutcome> {
        let org = &actor.organisation().id;
        if cases.org_id != *org {
            return Err(StoreError::Invalid(
                "cases prepared for another organisation".into(),
            ));
        }
        let mut total = BatchOutcome::default();
        for part in cases.rows.chunks(EMBEDDED_WRITE_PART) {
            // The organisation is the actor's and the import was begun by this import's first
            // write; neither is ever deleted, and each sealed part follows its case.
            let references = References::KnownToHold;
            let outcome = self.write_cases_as(references, audit.clone(), |tx, audit, tier| {
                let outcome = CaseWriter::new(tx, tier)?.write_all(
                    org,
                    &import.id,
                    cases.key_version,
                    part,
                )?;
                super::imports::count_batch(tx, org, import, &outcome, audit)?;
                Ok(outcome)
            })?;
            total.inserted += outcome.inserted;
            total.duplicates += outcome.duplicates;
        }
        Ok(total)
    }

    fn finish_import(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        valid_rows: u64,
        rejected: u64,
        audit: AuditDraft,
    ) -> Result<ImportInfo> {
        self.conns.end_bulk()?;
        let info = self.write_cases(audit, |conn, _, tier| {
            // The import's keys (and any other writer's since the last filing) are filed now,
            // so that the next import starts with an empty tier.
            tier.file_all(conn)?;
            let changed = conn.execute(
                imports::FINISH,
                named_params! {
                    ":at": now_rfc3339(),
                    ":valid": valid_rows as i64,
                    ":rejected": rejected as i64,
                    ":id": import.id,
                    ":org": actor.organisation().id,
                },
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            import_by_id(conn, actor, &import.id)
        })?;
        // Outside the transaction, where its sort may spill to a file (a crash before it is
        // built leaves the index to the next opening).
        self.conns.write(|conn| deferred_index::restore(conn))?;
        Ok(info)
    }

    fn interrupt_import(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        error: &str,
        audit: AuditDraft,
    ) -> Result<()> {
        self.conns.end_bulk()?;
        self.write_audited(audit, |conn, _| {
            conn.execute(
                imports::INTERRUPT,
                named_params! {":error": error, ":id": import.id, ":org": actor.organisation().id},
            )?;
            Ok(())
        })?;
        // Apart, so that a store too full to build the index still records the interruption;
        // the next opening builds it then.
        if let Err(e) = self.conns.write(|conn| deferred_index::restore(conn)) {
            tracing::warn!("the identity numbers' index is built at the next opening: {e}");
        }
        Ok(())
    }

    fn imports(&self, actor: &Actor) -> Result<Vec<ImportInfo>> {
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&imports::of_org())?;
            let rows =
                stmt.query_map(named_params! {":org": actor.organisation().id}, import_info)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn case(&self, actor: &Actor, case_id: &str) -> Result<Option<RawCase>> {
        let sql = sql::one_case();
        self.conns.read(|conn| {
            let lookup = self.case_lookup(conn, case_id)?;
            let bound = Access::of(actor).params(
                RecordKind::Case,
                Some(Level::Exists),
                &[(":lookup", Value::from(lookup))],
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(bound.as_params().as_slice())?;
            match rows.next()? {
                Some(row) => Ok(Some(raw_case(row, self, conn)?)),
                None => Ok(None),
            }
        })
    }

    fn for_each_case(
        &self,
        actor: &Actor,
        need: Level,
        selection: CaseSelection,
        window: Option<Window>,
        visit: &mut dyn FnMut(RawCase) -> Result<()>,
    ) -> Result<u64> {
        let sql = sql::cases_in(
            SCAN_CASES,
            selection == CaseSelection::Own,
            window.is_some(),
        );
        let window: Vec<(&'static str, Value)> = window
            .iter()
            .flat_map(sql::window_values)
            .map(|(name, n)| (name, Value::from(n)))
            .collect();
        let bound = Access::of(actor).params(RecordKind::Case, Some(need), &window);
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query(bound.as_params().as_slice())?;
            let mut n = 0;
            while let Some(row) = rows.next()? {
                visit(raw_case(row, self, conn)?)?;
                n += 1;
            }
            Ok(n)
        })
    }

    fn for_each_full_case_cells(
        &self,
        actor: &Actor,
        selection: CaseSelection,
        visit: &mut dyn FnMut(&ExportedCase<'_>) -> Result<()>,
    ) -> Result<u64> {
        let sql = sql::exported_cases(SCAN_CASES, selection == CaseSelection::Own);
        let bound = Access::of(actor).params(RecordKind::Case, Some(Level::Full), &[]);
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query(bound.as_params().as_slice())?;
            let mut n = 0;
            while let Some(row) = rows.next()? {
                // Cells borrow from the row, so they cannot outlive it.
                let mut cells = Vec::with_capacity(rastro_model::Field::ALL.len());
                let text = |i: usize| text_at(row, i);
                let (id, owner, owner_id) = (text(0)?, text(1)?, text(2)?);
                let sealed = row.get_ref(4)?.as_blob_or_null().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(4, Type::Blob, Box::new(e))
                })?;
                let personal = match (sealed, row.get::<_, Option<i64>>(5)?) {
                    (Some(sealed), Some(version)) => {
                        let key = self.ring.data(conn, &self.keys, owner_id, version as u32)?;
                        Some(open_personal(sealed, &key, owner_id, id)?)
                    }
                    _ => None,
                };
                export_cells(id, text(3)?, personal.as_deref(), &mut cells)?;
                visit(&ExportedCase {
                    id,
                    owner,
                    cells: &cells,
                    owner_id,
                })?;
                n += 1;
            }
            Ok(n)
        })
    }

    fn find_own_cases(&self, actor: &Actor, lookup: Lookup, value: &str) -> Result<Vec<String>> {
        let org = &actor.organisation().id;
        self.conns.read(|conn| match lookup {
            Lookup::IdentityNumber => {
                let index = self.ring.secret(conn, &self.keys, org, Purpose::Index)?;
                let mut stmt = conn.prepare_cached(sql::BY_ID_INDEX)?;
                let rows = stmt.query_map(
                    named_params! {":org": org, ":index": lookup.mac(&index, value)},
                    |r| r.get(0),
                )?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            }
            Lookup::Name => {
                let key = self
                    .ring
                    .secret(conn, &self.keys, PLATFORM, Purpose::Pseudonym)?;
                let wanted = Pseudonyms::name_query(value, &key);
                let mut stmt = conn.prepare_cached(sql::OWN_PSEUDONYMS)?;
                let mut rows = stmt.query(named_params! {":org": org})?;
                let mut found = Vec::new();
                while let Some(row) = rows.next()? {
                    let text: Option<String> = row.get(1)?;
                    if Pseudonyms::from_json(text.as_deref()).name_key() == wanted {
                        found.push(row.get(0)?);
                    }
                }
                Ok(found)
            }
        })
    }

    fn count_cases(&self, actor: &Actor, keys: Option<(i64, i64)>) -> Result<u64> {
        // Counted apart by owner only from the start: for a few keys above the last count, the
        // planner would otherwise walk the owner's index rather than the keys' range.
        let from_start = keys.is_none_or(|(above, _)| above <= 0);
        let sql = sql::count_visible(keys.is_some(), from_start);
        let window = match keys {
            Some((above, upto)) => {
                vec![(":above", Value::from(above)), (":upto", Value::from(upto))]
            }
            None => Vec::new(),
        };
        let bound = Access::of(actor).params(RecordKind::Case, Some(Level::Summary), &window);
        self.conns.read(|conn| {
            let n: i64 = conn.query_row(&sql, bound.as_params().as_slice(), |r| r.get(0))?;
            Ok(count(n))
        })
    }

    fn facet_counts(&self, actor: &Actor, facet: Facet) -> Result<Vec<(String, u64)>> {
        let mut counts = FacetCounts::new(facet);
        self.facet_texts(actor, &mut |text| counts.add(text))?;
        Ok(counts.finish())
    }

    fn crosstab(
        &self,
        actor: &Actor,
        rows: Facet,
        columns: Facet,
    ) -> Result<Vec<(String, String, u64)>> {
        let mut table = Crosstab::new(rows, columns);
        self.facet_texts(actor, &mut |text| table.add(text))?;
        Ok(table.finish())
    }
}

impl SqliteBackend {
    /// Runs `change` in a write transaction with its trace and this process's view of the
    /// unfiled record keys brought up to date inside it: the way every case is stored, so that
    /// none is stored twice (`key_tier`). The view's lock is taken before the writer's.
    pub(super) fn write_cases<T>(
        &self,
        audit: AuditDraft,
        change: impl FnOnce(&Transaction<'_>, &mut AuditDraft, &mut KeyTier) -> Result<T>,
    ) -> Result<T> {
        self.write_cases_as(References::Checked, audit, change)
    }

    /// [`SqliteBackend::write_cases`] with foreign keys enforced or not.
    fn write_cases_as<T>(
        &self,
        references: References,
        audit: AuditDraft,
        change: impl FnOnce(&Transaction<'_>, &mut AuditDraft, &mut KeyTier) -> Result<T>,
    ) -> Result<T> {
        let mut tier = self.key_tier.lock().unwrap_or_else(PoisonError::into_inner);
        let result = self.write_audited_as(references, audit, |tx, audit| {
            tier.refresh(tx)?;
            change(tx, audit, &mut tier)
        });
        match result {
            Ok(_) => tier.committed(),
            Err(_) => tier.forget(),
        }
        result
    }

    /// Hands `visit` the facet values text of every case `actor` sees at summary or more, one
    /// at a time, borrowed from the row.
    fn facet_texts(&self, actor: &Actor, visit: &mut dyn FnMut(&str)) -> Result<()> {
        let sql = sql::facet_texts(SCAN_CASES);
        let bound = Access::of(actor).params(RecordKind::Case, Some(Level::Summary), &[]);
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(bound.as_params().as_slice())?;
            while let Some(row) = rows.next()? {
                visit(text_at(row, 0)?);
            }
            Ok(())
        })
    }
}

/// Writes prepared cases, its statements prepared once for a whole batch; a case whose record
/// key its organisation has (filed, in the tier, or written before it in the same transaction)
/// is not stored.
pub(super) struct CaseWriter<'t> {
    tx: &'t Transaction<'t>,
    tier: &'t mut KeyTier,
    case: CachedStatement<'t>,
    secrets: CachedStatement<'t>,
}

impl<'t> CaseWriter<'t> {
    /// `tier` must have been brought up to date inside `tx` ([`SqliteBackend::write_cases`]).
    pub fn new(tx: &'t Transaction<'t>, tier: &'t mut KeyTier) -> Result<CaseWriter<'t>> {
        Ok(CaseWriter {
            case: tx.prepare_cached(&rows_sql(CASE_INSERT, CASE_COLUMNS, 1))?,
            secrets: tx.prepare_cached(&rows_sql(SECRETS_INSERT, SECRET_COLUMNS, 1))?,
            tx,
            tier,
        })
    }

    /// Stores `case` for `org`; its row id, or `None` when the organisation has it already.
    pub fn write(
        &mut self,
        org: &str,
        import_id: &str,
        key_version: u32,
        case: &PreparedCase,
    ) -> Result<Option<i64>> {
        if self.tier.holds(self.tx, org, &case.record_key)? {
            return Ok(None);
        }
        self.store_one(org, import_id, key_version, case).map(Some)
    }

    /// Stores `case` by the one-row statements; its row id.
    fn store_one(
        &mut self,
        org: &str,
        import_id: &str,
        key_version: u32,
        case: &PreparedCase,
    ) -> Result<i64> {
        bind_case(&mut self.case, 0, org, import_id, key_version, case)?;
        self.case.raw_execute()?;
        // `RETURNING` would buffer a result per row; on this hot path SQLite's own last row
        // id costs nothing.
        let pk = self.tx.last_insert_rowid();
        self.tier.stored(&case.record_key, pk);
        bind_secrets(&mut self.secrets, 0, org, pk, case)?;
        self.secrets.raw_execute()?;
        Ok(pk)
    }

    /// Stores every case of `cases` its organisation does not have yet (nor an earlier case
    /// of `cases`), [`ROWS_AT_ONCE`] to a statement. A statement of one row cost a case a
    /// search of `sqlite_sequence` and a write to it (the table's `AUTOINCREMENT`), and a
    /// statement's start and end; a statement of many pays them once.
    pub fn write_all(
        &mut self,
        org: &str,
        import_id: &str,
        key_version: u32,
        cases: &[PreparedCase],
    ) -> Result<BatchOutcome> {
        let mut outcome = BatchOutcome::default();
        let mut new = Vec::with_capacity(cases.len());
        let mut keys_here = HashSet::with_capacity(cases.len());
        for case in cases {
            let key = case.record_key.as_slice();
            if self.tier.holds(self.tx, org, key)? || !keys_here.insert(key) {
                outcome.duplicates += 1;
            } else {
                new.push(case);
            }
        }
        let mut many =
            self.tx
                .prepare_cached(&rows_sql(CASE_INSERT, CASE_COLUMNS, ROWS_AT_ONCE))?;
        let mut many_secrets =
            self.tx
                .prepare_cached(&rows_sql(SECRETS_INSERT, SECRET_COLUMNS, ROWS_AT_ONCE))?;
        let mut rows = new.chunks_exact(ROWS_AT_ONCE);
        for chunk in rows.by_ref() {
            for (i, case) in chunk.iter().enumerate() {
                bind_case(
                    &mut many,
                    i * CASE_COLUMNS,
                    org,
                    import_id,
                    key_version,
                    case,
                )?;
            }
            many.raw_execute()?;
            // One statement's rows take consecutive row ids in their order: each new id is
            // the largest so far plus one, and no other writer runs inside this transaction.
            let first = self.tx.last_insert_rowid() - (ROWS_AT_ONCE as i64 - 1);
            let found: Option<String> = self
                .tx
                .prepare_cached("SELECT id FROM cases WHERE pk = ?1")?
                .query_row([first], |r| r.get(0))
                .optional()?;
            if found.as_deref() != Some(chunk[0].id.as_str()) {
                return Err(StoreError::Database(
                    "the cases of one statement were not given consecutive row ids".into(),
                ));
            }
            for (i, case) in chunk.iter().enumerate() {
                let pk = first + i as i64;
                self.tier.stored(&case.record_key, pk);
                bind_secrets(&mut many_secrets, i * SECRET_COLUMNS, org, pk, case)?;
            }
            many_secrets.raw_execute()?;
            outcome.inserted += ROWS_AT_ONCE as u64;
        }
        for case in rows.remainder() {
            self.store_one(org, import_id, key_version, case)?;
            outcome.inserted += 1;
        }
        Ok(outcome)
    }
}

/// Cases written by one statement of [`CaseWriter::write_all`]: 64 rows of 12 values are
/// 768 parameters, far below SQLite's limit (32,766).
const ROWS_AT_ONCE: usize = 64;

/// Parameters of a case in [`CaseWriter::write_all`]'s statements, in the order of
/// [`CASE_INSERT`]'s columns.
const CASE_COLUMNS: usize = 12;
const SECRET_COLUMNS: usize = 4;

const CASE_INSERT: &str = "INSERT INTO cases (id, org_id, record_key, import_id, source_row,
    role, record, key_version, id_index, htcds_consent, facet_values, id_lookup) VALUES ";
const SECRETS_INSERT: &str = "INSERT INTO case_secrets (org_id, case_pk, personal, pseudonyms)
    VALUES ";

/// `INSERT … VALUES` of `rows` rows of `columns` parameters each.
fn rows_sql(head: &str, columns: usize, rows: usize) -> String {
    let row = format!("({})", vec!["?"; columns].join(", "));
    format!("{head}{}", vec![row; rows].join(", "))
}

/// Binds `case` to the [`CASE_COLUMNS`] parameters after `before`.
fn bind_case(
    stmt: &mut CachedStatement<'_>,
    before: usize,
    org: &str,
    import_id: &str,
    key_version: u32,
    case: &PreparedCase,
) -> Result<()> {
    let sealed = &case.sealed;
    let at = |n: usize| before + n;
    stmt.raw_bind_parameter(at(1), &case.id)?;
    stmt.raw_bind_parameter(at(2), org)?;
    stmt.raw_bind_parameter(at(3), &case.record_key)?;
    stmt.raw_bind_parameter(at(4), import_id)?;
    stmt.raw_bind_parameter(at(5), case.source_row as i64)?;
    stmt.raw_bind_parameter(at(6), case.role)?;
    stmt.raw_bind_parameter(at(7), &sealed.open)?;
    stmt.raw_bind_parameter(at(8), key_version)?;
    stmt.raw_bind_parameter(at(9), &sealed.id_index)?;
    stmt.raw_bind_parameter(at(10), case.consents)?;
    stmt.raw_bind_parameter(at(11), &case.facet_values)?;
    stmt.raw_bind_parameter(at(12), &case.id_lookup)?;
    Ok(())
}

/// Binds the sealed part of `case`, stored as `pk`, to the [`SECRET_COLUMNS`] parameters
/// after `before`.
fn bind_secrets(
    stmt: &mut CachedStatement<'_>,
    before: usize,
    org: &str,
    pk: i64,
    case: &PreparedCase,
) -> Result<()> {
    stmt.raw_bind_parameter(before + 1, org)?;
    stmt.raw_bind_parameter(before + 2, pk)?;
    stmt.raw_bind_parameter(before + 3, &case.sealed.personal)?;
    stmt.raw_bind_parameter(before + 4, &case.sealed.pseudonyms)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How SQLite would walk the cases for `sql`, one line per step.
    fn plan(sql: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.db");
        crate::sqlite::migrate::migrate(&path).unwrap();
        let conn = Connection::open(&path).unwrap();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        // Unbound parameters are NULL, which a plan does not depend on.
        let mut rows = stmt.raw_query();
        let mut steps = Vec::new();
        while let Some(row) = rows.next().unwrap() {
            steps.push(row.get::<_, String>(3).unwrap());
        }
        steps.join("\n")
    }

    #[test]
    fn a_count_from_the_start_reads_no_case_whole() {
        let by_owner = plan(&sql::count_visible(true, true));
        assert!(
            !by_owner.contains("SCAN c"),
            "every case read whole:\n{by_owner}"
        );
        assert!(by_owner.contains("COVERING INDEX"), "{by_owner}");
        // The one statement reads every case whole: what the count by owner is for.
        let whole = plan(&sql::count_visible(true, false));
        assert!(!whole.contains("COVERING INDEX"), "{whole}");
    }
}
