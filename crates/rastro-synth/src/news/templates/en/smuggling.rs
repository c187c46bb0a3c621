//! English reports of migrant smuggling: migrants found, smugglers arrested, fees paid.

use super::*;

pub fn smuggling(ev: &SynthEvent, st: &Style, rng: &mut Rng) -> Draft {
    let e = En::new(ev, st);
    let v = st.variant;
    let m = ev.migrants;
    let city = e.city();
    let place = setting(ev.setting);
    let nat = country(ev.nationality);
    let from = match ev.nationality2 {
        Some(other) => format!("from {} and {}", nat.en, country(other).en),
        None => format!("from {}", nat.en),
    };
    let when = e.when();
    let (crammed, title_verb) = if ev.setting == Setting::SafeHouse {
        ("crammed into", "Police find")
    } else {
        ("crammed into", "Police intercept vehicle carrying")
    };
    let mut titles = vec![
        format!("{m} migrants found crammed into {place} in {city}"),
        format!(
            "{}: police rescue {m} {} migrants from {place}",
            bare(e.c),
            nat.dem_en
        ),
        format!("{title_verb} {m} migrants in {}", e.c.en),
    ];
    if ev.arrests > 1 {
        titles.push(format!(
            "{} suspected smugglers arrested with {m} migrants in {city}",
            ev.arrests
        ));
    }
    let count = e.num(m);
    let leads = [
        format!(
            "{} found {count} migrants {from} {crammed} {place} in {}, {when}.",
            cap(e.police()),
            e.where_()
        ),
        format!(
            "A total of {count} migrants, most of them {} nationals, were found {when} in {place} on the outskirts of {}, {} said.",
            nat.dem_en,
            e.where_(),
            e.police()
        ),
        format!(
            "{} said {when} that {count} migrants {from} had been rescued from {place} in {}.",
            cap(e.police()),
            e.where_()
        ),
    ];
    let mut d = Draft::new(cap(&nth(&titles, v)), nth(&leads, v));
    let arrest = match (ev.arrests, ev.setting) {
        (0, _) => ["No arrests were made.", "No arrests have been reported."][v % 2].to_string(),
        (1, Setting::Boat) => "The boat's captain was arrested at the scene.".to_string(),
        (1, Setting::SafeHouse) => "The man in charge of the house was arrested.".to_string(),
        (1, _) => "The driver was arrested at the scene.".to_string(),
        (a, _) => [
            format!(
                "{} suspected smugglers were arrested.",
                cap(&number(a, L, Gender::M, true))
            ),
            format!("Officers arrested {} suspected smugglers.", e.num(a)),
        ][v % 2]
            .clone(),
    };
    d.push(Slot::Core, arrest);
    let fee = 3 + rng.below(9);
    let s = [
        format!("Investigators believe a migrant smuggling network charged up to ${fee},000 per person to take them to the northern border."),
        format!("The migrants had each paid smugglers around ${fee},000 to cross the country."),
        "The case was handed to prosecutors who specialise in migrant smuggling.".to_string(),
        format!("People smugglers charged about ${fee},000 a head for the journey to the border, according to investigators."),
    ];
    d.push(Slot::Core, s[v % 4].clone());
    if let Some(other) = ev.nationality2 {
        let first = (m / 2 + rng.below((m / 3).max(1) as usize) as u32).clamp(1, m.max(2) - 1);
        let second = m.saturating_sub(first);
        if second > 0 {
            d.push(
                Slot::Middle,
                format!(
                    "Among them were {first} {}s and {second} {}s.",
                    nat.dem_en,
                    country(other).dem_en
                ),
            );
        }
    }
    if ev.minors > 0 {
        let s = [
            format!(
                "Among the migrants were {} minors, some of them travelling alone.",
                e.num(ev.minors)
            ),
            format!("Among them were {} minors.", e.num(ev.minors)),
        ];
        d.push(Slot::Core, s[v % 2].clone());
    }
    if let Some(op) = &ev.operation {
        let s = [
            format!("The interception took place during Operation {op}, deployed along the country's main highways."),
            format!("The operation, dubbed {op}, has stepped up checks across the region."),
        ];
        d.push(Slot::Core, s[v % 2].clone());
    }
    let state = [
        "According to early reports, the migrants had spent several days on the road with little water or food.",
        "Several of them showed signs of dehydration and were treated at the scene.",
    ];
    d.push(Slot::Middle, state[v % 2].to_string());
    let care = [
        "The migrants received medical care and were handed over to immigration authorities.",
        "Immigration authorities will decide on each person's status in the country.",
    ];
    d.push(Slot::End, care[(v + 1) % 2].to_string());
    let quotes = [
        "These organisations put entire families at risk for money",
        "Travelling with smugglers means exposing yourself to abuse, abandonment and accidents on the road",
    ];
    d.push(Slot::End, e.quote(quotes[v % 2]));
    for s in [
        format!("The route through {} is one of the busiest for people trying to reach the north of the continent.", e.c.en),
        "Humanitarian groups warn that migrants on the route are exposed to extortion and accidents.".to_string(),
        "Authorities have stepped up checks at border posts and bus terminals.".to_string(),
    ] {
        d.push(Slot::Spare, s);
    }
    d
}
