//! Alerts over a real socket: the page lists and filters them from the URL, an alert opens with
//! its rules, frozen transactions, linked case and network link, its review moves through the
//! form (anti-forgery value needed) and the API, another organisation sees none of it — page,
//! API, network — until granted and then only reads, and every role gets its answer.

mod common;

use std::sync::OnceLock;

use common::{server, Client};
use rastro_app::demo::{demo_user, DEMO_PASSWORD};
use rastro_app::flags::review::AlertStatus;
use rastro_app::{permits, Action, Role, Session};

const HEADER: &str = "id,datetime,amount,currency,channel,debtor_account,debtor_name,creditor_account,creditor_name,branch,city,country,mcc,contact,description\n";

/// The police's two alerts: payments to the phones of two of its cases.
struct Alerts {
    /// Read by the tests that only read.
    read: String,
    /// Reviewed by the review test.
    reviewed: String,
    /// Shared and unshared by the grant test.
    shared: String,
}

fn session(prefix: &str, role: Role) -> Session {
    server()
        .app
        .sign_in(&demo_user(prefix, role), DEMO_PASSWORD)
        .unwrap()
}

fn alerts() -> &'static Alerts {
    static ALERTS: OnceLock<Alerts> = OnceLock::new();
    ALERTS.get_or_init(|| {
        let police = session("policia", Role::Caseworker);
        let dir = server().dir.path();
        let cases = dir.join("alerts-cases.csv");
        std::fs::write(
            &cases,
            "prs_FirstName,prs_MobilePhone,prs_Citizenship\nRosaura,+51 955 111 222,PE\nEvelyn,+51 955 333 444,PE\nMirtha,+51 955 555 666,PE\n",
        )
        .unwrap();
        rastro_app::cases::import_cases(
            &police,
            &cases,
            &rastro_import::ImportOptions::default(),
            None,
            &rastro_app::Quiet,
        )
        .unwrap();
        let payments = dir.join("alerts-payments.csv");
        std::fs::write(
            &payments,
            format!(
                "{HEADER}\
Q1,2024-04-01T22:10:00-05:00,50.00,PEN,mobile,PE-7701,Carlos <b>Mendoza</b>,,,,Lima,PE,,955111222,recarga
Q2,2024-04-02T22:10:00-05:00,60.00,PEN,mobile,PE-8801,Hugo Salas,,,,Cusco,PE,,955333444,recarga
Q3,2024-04-03T22:10:00-05:00,70.00,PEN,mobile,PE-9901,Raul Vega,,,,Puno,PE,,955555666,recarga
"
            ),
        )
        .unwrap();
        rastro_app::transactions::import(&police, &payments, None, &rastro_app::Quiet).unwrap();
        let catalogue = rastro_app::flags::catalogue(None).unwrap();
        let run = rastro_app::flags::run(&police, &catalogue, None, &rastro_app::Quiet).unwrap();
        let by_subject = |account: &str| {
            run.alerts
                .iter()
                .find(|f| f.alert.typology == "known_contact" && f.alert.subject == account)
                .unwrap_or_else(|| panic!("an alert on {account}: {:?}", run.alerts))
                .rastro_id
                .clone()
        };
        Alerts {
            read: by_subject("PE-7701"),
            reviewed: by_subject("PE-8801"),
            shared: by_subject("PE-9901"),
        }
    })
}

fn bearer(prefix: &str, role: Role) -> Client {
    let token =
        rastro_app::members::issue_token(&session(prefix, role), None, 1, "alerts test").unwrap();
    let mut client = Client::anonymous();
    client.bearer = Some(token.secret);
    client
}

#[test]
fn the_page_lists_filters_and_opens_an_alert() {
    let ids = alerts();
    let police = Client::signed_in("policia", Role::Caseworker);
    let list = police.get("/alerts?typology=known_contact");
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body.contains(&format!("data-id=\"{}\"", ids.read)));
    assert!(list.body.contains("id=\"alerts-filters\""));
    assert!(
        list.body.contains("aria-current=\"page\""),
        "the section is marked"
    );
    // Filters come from the URL: a band or status that none has lists none.
    let none = police.get("/alerts?typology=known_contact&status=reported&status=dismissed&from=2024-04-02&to=2024-04-01");
    assert_eq!(none.status, 400, "from after to");
    let later = police.get("/alerts?typology=known_contact&from=2030");
    assert!(later.body.contains("id=\"alerts-none\""), "{}", later.body);
    assert_eq!(police.get("/alerts?status=lost").status, 400);

    let page = police.get(&format!("/alerts/{}", ids.read));
    assert_eq!(page.status, 200, "{}", page.body);
    for part in [
        "id=\"alert-rules-table\"",
        "data-rule=\"",
        "id=\"alert-transactions-table\"",
        ">Q1<",
        "id=\"alert-linked-cases\"",
        "id=\"alert-review-form\"",
        &format!("href=\"/network?node=alert%3A{}\"", ids.read),
    ] {
        assert!(page.body.contains(part), "{part}");
    }
    // Imported markup is text.
    assert!(page.body.contains("Carlos &lt;b&gt;Mendoza&lt;/b&gt;"));
    assert!(!page.body.contains("<b>Mendoza</b>"));
    // The network it links to answers, and shows the alert with its payment and account.
    let network = police.get(&format!("/network?node=alert%3A{}&hops=2", ids.read));
    assert_eq!(network.status, 200, "{}", network.body);
    assert!(
        network.body.contains("account:PE7701"),
        "the flagged account"
    );
    assert!(network
        .body
        .contains(&format!("href=\"/alerts/{}\"", ids.read)));
    // The network ties the alert to the case whose phone was paid.
    assert!(
        page.body.contains("id=\"alert-linked-records\""),
        "{}",
        page.body
    );

    let mut spanish = Client::signed_in("policia", Role::Caseworker);
    spanish.lang = Some("es".into());
    let es = spanish.get(&format!("/alerts/{}", ids.read));
    assert!(
        es.body.contains("Reglas activadas")
            && es.body.contains("Las transacciones que la activaron")
    );
    let list_es = spanish.get("/alerts");
    assert!(list_es.body.contains("Alertas sobre transacciones"));
}

#[test]
fn a_review_moves_by_form_and_api_with_its_rules() {
    let ids = alerts();
    let police = Client::signed_in("policia", Role::Caseworker);
    let path = format!("/alerts/{}/review", ids.reviewed);
    let forged = police.post_form_forged(&path, &[("status", "under_review")], None);
    assert_eq!(forged.status, 403, "no anti-forgery value");
    let no_note = police.post_form(&path, &[("status", "dismissed"), ("note", " ")]);
    assert_eq!(no_note.status, 400, "{}", no_note.body);
    let taken = police.post_form(&path, &[("status", "under_review"), ("note", "")]);
    assert_eq!(taken.status, 303, "{}", taken.body);
    assert_eq!(
        taken.header("location"),
        Some(format!("/alerts/{}", ids.reviewed).as_str())
    );
    let page = police.get(&format!("/alerts/{}", ids.reviewed));
    assert!(page.body.contains("data-status=\"reviewed\""));
    assert!(page.body.contains("id=\"alert-history\""));
    let listed = police.get("/alerts?status=under_review&typology=known_contact");
    assert!(listed
        .body
        .contains(&format!("data-id=\"{}\"", ids.reviewed)));
    assert!(!listed.body.contains(&format!("data-id=\"{}\"", ids.read)));

    let api = bearer("policia", Role::Analyst);
    let url = format!("/api/v1/alerts/{}/status", ids.reviewed);
    let bad = api.post_json(&url, r#"{"status":"lost"}"#);
    assert_eq!(bad.status, 400);
    let refused = api.post_json(&url, r#"{"status":"new","note":"back"}"#);
    assert_eq!(refused.status, 400, "{}", refused.body);
    let moved = api.post_json(&url, r#"{"status":"reported","note":"STR 2024-33 <sent>"}"#);
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(moved.json()["to"], "reported");
    let one = api.get(&format!("/api/v1/alerts/{}", ids.reviewed)).json();
    assert_eq!(one["status"], "reported");
    assert_eq!(one["moves"].as_array().unwrap().len(), 0);
    assert_eq!(one["reviews"][1]["note"], "STR 2024-33 <sent>");
    let page = police.get(&format!("/alerts/{}", ids.reviewed));
    assert!(page.body.contains("id=\"alert-final\""));
    assert!(page.body.contains("STR 2024-33 &lt;sent&gt;"));
}

#[test]
fn another_organisation_sees_none_until_granted_and_then_only_reads() {
    let ids = alerts();
    let shelter = bearer("refugio", Role::Caseworker);
    let missing = shelter.get("/api/v1/alerts/00000000000000000000000000");
    assert_eq!(missing.status, 404);
    let hidden = shelter.get(&format!("/api/v1/alerts/{}", ids.shared));
    assert_eq!(hidden.status, 404);
    assert_eq!(
        hidden.body, missing.body,
        "hidden and missing are one answer"
    );
    assert_eq!(shelter.get("/api/v1/alerts").json()["total"], 0);
    let node = format!("alert%3A{}", ids.shared);
    let ego = shelter.get(&format!("/api/v1/network/ego?node={node}"));
    assert_eq!(ego.status, 404);
    let export = shelter.get(&format!("/api/v1/network/export?node={node}&format=ftm"));
    assert_eq!(export.status, 404);
    let found = shelter.get("/api/v1/network/find?q=PE-9901").json();
    assert_eq!(found["nodes"].as_array().unwrap().len(), 0, "{found}");
    let page = Client::signed_in("refugio", Role::Caseworker);
    assert_eq!(page.get(&format!("/alerts/{}", ids.shared)).status, 404);
    assert!(!page.get("/alerts").body.contains(&ids.shared));

    // Granted in full: it reads the alert and its payment, not the police's case or phone,
    // and may not review it; it sees where the police's review stands, not who moved it or
    // why.
    let police = session("policia", Role::Caseworker);
    rastro_app::flags::review::review(&police, &ids.shared, AlertStatus::Reviewed, "").unwrap();
    rastro_app::flags::review::review(
        &police,
        &ids.shared,
        AlertStatus::Dismissed,
        "CANARY-INTERNAL-3141 informant says rent",
    )
    .unwrap();
    let grant = rastro_app::grants::grant(
        &police,
        &rastro_app::grants::GrantRequest {
            kind: rastro_app::RecordKind::Alert,
            target: rastro_app::GrantTarget::Record(ids.shared.clone()),
            grantee: rastro_app::Grantee::Organisation("Casa Refugio".into()),
            level: rastro_app::Level::Full,
            purpose: "joint case",
            basis: rastro_app::Basis::LegalDuty,
            expires_at: None,
        },
    )
    .unwrap();
    let seen = shelter.get(&format!("/api/v1/alerts/{}", ids.shared));
    assert_eq!(seen.status, 200, "{}", seen.body);
    let json = seen.json();
    assert_eq!(json["own"], false);
    assert_eq!(json["owner"], "Policía Nacional");
    assert_eq!(json["transactions"][0]["transaction"]["id"], "Q3");
    assert_eq!(json["linked_cases"].as_array().unwrap().len(), 0);
    assert_eq!(json["linked_withheld"], 1);
    assert_eq!(json["moves"].as_array().unwrap().len(), 0);
    assert_eq!(json["status"], "dismissed");
    let reviews = json["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[1]["to"], "dismissed");
    assert!(reviews
        .iter()
        .all(|r| r["note"].is_null() && r["by"].is_null()));
    assert!(!seen.body.contains("CANARY-INTERNAL") && !seen.body.contains("policia-"));
    // The police's own members still read both.
    let own = bearer("policia", Role::Analyst)
        .get(&format!("/api/v1/alerts/{}", ids.shared))
        .json();
    assert_eq!(
        own["reviews"][1]["note"],
        "CANARY-INTERNAL-3141 informant says rent"
    );
    assert!(own["reviews"][1]["by"]
        .as_str()
        .is_some_and(|by| by.starts_with("policia")));
    let review = shelter.post_json(
        &format!("/api/v1/alerts/{}/status", ids.shared),
        r#"{"status":"under_review"}"#,
    );
    assert_eq!(review.status, 400, "{}", review.body);
    let detail = page.get(&format!("/alerts/{}", ids.shared));
    assert!(detail.body.contains("id=\"alert-not-own\""));
    assert!(
        detail.body.contains("id=\"alert-history\""),
        "the moves are shown"
    );
    assert!(!detail.body.contains("CANARY-INTERNAL") && !detail.body.contains("policia-"));
    // Nor does the export of kept alerts carry them.
    let exported = format!(
        "{:?}",
        rastro_app::flags::kept(&session("refugio", Role::Caseworker), None).unwrap()
    );
    assert!(exported.contains(&ids.shared) && !exported.contains("CANARY-INTERNAL"));
    let ego = shelter.get(&format!("/api/v1/network/ego?node={node}&hops=3"));
    assert_eq!(ego.status, 200, "{}", ego.body);
    assert!(
        !ego.body.contains("+51955555666"),
        "the phone only the case shares"
    );
    assert!(!ego.body.contains("Mirtha"));

    // Revoked: nothing again.
    rastro_app::grants::revoke(&police, &grant.id).unwrap();
    let gone = shelter.get(&format!("/api/v1/alerts/{}", ids.shared));
    assert_eq!(gone.body, missing.body);
    assert_eq!(
        shelter
            .get(&format!("/api/v1/network/ego?node={node}"))
            .status,
        404
    );
}

#[test]
fn every_role_gets_its_answer_from_the_alert_pages() {
    let ids = alerts();
    let mut users: Vec<(&str, Role)> = ["refugio", "policia", "obs"]
        .into_iter()
        .flat_map(|org| {
            [
                Role::OrgAdmin,
                Role::Caseworker,
                Role::Analyst,
                Role::Auditor,
            ]
            .into_iter()
            .map(move |role| (org, role))
        })
        .collect();
    users.extend([("obs", Role::HubAnalyst), ("obs", Role::PlatformAdmin)]);
    for (prefix, role) in users {
        let who = format!("{prefix} {}", role.as_str());
        let client = Client::signed_in(prefix, role);
        let monitors = permits(role, Action::MonitorTransactions);
        let list = client.get("/alerts");
        assert_eq!(list.status, if monitors { 200 } else { 403 }, "{who}");
        let one = client.get(&format!("/alerts/{}", ids.read));
        let expected = match (monitors, prefix) {
            (false, _) => 403,
            (true, "policia") => 200,
            (true, _) => 404,
        };
        assert_eq!(
            one.status,
            expected,
            "{who}: {}",
            &one.body[..one.body.len().min(300)]
        );
        assert!(list.body.contains("class=\"demo\""));
    }
}
