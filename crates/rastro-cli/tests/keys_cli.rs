//! Identities at rest, end to end: what a caseworker imports is readable through Rastro and
//! nowhere else — not in the database files, not in another organisation's outputs, logs or
//! errors — and stays readable through key rotations.

mod common;
use common::{ok, rastro, rastro_as};

const CANARIES: [&str; 5] = [
    "Zorbalinda",
    "Quwertyana",
    "CANARYDOC",
    "canarymail",
    "Canariosa",
];

fn holds_canary(text: &str) -> Option<&'static str> {
    CANARIES.into_iter().find(|c| text.contains(c))
}

#[test]
fn identities_stay_with_their_owner_through_rotations() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("cases.csv"),
        "prs_FirstName,prs_SecondName,prs_IdentityNumber,prs_Email,prs_MailingStreet,vic_TypeOfExploitation\n\
         Zorbalinda,Quwertyana,CANARYDOC-77,canarymail@example.org,Calle Canariosa 5,ForcedLabour\n\
         Ana,Paz,X-1,,,SexualExploitation\n",
    )
    .unwrap();
    ok(rastro_as(
        "Shelter",
        "caseworker",
        &["import", "cases", "cases.csv"],
        dir,
    ));
    let found = ok(rastro_as(
        "Shelter",
        "caseworker",
        &["case", "find", "--identity-number", "canarydoc 77"],
        dir,
    ));
    assert_eq!(found.lines().count(), 1, "{found}");
    let by_name = ok(rastro_as(
        "Shelter",
        "caseworker",
        &["case", "find", "--name", "QUWERTYANA zorbalinda"],
        dir,
    ));
    assert_eq!(by_name, found);
    // An analyst, who reads cases without names, may not look people up.
    let refused = rastro_as(
        "Shelter",
        "analyst",
        &["case", "find", "--name", "Zorbalinda"],
        dir,
    );
    assert!(!refused.status.success());

    // Another organisation, with every log line on, learns nothing of them.
    for args in [
        vec!["export", "cases", "--include-shared"],
        vec!["stats", "--format", "json"],
        vec!["case", "find", "--name", "Zorbalinda Quwertyana"],
        vec!["link", "--store"],
        vec!["audit", "log"],
    ] {
        let out = common::command(&args, dir)
            .env("RASTRO_TOKEN", common::token(dir, "Police", "caseworker"))
            .env("RUST_LOG", "debug")
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(holds_canary(&all), None, "{args:?}: {all}");
    }

    let rotated = ok(rastro(&["admin", "rotate-keys"], dir));
    assert!(rotated.contains("2 cases re-sealed"), "{rotated}");
    let moved = ok(rastro(&["admin", "rotate-master"], dir));
    assert!(moved.contains("is the new key file"), "{moved}");
    assert!(dir.join("data/rastro.key.retired").is_file());
    let exported = ok(rastro_as(
        "Shelter",
        "caseworker",
        &["export", "cases"],
        dir,
    ));
    assert!(exported.contains("Zorbalinda"), "{exported}");
    assert!(ok(rastro(&["audit", "verify"], dir)).starts_with("audit trail intact"));

    // The database files, without the key file, hold none of it.
    for entry in std::fs::read_dir(dir.join("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains(".key") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(holds_canary(&text), None, "{}", path.display());
    }
}
