//! Spanish reports of migrant smuggling: migrants found, smugglers arrested, fees paid.

use super::*;

pub fn smuggling(ev: &SynthEvent, st: &Style, rng: &mut Rng) -> Draft {
    let e = Es::new(ev, st);
    let v = st.variant;
    let m = ev.migrants;
    let city = e.city();
    let country_name = e.c.es;
    let place = setting(ev.setting);
    let nat1 = country(ev.nationality).demonym(L, Gender::M, true);
    let nats = match ev.nationality2 {
        Some(other) => format!("{nat1} y {}", country(other).demonym(L, Gender::M, true)),
        None => nat1.clone(),
    };
    let when = e.when();
    // A house is found, a vehicle intercepted; people travel in vehicles and stay in houses.
    let moving = ev.setting != Setting::SafeHouse;
    let (found_verb, crammed) = if moving {
        ("Interceptan", "que viajaban hacinados")
    } else {
        ("Localizan", "que permanecían hacinados")
    };
    let short = match ev.setting {
        Setting::Truck => "un tráiler",
        other => setting(other),
    };
    let mut titles = vec![
        format!("Hallan a {m} migrantes hacinados en {place} en {city}"),
        format!("{country_name}: rescatan a {m} migrantes {nat1} en {place}"),
        format!("{found_verb} {short} con {m} migrantes en {country_name}"),
    ];
    if ev.arrests > 1 {
        titles.push(format!(
            "Detienen a {} presuntos traficantes con {m} migrantes en {city}",
            ev.arrests
        ));
    }
    let count = e.num(m, Gender::M);
    let leads = [
        format!(
            "{}, agentes {} localizaron a {count} migrantes {nats} {crammed} en {place} en {city}, {country_name}.",
            cap(&when),
            de(e.police()),
        ),
        format!(
            "Un total de {count} migrantes, en su mayoría {nat1}, fueron hallados {when} en {place} en las afueras de {city}, en {country_name}, informó {}.",
            e.police()
        ),
        format!(
            "{} informó {when} que {count} migrantes de nacionalidad {} fueron rescatados de {place} en {city} ({country_name}).",
            cap(e.police()),
            country(ev.nationality).demonym(L, Gender::F, false)
        ),
    ];
    let mut d = Draft::new(nth(&titles, v), nth(&leads, v));
    let a = ev.arrests;
    let arrest = match (a, ev.setting) {
        (0, _) => [
            "No se reportaron detenciones.",
            "Por ahora no hay detenidos.",
        ][v % 2]
            .to_string(),
        (1, Setting::Boat) => "El capitán de la embarcación fue detenido en el lugar.".to_string(),
        (1, Setting::SafeHouse) => {
            "El encargado de la vivienda fue detenido en el lugar.".to_string()
        }
        (1, _) => "El conductor del vehículo fue detenido en el lugar.".to_string(),
        _ => [
            format!(
                "{} presuntos traficantes fueron detenidos durante la intervención.",
                cap(&number(a, L, Gender::M, true))
            ),
            format!(
                "Los agentes detuvieron a {} presuntos traficantes de personas.",
                e.num(a, Gender::M)
            ),
        ][v % 2]
            .clone(),
    };
    d.push(Slot::Core, arrest);
    let fee = 3 + rng.below(9);
    let s = [
        format!("Las autoridades investigan a una red de tráfico de migrantes que cobraba hasta {fee}.000 dólares por persona para llevarlos hacia la frontera norte."),
        format!("Los migrantes habían pagado a coyotes unos {fee}.000 dólares cada uno para cruzar el país."),
        "El caso fue remitido a la fiscalía especializada en tráfico ilícito de migrantes.".to_string(),
        format!("Según la investigación, los polleros cobraban alrededor de {fee}.000 dólares por llevar a cada persona hasta la frontera."),
    ];
    d.push(Slot::Core, s[v % 4].clone());
    if let Some(other) = ev.nationality2 {
        let first = (m / 2 + rng.below((m / 3).max(1) as usize) as u32).clamp(1, m.max(2) - 1);
        let second = m.saturating_sub(first);
        if second > 0 {
            d.push(
                Slot::Middle,
                format!(
                    "Entre ellos hay {first} {nat1} y {second} {}.",
                    country(other).demonym(L, Gender::M, true)
                ),
            );
        }
    }
    if ev.minors > 0 {
        let minors = e.num(ev.minors, Gender::M);
        let s = [
            format!("Entre los migrantes hay {minors} menores de edad, algunos de ellos sin compañía de un adulto."),
            format!("Entre ellos viajaban {minors} menores de edad."),
        ];
        d.push(Slot::Core, s[v % 2].clone());
    }
    if let Some(op) = &ev.operation {
        let s = [
            format!("El hallazgo se produjo durante la Operación {op}, desplegada en las principales carreteras del país."),
            format!("La intervención forma parte de la Operación {op}, que refuerza los controles en la región."),
        ];
        d.push(Slot::Core, s[v % 2].clone());
    }
    let state = [
        "Según los primeros reportes, los migrantes llevaban varios días de viaje con poca agua y comida.",
        "Varios de ellos presentaban signos de deshidratación y fueron atendidos en el lugar.",
    ];
    d.push(Slot::Middle, state[v % 2].to_string());
    let care = [
        "Los migrantes recibieron atención médica y quedaron a cargo de las autoridades migratorias.",
        "Las autoridades migratorias se harán cargo de definir su situación en el país.",
    ];
    d.push(Slot::End, care[(v + 1) % 2].to_string());
    let quotes = [
        "Estas organizaciones ponen en riesgo la vida de familias enteras a cambio de dinero",
        "Viajar con traficantes es exponerse a abusos, abandono y accidentes en la carretera",
    ];
    d.push(Slot::End, e.quote(quotes[v % 2]));
    for s in [
        format!("La ruta que atraviesa {country_name} es una de las más transitadas por quienes intentan llegar al norte del continente."),
        "Organismos humanitarios advierten que los migrantes quedan expuestos a extorsiones y accidentes en el camino.".to_string(),
        "Las autoridades reforzaron los controles en puntos fronterizos y terminales de autobuses.".to_string(),
    ] {
        d.push(Slot::Spare, s);
    }
    d
}
