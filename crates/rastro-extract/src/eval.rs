//! Evaluation against annotated gold (the format of `ANNOTATION.md`): precision, recall and F1
//! per set field (micro-averaged over articles, strings case- and accent-folded), exact-match
//! accuracy for counts over the articles where either side gives one, accuracy for language and
//! smuggling, and every disagreement so that annotators can check them one by one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use rastro_text::fold_key;
use serde::{Deserialize, Serialize};

use crate::model::Incident;

/// One annotated article.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Gold {
    pub id: String,
    pub language: Option<String>,
    pub countries: Option<Vec<String>>,
    pub exploitation: Option<Vec<String>>,
    pub smuggling: Option<bool>,
    pub victims: Option<u64>,
    pub arrests: Option<u64>,
    pub operations: Option<Vec<String>>,
    pub groups: Option<Vec<String>>,
}

#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[error("gold line {line}: {message}")]
pub struct GoldError {
    pub line: usize,
    pub message: String,
}

/// Reads gold JSON lines; bad lines are reported and the rest are read.
pub fn parse_gold(text: &str) -> (Vec<Gold>, Vec<GoldError>) {
    let mut gold = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Gold>(line) {
            Ok(g) if g.id.trim().is_empty() => errors.push(GoldError {
                line: i + 1,
                message: "field \"id\" is missing or empty".into(),
            }),
            Ok(g) => gold.push(g),
            Err(e) => errors.push(GoldError {
                line: i + 1,
                message: e.to_string(),
            }),
        }
    }
    (gold, errors)
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SetScore {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl SetScore {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// `a / b`, with nothing to find and nothing found counting as perfect.
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
}

impl Accuracy {
    pub fn value(&self) -> f64 {
        ratio(self.correct, self.total)
    }
    fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.correct += 1;
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub id: String,
    pub field: &'static str,
    pub gold: String,
    pub extracted: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub articles: usize,
    /// Gold ids with no extracted article.
    pub missing: Vec<String>,
    pub sets: BTreeMap<&'static str, SetScore>,
    pub counts: BTreeMap<&'static str, Accuracy>,
    pub language: Accuracy,
    pub smuggling: Accuracy,
    pub disagreements: Vec<Disagreement>,
}

fn norm_set(values: &[String], upper: bool) -> BTreeSet<String> {
    values
        .iter()
        .map(|v| {
            if upper {
                v.trim().to_uppercase()
            } else {
                fold_key(v)
            }
        })
        .filter(|v| !v.is_empty())
        .collect()
}

fn show_count(v: Option<u64>) -> String {
    v.map_or_else(|| "null".to_string(), |n| n.to_string())
}

/// A set field of one article: name, gold values (if annotated), the reading's values, and
/// whether values are codes compared in upper case rather than folded text.
type SetField<'a> = (&'static str, Option<&'a Vec<String>>, Vec<String>, bool);

/// What one reading of an article says, in the gold's terms: the extractor's incident, or a
/// second annotator's gold line when two people's readings of the same articles are compared.
struct Reading {
    language: Option<String>,
    smuggling: Option<bool>,
    countries: Vec<String>,
    exploitation: Vec<String>,
    operations: Vec<String>,
    groups: Vec<String>,
    victims: Option<u64>,
    arrests: Option<u64>,
}

impl From<&Incident> for Reading {
    fn from(inc: &Incident) -> Self {
        Reading {
            language: Some(inc.language.code().to_string()),
            smuggling: Some(inc.smuggling),
            countries: inc.countries.iter().map(|c| c.to_string()).collect(),
            exploitation: inc
                .exploitation
                .iter()
                .map(|f| f.name().to_string())
                .collect(),
            operations: inc.operations.clone(),
            groups: inc.groups.clone(),
            victims: inc.victims,
            arrests: inc.arrests,
        }
    }
}

impl From<&Gold> for Reading {
    fn from(g: &Gold) -> Self {
        Reading {
            language: g.language.clone(),
            smuggling: g.smuggling,
            countries: g.countries.clone().unwrap_or_default(),
            exploitation: g.exploitation.clone().unwrap_or_default(),
            operations: g.operations.clone().unwrap_or_default(),
            groups: g.groups.clone().unwrap_or_default(),
            victims: g.victims,
            arrests: g.arrests,
        }
    }
}

/// Scores extracted incidents against gold, matching them by id. Fields a gold line leaves
/// out are not scored for that article.
pub fn evaluate(gold: &[Gold], extracted: &[Incident]) -> Report {
    let readings: Vec<(&str, Reading)> = extracted
        .iter()
        .map(|i| (i.id.as_str(), Reading::from(i)))
        .collect();
    compare(gold, &readings)
}

/// Scores a second annotator's gold lines against the first's, as [`evaluate`] scores the
/// extractor: how far two careful readings of the same articles under the same guide agree,
/// which is what an extractor can be asked to reach.
pub fn agreement(first: &[Gold], second: &[Gold]) -> Report {
    let readings: Vec<(&str, Reading)> = second
        .iter()
        .map(|g| (g.id.as_str(), Reading::from(g)))
        .collect();
    compare(first, &readings)
}

fn compare(gold: &[Gold], readings: &[(&str, Reading)]) -> Report {
    let mut report = Report::default();
    for name in ["countries", "exploitation", "operations", "groups"] {
        report.sets.insert(name, SetScore::default());
    }
    for name in ["victims", "arrests"] {
        report.counts.insert(name, Accuracy::default());
    }
    for g in gold {
        let Some((_, reading)) = readings.iter().find(|(id, _)| *id == g.id) else {
            report.missing.push(g.id.clone());
            continue;
        };
        report.articles += 1;
        let mut disagree = |field: &'static str, gold: String, got: String| {
            report.disagreements.push(Disagreement {
                id: g.id.clone(),
                field,
                gold,
                extracted: got,
            })
        };
        if let Some(lang) = &g.language {
            let got = reading.language.as_deref().unwrap_or("");
            let ok = lang.trim().eq_ignore_ascii_case(got.trim());
            report.language.add(ok);
            if !ok {
                disagree("language", lang.clone(), got.to_string());
            }
        }
        if let Some(s) = g.smuggling {
            let ok = reading.smuggling == Some(s);
            report.smuggling.add(ok);
            if !ok {
                let got = reading
                    .smuggling
                    .map_or("null".to_string(), |b| b.to_string());
                disagree("smuggling", s.to_string(), got);
            }
        }
        let got_sets: [SetField; 4] = [
            (
                "countries",
                g.countries.as_ref(),
                reading.countries.clone(),
                true,
            ),
            (
                "exploitation",
                g.exploitation.as_ref(),
                reading.exploitation.clone(),
                false,
            ),
            (
                "operations",
                g.operations.as_ref(),
                reading.operations.clone(),
                false,
            ),
            ("groups", g.groups.as_ref(), reading.groups.clone(), false),
        ];
        for (field, gold_values, got_values, upper) in got_sets {
            let Some(gold_values) = gold_values else {
                continue;
            };
            let want = norm_set(gold_values, upper);
            let got = norm_set(&got_values, upper);
            let score = report.sets.entry(field).or_default();
            score.true_positives += want.intersection(&got).count();
            let missed: Vec<&String> = want.difference(&got).collect();
            let extra: Vec<&String> = got.difference(&want).collect();
            score.false_negatives += missed.len();
            score.false_positives += extra.len();
            if !missed.is_empty() || !extra.is_empty() {
                let join =
                    |v: Vec<&String>| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
                disagree(
                    field,
                    format!("missing [{}]", join(missed)),
                    format!("extra [{}]", join(extra)),
                );
            }
        }
        for (field, want, got) in [
            ("victims", g.victims, reading.victims),
            ("arrests", g.arrests, reading.arrests),
        ] {
            if want.is_none() && got.is_none() {
                continue;
            }
            let acc = report.counts.entry(field).or_default();
            acc.add(want == got);
            if want != got {
                disagree(field, show_count(want), show_count(got));
            }
        }
    }
    report
}

/// For each count field, how many gold counts are among the counts the readers found before
/// choosing (the ceiling any choosing could reach), and the articles where none was found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Coverage {
    pub counts: BTreeMap<&'static str, Accuracy>,
    /// (id, field, gold, what was read instead) of each gold count no reader found.
    pub unfound: Vec<(String, &'static str, u64, Vec<u64>)>,
}

/// Compares each article's gold counts with the candidates read in it ([`crate::count_candidates`]),
/// matched by id. A gold count left out or null is not scored.
pub fn coverage(gold: &[Gold], found: &[(String, crate::CountCandidates)]) -> Coverage {
    let mut out = Coverage::default();
    for g in gold {
        let Some((_, cands)) = found.iter().find(|(id, _)| *id == g.id) else {
            continue;
        };
        for (field, want, among) in [
            ("victims", g.victims, &cands.victims),
            ("arrests", g.arrests, &cands.arrests),
        ] {
            let Some(want) = want else { continue };
            let ok = among.contains(&want);
            out.counts.entry(field).or_default().add(ok);
            if !ok {
                out.unfound.push((g.id.clone(), field, want, among.clone()));
            }
        }
    }
    out
}

/// One line of a rendered table of accuracies: the field, the share right, and right of all.
fn accuracy_row(out: &mut String, field: &str, a: &Accuracy) {
    let _ = writeln!(
        out,
        "{:<14} {:>9.3} {:>5}/{}",
        field,
        a.value(),
        a.correct,
        a.total
    );
}

impl Coverage {
    /// A plain-text rendering; `with_articles` lists the gold counts no reader found.
    pub fn render(&self, with_articles: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "
{:<14} {:>9} {:>9}",
            "found among", "coverage", "found"
        );
        for (field, a) in &self.counts {
            accuracy_row(&mut out, field, a);
        }
        if with_articles {
            for (id, field, want, among) in &self.unfound {
                let _ = writeln!(
                    out,
                    "  {id:<24} {field:<13} gold {want} not found among {among:?}"
                );
            }
        }
        out
    }
}

impl Report {
    /// A plain-text rendering for terminals and logs.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "articles scored: {}", self.articles);
        if !self.missing.is_empty() {
            let _ = writeln!(out, "gold ids with no article: {}", self.missing.join(", "));
        }
        let _ = writeln!(
            out,
            "\n{:<14} {:>9} {:>9} {:>9} {:>5} {:>5} {:>5}",
            "field", "precision", "recall", "F1", "tp", "fp", "fn"
        );
        for (field, s) in &self.sets {
            let _ = writeln!(
                out,
                "{:<14} {:>9.3} {:>9.3} {:>9.3} {:>5} {:>5} {:>5}",
                field,
                s.precision(),
                s.recall(),
                s.f1(),
                s.true_positives,
                s.false_positives,
                s.false_negatives
            );
        }
        let _ = writeln!(out, "\n{:<14} {:>9} {:>9}", "field", "accuracy", "correct");
        let mut acc: Vec<(&str, &Accuracy)> = self.counts.iter().map(|(k, v)| (*k, v)).collect();
        acc.push(("language", &self.language));
        acc.push(("smuggling", &self.smuggling));
        for (field, a) in acc {
            accuracy_row(&mut out, field, a);
        }
        if !self.disagreements.is_empty() {
            let _ = writeln!(out, "\ndisagreements ({}):", self.disagreements.len());
            for d in &self.disagreements {
                let _ = writeln!(
                    out,
                    "  {:<24} {:<13} gold: {}  extracted: {}",
                    d.id, d.field, d.gold, d.extracted
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Article;

    #[test]
    fn scores_sets_counts_and_lists_disagreements() {
        let inc = crate::extract(&Article::plain(
            "a",
            "La Policía rescató a 5 mujeres víctimas de explotación sexual en Bogotá y detuvo a 2 hombres.",
        ));
        let (gold, errors) = parse_gold(concat!(
            r#"{"id":"a","language":"es","countries":["CO","PE"],"exploitation":["sexual_exploitation"],"victims":5,"arrests":3,"operations":[],"groups":[]}"#,
            "\n",
            r#"{"id":"missing","countries":[]}"#,
            "\nnot json\n"
        ));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        let r = evaluate(&gold, &[inc]);
        assert_eq!(r.articles, 1);
        assert_eq!(r.missing, ["missing"]);
        let c = r.sets["countries"];
        assert_eq!(
            (c.true_positives, c.false_positives, c.false_negatives),
            (1, 0, 1)
        );
        assert!((c.f1() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.sets["exploitation"].f1(), 1.0);
        assert_eq!(
            r.counts["victims"],
            Accuracy {
                correct: 1,
                total: 1
            }
        );
        assert_eq!(
            r.counts["arrests"],
            Accuracy {
                correct: 0,
                total: 1
            }
        );
        assert_eq!(r.language.value(), 1.0);
        let fields: Vec<&str> = r.disagreements.iter().map(|d| d.field).collect();
        assert_eq!(fields, ["countries", "arrests"]);
        assert!(r.render().contains("arrests"));
    }

    #[test]
    fn two_readings_of_the_same_articles_are_compared_field_by_field() {
        let (first, _) = parse_gold(concat!(
            r#"{"id":"a","language":"pt","countries":["BR"],"smuggling":false,"victims":12,"arrests":null,"operations":["Ágata"],"groups":[]}"#,
            "\n",
            r#"{"id":"b","language":"en","countries":["US","MX"],"smuggling":true,"victims":null,"arrests":4}"#,
        ));
        let (second, _) = parse_gold(concat!(
            r#"{"id":"a","language":"pt","countries":["br"],"smuggling":false,"victims":12,"arrests":3,"operations":["agata"],"groups":[]}"#,
            "\n",
            r#"{"id":"b","language":"en","countries":["US"],"victims":null,"arrests":4}"#,
        ));
        let r = agreement(&first, &second);
        assert_eq!(r.articles, 2);
        let c = r.sets["countries"];
        assert_eq!(
            (c.true_positives, c.false_positives, c.false_negatives),
            (2, 0, 1)
        );
        assert_eq!(r.sets["operations"].f1(), 1.0);
        assert_eq!(r.counts["victims"].correct, 1);
        assert_eq!(
            r.counts["arrests"],
            Accuracy {
                correct: 1,
                total: 2
            }
        );
        // A second reading that leaves smuggling out disagrees with one that says it.
        assert_eq!(
            r.smuggling,
            Accuracy {
                correct: 1,
                total: 2
            }
        );
        let fields: Vec<&str> = r.disagreements.iter().map(|d| d.field).collect();
        assert_eq!(fields, ["arrests", "smuggling", "countries"]);
    }

    #[test]
    fn coverage_counts_gold_found_among_candidates() {
        let text =
            "La Policía rescató a 5 mujeres y detuvo a 2 hombres. Otras 3 mujeres habían escapado.";
        let found = vec![(
            "a".to_string(),
            crate::count_candidates(&Article::plain("a", text)),
        )];
        assert!(found[0].1.victims.contains(&5));
        assert!(found[0].1.arrests.contains(&2));
        let (gold, _) = parse_gold(r#"{"id":"a","victims":5,"arrests":4}"#);
        let c = coverage(&gold, &found);
        assert_eq!(
            c.counts["victims"],
            Accuracy {
                correct: 1,
                total: 1
            }
        );
        assert_eq!(
            c.counts["arrests"],
            Accuracy {
                correct: 0,
                total: 1
            }
        );
        let read = found[0].1.arrests.clone();
        assert_eq!(c.unfound, [("a".to_string(), "arrests", 4, read.clone())]);
        assert!(c
            .render(true)
            .contains(&format!("gold 4 not found among {read:?}")));
    }
}
