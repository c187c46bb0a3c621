//! A node reads what each viewer of the store may count before it listens, as itself: its
//! first members are answered from memory, and no member is traced as having read what no
//! member asked for.

// Its `node` is for tests that need no look into a node's state; this one starts its own.
#[allow(dead_code)]
mod nodes_on_one_store;

use std::time::Duration;

use rastro_app::{permits, Action, App, Role, StoreUrl};
use rastro_web::{AppState, ServerConfig};

use nodes_on_one_store::{call, demo_store, token};

/// A node started on `data` warming for at most `budget`; its state, to look into its caches.
fn started(
    runtime: &tokio::runtime::Runtime,
    data: &std::path::Path,
    budget: Duration,
) -> (AppState, rastro_web::Running) {
    let app = App::open(&StoreUrl::in_data_dir(data)).unwrap();
    let mut config = ServerConfig::new(data.join("uploads"));
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.workers = 0;
    config.warm_budget = budget;
    let state = AppState::new(app, config);
    let running = runtime.block_on(rastro_web::start(state.clone())).unwrap();
    (state, running)
}

/// Every (organisation id, role) of the demonstration's members that may count statistics.
fn counting_viewers(app: &App) -> Vec<(String, Role)> {
    let organisations = app.organisations().unwrap();
    let viewers = rastro_app::warm::viewers(app).unwrap();
    viewers
        .into_iter()
        .filter(|v| permits(v.role, Action::ReadStatistics))
        .map(|v| {
            let org = organisations
                .iter()
                .find(|o| o.name == v.organisation)
                .unwrap();
            (org.id.clone(), v.role)
        })
        .collect()
}

#[test]
fn a_node_counts_every_viewer_as_itself_before_it_listens() {
    let store = demo_store(300);
    let (app, data, runtime) = (&store.app, &store.data, &store.runtime);
    let viewers = counting_viewers(app);
    assert!(
        viewers.iter().any(|(_, role)| *role == Role::HubAnalyst),
        "{viewers:?}"
    );
    let trail_before = app.admin().unwrap().audit_log(1_000_000).unwrap().len();

    let (warm, running) = started(runtime, data, Duration::from_secs(60));
    for (org, role) in &viewers {
        assert!(warm.0.counts.holds(org, *role), "{org} {role:?} not warmed");
    }
    // What the warm-up read is traced as the node's reads, every one of them.
    let trail = app.admin().unwrap().audit_log(1_000_000).unwrap();
    let new = &trail[..trail.len() - trail_before];
    assert!(
        new.iter().any(|e| e.action == "read_case_facts"),
        "the warm-up's reads are not traced"
    );
    for event in new {
        let by = event.user.as_deref().unwrap_or("");
        assert!(
            by.starts_with(rastro_app::NODE_PREFIX),
            "an event of the warm-up not by the node: {event:?}"
        );
    }

    // A member's request is answered from what the node read, and traced as the member's.
    let analyst = token(app, "obs", Role::HubAnalyst);
    let base = format!("http://{}", running.address);
    let (status, body) = call(
        "GET",
        &format!("{base}/api/v1/stats/counts?by=form"),
        &analyst,
        None,
    );
    assert_eq!(status, 200, "{body}");
    let latest = app.admin().unwrap().audit_log(50).unwrap();
    assert!(latest
        .iter()
        .any(|e| e.action == "read_statistics" && e.user.as_deref() == Some("obs-hub-analyst")));

    // Switched off, a node listens cold.
    let (cold, _running) = started(runtime, data, Duration::ZERO);
    for (org, role) in &viewers {
        assert!(!cold.0.counts.holds(org, *role));
    }
}
