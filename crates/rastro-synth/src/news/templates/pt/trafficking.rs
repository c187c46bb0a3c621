//! Portuguese reports of trafficking: rescues, arrests, operations, groups, routes, and how
//! the victims were recruited and held.

use super::*;

pub fn trafficking(ev: &SynthEvent, st: &Style, rng: &mut Rng) -> Draft {
    let Some(form) = ev.form() else {
        return smuggling(ev, st, rng);
    };
    let e = Pt::new(ev, st);
    let v = st.variant;
    let n = e.n;
    let pp = form_pp(form, e.g(), n, v);
    let noun_n = e.noun.form(n);
    // Headlines write counts in digits, except "una"/"uma".
    let count_t = number(n, L, e.g(), n == 1);
    let city = e.city();
    let cnp = country_np(e.c);
    let when = e.when();
    let fnoun = form_noun(form, v);
    let sao = if n == 1 { "é" } else { "são" };

    let victims_of = if e.noun.sg == "vítima" {
        format!("de {fnoun}")
    } else if n == 1 {
        format!("vítima de {fnoun}")
    } else {
        format!("vítimas de {fnoun}")
    };
    let mut titles = vec![
        format!(
            "Polícia resgata {count_t} {noun_n} {victims_of} {}",
            em(city)
        ),
        format!(
            "{}: {count_t} {noun_n} {sao} {} {} {}",
            e.c.pt,
            e.p("libertad"),
            de(fnoun),
            em(city)
        ),
        format!("{count_t} {noun_n} {sao} {} {}", e.p("resgatad"), e.place()),
    ];
    if ev.arrests > 0 {
        let arrested = if ev.arrests == 1 {
            "um preso".to_string()
        } else {
            format!("{} presos", ev.arrests)
        };
        titles.push(format!(
            "Operação desarticula rede de tráfico de pessoas {}; {arrested}",
            em(city)
        ));
    }
    if let Some(op) = &ev.operation {
        titles.push(format!(
            "Operação {op} resgata {count_t} {noun_n} {}",
            em(&cnp)
        ));
    }
    let title = cap(&nth(&titles, v));

    let mut leads = vec![
        format!(
            "{}, {} resgatou {} que {} {pp} {}, {}.",
            cap(&when),
            e.police(),
            e.people(),
            e.eram(),
            e.place(),
            e.c.pt_in
        ),
        format!(
            "{} informou {when} que {} {} {} {}, {}, onde {} {pp} {}.",
            cap(e.police()),
            e.people(),
            e.foi(),
            e.p("resgatad"),
            em(city),
            e.c.pt_in,
            e.eram(),
            em(setting(ev.setting))
        ),
        format!(
            "{} {} {} {when} {} ({}), em uma operação {} {}.",
            e.people_of_form_cap(form),
            e.foi(),
            e.p("resgatad"),
            em(city),
            e.c.pt,
            de(e.police()),
            em(setting(ev.setting))
        ),
        format!(
            "Em uma operação realizada {when} {} ({}), agentes {} libertaram {}, que {} {pp}.",
            em(city),
            e.c.pt,
            de(e.police()),
            e.people(),
            e.eram()
        ),
    ];
    if n >= 5 {
        leads.push(format!(
            "Ao todo, {} {} {} {when} durante uma fiscalização {}, {}, onde {} {pp}, informou {}.",
            e.people(),
            e.foi(),
            e.p("libertad"),
            e.place(),
            e.c.pt_in,
            e.eram(),
            e.police()
        ));
    } else {
        leads.push(format!(
            "{} {} {} {when} durante uma fiscalização {}, {}, onde {} {pp}, informou {}.",
            e.people_cap(),
            e.foi(),
            e.p("libertad"),
            e.place(),
            e.c.pt_in,
            e.eram(),
            e.police()
        ));
    }
    let mut d = Draft::new(title, nth(&leads, v));

    d.push(Slot::Core, arrests(&e));
    if ev.minors > 0 && ev.minors < ev.victims {
        let m = ev.minors;
        let pron = if e.g() == Gender::F { "elas" } else { "eles" };
        let s = match (m, v % 2) {
            (1, 0) => format!("Entre {pron} há uma menor de idade."),
            (1, _) => "Entre as vítimas está uma menor de idade.".to_string(),
            (_, 0) => format!("Entre {pron}, {} são menores de idade.", e.num(m, e.g())),
            _ => format!("Entre {pron} há {} menores de idade.", e.num(m, Gender::M)),
        };
        d.push(Slot::Core, s);
    }
    if let Some(op) = &ev.operation {
        let s = [
            format!(
                "A ação, batizada de Operação {op}, foi coordenada {}.",
                por(e.c.prosecutors(L))
            ),
            format!("As diligências fazem parte da Operação {op}."),
            format!(
                "A operação, chamada de {op}, vinha sendo preparada havia meses {}.",
                por(e.police())
            ),
            format!("A Operação {op} foi deflagrada após meses de investigação."),
        ];
        d.push(Slot::Core, s[v % 4].clone());
    }
    if let Some(group) = &ev.group {
        let region = if ev.country == "BR" {
            "outros estados"
        } else {
            "outras regiões do país"
        };
        let s = [
            format!("Segundo os investigadores, os presos integram a quadrilha {group}, que atuava havia pelo menos dois anos."),
            format!("A rede, conhecida como {group}, teria ramificações em {region}."),
            format!("A polícia atribui os crimes à organização criminosa {group}."),
            format!("Os investigadores ligam o caso à quadrilha {group}, que já era monitorada."),
        ];
        d.push(Slot::Core, s[(v + 1) % 4].clone());
    }
    if let Some(route) = &ev.route {
        let from = country(route.recruited);
        let from_city = from.cities[route.recruited_city.min(from.cities.len() - 1)].pt;
        let s = if route.transit.is_empty() {
            [
                format!(
                    "{} {} {} {}, {}, e {} {} para {city} com a promessa de emprego.",
                    cap(e.the_victims()),
                    e.eram(),
                    e.pv("oriund"),
                    de(from_city),
                    from.pt_in,
                    e.foi(),
                    e.pv("levad"),
                ),
                format!(
                    "De acordo com a investigação, {} {} {} {} ({}) e {} {}.",
                    e.the_victims(),
                    e.foi(),
                    e.pv("aliciad"),
                    em(from_city),
                    from.pt,
                    e.pv("trazid"),
                    a(city),
                ),
            ]
        } else {
            let transit: Vec<String> = route
                .transit
                .iter()
                .map(|t| por(&country_np(country(t))))
                .collect();
            [
                format!(
                    "Segundo a investigação, {} {} {} {}, {}, e {} por terra passando {} com destino {}.",
                    e.the_victims(),
                    e.foi(),
                    e.pv("aliciad"),
                    em(from_city),
                    from.pt_in,
                    e.pv("levad"),
                    join(&transit),
                    a(city),
                ),
                format!(
                    "A rota começava {}, {}, e seguia passando {} até {city}.",
                    em(from_city),
                    from.pt_in,
                    join(&transit),
                ),
            ]
        };
        d.push(Slot::Middle, cap(&s[v % 2]));
    }
    if rng.chance(0.8) {
        d.push(Slot::Middle, lure(&e, form));
    }
    if rng.chance(0.8) {
        d.push(Slot::Middle, hold(&e));
    }
    let quotes = [
        "Essas redes se aproveitam da necessidade das pessoas e do desejo de uma vida melhor",
        "Vamos responsabilizar todos os que lucram com a vida de outras pessoas",
        "Pedimos que a população denuncie ofertas de emprego boas demais para ser verdade",
        "Por trás de cada vítima há uma história de engano e abuso",
    ];
    d.push(Slot::End, e.quote(quotes[v % quotes.len()]));
    let one = n == 1;
    let care = [
        format!(
            "{} {} atendimento médico e psicológico e {} {} para um abrigo especializado.",
            cap(e.the_victims()),
            if one { "recebeu" } else { "receberam" },
            e.foi(),
            e.pv("levad")
        ),
        format!(
            "{} {} sob proteção do poder público e {} assistência social.",
            cap(e.the_victims()),
            if one { "está" } else { "estão" },
            if one { "recebe" } else { "recebem" }
        ),
        format!(
            "Após o resgate, {} {} {} para um abrigo temporário, onde {} acompanhamento psicológico.",
            e.the_victims(),
            e.foi(),
            e.pv("encaminhad"),
            if one { "recebe" } else { "recebem" }
        ),
        format!(
            "Uma equipe de psicólogos e assistentes sociais acompanha {} em um centro de acolhimento.",
            e.the_victims()
        ),
    ];
    d.push(Slot::End, care[v % 4].clone());
    if ev.arrests > 0 {
        let single = ev.arrests == 1;
        let judge = [
            if single {
                "O preso foi encaminhado ao sistema prisional e está à disposição da Justiça."
            } else {
                "Os presos foram encaminhados ao sistema prisional e estão à disposição da Justiça."
            },
            if single {
                "O preso deve passar por audiência de custódia nas próximas horas."
            } else {
                "Os presos devem passar por audiência de custódia nas próximas horas."
            },
            if single {
                "O Ministério Público vai pedir a prisão preventiva do suspeito."
            } else {
                "O Ministério Público vai pedir a prisão preventiva dos suspeitos."
            },
            if single {
                "O suspeito vai responder por tráfico de pessoas e pode pegar uma longa pena de prisão."
            } else {
                "Os suspeitos vão responder por tráfico de pessoas e podem pegar longas penas de prisão."
            },
        ];
        d.push(Slot::End, judge[(v + 1) % 4].to_string());
    }
    let prosecutors = [
        format!(
            "{} abriu investigação pelo crime de tráfico de pessoas.",
            cap(e.c.prosecutors(L))
        ),
        format!(
            "O caso está sob responsabilidade {}, que investiga o crime de tráfico de pessoas.",
            de(e.c.prosecutors(L))
        ),
        format!(
            "{} vai continuar as investigações para identificar outros envolvidos no tráfico de pessoas.",
            cap(e.c.prosecutors(L))
        ),
    ];
    d.push(Slot::End, prosecutors[v % 3].clone());
    for s in [
        format!("{} é, segundo organismos internacionais, país de origem, trânsito e destino de vítimas de tráfico de pessoas.", cap(&cnp)),
        "As autoridades lembram que denúncias podem ser feitas de forma anônima pelos canais oficiais de atendimento.".to_string(),
        "Organizações da sociedade civil alertam que muitos casos nunca chegam a ser denunciados por medo de represálias.".to_string(),
        "Especialistas apontam que a pobreza e a falta de oportunidades facilitam o aliciamento de vítimas em áreas rurais e de fronteira.".to_string(),
    ] {
        d.push(Slot::Spare, s);
    }
    d
}

/// The arrests, in one of four wordings.
fn arrests(e: &Pt) -> String {
    let count = e.ev.arrests;
    let v = e.v();
    if count == 0 {
        return [
            "Ninguém foi preso até o momento.",
            "Não houve prisões.",
            "Até agora, ninguém foi preso.",
            "Não houve prisões até o momento.",
        ][v % 4]
            .to_string();
    }
    let people = [
        Noun::f("pessoa", "pessoas"),
        Noun::m("homem", "homens"),
        Noun::m("suspeito", "suspeitos"),
    ];
    let who = people[(v + count as usize) % people.len()];
    let g = who.g;
    let num = e.num(count, g);
    let one = count == 1;
    match v % 4 {
        0 if one => "O suspeito de comandar o esquema foi preso em flagrante.".to_string(),
        0 => format!(
            "Na ação, foram {} {num} {}, que vão responder por tráfico de pessoas.",
            agree("pres", g, count),
            who.form(count)
        ),
        1 => format!(
            "Os agentes prenderam {num} {} {} como {}.",
            who.form(count),
            agree("apontad", g, count),
            if one { "responsável" } else { "responsáveis" }
        ),
        2 => format!(
            "{} {} {} {} em flagrante e {} {} à Justiça.",
            cap(&number(count, L, g, true)),
            who.form(count),
            if one { "foi" } else { "foram" },
            agree("pres", g, count),
            if one { "será" } else { "serão" },
            agree("apresentad", g, count)
        ),
        _ => format!(
            "Durante a ação, a polícia prendeu {num} {} que {} {}.",
            who.form(count),
            if one { "comandava" } else { "comandavam" },
            if e.ev.setting == Setting::Streets {
                "o esquema"
            } else {
                "o local"
            }
        ),
    }
}

fn lure(e: &Pt, form: Form) -> String {
    let n = e.n;
    let them = e.the_victims();
    let job = job(e.ev.setting, form, e.n);
    match (e.ev.lure, e.v() % 2) {
        (Lure::SocialMedia, 0) => {
            format!("Os criminosos aliciavam {them} pelas redes sociais com falsas ofertas de emprego.")
        }
        (Lure::SocialMedia, _) => format!(
            "O primeiro contato era feito pelas redes sociais, onde o grupo divulgava vagas de trabalho {job}."
        ),
        (Lure::JobOffer, 0) => format!(
            "{} {} recebido a promessa de um emprego bem pago {job}.",
            cap(them),
            if n == 1 { "tinha" } else { "tinham" }
        ),
        (Lure::JobOffer, _) => format!(
            "O grupo atraía {them} com anúncios de trabalho {job} que se revelavam falsos."
        ),
        (Lure::Acquaintance, 0) => format!(
            "De acordo com a investigação, {them} {} {} por pessoas próximas, que ofereciam trabalho {job}.",
            e.foi(),
            e.pv("aliciad")
        ),
        (Lure::Acquaintance, _) => format!(
            "Segundo a polícia, quem recrutava {them} eram pessoas de confiança, que prometiam trabalho {job}."
        ),
        (Lure::Family, _) => {
            if n == 1 {
                "Segundo a polícia, foi um parente quem entregou a vítima ao grupo.".to_string()
            } else {
                "Em alguns casos, foram os próprios familiares que entregaram as vítimas ao grupo."
                    .to_string()
            }
        }
    }
}

fn hold(e: &Pt) -> String {
    let victims = cap(e.the_victims());
    let m = e.m();
    // Outlets whose variants share a parity share the wording of the lure; this pattern pairs
    // them differently, so that no two outlets share both.
    let v = e.v();
    match (e.ev.hold, (v + v / 2) % 2) {
        (Hold::Documents, 0) => format!(
            "Os responsáveis retinham os documentos {} para impedir a fuga.",
            de(e.the_victims())
        ),
        (Hold::Documents, _) => format!(
            "{victims} não tinha{m} acesso aos próprios documentos, guardados pelos aliciadores."
        ),
        (Hold::Debt, 0) => format!(
            "Além disso, {} {} {} a pagar uma suposta dívida com a viagem, a comida e o alojamento.",
            e.the_victims(),
            e.eram(),
            e.pv("obrigad")
        ),
        (Hold::Debt, _) => format!(
            "{victims} tinha{m} de pagar uma dívida que aumentava a cada semana."
        ),
        (Hold::Threats, 0) => format!(
            "{victims} {} {} de represálias contra a família caso tentasse{m} fugir.",
            e.eram(),
            e.pv("ameaçad")
        ),
        (Hold::Threats, _) => format!(
            "Os aliciadores ameaçavam {} com violência contra parentes em caso de denúncia.",
            e.the_victims()
        ),
        (Hold::Locked, 0) => format!(
            "{victims} permanecia{m} {} e só podia{m} sair sob vigilância.",
            e.pv("trancad")
        ),
        (Hold::Locked, _) if indoors(e.ev.setting) => {
            "O local tinha janelas lacradas e a porta era trancada com cadeado pelo lado de fora."
                .to_string()
        }
        (Hold::Locked, _) => format!("{victims} vivia{m} sob vigilância permanente dos aliciadores."),
    }
}
