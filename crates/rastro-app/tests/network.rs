//! The network over a real SQLite store: built from what each session may see, at the level it
//! may see it, and rebuilt at once when that changes.

mod support;

use std::path::PathBuf;

use rastro_app::cases::import_cases;
use rastro_app::grants::GrantRequest;
use rastro_app::network::{ExportFormat, NetworkCache, NodeKind, Query};
use rastro_app::{
    App, Basis, GrantTarget, Grantee, Level, OrgKind, Quiet, RecordKind, Role, Session, StoreUrl,
};
use rastro_import::ImportOptions;

struct World {
    dir: tempfile::TempDir,
    app: App,
}

impl World {
    fn new(orgs: &[&str]) -> World {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(&StoreUrl::in_data_dir(&dir.path().join("data"))).unwrap();
        let admin = app.admin().unwrap();
        for org in orgs {
            admin.create_organisation(org, OrgKind::Ngo, None).unwrap();
        }
        World { dir, app }
    }

    fn member(&self, org: &str, role: Role) -> Session {
        support::member(&self.app, org, role)
    }

    fn import(&self, org: &str, name: &str, csv: &str) {
        let path: PathBuf = self.dir.path().join(name);
        std::fs::write(&path, csv).unwrap();
        let session = self.member(org, Role::Caseworker);
        import_cases(&session, &path, &ImportOptions::default(), None, &Quiet).unwrap();
    }
}

const HEADER: &str = "prs_FirstName,prs_SecondName,prs_Citizenship,prs_MobilePhone,prs_Email,vic_TypeOfExploitation,hte_Type,hte_Country\n";
/// The phone as the police and the shelter wrote it, and its one spelling.
const PHONE: &str = "phone:+51987654321";
const DIGITS: &str = "987654321";

fn keys(session: &Session, cache: &NetworkCache, centre: &str) -> Vec<String> {
    let network = cache.network(session, "test").unwrap();
    let ego = network
        .ego(centre, &Query::default())
        .unwrap()
        .unwrap_or_else(|| panic!("{centre} is in the network"));
    ego.nodes.into_iter().map(|n| n.node.key).collect()
}

#[test]
fn a_phone_shows_only_where_both_holders_are_seen_in_full() {
    let world = World::new(&["Police", "Shelter", "Hub"]);
    world.import(
        "Police",
        "police.csv",
        &format!(
            "{HEADER}Luis,Rojas,PE,987 654 321,,ForcedLabour,Exploitation,PE\n\
             Ana,Quispe,PE,+51 987-654-321,ana@correo.pe,ForcedLabour,Recruitment;Exploitation,PE;CO\n\
             Rosa,Mamani,BO,,,SexualExploitation,Exploitation,AR\n"
        ),
    );
    world.import(
        "Shelter",
        "shelter.csv",
        &format!("{HEADER}Juana,Flores,PE,0051987654321,,ForcedLabour,Exploitation,PE\n"),
    );
    let cache = NetworkCache::new();
    let police = world.member("Police", Role::Caseworker);
    let network = cache.network(&police, "test").unwrap();
    let found = network.find(DIGITS, 10);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].node.key, PHONE);
    assert_eq!(found[0].node.kind, NodeKind::Phone);
    let around = keys(&police, &cache, PHONE);
    let persons: Vec<&String> = around.iter().filter(|k| k.starts_with("person:")).collect();
    assert_eq!(persons.len(), 2, "both police holders: {around:?}");
    let ids: Vec<String> = persons
        .iter()
        .map(|k| k.trim_start_matches("person:").to_string())
        .collect();
    assert!(around.iter().any(|k| *k == format!("case:{}", ids[0])));
    assert!(network
        .find("quispe", 5)
        .iter()
        .any(|f| f.node.label == "Ana Quispe"));

    // The shelter holds the same phone once: a leaf for it, so it shows nothing.
    let shelter = world.member("Shelter", Role::Caseworker);
    let theirs = cache.network(&shelter, "test").unwrap();
    assert!(theirs.find(DIGITS, 10).is_empty());
    assert!(!theirs.contains(PHONE));
    assert!(theirs
        .ego(&format!("case:{}", ids[0]), &Query::default())
        .unwrap()
        .is_none());
    let juana = theirs.find("juana", 1);
    let person = &juana[0].node.key;
    let mut out = Vec::new();
    theirs
        .export(person, &Query::default(), ExportFormat::Ftm, &mut out)
        .unwrap()
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Juana") && !text.contains(DIGITS), "{text}");

    // The hub, granted the details: the cases, not their persons or phones.
    let grant = |level: Level| {
        rastro_app::grants::grant(
            &police,
            &GrantRequest {
                kind: RecordKind::Case,
                target: GrantTarget::All,
                grantee: Grantee::Organisation("Hub".into()),
                level,
                purpose: "network test",
                basis: Basis::Agreement,
                expires_at: None,
            },
        )
        .unwrap()
    };
    let detail = grant(Level::Detail);
    let hub = world.member("Hub", Role::HubAnalyst);
    let seen = cache.network(&hub, "test").unwrap();
    let case = format!("case:{}", ids[0]);
    assert!(seen.contains(&case));
    assert!(!seen.contains(PHONE) && seen.find(DIGITS, 10).is_empty());
    let around = keys(&hub, &cache, &case);
    assert!(
        around
            .iter()
            .all(|k| !k.starts_with("person:") && !k.contains(DIGITS)),
        "{around:?}"
    );
    assert!(
        around.contains(&"place:pe".to_string()),
        "its countries: {around:?}"
    );
    assert_eq!(seen.info.sources.persons, 0);

    // Granted in full, the hub sees the people and the phone they share; revoked, at once none.
    rastro_app::grants::revoke(&police, &detail.id).unwrap();
    let full = grant(Level::Full);
    assert!(cache.network(&hub, "test").unwrap().contains(PHONE));
    rastro_app::grants::revoke(&police, &full.id).unwrap();
    let after = cache.network(&hub, "test").unwrap();
    assert!(!after.contains(PHONE) && !after.contains(&case));
    assert_eq!(after.info.nodes, 0, "nothing is shared any more");
}

#[test]
fn a_network_is_kept_until_what_it_shows_changes() {
    let world = World::new(&["Police"]);
    world.import(
        "Police",
        "a.csv",
        &format!("{HEADER}Luis,Rojas,PE,987654321,,ForcedLabour,Exploitation,PE\n"),
    );
    let cache = NetworkCache::new();
    let police = world.member("Police", Role::Caseworker);
    let first = cache.network(&police, "test").unwrap();
    let again = cache.network(&police, "test").unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&first, &again),
        "kept while nothing changed"
    );
    assert!(!first.contains(PHONE), "one holder: not shown");
    world.import(
        "Police",
        "b.csv",
        &format!("{HEADER}Ana,Quispe,PE,987654321,,ForcedLabour,Exploitation,PE\n"),
    );
    let later = cache.network(&police, "test").unwrap();
    assert!(
        later.contains(PHONE),
        "an addition that joins a value shows it"
    );
    // Another role of the same organisation has a network of its own.
    let admin = world.member("Police", Role::OrgAdmin);
    let summary = cache.network(&admin, "test").unwrap();
    assert!(!summary.contains(PHONE));
    assert_eq!(summary.info.sources.cases, 2);
    assert_eq!(summary.info.sources.persons, 0, "a summary shows nobody");
}

#[test]
fn groups_named_in_several_incidents_are_one_node() {
    let world = World::new(&["Observatorio"]);
    let analyst = world.member("Observatorio", Role::Analyst);
    let article = |id: &str, title: &str, text: &str| rastro_extract::Article {
        id: id.into(),
        title: Some(title.into()),
        text: text.into(),
        url: Some(format!("https://noticias.example/{id}")),
        published: Some("2025-03-02".into()),
        line: None,
    };
    let articles = rastro_app::articles::Articles {
        articles: vec![
            article(
                "a",
                "Rescatan a 12 mujeres en Lima",
                "La Policía del Perú rescató a 12 mujeres venezolanas explotadas sexualmente por el Tren de Aragua en Lima.",
            ),
            article(
                "b",
                "Capturan a red de trata en Bogotá",
                "La Policía de Colombia capturó a cinco integrantes del TREN DE ARAGUA por trata de personas con fines de explotación sexual en Bogotá.",
            ),
        ],
        sources: vec!["test".into(), "test".into()],
        warnings: 0,
        errors: 0,
    };
    rastro_app::news::ingest(&analyst, &articles, &Quiet).unwrap();
    let cache = NetworkCache::new();
    let network = cache.network(&analyst, "test").unwrap();
    assert_eq!(network.info.sources.incidents, 2);
    let groups = network.find("tren de aragua", 10);
    let groups: Vec<_> = groups
        .iter()
        .filter(|f| f.node.kind == NodeKind::Group)
        .collect();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0].degree, 2, "named by both incidents");
    let query = Query {
        hops: 1,
        ..Query::default()
    };
    let ego = network.ego(&groups[0].node.key, &query).unwrap().unwrap();
    assert_eq!(
        ego.nodes
            .iter()
            .filter(|n| n.node.kind == NodeKind::Incident)
            .count(),
        2
    );
    // A time window that holds neither incident leaves the group alone.
    let before = Query {
        to: rastro_app::network::day_span("2020").map(|s| s.to.div_euclid(86_400)),
        ..query
    };
    let alone = network.ego(&groups[0].node.key, &before).unwrap().unwrap();
    assert_eq!(alone.nodes.len(), 1, "{:?}", alone.nodes);
    let brokers = network
        .brokers(&groups[0].node.key, &Query::default(), 3)
        .unwrap()
        .unwrap();
    assert_eq!(brokers[0].node.key, groups[0].node.key, "{brokers:?}");
}
