//! Operation names and forms of exploitation that the readers of stop 33 were built for, each
//! on short invented reports (none copied from an article), with what must stay out beside them.

use crate::input::Article;
use crate::model::ExploitationForm as F;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

#[test]
fn a_titled_operation_keeps_an_institution_word_inside_its_name() {
    let guard = run("The seizure was made in support of Operation Border Guard, the DEA said.");
    assert_eq!(guard.operations, ["Border Guard"]);
    let centre = run("Officials said that Operation Safe Center freed 30 women in Texas.");
    assert_eq!(centre.operations, ["Safe Center"]);
    // An institution that opens the name is who ran the operation.
    let agency = run("Según la nota, la Operación Fiscalía General dejó 12 detenidos.");
    assert!(agency.operations.is_empty());
    // Before a lowercase operation word the capitalised run is still a unit's name.
    let unit = run("The Coast Guard operation ended with four arrests near Miami.");
    assert!(unit.operations.is_empty());
}

#[test]
fn forms_told_by_what_the_victims_were_made_to_do() {
    // Household work under force is domestic servitude.
    for text in [
        "Relatório do governo\n\nAs meninas resgatadas eram forçadas a cozinhar e limpar para a quadrilha.",
        "Informe de la Fiscalía\n\nLas niñas rescatadas eran obligadas a cocinar y limpiar para los tratantes.",
        "Report on the raid\n\nThe women were forced to cook and clean for the gang members, police said.",
    ] {
        assert_eq!(run(text).exploitation, [F::ForcedLabour], "{text}");
    }
    // A verb between the recruiting and the crimes.
    let es = run(
        "Capturan a tres tratantes\n\nUna de las víctimas fue reclutada de manera forzada para \
         realizar actividades criminales en Tegucigalpa.",
    );
    assert_eq!(es.exploitation, [F::ForcedCriminality]);
}

#[test]
fn labour_named_beside_another_form_or_as_labour_trafficking() {
    let beside = run(
        "Police rescue 20 people\n\nMost of the victims rescued in Texas were exploited for sex \
         or labour, the police said.",
    );
    assert!(
        beside.exploitation.contains(&F::ForcedLabour),
        "{:?}",
        beside.exploitation
    );
    let named = run(
        "Police rescue 20 people\n\nOf the victims identified last year, 12 were cases of labour \
         trafficking, the report said.",
    );
    assert_eq!(named.exploitation, [F::ForcedLabour]);
    // What the sections of a code cover did not happen.
    let code = run(
        "Trafficking case in Puerto Rico\n\nTwo men were arrested. The island's Penal Code, \
         whose sections 159 and 160 cover labour trafficking, applies.",
    );
    assert!(code.exploitation.is_empty(), "{:?}", code.exploitation);
}

#[test]
fn organs_bought_or_taken_out() {
    for text in [
        "Desarticulan red en Lima\n\nLa Fiscalía denunció a una red que se dedicaba a comprar \
         riñones a personas pobres de Lima.",
        "Rede presa em Recife\n\nA polícia prendeu cinco pessoas acusadas da comercialização de \
         rins de doadores pobres.",
        "Doctors arrested\n\nFour doctors were arrested, accused of removing a patient's kidney \
         without her consent in Guatemala.",
        "Doctors arrested\n\nThe prosecutor called it the first documented case of organ theft in \
         the country.",
    ] {
        assert_eq!(run(text).exploitation, [F::OrganRemoval], "{text}");
    }
}

#[test]
fn smuggling_told_by_who_moves_the_migrants_and_how() {
    for text in [
        // Those who move them, named beside them.
        "Hallan a 80 migrantes en Veracruz\n\nLas 80 personas migrantes habían sido abandonadas \
         por presuntos traficantes cerca de la carretera.",
        "Casa usada por contrabandistas\n\nAgentes encontraram uma casa usada por contrabandistas \
         de pessoas perto da fronteira, com 19 migrantes.",
        // Carried hidden in a vehicle.
        "Rescatan a 90 migrantes\n\nLos 90 migrantes viajaban encerrados en la caja de un \
         tráiler en San Luis Potosí.",
        // Paid to take them across.
        "Jungle crossings rise\n\nMigrants face gangs that charge them to guide them through the \
         jungle on the way north.",
        // Moved across illegally.
        "Detienen a catorce personas\n\nLa red trasladaba de forma irregular a migrantes \
         nicaragüenses hacia Costa Rica.",
    ] {
        assert!(run(text).smuggling, "{text}");
    }
    // Goods are not migrants, and an open question reports nothing.
    let drugs =
        run("Detienen a traficantes\n\nLa policía detuvo a tres traficantes de drogas en Colón.");
    assert!(!drugs.smuggling);
    let asked = run(
        "Workers found on a farm\n\nInvestigators are examining whether the case amounts to \
         migrant smuggling, the prosecutor said.",
    );
    assert!(!asked.smuggling);
}
