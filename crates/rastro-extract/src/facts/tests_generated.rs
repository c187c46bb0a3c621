//! Count phrasings generated from templates (number words × nouns × verbs × adjuncts, in the
//! three languages), so that a reader is held to forms no article contains, and the kinds of
//! phrasing that such generated sentences showed the readers missing: quantity nouns
//! ("una veintena"), lists mixing plural and singular people, counts said to come on top of
//! others ("otras tres", "three more") in another clause or a later sentence.

use crate::input::Article;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

/// The same report in a trafficking case: victims are counted only where the crime is named.
fn run_in_case(text: &str) -> Incident {
    run(&super::in_trafficking_case(text))
}

fn counts(text: &str) -> (Option<u64>, Option<u64>) {
    let i = run(text);
    (i.victims, i.arrests)
}

/// A headline, then one sentence that says what the report is about, then the sentence tried.
pub(super) fn report(lang: &str, sentence: &str) -> String {
    let lead = match lang {
        "es" => "Operativo contra la trata\n\nLa Fiscalía informó de un operativo contra la trata de personas.",
        "pt" => "Operação contra o tráfico\n\nA Polícia Federal deflagrou uma ação contra o tráfico de pessoas.",
        _ => "Raid against trafficking\n\nAuthorities announced a raid against human trafficking.",
    };
    format!("{lead} {sentence}")
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Every template with every number, noun and adjunct of its language: (text, expected count).
fn family(
    templates: &[&str],
    numbers: &[(&str, u64)],
    nouns: &[&str],
    adjuncts: &[&str],
) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for template in templates {
        for (words, value) in numbers {
            for noun in nouns {
                for adjunct in adjuncts {
                    let text = template
                        .replace("{N}", words)
                        .replace("{Nc}", &capitalised(words))
                        .replace("{noun}", noun)
                        .replace("{adj}", adjunct);
                    out.push((text, *value));
                }
            }
        }
    }
    out
}

fn failures(lang: &str, cases: &[(String, u64)], arrests: bool) -> Vec<String> {
    cases
        .iter()
        .filter_map(|(sentence, want)| {
            let (v, a) = counts(&report(lang, sentence));
            let got = if arrests { a } else { v };
            (got != Some(*want)).then(|| format!("{sentence:?}: {got:?}, want {want}"))
        })
        .collect()
}

/// Fails listing every generated sentence, of every language, whose count is not the one wanted.
fn all_read(families: &[(&str, &[(String, u64)])], arrests: bool) {
    let missed: Vec<String> = families
        .iter()
        .flat_map(|(lang, cases)| failures(lang, cases, arrests))
        .collect();
    assert!(
        missed.is_empty(),
        "{} missed:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

const ES_NUMBERS: &[(&str, u64)] = &[
    ("doce", 12),
    ("23", 23),
    ("una veintena de", 20),
    ("más de un centenar de", 100),
    ("cerca de 40", 40),
    ("una treintena de", 30),
];
const PT_NUMBERS: &[(&str, u64)] = &[
    ("quinze", 15),
    ("23", 23),
    ("uma vintena de", 20),
    ("mais de cem", 100),
    ("pelo menos 18", 18),
    ("uma dezena de", 10),
];
const EN_NUMBERS: &[(&str, u64)] = &[
    ("fifteen", 15),
    ("23", 23),
    ("a dozen", 12),
    ("more than 100", 100),
    ("nearly 40", 40),
];

#[test]
fn generated_rescues_are_counted_in_every_form() {
    let es = family(
        &[
            "La policía rescató a {N} {noun}{adj}.",
            "{Nc} {noun} fueron rescatadas{adj}.",
            "Fueron liberadas{adj} {N} {noun}.",
            "Se logró rescatar a {N} {noun}{adj}.",
            "El allanamiento{adj} permitió el rescate de {N} {noun}.",
        ],
        ES_NUMBERS,
        &["mujeres", "personas", "víctimas"],
        &["", " el pasado martes", " en una finca de Salta"],
    );
    let pt = family(
        &[
            "A polícia resgatou {N} {noun}{adj}.",
            "{Nc} {noun} foram resgatadas{adj}.",
            "Foram libertadas{adj} {N} {noun}.",
            "A ação{adj} resultou no resgate de {N} {noun}.",
        ],
        PT_NUMBERS,
        &["mulheres", "pessoas", "vítimas"],
        &["", " na última terça-feira", " numa fazenda de Goiás"],
    );
    let en = family(
        &[
            "Police rescued {N} {noun}{adj}.",
            "{Nc} {noun} were rescued{adj}.",
            "Officers freed {N} {noun}{adj}.",
            "The raid{adj} led to the rescue of {N} {noun}.",
        ],
        EN_NUMBERS,
        &["women", "people", "children"],
        &["", " on Tuesday", " at a farm outside Houston"],
    );
    all_read(&[("es", &es), ("pt", &pt), ("en", &en)], false);
}

#[test]
fn generated_arrests_are_counted_in_every_form() {
    let es = family(
        &[
            "Los agentes detuvieron a {N} {noun}{adj}.",
            "{Nc} {noun} fueron detenidos{adj}.",
            "Fueron capturados{adj} {N} {noun}.",
            "{Nc} {noun} quedaron detenidos{adj}.",
            "El operativo{adj} terminó con la captura de {N} {noun}.",
        ],
        ES_NUMBERS,
        &["hombres", "sospechosos", "ciudadanos colombianos"],
        &["", " el pasado martes", " en una finca de Salta"],
    );
    let pt = family(
        &[
            "Os agentes prenderam {N} {noun}{adj}.",
            "{Nc} {noun} foram presos{adj}.",
            "Foram detidos{adj} {N} {noun}.",
            "A operação{adj} terminou com a prisão de {N} {noun}.",
        ],
        PT_NUMBERS,
        &["homens", "suspeitos", "empresários"],
        &["", " na última terça-feira", " numa fazenda de Goiás"],
    );
    let en = family(
        &[
            "Officers arrested {N} {noun}{adj}.",
            "{Nc} {noun} were taken into custody{adj}.",
            "The operation{adj} ended with the arrest of {N} {noun}.",
        ],
        EN_NUMBERS,
        &["men", "suspects", "members of the gang"],
        &["", " on Tuesday", " at a farm outside Houston"],
    );
    all_read(&[("es", &es), ("pt", &pt), ("en", &en)], true);
}

#[test]
fn a_rounded_quantity_noun_in_the_headline_yields_to_the_body() {
    let i = run_in_case(
        "Liberan a una veintena de víctimas en Panamá\n\nLas autoridades liberaron a 19 \
         personas en tres provincias, informó la Fiscalía.",
    );
    assert_eq!(i.victims, Some(19));
    let pt = run_in_case(
        "PF resgata uma dezena de trabalhadores\n\nOs fiscais resgataram 11 trabalhadores \
         numa fazenda de Goiás.",
    );
    assert_eq!(pt.victims, Some(11));
}

#[test]
fn a_list_of_men_women_and_children_is_no_breakdown() {
    for (lang, text, want) in [
        (
            "en",
            "Officers arrested two men, a woman and a teenager.",
            4,
        ),
        (
            "es",
            "Los agentes detuvieron a dos hombres, una mujer y un adolescente.",
            4,
        ),
        (
            "pt",
            "Dois homens, uma mulher e um adolescente foram presos.",
            4,
        ),
    ] {
        assert_eq!(counts(&report(lang, text)).1, Some(want), "{text}");
    }
    // A general noun first is still broken down by the parts after it.
    assert_eq!(
        counts(&report(
            "en",
            "Seven nationals, two women and five men were rescued."
        ))
        .0,
        Some(7)
    );
}

#[test]
fn others_in_another_place_add_to_the_count() {
    for (lang, text) in [
        (
            "es",
            "En Lima fueron detenidas cuatro personas y en Arequipa otras tres.",
        ),
        (
            "pt",
            "Em Manaus foram presas quatro pessoas e em Belém outras três.",
        ),
        (
            "en",
            "Four people were arrested in Miami and three more in Orlando.",
        ),
    ] {
        assert_eq!(counts(&report(lang, text)).1, Some(7), "{text}");
    }
}

#[test]
fn more_people_taken_in_a_later_sentence_add_to_the_count() {
    for (lang, text) in [
        ("en", "Five people were arrested on Monday. On Tuesday three more suspects were arrested."),
        ("es", "Cinco personas fueron detenidas el lunes. El martes fueron detenidas otras tres personas."),
        ("pt", "Cinco pessoas foram presas na segunda-feira. Na terça, outras três foram presas."),
        ("pt", "Cinco pessoas foram presas na segunda. Mais três pessoas foram presas na terça."),
    ] {
        assert_eq!(counts(&report(lang, text)).1, Some(8), "{text}");
    }
    // "the other three" are some of those counted, not more of them.
    let others = report(
        "es",
        "Fueron detenidas cinco personas. De los detenidos, dos son paraguayos; los otros \
         tres fueron detenidos en Asunción.",
    );
    assert_eq!(counts(&others).1, Some(5));
    let more_than = report(
        "en",
        "Five people were arrested on Monday. More than three suspects remain at large.",
    );
    assert_eq!(counts(&more_than).1, Some(5));
}

#[test]
fn counts_among_others_asides_and_places_are_read_without_fail() {
    // The words the readers look for on both sides of a count ("otras", "more", a place, an
    // aside, "of", a relative pronoun, a figure noun), in any order and at either end of the
    // text: the readers index around them and must never step outside the text. (A bare
    // "15 dos" at the end once did.)
    const WORDS: &[&str] = &[
        "otras",
        "tres",
        "more",
        "y",
        "en",
        "Lima",
        ",",
        "and",
        "in",
        "three",
        "los",
        "mais",
        "outras",
        "detenidas",
        "arrested",
        ".",
        "una",
        "menor",
        "localizaron",
        "who",
        "que",
        "fue",
        "rescatada",
        "was",
        "freed",
        "on",
        "bail",
        "a",
        "cinco",
        "personas",
        "after",
        "detuvieron",
        "the",
        "number",
        "of",
        "rose",
        "to",
        "12",
        "cifra",
        "asciende",
        "veintena",
        "de",
        "mujeres",
        "two",
        "men",
        "woman",
        "foram",
        "encontrados",
        "em",
        "condições",
        "(",
        ")",
        ":",
        ";",
        "\"",
        "dos",
        "das",
        "Dallas",
        "one",
        "taken",
        "into",
        "custody",
        "15",
        "años",
        "entre",
        "among",
        "total",
        "also",
        "victims",
        "presos",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for round in 0..1500 {
        let mut text = String::from(if round % 2 == 0 { "T\n\n" } else { "" });
        for _ in 0..next(20) + 1 {
            text.push_str(WORDS[next(WORDS.len())]);
            text.push(' ');
        }
        let text = text.trim_end();
        let _ = counts(text);
        let _ = crate::count_candidates(&Article::plain("t", text));
    }
}

#[test]
fn people_found_in_conditions_by_a_passive_are_victims() {
    for (lang, text, want) in [
        (
            "pt",
            "Doze trabalhadores foram encontrados em condições análogas à escravidão.",
            12,
        ),
        (
            "pt",
            "23 pessoas foram encontradas em condições análogas à de escravo.",
            23,
        ),
        (
            "es",
            "Doce trabajadores fueron hallados en condiciones de explotación laboral.",
            12,
        ),
        (
            "en",
            "Fifteen people were found in conditions of forced labour.",
            15,
        ),
    ] {
        assert_eq!(counts(&report(lang, text)).0, Some(want), "{text}");
    }
    // Found after doing something is not found in conditions.
    let done = report(
        "pt",
        "Doze pessoas foram encontradas por acaso perto da fazenda.",
    );
    assert_eq!(counts(&done).0, None);
}

#[test]
fn a_figure_that_reaches_a_value_is_the_total() {
    for (lang, text, kind_arrests) in [
        ("es", "La cifra de detenidos asciende a 12.", true),
        (
            "es",
            "La cifra de víctimas rescatadas ascendió a 12.",
            false,
        ),
        ("pt", "O número de presos chegou a 12.", true),
        ("pt", "O número de resgatados subiu para 12.", false),
        ("en", "The number of arrests rose to 12.", true),
        (
            "en",
            "The number of victims rescued has risen to 12.",
            false,
        ),
    ] {
        let (v, a) = counts(&report(lang, text));
        assert_eq!(if kind_arrests { a } else { v }, Some(12), "{text}");
    }
    // A person who reaches a place is no figure.
    let trip = report(
        "es",
        "El número de la víctima llegó a Lima con 12 compañeros.",
    );
    assert_eq!(counts(&trip), (None, None));
}

#[test]
fn suspects_nabbed_are_arrested() {
    assert_eq!(
        counts(&report("en", "Police nabbed five suspects at the border.")).1,
        Some(5)
    );
}

#[test]
fn a_verb_reaches_its_object_across_an_aside() {
    for (lang, text) in [
        ("es", "Los agentes detuvieron, en la madrugada del martes y tras varios meses de investigación, a cinco personas."),
        ("en", "Police arrested, after a months-long investigation by federal agents and local detectives, five suspects."),
        ("pt", "Os policiais prenderam, na manhã desta terça-feira e depois de meses de investigação sigilosa, cinco suspeitos."),
    ] {
        assert_eq!(counts(&report(lang, text)).1, Some(5), "{text}");
    }
    // An aside with an act of its own keeps its count to itself.
    let own = report(
        "es",
        "Los agentes detuvieron, después de rescatar a dos mujeres en un bar del centro, a cinco personas.",
    );
    assert_eq!(counts(&own).0, Some(2));
    // What the verb takes across the aside must be people.
    let seized = report(
        "en",
        "Police seized, after a months-long investigation by federal agents, five kilograms of cocaine.",
    );
    assert_eq!(counts(&seized).1, None);
}

#[test]
fn counts_in_places_listed_add_up() {
    for (lang, text) in [
        (
            "es",
            "Se detuvo a cuatro personas en Bogotá, dos en Cali y una en Medellín.",
        ),
        (
            "pt",
            "Foram presas quatro pessoas em São Paulo, duas no Rio e uma em Curitiba.",
        ),
        (
            "en",
            "Four people were arrested in Houston, two in Dallas and one in Austin.",
        ),
    ] {
        assert_eq!(counts(&report(lang, text)).1, Some(7), "{text}");
    }
    assert_eq!(
        counts(&report(
            "en",
            "Four people were arrested in Houston and one in Austin."
        ))
        .1,
        Some(5)
    );
    // Where some of those counted were is no more of them.
    for text in [
        "Four people were arrested, one in Dallas.",
        "Four people were arrested, two in Dallas.",
        "Four women were rescued and one in Dallas was arrested.",
    ] {
        let (v, a) = counts(&report("en", text));
        assert!(
            v.unwrap_or(0) <= 4 && a.unwrap_or(0) <= 4,
            "{text}: {v:?} {a:?}"
        );
    }
    assert_eq!(
        counts(&report(
            "es",
            "Fueron detenidas once personas, nueve en Madrid y dos en Toledo."
        ))
        .1,
        Some(11)
    );
}

#[test]
fn one_person_taken_into_custody_is_one_arrest() {
    assert_eq!(
        counts(&report(
            "en",
            "The suspect was taken into custody on Friday."
        ))
        .1,
        Some(1)
    );
    assert_eq!(
        counts(&report("en", "The suspect has been taken into custody.")).1,
        Some(1)
    );
    // A child taken into protective custody is in care, not arrested.
    assert_eq!(
        counts(&report("en", "The girl was taken into protective custody.")).1,
        None
    );
}

#[test]
fn one_victim_reaches_its_verb_across_a_relative_clause_not_set_off() {
    for (lang, text) in [
        (
            "en",
            "A woman who had been held captive for months was freed by police.",
        ),
        ("es", "Una joven que era explotada en un bar fue rescatada."),
        (
            "pt",
            "Uma jovem que era mantida em cárcere privado foi resgatada.",
        ),
    ] {
        assert_eq!(counts(&report(lang, text)).0, Some(1), "{text}");
    }
    // A suspect released on bail is no victim freed.
    for (lang, text) in [
        (
            "en",
            "The man who was arrested on Monday was freed on bail.",
        ),
        ("es", "El hombre fue liberado bajo fianza."),
        ("pt", "O homem foi libertado sob fiança."),
    ] {
        assert_eq!(counts(&report(lang, text)).0, None, "{text}");
    }
}

#[test]
fn a_girl_located_is_one_victim_found() {
    for (lang, text) in [
        (
            "es",
            "Los agentes localizaron a una menor desaparecida en un bar.",
        ),
        (
            "pt",
            "A polícia localizou uma jovem que era mantida em cárcere privado.",
        ),
        (
            "en",
            "Detectives located a missing 16-year-old Honduran girl at a hotel.",
        ),
    ] {
        assert_eq!(counts(&report(lang, text)).0, Some(1), "{text}");
    }
    // A young man located, or a house, is no victim.
    for (lang, text) in [
        (
            "es",
            "Los agentes localizaron a un joven armado en la vivienda.",
        ),
        ("es", "La policía localizó la vivienda del sospechoso."),
    ] {
        assert_eq!(counts(&report(lang, text)).0, None, "{text}");
    }
}

#[test]
fn a_number_that_ends_the_text_is_read_without_fail() {
    for text in [
        "15 dos",
        "T\n\n15 dos",
        "tres de",
        "12 of",
        "Rescataron a 5 de",
        "were 3 do",
    ] {
        let _ = counts(text);
        let _ = crate::count_candidates(&Article::plain("t", text));
    }
}

#[test]
fn more_people_taken_at_another_time_are_no_more_of_the_event() {
    for (lang, text, want) in [
        ("es", "La policía rescató a 12 mujeres. En una operación anterior, otras 30 mujeres fueron rescatadas.", (Some(12), None)),
        ("en", "Police rescued 12 women on Tuesday. In 2019, another 30 women were rescued from the same house.", (Some(12), None)),
        ("en", "Police rescued 12 women on Tuesday. Last year, 30 more women were rescued from the same house.", (Some(12), None)),
        ("pt", "A polícia prendeu cinco pessoas. Outras três pessoas foram presas em 2020 pelo mesmo crime.", (None, Some(5))),
        ("es", "Cinco personas fueron detenidas. Otras tres personas fueron detenidas el año pasado.", (None, Some(5))),
    ] {
        assert_eq!(counts(&report(lang, text)), want, "{text}");
    }
}
