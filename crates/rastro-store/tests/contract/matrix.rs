//! The role matrix, tried: every role, every action that concerns a case, on the organisation's
//! own record, on another organisation's record granted to it in full, and on another's record
//! not granted. What the role may not do is `Forbidden`; what it may do on a record it may not
//! have answers exactly as a missing record; the rest succeeds, at the level the role allows.

use rastro_store::{
    level_cap, permits, Action, AuditSelection, Basis, CaseSelection, GrantTarget, Grantee, Level,
    NewConsent, NewGrant, NewReferral, RecordKind, Role, Scope, Store, StoreError,
};

use super::fixtures::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    Own,
    Granted,
    Other,
}

#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Done,
    Missing,
    Forbidden,
}

fn answer<T>(result: Result<T, StoreError>, found: impl FnOnce(T) -> bool) -> Answer {
    match result {
        Ok(value) => {
            if found(value) {
                Answer::Done
            } else {
                Answer::Missing
            }
        }
        Err(StoreError::NotFound) => Answer::Missing,
        Err(StoreError::Forbidden { .. }) => Answer::Forbidden,
        Err(other) => panic!("unexpected {other:?}"),
    }
}

/// Does `action` on record `id` through `scope`.
fn act(scope: &Scope<'_>, action: Action, id: &str) -> Answer {
    match action {
        Action::ReadCases => answer(scope.case(id), |v| v.is_some()),
        Action::ExportCases => answer(
            {
                let mut seen = false;
                scope
                    .for_each_full_case(CaseSelection::Visible, &mut |c| {
                        seen |= c.id == id;
                        Ok(())
                    })
                    .map(|_| seen)
            },
            |seen| seen,
        ),
        Action::ManageGrants => answer(
            scope.grant(&NewGrant {
                kind: RecordKind::Case,
                target: GrantTarget::Record(id.to_string()),
                grantee: Grantee::Organisation("Third".into()),
                level: Level::Summary,
                purpose: "matrix",
                basis: Basis::Agreement,
                expires_at: None,
            }),
            |_| true,
        ),
        Action::ManageConsent => answer(
            scope.record_consent(&NewConsent {
                case_id: id,
                to: Grantee::Organisation("Third".into()),
                purpose: "matrix",
                evidence: "form",
            }),
            |_| true,
        ),
        Action::Refer => answer(
            scope.draft_referral(&NewReferral {
                case_id: id,
                to: "Third",
                purpose: "matrix",
            }),
            |_| true,
        ),
        Action::LinkPersons => answer(scope.link_decisions(), |_| true),
        Action::ReadStatistics => answer(scope.count_cases(), |_| true),
        Action::ReadAudit => answer(scope.audit_log(AuditSelection::Own, 5), |_| true),
        _ => unreachable!("not a case action"),
    }
}

/// What the matrix and the level caps promise.
fn expected(role: Role, action: Action, whose: Whose) -> Answer {
    if !permits(role, action) {
        return Answer::Forbidden;
    }
    match action {
        // Not about one record.
        Action::LinkPersons | Action::ReadStatistics | Action::ReadAudit => Answer::Done,
        // Only on the organisation's own cases.
        Action::ManageGrants | Action::ManageConsent | Action::Refer => match whose {
            Whose::Own => Answer::Done,
            _ => Answer::Missing,
        },
        Action::ReadCases | Action::ExportCases => {
            let need = if action == Action::ExportCases {
                Level::Full
            } else {
                Level::Exists
            };
            let cap = match whose {
                Whose::Own => level_cap(role, RecordKind::Case, true),
                Whose::Granted => level_cap(role, RecordKind::Case, false),
                Whose::Other => None,
            };
            if cap.is_some_and(|c| c >= need) {
                Answer::Done
            } else {
                Answer::Missing
            }
        }
        _ => unreachable!("not a case action"),
    }
}

const ACTIONS: [Action; 8] = [
    Action::ReadCases,
    Action::ExportCases,
    Action::ManageGrants,
    Action::ManageConsent,
    Action::Refer,
    Action::LinkPersons,
    Action::ReadStatistics,
    Action::ReadAudit,
];

pub fn every_role_and_action_on_own_granted_and_other_records(store: &Store) {
    let own = people(store, "Home", &["Ana"])[0].clone();
    let granted = people(store, "Partner", &["Luis"])[0].clone();
    let other = people(store, "Stranger", &["Rosa"])[0].clone();
    people(store, "Third", &["Eva"]);
    let partner = caseworker(store, "Partner");
    share(
        &store.scope(&partner),
        RecordKind::Case,
        Some(&granted),
        Grantee::Organisation("Home".into()),
        Level::Full,
    );
    let mut tried = 0;
    for role in Role::ALL {
        let actor = member(store, "Home", role);
        let scope = store.scope(&actor);
        for action in ACTIONS {
            for (whose, id) in [
                (Whose::Own, &own),
                (Whose::Granted, &granted),
                (Whose::Other, &other),
            ] {
                assert_eq!(
                    act(&scope, action, id),
                    expected(role, action, whose),
                    "{role} {action:?} on {whose:?}"
                );
                tried += 1;
            }
        }
    }
    assert_eq!(tried, Role::ALL.len() * ACTIONS.len() * 3);
}
