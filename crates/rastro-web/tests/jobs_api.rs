//! Every long job kind through the API: `POST /api/v1/jobs?kind=…` answers 202 with the job
//! (and where to follow it), a role that may not do the work gets 403 and bad options 400;
//! the server's worker does each job, and the API and the jobs page show how far it got and
//! what it left.

mod common;

use std::time::{Duration, Instant};

use common::{server, Client};
use rastro_app::Role;
use serde_json::Value;

/// Three new articles, as JSON lines.
const ARTICLES: &str = concat!(
    r#"{"id":"api-1","title":"Rescatan a 12 víctimas de trata en Lima","text":"La Policía rescató a 12 mujeres víctimas de explotación sexual en un local de Lima, Perú, y detuvo a tres personas."}"#,
    "\n",
    r#"{"id":"api-2","title":"Desarticulan red de trata en Cusco","text":"Fiscales de Cusco desarticularon una red que captaba a adolescentes con falsas ofertas de empleo para explotarlas en minería ilegal."}"#,
    "\n",
    r#"{"id":"api-3","title":"Operação resgata 20 trabalhadores","text":"Uma operação em Mato Grosso resgatou 20 trabalhadores em condições análogas à escravidão numa fazenda."}"#,
    "\n",
);

/// Queues a job; the answer must be 202 with the job and its address.
fn queue(client: &Client, query: &str, body: &[u8]) -> String {
    let response = client.post_bytes(
        &format!("/api/v1/jobs?{query}"),
        "application/octet-stream",
        body,
    );
    assert_eq!(response.status, 202, "{query}: {}", response.body);
    let job = response.json();
    let id = job["id"].as_str().unwrap().to_string();
    assert_eq!(
        response.header("location"),
        Some(format!("/api/v1/jobs/{id}").as_str())
    );
    assert!(job.get("input").is_none(), "a job's input is not shown");
    id
}

/// The job once the server's worker has finished it.
fn finished(client: &Client, id: &str) -> Value {
    let started = Instant::now();
    loop {
        let job = client.get(&format!("/api/v1/jobs/{id}")).json();
        if job["status"] == "done" || job["status"] == "failed" {
            return job;
        }
        assert!(started.elapsed() < Duration::from_secs(300), "{job}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn refused(client: &Client, query: &str, body: &[u8]) -> u16 {
    client
        .post_bytes(
            &format!("/api/v1/jobs?{query}"),
            "application/octet-stream",
            body,
        )
        .status
}

#[test]
fn every_kind_of_job_is_queued_through_the_api_and_shown_with_its_progress() {
    server();
    let analyst = Client::signed_in("obs", Role::Analyst);
    let caseworker = Client::signed_in("refugio", Role::Caseworker);
    let auditor = Client::signed_in("refugio", Role::Auditor);

    // What may not be queued, and by whom.
    assert_eq!(
        refused(&caseworker, "kind=ingest_news", ARTICLES.as_bytes()),
        403
    );
    assert_eq!(refused(&caseworker, "kind=link_events", b""), 403);
    assert_eq!(refused(&auditor, "kind=release&by=form", b""), 403);
    assert_eq!(refused(&analyst, "kind=launder", b""), 400);
    assert_eq!(refused(&analyst, "kind=ingest_news", b""), 400, "no file");
    assert_eq!(refused(&analyst, "kind=extract_news", b"body"), 400);
    assert_eq!(refused(&analyst, "kind=link_events&k=3", b""), 400);
    assert_eq!(refused(&caseworker, "kind=release&by=shoe_size", b""), 400);
    assert_eq!(refused(&caseworker, "kind=release&by=form&k=x", b""), 400);
    assert_eq!(
        refused(&caseworker, "kind=link_persons", b"not = [toml"),
        400,
        "a configuration that does not read"
    );

    let ingest = queue(
        &analyst,
        "kind=ingest_news&name=api.jsonl",
        ARTICLES.as_bytes(),
    );
    let backlog = queue(&analyst, "kind=extract_news", b"");
    let events = queue(&analyst, "kind=link_events&threshold=0.9", b"");
    let persons = queue(&caseworker, "kind=link_persons&threshold=0.95", b"");
    let release = queue(
        &caseworker,
        "kind=release&by=form&k=11&country=destination:PE",
        b"",
    );

    let job = finished(&analyst, &ingest);
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["kind"], "ingest_news");
    assert_eq!(
        (job["done"].as_u64(), job["total"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(job["result"]["stored"], 3, "{job}");

    let job = finished(&analyst, &backlog);
    assert_eq!(job["status"], "done", "{job}");
    let articles = job["result"]["articles"].as_u64().unwrap();
    assert!(articles >= 3, "{job}");
    assert_eq!(
        job["total"].as_u64(),
        Some(articles),
        "progress counts articles"
    );
    assert_eq!(job["done"].as_u64(), Some(articles));
    assert_eq!(job["result"]["replaced"], 0, "the rules have not changed");

    let job = finished(&analyst, &events);
    assert_eq!(job["status"], "done", "{job}");
    assert!(job["result"]["events"].as_u64().unwrap() > 0, "{job}");
    assert!(
        job["result"]["events"].as_u64() < job["result"]["reports"].as_u64(),
        "{job}"
    );

    let job = finished(&caseworker, &persons);
    assert_eq!(job["status"], "done", "{job}");
    assert!(job["result"]["records"].as_u64().unwrap() > 0, "{job}");
    assert!(
        job["total"].as_u64().is_some(),
        "progress was reported: {job}"
    );

    let job = finished(&caseworker, &release);
    assert_eq!(job["status"], "done", "{job}");
    let csv = job["result"]["csv"].as_str().unwrap();
    assert!(csv.starts_with("form"), "{csv}");

    // Another organisation's job answers as a missing one; the list holds each of ours.
    assert_eq!(analyst.get(&format!("/api/v1/jobs/{persons}")).status, 404);
    let listed = analyst.get("/api/v1/jobs").json();
    let kinds: Vec<&str> = listed["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|j| j["kind"].as_str())
        .collect();
    for kind in ["ingest_news", "extract_news", "link_events"] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }

    // The jobs page names each kind and what it left.
    let page = analyst.get("/jobs");
    assert_eq!(page.status, 200);
    for text in [
        "News ingestion",
        "Extraction backlog",
        "Event linkage",
        "3 articles stored",
    ] {
        assert!(
            page.body.contains(text),
            "{text} missing from the jobs page"
        );
    }
    let page = caseworker.get("/jobs");
    assert!(page.body.contains("Person linkage"));
    assert!(page.body.contains("Statistics release"));
}
