//! `rastro grant`: what your organisation lets others see of its records — which records (one,
//! those with a facet value, or all), to whom (an organisation, a kind, every member), at what
//! level, why, on what basis, until when — and what others let it see.

use anyhow::{bail, Context, Result};
use clap::{ArgGroup, Args as ClapArgs, Subcommand};
use rastro_app::grants::GrantRequest;
use rastro_app::{Basis, GrantInfo, GrantTarget, Grantee, RecordKind};

use super::roles;
use crate::config::Ctx;

#[derive(Subcommand)]
pub enum GrantCommand {
    /// Let another organisation (or kind, or every member) see some of your records.
    Create(Box<CreateArgs>),
    /// The grants your organisation gave (with --received: the active ones it received).
    List {
        #[arg(long)]
        received: bool,
    },
    /// Revoke a grant by its id: the records stop being visible to the grantee now.
    Revoke { id: String },
}

#[derive(ClapArgs)]
#[command(group(ArgGroup::new("grantee").required(true).args(["to", "to_kind", "to_everyone"])))]
#[command(group(ArgGroup::new("target").required(true).args(["case", "article", "watchlist", "alert", "transaction", "facet", "all"])))]
pub struct CreateArgs {
    /// The organisation receiving the grant, by name.
    #[arg(long)]
    pub to: Option<String>,
    /// Every organisation of this kind (e.g. hub, police).
    #[arg(long)]
    pub to_kind: Option<String>,
    /// Every member organisation.
    #[arg(long)]
    pub to_everyone: bool,
    /// exists (a "held by" pointer), summary (no identifiers), detail (all but identities) or
    /// full.
    #[arg(long)]
    pub level: String,
    /// Why the grantee may see the records.
    #[arg(long)]
    pub purpose: String,
    /// The legal ground: legal_duty, agreement or public_interest.
    #[arg(long)]
    pub basis: String,
    /// One case, by its id.
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    /// One news article, by its id.
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    /// One of your watchlists, by name.
    #[arg(long, value_name = "NAME")]
    pub watchlist: Option<String>,
    /// One of your alerts, by its id, with the transactions it lists (full level only).
    #[arg(long, value_name = "ID")]
    pub alert: Option<String>,
    /// One of your transactions, by its id (full level only).
    #[arg(long, value_name = "ID")]
    pub transaction: Option<String>,
    /// The cases with a facet value, e.g. exploitation=ForcedLabour or citizenship=Peru.
    #[arg(long, value_name = "FACET=VALUE")]
    pub facet: Option<String>,
    /// Every record of --kind, present and future (an organisation-wide default).
    #[arg(long)]
    pub all: bool,
    /// With --all: case, article, watchlist, transaction or alert (the last two in full only).
    #[arg(long, default_value = "case", requires = "all")]
    pub kind: String,
    /// Last day (UTC) of the grant, or a UTC time; without it the grant lasts until revoked.
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
}

pub fn run(command: GrantCommand, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    match command {
        GrantCommand::Create(args) => {
            let expires = args
                .expires
                .as_deref()
                .map(rastro_app::grants::expiry)
                .transpose()?;
            let grantee = match (&args.to, &args.to_kind) {
                (Some(org), _) => Grantee::Organisation(org.trim().to_string()),
                (None, Some(kind)) => Grantee::Kind(roles::org_kind(kind)?),
                (None, None) => Grantee::Everyone,
            };
            let (kind, target) = target(&session, &args)?;
            let grant = rastro_app::grants::grant(
                &session,
                &GrantRequest {
                    kind,
                    target,
                    grantee,
                    level: roles::level(&args.level)?,
                    purpose: &args.purpose,
                    basis: basis(&args.basis)?,
                    expires_at: expires.as_deref(),
                },
            )?;
            print_grants(std::slice::from_ref(&grant));
        }
        GrantCommand::List { received } => {
            print_grants(&rastro_app::grants::list(&session, !received)?);
        }
        GrantCommand::Revoke { id } => {
            let grant = rastro_app::grants::revoke(&session, &id)?;
            print_grants(std::slice::from_ref(&grant));
        }
    }
    Ok(())
}

fn target(session: &rastro_app::Session, args: &CreateArgs) -> Result<(RecordKind, GrantTarget)> {
    Ok(if let Some(id) = &args.case {
        (RecordKind::Case, GrantTarget::Record(id.trim().to_string()))
    } else if let Some(id) = &args.article {
        (
            RecordKind::Article,
            GrantTarget::Record(id.trim().to_string()),
        )
    } else if let Some(id) = &args.alert {
        (
            RecordKind::Alert,
            GrantTarget::Record(id.trim().to_string()),
        )
    } else if let Some(id) = &args.transaction {
        (
            RecordKind::Transaction,
            GrantTarget::Record(id.trim().to_string()),
        )
    } else if let Some(name) = &args.watchlist {
        (
            RecordKind::Watchlist,
            GrantTarget::Record(rastro_app::grants::own_list(session, name)?),
        )
    } else if let Some(pair) = &args.facet {
        let (facet, value) = pair
            .split_once('=')
            .context("--facet takes FACET=VALUE, e.g. exploitation=ForcedLabour")?;
        (
            RecordKind::Case,
            GrantTarget::Facet {
                facet: roles::facet(facet)?,
                value: value.trim().to_string(),
            },
        )
    } else {
        (roles::record_kind(&args.kind)?, GrantTarget::All)
    })
}

fn basis(text: &str) -> Result<Basis> {
    Ok(match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
        "legal_duty" => Basis::LegalDuty,
        "agreement" => Basis::Agreement,
        "public_interest" => Basis::PublicInterest,
        "consent" => bail!(
            "a grant resting on consent is made from the consent itself (`rastro consent`), so that withdrawing it revokes the grant"
        ),
        other => bail!("unknown basis {other:?}; bases: legal_duty, agreement, public_interest"),
    })
}

fn print_grants(grants: &[GrantInfo]) {
    if grants.is_empty() {
        println!("no grants");
    }
    for g in grants {
        let target = match &g.target {
            GrantTarget::Record(id) => format!("{} {id}", g.kind.as_str()),
            GrantTarget::Facet { facet, value } => {
                format!("cases with {}={value}", facet.as_str())
            }
            GrantTarget::All => format!("every {}", g.kind.as_str()),
        };
        let grantee = match &g.grantee {
            Grantee::Organisation(name) => name.clone(),
            Grantee::Kind(kind) => format!("every {}", kind.as_str()),
            Grantee::Everyone => "every member".to_string(),
        };
        let state = match (&g.revoked_at, &g.expires_at, g.active) {
            (Some(at), _, _) => format!("revoked {at}"),
            (None, Some(at), true) => format!("until {at}"),
            (None, Some(at), false) => format!("expired {at}"),
            (None, None, _) => "until revoked".to_string(),
        };
        println!(
            "{}\t{} → {grantee}\t{target}\t{}\t{} ({})\tby {} {}\t{state}",
            g.id,
            g.owner,
            g.level.as_str(),
            g.purpose,
            g.basis.as_str(),
            g.granted_by,
            g.granted_at
        );
    }
}
