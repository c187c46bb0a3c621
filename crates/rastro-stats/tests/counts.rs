mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use common::*;
use rastro_stats::{Cell, Counts, Dimension, Engine, Filter, Measure, Record, Source, Stage};

fn rows(counts: &Counts) -> Vec<(&str, Option<u64>)> {
    counts
        .rows
        .iter()
        .map(|r| (r.key.as_str(), r.cell.value))
        .collect()
}

fn with_forms(id: usize, forms: &[&str]) -> Record {
    Record {
        forms: strings(forms),
        ..case(&format!("c{id}"))
    }
}

fn dataset(groups: &[(usize, &[&str])]) -> Vec<Record> {
    let mut out = Vec::new();
    for &(n, forms) in groups {
        for _ in 0..n {
            out.push(with_forms(out.len(), forms));
        }
    }
    out
}

fn form_counts(engine: Engine, records: &[Record]) -> Counts {
    engine.counts(
        records,
        &Filter::default(),
        None,
        Dimension::Form,
        Measure::Records,
    )
}

#[test]
fn counts_multi_valued_records_in_every_row_and_once_in_the_total() {
    let records = dataset(&[
        (30, &["sexual"]),
        (15, &["labour"]),
        (5, &["begging"]),
        (2, &["sexual", "labour", "sexual"]),
        (3, &[]),
    ]);
    let counts = form_counts(Engine::default(), &records);
    assert_eq!(counts.k, 11);
    assert_eq!(counts.dimension, "form");
    // Two small rows cover each other, so nothing else needs hiding.
    assert_eq!(
        rows(&counts),
        [
            ("sexual", Some(32)),
            ("labour", Some(17)),
            ("begging", None),
            ("unknown", None)
        ]
    );
    assert!(counts.rows[2].cell.suppressed);
    assert_eq!(counts.total, Cell::shown(55));

    let open = form_counts(Engine::new(1), &records);
    assert_eq!(
        rows(&open),
        [
            ("sexual", Some(32)),
            ("labour", Some(17)),
            ("begging", Some(5)),
            ("unknown", Some(3))
        ]
    );
}

#[test]
fn a_lone_small_row_takes_the_smallest_other_row_with_it() {
    let records = dataset(&[
        (30, &["sexual"]),
        (15, &["labour"]),
        (12, &["marriage"]),
        (5, &["begging"]),
    ]);
    let counts = form_counts(Engine::default(), &records);
    assert_eq!(
        rows(&counts),
        [
            ("sexual", Some(30)),
            ("labour", Some(15)),
            ("begging", None),
            ("marriage", None)
        ]
    );
    assert_eq!(counts.total, Cell::shown(62));
}

#[test]
fn a_small_total_is_hidden() {
    let records = dataset(&[(4, &["sexual"])]);
    let counts = form_counts(Engine::default(), &records);
    assert_eq!(counts.total, Cell::hidden());
    assert_eq!(rows(&counts), [("sexual", None)]);
    let none = Engine::default().counts(
        &[],
        &Filter::default(),
        None,
        Dimension::Form,
        Measure::Records,
    );
    assert!(none.rows.is_empty());
    assert_eq!(none.total, Cell::shown(0));
}

fn news_set() -> Vec<Record> {
    let report = |id: &str, event: Option<&str>, form: &str, victims: Option<u64>| Record {
        forms: strings(&[form]),
        victims,
        ..news(id, event)
    };
    vec![
        report("n1", Some("E1"), "sexual", Some(4)),
        report("n2", Some("E1"), "sexual", Some(7)),
        report("n3", Some("E1"), "sexual", None),
        report("n4", Some("E2"), "labour", Some(3)),
        report("n5", Some("E2"), "labour", Some(3)),
        report("n6", None, "sexual", Some(2)),
        // An event whose reports disagree belongs to both rows, once in each, once in total.
        report("n7", Some("E3"), "sexual", Some(1)),
        report("n8", Some("E3"), "labour", Some(5)),
        with_forms(100, &["sexual"]),
    ]
}

#[test]
fn news_count_once_per_event() {
    let engine = Engine::new(1);
    let records = news_set();
    let only_news = Filter::parse_pairs([("source", "news")]).unwrap();
    let counts = engine.counts(
        &records,
        &only_news,
        None,
        Dimension::Form,
        Measure::Records,
    );
    assert_eq!(rows(&counts), [("sexual", Some(3)), ("labour", Some(2))]);
    assert_eq!(counts.total, Cell::shown(4));

    let victims = engine.counts(
        &records,
        &Filter::default(),
        None,
        Dimension::Form,
        Measure::Victims,
    );
    // sexual: E1 max 7, n6 2, E3's sexual report 1, the case 1; labour: E2 3, E3's labour 5.
    assert_eq!(rows(&victims), [("sexual", Some(11)), ("labour", Some(8))]);
    // Total: E1 7 + E2 3 + n6 2 + E3 max(1, 5) + case 1.
    assert_eq!(victims.total, Cell::shown(18));
    assert_eq!(
        engine.total(&records, &Filter::default(), None, Measure::Victims),
        Cell::shown(18)
    );
    assert_eq!(victims.measure, Measure::Victims);
}

#[test]
fn total_respects_filter_text_hits_and_k() {
    let records = dataset(&[(20, &["sexual"]), (3, &["labour"])]);
    let engine = Engine::default();
    let labour = Filter::parse_pairs([("form", "labour")]).unwrap();
    assert_eq!(
        engine.total(&records, &labour, None, Measure::Records),
        Cell::hidden()
    );
    assert_eq!(
        Engine::new(0).total(&records, &labour, None, Measure::Records),
        Cell::shown(3)
    );
    let q = Filter::parse_pairs([("q", "anything")]).unwrap();
    let hits: HashSet<String> = (0..12).map(|i| format!("c{i}")).collect();
    assert_eq!(
        engine.total(&records, &q, Some(&hits), Measure::Records),
        Cell::shown(12)
    );
    assert_eq!(
        engine.total(&records, &q, None, Measure::Records),
        Cell::shown(0)
    );
}

/// An independent, slow recount: the set of units (case ids, event ids, lone reports) per key.
fn brute_force(
    records: &[Record],
    filter: &Filter,
    dim: Dimension,
    measure: Measure,
) -> (BTreeMap<String, u64>, u64) {
    let unit = |r: &Record| -> (String, u64) {
        let weight = match (measure, r.source) {
            (Measure::Victims, Source::News) => r.victims.unwrap_or(1),
            _ => 1,
        };
        match (r.source, r.event.as_deref()) {
            (Source::News, Some(e)) if !e.is_empty() => (format!("event:{e}"), weight),
            _ => (format!("record:{}", r.id), weight),
        }
    };
    let mut per_key: BTreeMap<String, HashMap<String, u64>> = BTreeMap::new();
    let mut all: HashMap<String, u64> = HashMap::new();
    for r in records.iter().filter(|r| filter.matches(r, None)) {
        let (u, w) = unit(r);
        let slot = all.entry(u.clone()).or_insert(0);
        *slot = (*slot).max(w);
        for key in dim.values(r) {
            let slot = per_key
                .entry(key)
                .or_default()
                .entry(u.clone())
                .or_insert(0);
            *slot = (*slot).max(w);
        }
    }
    let sum = |m: &HashMap<String, u64>| m.values().sum::<u64>();
    (
        per_key.iter().map(|(k, m)| (k.clone(), sum(m))).collect(),
        sum(&all),
    )
}

#[test]
fn unsuppressed_counts_equal_an_independent_recount() {
    let records = random_records(7, 3000);
    let filters = [
        Filter::default(),
        Filter::parse_pairs([("source", "news")]).unwrap(),
        Filter::parse_pairs([("country", "PE"), ("country", "citizenship:VE")]).unwrap(),
        Filter::parse_pairs([("from", "2021"), ("to", "2022-06"), ("sex", "female")]).unwrap(),
    ];
    let engine = Engine::new(1);
    for filter in &filters {
        for dim in Dimension::ALL {
            for measure in [Measure::Records, Measure::Victims] {
                let counts = engine.counts(&records, filter, None, dim, measure);
                let (expected, total) = brute_force(&records, filter, dim, measure);
                let got: BTreeMap<String, u64> = counts
                    .rows
                    .iter()
                    .map(|r| (r.key.clone(), r.cell.value.unwrap()))
                    .collect();
                assert_eq!(got, expected, "{dim} {measure} {filter:?}");
                assert_eq!(counts.total, Cell::shown(total));
                // Largest first.
                assert!(counts
                    .rows
                    .windows(2)
                    .all(|w| w[0].cell.value >= w[1].cell.value));
            }
        }
    }
}

#[test]
fn suppressed_counts_never_show_a_small_row_or_a_lone_hidden_one() {
    for seed in 1..200 {
        let records = random_records(seed, 40 + (seed as usize * 7) % 300);
        for k in [5, 11] {
            let engine = Engine::new(k);
            for dim in [
                Dimension::Form,
                Dimension::Country(Stage::Destination),
                Dimension::Org,
                Dimension::Month,
            ] {
                let c = engine.counts(&records, &Filter::default(), None, dim, Measure::Records);
                for row in &c.rows {
                    assert_eq!(row.cell.value.is_none(), row.cell.suppressed);
                    assert!(row.cell.value.is_none_or(|v| v == 0 || v >= k));
                }
                let hidden = c.rows.iter().filter(|r| r.cell.suppressed).count();
                if !c.total.suppressed {
                    assert_ne!(hidden, 1, "seed {seed} {dim}: {c:?}");
                }
            }
        }
    }
}

#[test]
fn the_same_records_in_another_order_hide_the_same_cells() {
    // Two answers about the same data that hid different cells would together reveal them, so
    // the order records arrive in (which varies with how a cache read them) must not matter.
    let records = random_records(11, 2_000);
    let mut reversed = records.clone();
    reversed.reverse();
    let mut rotated = records.clone();
    rotated.rotate_left(777);
    let engine = Engine::new(11);
    let filter = Filter::default();
    let tables = |records: &[Record]| -> Vec<String> {
        let mut out = Vec::new();
        for dim in Dimension::ALL {
            out.push(format!(
                "{:?}",
                engine.counts(records, &filter, None, dim, Measure::Records)
            ));
            out.push(format!(
                "{:?}",
                engine.crosstab(
                    records,
                    &filter,
                    None,
                    dim,
                    Dimension::Form,
                    Measure::Records
                )
            ));
            out.push(format!(
                "{:?}",
                engine.timeseries(records, &filter, None, Some(dim), Measure::Victims)
            ));
        }
        out.push(format!(
            "{:?}",
            engine.flows(records, &filter, None, Measure::Records)
        ));
        out
    };
    let expected = tables(&records);
    assert!(
        expected.iter().any(|t| t.contains("value: None")),
        "the data must have suppressed cells for this test to mean anything"
    );
    assert_eq!(tables(&reversed), expected);
    assert_eq!(tables(&rotated), expected);
}
