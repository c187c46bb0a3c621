//! Event linkage on every labelled news set in `eval/` (real reports of real events, with
//! confounders and round-ups), with and without publication dates: each figure must stay at or
//! above its floor. A floor sits just below the figure measured when it was set; sets named
//! `tune…` were scored once before any rule was written from them (their first figures are in
//! each stop's closing note). The held-out set is not read here.

#[path = "support/news_set.rs"]
mod news_set;

use std::path::PathBuf;

use rastro_link::incident::IncidentSettings;

use news_set::NewsSet;

/// (set, precision, recall) floors with publication dates, then without.
const FLOORS: &[(&str, [(f64, f64); 2])] = &[
    ("news_events", [(0.99, 0.99), (0.99, 0.91)]),
    ("news_events_tune", [(0.99, 0.90), (0.99, 0.76)]),
    // Stop 34: the extraction stopped calling migrants and smuggled people victims, and read
    // code names of cases as operations; the linker tells events by their migrants where no
    // victims are counted. Without dates 0.750 / 0.947.
    ("news_events_tune2", [(0.77, 0.73), (0.74, 0.94)]),
    // Without dates raised when a shortened operation name ("Global Chain" for "Global Chain
    // 2025") stopped counting as another operation: 0.958 / 0.719.
    // Stop 34: lowered after the extraction read code names of cases as operations and stopped
    // calling smuggled people victims (a judging set; not read): 0.889 / 0.750.
    ("news_events_tune3", [(0.88, 0.75), (0.95, 0.71)]),
    ("news_events_tune4", [(0.87, 0.91), (0.76, 0.97)]),
    ("news_events_tune5", [(0.92, 0.97), (0.92, 0.97)]),
    // First scored at this stop's start: 0.800 / 0.625 and 0.786 / 0.688.
    // Without dates 0.778 / 0.656 since the rare names left out names that are no names
    // (1c2b8b1): one pair, el-alto-oruro, lost its second shared name.
    // Without dates raised when reports agreeing on three facts of their own and on nothing
    // against joined on weaker evidence: 0.785 / 0.687.
    // With dates raised when a count of one stopped telling against a few dozen: 0.853 / 0.906.
    // Without dates raised when a month-dated report met its town's later reports in blocking
    // (the trial ordered) and a count every event shares stopped hiding a round-up: 0.920 / 0.719.
    ("news_events_tune6", [(0.85, 0.90), (0.91, 0.71)]),
    // First scored at this stop's start: 0.700 / 0.438 and 0.818 / 0.281.
    // Without dates 0.813 / 0.406 since acronyms and laws were left out of the rare names
    // (one pair more found, one false pair more).
    // Raised at the stop whose sets were split into writing and judging ones (this one judges):
    // 0.863 / 0.593 and 0.812 / 0.406.
    ("news_events_tune7", [(0.86, 0.59), (0.81, 0.40)]),
    // The next three were written at the next stop's start and first scored then: 0.625 / 0.536
    // and 0.579 / 0.393; 0.710 / 0.688 and 0.828 / 0.750; 0.810 / 0.486 and 0.778 / 0.400.
    // The floors are that stop's end, its rules written from none of them.
    // Raised when a part stopped contradicting its total (80 rescued against "four fishermen")
    // and "caen 18" became a raid's headline: 0.720 / 0.643 and 0.667 / 0.429.
    // Without dates 0.647 / 0.393 since extraction stopped reading a date's year as a count:
    // the opinion piece k021 now gives its own event's 27 women freed instead of "2024".
    // Without dates raised with the three agreeing facts: 0.684 / 0.464.
    // Raised when operation names translated through the lexicon of their words ("Amanecer",
    // "Dawn"; "Trama Rota", "Broken Plot") became the same operation: 0.714 / 0.714 and
    // 0.708 / 0.607.
    // Stop 34: the extraction stopped calling migrants and smuggled people victims, and read
    // code names of cases as operations; the linker tells events by their migrants where no
    // victims are counted. 0.692 / 0.643 and 0.737 / 0.500.
    // Raised when headlines' charges ("acusa") and verdicts ("sent to prison") were read as
    // court stages: 0.741 / 0.714 and 0.882 / 0.536.
    ("news_events_tune8", [(0.80, 0.71), (0.94, 0.57)]),
    // Raised with the shortened operation names ("Úbeda" for "Transnacional Úbeda"): 0.806 /
    // 0.781 and 0.800 / 0.750.
    // Raised with the three agreeing facts (a judging set): 0.866 / 0.812 and 0.862 / 0.781.
    // Stop 34: the extraction stopped calling migrants and smuggled people victims, and read
    // code names of cases as operations; the linker tells events by their migrants where no
    // victims are counted. 0.862 / 0.781 and 0.857 / 0.750
    // (a judging set).
    ("news_events_tune9", [(0.86, 0.78), (0.85, 0.75)]),
    // Raised with the same change: 0.818 / 0.514 and 0.789 / 0.429.
    // Raised with 'Camaleón' read as 'Chameleon' translated and the three agreeing facts:
    // 0.833 / 0.571 and 0.809 / 0.485.
    // Stop 34: the extraction stopped calling migrants and smuggled people victims, and read
    // code names of cases as operations; the linker tells events by their migrants where no
    // victims are counted. Without dates 0.800 / 0.457.
    ("news_events_tune10", [(0.83, 0.57), (0.80, 0.45)]),
    // Written at the stop after and first scored then: 0.704 / 0.704 and 0.652 / 0.556; that
    // stop's rules, written from none of it, left it there.
    // Without dates raised with the three agreeing facts (a judging set): 0.667 / 0.593.
    ("news_events_tune11", [(0.70, 0.70), (0.66, 0.59)]),
    // Written at the stop after (Guyana, Nicaraguan women in Spain, southern Brazil's apple
    // harvest, Monterrey) and first scored then: 0.931 / 0.871 and 0.812 / 0.839; that stop's
    // rules, written from none of it, left it there.
    ("news_events_tune12", [(0.93, 0.87), (0.81, 0.83)]),
    // Written at stop 34 (north-east Argentina, Cuyo's and the north's farm work, Costa Rica,
    // the Dominican Republic) and first scored then: 0.727 / 0.774 and 0.760 / 0.613; 0.722 /
    // 0.839 and 0.731 / 0.613 after that stop's changes, written from none of it.
    // Raised when texts naming three years, two with a month, became round-ups: 0.867 / 0.839
    // and 0.852 / 0.742.
    ("news_events_tune13", [(0.89, 0.83), (0.88, 0.74)]),
    // Written at stop 35 (north Chile, Bolivia, Paraguay, Peru, Ecuador, Chiapas, Cartagena,
    // Venezuela's coast and the Dutch Caribbean, Guatemala, Honduras, southern and north-eastern
    // Brazil) and first scored then: 0.719 / 0.821 and 0.667 / 0.714. A judging set.
    ("news_events_tune14", [(0.71, 0.82), (0.66, 0.71)]),
    // Written at stop 36 (Pará, Mato Grosso and Goiás; Chihuahua; Bogotá and Valle del Cauca;
    // Maracaibo; the Dominican-Haitian border; Guanacaste; same-neighbourhood raids with equal
    // counts, an operation's next edition, a committal in another language, three round-ups) and
    // first scored then: 0.690 / 0.833 and 0.625 / 0.833. A tuning set from then on.
    ("news_events_tune15", [(0.80, 0.83), (0.68, 0.83)]),
];

fn set_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../eval")
        .join(name)
}

#[test]
fn every_labelled_news_set_stays_at_or_above_its_floors() {
    let settings = IncidentSettings::default();
    let mut below = Vec::new();
    for (name, floors) in FLOORS {
        let dir = set_dir(name);
        let set = NewsSet::read(&dir.join("articles.jsonl"), &dir.join("gold.tsv"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for (no_published, (precision_floor, recall_floor)) in [false, true].into_iter().zip(floors)
        {
            let (_, score) = set.link(no_published, &settings);
            let (p, r) = (score.precision(), score.recall());
            eprintln!("{name} no_published={no_published}: precision {p:.3}, recall {r:.3}");
            if p < *precision_floor || r < *recall_floor {
                below.push(format!(
                    "{name} (no_published={no_published}): precision {p:.3} (floor {precision_floor}), \
                     recall {r:.3} (floor {recall_floor})"
                ));
            }
        }
    }
    assert!(
        below.is_empty(),
        "below their floors:\n{}",
        below.join("\n")
    );
}

#[test]
fn a_set_whose_gold_lacks_an_article_is_refused() {
    let dir = tempfile_dir();
    std::fs::write(
        dir.join("articles.jsonl"),
        "{\"id\":\"a1\",\"title\":\"t\",\"text\":\"Police rescued 3 women in Lima.\"}\n",
    )
    .unwrap();
    std::fs::write(dir.join("gold.tsv"), "id\tevent\nb1\tE1\n").unwrap();
    let err = NewsSet::read(&dir.join("articles.jsonl"), &dir.join("gold.tsv"))
        .err()
        .expect("an article without gold must be refused");
    assert!(err.contains("a1"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rastro-news-sets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
