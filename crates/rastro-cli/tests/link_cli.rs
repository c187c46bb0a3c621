//! `rastro link` and `rastro export clk` end to end: the real binary on real files in a temporary
//! directory. Every failure must name what is wrong and leave no output file behind, and an
//! existing output must survive a failed run untouched.

use std::fs;
use std::path::Path;
use std::process::Output;

mod common;
use common::{rastro, rastro_as};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const PERSONS: &str = "\
id,given_name,surname,date_of_birth,gender,nationality
1,María José,García López,07/04/1990,F,VE
2,Maria Jose,Garcia,07/04/1990,F,VE
3,Pedro,Quispe Mamani,20/11/1971,M,PE
4,Quispe,Pedro,20/11/1971,M,PE
5,Ana,Torres,01/01/1985,F,CO
6,Luis,Rojas,15/06/1979,M,EC
";

const SMALL_CONFIG: &str = r#"
id = "id"
threshold = 0.5
blocking = ["date_of_birth", "state"]
max_pairs = 1000

[[comparison]]
name = "given_name"
column = "given_name"
kind = "name"
levels = ["exact", "jaro_winkler>=0.9"]
"#;

#[test]
fn dedupes_with_the_built_in_person_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("persons.csv"), PERSONS).unwrap();
    let out = rastro(
        &[
            "link",
            "persons.csv",
            "--output",
            "pairs.csv",
            "--clusters",
            "clusters.csv",
            "--waterfall",
            "w.csv",
        ],
        dir,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let pairs = fs::read_to_string(dir.join("pairs.csv")).unwrap();
    let mut lines = pairs.lines();
    assert_eq!(lines.next(), Some("left_id,right_id,weight,probability"));
    let found: Vec<(String, String)> = lines
        .map(|l| {
            let mut f = l.split(',');
            (f.next().unwrap().to_string(), f.next().unwrap().to_string())
        })
        .collect();
    // Accents and a missing second surname; given name and surname swapped.
    assert!(found.contains(&("1".into(), "2".into())), "{pairs}");
    assert!(found.contains(&("3".into(), "4".into())), "{pairs}");
    assert!(!found
        .iter()
        .any(|(a, b)| a == "5" || b == "5" || a == "6" || b == "6"));
    let clusters = fs::read_to_string(dir.join("clusters.csv")).unwrap();
    assert_eq!(clusters.lines().count(), 7, "{clusters}");
    assert!(
        clusters.contains("2,1\n") && clusters.contains("4,3\n"),
        "{clusters}"
    );
    let waterfall = fs::read_to_string(dir.join("w.csv")).unwrap();
    assert!(waterfall.contains("swapped_with=surname"), "{waterfall}");

    // Any pair can be explained, matched or not.
    let out = rastro(
        &[
            "link",
            "persons.csv",
            "-o",
            "again.csv",
            "--explain",
            "5",
            "3",
        ],
        dir,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.starts_with("5 and 3: match weight")
            && shown.contains("given_name")
            && shown.contains("prior"),
        "{shown}"
    );
}

#[test]
fn missing_columns_empty_files_and_bad_configs_are_refused_without_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("persons.csv"), PERSONS).unwrap();
    fs::write(
        dir.join("no_dob.csv"),
        "id,given_name,surname\n1,Ana,Torres\n",
    )
    .unwrap();
    fs::write(dir.join("empty.csv"), "").unwrap();
    fs::write(
        dir.join("header_only.csv"),
        "id,given_name,date_of_birth,gender\n",
    )
    .unwrap();
    fs::write(
        dir.join("link.toml"),
        SMALL_CONFIG.replace("state", "date_of_birth & gender"),
    )
    .unwrap();
    fs::write(
        dir.join("bad.toml"),
        SMALL_CONFIG.replace("jaro_winkler>=0.9", "jaro_winkler>=high"),
    )
    .unwrap();
    fs::write(dir.join("pairs.csv"), "previous result\n").unwrap();

    let cases: [(&[&str], &str); 4] = [
        (
            &["link", "no_dob.csv", "-o", "pairs.csv"],
            "`date_of_birth`",
        ),
        (&["link", "empty.csv", "-o", "pairs.csv"], "empty"),
        (
            &[
                "link",
                "--linkage",
                "link.toml",
                "header_only.csv",
                "-o",
                "pairs.csv",
            ],
            "no data rows",
        ),
        (
            &[
                "link",
                "--linkage",
                "bad.toml",
                "persons.csv",
                "-o",
                "pairs.csv",
            ],
            "line 11",
        ),
    ];
    for (args, expected) in cases {
        let out = rastro(args, dir);
        assert!(!out.status.success(), "{args:?} succeeded");
        let message = stderr(&out);
        assert!(message.contains(expected), "{args:?}: {message}");
        assert_eq!(
            fs::read_to_string(dir.join("pairs.csv")).unwrap(),
            "previous result\n",
            "{args:?} touched the output"
        );
    }
    let leftovers: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_rule_with_too_many_pairs_is_refused_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut csv = String::from("id,given_name,date_of_birth,state\n");
    for i in 0..100 {
        csv.push_str(&format!("{i},name{i},19{:02}0101,vic\n", i % 50));
    }
    fs::write(dir.join("people.csv"), csv).unwrap();
    fs::write(dir.join("link.toml"), SMALL_CONFIG).unwrap();
    let out = rastro(
        &[
            "link",
            "--linkage",
            "link.toml",
            "people.csv",
            "-o",
            "pairs.csv",
        ],
        dir,
    );
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(
        message.contains("blocking rule 2 (`state`)") && message.contains("4950 pairs"),
        "{message}"
    );
    assert!(!dir.join("pairs.csv").exists());
}

#[test]
fn non_utf8_rows_are_reported_and_the_rest_linked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut bytes = PERSONS.as_bytes().to_vec();
    bytes.extend_from_slice(b"7,Jos\xe9,P\xe9rez,01/02/1960,M,MX\n");
    fs::write(dir.join("latin1.csv"), bytes).unwrap();
    let out = rastro(&["link", "latin1.csv", "-o", "pairs.csv"], dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains("latin1.csv: line 8") && message.contains("UTF-8"),
        "{message}"
    );
    assert!(message.contains("6 records"), "{message}");
}

/// Two organisations' files: 150 persons each, the first 100 the same people (accents dropped,
/// a letter changed in every third name), the rest different people.
fn two_registries(dir: &Path) {
    const GIVEN: [&str; 12] = [
        "María", "José", "Juan", "Ana", "Luis", "Carmen", "Pedro", "Rosa", "Jorge", "Lucía",
        "Miguel", "Sofía",
    ];
    const SURNAMES: [&str; 12] = [
        "García",
        "Quispe",
        "Rodríguez",
        "Mamani",
        "Pérez",
        "Torres",
        "Flores",
        "Rojas",
        "Gómez",
        "Díaz",
        "Vargas",
        "Castro",
    ];
    let mut state = 12345u64;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut a = String::from("id,given_name,surname,date_of_birth\n");
    let mut b = a.clone();
    for i in 0..250 {
        let given = GIVEN[next(12)];
        let surname = format!("{} {}", SURNAMES[next(12)], SURNAMES[next(12)]);
        let date = format!(
            "{:02}/{:02}/{}",
            1 + next(28),
            1 + next(12),
            1950 + next(50)
        );
        if i < 150 {
            a.push_str(&format!("a{i},{given},{surname},{date}\n"));
        }
        if i < 100 {
            let plain: String = given
                .chars()
                .map(|c| match c {
                    'á' => 'a',
                    'é' => 'e',
                    'í' => 'i',
                    'ó' => 'o',
                    'ú' => 'u',
                    c => c,
                })
                .collect();
            let surname = if i % 3 == 0 {
                surname.replacen('r', "rr", 1)
            } else {
                surname
            };
            b.push_str(&format!("b{i},{plain},{surname},{date}\n"));
        } else if i >= 150 {
            b.push_str(&format!("b{i},{given},{surname},{date}\n"));
        }
    }
    fs::write(dir.join("a.csv"), a).unwrap();
    fs::write(dir.join("b.csv"), b).unwrap();
}

#[test]
fn clk_files_link_without_names_and_refuse_a_different_key() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    two_registries(dir);
    fs::write(
        dir.join("key"),
        "a shared secret of more than sixteen bytes\n",
    )
    .unwrap();
    fs::write(
        dir.join("other.key"),
        "another secret of more than sixteen bytes\n",
    )
    .unwrap();
    fs::write(dir.join("short.key"), "short\n").unwrap();
    for (input, output, key) in [
        ("a.csv", "a.clk", "key"),
        ("b.csv", "b.clk", "key"),
        ("b.csv", "c.clk", "other.key"),
    ] {
        let out = rastro(
            &[
                "export", "clk", "--key", key, "--input", input, "--output", output,
            ],
            dir,
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let encoded = fs::read_to_string(dir.join("a.clk")).unwrap();
    assert!(!encoded.to_lowercase().contains("garcia") && !encoded.contains("/19"));

    let out = rastro(&["link", "--clk", "a.clk", "b.clk", "-o", "pairs.csv"], dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let pairs = fs::read_to_string(dir.join("pairs.csv")).unwrap();
    let found: Vec<(String, String)> = pairs
        .lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split(',');
            (f.next().unwrap().to_string(), f.next().unwrap().to_string())
        })
        .collect();
    let right = found.iter().filter(|(a, b)| a[1..] == b[1..]).count();
    assert!(right >= 95, "{right} of 100 links found:\n{pairs}");
    assert!(
        found.len() - right <= 5,
        "{} wrong links:\n{pairs}",
        found.len() - right
    );

    let out = rastro(&["link", "--clk", "a.clk", "c.clk", "-o", "other.csv"], dir);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("same key"), "{}", stderr(&out));
    assert!(!dir.join("other.csv").exists());
    let out = rastro(
        &[
            "export",
            "clk",
            "--key",
            "short.key",
            "--input",
            "a.csv",
            "--output",
            "d.clk",
        ],
        dir,
    );
    assert!(!out.status.success() && stderr(&out).contains("at least 16"));
    assert!(!dir.join("d.clk").exists());
}

/// Imports HTCDS person rows for an organisation; returns the stored ids in file order.
fn import_persons(dir: &Path, org: &str, csv: &str) -> Vec<String> {
    let file = format!("{org}.csv");
    fs::write(dir.join(&file), csv).unwrap();
    let out = rastro_as(org, "caseworker", &["import", "cases", &file], dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = rastro_as(
        org,
        "caseworker",
        &["export", "cases", "--format", "jsonl"],
        dir,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["rastro_id"].as_str().unwrap().to_string()
        })
        .collect()
}

fn persons_line(out: &Output) -> String {
    stderr(out)
        .lines()
        .find(|l| l.contains("distinct persons"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn stored_persons_are_linked_and_reviewers_decisions_hold() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ids = import_persons(
        dir,
        "Shelter",
        "prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship\n\
         María José,García López,1990-04-07,Female,VE\n\
         Maria Jose,Garcia,1990-04-07,Female,VE\n\
         Pedro,Quispe Mamani,1971-11-20,Male,PE\n\
         Quispe,Pedro,1971-11-20,Male,PE\n\
         Ana,Torres,1985-01-01,Female,CO\n\
         Luis,Rojas,1979-06-15,Male,EC\n",
    );
    assert_eq!(ids.len(), 6);
    let police = import_persons(
        dir,
        "Police",
        "prs_FirstName,prs_SecondName,prs_Birthdate\nAna,Torres,1985-01-01\n",
    );

    // Each organisation encodes its stored persons under their record ids, and the two files link
    // (six records are too few for EM to learn much; accuracy is tested on larger files above).
    fs::write(
        dir.join("key"),
        "a shared secret of more than sixteen bytes\n",
    )
    .unwrap();
    for (org, id) in [("Shelter", &ids[4]), ("Police", &police[0])] {
        let output = format!("{org}.clk");
        let args = ["export", "clk", "--key", "key", "--output", &output];
        let out = rastro_as(org, "caseworker", &args, dir);
        assert!(out.status.success(), "{}", stderr(&out));
        let encoded = fs::read_to_string(dir.join(&output)).unwrap();
        assert!(encoded.contains(id.as_str()) && !encoded.contains("Torres"));
    }
    let out = rastro(
        &[
            "link",
            "--clk",
            "Shelter.clk",
            "Police.clk",
            "-o",
            "clk.csv",
        ],
        dir,
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let out = rastro_as("Shelter", "caseworker", &["link", "--store"], dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        persons_line(&out).contains(": 4 distinct persons"),
        "{}",
        stderr(&out)
    );

    // A decision needs a reviewer, and only records the organisation sees.
    let out = rastro_as(
        "Shelter",
        "caseworker",
        &["link", "--store", "--different", &ids[0], &ids[1]],
        dir,
    );
    assert!(!out.status.success() && stderr(&out).contains("--reviewer"));
    let out = rastro_as(
        "Shelter",
        "caseworker",
        &[
            "link",
            "--store",
            "--same",
            &ids[4],
            &police[0],
            "--reviewer",
            "ana",
        ],
        dir,
    );
    assert!(
        !out.status.success() && stderr(&out).contains("visible"),
        "{}",
        stderr(&out)
    );

    // Each decision changes the count the next run finds: the pair the model joined is split,
    // the pair it kept apart is joined.
    let steps = [
        (
            "--different",
            &ids[0],
            &ids[1],
            "1 decisions applied: 5 distinct persons",
        ),
        (
            "--same",
            &ids[4],
            &ids[5],
            "2 decisions applied: 4 distinct persons",
        ),
    ];
    for (flag, a, b, expected) in steps {
        let args = ["link", "--store", flag, a, b, "--reviewer", "ana"];
        let out = rastro_as("Shelter", "caseworker", &args, dir);
        assert!(out.status.success(), "{}", stderr(&out));
        let out = rastro_as("Shelter", "caseworker", &["link", "--store"], dir);
        assert!(out.status.success(), "{}", stderr(&out));
        let line = persons_line(&out);
        assert!(line.contains(expected), "{line}");
    }
}
