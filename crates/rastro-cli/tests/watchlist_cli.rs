//! `rastro watchlist` and `rastro screen --list` end to end: the real binary, a real store in a
//! temporary directory.

use std::fs;
use std::path::Path;

mod common;
use common::{rastro, rastro_as};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const LIST: &str = "\
id,full_name,aliases,date_of_birth,gender,nationality,document_number,topics
w1,María José García López,Majo García,1980-03-04,F,Perú,AB-123,sanction
w2,!!!,,,,,,
w3,Pedro Quispe Mamani,,1981-02-29,M,PE,,crime
w4,Luis Rojas,,1979,M,EC,X-9,
";

const QUERIES: &str = "\
id,full_name,date_of_birth,nationality,document_number
q1,Maria Jose Garcia,1980-03-04,PE,
q2,QUISPE MAMANI Pedro,1981,PE,
q3,Ana Torres,1990,CO,
q4,Luiz Rojas,1979,EC,X9
";

fn import_json(dir: &Path, file: &str, list: &str, org: &str) -> serde_json::Value {
    let out = rastro_as(
        org,
        "analyst",
        &[
            "watchlist",
            "import",
            file,
            "--list",
            list,
            "--format",
            "json",
        ],
        dir,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn import_reports_bad_rows_and_screen_list_equals_screen_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("list.csv"), LIST).unwrap();
    fs::write(dir.join("q.csv"), QUERIES).unwrap();

    let summary = import_json(dir, "list.csv", "un", "Shelter");
    assert_eq!(summary["imported"], 3);
    assert_eq!(summary["rejected"], 1);
    assert!(summary["replaced"].is_null());
    let errors = summary["errors"].as_array().unwrap();
    let rejected: Vec<_> = errors.iter().filter(|e| e["rejected"] == true).collect();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["row"], 2);
    assert_eq!(rejected[0]["column"], "full_name");
    assert_eq!(rejected[0]["value"], "!!!");
    // The impossible date is reported and the rest of its row kept.
    assert!(errors
        .iter()
        .any(|e| e["row"] == 3 && e["column"] == "date_of_birth" && e["rejected"] == false));

    let listed = rastro_as("Shelter", "analyst", &["watchlist", "list"], dir);
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let listed = text(&listed.stdout);
    assert!(listed.contains("un\t3 entries"), "{listed}");
    assert!(listed.contains("list.csv"), "{listed}");

    let from_list = rastro_as(
        "Shelter",
        "analyst",
        &["screen", "--list", "un", "--input", "q.csv"],
        dir,
    );
    assert!(from_list.status.success(), "{}", text(&from_list.stderr));
    let from_file = rastro(
        &["screen", "--watchlist", "list.csv", "--input", "q.csv"],
        dir,
    );
    assert!(from_file.status.success(), "{}", text(&from_file.stderr));
    assert_eq!(text(&from_list.stdout), text(&from_file.stdout));
    let best: Vec<(String, String)> = text(&from_list.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let top = v["matches"][0]["id"].as_str().unwrap_or("").to_string();
            (v["query_id"].as_str().unwrap().to_string(), top)
        })
        .collect();
    assert_eq!(best[0], ("q1".to_string(), "w1".to_string()));
    assert_eq!(best[1], ("q2".to_string(), "w3".to_string()));
    assert_eq!(best[2], ("q3".to_string(), String::new()));
}

#[test]
fn reimport_replaces_and_lists_stay_with_their_organisation() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("list.csv"), LIST).unwrap();
    fs::write(dir.join("q.csv"), QUERIES).unwrap();
    import_json(dir, "list.csv", "un", "Shelter");
    // The source shrank: the list is its new snapshot, not a union.
    let smaller: String = LIST.lines().take(2).map(|l| format!("{l}\n")).collect();
    fs::write(dir.join("list.csv"), smaller).unwrap();
    let out = rastro_as(
        "Shelter",
        "analyst",
        &["watchlist", "import", "list.csv", "--list", "un"],
        dir,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = text(&out.stdout);
    assert!(
        summary.contains("replaced the list's previous 3 entries"),
        "{summary}"
    );
    let screened = rastro_as(
        "Shelter",
        "analyst",
        &["screen", "--list", "un", "--input", "q.csv"],
        dir,
    );
    assert!(screened.status.success(), "{}", text(&screened.stderr));
    let lines = text(&screened.stdout);
    assert!(lines.contains("\"w1\""), "{lines}");
    assert!(!lines.contains("\"w3\""), "{lines}");

    // Another organisation does not see the shelter's list.
    import_json(dir, "q.csv", "mine", "Police");
    let other = rastro_as(
        "Police",
        "analyst",
        &["screen", "--list", "un", "--input", "q.csv"],
        dir,
    );
    assert!(!other.status.success());
    let err = text(&other.stderr);
    assert!(err.contains("no watchlist named \"un\""), "{err}");
    let removed = rastro_as(
        "Police",
        "analyst",
        &["watchlist", "remove", "--list", "un"],
        dir,
    );
    assert!(!removed.status.success());

    let removed = rastro_as(
        "Shelter",
        "analyst",
        &["watchlist", "remove", "--list", "un"],
        dir,
    );
    assert!(removed.status.success(), "{}", text(&removed.stderr));
    let gone = rastro_as(
        "Shelter",
        "analyst",
        &["screen", "--list", "un", "--input", "q.csv"],
        dir,
    );
    assert!(!gone.status.success());
    assert!(gone.stdout.is_empty());
}

#[test]
fn unknown_list_and_conflicting_sources_fail_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("list.csv"), LIST).unwrap();
    fs::write(dir.join("q.csv"), QUERIES).unwrap();
    import_json(dir, "list.csv", "un", "Shelter");
    let out = rastro_as(
        "Shelter",
        "analyst",
        &["screen", "--list", "nu", "--input", "q.csv"],
        dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("no watchlist named \"nu\""), "{err}");
    assert!(out.stdout.is_empty());

    let both = rastro_as(
        "Shelter",
        "analyst",
        &[
            "screen",
            "--list",
            "un",
            "--watchlist",
            "list.csv",
            "--input",
            "q.csv",
        ],
        dir,
    );
    assert!(!both.status.success());
    assert!(text(&both.stderr).contains("cannot be used with"));
    let neither = rastro(&["screen", "--input", "q.csv"], dir);
    assert!(!neither.status.success());
}

#[test]
fn followthemoney_lists_are_stored_with_skipped_schemas_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ftm = r#"{"id":"p1","schema":"Person","properties":{"name":["Juan PÉREZ"],"birthDate":["1970-05-06"],"nationality":["co"]}}
{"id":"c1","schema":"Company","properties":{"name":["ACME"]}}
not json
{"id":"p2","schema":"Person","properties":{"firstName":["Ana"],"lastName":["Ruiz"]}}
"#;
    fs::write(dir.join("list.jsonl"), ftm).unwrap();
    fs::write(dir.join("q.csv"), "id,full_name\nq1,Juan Perez\n").unwrap();
    let summary = import_json(dir, "list.jsonl", "ofac", "Shelter");
    assert_eq!(summary["format"], "ftm");
    assert_eq!(summary["imported"], 2);
    assert_eq!(summary["rejected"], 1);
    assert_eq!(summary["errors"][0]["row"], 3);
    assert_eq!(summary["skipped"]["Company"], 1);
    let from_list = rastro_as(
        "Shelter",
        "analyst",
        &["screen", "--list", "ofac", "--input", "q.csv"],
        dir,
    );
    let from_file = rastro(
        &["screen", "--watchlist", "list.jsonl", "--input", "q.csv"],
        dir,
    );
    assert!(from_list.status.success(), "{}", text(&from_list.stderr));
    assert_eq!(text(&from_list.stdout), text(&from_file.stdout));
    assert!(text(&from_list.stdout).contains("\"p1\""));
}

#[test]
fn a_shared_list_is_screened_by_other_organisations_until_unshared() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("list.csv"), LIST).unwrap();
    fs::write(dir.join("q.csv"), QUERIES).unwrap();
    import_json(dir, "list.csv", "un", "Shelter");
    import_json(dir, "q.csv", "own", "Police");
    let screen_as_police = |owner: Option<&str>| {
        let mut args = vec!["screen", "--list", "un", "--input", "q.csv"];
        if let Some(owner) = owner {
            args.extend(["--list-owner", owner]);
        }
        rastro_as("Police", "analyst", &args, dir)
    };
    assert!(!screen_as_police(Some("Shelter")).status.success());

    // Only the owner may share it.
    let refused = rastro_as(
        "Police",
        "org_admin",
        &["watchlist", "share", "--list", "un"],
        dir,
    );
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("no watchlist named \"un\" of its own"));

    let shared = rastro_as(
        "Shelter",
        "org_admin",
        &["watchlist", "share", "--list", "un"],
        dir,
    );
    assert!(shared.status.success(), "{}", text(&shared.stderr));
    let listed = rastro_as("Police", "analyst", &["watchlist", "list"], dir);
    assert!(
        text(&listed.stdout).contains("of Shelter, shared"),
        "{}",
        text(&listed.stdout)
    );
    // A list of the same name shared by someone else is never taken in place of one's own: the
    // police must name its owner, and are told whose list they screened against.
    let unasked = screen_as_police(None);
    assert!(!unasked.status.success());
    assert!(
        text(&unasked.stderr).contains("shared with it under that name by \"Shelter\""),
        "{}",
        text(&unasked.stderr)
    );
    let screened = screen_as_police(Some("Shelter"));
    assert!(screened.status.success(), "{}", text(&screened.stderr));
    assert!(text(&screened.stdout).contains("\"w1\""));
    assert!(
        text(&screened.stderr).contains("screening against list \"un\" of Shelter, shared"),
        "{}",
        text(&screened.stderr)
    );
    // With a list of their own called "un", that is the one used, and said so.
    import_json(dir, "q.csv", "un", "Police");
    let own = screen_as_police(None);
    assert!(own.status.success(), "{}", text(&own.stderr));
    assert!(
        text(&own.stderr).contains("list \"un\" of Police ("),
        "{}",
        text(&own.stderr)
    );
    assert!(!text(&own.stdout).contains("\"w1\""));
    // Sharing lets others read, not remove.
    let removed = rastro_as(
        "Police",
        "analyst",
        &["watchlist", "remove", "--list", "un"],
        dir,
    );
    assert!(removed.status.success());
    let listed = text(&rastro_as("Shelter", "analyst", &["watchlist", "list"], dir).stdout);
    assert!(listed.contains("un\t3 entries"), "{listed}");

    let unshared = rastro_as(
        "Shelter",
        "org_admin",
        &["watchlist", "share", "--list", "un", "--unshare"],
        dir,
    );
    assert!(unshared.status.success(), "{}", text(&unshared.stderr));
    assert!(!screen_as_police(Some("Shelter")).status.success());
}
