//! A statistics table may go on answering for a short while after records were only added
//! (`ServerConfig::stats_lag`), and never once a grant changed: two servers on one store, one
//! keeping tables for a minute and one counting again after every addition.

mod nodes_on_one_store;

use std::time::Duration;

use rastro_app::demo::{demo_user, DEMO_PASSWORD};
use rastro_app::Role;
use serde_json::Value;

use nodes_on_one_store::{demo_store, node, token, Node};

fn call(method: &str, url: &str, token: &str, body: Option<&[u8]>) -> Value {
    let (status, body) = nodes_on_one_store::call(method, url, token, body);
    assert!(
        (200..300).contains(&status),
        "{method} {url}: {status} {body}"
    );
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
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
    let store = demo_store(300);
    let (app, data, runtime) = (&store.app, &store.data, &store.runtime);
    let lag = |lag: Duration| move |config: &mut rastro_web::ServerConfig| config.stats_lag = lag;
    let lagging = node(runtime, data, lag(Duration::from_secs(600)));
    let exact = node(runtime, data, lag(Duration::ZERO));
    let analyst = token(app, "refugio", Role::Analyst);
    let caseworker = token(app, "refugio", Role::Caseworker);

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
