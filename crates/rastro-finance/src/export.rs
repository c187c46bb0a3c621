//! Alerts out: JSON lines (everything), CSV (one line per alert, for a spreadsheet), and the
//! layout of a suspicious-transaction report (one record per alert: reporting entity, subject,
//! period, amounts, typologies, a narrative built from the reasons, and the transactions).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use serde::Serialize;

use crate::catalogue::{Catalogue, SubjectKind};
use crate::engine::Alert;
use crate::money::Amount;
use crate::time::DateTime;
use crate::txn::Transaction;
use crate::write::write_csv_value;

/// Writes each alert as one JSON object per line; returns how many.
pub fn write_jsonl(alerts: &[Alert], out: &mut impl Write) -> io::Result<u64> {
    for alert in alerts {
        serde_json::to_writer(&mut *out, alert).map_err(io::Error::other)?;
        out.write_all(b"\n")?;
    }
    Ok(alerts.len() as u64)
}

/// The columns of [`write_csv`].
pub const CSV_COLUMNS: [&str; 13] = [
    "alert_id",
    "catalogue_version",
    "typology",
    "score",
    "threshold",
    "subject_kind",
    "subject",
    "name",
    "accounts",
    "time",
    "trigger",
    "rules",
    "transactions",
];

/// Writes one line per alert. Rules are `rule:band=value` joined by `; `, transaction ids by
/// spaces. A value that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is made
/// inert with a leading apostrophe, since names and accounts come from other people's files.
pub fn write_csv(alerts: &[Alert], out: &mut impl Write) -> io::Result<u64> {
    out.write_all(CSV_COLUMNS.join(",").as_bytes())?;
    out.write_all(b"\n")?;
    for alert in alerts {
        let rules: Vec<String> = alert
            .rules
            .iter()
            .map(|r| format!("{}:{}={}", r.rule, r.band.as_str(), r.value))
            .collect();
        let values = [
            alert.id.clone(),
            alert.catalogue_version.clone(),
            alert.typology.clone(),
            format!("{}", alert.score),
            format!("{}", alert.threshold),
            alert.subject_kind.as_str().to_string(),
            alert.subject.clone(),
            alert.name.clone().unwrap_or_default(),
            alert.accounts.join(" "),
            alert.time.to_string(),
            alert.trigger.clone(),
            rules.join("; "),
            alert.transaction_ids().join(" "),
        ];
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            write_csv_value(out, &inert(value))?;
        }
        out.write_all(b"\n")?;
    }
    Ok(alerts.len() as u64)
}

fn inert(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// The subject of a report.
#[derive(Clone, Debug, Serialize)]
pub struct ReportSubject {
    pub kind: SubjectKind,
    pub identifier: String,
    pub name: Option<String>,
    pub accounts: Vec<String>,
}

/// The money that moved, per currency, among the transactions reported.
#[derive(Clone, Debug, Serialize)]
pub struct ReportAmount {
    pub currency: String,
    pub paid_in: String,
    pub paid_out: String,
    pub transactions: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReportTypology {
    pub name: String,
    pub title: String,
    pub indicators: Vec<String>,
    pub score: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReportTransaction {
    pub id: String,
    pub time: DateTime,
    pub amount: String,
    pub currency: String,
    pub channel: String,
    /// `in` or `out` for the subject.
    pub direction: &'static str,
    pub counterparty_account: String,
    pub counterparty_name: String,
    pub branch: String,
    pub city: String,
    pub country: String,
    pub description: String,
}

/// One suspicious-transaction report, laid out as FIUs of the region ask (subject, period,
/// amounts, typologies, narrative, transactions); the reporting institution fills in its own
/// identifiers and files it through its FIU's channel.
#[derive(Clone, Debug, Serialize)]
pub struct SuspiciousTransactionReport {
    pub report_id: String,
    pub reporting_entity: String,
    pub alert_id: String,
    pub catalogue_version: String,
    pub raised: DateTime,
    pub subject: ReportSubject,
    /// First and last of the transactions reported.
    pub period_from: Option<DateTime>,
    pub period_to: Option<DateTime>,
    pub amounts: Vec<ReportAmount>,
    /// The alert's typology first, then others raised on the same subject within the period.
    pub typologies: Vec<ReportTypology>,
    pub narrative: String,
    pub transactions: Vec<ReportTransaction>,
    /// Transactions the alert refers to that were not among those given.
    pub missing_transactions: Vec<String>,
}

/// Builds the reports of `alerts`, looking their transactions up in `transactions`.
pub fn reports(
    alerts: &[Alert],
    transactions: &[Transaction],
    catalogue: &Catalogue,
    reporting_entity: &str,
) -> Vec<SuspiciousTransactionReport> {
    let by_id: HashMap<&str, &Transaction> = transactions.iter().map(|t| (&*t.id, t)).collect();
    let info: HashMap<String, crate::catalogue::TypologyInfo> = catalogue
        .typologies()
        .into_iter()
        .map(|t| (t.name.clone(), t))
        .collect();
    alerts
        .iter()
        .map(|a| report(a, alerts, &by_id, &info, reporting_entity))
        .collect()
}

/// Writes the reports as JSON lines; returns how many.
pub fn write_reports(
    alerts: &[Alert],
    transactions: &[Transaction],
    catalogue: &Catalogue,
    reporting_entity: &str,
    out: &mut impl Write,
) -> io::Result<u64> {
    let all = reports(alerts, transactions, catalogue, reporting_entity);
    for r in &all {
        serde_json::to_writer(&mut *out, r).map_err(io::Error::other)?;
        out.write_all(b"\n")?;
    }
    Ok(all.len() as u64)
}

fn report(
    alert: &Alert,
    all: &[Alert],
    by_id: &HashMap<&str, &Transaction>,
    info: &HashMap<String, crate::catalogue::TypologyInfo>,
    entity: &str,
) -> SuspiciousTransactionReport {
    let mut listed = Vec::new();
    let mut missing = Vec::new();
    for id in alert.transaction_ids() {
        match by_id.get(id) {
            Some(t) => listed.push(*t),
            None => missing.push(id.to_string()),
        }
    }
    listed.sort_by_key(|t| t.time);
    let is_subject = |t: &Transaction| match alert.subject_kind {
        SubjectKind::Account => t.debtor.account.as_deref() == Some(alert.subject.as_str()),
        SubjectKind::Party => t
            .debtor
            .name
            .as_deref()
            .is_some_and(|n| rastro_text::fold_key(n) == alert.subject),
    };
    let mut sums: BTreeMap<String, (i64, i64, u64, crate::money::Currency)> = BTreeMap::new();
    let mut rows = Vec::new();
    for t in &listed {
        let out = is_subject(t);
        let entry = sums
            .entry(t.currency.to_string())
            .or_insert((0, 0, 0, t.currency));
        if out {
            entry.1 += t.amount.ten_thousandths();
        } else {
            entry.0 += t.amount.ten_thousandths();
        }
        entry.2 += 1;
        let other = if out { &t.creditor } else { &t.debtor };
        rows.push(ReportTransaction {
            id: t.id.to_string(),
            time: t.time,
            amount: t.amount.format(t.currency),
            currency: t.currency.to_string(),
            channel: t.channel.to_string(),
            direction: if out { "out" } else { "in" },
            counterparty_account: other.account().to_string(),
            counterparty_name: other.name().to_string(),
            branch: t.branch.as_deref().unwrap_or("").to_string(),
            city: t.city.as_deref().unwrap_or("").to_string(),
            country: t.country.map(|c| c.to_string()).unwrap_or_default(),
            description: t.description.as_deref().unwrap_or("").to_string(),
        });
    }
    let amounts: Vec<ReportAmount> = sums
        .into_iter()
        .map(|(code, (paid_in, paid_out, n, currency))| ReportAmount {
            currency: code,
            paid_in: Amount::from_ten_thousandths(paid_in).format(currency),
            paid_out: Amount::from_ten_thousandths(paid_out).format(currency),
            transactions: n,
        })
        .collect();
    let period_from = listed.first().map(|t| t.time);
    let period_to = listed.last().map(|t| t.time).or(Some(alert.time));
    let from = period_from.map_or(i64::MIN, |t| t.utc_seconds());
    let to = alert.time.utc_seconds();

    let typology = |name: &str, score: f64| {
        let i = info.get(name);
        ReportTypology {
            name: name.to_string(),
            title: i.map_or_else(|| name.to_string(), |i| i.title.clone()),
            indicators: i.map(|i| i.indicators.clone()).unwrap_or_default(),
            score,
        }
    };
    let mut typologies = vec![typology(&alert.typology, alert.score)];
    for other in all {
        let t = other.time.utc_seconds();
        if other.subject == alert.subject
            && other.subject_kind == alert.subject_kind
            && other.typology != alert.typology
            && t >= from
            && t <= to
            && !typologies.iter().any(|x| x.name == other.typology)
        {
            typologies.push(typology(&other.typology, other.score));
        }
    }

    let narrative = narrative(
        alert,
        entity,
        &amounts,
        &typologies,
        period_from,
        listed.len(),
    );
    SuspiciousTransactionReport {
        report_id: format!("STR-{}", alert.id),
        reporting_entity: entity.to_string(),
        alert_id: alert.id.clone(),
        catalogue_version: alert.catalogue_version.clone(),
        raised: alert.time,
        subject: ReportSubject {
            kind: alert.subject_kind,
            identifier: alert.subject.clone(),
            name: alert.name.clone(),
            accounts: alert.accounts.clone(),
        },
        period_from,
        period_to,
        amounts,
        typologies,
        narrative,
        transactions: rows,
        missing_transactions: missing,
    }
}

fn narrative(
    alert: &Alert,
    entity: &str,
    amounts: &[ReportAmount],
    typologies: &[ReportTypology],
    from: Option<DateTime>,
    count: usize,
) -> String {
    let who = match (&alert.subject_kind, &alert.name) {
        (SubjectKind::Account, Some(name)) => format!("account {} held by {name}", alert.subject),
        (SubjectKind::Account, None) => format!("account {}", alert.subject),
        (SubjectKind::Party, name) => format!(
            "the party {} (accounts {})",
            name.as_deref().unwrap_or(&alert.subject),
            alert.accounts.join(", ")
        ),
    };
    let mut text = format!("{entity} reports {who}. ");
    if let Some(from) = from {
        let money: Vec<String> = amounts
            .iter()
            .map(|a| {
                format!(
                    "{} {} in and {} {} out",
                    a.paid_in, a.currency, a.paid_out, a.currency
                )
            })
            .collect();
        text.push_str(&format!(
            "Between {} and {}, {count} transactions moved {}. ",
            from.date_text(),
            alert.time.date_text(),
            money.join("; ")
        ));
    }
    text.push_str(&format!(
        "Rastro's catalogue {} raised \"{}\" (score {}, threshold {}) because ",
        alert.catalogue_version, alert.title, alert.score, alert.threshold
    ));
    let reasons: Vec<&str> = alert.rules.iter().map(|r| r.reason.as_str()).collect();
    text.push_str(&reasons.join("; "));
    text.push('.');
    if typologies.len() > 1 {
        let others: Vec<&str> = typologies[1..].iter().map(|t| t.title.as_str()).collect();
        text.push_str(&format!(
            " In the same period the subject also raised: {}.",
            others.join("; ")
        ));
    }
    text
}
