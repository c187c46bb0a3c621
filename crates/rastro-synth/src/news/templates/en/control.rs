//! English control articles: trade fairs, football, a migration bill, tourism. No crime and
//! none of the extractor's words for one.

use super::*;

/// Fair sectors and what buyers look for at each.
const SECTORS: &[(&str, &str)] = &[
    ("food", "Cocoa, tropical fruit and organic produce"),
    (
        "farm technology",
        "Irrigation systems, drones and machinery for small farms",
    ),
    ("crafts", "Ceramics, handwoven goods and silver jewellery"),
    (
        "specialty coffee",
        "High-altitude coffees and single-origin beans",
    ),
    (
        "renewable energy",
        "Solar panels, batteries and small wind turbines",
    ),
];
const TEAMS: &[&str] = &[
    "Atlético Cordillera",
    "Deportivo Sur",
    "Unión Costera",
    "Real Andino",
    "Sporting del Valle",
    "Esporte Clube Cerrado",
];

pub fn control(ev: &SynthEvent, topic: Topic, st: &Style, rng: &mut Rng) -> Draft {
    let e = En::new(ev, st);
    let city = e.city();
    let c = e.c.en;
    let other = country(ev.nationality);
    let when = e.when();
    let v = st.variant;
    let name = &ev.spokesperson.name;
    let mut d = match topic {
        Topic::TradeFair => {
            let (sector, products) = SECTORS[rng.below(SECTORS.len())];
            let titles = [
                format!("{city} hosts international {sector} fair"),
                format!(
                    "{} {sector} fair draws exhibitors from across the region",
                    cap(bare(e.c))
                ),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "An international {sector} fair opened {when} in {}, with more than {} exhibiting companies from {c}, {} and other countries in the region.",
                    e.where_(),
                    60 + rng.below(200),
                    other.en
                ),
            );
            d.push(Slot::Middle, format!("Organisers expect deals worth some ${} million to be signed over the three days of the event.", 5 + rng.below(40)));
            d.push(Slot::Middle, format!("Delegations from {} are taking part for the first time with a pavilion of their own.", other.en));
            d.push(
                Slot::Middle,
                format!("{products} are among the most sought-after products."),
            );
            d.push(
                Slot::Middle,
                format!(
                    "Entry is free and organisers expect more than {},000 visitors.",
                    8 + rng.below(30)
                ),
            );
            d.push(Slot::End, format!("“This is a showcase that helps small producers reach new markets,” said {name} of the local chamber of commerce."));
            d
        }
        Topic::Football => {
            let (a, b) = two_teams(rng, TEAMS);
            // A win: the first team scores more.
            let ga = 1 + rng.below(3);
            let gb = rng.below(ga);
            let titles = [
                format!("{a} beat {b} {ga}-{gb} to close in on the top"),
                format!("{a} edge past {b} in {city}"),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "{a} beat {b} {ga}-{gb} {when} at the municipal stadium in {}, in front of some {},000 fans.",
                    e.where_(),
                    8 + rng.below(30)
                ),
            );
            d.push(
                Slot::Middle,
                format!(
                    "The decisive goal came in the {} minute from a counterattack down the right.",
                    ordinal(50 + rng.below(40))
                ),
            );
            d.push(Slot::Middle, "The home side dominated possession for long spells and created the clearest chances.".to_string());
            d.push(
                Slot::Middle,
                format!(
                    "The result takes the team to {} points, three behind the leaders.",
                    20 + rng.below(20)
                ),
            );
            d.push(
                Slot::Middle,
                "Next weekend they travel to face a direct rival in the race for the play-offs."
                    .to_string(),
            );
            d.push(Slot::End, format!("“The group showed character and a lot of tactical discipline,” coach {name} told reporters."));
            d
        }
        Topic::MigrationDebate => {
            let titles = [
                format!("{} lawmakers debate migration reform", cap(bare(e.c))),
                format!(
                    "{} weighs new residency rules for citizens of {}",
                    cap(c),
                    other.en
                ),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "The foreign affairs committee of {}'s Congress began debating {when} a reform that would simplify residency applications for people arriving from {} and other neighbouring countries.",
                    c,
                    other.en
                ),
            );
            d.push(Slot::Middle, "The bill provides for temporary work permits and makes family reunification easier.".to_string());
            d.push(Slot::Middle, "Opposition lawmakers called for more funding for service offices in border regions.".to_string());
            d.push(Slot::Middle, "Official figures show that hundreds of thousands of migrants live in the country, most of them in informal jobs.".to_string());
            d.push(
                Slot::Middle,
                "A floor vote is expected in the coming weeks.".to_string(),
            );
            d.push(Slot::End, format!("“Orderly migration is an opportunity for the development of our cities,” said minister {name}."));
            d
        }
        Topic::Tourism => {
            let titles = [
                format!("{} sees record number of foreign tourists", cap(c)),
                format!("Visitors from {} boost tourism in {city}", other.en),
            ];
            let mut d = Draft::new(
                nth(&titles, v),
                format!(
                    "{} welcomed a record number of foreign visitors in the last quarter, the tourism ministry said {when}, pointing to strong growth in arrivals from {}.",
                    cap(c),
                    other.en
                ),
            );
            d.push(
                Slot::Middle,
                format!(
                    "Hotels in {city} reported average occupancy of {} percent.",
                    60 + rng.below(35)
                ),
            );
            d.push(Slot::Middle, "Officials credit new air routes and the promotion of nature destinations for the increase.".to_string());
            d.push(
                Slot::Middle,
                "Average spending per visitor also rose, driven by food and excursions."
                    .to_string(),
            );
            d.push(
                Slot::Middle,
                "The sector supports thousands of families across the country.".to_string(),
            );
            d.push(Slot::End, format!("“We want every visitor to come back and recommend the country,” said deputy minister {name}."));
            d
        }
    };
    for s in [
        "Full details will be published in the coming days through official channels.",
        "The initiative was welcomed by business associations and local authorities.",
        "Analysts said the figures confirm a trend seen in recent months.",
    ] {
        d.push(Slot::Spare, s.to_string());
    }
    d
}

/// "51st", "52nd", "53rd", "54th", "61st"… (11th to 13th take "th").
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
