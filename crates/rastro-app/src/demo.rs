//! The demonstration: a shelter and a police unit import synthetic cases, share some of them
//! with the regional hub by grants (the shelter a summary of all, the police the details of its
//! forced-labour cases), and the hub's analyst sees the regional picture those grants allow.
//! Every organisation has a user per role with the demo password, so that anyone can sign in
//! and see what each role sees. The shelter also refers one case to the police on the person's
//! consent, and the police accept it and open their own case from it.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use rastro_import::ImportOptions;
use rastro_store::{
    Basis, CaseSelection, Direction, Facet, GrantTarget, Grantee, Level, NewConsent, NewReferral,
    OrgKind, RecordKind, Role, Sending,
};

use crate::cases::{import_cases, ImportReport};
use crate::grants::{grant, GrantRequest};
use crate::progress::Progress;
use crate::session::{App, Session};
use crate::synth::generate_cases;
use crate::{AppError, Result};

/// The demo's password for every demo user: a demonstration, never a real deployment.
pub const DEMO_PASSWORD: &str = "rastro-demo-password";

/// The demo's organisations: name, kind, country, the prefix of its users' names.
pub const DEMO_ORGS: [(&str, OrgKind, &str, &str); 3] = [
    ("Casa Refugio", OrgKind::Shelter, "PE", "refugio"),
    ("Policía Nacional", OrgKind::Police, "CO", "policia"),
    ("Observatorio Regional", OrgKind::Hub, "PA", "obs"),
];

/// The roles each demo organisation has a user for.
const DEMO_ROLES: [Role; 4] = [
    Role::OrgAdmin,
    Role::Caseworker,
    Role::Analyst,
    Role::Auditor,
];

/// What one demo user sees: cases at summary or more, and how many of them in detail and in
/// full (with names).
pub struct DemoView {
    pub user: String,
    pub summary: u64,
    pub detail: u64,
    pub full: u64,
}

pub struct Demo {
    /// The shelter's referral of a case to the police (sent on the person's consent, accepted).
    pub referral: Option<rastro_store::ReferralInfo>,
    pub views: Vec<DemoView>,
    /// (organisation, what its import did).
    pub imports: Vec<(String, ImportReport)>,
    /// Every demo user's name and role.
    pub users: Vec<(String, Role)>,
    /// What the hub's analyst sees: records (summary or more), and (country of exploitation,
    /// form of exploitation, records).
    pub hub_visible: u64,
    pub crosstab: Vec<(String, String, u64)>,
}

/// The user name of `role` in the demo organisation whose users start with `prefix`.
pub fn demo_user(prefix: &str, role: Role) -> String {
    format!("{prefix}-{}", role.as_str().replace('_', "-"))
}

/// Sets up the demo on `app` (organisations, users and grants are made once; a second run adds
/// nothing twice) with `count` generated cases written into `work_dir` (the store's own,
/// owner-only directory) and imported.
pub fn run(
    app: &App,
    work_dir: &Path,
    count: u64,
    seed: u64,
    progress: &dyn Progress,
) -> Result<Demo> {
    let admin = app.admin()?;
    let known: Vec<String> = app.organisations()?.into_iter().map(|o| o.name).collect();
    let existing: Vec<String> = admin.users()?.into_iter().map(|u| u.name).collect();
    let mut users = Vec::new();
    for (name, kind, country, prefix) in DEMO_ORGS {
        if !known.iter().any(|k| k == name) {
            admin.create_organisation(name, kind, Some(country))?;
        }
        let mut roles = DEMO_ROLES.to_vec();
        if kind == OrgKind::Hub {
            roles.push(Role::HubAnalyst);
            roles.push(Role::PlatformAdmin);
        }
        for role in roles {
            let user = demo_user(prefix, role);
            if !existing.contains(&user) {
                admin.create_user(name, &user, role, Some(DEMO_PASSWORD))?;
            }
            users.push((user, role));
        }
    }
    let sign_in = |prefix: &str, role| app.sign_in(&demo_user(prefix, role), DEMO_PASSWORD);
    let shelter = sign_in("refugio", Role::Caseworker)?;
    let police = sign_in("policia", Role::Caseworker)?;
    let shelter_count = count - count * 2 / 5;
    let imports = vec![
        (
            DEMO_ORGS[0].0.to_string(),
            import_generated(&shelter, work_dir, "refugio", shelter_count, seed, progress)?,
        ),
        (
            DEMO_ORGS[1].0.to_string(),
            import_generated(
                &police,
                work_dir,
                "policia",
                count - shelter_count,
                seed + 1,
                progress,
            )?,
        ),
    ];
    share_once(
        &sign_in("refugio", Role::OrgAdmin)?,
        GrantRequest {
            kind: RecordKind::Case,
            target: GrantTarget::All,
            grantee: Grantee::Kind(OrgKind::Hub),
            level: Level::Summary,
            purpose: "regional statistics",
            basis: Basis::Agreement,
            expires_at: None,
        },
    )?;
    share_once(
        &sign_in("policia", Role::OrgAdmin)?,
        GrantRequest {
            kind: RecordKind::Case,
            target: GrantTarget::Facet {
                facet: Facet::Exploitation,
                value: "ForcedLabour".into(),
            },
            grantee: Grantee::Organisation(DEMO_ORGS[2].0.to_string()),
            level: Level::Detail,
            purpose: "analysis of forced-labour routes",
            basis: Basis::LegalDuty,
            expires_at: None,
        },
    )?;
    let referral = refer_once(&shelter, &police)?;
    let mut views = Vec::new();
    for (prefix, role) in [
        ("refugio", Role::Caseworker),
        ("refugio", Role::Analyst),
        ("policia", Role::Caseworker),
        ("obs", Role::HubAnalyst),
    ] {
        let session = sign_in(prefix, role)?;
        let scope = session.scope();
        let (mut full, mut detail) = (0u64, 0u64);
        scope.for_each_case(Level::Detail, CaseSelection::Visible, &mut |c| {
            match c {
                rastro_store::CaseView::Full(_) => full += 1,
                _ => detail += 1,
            }
            Ok(())
        })?;
        views.push(DemoView {
            user: demo_user(prefix, role),
            summary: scope.count_cases()?,
            detail,
            full,
        });
    }
    let hub = sign_in("obs", Role::HubAnalyst)?;
    let scope = hub.scope();
    Ok(Demo {
        imports,
        users,
        referral,
        views,
        hub_visible: scope.count_cases()?,
        crosstab: scope.crosstab(Facet::ExploitationCountry, Facet::Exploitation)?,
    })
}

fn import_generated(
    session: &Session,
    work_dir: &Path,
    name: &str,
    count: u64,
    seed: u64,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let file = work_dir.join(format!("demo-cases-{name}.csv"));
    let out = File::create(&file).map_err(AppError::io(&file))?;
    generate_cases(
        count,
        seed,
        false,
        Box::new(BufWriter::with_capacity(256 * 1024, out)),
        progress,
    )?;
    import_cases(session, &file, &ImportOptions::default(), None, progress)
}

/// The shelter refers its first case to the police on the person's consent, and the police
/// accept it and open their own case; once (a second run leaves the first referral).
fn refer_once(shelter: &Session, police: &Session) -> Result<Option<rastro_store::ReferralInfo>> {
    let scope = shelter.scope();
    if let Some(existing) = scope.referrals(Direction::Outgoing)?.into_iter().next() {
        return Ok(Some(existing));
    }
    let mut first = None;
    scope.for_each_case(Level::Exists, CaseSelection::Own, &mut |c| {
        if first.is_none() {
            first = Some(c.id().to_string());
        }
        Ok(())
    })?;
    let Some(case) = first else {
        return Ok(None);
    };
    let purpose = "protection order and investigation";
    scope.record_consent(&NewConsent {
        case_id: &case,
        to: Grantee::Organisation(DEMO_ORGS[1].0.to_string()),
        purpose,
        evidence: "demo: signed consent form 001",
    })?;
    let draft = scope.draft_referral(&NewReferral {
        case_id: &case,
        to: DEMO_ORGS[1].0,
        purpose,
    })?;
    scope.send_referral(
        &draft.id,
        &Sending {
            days: rastro_store::DEFAULT_REFERRAL_DAYS,
            ..Sending::default()
        },
    )?;
    Ok(Some(police.scope().accept_referral(&draft.id, true)?))
}

/// Grants unless an active grant with the same purpose exists already (the demo runs again).
fn share_once(session: &Session, request: GrantRequest<'_>) -> Result<()> {
    let given = crate::grants::list(session, true)?;
    if !given
        .iter()
        .any(|g| g.active && g.purpose == request.purpose)
    {
        grant(session, &request)?;
    }
    Ok(())
}
