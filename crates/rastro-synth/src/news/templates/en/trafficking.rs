//! English reports of trafficking: rescues, arrests, operations, groups, routes, and how the
//! victims were recruited and held.

use super::*;

pub fn trafficking(ev: &SynthEvent, st: &Style, rng: &mut Rng) -> Draft {
    let Some(form) = ev.form() else {
        return smuggling(ev, st, rng);
    };
    let e = En::new(ev, st);
    let v = st.variant;
    let n = e.n;
    let pp = form_pp(form, st, n, v);
    let fnoun = form_noun(form, st, v);
    let noun_n = e.noun.form(n);
    // Headlines write counts in digits, except "one".
    let count_t = number(n, L, Gender::M, n == 1);
    let city = e.city();
    let when = e.when();

    let mut titles = vec![
        format!("Police rescue {count_t} {noun_n} from {fnoun} in {city}"),
        cap(&format!(
            "{count_t} {noun_n} freed from {fnoun} in {}",
            bare(e.c)
        )),
        format!("{} police free {count_t} {noun_n} {pp}", e.c.dem_en),
    ];
    if ev.arrests > 0 {
        let arrested = if ev.arrests == 1 {
            "One".to_string()
        } else {
            ev.arrests.to_string()
        };
        titles.push(format!(
            "{arrested} arrested as police free {count_t} {noun_n} from {fnoun} in {city}"
        ));
    }
    if let Some(op) = &ev.operation {
        titles.push(format!(
            "Operation {op}: {count_t} {noun_n} rescued in {}",
            bare(e.c)
        ));
    }
    let title = nth(&titles, v);

    let mut leads = vec![
        format!(
            "{} rescued {} who had been {pp} {}, {}, authorities said {when}.",
            cap(e.police()),
            e.people(),
            e.place(),
            e.c.en
        ),
        format!(
            "{} {} rescued {when} {}, where {} had been {pp}, {} said.",
            e.people_cap(),
            e.was(),
            e.source_place(),
            e.they(),
            e.police()
        ),
        format!(
            "Police in {} have freed {} who {} {pp} {}, officials said {when}.",
            e.c.en,
            e.people(),
            e.was(),
            e.place()
        ),
        format!(
            "Authorities in {}, rescued {} {when} during {}, where {} {} {pp}.",
            e.where_(),
            e.people(),
            e.raid(),
            e.they(),
            e.was()
        ),
    ];
    if n >= 5 {
        leads.push(format!(
            "A total of {} were freed {when} in {} in {}, where they had been {pp}, {} said.",
            e.people(),
            e.raid(),
            e.where_(),
            e.police()
        ));
    }
    let mut d = Draft::new(title, nth(&leads, v));

    d.push(Slot::Core, arrests(&e));
    if ev.minors > 0 && ev.minors < ev.victims {
        let m = ev.minors;
        let s = match (m, v % 2) {
            (1, 0) => "Among them was one minor.".to_string(),
            (1, _) => "Among the victims was one minor.".to_string(),
            (_, 0) => format!("Among them were {} minors.", e.num(m)),
            _ => format!("Among the victims were {} minors.", e.num(m)),
        };
        d.push(Slot::Core, s);
    }
    if let Some(op) = &ev.operation {
        let s = [
            format!(
                "The raid was part of Operation {op}, led by {}.",
                e.c.prosecutors(L)
            ),
            format!("Officials said the operation, dubbed {op}, had been months in the making."),
            format!("The rescue came during Operation {op}, an ongoing crackdown on trafficking networks."),
            format!("Operation {op} followed several months of surveillance, officials said."),
        ];
        d.push(Slot::Core, s[v % 4].clone());
    }
    if let Some(group) = &ev.group {
        let s = [
            format!("Investigators said the suspects belonged to a gang known as {group}."),
            format!("Prosecutors believe the network, dubbed {group}, had operated in the area for at least two years."),
            format!("Authorities blamed the crimes on the gang {group}."),
            format!("Police linked the case to a criminal network known as {group}, which was already under watch."),
        ];
        d.push(Slot::Core, s[(v + 1) % 4].clone());
    }
    if let Some(route) = &ev.route {
        let from = country(route.recruited);
        let from_city = from.cities[route.recruited_city.min(from.cities.len() - 1)].en;
        let s = if route.transit.is_empty() {
            [
                format!(
                    "{}, who came from {from_city} in {}, had been brought to {city} with promises of work.",
                    cap(e.the_victims()),
                    from.en
                ),
                format!(
                    "Investigators said {} {} recruited in {from_city}, {}, and taken to {city} with false promises.",
                    e.the_victims(),
                    e.was(),
                    from.en
                ),
            ]
        } else {
            let transit: Vec<&str> = route.transit.iter().map(|t| country(t).en).collect();
            [
                format!(
                    "Investigators said {} {} recruited in {from_city}, {}, and taken overland through {} to {city}.",
                    e.the_victims(),
                    e.was(),
                    from.en,
                    join(&transit)
                ),
                format!(
                    "The route began in {from_city}, {}, and ran through {} before ending in {city}.",
                    from.en,
                    join(&transit)
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
        "These networks prey on people's need and on their hope of a better life",
        "We will go after everyone who profits from the lives of other human beings",
        "We urge the public to report any job offer that looks too good to be true",
        "Behind every victim there is a story of deception and abuse",
    ];
    d.push(Slot::End, e.quote(quotes[v % quotes.len()]));
    let one = n == 1;
    let care = [
        format!(
            "{} received medical and psychological care and {} taken to a specialised shelter.",
            cap(e.the_victims()),
            e.was()
        ),
        format!(
            "{} {} now under the protection of social services.",
            cap(e.the_victims()),
            if one { "is" } else { "are" }
        ),
        format!(
            "After the rescue, {} {} taken to a temporary shelter, where counsellors are providing support.",
            e.the_victims(),
            e.was()
        ),
        format!(
            "A team of psychologists and social workers is looking after {} at a care centre.",
            e.the_victims()
        ),
    ];
    d.push(Slot::End, care[v % 4].clone());
    if ev.arrests > 0 {
        let single = ev.arrests == 1;
        let judge = [
            if single {
                "The suspect was brought before a judge, who will decide whether to keep him behind bars."
            } else {
                "The suspects were brought before a judge, who will decide whether to keep them behind bars."
            },
            if single {
                "The suspect is expected to appear in court in the coming days."
            } else {
                "The suspects are expected to appear in court in the coming days."
            },
            if single {
                "Prosecutors said they would ask for the suspect to be held in pre-trial detention."
            } else {
                "Prosecutors said they would ask for the suspects to be held in pre-trial detention."
            },
            if single {
                "The suspect faces human trafficking charges and a long prison sentence if convicted."
            } else {
                "The suspects face human trafficking charges and long prison sentences if convicted."
            },
        ];
        d.push(Slot::End, judge[(v + 1) % 4].to_string());
    }
    let prosecutors = [
        format!(
            "{} opened an investigation into human trafficking.",
            cap(e.c.prosecutors(L))
        ),
        format!(
            "The case is now in the hands of {}, who are investigating it as human trafficking.",
            e.c.prosecutors(L)
        ),
        "Investigators are working to identify others involved in the human trafficking ring."
            .to_string(),
    ];
    d.push(Slot::End, prosecutors[v % 3].clone());
    for s in [
        format!("International organisations describe {} as a country of origin, transit and destination for trafficking victims.", e.c.en),
        "Authorities say anyone can report suspected cases anonymously through free hotlines.".to_string(),
        "Civil society groups warn that many cases go unreported because victims fear reprisals.".to_string(),
        "Experts say poverty and a lack of opportunities make people in rural and border areas easy targets for recruiters.".to_string(),
    ] {
        d.push(Slot::Spare, s);
    }
    d
}

/// The arrests, in one of four wordings; a single arrest may be told without a number ("the
/// alleged ringleader was arrested"), never with an age, which would read as a count.
fn arrests(e: &En) -> String {
    let count = e.ev.arrests;
    let v = e.v();
    if count == 0 {
        return [
            "No arrests were made.",
            "No arrests have been reported.",
            "No arrests had been made by the time of publication.",
            "Police said no arrests were made.",
        ][v % 4]
            .to_string();
    }
    let people = [
        Noun::f("person", "people"),
        Noun::m("man", "men"),
        Noun::m("suspect", "suspects"),
    ];
    let who = people[(v + count as usize) % people.len()];
    let one = count == 1;
    let num = e.num(count);
    match v % 4 {
        0 if one => "The alleged ringleader was arrested at the scene.".to_string(),
        0 => format!(
            "Police arrested {num} {} believed to have run the operation.",
            who.form(count)
        ),
        1 => format!(
            "{} {} {} arrested and will appear before a judge.",
            cap(&number(count, L, Gender::M, true)),
            who.form(count),
            if one { "was" } else { "were" }
        ),
        2 => format!("Officers detained {num} {} at the scene.", who.form(count)),
        _ => format!(
            "Police also arrested {num} {} who ran {}.",
            who.form(count),
            if e.ev.setting == Setting::Streets {
                "the network"
            } else {
                "the premises"
            }
        ),
    }
}

fn lure(e: &En, form: Form) -> String {
    let job = job(e.ev.setting, form, e.n);
    let them = if e.n == 1 {
        "the victim"
    } else {
        "their victims"
    };
    match (e.ev.lure, e.v() % 2) {
        (Lure::SocialMedia, 0) => {
            format!("The traffickers recruited {them} through social media with fake job offers.")
        }
        (Lure::SocialMedia, _) => format!(
            "First contact was made on social media, where the group posted job offers {job}."
        ),
        (Lure::JobOffer, 0) => format!(
            "{} had been promised well-paid jobs {job}.",
            cap(e.the_victims())
        ),
        (Lure::JobOffer, _) => {
            format!("The group lured {them} with job advertisements {job} that turned out to be fake.")
        }
        (Lure::Acquaintance, 0) => format!(
            "According to investigators, {} {} recruited by acquaintances who offered work {job}.",
            e.the_victims(),
            e.was()
        ),
        (Lure::Acquaintance, _) => format!(
            "Prosecutors said the recruiters were people the families trusted, who promised work {job}."
        ),
        (Lure::Family, _) => {
            if e.n == 1 {
                "Prosecutors said a relative had handed the victim over to the network.".to_string()
            } else {
                "In some cases, the victims' own relatives had handed them over to the network."
                    .to_string()
            }
        }
    }
}

fn hold(e: &En) -> String {
    let victims = cap(e.the_victims());
    let was = e.was();
    // Outlets whose variants share a parity share the wording of the lure; this pattern pairs
    // them differently, so that no two outlets share both.
    let v = e.v();
    match (e.ev.hold, (v + v / 2) % 2) {
        (Hold::Documents, 0) => {
            "The suspects took away their passports and identity documents to stop them from escaping."
                .to_string()
        }
        (Hold::Documents, _) => format!(
            "{victims} had no access to their own documents, which the captors kept under lock."
        ),
        (Hold::Debt, 0) => format!(
            "{victims} {was} also made to pay off a supposed debt for travel, food and lodging."
        ),
        (Hold::Debt, _) => format!("{victims} owed a debt that grew every week."),
        (Hold::Threats, 0) => format!(
            "{victims} {was} threatened with reprisals against their families if they tried to escape."
        ),
        (Hold::Threats, _) => format!(
            "The captors threatened to harm {} relatives if anyone spoke out.",
            if e.n == 1 { "the victim's" } else { "the victims'" }
        ),
        (Hold::Locked, 0) => {
            format!("{victims} {was} kept locked up and could only leave under supervision.")
        }
        (Hold::Locked, _) if indoors(e.ev.setting) => {
            "The windows had been sealed and the door was padlocked from the outside.".to_string()
        }
        (Hold::Locked, _) => format!("{victims} lived under constant watch by their captors."),
    }
}
