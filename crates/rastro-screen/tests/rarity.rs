//! Rare and common names against birth dates that disagree: a rare name matched exactly (in any
//! order) is still reported, at a lower score and with the conflict explained; a common Latin
//! American name is not, for it has namesakes.

use rastro_screen::{read_csv, Match, Watchlist, DEFAULT_THRESHOLD};

/// A list of a rare name and a common one, each born 1960-06-04, among other people.
const LIST: &str = "id,full_name,date_of_birth,nationality
rare,Merai Abdefattah Khalil Zoghbi,1960-06-04,
common,José Luis García López,1960-06-04,
o1,María Fernanda Quispe Mamani,1971-02-03,PE
o2,Juan Carlos Pérez Gómez,1980-11-12,CO
o3,Ana Lucía Herrera Castillo,1985-01-30,CO
";

fn list() -> Watchlist {
    let out = read_csv(LIST.as_bytes()).unwrap();
    assert!(out.issues.is_empty(), "{:?}", out.issues);
    Watchlist::build(out.people).unwrap().0
}

/// The best match of one query (name, birth date), at any score.
fn best(w: &Watchlist, name: &str, dob: &str) -> Option<Match> {
    let csv = format!("full_name,date_of_birth\n\"{name}\",{dob}\n");
    let q = read_csv(csv.as_bytes()).unwrap();
    assert!(q.issues.is_empty(), "{:?}", q.issues);
    w.searcher()
        .screen(&q.people[0], 0.0, 5)
        .unwrap()
        .into_iter()
        .next()
}

#[test]
fn a_rare_exact_name_four_years_off_is_reported_with_the_conflict_explained() {
    let w = list();
    let same_day = best(&w, "Merai Abdefattah Khalil Zoghbi", "1960-06-04").unwrap();
    let off = best(&w, "Merai Abdefattah Khalil Zoghbi", "1964-09-17").unwrap();
    assert_eq!(off.id, "rare");
    assert!(off.score >= DEFAULT_THRESHOLD, "{off:?}");
    assert!(off.score < same_day.score, "{off:?} / {same_day:?}");
    let dob = off.explanation.date_of_birth.as_ref().unwrap();
    assert_eq!(dob.result, "conflict");
    assert!(dob.contribution < 0.0);
    let detail = dob.detail.as_deref().unwrap_or("");
    assert!(
        detail.contains("1960-06-04") && detail.contains("4.3 years apart"),
        "{detail}"
    );
    let rarity = off.explanation.name_rarity.as_ref().unwrap();
    assert_eq!(rarity.result, "rare");
    assert!(
        rarity.contribution > -dob.contribution - 1.0,
        "{rarity:?} / {dob:?}"
    );
}

#[test]
fn a_common_latin_american_name_four_years_off_is_not_reported() {
    let w = list();
    let same_day = best(&w, "José Luis García López", "1960-06-04").unwrap();
    assert_eq!(same_day.id, "common");
    assert!(same_day.score >= DEFAULT_THRESHOLD);
    let off = best(&w, "José Luis García López", "1964-09-17");
    assert!(
        off.as_ref().is_none_or(|m| m.score < DEFAULT_THRESHOLD),
        "{off:?}"
    );
    // Its agreement is not rare: namesakes are expected.
    assert_ne!(
        same_day.explanation.name_rarity.map(|r| r.result),
        Some("rare")
    );
}

#[test]
fn surname_first_order_is_the_same_name_for_rare_and_common_names() {
    let w = list();
    let rare = best(&w, "ZOGHBI, Merai Abdefattah Khalil", "1964").unwrap();
    assert_eq!(rare.id, "rare");
    assert!(rare.score >= DEFAULT_THRESHOLD, "{rare:?}");
    assert_eq!(rare.explanation.name_similarity, 1.0);
    let common = best(&w, "GARCÍA LÓPEZ, José Luis", "1960-06-04").unwrap();
    assert_eq!(common.id, "common");
    assert!(common.score >= DEFAULT_THRESHOLD, "{common:?}");
    let off = best(&w, "GARCÍA LÓPEZ, José Luis", "1964-09-17");
    assert!(
        off.as_ref().is_none_or(|m| m.score < DEFAULT_THRESHOLD),
        "{off:?}"
    );
}

#[test]
fn a_rare_name_far_from_its_birth_year_is_still_retrieved_in_a_large_list() {
    // Many people born in the query's own years share one of its words, so candidates of those
    // years fill the search; the listed person, born four years before, must still be found.
    let mut csv = String::from("id,full_name,date_of_birth\n");
    csv.push_str("target,Merai Abdefattah Khalil Zoghbi,1960-06-04\n");
    for i in 0..3_000 {
        let surname = ["Pérez Soto", "Ruiz Vega", "Zoghbi Haddad"][i % 3];
        csv.push_str(&format!("n{i},Khalil {surname},{}\n", 1963 + i % 3));
    }
    let out = read_csv(csv.as_bytes()).unwrap();
    let (w, _) = Watchlist::build(out.people).unwrap();
    let found = best(&w, "Merai Abdefattah Khalil Zoghbi", "1964-09-17").unwrap();
    assert_eq!(found.id, "target");
    assert!(found.score >= DEFAULT_THRESHOLD, "{found:?}");
}
