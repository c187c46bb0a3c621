//! The generated news: deterministic, spread over time and languages, and read correctly by the
//! project's own extraction engine (countries, forms, counts), while control articles read as
//! no incident at all.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rastro_extract::{ExploitationForm, Incident};
use rastro_synth::news::{
    generate_articles, generate_news, EventKind, Form, SynthArticle, SynthNews,
};

/// 2025-06-15, a fixed "today" so that the figures below do not move with the calendar.
const TODAY: i64 = 20_254;

fn extract(a: &SynthArticle) -> Incident {
    rastro_extract::extract(&rastro_extract::Article {
        id: a.id.clone(),
        title: Some(a.title.clone()),
        text: a.text.clone(),
        url: Some(a.url.clone()),
        published: Some(a.published.clone()),
        line: None,
    })
}

fn expected_form(form: Form) -> ExploitationForm {
    match form {
        Form::SexualExploitation => ExploitationForm::SexualExploitation,
        Form::ForcedLabour => ExploitationForm::ForcedLabour,
        Form::ForcedBegging => ExploitationForm::ForcedBegging,
        Form::ForcedMarriage => ExploitationForm::ForcedMarriage,
        Form::ForcedCriminality => ExploitationForm::ForcedCriminality,
    }
}

fn days(date: &str) -> i64 {
    rastro_model::Date::parse(date)
        .map(|d| d.days_since_epoch())
        .unwrap_or(i64::MIN)
}

#[test]
fn the_same_seed_gives_the_same_news_and_another_seed_other_news() {
    let a = generate_articles(7, 120, TODAY);
    let b = generate_articles(7, 120, TODAY);
    let c = generate_articles(8, 120, TODAY);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn counts_languages_dates_and_urls() {
    let events = 400;
    let news: SynthNews = generate_news(11, events, TODAY);
    let articles = &news.articles;
    let incident_ids: BTreeSet<u32> = news
        .events
        .iter()
        .filter(|e| !e.is_control())
        .map(|e| e.id)
        .collect();
    assert_eq!(incident_ids.len(), events);
    assert_eq!(incident_ids.iter().max().copied(), Some(events as u32 - 1));

    let mut per_event: HashMap<u32, usize> = HashMap::new();
    for a in articles {
        *per_event.entry(a.event).or_default() += 1;
    }
    // Every incident is reported, by one to four outlets; controls by one.
    for id in &incident_ids {
        let n = per_event.get(id).copied().unwrap_or(0);
        assert!((1..=4).contains(&n), "event {id}: {n} articles");
    }
    let multi = incident_ids
        .iter()
        .filter(|id| per_event.get(id).copied().unwrap_or(0) > 1)
        .count();
    assert!(
        multi * 2 > events,
        "most events have several reports: {multi}"
    );
    let controls = articles.iter().filter(|a| a.event >= events as u32).count();
    let share = controls as f64 / articles.len() as f64;
    assert!((0.08..0.13).contains(&share), "control share {share}");

    let langs: BTreeMap<&str, usize> = articles.iter().fold(BTreeMap::new(), |mut m, a| {
        *m.entry(a.language).or_default() += 1;
        m
    });
    assert_eq!(
        langs.keys().copied().collect::<Vec<_>>(),
        ["en", "es", "pt"]
    );
    assert!(
        langs["es"] > langs["en"] && langs["en"] > 0 && langs["pt"] > 0,
        "{langs:?}"
    );

    let ids: BTreeSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let urls: BTreeSet<&str> = articles.iter().map(|a| a.url.as_str()).collect();
    assert_eq!(ids.len(), articles.len(), "ids are unique");
    assert_eq!(urls.len(), articles.len(), "URLs are unique");

    let events_by_id: HashMap<u32, i64> = news.events.iter().map(|e| (e.id, e.day)).collect();
    let mut last_month = 0;
    let mut last_year = 0;
    for a in articles {
        let p = days(&a.published);
        assert!((TODAY - 913..=TODAY).contains(&p), "{}", a.published);
        let event_day = events_by_id.get(&a.event).copied().unwrap_or(i64::MIN);
        assert!(
            (0..=3).contains(&(p - event_day)),
            "published 0–3 days after the event"
        );
        if p > TODAY - 30 {
            last_month += 1;
        }
        if p > TODAY - 365 {
            last_year += 1;
        }
        assert!(a.url.starts_with("https://"), "{}", a.url);
        let host = a.url["https://".len()..].split('/').next().unwrap_or("");
        assert!(host.ends_with(".example"), "{}", a.url);
        assert!(
            a.url
                .contains(&format!("/{}/{}/", &a.published[..4], &a.published[5..7])),
            "{} {}",
            a.url,
            a.published
        );
        let words = a.text.split_whitespace().count();
        assert!((80..=250).contains(&words), "{words} words: {}", a.text);
        assert!(!a.title.is_empty() && !a.title.ends_with('.'));
    }
    assert!(last_month > 0, "some news in the last 30 days");
    assert!(
        last_year * 2 > articles.len(),
        "most news in the last year: {last_year} of {}",
        articles.len()
    );
    // Older news is sparser: the last 30 days hold more than a 30th of the 30 months.
    assert!(last_month * 30 > articles.len(), "{last_month}");
}

#[test]
fn a_handful_of_events_still_has_recent_news() {
    let news = generate_news(3, 3, TODAY);
    assert!(news
        .articles
        .iter()
        .any(|a| days(&a.published) > TODAY - 30));
    assert!(generate_articles(3, 0, TODAY).is_empty());
}

#[test]
fn a_thousand_events_are_generated_quickly() {
    let start = std::time::Instant::now();
    let articles = generate_articles(1, 1000, TODAY);
    let elapsed = start.elapsed();
    assert!(articles.len() > 2000);
    // Well under a second in release builds; debug builds are several times slower.
    let limit = if cfg!(debug_assertions) { 3.0 } else { 0.5 };
    assert!(elapsed.as_secs_f64() < limit, "{elapsed:?}");
}

#[test]
fn text_is_clean_plain_prose() {
    for a in generate_articles(5, 300, TODAY) {
        for bad in ["{", "}", "  ", ",,", " ,", " .", "..", "<", ">", "\t"] {
            assert!(
                !a.text.contains(bad) && !a.title.contains(bad),
                "{bad:?} in {}: {}\n{}",
                a.id,
                a.title,
                a.text
            );
        }
        assert!(a.text.ends_with('.') || a.text.ends_with('”') || a.text.ends_with('»'));
        let first = a.title.chars().next().unwrap_or(' ');
        assert!(
            first.is_uppercase() || first.is_ascii_digit(),
            "{}",
            a.title
        );
    }
}

/// Sentences of more than four words, for comparing articles.
fn sentences(text: &str) -> BTreeSet<&str> {
    text.split(['.', '\n'])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() > 4)
        .collect()
}

#[test]
fn outlets_word_one_event_differently() {
    let articles = generate_articles(3, 600, TODAY);
    let mut by_event: BTreeMap<(u32, &str), Vec<&SynthArticle>> = BTreeMap::new();
    for a in &articles {
        by_event.entry((a.event, a.language)).or_default().push(a);
    }
    let mut shares = Vec::new();
    let mut same_titles = 0;
    for reports in by_event.values() {
        for (i, a) in reports.iter().enumerate() {
            for b in &reports[i + 1..] {
                let (sa, sb) = (sentences(&a.text), sentences(&b.text));
                let shared = sa.intersection(&sb).count();
                shares.push(shared as f64 / sa.len().min(sb.len()).max(1) as f64);
                same_titles += usize::from(a.title == b.title);
            }
        }
    }
    assert!(shares.len() > 200, "{} pairs in one language", shares.len());
    shares.sort_by(f64::total_cmp);
    let median = shares[shares.len() / 2];
    let p90 = shares[shares.len() * 9 / 10];
    // Outlets sometimes share a sentence, as they do when they copy a police statement, but
    // most pairs share none and none is a copy of another.
    assert!(median <= 0.1, "median share of sentences {median}");
    assert!(p90 <= 0.35, "90th percentile {p90}");
    assert!(shares.iter().all(|&s| s < 0.8), "a copy");
    assert!(same_titles * 50 < shares.len(), "{same_titles} same titles");
}

/// Agreement between the generated facts and what the extraction engine reads.
struct Agreement {
    trafficking: usize,
    country: usize,
    form: usize,
    form_exact: usize,
    victims: usize,
    arrests: usize,
    operations: (usize, usize),
    groups: (usize, usize),
    smuggling: usize,
    smuggling_flag: usize,
    migrants: usize,
    smuggling_country: usize,
    controls: usize,
    controls_without_form: usize,
    controls_without_smuggling: usize,
    /// Articles (trafficking or smuggling) whose language was identified correctly.
    language: usize,
    misses: Vec<String>,
}

fn measure(seed: u64, events: usize) -> (usize, Agreement) {
    let news = generate_news(seed, events, TODAY);
    let facts: HashMap<u32, &rastro_synth::news::SynthEvent> =
        news.events.iter().map(|e| (e.id, e)).collect();
    let mut m = Agreement {
        trafficking: 0,
        country: 0,
        form: 0,
        form_exact: 0,
        victims: 0,
        arrests: 0,
        operations: (0, 0),
        groups: (0, 0),
        smuggling: 0,
        smuggling_flag: 0,
        migrants: 0,
        smuggling_country: 0,
        controls: 0,
        controls_without_form: 0,
        controls_without_smuggling: 0,
        language: 0,
        misses: Vec::new(),
    };
    for a in &news.articles {
        let Some(ev) = facts.get(&a.event) else {
            continue;
        };
        let inc = extract(a);
        let found_country = inc.countries.iter().any(|c| c.as_str() == ev.country);
        if inc.language.code() == a.language {
            m.language += 1;
        }
        let mut miss = |what: &str, got: String| {
            m.misses.push(format!(
                "[{what}] got {got}; expected {ev:?}\n{}\n{}\n",
                a.title, a.text
            ))
        };
        match ev.kind {
            EventKind::Trafficking(form) => {
                m.trafficking += 1;
                if found_country {
                    m.country += 1;
                } else {
                    miss("country", format!("{:?}", inc.countries));
                }
                let want = expected_form(form);
                if inc.exploitation.contains(&want) {
                    m.form += 1;
                    if inc.exploitation.len() == 1 {
                        m.form_exact += 1;
                    } else {
                        miss("extra form", format!("{:?}", inc.exploitation));
                    }
                } else {
                    miss("form", format!("{:?}", inc.exploitation));
                }
                if inc.victims == Some(u64::from(ev.victims)) {
                    m.victims += 1;
                } else {
                    miss("victims", format!("{:?}", inc.victims));
                }
                if inc.arrests.unwrap_or(0) == u64::from(ev.arrests) {
                    m.arrests += 1;
                } else {
                    miss("arrests", format!("{:?}", inc.arrests));
                }
            }
            EventKind::Smuggling => {
                m.smuggling += 1;
                if inc.smuggling {
                    m.smuggling_flag += 1;
                } else {
                    miss("smuggling", "false".into());
                }
                if inc.migrants == Some(u64::from(ev.migrants)) {
                    m.migrants += 1;
                } else {
                    miss("migrants", format!("{:?}", inc.migrants));
                }
                if found_country {
                    m.smuggling_country += 1;
                }
            }
            EventKind::Control(_) => {
                m.controls += 1;
                if inc.exploitation.is_empty() {
                    m.controls_without_form += 1;
                } else {
                    miss("control form", format!("{:?}", inc.exploitation));
                }
                if !inc.smuggling {
                    m.controls_without_smuggling += 1;
                }
            }
        }
        if ev.kind != EventKind::Smuggling && !ev.is_control() {
            if let Some(op) = &ev.operation {
                m.operations.1 += 1;
                if inc.operations.iter().any(|o| o == op) {
                    m.operations.0 += 1;
                } else {
                    miss("operation", format!("{:?}", inc.operations));
                }
            }
            if let Some(g) = &ev.group {
                m.groups.1 += 1;
                if inc.groups.iter().any(|x| x == g) {
                    m.groups.0 += 1;
                } else {
                    miss("group", format!("{:?}", inc.groups));
                }
            }
        }
    }
    (news.articles.len(), m)
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

#[test]
fn the_extractor_reads_the_generated_facts() {
    let (articles, m) = measure(2024, 300);
    assert!(articles >= 300, "{articles} articles");
    let t = m.trafficking;
    let report = format!(
        "{articles} articles; trafficking {t}: country {:.1} %, form {:.1} % (only that form {:.1} %), \
         victims {:.1} %, arrests {:.1} %, operations {:.1} % of {}, groups {:.1} % of {}; \
         smuggling {}: flagged {:.1} %, migrants {:.1} %, country {:.1} %; \
         controls {}: no form {:.1} %, not smuggling {:.1} %; language {:.1} %",
        pct(m.country, t),
        pct(m.form, t),
        pct(m.form_exact, t),
        pct(m.victims, t),
        pct(m.arrests, t),
        pct(m.operations.0, m.operations.1),
        m.operations.1,
        pct(m.groups.0, m.groups.1),
        m.groups.1,
        m.smuggling,
        pct(m.smuggling_flag, m.smuggling),
        pct(m.migrants, m.smuggling),
        pct(m.smuggling_country, m.smuggling),
        m.controls,
        pct(m.controls_without_form, m.controls),
        pct(m.controls_without_smuggling, m.controls),
        pct(m.language, articles),
    );
    eprintln!("{report}");
    if std::env::var_os("RASTRO_SYNTH_MISSES").is_some() {
        for miss in &m.misses {
            eprintln!("{miss}");
        }
    }
    assert!(t > 200 && m.smuggling > 20 && m.controls > 20, "{report}");
    assert!(pct(m.country, t) >= 90.0, "{report}");
    assert!(pct(m.form, t) >= 85.0, "{report}");
    assert!(pct(m.victims, t) >= 80.0, "{report}");
    assert!(pct(m.controls_without_form, m.controls) >= 90.0, "{report}");
    assert!(pct(m.smuggling_flag, m.smuggling) >= 85.0, "{report}");
    assert!(pct(m.migrants, m.smuggling) >= 80.0, "{report}");
    assert!(pct(m.language, articles) >= 95.0, "{report}");
}
