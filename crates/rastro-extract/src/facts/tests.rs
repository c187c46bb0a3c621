//! Behaviour on short invented reports in the three languages: each test states one rule.

use crate::input::Article;
use crate::model::{Control, ExploitationForm as F, Recruitment, Role};
use crate::{extract, Extractor, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

/// The same report in a trafficking case: victims are counted only where the crime is named.
fn run_in_case(text: &str) -> Incident {
    run(&super::in_trafficking_case(text))
}

#[test]
fn headline_totals_win_over_breakdowns() {
    let i = run_in_case(
        "Rescatan a 163 víctimas de trata en Lima. Entre ellas había 12 menores de edad. \
                 La policía detuvo a 40 personas: 30 en Lima y 10 en Cusco.",
    );
    assert_eq!(i.victims, Some(163));
    assert_eq!(i.arrests, Some(40));
    let en = run_in_case("Police rescued nearly 1,200 people. Twenty of the victims were girls, and 300 of them were taken to shelters. Officers arrested a dozen suspects.");
    assert_eq!(en.victims, Some(1200));
    assert_eq!(en.arrests, Some(12));
}

#[test]
fn numbers_in_words_and_with_separators() {
    let pt = run_in_case(
        "A Polícia Federal resgatou doze trabalhadores em uma fazenda e prendeu dois homens.",
    );
    assert_eq!((pt.victims, pt.arrests), (Some(12), Some(2)));
    let es = run_in_case("Las autoridades liberaron a más de 2.700 personas y capturaron a treinta y dos sospechosos.");
    assert_eq!((es.victims, es.arrests), (Some(2700), Some(32)));
    let en = run_in_case("More than 1,466 victims were rescued and 95 arrests were made.");
    assert_eq!((en.victims, en.arrests), (Some(1466), Some(95)));
}

#[test]
fn vague_quantities_are_not_counts() {
    let i = run(
        "Cientos de agentes rescataron a decenas de víctimas y detuvieron a varios sospechosos.",
    );
    assert_eq!((i.victims, i.arrests), (None, None));
}

#[test]
fn negations_give_zero_only_without_a_positive_count() {
    let i =
        run("En el allanamiento no se hallaron víctimas, pero fue detenido el dueño del local.");
    assert_eq!(i.victims, Some(0));
    assert_eq!(i.arrests, Some(1));
    let none = run("Police said no arrests were made and no victims were found at the farm.");
    assert_eq!((none.victims, none.arrests), (Some(0), Some(0)));
    let consider = run("As pessoas não são consideradas vítimas pela polícia.");
    assert_eq!(consider.victims, None);
}

#[test]
fn forms_named_in_definitions_are_not_reported() {
    let i = run("La policía rescató a 5 mujeres víctimas de explotación sexual. \
                 La ley define la trata con fines de trabajo forzoso, extracción de órganos y matrimonio forzado.");
    assert_eq!(i.exploitation, [F::SexualExploitation]);
}

#[test]
fn forms_in_three_languages() {
    let i = run("Niñas obligadas a casarse con hombres mayores y bebés vendidos para adopción ilegal en Guatemala.");
    assert_eq!(i.exploitation, [F::ForcedMarriage, F::IllegalAdoption]);
    let c = run("More than 100 Brazilians were forced to carry out online scams in scam compounds in Cambodia.");
    assert_eq!(c.exploitation, [F::ForcedCriminality]);
    assert_eq!(c.exploitation_detail[0].htcds.to_string(), "Other");
    let o =
        run("A quadrilha aliciava moradores pobres para vender um rim em clínicas no exterior.");
    assert_eq!(o.exploitation, [F::OrganRemoval]);
    let l = run(
        "Trabajadores bolivianos sometidos a trabajo forzoso en talleres textiles de Buenos Aires.",
    );
    assert_eq!(l.exploitation, [F::ForcedLabour]);
    let industries: Vec<&str> = l.exploitation_detail[0]
        .industries
        .iter()
        .map(|x| x.industry.name())
        .collect();
    assert_eq!(industries, ["textiles"]);
}

#[test]
fn negated_forms_do_not_count() {
    let i = run("Los fiscales no encontraron indicios de explotación sexual en el local.");
    assert!(i.exploitation.is_empty());
}

#[test]
fn smuggling_but_not_office_names_or_goods() {
    assert!(run("Detienen a un coyote que cruzaba migrantes por el río Bravo.").smuggling);
    assert!(
        !run("The Human Smuggling Unit against human smuggling and trafficking met on Monday.")
            .smuggling
    );
    assert!(!run("The gang was smuggling cocaine and weapons into the port.").smuggling);
}

#[test]
fn operations_and_groups() {
    let i = run(
        "La Policía ejecutó la operación Tormenta del Desierto contra la banda Los Pulpos, \
                 una facción conocida como \"Los Malditos\", aliada del Tren de Aragua. \
                 La ONG Operación Rescate no participó.",
    );
    assert_eq!(i.operations, ["Tormenta del Desierto"]);
    let mut g = i.groups.clone();
    g.sort();
    assert_eq!(g, ["Los Malditos", "Los Pulpos", "Tren de Aragua"]);
    let generic = run("Una red brasileña y mafias colombianas operaban en la zona.");
    assert!(generic.groups.is_empty());
}

#[test]
fn recruitment_and_control_methods() {
    let i = run("Rescatan a 9 víctimas de explotación sexual en Quito. \
                 La red captaba a las mujeres mediante anuncios en internet y redes sociales con falsas promesas de empleo. \
                 Les retenían los pasaportes y debían pagar una deuda de 5.000 dólares.");
    assert!(i
        .recruitment
        .contains(&Recruitment::ThroughOnlineSocialNetworks));
    assert!(i
        .recruitment
        .contains(&Recruitment::ThroughAnOnlineAdvertisement));
    for c in [
        Control::WithholdsDocuments,
        Control::DebtBondage,
        Control::FalsePromises,
    ] {
        assert!(i.control.contains(&c), "{c:?} in {:?}", i.control);
    }
}

#[test]
fn money_and_dates() {
    let i = run("Rescatan a 4 víctimas de explotación laboral en Mendoza.\n\
                 El operativo se realizó el 12 de marzo de 2024 y se incautaron 83.750 dólares y US$ 6 mil.");
    let money: Vec<(u64, &str)> = i
        .money
        .iter()
        .map(|m| (m.amount, m.currency.as_str()))
        .collect();
    assert_eq!(money, [(83750, "USD"), (6000, "USD")]);
    assert_eq!(i.date.as_deref(), Some("2024-03-12"));
}

#[test]
fn places_get_roles_from_their_sentence() {
    let i = run("Las víctimas, originarias de Venezuela, fueron trasladadas hacia Chile a través de Bolivia.");
    let role = |code: &str| {
        i.places
            .iter()
            .find(|p| p.country.as_str() == code)
            .and_then(|p| p.role)
    };
    assert_eq!(role("VE"), Some(Role::Origin));
    assert_eq!(role("BO"), Some(Role::Transit));
    assert_eq!(role("CL"), Some(Role::Destination));
}

#[test]
fn every_value_has_evidence_pointing_at_the_text() {
    let text = "Operação Tauéma: PF resgata 22 vítimas de exploração sexual em São Paulo";
    let i = run(text);
    let chars: Vec<char> = text.chars().collect();
    let ev = |field: &str| {
        i.evidence
            .iter()
            .find(|e| e.field == field)
            .unwrap_or_else(|| panic!("{field}"))
    };
    let v = ev("victims");
    let span: String = chars[v.spans[0][0]..v.spans[0][1]].iter().collect();
    assert_eq!(span, "22 vítimas");
    let op = ev("operations");
    let span: String = chars[op.spans[0][0]..op.spans[0][1]].iter().collect();
    assert_eq!(span, "Tauéma");
    assert!(ev("exploitation").sentence.contains("exploração sexual"));
    assert_eq!(ev("countries").value, "BR");
}

#[test]
fn warrants_are_not_arrests_and_named_groups_after_adjectives() {
    let i = run("La Fiscalía emitió órdenes de captura contra 10 personas de la organización criminal \"Los Malditos\".");
    assert_eq!(i.arrests, None);
    assert_eq!(i.groups, ["Los Malditos"]);
    let mules = run("Las jóvenes eran obligadas a trabajar como mulas del narcotráfico.");
    assert!(mules.exploitation.contains(&F::ForcedCriminality));
}

#[test]
fn breakdowns_by_nationality_are_parts_and_minors_may_be_parts() {
    let i = run("Rescatan a 71 migrantes, incluidos 19 menores, en Oaxaca. \
                 La cifra se divide en 32 ecuatorianos, 25 venezolanos y siete colombianos.");
    assert_eq!(i.migrants, Some(71));
    assert_eq!(i.minors, Some(19));
    assert_eq!(i.victims, None);
}

#[test]
fn smuggling_named_as_trafficking_of_persons_where_migrants_are() {
    assert!(run("Desarticulan una red de tráfico de personas que trasladaba a 59 migrantes hacia la frontera.").smuggling);
    assert!(
        !run("Desarticulan una red de tráfico de personas con fines de explotación sexual.")
            .smuggling
    );
}

#[test]
fn singular_arrests_without_a_number() {
    assert_eq!(
        run("A operação resultou na prisão da suspeita de chefiar a quadrilha.").arrests,
        Some(1)
    );
    assert_eq!(
        run("Its alleged leader was captured near the border.").arrests,
        Some(1)
    );
    assert_eq!(
        run("La operación terminó con la captura de los sospechosos.").arrests,
        None
    );
}

#[test]
fn counts_joined_by_and_add_up() {
    let i =
        run("Eight minors and two adults were identified as victims of the forced labor scheme.");
    assert_eq!((i.victims, i.minors), (Some(10), Some(8)));
    let es = run("La policía detuvo a tres hombres y dos mujeres en Lima.");
    assert_eq!(es.arrests, Some(5));
    let apart = run("Rescataron a 22 víctimas y detuvieron a cuatro hombres.");
    assert_eq!((apart.victims, apart.arrests), (Some(22), Some(4)));
}

#[test]
fn forced_to_work_as_prostitutes_is_sexual_exploitation() {
    let i = run("They were forced to work as prostitutes to repay their debts.");
    assert_eq!(i.exploitation, [F::SexualExploitation]);
    let l = run("Children were forced to work on coffee farms.");
    assert_eq!(l.exploitation, [F::ForcedLabour]);
}

#[test]
fn names_in_other_phrasings() {
    let i = run("Police dismantled a gang known as the 'Dark Angels' during an operation code-named Sunrise.");
    assert_eq!(i.groups, ["Dark Angels"]);
    assert_eq!(i.operations, ["Sunrise"]);
    let es = run("En la operación denominada \"Aurora\" cayó la organización criminal conocida como Los Pepes, aliada del Cártel de Sinaloa.");
    assert_eq!(es.operations, ["Aurora"]);
    let mut g = es.groups.clone();
    g.sort();
    assert_eq!(g, ["Cártel de Sinaloa", "Los Pepes"]);
    let pt = run("A Operação Lava Jato prendeu 3 integrantes da facção Comando Vermelho.");
    assert_eq!(pt.operations, ["Lava Jato"]);
    assert_eq!(pt.groups, ["Comando Vermelho"]);
}

#[test]
fn rescued_workers_and_one_definite_arrest() {
    let i = run("Cerca de 40 trabajadores fueron rescatados de un taller clandestino, donde cumplían jornadas de 14 horas. La policía detuvo al encargado del local.");
    assert_eq!(i.exploitation, [F::ForcedLabour]);
    assert_eq!(i.control, [Control::ExcessiveWorkingHours]);
    assert_eq!((i.victims, i.arrests), (Some(40), Some(1)));
    let short = run("Police arrested 12 and rescued 30 during raids on brothels.");
    assert_eq!((short.victims, short.arrests), (Some(30), Some(12)));
}

#[test]
fn labour_and_sexual_exploitation_named_together() {
    let i = run("Rescataron a 32 víctimas de trata con fines de explotación laboral y sexual.");
    assert_eq!(i.exploitation, [F::ForcedLabour, F::SexualExploitation]);
    let pt = run("A PF resgatou 12 vítimas de exploração laboral.");
    assert_eq!(pt.exploitation, [F::ForcedLabour]);
}

#[test]
fn offices_and_campaigns_do_not_report_smuggling() {
    assert!(
        !run("Lo informó la Dirección contra la Trata de Personas y Tráfico Ilícito de Migrantes.")
            .smuggling
    );
    assert!(!run("El ministerio lanzó una campaña para alertar contra la trata de personas y el tráfico ilícito de migrantes.").smuggling);
    assert!(
        run("Desarticulan una organización dedicada al tráfico ilícito de migrantes en Lima.")
            .smuggling
    );
}

#[test]
fn nationalities_joined_by_and_still_reach_their_noun() {
    let i = run("Police in Nicaragua rescued 22 African and Haitian migrants, and 30 potential victims of sexual exploitation were rescued in the Dominican Republic.");
    assert_eq!((i.migrants, i.victims), (Some(22), Some(30)));
}

#[test]
fn known_groups_are_reported_as_the_article_spells_them_once() {
    let i = run(
        "The Sinaloa Cartel and the Gulf Clan fought; the Sinaloa cartel (Cártel de Sinaloa) won.",
    );
    assert_eq!(i.groups, ["Sinaloa Cartel", "Gulf Clan"]);
}

#[test]
fn by_means_of_is_not_a_definition() {
    let i =
        run("The women were recruited by means of false job offers and forced into prostitution.");
    assert_eq!(i.exploitation, [F::SexualExploitation]);
    let d = run("Trafficking means the recruitment of persons for forced labour or organ removal.");
    assert!(d.exploitation.is_empty());
}

#[test]
fn sexual_slavery_is_sexual_exploitation_only() {
    let i = run("Las mujeres eran sometidas a esclavitud sexual en bares de la frontera.");
    assert_eq!(i.exploitation, [F::SexualExploitation]);
    let l = run("Brazil freed workers held in slavery on a farm.");
    assert_eq!(l.exploitation, [F::ForcedLabour]);
    let both = run("They suffered servitude and sexual exploitation.");
    assert_eq!(both.exploitation, [F::ForcedLabour, F::SexualExploitation]);
}

#[test]
fn published_timestamps_give_the_day() {
    let mut a = Article::plain("t", "Police rescued 5 women.");
    a.published = Some("2024-05-02T10:00:00Z".into());
    assert_eq!(extract(&a).date.as_deref(), Some("2024-05-02"));
    a.text = "Police rescued 5 women on March 11.".into();
    assert_eq!(extract(&a).date.as_deref(), Some("2024-03-11"));
}

/// A day the calendar does not have is a typo, not the event's date: what is left of it (its
/// month and year), or the publication day, stands in. February 29 exists in leap years only.
#[test]
fn impossible_days_are_not_event_dates() {
    let mut a = Article::plain(
        "t",
        "La policía rescató a 5 mujeres el 30 de febrero de 2024. La denuncia llegó el 2 de febrero de 2024.",
    );
    a.published = Some("2024-03-05T10:00:00Z".into());
    assert_eq!(extract(&a).date.as_deref(), Some("2024-02"));
    a.text = "La policía rescató a 5 mujeres el 29 de febrero.".into();
    assert_eq!(extract(&a).date.as_deref(), Some("2024-02-29"));
    a.published = Some("2023-03-05T10:00:00Z".into());
    assert_eq!(extract(&a).date.as_deref(), Some("2023-03-05"));
    a.published = Some("2023-02-30T10:00:00Z".into());
    a.text = "Police rescued 5 women.".into();
    assert_eq!(
        extract(&a).date.as_deref(),
        Some("2023-02-30T10:00:00Z"),
        "a publication day that does not exist is kept as given"
    );
}

#[test]
fn one_of_the_leaders_and_money_with_a_nationality() {
    let i = run("Authorities rescued 30 victims of sex trafficking. They also arrested one of the leaders of the network, who charged 600,000 Colombian pesos per trip.");
    assert_eq!((i.victims, i.arrests), (Some(30), Some(1)));
    let money: Vec<(u64, &str)> = i
        .money
        .iter()
        .map(|m| (m.amount, m.currency.as_str()))
        .collect();
    assert_eq!(money, [(600000, "COP")]);
    let drugs = run("The gang forced them to sell drugs on the street.");
    assert!(drugs.control.is_empty(), "{:?}", drugs.control);
}

#[test]
fn statistics_over_years_are_not_the_events_counts() {
    let i = run("A polícia deteve 28 suspeitos. As autoridades sinalizaram 1.152 presumíveis vítimas de tráfico entre 2016 e 2020.");
    assert_eq!((i.victims, i.arrests), (None, Some(28)));
    let j = run("O SEF sinalizou 26 vítimas de tráfico de seres humanos na zona de Beja.");
    assert_eq!(j.victims, Some(26));
}

#[test]
fn people_identified_as_victims_and_glosses_after_names() {
    let i = run("Na operação 'Fratello (irmão)' foram detidas três pessoas e identificados 150 estrangeiros como potenciais vítimas de tráfico.");
    assert_eq!((i.victims, i.arrests), (Some(150), Some(3)));
    assert_eq!(i.operations, ["Fratello"]);
}

/// Arbitrary text (random mixes of letters, accents, digits, separators, quotes, markup and
/// symbols from other scripts) never makes the extractor or the HTML reader panic.
#[test]
fn arbitrary_text_never_panics() {
    const PIECES: &[&str] = &[
        "a",
        "Z",
        "é",
        "Ñ",
        "ç",
        "ã",
        "1",
        "2.700",
        "3,5",
        " ",
        "\n",
        ".",
        ",",
        ":",
        ";",
        "\"",
        "«",
        "»",
        "'",
        "(",
        ")",
        "-",
        "–",
        "$",
        "US$",
        "R$",
        "€",
        "%",
        "<p>",
        "</p>",
        "<a href='x'>",
        "&amp;",
        "&#",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "de",
        "y",
        "e",
        "and",
        "the",
        "no",
        "Operación",
        "operation",
        "banda",
        "conocida como",
        "rescataron a",
        "detenidos",
        "víctimas",
        "menores",
        "migrantes",
        "explotación sexual",
        "trabajo forzoso",
        "doce",
        "ambos",
        "Ambas",
        "both",
        "que quedaron detenidos",
        "who were taken into custody",
        "otros tres",
        "another",
        "Hallan a",
        "capitán",
        "a dozen",
        "En San Miguel,",
        "In ",
        "Cese al Fuego",
        "La Sombra",
        "ao",
        "twenty-nine",
        "mil",
        "millones",
        "entre 2016 e 2020",
        "el 12 de marzo",
        "March 11",
        "🙂",
        "中文",
        "\u{feff}",
        "\t",
        "Lima",
        "Bogotá",
        "EE.UU.",
        "U.S.",
        "~",
        "*",
        "|",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..1500 {
        let len = (next() % 80) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let inc = run(&text);
        let chars = text.chars().count();
        for e in &inc.evidence {
            for [a, b] in &e.spans {
                assert!(
                    a <= b && *b <= chars,
                    "span {a}..{b} outside {chars} chars in {text:?}"
                );
            }
        }
        let _ = crate::html::to_text(&text);
    }
}

#[test]
fn companies_and_charities_are_not_criminal_groups() {
    assert!(
        run("Trabajaba para el grupo Bimbo y la organización Save the Children.")
            .groups
            .is_empty()
    );
    assert_eq!(
        run("Cayó la red criminal Los Norteños en Quito.").groups,
        ["Los Norteños"]
    );
}

#[test]
fn dollar_sign_in_spanish_follows_the_countries() {
    let gt = run("En Guatemala pedían $5,000 por cada niño.");
    assert_eq!(gt.money[0].currency, "USD");
    let mx = run("En México cobraban $5,000 por cada cruce.");
    assert_eq!(mx.money[0].currency, "MXN");
}

#[test]
fn an_extractor_reused_answers_as_a_new_one() {
    let long = Article {
        title: Some("Rescatan a 40 víctimas de explotación sexual en Lima".into()),
        ..Article::plain(
            "long",
            "La Policía liberó a 40 mujeres venezolanas y detuvo a 9 personas en Lima. ".repeat(30),
        )
    };
    let short = Article::plain(
        "short",
        "Police in Houston arrested two men for forced labour of 5 Honduran nationals.",
    );
    let untitled = Article::plain(
        "untitled",
        "A Polícia Federal prendeu 3 suspeitos em Manaus.",
    );
    let mut reused = Extractor::new();
    for article in [&long, &short, &long, &untitled, &short] {
        let again = reused.extract(article);
        let fresh = Extractor::new().extract(article);
        assert_eq!(
            serde_json::to_string(&again).unwrap(),
            serde_json::to_string(&fresh).unwrap()
        );
    }
}
