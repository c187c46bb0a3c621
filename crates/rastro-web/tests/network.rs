//! The network page and API over a real socket: they answer, bad parameters are 400, a node
//! not in the caller's network is the same 404 whether it exists elsewhere or not, and a phone
//! that only one organisation sees in full never reaches another's network.

mod common;

use common::{server, Client};
use rastro_app::demo::{demo_user, DEMO_PASSWORD};
use rastro_app::Role;
use serde_json::Value;

fn bearer(prefix: &str, role: Role) -> Client {
    let session = server()
        .app
        .sign_in(&demo_user(prefix, role), DEMO_PASSWORD)
        .unwrap();
    let token = rastro_app::members::issue_token(&session, None, 1, "network test").unwrap();
    let mut client = Client::anonymous();
    client.bearer = Some(token.secret);
    client
}

fn enc(text: &str) -> String {
    common::enc(text)
}

/// A node a hub analyst's network starts from, as its page offers it.
fn a_start(client: &Client) -> String {
    let page = client.get("/network");
    assert_eq!(page.status, 200, "{}", page.body);
    let start = page.body.find("id=\"starts\"").expect("starting points");
    let marker = "data-key=\"";
    let at = page.body[start..].find(marker).unwrap() + start + marker.len();
    let end = page.body[at..].find('"').unwrap() + at;
    // The key as HTML escaped it.
    page.body[at..end]
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

#[test]
fn the_page_and_every_network_route_answer() {
    let hub = Client::signed_in("obs", Role::HubAnalyst);
    let key = a_start(&hub);
    let page = hub.get(&format!("/network?node={}", enc(&key)));
    assert_eq!(page.status, 200, "{}", page.body);
    for part in [
        "id=\"network-graph\"",
        "id=\"brokers-panel\"",
        "id=\"network-nodes\"",
        "id=\"export-ftm\"",
        "id=\"export-graphml\"",
        "id=\"network-filters\"",
    ] {
        assert!(page.body.contains(part), "{part}");
    }
    let spanish = {
        let mut c = Client::signed_in("obs", Role::HubAnalyst);
        c.lang = Some("es".into());
        c.get(&format!("/network?node={}", enc(&key)))
    };
    assert!(spanish.body.contains("Intermediarios"), "labels in Spanish");

    let api = bearer("obs", Role::HubAnalyst);
    let ego = api.get(&format!(
        "/api/v1/network/ego?node={}&hops=2&cap=80",
        enc(&key)
    ));
    assert_eq!(ego.status, 200, "{}", ego.body);
    let ego = ego.json();
    assert_eq!(ego["centre"], Value::String(key.clone()));
    let nodes = ego["nodes"].as_array().unwrap();
    assert!(nodes.len() > 1 && nodes.len() <= 80, "{}", nodes.len());
    for node in nodes {
        for axis in ["x", "y"] {
            let v = node[axis].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&v), "{node}");
        }
        assert!(
            node["kind"].is_string() && node["label"].is_string() && node["weight"].is_number()
        );
    }
    let edges = ego["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    let keys: Vec<&str> = nodes.iter().filter_map(|n| n["key"].as_str()).collect();
    assert!(edges
        .iter()
        .all(|e| keys.contains(&e["from"].as_str().unwrap())
            && keys.contains(&e["to"].as_str().unwrap())));

    // Paths from the centre to the farthest node shown.
    let far = nodes.iter().max_by_key(|n| n["hops"].as_u64()).unwrap()["key"]
        .as_str()
        .unwrap();
    let paths = api
        .get(&format!(
            "/api/v1/network/paths?from={}&to={}&k=2",
            enc(&key),
            enc(far)
        ))
        .json();
    let first = &paths["paths"][0];
    assert_eq!(
        first["nodes"][0]["key"],
        Value::String(key.clone()),
        "{paths}"
    );
    assert!(first["hops"].as_u64().unwrap() >= 1);

    let brokers = api
        .get(&format!("/api/v1/network/brokers?node={}&top=5", enc(&key)))
        .json();
    assert!(brokers["brokers"].as_array().unwrap().len() <= 5);
    let communities = api
        .get(&format!("/api/v1/network/communities?node={}", enc(&key)))
        .json();
    assert!(communities["count"].as_u64().unwrap() >= 1, "{communities}");

    let ftm = api.get(&format!(
        "/api/v1/network/export?node={}&format=ftm",
        enc(&key)
    ));
    assert_eq!(ftm.status, 200);
    assert!(ftm
        .header("content-disposition")
        .unwrap()
        .contains("attachment"));
    for line in ftm.body.lines() {
        let entity: Value = serde_json::from_str(line).unwrap();
        assert!(
            entity["schema"].is_string() && entity["id"].is_string(),
            "{line}"
        );
    }
    let graphml = api.get(&format!(
        "/api/v1/network/export?node={}&format=graphml",
        enc(&key)
    ));
    assert_eq!(graphml.status, 200);
    assert!(graphml.body.contains("<graphml") && graphml.body.contains("<node "));

    let found = api.get("/api/v1/network/find?q=tren").json();
    assert!(found["nodes"].is_array(), "{found}");
}

#[test]
fn bad_parameters_are_400_and_unknown_nodes_404() {
    let api = bearer("obs", Role::HubAnalyst);
    let key = a_start(&Client::signed_in("obs", Role::HubAnalyst));
    let node = enc(&key);
    for bad in [
        "/api/v1/network/ego".to_string(),
        format!("/api/v1/network/ego?node={node}&hops=9"),
        format!("/api/v1/network/ego?node={node}&cap=lots"),
        format!("/api/v1/network/ego?node={node}&kind=planet"),
        format!("/api/v1/network/ego?node={node}&from=2024-13"),
        format!("/api/v1/network/export?node={node}&format=pdf"),
        "/api/v1/network/find?q=a".to_string(),
        "/api/v1/network/paths?from=x".to_string(),
    ] {
        let response = api.get(&bad);
        assert_eq!(response.status, 400, "{bad}: {}", response.body);
        assert_eq!(response.json()["error"]["code"], "bad_request");
    }
    let unknown = api.get("/api/v1/network/ego?node=case:00000000000000000000000000");
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["error"]["code"], "not_found");
    let page = Client::signed_in("obs", Role::HubAnalyst).get("/network?node=nothing:here");
    assert_eq!(page.status, 404);
    let auditor = bearer("obs", Role::Auditor);
    assert_eq!(
        auditor
            .get(&format!("/api/v1/network/ego?node={node}"))
            .status,
        403
    );
}

const PHONE_DIGITS: &str = "912345678";
const PHONE_KEY: &str = "phone:+51912345678";

/// Imports `csv` as `prefix`'s caseworker.
fn import(prefix: &str, name: &str, csv: &str) {
    let session = server()
        .app
        .sign_in(&demo_user(prefix, Role::Caseworker), DEMO_PASSWORD)
        .unwrap();
    let path = server().dir.path().join(name);
    std::fs::write(&path, csv).unwrap();
    rastro_app::cases::import_cases(
        &session,
        &path,
        &rastro_import::ImportOptions::default(),
        None,
        &rastro_app::Quiet,
    )
    .unwrap();
}

#[test]
fn a_phone_one_organisation_sees_in_full_never_reaches_another() {
    // Two police cases share a phone; the shelter holds it once. The hub is granted the
    // police's forced-labour cases in detail only: the cases, never who they name.
    let header = "prs_FirstName,prs_SecondName,prs_Citizenship,prs_MobilePhone,vic_TypeOfExploitation,hte_Type,hte_Country\n";
    import(
        "policia",
        "network-police.csv",
        &format!("{header}Wilmer,Huanca,PE,+51 912 345 678,ForcedLabour,Exploitation,PE\nNilda,Ccori,PE,912-345-678,ForcedLabour,Exploitation,PE\n"),
    );
    import(
        "refugio",
        "network-shelter.csv",
        &format!("{header}Yeni,Apaza,PE,912 345 678,ForcedLabour,Exploitation,PE\n"),
    );

    // The police see it: the test can fail.
    let police = bearer("policia", Role::Caseworker);
    let found = police
        .get(&format!("/api/v1/network/find?q={PHONE_DIGITS}"))
        .json();
    assert_eq!(found["nodes"][0]["key"], PHONE_KEY, "{found}");
    let ego = police
        .get(&format!("/api/v1/network/ego?node={}", enc(PHONE_KEY)))
        .json();
    let cases: Vec<String> = ego["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["key"].as_str())
        .filter(|k| k.starts_with("case:"))
        .map(str::to_string)
        .collect();
    assert_eq!(cases.len(), 2, "{ego}");
    let unknown = police.get("/api/v1/network/ego?node=case:00000000000000000000000000");

    for (prefix, role) in [
        ("obs", Role::HubAnalyst),
        ("obs", Role::Analyst),
        ("refugio", Role::Caseworker),
        ("refugio", Role::Analyst),
        ("refugio", Role::OrgAdmin),
        ("policia", Role::OrgAdmin),
    ] {
        let who = format!("{prefix} {}", role.as_str());
        let api = bearer(prefix, role);
        let mut answers = Vec::new();
        let found = api.get(&format!("/api/v1/network/find?q={PHONE_DIGITS}"));
        assert_eq!(found.status, 200, "{who}");
        answers.push(found.body);
        let phone = api.get(&format!("/api/v1/network/ego?node={}", enc(PHONE_KEY)));
        assert_eq!(phone.status, 404, "{who}: the phone is not in its network");
        assert_eq!(
            phone.body, unknown.body,
            "{who}: the same answer as a node that never was"
        );
        for case in &cases {
            for path in [
                format!("/api/v1/network/ego?node={}&hops=3", enc(case)),
                format!(
                    "/api/v1/network/export?node={}&hops=3&format=ftm",
                    enc(case)
                ),
                format!(
                    "/api/v1/network/export?node={}&hops=3&format=graphml",
                    enc(case)
                ),
            ] {
                let response = api.get(&path);
                if response.status == 404 {
                    assert_eq!(response.body, unknown.body, "{who} {path}");
                } else {
                    assert_eq!(response.status, 200, "{who} {path}: {}", response.body);
                }
                answers.push(response.body);
            }
        }
        // The shelter's own holder of the phone, as its network shows it.
        if prefix == "refugio" {
            let yeni = api.get("/api/v1/network/find?q=yeni%20apaza").json();
            if let Some(key) = yeni["nodes"][0]["key"].as_str() {
                for format in ["ftm", "graphml"] {
                    answers.push(
                        api.get(&format!(
                            "/api/v1/network/export?node={}&format={format}",
                            enc(key)
                        ))
                        .body,
                    );
                }
                answers.push(
                    api.get(&format!("/api/v1/network/ego?node={}&hops=3", enc(key)))
                        .body,
                );
            }
            if role == Role::Caseworker {
                assert!(
                    yeni["nodes"][0]["key"].is_string(),
                    "the shelter's caseworker finds its own person"
                );
            }
        }
        let page = Client::signed_in(prefix, role).get(&format!("/network?q={PHONE_DIGITS}"));
        assert_eq!(page.status, 200, "{who}");
        answers.push(page.body);
        for answer in &answers {
            assert!(
                !answer.contains(PHONE_DIGITS)
                    || answer.contains(&format!("value=\"{PHONE_DIGITS}\""))
                        && !answer.contains("+51912345678"),
                "{who}: the phone leaked: {}",
                &answer[..answer.len().min(600)]
            );
        }
    }
    // The hub sees the police cases, in detail: present, but without anyone in them.
    let hub = bearer("obs", Role::HubAnalyst);
    let seen = hub.get(&format!(
        "/api/v1/network/ego?node={}&hops=1",
        enc(&cases[0])
    ));
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert!(
        !seen.body.contains("person:")
            && !seen.body.contains("Wilmer")
            && !seen.body.contains("Nilda"),
        "{}",
        seen.body
    );
}
