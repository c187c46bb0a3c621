mod common;

use common::*;
use rastro_stats::{Cell, Dimension, Engine, Filter, Measure, Record, TimeSeries, YearMonth};

fn at(id: usize, year: i32, month: u8, sex: &str) -> Record {
    Record {
        month: ym(year, month),
        sex: Some(sex.to_string()),
        ..case(&format!("c{id}"))
    }
}

fn sample() -> Vec<Record> {
    let mut out = Vec::new();
    for (n, year, month, sex) in [
        (3, 2023, 1, "female"),
        (2, 2023, 3, "male"),
        (5, 2024, 1, "female"),
        (1, 2024, 2, "male"),
    ] {
        for _ in 0..n {
            let id = out.len();
            out.push(at(id, year, month, sex));
        }
    }
    // Undated records cannot be placed on a time line.
    out.push(case("undated"));
    out
}

fn values(cells: &[Cell]) -> Vec<u64> {
    cells.iter().map(|c| c.value.unwrap()).collect()
}

fn months(ts: &TimeSeries) -> Vec<String> {
    ts.months.iter().map(YearMonth::to_string).collect()
}

#[test]
fn months_run_without_gaps_from_first_to_last() {
    let ts = Engine::new(1).timeseries(&sample(), &Filter::default(), None, None, Measure::Records);
    assert_eq!(ts.months.len(), 14);
    assert_eq!(months(&ts)[0], "2023-01");
    assert_eq!(months(&ts)[13], "2024-02");
    assert_eq!(ts.series.len(), 1);
    let all = &ts.series[0];
    assert_eq!(all.key, "all");
    let v = values(&all.values);
    assert_eq!((v[0], v[1], v[2], v[12], v[13]), (3, 0, 2, 5, 1));
    assert_eq!(v.iter().sum::<u64>(), 11);
    let p = values(&all.previous_year);
    assert_eq!((p[12], p[13]), (3, 0));
    assert_eq!(p[..12].iter().sum::<u64>(), 0);
}

#[test]
fn the_comparison_year_is_read_from_before_the_window() {
    let filter = Filter::parse_pairs([("from", "2024-01"), ("to", "2024-03")]).unwrap();
    let ts = Engine::new(1).timeseries(&sample(), &filter, None, None, Measure::Records);
    assert_eq!(months(&ts), ["2024-01", "2024-02", "2024-03"]);
    assert_eq!(values(&ts.series[0].values), [5, 1, 0]);
    assert_eq!(values(&ts.series[0].previous_year), [3, 0, 2]);
    // Other filters still apply to the comparison year.
    let female = filter.with("sex", "female").unwrap();
    let ts = Engine::new(1).timeseries(&sample(), &female, None, None, Measure::Records);
    assert_eq!(values(&ts.series[0].values), [5, 0, 0]);
    assert_eq!(values(&ts.series[0].previous_year), [3, 0, 0]);
}

#[test]
fn an_open_end_is_closed_by_the_data() {
    let from = Filter::parse_pairs([("from", "2023-03")]).unwrap();
    let ts = Engine::new(1).timeseries(&sample(), &from, None, None, Measure::Records);
    assert_eq!(months(&ts).first().unwrap(), "2023-03");
    assert_eq!(months(&ts).last().unwrap(), "2024-02");
    let empty = Filter::parse_pairs([("from", "2030")]).unwrap();
    let ts = Engine::new(1).timeseries(&sample(), &empty, None, None, Measure::Records);
    assert!(ts.months.is_empty() && ts.series.is_empty());
    let fixed = Filter::parse_pairs([("from", "2030"), ("to", "2030-02")]).unwrap();
    let ts = Engine::new(1).timeseries(&sample(), &fixed, None, None, Measure::Records);
    assert_eq!(months(&ts), ["2030-01", "2030-02"]);
}

#[test]
fn a_breakdown_gives_one_series_per_key() {
    let filter = Filter::parse_pairs([("from", "2024")]).unwrap();
    let ts = Engine::new(1).timeseries(
        &sample(),
        &filter,
        None,
        Some(Dimension::Sex),
        Measure::Records,
    );
    assert_eq!(ts.dimension.as_deref(), Some("sex"));
    let keys: Vec<&str> = ts.series.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["female", "male"]);
    assert_eq!(values(&ts.series[0].values), [5, 0]);
    assert_eq!(values(&ts.series[0].previous_year), [3, 0]);
    assert_eq!(values(&ts.series[1].values), [0, 1]);
}

#[test]
fn news_of_one_event_count_once_per_month() {
    let mut records = Vec::new();
    for i in 0..4 {
        records.push(Record {
            month: ym(2024, 5),
            ..news(&format!("n{i}"), Some("E1"))
        });
    }
    let ts = Engine::new(1).timeseries(&records, &Filter::default(), None, None, Measure::Records);
    assert_eq!(values(&ts.series[0].values), [1]);
}

#[test]
fn suppression_is_one_decision_for_both_years() {
    for seed in 1..120u64 {
        let records = random_records(seed, 200 + (seed as usize * 31) % 800);
        for by in [None, Some(Dimension::Sex), Some(Dimension::Form)] {
            let k = 11;
            let ts =
                Engine::new(k).timeseries(&records, &Filter::default(), None, by, Measure::Records);
            for s in &ts.series {
                assert_eq!(s.values.len(), ts.months.len());
                assert_eq!(s.previous_year.len(), ts.months.len());
                for c in s.values.iter().chain(&s.previous_year) {
                    assert!(c.value.is_none_or(|v| v == 0 || v >= k));
                }
                // A month shown in one line must be shown the same in the other.
                for i in 12..ts.months.len() {
                    assert_eq!(s.values[i - 12], s.previous_year[i], "seed {seed}");
                }
                let lone = |cells: &[Cell]| cells.iter().filter(|c| c.suppressed).count() == 1;
                assert!(!lone(&s.values) && !lone(&s.previous_year), "seed {seed}");
            }
            // A month's total is the series without breakdown. A month may keep one hidden
            // cell only when every other cell is zero: then the total is that cell, below k,
            // and hidden in the overall series too.
            let overall = Engine::new(k).timeseries(
                &records,
                &Filter::default(),
                None,
                None,
                Measure::Records,
            );
            if ts.series.len() > 1 {
                for i in 0..ts.months.len() {
                    let month: Vec<Cell> = ts.series.iter().map(|s| s.values[i]).collect();
                    let hidden = month.iter().filter(|c| c.suppressed).count();
                    if hidden == 1 {
                        assert!(month.iter().all(|c| c.suppressed || c.value == Some(0)));
                        assert!(
                            overall.series[0].values[i].suppressed,
                            "seed {seed} month {i}"
                        );
                    }
                }
            }
        }
    }
}
