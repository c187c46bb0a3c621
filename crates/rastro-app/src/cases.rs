//! Case files in and out: importing a file into an organisation's records, with every rejected
//! row reported (and written for correction), and exporting the records it may see.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::mpsc::{channel, sync_channel};
use std::time::Instant;

use crate::session::Session;
use rastro_import::export::{CaseWriter, CsvCaseWriter, JsonlCaseWriter, MarkColumns, Marks};
use rastro_import::rejects::RejectsWriter;
use rastro_import::{ImportOptions, Problem, RowOutcome};
use rastro_model::Field;
use rastro_store::{
    CaseSelection, ImportHandle, ImportInfo, NewCase, PreparedCases, ResumedImport, Scope,
};
use serde::Serialize;

use crate::progress::{Progress, Unit};
use crate::{AppError, Result};

/// Rows handed from the reading thread to the storing thread at a time, and stored in one
/// transaction. Each batch holds the store's write lock while it is stored, and every other
/// write and every trace of its organisation's reads waits for it: at 10,000 rows a loaded hub
/// held it for seconds, while 2,000 rows keep the wait short and cost the import little.
const BATCH: usize = 2_000;
/// Problems kept for the summary; all of them go to the rejects file.
const MAX_REPORTED_ERRORS: usize = 1_000;

/// The outcome of importing one file.
#[derive(Debug, Serialize, Default)]
pub struct ImportReport {
    pub file: String,
    /// Records stored by this run.
    pub imported: u64,
    pub rejected: u64,
    /// Valid rows whose record the organisation had already (before this import).
    pub duplicates: u64,
    pub rows: u64,
    pub errors: Vec<Problem>,
    #[serde(skip_serializing_if = "is_zero")]
    pub errors_omitted: u64,
    pub warnings: Vec<String>,
    /// Set when this run completed an import of the same file that had been interrupted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resumed: Option<Resumed>,
    #[serde(skip)]
    pub seconds: f64,
}

/// What the interrupted import had done before this run completed it.
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct Resumed {
    pub started_at: String,
    /// Records the interrupted run had stored (found again now, not stored twice).
    pub stored_before: u64,
    pub error: Option<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Imports one file into the scope's organisation. Rows another organisation's export marks as
/// its own are rejected. Errors only when the file cannot be read at all or the import is
/// interrupted (a store failure, an unwritable rejects file); an interrupted import is recorded
/// as such, keeps what it stored, and completes when run again.
pub fn import_cases(
    session: &Session,
    path: &Path,
    options: &ImportOptions,
    rejects_path: Option<&Path>,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let scope = &session.scope();
    let started = Instant::now();
    let options = ImportOptions {
        importer: Some(scope.organisation().name.clone()),
        ..options.clone()
    };
    let source = rastro_import::open(path, &options)?;
    let info = source.info().clone();
    let mut report = ImportReport {
        file: path.display().to_string(),
        warnings: info.warnings.clone(),
        ..ImportReport::default()
    };
    for warning in &info.warnings {
        tracing::info!("{}: {warning}", path.display());
    }
    // Created before anything is stored, so that a path that cannot be written stops the import
    // before it starts.
    let rejects = match rejects_path {
        Some(p) => {
            let file = File::create(p).map_err(AppError::io(p))?;
            Some(RejectsWriter::new(
                BufWriter::new(file),
                source.headers().map(<[String]>::to_vec),
            ))
        }
        None => None,
    };
    let import = scope.begin_import(&path.display().to_string(), info.format.name())?;
    report.resumed = import.resumed.as_ref().map(resumed);
    progress.start("importing", info.size, Unit::Bytes);
    let outcome = store_rows(scope, &import, source, rejects, &mut report, progress);
    progress.finish();
    let stored_before = import.resumed.as_ref().map_or(0, |r| r.stored);
    match outcome {
        Ok(valid_rows) => {
            let recorded = scope.finish_import(&import, valid_rows, report.rejected)?;
            // Rows the interrupted run stored come back as already present; they are this
            // import's own, not duplicates of earlier ones.
            report.duplicates = report.duplicates.saturating_sub(stored_before);
            debug_assert!(recorded.imported >= report.imported);
            report.seconds = started.elapsed().as_secs_f64();
            tracing::info!(
                imported = report.imported,
                rejected = report.rejected,
                duplicates = report.duplicates,
                seconds = report.seconds,
                "import finished"
            );
            Ok(report)
        }
        Err(cause) => {
            let cause = cause.to_string();
            if let Err(e) = scope.interrupt_import(&import, &cause) {
                tracing::error!("could not mark import {} as interrupted: {e}", import.id);
            }
            // The store commits a batch in parts, so the failing batch may have left some of
            // its rows stored: the import's own count says what is kept.
            let stored = scope
                .imports()
                .ok()
                .and_then(|all| all.into_iter().find(|i| i.id == import.id))
                .map_or(stored_before + report.imported, |i| i.imported);
            Err(AppError::ImportInterrupted {
                file: path.display().to_string(),
                rows: report.rows,
                stored,
                cause,
            })
        }
    }
}

fn resumed(r: &ResumedImport) -> Resumed {
    Resumed {
        started_at: r.started_at.clone(),
        stored_before: r.stored,
        error: r.error.clone(),
    }
}

/// Reads on one thread, seals on another and stores on this one, so that parsing, encryption
/// and the database overlap; returns how many valid rows were read. Stored batches go back to
/// the threads that made them to be freed there (the rows to the reading thread, the sealed
/// cases to the sealing thread): freeing keeps the allocator from locking across threads, and
/// the storing thread, which an import waits for, spent a twentieth of its time freeing.
fn store_rows(
    scope: &Scope<'_>,
    import: &ImportHandle,
    mut source: rastro_import::CaseSource,
    mut rejects: Option<RejectsWriter<BufWriter<File>>>,
    report: &mut ImportReport,
    progress: &dyn Progress,
) -> Result<u64> {
    let (sender, receiver) = sync_channel::<(Vec<RowOutcome>, u64)>(1);
    let (sealed_sender, sealed) = sync_channel::<(Vec<RowOutcome>, u64, PreparedCases)>(1);
    let (recycle, recycled) = channel::<Vec<RowOutcome>>();
    let (spent, stored) = channel::<PreparedCases>();
    // Everything moves in, so that an early return drops the receivers and the other threads,
    // finding no one to send to, end; the scope then joins them instead of waiting forever.
    std::thread::scope(move |s| -> Result<u64> {
        let mut valid_rows = 0u64;
        let reader = s.spawn(move || -> Option<std::io::Error> {
            let mut batch = Vec::with_capacity(BATCH);
            while let Some(outcome) = source.next() {
                batch.push(outcome);
                if batch.len() == BATCH {
                    let read = source.bytes_read();
                    if sender.send((std::mem::take(&mut batch), read)).is_err() {
                        return None;
                    }
                    while let Ok(done) = recycled.try_recv() {
                        drop(done);
                    }
                }
            }
            let read = source.bytes_read();
            let _ = sender.send((batch, read));
            source.take_io_error()
        });
        let sealer = s.spawn(move || -> Result<()> {
            for (batch, bytes_read) in receiver.iter() {
                while let Ok(done) = stored.try_recv() {
                    drop(done);
                }
                let valid: Vec<NewCase<'_>> = batch
                    .iter()
                    .filter_map(|outcome| match outcome {
                        RowOutcome::Valid {
                            row,
                            record,
                            key,
                            parts,
                            ..
                        } => Some(NewCase {
                            record,
                            key,
                            source_row: *row,
                            parts: Some(parts),
                        }),
                        RowOutcome::Rejected { .. } => None,
                    })
                    .collect();
                let prepared = scope.prepare_cases(&valid)?;
                drop(valid);
                if sealed_sender.send((batch, bytes_read, prepared)).is_err() {
                    break;
                }
            }
            Ok(())
        });
        for (batch, bytes_read, prepared) in sealed.iter() {
            for outcome in &batch {
                report.rows += 1;
                if let RowOutcome::Rejected {
                    row, raw, problems, ..
                } = outcome
                {
                    report.rejected += 1;
                    if let Some(writer) = rejects.as_mut() {
                        writer.write(*row, raw, problems).map_err(|e| {
                            AppError::Refused(format!("writing the rejects file: {e}"))
                        })?;
                    }
                    for problem in problems {
                        if report.errors.len() < MAX_REPORTED_ERRORS {
                            report.errors.push(problem.clone());
                        } else {
                            report.errors_omitted += 1;
                        }
                    }
                }
            }
            valid_rows += prepared.len() as u64;
            let outcome = scope.insert_prepared(import, &prepared)?;
            report.imported += outcome.inserted;
            report.duplicates += outcome.duplicates;
            progress.set_position(bytes_read);
            // The reader or the sealer may have finished already; then what it made is simply
            // freed here.
            let _ = recycle.send(batch);
            let _ = spent.send(prepared);
        }
        sealer
            .join()
            .map_err(|_| AppError::WorkerFailed("the sealing thread panicked".into()))??;
        let io_error = reader
            .join()
            .map_err(|_| AppError::WorkerFailed("the reading thread panicked".into()))?;
        if let Some(writer) = rejects.take() {
            writer
                .finish()
                .map_err(|e| AppError::Refused(format!("writing the rejects file: {e}")))?;
        }
        if let Some(e) = io_error {
            return Err(AppError::Refused(format!(
                "reading stopped after {} rows: {e}",
                report.rows
            )));
        }
        Ok(valid_rows)
    })
}

/// The organisation's own cases with this identity number or name (exact after normalising;
/// through keyed indexes, so the value is never stored in the clear).
pub fn find_own(
    session: &Session,
    lookup: rastro_store::Lookup,
    value: &str,
) -> Result<Vec<String>> {
    Ok(session.scope().find_own_cases(lookup, value)?)
}

/// The organisation's imports, newest first (with interrupted ones marked).
pub fn imports(session: &Session) -> Result<Vec<ImportInfo>> {
    let scope = &session.scope();
    Ok(scope.imports()?)
}

/// Formats records are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

/// What an export writes besides the fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: ExportFormat,
    /// Write each record's Rastro id.
    pub with_id: bool,
    /// Which records: the organisation's own (the default), or also those shared with it.
    pub selection: CaseSelection,
}

/// Writes the chosen records; every record carries its owner, so that a shared record never
/// comes back in as someone else's private copy. Returns how many were written.
pub fn export_cases(session: &Session, options: ExportOptions, out: Box<dyn Write>) -> Result<u64> {
    let scope = &session.scope();
    let mut failure = None;
    let mut keep = |e: std::io::Error| {
        let message = e.to_string();
        failure = Some(e);
        rastro_store::StoreError::Source(message)
    };
    // Only whole records leave Rastro: the organisation's own, and those granted to it in full.
    let count = match options.format {
        ExportFormat::Csv => {
            // Written from the stored cells, without decoding each record: a million records
            // stream out at the rate the store reads them.
            let mut writer = CsvCaseWriter::new(
                out,
                Field::ALL,
                MarkColumns {
                    id: options.with_id,
                    owner: true,
                },
            )
            .map_err(AppError::io("export"))?;
            let count = scope.for_each_full_case_cells(options.selection, &mut |case| {
                let marks = Marks {
                    id: options.with_id.then_some(case.id),
                    owner: Some(case.owner),
                };
                writer.write_cells(marks, case.cells).map_err(&mut keep)
            });
            count.and_then(|n| Box::new(writer).finish().map(|()| n).map_err(&mut keep))
        }
        ExportFormat::Jsonl => {
            let mut writer = JsonlCaseWriter::new(out);
            let count = scope.for_each_full_case(options.selection, &mut |case| {
                let marks = Marks {
                    id: options.with_id.then_some(case.id.as_str()),
                    owner: Some(case.owner.as_str()),
                };
                writer.write(marks, &case.record).map_err(&mut keep)
            });
            count.and_then(|n| Box::new(writer).finish().map(|()| n).map_err(&mut keep))
        }
    };
    if let Some(e) = failure {
        return Err(AppError::Io {
            path: "export".into(),
            source: e,
        });
    }
    Ok(count?)
}

/// A page of the records the session sees at summary level or more, each at its own level, in
/// the order stored; and how many there are in all (kept in `totals` between pages).
pub fn visible_page(
    session: &Session,
    totals: &rastro_store::CaseTotals,
    offset: usize,
    limit: usize,
) -> Result<(Vec<rastro_store::CaseView>, u64)> {
    Ok(session
        .scope()
        .case_page(offset as u64, limit as u64, Some(totals))?)
}

/// One record at the level the session sees it; `None` when it does not exist or may not be
/// seen (the same answer for both).
pub fn visible_case(session: &Session, id: &str) -> Result<Option<rastro_store::CaseView>> {
    Ok(session.scope().case(id)?)
}
