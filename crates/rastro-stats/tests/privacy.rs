mod common;

use common::*;
use rastro_stats::{
    laplace, release, sensitivity, Budget, Dimension, Engine, Filter, NoiseSource, Record,
    SeededNoise, StatsError, MAX_VALUES_PER_DIM,
};

fn people(groups: &[(usize, &[&str], &str)]) -> Vec<Record> {
    let mut out = Vec::new();
    for &(n, forms, sex) in groups {
        for _ in 0..n {
            out.push(Record {
                forms: strings(forms),
                sex: Some(sex.to_string()),
                ..case(&format!("c{}", out.len()))
            });
        }
    }
    out
}

/// E|round(X)| for X ~ Laplace(0, b): the sum over n ≥ 1 of P(|X| ≥ n − ½).
fn expected_rounded_mae(b: f64) -> f64 {
    (-0.5 / b).exp() / (1.0 - (-1.0 / b).exp())
}

#[test]
fn seeded_noise_is_uniform_in_the_open_interval() {
    let mut noise = SeededNoise::new(1);
    let n = 100_000;
    let mut buckets = [0u32; 10];
    for _ in 0..n {
        let u = noise.uniform();
        assert!(u > 0.0 && u < 1.0);
        buckets[(u * 10.0) as usize] += 1;
    }
    for b in buckets {
        assert!((b as f64 - 10_000.0).abs() < 400.0, "{buckets:?}");
    }
}

#[test]
fn laplace_samples_have_the_right_spread() {
    let mut noise = SeededNoise::new(42);
    let scale = 2.0;
    let n = 200_000;
    let draws: Vec<f64> = (0..n).map(|_| laplace(scale, &mut noise)).collect();
    let mean = draws.iter().sum::<f64>() / n as f64;
    let mae = draws.iter().map(|x| x.abs()).sum::<f64>() / n as f64;
    let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
    let beyond = draws.iter().filter(|x| x.abs() > 2.0 * scale).count() as f64 / n as f64;
    let positive = draws.iter().filter(|&&x| x > 0.0).count() as f64 / n as f64;
    assert!(mean.abs() < 0.03, "mean {mean}");
    assert!(
        (mae - scale).abs() < 0.02 * scale,
        "mean absolute error {mae}"
    );
    assert!(
        (var - 2.0 * scale * scale).abs() < 0.05 * 2.0 * scale * scale,
        "variance {var}"
    );
    assert!((beyond - (-2.0f64).exp()).abs() < 0.005, "tail {beyond}");
    assert!((positive - 0.5).abs() < 0.005, "sign {positive}");
}

/// A broken source must not produce infinite noise.
struct Stuck(f64);

impl NoiseSource for Stuck {
    fn uniform(&mut self) -> f64 {
        self.0
    }
}

#[test]
fn laplace_survives_a_broken_source() {
    for u in [0.0, 1.0, -3.0, 7.0, f64::NAN] {
        assert!(laplace(1.0, &mut Stuck(u)).is_finite(), "{u}");
    }
    assert_eq!(laplace(1.0, &mut Stuck(0.5)), 0.0);
}

#[test]
fn released_counts_carry_noise_of_scale_sensitivity_over_epsilon() {
    let records = people(&[(150, &["sexual"], "female"), (120, &["labour"], "male")]);
    let engine = Engine::default();
    let mut noise = SeededNoise::new(7);
    for (dims, epsilon) in [
        (vec![Dimension::Sex], 0.5),
        (vec![Dimension::Form, Dimension::Sex], 1.0),
    ] {
        let truth = release(
            &engine,
            &records,
            &Filter::default(),
            None,
            &dims,
            None,
            &mut noise,
        )
        .unwrap();
        let scale = sensitivity(&dims) as f64 / epsilon;
        let runs = 3000;
        let mut error = 0.0;
        let mut cells = 0.0;
        for _ in 0..runs {
            let r = release(
                &engine,
                &records,
                &Filter::default(),
                None,
                &dims,
                Some(epsilon),
                &mut noise,
            )
            .unwrap();
            assert_eq!(r.sensitivity, sensitivity(&dims));
            assert_eq!(r.epsilon, Some(epsilon));
            for (noisy, exact) in r.rows.iter().zip(&truth.rows) {
                assert_eq!(noisy.keys, exact.keys);
                // Zero cells get noise too but are clamped at 0, so measure the large ones.
                if let (Some(n), Some(e)) = (noisy.cell.value, exact.cell.value) {
                    if e > 100 {
                        error += (n as f64 - e as f64).abs();
                        cells += 1.0;
                    }
                }
            }
        }
        let mae = error / cells;
        let want = expected_rounded_mae(scale);
        assert!(
            (mae - want).abs() < 0.05 * want,
            "{dims:?}: {mae} vs {want}"
        );
    }
}

#[test]
fn every_combination_is_released_with_zeros_included() {
    let records = people(&[(30, &["sexual"], "female"), (20, &["labour"], "female")]);
    let r = release(
        &Engine::new(1),
        &records,
        &Filter::default(),
        None,
        &[Dimension::Form, Dimension::Sex],
        None,
        &mut SeededNoise::new(1),
    )
    .unwrap();
    let rows: Vec<(Vec<String>, Option<u64>)> = r
        .rows
        .iter()
        .map(|r| (r.keys.clone(), r.cell.value))
        .collect();
    assert_eq!(
        rows,
        [
            (strings(&["labour", "female"]), Some(20)),
            (strings(&["sexual", "female"]), Some(30)),
        ]
    );
    let records = [records, people(&[(12, &["labour"], "male")])].concat();
    let r = release(
        &Engine::new(1),
        &records,
        &Filter::default(),
        None,
        &[Dimension::Form, Dimension::Sex],
        None,
        &mut SeededNoise::new(1),
    )
    .unwrap();
    let zero = r
        .rows
        .iter()
        .find(|row| row.keys == ["sexual", "male"])
        .unwrap();
    assert_eq!(zero.cell.value, Some(0));
    assert_eq!(r.rows.len(), 4);
    assert_eq!(r.dims, ["form", "sex"]);
}

#[test]
fn a_record_counts_in_at_most_four_values_per_dimension() {
    let records = people(&[(1, &["f", "e", "d", "c", "b", "a"], "female")]);
    let r = release(
        &Engine::new(1),
        &records,
        &Filter::default(),
        None,
        &[Dimension::Form],
        None,
        &mut SeededNoise::new(1),
    )
    .unwrap();
    let keys: Vec<&str> = r.rows.iter().map(|r| r.keys[0].as_str()).collect();
    assert_eq!(keys.len(), MAX_VALUES_PER_DIM);
    assert_eq!(keys, ["a", "b", "c", "d"]);
    assert_eq!(sensitivity(&[Dimension::Form]), 4);
    assert_eq!(sensitivity(&[Dimension::Form, Dimension::Citizenship]), 16);
    assert_eq!(sensitivity(&[Dimension::Sex, Dimension::Year]), 1);
}

#[test]
fn noisy_counts_are_suppressed_after_the_noise() {
    let records = people(&[(1000, &["sexual"], "female"), (5, &["labour"], "female")]);
    // Epsilon so large the noise rounds away: what is left is the suppression rule.
    let r = release(
        &Engine::default(),
        &records,
        &Filter::default(),
        None,
        &[Dimension::Form, Dimension::Sex],
        Some(1e12),
        &mut SeededNoise::new(3),
    )
    .unwrap();
    let cells: Vec<Option<u64>> = r.rows.iter().map(|r| r.cell.value).collect();
    assert_eq!(cells, [None, Some(1000)]);
    assert!(r.rows[0].cell.suppressed);
    assert_eq!(r.k, 11);
}

#[test]
fn the_same_seed_gives_the_same_release() {
    let records = random_records(5, 500);
    let run = |seed| {
        release(
            &Engine::default(),
            &records,
            &Filter::default(),
            None,
            &[Dimension::Form, Dimension::Org],
            Some(0.8),
            &mut SeededNoise::new(seed),
        )
        .unwrap()
    };
    assert_eq!(run(9), run(9));
    assert_ne!(run(9), run(10));
}

#[test]
fn bad_requests_are_refused() {
    let records = random_records(5, 50);
    let ask = |dims: &[Dimension], epsilon| {
        release(
            &Engine::default(),
            &records,
            &Filter::default(),
            None,
            dims,
            epsilon,
            &mut SeededNoise::new(1),
        )
    };
    assert!(matches!(
        ask(&[], None),
        Err(StatsError::BadDimensionCount { count: 0 })
    ));
    assert!(matches!(
        ask(&[Dimension::Form; 3], None),
        Err(StatsError::BadDimensionCount { count: 3 })
    ));
    for bad in [0.0, -0.5, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            ask(&[Dimension::Form], Some(bad)),
            Err(StatsError::BadEpsilon { .. })
        ));
    }
}

#[test]
fn a_budget_pays_for_releases_until_it_is_spent() {
    let mut budget = Budget::new(1.0).unwrap();
    let mut answered = 0;
    for _ in 0..10 {
        if budget.charge(0.3).is_ok() {
            answered += 1;
        }
    }
    assert_eq!(answered, 3);
    assert!((budget.remaining() - 0.1).abs() < 1e-9);
    assert!(matches!(
        budget.charge(0.3),
        Err(StatsError::BudgetSpent { asked, .. }) if asked == 0.3
    ));
    budget.charge(0.1).unwrap();
}

#[test]
fn an_exact_release_is_suppressed_like_the_crosstab_of_its_cells() {
    use rastro_stats::Measure;
    for seed in 1..60u64 {
        let records = random_records(seed, 100 + (seed as usize * 37) % 700);
        let engine = Engine::default();
        let (rows, cols) = (Dimension::Sex, Dimension::Year);
        let r = release(
            &engine,
            &records,
            &Filter::default(),
            None,
            &[rows, cols],
            None,
            &mut SeededNoise::new(1),
        )
        .unwrap();
        let t = engine.crosstab(
            &records,
            &Filter::default(),
            None,
            rows,
            cols,
            Measure::Records,
        );
        assert_eq!(r.rows.len(), t.rows.len() * t.columns.len());
        for row in &r.rows {
            let i = t.rows.iter().position(|k| *k == row.keys[0]).unwrap();
            let j = t.columns.iter().position(|k| *k == row.keys[1]).unwrap();
            assert_eq!(row.cell, t.cells[i][j], "seed {seed} {:?}", row.keys);
        }
    }
}
