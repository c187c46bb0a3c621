//! What the members issue built, on one page: grants given and received (revocable by whoever
//! may manage them), consents, referrals in and out, and the audit trail — each section shown
//! only to roles that may see it.

use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rastro_app::{Action, Direction, GrantInfo, GrantTarget, Grantee};

use super::{csrf_field, error_page, render};
use crate::auth::{PageUser, User};
use crate::error::WebError;
use crate::html::{esc, table};
use crate::i18n::{number, t, Lang};
use crate::state::AppState;

/// The most audit events shown.
const AUDIT_EVENTS: usize = 200;

fn may(user: &User, action: Action) -> bool {
    rastro_app::permits(user.role(), action)
}

pub async fn page(State(state): State<AppState>, PageUser(user): PageUser, uri: Uri) -> Response {
    let lang = user.lang;
    let session = user.session.clone();
    let role = user.role();
    let loaded = state
        .blocking(move |_| {
            let grants = rastro_app::permits(role, Action::ManageGrants)
                .then(|| -> Result<_, WebError> {
                    Ok((
                        rastro_app::grants::list(&session, true)?,
                        rastro_app::grants::list(&session, false)?,
                    ))
                })
                .transpose()?;
            let consents = rastro_app::permits(role, Action::ManageConsent)
                .then(|| rastro_app::consents::list(&session, None))
                .transpose()?;
            let referrals = rastro_app::permits(role, Action::Refer)
                .then(|| -> Result<_, WebError> {
                    Ok((
                        rastro_app::referrals::referrals(&session, Direction::Incoming)?,
                        rastro_app::referrals::referrals(&session, Direction::Outgoing)?,
                    ))
                })
                .transpose()?;
            let audit = rastro_app::permits(role, Action::ReadAudit)
                .then(|| {
                    rastro_app::audit::log(&session, rastro_app::AuditSelection::Own, AUDIT_EVENTS)
                })
                .transpose()?;
            Ok((grants, consents, referrals, audit))
        })
        .await;
    let (grants, consents, referrals, audit) = match loaded {
        Ok(l) => l,
        Err(e) => return error_page(lang, &e),
    };
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "members.title")));
    let none = |out: &mut String, key: &'static str| {
        out.push_str(&format!(
            "<section class=\"panel\"><h2>{}</h2><p>{}</p></section>",
            esc(t(lang, key)),
            esc(t(lang, "members.not_allowed"))
        ));
    };
    out.push_str("<div class=\"panels\">");
    match grants {
        Some((given, received)) => {
            out.push_str(&grants_section(
                lang,
                &user,
                "grants-given",
                t(lang, "members.grants_given"),
                &given,
                true,
            ));
            out.push_str(&grants_section(
                lang,
                &user,
                "grants-received",
                t(lang, "members.grants_received"),
                &received,
                false,
            ));
        }
        None => none(&mut out, "members.grants_given"),
    }
    match consents {
        Some(consents) => {
            let headers = ["id", "case", "to", "purpose", "given", "withdrawn"].map(String::from);
            let rows: Vec<Vec<String>> = consents
                .iter()
                .map(|c| {
                    vec![
                        esc(&c.id),
                        esc(&c.case_id),
                        esc(&grantee(&c.to)),
                        esc(&c.purpose),
                        esc(&c.given_at),
                        esc(c.withdrawn_at.as_deref().unwrap_or("")),
                    ]
                })
                .collect();
            out.push_str(&format!(
                "<section class=\"panel\" id=\"consents\"><h2>{}</h2>{}</section>",
                esc(t(lang, "members.consents")),
                table("consents-table", &headers, &rows)
            ));
        }
        None => none(&mut out, "members.consents"),
    }
    match referrals {
        Some((incoming, outgoing)) => {
            for (id, key, list) in [
                ("referrals-in", "members.referrals_in", &incoming),
                ("referrals-out", "members.referrals_out", &outgoing),
            ] {
                let headers = ["id", "from", "to", "purpose", "status", "sent"].map(String::from);
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|r| {
                        vec![
                            esc(&r.id),
                            esc(&r.from),
                            esc(&r.to),
                            esc(&r.purpose),
                            esc(r.status.as_str()),
                            esc(r.sent_at.as_deref().unwrap_or("")),
                        ]
                    })
                    .collect();
                out.push_str(&format!(
                    "<section class=\"panel\" id=\"{id}\"><h2>{}</h2>{}</section>",
                    esc(t(lang, key)),
                    table(&format!("{id}-table"), &headers, &rows)
                ));
            }
        }
        None => none(&mut out, "members.referrals_in"),
    }
    match audit {
        Some(events) => {
            let headers = ["seq", "at", "user", "action", "outcome", "count"].map(String::from);
            let rows: Vec<Vec<String>> = events
                .iter()
                .map(|e| {
                    vec![
                        e.seq.to_string(),
                        esc(&e.at),
                        esc(e.user.as_deref().unwrap_or("")),
                        esc(&e.action),
                        esc(&e.outcome),
                        e.count.map_or_else(String::new, |n| number(lang, n)),
                    ]
                })
                .collect();
            out.push_str(&format!(
                "<section class=\"panel\" id=\"audit\"><h2>{}</h2>{}</section>",
                esc(t(lang, "members.audit")),
                table("audit-table", &headers, &rows)
            ));
        }
        None => none(&mut out, "members.audit"),
    }
    out.push_str("</div>");
    render(
        &state,
        &user,
        &uri,
        t(lang, "members.title"),
        "members",
        &out,
    )
}

fn grantee(g: &Grantee) -> String {
    match g {
        Grantee::Organisation(name) => name.clone(),
        Grantee::Kind(kind) => format!("kind: {}", kind.as_str()),
        Grantee::Everyone => "every member".to_string(),
    }
}

fn grants_section(
    lang: Lang,
    user: &User,
    id: &str,
    title: &str,
    grants: &[GrantInfo],
    revocable: bool,
) -> String {
    let headers = [
        "id", "owner", "to", "target", "level", "purpose", "expires", "active", "",
    ]
    .map(String::from);
    let rows: Vec<Vec<String>> = grants
        .iter()
        .map(|g| {
            let target = match &g.target {
                GrantTarget::Record(id) => format!("record {id}"),
                GrantTarget::Facet { facet, value } => format!("{}={value}", facet.as_str()),
                GrantTarget::All => format!("all {}", g.kind.as_str()),
            };
            let revoke = if revocable && g.active && may(user, Action::ManageGrants) {
                format!(
                    "<form method=\"post\" action=\"/members/grants/{}/revoke\">{}<button>{}</button></form>",
                    esc(&g.id),
                    csrf_field(user),
                    esc(t(lang, "members.revoke"))
                )
            } else {
                String::new()
            };
            vec![
                esc(&g.id),
                esc(&g.owner),
                esc(&grantee(&g.grantee)),
                esc(&target),
                esc(g.level.as_str()),
                esc(&g.purpose),
                esc(g.expires_at.as_deref().unwrap_or("")),
                if g.active { "✓".into() } else { "—".into() },
                revoke,
            ]
        })
        .collect();
    format!(
        "<section class=\"panel\" id=\"{}\"><h2>{}</h2>{}</section>",
        esc(id),
        esc(title),
        table(&format!("{id}-table"), &headers, &rows)
    )
}

pub async fn revoke_grant(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Response {
    let lang = user.lang;
    let session = user.session.clone();
    match state
        .blocking(move |_| Ok(rastro_app::grants::revoke(&session, &id)?))
        .await
    {
        Ok(_) => (StatusCode::SEE_OTHER, [(LOCATION, "/members")]).into_response(),
        Err(e) => error_page(lang, &e),
    }
}
