//! Case records and imports in SQLite.

use rastro_model::CaseRecord;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};

use super::{count, SqliteBackend};
use crate::api::cases::{
    BatchOutcome, CaseBackend, CaseSelection, Facet, ImportHandle, ImportInfo, ImportStatus,
    NewCase, Provenance, ResumedImport, StoredCase, UNKNOWN,
};
use crate::api::linkage::LinkKind;
use crate::api::orgs::Organisation;
use crate::api::Sharing;
use crate::facets::facets_of;
use crate::sql::runs::tables;
use crate::sql::visibility::{owner_only, visible};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

fn case_columns() -> String {
    format!(
        "c.id, o.name, c.import_id, {}, c.source_row, im.started_at, c.sharing, c.record",
        owner_only("c", "im.source_file")
    )
}

/// The tables [`case_columns`] reads from.
const CASE_TABLES: &str =
    "cases c JOIN organisations o ON o.id = c.org_id JOIN imports im ON im.id = c.import_id";

fn stored_case(row: &Row<'_>) -> Result<StoredCase> {
    let id: String = row.get(0)?;
    let compact: String = row.get(7)?;
    let record = CaseRecord::from_compact(&compact).map_err(|reason| StoreError::Corrupt {
        id: id.clone(),
        reason,
    })?;
    let sharing: String = row.get(6)?;
    Ok(StoredCase {
        id,
        record,
        provenance: Provenance {
            organisation: row.get(1)?,
            import_id: row.get(2)?,
            source_file: row.get(3)?,
            source_row: count(row.get(4)?),
            imported_at: row.get(5)?,
        },
        sharing: Sharing::from_stored(&sharing),
    })
}

const IMPORT_COLUMNS: &str = "id, source_file, format, started_at, finished_at, status, imported, \
     duplicates, rejected, error";

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
    })
}

fn import_by_id(conn: &Connection, org: &Organisation, id: &str) -> Result<ImportInfo> {
    conn.query_row(
        &format!("SELECT {IMPORT_COLUMNS} FROM imports WHERE id = ?1 AND org_id = ?2"),
        params![id, org.id],
        import_info,
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

impl CaseBackend for SqliteBackend {
    fn begin_import(
        &self,
        org: &Organisation,
        source_file: &str,
        format: &str,
    ) -> Result<ImportHandle> {
        let new_id = self.id()?;
        self.conns.write(|conn| {
            let tx = conn.transaction()?;
            let unfinished = tx
                .query_row(
                    "SELECT id, started_at, imported, error FROM imports
                     WHERE org_id = ?1 AND source_file = ?2 AND status <> 'finished'
                     ORDER BY started_at DESC LIMIT 1",
                    params![org.id, source_file],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            ResumedImport {
                                started_at: r.get(1)?,
                                stored: count(r.get(2)?),
                                error: r.get(3)?,
                            },
                        ))
                    },
                )
                .optional()?;
            let handle = match unfinished {
                Some((id, resumed)) => {
                    tx.execute(
                        "UPDATE imports SET status = 'running', error = NULL WHERE id = ?1",
                        params![id],
                    )?;
                    ImportHandle {
                        id,
                        source_file: source_file.to_string(),
                        resumed: Some(resumed),
                    }
                }
                None => {
                    tx.execute(
                        "INSERT INTO imports (id, org_id, source_file, format, started_at, status)
                         VALUES (?1, ?2, ?3, ?4, ?5, 'running')",
                        params![new_id, org.id, source_file, format, now_rfc3339()],
                    )?;
                    ImportHandle {
                        id: new_id,
                        source_file: source_file.to_string(),
                        resumed: None,
                    }
                }
            };
            tx.commit()?;
            Ok(handle)
        })
    }

    fn insert_cases(
        &self,
        org: &Organisation,
        import: &ImportHandle,
        cases: &[NewCase<'_>],
    ) -> Result<BatchOutcome> {
        let ids = self.ids(cases.len())?;
        self.conns.write(|conn| {
            let mut outcome = BatchOutcome::default();
            let tx = conn.transaction()?;
            {
                // `RETURNING` would buffer a result per row; on this hot path SQLite's own count
                // of changed rows and last row id cost nothing.
                let mut insert_case = tx.prepare_cached(
                    "INSERT INTO cases (id, org_id, record_key, import_id, source_row, role, record)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (org_id, record_key) DO NOTHING",
                )?;
                let mut insert_facet = tx.prepare_cached(
                    "INSERT INTO case_facets (case_pk, facet, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT DO NOTHING",
                )?;
                for (case, id) in cases.iter().zip(&ids) {
                    let changed = insert_case.execute(params![
                        id,
                        org.id,
                        key_bytes(case.key),
                        import.id,
                        case.source_row as i64,
                        case.record.role().as_str(),
                        case.compact
                    ])?;
                    if changed == 0 {
                        outcome.duplicates += 1;
                        continue;
                    }
                    outcome.inserted += 1;
                    let pk = tx.last_insert_rowid();
                    for (facet, value) in facets_of(case.record) {
                        insert_facet.execute(params![pk, facet.as_str(), value])?;
                    }
                }
            }
            // The count moves with the batch, so an interrupted import knows what it stored.
            tx.execute(
                "UPDATE imports SET imported = imported + ?1 WHERE id = ?2 AND org_id = ?3",
                params![outcome.inserted as i64, import.id, org.id],
            )?;
            tx.commit()?;
            Ok(outcome)
        })
    }

    fn finish_import(
        &self,
        org: &Organisation,
        import: &ImportHandle,
        valid_rows: u64,
        rejected: u64,
    ) -> Result<ImportInfo> {
        self.conns.write(|conn| {
            let changed = conn.execute(
                "UPDATE imports SET finished_at = ?1, status = 'finished', error = NULL,
                     duplicates = MAX(?2 - imported, 0), rejected = ?3
                 WHERE id = ?4 AND org_id = ?5",
                params![
                    now_rfc3339(),
                    valid_rows as i64,
                    rejected as i64,
                    import.id,
                    org.id
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            import_by_id(conn, org, &import.id)
        })
    }

    fn interrupt_import(
        &self,
        org: &Organisation,
        import: &ImportHandle,
        error: &str,
    ) -> Result<()> {
        self.conns.write(|conn| {
            conn.execute(
                "UPDATE imports SET status = 'interrupted', error = ?1
                 WHERE id = ?2 AND org_id = ?3 AND status = 'running'",
                params![error, import.id, org.id],
            )?;
            Ok(())
        })
    }

    fn imports(&self, org: &Organisation) -> Result<Vec<ImportInfo>> {
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {IMPORT_COLUMNS} FROM imports WHERE org_id = ?1
                 ORDER BY started_at DESC, id"
            ))?;
            let rows = stmt.query_map([&org.id], import_info)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn set_sharing(&self, org: &Organisation, case_id: &str, sharing: Sharing) -> Result<()> {
        self.conns.write(|conn| {
            let tx = conn.transaction()?;
            let pk: Option<i64> = tx
                .query_row(
                    "UPDATE cases SET sharing = ?1 WHERE id = ?2 AND org_id = ?3 RETURNING pk",
                    params![sharing.as_str(), case_id, org.id],
                    |r| r.get(0),
                )
                .optional()?;
            let pk = pk.ok_or(StoreError::NotFound)?;
            if sharing == Sharing::Private {
                for sql in tables(LinkKind::Persons).withdraw_from_others() {
                    tx.execute(&sql, named_params! {":pk": pk, ":org": org.id})?;
                }
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn case(&self, org: &Organisation, case_id: &str) -> Result<Option<StoredCase>> {
        let sql = format!(
            "SELECT {} FROM {CASE_TABLES} WHERE c.id = :id AND {}",
            case_columns(),
            visible("c")
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(named_params! {":id": case_id, ":org": org.id})?;
            match rows.next()? {
                Some(row) => Ok(Some(stored_case(row)?)),
                None => Ok(None),
            }
        })
    }

    fn for_each_case(
        &self,
        org: &Organisation,
        selection: CaseSelection,
        visit: &mut dyn FnMut(StoredCase) -> Result<()>,
    ) -> Result<u64> {
        let condition = match selection {
            CaseSelection::Own => "c.org_id = :org".to_string(),
            CaseSelection::Visible => visible("c"),
        };
        let sql = format!(
            "SELECT {} FROM {CASE_TABLES} WHERE {condition} ORDER BY c.pk",
            case_columns()
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query(named_params! {":org": org.id})?;
            let mut n = 0;
            while let Some(row) = rows.next()? {
                visit(stored_case(row)?)?;
                n += 1;
            }
            Ok(n)
        })
    }

    fn count_cases(&self, org: &Organisation) -> Result<u64> {
        let sql = format!("SELECT COUNT(*) FROM cases c WHERE {}", visible("c"));
        self.conns.read(|conn| {
            let n: i64 = conn.query_row(&sql, named_params! {":org": org.id}, |r| r.get(0))?;
            Ok(count(n))
        })
    }

    fn facet_counts(&self, org: &Organisation, facet: Facet) -> Result<Vec<(String, u64)>> {
        let sql = format!(
            "SELECT COALESCE(f.value, :unknown), COUNT(*) FROM cases c
             LEFT JOIN case_facets f ON f.case_pk = c.pk AND f.facet = :facet
             WHERE {}
             GROUP BY 1 ORDER BY COUNT(*) DESC, 1",
            visible("c")
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(
                named_params! {":facet": facet.as_str(), ":org": org.id, ":unknown": UNKNOWN},
                |r| Ok((r.get::<_, String>(0)?, count(r.get(1)?))),
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn crosstab(
        &self,
        org: &Organisation,
        rows: Facet,
        columns: Facet,
    ) -> Result<Vec<(String, String, u64)>> {
        // Facets a record says nothing about are not stored; LEFT JOIN counts them as unknown.
        let sql = format!(
            "SELECT COALESCE(a.value, :unknown), COALESCE(b.value, :unknown), COUNT(*) FROM cases c
             LEFT JOIN case_facets a ON a.case_pk = c.pk AND a.facet = :rows
             LEFT JOIN case_facets b ON b.case_pk = c.pk AND b.facet = :columns
             WHERE {}
             GROUP BY 1, 2 ORDER BY 1, 2",
            visible("c")
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let out = stmt.query_map(
                named_params! {
                    ":rows": rows.as_str(), ":columns": columns.as_str(), ":org": org.id,
                    ":unknown": UNKNOWN
                },
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        count(r.get(2)?),
                    ))
                },
            )?;
            Ok(out.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// Keys arrive as hex text; stored as their bytes they make the uniqueness index half as large,
/// which matters on the hot path of imports. Text that is not hex is stored as it is.
fn key_bytes(key: &str) -> Vec<u8> {
    let hex = key.as_bytes();
    if hex.len().is_multiple_of(2) && hex.iter().all(u8::is_ascii_hexdigit) {
        hex.chunks(2)
            .map(|pair| {
                let digit = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                (digit(pair[0]) << 4) | digit(pair[1])
            })
            .collect()
    } else {
        hex.to_vec()
    }
}
