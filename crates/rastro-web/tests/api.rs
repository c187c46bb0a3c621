//! The JSON API over a real socket on 127.0.0.1: errors, the role × route matrix on own,
//! granted and other organisations' records, small cells, uploads, extraction and screening.

mod common;

use common::{server, Client};
use rastro_app::demo::demo_user;
use rastro_app::{permits, Action, Role};
use serde_json::Value;

const ORGS: [&str; 3] = ["refugio", "policia", "obs"];
const ROLES: [Role; 4] = [
    Role::OrgAdmin,
    Role::Caseworker,
    Role::Analyst,
    Role::Auditor,
];

fn every_demo_user() -> Vec<(&'static str, Role)> {
    let mut users: Vec<(&str, Role)> = ORGS
        .iter()
        .flat_map(|org| ROLES.iter().map(move |role| (*org, *role)))
        .collect();
    users.push(("obs", Role::HubAnalyst));
    users.push(("obs", Role::PlatformAdmin));
    users
}

fn bearer(prefix: &str, role: Role) -> Client {
    let session = server()
        .app
        .sign_in(&demo_user(prefix, role), rastro_app::demo::DEMO_PASSWORD)
        .unwrap();
    let token = rastro_app::members::issue_token(&session, None, 1, "api test").unwrap();
    let mut client = Client::anonymous();
    client.bearer = Some(token.secret);
    client
}

/// A shelter case the police cannot see (not the one it referred to them).
fn shelter_case_hidden_from_police() -> String {
    let shelter = bearer("refugio", Role::Caseworker);
    let police = bearer("policia", Role::Caseworker);
    let own = shelter.get("/api/v1/cases?limit=50").json();
    own["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .find(|id| police.get(&format!("/api/v1/cases/{id}")).status == 404)
        .expect("a shelter case the police do not see")
}

#[test]
fn health_and_the_document_are_public_and_everything_else_needs_a_sign_in() {
    let anonymous = Client::anonymous();
    assert_eq!(anonymous.get("/api/v1/health").json()["status"], "ok");
    let document = anonymous.get("/api/v1/openapi.json").json();
    assert_eq!(document["openapi"], "3.1.0");
    let refused = anonymous.get("/api/v1/cases");
    assert_eq!(refused.status, 401);
    assert_eq!(refused.json()["error"]["code"], "unauthenticated");
    let mut wrong = Client::anonymous();
    wrong.bearer = Some("rastro_not_a_token".into());
    assert_eq!(wrong.get("/api/v1/stats/counts").status, 401);
}

#[test]
fn every_documented_route_answers() {
    let analyst = bearer("obs", Role::Analyst);
    let case = shelter_case_hidden_from_police();
    let lists = analyst.get("/api/v1/lists").json();
    let list = lists["lists"][0]["id"].as_str().unwrap().to_string();
    for route in rastro_web::api::openapi::ROUTES {
        let path = route
            .path
            .replace("{id}", &case)
            .replace("{table}", "counts");
        let response = match route.method {
            "get" => analyst.get(&format!("/api/v1{path}")),
            "post" if path == "/extract" => analyst.post_json(
                "/api/v1/extract",
                r#"{"text":"La policía rescató a 12 mujeres en Lima."}"#,
            ),
            "post" if path == "/screen" => analyst.post_json(
                "/api/v1/screen",
                &format!(r#"{{"list":"{list}","name":"Maria Quispe"}}"#),
            ),
            "post" => analyst.post_bytes(&format!("/api/v1{path}?format=csv"), "text/csv", b""),
            other => panic!("method {other}"),
        };
        // A case id is no incident's, alert's or job's: those answer 404, as for any missing
        // record.
        assert!(
            ![404, 405, 500].contains(&response.status)
                || ((path.starts_with("/incidents/")
                    || path.starts_with("/alerts/")
                    || path.starts_with("/jobs/"))
                    && response.status == 404),
            "{} {path}: {} {}",
            route.method,
            response.status,
            response.body
        );
        assert!(
            response
                .header("content-type")
                .unwrap_or("")
                .contains("json"),
            "{path}"
        );
    }
}

#[test]
fn bad_parameters_are_400_and_unknown_or_hidden_records_the_same_404() {
    let police = bearer("policia", Role::Caseworker);
    let bad = police.get("/api/v1/cases?limit=notanumber");
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("limit"));
    let bad_filter = police.get("/api/v1/stats/counts?country=Atlantis");
    assert_eq!(bad_filter.status, 400);
    assert_eq!(police.get("/api/v1/stats/nonsense").status, 404);
    let hidden = police.get(&format!(
        "/api/v1/cases/{}",
        shelter_case_hidden_from_police()
    ));
    let unknown = police.get("/api/v1/cases/00000000000000000000000000");
    let garbage = police.get("/api/v1/cases/';DROP TABLE cases;--");
    for response in [&hidden, &unknown, &garbage] {
        assert_eq!(response.status, 404);
        assert_eq!(
            response.body, unknown.body,
            "the same answer for hidden and missing"
        );
    }
    let broken = police.post_json("/api/v1/extract", "{not json");
    assert_eq!(broken.status, 400);
    assert_eq!(broken.json()["error"]["code"], "bad_request");
    for response in [&bad, &hidden, &broken] {
        let text = response.body.to_lowercase();
        assert!(
            !text.contains("sqlite") && !text.contains("select ") && !text.contains("panicked")
        );
    }
}

#[test]
fn the_role_and_route_matrix_on_own_granted_and_other_records() {
    let case = shelter_case_hidden_from_police();
    for (prefix, role) in every_demo_user() {
        let client = bearer(prefix, role);
        let who = format!("{prefix} {}", role.as_str());
        let may_read = permits(role, Action::ReadCases);
        let record = client.get(&format!("/api/v1/cases/{case}"));
        let expected = match (may_read, prefix) {
            (false, _) => 403,
            (true, "refugio") | (true, "obs") => 200,
            (true, _) => 404,
        };
        assert_eq!(record.status, expected, "{who}: GET case: {}", record.body);
        if record.status == 200 {
            let json = record.json();
            if prefix == "obs" {
                assert_eq!(
                    json["level"], "summary",
                    "{who}: the hub was granted a summary"
                );
                assert!(
                    json.get("record").is_none(),
                    "{who}: no field beyond the summary"
                );
            }
            if role == Role::OrgAdmin {
                assert_eq!(
                    json["level"], "summary",
                    "{who}: an administrator reads summaries"
                );
            }
        }
        let list = client.get("/api/v1/cases?limit=5");
        assert_eq!(list.status, if may_read { 200 } else { 403 }, "{who}: list");
        for table in ["counts", "crosstab", "timeseries", "flows", "choropleth"] {
            let response = client.get(&format!("/api/v1/stats/{table}"));
            let expected = if permits(role, Action::ReadStatistics) {
                200
            } else {
                403
            };
            assert_eq!(
                response.status, expected,
                "{who}: {table}: {}",
                response.body
            );
        }
        let incidents = client.get("/api/v1/incidents?limit=3");
        assert_eq!(
            incidents.status,
            if permits(role, Action::ReadNews) {
                200
            } else {
                403
            },
            "{who}: incidents"
        );
        let lists = client.get("/api/v1/lists");
        assert_eq!(
            lists.status,
            if permits(role, Action::Screen) {
                200
            } else {
                403
            },
            "{who}: lists"
        );
        // Alerts: the roles that monitor transactions list theirs (and what is granted to
        // them); another's or a missing one is not found; the others are refused.
        let monitors = permits(role, Action::MonitorTransactions);
        let alerts = client.get("/api/v1/alerts?status=new,under_review&band=high");
        assert_eq!(
            alerts.status,
            if monitors { 200 } else { 403 },
            "{who}: alerts: {}",
            alerts.body
        );
        let alert = client.get("/api/v1/alerts/00000000000000000000000000");
        assert_eq!(
            alert.status,
            if monitors { 404 } else { 403 },
            "{who}: alert"
        );
        let review = client.post_json(
            "/api/v1/alerts/00000000000000000000000000/status",
            r#"{"status":"under_review"}"#,
        );
        assert_eq!(
            review.status,
            if monitors { 404 } else { 403 },
            "{who}: review: {}",
            review.body
        );
        // Jobs: every member lists its organisation's; a missing one (or another's) is not
        // found; queuing an import needs the right to import.
        let jobs = client.get("/api/v1/jobs?limit=5");
        assert_eq!(jobs.status, 200, "{who}: jobs: {}", jobs.body);
        assert!(jobs.json()["jobs"].is_array(), "{who}: jobs");
        let job = client.get("/api/v1/jobs/00000000000000000000000000");
        assert_eq!(job.status, 404, "{who}: job");
        let queued = client.post_bytes(
            "/api/v1/cases?queue=1&format=csv",
            "text/csv",
            // A header alone: the server's worker does the job, and it adds no case that
            // other tests count.
            b"prs_FirstName,vic_TypeOfExploitation\n",
        );
        let may_import = permits(role, Action::ImportCases);
        assert_eq!(
            queued.status,
            if may_import { 202 } else { 403 },
            "{who}: queue: {}",
            queued.body
        );
        if may_import {
            let id = queued.json()["id"].as_str().unwrap().to_string();
            assert_eq!(
                client.get(&format!("/api/v1/jobs/{id}")).status,
                200,
                "{who}"
            );
            for (other, _) in every_demo_user()
                .into_iter()
                .filter(|(p, _)| *p != prefix)
                .take(1)
            {
                let stranger = bearer(other, Role::OrgAdmin);
                assert_eq!(
                    stranger.get(&format!("/api/v1/jobs/{id}")).status,
                    404,
                    "{who}: another organisation's job"
                );
            }
        }
        for response in [
            &record, &list, &incidents, &lists, &alerts, &alert, &review, &jobs, &job, &queued,
        ] {
            assert_ne!(response.status, 500, "{who}: {}", response.body);
            if response.status >= 400 {
                assert!(response.json()["error"]["code"].is_string());
            }
        }
    }
}

/// Every shown count of a statistics answer.
fn shown_counts(value: &Value, out: &mut Vec<u64>) {
    match value {
        Value::Object(map) => {
            if let (Some(Value::Bool(suppressed)), Some(v)) =
                (map.get("suppressed"), map.get("value"))
            {
                assert_eq!(
                    *suppressed,
                    v.is_null(),
                    "a suppressed cell carries no value"
                );
                if let Some(n) = v.as_u64() {
                    out.push(n);
                }
            }
            map.values().for_each(|v| shown_counts(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| shown_counts(v, out)),
        _ => {}
    }
}

#[test]
fn no_user_sees_a_count_under_k_in_json_or_csv() {
    let dims = [
        "form",
        "country.origin",
        "country.transit",
        "country.exploitation",
        "citizenship",
        "sex",
        "age_band",
        "year",
        "org",
    ];
    let mut suppressed_seen = false;
    for (prefix, role) in every_demo_user() {
        if !permits(role, Action::ReadStatistics) {
            continue;
        }
        let client = bearer(prefix, role);
        for (i, dim) in dims.iter().enumerate() {
            let by2 = dims[(i + 3) % dims.len()];
            for query in [
                format!("/api/v1/stats/counts?by={dim}"),
                format!("/api/v1/stats/crosstab?by={dim}&by2={by2}"),
                format!("/api/v1/stats/timeseries?by={dim}"),
                "/api/v1/stats/flows?form=ForcedLabour".to_string(),
                "/api/v1/stats/choropleth?layer=citizenship&country=PE".to_string(),
            ] {
                let response = client.get(&query);
                assert_eq!(response.status, 200, "{query}: {}", response.body);
                let mut counts = Vec::new();
                shown_counts(&response.json()["data"], &mut counts);
                assert!(
                    counts.iter().all(|&n| n == 0 || n >= 11),
                    "{prefix} {}: {query} shows {counts:?}",
                    role.as_str()
                );
                suppressed_seen |= response.body.contains("\"suppressed\":true");
                let csv = client.get_with(&query, ("Accept", "text/csv"));
                assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
                for cell in csv.body.lines().skip(1).flat_map(|l| l.split(',')) {
                    if let Ok(n) = cell.trim().parse::<u64>() {
                        assert!(n == 0 || n >= 11 || dim == &"year", "{query}: CSV cell {n}");
                    }
                }
            }
        }
    }
    assert!(
        suppressed_seen,
        "the demo has small cells, and they came back suppressed"
    );
}

#[test]
fn uploads_over_the_limit_are_413_and_imports_add_nothing_twice() {
    let shelter = bearer("refugio", Role::Caseworker);
    let big = vec![b'a'; common::TEST_UPLOAD_LIMIT + 1024];
    let refused = shelter.post_bytes("/api/v1/cases?format=csv", "text/csv", &big);
    assert_eq!(refused.status, 413, "{}", refused.body);
    let file = "prs_FirstName,prs_Gender,vic_TypeOfExploitation,hte_Type,hte_Country\n\
                Rosa,Feminine,SexualExploitation,Exploitation,PE\n\
                Luis,Masculine,Piracy,Exploitation,PE\n";
    let first = shelter.post_bytes("/api/v1/cases?format=csv", "text/csv", file.as_bytes());
    assert_eq!(first.status, 200, "{}", first.body);
    let report = first.json();
    assert_eq!(report["imported"], 1);
    assert_eq!(report["rejected"], 1);
    assert_eq!(report["errors"][0]["row"], 2, "the bad row is named");
    let again = shelter
        .post_bytes("/api/v1/cases?format=csv", "text/csv", file.as_bytes())
        .json();
    assert_eq!(again["imported"], 0, "the same file again adds nothing");
    let analyst = bearer("refugio", Role::Analyst);
    assert_eq!(
        analyst
            .post_bytes("/api/v1/cases?format=csv", "text/csv", file.as_bytes())
            .status,
        403,
        "an analyst imports nothing"
    );
}

#[test]
fn a_partners_file_is_imported_with_the_columns_its_user_names() {
    let shelter = bearer("refugio", Role::Caseworker);
    let file = "Nombre;Nacionalidad;Residencia;Destino final\nMaribel;hondureña;Guatemala;México\n";
    let url = "/api/v1/cases?format=csv&column=Residencia%3Dprs_MailingCountry\
               &column=Destino%20final%3Dhte_Country%40Exploitation";
    let report = shelter.post_bytes(url, "text/csv", file.as_bytes());
    assert_eq!(report.status, 200, "{}", report.body);
    let report = report.json();
    assert_eq!(
        (report["imported"].as_u64(), report["rejected"].as_u64()),
        (Some(1), Some(0)),
        "{report}"
    );
    assert_eq!(
        report["warnings"],
        serde_json::json!([]),
        "every column placed: {report}"
    );
    // A field that does not exist is refused before anything is read, naming it.
    let refused = shelter.post_bytes(
        "/api/v1/cases?format=csv&column=Residencia%3Dprs_Residence",
        "text/csv",
        file.as_bytes(),
    );
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("\\\"prs_Residence\\\" is not an HTCDS field"),
        "{}",
        refused.body
    );
    // Queued, the named columns go with the job: the worker reads the file as the person
    // who queued it named it, and a field that does not exist is refused before queuing.
    let refused = shelter.post_bytes(
        "/api/v1/cases?format=csv&queue=1&column=Residencia%3Dprs_Residence",
        "text/csv",
        file.as_bytes(),
    );
    assert_eq!(refused.status, 400, "{}", refused.body);
    // No header of this file is one Rastro knows: read without its named columns, it would
    // be refused whole.
    let later = "Quién;Destino final\nOdalys;México\n";
    let queued = shelter.post_bytes(
        "/api/v1/cases?format=csv&queue=1&column=Qui%C3%A9n%3Dprs_FirstName\
         &column=Destino%20final%3Dhte_Country%40Exploitation",
        "text/csv",
        later.as_bytes(),
    );
    assert_eq!(queued.status, 202, "{}", queued.body);
    let id = queued.json()["id"].as_str().unwrap().to_string();
    let started = std::time::Instant::now();
    let job = loop {
        let job = shelter.get(&format!("/api/v1/jobs/{id}")).json();
        if job["status"] == "done" || job["status"] == "failed" {
            break job;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "{job}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(
        (
            job["result"]["imported"].as_u64(),
            job["result"]["rejected"].as_u64()
        ),
        (Some(1), Some(0)),
        "{job}"
    );
}

#[test]
fn text_becomes_an_incident_and_a_person_is_screened_with_reasons() {
    let analyst = bearer("obs", Role::Analyst);
    let incident = analyst
        .post_json(
            "/api/v1/extract",
            r#"{"title":"Rescatan a 14 mujeres en Cusco","text":"La Policía Nacional del Perú rescató a 14 mujeres venezolanas víctimas de explotación sexual en Cusco y detuvo a 3 personas."}"#,
        )
        .json();
    assert_eq!(incident["victims"], 14);
    assert!(incident["countries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "PE"));
    let lists = analyst.get("/api/v1/lists").json();
    let list = &lists["lists"][0];
    assert_eq!(list["name"], rastro_app::demo_news::DEMO_LIST);
    // The first person of the list, with a typo and the surnames first: still found.
    let path = server().dir.path().join("data/demo-watchlist.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    let name = row[1];
    let mut parts: Vec<&str> = name.split_whitespace().collect();
    parts.rotate_left(1);
    let shuffled = parts.join(" ").to_uppercase();
    let body = serde_json::json!({"list": list["id"], "name": shuffled, "birth_date": row[2], "nationality": row[3]});
    let answer = analyst
        .post_json("/api/v1/screen", &body.to_string())
        .json();
    let first = &answer["matches"][0];
    assert_eq!(first["id"], row[0], "{answer}");
    assert!(first["explanation"]["name_similarity"].as_f64().unwrap() > 0.8);
    let bad = analyst.post_json(
        "/api/v1/screen",
        &serde_json::json!({"list": list["id"], "name": "Ana", "birth_date": "1990-02-31"})
            .to_string(),
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[test]
fn incidents_have_an_outlet_facet_that_filters_them() {
    let client = bearer("obs", Role::Analyst);
    let all = client.get("/api/v1/incidents?limit=5");
    assert_eq!(all.status, 200, "{}", all.body);
    let all = all.json();
    let outlets = all["facets"]["outlet"].as_array().expect("an outlet facet");
    assert!(
        outlets.len() > 1,
        "the demo's reports come from several outlets"
    );
    let first = &outlets[0];
    let (outlet, count) = (
        first["value"].as_str().unwrap().to_string(),
        first["count"].as_u64().unwrap(),
    );
    assert!(
        outlet.contains('.') && !outlet.contains('/'),
        "an outlet is a host: {outlet}"
    );
    let only = client.get(&format!("/api/v1/incidents?limit=5&outlet={outlet}"));
    assert_eq!(only.status, 200, "{}", only.body);
    let only = only.json();
    assert_eq!(only["total"].as_u64(), Some(count));
    assert!(only["total"].as_u64() < all["total"].as_u64());
}
