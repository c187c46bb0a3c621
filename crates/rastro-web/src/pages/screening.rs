//! A live check of one person (name, birth date, nationality, document) against a watchlist the
//! user may use, each match with why it matched. Sent by POST, so the person's details stay out
//! of URLs and logs.

use axum::extract::{Form, State};
use axum::http::Uri;
use axum::response::Response;
use rastro_app::live_check::Query;
use rastro_screen::Match;
use serde::Deserialize;

use super::{csrf_field, error_page, render};
use crate::auth::{PageUser, User};
use crate::error::WebError;
use crate::html::{esc, table};
use crate::i18n::{decimal, t, Lang};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct Check {
    #[serde(default)]
    list: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    document: String,
}

pub async fn form(State(state): State<AppState>, PageUser(user): PageUser, uri: Uri) -> Response {
    respond(&state, &user, &uri, &Check::default(), None).await
}

pub async fn check(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Form(check): Form<Check>,
) -> Response {
    let session = user.session.clone();
    let list = check.list.clone();
    let (name, birth, nationality, document) = (
        check.name.clone(),
        check.birth_date.clone(),
        check.nationality.clone(),
        check.document.clone(),
    );
    let outcome = state
        .blocking(move |shared| {
            let query = Query {
                name: &name,
                birth_date: Some(&birth),
                nationality: Some(&nationality),
                document: Some(&document),
            };
            Ok(rastro_app::live_check::check(
                &session,
                &shared.lists,
                &list,
                &query,
                rastro_screen::DEFAULT_THRESHOLD,
                10,
            )?)
        })
        .await;
    respond(&state, &user, &uri, &check, Some(outcome.map(|(_, m)| m))).await
}

async fn respond(
    state: &AppState,
    user: &User,
    uri: &Uri,
    check: &Check,
    outcome: Option<Result<Vec<Match>, WebError>>,
) -> Response {
    let lang = user.lang;
    let session = user.session.clone();
    let lists = match state
        .blocking(move |_| Ok(rastro_app::live_check::usable_lists(&session)?))
        .await
    {
        Ok(lists) => lists,
        Err(WebError::Forbidden(_)) => Vec::new(),
        Err(e) => return error_page(lang, &e),
    };
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "screening.title")));
    if lists.is_empty() {
        out.push_str(&format!("<p>{}</p>", esc(t(lang, "screening.no_lists"))));
    } else {
        out.push_str(&format!(
            "<form method=\"post\" action=\"/screening\" class=\"inline\" id=\"screen\">{}<label>{}<select name=\"list\">",
            csrf_field(user),
            esc(t(lang, "screening.list"))
        ));
        for list in &lists {
            let selected = if list.id == check.list {
                " selected"
            } else {
                ""
            };
            out.push_str(&format!(
                "<option value=\"{}\"{selected}>{} ({})</option>",
                esc(&list.id),
                esc(&list.name),
                esc(&list.organisation)
            ));
        }
        out.push_str("</select></label>");
        for (field, key, value) in [
            ("name", "screening.name", &check.name),
            ("birth_date", "screening.birth", &check.birth_date),
            ("nationality", "screening.nationality", &check.nationality),
            ("document", "screening.document", &check.document),
        ] {
            out.push_str(&format!(
                "<label>{}<input name=\"{field}\" value=\"{}\"{}></label>",
                esc(t(lang, key)),
                esc(value),
                if field == "name" { " required" } else { "" }
            ));
        }
        out.push_str(&format!(
            "<button>{}</button></form>",
            esc(t(lang, "screening.check"))
        ));
    }
    match outcome {
        None => {}
        Some(Err(e)) => out.push_str(&format!(
            "<p class=\"error\" id=\"screen-error\">{}</p>",
            esc(&e.public_message())
        )),
        Some(Ok(matches)) if matches.is_empty() => out.push_str(&format!(
            "<p class=\"ok\" id=\"no-match\">{}</p>",
            esc(t(lang, "screening.no_match"))
        )),
        Some(Ok(matches)) => out.push_str(&matches_table(lang, &matches)),
    }
    render(
        state,
        user,
        uri,
        t(lang, "screening.title"),
        "screening",
        &out,
    )
}

fn matches_table(lang: Lang, matches: &[Match]) -> String {
    let headers = [
        t(lang, "screening.name").to_string(),
        t(lang, "screening.score").to_string(),
        t(lang, "screening.why").to_string(),
    ];
    let rows: Vec<Vec<String>> = matches
        .iter()
        .map(|m| {
            let e = &m.explanation;
            let mut why = vec![format!(
                "{} ≈ {} ({})",
                e.query_name,
                e.listed_name,
                decimal(lang, e.name_similarity * 100.0)
            )];
            for (label, feature) in [
                (t(lang, "screening.birth"), &e.date_of_birth),
                (t(lang, "screening.nationality"), &e.nationality),
                (t(lang, "screening.document"), &e.document_number),
            ] {
                if let Some(f) = feature {
                    why.push(format!("{label}: {}", f.result));
                }
            }
            vec![
                esc(&e.listed_name),
                esc(&decimal(lang, m.score * 100.0)),
                esc(&why.join(" · ")),
            ]
        })
        .collect();
    table("matches", &headers, &rows)
}
