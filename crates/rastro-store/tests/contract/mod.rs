//! The store's contract: what every backend must do, whatever database is underneath. Each test
//! takes a fresh, migrated store; `contract_suite!(open)` makes one `#[test]` per behaviour for
//! the backend that `open` opens (see `tests/sqlite.rs`).
//!
//! The behaviours: only authentication makes an actor; a record the actor may not see answers
//! exactly as a missing one through every read, and one it may see comes projected to the level
//! its role and the owner's grants allow; re-imports are idempotent and interrupted imports
//! resume; a replacement is atomic; reviewers' decisions are kept; what an owner stops sharing
//! leaves others' results; search ranks with what the reader may see only; what describes the
//! owner's machine stays with the owner; transactions and alerts are imported once, sealed, and
//! never seen by another organisation (`transactions.rs`). `no_leak.rs` checks reads against a
//! reference model.

#![allow(dead_code)]

pub mod audit;
pub mod backlog;
pub mod fixtures;
pub mod jobs;
pub mod matrix;
pub mod no_leak;
pub mod referrals;
pub mod statistics;
pub mod transactions;
pub mod writers;

use fixtures::*;
use rastro_store::{
    Action, Basis, CaseSelection, CaseView, DuplicateOf, Facet, GrantTarget, Grantee, ImportStatus,
    Ingested, Level, ListCounts, NewEventLinkage, NewGrant, NewLinkage, NewWatchlist, NewsFacet,
    OrgKind, RecordKind, Role, Store, StoreError, TextQuery,
};

#[macro_export]
macro_rules! contract_suite {
    ($open:path) => {
        $crate::contract_suite!(
            $open;
            organisations_are_created_deliberately_and_once,
            only_authentication_makes_an_actor,
            too_many_failed_sign_ins_lock_a_user_out,
            a_token_carries_its_role_and_dies_when_revoked,
            a_hidden_case_answers_as_missing,
            records_come_back_projected_to_the_granted_level,
            roles_cap_what_their_users_see,
            grants_by_kind_facet_and_expiry,
            grants_name_only_what_their_owner_has,
            provenance_is_the_owners_alone,
            the_same_record_is_stored_once_per_organisation,
            facets_count_multi_valued_fields_once_per_value,
            an_interrupted_import_resumes_with_nothing_twice,
            own_selection_leaves_out_granted_records,
            a_page_of_cases_is_a_window_of_the_visible_ones,
            a_kept_listing_total_follows_every_change,
            articles_are_stored_once_and_scoped,
            search_ranks_with_visible_articles_only,
            linkage_runs_are_scoped_and_replace_each_other,
            decisions_are_kept_per_organisation_and_respected,
            a_revoked_case_leaves_others_linkage,
            a_revoked_article_leaves_others_events,
            events_count_victims_once,
            a_failed_watchlist_replacement_keeps_the_old_list,
            a_list_is_never_taken_from_another_organisation_unasked,
            watchlists_are_scoped_and_removed_by_their_owner_only,
            reads_match_a_reference_model_of_grants,
            what_an_actor_cannot_see_changes_nothing_it_is_told,
            every_read_path_writes_exactly_one_event,
            changes_and_denials_are_traced_with_ids_never_names,
            sign_ins_are_traced_and_a_revoked_grant_denies_the_next_read,
            withdrawing_consent_revokes_what_rested_on_it,
            htcds_consent_fields_become_consents_on_import,
            a_referral_follows_its_state_machine,
            an_override_needs_its_role_and_its_reason,
            withdrawing_consent_ends_the_referral_resting_on_it,
            every_role_and_action_on_own_granted_and_other_records,
            statistics_count_only_what_grants_allow,
            an_articles_text_needs_detail,
            a_privacy_budget_is_spent_once,
            a_large_scan_keeps_every_record_once_in_order,
            a_stamp_tells_additions_from_other_changes,
            transactions_are_imported_once_and_found_by_blind_index,
            a_case_import_and_a_transaction_import_of_one_file_are_apart,
            another_organisation_sees_no_transaction_or_alert,
            transactions_and_alerts_are_shared_by_grants_and_no_further,
            an_alert_review_follows_its_rules_with_sealed_notes,
            alerts_are_kept_once_with_their_transactions,
            transactions_and_alerts_are_sealed_at_rest_and_re_sealed,
            a_job_is_queued_by_whom_may_and_seen_by_its_organisation,
            a_worker_does_a_job_for_the_member_who_queued_it,
            workers_never_hold_one_job_together,
            a_job_whose_worker_died_is_taken_again_until_its_attempts_are_spent,
            a_job_of_a_member_who_can_no_longer_act_fails,
            a_queued_file_is_sealed_read_by_the_worker_and_gone_when_its_job_ends,
            a_queued_file_survives_a_key_rotation_and_a_spent_jobs_file_goes,
            request_counts_are_summed_over_nodes_and_old_minutes_forgotten,
            every_kind_of_job_is_queued_by_whom_may_do_it,
            a_release_made_for_a_job_is_paid_for_once,
            a_backlog_reads_own_articles_and_replaces_only_what_changed,
            concurrent_writers_of_two_organisations_lose_and_double_nothing,
            a_batch_repeating_its_cases_stores_each_once,
            case_ids_tell_nothing_and_name_one_case,
        );
    };
    ($open:path; $($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                let opened = $open();
                // A backend whose server is absent skips (saying so once) unless CI requires it.
                let Some(store) = contract::Opened::store(&opened) else {
                    return;
                };
                contract::$name(store);
            }
        )+
    };
}

/// What a backend's test file opens for one test: a fresh store, or nothing when the backend's
/// server is not there.
pub trait Opened {
    fn store(&self) -> Option<&Store>;
}

pub use audit::{
    changes_and_denials_are_traced_with_ids_never_names, every_read_path_writes_exactly_one_event,
    sign_ins_are_traced_and_a_revoked_grant_denies_the_next_read,
};

pub use backlog::a_backlog_reads_own_articles_and_replaces_only_what_changed;
pub use jobs::{
    a_job_is_queued_by_whom_may_and_seen_by_its_organisation,
    a_job_of_a_member_who_can_no_longer_act_fails,
    a_job_whose_worker_died_is_taken_again_until_its_attempts_are_spent,
    a_queued_file_is_sealed_read_by_the_worker_and_gone_when_its_job_ends,
    a_queued_file_survives_a_key_rotation_and_a_spent_jobs_file_goes,
    a_release_made_for_a_job_is_paid_for_once, a_worker_does_a_job_for_the_member_who_queued_it,
    every_kind_of_job_is_queued_by_whom_may_do_it,
    request_counts_are_summed_over_nodes_and_old_minutes_forgotten,
    workers_never_hold_one_job_together,
};
pub use matrix::every_role_and_action_on_own_granted_and_other_records;
pub use referrals::{
    a_referral_follows_its_state_machine, an_override_needs_its_role_and_its_reason,
    htcds_consent_fields_become_consents_on_import,
    withdrawing_consent_ends_the_referral_resting_on_it,
    withdrawing_consent_revokes_what_rested_on_it,
};
pub use statistics::{
    a_large_scan_keeps_every_record_once_in_order, a_privacy_budget_is_spent_once,
    a_stamp_tells_additions_from_other_changes, an_articles_text_needs_detail,
    statistics_count_only_what_grants_allow,
};
pub use transactions::{
    a_case_import_and_a_transaction_import_of_one_file_are_apart,
    alerts_are_kept_once_with_their_transactions,
    an_alert_review_follows_its_rules_with_sealed_notes,
    another_organisation_sees_no_transaction_or_alert,
    transactions_and_alerts_are_sealed_at_rest_and_re_sealed,
    transactions_and_alerts_are_shared_by_grants_and_no_further,
    transactions_are_imported_once_and_found_by_blind_index,
};
pub use writers::{
    a_batch_repeating_its_cases_stores_each_once,
    concurrent_writers_of_two_organisations_lose_and_double_nothing,
};

pub fn reads_match_a_reference_model_of_grants(store: &Store) {
    no_leak::random_worlds(store);
}

pub fn what_an_actor_cannot_see_changes_nothing_it_is_told(store: &Store) {
    no_leak::differential(store);
}

pub fn organisations_are_created_deliberately_and_once(store: &Store) {
    let admin = store.local_admin().unwrap();
    let shelter = admin
        .create_organisation("  Casa Refugio ", OrgKind::Shelter, Some("Perú"))
        .unwrap();
    assert_eq!(shelter.name, "Casa Refugio");
    assert_eq!(shelter.country.as_deref(), Some("PE"));
    assert!(matches!(
        admin.create_organisation("Casa Refugio", OrgKind::Ngo, None),
        Err(StoreError::OrganisationExists(_))
    ));
    assert!(matches!(
        admin.create_organisation("   ", OrgKind::Ngo, None),
        Err(StoreError::EmptyName)
    ));
    assert!(matches!(
        admin.create_organisation("X", OrgKind::Ngo, Some("Atlantis")),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.find_organisation("Casa Refugio").unwrap(),
        Some(shelter)
    );
    assert_eq!(store.find_organisation("Casa Refugo").unwrap(), None);
    assert_eq!(store.organisations().unwrap().len(), 1);
}

pub fn only_authentication_makes_an_actor(store: &Store) {
    let admin = store.local_admin().unwrap();
    admin
        .create_organisation("Shelter", OrgKind::Shelter, None)
        .unwrap();
    let user = admin
        .create_user(
            "Shelter",
            "ana",
            Role::Caseworker,
            Some("correct horse battery"),
        )
        .unwrap();
    assert!(user.has_password);
    assert!(matches!(
        admin.create_user("Shelter", "ana", Role::Analyst, None),
        Err(StoreError::UserExists(_))
    ));
    assert!(matches!(
        admin.create_user("Shelter", "bob", Role::Analyst, Some("short")),
        Err(StoreError::Invalid(_))
    ));
    let actor = store.sign_in("ana", "correct horse battery").unwrap();
    assert_eq!(actor.role(), Role::Caseworker);
    assert_eq!(actor.organisation().name, "Shelter");
    // Wrong password, unknown user, a made-up token: one and the same answer.
    for refused in [
        store.sign_in("ana", "wrong horse battery"),
        store.sign_in("nobody", "correct horse battery"),
        store.authenticate_token("rst_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"),
        store.authenticate_token("not a token"),
    ] {
        assert!(
            matches!(refused, Err(StoreError::Unauthenticated)),
            "{refused:?}"
        );
    }
    // A disabled user cannot sign in.
    let manager = member(store, "Shelter", Role::OrgAdmin);
    store
        .scope(&manager)
        .update_user("ana", None, Some(true))
        .unwrap();
    assert!(matches!(
        store.sign_in("ana", "correct horse battery"),
        Err(StoreError::Unauthenticated)
    ));
}

pub fn too_many_failed_sign_ins_lock_a_user_out(store: &Store) {
    let admin = store.local_admin().unwrap();
    admin
        .create_organisation("Hub", OrgKind::Hub, None)
        .unwrap();
    admin
        .create_user("Hub", "eva", Role::HubAnalyst, Some("a long enough secret"))
        .unwrap();
    for _ in 0..4 {
        assert!(matches!(
            store.sign_in("eva", "guess"),
            Err(StoreError::Unauthenticated)
        ));
    }
    // A success in between resets the count.
    store.sign_in("eva", "a long enough secret").unwrap();
    for _ in 0..5 {
        assert!(store.sign_in("eva", "guess").is_err());
    }
    // Locked: even the right password is refused until the lock lifts (or an administrator
    // sets a new password).
    assert!(matches!(
        store.sign_in("eva", "a long enough secret"),
        Err(StoreError::LockedOut { .. })
    ));
    admin.set_password("eva", "another long secret").unwrap();
    store.sign_in("eva", "another long secret").unwrap();
}

pub fn a_token_carries_its_role_and_dies_when_revoked(store: &Store) {
    let manager = member(store, "Shelter", Role::OrgAdmin);
    let scope = store.scope(&manager);
    scope
        .create_user("carla", Role::Caseworker, Some("carla's long password"))
        .unwrap();
    // An organisation administrator cannot make platform administrators.
    assert!(matches!(
        scope.create_user("root", Role::PlatformAdmin, None),
        Err(StoreError::Forbidden { .. })
    ));
    let carla = store.sign_in("carla", "carla's long password").unwrap();
    let issued = store
        .scope(&carla)
        .issue_own_token(None, 30, "laptop")
        .unwrap();
    assert!(issued.secret.starts_with("rst_"));
    assert_eq!(issued.info.role, Role::Caseworker);
    let by_token = store.authenticate_token(&issued.secret).unwrap();
    assert_eq!(by_token, carla);
    // A caseworker cannot give its token another role.
    assert!(store
        .scope(&carla)
        .issue_own_token(Some(Role::Analyst), 30, "x")
        .is_err());
    // Tokens are listed without their secret, and revoked by their owner.
    let listed = store.scope(&carla).tokens().unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!format!("{listed:?}").contains(&issued.secret));
    store.scope(&carla).revoke_token(&issued.info.id).unwrap();
    assert!(matches!(
        store.authenticate_token(&issued.secret),
        Err(StoreError::Unauthenticated)
    ));
    // A tampered secret fails too.
    let admin_token = store
        .local_admin()
        .unwrap()
        .issue_token("carla", None, 1, "x")
        .unwrap();
    let mut tampered = admin_token.secret.clone();
    tampered.pop();
    tampered.push(if admin_token.secret.ends_with('0') {
        '1'
    } else {
        '0'
    });
    assert!(store.authenticate_token(&tampered).is_err());
    // Changing the user's role revokes tokens of the old role.
    store
        .scope(&manager)
        .update_user("carla", Some(Role::Analyst), None)
        .unwrap();
    assert!(store.authenticate_token(&admin_token.secret).is_err());
    assert_eq!(
        store
            .sign_in("carla", "carla's long password")
            .unwrap()
            .role(),
        Role::Analyst
    );
}

pub fn a_hidden_case_answers_as_missing(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    let police = caseworker(store, "Police");
    let ids = import(
        &store.scope(&shelter),
        "test.csv",
        &[(case("Ana", "SexualExploitation", "CO"), "k1")],
    );
    assert_eq!(ids.len(), 1);

    let theirs = store.scope(&police);
    assert_eq!(theirs.count_cases().unwrap(), 0);
    assert!(theirs.case(&ids[0]).unwrap().is_none());
    assert!(theirs.case("00000000000000000000000000").unwrap().is_none());
    assert!(theirs.case("'; DROP TABLE cases; --").unwrap().is_none());
    assert!(theirs.facet_counts(Facet::Exploitation).unwrap().is_empty());
    assert!(theirs
        .crosstab(Facet::ExploitationCountry, Facet::Exploitation)
        .unwrap()
        .is_empty());
    assert_eq!(
        theirs
            .for_each_case(Level::Exists, CaseSelection::Visible, &mut |_| Ok(()))
            .unwrap(),
        0
    );
    assert!(theirs.entity_of(&ids[0]).unwrap().is_none());
    // The police may not share the shelter's record, and learn nothing from trying: the answer
    // is the one a made-up id gets.
    for id in [ids[0].as_str(), "00000000000000000000000000"] {
        let refused = theirs.grant(&NewGrant {
            kind: RecordKind::Case,
            target: GrantTarget::Record(id.to_string()),
            grantee: Grantee::Everyone,
            level: Level::Full,
            purpose: "x",
            basis: Basis::Agreement,
            expires_at: None,
        });
        assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    }

    let own = store.scope(&shelter);
    let Some(CaseView::Full(record)) = own.case(&ids[0]).unwrap() else {
        panic!("the owner's caseworker reads its record in full")
    };
    assert_eq!(record.owner, "Shelter");
    assert_eq!(record.provenance.as_ref().unwrap().source_row, 1);
    share(
        &own,
        RecordKind::Case,
        Some(&ids[0]),
        Grantee::Organisation("Police".into()),
        Level::Full,
    );
    let theirs = store.scope(&police);
    let Some(CaseView::Full(shared)) = theirs.case(&ids[0]).unwrap() else {
        panic!("granted in full")
    };
    assert_eq!(shared.record.person.first_name.as_deref(), Some("Ana"));
    assert_eq!(theirs.count_cases().unwrap(), 1);
}

pub fn records_come_back_projected_to_the_granted_level(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    let mut record = case("Ana María", "SexualExploitation", "CO");
    record
        .set(rastro_model::Field::PrsSecondName, "Quispe Mamani")
        .unwrap();
    record
        .set(rastro_model::Field::PrsBirthdate, "1994-05-17")
        .unwrap();
    record
        .set(rastro_model::Field::PrsGender, "Feminine")
        .unwrap();
    record
        .set(rastro_model::Field::VicAgeWhenTrafficked, "24")
        .unwrap();
    record
        .set(rastro_model::Field::CcoCaseComment, "Su tío Juan la llevó")
        .unwrap();
    let ids = import(&store.scope(&shelter), "f.csv", &[(record, "k")]);
    let own = store.scope(&shelter);
    for (org, level) in [
        ("Exists Org", Level::Exists),
        ("Summary Org", Level::Summary),
        ("Detail Org", Level::Detail),
        ("Full Org", Level::Full),
    ] {
        let reader = caseworker(store, org);
        share(
            &own,
            RecordKind::Case,
            Some(&ids[0]),
            Grantee::Organisation(org.into()),
            level,
        );
        let view = store.scope(&reader).case(&ids[0]).unwrap().unwrap();
        assert_eq!(view.level(), level, "{org}");
        assert_eq!(view.owner(), "Shelter");
        let shown = format!("{view:?}");
        let identities = ["Ana", "Quispe", "1994", "Juan"];
        match view {
            CaseView::Exists(_) => {
                assert!(
                    !shown.contains("CO") && !shown.contains("Sexual"),
                    "{shown}"
                )
            }
            CaseView::Summary(_, summary) => {
                assert_eq!(summary.exploitation.len(), 1);
                assert_eq!(summary.age_band.map(|b| b.as_str()), Some("18-29"));
            }
            CaseView::Detail(d) => {
                assert_eq!(d.record.victim.type_of_exploitation.len(), 1);
                assert_eq!(d.record.events.len(), 2);
            }
            CaseView::Full(ref f) => {
                assert!(f.provenance.is_none(), "a file path is the owner's alone");
                assert_eq!(
                    f.record.person.second_name.as_deref(),
                    Some("Quispe Mamani")
                );
            }
        }
        if level < Level::Full {
            for secret in identities {
                assert!(!shown.contains(secret), "{org}: {secret} in {shown}");
            }
        }
        // Statistics count only what is seen at summary or more.
        let counted = store.scope(&reader).count_cases().unwrap();
        assert_eq!(counted, u64::from(level >= Level::Summary), "{org}");
    }
}

pub fn roles_cap_what_their_users_see(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    let ids = import(
        &store.scope(&shelter),
        "f.csv",
        &[(case("Ana", "SexualExploitation", "CO"), "k")],
    );
    let level_of = |role| {
        let actor = member(store, "Shelter", role);
        store
            .scope(&actor)
            .case(&ids[0])
            .map(|v| v.map(|v| v.level()))
    };
    assert_eq!(level_of(Role::Caseworker).unwrap(), Some(Level::Full));
    assert_eq!(level_of(Role::Analyst).unwrap(), Some(Level::Detail));
    assert_eq!(level_of(Role::OrgAdmin).unwrap(), Some(Level::Summary));
    for role in [Role::Auditor, Role::PlatformAdmin] {
        assert!(
            matches!(level_of(role), Err(StoreError::Forbidden { .. })),
            "{role}"
        );
    }
    // The hub's analyst sees another's records only as far as granted, and its own analysts
    // never see identities unless the grant is full.
    let hub = member_of_kind(store, "Hub", OrgKind::Hub, Role::HubAnalyst);
    assert!(store.scope(&hub).case(&ids[0]).unwrap().is_none());
    share(
        &store.scope(&shelter),
        RecordKind::Case,
        Some(&ids[0]),
        Grantee::Kind(OrgKind::Hub),
        Level::Full,
    );
    assert_eq!(
        store.scope(&hub).case(&ids[0]).unwrap().map(|v| v.level()),
        Some(Level::Full)
    );
    let hub_analyst = member_of_kind(store, "Hub", OrgKind::Hub, Role::Analyst);
    assert_eq!(
        store
            .scope(&hub_analyst)
            .case(&ids[0])
            .unwrap()
            .map(|v| v.level()),
        Some(Level::Detail)
    );
    // What a role may not do is refused whatever the record.
    let analyst = member(store, "Shelter", Role::Analyst);
    assert!(matches!(
        store.scope(&analyst).begin_import("x.csv", "CSV"),
        Err(StoreError::Forbidden {
            action: Action::ImportCases,
            ..
        })
    ));
}

pub fn grants_by_kind_facet_and_expiry(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    let own = store.scope(&shelter);
    let ids = import(
        &own,
        "f.csv",
        &[
            (case("Ana", "SexualExploitation", "CO"), "a"),
            (case("Luis", "ForcedLabour", "PE"), "b"),
        ],
    );
    let police = member_of_kind(store, "Police", OrgKind::Police, Role::Caseworker);
    let ngo = caseworker(store, "Other NGO");
    let seen = |actor| {
        let mut out = Vec::new();
        store
            .scope(actor)
            .for_each_case(Level::Exists, CaseSelection::Visible, &mut |v| {
                out.push((v.id().to_string(), v.level()));
                Ok(())
            })
            .unwrap();
        out
    };
    // A facet grant to every police organisation covers the forced-labour case only.
    let facet = own
        .grant(&NewGrant {
            kind: RecordKind::Case,
            target: GrantTarget::Facet {
                facet: Facet::Exploitation,
                value: "ForcedLabour".into(),
            },
            grantee: Grantee::Kind(OrgKind::Police),
            level: Level::Detail,
            purpose: "labour inspection",
            basis: Basis::LegalDuty,
            expires_at: None,
        })
        .unwrap();
    assert_eq!(seen(&police), vec![(ids[1].clone(), Level::Detail)]);
    assert!(seen(&ngo).is_empty());
    // A facet's value counts under that facet only (a case's facets are kept in one text): Luis
    // was exploited in Peru, recruited in Venezuela, and is a citizen of neither.
    for (facet, value) in [
        (Facet::Citizenship, "PE"),
        (Facet::RecruitmentCountry, "PE"),
        (Facet::ExploitationCountry, "VE"),
    ] {
        let elsewhere = own
            .grant(&NewGrant {
                kind: RecordKind::Case,
                target: GrantTarget::Facet {
                    facet,
                    value: value.into(),
                },
                grantee: Grantee::Organisation("Other NGO".into()),
                level: Level::Summary,
                purpose: "research",
                basis: Basis::LegalDuty,
                expires_at: None,
            })
            .unwrap();
        assert!(seen(&ngo).is_empty(), "{facet:?} {value}");
        own.revoke_grant(&elsewhere.id).unwrap();
    }
    let peru = own
        .grant(&NewGrant {
            kind: RecordKind::Case,
            target: GrantTarget::Facet {
                facet: Facet::ExploitationCountry,
                value: "PE".into(),
            },
            grantee: Grantee::Organisation("Other NGO".into()),
            level: Level::Summary,
            purpose: "research",
            basis: Basis::LegalDuty,
            expires_at: None,
        })
        .unwrap();
    assert_eq!(seen(&ngo), vec![(ids[1].clone(), Level::Summary)]);
    own.revoke_grant(&peru.id).unwrap();
    // An organisation-wide default at summary to everyone; the higher level wins where both.
    share(
        &own,
        RecordKind::Case,
        None,
        Grantee::Everyone,
        Level::Summary,
    );
    assert_eq!(
        seen(&police),
        vec![
            (ids[0].clone(), Level::Summary),
            (ids[1].clone(), Level::Detail)
        ]
    );
    assert_eq!(seen(&ngo).len(), 2);
    // Revoked, the facet grant no longer lifts the level.
    own.revoke_grant(&facet.id).unwrap();
    assert_eq!(seen(&police)[1].1, Level::Summary);
    assert!(matches!(
        own.revoke_grant(&facet.id),
        Err(StoreError::NotFound)
    ));
    // A grant cannot expire in the past, and one that will expire is listed as active.
    let past = own.grant(&NewGrant {
        kind: RecordKind::Case,
        target: GrantTarget::All,
        grantee: Grantee::Everyone,
        level: Level::Full,
        purpose: "x",
        basis: Basis::Agreement,
        expires_at: Some("2001-01-01T00:00:00Z"),
    });
    assert!(matches!(past, Err(StoreError::Invalid(_))));
    let later = own
        .grant(&NewGrant {
            kind: RecordKind::Case,
            target: GrantTarget::Record(ids[0].clone()),
            grantee: Grantee::Organisation("Other NGO".into()),
            level: Level::Full,
            purpose: "a referral",
            basis: Basis::Agreement,
            expires_at: Some("2999-01-01T00:00:00Z"),
        })
        .unwrap();
    assert!(later.active);
    assert_eq!(seen(&ngo)[0].1, Level::Full);
    let received = store.scope(&ngo).grants_received().unwrap();
    assert!(received.iter().any(|g| g.id == later.id));
    assert!(store
        .scope(&police)
        .grants_received()
        .unwrap()
        .iter()
        .all(|g| g.id != later.id));
}

pub fn grants_name_only_what_their_owner_has(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    let ids = import(
        &store.scope(&shelter),
        "f.csv",
        &[(case("Ana", "SexualExploitation", "CO"), "a")],
    );
    let own = store.scope(&shelter);
    let grant = |grantee: Grantee, purpose: &str| {
        own.grant(&NewGrant {
            kind: RecordKind::Case,
            target: GrantTarget::Record(ids[0].clone()),
            grantee,
            level: Level::Full,
            purpose,
            basis: Basis::Agreement,
            expires_at: None,
        })
    };
    assert!(matches!(
        grant(Grantee::Organisation("Nobody".into()), "x"),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        grant(Grantee::Organisation("Shelter".into()), "x"),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        grant(Grantee::Everyone, "  "),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        own.grant(&NewGrant {
            kind: RecordKind::Case,
            target: GrantTarget::All,
            grantee: Grantee::Everyone,
            level: Level::Full,
            purpose: "x",
            basis: Basis::Consent("C".into()),
            expires_at: None,
        }),
        Err(StoreError::Invalid(_))
    ));
    // Only roles that manage sharing may grant.
    let analyst = analyst(store, "Shelter");
    assert!(matches!(
        store.scope(&analyst).grants_given(),
        Err(StoreError::Forbidden { .. })
    ));
}

pub fn provenance_is_the_owners_alone(store: &Store) {
    let shelter = caseworker(store, "Shelter");
    let ids = import(
        &store.scope(&shelter),
        "/home/ana/victimas/casa-2024.csv",
        &[(case("Ana", "SexualExploitation", "CO"), "k1")],
    );
    let own = store.scope(&shelter);
    share(
        &own,
        RecordKind::Case,
        Some(&ids[0]),
        Grantee::Everyone,
        Level::Full,
    );
    let Some(CaseView::Full(mine)) = own.case(&ids[0]).unwrap() else {
        panic!("full")
    };
    assert_eq!(
        mine.provenance.unwrap().source_file,
        "/home/ana/victimas/casa-2024.csv"
    );
    let police = caseworker(store, "Police");
    let Some(CaseView::Full(seen)) = store.scope(&police).case(&ids[0]).unwrap() else {
        panic!("full")
    };
    assert!(seen.provenance.is_none());
    assert_eq!(seen.owner, "Shelter");
}

/// A case's id is computed from a number the store draws in order (so that it is found without
/// an index of random ids); it must still say nothing of how many cases came before it, name
/// exactly one case, and name nothing when mistyped.
pub fn case_ids_tell_nothing_and_name_one_case(store: &Store) {
    let shelter = store.scope(&caseworker(store, "Shelter"));
    let records: Vec<(rastro_model::CaseRecord, String)> = (0..60)
        .map(|i| (person(&format!("Person{i}")), format!("k{i}")))
        .collect();
    let keyed: Vec<(rastro_model::CaseRecord, &str)> = records
        .iter()
        .map(|(r, k)| (r.clone(), k.as_str()))
        .collect();
    let ids = import(&shelter, "many.csv", &keyed);
    assert_eq!(ids.len(), 60);
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 60);
    // Ids of cases stored one after another rise about as often as they fall.
    let rising = ids.windows(2).filter(|w| w[0] < w[1]).count();
    assert!(
        (12..=47).contains(&rising),
        "{rising} of 59 ids rise: {ids:?}"
    );
    for (i, id) in ids.iter().enumerate() {
        let Some(CaseView::Full(found)) = shelter.case(id).unwrap() else {
            panic!("a stored case is found by its id")
        };
        assert_eq!(
            found.record.person.first_name.as_deref(),
            Some(format!("Person{i}").as_str())
        );
        let mut typo = id.clone().into_bytes();
        typo[25] = if typo[25] == b'0' { b'1' } else { b'0' };
        assert!(shelter
            .case(std::str::from_utf8(&typo).unwrap())
            .unwrap()
            .is_none());
    }
}

pub fn the_same_record_is_stored_once_per_organisation(store: &Store) {
    let r = case("Ana", "SexualExploitation", "CO");
    let shelter = store.scope(&caseworker(store, "Shelter"));
    let first = import(&shelter, "a.csv", &[(r.clone(), "k1"), (r.clone(), "k1")]);
    assert_eq!(first.len(), 1);
    assert!(import(&shelter, "b.csv", &[(r.clone(), "k1")]).is_empty());
    assert_eq!(shelter.count_cases().unwrap(), 1);
    // Another organisation holding the same record keeps its own copy.
    let ngo = store.scope(&caseworker(store, "NGO"));
    assert_eq!(import(&ngo, "c.csv", &[(r, "k1")]).len(), 1);
    let imports = shelter.imports().unwrap();
    assert_eq!(imports.len(), 2);
    assert!(imports.iter().all(|i| i.status == ImportStatus::Finished));
    let b = imports.iter().find(|i| i.source_file == "b.csv").unwrap();
    assert_eq!((b.imported, b.duplicates), (0, 1));
}

pub fn facets_count_multi_valued_fields_once_per_value(store: &Store) {
    let hub = store.scope(&caseworker(store, "Hub"));
    import(
        &hub,
        "f.csv",
        &[
            (case("Ana", "SexualExploitation;ForcedLabour", "CO"), "a"),
            (case("Luis", "ForcedLabour", "PE"), "b"),
            (rastro_model::CaseRecord::default(), "c"),
        ],
    );
    assert_eq!(
        hub.facet_counts(Facet::Exploitation).unwrap(),
        vec![
            ("ForcedLabour".to_string(), 2),
            ("SexualExploitation".to_string(), 1),
            ("unknown".to_string(), 1)
        ]
    );
    let cross = hub
        .crosstab(Facet::ExploitationCountry, Facet::Exploitation)
        .unwrap();
    assert!(cross.contains(&("PE".to_string(), "ForcedLabour".to_string(), 1)));
    assert!(cross.contains(&("CO".to_string(), "SexualExploitation".to_string(), 1)));
}

pub fn an_interrupted_import_resumes_with_nothing_twice(store: &Store) {
    let scope = store.scope(&caseworker(store, "Shelter"));
    let records: Vec<_> = (0..4)
        .map(|i| (person(&format!("Ana{i}")), format!("k{i}")))
        .collect();
    let new_case = |i: usize| rastro_store::NewCase {
        record: &records[i].0,
        key: &records[i].1,
        source_row: i as u64 + 1,
        parts: None,
    };

    let first = scope.begin_import("big.csv", "CSV").unwrap();
    assert!(first.resumed.is_none());
    scope
        .insert_cases(&first, &[new_case(0), new_case(1)])
        .unwrap();
    scope.interrupt_import(&first, "disk full").unwrap();
    let recorded = &scope.imports().unwrap()[0];
    assert_eq!(recorded.status, ImportStatus::Interrupted);
    assert_eq!(recorded.error.as_deref(), Some("disk full"));
    assert_eq!(recorded.imported, 2);

    // Running it again continues the same import; the rows stored before are not stored again.
    let again = scope.begin_import("big.csv", "CSV").unwrap();
    assert_eq!(again.id, first.id);
    let resumed = again.resumed.clone().unwrap();
    assert_eq!(resumed.stored, 2);
    assert_eq!(resumed.error.as_deref(), Some("disk full"));
    let outcome = scope
        .insert_cases(&again, &(0..4).map(new_case).collect::<Vec<_>>())
        .unwrap();
    assert_eq!((outcome.inserted, outcome.duplicates), (2, 2));
    let info = scope.finish_import(&again, 4, 1).unwrap();
    assert_eq!(info.status, ImportStatus::Finished);
    assert_eq!((info.imported, info.duplicates, info.rejected), (4, 0, 1));
    assert_eq!(scope.imports().unwrap().len(), 1);
    assert_eq!(scope.count_cases().unwrap(), 4);
    // A finished import is not resumed: the next one of the same file is new.
    assert!(scope
        .begin_import("big.csv", "CSV")
        .unwrap()
        .resumed
        .is_none());
}

pub fn own_selection_leaves_out_granted_records(store: &Store) {
    let partner = store.scope(&caseworker(store, "Partner"));
    let theirs = import(&partner, "p.csv", &[(person("Pedro"), "p")]);
    share(
        &partner,
        RecordKind::Case,
        Some(&theirs[0]),
        Grantee::Everyone,
        Level::Full,
    );
    let shelter = store.scope(&caseworker(store, "Shelter"));
    let mine = import(&shelter, "s.csv", &[(person("Ana"), "a")]);
    let mut own = Vec::new();
    shelter
        .for_each_full_case(CaseSelection::Own, &mut |c| {
            own.push(c.id);
            Ok(())
        })
        .unwrap();
    assert_eq!(own, mine);
    let mut visible = 0;
    shelter
        .for_each_full_case(CaseSelection::Visible, &mut |_| {
            visible += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(visible, 2);
}

pub fn a_page_of_cases_is_a_window_of_the_visible_ones(store: &Store) {
    let partner = store.scope(&caseworker(store, "Partner"));
    let theirs = import(
        &partner,
        "p.csv",
        &[
            (person("Pedro"), "p1"),
            (person("Pablo"), "p2"),
            (person("Paz"), "p3"),
        ],
    );
    share(
        &partner,
        RecordKind::Case,
        Some(&theirs[1]),
        Grantee::Everyone,
        Level::Summary,
    );
    let stranger = store.scope(&caseworker(store, "Stranger"));
    import(&stranger, "x.csv", &[(person("Xavier"), "x")]);
    let shelter = store.scope(&caseworker(store, "Shelter"));
    let names = ["Ana", "Bea", "Carla", "Dora", "Eva", "Fina", "Gala"];
    let records: Vec<(rastro_model::CaseRecord, String)> = names
        .iter()
        .map(|n| (person(n), n.to_lowercase()))
        .collect();
    let borrowed: Vec<(rastro_model::CaseRecord, &str)> = records
        .iter()
        .map(|(r, k)| (r.clone(), k.as_str()))
        .collect();
    import(&shelter, "s.csv", &borrowed);
    let mut all = Vec::new();
    shelter
        .for_each_case(Level::Summary, CaseSelection::Visible, &mut |view| {
            all.push(view);
            Ok(())
        })
        .unwrap();
    assert_eq!(all.len(), names.len() + 1, "own cases and the one shared");
    let reads = |store: &Store| {
        store
            .local_admin()
            .unwrap()
            .audit_log(100_000)
            .unwrap()
            .iter()
            .filter(|e| e.action == "read_cases")
            .count()
    };
    let before = reads(store);
    let mut paged = Vec::new();
    for offset in (0..all.len() as u64 + 3).step_by(3) {
        let (page, total) = shelter.case_page(offset, 3, None).unwrap();
        assert_eq!(total, all.len() as u64);
        assert!(page.len() <= 3);
        paged.extend(page);
    }
    let ids = |views: &[rastro_store::CaseView]| -> Vec<(String, String)> {
        views
            .iter()
            .map(|v| (v.id().to_string(), format!("{v:?}")))
            .collect()
    };
    assert_eq!(
        ids(&paged),
        ids(&all),
        "the windows, one after another, are the whole listing"
    );
    assert_eq!(
        reads(store) - before,
        all.len().div_ceil(3) + 1,
        "one event per page"
    );
    let (beyond, total) = shelter.case_page(1_000, 3, None).unwrap();
    assert!(beyond.is_empty());
    assert_eq!(total, all.len() as u64);
}

/// A listing's total kept between pages follows additions, sharing and its withdrawal exactly.
pub fn a_kept_listing_total_follows_every_change(store: &Store) {
    let totals = rastro_store::CaseTotals::new();
    let partner = store.scope(&caseworker(store, "Partner"));
    let shelter = store.scope(&caseworker(store, "Shelter"));
    let total = |scope: &rastro_store::Scope<'_>| scope.case_page(0, 2, Some(&totals)).unwrap().1;
    let counted = |scope: &rastro_store::Scope<'_>| scope.case_page(0, 2, None).unwrap().1;
    import(
        &shelter,
        "a.csv",
        &[(person("Ana"), "a"), (person("Bea"), "b")],
    );
    assert_eq!(total(&shelter), 2);
    import(&shelter, "c.csv", &[(person("Carla"), "c")]);
    assert_eq!(total(&shelter), 3, "an addition is counted once");
    let theirs = import(
        &partner,
        "p.csv",
        &[(person("Pedro"), "p1"), (person("Paz"), "p2")],
    );
    assert_eq!(
        total(&shelter),
        3,
        "another's records are not seen unshared"
    );
    assert_eq!(total(&partner), 2, "each viewer keeps its own total");
    let grant = share(
        &partner,
        RecordKind::Case,
        Some(&theirs[0]),
        Grantee::Everyone,
        Level::Summary,
    );
    assert_eq!(total(&shelter), 4, "a grant counts afresh");
    import(&partner, "q.csv", &[(person("Quique"), "q")]);
    import(&shelter, "d.csv", &[(person("Dora"), "d")]);
    assert_eq!(total(&shelter), 5);
    partner.revoke_grant(&grant).unwrap();
    assert_eq!(total(&shelter), 4, "a revoked grant counts afresh");
    assert_eq!(total(&shelter), counted(&shelter));
    assert_eq!(total(&partner), counted(&partner));
}

pub fn articles_are_stored_once_and_scoped(store: &Store) {
    let facets = vec![
        (NewsFacet::Country, "CO".to_string()),
        (NewsFacet::Exploitation, "sexual_exploitation".to_string()),
    ];
    let body = "La Policía rescató a 12 mujeres en Bogotá y detuvo a tres tratantes.";
    let ngo = store.scope(&analyst(store, "ngo"));
    let first = ngo
        .ingest_article(&article("t1", Some("diario.com/1"), body, "{}", &facets))
        .unwrap();
    let Ingested::Stored { id } = first else {
        panic!("not stored: {first:?}")
    };
    // Same URL, different text (an updated version): the same article.
    let again = ngo
        .ingest_article(&article(
            "t2",
            Some("diario.com/1"),
            "otro texto",
            "{}",
            &facets,
        ))
        .unwrap();
    assert_eq!(
        again,
        Ingested::Duplicate {
            id: id.clone(),
            by: DuplicateOf::Url
        }
    );
    // Same text from another site.
    let copy = ngo
        .ingest_article(&article("t1", Some("otro.com/x"), body, "{}", &facets))
        .unwrap();
    assert_eq!(
        copy,
        Ingested::Duplicate {
            id: id.clone(),
            by: DuplicateOf::Text
        }
    );
    assert_eq!(ngo.count_news().unwrap(), 1);
    let stored = ngo.news_article(&id).unwrap().expect("own article");
    assert_eq!(stored.external_id, "t1");
    assert_eq!(
        stored.source_file.as_deref(),
        Some("/home/ana/feeds/secret-feed.jsonl")
    );
    assert_eq!(ngo.news_with(NewsFacet::Country, "CO").unwrap().len(), 1);
    assert!(ngo.news_with(NewsFacet::Country, "PE").unwrap().is_empty());
    let query = TextQuery::parse("bogota").unwrap();
    assert_eq!(ngo.search_news(&query, 10).unwrap().len(), 1);

    // Another organisation sees nothing of it, and may store the same article for itself.
    let other = store.scope(&analyst(store, "other"));
    assert_eq!(other.count_news().unwrap(), 0);
    assert_eq!(other.news_article(&id).unwrap(), None);
    assert!(other.search_news(&query, 10).unwrap().is_empty());
    assert!(other
        .news_with(NewsFacet::Country, "CO")
        .unwrap()
        .is_empty());
    assert!(matches!(
        store.scope(&caseworker(store, "other")).grant(&NewGrant {
            kind: RecordKind::Article,
            target: GrantTarget::Record(id.clone()),
            grantee: Grantee::Everyone,
            level: Level::Full,
            purpose: "x",
            basis: Basis::Agreement,
            expires_at: None,
        }),
        Err(StoreError::NotFound)
    ));
    let own_copy = other
        .ingest_article(&article("t1", Some("diario.com/1"), body, "{}", &facets))
        .unwrap();
    assert!(matches!(own_copy, Ingested::Stored { .. }));

    // Shared, it is seen without the owner's file path.
    share(
        &store.scope(&caseworker(store, "ngo")),
        RecordKind::Article,
        Some(&id),
        Grantee::Everyone,
        Level::Full,
    );
    let seen = other.news_article(&id).unwrap().unwrap();
    assert_eq!(seen.source_file, None);
    assert_eq!(seen.source_line, None);
    assert_eq!(seen.organisation, "ngo");
}

pub fn search_ranks_with_visible_articles_only(store: &Store) {
    // A short article naming "trata" once, a long one naming it three times; one about each of two
    // words. Their order depends on the mean length of the articles and on how many hold each
    // word: statistics that must come from what the reader sees.
    let filler = "La fiscalía informó que la investigación continúa con nuevas diligencias \
                  en varias provincias del país y que se esperan más resultados pronto. ";
    let long =
        format!("{filler}{filler}Se trata de un caso de trata. {filler}Otra trata. {filler}");
    let visible = [
        ("short", "Denuncian trata en Lima.".to_string()),
        ("long", long),
        (
            "labour",
            "Migrantes y migrantes: explotación laboral de migrantes en fincas.".to_string(),
        ),
        (
            "sexual",
            "Trata, trata y trata: explotación sexual en bares de la frontera.".to_string(),
        ),
    ];
    for (key, body) in &visible {
        news(store, "ngo", key, body, None);
    }
    let ngo = store.scope(&analyst(store, "ngo"));
    let order = |q: &str| -> Vec<String> {
        ngo.search_news(&TextQuery::parse(q).unwrap(), 10)
            .unwrap()
            .into_iter()
            .map(|a| a.external_id)
            .collect()
    };
    let queries = [
        "trata",
        "migrantes",
        "explotacion",
        "tra*",
        "\"caso de trata\"",
    ];
    let before: Vec<Vec<String>> = queries.iter().map(|q| order(q)).collect();
    assert_eq!(before[0], vec!["sexual", "short", "long"]);
    assert_eq!(before[4], vec!["long"]);

    // Articles the ngo cannot see — long, and full of "trata" — change nothing it is told.
    let hidden = filler.repeat(16);
    for i in 0..30 {
        let body = format!("trata trata {i} {hidden}");
        news(store, "other", &format!("x{i}"), &body, None);
    }
    let after: Vec<Vec<String>> = queries.iter().map(|q| order(q)).collect();
    assert_eq!(before, after);
}

pub fn linkage_runs_are_scoped_and_replace_each_other(store: &Store) {
    let shelter_ids = people(store, "Shelter", &["Ana", "Anna", "Luis"]);
    let police_ids = people(store, "Police", &["Ana María"]);
    let shelter = store.scope(&caseworker(store, "Shelter"));

    // The shelter may not put the police's private record into its entities.
    let foreign = vec![
        (shelter_ids[0].clone(), shelter_ids[0].clone()),
        (police_ids[0].clone(), shelter_ids[0].clone()),
    ];
    let err = shelter
        .save_linkage(&NewLinkage {
            config: "id = \"id\"",
            pairs: 1,
            members: &foreign,
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
    assert!(shelter.latest_linkage().unwrap().is_none());

    let members = vec![
        (shelter_ids[0].clone(), shelter_ids[0].clone()),
        (shelter_ids[1].clone(), shelter_ids[0].clone()),
        (shelter_ids[2].clone(), shelter_ids[2].clone()),
    ];
    let run = shelter
        .save_linkage(&NewLinkage {
            config: "id = \"id\"",
            pairs: 1,
            members: &members,
        })
        .unwrap();
    assert_eq!((run.records, run.entities), (3, 2));
    let count = shelter.count_persons().unwrap();
    assert_eq!((count.records, count.persons), (3, 2));
    assert_eq!(
        shelter.entity_of(&shelter_ids[1]).unwrap().as_deref(),
        Some(shelter_ids[0].as_str())
    );

    // The police see neither the shelter's private records nor its run.
    let police = store.scope(&caseworker(store, "Police"));
    assert!(police.entity_of(&shelter_ids[1]).unwrap().is_none());
    assert!(police.latest_linkage().unwrap().is_none());
    let count = police.count_persons().unwrap();
    assert_eq!((count.records, count.persons), (1, 1));

    // A new run replaces the old one.
    let apart: Vec<(String, String)> = shelter_ids
        .iter()
        .map(|id| (id.clone(), id.clone()))
        .collect();
    shelter
        .save_linkage(&NewLinkage {
            config: "id = \"id\"",
            pairs: 0,
            members: &apart,
        })
        .unwrap();
    assert_eq!(shelter.count_persons().unwrap().persons, 3);
}

pub fn decisions_are_kept_per_organisation_and_respected(store: &Store) {
    let shelter_ids = people(store, "Shelter", &["Ana", "Anna"]);
    let police_ids = people(store, "Police", &["Pedro"]);
    let shelter = store.scope(&caseworker(store, "Shelter"));
    assert!(matches!(
        shelter.decide_link(&shelter_ids[0], &police_ids[0], true, "reviewer-1", None),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        shelter.decide_link(&shelter_ids[0], &shelter_ids[0], true, "reviewer-1", None),
        Err(StoreError::NotFound)
    ));
    shelter
        .decide_link(
            &shelter_ids[1],
            &shelter_ids[0],
            true,
            "reviewer-1",
            Some("same mother"),
        )
        .unwrap();
    shelter
        .decide_link(&shelter_ids[0], &shelter_ids[1], false, "reviewer-2", None)
        .unwrap();
    let decisions = shelter.link_decisions().unwrap();
    assert_eq!(decisions.len(), 1);
    assert!(!decisions[0].same);
    assert_eq!(decisions[0].reviewer, "reviewer-2");
    assert!(!decisions[0].decided_at.is_empty());

    // A later run does not erase decisions.
    let apart: Vec<(String, String)> = shelter_ids
        .iter()
        .map(|id| (id.clone(), id.clone()))
        .collect();
    shelter
        .save_linkage(&NewLinkage {
            config: "",
            pairs: 0,
            members: &apart,
        })
        .unwrap();
    assert_eq!(shelter.link_decisions().unwrap(), decisions);

    // Another organisation sees none of them, even once the records are shared.
    share(
        &shelter,
        RecordKind::Case,
        None,
        Grantee::Everyone,
        Level::Full,
    );
    let police = store.scope(&caseworker(store, "Police"));
    assert!(police.link_decisions().unwrap().is_empty());
}

pub fn a_revoked_case_leaves_others_linkage(store: &Store) {
    let partner_ids = people(store, "Partner", &["Ana"]);
    let hub_ids = people(store, "Hub", &["Anna", "Luis"]);
    let partner = store.scope(&caseworker(store, "Partner"));
    let grant = share(
        &partner,
        RecordKind::Case,
        Some(&partner_ids[0]),
        Grantee::Organisation("Hub".into()),
        Level::Detail,
    );

    // The hub links the partner's shared record with its own, naming the entity by the
    // partner's record (stored first), and decides about the pair.
    let hub = store.scope(&caseworker(store, "Hub"));
    let members = vec![
        (partner_ids[0].clone(), partner_ids[0].clone()),
        (hub_ids[0].clone(), partner_ids[0].clone()),
        (hub_ids[1].clone(), hub_ids[1].clone()),
    ];
    hub.save_linkage(&NewLinkage {
        config: "",
        pairs: 1,
        members: &members,
    })
    .unwrap();
    hub.decide_link(&partner_ids[0], &hub_ids[0], true, "rev", None)
        .unwrap();
    hub.decide_link(&hub_ids[0], &hub_ids[1], false, "rev", None)
        .unwrap();
    assert_eq!(
        hub.entity_of(&hub_ids[0]).unwrap(),
        Some(partner_ids[0].clone())
    );
    assert_eq!(hub.count_persons().unwrap().persons, 2);

    // The partner revokes its grant: nothing of its record stays with the hub.
    partner.revoke_grant(&grant).unwrap();
    assert_eq!(hub.entity_of(&partner_ids[0]).unwrap(), None);
    assert_eq!(
        hub.entity_of(&hub_ids[0]).unwrap(),
        Some(hub_ids[0].clone())
    );
    let count = hub.count_persons().unwrap();
    assert_eq!((count.records, count.persons), (2, 2));
    let decisions = hub.link_decisions().unwrap();
    assert_eq!(decisions.len(), 1);
    assert!(decisions
        .iter()
        .all(|d| d.left != partner_ids[0] && d.right != partner_ids[0]));
    // Shared again, the hub's old decision does not come back: it was withdrawn, not hidden.
    share(
        &partner,
        RecordKind::Case,
        Some(&partner_ids[0]),
        Grantee::Organisation("Hub".into()),
        Level::Detail,
    );
    assert_eq!(hub.link_decisions().unwrap().len(), 1);
    assert_eq!(hub.entity_of(&partner_ids[0]).unwrap(), None);
}

pub fn a_revoked_article_leaves_others_events(store: &Store) {
    let theirs = news(store, "partner", "s", "Informe s sobre trata.", Some(24));
    let mine = news(store, "hub", "a", "Informe a sobre trata.", Some(20));
    let partner = store.scope(&caseworker(store, "partner"));
    let grant = share(
        &partner,
        RecordKind::Article,
        Some(&theirs),
        Grantee::Everyone,
        Level::Full,
    );
    let hub = store.scope(&analyst(store, "hub"));
    let members = vec![
        (theirs.clone(), theirs.clone()),
        (mine.clone(), theirs.clone()),
    ];
    hub.save_event_linkage(&NewEventLinkage {
        settings: "{}",
        pairs: 1,
        members: &members,
    })
    .unwrap();
    hub.decide_event(&theirs, &mine, true, "rev", None).unwrap();
    assert_eq!(hub.event_of(&mine).unwrap(), Some(theirs.clone()));
    assert!(hub
        .event_reports()
        .unwrap()
        .iter()
        .all(|r| r.event_id == theirs));

    partner.revoke_grant(&grant).unwrap();
    assert_eq!(hub.event_of(&mine).unwrap(), Some(mine.clone()));
    let reports = hub.event_reports().unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].event_id, mine);
    assert!(hub.event_decisions().unwrap().is_empty());
    let count = hub.count_events().unwrap();
    assert_eq!(
        (count.reports, count.events, count.victims_in_events),
        (1, 1, 20)
    );
}

pub fn events_count_victims_once(store: &Store) {
    let a = news(store, "hub", "a", "Informe a.", Some(24));
    let b = news(store, "hub", "b", "Informe b.", Some(20));
    let c = news(store, "hub", "c", "Informe c.", Some(5));
    news(store, "partner", "p", "Informe p.", Some(7));
    let hub = store.scope(&analyst(store, "hub"));
    let mut seen = Vec::new();
    assert_eq!(
        hub.for_each_report(&mut |r| {
            seen.push(r.article_id);
            Ok(())
        })
        .unwrap(),
        3
    );
    assert_eq!(seen, vec![a.clone(), b.clone(), c.clone()]);
    let members = vec![
        (a.clone(), a.clone()),
        (b.clone(), a.clone()),
        (c.clone(), c.clone()),
    ];
    let run = hub
        .save_event_linkage(&NewEventLinkage {
            settings: "{}",
            pairs: 1,
            members: &members,
        })
        .unwrap();
    assert_eq!((run.reports, run.events), (3, 2));
    let count = hub.count_events().unwrap();
    assert_eq!(
        (
            count.reports,
            count.events,
            count.victims_in_reports,
            count.victims_in_events
        ),
        (3, 2, 49, 29)
    );
    assert_eq!(hub.latest_event_linkage().unwrap().unwrap().id, run.id);
    let partner = store.scope(&analyst(store, "partner"));
    assert!(partner.latest_event_linkage().unwrap().is_none());
    assert_eq!(partner.event_of(&a).unwrap(), None);
}

pub fn a_failed_watchlist_replacement_keeps_the_old_list(store: &Store) {
    let scope = store.scope(&analyst(store, "Shelter"));
    let list = NewWatchlist {
        name: "un",
        source_file: "un.csv",
        format: "csv",
    };
    let first = scope
        .replace_watchlist_entries(
            &list,
            &[entry("a", 1, &["Ana Ruiz"]), entry("b", 2, &["Luis Rojas"])],
            ListCounts {
                rows: 2,
                rejected: 0,
            },
        )
        .unwrap();
    let failed = scope.replace_watchlist(&list, &mut |sink| {
        sink(entry("c", 1, &["Carla Díaz"]))?;
        Err(StoreError::Source(
            "the file ended in the middle of a row".into(),
        ))
    });
    assert!(matches!(failed, Err(StoreError::Source(_))));
    let now = scope.watchlist("un").unwrap().unwrap();
    assert_eq!(now, first.list);
    let mut names = Vec::new();
    scope
        .for_each_watchlist_entry(&now.id, &mut |e| {
            names.push(e.names[0].clone());
            Ok(())
        })
        .unwrap();
    assert_eq!(names, vec!["Ana Ruiz", "Luis Rojas"]);

    // A successful replacement says what it replaced.
    let second = scope
        .replace_watchlist_entries(
            &list,
            &[entry("c", 1, &["Carla Díaz"])],
            ListCounts {
                rows: 1,
                rejected: 0,
            },
        )
        .unwrap();
    assert_eq!(second.replaced.map(|r| r.entries), Some(2));
    assert_eq!(second.list.entries, 1);
}

pub fn a_list_is_never_taken_from_another_organisation_unasked(store: &Store) {
    let police = store.scope(&analyst(store, "Migración"));
    police
        .replace_watchlist_entries(
            &NewWatchlist {
                name: "un",
                source_file: "/srv/listas/un.csv",
                format: "csv",
            },
            &[entry("a", 1, &["Ana Ruiz"])],
            ListCounts {
                rows: 1,
                rejected: 0,
            },
        )
        .unwrap();
    let police_sharing = store.scope(&caseworker(store, "Migración"));
    let list_id = police_sharing.own_list_id("un").unwrap().unwrap();
    let grant = share(
        &police_sharing,
        RecordKind::Watchlist,
        Some(&list_id),
        Grantee::Everyone,
        Level::Full,
    );

    let shelter = store.scope(&analyst(store, "Shelter"));
    // Its own "un" does not exist: the shared one of the same name is not taken in its place.
    assert_eq!(shelter.watchlist("un").unwrap(), None);
    let theirs = shelter.watchlist_of("Migración", "un").unwrap().unwrap();
    assert_eq!(theirs.organisation, "Migración");
    assert!(!theirs.own);
    assert_eq!(theirs.source_file, None);
    assert_eq!(theirs.entries, 1);

    // With a list of its own of that name, each is found by its owner.
    shelter
        .replace_watchlist_entries(
            &NewWatchlist {
                name: "un",
                source_file: "mine.csv",
                format: "csv",
            },
            &[entry("b", 1, &["Luis Rojas"]), entry("c", 2, &["Eva Paz"])],
            ListCounts {
                rows: 2,
                rejected: 0,
            },
        )
        .unwrap();
    let own = shelter.watchlist("un").unwrap().unwrap();
    assert!(own.own);
    assert_eq!((own.entries, own.organisation.as_str()), (2, "Shelter"));
    assert_eq!(
        shelter
            .watchlist_of("Migración", "un")
            .unwrap()
            .unwrap()
            .entries,
        1
    );
    let all = shelter.watchlists().unwrap();
    assert_eq!(
        all.iter()
            .map(|l| (l.organisation.as_str(), l.own))
            .collect::<Vec<_>>(),
        vec![("Shelter", true), ("Migración", false)]
    );
    // Re-imported under its name, the list stays shared as it was.
    police
        .replace_watchlist_entries(
            &NewWatchlist {
                name: "un",
                source_file: "/srv/listas/un-2.csv",
                format: "csv",
            },
            &[entry("a", 1, &["Ana Ruiz"]), entry("d", 2, &["Dora Paz"])],
            ListCounts {
                rows: 2,
                rejected: 0,
            },
        )
        .unwrap();
    assert_eq!(
        shelter
            .watchlist_of("Migración", "un")
            .unwrap()
            .map(|l| l.entries),
        Some(2)
    );
    // Unshared, it is gone for the shelter.
    police_sharing.revoke_grant(&grant).unwrap();
    assert_eq!(shelter.watchlist_of("Migración", "un").unwrap(), None);
}

pub fn watchlists_are_scoped_and_removed_by_their_owner_only(store: &Store) {
    let shelter = store.scope(&analyst(store, "Shelter"));
    let stored = vec![
        entry("w1", 1, &["María José García", "Majo"]),
        entry("w3", 3, &["Pedro Ruiz"]),
    ];
    let result = shelter
        .replace_watchlist_entries(
            &NewWatchlist {
                name: "un",
                source_file: "un.csv",
                format: "csv",
            },
            &stored,
            ListCounts {
                rows: 3,
                rejected: 1,
            },
        )
        .unwrap();
    assert!(result.replaced.is_none());
    assert_eq!((result.list.entries, result.list.rows), (2, 3));
    assert!(!result.list.shared);
    let mut back = Vec::new();
    shelter
        .for_each_watchlist_entry(&result.list.id, &mut |e| {
            back.push(e);
            Ok(())
        })
        .unwrap();
    assert_eq!(back, stored);

    let police = store.scope(&analyst(store, "Police"));
    assert!(police.watchlists().unwrap().is_empty());
    assert_eq!(police.watchlist_of("Shelter", "un").unwrap(), None);
    let mut seen = 0;
    assert_eq!(
        police
            .for_each_watchlist_entry(&result.list.id, &mut |_| {
                seen += 1;
                Ok(())
            })
            .unwrap(),
        0
    );
    assert_eq!(seen, 0);
    assert!(matches!(
        police.remove_watchlist("un"),
        Err(StoreError::NotFound)
    ));
    let sharer = store.scope(&caseworker(store, "Shelter"));
    share(
        &sharer,
        RecordKind::Watchlist,
        Some(&result.list.id),
        Grantee::Everyone,
        Level::Full,
    );
    assert!(shelter.watchlist("un").unwrap().unwrap().shared);
    assert_eq!(police.watchlists().unwrap().len(), 1);
    assert!(matches!(
        police.remove_watchlist("un"),
        Err(StoreError::NotFound)
    ));
    let removed = shelter.remove_watchlist("un").unwrap();
    assert_eq!(removed.entries, 2);
    assert!(shelter.watchlist("un").unwrap().is_none());
    // A list made after the removal does not inherit the removed list's grant.
    shelter
        .replace_watchlist_entries(
            &NewWatchlist {
                name: "other",
                source_file: "other.csv",
                format: "csv",
            },
            &[entry("z", 1, &["Zoe Paz"])],
            ListCounts {
                rows: 1,
                rejected: 0,
            },
        )
        .unwrap();
    assert!(police.watchlists().unwrap().is_empty());
}
