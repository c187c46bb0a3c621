//! The network page: find a node, see what lies around it as an SVG drawing placed on the server
//! (each node a link that centres the view on it), filter by kind of node and by time, read the
//! same nodes and links as tables, see the brokers, and download FollowTheMoney JSON lines or
//! GraphML. Every state is in the URL (`node`, `q`, `hops`, `cap`, `kind`, `from`, `to`), the
//! same grammar as the API, and nothing needs script.

use std::fmt::Write;

use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;
use rastro_app::network::{
    span_days, Broker, EdgeKind, EgoView, Found, NetworkInfo, NodeBrief, NodeKind, NodeOut,
    Query as NetQuery,
};
use rastro_charts::OKABE_ITO;

use super::{error_page, render};
use crate::api::network::{param, query_of, with_network};
use crate::auth::{PageUser, User};
use crate::error::WebError;
use crate::html::{esc, link, table};
use crate::i18n::{decimal, number, t, tf, Lang};
use crate::state::AppState;

/// The query keys that say what to show around a node, kept when the centre moves.
const VIEW_KEYS: [&str; 5] = ["hops", "cap", "kind", "from", "to"];
/// The drawing's size in SVG units, and the margin kept free for labels.
const WIDTH: f32 = 960.0;
const HEIGHT: f32 = 620.0;
const MARGIN: f32 = 36.0;
/// Nodes labelled in the drawing when there are more than fit: the centre and the best
/// connected.
const LABELLED: usize = 14;
const BROKERS: usize = 10;

pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    match body(&state, &user, &pairs).await {
        Ok(html) => render(
            &state,
            &user,
            &uri,
            t(lang, "network.title"),
            "network",
            &html,
        ),
        Err(e) => error_page(lang, &e),
    }
}

/// What one page shows, read from the viewer's network in one go.
struct Shown {
    info: NetworkInfo,
    found: Option<Vec<Found>>,
    starts: Vec<NodeBrief>,
    view: Option<(EgoView, Vec<Broker>)>,
}

async fn body(
    state: &AppState,
    user: &User,
    pairs: &[(String, String)],
) -> Result<String, WebError> {
    let lang = user.lang;
    let query = query_of(pairs, true)?;
    let node = param(pairs, "node").map(str::to_string);
    let q = param(pairs, "q").map(str::to_string);
    let asked = query.clone();
    let shown = with_network(state, user, "network.page", move |network, _| {
        let view = match &node {
            Some(key) => {
                let ego = network.ego(key, &asked)?.ok_or(WebError::NotFound)?;
                let brokers = network.brokers(key, &asked, BROKERS)?.unwrap_or_default();
                Some((ego, brokers))
            }
            None => None,
        };
        Ok(Shown {
            info: network.info.clone(),
            found: q.as_deref().map(|q| network.find(q, 30)),
            starts: network.starting_points().to_vec(),
            view,
        })
    })
    .await?;
    let kept: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, v)| VIEW_KEYS.contains(&k.as_str()) && !v.trim().is_empty())
        .cloned()
        .collect();
    let href = |key: &str| {
        let mut to = vec![("node".to_string(), key.to_string())];
        to.extend(kept.iter().cloned());
        link("/network", &to)
    };

    let mut out = format!("<h1>{}</h1>", esc(t(lang, "network.title")));
    let _ = write!(
        out,
        "<p class=\"meta\">{}</p>",
        esc(t(lang, "network.intro"))
    );
    out.push_str(&search_form(lang, param(pairs, "q").unwrap_or(""), &kept));
    if let Some(found) = &shown.found {
        out.push_str(&found_list(lang, found, &href));
    }
    match &shown.view {
        Some((view, _)) if view.nodes.is_empty() => return Err(WebError::NotFound),
        Some((view, brokers)) => {
            out.push_str(&filters_form(lang, pairs, &query, &shown.info, view));
            out.push_str(&drawing(lang, view, &href));
            out.push_str(&downloads(lang, view, &kept));
            out.push_str(&brokers_panel(lang, brokers, &href));
            out.push_str(&tables(lang, view, &href));
        }
        None if shown.found.is_none() => out.push_str(&starts(lang, &shown, &href)),
        None => {}
    }
    Ok(out)
}

fn search_form(lang: Lang, q: &str, kept: &[(String, String)]) -> String {
    let mut hidden = String::new();
    for (k, v) in kept {
        let _ = write!(
            hidden,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            esc(k),
            esc(v)
        );
    }
    format!(
        "<form method=\"get\" action=\"/network\" class=\"inline\" role=\"search\" id=\"network-search\">{hidden}\
         <label>{}<input type=\"search\" name=\"q\" id=\"network-q\" value=\"{}\" placeholder=\"{}\"></label>\
         <button>{}</button></form>",
        esc(t(lang, "network.search")),
        esc(q),
        esc(t(lang, "network.search_hint")),
        esc(t(lang, "network.search_button")),
    )
}

fn found_list(lang: Lang, found: &[Found], href: &dyn Fn(&str) -> String) -> String {
    if found.is_empty() {
        return format!(
            "<p id=\"found\" class=\"meta\">{}</p>",
            esc(t(lang, "network.none_found"))
        );
    }
    let mut out = format!(
        "<h2>{}</h2><ul id=\"found\">",
        esc(&tf(
            lang,
            "network.found",
            &[("n", number(lang, found.len() as u64))]
        ))
    );
    for f in found {
        let _ =
            write!(
            out,
            "<li><a href=\"{}\" data-key=\"{}\">{}</a> <span class=\"meta\">{} · {}</span></li>",
            esc(&href(&f.node.key)),
            esc(&f.node.key),
            esc(&shown_label(lang, &f.node)),
            esc(t(lang, kind_key(f.node.kind))),
            esc(&tf(lang, "network.links", &[("n", number(lang, f.degree as u64))])),
        );
    }
    out.push_str("</ul>");
    out
}

fn starts(lang: Lang, shown: &Shown, href: &dyn Fn(&str) -> String) -> String {
    let info = &shown.info;
    let mut out = format!(
        "<p id=\"network-size\">{}</p>",
        esc(&tf(
            lang,
            "network.size",
            &[
                ("nodes", number(lang, info.nodes as u64)),
                ("edges", number(lang, info.edges as u64)),
            ]
        ))
    );
    if shown.starts.is_empty() {
        let _ = write!(
            out,
            "<p class=\"meta\">{}</p>",
            esc(t(lang, "network.empty"))
        );
        return out;
    }
    let _ = write!(
        out,
        "<h2>{}</h2><ul id=\"starts\">",
        esc(t(lang, "network.starts"))
    );
    for node in &shown.starts {
        let _ = write!(
            out,
            "<li><a href=\"{}\" data-key=\"{}\">{}</a> <span class=\"meta\">{}</span></li>",
            esc(&href(&node.key)),
            esc(&node.key),
            esc(&shown_label(lang, node)),
            esc(t(lang, kind_key(node.kind)))
        );
    }
    out.push_str("</ul>");
    out
}

fn filters_form(
    lang: Lang,
    pairs: &[(String, String)],
    query: &NetQuery,
    info: &NetworkInfo,
    view: &EgoView,
) -> String {
    let centre = &view.nodes[view.centre].node;
    let mut out = format!(
        "<form method=\"get\" action=\"/network\" class=\"inline\" id=\"network-filters\">\
         <input type=\"hidden\" name=\"node\" value=\"{}\"><fieldset id=\"kinds\"><legend>{}</legend>",
        esc(&centre.key),
        esc(t(lang, "network.kinds"))
    );
    // The kinds present, and any asked for that is not (so a chosen box never vanishes).
    let mut kinds: Vec<NodeKind> = info.kinds.iter().map(|(k, _)| *k).collect();
    for kind in &query.kinds {
        if !kinds.contains(kind) {
            kinds.push(*kind);
        }
    }
    kinds.sort();
    for kind in kinds {
        let checked = if query.kinds.contains(&kind) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<label class=\"check\" style=\"flex-direction:row;align-items:center;gap:.25rem\"><input type=\"checkbox\" name=\"kind\" value=\"{}\"{checked}> {} {}</label>",
            kind.name(),
            symbol(kind, 6.0),
            esc(t(lang, kind_key(kind)))
        );
    }
    out.push_str("</fieldset>");
    for (key, label) in [("from", "network.from"), ("to", "network.to")] {
        let _ = write!(
            out,
            "<label>{}<input type=\"text\" name=\"{key}\" id=\"network-{key}\" value=\"{}\" placeholder=\"YYYY-MM-DD\" size=\"10\"></label>",
            esc(t(lang, label)),
            esc(param(pairs, key).unwrap_or(""))
        );
    }
    let _ = write!(
        out,
        "<label>{}<select name=\"hops\" id=\"network-hops\">",
        esc(t(lang, "network.hops"))
    );
    for hops in 1..=rastro_app::network::MAX_HOPS {
        let selected = if hops == query.hops { " selected" } else { "" };
        let _ = write!(out, "<option value=\"{hops}\"{selected}>{hops}</option>");
    }
    let _ = write!(
        out,
        "</select></label><label>{}<select name=\"cap\" id=\"network-cap\">",
        esc(t(lang, "network.cap"))
    );
    let mut caps = vec![50, 100, 200, 500, 1000];
    if !caps.contains(&query.cap) {
        caps.push(query.cap);
        caps.sort_unstable();
    }
    for cap in caps {
        let selected = if cap == query.cap { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{cap}\"{selected}>{}</option>",
            number(lang, cap as u64)
        );
    }
    let _ = write!(
        out,
        "</select></label><button>{}</button></form>",
        esc(t(lang, "network.apply"))
    );
    out
}

/// The ego network drawn from the server's layout: edges as lines (thicker for stronger ties),
/// record nodes as circles and values as squares, coloured by kind, each a link that centres
/// the view on it.
fn drawing(lang: Lang, view: &EgoView, href: &dyn Fn(&str) -> String) -> String {
    let centre = &view.nodes[view.centre];
    let mut out = format!(
        "<section class=\"panel\" id=\"network-panel\"><h2 id=\"network-centre\" data-key=\"{}\">{} <span class=\"meta\">{}</span></h2>",
        esc(&centre.node.key),
        esc(&shown_label(lang, &centre.node)),
        esc(t(lang, kind_key(centre.node.kind)))
    );
    let _ = write!(
        out,
        "<p class=\"meta\" id=\"network-shown\">{}</p>",
        esc(&tf(
            lang,
            "network.shown",
            &[
                ("nodes", number(lang, view.nodes.len() as u64)),
                ("edges", number(lang, view.edges.len() as u64)),
            ]
        ))
    );
    if view.truncated {
        let _ = write!(
            out,
            "<p class=\"meta\" id=\"network-truncated\">{}</p>",
            esc(t(lang, "network.truncated"))
        );
    }
    let point = |n: &NodeOut| {
        (
            MARGIN + n.x * (WIDTH - 2.0 * MARGIN),
            MARGIN + n.y * (HEIGHT - 2.0 * MARGIN),
        )
    };
    let _ = write!(
        out,
        "<svg id=\"network-graph\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-labelledby=\"network-graph-title\">\
         <title id=\"network-graph-title\">{}</title><rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#fff\"/><g class=\"edges\">",
        esc(&tf(lang, "network.drawing", &[("label", shown_label(lang, &centre.node))]))
    );
    for edge in &view.edges {
        let (Some(a), Some(b)) = (view.nodes.get(edge.from), view.nodes.get(edge.to)) else {
            continue;
        };
        let ((x1, y1), (x2, y2)) = (point(a), point(b));
        let _ = write!(
            out,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#7b8190\" stroke-opacity=\"0.55\" stroke-width=\"{:.2}\" data-kind=\"{}\"/>",
            0.6 + 2.4 * edge.strength.clamp(0.0, 1.0),
            edge.kind.name()
        );
    }
    out.push_str("</g><g class=\"nodes\">");
    // Which nodes carry a label: all when few, else the centre and the best connected.
    let labelled: Vec<bool> = if view.nodes.len() <= 40 {
        vec![true; view.nodes.len()]
    } else {
        let mut order: Vec<usize> = (0..view.nodes.len()).collect();
        order.sort_by(|&a, &b| {
            view.nodes[b]
                .degree
                .cmp(&view.nodes[a].degree)
                .then(a.cmp(&b))
        });
        let mut marks = vec![false; view.nodes.len()];
        marks[view.centre] = true;
        for i in order.into_iter().take(LABELLED) {
            marks[i] = true;
        }
        marks
    };
    let mut labels = String::new();
    for (i, node) in view.nodes.iter().enumerate() {
        let (x, y) = point(node);
        let is_centre = i == view.centre;
        let size = 4.0 + (node.degree as f32).sqrt().min(9.0) + if is_centre { 4.0 } else { 0.0 };
        let label = shown_label(lang, &node.node);
        let stroke = if is_centre {
            "stroke=\"#000\" stroke-width=\"3\""
        } else {
            "stroke=\"#333\" stroke-width=\"1\""
        };
        let _ = write!(
            out,
            "<a href=\"{}\" data-key=\"{}\" data-kind=\"{}\"><title>{} ({})</title>{}</a>",
            esc(&href(&node.node.key)),
            esc(&node.node.key),
            node.node.kind.name(),
            esc(&label),
            esc(t(lang, kind_key(node.node.kind))),
            shape(node.node.kind, x, y, size, stroke)
        );
        if labelled[i] {
            let _ = write!(
                labels,
                "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1a1a1a\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                y + size + 11.0,
                esc(&shorten(&label, 28))
            );
        }
    }
    out.push_str("</g><g class=\"labels\" pointer-events=\"none\">");
    out.push_str(&labels);
    out.push_str("</g></svg>");
    let _ = write!(
        out,
        "<p class=\"meta\">{}</p>",
        esc(t(lang, "network.recentre"))
    );
    out.push_str(&legend(lang, view));
    out.push_str("</section>");
    out
}

/// The kinds drawn, with their symbols.
fn legend(lang: Lang, view: &EgoView) -> String {
    let mut kinds: Vec<NodeKind> = view.nodes.iter().map(|n| n.node.kind).collect();
    kinds.sort();
    kinds.dedup();
    let mut out = format!(
        "<ul class=\"chips\" id=\"network-legend\" aria-label=\"{}\">",
        esc(t(lang, "network.legend"))
    );
    for kind in kinds {
        let _ = write!(
            out,
            "<li class=\"chip\" data-kind=\"{}\">{} {}</li>",
            kind.name(),
            symbol(kind, 7.0),
            esc(t(lang, kind_key(kind)))
        );
    }
    out.push_str("</ul>");
    out
}

fn downloads(lang: Lang, view: &EgoView, kept: &[(String, String)]) -> String {
    let centre = &view.nodes[view.centre].node.key;
    let mut out = format!(
        "<p id=\"network-downloads\">{}: ",
        esc(t(lang, "network.download"))
    );
    for (id, format, label) in [
        ("export-ftm", "ftm", "network.ftm"),
        ("export-graphml", "graphml", "network.graphml"),
    ] {
        let mut to = vec![
            ("node".to_string(), centre.clone()),
            ("format".to_string(), format.to_string()),
        ];
        to.extend(kept.iter().cloned());
        let _ = write!(
            out,
            "<a id=\"{id}\" href=\"{}\" download>{}</a> ",
            esc(&link("/api/v1/network/export", &to)),
            esc(t(lang, label))
        );
    }
    out.push_str("</p>");
    out
}

fn brokers_panel(lang: Lang, brokers: &[Broker], href: &dyn Fn(&str) -> String) -> String {
    let headers = [
        t(lang, "network.label").to_string(),
        t(lang, "network.kind").to_string(),
        t(lang, "network.betweenness").to_string(),
        t(lang, "network.degree").to_string(),
    ];
    let rows: Vec<Vec<String>> = brokers
        .iter()
        .filter(|b| b.betweenness > 0.0)
        .map(|b| {
            vec![
                format!(
                    "<a href=\"{}\">{}</a>",
                    esc(&href(&b.node.key)),
                    esc(&shown_label(lang, &b.node))
                ),
                esc(t(lang, kind_key(b.node.kind))),
                esc(&decimal(lang, b.betweenness)),
                esc(&number(lang, u64::from(b.neighbours))),
            ]
        })
        .collect();
    let mut out = format!(
        "<section class=\"panel\" id=\"brokers-panel\"><h2>{}</h2><p class=\"meta\">{}</p>",
        esc(t(lang, "network.brokers")),
        esc(t(lang, "network.brokers_hint"))
    );
    if rows.is_empty() {
        let _ = write!(
            out,
            "<p class=\"meta\" id=\"brokers-none\">{}</p>",
            esc(t(lang, "network.no_brokers"))
        );
    } else {
        out.push_str(&table("brokers", &headers, &rows));
    }
    out.push_str("</section>");
    out
}

/// The same nodes and links as the drawing, as tables.
fn tables(lang: Lang, view: &EgoView, href: &dyn Fn(&str) -> String) -> String {
    let node_headers = [
        t(lang, "network.label").to_string(),
        t(lang, "network.kind").to_string(),
        t(lang, "network.hops").to_string(),
        t(lang, "network.degree").to_string(),
        t(lang, "network.weight").to_string(),
        t(lang, "network.community").to_string(),
        t(lang, "network.when").to_string(),
    ];
    let node_rows: Vec<Vec<String>> = view
        .nodes
        .iter()
        .map(|n| {
            vec![
                format!(
                    "<a href=\"{}\" data-key=\"{}\">{}</a>{}",
                    esc(&href(&n.node.key)),
                    esc(&n.node.key),
                    esc(&shown_label(lang, &n.node)),
                    record_page(lang, &n.node)
                ),
                esc(t(lang, kind_key(n.node.kind))),
                number(lang, u64::from(n.hops)),
                number(lang, u64::from(n.degree)),
                esc(&format!("{:.2}", n.weight)
                    .replace('.', if lang == Lang::En { "." } else { "," })),
                number(lang, u64::from(n.community) + 1),
                esc(&when(n.time)),
            ]
        })
        .collect();
    let edge_headers = [
        t(lang, "network.from_node").to_string(),
        t(lang, "network.link").to_string(),
        t(lang, "network.to_node").to_string(),
        t(lang, "network.strength").to_string(),
        t(lang, "network.when").to_string(),
    ];
    let edge_rows: Vec<Vec<String>> = view
        .edges
        .iter()
        .filter_map(|e| {
            let (a, b) = (view.nodes.get(e.from)?, view.nodes.get(e.to)?);
            let mut relation = t(lang, edge_key(e.kind)).to_string();
            if let Some(role) = &e.role {
                relation = format!("{relation} ({})", role_label(lang, role));
            }
            Some(vec![
                esc(&shown_label(lang, &a.node)),
                esc(&relation),
                esc(&shown_label(lang, &b.node)),
                esc(&format!("{:.2}", e.strength)
                    .replace('.', if lang == Lang::En { "." } else { "," })),
                esc(&when(e.time)),
            ])
        })
        .collect();
    format!(
        "<details class=\"panel\" id=\"network-table\"><summary>{}</summary><h3>{}</h3>{}<h3>{}</h3>{}</details>",
        esc(t(lang, "network.table")),
        esc(t(lang, "network.nodes")),
        table("network-nodes", &node_headers, &node_rows),
        esc(t(lang, "network.edges")),
        table("network-edges", &edge_headers, &edge_rows),
    )
}

fn when(time: Option<rastro_app::network::Span>) -> String {
    match time.map(span_days) {
        Some((a, b)) if a == b => a,
        Some((a, b)) => format!("{a} – {b}"),
        None => String::new(),
    }
}

/// A node's label as shown: a country by its name in the user's language.
fn shown_label(lang: Lang, node: &NodeBrief) -> String {
    let label = node.label.trim();
    if node.kind == NodeKind::Place
        && label.len() == 2
        && label.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return crate::views::country_name(lang, &label.to_ascii_uppercase());
    }
    label.to_string()
}

fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut out: String = text.chars().take(chars - 1).collect();
    out.push('…');
    out
}

/// A kind's colour (Okabe–Ito) and whether it is drawn as a square (values) or a circle
/// (records): two cues, so no reader depends on colour alone.
fn style(kind: NodeKind) -> (&'static str, bool) {
    let [black, orange, sky, green, yellow, blue, vermillion, purple] = OKABE_ITO;
    match kind {
        NodeKind::Person => (blue, false),
        NodeKind::Organisation => (orange, false),
        NodeKind::Group => (vermillion, false),
        NodeKind::Case => (green, false),
        NodeKind::Incident => (purple, false),
        NodeKind::Transaction => (sky, false),
        NodeKind::Alert => (black, false),
        NodeKind::Place => (yellow, true),
        NodeKind::Account => (sky, true),
        NodeKind::Phone => (orange, true),
        NodeKind::Email => (blue, true),
        NodeKind::Document => (green, true),
    }
}

fn shape(kind: NodeKind, x: f32, y: f32, size: f32, stroke: &str) -> String {
    let (fill, square) = style(kind);
    if square {
        format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" {stroke}/>",
            x - size,
            y - size,
            2.0 * size,
            2.0 * size
        )
    } else {
        format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{size:.1}\" fill=\"{fill}\" {stroke}/>")
    }
}

/// A small inline drawing of a kind's symbol, for the legend and the filters.
fn symbol(kind: NodeKind, size: f32) -> String {
    let side = 2.0 * size + 2.0;
    format!(
        "<svg width=\"{side}\" height=\"{side}\" viewBox=\"0 0 {side} {side}\" aria-hidden=\"true\">{}</svg>",
        shape(kind, side / 2.0, side / 2.0, size, "stroke=\"#333\" stroke-width=\"1\"")
    )
}

/// The label key of a node kind.
/// A link to the record's own page, for the kinds that have one (alerts, incidents).
fn record_page(lang: Lang, node: &NodeBrief) -> String {
    let page = match node.kind {
        NodeKind::Alert => node
            .key
            .strip_prefix(rastro_app::network::ALERT)
            .map(|id| format!("/alerts/{}", crate::html::url_encode(id))),
        NodeKind::Incident => node
            .key
            .strip_prefix(rastro_app::network::INCIDENT)
            .map(|id| format!("/incidents/{}", crate::html::url_encode(id))),
        _ => None,
    };
    match page {
        Some(href) => format!(
            " <a class=\"record-page\" href=\"{}\">{}</a>",
            esc(&href),
            esc(t(lang, "network.open_record"))
        ),
        None => String::new(),
    }
}

pub(crate) fn kind_key(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Person => "kind.person",
        NodeKind::Organisation => "kind.organisation",
        NodeKind::Group => "kind.group",
        NodeKind::Place => "kind.place",
        NodeKind::Account => "kind.account",
        NodeKind::Phone => "kind.phone",
        NodeKind::Email => "kind.email",
        NodeKind::Document => "kind.document",
        NodeKind::Case => "kind.case",
        NodeKind::Incident => "kind.incident",
        NodeKind::Transaction => "kind.transaction",
        NodeKind::Alert => "kind.alert",
    }
}

fn edge_key(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::HoldsAccount => "edge.holds_account",
        EdgeKind::UsesPhone => "edge.uses_phone",
        EdgeKind::UsesEmail => "edge.uses_email",
        EdgeKind::HasDocument => "edge.has_document",
        EdgeKind::LocatedIn => "edge.located_in",
        EdgeKind::MemberOf => "edge.member_of",
        EdgeKind::NamedInCase => "edge.named_in_case",
        EdgeKind::ReportedInIncident => "edge.reported_in_incident",
        EdgeKind::FlaggedInAlert => "edge.flagged_in_alert",
        EdgeKind::Paid => "edge.paid",
        EdgeKind::PaidFrom => "edge.paid_from",
        EdgeKind::PaidTo => "edge.paid_to",
        EdgeKind::Associate => "edge.associate",
        EdgeKind::Related => "edge.related",
    }
}

/// A link's role in the user's language when it is one Rastro writes; as written otherwise.
fn role_label(lang: Lang, role: &str) -> String {
    match role {
        "victim" => t(lang, "role.victim").to_string(),
        "perpetrator" => t(lang, "role.perpetrator").to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_label_a_colour_and_a_shape_in_every_language() {
        for lang in [Lang::En, Lang::Es, Lang::Pt] {
            for kind in NodeKind::ALL {
                assert_ne!(t(lang, kind_key(kind)), kind_key(kind), "{kind:?}");
            }
            for kind in EdgeKind::ALL {
                assert_ne!(t(lang, edge_key(kind)), edge_key(kind), "{kind:?}");
            }
            assert_ne!(role_label(lang, "victim"), "role.victim");
        }
        // Two kinds may share a colour only when one is drawn round and the other square.
        let styles: Vec<_> = NodeKind::ALL.iter().map(|&k| style(k)).collect();
        for (i, a) in styles.iter().enumerate() {
            assert!(
                !styles[i + 1..].contains(a),
                "{:?} is drawn like another kind",
                NodeKind::ALL[i]
            );
        }
    }

    #[test]
    fn labels_are_escaped_and_countries_named() {
        let node = NodeBrief {
            key: "place:pe".into(),
            kind: NodeKind::Place,
            label: "pe".into(),
        };
        assert_eq!(shown_label(Lang::Es, &node), "Perú");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
        let evil = NodeBrief {
            key: "group:x".into(),
            kind: NodeKind::Group,
            label: "<script>alert(1)</script>".into(),
        };
        let found = found_list(
            Lang::En,
            &[Found {
                node: evil,
                degree: 2,
            }],
            &|k| format!("/network?node={k}"),
        );
        assert!(
            found.contains("&lt;script&gt;") && !found.contains("<script>"),
            "{found}"
        );
    }
}
