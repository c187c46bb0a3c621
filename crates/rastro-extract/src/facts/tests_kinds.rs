//! The kinds of count and operation name that unseen articles showed the rules missing, one test
//! per kind, each on invented sentences in Spanish, Portuguese and English, and each failing
//! without the mechanism it names. None is taken from an evaluation article: the kinds were
//! read off the misses, the sentences written anew.

use crate::input::Article;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

/// The same report in a trafficking case: victims are counted only where the crime is named.
fn run_in_case(text: &str) -> Incident {
    run(&super::in_trafficking_case(text))
}

#[test]
fn one_child_put_in_care_is_one_victim() {
    let pt = run_in_case(
        "A Polícia Civil prendeu dois suspeitos de vender uma criança em Goiânia. \
                  O bebê foi acolhido pelo Conselho Tutelar.",
    );
    assert_eq!((pt.victims, pt.arrests), (Some(1), Some(2)));
    let es = run_in_case(
        "La policía detuvo a una pareja que intentaba vender a su hija en Puebla. \
                  La niña fue canalizada al DIF municipal.",
    );
    assert_eq!(es.victims, Some(1));
    let en = run_in_case(
        "Officers arrested two men at a motel in Dallas. \
                  The girl was placed in foster care.",
    );
    assert_eq!(en.victims, Some(1));
    let newborn = run_in_case(
        "Dois homens foram presos em Natal. \
                       A recém-nascida foi encaminhada aos cuidados do Conselho Tutelar.",
    );
    assert_eq!(newborn.victims, Some(1));
    // Suspects are taken places too; that is no victim.
    let suspect = run_in_case(
        "Officers arrested two men at a motel. The suspect was taken to the county jail.",
    );
    assert_eq!(suspect.victims, None);
    // A rescue stated with a number outranks the one put in care.
    let both = run_in_case(
        "La policía rescató a cinco mujeres en un bar de Tijuana. \
                    Una niña fue canalizada al DIF.",
    );
    assert_eq!(both.victims, Some(5));
}

#[test]
fn a_total_stated_after_its_parts_is_the_count() {
    let pt = run_in_case("Três brasileiros são libertados de cativeiro no Camboja\n\n\
                  A ação permitiu a saída dos três e de outros 40 estrangeiros: 43 pessoas ao todo.");
    assert_eq!(pt.victims, Some(43));
    let en = run_in_case(
        "Police freed 12 women from a farm in Georgia on Tuesday. \
                  Besides the 12 women, 3 teenagers were found there, 15 people in all.",
    );
    assert_eq!(en.victims, Some(15));
    let es = run_in_case(
        "La policía rescató a 20 mujeres en un bar de Lima. \
                  Junto a las 20 mujeres había 4 adolescentes, 24 personas en total.",
    );
    assert_eq!(es.victims, Some(24));
    // A total of something else, with no count of its own among the parts, is left alone.
    let other = run_in_case(
        "La policía rescató a 20 mujeres en un bar de Lima. \
                     En el barrio viven 300 familias, 1200 personas en total.",
    );
    assert_eq!(other.victims, Some(20));
}

#[test]
fn a_subgroup_given_as_predicate_is_a_part_not_the_count() {
    let es = run(
        "Allanan tres bares en Cochabamba; 30 víctimas son menores\n\n\
                  La policía allanó los locales el lunes por la noche.",
    );
    assert_eq!((es.victims, es.minors), (None, Some(30)));
    let en = run(
        "Officers raided three massage parlours on Friday. Eight victims were minors, \
                  police said.",
    );
    assert_eq!((en.victims, en.minors), (None, Some(8)));
    let pt = run(
        "Operação fiscaliza fazenda no Pará; 12 vítimas eram adolescentes\n\n\
                  Os fiscais chegaram à fazenda na terça-feira.",
    );
    assert_eq!((pt.victims, pt.minors), (None, Some(12)));
    // Adults named as the group are a part too, and count as nothing here.
    let adults = run("Officers raided three massage parlours on Friday. Eight victims were women.");
    assert_eq!(adults.victims, None);
}

#[test]
fn a_share_of_people_under_a_verb_counts_the_share() {
    assert_eq!(
        run_in_case("Las autoridades han recuperado a tres de los niños vendidos por la red.")
            .victims,
        Some(3)
    );
    assert_eq!(
        run_in_case("Police rescued two of the women from the house on Monday.").victims,
        Some(2)
    );
    assert_eq!(
        run_in_case("A polícia resgatou duas das vítimas na segunda-feira.").victims,
        Some(2)
    );
    // A share of those arrested is a part of the arrests, not a count of its own.
    assert_eq!(
        run_in_case("Three of the detainees are minors, police said.").arrests,
        None
    );
}

#[test]
fn a_headline_naming_part_of_a_count_yields_to_the_body() {
    let pt = run("Pais e dois compradores são presos por venda de bebê\n\n\
                  Quatro pessoas foram presas nesta quinta-feira em Salvador.");
    assert_eq!(pt.arrests, Some(4));
    let es = run(
        "Padres y dos compradores detenidos por vender a una bebé\n\n\
                  Cuatro personas fueron detenidas el jueves en Puebla.",
    );
    assert_eq!(es.arrests, Some(4));
    let en = run("Parents and two buyers arrested over sale of newborn\n\n\
                  Four people were arrested on Thursday in Houston.");
    assert_eq!(en.arrests, Some(4));
    // A headline count named alone stays, even when the body gives a larger one later.
    let alone = run("Dos detenidos por trata en Puebla\n\n\
                     Los dos fueron detenidos el jueves. En 2023 fueron detenidas 40 personas.");
    assert_eq!(alone.arrests, Some(2));
}

fn operations(text: &str) -> Vec<String> {
    run(text).operations
}

#[test]
fn a_series_named_through_its_edition_is_not_another_operation() {
    assert_eq!(
        operations(
            "La tercera edición de la operación Liberterra rescató a 300 personas. \
                    Liberterra III se desarrolló en 50 países."
        ),
        ["Liberterra III"]
    );
    assert_eq!(
        operations(
            "A quarta edição da Operação Resgate retirou 500 pessoas do trabalho escravo. \
                    A Operação Resgate IV ocorreu em 15 estados."
        ),
        ["Resgate IV"]
    );
    assert_eq!(
        operations(
            "The second phase of Operation Halcon began on Monday. \
                    Halcon II targeted bars in Lima."
        ),
        ["Halcon II"]
    );
    // Named as an operation in its own right, the series stays beside its edition.
    assert_eq!(
        operations(
            "La operación Turquesa rescató a 50 personas. Turquesa II se hizo un año después."
        ),
        ["Turquesa", "Turquesa II"]
    );
}

#[test]
fn a_name_before_the_phrase_that_names_it_is_an_operation() {
    assert_eq!(
        operations("A TAPAJÓS II, como foi batizada a operação, prendeu cinco pessoas em Belém."),
        ["TAPAJÓS II"]
    );
    assert_eq!(
        operations("Halcón Negro, como fue bautizado el operativo, dejó 12 detenidos en Quito."),
        ["Halcón Negro"]
    );
    assert_eq!(
        operations("Police said Silver Shield, as the operation was dubbed, led to 12 arrests."),
        ["Silver Shield"]
    );
    // An apostrophe inside a name keeps it whole.
    assert_eq!(
        operations("A Operação D'Artagnan prendeu três pessoas em Recife."),
        ["D'Artagnan"]
    );
}

#[test]
fn a_name_apposed_to_a_launch_is_another_operation() {
    assert_eq!(
        operations(
            "A Operação Colmeia foi a segunda do ano. Ela se soma a Girassol, deflagrada \
                    em março em Manaus contra uma rede de aliciadores."
        ),
        ["Colmeia", "Girassol"]
    );
    assert_eq!(
        operations("La operación Cóndor sigue a Jaguar, lanzada en mayo en Cusco."),
        ["Cóndor", "Jaguar"]
    );
    assert_eq!(
        operations("Operation Falcon built on the work of Harbour Light, launched in May in Lima."),
        ["Falcon", "Harbour Light"]
    );
    // Without an operation named in the article, a launch says nothing of a name.
    assert!(operations("La campaña llegó a Jaguar, lanzada en mayo por la alcaldía.").is_empty());
}

#[test]
fn those_who_rescue_are_no_rescue() {
    let en =
        run("One woman survived inside an air pocket under the hull; rescuers heard her knocking.");
    assert_eq!(en.victims, None);
    let es = run("Una mujer sobrevivió bajo la lancha volcada; los rescatistas la oyeron golpear.");
    assert_eq!(es.victims, None);
    let pt = run("Uma mulher sobreviveu sob o barco virado; os resgatistas ouviram seus gritos.");
    assert_eq!(pt.victims, None);
}

#[test]
fn survivors_of_a_smuggling_voyage_are_migrants_not_victims() {
    let en = run(
        "A boat carrying Haitian migrants capsized off Florida in a human smuggling \
                  operation. Twenty survivors were taken to shore.",
    );
    assert_eq!(en.victims, None);
    let es = run(
        "Una lancha con migrantes cubanos naufragó frente a Cancún en una operación de \
                  tráfico de migrantes. Veinte sobrevivientes fueron llevados a tierra.",
    );
    assert_eq!(es.victims, None);
    let pt = run(
        "Um barco com migrantes haitianos naufragou no Caribe em uma rota de \
                  contrabando de migrantes. Vinte sobreviventes foram levados ao porto.",
    );
    assert_eq!(pt.victims, None);
    // Survivors of trafficking, with no migrants smuggled, are its victims.
    let trafficking = run("La policía rescató a 20 sobrevivientes de trata en un bar de Cancún.");
    assert_eq!(trafficking.victims, Some(20));
}

#[test]
fn people_who_do_the_exploiting_are_not_its_victims() {
    let en = run(
        "Five men who lured women to the city with promises of work and then forced \
                  them into prostitution were sentenced.",
    );
    assert_eq!(en.victims, None);
    // Those to whom it is done are.
    let passive = run("Five women who were forced into prostitution told the court their story.");
    assert_eq!(passive.victims, Some(5));
}

#[test]
fn a_figure_brought_up_to_date_replaces_the_first() {
    let en = run_in_case(
        "Officers arrested 23 people in Lima on Friday.\n\nPolice first said 84 victims \
                  had been rescued; by Saturday the figure had risen to 123 women.",
    );
    assert_eq!((en.victims, en.arrests), (Some(123), Some(23)));
    let es = run_in_case(
        "La policía detuvo a 23 personas en Lima.\n\nAl principio se informó del rescate \
                  de 84 víctimas, pero la cifra ascendió a 123 mujeres.",
    );
    assert_eq!(es.victims, Some(123));
    let pt = run_in_case(
        "A polícia prendeu 23 pessoas em Manaus.\n\nA polícia resgatou 84 vítimas, e \
                  depois o número subiu para 123 pessoas.",
    );
    assert_eq!(pt.victims, Some(123));
}

#[test]
fn people_named_by_their_trade_are_counted() {
    assert_eq!(
        run_in_case("La policía rescató a 12 costureros en un taller de Buenos Aires.").victims,
        Some(12)
    );
    assert_eq!(
        run_in_case("Fiscais resgataram 9 garimpeiros em Roraima.").victims,
        Some(9)
    );
    assert_eq!(
        run_in_case("The coast guard freed 14 fishermen held on a boat.").victims,
        Some(14)
    );
    let teens = run_in_case("Police rescued 3 teens from a motel.");
    assert_eq!((teens.victims, teens.minors), (Some(3), Some(3)));
}

#[test]
fn counts_in_clauses_about_other_places_add_up_even_with_the_verb_left_out() {
    assert_eq!(
        run(
            "Seis detenidos en Madrid y dos en Barcelona por explotar a mujeres\n\n\
             La Policía detuvo a seis personas en Madrid y a dos en Barcelona."
        )
        .arrests,
        Some(8)
    );
    assert_eq!(
        run("A polícia prendeu cinco pessoas em Recife e três em Natal.").arrests,
        Some(8)
    );
    assert_eq!(
        run("Police arrested five people in Leeds and three in York.").arrests,
        Some(8)
    );
}

#[test]
fn a_denied_act_governs_no_count() {
    let es = run("La Fiscalía imputó cargos a 10 personas por trata; ninguna fue capturada.");
    assert_eq!(es.arrests, Some(0));
    let en = run("Prosecutors charged 10 people with trafficking; none of them were arrested.");
    assert_ne!(en.arrests, Some(10));
    let pt = run("O Ministério Público denunciou 10 pessoas por tráfico; nenhuma foi presa.");
    assert_ne!(pt.arrests, Some(10));
}

#[test]
fn people_named_by_role_in_the_plural_join_a_list() {
    assert_eq!(
        run("Quedaron detenidos el dueño del bar y dos encargados en Lima.").arrests,
        Some(3)
    );
    assert_eq!(
        run("Foram presos dois gerentes e o dono da fazenda.").arrests,
        Some(3)
    );
    assert_eq!(
        run("Police arrested the owner and two managers of the restaurant.").arrests,
        Some(3)
    );
}

#[test]
fn an_operation_word_in_a_unit_name_names_no_operation() {
    assert!(
        operations("Officers from the Special Operations Command arrested five men.").is_empty()
    );
    assert!(
        operations("The raid was coordinated by the Emergency Operations Center in Miami.")
            .is_empty()
    );
    assert!(operations("El Comando de Operaciones Tácticas detuvo a tres hombres.").is_empty());
    assert!(
        operations("Agentes da Coordenação de Operações Especiais resgataram 12 mulheres.")
            .is_empty()
    );
    // A unit word makes an institution, not an operation, after a singular word too.
    assert!(operations("Agents of the Operations Division rescued 12 women.").is_empty());
    assert!(operations("The Mexican Navy operation rescued 20 people.").is_empty());
}

#[test]
fn a_headline_in_capitals_does_not_name_an_operation_by_its_capitals() {
    assert!(operations(
        "Police Operation Frees 40 Women From Brothel\n\nLima, May 3. Police \
                        freed 40 women on Tuesday."
    )
    .is_empty());
    assert!(operations(
        "OPERACIÓN EN CUSCO: RESCATAN A 12 MUJERES\n\nCusco, 3 de mayo. La \
                        policía rescató a 12 mujeres."
    )
    .is_empty());
    // Running text full of names is no headline.
    assert_eq!(
        operations("La Operación Enredadera fue coordinada por la Fiscalía."),
        ["Enredadera"]
    );
    assert_eq!(
        operations(
            "A PF deflagrou a Operação Harpia. Também foi deflagrada a Operação Fênix, \
                    em Belém."
        ),
        ["Harpia", "Fênix"]
    );
    // A quoted name is a name in any case, and the body's names are read as ever.
    assert_eq!(
        operations(
            "Police Operation \"Lone Harbor\" Frees 40 Women\n\nLima, May 3. Operation \
                    Lone Harbor freed 40 women."
        ),
        ["Lone Harbor"]
    );
}

#[test]
fn a_headline_gives_the_object_of_exploitation_to_victims_not_arrests() {
    let es = run_in_case(
        "Detienen a mujer por explotar a sus tres hijos\n\nCórdoba, 3 de mayo. Una mujer \
                  de 35 años fue detenida por obligar a sus tres hijos a mendigar.",
    );
    assert_eq!((es.victims, es.arrests), (Some(3), Some(1)));
    let pt = run_in_case(
        "Presa mulher por explorar as suas duas filhas\n\nRecife, 3 de maio. Uma mulher \
                  foi presa suspeita de explorar as suas duas filhas.",
    );
    assert_eq!((pt.victims, pt.arrests), (Some(2), Some(1)));
    let en = run_in_case(
        "Woman arrested for forcing her four children to beg\n\nDenver, May 3. A woman \
                  was arrested on Tuesday for forcing her four children to beg.",
    );
    assert_eq!((en.victims, en.arrests), (Some(4), Some(1)));
}

#[test]
fn a_bare_count_at_the_end_of_a_headline_is_its_verb_s() {
    let es = run_in_case(
        "Operativo en Lima: rescatan a 20 y detienen a 6\n\nLima, 3 de mayo. El operativo \
                  duró dos días.",
    );
    assert_eq!((es.victims, es.arrests), (Some(20), Some(6)));
    let pt = run_in_case(
        "Operação no Ceará resgata 20 e prende 6\n\nFortaleza, 3 de maio. A operação \
                  durou dois dias.",
    );
    assert_eq!((pt.victims, pt.arrests), (Some(20), Some(6)));
}

#[test]
fn a_part_among_a_whole_leaves_the_whole_as_the_count() {
    let en = run_in_case(
        "Nine minors among 14 rescued in Quito\n\nQuito, May 3. The raid lasted a day.",
    );
    assert_eq!((en.victims, en.minors), (Some(14), Some(9)));
    let es = run_in_case(
        "Nueve menores entre los 14 rescatados en Quito\n\nQuito, 3 de mayo. El operativo \
                  duró un día.",
    );
    assert_eq!(es.victims, Some(14));
}

#[test]
fn one_victim_found_or_freed_with_an_age_between_is_one() {
    assert_eq!(
        run_in_case(
            "Police find woman in truck\n\nDallas, May 3. Officers found a woman hidden in the \
             truck. The driver was arrested."
        )
        .victims,
        Some(1)
    );
    assert_eq!(
        run_in_case("La policía encontró a una víctima de trata en un hotel de Lima.").victims,
        Some(1)
    );
    assert_eq!(
        run_in_case("O menino de 12 anos foi libertado. Dois suspeitos foram presos.").victims,
        Some(1)
    );
    assert_eq!(
        run_in_case("The woman, 52, was freed when police raided the house.").victims,
        Some(1)
    );
    assert_eq!(
        run_in_case("El bebé fue recuperado por la policía y la madre fue detenida.").victims,
        Some(1)
    );
    // The dead are not freed; a number that is no age separates subject and verb.
    assert_eq!(
        run_in_case("Officers found a woman dead in the truck.").victims,
        None
    );
    assert_eq!(
        run_in_case("La mujer, con 3 causas, fue liberada.").victims,
        None
    );
}

#[test]
fn quoted_names_of_an_enumeration_are_each_an_operation() {
    assert_eq!(
        operations("Las operaciones \"Jaguar\" y \"Halcón\" dejaron 12 detenidos en Lima."),
        ["Jaguar", "Halcón"]
    );
    assert_eq!(
        operations("A PF deflagrou as operações \"Harpia\", \"Fênix\" e \"Colmeia\"."),
        ["Harpia", "Fênix", "Colmeia"]
    );
    assert_eq!(
        operations("Police ran operations \"Silver Shield\" and \"Blue Harbor\" in May."),
        ["Silver Shield", "Blue Harbor"]
    );
}

#[test]
fn suspects_released_by_a_court_are_not_victims_freed() {
    assert_eq!(
        run_in_case("Una mujer de la red, con tres causas abiertas, fue liberada por el juez.")
            .victims,
        None
    );
    assert_eq!(
        run_in_case("Two of the men were released on bail on Friday.").victims,
        None
    );
    assert_eq!(
        run_in_case("Os dois suspeitos foram liberados pelo juiz após a audiência.").victims,
        None
    );
    // Freed by the police, they are.
    assert_eq!(
        run_in_case("Una mujer fue liberada por la policía en un bar de Lima.").victims,
        Some(1)
    );
}

#[test]
fn arrests_said_as_booking_or_a_formal_charge_in_flagrante() {
    assert_eq!(
        run("Two men were booked into the county jail on trafficking charges.").arrests,
        Some(2)
    );
    assert_eq!(
        run("Quatro suspeitos foram autuados em flagrante por tráfico de pessoas.").arrests,
        Some(4)
    );
    assert_eq!(
        run("Três homens foram conduzidos à delegacia de Manaus.").arrests,
        Some(3)
    );
}

#[test]
fn people_set_off_by_dashes_after_victims_are_the_victims() {
    assert_eq!(
        run("The victims — 11 women and four girls — were taken to a shelter.").victims,
        Some(15)
    );
    assert_eq!(
        run("Las víctimas —nueve mujeres y dos niñas— fueron trasladadas a un albergue.").victims,
        Some(11)
    );
}

#[test]
fn people_after_the_noun_of_the_crime_are_its_victims() {
    let es = run_in_case(
        "Capturan a 3 por trata de 15 mujeres\n\nBogotá, 3 de mayo. La policía capturó a \
                  tres personas.",
    );
    assert_eq!((es.victims, es.arrests), (Some(15), Some(3)));
    let en = run_in_case(
        "Police arrest 3 over the exploitation of 12 workers\n\nLeeds, May 3. Police \
                  arrested three people.",
    );
    assert_eq!((en.victims, en.arrests), (Some(12), Some(3)));
    let pt = run_in_case(
        "Polícia prende 3 por exploração de 9 trabalhadores em fazenda\n\nBelém, 3 de maio. \
                  A polícia prendeu três pessoas na fazenda.",
    );
    assert_eq!((pt.victims, pt.arrests), (Some(9), Some(3)));
}
