mod common;

use common::*;
use rastro_stats::{Cell, Crosstab, Dimension, Engine, Filter, Measure, Record, Stage};

fn person(id: usize, forms: &[&str], sex: &str) -> Record {
    Record {
        forms: strings(forms),
        sex: Some(sex.to_string()),
        ..case(&format!("c{id}"))
    }
}

fn values(cells: &[Cell]) -> Vec<Option<u64>> {
    cells.iter().map(|c| c.value).collect()
}

fn table(engine: Engine, records: &[Record]) -> Crosstab {
    engine.crosstab(
        records,
        &Filter::default(),
        None,
        Dimension::Form,
        Dimension::Sex,
        Measure::Records,
    )
}

fn sample() -> Vec<Record> {
    let mut out = Vec::new();
    let mut add = |n: usize, forms: &[&str], sex: &str| {
        for _ in 0..n {
            let id = out.len();
            out.push(person(id, forms, sex));
        }
    };
    add(40, &["sexual"], "female");
    add(12, &["sexual"], "male");
    add(20, &["labour"], "female");
    add(25, &["labour"], "male");
    add(3, &["sexual", "labour"], "female");
    add(15, &["begging"], "male");
    out
}

#[test]
fn margins_count_each_record_once() {
    let t = table(Engine::new(1), &sample());
    assert_eq!(t.rows, ["sexual", "labour", "begging"]);
    assert_eq!(t.columns, ["female", "male"]);
    assert_eq!(values(&t.cells[0]), [Some(43), Some(12)]);
    assert_eq!(values(&t.cells[1]), [Some(23), Some(25)]);
    // A combination nobody has is a shown zero.
    assert_eq!(values(&t.cells[2]), [Some(0), Some(15)]);
    assert_eq!(values(&t.row_totals), [Some(55), Some(48), Some(15)]);
    assert_eq!(values(&t.column_totals), [Some(63), Some(52)]);
    // Three records are in two rows but once in the grand total.
    assert_eq!(t.total, Cell::shown(115));
    assert_eq!(
        (t.row_dimension.as_str(), t.column_dimension.as_str()),
        ("form", "sex")
    );
}

#[test]
fn a_small_cell_hides_partners_in_its_row_and_column() {
    let mut records = sample();
    // Five male begging cases become female: female × begging = 5 is now below k.
    for r in records
        .iter_mut()
        .filter(|r| r.forms == ["begging"])
        .take(5)
    {
        r.sex = Some("female".into());
    }
    let t = table(Engine::default(), &records);
    assert_eq!(t.rows, ["sexual", "labour", "begging"]);
    // begging: female 5 and male 10, both primary. The female column (43, 23, 5) then hides
    // its smallest shown cell, labour 23; the male column (12, 25, 10) its 12. That leaves the
    // sexual row (43, 12) and the labour row (23, 25) with one hidden cell each, so their other
    // cells go too: every cell is hidden, every margin shown.
    for row in &t.cells {
        assert_eq!(values(row), [None, None], "{t:?}");
    }
    assert_eq!(values(&t.row_totals), [Some(55), Some(48), Some(15)]);
    assert_eq!(values(&t.column_totals), [Some(68), Some(47)]);
    assert_eq!(t.row_totals[2], Cell::shown(15));
    assert_eq!(t.total, Cell::shown(115));
    assert_lines_safe(&t);
}

/// No shown value below k, and no row, column or margin line with exactly one hidden cell
/// against a shown total.
fn assert_lines_safe(t: &Crosstab) {
    let k = t.k;
    let all = t
        .cells
        .iter()
        .flatten()
        .chain(&t.row_totals)
        .chain(&t.column_totals)
        .chain(std::iter::once(&t.total));
    for c in all {
        assert_eq!(c.value.is_none(), c.suppressed);
        assert!(c.value.is_none_or(|v| v == 0 || v >= k), "{t:?}");
    }
    let lone = |cells: Vec<&Cell>, total: &Cell| {
        !total.suppressed && cells.iter().filter(|c| c.suppressed).count() == 1
    };
    for (i, row) in t.cells.iter().enumerate() {
        assert!(
            !lone(row.iter().collect(), &t.row_totals[i]),
            "row {i}: {t:?}"
        );
    }
    for j in 0..t.columns.len() {
        let col = t.cells.iter().map(|row| &row[j]).collect();
        assert!(!lone(col, &t.column_totals[j]), "column {j}: {t:?}");
    }
    assert!(!lone(t.row_totals.iter().collect(), &t.total));
    assert!(!lone(t.column_totals.iter().collect(), &t.total));
}

#[test]
fn random_crosstabs_are_safe_and_agree_with_counts() {
    let pairs = [
        (Dimension::Form, Dimension::Sex),
        (Dimension::Country(Stage::Origin), Dimension::Form),
        (Dimension::Org, Dimension::Year),
        (Dimension::Citizenship, Dimension::Source),
    ];
    for seed in 1..150u64 {
        let records = random_records(seed, 30 + (seed as usize * 13) % 400);
        for (rows, cols) in pairs {
            for k in [3, 11] {
                let t = Engine::new(k).crosstab(
                    &records,
                    &Filter::default(),
                    None,
                    rows,
                    cols,
                    Measure::Records,
                );
                assert_lines_safe(&t);
            }
            // Unsuppressed, the margins are exactly the one-way counts.
            let open = Engine::new(1);
            let t = open.crosstab(
                &records,
                &Filter::default(),
                None,
                rows,
                cols,
                Measure::Records,
            );
            let counts = open.counts(&records, &Filter::default(), None, rows, Measure::Records);
            for row in &counts.rows {
                let i = t.rows.iter().position(|r| *r == row.key).unwrap();
                assert_eq!(t.row_totals[i], row.cell);
            }
            assert_eq!(t.rows.len(), counts.rows.len());
            assert_eq!(t.total, counts.total);
        }
    }
}
