//! Tests of `Gazetteer::find`: resolution of ambiguous names in and out of context, nationality
//! words, case and word rules, accents, spans.

use crate::{gazetteer, MentionKind, PlaceMention};

fn find(text: &str) -> Vec<PlaceMention<'static>> {
    gazetteer().find(text)
}

/// "surface=CC" for every mention, in text order.
fn summary(text: &str) -> Vec<String> {
    find(text)
        .iter()
        .map(|m| format!("{}={}", &text[m.span.clone()], m.country))
        .collect()
}

fn countries(text: &str) -> Vec<String> {
    gazetteer()
        .find_countries(text)
        .iter()
        .map(|c| c.to_string())
        .collect()
}

#[test]
fn ambiguous_names_alone_are_left_out() {
    assert!(summary("Los detenidos fueron trasladados a Santiago el lunes.").is_empty());
    assert!(summary("La banda operaba en Córdoba desde 2019.").is_empty());
    assert!(summary("Las víctimas fueron halladas en San José.").is_empty());
    assert!(summary("El juicio se celebró en La Paz.").is_empty());
    assert!(summary("The suspects were arrested in Georgia last week.").is_empty());
}

#[test]
fn ambiguous_names_are_resolved_by_context() {
    let text = "La policía de Chile detuvo a tres personas en Santiago.";
    assert_eq!(summary(text), ["Chile=CL", "Santiago=CL"]);
    let text = "En Argentina, la red captaba mujeres en Córdoba y Rosario.";
    assert_eq!(summary(text), ["Argentina=AR", "Córdoba=AR", "Rosario=AR"]);
    let text = "Operaban en Sevilla, Málaga y Córdoba.";
    assert_eq!(countries(text), ["ES"]);
    assert_eq!(find(text).len(), 3);
    let text =
        "Las víctimas, rescatadas en San José, fueron atendidas por el gobierno de Costa Rica.";
    assert_eq!(summary(text), ["San José=CR", "Costa Rica=CR"]);
    let text = "La Fiscalía de Bolivia informó desde La Paz que hubo cinco detenidos.";
    assert_eq!(summary(text), ["Bolivia=BO", "La Paz=BO"]);
    let text = "Agents in Atlanta, Georgia, arrested the ring's leader.";
    let found = find(text);
    assert_eq!(countries(text), ["US"]);
    assert_eq!(found.last().map(|m| m.kind), Some(MentionKind::Admin1));
    let text = "Police in Tbilisi, Georgia, said the women had been recruited online.";
    assert_eq!(countries(text), ["GE"]);
}

#[test]
fn valencia_follows_the_country_of_the_story() {
    assert_eq!(
        countries("Detenidos en Madrid y Valencia por explotar a mujeres."),
        ["ES"]
    );
    assert_eq!(
        countries("En Venezuela, la banda operaba en Valencia y Maracay."),
        ["VE"]
    );
    assert!(countries("Detenidos en Valencia.").is_empty());
    // Venezuelan women in Valencia are not evidence that this Valencia is in Venezuela.
    assert_eq!(
        summary("Rescatan a venezolanas en Valencia."),
        ["venezolanas=VE"]
    );
}

#[test]
fn nationality_words_in_all_genders_and_numbers() {
    let cases = [
        ("rescataron a doce venezolanas", "VE"),
        ("trece haitianos fueron interceptados", "HT"),
        ("duas brasileiras foram resgatadas", "BR"),
        ("Peruvian nationals were detained", "PE"),
        ("un ciudadano colombiano", "CO"),
        ("tres mujeres dominicanas", "DO"),
        ("ciudadanos chinos", "CN"),
        ("turistas estadounidenses", "US"),
        ("agentes norte-americanos", "US"),
        ("cinco nicaragüenses", "NI"),
        ("los paquistaníes detenidos", "PK"),
        ("imigrantes senegaleses", "SN"),
    ];
    for (text, code) in cases {
        let found = find(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].country.as_str(), code, "{text}");
        assert_eq!(found[0].kind, MentionKind::Nationality, "{text}");
        assert!(found[0].lat.is_none());
    }
}

#[test]
fn regional_demonyms_name_their_region() {
    let found = find("Rescataron a diez niños chiapanecos en Hermosillo.");
    assert_eq!(found[0].kind, MentionKind::Nationality);
    assert_eq!(found[0].country.as_str(), "MX");
    assert_eq!(found[0].name, "Chiapas");
    assert_eq!(found[0].admin1, Some("Chiapas"));
    assert_eq!(countries("Trabalhadores paulistas e baianos."), ["BR"]);
}

#[test]
fn multiword_nationality_words() {
    assert_eq!(
        countries("Costa Rican and South African police"),
        ["CR", "ZA"]
    );
    assert_eq!(
        countries("two North Koreans and a Puerto Rican"),
        ["KP", "PR"]
    );
    assert!(find("They went north, then south.").is_empty());
}

#[test]
fn case_rules_keep_common_words_out() {
    assert!(find("Preparó chile con carne y una taza de china.").is_empty());
    assert_eq!(
        countries("La policía de Chile y la de China cooperan."),
        ["CL", "CN"]
    );
    // "Para" opens a Spanish sentence; "Pará" with its accent is the Brazilian state.
    assert!(find("Para reclutarlas usaban anuncios.").is_empty());
    assert_eq!(countries("Foram resgatados no estado do Pará."), ["BR"]);
    // English often drops the accent; then the text must be about Brazil and say it is a place.
    assert_eq!(
        countries("In Brazil, workers were freed in the state of Para."),
        ["BR"]
    );
    assert_eq!(
        find("In Brazil, workers were freed in the state of Para.").len(),
        2
    );
    assert_eq!(find("In Brazil, Para Todos is a program.").len(), 1);
    // A name right after a given name is a surname; a town before a surname is a given name.
    assert!(find("El fiscal Juan Herrera presentó cargos.").is_empty());
    assert!(find("el narcotraficante Escobar Gaviria").is_empty());
    assert!(find("El fiscal Israel Vargas y el juez Daniel Israel.").is_empty());
    assert_eq!(countries("Dos ciudadanos viajaron a Israel."), ["IL"]);
    assert_eq!(countries("la policía de Escobar, en Argentina"), ["AR"]);
    // Capitals-only short words are acronyms, not places.
    assert!(find("Según la OIT y la ICA, el informe es claro.").is_empty());
    // "US$" is a currency, "U.S." and "EE.UU." are the country.
    assert!(find("Incautaron US$ 83.750 en efectivo.").is_empty());
    assert!(find("Lo denunció @Colombia en redes.").is_empty());
    assert_eq!(countries("#Perú: rescatan a 20 mujeres"), ["PE"]);
    assert_eq!(countries("Viajaban a EE.UU. por tierra."), ["US"]);
    assert_eq!(countries("They were flown to the U.S. in May."), ["US"]);
    assert!(find("Let us see what they bring to us.").is_empty());
}

#[test]
fn names_that_are_words_need_a_preposition_of_place() {
    let text = "No Brasil, a empresa Americana disse que a Serra do Mar é bonita.";
    assert_eq!(countries(text), ["BR"]);
    assert_eq!(find(text).len(), 1);
    let text = "No Brasil, os trabalhadores foram resgatados em Americana e Natal.";
    assert_eq!(summary(text), ["Brasil=BR", "Americana=BR", "Natal=BR"]);
    let text = "Judge Allen sentenced Franklin; Mobile phones were seized in the United States.";
    assert_eq!(countries(text), ["US"]);
    assert_eq!(find(text).len(), 1);
    assert_eq!(
        countries("In the United States, victims were found in Mobile."),
        ["US"]
    );
}

#[test]
fn accented_country_names_need_their_accent() {
    assert_eq!(countries("Foram levadas para a França."), ["FR"]);
    // "Franca" without the cedilla is a city in São Paulo state, not France.
    assert_eq!(countries("No Brasil, foram resgatados em Franca."), ["BR"]);
    // "Gana" is Ghana in Portuguese and "wins" in Spanish.
    assert!(find("Gana el equipo local.").is_empty());
}

#[test]
fn language_names_are_not_nationalities() {
    assert!(find("Los carteles estaban escritos en español e inglés.").is_empty());
    assert!(find("The victims did not speak Spanish.").is_empty());
    assert!(find("Hablan español, inglés y portugués.").is_empty());
    assert_eq!(
        countries("La policía española detuvo a dos ingleses."),
        ["ES", "GB"]
    );
    assert_eq!(countries("Spanish police arrested two men."), ["ES"]);
    assert!(find("Many Latin American migrants cross the region.").is_empty());
    // English capitalises nationality words: "polish" is a verb.
    assert!(find("They had to polish the floors.").is_empty());
    assert_eq!(countries("Polish police helped."), ["PL"]);
}

#[test]
fn accents_and_capitals_are_folded() {
    assert_eq!(countries("Viajaron desde Bogota hasta Peru."), ["CO", "PE"]);
    assert_eq!(countries("RESCATAN A 40 MUJERES EN BOGOTÁ"), ["CO"]);
    assert_eq!(countries("RESCATAN A 40 VENEZOLANAS EN LIMA"), ["PE", "VE"]);
    assert_eq!(countries("Sao Paulo e São Paulo"), ["BR"]);
    assert_eq!(find("Sao Paulo e São Paulo").len(), 2);
}

#[test]
fn longest_name_wins_and_phrases_hide_their_places() {
    let text = "Fueron llevadas a la Ciudad de México.";
    let found = find(text);
    assert_eq!(found.len(), 1);
    assert_eq!(&text[found[0].span.clone()], "Ciudad de México");
    assert_eq!(found[0].kind, MentionKind::City);
    let text = "O Rio Grande do Sul teve 333 resgates.";
    let found = find(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, MentionKind::Admin1);
    assert!(find("Una facción del Tren de Aragua fue desarticulada.").is_empty());
    assert!(find("según el Protocolo de Palermo").is_empty());
    assert_eq!(
        countries("Smugglers operate near French Guiana and the Panama Canal."),
        ["GF", "PA"]
    );
}

#[test]
fn landmarks_and_small_towns_with_context() {
    let text = "Migrants crossed the Darién Gap into Panama.";
    let found = find(text);
    assert_eq!(found[0].kind, MentionKind::Landmark);
    assert_eq!(countries(text), ["PA"]);
    assert_eq!(
        countries("Trabajaban en las minas de La Rinconada, en Puno."),
        ["PE"]
    );
    // A small town with no country named counts when the text names its region.
    let text = "They took the victims to Tenancingo, a town in the state of Tlaxcala.";
    let t = find(text)
        .into_iter()
        .find(|m| m.name == "Tenancingo")
        .unwrap();
    assert_eq!(t.admin1, Some("Tlaxcala"));
}

#[test]
fn same_named_towns_are_told_apart_by_region_then_nearness() {
    // Bonito is a town in four Brazilian states; Recife puts this one in Pernambuco.
    let text = "No Brasil, a rede atuava em Recife e em Bonito.";
    let t = find(text).into_iter().find(|m| m.name == "Bonito").unwrap();
    assert_eq!(t.admin1, Some("Pernambuco"));
    // No region in common: the Itabaiana of Paraíba, next to Recife, not the bigger one in
    // Sergipe.
    let text = "No Brasil, a rede atuava em Recife e em Itabaiana.";
    let t = find(text)
        .into_iter()
        .find(|m| m.name == "Itabaiana")
        .unwrap();
    assert_eq!(t.admin1, Some("Paraíba"));
}

#[test]
fn spanish_and_portuguese_names_of_foreign_cities_and_states() {
    assert_eq!(
        countries("Fueron llevadas a Nueva York y luego a Pekín."),
        ["CN", "US"]
    );
    assert_eq!(countries("Foram levadas para Lisboa."), ["PT"]);
    assert_eq!(countries("The women were moved to St. Louis."), ["US"]);
    assert_eq!(countries("The women were moved to Saint Louis."), ["US"]);
    let found = find("Detidos na Carolina do Norte.");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, MentionKind::Admin1);
    assert_eq!(found[0].name, "North Carolina");
}

#[test]
fn spans_point_into_the_original_text() {
    let text = "«Perú» y «Côte d'Ivoire» — y los EE.UU.";
    let found = find(text);
    let surfaces: Vec<&str> = found.iter().map(|m| &text[m.span.clone()]).collect();
    assert_eq!(surfaces, ["Perú", "Côte d'Ivoire", "EE.UU"]);
    assert_eq!(found[0].name, "Peru");
}

#[test]
fn empty_and_odd_input_do_not_panic() {
    assert!(find("").is_empty());
    assert!(find("   \n\t").is_empty());
    assert!(find("\u{0}\u{FFFD}漢字 🙂 ...").is_empty());
    let long = "Lima, ".repeat(10_000);
    assert_eq!(find(&long).len(), 10_000);
    // Longer than several matching pieces, with no line break and multi-byte letters: every
    // name is still found once, with a span on char boundaries.
    let long = "São Paulo é longe. ".repeat(60_000);
    let found = find(&long);
    assert_eq!(found.len(), 60_000);
    assert!(found.iter().all(|m| &long[m.span.clone()] == "São Paulo"));
}

#[test]
fn a_nationality_word_completes_the_place_it_is_coordinated_with() {
    let c = countries("Boats left for the British and US Virgin Islands every night.");
    assert_eq!(c, ["VG", "VI"]);
}

#[test]
fn the_parts_of_saint_martin() {
    assert_eq!(
        countries("Solo Cuba y la parte neerlandesa de San Martín comparten esa posición."),
        ["CU", "SX"]
    );
    assert_eq!(
        countries("They crossed to the French side of Saint Martin."),
        ["MF"]
    );
}

#[test]
fn caribbean_territories_and_countries_inside_lists() {
    assert_eq!(
        countries("Hubo víctimas en Curazao, Aruba, Bonaire y Sint Maarten."),
        ["AW", "BQ", "CW", "SX"]
    );
}

#[test]
fn nationality_words_and_country_names_that_are_personal_names() {
    assert!(countries("\"It must stop,\" said UN rights chief Volker Türk.").is_empty());
    assert!(
        countries("Las jefas fueron identificadas como Grecia Jiménez y Ana Pérez.").is_empty()
    );
    assert_eq!(
        countries("Viajaron a Grecia y luego a Italia."),
        ["GR", "IT"]
    );
}

#[test]
fn a_spanish_accent_on_a_portuguese_city_name() {
    assert_eq!(
        countries("El centro, con sede en Río de Janeiro, aportó un agente."),
        ["BR"]
    );
}

#[test]
fn a_town_with_no_namesake_after_a_preposition_of_place() {
    assert_eq!(
        countries("Police raided a house in Chaguanas on Thursday."),
        ["TT"]
    );
    // Without the preposition a small town's name stays unread.
    assert!(countries("Chaguanas officers met on Thursday.").is_empty());
}

#[test]
fn a_dateline_names_the_best_known_place() {
    assert_eq!(
        countries("PANAMA CITY, 22 April 2024 — A regional project began."),
        ["PA"]
    );
}

#[test]
fn a_subcontinent_is_no_country() {
    assert!(countries("Eram oriundos do subcontinente indiano.").is_empty());
}

#[test]
fn a_text_after_another_finds_only_its_own_places() {
    let first = find("Rescataron a víctimas en Lima, Bogotá y Quito, y en Ciudad de México.");
    assert!(first.len() >= 4);
    let second = find("Police in Houston arrested two men.");
    let names: Vec<&str> = second.iter().map(|m| m.name.as_ref()).collect();
    assert_eq!(names, ["Houston"]);
}

#[test]
fn words_folded_elsewhere_find_what_the_text_finds() {
    let text = "Rescataron en Lima a 12 venezolanas que llegaron desde EE.UU. y Côte d'Ivoire.";
    let mut words = rastro_text::FoldedWords::default();
    rastro_text::FoldedText::new(text).words_into(text, &mut words);
    let found = gazetteer().find_in_words(text, &words);
    assert_eq!(found, find(text));
    assert!(found.len() >= 4, "{found:?}");
}

#[test]
fn words_folded_elsewhere_are_what_is_matched() {
    // The words, not the text, are matched: a scan that left "Lima" out finds no Lima, and one
    // that joined "EE" and "UU" as the fold does finds the United States.
    let text = "Detenidos en Lima y en EE.UU. ayer.";
    let mut words = rastro_text::FoldedWords::default();
    for (key, range) in [
        ("detenidos", 0..9),
        ("en", 10..12),
        ("y", 18..19),
        ("en", 20..22),
    ] {
        words.push(key, range);
    }
    words.push("ee", 23..25);
    words.glue("uu", 26..28);
    words.push("ayer", 30..34);
    let found = gazetteer().find_in_words(text, &words);
    let surfaces: Vec<&str> = found.iter().map(|m| &text[m.span.clone()]).collect();
    assert_eq!(surfaces, ["EE.UU"]);
    assert_eq!(found[0].country.as_str(), "US");
}
