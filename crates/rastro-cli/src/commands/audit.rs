//! `rastro audit`: the tamper-evident trail. `verify` walks the hash chains (every chain, as the
//! data directory's administrator; with --own, the signed-in auditor's organisation's) and says
//! which event was edited, deleted, inserted or reordered; `log` shows an auditor what its
//! organisation's members did, or (--others) which other organisations read its records.

use anyhow::{bail, Result};
use clap::{Subcommand, ValueEnum};
use rastro_app::{AuditEvent, AuditReport, AuditSelection, Tampering};

use crate::config::Ctx;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check every event against its hash chain and the key-protected heads.
    Verify {
        /// Only your organisation's chain, as its auditor.
        #[arg(long)]
        own: bool,
    },
    /// Your organisation's events, newest first (the auditor role).
    Log {
        /// Reads of your organisation's records by other organisations instead.
        #[arg(long)]
        others: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
}

pub fn run(command: AuditCommand, ctx: &Ctx) -> Result<()> {
    match command {
        AuditCommand::Verify { own } => {
            let report = if own {
                rastro_app::audit::verify_own(&ctx.session()?)?
            } else {
                let app = ctx.open()?;
                rastro_app::audit::verify_all(&app.admin()?)?
            };
            print_report(&report)
        }
        AuditCommand::Log {
            others,
            limit,
            format,
        } => {
            let selection = if others {
                AuditSelection::AccessByOthers
            } else {
                AuditSelection::Own
            };
            let events = rastro_app::audit::log(&ctx.session()?, selection, limit)?;
            for e in &events {
                match format {
                    Format::Text => println!("{}", line(e)),
                    Format::Jsonl => println!("{}", json(e)),
                }
            }
            Ok(())
        }
    }
}

fn print_report(report: &AuditReport) -> Result<()> {
    if report.problems.is_empty() {
        println!(
            "audit trail intact: {} events in {} chains",
            report.events, report.chains
        );
        return Ok(());
    }
    for p in &report.problems {
        let what = match &p.tampering {
            Tampering::Edited => "edited (its content no longer matches its hash)".to_string(),
            Tampering::Deleted { missing } => format!("{missing} event(s) deleted before it"),
            Tampering::Inserted => "inserted (not appended in this place)".to_string(),
            Tampering::Reordered => "moved out of the order it was appended in".to_string(),
            Tampering::Truncated { head } => {
                format!("missing: the chain was cut off (it had {head} events)")
            }
            Tampering::HeadForged => {
                "the chain's head was rewritten (its MAC fails under the key file)".to_string()
            }
        };
        println!("chain {}, event {}: {what}", p.chain, p.seq);
    }
    bail!(
        "the audit trail was tampered with: {} problem(s) in {} events",
        report.problems.len(),
        report.events
    )
}

fn line(e: &AuditEvent) -> String {
    let who = match (&e.user, &e.organisation) {
        (Some(user), Some(org)) => format!("{user} ({org})"),
        (None, Some(org)) => org.clone(),
        _ => "-".to_string(),
    };
    let records = if e.records.is_empty() {
        String::new()
    } else {
        let shown: Vec<String> = e
            .records
            .iter()
            .take(5)
            .map(|(owner, id)| format!("{owner}/{id}"))
            .collect();
        let more = e.records.len().saturating_sub(5);
        format!(
            " records {}{}",
            shown.join(","),
            if more > 0 {
                format!(" +{more}")
            } else {
                String::new()
            }
        )
    };
    format!(
        "{}  #{:<5} {:<22} {:<7} {who}{}{}{}{records} {}",
        e.at,
        e.seq,
        e.action,
        e.outcome,
        e.role.map(|r| format!(" as {r}")).unwrap_or_default(),
        e.level
            .as_deref()
            .map(|l| format!(" level {l}"))
            .unwrap_or_default(),
        e.count.map(|c| format!(" count {c}")).unwrap_or_default(),
        e.detail
    )
}

fn json(e: &AuditEvent) -> serde_json::Value {
    serde_json::json!({
        "chain": e.chain,
        "seq": e.seq,
        "at": e.at,
        "organisation": e.organisation,
        "user": e.user,
        "role": e.role.map(|r| r.as_str()),
        "action": e.action,
        "outcome": e.outcome,
        "kind": e.kind,
        "level": e.level,
        "records": e.records,
        "count": e.count,
        "detail": serde_json::from_str::<serde_json::Value>(&e.detail).unwrap_or_default(),
    })
}
