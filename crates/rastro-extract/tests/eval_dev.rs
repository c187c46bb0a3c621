//! Quality on the development set: the 16 dev articles in `eval/extract/dev` (written for the
//! project from reported facts; see its NOTICE.md), scored with the crate's own evaluation
//! against the annotated gold. The thresholds are the figures the extractor reaches (every field
//! at 1.0 on this set); a change that lowers one fails here. The 68 articles of
//! `eval/extract/tune` (written from real events by writers who never saw the rules) are held to
//! floors a little below what the rules reach on them, and so are the 60 of `tune2` and the 40
//! each of `tune3` … `tune19` (each scored once before any rule was written from it); the
//! held-out set is scored elsewhere and never read by a test. The five seed articles are real news
//! and stay outside the repository; where they are at hand, `rastro eval extract --gold
//! seeds_gold.jsonl --dir seeds/` scores them the same way. The rules were written to be general, and
//! `src/facts/tests.rs` checks them on invented reports that share nothing with this set.

use std::fs;
use std::path::{Path, PathBuf};

use rastro_extract::eval::{evaluate, parse_gold, Report};
use rastro_extract::input::{decode, Format};
use rastro_extract::{extract, Incident};

fn set_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../eval/extract")
        .join(name)
}

fn extract_dir(dir: &Path) -> Vec<Incident> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    entries.sort();
    for path in entries {
        let bytes = fs::read(&path).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let decoded = decode(&stem, Format::Text, &bytes);
        assert!(
            decoded.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            decoded.errors
        );
        out.extend(decoded.articles.iter().map(extract));
    }
    out
}

fn report(name: &str) -> Report {
    let dir = set_dir(name);
    let gold_text = fs::read_to_string(dir.join("gold.jsonl")).expect("gold");
    let (gold, errors) = parse_gold(&gold_text);
    assert!(errors.is_empty(), "{errors:?}");
    evaluate(&gold, &extract_dir(&dir))
}

/// Scores set `name` (of `articles` articles) and fails on any field below its floor.
fn holds_floors(name: &str, articles: usize, floors: &[(&str, f64)]) {
    let r = report(name);
    println!("{}", r.render());
    assert_eq!(r.articles, articles);
    assert!(r.missing.is_empty());
    for &(field, floor) in floors {
        let value = match field {
            "language" => r.language.value(),
            "smuggling" => r.smuggling.value(),
            "arrests" | "victims" => r.counts[field].value(),
            _ => r.sets[field].f1(),
        };
        assert!(
            value >= floor,
            "{name}: {field} {value:.3} below its floor {floor}"
        );
    }
}

#[test]
fn tune_set_quality() {
    // Reached when the floors were last raised: countries 0.993, exploitation 1.000, groups
    // 0.941, operations 0.982, arrests 0.980 (49/50), victims 0.974 (37/38), language and
    // smuggling 1. Victims 0.947 (36/38) since migrants freed from kidnappers are no victims, as
    // the later sets' writers annotated them (s021 counted them). Victims 0.895 (34/38) since a
    // figure needs trafficking or exploitation named, or people called victims: this set's
    // writer alone counted smuggled children (p006) and migrants freed from smugglers (s005).
    holds_floors(
        "tune",
        68,
        &[
            ("countries", 0.97),
            ("exploitation", 0.97),
            ("groups", 0.85),
            ("operations", 0.98),
            ("arrests", 0.94),
            ("victims", 0.89),
            ("language", 1.0),
            ("smuggling", 0.97),
        ],
    );
}

#[test]
fn tune2_set_quality() {
    // Reached when these floors were set: countries 0.994, exploitation 0.876, groups 0.824,
    // operations 1.000, arrests 0.963 (26/27), victims 0.892 (33/37), language 1, smuggling
    // 0.900. The second tuning set was read for kinds of miss, never for one article's words.
    holds_floors(
        "tune2",
        60,
        &[
            ("countries", 0.97),
            ("exploitation", 0.95), // 0.955 with forms told by a sale (xops10)
            ("groups", 0.85),
            ("operations", 0.98),
            ("arrests", 0.92),
            ("victims", 0.85),
            ("language", 1.0),
            ("smuggling", 0.93), // 0.933 with smuggling told by who moves the migrants (xops11)
        ],
    );
}

#[test]
fn tune3_set_quality() {
    // The third tuning set, written after the rules and scored before any rule was written
    // from it: countries 0.972, exploitation 0.966, groups 1.000, operations 0.960, arrests
    // 0.679 (19/28), victims 0.821 (23/28), language 1, smuggling 0.975: what the rules reached
    // on text they never saw. Rules written since from its kinds of miss (a count among those
    // arrested, a figure brought or revised to a value, one more also arrested, people saved
    // from what did not happen, a headline in the present) reach arrests 0.821 (23/28) and
    // victims 0.893 (25/28); the kinds of miss common to several sets (see `tune4`), arrests
    // 0.852 (23/27) and victims 0.926 (25/27).
    holds_floors(
        "tune3",
        40,
        &[
            ("countries", 0.95),
            ("exploitation", 0.97), // 0.982 with the forms of xforms8
            ("groups", 0.95),
            ("operations", 0.98),
            ("arrests", 0.88), // 0.889 (24/27) with lists told with asides (xcount10)
            ("victims", 0.91),
            ("language", 1.0),
            ("smuggling", 0.95),
        ],
    );
}

#[test]
fn tune4_set_quality() {
    // The fourth tuning set, written after the rules and scored before any rule was written
    // from it: countries 0.983, exploitation 0.906, groups 0.667 (one of two), operations 0.600,
    // arrests 0.538 (14/26), victims 0.542 (13/24), language 1, smuggling 0.950. The count
    // phrasings generated from templates in the same round changed none of these; migrants
    // detained by their count's own verb, counted as arrests since, reach arrests 15/26. The
    // readers' reach on its kinds of miss (names through "al"/"ao" and with their own article,
    // "ambos"/"both", migrants detained in a relative clause, one found plus others, a role plus
    // a group, raids elsewhere told each in a sentence, a bare count after its article, the ones
    // counted who say they were victims) reaches operations 1.000, arrests 0.692 (18/26),
    // victims 0.667 (16/24); the learned scorer of victims' counts, 0.750 (18/24). Kinds of miss
    // found in several sets (kidnappings told without trafficking, counts in a question a report
    // left open, "among the arrested", "y a otros cinco") reach arrests 0.750 (18/24), victims
    // 0.783 (18/23).
    holds_floors(
        "tune4",
        40,
        &[
            ("countries", 0.96),
            ("exploitation", 0.98), // 1.000 with the forms of xforms8
            ("groups", 0.99),       // 1.000 with a part named inside a known group (xops13)
            ("operations", 0.95),
            ("arrests", 0.83), // 0.833 (20/24) with a verbless headline (xcount11)
            ("victims", 0.86), // 0.870 (20/23) with u026 adjudicated by the settled call (xcount11)
            ("language", 1.0),
            ("smuggling", 0.92),
        ],
    );
}

#[test]
fn tune5_set_quality() {
    // The fifth tuning set, written after the rules and scored once before any rule was written
    // from it: countries 0.973, exploitation 0.885, groups 0.889, operations 0.783, arrests
    // 0.655 (19/29), victims 0.760 (19/25), language 1, smuggling 0.925. The readers' reach
    // written from `tune4`'s misses and the learned scorer, merged after, changed none of these.
    // The kinds of miss common to several sets (see `tune4`) reach arrests 0.741 (20/27),
    // victims 0.833 (20/24).
    holds_floors(
        "tune5",
        40,
        &[
            ("countries", 0.95),
            ("exploitation", 0.96), // 0.962 with forms told by a sale (xops10)
            ("groups", 0.98),
            ("operations", 0.98),
            ("arrests", 0.73),
            ("victims", 0.82),
            ("language", 1.0),
            ("smuggling", 0.97), // 0.975 with smuggling told by who moves the migrants (xops11)
        ],
    );
}

#[test]
fn tune6_set_quality() {
    // Written from events of 2014–2019 while the rules stood at 494b30c, and scored once then:
    // countries 0.990, exploitation 0.923, operations 0.615, arrests 0.483 (14/29), victims
    // 0.640 (16/25), language 1, smuggling 0.925. Its one gold group was missed then (F1 0);
    // since names in apposition to a group word are read, it is found (groups 1.000). The kinds
    // of count miss common to several sets (see `tune4`) reach arrests 0.536 (15/28), victims
    // 0.667 (16/24).
    holds_floors(
        "tune6",
        40,
        &[
            ("countries", 0.97),
            ("exploitation", 0.92), // 0.939 with the forms of xforms8
            ("groups", 0.98),
            ("operations", 0.98),
            ("arrests", 0.60), // 0.607 (17/28) with a warrant served (xcount10)
            ("victims", 0.74), // 0.750 (18/24) with the retrained scorer (xcount11)
            ("language", 1.0),
            ("smuggling", 0.9),
        ],
    );
}

#[test]
fn tune7_set_quality() {
    // Written from events of 2020–2026 by another writer at the same time, scored once at
    // 494b30c: countries 0.990, exploitation 0.935, groups 0.400, operations 0.769, arrests
    // 0.741 (20/27), victims 0.739 (17/23), language 1, smuggling 0.925. With the learned
    // scorer retrained on all eight sets and the kinds of miss common to several sets (see
    // `tune4`): arrests 0.741 (20/27), victims 0.773 (17/22).
    holds_floors(
        "tune7",
        40,
        &[
            ("countries", 0.97),
            ("exploitation", 0.98), // 0.983 once "tráfico de niños" is no adoption (xops10)
            ("groups", 0.65),
            ("operations", 0.98),
            ("arrests", 0.77), // 0.778 (21/27) with arrests besides the headline's (xcount9)
            ("victims", 0.76),
            ("language", 1.0),
            ("smuggling", 0.9),
        ],
    );
}

#[test]
fn tune8_set_quality() {
    // Written at this stop's start (court rulings, statistics releases, interceptions) and scored
    // once then: countries 0.978, exploitation 0.899, groups 1.000, operations 0.778, arrests
    // 0.684 (13/19), victims 0.524 (11/21), language 1, smuggling 0.950. Operations 0.875 after
    // the same stop's changes to the operation reader (two false names gone); arrests 0.722
    // (13/18) once a span of months ("de enero a marzo") was read as a period. Exploitation
    // 0.925 once generalities name no form, operations 0.941 with editions named without the
    // word "operation" (xopf9).
    holds_floors(
        "tune8",
        40,
        &[
            ("countries", 0.97),
            ("exploitation", 0.96), // 0.969 once forms asked about name none (xops10)
            ("groups", 0.98),
            ("operations", 0.99), // 1.000 once "Operation X Guard" keeps its last word (xops11)
            ("arrests", 0.83),    // 0.833 (15/18) with a labelled list (xcount11)
            ("victims", 0.56),    // 0.571 (12/21) with one victim spoken of (xcount9)
            ("language", 1.0),
            ("smuggling", 0.94),
        ],
    );
}

#[test]
fn tune9_set_quality() {
    // Written at this stop's start by another writer and scored once then: countries 0.980,
    // exploitation 0.836, groups 0.857, operations 0.941, arrests 0.655 (19/29), victims 0.696
    // (16/23), language 1, smuggling 0.925. After the same stop's changes to the group and count
    // readers: groups 1.000, victims 0.727 (16/22). Exploitation 0.943 once generalities name no
    // form and forms told without their noun are read, operations 1.000 with editions named
    // without the word "operation" (xopf9).
    holds_floors(
        "tune9",
        40,
        &[
            ("countries", 0.97),
            ("exploitation", 0.96), // 0.962 with slavery beside another form (xops10)
            ("groups", 0.98),
            ("operations", 0.99),
            ("arrests", 0.72), // 0.724 (21/29) with a warrant served and a date's year (xcount10)
            ("victims", 0.72), // 0.727 (16/22): workers found need a freeing told (xcount10)
            ("language", 1.0),
            ("smuggling", 0.94), // 0.950 with smuggling told by who moves the migrants (xops11)
        ],
    );
}

#[test]
fn tune10_set_quality() {
    // Written at the next stop's start (Mexico, Central America, the Caribbean) and scored once
    // then, before any rule was written from it: countries 0.984, exploitation 0.929, groups
    // 0.000 (one group, missed), operations 0.720, arrests 0.667 (18/27), victims 0.476 (10/21),
    // language 1, smuggling 0.850. That stop's changes moved none of its figures.
    holds_floors(
        "tune10",
        40,
        &[
            ("countries", 0.98),
            ("exploitation", 0.98), // 0.982 with labour beside sex and a code's sections (xops11)
            ("groups", 1.0), // its one group, named before "Trafficking Organization" (xops13)
            ("operations", 0.99), // 1.000 with quoted names listed after "investigations" (xops13)
            ("arrests", 0.81), // 0.815 (22/27) with an object after a setting (xcount11)
            ("victims", 0.52), // 0.524 (11/21) with the retrained scorer (xcount11)
            ("language", 1.0),
            ("smuggling", 0.87), // 0.875 with smuggling told by who moves the migrants (xops11)
        ],
    );
}

#[test]
fn tune11_set_quality() {
    // Written at the next stop's start (South America) and scored once then: countries 0.982,
    // exploitation 0.849, groups 0.727, operations 0.933, arrests 0.842 (16/19), victims 0.759
    // (22/29), language 1, smuggling 1. That stop's changes moved none of its figures.
    holds_floors(
        "tune11",
        40,
        &[
            ("countries", 0.98),
            ("exploitation", 0.90), // 0.907 with forms told at once or by unpaid work (xops10)
            ("groups", 0.72),
            ("operations", 0.93),
            ("arrests", 0.84),
            ("victims", 0.75),
            ("language", 1.0),
            ("smuggling", 0.99),
        ],
    );
}

#[test]
fn tune12_set_quality() {
    // Written at the next stop's start (forced labour in mines, kilns and boats, forced
    // criminality, begging, sales of babies, online abuse) and scored once then: countries 0.979,
    // exploitation 0.786, groups 0.800, operations 1.000, arrests 0.500 (11/22), victims 0.577
    // (15/26), language 1, smuggling 0.850. Victims 0.556 (15/27) once workers found where
    // exploitation is reported count as victims (xcount9): 35 workers its writer left null.
    holds_floors(
        "tune12",
        40,
        &[
            ("countries", 0.97),
            ("exploitation", 0.95), // 0.951 with organs bought or taken out (xops11)
            ("groups", 0.79),
            ("operations", 0.99),
            ("arrests", 0.63), // 0.636 (14/22) after xcount10, which read its misses
            ("victims", 0.69), // 0.692 (18/26) with the settled call and the scorer (xcount11)
            ("language", 1.0),
            ("smuggling", 0.92), // 0.925 with smuggling told by who moves the migrants (xops11)
        ],
    );
}

#[test]
fn tune13_set_quality() {
    // Written at the stop after `tune12` (Brazil and the Southern Cone: inspections, warrants
    // served in several states, domestic servitude, sentences) and scored once then: countries
    // 0.988, exploitation 0.923, groups 0 (0/2), operations 0.870, arrests 0.714 (15/21),
    // victims 0.690 (20/29), language 1, smuggling 1. That stop's rules, written from none of it:
    // exploitation 0.950; victims 0.655 (19/29), twelve workers found at a slave-labour
    // inspection that its writer counted and the rule for workers found no longer does.
    holds_floors(
        "tune13",
        40,
        &[
            ("countries", 0.98),
            ("exploitation", 0.96), // 0.963 with labour trafficking named (xops11)
            ("groups", 0.0),
            ("operations", 0.86),
            ("arrests", 0.71),
            ("victims", 0.65),
            ("language", 1.0),
            ("smuggling", 0.99),
        ],
    );
}

#[test]
fn tune14_set_quality() {
    // Written beside `tune13` (the Andes, Mexico, Central America and the Caribbean: smuggling
    // at sea and at borders, rescues from mines and bars, online abuse, forced recruitment) and
    // scored once then: countries 0.987, exploitation 0.762, groups 1, operations 1, arrests 0.600
    // (15/25), victims 0.458 (11/24), language 1, smuggling 0.825. That stop's rules, written
    // from none of it, changed no answer.
    holds_floors(
        "tune14",
        40,
        &[
            ("countries", 0.98),
            ("exploitation", 0.84), // 0.844 with household work under force and labour named (xops11)
            ("groups", 0.99),
            ("operations", 0.99),
            ("arrests", 0.63), // 0.640 (16/25) with a suspect handed over (xcount11)
            ("victims", 0.45),
            ("language", 1.0),
            ("smuggling", 0.97), // 0.975 with smuggling told by who moves the migrants (xops11)
        ],
    );
}

#[test]
fn tune15_set_quality() {
    // Written at the stop after `tune14` (Mexico, Central America, Colombia, Venezuela; four of
    // its forty events had been written before, in `tune`, `tune2` and `tune11`) and scored once
    // then: countries 0.989, exploitation 0.939, groups 0.833, operations 0.727, arrests 0.613
    // (19/31), victims 0.478 (11/23), language 1, smuggling 0.875. That stop's rules, written
    // from none of it, moved smuggling to 0.900; victims 0.524 (11/21) once a year placed by a
    // word of time and a figure not given ("did not say how many victims") stopped being read
    // as counts (two rules written after its first score).
    holds_floors(
        "tune15",
        40,
        &[
            ("countries", 0.98),
            ("exploitation", 0.93),
            ("groups", 0.83),
            ("operations", 0.72),
            ("arrests", 0.61),
            ("victims", 0.52),
            ("language", 1.0),
            ("smuggling", 0.89),
        ],
    );
}

#[test]
fn tune16_set_quality() {
    // Written beside `tune15` (Brazil, the Andes south of Colombia, Paraguay, Argentina, the
    // Caribbean; one event written before, in `tune12`) and scored once then: countries 0.973,
    // exploitation 0.926, groups 0.400, operations 0.933, arrests 0.609 (14/23), victims 0.750
    // (18/24), language 1, smuggling 0.925. That stop's rules, written from none of it, changed
    // no answer.
    holds_floors(
        "tune16",
        40,
        &[
            ("countries", 0.97),
            ("exploitation", 0.92),
            ("groups", 0.39),
            ("operations", 0.93),
            ("arrests", 0.60),
            ("victims", 0.74),
            ("language", 1.0),
            ("smuggling", 0.92),
        ],
    );
}

#[test]
fn tune17_set_quality() {
    // Written at stop 34 (Uruguay, Panama, Costa Rica, Honduras, the Dominican Republic and
    // Haiti, Belize, Argentina's north, Brazil's north and centre-west, the Florida Keys, Spain;
    // one event written before, in `tune10`) and scored once then: countries 0.987, exploitation
    // 0.902, groups 0.400, operations 0.889, arrests 0.727 (16/22), victims 0.565 (13/23),
    // language 1, smuggling 0.900. That stop's rules, written from none of it, left victims at
    // 13/22 (one false figure fewer) and smuggling at 0.925, and changed nothing else.
    holds_floors(
        "tune17",
        40,
        &[
            ("countries", 0.98),
            ("exploitation", 0.90),
            ("groups", 0.99), // 1.000 with "the so-called Molina organization" (xops13)
            ("operations", 0.99), // 1.000 once that name is no operation (xops13)
            ("arrests", 0.72),
            ("victims", 0.59),
            ("language", 1.0),
            ("smuggling", 0.92),
        ],
    );
}

#[test]
fn tune18_set_quality() {
    // Written at stop 35 (Bolivia, Paraguay, Peru, Ecuador, Guatemala, southern Mexico, the
    // Guianas, Trinidad, Curaçao and Aruba, southern and north-eastern Brazil, Chile's north,
    // Portugal) and scored once then: countries 0.940, exploitation 1.000, groups 0.667,
    // operations 1.000, arrests 0.682 (15/22), victims 0.696 (16/23), language 1, smuggling
    // 0.925. A judging set: rules are not written from its articles. That stop's rules, written
    // from none of it, changed no answer.
    holds_floors(
        "tune18",
        40,
        &[
            ("countries", 0.94),
            ("exploitation", 0.99),
            ("groups", 0.66),
            ("operations", 0.99),
            ("arrests", 0.68),
            ("victims", 0.69),
            ("language", 1.0),
            ("smuggling", 0.92),
        ],
    );
}

#[test]
fn tune19_set_quality() {
    // Written at stop 36 (Colombia's interior, the Dominican Republic and Haiti, Darién, Costa
    // Rica, northern Mexico, Argentina, Brazil's centre-west and north, Sicily, the United States'
    // border and the Keys) and scored once then, before any rule was written from it: countries
    // 0.976, exploitation 1.000, groups 1.000, operations 1.000, arrests 0.769 (20/26), victims
    // 0.762 (16/21), language 1, smuggling 0.950. A tuning set from then on.
    holds_floors(
        "tune19",
        40,
        &[
            ("countries", 0.96),
            ("exploitation", 0.99),
            ("groups", 0.99),
            ("operations", 0.99),
            ("arrests", 0.73),
            ("victims", 0.71),
            ("language", 1.0),
            ("smuggling", 0.94),
        ],
    );
}

#[test]
fn dev_set_quality() {
    let r = report("dev");
    println!("{}", r.render());
    assert_eq!(r.articles, 16);
    assert!(r.missing.is_empty());
    let f1 = |field: &str| r.sets[field].f1();
    let acc = |field: &str| r.counts[field].value();
    assert!(r.language.value() >= 1.0, "language {}", r.language.value());
    assert!(f1("countries") >= 0.999, "countries F1 {}", f1("countries"));
    assert!(
        f1("exploitation") >= 0.999,
        "exploitation F1 {}",
        f1("exploitation")
    );
    assert!(acc("victims") >= 0.999, "victims {}", acc("victims"));
    assert!(acc("arrests") >= 0.999, "arrests {}", acc("arrests"));
    assert!(
        f1("operations") >= 0.999,
        "operations F1 {}",
        f1("operations")
    );
    assert!(f1("groups") >= 0.999, "groups F1 {}", f1("groups"));
    assert!(
        r.smuggling.value() >= 0.999,
        "smuggling {}",
        r.smuggling.value()
    );
}
