//! Accuracy on our labelled Latin American pairs (`tests/data/latam_pairs.csv`): the variants a
//! border officer meets, and different people who share a common name.

use rastro_screen::{read_csv, score_people, Person, DEFAULT_THRESHOLD};

fn side(r: &csv::StringRecord, o: usize) -> Person {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["full_name", "date_of_birth", "nationality", "gender"])
        .unwrap();
    w.write_record([&r[o], &r[o + 1], &r[o + 2], &r[o + 3]])
        .unwrap();
    let bytes = w.into_inner().unwrap();
    let out = read_csv(&bytes[..]).unwrap();
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    out.people.into_iter().next().unwrap()
}

#[test]
fn latin_american_pairs() {
    let text = include_str!("data/latam_pairs.csv");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let (mut tp, mut fp, mut fneg, mut n) = (0, 0, 0, 0);
    for r in rdr.records() {
        let r = r.unwrap();
        let (q, l) = (side(&r, 0), side(&r, 4));
        let truth = &r[8] == "true";
        let score = score_people(&q, &l).unwrap().score;
        assert!((0.0..=1.0).contains(&score));
        let predicted = score >= DEFAULT_THRESHOLD;
        n += 1;
        match (predicted, truth) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fneg += 1,
            _ => {}
        }
    }
    assert!(n >= 90, "the set has {n} pairs");
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fneg) as f64;
    assert!(precision >= 0.85, "precision {precision:.3}");
    assert!(recall >= 0.95, "recall {recall:.3}");
}

#[test]
fn scores_are_symmetric_in_names() {
    let a = read_csv("full_name\nMaría José García López\n".as_bytes()).unwrap();
    let b = read_csv("full_name\n\"GARCIA, Ma. Jose\"\n".as_bytes()).unwrap();
    let ab = score_people(&a.people[0], &b.people[0]).unwrap().score;
    let ba = score_people(&b.people[0], &a.people[0]).unwrap().score;
    assert!((ab - ba).abs() < 1e-9);
    assert!(ab >= DEFAULT_THRESHOLD);
}
