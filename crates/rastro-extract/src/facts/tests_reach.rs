//! The readers' reach on kinds of phrasing that unseen articles showed them missing, each
//! generated over its word orders and languages and held against its near misses: operation
//! names joined by "al"/"ao" or opening with their own article; counts given by a pronoun or
//! quantifier ("ambos", "both"); migrants detained in a relative clause; one person found plus
//! others ("otros tres"); one named role plus a group.

use super::tests_generated::report;
use crate::input::Article;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

fn operations(lang: &str, sentence: &str) -> Vec<String> {
    run(&report(lang, sentence)).operations
}

#[test]
fn operation_names_run_on_through_al_and_ao() {
    for (lang, name, sentence) in [
        (
            "es",
            "Cese al Fuego",
            "Agentes de la Operación Cese al Fuego detuvieron a tres hombres.",
        ),
        (
            "es",
            "Paso al Norte",
            "La operación Paso al Norte terminó con dos detenidos.",
        ),
        (
            "es",
            "Cese al Fuego",
            "En el marco del operativo \"Cese al Fuego\" hubo tres detenidos.",
        ),
        (
            "pt",
            "Volta ao Lar",
            "A Operação Volta ao Lar prendeu três pessoas em Boa Vista.",
        ),
        (
            "pt",
            "Volta ao Lar",
            "Batizada de Volta ao Lar, a ação prendeu três pessoas.",
        ),
    ] {
        assert_eq!(operations(lang, sentence), [name], "{sentence}");
    }
    // Near misses: a place after the contraction is where the operation went, not its name.
    for (lang, sentence) in [
        ("es", "La operación Turquesa al Perú dejó 20 detenidos."),
        (
            "pt",
            "A Operação Turquesa ao Paraguai prendeu três pessoas.",
        ),
    ] {
        assert_eq!(operations(lang, sentence), ["Turquesa"], "{sentence}");
    }
}

#[test]
fn an_operation_keeps_its_own_capitalised_article() {
    for (lang, name, sentence) in [
        (
            "es",
            "La Sombra",
            "El operativo La Sombra dejó tres detenidos en Cúcuta.",
        ),
        (
            "es",
            "La Sombra",
            "La Operación \"La Sombra\" dejó tres detenidos en Cúcuta.",
        ),
        (
            "pt",
            "A Sombra",
            "A Operação A Sombra prendeu três pessoas em Boa Vista.",
        ),
        (
            "pt",
            "La Sombra",
            "Era a operação \"La Sombra\", aberta pela Polícia Federal.",
        ),
        (
            "pt",
            "O Resgate",
            "Policiais da Operação O Resgate prenderam dois homens.",
        ),
    ] {
        assert_eq!(operations(lang, sentence), [name], "{sentence}");
    }
    // Near misses: a lowercase article is the sentence's, and the shadow of a doubt is no
    // operation.
    for (lang, name, sentence) in [
        (
            "es",
            "Liberterra II",
            "Participaron en la Liberterra II, la operación de Interpol.",
        ),
        (
            "es",
            "Sombra",
            "La operación Sombra dejó tres detenidos. La sombra de la duda persiste.",
        ),
        (
            "en",
            "Spartacus III",
            "The Spartacus III operation ended with 20 arrests.",
        ),
    ] {
        assert_eq!(operations(lang, sentence), [name], "{sentence}");
    }
}

fn counts(lang: &str, sentence: &str) -> (Option<u64>, Option<u64>) {
    let i = run(&report(lang, sentence));
    (i.victims, i.arrests)
}

/// Every sentence of `templates` with "{both}" replaced by each word of `words`, and its first
/// letter capitalised when the word opens the sentence.
fn with_words(templates: &[&str], words: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for t in templates {
        for w in words {
            let opening = t.starts_with("{both}");
            let w = if opening {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                (*w).to_string()
            };
            out.push(t.replace("{both}", &w));
        }
    }
    out
}

#[test]
fn both_of_two_people_is_a_count_of_two() {
    let arrests: &[(&str, &[&str], &[&str])] = &[
        (
            "es",
            &[
                "Un hombre y una mujer llegaron a la casa. {both} fueron detenidos por la policía.",
                "La policía llegó a la casa y detuvo a {both} en Lima.",
                "{both} quedaron detenidos tras el allanamiento.",
                "{both} sospechosos fueron capturados en Lima.",
            ],
            &["ambos", "ambas"],
        ),
        (
            "pt",
            &[
                "Um homem e uma mulher chegaram. {both} foram presos em flagrante.",
                "Os agentes prenderam {both} em Manaus.",
                "{both} os suspeitos foram presos pela Polícia Federal.",
            ],
            &["ambos", "ambas"],
        ),
        (
            "en",
            &[
                "A man and a woman arrived at the house. {both} were arrested on Monday.",
                "Police arrested {both} on Monday.",
                "{both} suspects were arrested by police on Monday.",
            ],
            &["both"],
        ),
    ];
    for (lang, templates, words) in arrests {
        for text in with_words(templates, words) {
            assert_eq!(counts(lang, &text).1, Some(2), "{text}");
        }
    }
    let rescued: &[(&str, &[&str], &[&str])] = &[
        (
            "es",
            &["Las autoridades rescataron a {both} en la casa."],
            &["ambas"],
        ),
        (
            "pt",
            &["{both} foram resgatadas pela Polícia Federal."],
            &["ambas"],
        ),
        ("en", &["{both} women were rescued by police."], &["both"]),
    ];
    for (lang, templates, words) in rescued {
        for text in with_words(templates, words) {
            assert_eq!(counts(lang, &text).0, Some(2), "{text}");
        }
    }
    // Near misses: two countries or agencies, "both … and", two sexes.
    for (lang, text, expected) in [
        (
            "es",
            "Ambos países firmaron un acuerdo y la policía detuvo a tres hombres.",
            (None, Some(3)),
        ),
        (
            "es",
            "La policía detuvo a tres hombres en ambos países.",
            (None, Some(3)),
        ),
        (
            "es",
            "Rescataron a 20 víctimas de ambos sexos.",
            (Some(20), None),
        ),
        (
            "pt",
            "Ambos os países assinaram um acordo e a polícia prendeu três homens.",
            (None, Some(3)),
        ),
        (
            "en",
            "Police arrested people both in Mexico and in Guatemala.",
            (None, None),
        ),
        (
            "en",
            "Police rescued both men and women from the farm.",
            (None, None),
        ),
        (
            "en",
            "Both agencies arrested a man on Monday.",
            (None, Some(1)),
        ),
        (
            "en",
            "The two agencies arrested a man on Monday.",
            (None, Some(1)),
        ),
    ] {
        assert_eq!(counts(lang, text), expected, "{text}");
    }
}

#[test]
fn migrants_detained_in_a_relative_clause_are_arrests() {
    for (lang, text, n) in [
        ("es", "A bordo iban 62 migrantes, mexicanos y de otros países, que quedaron detenidos y fueron entregados a la Patrulla Fronteriza.", 62),
        ("es", "A bordo iban 62 migrantes, que quedaron detenidos.", 62),
        ("es", "Los 40 migrantes, que quedaron detenidos, fueron trasladados a una estación migratoria.", 40),
        ("pt", "No barco estavam 45 migrantes, que foram detidos pela Polícia Federal.", 45),
        ("pt", "No caminhão viajavam 45 migrantes, que ficaram detidos na delegacia.", 45),
        ("en", "On board were 62 migrants, who were taken into custody.", 62),
        ("en", "The boat carried 62 migrants, who were detained by the Coast Guard.", 62),
        ("en", "The 62 migrants, who were detained at sea, were handed to Border Patrol.", 62),
    ] {
        assert_eq!(counts(lang, text).1, Some(n), "{text}");
    }
    // Near misses: an earlier arrest, someone else detained, people shut in and then freed.
    for (lang, text, expected) in [
        ("es", "A bordo iban 62 migrantes que habían sido detenidos antes en Chiapas.", (None, None)),
        ("es", "Los agentes hallaron a 62 migrantes que viajaban hacinados, mientras que tres hombres quedaron detenidos.", (None, Some(3))),
        ("en", "The boat carried 62 migrants, who said that two men were arrested in Haiti.", (None, Some(2))),
        ("pt", "Os 45 migrantes, que ficaram presos em um galpão por dias, foram resgatados pela polícia.", (None, None)),
    ] {
        assert_eq!(counts(lang, text), expected, "{text}");
    }
}

#[test]
fn one_found_and_others_rescued_add_up() {
    let found = [
        (
            "es",
            &[
                "Hallan a",
                "Encuentran a",
                "Localizan a",
                "La policía encontró a",
            ][..],
            "niña desaparecida",
            "rescatan a otros tres menores en una vivienda de Cúcuta.",
            4,
        ),
        (
            "es",
            &["La Policía encontró a", "Los agentes hallaron a"][..],
            "la niña",
            "en una vivienda, donde además puso a salvo a otros tres menores.",
            4,
        ),
        (
            "pt",
            &["Polícia localiza", "Agentes encontraram"][..],
            "adolescente desaparecida",
            "resgata outras duas meninas em Manaus.",
            3,
        ),
        (
            "en",
            &["Police found", "Officers located"][..],
            "a missing girl",
            "rescued three other children in the house.",
            4,
        ),
        (
            "en",
            &["Police found"][..],
            "the missing girl",
            "rescued another three children in the house.",
            4,
        ),
    ];
    for (lang, verbs, person, rest, n) in found {
        for verb in verbs {
            let joiner = if lang == "en" {
                "and"
            } else if lang == "pt" {
                "e"
            } else {
                "y"
            };
            let text = if rest.starts_with("en una") {
                format!("{verb} {person} {rest}")
            } else {
                format!("{verb} {person} {joiner} {rest}")
            };
            assert_eq!(counts(lang, &text).0, Some(n), "{text}");
        }
    }
    // Near misses: the one before was arrested or dead, or the others are all there is.
    for (lang, text, expected) in [
        (
            "es",
            "La policía detuvo a un hombre y rescató a otras tres víctimas en Lima.",
            (Some(3), Some(1)),
        ),
        (
            "es",
            "Hallan a un hombre muerto y rescatan a otras tres personas en Lima.",
            (Some(3), None),
        ),
        (
            "es",
            "La policía rescató ayer a otras tres víctimas en Lima.",
            (Some(3), None),
        ),
        (
            "en",
            "Police found a missing girl and rescued three children in the house.",
            (Some(3), None),
        ),
    ] {
        assert_eq!(counts(lang, text), expected, "{text}");
    }
}

#[test]
fn one_named_role_and_a_group_add_up() {
    // In one list: a role word names one person, and "a dozen" is twelve, not a second one.
    for (lang, role, group, verb, n) in [
        (
            "en",
            "The captain",
            "a dozen crew members",
            "were arrested",
            13,
        ),
        (
            "en",
            "The captain",
            "twelve crew members",
            "were taken into custody",
            13,
        ),
        ("en", "The skipper", "a dozen migrants", "were detained", 13),
        ("en", "The owner", "a dozen workers", "were arrested", 13),
        (
            "es",
            "El capitán",
            "doce tripulantes",
            "fueron detenidos",
            13,
        ),
        (
            "es",
            "El dueño",
            "una docena de trabajadores",
            "fueron detenidos",
            13,
        ),
        (
            "pt",
            "O comandante",
            "12 tripulantes",
            "foram presos pela Marinha",
            13,
        ),
        (
            "pt",
            "O piloto",
            "uma dúzia de migrantes",
            "foram presos",
            13,
        ),
    ] {
        let joiner = match lang {
            "en" => "and",
            "pt" => "e",
            _ => "y",
        };
        let text = format!("{role} {joiner} {group} {verb}.");
        assert_eq!(counts(lang, &text).1, Some(n), "{text}");
    }
    // In two clauses, each with its own verb.
    for (lang, text, n) in [
        ("en", "The captain was arrested and a dozen migrants were in custody.", 13),
        ("en", "By yesterday, a Bahamian man suspected of being its captain had been arrested and a dozen suspected Haitian migrants who had come ashore were in custody.", 13),
        ("en", "The captain was arrested and twelve crew members were detained.", 13),
        ("es", "El capitán fue detenido y doce migrantes quedaron detenidos.", 13),
        ("es", "El capitán fue detenido y otras doce personas fueron detenidas.", 13),
        ("pt", "O comandante foi preso e 12 migrantes ficaram detidos.", 13),
    ] {
        assert_eq!(counts(lang, text).1, Some(n), "{text}");
    }
    for (lang, text, n) in [
        (
            "es",
            "Una mujer fue rescatada y otras 12 víctimas fueron liberadas.",
            13,
        ),
        (
            "pt",
            "Uma mulher foi resgatada e outras 12 vítimas foram resgatadas.",
            13,
        ),
    ] {
        assert_eq!(counts(lang, text).0, Some(n), "{text}");
    }
    // Near misses: a man and a woman of 22 are two; other kinds and other years stay apart.
    for (lang, text, expected) in [
        (
            "en",
            "A man and a 22-year-old woman were arrested on Monday.",
            (None, Some(2)),
        ),
        (
            "es",
            "El capitán fue detenido y doce migrantes fueron rescatados.",
            (None, Some(1)),
        ),
        (
            "en",
            "A man was arrested and 12 victims were rescued.",
            (Some(12), Some(1)),
        ),
        (
            "es",
            "Un hombre fue detenido en 2019 y 12 personas fueron detenidas en 2021.",
            (None, None),
        ),
    ] {
        assert_eq!(counts(lang, text), expected, "{text}");
    }
}

#[test]
fn raids_of_one_operation_in_other_places_add_up() {
    for (lang, text, expected) in [
        ("es", "La policía detuvo a tres personas en Pucusana. En el distrito de San Miguel, los agentes capturaron a cinco hombres. En San Juan de Miraflores, la Policía detuvo a once peruanos.", 19),
        ("es", "En el distrito de San Miguel, los agentes entraron en un local donde capturaron a tres personas. En San Juan de Miraflores, la Policía detuvo a once peruanos.", 14),
        ("pt", "A polícia prendeu três pessoas em Manaus. Em Parintins, os agentes prenderam outras cinco pessoas.", 8),
        ("en", "Police arrested three people in Kingston. In Montego Bay, officers arrested five men.", 8),
    ] {
        assert_eq!(counts(lang, text).1, Some(expected), "{text}");
    }
    assert_eq!(
        counts("es", "La policía rescató a 42 extranjeros en Pucusana. En el distrito de San Miguel, los agentes rescataron a cinco extranjeros.").0,
        Some(47)
    );
    // Near misses: a total broken down by place, another year, a country's background, the
    // same place told again.
    for (lang, text, expected) in [
        ("es", "La policía detuvo a 14 personas en tres distritos de Lima. En San Miguel, los agentes detuvieron a tres hombres.", 14),
        ("es", "La policía detuvo a tres personas en Pucusana. En Lima, en 2019, la policía detuvo a 100 personas.", 3),
        ("es", "La policía detuvo a tres personas en Pucusana. En Brasil, la policía detuvo a 100 personas.", 3),
        ("es", "La policía detuvo a tres personas en Pucusana. En Pucusana, los agentes detuvieron a tres hombres.", 3),
        ("en", "Police arrested three people in Kingston. In Kingston, officers arrested three men.", 3),
        ("en", "Police arrested three people in Kingston. In 2019, officers arrested 40 men.", 3),
    ] {
        assert_eq!(counts(lang, text).1, Some(expected), "{text}");
    }
}

/// The new readers look ahead and behind their words; cut anywhere, their sentences never
/// make the extractor panic.
#[test]
fn the_new_readers_never_panic_on_cut_text() {
    let texts = [
        "Un hombre y una mujer llegaron. Ambos fueron detenidos por la policía.",
        "A bordo iban 62 migrantes, mexicanos y de otros países, que quedaron detenidos.",
        "Hallan a niña desaparecida y rescatan a otros tres menores en Cúcuta.",
        "The captain had been arrested and a dozen migrants were in custody.",
        "La policía detuvo a tres personas en Pucusana. En San Juan de Miraflores, detuvo a once.",
        "Agentes de la Operación Cese al Fuego y de la operación \"La Sombra\" ao",
    ];
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        for cut in 0..=chars.len() {
            let head: String = chars[..cut].iter().collect();
            let tail: String = chars[cut..].iter().collect();
            let _ = run(&head);
            let _ = run(&tail);
        }
    }
}

#[test]
fn a_bare_count_after_its_article_is_still_its_verbs() {
    let arrests = [
        (
            "es",
            &["detuvieron a los", "capturaron a las", "arrestaron a los"][..],
            "en la casa.",
        ),
        ("pt", &["prenderam os", "detiveram as"][..], "em Manaus."),
        ("en", &["arrested the", "detained the"][..], "on Monday."),
    ];
    for (lang, verbs, tail) in arrests {
        let (subject, number) = match lang {
            "es" => ("Los agentes", "cuatro"),
            "pt" => ("Os agentes", "quatro"),
            _ => ("Officers", "four"),
        };
        for verb in verbs {
            let text = format!("{subject} {verb} {number} {tail}");
            assert_eq!(counts(lang, &text).1, Some(4), "{text}");
        }
    }
    for (lang, text) in [
        (
            "pt",
            "Os fiscais encontraram os três trabalhando em condições degradantes.",
        ),
        (
            "es",
            "Los inspectores encontraron a los tres trabajando en condiciones de esclavitud.",
        ),
        (
            "en",
            "Inspectors found the three working in conditions akin to slavery.",
        ),
    ] {
        assert_eq!(counts(lang, text).0, Some(3), "{text}");
    }
    // Near misses: a noun after the number is what it counts; people found dead are no victims.
    for (lang, text, expected) in [
        (
            "es",
            "Los agentes encontraron a los tres muertos en la casa.",
            (None, None),
        ),
        (
            "en",
            "Officers found the two bodies in the house.",
            (None, None),
        ),
        (
            "es",
            "Los agentes detuvieron a los tres camiones en la frontera.",
            (None, None),
        ),
    ] {
        assert_eq!(counts(lang, text), expected, "{text}");
    }
}

#[test]
fn the_ones_counted_who_say_they_were_victims_are_victims() {
    for (lang, text, n) in [
        ("pt", "Depois de meses sob ameaça, as duas fugiram e procuraram a Polícia Civil de Roraima, onde registraram ter sido vítimas de tráfico internacional de pessoas.", 2),
        ("es", "Las dos escaparon y denunciaron ante la Fiscalía que eran víctimas de trata.", 2),
        ("en", "The two escaped and told police they were victims of trafficking.", 2),
        ("es", "Los tres huyeron y dijeron ser víctimas de trata laboral.", 3),
    ] {
        assert_eq!(counts(lang, text).0, Some(n), "{text}");
    }
    // Near misses: the victims named are others; no article, no antecedent.
    for (lang, text) in [
        (
            "en",
            "The two men said the women were victims of trafficking.",
        ),
        (
            "es",
            "Los dos hombres dijeron que las mujeres eran víctimas de trata.",
        ),
    ] {
        assert_eq!(counts(lang, text).0, None, "{text}");
    }
}
