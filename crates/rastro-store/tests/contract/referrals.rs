//! Consent and referrals: a grant or a referral rests on a consent only when it covers the
//! recipient and the purpose; withdrawing the consent revokes what rested on it; a referral
//! moves only along its state machine, each move granting or revoking the case in the same
//! transaction; the receiver may open its own case from an accepted one.

use rastro_model::{CaseRecord, Field};
use rastro_store::{
    Basis, CaseView, Direction, GrantTarget, Grantee, Level, NewConsent, NewGrant, NewReferral,
    OrgKind, RecordKind, ReferralStatus, Role, Sending, Store, StoreError,
};

use super::fixtures::*;

fn sending(consent: Option<&str>, override_reason: Option<&'static str>) -> Sending<'static> {
    Sending {
        consent_id: consent.map(|c| Box::leak(c.to_string().into_boxed_str()) as &str),
        override_reason,
        days: 14,
    }
}

fn victim(name: &str) -> CaseRecord {
    let mut r = person(name);
    r.set(Field::VicTypeOfExploitation, "ForcedLabour").unwrap();
    r
}

fn sees_in_full(store: &Store, actor: &rastro_store::Actor, id: &str) -> bool {
    matches!(
        store.scope(actor).case(id).unwrap(),
        Some(CaseView::Full(_))
    )
}

pub fn withdrawing_consent_revokes_what_rested_on_it(store: &Store) {
    let cw = caseworker(store, "Shelter");
    let scope = store.scope(&cw);
    let ids = import(&scope, "a.csv", &[(victim("Ana"), "a")]);
    let partner = caseworker(store, "Legal Aid");
    let consent = scope
        .record_consent(&NewConsent {
            case_id: &ids[0],
            to: Grantee::Organisation("Legal Aid".into()),
            purpose: "legal representation",
            evidence: "signed form F-12",
        })
        .unwrap();
    let grant = |purpose: &str, to: &str| {
        scope.grant(&NewGrant {
            kind: RecordKind::Case,
            target: GrantTarget::Record(ids[0].clone()),
            grantee: Grantee::Organisation(to.into()),
            level: Level::Full,
            purpose,
            basis: Basis::Consent(consent.id.clone()),
            expires_at: None,
        })
    };
    // A consent covers its recipient and its purpose only.
    caseworker(store, "Police");
    assert!(matches!(
        grant("legal representation", "Police"),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        grant("marketing", "Legal Aid"),
        Err(StoreError::Invalid(_))
    ));
    grant("Legal Representation", "Legal Aid").unwrap();
    assert!(sees_in_full(store, &partner, &ids[0]));
    let (withdrawn, revoked) = scope.withdraw_consent(&consent.id).unwrap();
    assert!(!withdrawn.active());
    assert_eq!(revoked, 1);
    assert!(store.scope(&partner).case(&ids[0]).unwrap().is_none());
    // A withdrawn consent supports nothing new.
    assert!(matches!(
        grant("legal representation", "Legal Aid"),
        Err(StoreError::Invalid(_))
    ));
    // Another organisation's consents are not there for it.
    assert!(store.scope(&partner).consents(None).unwrap().is_empty());
}

pub fn htcds_consent_fields_become_consents_on_import(store: &Store) {
    let cw = caseworker(store, "Shelter");
    let scope = store.scope(&cw);
    let mut r = victim("Ana");
    r.set(Field::ConConsent, "true").unwrap();
    let ids = import(&scope, "a.csv", &[(r, "a"), (victim("Luz"), "b")]);
    let consents = scope.consents(None).unwrap();
    assert_eq!(consents.len(), 1, "{consents:?}");
    assert_eq!(consents[0].case_id, ids[0]);
    assert_eq!(consents[0].source, "import");
    assert_eq!(consents[0].to, Grantee::Organisation("Shelter".into()));
    assert!(consents[0].evidence.contains("con_Consent"));
}

pub fn a_referral_follows_its_state_machine(store: &Store) {
    let cw = caseworker(store, "Shelter");
    let scope = store.scope(&cw);
    let ids = import(&scope, "a.csv", &[(victim("Ana"), "a")]);
    let receiver = caseworker(store, "Clinic");
    let outsider = caseworker(store, "Police");
    let draft = scope
        .draft_referral(&NewReferral {
            case_id: &ids[0],
            to: "Clinic",
            purpose: "medical care",
        })
        .unwrap();
    assert_eq!(draft.status, ReferralStatus::Draft);
    // A draft is the sender's alone; the receiver cannot see or answer it yet.
    let clinic = store.scope(&receiver);
    assert!(clinic.referrals(Direction::Incoming).unwrap().is_empty());
    assert!(matches!(
        clinic.accept_referral(&draft.id, false),
        Err(StoreError::NotFound)
    ));
    // No consent covers it, and a caseworker may not override.
    let refused = scope.send_referral(&draft.id, &sending(None, None));
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    assert!(matches!(
        scope.send_referral(&draft.id, &sending(None, Some("urgent medical need"))),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(store.scope(&receiver).case(&ids[0]).unwrap().is_none());
    // With the person's consent (found by itself), it is sent: the receiver sees the case.
    scope
        .record_consent(&NewConsent {
            case_id: &ids[0],
            to: Grantee::Kind(OrgKind::Ngo),
            purpose: "medical care",
            evidence: "verbal, noted in file 7",
        })
        .unwrap();
    let sent = scope
        .send_referral(&draft.id, &sending(None, None))
        .unwrap();
    assert_eq!(sent.status, ReferralStatus::Sent);
    assert!(sent.consent_id.is_some());
    assert!(sees_in_full(store, &receiver, &ids[0]));
    assert_eq!(clinic.referrals(Direction::Incoming).unwrap().len(), 1);
    // Nobody else sees it, or can move it.
    let police = store.scope(&outsider);
    assert!(police.referrals(Direction::Incoming).unwrap().is_empty());
    assert!(matches!(
        police.reject_referral(&draft.id, "no"),
        Err(StoreError::NotFound)
    ));
    assert!(store.scope(&outsider).case(&ids[0]).unwrap().is_none());
    // Only the receiver accepts; sending twice is not a move.
    assert!(matches!(
        scope.accept_referral(&draft.id, false),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        scope.send_referral(&draft.id, &sending(None, None)),
        Err(StoreError::Invalid(_))
    ));
    let accepted = clinic.accept_referral(&draft.id, true).unwrap();
    assert_eq!(accepted.status, ReferralStatus::Accepted);
    let own_copy = accepted
        .receiver_case_id
        .clone()
        .expect("the receiver's own case");
    let Some(CaseView::Full(copy)) = clinic.case(&own_copy).unwrap() else {
        panic!("the receiver reads its own case in full");
    };
    assert_eq!(copy.owner, "Clinic");
    assert_eq!(copy.record.person.first_name.as_deref(), Some("Ana"));
    // The sender does not see the receiver's case.
    assert!(scope.case(&own_copy).unwrap().is_none());
    let closed = clinic
        .close_referral(&draft.id, "treated and discharged")
        .unwrap();
    assert_eq!(closed.status, ReferralStatus::Closed);
    assert!(
        store.scope(&receiver).case(&ids[0]).unwrap().is_none(),
        "closing revokes"
    );
    assert!(
        clinic.case(&own_copy).unwrap().is_some(),
        "its own case stays"
    );
    assert!(matches!(
        clinic.close_referral(&draft.id, "again"),
        Err(StoreError::Invalid(_))
    ));
}

pub fn an_override_needs_its_role_and_its_reason(store: &Store) {
    let cw = caseworker(store, "Shelter");
    let ids = import(&store.scope(&cw), "a.csv", &[(victim("Ana"), "a")]);
    let admin = member(store, "Shelter", Role::OrgAdmin);
    let scope = store.scope(&admin);
    let receiver = caseworker(store, "Police");
    let draft = scope
        .draft_referral(&NewReferral {
            case_id: &ids[0],
            to: "Police",
            purpose: "protection order",
        })
        .unwrap();
    assert!(matches!(
        scope.send_referral(&draft.id, &sending(None, Some("urgent"))),
        Err(StoreError::Invalid(_))
    ));
    let sent = scope
        .send_referral(
            &draft.id,
            &sending(None, Some("imminent risk to her life; no way to ask her")),
        )
        .unwrap();
    assert!(sent.consent_id.is_none());
    assert!(sent.override_reason.is_some());
    assert!(sees_in_full(store, &receiver, &ids[0]));
    // Rejection and withdrawal revoke what sending granted.
    let rejected = store
        .scope(&receiver)
        .reject_referral(&draft.id, "not our jurisdiction")
        .unwrap();
    assert_eq!(rejected.status, ReferralStatus::Rejected);
    assert!(store.scope(&receiver).case(&ids[0]).unwrap().is_none());
    assert!(matches!(
        scope.withdraw_referral(&draft.id),
        Err(StoreError::Invalid(_))
    ));
}

pub fn withdrawing_consent_ends_the_referral_resting_on_it(store: &Store) {
    let cw = caseworker(store, "Shelter");
    let scope = store.scope(&cw);
    let ids = import(&scope, "a.csv", &[(victim("Ana"), "a")]);
    let receiver = caseworker(store, "Clinic");
    let consent = scope
        .record_consent(&NewConsent {
            case_id: &ids[0],
            to: Grantee::Organisation("Clinic".into()),
            purpose: "medical care",
            evidence: "form 3",
        })
        .unwrap();
    let draft = scope
        .draft_referral(&NewReferral {
            case_id: &ids[0],
            to: "Clinic",
            purpose: "medical care",
        })
        .unwrap();
    scope
        .send_referral(&draft.id, &sending(Some(&consent.id), None))
        .unwrap();
    assert!(sees_in_full(store, &receiver, &ids[0]));
    scope.withdraw_consent(&consent.id).unwrap();
    assert!(store.scope(&receiver).case(&ids[0]).unwrap().is_none());
    let outgoing = scope.referrals(Direction::Outgoing).unwrap();
    assert_eq!(outgoing[0].status, ReferralStatus::Withdrawn);
}
