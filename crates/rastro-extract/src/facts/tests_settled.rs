//! The calls `eval/extract/SETTLED-CALLS.md` settles, each on short invented reports: the code
//! name of an investigation or a case is an operation's whatever word introduces it, and an
//! interception of migrants carried irregularly by others is smuggling.

use crate::input::Article;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

#[test]
fn an_investigations_code_name_is_an_operation() {
    let es = run("La investigación Aguamarina permitió detener a cuatro personas en Cali.");
    assert_eq!(es.operations, ["Aguamarina"]);
    let pt = run("A investigação Maré Alta começou em março, segundo a polícia.");
    assert_eq!(pt.operations, ["Maré Alta"]);
}

#[test]
fn a_case_named_in_quotes_or_code_named_is_an_operation() {
    let en = run("Prosecutors said the case code-named Lantern began with a tip in 2019.");
    assert_eq!(en.operations, ["Lantern"]);
    let known = run("The court convicted three men in the case known as \"Coral Bay\".");
    assert_eq!(known.operations, ["Coral Bay"]);
    let es = run("La fiscalía presentó cargos en el caso \"Mariposa\" contra dos hombres.");
    assert_eq!(es.operations, ["Mariposa"]);
    let before = run("As in the \"Orchid\" and \"Lotus\" cases, the women owed a debt.");
    assert_eq!(before.operations, ["Orchid", "Lotus"]);
}

#[test]
fn a_court_case_known_by_a_party_or_place_is_no_operation() {
    let party = run("The Supreme Court ruled on the Brasil Verde case on Monday.");
    assert!(party.operations.is_empty(), "{:?}", party.operations);
    let victims = run("El caso de las hermanas Ruiz llegó a la Corte en 2020.");
    assert!(victims.operations.is_empty(), "{:?}", victims.operations);
}

#[test]
fn a_quoted_code_name_may_be_a_towns() {
    let i =
        run("La operación transnacional, denominada \"Alcalá\", permitió rescatar a seis mujeres.");
    assert_eq!(i.operations, ["Alcalá"]);
}

#[test]
fn an_agency_after_the_name_ran_the_operation() {
    let i = run("Los datos salieron de la Operación Amatista II de Interpol en 2021.");
    assert_eq!(i.operations, ["Amatista II"]);
}

#[test]
fn a_bus_driver_carries_passengers_not_migrants() {
    let i = run(
        "Un autobús que iba de Monterrey a Matamoros fue interceptado por hombres armados. \
         De los 37 pasajeros, los captores se llevaron a 32 migrantes. El chofer pidió auxilio.",
    );
    assert!(!i.smuggling);
}

#[test]
fn migrants_intercepted_in_a_boat_run_by_others_were_smuggled() {
    let captain = run(
        "Naval officers stopped a boat carrying 40 migrants near the coast. Its captain, a \
         local man, was arrested.",
    );
    assert!(captain.smuggling);
    let driver = run(
        "Agentes detuvieron una camioneta con 22 migrantes en la carretera. El chofer fue \
         llevado ante el Ministerio Público.",
    );
    assert!(driver.smuggling);
    let organisers = run(
        "A Marinha interceptou uma embarcação com 30 migrantes. Os organizadores da viagem \
         serão processados.",
    );
    assert!(organisers.smuggling);
    let abandoned =
        run("Hallaron a 80 migrantes abandonados en la caja de un tráiler en la autopista.");
    assert!(abandoned.smuggling);
}

#[test]
fn migrants_crossing_on_their_own_or_an_unknown_organiser_are_not_smuggling() {
    let unknown = run(
        "Officers intercepted a boat with 60 migrants. The statement did not say whether the \
         captain had been identified.",
    );
    assert!(!unknown.smuggling);
    let nor = run(
        "A Marinha interceptou um barco com 20 migrantes. A nota não informou o ponto de \
         partida nem quem organizou a travessia.",
    );
    assert!(!nor.smuggling);
    let warning = run(
        "After 90 migrants were stopped, the minister warned that boats would be seized and \
         their captains prosecuted.",
    );
    assert!(!warning.smuggling);
    // A captain with no migrants in the article carries goods or passengers.
    let goods = run("The captain of the cargo ship was arrested with 200 kilos of cocaine.");
    assert!(!goods.smuggling);
}

#[test]
fn an_international_organisation_is_no_criminal_group() {
    let i = run(
        "Un informe de la organización internacional Green Harbor señala que la banda \
         operaba en tres países.",
    );
    assert!(i.groups.is_empty(), "{:?}", i.groups);
    let criminal = run("La policía desarticuló la red criminal internacional Los Halcones.");
    assert_eq!(criminal.groups, ["Los Halcones"]);
}

#[test]
fn a_plural_nickname_after_a_lowercase_article_is_a_gang() {
    let i = run("El joven simpatiza con los Tiburones, una de las bandas que controlan el barrio.");
    assert_eq!(i.groups, ["los Tiburones"]);
    // Inside an institution's longer name, the article is part of that name.
    let oim = run(
        "Según la Organización Internacional para las Migraciones, las bandas cobran a los \
         migrantes.",
    );
    assert!(oim.groups.is_empty(), "{:?}", oim.groups);
}

#[test]
fn a_form_in_an_offices_capitalised_name_is_not_reported() {
    use crate::model::ExploitationForm as F;
    let i = run(
        "Rescatan a cuatro niños\n\nLos niños fueron rescatados en Tegucigalpa, según la \
         Comisión contra la Explotación Sexual Comercial y Trata de Personas.",
    );
    assert!(
        !i.exploitation.contains(&F::SexualExploitation),
        "{:?}",
        i.exploitation
    );
    let told = run("Cuatro niñas eran víctimas de explotación sexual en un bar de Tegucigalpa.");
    assert!(told.exploitation.contains(&F::SexualExploitation));
}

#[test]
fn forms_a_law_covers_are_not_reported() {
    use crate::model::ExploitationForm as F;
    let i = run(
        "Rescataron a un adolescente obligado a trabajar en una fábrica. La explotación \
         laboral es una de las modalidades de trata que contempla la legislación, junto con la \
         mendicidad forzada.",
    );
    assert!(
        !i.exploitation.contains(&F::ForcedBegging),
        "{:?}",
        i.exploitation
    );
}

#[test]
fn a_quoted_name_that_starts_with_a_known_group_is_reported_whole() {
    let i = run(
        "La fiscalía acusó a 30 miembros del clan \"Los Lobos de Quito\", una célula de la \
         banda. Los Lobos controlan el puerto.",
    );
    assert_eq!(i.groups, ["Los Lobos de Quito"]);
}
