//! Server nodes keep nothing to themselves: two servers on one store (each with its own
//! application, caches and limiter, as two machines would have) show the same jobs, a web
//! import queued on one is done by a worker and followed on the other, and one user's requests
//! are limited over the sum of both.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod nodes_on_one_store;

use rastro_app::jobs::WorkerOptions;
use rastro_app::Role;
use serde_json::Value;

use nodes_on_one_store::{call, demo_store, node, token, Node};

/// Requests a user may make per minute on the sum of the nodes, in this test.
const LIMIT: u32 = 40;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// Waits, if need be, for a minute of the clock with time enough left for the test, so that
/// every request it counts falls in one window.
fn early_in_a_minute(needed: Duration) {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let into = now.as_secs() % 60;
    if 60 - into < needed.as_secs() {
        std::thread::sleep(Duration::from_secs(60 - into + 1));
    }
}

#[test]
fn two_nodes_on_one_store_share_jobs_and_one_rate_limit() {
    let store = demo_store(60);
    let (app, data, runtime) = (&store.app, &store.data, &store.runtime);
    let limited = |config: &mut rastro_web::ServerConfig| config.rate_per_minute = LIMIT;
    let (a, b) = (node(runtime, data, limited), node(runtime, data, limited));
    let caseworker = token(app, "refugio", Role::Caseworker);

    // An import queued on node A, with its file, is seen on node B, and only by its
    // organisation.
    let file = b"prs_FirstName,prs_Gender,vic_TypeOfExploitation,hte_Type,hte_Country\n\
                 Yolanda,Feminine,SexualExploitation,Exploitation,PE\n\
                 Teodoro,Masculine,ForcedLabour,Exploitation,BO\n";
    let (status, body) = call(
        "POST",
        &format!("{}/api/v1/cases?queue=1&format=csv", a.base),
        &caseworker,
        Some(file),
    );
    assert_eq!(status, 202, "{body}");
    let queued = json(&body);
    let id = queued["id"].as_str().unwrap().to_string();
    assert_eq!(queued["status"], "queued");
    let (status, body) = call(
        "GET",
        &format!("{}/api/v1/jobs/{id}", b.base),
        &caseworker,
        None,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["status"], "queued");
    let (_, body) = call("GET", &format!("{}/api/v1/jobs", b.base), &caseworker, None);
    assert_eq!(json(&body)["jobs"][0]["id"], id.as_str(), "newest first");
    let police = token(app, "policia", Role::Caseworker);
    let (status, _) = call(
        "GET",
        &format!("{}/api/v1/jobs/{id}", b.base),
        &police,
        None,
    );
    assert_eq!(status, 404, "another organisation's job is not found");
    let analyst = token(app, "refugio", Role::Analyst);
    let (status, _) = call(
        "POST",
        &format!("{}/api/v1/cases?queue=1", b.base),
        &analyst,
        Some(file),
    );
    assert_eq!(status, 403, "an analyst may not queue an import");

    // A worker (here, in this process) does it; node A shows the result.
    let options = WorkerOptions {
        name: "nodes-test".into(),
        lease: Duration::from_secs(30),
        poll: None,
    };
    let stop = std::sync::atomic::AtomicBool::new(false);
    let done = rastro_app::jobs::work(app, &options, &stop, &|_, _| {}).unwrap();
    assert_eq!(done.done, 1);
    let (_, body) = call(
        "GET",
        &format!("{}/api/v1/jobs/{id}", a.base),
        &caseworker,
        None,
    );
    let finished = json(&body);
    assert_eq!(finished["status"], "done", "{finished}");
    assert_eq!(finished["result"]["imported"], 2, "{finished}");

    // One user's requests are limited on the sum of both nodes: 30 on A, then B learns of
    // them at its first hand-over and lets in only what is left of the minute's 40.
    early_in_a_minute(Duration::from_secs(20));
    let reader = token(app, "refugio", Role::Analyst);
    let health = |node: &Node| call("GET", &format!("{}/api/v1/jobs", node.base), &reader, None).0;
    assert!((0..30).all(|_| health(&a) == 200), "under the limit on A");
    let flush = rastro_web::state::FLUSH_EVERY * 2 + Duration::from_millis(300);
    std::thread::sleep(flush);
    assert_eq!(health(&b), 200, "B has not counted this user yet");
    std::thread::sleep(flush);
    let let_in = (0..20).take_while(|_| health(&b) == 200).count();
    assert_eq!(let_in, 9, "31 counted on the two nodes, 9 left of 40");
    std::thread::sleep(flush);
    assert_eq!(health(&a), 429, "A refuses too once it hears B's counts");
}
