use super::*;
use crate::Silent;

fn report(date: &str, countries: &[&str]) -> Incident {
    Incident {
        date: Some(date.to_string()),
        countries: countries.iter().map(|c| c.to_string()).collect(),
        ..Incident::default()
    }
}

fn town(name: &str, country: &str, region: &str) -> Place {
    Place {
        name: name.to_string(),
        country: country.to_string(),
        region: Some(region.to_string()),
        is_region: false,
    }
}

/// Reports of unrelated events, one every five days of the 1990s across the region, so that the
/// reports under test sit in a collection of realistic size and make-up (the prior and the
/// frequency of each country depend on it).
fn filler() -> Vec<Incident> {
    const COUNTRIES: [&str; 5] = ["MX", "BR", "CO", "PE", "AR"];
    (0..1_000u32)
        .map(|i| Incident {
            published: Some(format!(
                "{}-{:02}-{:02}",
                1990 + i / 72,
                1 + (i / 6) % 12,
                1 + (i % 6) * 5
            )),
            countries: vec![COUNTRIES[i as usize % 5].to_string()],
            ..Incident::default()
        })
        .collect()
}

/// Settings for a collection where a report has one or two others of its event.
fn settings() -> IncidentSettings {
    IncidentSettings {
        other_reports: Some(1.5),
        ..IncidentSettings::default()
    }
}

/// The event of each of `incidents`, linked among the filler reports.
fn linked(incidents: &[Incident]) -> Vec<u32> {
    let mut all = incidents.to_vec();
    all.extend(filler());
    let events = link_incidents(&all, &settings(), &Silent).events(&[], &[]);
    events[..incidents.len()].to_vec()
}

#[test]
fn operation_names_agree_across_languages_and_numerals() {
    let key = |s: &str| operation_key(s).map(|o| (o.series, o.edition));
    let turquesa = Some(("turquesa".to_string(), Some(5)));
    assert_eq!(key("Operación Turquesa V"), turquesa);
    assert_eq!(key("Operation Turquesa 5"), turquesa);
    assert_eq!(key("Operação Turquesa V"), turquesa);
    assert_eq!(key("Turquesa IV"), Some(("turquesa".to_string(), Some(4))));
    assert_eq!(key("Operação Tauéma"), Some(("tauema".to_string(), None)));
    assert_eq!(
        key("Liberterra II"),
        Some(("liberterra".to_string(), Some(2)))
    );
    // A lone numeral is a name, not an edition of nothing.
    assert_eq!(key("Operación V"), Some(("v".to_string(), None)));
    assert_eq!(key("Operación"), None);
}

#[test]
fn one_operation_reported_in_three_languages_is_one_event() {
    let mut es = report("2023-11-27", &["PA", "CO", "BR", "CR"]);
    es.operations = vec!["Operación Turquesa V".into()];
    es.victims = Some(163);
    es.arrests = Some(257);
    let mut en = report("2023-12-05", &["CR", "BR", "US", "CA", "PA"]);
    en.operations = vec!["Turquesa V".into()];
    en.victims = Some(163);
    let mut pt = Incident {
        published: Some("2023-12-06".into()),
        countries: vec!["BR".into()],
        operations: vec!["Operação Turquesa V".into()],
        arrests: Some(257),
        ..Incident::default()
    };
    pt.places = vec![town("Tabatinga", "BR", "Amazonas")];
    // The fourth edition, a year earlier, is another event.
    let mut earlier = report("2022-10-20", &["PA", "CO", "CR"]);
    earlier.operations = vec!["Operation Turquesa IV".into()];
    assert_eq!(linked(&[es, en, pt, earlier]), vec![0, 0, 0, 3]);
}

#[test]
fn raids_in_one_country_in_one_week_stay_apart_unless_town_and_figures_agree() {
    let mut a = report("2024-03-04", &["MX"]);
    a.places = vec![town("Tijuana", "MX", "Baja California")];
    a.victims = Some(12);
    a.arrests = Some(3);
    a.exploitation = vec!["sexual_exploitation".into()];
    let mut b = report("2024-03-06", &["MX"]);
    b.places = vec![town("Tapachula", "MX", "Chiapas")];
    b.victims = Some(40);
    b.arrests = Some(1);
    b.exploitation = vec!["forced_labour".into()];
    // A second report of the Tijuana raid, with the count updated and the town named.
    let mut c = report("2024-03-05", &["MX"]);
    c.places = vec![town("Tijuana", "MX", "Baja California")];
    c.victims = Some(13);
    c.arrests = Some(3);
    assert_eq!(linked(&[a, b, c]), vec![0, 1, 0]);
}

#[test]
fn a_group_named_in_two_events_does_not_join_them() {
    let mut lima = report("2025-02-08", &["PE", "VE"]);
    lima.groups = vec!["Tren de Aragua".into(), "Los Hijos de Dios".into()];
    lima.victims = Some(123);
    lima.places = vec![town("Lima", "PE", "Lima")];
    let mut santiago = report("2025-03-20", &["CL", "VE"]);
    santiago.groups = vec!["el Tren de Aragua".into()];
    santiago.victims = Some(9);
    santiago.places = vec![town("Santiago", "CL", "Santiago Metropolitan")];
    let mut lima_again = report("2025-02-09", &["PE"]);
    lima_again.groups = vec!["Hijos de Dios".into()];
    lima_again.victims = Some(123);
    assert_eq!(linked(&[lima, santiago, lima_again]), vec![0, 1, 0]);
}

#[test]
fn undated_reports_link_on_country_and_exact_figures() {
    let mut a = Incident {
        countries: vec!["ES".into(), "CO".into()],
        victims: Some(24),
        arrests: Some(21),
        exploitation: vec!["sexual_exploitation".into()],
        ..Incident::default()
    };
    let b = a.clone();
    // One report names the town, the other only the countries.
    a.places = vec![town("Castellón de la Plana", "ES", "Valencia")];
    let other = Incident {
        countries: vec!["ES".into()],
        victims: Some(24),
        arrests: Some(2),
        ..Incident::default()
    };
    assert_eq!(linked(&[a, b, other]), vec![0, 0, 2]);
}

#[test]
fn copies_of_one_wire_story_link_on_text() {
    let story = "Police in the state of Roraima freed several Venezuelan women held in bars near \
                 the border on Tuesday after a months long investigation into a network that \
                 recruited them with promises of work in restaurants and then kept their documents";
    let a = Incident {
        published: Some("2024-06-11".into()),
        countries: vec!["BR".into()],
        text: story.to_string(),
        ..Incident::default()
    };
    let mut b = a.clone();
    b.published = Some("2024-06-12".into());
    b.text = format!("{story}, officials said.");
    let unrelated = Incident {
        published: Some("2024-06-11".into()),
        countries: vec!["BR".into()],
        text: "Inspectors rescued workers from a garlic farm in Minas Gerais where they slept \
               in plastic tents without water or sanitation and were paid nothing for months"
            .to_string(),
        ..Incident::default()
    };
    assert_eq!(linked(&[a, b, unrelated]), vec![0, 0, 2]);
}

#[test]
fn month_and_year_less_dates_are_placed_in_time() {
    let one = |date: &str, published: Option<&str>| {
        let i = Incident {
            date: Some(date.into()),
            published: published.map(String::from),
            ..Incident::default()
        };
        prepare(&[i]).remove(0).date
    };
    let day = one("2023-11-27", None).expect("a full date");
    assert!(day.exact());
    assert_eq!(one("--11-27", Some("2023-12-01")), Some(day));
    // Published in January: late November was the year before.
    let december = one("--12-30", Some("2024-01-02")).expect("a date");
    assert_eq!(
        december.first,
        one("2023-12-30", None).expect("a date").first
    );
    // A day and month given the publication's year lie after publication: the year before.
    assert_eq!(
        one("2021-12-12", Some("2021-01-07")),
        one("2020-12-12", None)
    );
    // A day in a later year than publication is left as written, and so is the next day.
    assert_eq!(
        one("2022-12-12", Some("2021-01-07")),
        one("2022-12-12", None)
    );
    assert_eq!(
        one("2021-01-08", Some("2021-01-07")),
        one("2021-01-08", None)
    );
    let month = one("2023-11", None).expect("a month");
    assert_eq!(month.last - month.first, 29);
    assert_eq!(one("2023", Some("2023-05-02")), one("2023-05-02", None));
    assert_eq!(one("garbage", None), None);
}

/// February has 29 days in a leap year: a report dated "2024-02" may be about the 29th, and
/// days around the leap day are counted one apart.
#[test]
fn event_spans_follow_the_calendar() {
    let one = |date: &str, published: Option<&str>| {
        let i = Incident {
            date: Some(date.into()),
            published: published.map(String::from),
            ..Incident::default()
        };
        prepare(&[i]).remove(0).date
    };
    let day = |date: &str| one(date, None).map(|s| s.first);
    let february = one("2024-02", None).expect("a month");
    assert_eq!(Some(february.last), day("2024-02-29"));
    assert_eq!(february.last - february.first, 28);
    let february = one("2023-02", None).expect("a month");
    assert_eq!(february.last - february.first, 27);
    let (Some(feb_28), Some(mar_1)) = (day("2024-02-28"), day("2024-03-01")) else {
        panic!("full dates are read");
    };
    assert_eq!(mar_1 - feb_28, 2);
    // A day that does not exist is no date: the publication day stands in.
    assert_eq!(
        one("2023-02-29", Some("2023-03-02")),
        one("2023-03-02", None)
    );
    assert_eq!(one("--02-29", Some("2023-03-02")), one("2023-03-02", None));
    assert_eq!(one("--02-29", Some("2024-03-02")), one("2024-02-29", None));
}

#[test]
fn explanation_adds_up_to_the_weight() {
    let mut a = report("2024-07-02", &["BR"]);
    a.operations = vec!["Operação Tauéma".into()];
    a.victims = Some(22);
    let mut b = report("2024-07-03", &["BR"]);
    b.operations = vec!["Operation Tauema".into()];
    b.victims = Some(22);
    let mut all = vec![a, b];
    all.extend(filler());
    let linkage = link_incidents(&all, &settings(), &Silent);
    assert_eq!(linkage.matches.len(), 1);
    let steps = linkage.explain(0, 1);
    let sum: f64 = steps.iter().map(|s| s.weight).sum();
    assert!((sum - linkage.matches[0].weight).abs() < 1e-9);
    assert!(steps
        .iter()
        .any(|s| s.comparison == "operation" && s.level.starts_with("same operation")));
}

#[test]
fn reviewers_decisions_override_scores() {
    let mut a = report("2024-07-02", &["BR"]);
    a.operations = vec!["Tauéma".into()];
    let b = a.clone();
    let c = report("2019-01-01", &["AR"]);
    let mut all = vec![a, b, c];
    all.extend(filler());
    let linkage = link_incidents(&all, &settings(), &Silent);
    assert_eq!(linkage.events(&[], &[])[..3], [0, 0, 2]);
    assert_eq!(linkage.events(&[(1, 2)], &[(0, 1)])[..3], [0, 1, 1]);
}

#[test]
fn an_oversized_country_block_is_skipped_and_reported() {
    // 2,100 reports from one country on one day would give 2.2 million pairs by country alone,
    // and splitting by month cannot help: the month is the day.
    let many: Vec<Incident> = (0..2_100).map(|_| report("2024-01-01", &["MX"])).collect();
    let linkage = link_incidents(&many, &IncidentSettings::default(), &Silent);
    assert_eq!(linkage.candidate_pairs, 0);
    assert_eq!(
        linkage.blocks.skipped,
        vec![("country within 3 days", "MX 2024-01".to_string(), 2_100)]
    );
}

#[test]
fn a_large_country_block_is_split_by_month_and_loses_no_pair() {
    // 120 reports a day for 90 days: about 4.5 million pairs within 3 days, over the limit for
    // one block, about 1.5 million a month.
    let days: Vec<i64> = (0..10_800).map(|i| i / 120).collect();
    let many: Vec<Incident> = days
        .iter()
        .map(|&d| {
            let (y, m, day) =
                rastro_text::civil_from_days(rastro_text::days_from_civil(2024, 1, 1) + d);
            report(&format!("{y:04}-{m:02}-{day:02}"), &["MX"])
        })
        .collect();
    let prepared = prepare(&many);
    let (pairs, stats) = block::candidate_pairs(&prepared);
    assert!(stats.skipped.is_empty(), "{:?}", stats.skipped);
    // Every pair within the window, counted directly: 120 × 119 / 2 on each day, and 120 × 120
    // for each pair of days one to three apart.
    let expected = 90 * (120 * 119 / 2) + (89 + 88 + 87) * 120 * 120;
    assert_eq!(pairs.len(), expected);
    assert!(pairs.len() as u64 > block::MAX_BLOCK_PAIRS);
}

#[test]
fn a_report_published_long_after_its_event_meets_an_undated_report_of_it() {
    // A sentence published two years after the crime it dates, and a report of the crime
    // without a publication date: both name the town, and the town's block places each by its
    // event as well as by its publication.
    let town_report = |date: &str, published: Option<&str>| Incident {
        date: Some(date.into()),
        published: published.map(String::from),
        countries: vec!["MX".into()],
        places: vec![town("Camargo", "MX", "Tamaulipas")],
        ..Incident::default()
    };
    let sentence = town_report("2021-01-22", Some("2023-10-25"));
    let crime = town_report("2021-01-23", None);
    let later = town_report("2023-06-01", Some("2023-06-01"));
    let prepared = prepare(&[sentence, crime, later]);
    let (pairs, _) = block::candidate_pairs(&prepared);
    assert!(pairs.contains(&(0, 1)), "{pairs:?}");
    // The report of another raid months before the sentence's publication, and years after
    // its event, is not proposed by the town.
    assert!(!pairs.contains(&(0, 2)), "{pairs:?}");
}

#[test]
fn a_report_dated_by_a_recalled_month_meets_later_reports_of_its_town_within_the_year() {
    // A text without a publication date naming only the month the arrests were made ("fueron
    // detenidos en agosto de 2025"), and the trial ordered five months later; a report of the
    // town from the year before the month is not proposed by the town.
    let town_report = |date: &str, published: Option<&str>| Incident {
        date: Some(date.into()),
        published: published.map(String::from),
        countries: vec!["EC".into()],
        places: vec![town("Riobamba", "EC", "Chimborazo")],
        ..Incident::default()
    };
    let recalled = town_report("2025-08", None);
    let trial = town_report("2026-01-15", Some("2026-01-15"));
    let earlier = town_report("2024-11-02", Some("2024-11-02"));
    let next_year = town_report("2026-10-20", Some("2026-10-20"));
    let prepared = prepare(&[recalled, trial, earlier, next_year]);
    let (pairs, _) = block::candidate_pairs(&prepared);
    assert!(pairs.contains(&(0, 1)), "{pairs:?}");
    assert!(!pairs.contains(&(0, 2)), "{pairs:?}");
    assert!(!pairs.contains(&(0, 3)), "{pairs:?}");
}

#[test]
fn the_prior_is_estimated_from_the_collection() {
    // 300 events reported twice (same operation, same day) and 400 reported once.
    let mut all = filler();
    for i in 0..300u32 {
        let mut r = report(
            &format!("2020-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            &["BR"],
        );
        r.operations = vec![format!("Operação Série{i}")];
        all.push(r.clone());
        all.push(r);
    }
    let linkage = link_incidents(&all, &IncidentSettings::default(), &Silent);
    // 600 of 1,600 reports have one other report: 0.375 on average; the different events of
    // one country and day inflate the estimate somewhat (their evidence is not independent).
    let estimated = linkage.other_reports;
    assert!(
        (0.3..0.9).contains(&estimated),
        "estimated {estimated} other reports per report"
    );
    assert_eq!(linkage.matches.len(), 300);
}

#[test]
fn figures_in_the_text_count_as_names_in_every_language() {
    let es = Incident {
        text: "Rescataron a 3.222 víctimas y detuvieron a 2 517 personas en 2023.".into(),
        ..Incident::default()
    };
    let en = Incident {
        text: "Police rescued 3,222 victims and arrested 2,517 people in 116 countries.".into(),
        ..Incident::default()
    };
    let p = prepare(&[es, en]);
    let common: Vec<&u64> = p[0]
        .names
        .iter()
        .filter(|n| p[1].names.contains(n))
        .collect();
    // 3222 and 2517; not the year, not 116 (only in one).
    assert_eq!(common.len(), 2);
    assert_eq!(p[0].names.len(), 2);
}

#[test]
fn malformed_values_give_no_evidence_and_never_fail() {
    let odd = Incident {
        date: Some("2023-13-45".into()),
        published: Some("yesterday".into()),
        countries: vec!["".into(), " co ".into()],
        places: vec![Place {
            name: "  ".into(),
            country: "".into(),
            region: Some("".into()),
            is_region: false,
        }],
        exploitation: vec!["".into()],
        operations: vec!["Operación".into(), "the operation".into(), "".into()],
        groups: vec!["el cartel de la".into()],
        text: format!("{}é{}", "Á".repeat(30_000), "9,99".repeat(10)),
        ..Incident::default()
    };
    let p = prepare(std::slice::from_ref(&odd)).remove(0);
    assert_eq!(p.date, None);
    assert_eq!(p.countries, vec!["CO".to_string()]);
    assert!(p.towns.is_empty() && p.operations.is_empty() && p.groups.is_empty());
    assert_eq!(p.forms, Vec::<String>::new());
    // Two such reports share nothing that counts as evidence of one event.
    let linkage = link_incidents(&[odd.clone(), odd], &settings(), &Silent);
    let steps = linkage.explain(0, 1);
    assert!(steps
        .iter()
        .all(|s| s.comparison == "prior" || s.comparison == "countries" || s.weight <= 0.0));
}

/// A plain-text report: no dates but what its text says.
fn undated(countries: &[&str], text: &str) -> Incident {
    Incident {
        countries: countries.iter().map(|c| c.to_string()).collect(),
        text: text.to_string(),
        ..Incident::default()
    }
}

#[test]
fn an_analysis_piece_does_not_chain_two_raids_in_one_town() {
    // Two raids in one town six months apart, with close figures, and an undated analysis piece
    // that names the town and both raids' figures. Connected components would chain all three.
    let mut march = report("2024-03-12", &["MX"]);
    march.places = vec![town("Ontinyent", "MX", "Valencia")];
    march.arrests = Some(20);
    march.victims = Some(14);
    march.exploitation = vec!["sexual_exploitation".into()];
    let mut september = report("2024-09-20", &["MX"]);
    september.places = vec![town("Ontinyent", "MX", "Valencia")];
    september.arrests = Some(21);
    september.victims = Some(15);
    september.exploitation = vec!["sexual_exploitation".into()];
    let mut analysis = undated(&["MX"], "");
    analysis.places = vec![town("Ontinyent", "MX", "Valencia")];
    analysis.arrests = Some(21);
    analysis.victims = Some(14);
    analysis.exploitation = vec!["sexual_exploitation".into()];
    let events = linked(&[march, september, analysis]);
    assert_ne!(events[0], events[1], "{events:?}");
}

#[test]
fn a_roundup_citing_five_events_joins_none_of_them() {
    let cases = [
        (
            "Operación Coral",
            "Cúcuta",
            "CO",
            "2023-02-10",
            "Inspectora Valdemira Ostrander",
        ),
        (
            "Operação Anzol",
            "Manaus",
            "BR",
            "2023-05-03",
            "Delegada Ruthlinda Quaresmeira",
        ),
        (
            "Operación Faro",
            "Arica",
            "CL",
            "2023-07-21",
            "Fiscal Orsolya Lindqvist",
        ),
        (
            "Operación Telar",
            "Cusco",
            "PE",
            "2023-09-14",
            "Coronel Teodulfo Marangoni",
        ),
        (
            "Operación Brasa",
            "Rosario",
            "AR",
            "2023-11-30",
            "Comisario Eustaquio Bramwell",
        ),
    ];
    let mut reports = Vec::new();
    let mut roundup = undated(&[], "Balance del año: ");
    for (op, place, country, date, person) in cases {
        for outlet in 0..2 {
            let mut r = report(date, &[country]);
            r.operations = vec![op.to_string()];
            r.places = vec![town(place, country, place)];
            r.text =
                format!("Report {outlet}. The case of {op}: according to {person}, in {place}.");
            reports.push(r);
        }
        roundup.countries.push(country.to_string());
        roundup.operations.push(op.to_string());
        roundup.places.push(town(place, country, place));
        roundup
            .text
            .push_str(&format!("en {place}, {op}, dijo {person}. "));
    }
    reports.push(roundup);
    let events = linked(&reports);
    for k in 0..5 {
        assert_eq!(events[2 * k], events[2 * k + 1], "{events:?}");
        assert_eq!(events[2 * k] as usize, 2 * k, "{events:?}");
    }
    assert_eq!(events[10], 10, "the round-up stays alone: {events:?}");
}

#[test]
fn editions_of_one_operation_are_different_events() {
    // Two editions of a yearly operation in one town, reported without dates, figures close.
    let mut reports = Vec::new();
    for (edition, arrests) in [("II", 20), ("III", 22)] {
        for outlet in 0..2 {
            let mut r = undated(&["MX"], &format!("Nota {outlet}"));
            r.operations = vec![format!("Operación Tormenta {edition}")];
            r.places = vec![town("Tapachula", "MX", "Chiapas")];
            r.arrests = Some(arrests + outlet);
            r.victims = Some(30 + arrests + outlet);
            r.exploitation = vec!["forced_labour".into()];
            reports.push(r);
        }
    }
    assert_eq!(linked(&reports), vec![0, 0, 2, 2]);
}

#[test]
fn an_undated_report_takes_its_date_from_its_text() {
    let mut march = report("2024-03-12", &["ES"]);
    march.published = Some("2024-03-12".into());
    march.places = vec![town("Ontinyent", "ES", "Valencia")];
    march.arrests = Some(20);
    let mut september = report("2024-09-20", &["ES"]);
    september.published = Some("2024-09-20".into());
    september.places = vec![town("Ontinyent", "ES", "Valencia")];
    september.arrests = Some(20);
    let mut plain = undated(
        &["ES"],
        "La Guardia Civil detuvo el pasado martes 12 de marzo de 2024 a veinte personas.",
    );
    plain.date = Some("--03-12".into());
    plain.places = vec![town("Ontinyent", "ES", "Valencia")];
    plain.arrests = Some(20);
    let prepared = prepare_one(&plain);
    let day = rastro_text::days_from_civil(2024, 3, 12);
    assert_eq!(prepared.date.map(|d| (d.first, d.last)), Some((day, day)));
    assert!(
        prepared.date_shown.contains("from the text"),
        "{}",
        prepared.date_shown
    );
    assert_eq!(linked(&[march, september, plain]), vec![0, 1, 0]);
}

#[test]
fn figures_far_apart_weigh_against_and_updates_do_not() {
    // Two reports of one month in one town: 20 detained then 23 is an update; 12 and 240 are
    // two different operations.
    let raid = |arrests: u64, victims: u64| {
        let mut r = report("2024-03", &["MX"]);
        r.places = vec![town("Tapachula", "MX", "Chiapas")];
        r.exploitation = vec!["sexual_exploitation".into()];
        r.victims = Some(victims);
        r.arrests = Some(arrests);
        r
    };
    assert_eq!(linked(&[raid(20, 30), raid(23, 31)]), vec![0, 0]);
    assert_eq!(linked(&[raid(12, 30), raid(240, 31)]), vec![0, 1]);
}

#[test]
fn counts_both_texts_state_in_words_are_parts_of_one_story_not_a_disagreement() {
    // One van stopped at the border, told in Portuguese and English: extraction took the twelve
    // passengers for the arrests of one report and the three held for the other's. Both texts
    // state both counts, in words, so the counts are no sign of another raid.
    let van = |arrests: u64, text: &str| {
        let mut r = report("2024-03", &["PY"]);
        r.places = vec![town("Salto del Guairá", "PY", "Canindeyú")];
        r.exploitation = vec!["forced_labour".into()];
        r.arrests = Some(arrests);
        r.text = text.to_string();
        r
    };
    let pt = "A polícia reteve uma van com doze trabalhadores que seriam levados para a \
              colheita. Três suspeitos foram detidos, segundo o chefe do departamento.";
    let en = "Police have detained three people after stopping a van carrying twelve workers to \
              the harvest, the head of the department said.";
    assert_eq!(linked(&[van(12, pt), van(3, en)]), vec![0, 0]);
    // The same counts from texts that state only their own: another raid's count.
    let own_only_pt = "A polícia deteve doze pessoas numa operação na fronteira.";
    let own_only_en = "Police have detained three people at the border, the head of the unit said.";
    assert_eq!(
        linked(&[van(12, own_only_pt), van(3, own_only_en)]),
        vec![0, 1]
    );
}

#[test]
fn a_month_an_undated_report_recalls_does_not_tell_against_a_later_report() {
    // A raid published in September; an undated report of it whose only date is the month an
    // agreement behind the operation was signed (June). The report was written after June, so
    // June says nothing against September. The same month of the year before is the last
    // edition of a yearly operation as often as a background, and still tells against.
    let raid = |date: Option<&str>, published: Option<&str>| {
        let mut r = Incident {
            date: date.map(str::to_string),
            published: published.map(str::to_string),
            countries: vec!["BR".into()],
            ..Incident::default()
        };
        r.places = vec![town("Corumbá", "BR", "Mato Grosso do Sul")];
        r.operations = vec!["Operação Libertad".into()];
        r.exploitation = vec!["forced_labour".into()];
        r.victims = Some(23);
        r
    };
    let reported = raid(None, Some("2024-09-24"));
    assert_eq!(
        linked(&[reported.clone(), raid(Some("2024-06"), None)]),
        vec![0, 0]
    );
    assert_eq!(linked(&[reported, raid(Some("2023-09"), None)]), vec![0, 1]);
}

#[test]
fn an_operation_name_translated_is_no_sign_of_another_operation() {
    // One rescue in Boa Vista reported in English and in Portuguese, each outlet writing the
    // operation's name in its own language. Another operation's name in the other language
    // still tells against.
    let rescue = |operation: &str, text: &str| {
        let mut r = report("2023-03-14", &["BR"]);
        r.places = vec![town("Boa Vista", "BR", "Roraima")];
        r.operations = vec![operation.to_string()];
        r.exploitation = vec!["sexual_exploitation".into()];
        r.text = text.to_string();
        r
    };
    let en = "Federal police said the girl was found on a boat on the river with other women, and \
              that the rescue was part of the operation against the mining camps, which was \
              carried out with the armed forces and the agency that protects the territory.";
    let pt = "A polícia disse que a jovem estava em uma embarcação no rio com outras mulheres e \
              que o resgate foi parte da operação contra os garimpos dos invasores, feita pela \
              força-tarefa das Forças Armadas e pelo órgão que protege o território, segundo os \
              agentes do caso, que não deram outros detalhes.";
    assert_eq!(
        linked(&[
            rescue("Operation Liberation", en),
            rescue("Operação Libertação", pt)
        ]),
        vec![0, 0]
    );
    assert_eq!(
        linked(&[
            rescue("Operation Liberation", en),
            rescue("Operação Tauéma", pt)
        ]),
        vec![0, 1]
    );
}

#[test]
fn an_operation_name_translated_with_a_letter_or_two_changed_is_no_sign_of_another_operation() {
    // One raid in Cancún reported in Spanish and in English: the English outlet writes the
    // operation's name as its own word, which begins otherwise. A name sharing as few letters
    // in place is still another operation.
    let raid = |operation: &str, text: &str| {
        let mut r = report("2022-09-02", &["MX"]);
        r.places = vec![town("Cancún", "MX", "Quintana Roo")];
        r.operations = vec![operation.to_string()];
        r.arrests = Some(11);
        r.text = text.to_string();
        r
    };
    let es = "La fiscalía dijo que los detenidos fueron llevados ante el juez tras el operativo \
              en el que las mujeres fueron rescatadas de los bares, según los agentes, y que \
              la red las traía desde el sur con ofertas de empleo.";
    let en = "The prosecutors said the men were taken before a judge after the raid, in which the \
              women were freed from the bars, and that the network had brought them from the \
              south with offers of work, according to the agents.";
    let linkage = link_incidents(
        &[
            raid("Operación Camaleón", es),
            raid("Operation Chameleon", en),
            raid("Operation Campeche", en),
        ],
        &settings(),
        &Silent,
    );
    let operation = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .into_iter()
            .find(|e| e.comparison == "operation")
            .map(|e| e.weight)
    };
    assert_eq!(operation(0, 1), None);
    assert!(operation(0, 2).is_some_and(|w| w < 0.0));
}

#[test]
fn an_operation_name_shortened_is_no_sign_of_another_operation() {
    // One outlet writes the operation's whole name, another leaves a word out. The shorter
    // name is no other operation; a name with a word of its own still is.
    let raid = |operation: &str| {
        let mut r = report("2021-05-18", &["CO", "ES"]);
        r.operations = vec![operation.to_string()];
        r
    };
    let linkage = link_incidents(
        &[
            raid("Operación Transnacional Úbeda"),
            raid("Operação Úbeda"),
            raid("Operation Global Chain 2025"),
            raid("Operation Global Chain"),
            raid("Operación Baeza Úbeda"),
        ],
        &settings(),
        &Silent,
    );
    let operation = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .into_iter()
            .find(|e| e.comparison == "operation")
            .map(|e| e.weight)
    };
    assert_eq!(operation(0, 1), None);
    assert_eq!(operation(2, 3), None);
    // Neither name is the other shortened: each has a word of its own.
    assert!(operation(0, 4).is_some_and(|w| w < 0.0));
}

#[test]
fn two_headlines_of_one_rare_court_stage_in_one_town_are_one_event() {
    // A farm town whose raids make the news every few months; two undated reports, in English
    // and Spanish, headline the sentencing of a ringleader there. The town alone is too common
    // to join them; the same sentencing, rare among the reports, tells the story apart. Two
    // undated raids in the town headline the most common stage and stay apart.
    let in_marion = |text: &str, published: Option<String>| Incident {
        published,
        countries: vec!["US".into()],
        places: vec![town("Marion", "US", "Ohio")],
        text: text.to_string(),
        ..Incident::default()
    };
    let raids: Vec<Incident> = (0..40)
        .map(|k| {
            in_marion(
                "Police raid a farm in Marion\n\nOfficers searched the farm.",
                Some(format!("{}-{:02}-10", 1991 + k / 12, 1 + k % 12)),
            )
        })
        .collect();
    let with_raids = |pair: [Incident; 2]| {
        let mut all = pair.to_vec();
        all.extend(raids.iter().cloned());
        linked(&all)[..2].to_vec()
    };
    let sentenced = [
        in_marion(
            "Egg farm ringleader sentenced to prison\n\nA federal judge ruled.",
            None,
        ),
        in_marion(
            "Condenan a prisión al cabecilla de la red de granjas\n\nUn juez dictó la pena.",
            None,
        ),
    ];
    assert_eq!(with_raids(sentenced), vec![0, 0]);
    let raided = [
        in_marion(
            "Police raid an egg farm in Marion\n\nOfficers searched it.",
            None,
        ),
        in_marion(
            "Allanan una granja de huevos en Marion\n\nLa policía la registró.",
            None,
        ),
    ];
    assert_eq!(with_raids(raided), vec![0, 1]);
}

#[test]
fn a_year_less_day_links_by_its_day_and_weekday() {
    // A plain-text report names "el domingo 1 de octubre" and no year. 1 October 2023 was a
    // Sunday, 1 October 2022 a Saturday: the crash in the same town a year earlier is another.
    let crash = |date: &str| {
        let mut r = report(date, &["MX"]);
        r.published = Some(date.into());
        r.places = vec![town("Pijijiapan", "MX", "Chiapas")];
        r
    };
    let mut plain = undated(
        &["MX"],
        "Diez migrantes murieron el domingo 1 de octubre cuando volcó un camión en la costa.",
    );
    plain.date = Some("--10-01".into());
    plain.places = vec![town("Pijijiapan", "MX", "Chiapas")];
    let prepared = prepare_one(&plain);
    assert_eq!(prepared.date, None);
    assert_eq!(prepared.day_of_year.and_then(|d| d.weekday), Some(6));
    let events = linked(&[
        crash("2023-10-01"),
        crash("2022-10-01"),
        crash("2023-11-15"),
        plain,
    ]);
    assert_eq!(events, vec![0, 1, 2, 0]);
}

#[test]
fn reports_in_two_languages_lose_nothing_for_not_sharing_words() {
    // One raid told in Spanish and in English: no 4-gram and no capitalised word can be shared,
    // and that is no sign of two events; two Spanish reports sharing none is one.
    let es_text = "La comisaria Marta Quiroga rescató a catorce mujeres en un local de Tapachula, \
                   según informó Ramón Ibarra. Los detenidos fueron trasladados a Tuxtla y la \
                   investigación del caso sigue abierta con Interpol y con Huixtla.";
    let en_text = "Police rescued fourteen women at a bar in Tapachula, the prosecutors said on \
                   Friday. The suspects were taken to the state capital and the investigation was \
                   continuing with help from Homeland Security and the Embassy, said Corbin \
                   Hale, a spokesman in Atlanta.";
    let other_es = "Agentes liberaron a catorce mujeres de un bar de Tapachula, de acuerdo con \
                    Jacinto Lemus. Los sospechosos quedaron a disposición de Eulalia Carmona en \
                    Cintalapa y Motozintla.";
    let raid = |text: &str| {
        let mut r = undated(&["MX"], text);
        r.places = vec![town("Tapachula", "MX", "Chiapas")];
        r.victims = Some(14);
        r
    };
    let linkage = link_incidents(
        &[raid(es_text), raid(en_text), raid(other_es)],
        &settings(),
        &Silent,
    );
    let against = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .iter()
            .filter(|s| matches!(s.comparison, "text" | "names") && s.weight < 0.0)
            .count()
    };
    assert_eq!(against(0, 1), 0, "{:?}", linkage.explain(0, 1));
    assert!(against(0, 2) >= 1, "{:?}", linkage.explain(0, 2));
}

#[test]
fn a_name_of_several_words_is_one_name_and_institutions_none() {
    // Two rescues in different towns name the same inspection group, ministry and police, and
    // the same employer: one shared name (the employer), not the eleven words that made them
    // look like one story.
    let text = |town: &str| {
        format!(
            "Trabalhadores resgatados. O resgate em {town} foi feito pelo Grupo Especial de \
             Fiscalização Móvel, com o Ministério do Trabalho e Emprego e a Polícia Federal, \
             em lavouras da Usina Boa Esperança Agroindustrial, perto da Bolívia."
        )
    };
    let a = prepare_one(&undated(&["BR"], &text("Quirinópolis")));
    let b = prepare_one(&undated(&["BR"], &text("Vassouras")));
    let shared = a.names.iter().filter(|n| b.names.contains(n)).count();
    assert_eq!(shared, 1, "{:?} {:?}", a.names, b.names);
    // The town and the employer; Bolivia is compared as a country.
    assert_eq!(a.names.len(), 2);
}

#[test]
fn a_year_less_day_is_compared_with_reports_of_that_day_in_its_country() {
    // The plain-text report names no town, figure or name the other shares: only its country
    // and "el martes 12 de marzo". 12 March 2024 was a Tuesday, 12 March 2023 a Sunday.
    let dated = |date: &str| {
        let mut r = report(date, &["ES"]);
        r.published = Some(date.into());
        r
    };
    let mut plain = undated(
        &["ES"],
        "La Guardia Civil liberó el martes 12 de marzo a varias mujeres en un club de carretera.",
    );
    plain.date = Some("--03-12".into());
    let all = [dated("2024-03-12"), dated("2023-03-12"), plain];
    let mut with_filler = all.to_vec();
    with_filler.extend(filler());
    let linkage = link_incidents(&with_filler, &settings(), &Silent);
    let proposed = |kind: &str| {
        linkage
            .blocks
            .proposed
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    };
    // The two dated reports are not paired for sharing a day of the year.
    assert_eq!(proposed("country and day of the year, a year unknown"), 2);
    assert_eq!(linked(&all), vec![0, 1, 0]);
}

#[test]
fn a_dateline_is_not_the_place_of_the_event() {
    // Two raids in one week, in two towns of one country, both filed from its capital: extraction
    // reads the capital from each dateline. The raids share no place of their own.
    let mut beja = report("2024-03-05", &["PT"]);
    beja.text = "Raid on farms\n\nLISBON (Reuters) - Police raided farms near Beja.".into();
    beja.places = vec![town("Lisbon", "PT", "Lisboa"), town("Beja", "PT", "Beja")];
    beja.arrests = Some(28);
    beja.exploitation = vec!["forced_labour".into()];
    let mut faro = report("2024-03-07", &["PT"]);
    faro.text = "Farm raid\n\nLISBOA - A polícia fez buscas perto de Faro.".into();
    faro.places = vec![town("Lisbon", "PT", "Lisboa"), town("Faro", "PT", "Faro")];
    faro.arrests = Some(31);
    faro.exploitation = vec!["forced_labour".into()];
    assert_eq!(linked(&[beja.clone(), faro.clone()]), vec![0, 1]);
    // Named again in the text, the capital is a place of the event.
    let kept = prepare_one(&Incident {
        text: format!("{} The ring was run from Lisbon.", beja.text),
        ..beja.clone()
    });
    assert!(kept.towns.contains(&"PT|lisbon".to_string()));
    assert!(!prepare_one(&faro).towns.contains(&"PT|lisbon".to_string()));
}

#[test]
fn a_group_named_in_two_languages_is_one_group() {
    let mut es = report("2025-02-08", &["PE"]);
    es.groups = vec!["Los Hijos de Dios".into()];
    let mut pt = report("2025-02-10", &["PE"]);
    pt.groups = vec!["Os Filhos de Deus".into()];
    let mut en = report("2025-02-09", &["PE"]);
    en.groups = vec!["the Sons of God".into()];
    let keys: Vec<Vec<String>> = [es, pt, en].iter().map(|i| prepare_one(i).groups).collect();
    assert_eq!(keys[0], keys[1]);
    assert_eq!(keys[0], keys[2]);
    // A name proper is not translated: "Tren de Aragua" and "Tren del Norte" stay apart.
    let aragua = prepare_one(&Incident {
        groups: vec!["Tren de Aragua".into(), "Trem do Norte".into()],
        ..Incident::default()
    });
    assert_eq!(aragua.groups, vec!["train aragua", "train north"]);
}

#[test]
fn country_form_and_close_figures_alone_do_not_make_one_event() {
    // Two raids two days apart in one country, for one form, with close counts and no town: what
    // different events in a country share. Nothing points at one incident.
    let raid = |date: &str, arrests: u64, victims: u64| {
        let mut r = report(date, &["UY"]);
        r.exploitation = vec!["sexual_exploitation".into()];
        r.arrests = Some(arrests);
        r.victims = Some(victims);
        r
    };
    assert_eq!(
        linked(&[raid("2024-05-06", 28, 9), raid("2024-05-08", 31, 11)]),
        vec![0, 1]
    );
    // The same day, or an equal count of twenty or more, points at one raid.
    assert_eq!(
        linked(&[raid("2024-05-06", 28, 9), raid("2024-05-07", 31, 11)]),
        vec![0, 0]
    );
    assert_eq!(
        linked(&[raid("2024-05-06", 28, 9), raid("2024-05-08", 28, 11)]),
        vec![0, 0]
    );
}

#[test]
fn a_plea_and_the_verdict_on_the_same_people_are_two_events() {
    // Undated reports of one family's case: the same town and countries, the same form; only
    // the headlines tell a plea from a jury's verdict months later.
    let case = |title: &str| {
        let mut r = undated(
            &["MX", "US"],
            &format!("{title}\n\nThe family from Tenancingo."),
        );
        r.places = vec![town("Tenancingo", "MX", "Tlaxcala")];
        r.exploitation = vec!["sexual_exploitation".into()];
        r
    };
    let plea = case("Eight members of a trafficking family plead guilty in Brooklyn");
    let verdict = case("Jury convicts five members of a trafficking family");
    let verdict_es = case("Declaran culpables a cinco integrantes de una familia de tratantes");
    assert_eq!(linked(&[plea, verdict, verdict_es]), vec![0, 1, 1]);
}

#[test]
fn both_counts_off_is_another_raid_in_the_same_town() {
    // Two raids on one mining camp weeks apart: the town and a rare name shared, but one
    // rescued 96 and arrested 7, the other rescued 32 and arrested 34.
    let raid = |victims: u64, arrests: u64, text: &str| {
        let mut r = undated(&["PE"], text);
        r.places = vec![town("La Pampa", "PE", "Madre de Dios")];
        r.victims = Some(victims);
        r.arrests = Some(arrests);
        r
    };
    let text = "Raid\n\nOfficers searched bars on the highway, said Carlos Quispe.";
    let first = raid(96, 7, text);
    let second = raid(32, 34, text);
    // A later report of the first raid with one count revised.
    let update = raid(96, 9, text);
    assert_eq!(linked(&[first, second, update]), vec![0, 1, 0]);
}

#[test]
fn the_same_groups_other_operation_is_another_event() {
    let op = |date: &str, name: &str, arrests: u64| {
        let mut r = report(date, &["CO"]);
        r.groups = vec!["Clan del Golfo".into()];
        r.operations = vec![name.into()];
        r.places = vec![town("Turbo", "CO", "Antioquia")];
        r.exploitation = vec!["sexual_exploitation".into()];
        r.arrests = Some(arrests);
        r
    };
    let agamenon = op("2024-06-03", "Operación Agamenón", 14);
    let nemesis = op("2024-06-12", "Operación Némesis", 12);
    // Another outlet's report of the first, naming it again.
    let agamenon_again = op("2024-06-04", "Operation Agamenon", 15);
    assert_eq!(linked(&[agamenon, nemesis, agamenon_again]), vec![0, 1, 0]);
}

/// Undated reports of `country` that name `place` and nothing else: other events of a place
/// that much of the news names.
fn naming(place: &str, country: &str, region: &str, reports: usize) -> Vec<Incident> {
    (0..reports)
        .map(|_| {
            let mut r = undated(&[country], "");
            r.places = vec![town(place, country, region)];
            r
        })
        .collect()
}

#[test]
fn a_town_that_much_of_the_news_names_says_less_than_a_village() {
    // Two undated reports of one country naming one town and the same count of victims. Named
    // by them alone, the town points at one event; named by a hundred and fifty other reports
    // (a border city), it is what unrelated reports share.
    let pair = |place: &str| {
        let mut r = undated(&["MX"], "");
        r.places = vec![town(place, "MX", "Chiapas")];
        r.victims = Some(37);
        r
    };
    let mut village = vec![pair("Tuzantán"), pair("Tuzantán")];
    village.extend(naming("Tapachula", "MX", "Chiapas", 150));
    assert_eq!(linked(&village)[..2], [0, 0]);
    let mut city = vec![pair("Tapachula"), pair("Tapachula")];
    city.extend(naming("Tapachula", "MX", "Chiapas", 150));
    let events = linked(&city);
    assert_ne!(events[0], events[1]);
}

/// Undated reports of `country` giving `victims` and nothing else.
fn giving(victims: u64, country: &str, reports: usize) -> Vec<Incident> {
    (0..reports)
        .map(|_| {
            let mut r = undated(&[country], "");
            r.victims = Some(victims);
            r
        })
        .collect()
}

#[test]
fn an_equal_figure_weighs_as_rare_as_it_is_among_the_reports() {
    // Two undated reports naming one town and the same 12 victims. Among reports giving other figures, 12 is a specific agreement; among reports
    // that mostly give 12 (a collection of one shelter's monthly counts), it is chance.
    let pair = || {
        let mut r = undated(&["PE"], "");
        r.places = vec![town("Mazuko", "PE", "Madre de Dios")];
        r.victims = Some(12);
        r
    };
    let spread: Vec<Incident> = (0..300u64)
        .flat_map(|v| giving(100 + v * 7, "CO", 1))
        .collect();
    let mut rare = vec![pair(), pair()];
    rare.extend(spread);
    assert_eq!(linked(&rare)[..2], [0, 0]);
    let mut common = vec![pair(), pair()];
    common.extend(giving(12, "CO", 300));
    let events = linked(&common);
    assert_ne!(events[0], events[1]);
}

#[test]
fn close_small_figures_are_what_unrelated_raids_share() {
    // Two raids in one town weeks apart: 2 and 3 arrests, 1 and 2 victims are close by any
    // measure, and so are most small counts; 40 and 44 arrests with 120 and 130 victims are
    // an update of one raid's counts.
    let raid = |date: &str, arrests: u64, victims: u64| {
        let mut r = report(date, &["MX"]);
        r.places = vec![town("Ciudad Hidalgo", "MX", "Chiapas")];
        r.arrests = Some(arrests);
        r.victims = Some(victims);
        r
    };
    let small = linked(&[raid("2024-05-02", 2, 1), raid("2024-05-30", 3, 2)]);
    assert_ne!(small[0], small[1]);
    let large = linked(&[raid("2024-05-02", 40, 120), raid("2024-05-30", 44, 130)]);
    assert_eq!(large[0], large[1]);
}

#[test]
fn counts_apart_beyond_an_update_weigh_against() {
    // Two rescues in one town ten days apart. 30 then 34 rescued is one rescue's count brought
    // up to date; 30 then 59 is beyond what updates give, and another rescue's count.
    let rescue = |date: &str, victims: u64| {
        let mut r = report(date, &["MX"]);
        r.places = vec![town("Ontinyent", "MX", "Valencia")];
        r.victims = Some(victims);
        r
    };
    let updated = linked(&[rescue("2024-06-03", 30), rescue("2024-06-13", 34)]);
    assert_eq!(updated[0], updated[1]);
    let apart = linked(&[rescue("2024-06-03", 30), rescue("2024-06-13", 59)]);
    assert_ne!(apart[0], apart[1]);
}

#[test]
fn in_a_small_collection_a_country_most_reports_name_says_little() {
    // Forty reports, thirty of them of Brazil. Two undated reports with the same 37 victims
    // and only Paraguay are one event; the same two of Brazil share what most reports share.
    let pair = |country: &str| {
        let mut r = undated(&[country], "");
        r.victims = Some(37);
        r
    };
    let small = |country: &str| {
        let mut all = vec![pair(country), pair(country)];
        all.extend((0..30).map(|_| undated(&["BR"], "")));
        all.extend((0..8).map(|_| undated(&["CL"], "")));
        let events = link_incidents(&all, &settings(), &Silent).events(&[], &[]);
        events[0] == events[1]
    };
    assert!(small("PY"));
    assert!(!small("BR"));
}

/// A report of `country` on `date` (or undated) in `place`, with the figures given.
fn in_town(place: &str, date: Option<&str>, victims: Option<u64>) -> Incident {
    Incident {
        date: date.map(str::to_string),
        countries: vec!["US".to_string()],
        places: vec![town(place, "US", "Ohio")],
        victims,
        ..Incident::default()
    }
}

#[test]
fn a_report_reaching_other_events_through_its_own_town_is_no_roundup() {
    // The sentencing in Marion is reported twice; the report without a date matches the
    // indictment years before and the contractor's plea years after as well, through the town
    // all of them name. Those three tell against each other (other years, other editions of
    // the investigation), yet the report reaches them through one fact of its own: it reports
    // one event that the others touch, not a summary of three.
    let sentence = in_town("Marion", None, Some(10));
    let mut dated_sentence = in_town("Marion", Some("2016-06-27"), Some(10));
    dated_sentence.operations = vec!["Operation Harvest 2".into()];
    let mut indictment = in_town("Marion", Some("2014-03-10"), Some(22));
    indictment.operations = vec!["Operation Harvest 1".into()];
    let mut plea = in_town("Marion", Some("2018-11-02"), Some(25));
    plea.operations = vec!["Operation Harvest 3".into()];
    let reports = [sentence, dated_sentence, indictment, plea];
    let linkage = link_incidents(&reports, &settings(), &Silent);
    assert!(!linkage.roundups()[0], "{:?}", linkage.roundups());
    let events = linkage.events(&[], &[]);
    assert_eq!(events[0], events[1], "{events:?}");
    assert_ne!(events[1], events[2], "{events:?}");
    assert_ne!(events[1], events[3], "{events:?}");
}

#[test]
fn a_roundup_giving_one_events_figures_is_still_a_roundup() {
    // A round-up of the year's rescues names three towns, each another event's, and gives the
    // figures of the first: it matches that event far better than the others, but reaches
    // each event through that event's own town.
    let event = |place: &str, date: &str, victims: u64, arrests: u64| {
        let mut r = in_town(place, Some(date), Some(victims));
        r.arrests = Some(arrests);
        r
    };
    let mut roundup = in_town("Campestre", None, Some(59));
    roundup.arrests = Some(12);
    roundup.places.push(town("Lajinha", "US", "Ohio"));
    roundup.places.push(town("Machado", "US", "Ohio"));
    let reports = [
        event("Campestre", "2021-07-14", 59, 12),
        event("Campestre", "2021-07-15", 59, 12),
        event("Lajinha", "2019-03-02", 30, 4),
        event("Lajinha", "2019-03-02", 30, 4),
        event("Machado", "2023-08-20", 19, 7),
        event("Machado", "2023-08-21", 19, 7),
        roundup,
    ];
    let linkage = link_incidents(&reports, &settings(), &Silent);
    assert!(linkage.roundups()[6], "{:?}", linkage.roundups());
    let events = linkage.events(&[], &[]);
    assert_eq!(events, vec![0, 0, 2, 2, 4, 4, 6]);
}

#[test]
fn a_roundup_of_raids_with_as_many_arrests_each_is_still_a_roundup() {
    // Three raids in three towns, years apart, each with three arrests; the round-up names the
    // three towns and says three were arrested each time. The count every event shares is
    // chance, not one event that all of them touch: each is reached through its own town.
    let event = |place: &str, date: &str, victims: u64| {
        let mut r = in_town(place, Some(date), Some(victims));
        r.arrests = Some(3);
        r
    };
    let mut roundup = in_town("Lancaster", None, None);
    roundup.arrests = Some(3);
    roundup.places.push(town("Chillicothe", "US", "Ohio"));
    roundup.places.push(town("Zanesville", "US", "Ohio"));
    let reports = [
        event("Lancaster", "2021-07-14", 41),
        event("Lancaster", "2021-07-15", 41),
        event("Chillicothe", "2019-03-02", 16),
        event("Chillicothe", "2019-03-02", 16),
        event("Zanesville", "2023-08-20", 27),
        event("Zanesville", "2023-08-21", 27),
        roundup,
    ];
    let linkage = link_incidents(&reports, &settings(), &Silent);
    assert!(linkage.roundups()[6], "{:?}", linkage.roundups());
    let events = linkage.events(&[], &[]);
    assert_eq!(events, vec![0, 0, 2, 2, 4, 4, 6]);
}

/// Two phases of one investigation in one region: each phase reported by two outlets, the second
/// phase's reports recalling the first phase's month and towns.
fn two_phases(second_phase_said: bool, published: [&str; 4]) -> Vec<Incident> {
    let mut reports = Vec::new();
    for (k, published) in published.into_iter().enumerate() {
        let second = k >= 2;
        let text = if second && second_phase_said {
            format!("Nota {k}\n\nA PF deflagrou a segunda fase da Operação Perfídia em Goiás.")
        } else {
            format!("Nota {k}\n\nA PF deflagrou a Operação Perfídia em Goiás.")
        };
        let mut r = undated(&["BR"], &text);
        r.published = Some(published.to_string());
        // The second phase's reports take the first phase's month from their background.
        r.date = second.then(|| "2024-08".to_string());
        r.operations = vec!["Operação Perfídia".into()];
        r.places = vec![town("Uberlândia", "BR", "Minas Gerais")];
        r.exploitation = vec!["sexual_exploitation".into()];
        reports.push(r);
    }
    reports
}

#[test]
fn a_later_phase_of_an_operation_is_another_event() {
    // Without dates, the second phase's raids in other towns share only the operation's name,
    // which the phase makes another operation.
    let mut reports = two_phases(true, ["", "", "", ""]);
    for r in &mut reports {
        r.published = None;
        r.date = None;
    }
    for r in &mut reports[2..] {
        r.places = vec![town("Rio Verde", "BR", "Goiás")];
    }
    let ops = |i: &Incident| prepare_one(i).operations;
    assert_eq!(ops(&reports[2])[0].edition, Some(2));
    assert_eq!(ops(&reports[0])[0].edition, None);
    let events = linked(&reports);
    assert_eq!(events[2], events[3]);
    assert_ne!(events[0], events[2]);
}

#[test]
fn reports_published_months_apart_are_compared_by_publication() {
    // The second phase's outlets do not say "second phase"; they were published ten months
    // after the first phase's, and only the month they recall is the first phase's.
    let reports = two_phases(
        false,
        ["2024-08-20", "2024-08-21", "2025-06-17", "2025-06-18"],
    );
    let events = linked(&reports);
    assert_eq!(events[0], events[1]);
    assert_eq!(events[2], events[3]);
    assert_ne!(events[0], events[2]);
    // Reports of one event published weeks apart still compare by the event's date.
    let mut follow_up = two_phases(
        false,
        ["2024-08-20", "2024-09-25", "2024-09-25", "2024-09-26"],
    );
    follow_up.truncate(2);
    follow_up[1].date = Some("2024-08-20".into());
    let events = linked(&follow_up);
    assert_eq!(events[0], events[1]);
}

#[test]
fn a_text_recounting_three_months_joins_no_event() {
    // Two outlets' reports of one raid, and an analysis that recounts it among raids of two
    // other months whose reports are not in the collection: it matches the raid's reports as
    // well as they match each other (the town, the figures), yet reports none of them.
    let raid = |text: &str| {
        let mut r = report("2024-02-14", &["ES"]);
        r.text = text.to_string();
        r.places = vec![town("Calafell", "ES", "Cataluña")];
        r.arrests = Some(8);
        r.victims = Some(14);
        r.exploitation = vec!["sexual_exploitation".into()];
        r
    };
    let first = raid("Cae una red en Calafell\n\nLos Mossos detuvieron ayer a ocho personas.");
    let second = raid("Mossos free 14 women in Calafell\n\nPolice arrested eight people.");
    let mut analysis = raid(
        "Dos años de golpes contra la trata\n\nEn febrero de 2024 cayó una red en Calafell con \
         ocho detenidos. En octubre de 2024 otra en Gandia; en febrero de 2026, una tercera.",
    );
    analysis.date = None;
    assert!(prepare_one(&analysis).looks_back);
    assert!(!prepare_one(&first).looks_back);
    let events = linked(&[first, second, analysis]);
    assert_eq!(events[0], events[1]);
    assert_ne!(events[2], events[0], "{events:?}");
}

/// An opinion piece about `country` naming `place` and saying `text`: it looks back on events
/// (see `genre`), as a round-up of the year does.
fn looking_back(country: &str, place: Option<Place>, text: &str) -> Incident {
    let mut r = undated(
        &[country],
        &format!("Opinión: la trata, otra vez\n\n{text}"),
    );
    r.places = place.into_iter().collect();
    r
}

#[test]
fn names_that_round_ups_repeat_are_still_the_events_own() {
    // Two reports of one arrest, on one day, naming the same people, village and sum. Two
    // opinion pieces recount it with those names; counted as carriers, they would make every
    // name common (four reports) and the two reports would share nothing rare.
    let text = "Ramiro Quezada Lumbreras y Efraín Tovilla fueron detenidos en Tuzantán con 4.187 \
                dólares, informaron las autoridades.";
    let mut first = report("2024-05-14", &["MX"]);
    first.text = text.into();
    let mut second = report("2024-05-14", &["MX"]);
    second.text = format!("Según la fiscalía, {text}");
    let pieces = vec![
        looking_back("MX", None, text),
        looking_back("MX", None, &format!("Hace un mes, {text}")),
    ];
    let mut all = vec![first, second];
    all.extend(pieces);
    let events = linked(&all);
    assert_eq!(events[0], events[1], "{events:?}");
}

#[test]
fn a_village_that_round_ups_name_stays_rare() {
    // Two undated reports naming one village and one count, as in
    // `a_town_that_much_of_the_news_names_says_less_than_a_village`; here the hundred and fifty
    // other texts naming the village are pieces looking back on events, not reports of other
    // events there, and do not make the village common.
    let pair = || {
        let mut r = undated(&["MX"], "");
        r.places = vec![town("Tuzantán", "MX", "Chiapas")];
        r.victims = Some(37);
        r
    };
    let mut all = vec![pair(), pair()];
    all.extend((0..150).map(|_| {
        looking_back(
            "MX",
            Some(town("Tuzantán", "MX", "Chiapas")),
            "Tres redadas en marzo de 2021, abril de 2022 y mayo de 2023.",
        )
    }));
    assert_eq!(linked(&all)[..2], [0, 0]);
}

#[test]
fn an_operation_named_after_the_reports_own_is_its_background() {
    // A raid under Operation Palácios whose report ends with how the case began: a rescue during
    // Operation Libertação, which a third report covers. The earlier operation is neither for
    // the raid's report joining the rescue's nor against it.
    let mut raid = report("2023-03-18", &["BR"]);
    raid.places = vec![town("Boa Vista", "BR", "Roraima")];
    raid.operations = vec!["Operação Palácios".into(), "Operação Libertação".into()];
    raid.text = "A Polícia Federal deflagrou neste sábado a Operação Palácios em Boa Vista. A \
                 investigação começou com o resgate de uma adolescente durante a Operação \
                 Libertação."
        .into();
    let mut raid_en = report("2023-03-18", &["BR"]);
    raid_en.places = vec![town("Boa Vista", "BR", "Roraima")];
    raid_en.operations = vec!["Palácios".into()];
    let mut rescue = report("2023-03-15", &["BR"]);
    rescue.places = vec![town("Boa Vista", "BR", "Roraima")];
    rescue.operations = vec!["Operação Libertação".into()];
    let p = prepare(&[raid.clone()]);
    let series = |ops: &[prepare::Operation]| -> Vec<String> {
        ops.iter().map(|o| o.series.clone()).collect()
    };
    assert_eq!(series(&p[0].operations), ["palacios"]);
    assert_eq!(series(&p[0].background_operations), ["libertacao"]);
    let linkage = link_incidents(&[raid, raid_en, rescue], &settings(), &Silent);
    let operation = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .into_iter()
            .find(|e| e.comparison == "operation")
            .map(|e| e.weight)
    };
    assert!(operation(0, 1).is_some_and(|w| w > 5.0));
    assert_eq!(operation(0, 2), None);
    // The order the extraction lists them in does not matter; the text's does.
    let mut reversed = report("2023-03-18", &["BR"]);
    reversed.operations = vec!["Libertação".into(), "Palácios".into()];
    reversed.text = "Operação Palácios: a PF prende duas irmãs. O caso começou na Operação \
                     Libertação."
        .into();
    let p = prepare(&[reversed]);
    assert_eq!(series(&p[0].operations), ["palacios"]);
}

#[test]
fn a_series_named_with_its_next_edition_recalls_the_first() {
    // The second phase's report names "Proteção Integral II" and recalls the first phase by its
    // plain name; a report of the first phase names only the plain name. The plain name in the
    // second report is its background, so the two phases are other editions, not one.
    let mut second = report("2025-05-14", &["BR"]);
    second.operations = vec![
        "Operação Proteção Integral II".into(),
        "Operação Proteção Integral".into(),
    ];
    second.text = "A PF deflagrou a Operação Proteção Integral II em todo o país. A primeira                    fase, a Operação Proteção Integral, prendeu 17 pessoas."
        .into();
    let mut first = report("2025-03-12", &["BR"]);
    first.operations = vec!["Operação Proteção Integral".into()];
    let mut unnumbered = report("2025-05-14", &["BR"]);
    unnumbered.operations = vec!["Operação Proteção Integral II".into()];
    let p = prepare(&[second.clone()]);
    let editions = |ops: &[prepare::Operation]| -> Vec<Option<u16>> {
        ops.iter().map(|o| o.edition).collect()
    };
    assert_eq!(editions(&p[0].operations), [Some(2)]);
    assert_eq!(editions(&p[0].background_operations), [None]);
    let linkage = link_incidents(&[second, first, unnumbered], &settings(), &Silent);
    let operation = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .into_iter()
            .find(|e| e.comparison == "operation")
            .map(|e| e.weight)
    };
    assert!(
        operation(0, 1).is_some_and(|w| w < 0.0),
        "{:?}",
        operation(0, 1)
    );
    assert!(operation(0, 2).is_some_and(|w| w > 5.0));
}

#[test]
fn a_years_tally_is_no_report_of_one_rescue_it_may_count() {
    // A ministry's tally of the year names the capital, as the report of one rescue there does;
    // the headlines tell a tally from a rescue, in either language, and that weighs against.
    let tally = undated(
        &["HN"],
        "Honduras suma 21 víctimas de trata rescatadas en 2024\n\nTegucigalpa. La comisión \
         informó de siete operativos en el año.",
    );
    let rescue = undated(
        &["HN"],
        "Rescatan a dos niños obligados a pedir dinero en Tegucigalpa\n\nLos niños fueron \
         hallados de noche.",
    );
    let other_tally = undated(
        &["HN"],
        "Honduras rescued 21 trafficking victims in 2024, commission says\n\nThe commission \
         reported seven operations.",
    );
    let linkage = link_incidents(&[tally, rescue, other_tally], &settings(), &Silent);
    let stage = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .into_iter()
            .find(|e| e.comparison == "stage")
            .map(|e| e.weight)
    };
    assert!(stage(0, 1).is_some_and(|w| w < 0.0), "{:?}", stage(0, 1));
    assert_eq!(stage(0, 2), None);
}

#[test]
fn counts_that_both_texts_give_are_parts_of_one_tally() {
    // One trailer found with 343 migrants: one outlet headlines the 343, another the 103
    // children among them. Each text gives both figures, so the counts do not disagree; a
    // report whose text gives only its own count of 103 does.
    let mut whole = report("2023-03-06", &["MX"]);
    whole.victims = Some(343);
    whole.text = "Hallan a 343 migrantes en un tráiler; 103 son niños y 212 adultos.".into();
    let mut children = report("2023-03-06", &["MX"]);
    children.victims = Some(103);
    children.text = "Rescatan a 103 niños entre 343 migrantes abandonados.".into();
    let mut other = report("2023-03-06", &["MX"]);
    other.victims = Some(103);
    other.text = "Rescatan a 103 migrantes en una bodega.".into();
    let linkage = link_incidents(&[whole, children, other], &settings(), &Silent);
    let victims = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .into_iter()
            .find(|e| e.comparison == "victims")
            .map(|e| e.weight)
    };
    assert_eq!(victims(0, 1), Some(0.0));
    assert!(victims(0, 2).is_some_and(|w| w < 0.0));
}

#[test]
fn a_part_does_not_contradict_the_total_a_text_splits_into_it() {
    // One inspection freed 80 workers: 76 in one town and four fishermen in the next. One
    // outlet headlines the 80 and names both parts, another the 76 and the whole, a third only
    // the four fishermen. The part's own text names no total, yet each of the others gives the
    // part, its own count and what joins them, so no count tells against another.
    let victims_in = |victims: u64, text: &str| {
        let mut r = report("2025-08-27", &["BR"]);
        r.victims = Some(victims);
        r.text = text.into();
        r
    };
    let total = victims_in(
        80,
        "Fiscais resgatam 80 trabalhadores: 76 em Magalhães de Almeida e quatro pescadores em \
         Barreirinhas.",
    );
    let other_part = victims_in(
        76,
        "Fiscais resgatam 76 trabalhadores da palha; quatro pescadores também foram \
         resgatados, 80 ao todo.",
    );
    let part = victims_in(4, "Quatro pescadores resgatados em Barreirinhas.");
    // Another raid's total, whose text gives no rest that makes four a part of it.
    let unrelated = victims_in(
        80,
        "Fiscais resgatam 80 trabalhadores numa fazenda de café.",
    );
    // Twice a count is no split: the count is its own rest.
    let double = victims_in(
        8,
        "Resgatados 8 trabalhadores, o dobro dos 4 do ano passado.",
    );
    let linkage = link_incidents(
        &[total, other_part, part, unrelated, double],
        &settings(),
        &Silent,
    );
    let victims = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .into_iter()
            .find(|e| e.comparison == "victims")
            .map(|e| e.weight)
    };
    assert_eq!(victims(0, 2), Some(0.0), "a total and its stated part");
    assert_eq!(victims(1, 2), Some(0.0), "two parts of a stated total");
    assert!(victims(3, 2).is_some_and(|w| w < 0.0), "no stated rest");
    assert!(victims(4, 2).is_some_and(|w| w < 0.0), "twice is no split");
}

#[test]
fn a_town_in_a_list_of_many_does_not_drown_the_events_own_town() {
    // A rescue in Uruguaiana whose report also lists the towns the workers came from. Shared
    // with another report of Uruguaiana, the town weighs as the one place each names on its
    // own; the same towns named each on its own (a network in four towns) weigh as four.
    let with_towns = |text: &str| {
        let mut r = undated(&["BR"], text);
        r.places = ["Uruguaiana", "Itaqui", "São Borja", "Alegrete"]
            .iter()
            .map(|t| town(t, "BR", "Rio Grande do Sul"))
            .collect();
        r
    };
    let listing = with_towns(
        "Fiscais resgataram 56 homens em Uruguaiana. Eles moravam em Itaqui, São Borja e \
         Alegrete.",
    );
    let touring = with_towns(
        "A rede agia em Uruguaiana. Outra base ficava em Itaqui. Em São Borja havia um \
         galpão. Alegrete era o ponto de partida.",
    );
    let mut other = undated(&["BR"], "Peões resgatados em Uruguaiana.");
    other.places = vec![town("Uruguaiana", "BR", "Rio Grande do Sul")];
    let linkage = link_incidents(&[listing, touring, other], &settings(), &Silent);
    let places = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .into_iter()
            .find(|e| e.comparison == "places")
            .map_or(0.0, |e| e.weight)
    };
    assert!(
        places(0, 2) > places(1, 2) + 1.0,
        "{} {}",
        places(0, 2),
        places(1, 2)
    );
}

#[test]
fn words_of_the_trade_nationalities_landmarks_and_namesakes_are_no_rare_names() {
    // Reports of different events in different towns, each sharing one sentence that real
    // reports of unrelated events share: none of what it names tells one event from another,
    // so the two share no name, while each keeps its own town.
    let cases = [
        (
            "an agency's name cut by a comma into words the text also writes in lower case",
            "Actuó la Unidad de Atención a Niños, Niñas y Adolescentes, que protege a niños, \
             niñas y adolescentes.",
        ),
        (
            "nationalities",
            "Según la policía, los rescatados eran Haitianos.",
        ),
        (
            "two countries joined by a small word",
            "Llegaron por la frontera de Bolivia y Brasil.",
        ),
        (
            "a month's abbreviation",
            "The raid took place on Nov. 3, police said.",
        ),
        (
            "the tail of an institution's name",
            "Informó la Fiscalía Especializada, Contra la Trata del Ministerio Público.",
        ),
        (
            "a road",
            "Los migrantes caminaban por la Carretera Panamericana.",
        ),
        (
            "a name many people carry",
            "Declaró el vocero Luis Rodríguez.",
        ),
    ];
    for (what, sentence) in cases {
        let text = |town: &str| format!("{sentence} El operativo fue en {town}.");
        let a = prepare_one(&undated(&["PE"], &text("Quirinópolis")));
        let b = prepare_one(&undated(&["PE"], &text("Tuzantán")));
        let shared = a.names.iter().filter(|n| b.names.contains(n)).count();
        assert_eq!(shared, 0, "{what}: {:?} {:?}", a.names, b.names);
        assert!(!a.names.is_empty(), "{what}: the town is a name");
    }
}

#[test]
fn acronyms_laws_country_words_and_operation_words_are_no_rare_names() {
    // As above: what each sentence names is in reports of many events of one country (its
    // agencies' acronyms, its laws, a word of its own name, the word "operation" before a name
    // compared as an operation, a harbour's dock, a police branch).
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "an agency's acronym",
            "SV",
            "",
            "El operativo, según informó la FGR, terminó por la tarde.",
        ),
        (
            "a law",
            "BR",
            "",
            "Eles responderão com base no Estatuto da Criança e do Adolescente.",
        ),
        (
            "a word of the report's country's name",
            "TC",
            "",
            "The sloop was escorted to Caicos by the police.",
        ),
        (
            "the word before an operation's name",
            "BR",
            "Caminhos Seguros",
            "As ações integram a Operação Caminhos Seguros, informou a polícia.",
        ),
        (
            "a dock",
            "HT",
            "",
            "The migrants were landed at the South Dock that evening.",
        ),
        (
            "a police branch",
            "TC",
            "",
            "Officers of the Marine Branch boarded the vessel.",
        ),
    ];
    for (what, country, operation, sentence) in cases {
        let incident = |town: &str| {
            let mut incident = undated(&[country], &format!("{sentence} The raid was in {town}."));
            incident.operations = [operation]
                .into_iter()
                .filter(|o| !o.is_empty())
                .map(String::from)
                .collect();
            prepare_one(&incident)
        };
        let a = incident("Quirinópolis");
        let b = incident("Tuzantán");
        let shared = a.names.iter().filter(|n| b.names.contains(n)).count();
        assert_eq!(shared, 0, "{what}: {:?} {:?}", a.names, b.names);
        assert!(!a.names.is_empty(), "{what}: the town is a name");
    }
}

#[test]
fn reports_agreeing_on_several_weak_facts_of_their_own_and_on_nothing_against_are_one_event() {
    // An undated raid in Tamaulipas reported in English and in Spanish: each fact alone is
    // weak (the state, not the town; close counts; one of several names), but all agree and
    // none differs. The same state and count with other names is another raid.
    let raid = |arrests: u64, text: &str| Incident {
        countries: vec!["MX".into()],
        places: vec![Place {
            name: "Tamaulipas".into(),
            country: "MX".into(),
            region: Some("Tamaulipas".into()),
            is_region: true,
        }],
        arrests: Some(arrests),
        text: text.to_string(),
        ..Incident::default()
    };
    let en = "Police said the men were arrested after the owner, Rigoberto Quintanilla, was \
              seen with the women at the Hotel Miramar Plaza. Agents from Nuevo Laredo and \
              Ciudad Victoria carried out the raid with officers of the Fiscalía Anticorrupción.";
    let es = "La policía dijo que los hombres fueron detenidos después de que el dueño, \
              Rigoberto Quintanilla, fuera visto con las mujeres en el Bar Tropicana Azul. Los \
              agentes de Río Bravo y de Ciudad Mante hicieron el operativo con la Guardia Costera.";
    let other = "La policía dijo que los hombres fueron detenidos después de que la dueña, \
                 Marisol Benavides, fuera vista con las mujeres en el Bar Tropicana Azul. Los \
                 agentes de Río Bravo y de Ciudad Mante hicieron el operativo con la Guardia Costera.";
    // A collection of a few dozen reports, as an analyst's feed of one week.
    let events = |pair: [Incident; 2]| {
        let mut all = pair.to_vec();
        all.extend(filler().into_iter().take(40));
        link_incidents(&all, &settings(), &Silent).events(&[], &[])[..2].to_vec()
    };
    assert_eq!(events([raid(25, en), raid(23, es)]), vec![0, 0]);
    assert_eq!(events([raid(25, en), raid(23, other)]), vec![0, 1]);
}

#[test]
fn an_operation_name_translated_word_for_word_is_the_same_operation() {
    // One outlet writes "Operación Lobo", another "Operation Wolf": no letters in common, but
    // the one word translated. Another word is still another operation.
    let raid = |operation: &str| {
        let mut r = report("2024-06-11", &["GT"]);
        r.operations = vec![operation.to_string()];
        r
    };
    let linkage = link_incidents(
        &[
            raid("Operación Lobo"),
            raid("Operation Wolf"),
            raid("Operação Lobo"),
            raid("Operation Eagle"),
        ],
        &settings(),
        &Silent,
    );
    let operation = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .into_iter()
            .find(|e| e.comparison == "operation")
            .map(|e| e.weight)
    };
    assert!(operation(0, 1).is_some_and(|w| w > 0.0));
    assert!(operation(1, 2).is_some_and(|w| w > 0.0));
    assert!(operation(0, 3).is_some_and(|w| w < 0.0));
}

#[test]
fn a_count_of_one_against_many_is_no_sign_of_another_event() {
    // "A woman was freed" in one report, "twelve women" in another: one person's story told
    // out of the event's few dozen. Three against forty are still two events' counts.
    let rescue = |victims: u64| {
        let mut r = report("2024-06-11", &["PE"]);
        r.victims = Some(victims);
        r
    };
    let linkage = link_incidents(
        &[rescue(1), rescue(12), rescue(3), rescue(40), rescue(4800)],
        &settings(),
        &Silent,
    );
    let victims = |a: usize, b: usize| {
        linkage
            .explain(a, b)
            .into_iter()
            .find(|e| e.comparison == "victims")
            .map(|e| e.weight)
    };
    assert_eq!(victims(0, 1), Some(0.0));
    assert!(victims(2, 3).is_some_and(|w| w < 0.0));
    // One against thousands is no story of one of them.
    assert!(victims(0, 4).is_some_and(|w| w < 0.0));
}

#[test]
fn a_town_and_a_rare_name_together_anchor_a_join() {
    // Two undated reports of one raid name a town that other reports name too, and one rare
    // name: each weighs little alone, the two together point at one incident.
    let raid = |text: &str| {
        let mut r = undated(&["MX", "GT", "HN"], text);
        r.places = vec![town("Reynosa", "MX", "Tamaulipas")];
        r.exploitation = vec!["forced_labour".into()];
        r
    };
    let mut all = vec![
        raid(
            "Rescate\n\nAgentes liberaron a migrantes en una bodega, dijo Eduardo Zumaya. \
             Declararon Marta Oyervides y Tomás Ledezma.",
        ),
        raid(
            "Rescue\n\nAgents freed migrants held in a warehouse, Eduardo Zumaya said. \
             Neighbours Ramiro Escandón and Olga Villarreal Quiroz spoke.",
        ),
    ];
    // A collection of fifty: a name that two reports carry is not rarer for being among few.
    all.extend(naming("Reynosa", "MX", "Tamaulipas", 12));
    all.extend(naming("Monterrey", "MX", "Nuevo León", 36));
    let linkage = link_incidents(&all, &settings(), &Silent);
    let tables = evidence::Tables::new(&linkage.prepared);
    let s = evidence::summary(&tables, &linkage.prepared[0], &linkage.prepared[1]);
    assert!(s.specific < SPECIFIC_BITS && s.specific >= TWO_FACTS_SPECIFIC_BITS);
    assert_eq!(s.specific_facts, 2);
    assert!(linkage.join_weight(&tables, 0, 1).bits > 0.0);
    assert_eq!(linkage.events(&[], &[])[..2], [0, 0]);
}
