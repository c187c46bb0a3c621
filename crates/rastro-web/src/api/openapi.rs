//! The OpenAPI 3.1 document of the JSON API, built from one table of routes. A test calls every
//! route of the table over a socket, so the document cannot name a route that does not answer.

use axum::response::Json;
use serde_json::{json, Map, Value};

/// A documented route.
pub struct Route {
    pub method: &'static str,
    /// As OpenAPI writes it (`/cases/{id}`), below `/api/v1`.
    pub path: &'static str,
    pub summary: &'static str,
    /// Query parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
    /// A JSON request body's fields: (name, type, required).
    pub body: &'static [(&'static str, &'static str, bool)],
    pub public: bool,
}

const QUEUE: &[(&str, &str)] = &[
    (
        "kind",
        "import_cases, ingest_news, extract_news, link_persons, link_events or release",
    ),
    (
        "name",
        "import_cases, ingest_news: the file's name (its extension tells its format)",
    ),
    (
        "column",
        "import_cases: HEADER=FIELD (repeatable), the field of a column whose header Rastro does not know",
    ),
    (
        "threshold",
        "link_persons, link_events: match probability at or above which a pair links",
    ),
    (
        "other_reports",
        "link_events: other reports per report (default: estimated)",
    ),
    ("by", "release: one or two dimensions, comma-separated"),
    ("k", "release: smallest count published (default 11)"),
    (
        "epsilon",
        "release: Laplace noise for ε-differential privacy, paid from the budget once",
    ),
    (
        "dataset",
        "release: the dataset the budget belongs to (default cases)",
    ),
    ("budget", "release: the dataset's whole budget (default 1)"),
    (
        "country, form, from, to, …",
        "release: the filter, as for /stats",
    ),
];

const FILTER: &[(&str, &str)] = &[
    ("country", "ISO alpha-2, optionally stage-qualified: origin:PE, transit:MX, destination:US, exploitation:CO, citizenship:VE; repeat to OR"),
    ("form", "form of exploitation (HTCDS wire value, e.g. SexualExploitation)"),
    ("from", "first month, YYYY-MM or YYYY"),
    ("to", "last month, YYYY-MM or YYYY"),
    ("source", "case or news"),
    ("outlet", "news outlet: the host of the article's address, e.g. elcomercio.pe"),
    ("org", "owning organisation's name"),
    ("lang", "article language: es, pt, en"),
    ("sex", "HTCDS gender value"),
    ("age_band", "0-8, 9-17, 18-29, 30-38, 39-47, 48+"),
    ("q", "words the articles must contain (accents and case ignored)"),
];

/// The network around a node, as every network route but paths reads it.
const NETWORK: &[(&str, &str)] = &[
    ("node", "the key of the node at the centre (as find or ego answer it: case:ID, person:ID, incident:ID, group:NAME, phone:+51..., place:pe)"),
    ("hops", "how far from the centre, 0-4 (default 2)"),
    ("cap", "the most nodes, 1-2000 (default 200); nearer and stronger ties are kept first"),
    ("kind", "node kinds shown and walked through, repeated or comma-separated: person, organisation, group, place, account, phone, email, document, case, incident, transaction, alert (default all)"),
    ("from", "first day of the time window: YYYY, YYYY-MM or YYYY-MM-DD (undated nodes and edges stay)"),
    ("to", "last day of the time window"),
];
const NETWORK_TOP: &[(&str, &str)] = &[
    ("node", "the key of the node at the centre"),
    ("hops", "how far from the centre, 0-4 (default 2)"),
    ("cap", "the most nodes, 1-2000 (default 200)"),
    (
        "kind",
        "node kinds, repeated or comma-separated (default all)",
    ),
    ("from", "first day of the time window"),
    ("to", "last day of the time window"),
    ("top", "brokers listed, at most 100 (default 10)"),
];
const NETWORK_EXPORT: &[(&str, &str)] = &[
    ("node", "the key of the node at the centre"),
    ("hops", "how far from the centre, 0-4 (default 2)"),
    ("cap", "the most nodes, 1-2000 (default 200)"),
    (
        "kind",
        "node kinds, repeated or comma-separated (default all)",
    ),
    ("from", "first day of the time window"),
    ("to", "last day of the time window"),
    (
        "format",
        "ftm (FollowTheMoney JSON lines, the default) or graphml",
    ),
];

/// The alerts a list asks for, as every alerts route that lists reads them.
const ALERTS: &[(&str, &str)] = &[
    (
        "status",
        "new, under_review, reported or dismissed; repeated or comma-separated to OR",
    ),
    ("band", "low, medium or high; repeated or comma-separated"),
    (
        "typology",
        "a typology of the catalogue, e.g. funnel_account; repeated to OR",
    ),
    (
        "from",
        "raised on or after this day (UTC): YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    ("to", "raised on or before this day (UTC)"),
    (
        "own",
        "1: only the caller's organisation's alerts, not those granted to it",
    ),
    ("limit", "page size, at most 500 (default 50)"),
    ("cursor", "position returned as next_cursor"),
];

pub const ROUTES: &[Route] = &[
    Route { method: "get", path: "/health", summary: "Liveness", query: &[], body: &[], public: true },
    Route { method: "get", path: "/openapi.json", summary: "This document", query: &[], body: &[], public: true },
    Route { method: "get", path: "/cases", summary: "Cases visible to the caller, each at its level (JSON pages, or the caller's own whole records as streamed CSV with Accept: text/csv)", query: &[("limit", "page size, at most 1000"), ("cursor", "position returned as next_cursor"), ("include_shared", "CSV: also records granted in full")], body: &[], public: false },
    Route { method: "post", path: "/cases", summary: "Import a case file sent as the body (CSV, JSON lines, XLSX, ODS); importing the same records again adds nothing. With queue=1 the file is queued (kept in the store, sealed) for a worker and the answer is 202 with the job", query: &[("format", "csv, jsonl, xlsx or ods (else from Content-Type)"), ("queue", "1: queue the import as a job instead of waiting for it"), ("column", "HEADER=FIELD (repeatable): the field of a column whose header Rastro does not know, e.g. Residencia=prs_MailingCountry or Destino final=hte_Country@Exploitation")], body: &[], public: false },
    Route { method: "get", path: "/cases/{id}", summary: "One case at the caller's level; 404 when missing or not visible", query: &[], body: &[], public: false },
    Route { method: "get", path: "/incidents", summary: "Incidents in the news: search, filters, facets, cursor pages", query: FILTER, body: &[], public: false },
    Route { method: "get", path: "/incidents/{id}", summary: "One incident, its article (at detail level) and the other reports of its event", query: &[], body: &[], public: false },
    Route { method: "get", path: "/stats/{table}", summary: "Statistics with small cells suppressed: table is counts, crosstab, timeseries, flows or choropleth; CSV with Accept: text/csv", query: &[("by", "dimension: form, country.origin, country.transit, country.destination, country.exploitation, citizenship, sex, age_band, year, month, source, org, lang"), ("by2", "second dimension (crosstab)"), ("layer", "choropleth: exploitation, citizenship or incidents"), ("measure", "records or victims")], body: &[], public: false },
    Route { method: "post", path: "/extract", summary: "Extract the incident an article describes (nothing is stored)", query: &[], body: &[("text", "string", true), ("title", "string", false), ("url", "string", false), ("published", "string", false)], public: false },
    Route { method: "post", path: "/screen", summary: "Check one person against a watchlist the caller may use; each match explained", query: &[], body: &[("list", "string", true), ("name", "string", true), ("birth_date", "string", false), ("nationality", "string", false), ("document", "string", false), ("threshold", "number", false), ("limit", "integer", false)], public: false },
    Route { method: "get", path: "/lists", summary: "Watchlists the caller may screen against", query: &[], body: &[], public: false },
    Route { method: "get", path: "/network/find", summary: "Nodes of the caller's network whose label holds the words or number given, to pick a start", query: &[("q", "words of a label, or a number (phone, account, document) however spaced"), ("limit", "at most 100 (default 20)")], body: &[], public: false },
    Route { method: "get", path: "/network/ego", summary: "The network around a node as the caller may see it: nodes with kind, label, weight and x/y placed on the server, and edges; 404 for a node not in the caller's network", query: NETWORK, body: &[], public: false },
    Route { method: "get", path: "/network/paths", summary: "The cheapest connecting paths between two nodes (strong ties are short)", query: &[("from", "key of one end"), ("to", "key of the other end"), ("k", "paths wanted, 1-10 (default 3)"), ("kind", "node kinds walked through, repeated or comma-separated (default all)")], body: &[], public: false },
    Route { method: "get", path: "/network/brokers", summary: "Brokers of the network around a node: betweenness and degree, highest first", query: NETWORK_TOP, body: &[], public: false },
    Route { method: "get", path: "/network/communities", summary: "Communities of the network around a node (Louvain, each connected), largest first", query: NETWORK, body: &[], public: false },
    Route { method: "get", path: "/network/export", summary: "The network around a node as FollowTheMoney JSON lines or GraphML (a download)", query: NETWORK_EXPORT, body: &[], public: false },
    Route { method: "get", path: "/jobs", summary: "The organisation's jobs (imports, news ingestion, extraction backlogs, linkage runs, releases), newest first: state, progress (done of total), attempts, result", query: &[("limit", "how many, at most 1000 (default 100)")], body: &[], public: false },
    Route { method: "post", path: "/jobs", summary: "Queue a job for the workers (202 with the job, to follow at /jobs/{id}); the member's role must allow the work. import_cases and ingest_news take the file as the body, link_persons an optional linkage configuration (TOML)", query: QUEUE, body: &[], public: false },
    Route { method: "get", path: "/jobs/{id}", summary: "One of the organisation's jobs; 404 when missing or another organisation's", query: &[], body: &[], public: false },
    Route { method: "get", path: "/alerts", summary: "Alerts raised on transactions that the caller sees (its own and those granted to it in full), newest first, with the typologies to filter by", query: ALERTS, body: &[], public: false },
    Route { method: "get", path: "/alerts/{id}", summary: "One alert: the rules that fired with their values, the frozen transactions that made them fire, screening hits and linked cases the caller may see, the review's history (its reviewers and notes null unless the caller's organisation raised it) and the moves the caller may make; 404 when missing or not visible", query: &[], body: &[], public: false },
    Route { method: "post", path: "/alerts/{id}/status", summary: "Move an alert's review (new → under_review → reported or dismissed; a dismissed one back under review) with a note, needed for every move but taking a new alert up; the raising organisation only", query: &[], body: &[("status", "string", true), ("note", "string", false)], public: false },
];

pub fn build() -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for route in ROUTES {
        let mut parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|part| part.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        let query = if route.path == "/stats/{table}" {
            route.query.iter().chain(FILTER.iter()).collect::<Vec<_>>()
        } else {
            route.query.iter().collect()
        };
        parameters.extend(query.into_iter().map(|(name, description)| {
            json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "string"}})
        }));
        let mut operation = json!({
            "summary": route.summary,
            "operationId": format!("{}{}", route.method, route.path.replace(['/', '{', '}', '.'], "_")),
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK"},
                "400": {"$ref": "#/components/responses/Error"},
                "401": {"$ref": "#/components/responses/Error"},
                "403": {"$ref": "#/components/responses/Error"},
                "404": {"$ref": "#/components/responses/Error"},
                "413": {"$ref": "#/components/responses/Error"},
                "429": {"$ref": "#/components/responses/Error"}
            }
        });
        if route.public {
            operation["security"] = json!([]);
        }
        if route.method == "post" && (route.path == "/cases" || route.path == "/jobs") {
            operation["responses"]["202"] =
                json!({"description": "Queued: the job, to follow at /jobs/{id}"});
        }
        if !route.body.is_empty() {
            let properties: Map<String, Value> = route
                .body
                .iter()
                .map(|(name, kind, _)| (name.to_string(), json!({"type": kind})))
                .collect();
            let required: Vec<&str> = route.body.iter().filter(|b| b.2).map(|b| b.0).collect();
            operation["requestBody"] = json!({
                "required": true,
                "content": {"application/json": {"schema": {"type": "object", "properties": properties, "required": required}}}
            });
        }
        let entry = paths
            .entry(route.path.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(route.method.to_string(), operation);
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Rastro API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Counter-trafficking data for signed-in members; counts under k are suppressed."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"cookie": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "an API token (rastro token create)"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "rastro_session", "description": "a web session; changes need the X-CSRF-Token header"}
            },
            "responses": {
                "Error": {"description": "An error", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["error"],
                    "properties": {"error": {"type": "object", "required": ["code", "message"],
                        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}}}}
            }
        }
    })
}

pub async fn document() -> Json<Value> {
    Json(build())
}
