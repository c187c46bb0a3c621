//! Incidents in the news: search (accents and case ignored), facets computed on the server,
//! pages by cursor; and one incident with its article, each extracted fact marked where it was
//! read, and the other reports of the same event.

use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use rastro_app::incidents::{IncidentItem, IncidentPage};

use super::map::hidden_filter;
use super::{error_page, render, view_of, view_page};
use crate::auth::{PageUser, User};
use crate::error::WebError;
use crate::highlight::{mark, Fact, Terms};
use crate::html::esc;
use crate::i18n::{number, t, tf, Lang};
use crate::state::AppState;
use crate::views::{chips, dim_label, value_label, View};

const PAGE: usize = 20;

pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    view_page(
        &state,
        &user,
        &uri,
        &pairs,
        t(lang, "incidents.title"),
        "incidents",
        async |view| list_body(&state, &user, &view).await,
    )
    .await
}

async fn list_body(state: &AppState, user: &User, view: &View) -> Result<String, WebError> {
    let lang = user.lang;
    let offset = match view.param("cursor") {
        Some(c) if !c.is_empty() => c
            .parse::<usize>()
            .map_err(|_| WebError::BadRequest(format!("cursor {c:?} is not a position")))?,
        _ => 0,
    };
    let page: IncidentPage =
        crate::figures::incidents(state, user, &view.filter, "incidents", offset, PAGE).await?;
    let terms = view.filter.q().map_or_else(Terms::none, Terms::of);
    let mut out = format!("<h1>{}</h1>", esc(t(lang, "incidents.title")));
    let without_q = view.filter.without_key("q");
    out.push_str(&format!(
        "<form method=\"get\" action=\"/incidents\" class=\"inline\" role=\"search\">{}\
         <label>{}<input type=\"search\" name=\"q\" id=\"q\" value=\"{}\"></label><button>{}</button></form>",
        hidden_filter(&View { filter: without_q, params: Default::default() }),
        esc(t(lang, "incidents.search")),
        esc(view.filter.q().unwrap_or("")),
        esc(t(lang, "incidents.search")),
    ));
    out.push_str(&chips(lang, view, "/incidents"));
    out.push_str("<div class=\"facets\"><aside id=\"facets\">");
    for (dim, values) in &page.facets {
        out.push_str(&format!(
            "<div class=\"facet\" data-facet=\"{}\"><h4>{}</h4>",
            esc(dim.as_str()),
            esc(dim_label(lang, *dim))
        ));
        for (value, n) in values.iter().take(12) {
            let label = format!("{} ({})", value_label(lang, *dim, value), number(lang, *n));
            match view.drill("/incidents", *dim, value) {
                Some(href) => {
                    out.push_str(&format!("<a href=\"{}\">{}</a>", esc(&href), esc(&label)))
                }
                None => out.push_str(&format!("<span>{}</span>", esc(&label))),
            }
        }
        out.push_str("</div>");
    }
    out.push_str("</aside><div id=\"results\">");
    out.push_str(&format!(
        "<p id=\"total\">{}</p>",
        esc(&tf(
            lang,
            "incidents.results",
            &[("n", number(lang, page.total as u64))]
        ))
    ));
    if page.items.is_empty() {
        out.push_str(&format!("<p>{}</p>", esc(t(lang, "incidents.none"))));
    }
    for item in &page.items {
        out.push_str(&result(lang, item, &terms));
    }
    if let Some(next) = page.next {
        out.push_str(&format!(
            "<p><a id=\"next\" href=\"{}\">{}</a></p>",
            esc(&view.href_param("/incidents", "cursor", &next.to_string())),
            esc(t(lang, "incidents.more"))
        ));
    }
    out.push_str("</div></div>");
    Ok(out)
}

fn result(lang: Lang, item: &IncidentItem, terms: &Terms) -> String {
    let article = &item.article;
    let title = article.title.as_deref().unwrap_or(&article.external_id);
    let mut out = format!(
        "<div class=\"result\" data-id=\"{}\"><h3><a href=\"/incidents/{}\">{}</a></h3>",
        esc(&article.id),
        esc(&article.id),
        mark(title, terms, &[])
    );
    let mut meta = vec![article.organisation.clone(), article.language.clone()];
    if let Some(published) = &article.published {
        meta.push(published.clone());
    }
    if let Some(incident) = &item.incident {
        let countries: Vec<String> = incident
            .countries
            .iter()
            .map(|c| crate::views::country_name(lang, c.as_str()))
            .collect();
        if !countries.is_empty() {
            meta.push(countries.join(", "));
        }
        // The first sentence a fact was read from that says more than the title.
        let sentence = incident
            .evidence
            .iter()
            .map(|e| e.sentence.trim())
            .find(|s| !s.is_empty() && *s != title.trim());
        if let Some(sentence) = sentence {
            out.push_str(&format!("<p>{}</p>", mark(sentence, terms, &[])));
        }
    }
    out.push_str(&format!(
        "<p class=\"meta\">{}</p></div>",
        esc(&meta.join(" · "))
    ));
    out
}

pub async fn detail(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Path(id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    let view = match view_of(lang, &pairs) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let built: Result<(String, String), WebError> = async {
        let detail = crate::figures::incident(&state, &user, id, "incident").await?;
        let terms = view.filter.q().map_or_else(Terms::none, Terms::of);
        let article = &detail.item.article;
        let title = article
            .title
            .clone()
            .unwrap_or_else(|| article.external_id.clone());
        let mut out = format!("<h1 id=\"title\">{}</h1>", mark(&title, &terms, &[]));
        let mut meta = vec![article.organisation.clone(), article.language.clone()];
        if let Some(p) = &article.published {
            meta.push(p.clone());
        }
        if let Some(url) = &article.url {
            meta.push(url.clone());
        }
        out.push_str(&format!("<p class=\"meta\">{}</p>", esc(&meta.join(" · "))));
        let facts: Vec<Fact> = detail
            .item
            .incident
            .iter()
            .flat_map(|i| i.evidence.iter())
            .flat_map(|e| {
                e.spans.iter().map(move |[start, end]| Fact {
                    start: *start,
                    end: *end,
                    field: e.field.to_string(),
                    value: e.value.clone(),
                })
            })
            .collect();
        out.push_str(&format!(
            "<h2>{}</h2><dl id=\"facts\">",
            esc(t(lang, "incidents.facts"))
        ));
        for fact in detail.item.incident.iter().flat_map(|i| i.evidence.iter()) {
            out.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>",
                esc(&fact.field),
                esc(&fact.value)
            ));
        }
        out.push_str("</dl>");
        if let Some(text) = &detail.text {
            out.push_str(&format!(
                "<h2>{}</h2><div class=\"article\" id=\"article\">{}</div>",
                esc(t(lang, "incidents.article")),
                mark(text, &terms, &facts)
            ));
        }
        if !detail.same_event.is_empty() {
            out.push_str(&format!(
                "<h2>{}</h2><ul id=\"same-event\">",
                esc(t(lang, "incidents.same_event"))
            ));
            for other in &detail.same_event {
                out.push_str(&format!(
                    "<li><a href=\"/incidents/{}\">{}</a> <span class=\"meta\">{}</span></li>",
                    esc(&other.id),
                    esc(other.title.as_deref().unwrap_or(&other.external_id)),
                    esc(&other.organisation)
                ));
            }
            out.push_str("</ul>");
        }
        Ok((title, out))
    }
    .await;
    match built {
        Ok((title, body)) => render(&state, &user, &uri, &title, "incidents", &body),
        Err(e) => error_page(lang, &e),
    }
}
