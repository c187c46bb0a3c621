//! Trafficking red flags over an organisation's transactions: the catalogue's typologies run
//! over what the session's scope reads, with the phones and e-mails of the cases it sees as
//! known identifiers; alerted parties screened against the watchlists it may use; the alerts
//! kept frozen (rules, values, the very transactions, the catalogue's version) and returned;
//! exports as JSON lines, CSV and suspicious-transaction reports; a backtest of a changed
//! catalogue; and the evaluation of a labelled file.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use rastro_finance::{Alert, Band, Catalogue, KnownIdentifiers, SubjectKind, Transaction};
use rastro_screen::{Person, Watchlist, DEFAULT_THRESHOLD};
use rastro_store::{AlertBand, AlertSubject, CaseSelection, CaseView, Level, NewAlert};
use serde::Serialize;

pub mod review;

use crate::progress::{Progress, Unit};
use crate::session::Session;
use crate::transactions::{account_key, stored};
use crate::{AppError, Result};

pub use rastro_finance::eval::FileEvaluation;
pub use rastro_finance::Backtest;

/// Watchlist matches kept per alerted name and list.
const MATCHES_PER_NAME: usize = 5;

/// A watchlist entry an alerted party's name matched.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScreeningHit {
    /// The name screened (the alert's subject as the transactions write it).
    pub name: String,
    pub list: String,
    pub list_owner: String,
    /// The entry's id in its list.
    pub entry: String,
    pub listed_name: String,
    pub score: f64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
}

/// An alert as the run raised and kept it.
#[derive(Debug, Clone, Serialize)]
pub struct FlaggedAlert {
    /// The id the store keeps it under.
    pub rastro_id: String,
    #[serde(flatten)]
    pub alert: Alert,
    /// The store ids of the transactions it lists.
    pub rastro_transactions: Vec<String>,
    pub screening: Vec<ScreeningHit>,
    /// Cases the session sees in full that hold a phone or e-mail its transactions carry.
    pub linked_cases: Vec<LinkedCase>,
}

/// What a run of the red flags found.
#[derive(Debug, Serialize)]
pub struct FlagsRun {
    pub catalogue_version: String,
    pub transactions: u64,
    pub accounts: u64,
    /// Transactions in a currency the catalogue has no rate for.
    pub unpriced: u64,
    /// Phones and e-mails of the cases the session sees, compared with payments' contacts.
    pub known_identifiers: usize,
    /// The watchlists alerted names were screened against (`owner/name`).
    pub lists_screened: Vec<String>,
    pub alerts: Vec<FlaggedAlert>,
    /// Alerts kept by this run (the others had been kept by an earlier run).
    pub new_alerts: u64,
    /// The transactions the alerts list, for the reports that describe them.
    #[serde(skip)]
    pub listed: Vec<Transaction>,
    #[serde(skip)]
    pub seconds: f64,
}

/// The catalogue in `path`, or the one Rastro ships; a bad file is refused with every error,
/// each with its line, rule and field.
pub fn catalogue(path: Option<&Path>) -> Result<Catalogue> {
    match path {
        Some(p) => Catalogue::load(p)
            .map_err(|e| AppError::Refused(format!("catalogue {}:\n{e}", p.display()))),
        None => Ok(Catalogue::builtin()),
    }
}

/// A moment as `--since` takes it: a date (`2024-03-01`, midnight UTC) or a date-time with
/// its zone; seconds since 1970 (UTC).
pub fn parse_since(text: &str) -> Result<i64> {
    let text = text.trim();
    if let Ok(t) = rastro_finance::DateTime::parse(text) {
        return Ok(t.utc_seconds());
    }
    let parts: Vec<&str> = text.split('-').collect();
    if let [y, m, d] = parts[..] {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
            if (1..=12).contains(&m) && d >= 1 && d <= rastro_text::days_in_month(y, m) {
                return Ok(rastro_text::days_from_civil(y, m, d) * 86_400);
            }
        }
    }
    Err(AppError::Refused(format!(
        "{text:?} is not a date (2024-03-01) or a date-time with its zone (2024-03-01T00:00:00-05:00)"
    )))
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn batch_error(e: rastro_finance::BatchError) -> AppError {
    AppError::WorkerFailed(e.to_string())
}

/// A case that holds a phone or e-mail an alert's transactions carry.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LinkedCase {
    pub case: String,
    /// The organisation that holds it.
    pub owner: String,
    /// `phone` or `email`.
    pub by: &'static str,
}

/// The phones and e-mails of the cases a session sees in full, and which cases hold each (by
/// its comparable key).
pub struct Known {
    pub identifiers: KnownIdentifiers,
    holders: HashMap<String, Vec<LinkedCase>>,
}

impl Known {
    /// The cases holding `contact` (a phone or an e-mail as a transaction carries it).
    pub fn cases_of(&self, contact: &str) -> &[LinkedCase] {
        rastro_finance::contact_key(contact)
            .and_then(|k| self.holders.get(&k))
            .map_or(&[], Vec::as_slice)
    }
}

/// The phones and e-mails of the cases the session sees in full (its own, and those granted
/// in full): what a payment's counterparty contact is compared with, and the cases an alert
/// then links to. A role that sees cases below full access sees no contact, so it compares
/// with none.
pub fn known_identifiers(session: &Session) -> Result<Known> {
    let mut known = Known {
        identifiers: KnownIdentifiers::new(),
        holders: HashMap::new(),
    };
    session
        .scope()
        .for_each_case(Level::Full, CaseSelection::Visible, &mut |view| {
            if let CaseView::Full(case) = view {
                let p = &case.record.person;
                let values = [
                    (&p.email, "email"),
                    (&p.home_phone, "phone"),
                    (&p.mobile_phone, "phone"),
                ];
                for (value, by) in values {
                    let Some(value) = value else { continue };
                    let Some(key) = rastro_finance::contact_key(value) else {
                        continue;
                    };
                    known.identifiers.insert(value);
                    let holders = known.holders.entry(key).or_default();
                    if !holders.iter().any(|h| h.case == case.id) {
                        holders.push(LinkedCase {
                            case: case.id.clone(),
                            owner: case.owner.clone(),
                            by,
                        });
                    }
                }
            }
            Ok(())
        })?;
    Ok(known)
}

/// Matches per screened name.
type Hits = HashMap<String, Vec<ScreeningHit>>;

/// Screens each name against every watchlist the session may use; the matches per name, and
/// the lists screened.
fn screen_names(
    session: &Session,
    names: &BTreeSet<String>,
    progress: &dyn Progress,
) -> Result<(Hits, Vec<String>)> {
    let mut hits = Hits::new();
    let mut screened = Vec::new();
    if names.is_empty() {
        return Ok((hits, screened));
    }
    let lists = crate::watchlists::lists(session)?;
    progress.start("screening alerted parties", lists.len() as u64, Unit::Items);
    for info in lists {
        let owner = (!info.own).then_some(info.organisation.as_str());
        let stored = crate::watchlists::load_list(session, &info.name, owner)?;
        let (list, _) = Watchlist::build(stored.people).map_err(|e| AppError::Screening {
            context: format!("list {:?}", info.name),
            message: e.to_string(),
        })?;
        let mut searcher = list.searcher();
        for name in names {
            let query = Person {
                id: "party".into(),
                names: vec![name.clone()],
                birth_dates: Vec::new(),
                gender: None,
                nationalities: Vec::new(),
                documents: Vec::new(),
                topics: Vec::new(),
            };
            // A name that cannot be analysed (digits only, one letter) matches nothing.
            let Ok(matches) = searcher.screen(&query, DEFAULT_THRESHOLD, MATCHES_PER_NAME) else {
                continue;
            };
            for m in matches {
                hits.entry(name.clone()).or_default().push(ScreeningHit {
                    name: name.clone(),
                    list: info.name.clone(),
                    list_owner: info.organisation.clone(),
                    entry: m.id,
                    listed_name: m.explanation.listed_name,
                    score: m.score,
                    topics: m.topics,
                });
            }
        }
        screened.push(format!("{}/{}", info.organisation, info.name));
        progress.advance(1);
    }
    progress.finish();
    Ok((hits, screened))
}

/// The band an alert is kept with: the highest of its rules'.
fn band_of(alert: &Alert) -> AlertBand {
    match alert.rules.iter().map(|r| r.band).max() {
        Some(Band::High) => AlertBand::High,
        Some(Band::Medium) => AlertBand::Medium,
        _ => AlertBand::Low,
    }
}

/// What the sealed part of a kept alert holds.
#[derive(Serialize)]
struct KeptBody<'a> {
    alert: &'a Alert,
    screening: &'a [ScreeningHit],
    linked_cases: &'a [LinkedCase],
}

/// Runs the catalogue over the organisation's transactions at or after `since` (all when
/// `None`), screens the alerted parties, keeps the alerts (each once, however often the run is
/// repeated) and returns them in the order raised.
pub fn run(
    session: &Session,
    catalogue: &Catalogue,
    since: Option<i64>,
    progress: &dyn Progress,
) -> Result<FlagsRun> {
    let started = Instant::now();
    let (transactions, ids) = stored(session, since, progress)?;
    let read = started.elapsed();
    let known = known_identifiers(session)?;
    progress.start("red flags", transactions.len() as u64, Unit::Items);
    let outcome =
        rastro_finance::run_batch(catalogue, &known.identifiers, &transactions, threads())
            .map_err(batch_error)?;
    progress.finish();
    tracing::info!(
        transactions = transactions.len(),
        read_ms = read.as_millis() as u64,
        scored_ms = (started.elapsed() - read).as_millis() as u64,
        "transactions read and scored"
    );

    // The store ids of the transactions the alerts list: the file's ids are the engine's, and
    // two files may reuse one, so every stored transaction with a listed id is named.
    let wanted: HashSet<&str> = outcome
        .alerts
        .iter()
        .flat_map(|a| a.transaction_ids())
        .collect();
    let mut store_ids: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut contacts: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut listed = Vec::new();
    for (t, id) in transactions.iter().zip(&ids) {
        if wanted.contains(&*t.id) {
            store_ids.entry(&t.id).or_default().push(id);
            if let Some(contact) = t.contact.as_deref() {
                contacts.entry(&t.id).or_default().push(contact);
            }
            listed.push(t.clone());
        }
    }

    let names: BTreeSet<String> = outcome
        .alerts
        .iter()
        .filter_map(|a| a.name.clone())
        .collect();
    let (hits, lists_screened) = screen_names(session, &names, progress)?;

    let mut flagged: Vec<FlaggedAlert> = outcome
        .alerts
        .into_iter()
        .map(|alert| {
            let rastro_transactions = alert
                .transaction_ids()
                .iter()
                .flat_map(|id| store_ids.get(id).into_iter().flatten())
                .map(|id| id.to_string())
                .collect();
            let screening = alert
                .name
                .as_ref()
                .and_then(|n| hits.get(n))
                .cloned()
                .unwrap_or_default();
            let mut linked_cases: Vec<LinkedCase> = Vec::new();
            for id in alert.transaction_ids() {
                for contact in contacts.get(id).into_iter().flatten() {
                    for case in known.cases_of(contact) {
                        if !linked_cases.contains(case) {
                            linked_cases.push(case.clone());
                        }
                    }
                }
            }
            FlaggedAlert {
                rastro_id: String::new(),
                alert,
                rastro_transactions,
                screening,
                linked_cases,
            }
        })
        .collect();
    let kept = keep(session, &flagged)?;
    for (f, id) in flagged.iter_mut().zip(kept.ids) {
        f.rastro_id = id;
    }
    Ok(FlagsRun {
        catalogue_version: catalogue.version().to_string(),
        transactions: outcome.transactions,
        accounts: outcome.accounts,
        unpriced: outcome.unpriced,
        known_identifiers: known.identifiers.len(),
        lists_screened,
        alerts: flagged,
        new_alerts: kept.inserted,
        listed,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Keeps the alerts in the store, frozen: one write for the whole run.
fn keep(session: &Session, flagged: &[FlaggedAlert]) -> Result<rastro_store::KeptAlerts> {
    let prepared: Vec<(String, String)> = flagged
        .iter()
        .map(|f| {
            let subject = match f.alert.subject_kind {
                SubjectKind::Account => {
                    account_key(&f.alert.subject).unwrap_or_else(|| f.alert.subject.clone())
                }
                SubjectKind::Party => f.alert.subject.clone(),
            };
            let body = serde_json::to_string(&KeptBody {
                alert: &f.alert,
                screening: &f.screening,
                linked_cases: &f.linked_cases,
            })
            .map_err(|e| AppError::Refused(format!("alert {}: {e}", f.alert.id)))?;
            Ok((subject, body))
        })
        .collect::<Result<_>>()?;
    let alerts: Vec<NewAlert<'_>> = flagged
        .iter()
        .zip(&prepared)
        .map(|(f, (subject, body))| NewAlert {
            key: &f.alert.id,
            catalogue_version: &f.alert.catalogue_version,
            typology: &f.alert.typology,
            subject_kind: match f.alert.subject_kind {
                SubjectKind::Account => AlertSubject::Account,
                SubjectKind::Party => AlertSubject::Party,
            },
            subject,
            score: f.alert.score,
            band: band_of(&f.alert),
            raised_at: f.alert.time.utc_seconds(),
            transactions: &f.rastro_transactions,
            body,
        })
        .collect();
    Ok(session.scope().store_alerts(&alerts)?)
}

/// Layouts alerts are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per alert: everything, with the store's ids and the screening.
    Jsonl,
    /// One line per alert, for a spreadsheet.
    Csv,
    /// One suspicious-transaction report per alert (JSON lines).
    Str,
}

/// Writes the run's alerts in `format`; returns how many. A report names the organisation as
/// the reporting entity and describes the alert's transactions.
pub fn export(
    run: &FlagsRun,
    catalogue: &Catalogue,
    reporting_entity: &str,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<u64> {
    let io = AppError::io("alerts export");
    let alerts: Vec<Alert> = run.alerts.iter().map(|f| f.alert.clone()).collect();
    let written = match format {
        ExportFormat::Jsonl => {
            for f in &run.alerts {
                serde_json::to_writer(&mut *out, f).map_err(|e| AppError::Io {
                    path: "alerts export".into(),
                    source: e.into(),
                })?;
                out.write_all(b"\n")
                    .map_err(AppError::io("alerts export"))?;
            }
            Ok(run.alerts.len() as u64)
        }
        ExportFormat::Csv => rastro_finance::export::write_csv(&alerts, &mut &mut *out),
        ExportFormat::Str => rastro_finance::export::write_reports(
            &alerts,
            &run.listed,
            catalogue,
            reporting_entity,
            &mut &mut *out,
        ),
    };
    let n = written.map_err(io)?;
    out.flush().map_err(AppError::io("alerts export"))?;
    Ok(n)
}

/// A kept alert as read back: its store fields and its frozen content (the engine's alert and
/// the screening, as JSON).
#[derive(Debug, Clone, Serialize)]
pub struct KeptAlert {
    pub rastro_id: String,
    /// The organisation that raised it (another's when it was granted to the session's).
    pub owner: String,
    pub catalogue_version: String,
    pub typology: String,
    pub subject_kind: &'static str,
    pub score: f64,
    pub band: &'static str,
    /// When it was raised (UTC seconds) and kept (RFC 3339).
    pub raised_at: i64,
    pub created_at: String,
    pub status: &'static str,
    pub rastro_transactions: Vec<String>,
    pub content: serde_json::Value,
}

/// The kept alerts the session sees (its organisation's and those granted to it) raised at or
/// after `since`, in the order raised.
pub fn kept(session: &Session, since: Option<i64>) -> Result<Vec<KeptAlert>> {
    session
        .scope()
        .alerts(since)?
        .into_iter()
        .map(|a| {
            let content = serde_json::from_str(&a.body).map_err(|e| {
                AppError::Refused(format!("kept alert {} cannot be read: {e}", a.id))
            })?;
            Ok(KeptAlert {
                rastro_id: a.id,
                owner: a.owner,
                catalogue_version: a.catalogue_version,
                typology: a.typology,
                subject_kind: a.subject_kind.as_str(),
                score: a.score,
                band: a.band.as_str(),
                raised_at: a.raised_at,
                created_at: a.created_at,
                status: a.status.as_str(),
                rastro_transactions: a.transactions,
                content,
            })
        })
        .collect()
}

/// Runs `baseline` and `candidate` over the organisation's transactions at or after `since`
/// and reports, rule by rule and typology by typology, the alerts the change adds and removes
/// (with precision and recall when `labels` names a labels file). Keeps nothing.
pub fn backtest(
    session: &Session,
    baseline: &Catalogue,
    candidate: &Catalogue,
    since: Option<i64>,
    labels: Option<&Path>,
    progress: &dyn Progress,
) -> Result<Backtest> {
    let labels = match labels {
        Some(path) => Some(read_labels(path)?),
        None => None,
    };
    let (transactions, _) = stored(session, since, progress)?;
    let known = known_identifiers(session)?;
    progress.start("backtest", 2, Unit::Items);
    let result = rastro_finance::backtest(
        baseline,
        candidate,
        &known.identifiers,
        &transactions,
        labels.as_ref(),
        threads(),
    )
    .map_err(batch_error);
    progress.finish();
    result
}

fn read_labels(path: &Path) -> Result<rastro_finance::Labels> {
    let file = std::fs::File::open(path).map_err(AppError::io(path))?;
    rastro_finance::Labels::read(std::io::BufReader::new(file))
        .map_err(|e| AppError::Refused(format!("{}: {e}", path.display())))
}

/// Evaluates a catalogue on a labelled transactions file (what `rastro generate transactions`
/// writes): precision, recall and alert rate per typology and in total. No store is involved.
pub fn evaluate_file(input: &Path, labels: &Path, catalogue: &Catalogue) -> Result<FileEvaluation> {
    rastro_finance::evaluate_files(input, labels, catalogue, threads())
        .map_err(|e| AppError::Refused(e.to_string()))
}

/// Alerts per typology of a run, for a summary.
pub fn per_typology(run: &FlagsRun) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for f in &run.alerts {
        *counts.entry(f.alert.typology.clone()).or_insert(0) += 1;
    }
    counts
}
