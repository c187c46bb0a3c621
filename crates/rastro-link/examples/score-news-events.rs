//! Scores event linkage on a set of real articles against its gold events: each article is
//! extracted with `rastro-extract`, put into the linker's terms as `rastro link --news` does, and
//! linked; pairwise precision, recall and F1 and the events found are printed.
//!
//! `cargo run --release -p rastro-link --example score-news-events -- ARTICLES.jsonl GOLD.tsv
//! [--no-published] [--show] [--explain ID ID]`
//!
//! `GOLD.tsv` has a header and `id<TAB>event` rows. `--no-published` drops every publication date,
//! as a collection of plain-text files would have none; `--show` prints every wrong or missed pair
//! with its evidence. An example rather than a bench binary, because extraction is a
//! development-only dependency of the linker.

use std::collections::HashMap;
use std::process::ExitCode;

use rastro_extract::input::{decode, Format};
use rastro_link::incident::{link_incidents, Incident, IncidentSettings, Place};
use rastro_link::Silent;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("score-news-events: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let explained = args.iter().position(|a| a == "--explain");
    let paths: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(k, a)| !a.starts_with("--") && explained.is_none_or(|e| *k <= e || *k > e + 2))
        .map(|(_, a)| a)
        .collect();
    let [articles_path, gold_path] = paths[..] else {
        return Err("usage: ARTICLES.jsonl GOLD.tsv [--no-published] [--show]".into());
    };
    let bytes = std::fs::read(articles_path).map_err(|e| format!("{articles_path}: {e}"))?;
    let decoded = decode("articles", Format::JsonLines, &bytes);
    if let Some(e) = decoded.errors.first() {
        return Err(format!("{articles_path}: {e}"));
    }
    let gold_text = std::fs::read_to_string(gold_path).map_err(|e| format!("{gold_path}: {e}"))?;
    let mut gold: HashMap<&str, &str> = HashMap::new();
    for (n, line) in gold_text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let (id, event) = line
            .split_once('\t')
            .ok_or_else(|| format!("{gold_path}:{}: expected id<TAB>event", n + 1))?;
        gold.insert(id.trim(), event.trim());
    }
    let no_published = flag("--no-published");
    let mut ids = Vec::new();
    let mut incidents = Vec::new();
    for mut article in decoded.articles {
        if no_published {
            article.published = None;
        }
        let found = rastro_extract::extract(&article);
        ids.push(article.id.clone());
        incidents.push(link_incident(&article, found));
    }
    let truth: Vec<&str> = ids
        .iter()
        .map(|id| {
            gold.get(id.as_str())
                .copied()
                .ok_or_else(|| format!("{id} is not in {gold_path}"))
        })
        .collect::<Result<_, _>>()?;
    let mut settings = IncidentSettings::default();
    // RASTRO_BENCH_THRESHOLD tries another threshold, as for the generated-news bench.
    if let Some(t) = std::env::var("RASTRO_BENCH_THRESHOLD")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
    {
        settings.threshold = t;
    }
    let linkage = link_incidents(&incidents, &settings, &Silent);
    let events = linkage.events(&[], &[]);
    let (mut found, mut correct, mut true_pairs) = (0u64, 0u64, 0u64);
    let mut errors = Vec::new();
    for a in 0..ids.len() {
        for b in a + 1..ids.len() {
            let same_truth = truth[a] == truth[b];
            let same_found = events[a] == events[b];
            found += u64::from(same_found);
            true_pairs += u64::from(same_truth);
            correct += u64::from(same_found && same_truth);
            if same_truth != same_found {
                errors.push((a, b, if same_found { "wrong" } else { "missed" }));
            }
        }
    }
    let precision = correct as f64 / found.max(1) as f64;
    let recall = correct as f64 / true_pairs.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE);
    let distinct = |v: &mut Vec<String>| {
        v.sort();
        v.dedup();
        v.len()
    };
    let events_found = distinct(&mut events.iter().map(|e| e.to_string()).collect());
    let events_true = distinct(&mut truth.iter().map(|e| e.to_string()).collect());
    println!(
        "{} articles; pairs found {found}, true {true_pairs}, correct {correct}",
        ids.len()
    );
    println!("pairwise precision {precision:.4}, recall {recall:.4}, F1 {f1:.4}");
    println!("events: {events_found} found, {events_true} true");
    let roundups: Vec<&str> = linkage
        .roundups()
        .iter()
        .zip(&ids)
        .filter(|(&r, _)| r)
        .map(|(_, id)| id.as_str())
        .collect();
    println!(
        "round-ups (linked to no event): {} {}",
        roundups.len(),
        roundups.join(" ")
    );
    // --explain ID ID: how one pair's weight adds up, whatever the gold says of it.
    if let Some(k) = args.iter().position(|a| a == "--explain") {
        let index = |id: Option<&String>| id.and_then(|id| ids.iter().position(|x| x == id));
        let (Some(a), Some(b)) = (index(args.get(k + 1)), index(args.get(k + 2))) else {
            return Err("--explain needs two article ids of the set".into());
        };
        for s in linkage.explain(a, b) {
            println!("    {:<13} {:+6.2}  {}", s.comparison, s.weight, s.level);
        }
    }
    if flag("--show") {
        for m in &linkage.matches {
            let (a, b) = (m.left as usize, m.right as usize);
            if roundups.contains(&ids[a].as_str()) || roundups.contains(&ids[b].as_str()) {
                println!("round-up match {} - {}: {:+.2}", ids[a], ids[b], m.weight);
            }
        }
        // Each event found with more than one report, and the gold event of each report, so a
        // reviewer sees which reports a cluster took and which it left.
        let mut members: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
        for (k, &e) in events.iter().enumerate() {
            members.entry(e).or_default().push(k);
        }
        for reports in members.values().filter(|r| r.len() > 1) {
            let shown: Vec<String> = reports
                .iter()
                .map(|&k| format!("{} ({})", ids[k], truth[k]))
                .collect();
            println!("event: {}", shown.join(", "));
        }
        for (a, b, what) in errors {
            let steps = linkage.explain(a, b);
            let total: f64 = steps.iter().map(|s| s.weight).sum();
            println!("{what} {} - {}: {total:+.2}", ids[a], ids[b]);
            for s in steps {
                println!("    {:<13} {:+6.2}  {}", s.comparison, s.weight, s.level);
            }
        }
    }
    Ok(())
}

/// The incident as `rastro link --news` gives it to the linker (see `rastro-app`'s `events.rs`).
fn link_incident(article: &rastro_extract::Article, found: rastro_extract::Incident) -> Incident {
    Incident {
        date: found.date,
        published: article.published.clone(),
        countries: found.countries.iter().map(|c| c.to_string()).collect(),
        places: found.places.iter().filter_map(link_place).collect(),
        exploitation: found
            .exploitation
            .iter()
            .map(|f| f.name().to_string())
            .collect(),
        victims: found.victims,
        arrests: found.arrests,
        operations: found.operations,
        groups: found.groups,
        text: format!(
            "{}\n\n{}",
            article.title.as_deref().unwrap_or(""),
            article.text
        ),
    }
}

fn link_place(place: &rastro_extract::Place) -> Option<Place> {
    if place.admin1.is_none() && place.lat.is_none() {
        return None;
    }
    let is_region = place
        .admin1
        .as_deref()
        .is_some_and(|r| rastro_text::fold_key(r) == rastro_text::fold_key(&place.name));
    Some(Place {
        name: place.name.clone(),
        country: place.country.to_string(),
        region: place.admin1.clone(),
        is_region,
    })
}
