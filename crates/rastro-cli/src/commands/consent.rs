//! `rastro consent`: consents of the people in your organisation's cases — to whom, for what,
//! with a reference to the evidence. Withdrawing one revokes at once every grant and ends every
//! referral that rested on it.

use anyhow::Result;
use clap::{ArgGroup, Args as ClapArgs, Subcommand};
use rastro_app::{ConsentInfo, Grantee, NewConsent};

use super::roles;
use crate::config::Ctx;

#[derive(Subcommand)]
pub enum ConsentCommand {
    /// Record that the person of a case consents.
    Record(RecordArgs),
    /// Your organisation's consents (of one case with --case).
    List {
        #[arg(long, value_name = "ID")]
        case: Option<String>,
    },
    /// Withdraw a consent by its id.
    Withdraw { id: String },
}

#[derive(ClapArgs)]
#[command(group(ArgGroup::new("to_whom").required(true).args(["to", "to_kind", "to_everyone"])))]
pub struct RecordArgs {
    /// The case whose person consents.
    #[arg(long, value_name = "ID")]
    pub case: String,
    /// The organisation that may have the record, by name.
    #[arg(long)]
    pub to: Option<String>,
    /// Every organisation of this kind.
    #[arg(long)]
    pub to_kind: Option<String>,
    #[arg(long)]
    pub to_everyone: bool,
    #[arg(long)]
    pub purpose: String,
    /// Where the evidence is (a form's number, a file): never the person's name.
    #[arg(long)]
    pub evidence: String,
}

pub fn run(command: ConsentCommand, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    match command {
        ConsentCommand::Record(args) => {
            let to = match (&args.to, &args.to_kind) {
                (Some(org), _) => Grantee::Organisation(org.trim().to_string()),
                (None, Some(kind)) => Grantee::Kind(roles::org_kind(kind)?),
                (None, None) => Grantee::Everyone,
            };
            let consent = rastro_app::consents::record(
                &session,
                &NewConsent {
                    case_id: args.case.trim(),
                    to,
                    purpose: &args.purpose,
                    evidence: &args.evidence,
                },
            )?;
            print(std::slice::from_ref(&consent));
        }
        ConsentCommand::List { case } => {
            print(&rastro_app::consents::list(&session, case.as_deref())?);
        }
        ConsentCommand::Withdraw { id } => {
            let (consent, revoked) = rastro_app::consents::withdraw(&session, id.trim())?;
            print(std::slice::from_ref(&consent));
            println!("{revoked} grant(s) resting on it revoked");
        }
    }
    Ok(())
}

fn print(consents: &[ConsentInfo]) {
    if consents.is_empty() {
        println!("no consents");
    }
    for c in consents {
        let to = match &c.to {
            Grantee::Organisation(name) => name.clone(),
            Grantee::Kind(kind) => format!("every {}", kind.as_str()),
            Grantee::Everyone => "every member".to_string(),
        };
        let state = match &c.withdrawn_at {
            Some(at) => format!("withdrawn {at}"),
            None => "active".to_string(),
        };
        println!(
            "{}\tcase {}\tto {to}\t{}\tevidence: {}\tgiven {} ({})\t{state}",
            c.id, c.case_id, c.purpose, c.evidence, c.given_at, c.source
        );
    }
}
