//! Transactions in: a file (CSV or JSON lines) streamed through `rastro_finance::read` into the
//! organisation's transactions, every bad row reported with row, column and reason and the good
//! ones kept; the organisation's transactions read back for the red flags; and the labelled
//! generator of synthetic transactions.

mod codec;

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::Arc;
use std::time::Instant;

use rastro_finance::read::{Problem, Row};
use rastro_finance::{contact_key, Transaction};
use rastro_store::{ImportHandle, NewTransaction, PreparedTransactions, Scope, StoredTransaction};
use serde::Serialize;

use crate::cases::Resumed;
use crate::progress::{Progress, Unit};
use crate::session::Session;
use crate::{AppError, Result};

pub use codec::account_key;
pub use rastro_finance::generate::{Config as GenerateConfig, Summary as GenerateSummary};
pub use rastro_finance::read::Format as FileFormat;
pub use rastro_store::TransactionCounts;

/// Rows handed from the reading thread to the sealing thread at a time.
const BATCH: usize = 10_000;
/// Problems kept for the summary; every rejected row is counted.
const MAX_REPORTED_ERRORS: usize = 1_000;

/// The outcome of importing one transactions file.
#[derive(Debug, Serialize, Default)]
pub struct TransactionImport {
    pub file: String,
    /// Data rows read (good and bad).
    pub rows: u64,
    /// Transactions stored by this run.
    pub imported: u64,
    /// Good rows whose transaction the organisation had already (an earlier import, or an
    /// earlier row of the same file).
    pub duplicates: u64,
    pub rejected: u64,
    /// Every problem of the rejected rows (row, line, column, value, reason), up to a limit.
    pub errors: Vec<Problem>,
    #[serde(skip_serializing_if = "is_zero")]
    pub errors_omitted: u64,
    /// Header names that are not a field (their values are ignored).
    pub unknown_columns: Vec<String>,
    /// Set when this run completed an import of the same file that had been interrupted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resumed: Option<Resumed>,
    #[serde(skip)]
    pub seconds: f64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A file being read, counting the bytes taken from it for the progress bar.
struct Counting {
    inner: File,
    read: Arc<AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Imports a transactions file into the session's organisation: CSV or JSON lines, by
/// `format` or else by the file's extension. Errors only when the file cannot be read at all
/// or the import is interrupted (a store failure); an interrupted import keeps what it stored
/// and completes when run again. Importing the same file twice adds nothing.
pub fn import(
    session: &Session,
    path: &Path,
    format: Option<FileFormat>,
    progress: &dyn Progress,
) -> Result<TransactionImport> {
    let scope = &session.scope();
    let started = Instant::now();
    let format = format.unwrap_or_else(|| FileFormat::from_path(path));
    let file = File::open(path).map_err(AppError::io(path))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let read = Arc::new(AtomicU64::new(0));
    let counting = Counting {
        inner: file,
        read: Arc::clone(&read),
    };
    let name = path.display().to_string();
    let reader = rastro_finance::read::from_reader(Box::new(counting), format, &name)
        .map_err(|e| AppError::Refused(e.to_string()))?;
    let mut report = TransactionImport {
        file: name.clone(),
        unknown_columns: reader.unknown_columns().to_vec(),
        ..TransactionImport::default()
    };
    let format_name = match format {
        FileFormat::Csv => "csv",
        FileFormat::JsonLines => "jsonl",
    };
    let import = scope.begin_transaction_import(&name, format_name)?;
    report.resumed = import.resumed.as_ref().map(|r| Resumed {
        started_at: r.started_at.clone(),
        stored_before: r.stored,
        error: r.error.clone(),
    });
    progress.start("importing transactions", size, Unit::Bytes);
    let outcome = store_rows(scope, &import, reader, &read, &mut report, progress);
    progress.finish();
    let stored_before = import.resumed.as_ref().map_or(0, |r| r.stored);
    match outcome {
        Ok(valid_rows) => {
            scope.finish_transaction_import(&import, valid_rows, report.rejected)?;
            // What the interrupted run stored comes back as present: this import's own rows.
            report.duplicates = report.duplicates.saturating_sub(stored_before);
            report.seconds = started.elapsed().as_secs_f64();
            tracing::info!(
                imported = report.imported,
                rejected = report.rejected,
                duplicates = report.duplicates,
                seconds = report.seconds,
                "transactions imported"
            );
            Ok(report)
        }
        Err(cause) => {
            let cause = cause.to_string();
            if let Err(e) = scope.interrupt_transaction_import(&import, &cause) {
                tracing::error!("could not mark import {} as interrupted: {e}", import.id);
            }
            Err(AppError::ImportInterrupted {
                file: name,
                rows: report.rows,
                stored: stored_before + report.imported,
                cause,
            })
        }
    }
}

/// What the sealing thread makes of a batch of valid rows: their store form.
fn prepare(scope: &Scope<'_>, batch: &[Row]) -> Result<PreparedTransactions> {
    struct Ready {
        fingerprint: [u8; 16],
        row: u64,
        debtor: Option<String>,
        creditor: Option<String>,
        contact: Option<String>,
        body: String,
        at: i64,
        offset: i16,
    }
    let ready: Vec<Ready> = batch
        .iter()
        .filter_map(|row| row.outcome.as_ref().ok().map(|t| (row.row, t)))
        .map(|(row, t)| Ready {
            fingerprint: t.fingerprint().bytes(),
            row,
            debtor: t.debtor.account.as_deref().and_then(account_key),
            creditor: t.creditor.account.as_deref().and_then(account_key),
            contact: t.contact.as_deref().and_then(contact_key),
            body: codec::encode(t),
            at: t.time.utc_seconds(),
            offset: t.time.offset_minutes(),
        })
        .collect();
    let new: Vec<NewTransaction<'_>> = ready
        .iter()
        .map(|r| NewTransaction {
            fingerprint: &r.fingerprint,
            source_row: r.row,
            at: r.at,
            utc_offset: r.offset,
            debtor_account: r.debtor.as_deref(),
            creditor_account: r.creditor.as_deref(),
            contact: r.contact.as_deref(),
            body: &r.body,
        })
        .collect();
    Ok(scope.prepare_transactions(&new)?)
}

/// Reads on one thread, seals on another and stores on this one, so that parsing, encryption
/// and the database overlap; returns how many valid rows were read. Batches go back to the
/// reading thread to be freed where they were allocated.
fn store_rows(
    scope: &Scope<'_>,
    import: &ImportHandle,
    mut reader: rastro_finance::read::TransactionReader,
    bytes_read: &AtomicU64,
    report: &mut TransactionImport,
    progress: &dyn Progress,
) -> Result<u64> {
    let (sender, receiver) = sync_channel::<Vec<Row>>(1);
    let (sealed_sender, sealed) = sync_channel::<(Vec<Row>, PreparedTransactions)>(1);
    let (recycle, recycled) = channel::<Vec<Row>>();
    // Everything moves in, so that an early return drops the receivers and the other threads,
    // finding no one to send to, end; the scope then joins them instead of waiting forever.
    std::thread::scope(move |s| -> Result<u64> {
        let mut valid_rows = 0u64;
        let reading = s.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for row in reader.by_ref() {
                batch.push(row);
                if batch.len() == BATCH {
                    if sender.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    while let Ok(done) = recycled.try_recv() {
                        drop(done);
                    }
                }
            }
            let _ = sender.send(batch);
        });
        let sealing = s.spawn(move || -> Result<()> {
            for batch in receiver.iter() {
                let prepared = prepare(scope, &batch)?;
                if sealed_sender.send((batch, prepared)).is_err() {
                    break;
                }
            }
            Ok(())
        });
        for (batch, prepared) in sealed.iter() {
            for row in &batch {
                report.rows += 1;
                if let Err(problems) = &row.outcome {
                    report.rejected += 1;
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
            let outcome = scope.import_transactions(import, prepared)?;
            report.imported += outcome.inserted;
            report.duplicates += outcome.duplicates;
            progress.set_position(bytes_read.load(Ordering::Relaxed));
            let _ = recycle.send(batch);
        }
        sealing
            .join()
            .map_err(|_| AppError::WorkerFailed("the sealing thread panicked".into()))??;
        reading
            .join()
            .map_err(|_| AppError::WorkerFailed("the reading thread panicked".into()))?;
        Ok(valid_rows)
    })
}

/// The session's organisation's transactions at or after `since` (UTC seconds; all when
/// `None`), in time order, each with its store id; `progress` counts them.
pub fn stored(
    session: &Session,
    since: Option<i64>,
    progress: &dyn Progress,
) -> Result<(Vec<Transaction>, Vec<String>)> {
    /// Stored transactions handed to the decoding thread at a time.
    const DECODE_BATCH: usize = 8_192;
    let scope = session.scope();
    progress.start("reading transactions", 0, Unit::Items);
    let (sender, receiver) = sync_channel::<Vec<StoredTransaction>>(2);
    // The store reads and opens on this thread (and its helpers) while another decodes what
    // it opened: the two halves of reading transactions back overlap.
    let (read, decoded) = std::thread::scope(|s| {
        let decoder = s.spawn(move || {
            let mut interner = codec::Interner::default();
            let mut transactions = Vec::new();
            let mut ids = Vec::new();
            let mut damaged: Option<(String, String)> = None;
            for batch in receiver {
                for stored in batch {
                    match codec::decode(&stored, &mut interner) {
                        Ok(t) => {
                            transactions.push(t);
                            ids.push(stored.id);
                        }
                        Err(reason) => {
                            damaged.get_or_insert((stored.id, reason));
                        }
                    }
                }
            }
            (transactions, ids, damaged)
        });
        let mut batch = Vec::with_capacity(DECODE_BATCH);
        let mut seen = 0u64;
        let read = scope.for_each_transaction(since, &mut |stored| {
            batch.push(stored);
            if batch.len() == DECODE_BATCH {
                seen += batch.len() as u64;
                progress.set_position(seen);
                // The decoder only stops early by panicking, which the join below reports.
                let _ = sender.send(std::mem::take(&mut batch));
            }
            Ok(())
        });
        let _ = sender.send(batch);
        drop(sender);
        (read, decoder.join())
    });
    progress.finish();
    read?;
    let (transactions, ids, damaged) =
        decoded.map_err(|_| AppError::WorkerFailed("the decoding thread panicked".into()))?;
    if let Some((id, reason)) = damaged {
        return Err(AppError::Refused(format!(
            "stored transaction {id} cannot be read ({reason}); import its file again"
        )));
    }
    Ok((transactions, ids))
}

/// How many transactions and alerts the organisation holds: they are only ever added, so the
/// pair is a cache key for what is built from them (a network, a dashboard).
pub fn counts(session: &Session) -> Result<TransactionCounts> {
    Ok(session.scope().transaction_counts()?)
}

/// The transactions the session sees (its organisation's and those granted to it) with these
/// store ids, in time order.
pub fn by_ids(session: &Session, ids: &[String]) -> Result<Vec<(String, Transaction)>> {
    decode_all(session.scope().transactions(ids)?)
}

/// Stored transactions decoded, each with its store id; one that cannot be read is an error
/// naming it.
pub(crate) fn decode_all(stored: Vec<StoredTransaction>) -> Result<Vec<(String, Transaction)>> {
    let mut interner = codec::Interner::default();
    stored
        .into_iter()
        .map(|stored| {
            codec::decode(&stored, &mut interner)
                .map(|t| (stored.id.clone(), t))
                .map_err(|reason| {
                    AppError::Refused(format!(
                        "stored transaction {} cannot be read ({reason})",
                        stored.id
                    ))
                })
        })
        .collect()
}

/// Visits the transactions the session sees — its organisation's and those granted to it in
/// full — decoded, each with its store id and owner; how many. Used to draw what it may see
/// (the network), never to raise alerts, which run over the organisation's own. With `added`,
/// only those stored after that stamp was read.
pub fn for_each_visible(
    session: &Session,
    added: Option<&rastro_store::TransactionStamp>,
    visit: &mut dyn FnMut(&str, &str, Transaction) -> Result<()>,
) -> Result<u64> {
    let mut interner = codec::Interner::default();
    let mut failure: Option<AppError> = None;
    let selection = rastro_store::TransactionSelection::Visible;
    let scope = session.scope();
    let mut each = |stored: rastro_store::StoredTransaction| {
        if failure.is_some() {
            return Ok(());
        }
        match codec::decode(&stored, &mut interner) {
            Ok(t) => {
                if let Err(e) = visit(&stored.id, &stored.owner, t) {
                    failure = Some(e);
                }
            }
            Err(reason) => {
                failure = Some(AppError::Refused(format!(
                    "stored transaction {} cannot be read ({reason})",
                    stored.id
                )));
            }
        }
        Ok(())
    };
    let n = match added {
        Some(stamp) => scope.visit_transactions_added(selection, stamp, &mut each)?,
        None => scope.visit_transactions(selection, None, &mut each)?,
    };
    match failure {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

/// Writes a seeded, labelled synthetic file (see [`rastro_finance::generate`]): transactions
/// in `format` to `out`, the labels (patterns, planted accounts and transactions, known
/// identifiers) as JSON lines to `labels`. No store is involved.
pub fn generate(
    config: &GenerateConfig,
    format: FileFormat,
    out: &mut dyn Write,
    labels: &mut dyn Write,
) -> Result<GenerateSummary> {
    rastro_finance::generate::write(config, format, out, labels).map_err(AppError::io("generate"))
}
