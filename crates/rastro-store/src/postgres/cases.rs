//! Case records and imports in PostgreSQL. The SQL is `sql::cases` and `sql::imports`, shared
//! with SQLite; what is written only here is the batch insert, a few statements per batch
//! rather than a few per case (each statement is a round trip to the server).

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::{Row, Transaction};

use super::keyring::Rows;
use super::pool::IMPORT_LOCK_CLASS;
use super::scan::for_each_row;
use super::value::{count, execute, query, Named, Value};
use super::PgBackend;
use crate::api::access::{Level, RecordKind};
use crate::api::cases::{
    BatchOutcome, CaseBackend, CaseSelection, ExportedCase, Facet, ImportHandle, ImportInfo,
    ImportStatus, NewCase, PreparedCase, PreparedCases, Provenance, RawCase, Window,
};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::case_rows::{export_cells, prepare_batch, CaseRow};
use crate::facet_tally::{Crosstab, FacetCounts};
use crate::import_rows::WRITE_PART;
use crate::keyring::{Purpose, PLATFORM};
use crate::pseudonyms::{Lookup, Pseudonyms};
use crate::sealing::open_personal;
use crate::sql::access::Access;
use crate::sql::{cases as sql, imports};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// How the cases table is walked: PostgreSQL plans its own walk, so no hint.
const SCAN_CASES: &str = "cases c";

/// A row of [`sql::one_case`] or [`sql::many_cases`] as the record the reader sees.
fn raw_case(row: &Row, backend: &PgBackend, tx: &mut Transaction<'_>) -> Result<RawCase> {
    CaseRow {
        id: row.try_get(0)?,
        owner: row.try_get(1)?,
        own: row.try_get(2)?,
        rank: row.try_get(3)?,
        compact: row.try_get(4)?,
        owner_id: row.try_get(9)?,
        key_version: row.try_get(11)?,
        pseudonyms: row.try_get(12)?,
    }
    .into_raw(
        || Ok(row.try_get(10)?),
        || {
            Ok(Provenance {
                import_id: row.try_get(5)?,
                source_file: row.try_get(6)?,
                source_row: count(row, 7)?,
                imported_at: row.try_get(8)?,
            })
        },
        |owner, version| {
            backend
                .ring
                .data(&Rows::new(tx), &backend.keys, owner, version)
        },
    )
}

fn import_info(r: &Row) -> Result<ImportInfo> {
    let status: &str = r.try_get(5)?;
    Ok(ImportInfo {
        id: r.try_get(0)?,
        source_file: r.try_get(1)?,
        format: r.try_get(2)?,
        started_at: r.try_get(3)?,
        finished_at: r.try_get(4)?,
        status: ImportStatus::from_stored(status),
        imported: count(r, 6)?,
        duplicates: count(r, 7)?,
        rejected: count(r, 8)?,
        error: r.try_get(9)?,
        kind: crate::import_rows::import_kind(r.try_get(10)?),
    })
}

/// The name of the lock that orders the beginning and end of `org`'s case imports of `file`.
fn import_file(org: &str, file: &str) -> String {
    format!("case\u{1f}{org}\u{1f}{file}")
}

fn import_by_id(tx: &mut Transaction<'_>, actor: &Actor, id: &str) -> Result<ImportInfo> {
    let rows = query(
        tx,
        &imports::by_id(),
        &[
            (":id", id.into()),
            (":org", actor.organisation().id.as_str().into()),
        ],
    )?;
    rows.first().map(import_info).ok_or(StoreError::NotFound)?
}

impl CaseBackend for PgBackend {
    fn begin_import(
        &self,
        actor: &Actor,
        source_file: &str,
        format: &str,
        audit: AuditDraft,
    ) -> Result<ImportHandle> {
        let new_id = self.id()?;
        let org = actor.organisation().id.as_str();
        let file = import_file(org, source_file);
        self.write_audited_named((IMPORT_LOCK_CLASS, &file), audit, |tx, audit| {
            super::imports::begin(
                tx,
                org,
                source_file,
                format,
                RecordKind::Case,
                new_id,
                audit,
            )
        })
    }

    fn prepare_cases(&self, actor: &Actor, cases: &[NewCase<'_>]) -> Result<PreparedCases> {
        let ids = self.case_ids(cases.len())?;
        let org = &actor.organisation().id;
        let keys = self
            .conns
            .read(|tx| self.ring.org_keys(&Rows::new(tx), &self.keys, org))?;
        prepare_batch(cases, ids, org, &keys)
    }

    fn insert_prepared(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        cases: &PreparedCases,
        audit: AuditDraft,
    ) -> Result<BatchOutcome> {
        let org = actor.organisation().id.as_str();
        if cases.org_id != org {
            return Err(StoreError::Invalid(
                "cases prepared for another organisation".into(),
            ));
        }
        let mut total = BatchOutcome::default();
        for part in cases.rows.chunks(WRITE_PART) {
            let outcome = self.write_audited(audit.clone(), |tx, audit| {
                let stored = write_cases(tx, org, &import.id, cases.key_version, part)?;
                let inserted = stored.iter().filter(|pk| pk.is_some()).count() as u64;
                let outcome = BatchOutcome {
                    inserted,
                    duplicates: part.len() as u64 - inserted,
                };
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
        let file = import_file(actor.organisation().id.as_str(), &import.source_file);
        self.write_audited_named((IMPORT_LOCK_CLASS, &file), audit, |tx, _| {
            let changed = execute(
                tx,
                imports::FINISH,
                &[
                    (":at", now_rfc3339().into()),
                    (":valid", Value::Integer(valid_rows as i64)),
                    (":rejected", Value::Integer(rejected as i64)),
                    (":id", import.id.as_str().into()),
                    (":org", actor.organisation().id.as_str().into()),
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            import_by_id(tx, actor, &import.id)
        })
    }

    fn interrupt_import(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        error: &str,
        audit: AuditDraft,
    ) -> Result<()> {
        let file = import_file(actor.organisation().id.as_str(), &import.source_file);
        self.write_audited_named((IMPORT_LOCK_CLASS, &file), audit, |tx, _| {
            execute(
                tx,
                imports::INTERRUPT,
                &[
                    (":error", error.into()),
                    (":id", import.id.as_str().into()),
                    (":org", actor.organisation().id.as_str().into()),
                ],
            )?;
            Ok(())
        })
    }

    fn imports(&self, actor: &Actor) -> Result<Vec<ImportInfo>> {
        self.conns.read(|tx| {
            query(
                tx,
                &imports::of_org(),
                &[(":org", actor.organisation().id.as_str().into())],
            )?
            .iter()
            .map(import_info)
            .collect()
        })
    }

    fn case(&self, actor: &Actor, case_id: &str) -> Result<Option<RawCase>> {
        self.conns.read(|tx| {
            let lookup = self.case_lookup(tx, case_id)?;
            let params = Access::of(actor).pg_params(
                RecordKind::Case,
                Some(Level::Exists),
                vec![(":lookup", lookup.into())],
            );
            let rows = query(tx, &sql::one_case(), &params)?;
            rows.first().map(|row| raw_case(row, self, tx)).transpose()
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
        let window = window
            .iter()
            .flat_map(sql::window_values)
            .map(|(name, n)| (name, Value::Integer(n)))
            .collect();
        let params = Access::of(actor).pg_params(RecordKind::Case, Some(need), window);
        let named = Named::new(&sql, &params)?;
        self.conns.read(|tx| {
            for_each_row(tx, &named.sql, &named.params(), |tx, row| {
                visit(raw_case(row, self, tx)?)
            })
        })
    }

    fn for_each_full_case_cells(
        &self,
        actor: &Actor,
        selection: CaseSelection,
        visit: &mut dyn FnMut(&ExportedCase<'_>) -> Result<()>,
    ) -> Result<u64> {
        let sql = sql::exported_cases(SCAN_CASES, selection == CaseSelection::Own);
        let params = Access::of(actor).pg_params(RecordKind::Case, Some(Level::Full), Vec::new());
        let named = Named::new(&sql, &params)?;
        self.conns.read(|tx| {
            for_each_row(tx, &named.sql, &named.params(), |tx, row| {
                let id: &str = row.try_get(0)?;
                let owner: &str = row.try_get(1)?;
                let owner_id: &str = row.try_get(2)?;
                let sealed: Option<&[u8]> = row.try_get(4)?;
                let personal = match (sealed, row.try_get::<_, Option<i64>>(5)?) {
                    (Some(sealed), Some(version)) => {
                        let key =
                            self.ring
                                .data(&Rows::new(tx), &self.keys, owner_id, version as u32)?;
                        Some(open_personal(sealed, &key, owner_id, id)?)
                    }
                    _ => None,
                };
                // Cells borrow from the row, so they cannot outlive it.
                let mut cells = Vec::with_capacity(rastro_model::Field::ALL.len());
                export_cells(id, row.try_get(3)?, personal.as_deref(), &mut cells)?;
                visit(&ExportedCase {
                    id,
                    owner,
                    cells: &cells,
                    owner_id,
                })
            })
        })
    }

    fn find_own_cases(&self, actor: &Actor, lookup: Lookup, value: &str) -> Result<Vec<String>> {
        let org = actor.organisation().id.as_str();
        self.conns.read(|tx| match lookup {
            Lookup::IdentityNumber => {
                let index = self
                    .ring
                    .secret(&Rows::new(tx), &self.keys, org, Purpose::Index)?;
                query(
                    tx,
                    sql::BY_ID_INDEX,
                    &[
                        (":org", org.into()),
                        (":index", Value::Blob(lookup.mac(&index, value))),
                    ],
                )?
                .iter()
                .map(|r| Ok(r.try_get(0)?))
                .collect()
            }
            Lookup::Name => {
                let key =
                    self.ring
                        .secret(&Rows::new(tx), &self.keys, PLATFORM, Purpose::Pseudonym)?;
                let wanted = Pseudonyms::name_query(value, &key);
                let named = Named::new(sql::OWN_PSEUDONYMS, &[(":org", org.into())])?;
                let mut found = Vec::new();
                for_each_row(tx, &named.sql, &named.params(), |_, row| {
                    if Pseudonyms::from_json(row.try_get(1)?).name_key() == wanted {
                        found.push(row.try_get(0)?);
                    }
                    Ok(())
                })?;
                Ok(found)
            }
        })
    }

    fn count_cases(&self, actor: &Actor, keys: Option<(i64, i64)>) -> Result<u64> {
        let window = match keys {
            Some((above, upto)) => vec![(":above", above.into()), (":upto", upto.into())],
            None => Vec::new(),
        };
        let params = Access::of(actor).pg_params(RecordKind::Case, Some(Level::Summary), window);
        self.conns.read(|tx| {
            let rows = query(tx, &sql::count_visible(keys.is_some(), true), &params)?;
            match rows.first() {
                Some(row) => count(row, 0),
                None => Ok(0),
            }
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

impl PgBackend {
    /// Hands `visit` the facet values text of every case `actor` sees at summary or more, one
    /// at a time, read a chunk at a time.
    fn facet_texts(&self, actor: &Actor, visit: &mut dyn FnMut(&str)) -> Result<()> {
        let params = Access::of(actor).pg_params(RecordKind::Case, Some(Level::Summary), vec![]);
        let named = Named::new(&sql::facet_texts(SCAN_CASES), &params)?;
        self.conns.read(|tx| {
            for_each_row(tx, &named.sql, &named.params(), |_, row| {
                visit(row.try_get(0)?);
                Ok(())
            })?;
            Ok(())
        })
    }
}

/// Stores prepared cases for `org`, in their order, in two statements whatever their number
/// (an insert and a copy);
/// for each case its row key, or `None` when the organisation has it already (a case repeated
/// within the batch is stored once, its first time).
pub(super) fn write_cases(
    tx: &mut Transaction<'_>,
    org: &str,
    import_id: &str,
    key_version: u32,
    cases: &[PreparedCase],
) -> Result<Vec<Option<i64>>> {
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    let keys: Vec<&[u8]> = cases.iter().map(|c| c.record_key.as_slice()).collect();
    let rows: Vec<i64> = cases.iter().map(|c| c.source_row as i64).collect();
    let roles: Vec<&str> = cases.iter().map(|c| c.role).collect();
    let records: Vec<&str> = cases.iter().map(|c| c.sealed.open.as_str()).collect();
    let indexes: Vec<Option<&[u8]>> = cases.iter().map(|c| c.sealed.id_index.as_deref()).collect();
    let consents: Vec<i64> = cases.iter().map(|c| c.consents).collect();
    let facet_values: Vec<&str> = cases.iter().map(|c| c.facet_values.as_str()).collect();
    let lookups: Vec<&str> = cases.iter().map(|c| c.id_lookup.as_str()).collect();
    // In the batch's order, so that keys rise as SQLite's do and reads in key order agree.
    // Keys are drawn under the cluster's write lock, so they also rise in commit order: what
    // a visibility stamp's bounds assume.
    let stored = tx.query(
        "INSERT INTO cases (id, org_id, record_key, import_id, source_row, role, record,
             key_version, id_index, htcds_consent, facet_values, id_lookup)
         SELECT u.id, $1, u.record_key, $2, u.source_row, u.role, u.record, $3, u.id_index,
                u.consent, u.facet_values, u.id_lookup
         FROM unnest($4::text[], $5::bytea[], $6::bigint[], $7::text[], $8::text[],
                     $9::bytea[], $10::bigint[], $11::text[], $12::text[])
              WITH ORDINALITY
              AS u(id, record_key, source_row, role, record, id_index, consent, facet_values,
                   id_lookup, n)
         ORDER BY u.n
         ON CONFLICT (org_id, record_key) DO NOTHING
         RETURNING id, pk",
        &[
            &org,
            &import_id,
            &i64::from(key_version),
            &ids,
            &keys,
            &rows,
            &roles,
            &records,
            &indexes,
            &consents,
            &facet_values,
            &lookups,
        ],
    )?;
    let mut pks: std::collections::HashMap<String, i64> = stored
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_>>()?;
    let written: Vec<Option<i64>> = cases.iter().map(|c| pks.remove(&c.id)).collect();
    // The new cases' secrets by binary COPY, the fastest way in: their keys are new, so
    // nothing can conflict.
    let mut secrets = BinaryCopyInWriter::new(
        tx.copy_in("COPY case_secrets (org_id, case_pk, personal, pseudonyms) FROM STDIN BINARY")?,
        &[Type::TEXT, Type::INT8, Type::BYTEA, Type::TEXT],
    );
    for (case, pk) in cases.iter().zip(&written) {
        if let Some(pk) = pk {
            let sealed = &case.sealed;
            secrets.write(&[&org, pk, &sealed.personal.as_deref(), &sealed.pseudonyms])?;
        }
    }
    secrets.finish()?;
    Ok(written)
}
