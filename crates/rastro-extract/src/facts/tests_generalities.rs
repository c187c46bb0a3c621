//! Forms named in a generality, forms told without their usual noun, and editions of a series
//! named without the word "operation", each on short invented reports in the three languages.

use crate::input::Article;
use crate::model::ExploitationForm as F;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

#[test]
fn a_generality_about_the_crime_reports_no_form() {
    let pt = run(
        "Homem é preso por aliciar adolescentes\n\nUm homem foi preso nesta terça pela \
         polícia. O tráfico de pessoas costuma estar ligado ao trabalho escravo e à adoção \
         ilegal.",
    );
    assert!(pt.exploitation.is_empty(), "{:?}", pt.exploitation);
    let es = run(
        "Detienen a dos hombres por trata\n\nLa policía detuvo a dos hombres el martes. Las \
         formas contemporáneas de esclavitud incluyen el matrimonio forzado y la explotación \
         sexual.",
    );
    assert!(es.exploitation.is_empty(), "{:?}", es.exploitation);
    let en = run(
        "Two held in trafficking probe\n\nTwo men were arrested on Monday. The report calls \
         those penalties adequate for labour trafficking but too weak for sex trafficking when \
         compared with penalties for rape.",
    );
    assert!(en.exploitation.is_empty(), "{:?}", en.exploitation);
}

#[test]
fn the_article_s_own_background_still_counts() {
    // In the past, about the victims, with a figure, or in the headline: the case's own.
    let past = run("Detienen a dos hombres\n\nLas mujeres eran explotadas sexualmente en un bar.");
    assert_eq!(past.exploitation, vec![F::SexualExploitation]);
    let victims = run(
        "Detienen a dos hombres\n\nEn esa zona proliferan bares donde las víctimas son \
         explotadas sexualmente.",
    );
    assert_eq!(victims.exploitation, vec![F::SexualExploitation]);
    let tally = run(
        "Informe anual\n\nLa explotación laboral es la segunda forma, con el 20 % de los \
         casos.",
    );
    assert_eq!(tally.exploitation, vec![F::ForcedLabour]);
    let people = run(
        "Família investigada em Recife\n\nA patroa e o filho são investigados por manter uma \
         trabalhadora em condição análoga à de escravo.",
    );
    assert_eq!(people.exploitation, vec![F::ForcedLabour]);
    let headline = run("Polícia resgata trabalhadores em condição análoga à escravidão");
    assert_eq!(headline.exploitation, vec![F::ForcedLabour]);
}

#[test]
fn forms_told_without_their_usual_noun() {
    let servitude = run("Fue condenado por trata de personas con fines de servidumbre sexual.");
    assert_eq!(servitude.exploitation, vec![F::SexualExploitation]);
    let en = run("The man was convicted of holding two women in sexual servitude.");
    assert_eq!(en.exploitation, vec![F::SexualExploitation]);
    let sweets = run("Rescataron a un niño obligado a vender dulces en la calle.");
    assert_eq!(sweets.exploitation, vec![F::ForcedLabour]);
    let drugs = run("Los jóvenes fueron obligados a vender droga en la plaza.");
    assert_eq!(drugs.exploitation, vec![F::ForcedCriminality]);
    let imperfect = run("A los niños los obligaban a trabajar en una ladrillera.");
    assert_eq!(imperfect.exploitation, vec![F::ForcedLabour]);
    let pimps = run("Police said pimps exploited the girls in the mining camps.");
    assert_eq!(pimps.exploitation, vec![F::SexualExploitation]);
}

#[test]
fn an_edition_of_a_series_is_an_operation_without_the_word() {
    let es = run(
        "La operación Faro 3 dejó doce detenidos. La acción formó parte de Escudo del Sur IV, \
         un esfuerzo regional.",
    );
    assert_eq!(es.operations, vec!["Faro 3", "Escudo del Sur IV"]);
    let pt = run(
        "A PF deflagrou a Operação Maré. A segunda, a Vigília V, foi deflagrada em maio nas \
         rodovias.",
    );
    assert_eq!(pt.operations, vec!["Maré", "Vigília V"]);
    // A name glued by an apostrophe keeps its first part.
    let glued = run("A Operação Sentinela prendeu três. A FOM'ALE II prendeu outros dois.");
    assert!(
        !glued.operations.iter().any(|o| o == "ALE II"),
        "{:?}",
        glued.operations
    );
    // Without an operation named, a numbered name is somebody's, not an operation.
    let king = run("El rey Felipe VI visitó la frontera, donde la policía detuvo a dos hombres.");
    assert!(king.operations.is_empty(), "{:?}", king.operations);
    // The English pronoun is no numeral.
    let pronoun = run("Operation Lantern ended on Friday. Then I spoke to Maria about it.");
    assert_eq!(pronoun.operations, vec!["Lantern"]);
}
