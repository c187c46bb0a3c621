//! Portuguese control articles: trade fairs, football, a migration bill, tourism. No crime
//! and none of the extractor's words for one.

use super::*;

/// Fair sectors and what buyers look for at each.
const SECTORS: &[(&str, &str)] = &[
    (
        "alimentos",
        "o cacau, as frutas tropicais e os alimentos orgânicos",
    ),
    (
        "tecnologia agrícola",
        "os sistemas de irrigação, os drones e as máquinas para pequenos produtores",
    ),
    ("artesanato", "a cerâmica, as rendas e as joias em prata"),
    (
        "cafés especiais",
        "os cafés de altitude e os grãos de origem única",
    ),
    (
        "energias renováveis",
        "os painéis solares, as baterias e os pequenos aerogeradores",
    ),
];
// Names that take the masculine article, as Brazilian clubs are spoken of ("o Grêmio").
const TEAMS: &[&str] = &[
    "Esporte Clube Cerrado",
    "Atlético Serrano",
    "Grêmio do Vale",
    "Ferroviário do Norte",
    "Operário do Litoral",
    "Esporte Clube Planalto",
];

pub fn control(ev: &SynthEvent, topic: Topic, st: &Style, rng: &mut Rng) -> Draft {
    let e = Pt::new(ev, st);
    let city = e.city();
    let cnp = country_np(e.c);
    let other = country_np(country(ev.nationality));
    let when = e.when();
    let v = st.variant;
    let (name, woman) = (&ev.spokesperson.name, &ev.spokesperson.woman);
    let mut d = match topic {
        Topic::TradeFair => {
            let (sector, products) = SECTORS[rng.below(SECTORS.len())];
            let titles = [
                format!("{} recebe feira internacional de {sector}", cap(city)),
                format!(
                    "Feira de {sector} reúne empresas {} e {}",
                    de(&cnp),
                    de(&other)
                ),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "A feira internacional de {sector} foi aberta {when} {}, {}, com mais de {} empresas expositoras {}, {} e de outros países da região.",
                    em(city),
                    e.c.pt_in,
                    60 + rng.below(200),
                    de(&cnp),
                    de(&other)
                ),
            );
            d.push(Slot::Middle, format!("Os organizadores esperam fechar negócios de cerca de {} milhões de dólares durante os três dias do evento.", 5 + rng.below(40)));
            d.push(
                Slot::Middle,
                format!(
                    "Delegações {} participam pela primeira vez com um pavilhão próprio.",
                    de(&other)
                ),
            );
            d.push(
                Slot::Middle,
                format!("Entre os produtos mais procurados estão {products}."),
            );
            d.push(
                Slot::Middle,
                format!(
                    "A entrada é gratuita e a organização espera mais de {} mil visitantes.",
                    8 + rng.below(30)
                ),
            );
            d.push(Slot::End, format!("“É uma vitrine para que os pequenos produtores cheguem a novos mercados”, disse {} {name}, da associação comercial local.", if *woman { "a empresária" } else { "o empresário" }));
            d
        }
        Topic::Football => {
            let (a, b) = two_teams(rng, TEAMS);
            // A win: the first team scores more.
            let ga = 1 + rng.below(3);
            let gb = rng.below(ga);
            let titles = [
                format!("{a} vence o {b} por {ga} a {gb} e encosta na liderança"),
                format!("{a} supera o {b} {}", em(city)),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "O {a} venceu o {b} por {ga} a {gb} {when} no estádio municipal {}, {}, diante de cerca de {} mil torcedores.",
                    de(city),
                    e.c.pt_in,
                    8 + rng.below(30)
                ),
            );
            d.push(Slot::Middle, format!("O gol decisivo saiu aos {} minutos do segundo tempo, em um contra-ataque pela direita.", 5 + rng.below(40)));
            d.push(
                Slot::Middle,
                "O time da casa teve mais posse de bola e criou as chances mais claras da partida."
                    .to_string(),
            );
            d.push(
                Slot::Middle,
                format!(
                    "Com o resultado, a equipe chega a {} pontos e fica a três do líder.",
                    20 + rng.below(20)
                ),
            );
            d.push(
                Slot::Middle,
                "Na próxima rodada, o time enfrenta um rival direto fora de casa.".to_string(),
            );
            d.push(Slot::End, format!("“O grupo mostrou caráter e muita disciplina tática”, disse {} {name} na entrevista coletiva.", if *woman { "a treinadora" } else { "o treinador" }));
            d
        }
        Topic::MigrationDebate => {
            let titles = [
                format!("Congresso {} debate reforma da lei de migração", de(&cnp)),
                format!(
                    "{} discute novas regras de residência para cidadãos {}",
                    cap(&cnp),
                    de(&other)
                ),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "A comissão de relações exteriores do Congresso {} começou {when} a debater uma reforma que busca simplificar os pedidos de residência de quem chega {} e de outros países vizinhos.",
                    de(&cnp),
                    de(&other)
                ),
            );
            d.push(Slot::Middle, "O texto prevê autorizações de trabalho temporárias e facilidades para a reunião familiar.".to_string());
            d.push(Slot::Middle, "Deputados da oposição pediram mais recursos para os postos de atendimento nas regiões de fronteira.".to_string());
            d.push(Slot::Middle, "Segundo dados oficiais, centenas de milhares de migrantes vivem no país, a maioria no mercado informal.".to_string());
            d.push(
                Slot::Middle,
                "A votação em plenário está prevista para as próximas semanas.".to_string(),
            );
            d.push(Slot::End, format!("“Uma migração ordenada é uma oportunidade para o desenvolvimento das nossas cidades”, afirmou {} {name}.", if *woman { "a ministra" } else { "o ministro" }));
            d
        }
        Topic::Tourism => {
            let titles = [
                format!("{} registra recorde de turistas estrangeiros", cap(&cnp)),
                format!(
                    "Visitantes {} impulsionam o turismo {}",
                    de(&other),
                    em(city)
                ),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "{} recebeu no último trimestre um número recorde de visitantes estrangeiros, informou {when} o ministério do turismo, que destacou o crescimento dos viajantes vindos {}.",
                    cap(&cnp),
                    de(&other)
                ),
            );
            d.push(
                Slot::Middle,
                format!(
                    "Os hotéis {} registraram ocupação média de {} %.",
                    de(city),
                    60 + rng.below(35)
                ),
            );
            d.push(Slot::Middle, "As autoridades atribuem o aumento a novas rotas aéreas e à promoção de destinos de natureza.".to_string());
            d.push(Slot::Middle, "O gasto médio por visitante também cresceu, puxado pela gastronomia e pelos passeios.".to_string());
            d.push(Slot::Middle, "O setor gera empregos diretos e indiretos para milhares de famílias em todo o país.".to_string());
            d.push(
                Slot::End,
                format!(
                    "“Queremos que cada visitante volte e recomende o país”, disse {} {name}.",
                    if *woman {
                        "a secretária de turismo"
                    } else {
                        "o secretário de turismo"
                    }
                ),
            );
            d
        }
    };
    for s in [
        "Os detalhes completos serão divulgados nos próximos dias pelos canais oficiais.",
        "A iniciativa foi bem recebida por entidades do setor e autoridades locais.",
        "Analistas ouvidos pela reportagem avaliam que o dado confirma uma tendência dos últimos meses.",
    ] {
        d.push(Slot::Spare, s.to_string());
    }
    d
}
