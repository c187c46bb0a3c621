//! Counts the readers found never before (workers found, one victim spoken of) and parts that
//! a headline's count of arrests leaves out, on invented text.

use crate::input::Article;
use crate::{Decision, Extractor};

/// Victims and arrests as the rules alone give them.
fn rules(text: &str) -> (Option<u64>, Option<u64>) {
    let incident =
        Extractor::with_learned_counts([Decision::RULES; 2]).extract(&Article::plain("t", text));
    (incident.victims, incident.arrests)
}

#[test]
fn workers_found_where_forced_work_is_reported_are_victims() {
    // Found in a raid that sets out to free them: the guide call of `tune4` u037 (found but
    // never called victims nor freed they are null: `tests_coverage`).
    for (text, n) in [
        (
            "Trabajo forzoso en un taller textil de Buenos Aires\n\nInspectores del Ministerio \
             de Trabajo allanaron el taller para liberar a personas sometidas a trabajo forzoso \
             y encontraron a 21 trabajadores. Cosían dieciséis horas al día sin salario y en \
             condiciones de esclavitud.",
            21,
        ),
        (
            "Fiscais flagram trabalho escravo em carvoaria no Maranhão\n\nNa operação de \
             resgate, os fiscais encontraram oito trabalhadores. Eles não recebiam salário e \
             viviam em condições degradantes, segundo o Ministério Público do Trabalho.",
            8,
        ),
        (
            "Forced labour on coffee farms\n\nLabour inspectors set out to free people held in \
             slave labour, searched two estates and found 59 workers. None had a contract.",
            59,
        ),
    ] {
        assert_eq!(rules(text).0, Some(n), "{text}");
    }
    // Workers found where no exploitation is reported are no victims.
    let raid = "Police raid a house in the city\n\nOfficers searched the house on Friday and \
                found 12 workers inside.";
    assert_eq!(rules(raid).0, None);
}

#[test]
fn others_found_after_a_rescue_are_among_the_candidates() {
    let text = "Rescatan a trabajadores paraguayos en Brasil\n\nEn el primer operativo fueron \
                liberados siete trabajadores paraguayos. Al día siguiente, en otra hacienda, \
                se identificó a otras diecinueve personas.";
    let found = crate::count_candidates(&Article::plain("t", text));
    assert!(found.victims.contains(&19), "{:?}", found.victims);
}

#[test]
fn a_headline_count_of_arrests_takes_the_arrests_made_besides_it() {
    for (text, n) in [
        // The headline's figure is the body's first; more are told as others.
        (
            "26 bar workers held after raids\n\nImmigration officers detained 26 women at four \
             bars on Friday night. Three other people were detained on suspicion of running \
             the bars.",
            29,
        ),
        // The headline's figure is the part the body adds last.
        (
            "Seis detenidos en tierra tras un viaje ilegal\n\nLa Armada detuvo a 34 personas \
             en alta mar. Horas después fueron detenidas otras seis personas en la playa.",
            40,
        ),
        // Near misses: more of another time, and a headline that says whom it includes.
        (
            "Seis detenidos en tierra tras un viaje ilegal\n\nLa Armada detuvo a 34 personas \
             en alta mar. En 2019 fueron detenidas otras seis personas en la playa.",
            6,
        ),
        (
            "Teenager rescued, five adults held, including two clients\n\nPolice arrested five \
             adults in a raid on a house. Police also detained two clients of the house.",
            5,
        ),
    ] {
        assert_eq!(rules(text).1, Some(n), "{text}");
    }
}

#[test]
fn one_victim_spoken_of_again_and_again_is_one() {
    for text in [
        "Trafficker fined, not jailed\n\nA woman convicted of human trafficking was fined on \
         Tuesday. The court ordered her to pay $15,000 to the victim for her suffering. The \
         girl said the woman had forced her to work in a bar, and the prosecutor said the \
         victim would stay in state care.",
        "Traficante condenada a pagar multa\n\nUna mujer fue condenada por trata de personas \
         con fines de explotación sexual. El tribunal le ordenó pagar una reparación a la \
         víctima. Según la fiscalía, la víctima fue obligada a trabajar en un bar durante dos \
         años.",
    ] {
        assert_eq!(rules(text).0, Some(1), "{text}");
    }
    // "a victim" is any victim: the law's words, not the case's count.
    let law = "Trafficker fined, not jailed\n\nA woman convicted of human trafficking was fined \
               on Tuesday. Under the law, a victim must never be treated as a criminal, the \
               prosecutor said, and the victim of this case should have been heard.";
    assert_eq!(rules(law).0, None);
}
