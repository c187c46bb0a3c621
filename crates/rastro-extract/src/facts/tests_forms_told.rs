//! Forms told by what was done to the victims (a baby sold, work without pay, two forms given
//! at once), forms only asked about or feared, and slavery named beside another form, each on
//! short invented reports in the three languages.

use crate::input::Article;
use crate::model::ExploitationForm as F;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

#[test]
fn a_baby_or_ones_own_child_sold_is_an_illegal_adoption() {
    let es = run(
        "Detienen a una mujer en Oaxaca\n\nLa policía detuvo el lunes a una mujer que \
         intentó vender a su hijo de dos meses por 3.000 dólares.",
    );
    assert_eq!(es.exploitation, [F::IllegalAdoption]);
    let pt = run(
        "Casal é preso em Recife\n\nA polícia prendeu na sexta um casal suspeito da venda de \
         uma bebê de dez dias. A mãe entregou a filha em troca de dinheiro.",
    );
    assert_eq!(pt.exploitation, [F::IllegalAdoption]);
    let en = run(
        "Woman charged in Belize\n\nPolice arrested a woman on Monday who sold her newborn \
         to a couple for 2,000 dollars.",
    );
    assert_eq!(en.exploitation, [F::IllegalAdoption]);
}

#[test]
fn a_girl_sold_or_children_trafficked_is_no_adoption() {
    let for_sex = run(
        "Capturan a mujer en Medellín\n\nLa policía capturó el lunes a una mujer que vendió \
         a su hija de 13 años a un hombre para explotarla sexualmente.",
    );
    assert_eq!(for_sex.exploitation, [F::SexualExploitation]);
    let girl = run(
        "Caen tres proxenetas en Medellín\n\nLa policía capturó el sábado a tres hombres \
         que ofrecían la venta de una niña de 14 años por 2.000 dólares.",
    );
    assert!(
        !girl.exploitation.contains(&F::IllegalAdoption),
        "{:?}",
        girl.exploitation
    );
    let charge = run(
        "Man indicted in San Juan\n\nA man was arrested on Friday on federal charges of sex \
         trafficking of children.",
    );
    assert!(
        !charge.exploitation.contains(&F::IllegalAdoption),
        "{:?}",
        charge.exploitation
    );
    let es = run(
        "Detenido en Cali\n\nUn hombre fue detenido el martes e imputado por secuestro y \
         tráfico de niñas, niños y adolescentes.",
    );
    assert!(
        !es.exploitation.contains(&F::IllegalAdoption),
        "{:?}",
        es.exploitation
    );
}

#[test]
fn the_first_of_two_forms_given_at_once_counts_too() {
    let es = run(
        "Rescatan a 12 jóvenes en Lima\n\nLa policía rescató el jueves a 12 jóvenes que \
         eran explotadas sexual y laboralmente en un bar.",
    );
    assert_eq!(es.exploitation, [F::ForcedLabour, F::SexualExploitation]);
    let en = run(
        "Networks broken up in La Paz\n\nPolice broke up two networks that recruited young \
         people for labour and sexual exploitation in 2023.",
    );
    assert_eq!(en.exploitation, [F::ForcedLabour, F::SexualExploitation]);
}

#[test]
fn a_form_asked_about_or_feared_did_not_happen() {
    let es = run(
        "Rescatan a un adolescente en Sucre\n\nLa policía rescató el lunes a un adolescente; \
         los fiscales investigan si fue captado para explotación laboral.",
    );
    assert!(es.exploitation.is_empty(), "{:?}", es.exploitation);
    let en = run(
        "Ten migrants found in a truck\n\nPolice found ten migrants in a truck on Sunday. \
         Investigators are examining whether the case amounts to trafficking for forced \
         labour.",
    );
    assert!(en.exploitation.is_empty(), "{:?}", en.exploitation);
    let risk = run(
        "Women detained at the port\n\nOfficers detained eight women on Friday. The office \
         warned that the women ran a high risk of sexual exploitation.",
    );
    assert!(risk.exploitation.is_empty(), "{:?}", risk.exploitation);
    // A rescue turns the sentence back to what happened.
    let rescued = run(
        "Twelve women rescued in Lima\n\nPolice are investigating whether more victims exist \
         after 12 women were rescued from sexual exploitation in a bar.",
    );
    assert_eq!(rescued.exploitation, [F::SexualExploitation]);
    // So does a contrast.
    let but = run(
        "Rescatan a cinco mujeres en Quito\n\nLa policía investiga si hubo más víctimas, \
         pero las cinco rescatadas eran explotadas sexualmente en un bar.",
    );
    assert_eq!(but.exploitation, [F::SexualExploitation]);
}

#[test]
fn work_without_pay_or_made_to_work_is_forced_labour() {
    let es = run(
        "Rescatan a cinco obreros en Valdivia\n\nCinco hombres trabajaron 19 meses sin \
         recibir sueldo en una mina, según la denuncia presentada el lunes.",
    );
    assert_eq!(es.exploitation, [F::ForcedLabour]);
    let en = run(
        "Farmer arrested in Nickerie\n\nPolice arrested a farmer on Friday. Five men said \
         they were held on his land and made to farm without pay.",
    );
    assert_eq!(en.exploitation, [F::ForcedLabour]);
    // Pay owed in a story that is not about exploitation is a labour dispute.
    let strike = run(
        "Paro en hospitales de Lima\n\nLos médicos del hospital trabajaron tres meses sin \
         recibir sueldo y anunciaron una huelga el lunes.",
    );
    assert!(strike.exploitation.is_empty(), "{:?}", strike.exploitation);
    let made = run(
        "Siete detenidos en La Plata\n\nLos trabajadores contaron que los encargados los \
         hacían trabajar doce horas por día en la quinta.",
    );
    assert_eq!(made.exploitation, [F::ForcedLabour]);
}

#[test]
fn slavery_named_beside_another_form_is_that_forms() {
    let es = run(
        "Desarticulan red en Temuco\n\nLa policía detuvo el martes a cuatro personas que \
         explotaban sexualmente a mujeres colombianas. El fiscal habló de una forma de \
         esclavitud moderna.",
    );
    assert_eq!(es.exploitation, [F::SexualExploitation]);
    let pt = run(
        "Presa em Curitiba\n\nA polícia prendeu na terça uma mulher que enviava brasileiras \
         para exploração sexual na Europa. Ela responde por redução à condição análoga à de \
         escravo.",
    );
    assert_eq!(pt.exploitation, [F::SexualExploitation]);
    // Slavery of work stays forced labour beside another form.
    let work = run(
        "Preso em Boa Vista\n\nA polícia prendeu na terça um empresário suspeito de submeter \
         imigrantes a trabalho análogo ao de escravo e de enviar mulheres para exploração \
         sexual.",
    );
    assert_eq!(work.exploitation, [F::ForcedLabour, F::SexualExploitation]);
    let workers = run(
        "Operação em Goiânia\n\nA polícia prendeu 13 suspeitos de manter em condições \
         análogas à escravidão trabalhadores de fazendas e de exploração sexual de mulheres.",
    );
    assert_eq!(
        workers.exploitation,
        [F::ForcedLabour, F::SexualExploitation]
    );
    // Alone, slavery is forced labour.
    let alone = run(
        "Rescatan a 30 personas en Salta\n\nLa policía rescató el lunes a 30 personas que \
         vivían en condiciones de esclavitud en una finca.",
    );
    assert_eq!(alone.exploitation, [F::ForcedLabour]);
}
