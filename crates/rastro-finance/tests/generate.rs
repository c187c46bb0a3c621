//! The labelled generator is deterministic and consistent with its labels; the evaluation's
//! arithmetic is exact.

use std::collections::{BTreeSet, HashSet};

use rastro_finance::engine::RuleHit;
use rastro_finance::generate::{write, Config};
use rastro_finance::labels::LabelRecord;
use rastro_finance::read::{from_reader, read_all, Format};
use rastro_finance::{evaluate, Alert, Band, DateTime, Labels, SubjectKind};

fn generate(config: &Config, format: Format) -> (Vec<u8>, Vec<u8>) {
    let mut transactions = Vec::new();
    let mut labels = Vec::new();
    write(config, format, &mut transactions, &mut labels).expect("write");
    (transactions, labels)
}

fn sized(seed: u64, transactions: u64) -> Config {
    Config {
        seed,
        transactions,
        days: 60,
        planted_share: 0.05,
        ..Config::default()
    }
}

fn small(seed: u64) -> Config {
    sized(seed, 10_000)
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_ones() {
    let a = generate(&small(5), Format::Csv);
    let b = generate(&small(5), Format::Csv);
    assert!(a.0 == b.0, "same seed, different transactions");
    assert!(a.1 == b.1, "same seed, different labels");
    let c = generate(&small(6), Format::Csv);
    assert_ne!(a.0, c.0);
    let faint = generate(
        &Config {
            intensity: 0.5,
            ..small(5)
        },
        Format::Csv,
    );
    assert_ne!(a.1, faint.1, "the intensity changes the planted patterns");
}

#[test]
fn the_output_reads_back_clean_in_time_order_with_the_count_asked() {
    for format in [Format::Csv, Format::JsonLines] {
        let (bytes, _) = generate(&small(7), format);
        let reader = from_reader(Box::new(std::io::Cursor::new(bytes)), format, "generated")
            .expect("header");
        let summary = read_all(reader);
        assert!(
            summary.problems.is_empty(),
            "{:?}",
            &summary.problems[..summary.problems.len().min(3)]
        );
        assert_eq!(summary.transactions.len(), 10_000);
        assert_eq!(summary.repeated, 0);
        assert!(summary
            .transactions
            .windows(2)
            .all(|w| w[0].time.utc_seconds() <= w[1].time.utc_seconds()));
        let currencies: BTreeSet<String> = summary
            .transactions
            .iter()
            .map(|t| t.currency.to_string())
            .collect();
        for c in ["MXN", "BRL", "COP", "PEN", "ARS", "CLP", "GTQ", "USD"] {
            assert!(currencies.contains(c), "no {c} in {currencies:?}");
        }
    }
}

#[test]
fn labels_match_the_transactions() {
    // Enough people that each of the ten typologies is planted at least once.
    let (bytes, label_bytes) = generate(&sized(8, 20_000), Format::Csv);
    let reader = from_reader(
        Box::new(std::io::Cursor::new(bytes)),
        Format::Csv,
        "generated",
    )
    .expect("header");
    let transactions = read_all(reader).transactions;
    let ids: HashSet<&str> = transactions.iter().map(|t| &*t.id).collect();
    let labels = Labels::read(label_bytes.as_slice()).expect("labels");
    assert!(!labels.patterns.is_empty());
    assert!(!labels.transactions.is_empty());
    assert!(!labels.known_identifiers.is_empty());
    for id in labels.transactions.keys() {
        assert!(ids.contains(id.as_str()), "labelled {id} not generated");
    }
    let typologies: BTreeSet<&str> = labels
        .patterns
        .iter()
        .map(|p| p.typology.as_str())
        .collect();
    assert_eq!(typologies.len(), 10, "{typologies:?}");
    // Every planted subject takes part in its pattern's transactions.
    for pattern in &labels.patterns {
        let subject = &pattern.accounts[0];
        assert!(labels.accounts[subject].contains(&pattern.typology));
        let labelled: Vec<&rastro_finance::Transaction> = transactions
            .iter()
            .filter(|t| labels.transactions.get(&*t.id) == Some(&pattern.typology))
            .filter(|t| t.debtor.account() == subject || t.creditor.account() == subject)
            .collect();
        assert!(
            !labelled.is_empty(),
            "{} has no transactions",
            pattern.pattern
        );
    }
}

fn alert(typology: &str, account: &str) -> Alert {
    Alert {
        id: format!("{typology}-{account}"),
        catalogue_version: "t".into(),
        typology: typology.into(),
        title: typology.into(),
        subject_kind: SubjectKind::Account,
        subject: account.into(),
        name: None,
        accounts: vec![account.into()],
        time: DateTime::from_utc(0, 0).expect("time"),
        trigger: "T0".into(),
        score: 1.0,
        threshold: 1.0,
        rules: vec![RuleHit {
            rule: "r".into(),
            title: "r".into(),
            measure: "count".into(),
            band: Band::Low,
            value: 1.0,
            weight: 1.0,
            window: "1 day".into(),
            reason: "r".into(),
            transactions: vec![format!("T-{account}")],
            more_transactions: 0,
        }],
    }
}

#[test]
fn the_evaluation_counts_accounts_exactly() {
    let mut labels = Labels::default();
    for (account, typology) in [
        ("A", "funnel_account"),
        ("B", "structuring"),
        ("C", "funnel_account"),
    ] {
        labels.add(LabelRecord::Account {
            account: account.into(),
            typology: typology.into(),
            pattern: "P".into(),
            role: "subject".into(),
        });
    }
    labels.add(LabelRecord::Account {
        account: "E".into(),
        typology: "funnel_account".into(),
        pattern: "P".into(),
        role: "member".into(),
    });
    for id in ["T-A", "T-X"] {
        labels.add(LabelRecord::Transaction {
            id: id.into(),
            typology: "funnel_account".into(),
            pattern: "P".into(),
        });
    }
    let alerts = vec![
        alert("funnel_account", "A"),
        alert("funnel_account", "D"),
        alert("structuring", "B"),
        alert("structuring", "A"),
    ];
    let e = evaluate(&alerts, 10, &labels);
    let funnel = e
        .typologies
        .iter()
        .find(|t| t.typology == "funnel_account")
        .expect("funnel");
    assert_eq!(
        (funnel.planted, funnel.found, funnel.alerted, funnel.correct),
        (2, 1, 2, 1)
    );
    assert_eq!((funnel.recall, funnel.precision), (Some(0.5), Some(0.5)));
    assert!((funnel.alert_rate - 0.2).abs() < 1e-12);
    let structuring = e
        .typologies
        .iter()
        .find(|t| t.typology == "structuring")
        .expect("structuring");
    // A was alerted for structuring but planted with a funnel: wrong for this typology.
    assert_eq!(
        (structuring.found, structuring.alerted, structuring.correct),
        (1, 2, 1)
    );
    assert_eq!(structuring.precision, Some(0.5));
    // In total: planted A, B, C; alerted A, B, D.
    assert_eq!((e.planted, e.alerted, e.found, e.correct), (3, 3, 2, 2));
    assert!((e.recall - 2.0 / 3.0).abs() < 1e-12);
    assert!((e.precision - 2.0 / 3.0).abs() < 1e-12);
    assert!((e.alert_rate - 0.3).abs() < 1e-12);
    assert_eq!((e.transactions_listed, e.transactions_planted), (1, 2));
    let text = e.to_string();
    assert_eq!(
        text.lines().last(),
        Some("recall=0.6667 precision=0.6667 alert_rate=0.3000")
    );
    // Nothing alerted: recall and precision 0, never a division by zero.
    let none = evaluate(&[], 10, &labels);
    assert_eq!(
        (none.recall, none.precision, none.alert_rate),
        (0.0, 0.0, 0.0)
    );
}

#[test]
fn a_generated_file_and_its_labels_evaluate_in_one_call() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let input = dir.path().join("transactions.csv");
    let labels = dir.path().join("labels.jsonl");
    let (transactions, label_bytes) = generate(&small(9), Format::Csv);
    std::fs::write(&input, transactions).expect("write");
    std::fs::write(&labels, label_bytes).expect("write");
    let result =
        rastro_finance::evaluate_files(&input, &labels, &rastro_finance::Catalogue::builtin(), 2)
            .expect("evaluation");
    assert_eq!((result.rows, result.rejected), (10_000, 0));
    let e = &result.evaluation;
    assert!(e.planted > 0 && e.found > 0, "{e}");
    let last = e.to_string().lines().last().unwrap_or_default().to_string();
    assert!(
        last.starts_with("recall=")
            && last.contains(" precision=")
            && last.contains(" alert_rate="),
        "{last}"
    );
    let missing = rastro_finance::evaluate_files(
        &dir.path().join("none.csv"),
        &labels,
        &rastro_finance::Catalogue::builtin(),
        1,
    );
    assert!(matches!(missing, Err(rastro_finance::EvalError::Read(_))));
}
