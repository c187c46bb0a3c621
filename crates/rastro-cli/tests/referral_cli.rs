//! `rastro consent` and `rastro referral` end to end: a shelter refers a case to a clinic on the
//! person's consent; the clinic accepts it and opens its own case; withdrawing the consent of
//! another referral ends it.

mod common;
use common::{ok, rastro_as};

fn first_field(text: &str) -> String {
    text.lines()
        .next()
        .and_then(|l| l.split('\t').next())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_case_is_referred_on_consent_and_opened_by_the_receiver() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("cases.csv"),
        "prs_FirstName,prs_SecondName,vic_TypeOfExploitation\nRosa,Quispe,ForcedLabour\n",
    )
    .unwrap();
    let shelter = |args: &[&str]| ok(rastro_as("Shelter", "caseworker", args, dir));
    let clinic = |args: &[&str]| rastro_as("Clinic", "caseworker", args, dir);
    shelter(&["import", "cases", "cases.csv"]);
    ok(clinic(&["whoami"]));
    let case = ok(rastro_as(
        "Shelter",
        "caseworker",
        &["case", "find", "--name", "rosa quispe"],
        dir,
    ))
    .trim()
    .to_string();
    let draft = first_field(&shelter(&[
        "referral",
        "draft",
        "--case",
        &case,
        "--to",
        "Clinic",
        "--purpose",
        "medical care",
    ]));
    // Without consent it is not sent, and the clinic sees nothing.
    let refused = rastro_as("Shelter", "caseworker", &["referral", "send", &draft], dir);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("consent"));
    assert!(ok(clinic(&["referral", "inbox"])).starts_with("no referrals"));
    let consent = first_field(&shelter(&[
        "consent",
        "record",
        "--case",
        &case,
        "--to",
        "Clinic",
        "--purpose",
        "medical care",
        "--evidence",
        "form 12",
    ]));
    let sent = shelter(&["referral", "send", &draft]);
    assert!(sent.contains("\tsent\t"), "{sent}");
    let inbox = ok(clinic(&["referral", "inbox"]));
    assert!(inbox.contains(&draft), "{inbox}");
    let accepted = ok(clinic(&["referral", "accept", &draft, "--open-case"]));
    assert!(accepted.contains("opened as case"), "{accepted}");
    let exported = ok(clinic(&["export", "cases"]));
    assert!(exported.contains("Rosa"), "{exported}");
    let closed = ok(clinic(&[
        "referral",
        "close",
        &draft,
        "--outcome",
        "treated",
    ]));
    assert!(closed.contains("\tclosed\t"), "{closed}");
    // The consent, withdrawn, supports no new referral.
    let withdrawn = shelter(&["consent", "withdraw", &consent]);
    assert!(withdrawn.contains("withdrawn"), "{withdrawn}");
    let again = first_field(&shelter(&[
        "referral",
        "draft",
        "--case",
        &case,
        "--to",
        "Clinic",
        "--purpose",
        "medical care",
    ]));
    assert!(
        !rastro_as("Shelter", "caseworker", &["referral", "send", &again], dir)
            .status
            .success()
    );
    let trail = ok(rastro_as(
        "Shelter",
        "auditor",
        &["audit", "log", "--limit", "200"],
        dir,
    ));
    for action in ["record_consent", "send_referral", "withdraw_consent"] {
        assert!(trail.contains(action), "{action}: {trail}");
    }
}
