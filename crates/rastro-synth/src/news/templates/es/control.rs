//! Spanish control articles: trade fairs, football, a migration bill, tourism. No crime and
//! none of the extractor's words for one.

use super::*;

/// Fair sectors and what buyers look for at each.
const SECTORS: &[(&str, &str)] = &[
    (
        "alimentos",
        "el cacao, las frutas tropicales y los alimentos orgánicos",
    ),
    (
        "tecnología agrícola",
        "los sistemas de riego, los drones y la maquinaria para pequeños productores",
    ),
    (
        "artesanía",
        "la cerámica, los tejidos y la joyería en plata",
    ),
    (
        "café especial",
        "los cafés de altura y los granos de origen único",
    ),
    (
        "energías renovables",
        "los paneles solares, las baterías y los pequeños aerogeneradores",
    ),
];
const TEAMS: &[&str] = &[
    "Atlético Cordillera",
    "Deportivo Sur",
    "Unión Costera",
    "Real Andino",
    "Sporting del Valle",
    "Racing Fronterizo",
    "Independiente Pacífico",
    "Huracán del Llano",
];

pub fn control(ev: &SynthEvent, topic: Topic, st: &Style, rng: &mut Rng) -> Draft {
    let e = Es::new(ev, st);
    let city = e.city();
    let c = e.c.es;
    let other = country(ev.nationality).es;
    let when = e.when();
    let v = st.variant;
    let (name, woman) = (&ev.spokesperson.name, &ev.spokesperson.woman);
    let mut d = match topic {
        Topic::TradeFair => {
            let (sector, products) = SECTORS[rng.below(SECTORS.len())];
            let titles = [
                format!("{} inaugura una feria internacional de {sector}", cap(city)),
                format!("Feria de {sector} reúne a empresas de {c} y {other}"),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "La feria internacional de {sector} abrió sus puertas {when} en {city}, {c}, con más de {} empresas expositoras de {c}, {other} y otros países de la región.",
                    60 + rng.below(200)
                ),
            );
            d.push(Slot::Middle, format!("Los organizadores esperan cerrar acuerdos comerciales por unos {} millones de dólares durante los tres días del encuentro.", 5 + rng.below(40)));
            d.push(
                Slot::Middle,
                format!(
                    "Delegaciones de {other} participan por primera vez con un pabellón propio."
                ),
            );
            d.push(
                Slot::Middle,
                format!("Entre los productos más buscados destacan {products}."),
            );
            d.push(
                Slot::Middle,
                format!(
                    "La entrada es gratuita y se esperan más de {}.000 visitantes.",
                    8 + rng.below(30)
                ),
            );
            d.push(Slot::End, format!("«Es una vitrina para que los pequeños productores lleguen a nuevos mercados», dijo {} {name}, de la cámara de comercio local.", if *woman { "la empresaria" } else { "el empresario" }));
            d
        }
        Topic::Football => {
            let (a, b) = two_teams(rng, TEAMS);
            // A win: the first team scores more.
            let ga = 1 + rng.below(3);
            let gb = rng.below(ga);
            let titles = [
                format!("{a} vence {ga}-{gb} a {b} y se acerca a la cima"),
                format!("{a} se impone ante {b} en {city}"),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "{a} derrotó {ga}-{gb} a {b} {when} en el estadio municipal de {city}, {c}, ante unos {}.000 aficionados.",
                    8 + rng.below(30)
                ),
            );
            d.push(Slot::Middle, format!("El gol decisivo llegó en el minuto {}, tras un contragolpe por la banda derecha.", 50 + rng.below(40)));
            d.push(Slot::Middle, "El equipo local dominó la posesión durante buena parte del encuentro y generó las ocasiones más claras.".to_string());
            d.push(Slot::Middle, format!("Con este resultado, el conjunto suma {} puntos y queda a tres unidades del líder.", 20 + rng.below(20)));
            d.push(
                Slot::Middle,
                "La próxima fecha visitará a un rival directo en la lucha por la clasificación."
                    .to_string(),
            );
            d.push(Slot::End, format!("«El grupo mostró carácter y mucha disciplina táctica», dijo {} {name} en la conferencia de prensa.", if *woman { "la entrenadora" } else { "el entrenador" }));
            d
        }
        Topic::MigrationDebate => {
            let titles = [
                format!("El Congreso de {c} debate una reforma migratoria"),
                format!("{c} discute nuevas reglas de residencia para ciudadanos de {other}"),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "La comisión de asuntos exteriores del Congreso de {c} comenzó {when} el debate de una reforma que busca simplificar los trámites de residencia para quienes llegan de {other} y otros países vecinos."
                ),
            );
            d.push(Slot::Middle, "El texto contempla permisos de trabajo temporales y facilidades para la reunificación familiar.".to_string());
            d.push(Slot::Middle, "Diputados de la oposición reclamaron más recursos para las oficinas de atención en las zonas fronterizas.".to_string());
            d.push(Slot::Middle, "Según cifras oficiales, cientos de miles de migrantes residen en el país, la mayoría con empleo informal.".to_string());
            d.push(
                Slot::Middle,
                "La votación en el pleno está prevista para las próximas semanas.".to_string(),
            );
            d.push(Slot::End, format!("«Una migración ordenada es una oportunidad para el desarrollo de nuestras ciudades», afirmó {} {name}.", if *woman { "la ministra" } else { "el ministro" }));
            d
        }
        Topic::Tourism => {
            let titles = [
                format!("{c} registra un récord de turistas extranjeros"),
                format!("Visitantes de {other} impulsan el turismo en {city}"),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "{c} recibió en el último trimestre un número récord de visitantes extranjeros, informó {when} el ministerio de turismo, que destacó el crecimiento de los viajeros procedentes de {other}."
                ),
            );
            d.push(
                Slot::Middle,
                format!(
                    "Los hoteles de {city} reportaron una ocupación promedio del {} %.",
                    60 + rng.below(35)
                ),
            );
            d.push(Slot::Middle, "Las autoridades atribuyen el aumento a nuevas rutas aéreas y a la promoción de destinos de naturaleza.".to_string());
            d.push(Slot::Middle, "El gasto promedio por visitante también creció, impulsado por la gastronomía y las excursiones.".to_string());
            d.push(
                Slot::Middle,
                "El sector da empleo directo e indirecto a miles de familias en todo el país."
                    .to_string(),
            );
            d.push(
                Slot::End,
                format!(
                    "«Queremos que cada visitante regrese y recomiende el país», dijo {} {name}.",
                    if *woman {
                        "la viceministra"
                    } else {
                        "el viceministro"
                    }
                ),
            );
            d
        }
    };
    for s in [
        "Los detalles completos se publicarán en los próximos días en los canales oficiales.",
        "La iniciativa fue bien recibida por gremios y autoridades locales.",
        "Analistas consultados coinciden en que el dato confirma una tendencia de los últimos meses.",
    ] {
        d.push(Slot::Spare, s.to_string());
    }
    d
}
