//! Spanish reports of trafficking: rescues, arrests, operations, groups, routes, and how the
//! victims were recruited and held.

use super::*;

pub fn trafficking(ev: &SynthEvent, st: &Style, rng: &mut Rng) -> Draft {
    let Some(form) = ev.form() else {
        return smuggling(ev, st, rng);
    };
    let e = Es::new(ev, st);
    let v = st.variant;
    let n = e.n;
    let pp = form_pp(form, e.g(), n, v);
    let noun_n = e.noun.form(n);
    // Headlines write counts in digits, except "una"/"uma".
    let count_t = number(n, L, e.g(), n == 1);
    let city = e.city();
    let country_name = e.c.es;
    let when = e.when();
    let fnoun = form_noun(form, v);

    let victims_of = if e.noun.sg == "víctima" {
        format!("de {fnoun}")
    } else if n == 1 {
        format!("víctima de {fnoun}")
    } else {
        format!("víctimas de {fnoun}")
    };
    let mut titles = vec![
        format!("Rescatan a {count_t} {noun_n} {victims_of} en {city}"),
        format!("{country_name}: liberan a {count_t} {noun_n} {pp} en {city}"),
        format!("Golpe a la trata en {country_name}: liberan a {count_t} {noun_n} en {city}"),
    ];
    if ev.arrests > 0 {
        let arrested = if ev.arrests == 1 {
            "un detenido".to_string()
        } else {
            format!("{} detenidos", ev.arrests)
        };
        titles.push(format!(
            "Desarticulan red de trata en {city}: {arrested} y {count_t} {noun_n} {}",
            e.a("rescatad")
        ));
    }
    if let Some(op) = &ev.operation {
        titles.push(format!(
            "Operación {op}: rescatan a {count_t} {noun_n} en {country_name}"
        ));
    }
    let title = cap(&nth(&titles, v));

    let mut leads = vec![
        format!(
            "{}, {} rescató a {} que {} {pp} en {}, en {country_name}.",
            cap(&when),
            e.police(),
            e.people(),
            e.eran(),
            e.place()
        ),
        format!(
            "{} informó {when} que {} {} {} en {city}, {country_name}, donde {} {pp} en {}.",
            cap(e.police()),
            e.people(),
            e.fue(),
            e.a("rescatad"),
            e.eran(),
            setting(ev.setting)
        ),
        format!(
            "{} {} {} {when} en {city} ({country_name}), en un operativo {} en {}.",
            e.people_of_form_cap(form),
            e.fue(),
            e.a("rescatad"),
            de(e.police()),
            setting(ev.setting)
        ),
        format!(
            "En un operativo realizado {when} en {city} ({country_name}), agentes {} liberaron a {}, que {} {pp}.",
            de(e.police()),
            e.people(),
            e.eran()
        ),
    ];
    if n >= 5 {
        leads.push(format!(
            "Un total de {} {} {} {when} durante un allanamiento en {}, {country_name}, donde {} {pp}, informó {}.",
            e.people(),
            e.fue(),
            e.a("liberad"),
            e.place(),
            e.eran(),
            e.police()
        ));
    } else {
        leads.push(format!(
            "{} {} {} {when} durante un allanamiento en {}, {country_name}, donde {} {pp}, informó {}.",
            e.people_cap(),
            e.fue(),
            e.a("liberad"),
            e.place(),
            e.eran(),
            e.police()
        ));
    }
    let mut d = Draft::new(title, nth(&leads, v));

    // The arrests are a headline fact: always reported, never trimmed.
    d.push(Slot::Core, arrests(&e));
    if ev.minors > 0 && ev.minors < ev.victims {
        let m = ev.minors;
        let pron = if e.g() == Gender::F { "ellas" } else { "ellos" };
        let s = match (m, v % 2) {
            (1, 0) => format!("Entre {pron} hay una menor de edad."),
            (1, _) => "Entre las víctimas hay una menor de edad.".to_string(),
            (_, 0) => format!("Entre {pron}, {} son menores de edad.", e.num(m, e.g())),
            _ => format!("Entre {pron} hay {} menores de edad.", e.num(m, Gender::M)),
        };
        d.push(Slot::Core, s);
    }
    if let Some(op) = &ev.operation {
        let s = [
            format!(
                "El operativo, denominado {op}, fue coordinado por {}.",
                e.c.prosecutors(L)
            ),
            format!("Las diligencias se realizaron en el marco de la Operación {op}."),
            format!(
                "La acción forma parte de la Operación {op}, que {} desarrolla desde hace meses.",
                e.police()
            ),
            format!(
                "Se trata de la Operación {op}, preparada durante varios meses de seguimiento."
            ),
        ];
        d.push(Slot::Core, s[v % 4].clone());
    }
    if let Some(group) = &ev.group {
        let s = [
            format!("Según los investigadores, los detenidos pertenecen a la banda {group}, que operaba desde hacía al menos dos años."),
            format!("La red, conocida como {group}, tendría ramificaciones en otras regiones del país."),
            format!("Las autoridades atribuyen los hechos a la organización criminal {group}."),
            format!("Los investigadores vinculan el caso con la banda {group}, que ya estaba bajo seguimiento."),
        ];
        d.push(Slot::Core, s[(v + 1) % 4].clone());
    }
    if let Some(route) = &ev.route {
        let from = country(route.recruited);
        let from_city = from.cities[route.recruited_city.min(from.cities.len() - 1)].es;
        let s = if route.transit.is_empty() {
            [
                format!(
                    "De acuerdo con la investigación, {} {} {} en {from_city}, {}, y {} a {city} con la promesa de un empleo.",
                    e.the_victims(),
                    e.fue(),
                    e.av("captad"),
                    from.es,
                    e.av("llevad"),
                ),
                format!(
                    "{} {} {} de {from_city} ({}) y {} {} a {city} engañadas con ofertas de trabajo.",
                    cap(e.the_victims()),
                    e.eran(),
                    e.av("originari"),
                    from.es,
                    e.fue(),
                    e.av("trasladad"),
                ),
            ]
        } else {
            let transit: Vec<&str> = route.transit.iter().map(|t| country(t).es).collect();
            [
                format!(
                    "Según la investigación, {} {} {} en {from_city}, {}, y {} por tierra a través de {} con destino a {city}.",
                    e.the_victims(),
                    e.fue(),
                    e.av("captad"),
                    from.es,
                    e.av("trasladad"),
                    join(&transit, "y"),
                ),
                format!(
                    "La ruta comenzaba en {from_city}, {}, donde {} {} {}, y seguía a través de {} hasta llegar a {city}.",
                    from.es,
                    e.the_victims(),
                    e.fue(),
                    e.av("captad"),
                    join(&transit, "y"),
                ),
            ]
        };
        d.push(Slot::Middle, s[v % 2].clone());
    }
    if rng.chance(0.8) {
        d.push(Slot::Middle, lure(&e, form));
    }
    if rng.chance(0.8) {
        d.push(Slot::Middle, hold(&e));
    }
    let quotes = [
        "Estas redes se aprovechan de la necesidad de las personas y de su deseo de salir adelante",
        "Vamos a llegar hasta las últimas consecuencias contra quienes lucran con la vida de otros seres humanos",
        "Pedimos a la ciudadanía que denuncie cualquier oferta de empleo que parezca demasiado buena para ser verdad",
        "Detrás de cada víctima hay una historia de engaño y abuso que exige una respuesta firme del Estado",
    ];
    d.push(Slot::End, e.quote(quotes[v % quotes.len()]));
    let one = n == 1;
    let care = [
        format!(
            "{} {} atención médica y psicológica y {} {} a un albergue especializado.",
            cap(e.the_victims()),
            if one { "recibió" } else { "recibieron" },
            e.fue(),
            e.av("trasladad")
        ),
        format!(
            "{} {} bajo protección de las autoridades, que {} brindan asistencia integral.",
            cap(e.the_victims()),
            if one { "quedó" } else { "quedaron" },
            if one { "le" } else { "les" },
        ),
        format!(
            "Tras el rescate, {} {} {} a un refugio temporal, donde {} acompañamiento psicológico.",
            e.the_victims(),
            e.fue(),
            e.av("llevad"),
            if one { "recibe" } else { "reciben" },
        ),
        format!(
            "Un equipo de psicólogos y asistentes sociales atiende a {} en un centro de acogida.",
            e.the_victims()
        ),
    ];
    d.push(Slot::End, care[v % 4].clone());
    if ev.arrests > 0 {
        let single = ev.arrests == 1;
        let judge = [
            if single {
                "El detenido fue puesto a disposición de un juez, que deberá resolver su situación jurídica."
            } else {
                "Los detenidos fueron puestos a disposición de un juez, que deberá resolver su situación jurídica."
            },
            if single {
                "El detenido será presentado en las próximas horas ante un juez de garantías."
            } else {
                "Los detenidos serán presentados en las próximas horas ante un juez de garantías."
            },
            if single {
                "La fiscalía pedirá prisión preventiva para el detenido mientras avanza la investigación."
            } else {
                "La fiscalía pedirá prisión preventiva para los detenidos mientras avanza la investigación."
            },
            if single {
                "El capturado enfrenta cargos por trata de personas y podría recibir una larga condena."
            } else {
                "Los capturados enfrentan cargos por trata de personas y podrían recibir largas condenas."
            },
        ];
        d.push(Slot::End, judge[(v + 1) % 4].to_string());
    }
    let prosecutors = [
        format!(
            "{} abrió una investigación por el delito de trata de personas.",
            cap(e.c.prosecutors(L))
        ),
        format!(
            "El caso quedó en manos {}, que investiga el delito de trata de personas.",
            de(e.c.prosecutors(L))
        ),
        format!(
            "{} continuará con las indagaciones para identificar a otros posibles implicados en la trata de personas.",
            cap(e.c.prosecutors(L))
        ),
    ];
    d.push(Slot::End, prosecutors[v % 3].clone());
    for s in [
        format!("{country_name} es, según organismos internacionales, país de origen, tránsito y destino de víctimas de trata de personas."),
        "Las autoridades recuerdan que cualquier persona puede denunciar estos casos de forma anónima a través de las líneas gratuitas de atención.".to_string(),
        "Organizaciones de la sociedad civil advierten que muchos casos quedan sin denunciar por miedo a represalias.".to_string(),
        "Expertos señalan que la pobreza y la falta de oportunidades facilitan la captación de víctimas en zonas rurales y fronterizas.".to_string(),
    ] {
        d.push(Slot::Spare, s);
    }
    d
}

/// The arrests, in one of four wordings. People detained are counted next to the verb; a
/// single arrest may instead be told as "fue detenido el presunto responsable".
fn arrests(e: &Es) -> String {
    let a = e.ev.arrests;
    let v = e.v();
    if a == 0 {
        return [
            "Por ahora no hay detenidos.",
            "No se reportaron detenciones.",
            "Hasta el momento no hubo detenciones.",
            "Por el momento no hay personas detenidas.",
        ][v % 4]
            .to_string();
    }
    let people = [
        Noun::f("persona", "personas"),
        Noun::m("hombre", "hombres"),
        Noun::m("sospechoso", "sospechosos"),
    ];
    let p = people[(v + a as usize) % people.len()];
    let g = p.g;
    let count = e.num(a, g);
    let who = p.form(a);
    let one = a == 1;
    match v % 4 {
        0 if one => "El presunto responsable fue detenido en el lugar.".to_string(),
        0 => format!(
            "En el operativo fueron {} {count} {who}, que serán {} por el delito de trata de personas.",
            agree("detenid", g, a),
            agree("procesad", g, a)
        ),
        1 => format!(
            "Los agentes capturaron a {count} {who} {} como {}.",
            agree("señalad", g, a),
            if one { "responsable" } else { "responsables" }
        ),
        2 => format!(
            "{} {who} {} {} y {} {} ante un juez.",
            cap(&number(a, L, g, true)),
            if one { "quedó" } else { "quedaron" },
            agree("detenid", g, a),
            if one { "será" } else { "serán" },
            agree("presentad", g, a)
        ),
        _ => format!(
            "Durante la intervención, la policía detuvo a {count} {who} que {} a cargo {}.",
            if one { "estaba" } else { "estaban" },
            if e.ev.setting == Setting::Streets {
                "de la red"
            } else {
                "del lugar"
            }
        ),
    }
}

fn lure(e: &Es, form: Form) -> String {
    let n = e.n;
    let v = e.v();
    let them = if n == 1 {
        "a la víctima"
    } else {
        "a sus víctimas"
    };
    let les = if n == 1 { "le" } else { "les" };
    let job = job(e.ev.setting, form, e.n);
    match (e.ev.lure, v % 2) {
        (Lure::SocialMedia, 0) => format!(
            "Los tratantes captaban {them} a través de redes sociales con falsas ofertas de empleo."
        ),
        (Lure::SocialMedia, _) => format!(
            "El primer contacto se producía por redes sociales, donde la red publicaba ofertas de trabajo {job}."
        ),
        (Lure::JobOffer, 0) => format!(
            "{} {les} habían prometido un empleo bien remunerado {job}.",
            if n == 1 { "A la víctima" } else { "A las víctimas" }
        ),
        (Lure::JobOffer, _) => format!(
            "La organización atraía {them} con anuncios de trabajo {job} que resultaban falsos."
        ),
        (Lure::Acquaintance, 0) => format!(
            "La investigación indica que {} {} {} por personas de su entorno, que {les} ofrecían trabajo {job}.",
            e.the_victims(),
            e.fue(),
            e.av("captad")
        ),
        (Lure::Acquaintance, _) => format!(
            "Según la fiscalía, quienes reclutaban {them} eran personas de su confianza que {les} prometían trabajo {job}."
        ),
        (Lure::Family, _) => {
            if n == 1 {
                "Según la fiscalía, fue un familiar quien entregó a la víctima a la red.".to_string()
            } else {
                "En algunos casos, fueron los propios familiares de las víctimas quienes las entregaron a la red.".to_string()
            }
        }
    }
}

fn hold(e: &Es) -> String {
    let n = e.n;
    let victims = cap(e.the_victims());
    // Outlets whose variants share a parity share the wording of the lure; this pattern pairs
    // them differently, so that no two outlets share both.
    let v = e.v();
    match (e.ev.hold, (v + v / 2) % 2) {
        (Hold::Documents, 0) => format!(
            "Los responsables {} retenían los documentos de identidad para impedir que {}.",
            if n == 1 { "le" } else { "les" },
            if n == 1 { "escapara" } else { "escaparan" }
        ),
        (Hold::Documents, _) => format!(
            "{victims} no {} sus documentos, que los captores guardaban bajo llave.",
            if n == 1 { "tenía" } else { "tenían" }
        ),
        (Hold::Debt, 0) => format!(
            "Además, {} exigían pagar una supuesta deuda por el viaje, la comida y el alojamiento.",
            if n == 1 { "le" } else { "les" }
        ),
        (Hold::Debt, _) => format!(
            "{victims} {} que pagar una deuda que crecía cada semana.",
            if n == 1 { "tenía" } else { "tenían" }
        ),
        (Hold::Threats, 0) => format!(
            "{victims} {} {} con represalias contra sus familias si intentaban escapar.",
            e.eran(),
            e.av("amenazad")
        ),
        (Hold::Threats, _) => format!(
            "Los captores amenazaban {} con hacer daño a sus familiares si denunciaban.",
            if n == 1 {
                "a la víctima"
            } else {
                "a las víctimas"
            }
        ),
        (Hold::Locked, 0) => format!(
            "{victims} {} {} y solo podían salir bajo vigilancia.",
            if n == 1 {
                "permanecía"
            } else {
                "permanecían"
            },
            e.av("encerrad")
        ),
        (Hold::Locked, _) if indoors(e.ev.setting) => {
            "El lugar tenía las ventanas selladas y la puerta se cerraba con candado desde afuera."
                .to_string()
        }
        (Hold::Locked, _) => format!(
            "{victims} {} bajo vigilancia permanente de los captores.",
            if n == 1 { "vivía" } else { "vivían" }
        ),
    }
}
