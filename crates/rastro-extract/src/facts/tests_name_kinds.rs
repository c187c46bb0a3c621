//! Operation and group names by kind of sentence (stop 34): each kind on short invented
//! reports, none copied from an article, with what must stay out beside them.

use crate::input::Article;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

#[test]
fn an_english_name_before_its_group_word_is_a_group() {
    let called = run(
        "Agents searched twelve houses in Dallas. The charges came after a raid on the so-called \
         Herrera network, which recruited women in Guatemala.",
    );
    assert_eq!(called.groups, ["Herrera network"]);
    assert!(called.operations.is_empty(), "{:?}", called.operations);
    let titled = run(
        "Five members of what the indictment calls the Salas-Mendez Smuggling Organization \
         were sentenced in Phoenix for moving migrants across the border.",
    );
    assert_eq!(titled.groups, ["Salas-Mendez Smuggling Organization"]);
    let gang = run("Police said the women were held by the so-called Loma gang near the port.");
    assert_eq!(gang.groups, ["Loma"]);
    // Without a naming phrase or a word of crime the run may be any name's; written otherwise
    // elsewhere, a name is not spelled a second time with its group word.
    let bare = run("Police said the women were held by the Loma gang in a house near the port.");
    assert!(bare.groups.is_empty(), "{:?}", bare.groups);
    let twice = run(
        "Gangs known as Grand Ravine and Ti Bwa control the road. The so-called Grand Ravine \
         gang took the women.",
    );
    assert_eq!(twice.groups, ["Grand Ravine", "Ti Bwa"]);
}

#[test]
fn an_english_name_before_a_group_word_stays_out_without_crime() {
    // A generic group word after a town's name, an agency's title, a unit of the police.
    for text in [
        "Nobody has said how many people were arrested over the Canoa network of abusers.",
        "The patrols of the Caribbean Border Interagency Group found 40 migrants at sea.",
        "Officers of the Harris gang unit arrested two men for trafficking a teenager.",
        "The report was released by the Walk Free organization in London on Monday.",
    ] {
        assert!(
            run(text).groups.is_empty(),
            "{text}: {:?}",
            run(text).groups
        );
    }
}

#[test]
fn a_company_is_no_group() {
    let firm = run(
        "Investors were drawn by Andes Capital Group SAC and a fund called Finmax, Inc., which \
         promised returns of 15% a month.",
    );
    assert!(firm.groups.is_empty(), "{:?}", firm.groups);
    // A group word in lowercase still names what follows a naming phrase.
    let gang = run("Police dismantled a gang known as Los Rápidos in the north of the city.");
    assert_eq!(gang.groups, ["Los Rápidos"]);
}

#[test]
fn a_part_named_inside_a_known_group_is_a_group_of_its_own() {
    let cell = run(
        "Según la Policía, las minas eran controladas por la subestructura Rafael Antonio \
         Mejía del Clan del Golfo en el Bajo Cauca.",
    );
    assert!(
        cell.groups.contains(&"Rafael Antonio Mejía".to_string()),
        "{:?}",
        cell.groups
    );
    assert!(
        cell.groups.contains(&"Clan del Golfo".to_string()),
        "{:?}",
        cell.groups
    );
}

#[test]
fn quoted_names_listed_after_plural_investigations_are_operations() {
    let listed = run(
        "Earlier cases of trafficking taken to court by prosecutors include \"Costa Azul\" \
         (2015), \"Mirador\" (2017) and \"Palmera Roja\" (2019).",
    );
    assert_eq!(listed.operations, ["Costa Azul", "Mirador", "Palmera Roja"]);
    let pt = run(
        "As investigações da Polícia Federal que chegaram a julgamento foram \"Ponte Alta\" e \
         \"Rio Escuro\", ambas em 2021.",
    );
    assert_eq!(pt.operations, ["Ponte Alta", "Rio Escuro"]);
    // One quotation after the word is speech, not a list of names.
    let speech = run(
        "The investigations continue, said the prosecutor: \"We Will Find Them\" was his reply.",
    );
    assert!(speech.operations.is_empty(), "{:?}", speech.operations);
}

#[test]
fn an_initiative_given_a_name_is_an_operation() {
    let named = run(
        "Seven people were held in two days of raids under the police initiative against \
         extortion, dubbed \"Cobro Final\".",
    );
    assert_eq!(named.operations, ["Cobro Final"]);
}

#[test]
fn a_public_body_named_with_a_group_word_is_no_group() {
    for text in [
        "The Gang Prevention Unit of the police arrested three men for trafficking girls.",
        "O Grupo Especial de Fiscalização Móvel resgatou 31 trabalhadores em Minas Gerais.",
        "La Red Nacional contra la Trata presentó su informe anual en Asunción.",
    ] {
        assert!(
            run(text).groups.is_empty(),
            "{text}: {:?}",
            run(text).groups
        );
    }
    let gang = run("La banda Los Tiburones del Puerto captaba a jóvenes en Chimbote.");
    assert_eq!(gang.groups, ["Los Tiburones del Puerto"]);
}

#[test]
fn a_phase_is_told_by_its_operation() {
    // A phase's word and number name no operation of their own.
    let phase = run("La Operación Centinela - Fase III terminó con 14 detenidos en Piura.");
    assert_eq!(phase.operations, ["Centinela"]);
    // A phase given a name by a naming phrase is named like an operation.
    for (text, name) in [
        (
            "Na terceira fase, batizada de Ponte Segura III, foram presos dois homens.",
            "Ponte Segura III",
        ),
        (
            "The third stage, dubbed Safe Passage III, led to nine arrests.",
            "Safe Passage III",
        ),
    ] {
        assert_eq!(run(text).operations, [name], "{text}");
    }
}

#[test]
fn a_name_named_in_the_past_is_an_operation_but_a_person_is_not() {
    let past = run("El operativo se llamó Noche Clara y se realizó en tres distritos de Lima.");
    assert_eq!(past.operations, ["Noche Clara"]);
    let person = run("La joven, que se llama Rosa, fue rescatada durante el operativo policial.");
    assert!(person.operations.is_empty(), "{:?}", person.operations);
}

#[test]
fn a_translation_in_parentheses_is_the_same_operation() {
    let es_en = run("Agents ran Operación Cielo Abierto (Operation Open Sky) across four states.");
    assert_eq!(es_en.operations, ["Cielo Abierto"]);
    let en_es = run("Operation Safe Harbor (Operación Puerto Seguro) freed 12 women in Chile.");
    assert_eq!(en_es.operations, ["Safe Harbor"]);
    // An aside in parentheses that names nothing keeps the name.
    let aside = run("La operación Lince (en la que participaron 20 fiscales) dejó 40 detenidos.");
    assert_eq!(aside.operations, ["Lince"]);
}
