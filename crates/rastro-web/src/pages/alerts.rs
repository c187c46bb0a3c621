//! Alerts raised on transactions: a list of what the user's organisation sees (its own alerts
//! and those granted to it) with score, typology, status and date, filtered by the URL (the
//! API's grammar); one alert with the rules that fired, their values, the frozen transactions
//! that made them fire, the screening hits and the cases and records linked to it, a link that
//! opens its network, its review's history, and the form that moves the review.

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rastro_app::flags::review::{self, AlertBand, AlertDetail, AlertPage, AlertQuery, AlertStatus};
use rastro_app::network::{NodeBrief, NodeKind};

use super::{csrf_field, error_page, render};
use crate::api::alerts::{alert_query, utc, PAGE};
use crate::api::network::param;
use crate::auth::{PageUser, User};
use crate::error::WebError;
use crate::html::{esc, link, table, url_encode};
use crate::i18n::{decimal, number, t, tf, Lang};
use crate::state::AppState;

/// The kinds of record an alert's linked records are looked for among, and how far.
const LINKED_KINDS: [NodeKind; 4] = [
    NodeKind::Person,
    NodeKind::Case,
    NodeKind::Incident,
    NodeKind::Group,
];
const LINKED_HOPS: u32 = 4;
const LINKED_CAP: usize = 400;
const LINKED_SHOWN: usize = 30;

pub fn status_key(status: AlertStatus) -> &'static str {
    match status {
        AlertStatus::Open => "alerts.status.new",
        AlertStatus::Reviewed => "alerts.status.under_review",
        AlertStatus::Reported => "alerts.status.reported",
        AlertStatus::Dismissed => "alerts.status.dismissed",
    }
}

fn band_key(band: AlertBand) -> &'static str {
    match band {
        AlertBand::Low => "alerts.band.low",
        AlertBand::Medium => "alerts.band.medium",
        AlertBand::High => "alerts.band.high",
    }
}

/// A typology's name as a reader says it (`funnel_account` → `funnel account`).
fn typology_label(typology: &str) -> String {
    typology.replace('_', " ")
}

pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    let query = match alert_query(&pairs, PAGE) {
        Ok(q) => q,
        Err(e) => return error_page(lang, &e),
    };
    let session = user.session.clone();
    let asked = query.clone();
    let page = match state
        .blocking(move |_| Ok(review::page(&session, &asked)?))
        .await
    {
        Ok(p) => p,
        Err(e) => return error_page(lang, &e),
    };
    let body = list_body(lang, &pairs, &query, &page);
    render(
        &state,
        &user,
        &uri,
        t(lang, "alerts.title"),
        "alerts",
        &body,
    )
}

fn list_body(
    lang: Lang,
    pairs: &[(String, String)],
    query: &AlertQuery,
    page: &AlertPage,
) -> String {
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "alerts.title")));
    let _ = write!(
        out,
        "<p class=\"meta\">{}</p>",
        esc(t(lang, "alerts.intro"))
    );
    out.push_str(&filters(lang, pairs, query, page));
    let _ = write!(
        out,
        "<p id=\"alerts-total\" data-total=\"{}\">{}</p>",
        page.total,
        esc(&tf(
            lang,
            "alerts.results",
            &[("n", number(lang, page.total))]
        ))
    );
    if page.alerts.is_empty() {
        let _ = write!(
            out,
            "<p class=\"meta\" id=\"alerts-none\">{}</p>",
            esc(t(lang, "alerts.none"))
        );
        return out;
    }
    let headers = [
        t(lang, "alerts.raised").to_string(),
        t(lang, "alerts.typology").to_string(),
        t(lang, "alerts.score").to_string(),
        t(lang, "alerts.band").to_string(),
        t(lang, "alerts.status").to_string(),
        t(lang, "alerts.owner").to_string(),
        t(lang, "alerts.transactions").to_string(),
    ];
    let rows: Vec<Vec<String>> = page
        .alerts
        .iter()
        .map(|a| {
            vec![
                format!(
                    "<a href=\"/alerts/{}\" data-id=\"{}\">{}</a>",
                    esc(&a.id),
                    esc(&a.id),
                    esc(&utc(a.raised_at))
                ),
                esc(&typology_label(&a.typology)),
                esc(&decimal(lang, a.score)),
                format!(
                    "<span data-band=\"{}\">{}</span>",
                    a.band.as_str(),
                    esc(t(lang, band_key(a.band)))
                ),
                format!(
                    "<span data-status=\"{}\">{}</span>",
                    a.status.as_str(),
                    esc(t(lang, status_key(a.status)))
                ),
                esc(&a.owner),
                number(lang, a.transactions),
            ]
        })
        .collect();
    out.push_str(&table("alerts-table", &headers, &rows));
    let shown = query.offset + page.alerts.len() as u64;
    if shown < page.total {
        let mut next: Vec<(String, String)> = pairs
            .iter()
            .filter(|(k, _)| k != "cursor")
            .cloned()
            .collect();
        next.push(("cursor".to_string(), shown.to_string()));
        let _ = write!(
            out,
            "<p><a id=\"alerts-next\" href=\"{}\">{}</a></p>",
            esc(&link("/alerts", &next)),
            esc(t(lang, "alerts.more"))
        );
    }
    out
}

/// The filter form: every state it sets is a URL parameter of the API's grammar.
fn filters(lang: Lang, pairs: &[(String, String)], query: &AlertQuery, page: &AlertPage) -> String {
    let mut out = String::from(
        "<form method=\"get\" action=\"/alerts\" id=\"alerts-filters\" class=\"filters\">",
    );
    let _ = write!(
        out,
        "<fieldset><legend>{}</legend>",
        esc(t(lang, "alerts.status"))
    );
    for (status, name) in [
        (AlertStatus::Open, "new"),
        (AlertStatus::Reviewed, "under_review"),
        (AlertStatus::Reported, "reported"),
        (AlertStatus::Dismissed, "dismissed"),
    ] {
        let checked = if query.statuses.contains(&status) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" name=\"status\" value=\"{name}\"{checked}> {}</label> ",
            esc(t(lang, status_key(status)))
        );
    }
    let _ = write!(
        out,
        "</fieldset><fieldset><legend>{}</legend>",
        esc(t(lang, "alerts.band"))
    );
    for band in [AlertBand::High, AlertBand::Medium, AlertBand::Low] {
        let checked = if query.bands.contains(&band) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" name=\"band\" value=\"{}\"{checked}> {}</label> ",
            band.as_str(),
            esc(t(lang, band_key(band)))
        );
    }
    let _ = write!(
        out,
        "</fieldset><label>{} <select name=\"typology\" id=\"alerts-typology\"><option value=\"\">{}</option>",
        esc(t(lang, "alerts.typology")),
        esc(t(lang, "alerts.any"))
    );
    for (typology, n) in &page.typologies {
        let selected = if query.typologies.contains(typology) {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{} ({})</option>",
            esc(typology),
            esc(&typology_label(typology)),
            number(lang, *n)
        );
    }
    out.push_str("</select></label> ");
    for (key, label) in [("from", "alerts.from"), ("to", "alerts.to")] {
        let _ = write!(
            out,
            "<label>{} <input type=\"text\" name=\"{key}\" id=\"alerts-{key}\" size=\"10\" value=\"{}\" placeholder=\"YYYY-MM-DD\"></label> ",
            esc(t(lang, label)),
            esc(param(pairs, key).unwrap_or(""))
        );
    }
    let own = if query.own_only { " checked" } else { "" };
    let _ = write!(
        out,
        "<label><input type=\"checkbox\" name=\"own\" value=\"1\"{own}> {}</label> <button>{}</button></form>",
        esc(t(lang, "alerts.own")),
        esc(t(lang, "alerts.apply"))
    );
    out
}

/// What the detail page reads: the alert, and the records the viewer's network ties to it.
struct Opened {
    detail: AlertDetail,
    linked: Option<Vec<(NodeBrief, u32)>>,
}

pub async fn detail(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let lang = user.lang;
    let session = user.session.clone();
    let opened = state
        .blocking(move |shared| {
            let Some(detail) = review::detail(&session, &id)? else {
                return Err(WebError::NotFound);
            };
            // The records tied to the alert come from the viewer's own network; a role that
            // has none (it may not count) simply gets no list.
            let linked = shared
                .network
                .network(&session, "alert.page")
                .ok()
                .and_then(|network| {
                    network
                        .linked(
                            &detail.network_key(),
                            LINKED_HOPS,
                            LINKED_CAP,
                            &LINKED_KINDS,
                        )
                        .ok()
                        .flatten()
                });
            Ok(Opened { detail, linked })
        })
        .await;
    match opened {
        Ok(opened) => {
            let title = opened.detail.alert.title.clone();
            let body = detail_body(lang, &user, &opened);
            render(&state, &user, &uri, &title, "alerts", &body)
        }
        Err(e) => error_page(lang, &e),
    }
}

fn detail_body(lang: Lang, user: &User, opened: &Opened) -> String {
    let d = &opened.detail;
    let a = &d.alert;
    let mut out = format!("<h1 id=\"alert-title\">{}</h1>", esc(&a.title));
    let _ = write!(
        out,
        "<p class=\"meta\">{} · {} · {} {}</p>",
        esc(&d.owner),
        esc(&a.time.to_string()),
        esc(t(lang, "alerts.catalogue")),
        esc(&a.catalogue_version)
    );
    let subject = a.name.clone().unwrap_or_else(|| a.subject.clone());
    let _ = write!(
        out,
        "<dl id=\"alert-summary\"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>\
         <dt>{}</dt><dd id=\"alert-score\">{} / {}</dd><dt>{}</dt><dd>{}</dd>\
         <dt>{}</dt><dd id=\"alert-status\" data-status=\"{}\">{}</dd></dl>",
        esc(t(lang, "alerts.subject")),
        esc(&subject),
        esc(t(lang, "alerts.accounts")),
        esc(&a.accounts.join(", ")),
        esc(t(lang, "alerts.score")),
        esc(&decimal(lang, a.score)),
        esc(&decimal(lang, a.threshold)),
        esc(t(lang, "alerts.band")),
        esc(t(lang, band_key(d.band))),
        esc(t(lang, "alerts.status")),
        d.status.as_str(),
        esc(t(lang, status_key(d.status))),
    );
    let _ = write!(
        out,
        "<p><a id=\"alert-network\" href=\"/network?node={}\">{}</a></p>",
        esc(&url_encode(&d.network_key())),
        esc(t(lang, "alerts.network"))
    );
    out.push_str(&rules(lang, d));
    out.push_str(&transactions(lang, d));
    out.push_str(&screening(lang, d));
    out.push_str(&linked(lang, opened));
    out.push_str(&review_section(lang, user, d));
    out
}

fn rules(lang: Lang, d: &AlertDetail) -> String {
    let headers = [
        t(lang, "alerts.rule").to_string(),
        t(lang, "alerts.value").to_string(),
        t(lang, "alerts.band").to_string(),
        t(lang, "alerts.weight").to_string(),
        t(lang, "alerts.window").to_string(),
        t(lang, "alerts.reason").to_string(),
        t(lang, "alerts.transactions").to_string(),
    ];
    let rows: Vec<Vec<String>> = d
        .alert
        .rules
        .iter()
        .map(|r| {
            let listed = if r.more_transactions > 0 {
                format!(
                    "{} (+{})",
                    number(lang, r.transactions.len() as u64),
                    number(lang, r.more_transactions as u64)
                )
            } else {
                number(lang, r.transactions.len() as u64)
            };
            vec![
                format!(
                    "<span data-rule=\"{}\">{}</span>",
                    esc(&r.rule),
                    esc(&r.title)
                ),
                esc(&decimal(lang, r.value)),
                esc(r.band.as_str()),
                esc(&decimal(lang, r.weight)),
                esc(&r.window),
                esc(&r.reason),
                esc(&listed),
            ]
        })
        .collect();
    format!(
        "<section class=\"panel\" id=\"alert-rules\"><h2>{}</h2>{}</section>",
        esc(t(lang, "alerts.rules")),
        table("alert-rules-table", &headers, &rows)
    )
}

fn transactions(lang: Lang, d: &AlertDetail) -> String {
    let headers = [
        t(lang, "alerts.txn_id").to_string(),
        t(lang, "alerts.when").to_string(),
        t(lang, "alerts.amount").to_string(),
        t(lang, "alerts.channel").to_string(),
        t(lang, "alerts.debtor").to_string(),
        t(lang, "alerts.creditor").to_string(),
        t(lang, "alerts.place").to_string(),
        t(lang, "alerts.contact").to_string(),
        t(lang, "alerts.description").to_string(),
    ];
    let party = |account: Option<&str>, name: Option<&str>| {
        [account, name]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let rows: Vec<Vec<String>> = d
        .transactions
        .iter()
        .map(|(id, tx)| {
            let place = [
                tx.branch.as_deref().map(str::to_string),
                tx.city.as_deref().map(str::to_string),
                tx.country.map(|c| c.to_string()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            vec![
                format!("<span data-id=\"{}\">{}</span>", esc(id), esc(&tx.id)),
                esc(&tx.time.to_string()),
                esc(&format!(
                    "{} {}",
                    tx.amount.format(tx.currency),
                    tx.currency.as_str()
                )),
                esc(tx.channel.as_str()),
                esc(&party(
                    tx.debtor.account.as_deref(),
                    tx.debtor.name.as_deref(),
                )),
                esc(&party(
                    tx.creditor.account.as_deref(),
                    tx.creditor.name.as_deref(),
                )),
                esc(&place),
                esc(tx.contact.as_deref().unwrap_or("")),
                esc(tx.description.as_deref().unwrap_or("")),
            ]
        })
        .collect();
    format!(
        "<section class=\"panel\" id=\"alert-transactions\"><h2>{}</h2><p class=\"meta\">{}</p>{}</section>",
        esc(t(lang, "alerts.frozen")),
        esc(t(lang, "alerts.frozen_hint")),
        table("alert-transactions-table", &headers, &rows)
    )
}

fn withheld(lang: Lang, key: &'static str, n: usize) -> String {
    if n == 0 {
        return String::new();
    }
    format!(
        "<p class=\"meta withheld\">{}</p>",
        esc(&tf(lang, key, &[("n", number(lang, n as u64))]))
    )
}

fn screening(lang: Lang, d: &AlertDetail) -> String {
    let mut out = format!(
        "<section class=\"panel\" id=\"alert-screening\"><h2>{}</h2>",
        esc(t(lang, "alerts.screening"))
    );
    if d.screening.is_empty() {
        let _ = write!(
            out,
            "<p class=\"meta\">{}</p>",
            esc(t(lang, "alerts.screening_none"))
        );
    } else {
        let headers = [
            t(lang, "alerts.subject").to_string(),
            t(lang, "alerts.listed").to_string(),
            t(lang, "alerts.list").to_string(),
            t(lang, "alerts.score").to_string(),
        ];
        let rows: Vec<Vec<String>> = d
            .screening
            .iter()
            .map(|h| {
                vec![
                    esc(&h.name),
                    esc(&h.listed_name),
                    esc(&format!("{}/{} · {}", h.list_owner, h.list, h.entry)),
                    esc(&format!("{:.2}", h.score)),
                ]
            })
            .collect();
        out.push_str(&table("alert-screening-table", &headers, &rows));
    }
    out.push_str(&withheld(
        lang,
        "alerts.withheld_hits",
        d.screening_withheld,
    ));
    out.push_str("</section>");
    out
}

fn linked(lang: Lang, opened: &Opened) -> String {
    let d = &opened.detail;
    let mut out = format!(
        "<section class=\"panel\" id=\"alert-linked\"><h2>{}</h2>",
        esc(t(lang, "alerts.linked"))
    );
    if d.linked_cases.is_empty() {
        let _ = write!(
            out,
            "<p class=\"meta\">{}</p>",
            esc(t(lang, "alerts.linked_none"))
        );
    } else {
        out.push_str("<ul id=\"alert-linked-cases\">");
        for case in &d.linked_cases {
            let key = format!("{}{}", rastro_app::network::CASE, case.case);
            let by = if case.by == "email" {
                t(lang, "kind.email")
            } else {
                t(lang, "kind.phone")
            };
            let _ = write!(
                out,
                "<li><a href=\"/network?node={}\" data-case=\"{}\">{} · {}</a> <span class=\"meta\">{}</span></li>",
                esc(&url_encode(&key)),
                esc(&case.case),
                esc(&case.owner),
                esc(rastro_app::network::short(&case.case)),
                esc(by)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str(&withheld(lang, "alerts.withheld_cases", d.linked_withheld));
    if let Some(linked) = &opened.linked {
        let _ = write!(out, "<h3>{}</h3>", esc(t(lang, "alerts.linked_network")));
        if linked.is_empty() {
            let _ = write!(
                out,
                "<p class=\"meta\" id=\"alert-linked-none\">{}</p>",
                esc(t(lang, "alerts.linked_none"))
            );
        } else {
            out.push_str("<ul id=\"alert-linked-records\">");
            for (node, hops) in linked.iter().take(LINKED_SHOWN) {
                let href = match node.key.strip_prefix(rastro_app::network::INCIDENT) {
                    Some(id) => format!("/incidents/{}", url_encode(id)),
                    None => format!("/network?node={}", url_encode(&node.key)),
                };
                let _ = write!(
                    out,
                    "<li><a href=\"{}\" data-key=\"{}\">{}</a> <span class=\"meta\">{} · {}</span></li>",
                    esc(&href),
                    esc(&node.key),
                    esc(&node.label),
                    esc(t(lang, crate::pages::network::kind_key(node.kind))),
                    esc(&tf(lang, "alerts.hops", &[("n", number(lang, u64::from(*hops)))]))
                );
            }
            out.push_str("</ul>");
        }
    }
    out.push_str("</section>");
    out
}

fn review_section(lang: Lang, user: &User, d: &AlertDetail) -> String {
    let mut out = format!(
        "<section class=\"panel\" id=\"alert-review\"><h2>{}</h2>",
        esc(t(lang, "alerts.review"))
    );
    if !d.reviews.is_empty() {
        // Who moved the review and why are the raising organisation's own: the store gives
        // them to its members only, and the columns are left out for anyone else.
        let internal = d.reviews.iter().all(|r| r.by.is_some() && r.note.is_some());
        let mut headers = vec![t(lang, "alerts.when").to_string()];
        if internal {
            headers.push(t(lang, "alerts.by").to_string());
        }
        headers.push(t(lang, "alerts.move").to_string());
        if internal {
            headers.push(t(lang, "alerts.note").to_string());
        }
        let rows: Vec<Vec<String>> = d
            .reviews
            .iter()
            .map(|r| {
                let moved = esc(&format!(
                    "{} → {}",
                    t(lang, status_key(r.from)),
                    t(lang, status_key(r.to))
                ));
                match (&r.by, &r.note) {
                    (Some(by), Some(note)) if internal => {
                        vec![esc(&r.at), esc(by), moved, esc(note)]
                    }
                    _ => vec![esc(&r.at), moved],
                }
            })
            .collect();
        out.push_str(&table("alert-history", &headers, &rows));
    }
    if !d.own {
        let _ = write!(
            out,
            "<p class=\"meta\" id=\"alert-not-own\">{}</p>",
            esc(&tf(lang, "alerts.not_own", &[("owner", d.owner.clone())]))
        );
    } else if d.moves.is_empty() {
        let _ = write!(
            out,
            "<p class=\"meta\" id=\"alert-final\">{}</p>",
            esc(t(lang, "alerts.final"))
        );
    } else {
        let _ = write!(
            out,
            "<form method=\"post\" action=\"/alerts/{}/review\" id=\"alert-review-form\">{}\
             <label>{} <select name=\"status\" id=\"alert-move\">",
            esc(&d.id),
            csrf_field(user),
            esc(t(lang, "alerts.move"))
        );
        for next in &d.moves {
            let _ = write!(
                out,
                "<option value=\"{}\">{}</option>",
                crate::api::alerts::status_name(*next),
                esc(t(lang, status_key(*next)))
            );
        }
        let _ = write!(
            out,
            "</select></label><label>{} <textarea name=\"note\" id=\"alert-note\" rows=\"3\" maxlength=\"{}\"></textarea></label>\
             <p class=\"meta\">{}</p><button>{}</button></form>",
            esc(t(lang, "alerts.note")),
            review::MAX_NOTE_CHARS,
            esc(t(lang, "alerts.note_hint")),
            esc(t(lang, "alerts.submit"))
        );
    }
    out.push_str("</section>");
    out
}

/// Moves the review from the page's form, then shows the alert again.
pub async fn move_review(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let lang = user.lang;
    let text = String::from_utf8_lossy(&body);
    let fields: Vec<(String, String)> = crate::csrf::form_urlencoded_pairs(&text).collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let Some(to) = field("status").as_deref().and_then(AlertStatus::parse) else {
        return error_page(
            lang,
            &WebError::BadRequest("choose what the alert becomes".into()),
        );
    };
    let note = field("note").unwrap_or_default();
    let session = user.session.clone();
    let target = format!("/alerts/{}", url_encode(&id));
    match state
        .blocking(move |_| Ok(review::review(&session, &id, to, &note)?))
        .await
    {
        Ok(_) => (StatusCode::SEE_OTHER, [(LOCATION, target)]).into_response(),
        Err(e) => error_page(lang, &e),
    }
}
