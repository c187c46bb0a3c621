//! Case records and imports in SQLite.

use rastro_model::CaseRecord;
use rusqlite::types::{Type, Value};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::access::Access;
use super::keyring::{Purpose, PLATFORM};
use super::{count, SqliteBackend};
use crate::api::access::{Level, RecordKind};
use crate::api::cases::{
    BatchOutcome, CaseBackend, CaseSelection, ExportedCase, Facet, ImportHandle, ImportInfo,
    ImportStatus, NewCase, PreparedCase, PreparedCases, Provenance, RawCase, ResumedImport,
    UNKNOWN,
};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::facets::facets_of;
use crate::pseudonyms::{Lookup, Pseudonyms};
use crate::sealing::{open_case, open_personal, record_key, seal_case, SealingKeys};
use crate::sql::visibility::{level, visible};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};
use rusqlite::{CachedStatement, Transaction};

/// The columns [`raw_case`] reads, with the level at which the actor sees the row.
fn case_columns() -> String {
    format!(
        "c.id, o.name, c.org_id = :org, {}, c.record, c.import_id, im.source_file, c.source_row,
         im.started_at, c.org_id, s.personal, c.key_version, s.pseudonyms",
        level(RecordKind::Case, "c")
    )
}

/// Every case, read in storage order for a statistic. Without `NOT INDEXED` SQLite walks the
/// (organisation, key) index, the visibility rule needing no other column, and then looks up
/// each case's facets in random order: twice as slow on 200,000 cases.
pub(super) const SCAN_CASES: &str = "cases c NOT INDEXED";

/// The tables [`case_columns`] reads from.
const CASE_TABLES: &str = "cases c JOIN organisations o ON o.id = c.org_id
     JOIN imports im ON im.id = c.import_id LEFT JOIN case_secrets s ON s.case_pk = c.pk";

/// The same tables for a read of many cases in storage order: a walk of the table, as
/// [`SCAN_CASES`], instead of an index walk whose rows must then be sorted back into order.
const SCANNED_CASE_TABLES: &str = "cases c NOT INDEXED JOIN organisations o ON o.id = c.org_id
     JOIN imports im ON im.id = c.import_id LEFT JOIN case_secrets s ON s.case_pk = c.pk";

/// Opens the personal part of the cases a read returns in full.
pub(super) struct Opener<'a> {
    pub backend: &'a SqliteBackend,
    pub conn: &'a Connection,
}

impl Opener<'_> {
    fn whole(
        &self,
        open: CaseRecord,
        sealed: Option<&[u8]>,
        org_id: &str,
        version: u32,
        case_id: &str,
    ) -> Result<CaseRecord> {
        if sealed.is_none() {
            return Ok(open);
        }
        let key = self
            .backend
            .ring
            .data(self.conn, &self.backend.keys, org_id, version)?;
        open_case(open, sealed, &key, org_id, case_id)
    }
}

/// Column `i` of `row` as text, borrowed from the row.
fn text_at<'r>(row: &'r Row<'_>, i: usize) -> Result<&'r str> {
    Ok(row
        .get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))?)
}

fn raw_case(row: &Row<'_>, opener: &Opener<'_>) -> Result<RawCase> {
    let id: String = row.get(0)?;
    let own: bool = row.get(2)?;
    let level = Level::from_rank(row.get(3)?).ok_or_else(|| StoreError::Corrupt {
        id: id.clone(),
        reason: "a record read below the lowest level".into(),
    })?;
    let compact: String = row.get(4)?;
    let open = CaseRecord::from_compact(&compact).map_err(|reason| StoreError::Corrupt {
        id: id.clone(),
        reason,
    })?;
    let owner_id: String = row.get(9)?;
    let version: Option<i64> = row.get(11)?;
    // The personal part is opened only for a read in full; below it, it is never decrypted.
    let record = match (level, version) {
        (Level::Full, Some(version)) => {
            let sealed: Option<Vec<u8>> = row.get(10)?;
            opener.whole(open, sealed.as_deref(), &owner_id, version as u32, &id)?
        }
        _ => open,
    };
    let pseudonyms: Option<String> = row.get(12)?;
    // Where a record came from describes its owner's systems: nobody else learns it.
    let provenance = if own {
        Some(Provenance {
            import_id: row.get(5)?,
            source_file: row.get(6)?,
            source_row: count(row.get(7)?),
            imported_at: row.get(8)?,
        })
    } else {
        None
    };
    Ok(RawCase {
        id,
        owner: row.get(1)?,
        owner_id,
        level,
        record,
        pseudonyms: Pseudonyms::from_json(pseudonyms.as_deref()),
        provenance,
    })
}

const IMPORT_COLUMNS: &str = "id, source_file, format, started_at, finished_at, status, imported, \
     duplicates, rejected, error, kind";

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
        kind: if r.get::<_, String>(10)? == "transaction" {
            RecordKind::Transaction
        } else {
            RecordKind::Case
        },
    })
}

pub(super) fn import_by_id(conn: &Connection, actor: &Actor, id: &str) -> Result<ImportInfo> {
    conn.query_row(
        &format!("SELECT {IMPORT_COLUMNS} FROM imports WHERE id = ?1 AND org_id = ?2"),
        params![id, actor.organisation().id],
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
        let handle = self.write_audited(audit, |tx, audit| {
            let unfinished = tx
                .query_row(
                    "SELECT id, started_at, imported, error FROM imports
                     WHERE org_id = ?1 AND source_file = ?2 AND status <> 'finished'
                       AND kind = 'case'
                     ORDER BY started_at DESC LIMIT 1",
                    params![actor.organisation().id, source_file],
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
                        params![
                            new_id,
                            actor.organisation().id,
                            source_file,
                            format,
                            now_rfc3339()
                        ],
                    )?;
                    ImportHandle {
                        id: new_id,
                        source_file: source_file.to_string(),
                        resumed: None,
                    }
                }
            };
            audit.detail.push(("import", handle.id.clone()));
            audit
                .detail
                .push(("resumed", handle.resumed.is_some().to_string()));
            Ok(handle)
        })?;
        self.conns.begin_bulk()?;
        Ok(handle)
    }

    fn prepare_cases(&self, actor: &Actor, cases: &[NewCase<'_>]) -> Result<PreparedCases> {
        let ids = self.ids(cases.len())?;
        let org = &actor.organisation().id;
        let keys = self
            .conns
            .read(|conn| self.ring.org_keys(conn, &self.keys, org))?;
        let rows = cases
            .iter()
            .zip(ids)
            .map(|(case, id)| {
                prepare_case(
                    case.record,
                    &key_bytes(case.key),
                    case.source_row,
                    id,
                    org,
                    &keys.sealing(),
                )
            })
            .collect::<Result<_>>()?;
        Ok(PreparedCases {
            org_id: org.clone(),
            key_version: keys.version,
            rows,
        })
    }

    fn insert_prepared(
        &self,
        actor: &Actor,
        import: &ImportHandle,
        cases: PreparedCases,
        audit: AuditDraft,
    ) -> Result<BatchOutcome> {
        let org = &actor.organisation().id;
        if cases.org_id != *org {
            return Err(StoreError::Invalid(
                "cases prepared for another organisation".into(),
            ));
        }
        self.write_audited(audit, |tx, audit| {
            let mut outcome = BatchOutcome::default();
            {
                let mut writer = CaseWriter::new(tx)?;
                for case in &cases.rows {
                    match writer.write(org, &import.id, cases.key_version, case)? {
                        Some(_) => outcome.inserted += 1,
                        None => outcome.duplicates += 1,
                    }
                }
            }
            // The count moves with the batch, so an interrupted import knows what it stored.
            tx.execute(
                "UPDATE imports SET imported = imported + ?1 WHERE id = ?2 AND org_id = ?3",
                params![outcome.inserted as i64, import.id, actor.organisation().id],
            )?;
            audit.count = Some(outcome.inserted);
            audit
                .detail
                .push(("duplicates", outcome.duplicates.to_string()));
            Ok(outcome)
        })
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
        self.write_audited(audit, |conn, _| {
            let changed = conn.execute(
                "UPDATE imports SET finished_at = ?1, status = 'finished', error = NULL,
                     duplicates = MAX(?2 - imported, 0), rejected = ?3
                 WHERE id = ?4 AND org_id = ?5",
                params![
                    now_rfc3339(),
                    valid_rows as i64,
                    rejected as i64,
                    import.id,
                    actor.organisation().id
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            import_by_id(conn, actor, &import.id)
        })
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
                "UPDATE imports SET status = 'interrupted', error = ?1
                 WHERE id = ?2 AND org_id = ?3 AND status = 'running'",
                params![error, import.id, actor.organisation().id],
            )?;
            Ok(())
        })
    }

    fn imports(&self, actor: &Actor) -> Result<Vec<ImportInfo>> {
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {IMPORT_COLUMNS} FROM imports WHERE org_id = ?1
                 ORDER BY started_at DESC, id"
            ))?;
            let rows = stmt.query_map([&actor.organisation().id], import_info)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn case(&self, actor: &Actor, case_id: &str) -> Result<Option<RawCase>> {
        let sql = format!(
            "SELECT {} FROM {CASE_TABLES} WHERE c.id = :id AND {}",
            case_columns(),
            visible(RecordKind::Case, "c")
        );
        let bound = Access::of(actor).params(
            RecordKind::Case,
            Some(Level::Exists),
            &[(":id", Value::from(case_id.to_string()))],
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(bound.as_params().as_slice())?;
            match rows.next()? {
                Some(row) => Ok(Some(raw_case(
                    row,
                    &Opener {
                        backend: self,
                        conn,
                    },
                )?)),
                None => Ok(None),
            }
        })
    }

    fn for_each_case(
        &self,
        actor: &Actor,
        need: Level,
        selection: CaseSelection,
        visit: &mut dyn FnMut(RawCase) -> Result<()>,
    ) -> Result<u64> {
        let own = match selection {
            CaseSelection::Own => "c.org_id = :org AND ",
            CaseSelection::Visible => "",
        };
        let sql = format!(
            "SELECT {} FROM {SCANNED_CASE_TABLES} WHERE {own}{} ORDER BY c.pk",
            case_columns(),
            visible(RecordKind::Case, "c")
        );
        let bound = Access::of(actor).params(RecordKind::Case, Some(need), &[]);
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query(bound.as_params().as_slice())?;
            let opener = Opener {
                backend: self,
                conn,
            };
            let mut n = 0;
            while let Some(row) = rows.next()? {
                visit(raw_case(row, &opener)?)?;
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
        let own = match selection {
            CaseSelection::Own => "c.org_id = :org AND ",
            CaseSelection::Visible => "",
        };
        let sql = format!(
            "SELECT c.id, o.name, c.org_id, c.record, s.personal, c.key_version
             FROM cases c NOT INDEXED JOIN organisations o ON o.id = c.org_id
             LEFT JOIN case_secrets s ON s.case_pk = c.pk
             WHERE {own}{} ORDER BY c.pk",
            visible(RecordKind::Case, "c")
        );
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
                let mut parts = vec![text(3)?];
                parts.extend(personal.as_deref());
                rastro_model::compact_cells(&parts, &mut cells).map_err(|reason| {
                    StoreError::Corrupt {
                        id: id.to_string(),
                        reason,
                    }
                })?;
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
                let mut stmt = conn.prepare_cached(
                    "SELECT id FROM cases WHERE org_id = ?1 AND id_index = ?2 ORDER BY pk",
                )?;
                let rows = stmt.query_map(params![org, lookup.mac(&index, value)], |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            }
            Lookup::Name => {
                // Names are matched on their pseudonyms, a scan of the organisation's cases.
                let key = self
                    .ring
                    .secret(conn, &self.keys, PLATFORM, Purpose::Pseudonym)?;
                let wanted = Pseudonyms::name_query(value, &key);
                let mut stmt = conn.prepare_cached(
                    "SELECT c.id, s.pseudonyms FROM cases c JOIN case_secrets s ON s.case_pk = c.pk
                     WHERE c.org_id = ?1 ORDER BY c.pk",
                )?;
                let mut rows = stmt.query([org])?;
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

    fn count_cases(&self, actor: &Actor) -> Result<u64> {
        let sql = format!(
            "SELECT COUNT(*) FROM cases c WHERE {}",
            visible(RecordKind::Case, "c")
        );
        let bound = Access::of(actor).params(RecordKind::Case, Some(Level::Summary), &[]);
        self.conns.read(|conn| {
            let n: i64 = conn.query_row(&sql, bound.as_params().as_slice(), |r| r.get(0))?;
            Ok(count(n))
        })
    }

    fn facet_counts(&self, actor: &Actor, facet: Facet) -> Result<Vec<(String, u64)>> {
        let sql = format!(
            "SELECT COALESCE(f.value, :unknown), COUNT(*) FROM {SCAN_CASES}
             LEFT JOIN case_facets f ON f.case_pk = c.pk AND f.facet = :facet
             WHERE {}
             GROUP BY 1 ORDER BY COUNT(*) DESC, 1",
            visible(RecordKind::Case, "c")
        );
        let bound = Access::of(actor).params(
            RecordKind::Case,
            Some(Level::Summary),
            &[
                (":facet", Value::from(facet.as_str().to_string())),
                (":unknown", Value::from(UNKNOWN.to_string())),
            ],
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(bound.as_params().as_slice(), |r| {
                Ok((r.get::<_, String>(0)?, count(r.get(1)?)))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn crosstab(
        &self,
        actor: &Actor,
        rows: Facet,
        columns: Facet,
    ) -> Result<Vec<(String, String, u64)>> {
        // Facets a record says nothing about are not stored; LEFT JOIN counts them as unknown.
        let sql = format!(
            "SELECT COALESCE(a.value, :unknown), COALESCE(b.value, :unknown), COUNT(*) FROM {SCAN_CASES}
             LEFT JOIN case_facets a ON a.case_pk = c.pk AND a.facet = :rows
             LEFT JOIN case_facets b ON b.case_pk = c.pk AND b.facet = :columns
             WHERE {}
             GROUP BY 1, 2 ORDER BY 1, 2",
            visible(RecordKind::Case, "c")
        );
        let bound = Access::of(actor).params(
            RecordKind::Case,
            Some(Level::Summary),
            &[
                (":rows", Value::from(rows.as_str().to_string())),
                (":columns", Value::from(columns.as_str().to_string())),
                (":unknown", Value::from(UNKNOWN.to_string())),
            ],
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let out = stmt.query_map(bound.as_params().as_slice(), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    count(r.get(2)?),
                ))
            })?;
            Ok(out.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// A case made ready to store: sealed, keyed, its facets and consent bits read.
pub(super) fn prepare_case(
    record: &CaseRecord,
    content_key: &[u8],
    source_row: u64,
    id: String,
    org: &str,
    keys: &SealingKeys<'_>,
) -> Result<PreparedCase> {
    Ok(PreparedCase {
        sealed: seal_case(record, org, &id, keys)?,
        record_key: record_key(keys.index, content_key),
        role: record.role().as_str(),
        source_row,
        facets: facets_of(record),
        consents: htcds_consents(record),
        id,
    })
}

/// Writes prepared cases, its statements prepared once for a whole batch.
pub(super) struct CaseWriter<'t> {
    tx: &'t Transaction<'t>,
    case: CachedStatement<'t>,
    secrets: CachedStatement<'t>,
    facet: CachedStatement<'t>,
}

impl<'t> CaseWriter<'t> {
    pub fn new(tx: &'t Transaction<'t>) -> Result<CaseWriter<'t>> {
        Ok(CaseWriter {
            // `RETURNING` would buffer a result per row; on this hot path SQLite's own count
            // of changed rows and last row id cost nothing.
            case: tx.prepare_cached(
                "INSERT INTO cases (id, org_id, record_key, import_id, source_row, role, record,
                     key_version, id_index, htcds_consent)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (org_id, record_key) DO NOTHING",
            )?,
            secrets: tx.prepare_cached(
                "INSERT INTO case_secrets (case_pk, personal, pseudonyms) VALUES (?1, ?2, ?3)",
            )?,
            facet: tx.prepare_cached(
                "INSERT INTO case_facets (case_pk, facet, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
            )?,
            tx,
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
        let sealed = &case.sealed;
        let changed = self.case.execute(params![
            case.id,
            org,
            case.record_key,
            import_id,
            case.source_row as i64,
            case.role,
            sealed.open,
            key_version,
            sealed.id_index,
            case.consents
        ])?;
        if changed == 0 {
            return Ok(None);
        }
        let pk = self.tx.last_insert_rowid();
        self.secrets
            .execute(params![pk, sealed.personal, sealed.pseudonyms])?;
        for (facet, value) in &case.facets {
            self.facet.execute(params![pk, facet.as_str(), value])?;
        }
        Ok(Some(pk))
    }
}

/// HTCDS's consent checkboxes, as the bits the case keeps until they become consent records
/// ([`super::consents::HTCDS_CONSENTS`]).
fn htcds_consents(record: &CaseRecord) -> i64 {
    i64::from(record.consent == Some(true))
        | (i64::from(record.victim.agreement_to_manage_personal_data == Some(true)) << 1)
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
