//! Screening end to end: readers, index, candidates, scores and explanations, and bad input.

use rastro_screen::{read_csv, read_ftm, Watchlist, DEFAULT_THRESHOLD};

const LIST: &str = "id,full_name,aliases,date_of_birth,gender,nationality,document_number,topics
w1,María José García López,Majo García,1980-03-04,F,Perú,AB-123,sanction
w2,Juan Carlos PÉREZ GÓMEZ,,1975,M,Colombia,,crime.traffick
w3,João Gonçalves da Silva,,1986-03-18,M,Brasil,,
w4,María García López,,1962-09-09,F,MX,,
";

fn list() -> Watchlist {
    let out = read_csv(LIST.as_bytes()).unwrap();
    assert!(out.issues.is_empty());
    let (w, issues) = Watchlist::build(out.people).unwrap();
    assert!(issues.is_empty());
    w
}

fn screen(w: &Watchlist, queries: &str) -> Vec<Vec<(String, f64)>> {
    let q = read_csv(queries.as_bytes()).unwrap();
    let mut s = w.searcher();
    q.people
        .iter()
        .map(|p| {
            s.screen(p, DEFAULT_THRESHOLD, 10)
                .unwrap()
                .into_iter()
                .map(|m| (m.id, m.score))
                .collect()
        })
        .collect()
}

#[test]
fn finds_variants_and_ranks_by_birth_date() {
    let w = list();
    let r = screen(
        &w,
        "id,full_name,date_of_birth,nationality,gender
q1,Ma. Jose Garsia,1980-04-03,PE,F
q2,\"PEREZ GOMEZ, Juan\",1975-06-01,CO,M
q3,Joao Goncalves Silva,1986-03-18,BR,M
q4,Pedro Martínez,1980,,
",
    );
    assert_eq!(r[0][0].0, "w1");
    assert!(r[0].iter().all(|m| m.0 != "w4"), "{:?}", r[0]);
    assert_eq!(r[1][0].0, "w2");
    assert_eq!(r[2][0].0, "w3");
    assert!(r[3].is_empty());
}

#[test]
fn document_number_alone_finds_the_entry() {
    let w = list();
    let r = screen(&w, "full_name,document_number\nM. J. G.,ab 123\n");
    assert_eq!(r[0].first().map(|m| m.0.as_str()), Some("w1"));
}

#[test]
fn explanation_names_every_feature() {
    let w = list();
    let q = read_csv(
        "full_name,date_of_birth,nationality,gender\nMaria Jose Garcia,1980-03-04,PE,M\n"
            .as_bytes(),
    )
    .unwrap();
    let m = w.searcher().screen(&q.people[0], 0.0, 1).unwrap();
    let e = &m[0].explanation;
    assert_eq!(e.date_of_birth.as_ref().unwrap().result, "exact");
    assert_eq!(e.nationality.as_ref().unwrap().result, "shared");
    assert_eq!(e.gender.as_ref().unwrap().result, "different");
    assert!(e.gender.as_ref().unwrap().contribution < 0.0);
    assert_eq!(e.unmatched_listed_tokens, ["lopez"]);
    let json = serde_json::to_string(&m[0]).unwrap();
    assert!(json.contains("\"name_parts\""));
}

#[test]
fn bad_rows_are_reported_and_the_rest_screened() {
    let long = "a".repeat(10_000);
    let csv = format!(
        "id,full_name,date_of_birth,nationality\n\
         b1,,,\n\
         b2,{long},,\n\
         b3,?!.;-,,\n\
         b4,Ана Мария Гарсия,1980-02-30,Narnia\n\
         b5,\"unterminated,1980,PE\n\
         b6,María José García,1980-03-04,PE\n"
    );
    let out = read_csv(csv.as_bytes()).unwrap();
    let rejected: Vec<u64> = out
        .issues
        .iter()
        .filter(|i| i.rejected)
        .map(|i| i.row)
        .collect();
    assert!(rejected.contains(&1) && rejected.contains(&2) && rejected.contains(&3));
    let b4 = out.people.iter().find(|p| p.id == "b4").unwrap();
    assert!(b4.birth_dates.is_empty() && b4.nationalities.is_empty());
    let fields: Vec<&str> = out
        .issues
        .iter()
        .filter(|i| i.row == 4)
        .filter_map(|i| i.field.as_deref())
        .collect();
    assert_eq!(fields, ["date_of_birth", "nationality"]);
    for issue in &out.issues {
        assert!(!issue.to_string().is_empty());
    }
    let w = list();
    let mut s = w.searcher();
    for p in &out.people {
        assert!(s.screen(p, DEFAULT_THRESHOLD, 5).is_ok());
    }
}

#[test]
fn queries_in_other_scripts_and_malformed_ftm() {
    let ftm = "{\"id\":\"x1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Владимир Путин\"],\"birthDate\":[\"1952-10-07\"]}}\n{bad json\n";
    let out = read_ftm(ftm.as_bytes()).unwrap();
    assert_eq!(out.outcome.people.len(), 1);
    assert_eq!(out.outcome.issues.len(), 1);
    let (w, _) = Watchlist::build(out.outcome.people).unwrap();
    let q = read_csv("full_name,date_of_birth\nVladimir Putin,1952-10-07\n".as_bytes()).unwrap();
    let m = w
        .searcher()
        .screen(&q.people[0], DEFAULT_THRESHOLD, 1)
        .unwrap();
    assert_eq!(m[0].id, "x1");
}

#[test]
fn empty_watchlist_and_unanalysable_people() {
    let (w, issues) = Watchlist::build(vec![rastro_screen::Person {
        id: "z".into(),
        names: vec!["...".into()],
        ..Default::default()
    }])
    .unwrap();
    assert!(w.is_empty());
    assert_eq!(issues.len(), 1);
    let q = read_csv("full_name\nAna\n".as_bytes()).unwrap();
    assert!(w
        .searcher()
        .screen(&q.people[0], 0.0, 5)
        .unwrap()
        .is_empty());
    let empty = rastro_screen::Person::default();
    assert!(w.searcher().screen(&empty, 0.0, 5).is_err());
}

/// A search skips the work that cannot change what it returns (entries that cannot reach the
/// threshold, name views that cannot lift a name to it): whatever it returns must be scored
/// and explained exactly as the pair alone is, for namesakes, aliases, typos and documents.
#[test]
fn a_search_scores_and_explains_each_match_as_the_pair_alone() {
    let given = ["María", "José", "Juan", "Ana", "Luis", "Rosa"];
    let surnames = ["García", "López", "Pérez", "Quispe", "Silva", "Torres"];
    let mut csv = String::from("id,full_name,aliases,date_of_birth,nationality,document_number\n");
    for i in 0..300 {
        let name = format!(
            "{} {} {}",
            given[i % 6],
            surnames[(i / 6) % 6],
            surnames[(i / 36) % 6]
        );
        let alias = if i % 7 == 0 {
            format!("{} {}", given[(i + 1) % 6], surnames[(i / 6) % 6])
        } else {
            String::new()
        };
        let dob = if i % 5 == 0 {
            String::new()
        } else {
            format!("{}-0{}-1{}", 1960 + i % 40, 1 + i % 9, i % 10)
        };
        let nationality = ["PE", "CO", ""][i % 3];
        let document = if i % 4 == 0 {
            format!("D{i}")
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "n{i},{name},{alias},{dob},{nationality},{document}\n"
        ));
    }
    let out = read_csv(csv.as_bytes()).unwrap();
    let people = out.people.clone();
    let (w, _) = Watchlist::build(out.people).unwrap();
    let queries = read_csv(
        "id,full_name,date_of_birth,nationality,document_number
q1,Maria Garcia Lopez,1961-02-11,PE,
q2,José Perez,,,
q3,Luis Quispe Silva,1985,CO,D100
q4,Rosa Torres Garsia,1963-04-13,,
q5,Ana López,,,D8
"
        .as_bytes(),
    )
    .unwrap();
    let mut s = w.searcher();
    let mut returned = 0;
    for q in &queries.people {
        for m in s.screen(q, DEFAULT_THRESHOLD, 50).unwrap() {
            returned += 1;
            let listed = people.iter().find(|p| p.id == m.id).unwrap();
            let alone = rastro_screen::score_people(q, listed).unwrap();
            assert!((m.score - alone.score).abs() < 1e-12, "{} / {}", q.id, m.id);
            assert_eq!(m.explanation, alone.explanation, "{} / {}", q.id, m.id);
        }
    }
    assert!(returned > 20, "{returned}");
}
