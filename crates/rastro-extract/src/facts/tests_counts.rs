//! Counts and operations on short invented reports, one kind of phrasing per test, in the three
//! languages: how a count is tied to its kind (rescue, arrest, a noun, exploitation), its scope
//! (the event or a period), whether it is a part, a total or a rounded figure, and how operation
//! names are told from the names of institutions. None is taken from an evaluation article.

use crate::input::Article;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

/// The same report in a trafficking case: victims are counted only where the crime is named.
fn run_in_case(text: &str) -> Incident {
    run(&super::in_trafficking_case(text))
}

fn counts_in_case(text: &str) -> (Option<u64>, Option<u64>) {
    let i = run_in_case(text);
    (i.victims, i.arrests)
}

fn counts(text: &str) -> (Option<u64>, Option<u64>) {
    let i = run(text);
    (i.victims, i.arrests)
}

#[test]
fn parts_in_the_singular_join_a_count() {
    assert_eq!(
        counts_in_case("Police arrested the owner and two of his employees at the bar.").1,
        Some(3)
    );
    assert_eq!(
        counts_in_case(
            "Foram presos o dono do bar e três funcionários durante a operação policial."
        )
        .1,
        Some(4)
    );
    assert_eq!(
        counts_in_case("Fueron detenidos el propietario del local y su esposa.").1,
        Some(2)
    );
    assert_eq!(
        counts_in_case("Two employees were held together with the owner after the raid.").1,
        Some(3)
    );
    assert_eq!(
        counts_in_case("A Guatemalan woman and her two daughters were rescued from a bar.").0,
        Some(3)
    );
    // A verb between two people ends the first part: each is counted by its own verb.
    assert_eq!(
        counts_in_case("Un hombre fue detenido y una mujer fue rescatada en el operativo."),
        (Some(1), Some(1))
    );
}

#[test]
fn lists_with_commas_add_up_unless_they_break_down_the_first_part() {
    assert_eq!(
        counts_in_case("La policía rescató a 12 mujeres, 3 hombres y 2 niños en la finca.").0,
        Some(17)
    );
    assert_eq!(
        counts_in_case(
            "Seven Dominican nationals, two women and five men, were arrested on Monday."
        )
        .1,
        Some(7)
    );
}

#[test]
fn a_headline_gives_each_number_to_its_own_verb() {
    let en = "Police rescue 31 women, arrest 4 in Lima brothel raid\n\nOfficers raided a brothel.";
    assert_eq!(counts(en), (Some(31), Some(4)));
    let pt = "PF prende 5 e resgata 42 trabalhadores em Goiás\n\nA operação ocorreu na segunda.";
    assert_eq!(counts(pt), (Some(42), Some(5)));
    let es = "Liberan a 8 mujeres explotadas en Manaos; tres son detenidos";
    assert_eq!(counts(es).0, Some(8));
    let pt = "Operação liberta 8 mulheres exploradas sexualmente em Manaus; três são presos";
    assert_eq!(counts(pt), (Some(8), Some(3)));
}

#[test]
fn one_person_freed_is_a_count_of_one_and_a_dozen_is_twelve() {
    assert_eq!(
        counts_in_case("Police rescued a 16-year-old girl from a motel in Houston.").0,
        Some(1)
    );
    assert_eq!(
        counts_in_case("La policía rescató a una joven venezolana en Medellín.").0,
        Some(1)
    );
    assert_eq!(
        counts_in_case("Police freed a dozen women held in a house.").0,
        Some(12)
    );
}

#[test]
fn a_marked_total_beats_the_parts_before_it() {
    let text = "Police found 8 women at the farm and 4 men in a second house. In all, 15 victims \
                were rescued in the operation.";
    assert_eq!(counts(text).0, Some(15));
    let es = "Fueron rescatadas cinco mujeres en Quito. En total, nueve víctimas fueron liberadas.";
    assert_eq!(counts(es).0, Some(9));
}

#[test]
fn a_subset_names_its_total() {
    assert_eq!(
        counts("Police arrested 40 people. Twelve of the 40 detained were minors.").1,
        Some(40)
    );
    assert_eq!(
        counts("De los 25 detenidos, 10 son extranjeros, informó la policía.").1,
        Some(25)
    );
}

#[test]
fn smuggled_migrants_found_or_freed_from_captivity_are_migrants_not_victims() {
    let found = run("Agents found 45 migrants crammed in a truck; the driver was arrested.");
    assert_eq!((found.victims, found.arrests), (None, Some(1)));
    assert_eq!(found.migrants, Some(45));
    // Freed from kidnappers they are migrants still, as most sets' writers annotated them.
    let freed = run("La policía liberó a 23 migrantes secuestrados en una casa de Reynosa.");
    assert_eq!((freed.victims, freed.migrants), (None, Some(23)));
}

#[test]
fn period_statistics_are_background_to_an_event() {
    let event = "Police rescued 14 women on Monday. Last year, 230 victims were rescued in the \
                 country.";
    assert_eq!(counts_in_case(event).0, Some(14));
    let only_background = "Detienen a tres tratantes en Lima\n\nLa policía detuvo a tres \
                           hombres. Entre 2018 y 2022 se identificaron 500 víctimas en el país.";
    assert_eq!(counts_in_case(only_background), (None, Some(3)));
    // An article that reports a period (its headline does) counts that period.
    let statistics = "Brasil resgatou 2.000 trabalhadores em 2023\n\nO país resgatou 2.000 \
                      trabalhadores em 2023, e Goiás lidera com 700 resgatados.";
    assert_eq!(counts_in_case(statistics).0, Some(2000));
}

#[test]
fn victims_named_or_exploited_count_without_a_rescue() {
    assert_eq!(
        counts("El tribunal condenó al dueño de un taller que explotaba a 29 personas.").0,
        Some(29)
    );
    assert_eq!(
        counts("Fue condenado por trata de personas en perjuicio de 29 víctimas.").0,
        Some(29)
    );
    assert_eq!(
        counts("Retienen un ómnibus con 46 personas que eran llevadas a Brasil para trabajos forzosos.").0,
        Some(46)
    );
    assert_eq!(
        counts("Detienen a tres por explotar a 11 mujeres en un bar de Guayaquil"),
        (Some(11), Some(3))
    );
    // Those who exploit are not those exploited.
    assert_eq!(
        counts("A jury convicted five men, all members of one family, of running a sex trafficking scheme.").0,
        None
    );
    // One person only described is no count.
    assert_eq!(
        counts("La fiscalía le atribuye la explotación sexual de una adolescente.").0,
        None
    );
}

#[test]
fn bare_numbers_as_passive_subjects() {
    assert_eq!(
        counts_in_case("Twenty-three were rescued and four were arrested, police said."),
        (Some(23), Some(4))
    );
    assert_eq!(
        counts_in_case("Ocho fueron rescatadas y dos fueron detenidos en Tijuana."),
        (Some(8), Some(2))
    );
}

#[test]
fn people_found_in_conditions_of_exploitation_are_victims() {
    let pt = "Fiscais do trabalho encontraram 13 trabalhadores em condições análogas à \
              escravidão numa fazenda.";
    assert_eq!(counts(pt).0, Some(13));
    let en = "Inspectors found 40 workers living in degrading conditions at the farm.";
    assert_eq!(counts(en).0, Some(40));
    // What they did is not a condition they were found in.
    let sold = "A polícia afirmou que pelo menos 30 pessoas venderam um rim ao grupo e foram \
                identificadas.";
    assert_eq!(counts(sold).0, None);
}

#[test]
fn a_rounded_headline_figure_yields_to_the_exact_one() {
    let text = "Interpol prende quase 270 pessoas em operação nas Américas\n\nA operação \
                terminou com 268 suspeitos presos em 32 países.";
    assert_eq!(counts(text).1, Some(268));
}

#[test]
fn nobody_arrested_is_zero() {
    assert_eq!(
        counts("La fiscal investiga el caso, aunque hasta el momento no hay personas detenidas.").1,
        Some(0)
    );
}

#[test]
fn operation_names_are_not_institutions() {
    let ops = |t: &str| run(t).operations;
    assert_eq!(
        ops("La operación Interpol Liberterra II dejó 200 detenidos."),
        ["Liberterra II"]
    );
    assert!(ops("The Homeland Security Investigations operation ended on Friday.").is_empty());
    assert!(ops("The Houston Police Department operation led to 12 arrests.").is_empty());
    assert!(ops("Agentes participaram da operação Policial Conjunta em Manaus.").is_empty());
    assert!(ops("Operation Underground Railroad, a nonprofit, helped the police.").is_empty());
    assert_eq!(
        ops("As operações Catarata, Ouro Negro e Vênus prenderam 20 pessoas."),
        ["Catarata", "Ouro Negro", "Vênus"]
    );
    assert_eq!(
        ops("Police rescued 4 women in Operation Sunrise. Sunrise II is planned for May."),
        ["Sunrise", "Sunrise II"]
    );
}

#[test]
fn a_report_not_given_is_no_zero() {
    assert_eq!(
        counts("Rescatan a 20 mujeres en Cancún. No se informó de detenciones.").1,
        None
    );
    assert_eq!(
        counts("PF resgata duas mulheres em Manaus. Até agora não houve anúncio de prisões.").1,
        None
    );
    assert_eq!(
        counts("Police rescued two girls. No arrests have been announced.").1,
        None
    );
    // A statement that nobody was arrested is still zero.
    assert_eq!(
        counts("Police rescued two girls; no arrests were made.").1,
        Some(0)
    );
}

#[test]
fn who_is_freed_found_or_recovered_decides_the_kind() {
    // Named, not found.
    assert_eq!(
        counts("Una adolescente identificada como Ana pasó 14 horas encerrada en la comisaría.").0,
        None
    );
    // Suspects released are not victims freed.
    assert_eq!(
        counts("Los vecinos creían que los agentes habían liberado a dos traficantes.").0,
        None
    );
    // The dead recovered are not rescued.
    assert_eq!(
        counts("Divers recovered 17 bodies near the hull: 15 women, one man and a girl.").0,
        None
    );
    // A bare count rescued beside migrants is of those migrants.
    let boat = run("Eleven women dead after migrant boat capsizes near Desecheo; 38 rescued");
    assert_eq!((boat.victims, boat.migrants), (None, Some(38)));
    // Spanish "libertad" is freedom, not a rescue.
    assert_eq!(
        counts("La fiscalía investiga la privación de la libertad de los dos adolescentes.").0,
        None
    );
}

#[test]
fn ages_are_not_parts_of_a_count() {
    assert_eq!(
        counts("Rescatan a ocho niños de entre 1 y 13 años víctimas de explotación sexual.").0,
        Some(8)
    );
}

#[test]
fn a_share_of_the_accused_arrested_is_the_arrest_count() {
    assert_eq!(
        counts("Hasta el momento, nueve de los 16 señalados ya fueron detenidos.").1,
        Some(9)
    );
    assert_eq!(
        counts("Three of the 12 accused were arrested on Monday in Lima.").1,
        Some(3)
    );
}

#[test]
fn operations_named_in_apposition_or_by_a_naming_phrase() {
    let ops = |t: &str| run(t).operations;
    assert_eq!(
        ops("Um casal foi preso em Rio Branco na Chacal, operação contra uma organização criminosa."),
        ["Chacal"]
    );
    assert_eq!(
        ops("Batizada de Aurora Boreal, a ação durou cinco dias."),
        ["Aurora Boreal"]
    );
    // A nickname is not an operation because an operation is named further on.
    assert!(ops(
        "Among those detained is a woman known as \"Doña Pepa\", who is suspected of running the whole operation."
    )
    .is_empty());
    assert!(ops("Participó el grupo de Operaciones Especiales de la Policía.").is_empty());
}

#[test]
fn a_headline_never_gives_the_victims_figure_to_the_arrests() {
    assert_eq!(
        counts_in_case("12 victims, 3 arrests in trafficking sting\n\nThe raid was in Lima."),
        (Some(12), Some(3))
    );
    assert_eq!(
        counts_in_case("Trafficking raid: 12 women freed, 3 held\n\nThe raid was in Lima."),
        (Some(12), Some(3))
    );
    assert_eq!(
        counts_in_case("Police arrest 3 men who held 12 women captive\n\nThe raid was in Lima."),
        (Some(12), Some(3))
    );
    assert_eq!(
        counts_in_case("Three held for trafficking 12 women\n\nThe raid was in Lima."),
        (Some(12), Some(3))
    );
    assert_eq!(
        counts_in_case(
            "Tres detenidos por explotar laboralmente a 12 personas en una finca de Salta"
        ),
        (Some(12), Some(3))
    );
    assert_eq!(
        counts_in_case(
            "Detienen a tres hombres que mantenían cautivas a 12 mujeres en una casa de Lima"
        ),
        (Some(12), Some(3))
    );
}

#[test]
fn one_ten_or_one_hundred_as_a_noun_counts_the_people() {
    assert_eq!(
        counts_in_case("Las autoridades liberaron a una decena de mujeres en un prostíbulo.").0,
        Some(10)
    );
    assert_eq!(
        counts_in_case(
            "A fiscalização resgatou mais de uma centena de trabalhadores numa fazenda."
        )
        .0,
        Some(100)
    );
    assert_eq!(
        counts_in_case(
            "La Policía rescató a más de un centenar de personas explotadas en una finca."
        )
        .0,
        Some(100)
    );
    // The plural stays vague.
    assert_eq!(
        counts_in_case("La Policía rescató a decenas de personas explotadas en una finca.").0,
        None
    );
}

#[test]
fn two_people_named_by_their_roles_are_two_arrests() {
    assert_eq!(
        counts("Six women were rescued. The site manager and a recruiter were arrested.").1,
        Some(2)
    );
    assert_eq!(
        counts("Fueron rescatadas seis mujeres. El encargado y un reclutador fueron detenidos.").1,
        Some(2)
    );
    assert_eq!(
        counts("Seis mulheres foram resgatadas. O gerente e um recrutador foram presos.").1,
        Some(2)
    );
}

#[test]
fn a_total_followed_by_where_its_people_were_is_not_added_to() {
    assert_eq!(
        counts("Han sido detenidas once personas, nueve en Madrid y dos en Toledo.").1,
        Some(11)
    );
    assert_eq!(
        counts("Foram presas sete pessoas, cinco em Lisboa e duas no Porto.").1,
        Some(7)
    );
    assert_eq!(
        counts("Police arrested 12 people, eight in Houston and four in Dallas.").1,
        Some(12)
    );
    // Counts in clauses about different places, with no total before them, still add up.
    assert_eq!(
        counts("La Policía detuvo a seis personas en Madrid y a dos en Barcelona.").1,
        Some(8)
    );
}

#[test]
fn those_arrested_are_named_by_what_they_are_accused_of_or_whom_they_employ() {
    assert_eq!(
        counts("Federal prosecutors charged 11 people. Nine of the defendants were arrested on Thursday.").1,
        Some(9)
    );
    assert_eq!(
        counts("A Polícia Federal resgatou 32 trabalhadores e prendeu dois fazendeiros.").1,
        Some(2)
    );
    assert_eq!(
        counts("Las autoridades liberaron a diez mujeres y detuvieron a su regente.").1,
        Some(1)
    );
}

#[test]
fn a_couple_arrested_is_two_and_the_others_join_the_one_named() {
    assert_eq!(
        counts("Una pareja fue capturada en Asunción acusada de explotar a tres adolescentes.").1,
        Some(2)
    );
    assert_eq!(
        counts("The couple was arrested in Miami after three women were rescued.").1,
        Some(2)
    );
    assert_eq!(
        counts("Fueron capturados el cabecilla y otros seis integrantes de la banda.").1,
        Some(7)
    );
    assert_eq!(
        counts("Foram presos o chefe do grupo e outros três integrantes.").1,
        Some(4)
    );
    assert_eq!(
        counts("Fueron capturados su cabecilla, alias el Mono, y otros seis integrantes.").1,
        Some(7)
    );
}

#[test]
fn people_named_by_name_in_a_list_are_counted() {
    assert_eq!(
        counts("Police in Houston arrested John Miller, 52, and his girlfriend, Anna Petrova, 34, on trafficking charges.").1,
        Some(2)
    );
    assert_eq!(
        counts("La Policía capturó a Jorge Restrepo, de 45 años, y a su esposa, Marta Gómez, de 39, señalados de explotar a menores.").1,
        Some(2)
    );
    assert_eq!(
        counts("A Polícia Federal prendeu Carlos Souza e o gerente da boate, acusados de explorar mulheres.").1,
        Some(2)
    );
    // A capitalised name alone after the verb may be an institution's: no count from it.
    assert_eq!(
        counts("The report arrested Public Attention on the trade in women.").1,
        None
    );
}

#[test]
fn a_marriage_before_an_arrest_is_no_couple() {
    assert_eq!(
        counts("La joven, por resistirse al matrimonio forzado, fue detenida por los policías comunitarios.").1,
        Some(1)
    );
}

#[test]
fn operations_named_as_a_deployment_and_not_by_a_capital_that_opens_a_sentence() {
    let ops = |t: &str| run(t).operations;
    assert_eq!(
        ops("El dispositivo, denominado Esclavitud Cero, permitió liberar a 25 trabajadores."),
        ["Esclavitud Cero"]
    );
    assert_eq!(
        ops("O dispositivo, batizado de Mão Amiga, libertou 12 trabalhadores."),
        ["Mão Amiga"]
    );
    assert!(ops("Naval operation targets smuggling networks across the Caribbean.").is_empty());
    assert_eq!(
        ops("Police said the Spartacus III operation freed 20 women."),
        ["Spartacus III"]
    );
}

#[test]
fn operations_in_the_plural_are_named_by_a_list() {
    let ops = |t: &str| run(t).operations;
    assert_eq!(
        ops("The operations, named Blue Lightning and Safe Harbor, were coordinated by ICE."),
        ["Blue Lightning", "Safe Harbor"]
    );
    assert_eq!(
        ops("Las operaciones, denominadas Cóndor y Halcón, terminaron con 30 detenidos."),
        ["Cóndor", "Halcón"]
    );
    assert_eq!(
        ops("As operações, batizadas de Sereia e Tritão, prenderam 12 pessoas."),
        ["Sereia", "Tritão"]
    ); // What a naming phrase names is the noun before it: a place is no operation.
    assert!(ops(
        "Las redadas en cuatro bares de la zona conocida como El Recodo Azul liberaron a 20 mujeres."
    )
    .is_empty());
    assert!(ops(
        "Os agentes fizeram as operações no bairro conhecido como Vila Serena e prenderam 5."
    )
    .is_empty());
}

#[test]
fn one_person_reached_across_a_relative_clause_or_found() {
    assert_eq!(
        counts_in_case("Una joven venezolana de 19 años, que había sido captada con una falsa oferta de empleo, fue rescatada en un bar.").0,
        Some(1)
    );
    assert_eq!(
        counts_in_case(
            "The woman, who had been held in the house for months, was freed by police."
        )
        .0,
        Some(1)
    );
    assert_eq!(
        counts_in_case(
            "A adolescente foi encontrada pela polícia em um bordel e levada a um abrigo."
        )
        .0,
        Some(1)
    );
    assert_eq!(
        counts_in_case("The girl was found by agents in a motel room in Dallas.").0,
        Some(1)
    );
    // A suspect or a child found may be anyone's; a woman found dead is no victim freed.
    assert_eq!(
        counts_in_case("The suspect was found at his home in Miami.").0,
        None
    );
    assert_eq!(
        counts_in_case("A five-year-old child was found aboard the boat.").0,
        None
    );
    assert_eq!(
        counts_in_case("La mujer fue encontrada muerta en un río.").0,
        None
    );
}

#[test]
fn a_count_with_its_own_passive_ends_a_list_of_parts() {
    assert_eq!(
        counts("In all, 34 victims were identified, including 12 minors, and 9 suspects were arrested."),
        (Some(34), Some(9))
    );
    assert_eq!(
        counts("Fueron rescatadas 20 víctimas, entre ellas 5 menores, y 4 sospechosos fueron detenidos."),
        (Some(20), Some(4))
    );
}

#[test]
fn juveniles_and_accomplices_are_people_counted() {
    assert_eq!(
        counts_in_case("The sting resulted in 23 arrests, and 5 juveniles were recovered."),
        (Some(5), Some(23))
    );
    assert_eq!(
        counts_in_case(
            "Authorities have arrested the alleged leader of the ring along with four accomplices."
        )
        .1,
        Some(5)
    );
    assert_eq!(
        counts_in_case("La Policía detuvo al cabecilla de la red junto con tres cómplices.").1,
        Some(4)
    );
}

#[test]
fn the_noun_of_an_arrest_or_a_rescue_takes_one_person_after_of() {
    assert_eq!(
        counts_in_case(
            "Police announced the arrest of a 45-year-old man accused of trafficking women."
        )
        .1,
        Some(1)
    );
    assert_eq!(
        counts_in_case(
            "The rescue of a 16-year-old girl in Ohio led investigators to the network."
        )
        .0,
        Some(1)
    );
    // A warrant names who is sought, not who was arrested.
    assert_eq!(
        counts_in_case("A judge issued a warrant for the arrest of the owner of the bar.").1,
        None
    );
}

#[test]
fn a_total_set_off_after_those_arrested_or_rescued_counts_them() {
    assert_eq!(
        counts_in_case(
            "A los capturados, siete en total, se les imputó el delito de trata de personas."
        )
        .1,
        Some(7)
    );
    assert_eq!(
        counts_in_case("The arrested, nine in all, appeared before a judge on Friday.").1,
        Some(9)
    );
    assert_eq!(
        counts_in_case("Os resgatados, 40 ao todo, foram levados para um abrigo.").0,
        Some(40)
    );
    // A verb before the comma is no set of people: "detuvo, en total, …" is read by the verb.
    assert_eq!(
        counts_in_case("Las víctimas recibieron ayuda, 30 en total, en Lima.").0,
        None
    );
}

#[test]
fn a_subject_described_with_ages_still_reaches_its_passive() {
    assert_eq!(
        counts("The two suspects, a 34-year-old man and his 29-year-old wife, were taken into custody.").1,
        Some(2)
    );
    assert_eq!(
        counts("Los tres detenidos, de 25, 31 y 40 años, fueron capturados en Piura.").1,
        Some(3)
    );
    assert_eq!(
        counts("Os dois suspeitos, de 30 e 45 anos, foram presos em Santarém.").1,
        Some(2)
    );
}

#[test]
fn victims_described_by_a_predicate_are_counted() {
    assert_eq!(
        counts("Las víctimas son tres mujeres y dos menores de edad de nacionalidad venezolana.").0,
        Some(5)
    );
    assert_eq!(
        counts("The victims were six Honduran women who had been promised jobs.").0,
        Some(6)
    );
    assert_eq!(
        counts("As vítimas são duas adolescentes de 15 e 16 anos, segundo a polícia.").0,
        Some(2)
    );
    assert_eq!(
        counts("La víctima es una joven de 22 años que fue captada en Facebook.").0,
        Some(1)
    );
    // "e" is "and" in Portuguese, not the copula "é".
    assert_eq!(
        counts("A polícia ouviu as vítimas e dois vizinhos da casa.").0,
        None
    );
}

#[test]
fn one_victim_described_in_apposition_is_one() {
    assert_eq!(
        counts(
            "The victim, a 19-year-old woman from Guatemala, told police she was forced to work."
        )
        .0,
        Some(1)
    );
    assert_eq!(
        counts("La víctima, una joven de 17 años, logró escapar de la vivienda.").0,
        Some(1)
    );
    // Plural victims described are counted by their number, not as one.
    assert_eq!(
        counts("The victims, all women from Nigeria, were taken to a shelter.").0,
        None
    );
}

#[test]
fn a_lone_comma_between_a_person_and_the_verb_is_read_without_fail() {
    // The comma that would open a relative clause is also the one that would close it.
    for text in [
        "Una mujer, fue rescatada por la policía.",
        "A woman, was freed on Monday.",
        "Uma mulher, foi resgatada.",
    ] {
        let _ = counts(text);
    }
}

#[test]
fn people_and_verbs_with_any_words_between_are_read_without_fail() {
    // A person, up to seven of the small words the readers look between a person and a verb
    // (commas, relative pronouns, ages, brackets), and a passive verb, in every order a simple
    // generator gives: the readers index around those words and must never step outside.
    const HEADS: [&str; 8] = [
        "Una mujer",
        "A woman",
        "Uma mulher",
        "Dos hombres",
        "The victim",
        "O homem",
        "12 personas",
        "Two suspects",
    ];
    const BETWEEN: [&str; 14] = [
        ",", ",", "que", "who", "de", "12", "años", "years", "(", ")", "y", ";", "\"", "alias",
    ];
    const VERBS: [&str; 6] = [
        "fue rescatada",
        "was freed",
        "foi resgatada",
        "fue detenido",
        "were arrested",
        "foram presos",
    ];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..20 {
        let mut text = String::from("Titular\n\n");
        for _ in 0..30 {
            text.push_str(HEADS[next(HEADS.len())]);
            for _ in 0..next(8) {
                text.push(' ');
                text.push_str(BETWEEN[next(BETWEEN.len())]);
            }
            text.push(' ');
            text.push_str(VERBS[next(VERBS.len())]);
            text.push_str(". ");
        }
        let _ = counts(&text);
    }
}

#[test]
fn a_count_among_those_arrested_is_a_part_of_them() {
    assert_eq!(
        counts(
            "Cae una red de trata en Piura; dos policías entre los capturados\n\n\
             La policía desarticuló la banda. Once integrantes fueron capturados en la operación."
        )
        .1,
        Some(11)
    );
    assert_eq!(
        counts(
            "Ring broken up; two officers among those arrested\n\n\
             Police dismantled the network on Monday. Nine members were arrested in the raids."
        )
        .1,
        Some(9)
    );
    assert_eq!(
        counts(
            "Rede desmantelada; três policiais entre os presos\n\n\
             A polícia desarticulou a quadrilha. Doze integrantes foram presos na operação."
        )
        .1,
        Some(12)
    );
}
#[test]
fn a_figure_brought_to_a_new_value_is_the_total() {
    assert_eq!(
        counts_in_case(
            "Raids on two towns\n\nSix men were detained in the morning. Officers arrested four \
             more men and two women at night, bringing the number of people in custody to 12."
        )
        .1,
        Some(12)
    );
    assert_eq!(
        counts_in_case(
            "Operativo en dos barrios\n\nSeis hombres fueron detenidos por la mañana. Por la \
             noche capturaron a otros cinco, elevando el número de detenidos a 11."
        )
        .1,
        Some(11)
    );
    assert_eq!(
        counts_in_case(
            "Operação em duas cidades\n\nSete homens foram presos pela manhã. À noite a polícia \
             prendeu mais dois, levando o total de presos para 9."
        )
        .1,
        Some(9)
    );
    assert_eq!(
        counts_in_case(
            "Sobe para 15 o número de bolivianos resgatados em oficina de costura\n\nA \
             fiscalização encontrou os trabalhadores na segunda-feira."
        )
        .0,
        Some(15)
    );
    assert_eq!(
        counts_in_case(
            "Rescue on a farm\n\nThe number of workers rescued from the vineyard, first given as \
             nine, was updated to 14 on Friday."
        )
        .0,
        Some(14)
    );
    // A figure of something else brought to a value is no count of people.
    assert_eq!(
        counts_in_case("Six men were arrested, bringing the number of raids this year to 40.").1,
        Some(6)
    );
}

#[test]
fn people_in_custody_are_counted_as_arrested() {
    assert_eq!(
        counts("Raids free 19 girls; 18 in custody after overnight swoop\n\nPolice said so.").1,
        Some(18)
    );
}

#[test]
fn one_more_person_also_arrested_adds_to_the_count() {
    assert_eq!(
        counts(
            "Raid on a gaming house\n\nThe manager was arrested for running the house. \
             A 22-year-old man from the same street was also arrested on other enquiries."
        )
        .1,
        Some(2)
    );
    assert_eq!(
        counts(
            "Operativo en un bar\n\nEl dueño del local fue detenido. Su socio fue también \
             detenido horas después."
        )
        .1,
        Some(2)
    );
    assert_eq!(
        counts(
            "Operação num bar\n\nTrês homens foram presos na sexta. O gerente foi também preso \
             no sábado."
        )
        .1,
        Some(4)
    );
}

#[test]
fn people_saved_from_what_did_not_happen_are_no_victims_rescued() {
    assert_eq!(
        counts_in_case(
            "Cae una red de trata\n\nUnas 80 jóvenes se salvaron de ser enviadas a Europa. En \
             Madrid fueron rescatadas cuatro mujeres."
        )
        .0,
        Some(4)
    );
    assert_eq!(
        counts_in_case(
            "Ring dismantled\n\nAbout 60 women were saved from being sent abroad. Police rescued \
             three women in Lisbon."
        )
        .0,
        Some(3)
    );
}

#[test]
fn a_headline_in_the_present_counts_one_arrested() {
    assert_eq!(
        counts("Sobe número de resgatados em vinícola; aliciador é preso\n\nO caso segue.").1,
        Some(1)
    );
    assert_eq!(
        counts("Rescatan a obreros en una finca; el capataz es detenido\n\nEl caso sigue.").1,
        Some(1)
    );
    assert_eq!(
        counts("Workers freed from a farm; foreman is arrested\n\nThe case goes on.").1,
        Some(1)
    );
}

#[test]
fn one_arrest_in_the_headline_gives_way_to_the_bodys_count() {
    assert_eq!(
        counts(
            "Vereador é preso em operação contra aliciamento\n\nA polícia prendeu três pessoas \
             na operação desta quinta-feira."
        )
        .1,
        Some(3)
    );
    assert_eq!(
        counts("Workers freed from a farm; foreman is arrested\n\nThe case goes on.").1,
        Some(1)
    );
}

#[test]
fn migrants_detained_by_the_count_s_own_verb_are_arrests_too() {
    for (text, arrests) in [
        ("Agents detained 45 migrants near the border crossing.", 45),
        (
            "Fueron detenidos 31 migrantes cubanos en la costa norte.",
            31,
        ),
        ("A Polícia Federal prendeu 27 imigrantes na rodovia.", 27),
        (
            "El operativo terminó con 20 migrantes haitianos y tres ciudadanos locales detenidos.",
            23,
        ),
    ] {
        let found = run(text);
        assert_eq!(found.arrests, Some(arrests), "{text}");
        assert!(found.migrants.is_some(), "{text}");
    }
    // The arrest is someone else's, or named as a noun: the migrants were not detained by it.
    for text in [
        "PF prende coiote que trouxe dez refugiados do Iêmen.",
        "Ninguém informou o que aconteceu com os dez imigrantes depois da prisão.",
        "The coast guard rescued 45 migrants and the smugglers escaped.",
    ] {
        assert_eq!(run(text).arrests, None, "{text}");
    }
}

#[test]
fn a_kidnapping_with_no_word_of_trafficking_has_no_victims() {
    let es = run(
        "La Policía rescató con vida a tres comerciantes secuestrados en Cali; \
                  los captores exigían un rescate. Cinco hombres fueron detenidos.",
    );
    assert_eq!((es.victims, es.arrests), (None, Some(5)));
    let en = run("Seven hostages held by a gang for two weeks were freed on Monday, police said.");
    assert_eq!(en.victims, None);
    // Named as trafficking, the same rescue counts its victims.
    let traf = run("La Policía rescató a tres mujeres secuestradas por una red de trata en Cali.");
    assert_eq!(traf.victims, Some(3));
}

#[test]
fn a_count_in_a_question_a_report_left_open_is_none() {
    let en = run_in_case(
        "Police rescued four women from a bar. The ministry did not say how many \
     people had been arrested.",
    );
    assert_eq!((en.victims, en.arrests), (Some(4), None));
    let owner = run_in_case(
        "Two girls were rescued. Police have not said whether the owner is in custody.",
    );
    assert_eq!(owner.arrests, None);
    let es = run_in_case(
        "Rescataron a cinco mujeres. No se ha informado cuántos menores fueron \
                  resguardados ni si alguien quedó detenido.",
    );
    assert_eq!((es.victims, es.arrests), (Some(5), None));
    let pt = run_in_case(
        "Fiscais resgataram 12 trabalhadores. A superintendência não informou o nome \
                  da empresa nem se alguém foi preso.",
    );
    assert_eq!((pt.victims, pt.arrests), (Some(12), None));
    // Said, not withheld: the arrest stands.
    let said = run_in_case("Police said the owner was arrested after four women were rescued.");
    assert_eq!(said.arrests, Some(1));
}

#[test]
fn those_among_the_arrested_are_a_part_and_victims_kept_from_custody_no_zero() {
    let part = run_in_case(
        "Rescatan a 16 menores en una fiesta; hay diez estadounidenses entre los apresados",
    );
    assert_eq!((part.victims, part.arrests), (Some(16), None));
    let es = run_in_case(
        "Fueron apresadas dieciséis personas por trata. \
                  Hay diez estadounidenses entre los apresados.",
    );
    assert_eq!(es.arrests, Some(16));
    let en = run_in_case(
        "Police rescued 19 women. The unit stressed that victims of trafficking are \
                  never placed in police custody.",
    );
    assert_eq!(en.arrests, None);
}

#[test]
fn other_people_joined_to_a_count_with_the_verb_left_out_add_up() {
    let es = run("La Armada apresa a 19 en alta mar y a otros cinco en la costa de Miches.");
    assert_eq!(es.arrests, Some(24));
    // With a verb of its own, the other group is not of the first count's kind.
    let pt = run(
        "Em dois anos, 21 pessoas foram indiciadas pelo crime e outras doze foram \
                  presas em flagrante.",
    );
    assert_ne!(pt.arrests, Some(33));
}

#[test]
fn a_span_of_months_is_a_period_whose_figures_are_not_the_events() {
    // The event gives no arrests; the months' tally told beside it is background, not its count.
    assert_eq!(
        counts(
            "Doce migrantes fueron rescatados en una casa de Tapachula. De enero a mayo, el \
             instituto detuvo a 20.418 migrantes en la frontera sur."
        )
        .1,
        None
    );
    assert_eq!(
        counts(
            "Sete trabalhadores foram resgatados em uma fazenda de Corumbá. Entre janeiro e \
             abril, a polícia prendeu 612 pessoas na fronteira."
        )
        .1,
        None
    );
    assert_eq!(
        counts(
            "Nine women were rescued from a bar in Belize City. From January to June, police \
             arrested 1,204 people on immigration charges."
        )
        .1,
        None
    );
    // A date names one month: its figure is the event's.
    assert_eq!(
        counts("El 3 de marzo la policía detuvo a cinco personas en Quito.").1,
        Some(5)
    );
}

#[test]
fn victims_are_counted_only_where_trafficking_or_exploitation_is_named() {
    // People freed with no crime named are not counted as victims of one; named, they are.
    assert_eq!(
        counts("Police freed 14 people from a house near the border.").0,
        None
    );
    assert_eq!(
        counts(
            "Police freed 14 people from a house near the border. They had been forced to work \
             without pay on nearby farms."
        )
        .0,
        Some(14)
    );
    assert_eq!(
        counts("La policía liberó a 14 personas de una casa cerca de la frontera.").0,
        None
    );
    assert_eq!(
        counts_in_case("La policía liberó a 14 personas de una casa cerca de la frontera.").0,
        Some(14)
    );
    // Smuggling is not exploitation: a group carried across a border is no count of victims.
    assert_eq!(
        counts(
            "Agentes rescataron a 40 personas que viajaban en un camión de carga. El chofer \
             cobraba 3.000 dólares a cada una por llevarlas a la frontera."
        )
        .0,
        None
    );
    // An obligation is not coercion into exploitation: "paso obligado" is a road one must take.
    assert_eq!(
        counts(
            "Rescatan a 40 personas en un camión en la carretera 57, paso obligado hacia el \
             norte."
        )
        .0,
        None
    );
    // People the text itself calls victims are counted with no crime named.
    assert_eq!(
        counts("Prosecutors identified 29 victims of the network in three cities.").0,
        Some(29)
    );
    assert_eq!(
        counts("A Polícia Federal resgatou 12 vítimas em uma fazenda do interior.").0,
        Some(12)
    );
}

#[test]
fn a_nationality_after_a_thing_describes_the_thing_not_people() {
    assert_eq!(
        counts(
            "En la casa, los agentes incautaron material relacionado con la explotación, \
             cuatro cédulas colombianas falsificadas y dos teléfonos."
        )
        .0,
        None
    );
    // Right after the number it is the people counted.
    assert_eq!(
        counts("La policía rescató a cuatro colombianas explotadas sexualmente en un bar.").0,
        Some(4)
    );
}

#[test]
fn people_handed_to_justice_or_left_at_its_orders_are_arrested() {
    assert_eq!(
        counts("El detenido quedó a órdenes de la Fiscalía, que le imputará el delito.").1,
        Some(1)
    );
    assert_eq!(
        counts("O motorista do ônibus foi colocado à disposição da Procuradoria.").1,
        Some(1)
    );
    assert_eq!(
        counts("O motorista do ônibus foi levado sob custódia pela Procuradoria.").1,
        Some(1)
    );
    assert_eq!(
        counts("Tras el operativo, la mujer fue puesta a disposición de la justicia.").1,
        Some(1)
    );
    assert_eq!(
        counts(
            "Cinco personas acusadas de explotar a menores en la provincia fueron puestas a \
             órdenes de la justicia."
        )
        .1,
        Some(5)
    );
    // Things handed over, and migrants put at the migration office's disposal, are no arrests.
    assert_eq!(
        counts("El camión fue puesto a disposición de la Fiscalía en Veracruz.").1,
        None
    );
    assert_eq!(
        counts("Los 40 migrantes fueron puestos a disposición del Instituto de Migración.").1,
        None
    );
}

#[test]
fn a_share_of_people_pointed_back_to_counts_the_share() {
    assert_eq!(
        counts(
            "La Fiscalía emitió órdenes de captura contra 40 personas por explotación sexual. \
             Al final del día, 25 de esas personas ya estaban detenidas."
        )
        .1,
        Some(25)
    );
    assert_eq!(
        counts(
            "Prosecutors issued arrest warrants for 40 people over sexual exploitation. By \
             nightfall, 25 of those people were in custody."
        )
        .1,
        Some(25)
    );
}

#[test]
fn two_people_one_of_them_another_or_set_off_by_both_are_two_arrests() {
    assert_eq!(
        counts("The captain of the boat and another crew member were arrested by the navy.").1,
        Some(2)
    );
    assert_eq!(
        counts("El chofer y el ayudante, ambos de la ciudad, fueron detenidos por la policía.").1,
        Some(2)
    );
}
