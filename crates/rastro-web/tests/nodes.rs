//! Server nodes keep nothing to themselves: two servers on one store (each with its own
//! application, caches and limiter, as two machines would have) show the same jobs, a web
//! import queued on one is done by a worker and followed on the other, and one user's requests
//! are limited over the sum of both.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rastro_app::demo::{demo_user, DEMO_PASSWORD};
use rastro_app::jobs::WorkerOptions;
use rastro_app::{App, Role, StoreUrl};
use rastro_web::{AppState, Running, ServerConfig};
use serde_json::Value;

/// Requests a user may make per minute on the sum of the nodes, in this test.
const LIMIT: u32 = 40;

struct Node {
    base: String,
    _running: Running,
}

fn node(runtime: &tokio::runtime::Runtime, data: &std::path::Path) -> Node {
    // Each node opens the store itself, as a process on another machine would.
    let app = App::open(&StoreUrl::in_data_dir(data)).unwrap();
    let mut config = ServerConfig::new(data.join("uploads"));
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.rate_per_minute = LIMIT;
    // Jobs are left to a worker elsewhere, as on a hub's nodes.
    config.workers = 0;
    let running = runtime
        .block_on(rastro_web::start(AppState::new(app, config)))
        .unwrap();
    Node {
        base: format!("http://{}", running.address),
        _running: running,
    }
}

fn token(app: &App, prefix: &str, role: Role) -> String {
    let session = app
        .sign_in(&demo_user(prefix, role), DEMO_PASSWORD)
        .unwrap();
    rastro_app::members::issue_token(&session, None, 1, "nodes test")
        .unwrap()
        .secret
}

fn call(method: &str, url: &str, token: &str, body: Option<&[u8]>) -> (u16, String) {
    let request = ureq::request(method, url).set("Authorization", &format!("Bearer {token}"));
    let result = match body {
        Some(bytes) => request.set("Content-Type", "text/csv").send_bytes(bytes),
        None => request.call(),
    };
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    let status = response.status();
    (status, response.into_string().unwrap_or_default())
}

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
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let app = App::open(&StoreUrl::in_data_dir(&data)).unwrap();
    rastro_app::demo::run(&app, &data, 60, 3, &rastro_app::Quiet).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (a, b) = (node(&runtime, &data), node(&runtime, &data));
    let caseworker = token(&app, "refugio", Role::Caseworker);

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
    let police = token(&app, "policia", Role::Caseworker);
    let (status, _) = call(
        "GET",
        &format!("{}/api/v1/jobs/{id}", b.base),
        &police,
        None,
    );
    assert_eq!(status, 404, "another organisation's job is not found");
    let analyst = token(&app, "refugio", Role::Analyst);
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
    let done = rastro_app::jobs::work(&app, &options, &stop, &|_, _| {}).unwrap();
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
    let reader = token(&app, "refugio", Role::Analyst);
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
