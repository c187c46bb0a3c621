//! Portuguese reports of migrant smuggling: migrants found, smugglers arrested, fees paid.

use super::*;

pub fn smuggling(ev: &SynthEvent, st: &Style, rng: &mut Rng) -> Draft {
    let e = Pt::new(ev, st);
    let v = st.variant;
    let m = ev.migrants;
    let city = e.city();
    let place = setting(ev.setting);
    let nat1 = country(ev.nationality).demonym(L, Gender::M, true);
    let nats = match ev.nationality2 {
        Some(other) => format!("{nat1} e {}", country(other).demonym(L, Gender::M, true)),
        None => nat1.clone(),
    };
    let when = e.when();
    let crammed = if ev.setting == Setting::SafeHouse {
        "que estavam amontoados"
    } else {
        "que viajavam amontoados"
    };
    let count = e.num(m, Gender::M);
    let mut titles = vec![
        format!(
            "Polícia encontra {m} migrantes amontoados {} {}",
            em(place),
            em(city)
        ),
        format!(
            "{}: {m} migrantes {nat1} são resgatados {}",
            e.c.pt,
            em(place)
        ),
        if ev.setting == Setting::SafeHouse {
            format!(
                "Polícia localiza {m} migrantes escondidos em casa {}",
                e.c.pt_in
            )
        } else {
            format!("Polícia intercepta veículo com {m} migrantes {}", e.c.pt_in)
        },
    ];
    if ev.arrests > 1 {
        titles.push(format!(
            "{} suspeitos de tráfico de migrantes são presos {}",
            ev.arrests,
            em(city)
        ));
    }
    let leads = [
        format!(
            "{}, agentes {} localizaram {count} migrantes {nats} {crammed} {} {}, {}.",
            cap(&when),
            de(e.police()),
            em(place),
            em(city),
            e.c.pt_in
        ),
        format!(
            "Ao todo, {count} migrantes, em sua maioria {nat1}, foram encontrados {when} {} nos arredores {}, {}, informou {}.",
            em(place),
            de(city),
            e.c.pt_in,
            e.police()
        ),
        format!(
            "{} informou {when} que {count} migrantes de nacionalidade {} foram resgatados {} {} ({}).",
            cap(e.police()),
            country(ev.nationality).demonym(L, Gender::F, false),
            de(place),
            em(city),
            e.c.pt
        ),
    ];
    let mut d = Draft::new(nth(&titles, v), nth(&leads, v));
    let arrest = match (ev.arrests, ev.setting) {
        (0, _) => ["Ninguém foi preso.", "Não houve prisões."][v % 2].to_string(),
        (1, Setting::Boat) => "O comandante da embarcação foi preso em flagrante.".to_string(),
        (1, Setting::SafeHouse) => "O responsável pelo imóvel foi preso em flagrante.".to_string(),
        (1, _) => "O motorista do veículo foi preso em flagrante.".to_string(),
        (a, _) => [
            format!(
                "{} suspeitos de integrar o esquema foram presos durante a ação.",
                cap(&number(a, L, Gender::M, true))
            ),
            format!(
                "Os agentes prenderam {} suspeitos de integrar o esquema.",
                e.num(a, Gender::M)
            ),
        ][v % 2]
            .clone(),
    };
    d.push(Slot::Core, arrest);
    let fee = 3 + rng.below(9);
    let s = [
        format!("A polícia investiga uma rede de tráfico de migrantes que cobrava até {fee} mil dólares por pessoa para levá-los à fronteira norte."),
        format!("Os migrantes haviam pagado a coiotes cerca de {fee} mil dólares cada um para atravessar o país."),
        "O caso foi encaminhado à procuradoria especializada em tráfico de migrantes.".to_string(),
        format!("Segundo a investigação, os coiotes cobravam em torno de {fee} mil dólares para levar cada pessoa até a fronteira."),
    ];
    d.push(Slot::Core, s[v % 4].clone());
    if let Some(other) = ev.nationality2 {
        let first = (m / 2 + rng.below((m / 3).max(1) as usize) as u32).clamp(1, m.max(2) - 1);
        let second = m.saturating_sub(first);
        if second > 0 {
            d.push(
                Slot::Middle,
                format!(
                    "Entre eles há {first} {nat1} e {second} {}.",
                    country(other).demonym(L, Gender::M, true)
                ),
            );
        }
    }
    if ev.minors > 0 {
        let minors = e.num(ev.minors, Gender::M);
        let s = [
            format!(
                "Entre os migrantes há {minors} menores de idade, alguns deles desacompanhados."
            ),
            format!("Entre eles viajavam {minors} menores de idade."),
        ];
        d.push(Slot::Core, s[v % 2].clone());
    }
    if let Some(op) = &ev.operation {
        let s = [
            format!("A abordagem ocorreu durante a Operação {op}, realizada nas principais rodovias do país."),
            format!("A ação faz parte da Operação {op}, que reforça a fiscalização na região."),
        ];
        d.push(Slot::Core, s[v % 2].clone());
    }
    let state = [
        "Segundo os primeiros relatos, os migrantes estavam havia vários dias na estrada, com pouca água e comida.",
        "Vários deles apresentavam sinais de desidratação e foram atendidos no local.",
    ];
    d.push(Slot::Middle, state[v % 2].to_string());
    let care = [
        "Os migrantes receberam atendimento médico e ficaram sob responsabilidade das autoridades migratórias.",
        "As autoridades migratórias vão definir a situação de cada um no país.",
    ];
    d.push(Slot::End, care[(v + 1) % 2].to_string());
    let quotes = [
        "Essas organizações colocam em risco a vida de famílias inteiras em troca de dinheiro",
        "Viajar com coiotes é se expor a abusos, abandono e acidentes na estrada",
    ];
    d.push(Slot::End, e.quote(quotes[v % 2]));
    for s in [
        format!("A rota que atravessa {} é uma das mais usadas por quem tenta chegar ao norte do continente.", country_np(e.c)),
        "Organizações humanitárias alertam que os migrantes ficam expostos a extorsões e acidentes no caminho.".to_string(),
        "As autoridades reforçaram a fiscalização em postos de fronteira e rodoviárias.".to_string(),
    ] {
        d.push(Slot::Spare, s);
    }
    d
}
