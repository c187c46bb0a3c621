//! What the tests of several server nodes on one store share: a demonstration store, nodes that
//! each open it as a process on another machine would, members' tokens, and calls over a real
//! socket.

use std::path::{Path, PathBuf};

use rastro_app::demo::{demo_user, DEMO_PASSWORD};
use rastro_app::{App, Role, StoreUrl};
use rastro_web::{AppState, Running, ServerConfig};

/// A demonstration store of `records` cases in a temporary directory, and the runtime its
/// nodes run on.
pub struct Store {
    pub app: App,
    pub data: PathBuf,
    pub runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

pub fn demo_store(records: u64) -> Store {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let app = App::open(&StoreUrl::in_data_dir(&data)).unwrap();
    rastro_app::demo::run(&app, &data, records, 3, &rastro_app::Quiet).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    Store {
        app,
        data,
        runtime,
        _dir: dir,
    }
}

pub struct Node {
    pub base: String,
    _running: Running,
}

/// A node on `data` with jobs left to a worker elsewhere, as on a hub's nodes; `configure`
/// sets what the test varies.
pub fn node(
    runtime: &tokio::runtime::Runtime,
    data: &Path,
    configure: impl FnOnce(&mut ServerConfig),
) -> Node {
    // Each node opens the store itself, as a process on another machine would.
    let app = App::open(&StoreUrl::in_data_dir(data)).unwrap();
    let mut config = ServerConfig::new(data.join("uploads"));
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.workers = 0;
    configure(&mut config);
    let running = runtime
        .block_on(rastro_web::start(AppState::new(app, config)))
        .unwrap();
    Node {
        base: format!("http://{}", running.address),
        _running: running,
    }
}

/// An API token of the demonstration user of organisation `prefix` with `role`.
pub fn token(app: &App, prefix: &str, role: Role) -> String {
    let session = app
        .sign_in(&demo_user(prefix, role), DEMO_PASSWORD)
        .unwrap();
    rastro_app::members::issue_token(&session, None, 1, "nodes test")
        .unwrap()
        .secret
}

/// A request with a bearer token (and a CSV body, if any): its status and body.
pub fn call(method: &str, url: &str, token: &str, body: Option<&[u8]>) -> (u16, String) {
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
