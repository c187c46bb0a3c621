//! `rastro referral`: referring a case to another organisation and answering referrals. A
//! referral is drafted, then sent on the person's consent (found by itself, or named) or, by
//! an organisation's administrator, with an override and its written reason; the receiver
//! accepts it (and may open its own case from it) or rejects it; the sender may withdraw it; an
//! accepted one is closed with its outcome.

use anyhow::Result;
use clap::Subcommand;
use rastro_app::referrals::Move;
use rastro_app::{Direction, NewReferral, ReferralInfo, Sending, DEFAULT_REFERRAL_DAYS};

use crate::config::Ctx;

#[derive(Subcommand)]
pub enum ReferralCommand {
    /// Draft a referral of one of your cases.
    Draft {
        #[arg(long, value_name = "ID")]
        case: String,
        /// The receiving organisation.
        #[arg(long)]
        to: String,
        #[arg(long)]
        purpose: String,
    },
    /// Send a draft: the receiver sees the case in full until it answers.
    Send {
        id: String,
        /// The consent it rests on (default: one of the case's that covers receiver and
        /// purpose).
        #[arg(long)]
        consent: Option<String>,
        /// Send without consent, with the reason written out (organisation administrators).
        #[arg(long, value_name = "REASON", conflicts_with = "consent")]
        override_consent: Option<String>,
        /// Days the receiver has to answer.
        #[arg(long, default_value_t = DEFAULT_REFERRAL_DAYS)]
        days: u64,
    },
    /// Accept a referral to your organisation.
    Accept {
        id: String,
        /// Also open your own case from the sender's.
        #[arg(long)]
        open_case: bool,
    },
    /// Reject a referral to your organisation.
    Reject {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Withdraw a referral you made.
    Withdraw { id: String },
    /// Close an accepted referral with its outcome.
    Close {
        id: String,
        #[arg(long)]
        outcome: String,
    },
    /// Referrals to your organisation.
    Inbox,
    /// Referrals your organisation made.
    Outbox,
}

pub fn run(command: ReferralCommand, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    let moved =
        |id: &str, step: Move<'_>| rastro_app::referrals::move_referral(&session, id.trim(), &step);
    let shown = match command {
        ReferralCommand::Draft { case, to, purpose } => {
            vec![rastro_app::referrals::draft_referral(
                &session,
                &NewReferral {
                    case_id: case.trim(),
                    to: &to,
                    purpose: &purpose,
                },
            )?]
        }
        ReferralCommand::Send {
            id,
            consent,
            override_consent,
            days,
        } => vec![moved(
            &id,
            Move::Send(Sending {
                consent_id: consent.as_deref(),
                override_reason: override_consent.as_deref(),
                days,
            }),
        )?],
        ReferralCommand::Accept { id, open_case } => vec![moved(&id, Move::Accept { open_case })?],
        ReferralCommand::Reject { id, reason } => {
            vec![moved(&id, Move::Reject { reason: &reason })?]
        }
        ReferralCommand::Withdraw { id } => vec![moved(&id, Move::Withdraw)?],
        ReferralCommand::Close { id, outcome } => {
            vec![moved(&id, Move::Close { outcome: &outcome })?]
        }
        ReferralCommand::Inbox => rastro_app::referrals::referrals(&session, Direction::Incoming)?,
        ReferralCommand::Outbox => rastro_app::referrals::referrals(&session, Direction::Outgoing)?,
    };
    print(&shown);
    Ok(())
}

fn print(referrals: &[ReferralInfo]) {
    if referrals.is_empty() {
        println!("no referrals");
    }
    for r in referrals {
        let mut notes = Vec::new();
        if let Some(at) = &r.expires_at {
            notes.push(format!("answer by {at}"));
        }
        if let Some(reason) = &r.override_reason {
            notes.push(format!("sent without consent: {reason}"));
        }
        if let Some(reason) = &r.decision_reason {
            notes.push(format!("reason: {reason}"));
        }
        if let Some(outcome) = &r.outcome {
            notes.push(format!("outcome: {outcome}"));
        }
        if let Some(case) = &r.receiver_case_id {
            notes.push(format!("opened as case {case}"));
        }
        println!(
            "{}\t{} → {}\tcase {}\t{}\t{}\t{}",
            r.id,
            r.from,
            r.to,
            r.case_id,
            r.purpose,
            r.status.as_str(),
            notes.join("; ")
        );
    }
}
