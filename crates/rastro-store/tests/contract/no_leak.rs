//! What no read may leak, checked against a reference model.
//!
//! `random_worlds` builds worlds at random — organisations of several kinds, users in every role,
//! records whose identifying fields hold unique canary strings, grants of every target, grantee
//! and level, revocations, consents, referrals sent on them or by override and then accepted,
//! rejected, withdrawn, closed or left to lose their consent — and for every actor and record
//! compares what the store answers with
//! what a small, naive model of the rules says: the level of every record through every read
//! path, the counts, and that no canary of a record seen below full access appears anywhere in
//! what the actor is told. `differential` adds records an actor cannot see — cases, articles, and
//! another organisation's transactions and alerts on the very same accounts, shared in full with
//! a third — and checks that nothing it is told changes, byte for byte.

use std::collections::BTreeMap;

use rastro_model::{CaseRecord, Field};
use rastro_store::{
    level_cap, Actor, Basis, CaseSelection, Direction, Facet, GrantTarget, Grantee, Level, NewCase,
    NewConsent, NewGrant, NewReferral, OrgKind, RecordKind, Role, Sending, Store, TextQuery,
};

use super::fixtures::{member_of_kind, news};
use super::transactions::{all_alerts, an_alert, import_txns, read_txns, txn, visible_txns};
use rastro_store::Identifier;

/// A small deterministic generator (xorshift64*), so that a failing world can be rebuilt.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const FORMS: [&str; 3] = ["SexualExploitation", "ForcedLabour", "ForcedBegging"];
const KINDS: [OrgKind; 4] = [
    OrgKind::Shelter,
    OrgKind::Police,
    OrgKind::Ngo,
    OrgKind::Hub,
];
const READERS: [Role; 5] = [
    Role::Caseworker,
    Role::Analyst,
    Role::OrgAdmin,
    Role::HubAnalyst,
    Role::Auditor,
];

/// A record of the world: who owns it, its form of exploitation, its canaries.
struct Rec {
    index: usize,
    id: String,
    owner: usize,
    form: &'static str,
    canaries: Vec<String>,
}

/// A referral as the model sees it: the grant its sending made (an index into the grants), its
/// consent, and whether it can still move.
struct Ref {
    id: String,
    from: usize,
    to: usize,
    grant: usize,
    consent: Option<String>,
    open: bool,
}

/// A grant as the model sees it.
struct G {
    id: String,
    owner: usize,
    target: Target,
    grantee: Who,
    level: Level,
    revoked: bool,
}

enum Target {
    Record(usize),
    Form(&'static str),
    All,
}

enum Who {
    Org(usize),
    Kind(OrgKind),
    Everyone,
}

fn canary_record(owner: usize, i: usize, form: &'static str) -> (CaseRecord, Vec<String>) {
    let tag = format!("{owner}x{i}");
    let canaries = vec![
        format!("Canaryfirst{tag}"),
        format!("Canarysecond{tag}"),
        format!("ID-CANARY-{tag}"),
        format!("Canary comment {tag}"),
    ];
    let mut r = CaseRecord::default();
    r.set(Field::PrsFirstName, &canaries[0]).unwrap();
    r.set(Field::PrsSecondName, &canaries[1]).unwrap();
    r.set(Field::PrsIdentityNumber, &canaries[2]).unwrap();
    r.set(Field::CcoCaseComment, &canaries[3]).unwrap();
    r.set(Field::VicTypeOfExploitation, form).unwrap();
    r.set(Field::HteType, "Exploitation").unwrap();
    r.set(Field::HteCountry, "PE").unwrap();
    (r, canaries)
}

/// The level the model gives `org` (of `kind`) in `role` on `rec`.
fn model_level(role: Role, org: usize, kind: OrgKind, rec: &Rec, grants: &[G]) -> Option<Level> {
    if rec.owner == org {
        return level_cap(role, RecordKind::Case, true);
    }
    let cap = level_cap(role, RecordKind::Case, false)?;
    let granted = grants
        .iter()
        .filter(|g| !g.revoked && g.owner == rec.owner)
        .filter(|g| match g.grantee {
            Who::Org(o) => o == org,
            Who::Kind(k) => k == kind,
            Who::Everyone => true,
        })
        .filter(|g| match g.target {
            Target::Record(r) => r == rec.index,
            Target::Form(f) => f == rec.form,
            Target::All => true,
        })
        .map(|g| g.level)
        .max()?;
    Some(granted.min(cap))
}

pub fn random_worlds(store: &Store) {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let orgs = 4;
    let names: Vec<String> = (0..orgs).map(|i| format!("Org{i}")).collect();
    let kinds: Vec<OrgKind> = (0..orgs).map(|i| KINDS[i % KINDS.len()]).collect();
    let actor = |org: usize, role: Role| member_of_kind(store, &names[org], kinds[org], role);
    // Records: a few per organisation, each with its canaries.
    let mut recs: Vec<Rec> = Vec::new();
    for owner in 0..orgs {
        let writer = actor(owner, Role::Caseworker);
        let scope = store.scope(&writer);
        let import = scope.begin_import("world.csv", "CSV").unwrap();
        let first = recs.len();
        let made: Vec<(CaseRecord, Vec<String>, &'static str)> = (0..4)
            .map(|i| {
                let form = rng.pick(&FORMS);
                let (r, c) = canary_record(owner, first + i, form);
                (r, c, form)
            })
            .collect();
        let keys: Vec<String> = made.iter().map(|(_, c, _)| c[2].clone()).collect();
        let cases: Vec<NewCase<'_>> = made
            .iter()
            .enumerate()
            .map(|(i, (r, _, _))| NewCase {
                record: r,
                key: &keys[i],
                source_row: i as u64 + 1,
                parts: None,
            })
            .collect();
        scope.insert_cases(&import, &cases).unwrap();
        let mut ids = Vec::new();
        scope
            .for_each_full_case(CaseSelection::Own, &mut |c| {
                ids.push((c.id, c.record.person.identity_number.unwrap_or_default()));
                Ok(())
            })
            .unwrap();
        for (_, canaries, form) in made {
            let id = ids
                .iter()
                .find(|(_, doc)| *doc == canaries[2])
                .map(|(id, _)| id.clone())
                .unwrap();
            recs.push(Rec {
                index: recs.len(),
                id,
                owner,
                form,
                canaries,
            });
        }
    }
    let mut grants: Vec<G> = Vec::new();
    let mut referrals: Vec<Ref> = Vec::new();
    for round in 0..6 {
        // Some grants…
        for _ in 0..5 {
            let owner = rng.below(orgs);
            let own: Vec<usize> = (0..recs.len())
                .filter(|&i| recs[i].owner == owner)
                .collect();
            let target = match rng.below(3) {
                0 => Target::Record(rng.pick(&own)),
                1 => Target::Form(rng.pick(&FORMS)),
                _ => Target::All,
            };
            let grantee = match rng.below(3) {
                0 => Who::Org((owner + 1 + rng.below(orgs - 1)) % orgs),
                1 => Who::Kind(rng.pick(&KINDS)),
                _ => Who::Everyone,
            };
            let level = rng.pick(&Level::ALL);
            let granter = actor(owner, rng.pick(&[Role::Caseworker, Role::OrgAdmin]));
            let store_target = match &target {
                Target::Record(r) => GrantTarget::Record(recs[*r].id.clone()),
                Target::Form(f) => GrantTarget::Facet {
                    facet: Facet::Exploitation,
                    value: f.to_string(),
                },
                Target::All => GrantTarget::All,
            };
            let store_grantee = match &grantee {
                Who::Org(o) => Grantee::Organisation(names[*o].clone()),
                Who::Kind(k) => Grantee::Kind(*k),
                Who::Everyone => Grantee::Everyone,
            };
            let info = store
                .scope(&granter)
                .grant(&NewGrant {
                    kind: RecordKind::Case,
                    target: store_target,
                    grantee: store_grantee,
                    level,
                    purpose: "random world",
                    basis: Basis::Agreement,
                    expires_at: Some("2999-12-31T00:00:00Z"),
                })
                .unwrap();
            grants.push(G {
                id: info.id,
                owner,
                target,
                grantee,
                level,
                revoked: false,
            });
        }
        // …and some revocations.
        for _ in 0..2 {
            // Referrals' grants end with their referral's moves (below).
            let live: Vec<usize> = (0..grants.len())
                .filter(|&i| !grants[i].revoked && !grants[i].id.is_empty())
                .collect();
            if live.is_empty() {
                break;
            }
            let g = &mut grants[rng.pick(&live)];
            let revoker = actor(g.owner, Role::OrgAdmin);
            store.scope(&revoker).revoke_grant(&g.id).unwrap();
            g.revoked = true;
        }
        // A referral or two: on the person's consent, or by the administrator's override.
        for _ in 0..2 {
            let from = rng.below(orgs);
            let to = (from + 1 + rng.below(orgs - 1)) % orgs;
            let own: Vec<usize> = (0..recs.len()).filter(|&i| recs[i].owner == from).collect();
            let rec = rng.pick(&own);
            let caseworker = actor(from, Role::Caseworker);
            let scope = store.scope(&caseworker);
            let consent = (rng.below(2) == 0).then(|| {
                scope
                    .record_consent(&NewConsent {
                        case_id: &recs[rec].id,
                        to: Grantee::Organisation(names[to].clone()),
                        purpose: "care",
                        evidence: "form",
                    })
                    .unwrap()
                    .id
            });
            let draft = scope
                .draft_referral(&NewReferral {
                    case_id: &recs[rec].id,
                    to: &names[to],
                    purpose: "care",
                })
                .unwrap();
            let sent = match &consent {
                Some(_) => scope.send_referral(
                    &draft.id,
                    &Sending {
                        days: 30,
                        ..Sending::default()
                    },
                ),
                None => store.scope(&actor(from, Role::OrgAdmin)).send_referral(
                    &draft.id,
                    &Sending {
                        override_reason: Some("urgent protection needed"),
                        days: 30,
                        ..Sending::default()
                    },
                ),
            };
            sent.unwrap();
            grants.push(G {
                // Not revoked by id: it ends with the referral.
                id: String::new(),
                owner: from,
                target: Target::Record(rec),
                grantee: Who::Org(to),
                level: Level::Full,
                revoked: false,
            });
            referrals.push(Ref {
                id: draft.id,
                from,
                to,
                grant: grants.len() - 1,
                consent,
                open: true,
            });
        }
        // …and a move of an open one.
        let open: Vec<usize> = (0..referrals.len())
            .filter(|&i| referrals[i].open)
            .collect();
        if !open.is_empty() {
            let r = &mut referrals[rng.pick(&open)];
            let sender = actor(r.from, Role::Caseworker);
            let receiver = actor(r.to, Role::Caseworker);
            match rng.below(4) {
                0 => {
                    store
                        .scope(&receiver)
                        .reject_referral(&r.id, "not for us")
                        .unwrap();
                }
                1 => {
                    store.scope(&sender).withdraw_referral(&r.id).unwrap();
                }
                2 => {
                    let clinic = store.scope(&receiver);
                    clinic.accept_referral(&r.id, false).unwrap();
                    clinic.close_referral(&r.id, "done").unwrap();
                }
                _ => match &r.consent {
                    Some(c) => {
                        store.scope(&sender).withdraw_consent(c).unwrap();
                    }
                    None => {
                        store.scope(&sender).withdraw_referral(&r.id).unwrap();
                    }
                },
            }
            r.open = false;
            grants[r.grant].revoked = true;
        }
        check_world(store, &names, &kinds, &recs, &grants, round);
        check_inboxes(store, &names, &kinds, &referrals, round);
    }
}

/// Every organisation's inbox holds exactly the referrals sent to it, and no other's.
fn check_inboxes(
    store: &Store,
    names: &[String],
    kinds: &[OrgKind],
    referrals: &[Ref],
    round: usize,
) {
    for (org, name) in names.iter().enumerate() {
        let actor = member_of_kind(store, name, kinds[org], Role::Caseworker);
        let mut got: Vec<String> = store
            .scope(&actor)
            .referrals(Direction::Incoming)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        let mut want: Vec<String> = referrals
            .iter()
            .filter(|r| r.to == org)
            .map(|r| r.id.clone())
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "round {round}: inbox of {name}");
    }
}

fn check_world(
    store: &Store,
    names: &[String],
    kinds: &[OrgKind],
    recs: &[Rec],
    grants: &[G],
    round: usize,
) {
    for (org, name) in names.iter().enumerate() {
        for role in READERS {
            let actor: Actor = member_of_kind(store, name, kinds[org], role);
            let scope = store.scope(&actor);
            let expected: BTreeMap<String, Level> = recs
                .iter()
                .filter_map(|r| {
                    model_level(role, org, kinds[org], r, grants).map(|l| (r.id.clone(), l))
                })
                .collect();
            let context = format!("round {round}, {name} ({}) as {role}", kinds[org]);
            if level_cap(role, RecordKind::Case, true).is_none() {
                assert!(scope.case(&recs[0].id).is_err(), "{context}");
                continue;
            }
            // Listing.
            let mut listed = BTreeMap::new();
            let mut told = String::new();
            scope
                .for_each_case(Level::Exists, CaseSelection::Visible, &mut |v| {
                    told.push_str(&format!("{v:?}"));
                    listed.insert(v.id().to_string(), v.level());
                    Ok(())
                })
                .unwrap();
            assert_eq!(listed, expected, "{context}: listing");
            // Reading one by one, the missing included.
            for r in recs {
                let got = scope.case(&r.id).unwrap();
                told.push_str(&format!("{got:?}"));
                assert_eq!(
                    got.map(|v| v.level()),
                    expected.get(&r.id).copied(),
                    "{context}: {}",
                    r.id
                );
            }
            // Counting and facets: what is seen at summary or more.
            let summarised: Vec<&Rec> = recs
                .iter()
                .filter(|r| expected.get(&r.id).is_some_and(|l| *l >= Level::Summary))
                .collect();
            assert_eq!(
                scope.count_cases().unwrap(),
                summarised.len() as u64,
                "{context}: count"
            );
            let facets = scope.facet_counts(Facet::Exploitation).unwrap();
            told.push_str(&format!("{facets:?}"));
            for form in FORMS {
                let want = summarised.iter().filter(|r| r.form == form).count() as u64;
                let got = facets
                    .iter()
                    .find(|(v, _)| v == form)
                    .map_or(0, |(_, n)| *n);
                assert_eq!(got, want, "{context}: facet {form}");
            }
            // No canary of a record seen below full access is told, by any path.
            for r in recs {
                let full = expected.get(&r.id) == Some(&Level::Full);
                for canary in &r.canaries {
                    assert_eq!(
                        told.contains(canary.as_str()),
                        full,
                        "{context}: canary {canary} of {}",
                        r.id
                    );
                }
            }
        }
    }
}

/// Outputs of an actor that must not move when records it cannot see are added.
fn everything_told(store: &Store, actor: &Actor) -> String {
    let scope = store.scope(actor);
    let mut out = String::new();
    scope
        .for_each_case(Level::Exists, CaseSelection::Visible, &mut |v| {
            out.push_str(&format!("{v:?}\n"));
            Ok(())
        })
        .unwrap();
    out.push_str(&format!("{:?}\n", scope.count_cases().unwrap()));
    for facet in Facet::ALL {
        out.push_str(&format!("{:?}\n", scope.facet_counts(facet).unwrap()));
    }
    out.push_str(&format!(
        "{:?}\n",
        scope
            .crosstab(Facet::ExploitationCountry, Facet::Exploitation)
            .unwrap()
    ));
    out.push_str(&format!("{:?}\n", scope.count_persons().unwrap()));
    // Transactions and alerts another organisation holds or shares with others, however
    // alike, change nothing: not the own read, not the visible one, not lists or look-ups.
    out.push_str(&format!("{:?}\n", read_txns(&scope, None)));
    out.push_str(&format!("{:?}\n", visible_txns(&scope)));
    let alerts = scope.alerts(None).unwrap();
    out.push_str(&format!("{alerts:?}\n"));
    out.push_str(&format!("{:?}\n", scope.alert_page(&all_alerts()).unwrap()));
    for a in &alerts {
        out.push_str(&format!("{:?}\n", scope.alert_transactions(&a.id).unwrap()));
    }
    out.push_str(&format!(
        "{:?}\n",
        scope
            .find_transactions(Identifier::Account, "PE-SHARED-1")
            .unwrap()
    ));
    out
}

fn news_told(store: &Store, actor: &Actor) -> String {
    let scope = store.scope(actor);
    let mut out = format!("{}\n", scope.count_news().unwrap());
    for q in ["trata", "rescate", "lima"] {
        let hits = scope
            .search_news(&TextQuery::parse(q).unwrap(), 20)
            .unwrap();
        out.push_str(&format!("{hits:?}\n"));
    }
    out.push_str(&format!("{:?}\n", scope.count_events().unwrap()));
    out
}

pub fn differential(store: &Store) {
    let mine = member_of_kind(store, "Mine", OrgKind::Shelter, Role::Caseworker);
    let partner = member_of_kind(store, "Partner", OrgKind::Ngo, Role::Caseworker);
    let hub = member_of_kind(store, "Hub", OrgKind::Hub, Role::HubAnalyst);
    let import_some = |actor: &Actor, owner: usize, n: usize, forms: &[&'static str]| {
        let scope = store.scope(actor);
        let made: Vec<CaseRecord> = (0..n)
            .map(|i| canary_record(owner, i, forms[i % forms.len()]).0)
            .collect();
        let keys: Vec<String> = (0..n).map(|i| format!("{owner}-{i}")).collect();
        let import = scope.begin_import("d.csv", "CSV").unwrap();
        let cases: Vec<NewCase<'_>> = (0..n)
            .map(|i| NewCase {
                record: &made[i],
                key: &keys[i],
                source_row: i as u64 + 1,
                parts: None,
            })
            .collect();
        scope.insert_cases(&import, &cases).unwrap();
    };
    import_some(&mine, 0, 6, &FORMS);
    import_some(&partner, 1, 5, &FORMS);
    // The partner shares a summary of its forced-labour cases with shelters.
    store
        .scope(&partner)
        .grant(&NewGrant {
            kind: RecordKind::Case,
            target: GrantTarget::Facet {
                facet: Facet::Exploitation,
                value: "ForcedLabour".into(),
            },
            grantee: Grantee::Kind(OrgKind::Shelter),
            level: Level::Summary,
            purpose: "statistics",
            basis: Basis::Agreement,
            expires_at: None,
        })
        .unwrap();
    for (key, body) in [
        ("n1", "Rescate de víctimas de trata en Lima."),
        ("n2", "La trata laboral en Lima: otro rescate."),
    ] {
        news(store, "Mine", key, body, Some(3));
    }
    let mine_analyst = member_of_kind(store, "Mine", OrgKind::Shelter, Role::Analyst);
    let with_alert = |actor: &Actor, file: &str| {
        let scope = store.scope(actor);
        import_txns(&scope, file, &[txn(1, "PE-SHARED-1", "PE-SHARED-2", None)]);
        let ids: Vec<String> = read_txns(&scope, None)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        scope
            .store_alerts(&[an_alert("A1", "PE-SHARED-1", &ids)])
            .unwrap();
    };
    with_alert(&mine, "mine.csv");
    let before = (
        everything_told(store, &mine),
        news_told(store, &mine_analyst),
    );

    // Records the shelter cannot see: the partner's cases of forms it did not share, a
    // stranger's cases shared with the hub in full, and articles full of the same words.
    import_some(&partner, 2, 9, &["SexualExploitation", "ForcedBegging"]);
    let stranger = member_of_kind(store, "Stranger", OrgKind::Police, Role::Caseworker);
    import_some(&stranger, 3, 7, &FORMS);
    // The same transactions and alert, in another organisation's store, shared in full with
    // a third (not the shelter).
    with_alert(&stranger, "mine.csv");
    with_alert(&partner, "theirs.csv");
    for kind in [RecordKind::Transaction, RecordKind::Alert] {
        store
            .scope(&stranger)
            .grant(&NewGrant {
                kind,
                target: GrantTarget::All,
                grantee: Grantee::Organisation("Partner".into()),
                level: Level::Full,
                purpose: "joint investigation",
                basis: Basis::LegalDuty,
                expires_at: None,
            })
            .unwrap();
    }
    store
        .scope(&stranger)
        .grant(&NewGrant {
            kind: RecordKind::Case,
            target: GrantTarget::All,
            grantee: Grantee::Kind(OrgKind::Hub),
            level: Level::Full,
            purpose: "hub",
            basis: Basis::Agreement,
            expires_at: None,
        })
        .unwrap();
    for i in 0..12 {
        news(
            store,
            "Stranger",
            &format!("s{i}"),
            "trata trata rescate Lima Lima trata",
            Some(50),
        );
    }
    let after = (
        everything_told(store, &mine),
        news_told(store, &mine_analyst),
    );
    assert_eq!(before, after);
    // The hub, which was granted them, does see them: the records are there.
    assert!(store.scope(&hub).count_cases().unwrap() >= 7);
    // And so does the partner see the stranger's transactions and alert beside its own.
    let partner_sees = store.scope(&partner);
    assert_eq!(visible_txns(&partner_sees).len(), 2);
    assert_eq!(partner_sees.alert_page(&all_alerts()).unwrap().total, 2);
}
