//! Transactions and red flags end to end over a real SQLite store: a file in with every bad row
//! reported and the good ones kept, the same file again adding nothing; the red flags run over
//! what the session's scope reads, with the phones of its cases as known identifiers and its
//! watchlists screening alerted parties; alerts kept once and exported in three layouts.

mod support;

use std::path::{Path, PathBuf};

use rastro_app::flags::{self, ExportFormat};
use rastro_app::transactions::{self, FileFormat, GenerateConfig};
use rastro_app::{App, OrgKind, Quiet, Role, Session, StoreUrl};

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
            admin
                .create_organisation(org, OrgKind::Financial, None)
                .unwrap();
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

#[test]
fn bad_rows_are_reported_and_good_ones_kept_once() {
    let world = World::new(&["Banco"]);
    let bank = world.member("Banco", Role::Analyst);
    let file = world.file(
        "movimientos.csv",
        &format!(
            "{HEADER}\
T1,2024-03-05T10:00:00-05:00,\"1.234,50\",PEN,transfer,PE-1,Ana Quispe,PE-2,Luis Rojas,,Lima,PE,,,
T2,2024-03-05T11:00:00-05:00,10.00,XYZ,transfer,PE-1,Ana Quispe,PE-2,Luis Rojas,,Lima,PE,,,
T3,2024-03-05 12:00:00,10.00,PEN,transfer,PE-1,Ana Quispe,PE-2,Luis Rojas,,Lima,PE,,,
T4,2024-03-05T13:00:00-05:00,-5.00,PEN,card,PE-1,Ana Quispe,,Bodega,,Lima,PE,5411,,
T5,2024-03-05T14:00:00-05:00,5.00,PEN,transfer
T6,2024-03-05T15:00:00-05:00,-5.00,PEN,refund,PE-2,Luis Rojas,PE-1,Ana Quispe,,Lima,PE,,,
"
        ),
    );
    let report = transactions::import(&bank, &file, None, &Quiet).unwrap();
    assert_eq!(
        (report.rows, report.imported, report.rejected),
        (6, 2, 4),
        "{report:?}"
    );
    let at = |row: u64| {
        report
            .errors
            .iter()
            .find(|p| p.row == row)
            .unwrap_or_else(|| panic!("row {row} in {:?}", report.errors))
    };
    assert_eq!(at(2).column, "currency");
    assert_eq!(at(3).column, "datetime");
    assert!(at(3).message.contains("zone"), "{}", at(3).message);
    assert_eq!(at(4).column, "amount");
    assert!(
        at(5).line == 6 && at(5).message.contains("fields"),
        "{:?}",
        at(5)
    );

    // Again: nothing new; the good rows are the organisation's already.
    let again = transactions::import(&bank, &file, Some(FileFormat::Csv), &Quiet).unwrap();
    assert_eq!(
        (again.imported, again.duplicates, again.rejected),
        (0, 2, 4)
    );
    let (stored, ids) = transactions::stored(&bank, None, &Quiet).unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].amount.format(stored[0].currency), "1234.50");
    assert_eq!(stored[1].channel.as_str(), "refund");
    assert_eq!(
        transactions::by_ids(&bank, &ids[1..]).unwrap()[0].1,
        stored[1]
    );
}

#[test]
fn a_payment_to_a_phone_in_a_case_raises_an_alert_kept_once() {
    let world = World::new(&["Banco"]);
    let caseworker = world.member("Banco", Role::Caseworker);
    let cases = world.file(
        "cases.csv",
        "prs_FirstName,prs_MobilePhone\nRosa,+51 987 654 321\n",
    );
    rastro_app::cases::import_cases(
        &caseworker,
        &cases,
        &rastro_import::ImportOptions::default(),
        None,
        &Quiet,
    )
    .unwrap();
    let file = world.file(
        "pagos.csv",
        &format!(
            "{HEADER}\
P1,2024-04-01T22:10:00-05:00,50.00,PEN,mobile,PE-77,Carlos Mendoza,,,,Lima,PE,,987654321,recarga
P2,2024-04-02T09:00:00-05:00,80.00,PEN,transfer,PE-78,Juana Paz,PE-79,Pedro Paz,,Lima,PE,,,alquiler
"
        ),
    );
    transactions::import(&caseworker, &file, None, &Quiet).unwrap();
    let catalogue = flags::catalogue(None).unwrap();
    let run = flags::run(&caseworker, &catalogue, None, &Quiet).unwrap();
    assert_eq!(run.known_identifiers, 1);
    let known: Vec<_> = run
        .alerts
        .iter()
        .filter(|f| f.alert.typology == "known_contact")
        .collect();
    assert_eq!(known.len(), 1, "{:?}", run.alerts);
    assert_eq!(known[0].alert.subject, "PE-77");
    assert_eq!(known[0].rastro_transactions.len(), 1);
    // The alert links to the case holding the phone.
    let case_ids =
        rastro_app::cases::find_own(&caseworker, rastro_app::Lookup::Name, "Rosa").unwrap();
    assert_eq!(known[0].linked_cases.len(), 1);
    assert_eq!(known[0].linked_cases[0].case, case_ids[0]);
    assert_eq!(known[0].linked_cases[0].by, "phone");
    assert!(run
        .alerts
        .iter()
        .filter(|f| f.alert.typology != "known_contact")
        .all(|f| f.linked_cases.is_empty()));
    assert_eq!(run.new_alerts, run.alerts.len() as u64);

    // Running again keeps nothing new and names the same kept alerts.
    let again = flags::run(&caseworker, &catalogue, None, &Quiet).unwrap();
    assert_eq!(again.new_alerts, 0);
    assert_eq!(
        again
            .alerts
            .iter()
            .map(|f| &f.rastro_id)
            .collect::<Vec<_>>(),
        run.alerts.iter().map(|f| &f.rastro_id).collect::<Vec<_>>()
    );
    let counts = transactions::counts(&caseworker).unwrap();
    assert_eq!(
        (counts.transactions, counts.alerts),
        (2, run.alerts.len() as u64)
    );
    let kept = flags::kept(&caseworker, None).unwrap();
    assert_eq!(kept.len(), run.alerts.len());
    let k = kept
        .iter()
        .find(|k| k.rastro_id == known[0].rastro_id)
        .unwrap();
    assert_eq!(k.rastro_transactions, known[0].rastro_transactions);
    assert_eq!(k.catalogue_version, catalogue.version());
    assert_eq!(k.content["alert"]["subject"], "PE-77");
    // `--since` after the payment reads nothing and raises nothing.
    let later = flags::parse_since("2024-04-03").unwrap();
    assert_eq!(
        flags::run(&caseworker, &catalogue, Some(later), &Quiet)
            .unwrap()
            .transactions,
        0
    );
    // An analyst sees cases without their contacts, so none is known to its run.
    let analyst = world.member("Banco", Role::Analyst);
    assert_eq!(
        flags::known_identifiers(&analyst)
            .unwrap()
            .identifiers
            .len(),
        0
    );
    assert!(flags::parse_since("ayer").is_err());
}

fn generated(world: &World, seed: u64) -> (PathBuf, PathBuf) {
    let config = GenerateConfig {
        seed,
        transactions: 12_000,
        days: 45,
        planted_share: 0.06,
        ..GenerateConfig::default()
    };
    let out = world.dir.path().join(format!("gen-{seed}.csv"));
    let labels = world.dir.path().join(format!("gen-{seed}.labels.jsonl"));
    let mut t = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
    let mut l = std::io::BufWriter::new(std::fs::File::create(&labels).unwrap());
    let summary = transactions::generate(&config, FileFormat::Csv, &mut t, &mut l).unwrap();
    assert!(summary.patterns > 0);
    drop((t, l));
    (out, labels)
}

fn planted_accounts(labels: &Path) -> std::collections::HashSet<String> {
    std::fs::read_to_string(labels)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["kind"] == "account" && v["role"] == "subject")
        .filter_map(|v| v["account"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn planted_typologies_are_flagged_screened_and_exported() {
    let world = World::new(&["Banco", "Fiscalía"]);
    let (file, labels) = generated(&world, 7);
    let bank = world.member("Banco", Role::Analyst);
    transactions::import(&bank, &file, None, &Quiet).unwrap();
    let catalogue = flags::catalogue(None).unwrap();
    let run = flags::run(&bank, &catalogue, None, &Quiet).unwrap();
    let planted = planted_accounts(&labels);
    let found: Vec<_> = run
        .alerts
        .iter()
        .filter(|f| f.alert.accounts.iter().any(|a| planted.contains(a)))
        .collect();
    assert!(
        !found.is_empty(),
        "no planted account among {} alerts",
        run.alerts.len()
    );
    // Every alert lists the stored transactions that made it fire.
    assert!(run
        .alerts
        .iter()
        .all(|f| !f.rastro_transactions.is_empty() && !f.rastro_id.is_empty()));

    // Another organisation with a watchlist naming an alerted party, and the same file.
    let named = found
        .iter()
        .find_map(|f| f.alert.name.clone())
        .expect("an alerted name");
    let prosecutor = world.member("Fiscalía", Role::Analyst);
    let list = world.file("lista.csv", &format!("id,full_name\nW1,\"{named}\"\n"));
    rastro_app::watchlists::import_list(&prosecutor, &list, "buscados", &Quiet).unwrap();
    assert_eq!(
        transactions::stored(&prosecutor, None, &Quiet)
            .unwrap()
            .0
            .len(),
        0
    );
    assert!(flags::kept(&prosecutor, None).unwrap().is_empty());
    transactions::import(&prosecutor, &file, None, &Quiet).unwrap();
    let theirs = flags::run(&prosecutor, &catalogue, None, &Quiet).unwrap();
    assert_eq!(theirs.lists_screened, vec!["Fiscalía/buscados".to_string()]);
    let screened = theirs
        .alerts
        .iter()
        .find(|f| f.alert.name.as_deref() == Some(named.as_str()))
        .unwrap();
    assert_eq!(screened.screening[0].entry, "W1");
    // The bank's alerts are not screened against a list it cannot use.
    assert!(run.alerts.iter().all(|f| f.screening.is_empty()));

    // Three layouts.
    let mut jsonl = Vec::new();
    let n = flags::export(&run, &catalogue, "Banco", ExportFormat::Jsonl, &mut jsonl).unwrap();
    assert_eq!(n as usize, run.alerts.len());
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(jsonl).unwrap().lines().next().unwrap()).unwrap();
    assert!(first["rastro_id"].is_string() && first["rules"].is_array());
    let mut csv = Vec::new();
    flags::export(&run, &catalogue, "Banco", ExportFormat::Csv, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("alert_id,"));
    assert_eq!(csv.lines().count(), run.alerts.len() + 1);
    let mut reports = Vec::new();
    flags::export(&run, &catalogue, "Banco", ExportFormat::Str, &mut reports).unwrap();
    for line in String::from_utf8(reports).unwrap().lines() {
        let report: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(report["reporting_entity"], "Banco");
        assert!(report["missing_transactions"]
            .as_array()
            .unwrap()
            .is_empty());
        assert!(!report["transactions"].as_array().unwrap().is_empty());
    }

    // A backtest of a stricter catalogue removes alerts and adds none.
    let stricter = catalogue_with_threshold(&world, &catalogue, 50.0);
    let backtest =
        flags::backtest(&bank, &catalogue, &stricter, None, Some(&labels), &Quiet).unwrap();
    assert_eq!(backtest.alerts_before, run.alerts.len() as u64);
    assert!(backtest.alerts_after < backtest.alerts_before);
    assert!(backtest.typologies.iter().all(|t| t.added == 0));
    assert!(backtest.evaluation_before.is_some());
}

/// The shipped catalogue with every typology's threshold raised to `threshold` and a new
/// version.
fn catalogue_with_threshold(
    world: &World,
    _base: &rastro_finance::Catalogue,
    threshold: f64,
) -> rastro_finance::Catalogue {
    let text = rastro_finance::DEFAULT_CATALOGUE
        .lines()
        .map(|l| {
            if l.starts_with("threshold = ") {
                format!("threshold = {threshold}")
            } else if l.starts_with("version = ") {
                "version = \"stricter\"".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let path = world.file("stricter.toml", &text);
    flags::catalogue(Some(&path)).unwrap()
}
