//! A statistics table may go on answering for a short while after records were only added
//! (`ServerConfig::stats_lag`), and never once a grant changed: two servers on one store, one
//! keeping tables for a minute and one counting again after every addition.

use std::time::Duration;

use rastro_app::demo::{demo_user, DEMO_PASSWORD};
use rastro_app::{App, Role, StoreUrl};
use rastro_web::{AppState, Running, ServerConfig};
use serde_json::Value;

struct Node {
    base: String,
    _running: Running,
}

fn node(runtime: &tokio::runtime::Runtime, data: &std::path::Path, lag: Duration) -> Node {
    let app = App::open(&StoreUrl::in_data_dir(data)).unwrap();
    let mut config = ServerConfig::new(data.join("uploads"));
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.workers = 0;
    config.stats_lag = lag;
    let running = runtime
        .block_on(rastro_web::start(AppState::new(app, config)))
        .unwrap();
    Node {
        base: format!("http://{}", running.address),
        _running: running,
    }
}

fn token(app: &App, role: Role) -> String {
    let session = app
        .sign_in(&demo_user("refugio", role), DEMO_PASSWORD)
        .unwrap();
    rastro_app::members::issue_token(&session, None, 1, "stats lag test")
        .unwrap()
        .secret
}

fn call(method: &str, url: &str, token: &str, body: Option<&[u8]>) -> Value {
    let request = ureq::request(method, url).set("Authorization", &format!("Bearer {token}"));
    let response = match body {
        Some(bytes) => request.set("Content-Type", "text/csv").send_bytes(bytes),
        None => request.call(),
    }
    .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    serde_json::from_str(&response.into_string().unwrap()).unwrap()
}

/// The total of the cases by form, and the records the answer says it counted.
fn total(node: &Node, token: &str) -> (u64, u64) {
    let answer = call(
        "GET",
        &format!("{}/api/v1/stats/counts?by=form", node.base),
        token,
        None,
    );
    let total = answer["data"]["total"]["value"]
        .as_u64()
        .unwrap_or_else(|| panic!("no total shown: {answer}"));
    (total, answer["records"].as_u64().unwrap())
}

#[test]
fn a_table_outlives_additions_for_the_lag_and_never_a_grant_change() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let app = App::open(&StoreUrl::in_data_dir(&data)).unwrap();
    rastro_app::demo::run(&app, &data, 300, 3, &rastro_app::Quiet).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let lagging = node(&runtime, &data, Duration::from_secs(600));
    let exact = node(&runtime, &data, Duration::ZERO);
    let analyst = token(&app, Role::Analyst);
    let caseworker = token(&app, Role::Caseworker);

    let before = total(&lagging, &analyst);
    assert_eq!(total(&exact, &analyst), before);

    let added = 15;
    let mut csv =
        String::from("prs_FirstName,prs_Gender,vic_TypeOfExploitation,hte_Type,hte_Country\n");
    for i in 0..added {
        csv.push_str(&format!(
            "Lagtest {i},Female,ForcedLabour,Exploitation,PE\n"
        ));
    }
    let report = call(
        "POST",
        &format!("{}/api/v1/cases?format=csv", exact.base),
        &caseworker,
        Some(csv.as_bytes()),
    );
    assert_eq!(report["imported"], added, "{report}");

    // Records only added: the lagging node answers with the table it has, and says how many
    // records that table counted; the other counts again.
    assert_eq!(total(&lagging, &analyst), before);
    let after = total(&exact, &analyst);
    assert_eq!(after, (before.0 + added, before.1 + added));

    // A grant revoked moves the stamp in a way additions do not: no table counted before it
    // answers after it, however recent.
    let admin = app
        .sign_in(&demo_user("refugio", Role::OrgAdmin), DEMO_PASSWORD)
        .unwrap();
    let given = rastro_app::grants::list(&admin, true).unwrap();
    let grant = given
        .first()
        .expect("the demonstration's refugio gives a grant");
    rastro_app::grants::revoke(&admin, &grant.id).unwrap();
    assert_eq!(total(&lagging, &analyst), after);
}
