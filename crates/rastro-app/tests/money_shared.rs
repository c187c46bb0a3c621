//! Transactions and alerts shared by grants, in the network and in review, over a real SQLite
//! store: another organisation sees nothing of them (network, look-ups, exports, an alert by
//! id) until granted, then exactly what was granted — an alert with the transactions it lists,
//! or all transactions — and nothing again once revoked; phones in payments and in cases are one
//! node only for whom sees both; an alert's review moves by its rules, by its owner only.

mod support;

use std::path::PathBuf;

use rastro_app::flags::review::{self, AlertQuery, AlertStatus};
use rastro_app::flags::{self};
use rastro_app::grants::GrantRequest;
use rastro_app::network::{self, ExportFormat, NetworkCache, Query};
use rastro_app::{
    transactions, App, Basis, GrantTarget, Grantee, Level, OrgKind, Quiet, RecordKind, Role,
    Session, StoreUrl,
};

struct World {
    dir: tempfile::TempDir,
    app: App,
}

impl World {
    fn new(orgs: &[(&str, OrgKind)]) -> World {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(&StoreUrl::in_data_dir(&dir.path().join("data"))).unwrap();
        let admin = app.admin().unwrap();
        for (org, kind) in orgs {
            admin.create_organisation(org, *kind, None).unwrap();
        }
        World { dir, app }
    }

    fn member(&self, org: &str, role: Role) -> Session {
        support::member(&self.app, org, role)
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

const HEADER: &str = "id,datetime,amount,currency,channel,debtor_account,debtor_name,creditor_account,creditor_name,branch,city,country,mcc,contact,description\n";

fn grant(session: &Session, kind: RecordKind, target: GrantTarget, to: &str) -> String {
    rastro_app::grants::grant(
        session,
        &GrantRequest {
            kind,
            target,
            grantee: Grantee::Organisation(to.to_string()),
            level: Level::Full,
            purpose: "joint investigation",
            basis: Basis::LegalDuty,
            expires_at: None,
        },
    )
    .unwrap()
    .id
}

fn ftm(net: &network::Network, key: &str) -> Option<String> {
    let mut out = Vec::new();
    let query = Query {
        hops: 4,
        cap: 500,
        ..Query::default()
    };
    net.export(key, &query, ExportFormat::Ftm, &mut out)
        .unwrap()
        .map(|_| String::from_utf8(out).unwrap())
}

#[test]
fn money_is_seen_in_the_network_and_in_review_only_as_far_as_granted() {
    let world = World::new(&[("Banco", OrgKind::Financial), ("UIF", OrgKind::Financial)]);
    let bank = world.member("Banco", Role::Caseworker);
    let cases = world.file(
        "cases.csv",
        "prs_FirstName,prs_MobilePhone\nRosa,+51 987 654 321\n",
    );
    rastro_app::cases::import_cases(
        &bank,
        &cases,
        &rastro_import::ImportOptions::default(),
        None,
        &Quiet,
    )
    .unwrap();
    let rosa =
        rastro_app::cases::find_own(&bank, rastro_app::Lookup::Name, "Rosa").unwrap()[0].clone();
    let file = world.file(
        "pagos.csv",
        &format!(
            "{HEADER}\
P1,2024-04-01T22:10:00-05:00,50.00,PEN,mobile,PE-77,Carlos Mendoza,,,,Lima,PE,,987654321,recarga
P2,2024-04-02T09:00:00-05:00,80.00,PEN,transfer,PE-78,Juana Paz,PE-79,Pedro Paz,,Lima,PE,,,alquiler
"
        ),
    );
    transactions::import(&bank, &file, None, &Quiet).unwrap();
    let catalogue = flags::catalogue(None).unwrap();
    let run = flags::run(&bank, &catalogue, None, &Quiet).unwrap();
    let known = run
        .alerts
        .iter()
        .find(|f| f.alert.typology == "known_contact")
        .expect("the payment to Rosa's phone raises an alert");
    let alert_key = format!("{}{}", network::ALERT, known.rastro_id);
    let person_key = format!("{}{rosa}", network::PERSON);

    // The owner's network: the alert, the payment, the account, the phone joining the payment
    // to Rosa's person, who is reached from the alert.
    let own = network::build(&bank, Vec::new()).unwrap();
    assert!(own.info.sources.transactions == 2 && own.info.sources.alerts >= 1);
    assert!(own.node(&alert_key).is_some());
    assert!(own.node("account:PE77").is_some());
    assert!(own.node("phone:+51987654321").is_some());
    assert!(own.node("party:Banco:carlos mendoza").is_some());
    let paths = own
        .paths(&alert_key, &person_key, 1, &Query::default())
        .unwrap()
        .unwrap();
    assert!(!paths.paths.is_empty(), "the alert reaches Rosa's person");
    let kinds: Vec<&str> = paths.paths[0].nodes.iter().map(|n| n.kind.name()).collect();
    assert!(kinds.contains(&"phone"), "{kinds:?}");
    assert!(ftm(&own, &alert_key).unwrap().contains("+51987654321"));

    // Another organisation, with no grant: none of it, by any road.
    let uif = world.member("UIF", Role::Analyst);
    let cache = NetworkCache::new();
    let theirs = cache.network(&uif, "test").unwrap();
    for key in [&alert_key, "account:PE77", "phone:+51987654321"] {
        assert!(theirs.node(key).is_none(), "{key}");
    }
    assert!(theirs.find("PE-77", 10).is_empty());
    assert!(theirs.find("Mendoza", 10).is_empty());
    assert_eq!(ftm(&theirs, &alert_key), None);
    assert!(review::detail(&uif, &known.rastro_id).unwrap().is_none());
    assert_eq!(review::page(&uif, &AlertQuery::default()).unwrap().total, 0);
    assert!(transactions::by_ids(&uif, &known.rastro_transactions)
        .unwrap()
        .is_empty());
    assert!(flags::kept(&uif, None).unwrap().is_empty());

    // The alert, granted: it, the payment it lists and its account; not Rosa, whose case the
    // UIF does not see, nor her phone, which only her case would share.
    let alert_grant = grant(
        &bank,
        RecordKind::Alert,
        GrantTarget::Record(known.rastro_id.clone()),
        "UIF",
    );
    let theirs = cache.network(&uif, "test").unwrap();
    assert!(theirs.node(&alert_key).is_some());
    assert!(theirs.node("account:PE77").is_some());
    assert!(theirs.node(&person_key).is_none());
    assert!(theirs.node("phone:+51987654321").is_none());
    assert!(
        theirs.node("account:PE78").is_none(),
        "not the other payment"
    );
    let export = ftm(&theirs, &alert_key).unwrap();
    assert!(!export.contains("987654321") && !export.contains("Rosa"));
    let seen = review::detail(&uif, &known.rastro_id).unwrap().unwrap();
    assert!(!seen.own && seen.owner == "Banco");
    assert_eq!(seen.transactions.len(), 1);
    assert_eq!(&*seen.transactions[0].1.id, "P1");
    assert!(seen.linked_cases.is_empty());
    assert_eq!(seen.linked_withheld, 1);
    assert!(seen.moves.is_empty(), "a grantee does not review");
    assert!(review::review(&uif, &known.rastro_id, AlertStatus::Reviewed, "").is_err());

    // All transactions, granted too: the other payment appears; revoked, all is gone again.
    let all_grant = grant(&bank, RecordKind::Transaction, GrantTarget::All, "UIF");
    let theirs = cache.network(&uif, "test").unwrap();
    assert!(theirs.node("account:PE78").is_some());
    assert_eq!(theirs.info.sources.transactions, 2);
    rastro_app::grants::revoke(&bank, &all_grant).unwrap();
    rastro_app::grants::revoke(&bank, &alert_grant).unwrap();
    let theirs = cache.network(&uif, "test").unwrap();
    for key in [&alert_key, "account:PE77", "account:PE78"] {
        assert!(theirs.node(key).is_none(), "{key} after revocation");
    }
    assert!(review::detail(&uif, &known.rastro_id).unwrap().is_none());

    // The owner reviews: the moves it may make, a note where one is needed, the list by status.
    let opened = review::detail(&bank, &known.rastro_id).unwrap().unwrap();
    assert_eq!(opened.linked_cases.len(), 1);
    assert_eq!(opened.linked_cases[0].case, rosa);
    assert_eq!(
        opened.moves,
        vec![
            AlertStatus::Reviewed,
            AlertStatus::Reported,
            AlertStatus::Dismissed
        ]
    );
    assert_eq!(opened.network_key(), alert_key);
    assert!(!opened.alert.rules.is_empty());
    assert!(review::review(&bank, &known.rastro_id, AlertStatus::Reported, "").is_err());
    review::review(&bank, &known.rastro_id, AlertStatus::Reviewed, "").unwrap();
    review::review(
        &bank,
        &known.rastro_id,
        AlertStatus::Reported,
        "STR 17 sent",
    )
    .unwrap();
    let reported = AlertQuery {
        statuses: vec![AlertStatus::Reported],
        ..AlertQuery::default()
    };
    let page = review::page(&bank, &reported).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.alerts[0].id, known.rastro_id);
    let reread = review::detail(&bank, &known.rastro_id).unwrap().unwrap();
    assert_eq!(reread.reviews.len(), 2);
    assert_eq!(reread.reviews[1].note.as_deref(), Some("STR 17 sent"));
    assert!(reread.moves.is_empty(), "reported is final");
}

/// The bulk reads of transactions the organisation's trail holds: how many each read.
fn transaction_reads(world: &World, org: &str) -> Vec<Option<u64>> {
    let auditor = world.member(org, Role::Auditor);
    rastro_app::audit::log(&auditor, rastro_app::AuditSelection::Own, 100_000)
        .unwrap()
        .iter()
        .filter(|e| e.action == "read_transactions")
        .map(|e| e.count)
        .collect()
}

#[test]
fn an_import_of_cases_builds_the_network_again_without_opening_the_money() {
    use network::{PartsRead, Reading};
    let world = World::new(&[("Banco", OrgKind::Financial), ("UIF", OrgKind::Financial)]);
    let bank = world.member("Banco", Role::Caseworker);
    let import_cases = |name: &str, text: &str| {
        let path = world.file(name, text);
        rastro_app::cases::import_cases(
            &bank,
            &path,
            &rastro_import::ImportOptions::default(),
            None,
            &Quiet,
        )
        .unwrap();
    };
    let import_payments = |name: &str, rows: &str| {
        let path = world.file(name, &format!("{HEADER}{rows}"));
        transactions::import(&bank, &path, None, &Quiet).unwrap();
    };
    import_payments(
        "p1.csv",
        "P1,2024-04-01T22:10:00-05:00,50.00,PEN,mobile,PE-77,Carlos Mendoza,,,,Lima,PE,,987654321,recarga\n",
    );
    let cache = NetworkCache::new();
    let first = cache.network(&bank, "test").unwrap();
    assert_eq!(
        first.info.read,
        PartsRead {
            cases: Reading::Whole,
            news: Reading::Whole,
            money: Reading::Whole
        }
    );
    assert_eq!(first.info.sources.transactions, 1);
    let opened = transaction_reads(&world, "Banco");
    assert_eq!(opened.last(), Some(&Some(1)), "{opened:?}");

    // Cases that share nothing with the payments: the network is built again (a new case is a
    // new node) from the money read before; no transaction is opened.
    import_cases(
        "c1.csv",
        "prs_FirstName,prs_MobilePhone\nRosa,+51 955 000 111\n",
    );
    let second = cache.network(&bank, "test").unwrap();
    assert!(!std::sync::Arc::ptr_eq(&first, &second));
    assert_eq!(second.info.read.cases, Reading::Whole);
    assert_eq!(second.info.read.money, Reading::Kept);
    assert_eq!(second.info.sources.cases, 1);
    assert_eq!(second.info.sources.transactions, 1, "the money kept");
    assert_eq!(transaction_reads(&world, "Banco"), opened);

    // A case holding the paid phone joins the kept payment to its person all the same.
    import_cases(
        "c2.csv",
        "prs_FirstName,prs_MobilePhone\nEvelyn,+51 987 654 321\n",
    );
    let third = cache.network(&bank, "test").unwrap();
    assert_eq!(third.info.read.money, Reading::Kept);
    assert!(
        third.contains("phone:+51987654321"),
        "case and payment share it"
    );
    assert!(third.contains("account:PE77"));
    assert_eq!(transaction_reads(&world, "Banco"), opened);

    // New transactions are what reads the money again, and only them: one opened, not two.
    import_payments(
        "p2.csv",
        "P2,2024-04-02T09:00:00-05:00,80.00,PEN,transfer,PE-78,Juana Paz,PE-79,Pedro Paz,,Lima,PE,,,alquiler\n",
    );
    let fourth = cache.network(&bank, "test").unwrap();
    assert_eq!(
        fourth.info.read,
        PartsRead {
            cases: Reading::Kept,
            news: Reading::Kept,
            money: Reading::Added
        }
    );
    assert_eq!(fourth.info.sources.transactions, 2);
    assert_eq!(fourth.info.sources.cases, 2, "the cases kept");
    assert!(fourth.contains("account:PE79") && fourth.contains("phone:+51987654321"));
    let reads = transaction_reads(&world, "Banco");
    assert_eq!(reads.len(), opened.len() + 1);
    assert_eq!(reads.last(), Some(&Some(1)), "only the added payment");
    // A payment between accounts already drawn joins their flow, as a whole read would.
    import_payments(
        "p3.csv",
        "P3,2024-04-03T09:00:00-05:00,20.00,PEN,transfer,PE-78,Juana Paz,PE-79,Pedro Paz,,Lima,PE,,,alquiler\n",
    );
    let fifth = cache.network(&bank, "test").unwrap();
    assert_eq!(fifth.info.read.money, Reading::Added);
    let whole = network::build(&bank, Vec::new()).unwrap();
    assert_eq!(whole.info.read.money, Reading::Whole);
    assert_eq!(fifth.info.sources, whole.info.sources);
    assert_eq!(
        (fifth.info.nodes, fifth.info.edges),
        (whole.info.nodes, whole.info.edges)
    );
    assert!(
        !fifth.find("2 payments", 5).is_empty(),
        "P2 and P3 are one flow"
    );

    // A grant moves what may be seen: everything is read again.
    grant(&bank, RecordKind::Transaction, GrantTarget::All, "UIF");
    let sixth = cache.network(&bank, "test").unwrap();
    assert_eq!(sixth.info.read.money, Reading::Whole);
    assert_eq!(sixth.info.sources.transactions, 3);
}
