//! Incidents made comparable: dates become day spans, names become language-neutral keys, text
//! becomes a sample of word 4-gram hashes.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use rastro_text::{weekday_names, Lang, PartialDate};

use super::span::{DayOfYear, Span};
use super::stage::Stage;
use super::Incident;

/// Years an event date may have: whatever year a report names, as long as it has four digits.
const EVENT_YEARS: std::ops::RangeInclusive<u16> = 1000..=9999;

/// One operation name: the series ("turquesa") and the edition (5 for "Turquesa V").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Operation {
    pub series: String,
    pub edition: Option<u16>,
}

/// An incident ready for comparison. Sets are sorted and without repeats.
#[derive(Debug, Clone, Default)]
pub struct PreparedIncident {
    /// The event's date as extracted, or the publication date when there is none.
    pub date: Option<Span>,
    /// The publication date, when the event's own date was extracted as well: extraction can
    /// pick a background date, publication dates are reliable metadata.
    pub published: Option<Span>,
    /// The publication date whenever the report has one, standing in for the event's date or
    /// not: reports of one event appear within weeks of each other, whatever dates their texts
    /// recall.
    pub publication: Option<Span>,
    /// The date as given (or the publication date standing in), for people to read.
    pub date_shown: String,
    pub countries: Vec<String>,
    /// `CC|town` keys.
    pub towns: Vec<String>,
    /// Of `towns`, those the text names only inside a list of several (see
    /// [`super::place_list`]), sorted.
    pub listed_towns: Vec<String>,
    /// `CC|region` keys: regions named and the regions of the towns named.
    pub regions: Vec<String>,
    /// The operations the report is about: the one it names first (see [`own_operations`]).
    pub operations: Vec<Operation>,
    /// Operations the report names after its own: the one a case began with, an earlier one of
    /// the same police. Neither for nor against another report.
    pub background_operations: Vec<Operation>,
    pub groups: Vec<String>,
    pub forms: Vec<String>,
    pub victims: Option<u64>,
    pub arrests: Option<u64>,
    /// Every figure of 10 or more the text gives in digits, sorted: the parts of a tally (343
    /// migrants, 103 of them children, 212 adults) and its background's figures.
    pub text_figures: Vec<u64>,
    /// Every count the text states, in digits or in words, from two up, sorted (see
    /// [`super::stated`]): the parts and totals of its tallies, for telling a part from a
    /// disagreement.
    pub stated_counts: Vec<u64>,
    /// A sample of the text's word 4-grams (one hash in four, by value), sorted.
    pub shingles: Vec<u64>,
    /// Hashes of the names in the text (capitalised words inside sentences) and of its figures,
    /// sorted: people, towns, police units and figures stay the same in every language.
    pub names: Vec<u64>,
    /// The day of the year of a report that gives no year anywhere (no publication date, none in
    /// its text): compared with other reports' days of the year and weekdays.
    pub day_of_year: Option<DayOfYear>,
    /// The language of the text, when it is clear (see [`super::language`]).
    pub language: Option<Lang>,
    /// The stage of its case the headline reports (see [`super::stage`]).
    pub stage: Option<Stage>,
    /// The text looks back on events (see [`super::genre`]): a round-up, an analysis or an
    /// opinion piece, not a report of one event.
    pub looks_back: bool,
}

/// Text beyond this many bytes does not change whether two reports are copies of one story.
const SHINGLED_BYTES: usize = 20_000;

pub fn prepare_all(incidents: &[Incident]) -> Vec<PreparedIncident> {
    incidents.par_iter().map(prepare_one).collect()
}

pub fn prepare_one(incident: &Incident) -> PreparedIncident {
    let mut towns = Vec::new();
    let mut regions = Vec::new();
    let datelines = super::dateline::dateline_names(&incident.text);
    let head_text = head(&incident.text, SHINGLED_BYTES);
    let may_name_phase = super::phase::may_name_phase(head_text);
    // Folded once for the datelines, the operations' phases and which of several operations
    // comes first; most reports need none of them.
    // Folded once for the shingles, the datelines, the operations' phases, which of several
    // operations comes first and the counts written in words.
    let folded_text = rastro_text::fold_key(head_text);
    let town_names: Vec<&str> = incident
        .places
        .iter()
        .filter(|p| !p.is_region)
        .map(|p| p.name.as_str())
        .collect();
    // Only a report naming enough towns can list them.
    let listed = if town_names.len() >= super::place_list::LIST_FROM {
        super::place_list::listed(head_text, &town_names)
    } else {
        Vec::new()
    };
    let language = super::language::language(&incident.text);
    let (text_figures, stated_counts) = text_figures(head_text, &folded_text, language);
    let mut listed_towns = Vec::new();
    let mut town_index = 0;
    for place in &incident.places {
        let is_listed = !place.is_region && listed.get(town_index).copied().unwrap_or(false);
        town_index += usize::from(!place.is_region);
        if !datelines.is_empty()
            && super::dateline::only_in_dateline(place, &datelines, &folded_text)
        {
            continue;
        }
        let country = place.country.trim().to_ascii_uppercase();
        let name = rastro_text::fold_key(&place.name);
        if name.is_empty() {
            continue;
        }
        if place.is_region {
            regions.push(format!("{country}|{name}"));
        } else {
            if is_listed {
                listed_towns.push(format!("{country}|{name}"));
            }
            towns.push(format!("{country}|{name}"));
            if let Some(region) = place.region.as_deref().map(rastro_text::fold_key) {
                if !region.is_empty() {
                    regions.push(format!("{country}|{region}"));
                }
            }
        }
    }
    let mut date = span(incident.date.as_deref(), incident.published.as_deref());
    let mut from_text = false;
    if date.is_none() && incident.published.is_none() {
        // No metadata to place the report in time: an absolute date in its text, if any.
        date =
            super::text_date::date_from_text(&incident.text, month_day(incident.date.as_deref()));
        from_text = date.is_some();
    }
    let day_of_year = match month_day(incident.date.as_deref()) {
        Some((month, day))
            if date.is_none() && (1..=12).contains(&month) && (1..=31).contains(&day) =>
        {
            Some(DayOfYear {
                month,
                day,
                weekday: super::text_date::weekday_of(&incident.text, month, day),
            })
        }
        _ => None,
    };
    let published = span(None, incident.published.as_deref()).filter(|p| Some(*p) != date);
    let published_shown = incident
        .published
        .as_deref()
        .map(|p| p.get(0..10).unwrap_or(p));
    let date_shown = match (&incident.date, published_shown) {
        (Some(d), _) if day_of_year.is_some() => format!("{d} (year unknown)"),
        _ if from_text => match date {
            Some(d) => format!("{} (from the text)", shown_span(d)),
            None => String::new(),
        },
        (Some(d), Some(p)) if published.is_some() => format!("{d} (published {p})"),
        (Some(d), _) if date.is_some() && published.is_none() && incident.published.is_none() => {
            d.clone()
        }
        (_, Some(p)) if date.is_some() => format!("published {p}"),
        _ => String::new(),
    };
    let (operations, background_operations) = own_operations(
        incident.operations.iter().filter_map(|o| operation_key(o)),
        may_name_phase,
        &folded_text,
    );
    PreparedIncident {
        date,
        published,
        publication: span(None, incident.published.as_deref()),
        date_shown,
        countries: sorted(
            incident
                .countries
                .iter()
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty()),
        ),
        towns: sorted(towns.into_iter()),
        listed_towns: sorted(listed_towns.into_iter()),
        regions: sorted(regions.into_iter()),
        operations,
        background_operations,
        groups: sorted(incident.groups.iter().filter_map(|g| group_key(g))),
        forms: sorted(
            incident
                .exploitation
                .iter()
                .map(|f| f.trim().to_ascii_lowercase())
                .filter(|f| !f.is_empty()),
        ),
        victims: incident.victims,
        arrests: incident.arrests,
        names: names(incident, &text_figures),
        text_figures,
        stated_counts,
        shingles: shingles(&folded_text),
        language,
        stage: super::stage::stage(&incident.text),
        looks_back: super::genre::looks_back(&incident.text),
        day_of_year,
    }
}

/// The report's own operations and those of its background. A report names its own operation
/// in its headline or lead, and an earlier one later, as what the case began with ("the
/// investigation began with a rescue during Operation X"); so of several operations the one
/// named first in the text (`folded`) is the report's own, the rest background. An operation
/// the text does not spell as extracted keeps its place after those it does.
fn own_operations(
    keys: impl Iterator<Item = Operation>,
    may_name_phase: bool,
    folded: &str,
) -> (Vec<Operation>, Vec<Operation>) {
    let mut ops: Vec<Operation> = keys.collect();
    if may_name_phase {
        for op in ops.iter_mut().filter(|o| o.edition.is_none()) {
            // A later phase of one investigation is another operation, as another edition is.
            op.edition = super::phase::later_phase_folded(folded, &op.series);
        }
    }
    let first_named = |o: &Operation| word_position(folded, &o.series).unwrap_or(usize::MAX);
    let lead = ops.iter().map(first_named).min();
    let (mut own, mut background): (Vec<Operation>, Vec<Operation>) = ops
        .into_iter()
        .partition(|o| lead.is_none_or(|l| l == usize::MAX || first_named(o) == l));
    for list in [&mut own, &mut background] {
        list.sort_by(|a, b| (&a.series, a.edition).cmp(&(&b.series, b.edition)));
        list.dedup();
    }
    // Of one series named with several editions ("Proteção Integral II" and, recalled, the
    // first "Proteção Integral"), the latest is the report's own: reports recall earlier
    // editions as how the series began, and seldom announce the next one. (Sorted by edition,
    // an edition not given first; a name without one is the first, as "Vesta" is "Vesta I".)
    let mut k = 0;
    while k + 1 < own.len() {
        let edition = |o: &Operation| o.edition.unwrap_or(1);
        if own[k].series == own[k + 1].series && edition(&own[k]) < edition(&own[k + 1]) {
            background.push(own.remove(k));
        } else {
            k += 1;
        }
    }
    background.sort_by(|a, b| (&a.series, a.edition).cmp(&(&b.series, b.edition)));
    background.dedup();
    background.retain(|b| !own.contains(b));
    (own, background)
}

/// Where `phrase` first stands in `folded` as whole words.
fn word_position(folded: &str, phrase: &str) -> Option<usize> {
    if phrase.is_empty() {
        return None;
    }
    let bytes = folded.as_bytes();
    let mut from = 0;
    while let Some(k) = folded.get(from..).and_then(|rest| rest.find(phrase)) {
        let at = from + k;
        let end = at + phrase.len();
        let starts = at == 0 || bytes[at - 1] == b' ';
        let ends = end == bytes.len() || bytes[end] == b' ';
        if starts && ends {
            return Some(at);
        }
        from = at + 1;
        while from < folded.len() && !folded.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// The first `bytes` of `text` at most, cut on a character boundary.
fn head(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn sorted(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = values.collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The day span of an event: its own date when given to the day or month, otherwise the day
/// the article was published (reports appear within days of the event they report).
fn span(date: Option<&str>, published: Option<&str>) -> Option<Span> {
    let published_day = published.and_then(full_date);
    if let Some(date) = date.map(str::trim) {
        if let Some(day) = full_date(date) {
            let day = match published_day {
                Some(p) if day > p + 1 => before_publication(day, p),
                _ => day,
            };
            return Some(Span {
                first: day,
                last: day,
            });
        }
        if let Some(rest) = date.strip_prefix("--") {
            // Year unknown: the article's year, unless that puts the event after publication.
            let year = published.and_then(|p| number(p.get(0..4)?));
            if let (Some(year), Some(month), Some(day)) = (
                year,
                rest.get(0..2).and_then(number),
                rest.get(3..5).and_then(number),
            ) {
                let day_in = |year: u16| {
                    PartialDate::new(year, Some(month), Some(day))
                        .ok()
                        .filter(|d| EVENT_YEARS.contains(&d.year))
                        .map(PartialDate::first_day)
                };
                let mut d = day_in(year);
                if let (Some(d0), Some(p)) = (d, published_day) {
                    if d0 > p + 1 {
                        d = day_in(year.saturating_sub(1));
                    }
                }
                if let Some(d) = d {
                    return Some(Span { first: d, last: d });
                }
            }
        } else if date.len() == 7 {
            // A month: the event may be on any of its days.
            if let Ok(month @ PartialDate { month: Some(_), .. }) =
                PartialDate::parse(date, EVENT_YEARS)
            {
                return Some(Span {
                    first: month.first_day(),
                    last: month.last_day(),
                });
            }
        }
    }
    published_day.map(|d| Span { first: d, last: d })
}

/// An event day after its report's publication, in the publication's year: a day and month
/// written without a year ("a 12 de dezembro" in January) given the publication's year, which
/// puts it in the future. The year before, when that is before publication; otherwise as given.
fn before_publication(day: i64, published: i64) -> i64 {
    let (year, month, d) = rastro_text::civil_from_days(day);
    let (published_year, _, _) = rastro_text::civil_from_days(published);
    if year != published_year {
        return day;
    }
    u16::try_from(year - 1)
        .ok()
        .and_then(|y| PartialDate::new(y, Some(month as u8), Some(d as u8)).ok())
        .map(PartialDate::first_day)
        .filter(|&earlier| earlier <= published + 1)
        .unwrap_or(day)
}

/// The month and day of a date whose year is unknown (`--MM-DD`).
fn month_day(date: Option<&str>) -> Option<(u8, u8)> {
    let rest = date?.trim().strip_prefix("--")?;
    Some((number(rest.get(0..2)?)?, number(rest.get(3..5)?)?))
}

/// A span as people write it: `YYYY-MM-DD`, or `YYYY-MM-DD/YYYY-MM-DD`.
fn shown_span(span: Span) -> String {
    let day = |d: i64| {
        let (y, m, d) = rastro_text::civil_from_days(d);
        format!("{y:04}-{m:02}-{d:02}")
    };
    if span.exact() {
        day(span.first)
    } else {
        format!("{}/{}", day(span.first), day(span.last))
    }
}

/// The day of a text that starts with a real `YYYY-MM-DD` date (a publication timestamp's time
/// is ignored).
fn full_date(text: &str) -> Option<i64> {
    let text = text.trim();
    match PartialDate::parse(text.get(0..10)?, EVENT_YEARS) {
        Ok(day @ PartialDate { day: Some(_), .. }) => Some(day.first_day()),
        _ => None,
    }
}

/// A number of one to four digits (wider numbers are no part of a date).
fn number<T: TryFrom<u32>>(text: &str) -> Option<T> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    T::try_from(text.parse::<u32>().ok()?).ok()
}

/// Words that name an operation in any of the languages, or that precede its name.
const OPERATION_WORDS: &[&str] = &[
    "operation",
    "operations",
    "operacion",
    "operaciones",
    "operacao",
    "operacoes",
    "operativo",
    "op",
    "the",
    "la",
    "el",
    "a",
    "o",
    "de",
    "da",
    "do",
    "del",
];

/// The series and edition of an operation name: "Operación Turquesa V", "Operation Turquesa 5"
/// and "Turquesa V" are one key; `None` when nothing distinctive is left.
pub fn operation_key(name: &str) -> Option<Operation> {
    let folded = rastro_text::fold_key(name);
    let mut tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    while tokens.first().is_some_and(|t| OPERATION_WORDS.contains(t)) {
        tokens.remove(0);
    }
    let edition = match tokens.last() {
        Some(last) if tokens.len() > 1 => edition_number(last),
        _ => None,
    };
    if edition.is_some() {
        tokens.pop();
    }
    if tokens.is_empty() {
        return None;
    }
    Some(Operation {
        series: tokens.join(" "),
        edition,
    })
}

/// "V" → 5, "12" → 12; other words are not editions.
fn edition_number(token: &str) -> Option<u16> {
    if token.len() <= 3 && token.bytes().all(|b| b.is_ascii_digit()) {
        return token.parse().ok().filter(|&n: &u16| n > 0);
    }
    let value = |c: char| match c {
        'i' => Some(1u16),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        _ => None,
    };
    if token.len() > 6 {
        return None;
    }
    let digits: Vec<u16> = token.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0i32;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&next| next > d) {
            total -= i32::from(d);
        } else {
            total += i32::from(d);
        }
    }
    // "vi" is a numeral; "li" or "lv" in a name is more likely a word than 49 or 45.
    (1..50).contains(&total).then_some(total as u16)
}

/// Words around a group's name that outlets add or leave out, in any of the languages.
const GROUP_WORDS: &[&str] = &[
    "el",
    "la",
    "los",
    "las",
    "o",
    "os",
    "a",
    "as",
    "the",
    "de",
    "del",
    "da",
    "do",
    "das",
    "dos",
    "of",
    "cartel",
    "carteis",
    "cartels",
    "clan",
    "banda",
    "gang",
    "grupo",
    "group",
    "faccion",
    "faccao",
    "organizacion",
    "organizacao",
    "organization",
    "criminal",
    "red",
    "rede",
    "network",
];

/// Common words of groups' names as outlets translate them ("Los Hijos de Dios", "Os Filhos de
/// Deus", "the Sons of God"), each with the one word it is compared as. Names proper ("Aragua",
/// "Sinaloa") stay as written; only the words a translator changes are here.
const GROUP_TRANSLATIONS: &[(&str, &str)] = &[
    ("hijos", "sons"),
    ("filhos", "sons"),
    ("hijo", "sons"),
    ("filho", "sons"),
    ("son", "sons"),
    ("children", "sons"),
    ("hijas", "daughters"),
    ("filhas", "daughters"),
    ("dios", "god"),
    ("deus", "god"),
    ("hermanos", "brothers"),
    ("irmaos", "brothers"),
    ("brothers", "brothers"),
    ("tren", "train"),
    ("trem", "train"),
    ("nueva", "new"),
    ("nuevo", "new"),
    ("nova", "new"),
    ("novo", "new"),
    ("norte", "north"),
    ("sur", "south"),
    ("sul", "south"),
    ("familia", "family"),
    ("comando", "command"),
    ("primer", "first"),
    ("primero", "first"),
    ("primeiro", "first"),
    ("capital", "capital"),
    ("senores", "lords"),
    ("senhores", "lords"),
    ("reyes", "kings"),
    ("reis", "kings"),
];

/// "el Cártel de Sinaloa" and "Sinaloa Cartel" are one key ("sinaloa"), and so are "Los Hijos de
/// Dios" and "Os Filhos de Deus" ("sons god"): what differs between languages goes or is
/// translated. Word order is left as written: translations keep a name's words in order more
/// often than not, and reordering would join different names of the same words.
fn group_key(name: &str) -> Option<String> {
    let folded = rastro_text::fold_key(name);
    let tokens: Vec<&str> = folded
        .split(' ')
        .filter(|t| !t.is_empty() && !GROUP_WORDS.contains(t))
        .map(|t| {
            GROUP_TRANSLATIONS
                .iter()
                .find(|(word, _)| *word == t)
                .map_or(t, |&(_, common)| common)
        })
        .collect();
    (!tokens.is_empty()).then(|| tokens.join(" "))
}

/// Capitalised words that recur in news text without naming anything particular to one event,
/// besides English month and weekday names and the months' abbreviations ("Nov. 13"; see
/// [`is_common_capitalised`]).
const COMMON_CAPITALISED: &[&str] = &["the", "this", "that", "his", "her", "their"];

/// Whether a folded capitalised word is too common to tell events apart. Only English writes
/// months and weekdays with a capital inside a sentence; Spanish and Portuguese ones are
/// capitalised only where a sentence starts, and those words are not read as names anyway.
fn is_common_capitalised(folded: &str) -> bool {
    COMMON_CAPITALISED.contains(&folded)
        || rastro_text::month_number(folded, Lang::En).is_some()
        || weekday_names(Lang::En).contains(&folded)
}

/// The longest word written in capitals only that is read as an acronym. A report's acronyms
/// stand for its agencies, laws and well-known organisations ("FGR", "MTE", "ECA", "PDI"): every
/// report from one country writes the same few, so sharing one says nothing of sharing an event.
const ACRONYM_LETTERS: usize = 6;

/// Lower-case words that may stand inside a name ("Grupo Especial de Fiscalização Móvel",
/// "Ministerio del Interior", "Department of Justice").
const NAME_CONNECTORS: &[&str] = &[
    "de", "do", "da", "dos", "das", "del", "la", "las", "los", "of", "the", "e", "y",
];

/// First words of the names of institutions (police forces, ministries, prosecutors, courts,
/// agencies) in the three languages: every report from one country names the same few, so
/// sharing one says nothing of sharing an event.
const INSTITUTION_WORDS: &[&str] = &[
    "policia",
    "police",
    "guardia",
    "guard",
    "ministerio",
    "ministry",
    "minister",
    "ministro",
    "ministra",
    "department",
    "departamento",
    "fiscalia",
    "procuraduria",
    "procuradoria",
    "prosecutor",
    "prosecutors",
    "promotoria",
    "defensoria",
    "tribunal",
    "court",
    "juzgado",
    "justicia",
    "justica",
    "justice",
    "secretaria",
    "secretariat",
    "direccion",
    "diretoria",
    "directorate",
    "division",
    "divisao",
    "unidad",
    "unidade",
    "unit",
    "grupo",
    "instituto",
    "institute",
    "agencia",
    "agency",
    "office",
    "oficina",
    "superintendencia",
    "comision",
    "comissao",
    "commission",
    "gobierno",
    "governo",
    "government",
    "federal",
    "national",
    "nacional",
    "servicio",
    "servico",
    "service",
    "fuerza",
    "forca",
    "force",
    "ejercito",
    "army",
    "armada",
    "navy",
    "marinha",
    "coast",
    "congreso",
    "congresso",
    "congress",
    "bureau",
    "buro",
    "branch",
    // The laws they apply ("Estatuto da Criança e do Adolescente", "Ley 1098"), named in every
    // report of a country's cases of one kind.
    "estatuto",
    "ley",
    "lei",
    "law",
    "act",
    "codigo",
    "code",
];

/// Words of the names of roads, waters, landforms and landmarks in the three languages ("Mabura
/// Road", "Golfo de Paria", "Aeroporto Internacional de Guarulhos"): such a name places a report
/// in an area that many of its events share, so it is no rare name of one event; the towns the
/// gazetteer knows are compared as places.
const FEATURE_WORDS: &[&str] = &[
    "road",
    "street",
    "avenue",
    "highway",
    "calle",
    "avenida",
    "carretera",
    "autopista",
    "ruta",
    "rua",
    "rodovia",
    "estrada",
    "gulf",
    "golfo",
    "bay",
    "bahia",
    "baia",
    "gap",
    "river",
    "rio",
    "lake",
    "lago",
    "island",
    "islands",
    "isla",
    "islas",
    "ilha",
    "ilhas",
    "port",
    "puerto",
    "porto",
    "harbour",
    "harbor",
    "dock",
    "pier",
    "wharf",
    "muelle",
    "cais",
    "airport",
    "aeropuerto",
    "aeroporto",
    "bridge",
    "puente",
    "ponte",
    "border",
    "frontera",
    "fronteira",
    "park",
    "parque",
    "sierra",
    "mountains",
    "valley",
    "valle",
    "coast",
    "beach",
    "playa",
    "praia",
    "market",
    "mercado",
    "terminal",
    "station",
    "estacion",
    "estacao",
    "district",
    "distrito",
    "barrio",
    "bairro",
    "colonia",
    "province",
    "provincia",
    "region",
    "county",
    "parish",
    "canal",
    "jungle",
    "selva",
    "desert",
    "desierto",
    "deserto",
];

/// Whether a folded phrase names a country in any of the languages (codes aside: "can" and
/// "and" are codes too), or is a nationality word ("Haitians", "venezolanas"): migrants of one
/// nationality are in many reports of one corridor, so sharing the word is no sign of one event.
fn is_country_name(phrase: &str) -> bool {
    // "Bolivia y Brasil" is two countries, compared as such.
    phrase
        .split(' ')
        .collect::<Vec<_>>()
        .split(|w| NAME_CONNECTORS.contains(w))
        .filter(|part| !part.is_empty())
        .all(|part| {
            // (A phrase always holds a capitalised word, so there is a part.)
            let part = part.join(" ");
            is_country_proper_name(&part) || rastro_geo::country_of_nationality(&part).is_some()
        })
}

fn is_country_proper_name(phrase: &str) -> bool {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            rastro_geo::countries()
                .keys()
                .filter(|(key, _)| key.len() > 3)
                .map(|(key, _)| key.to_string())
                .collect()
        })
        .contains(phrase)
}

/// Share of people above which a name is too common to tell events apart: a tenth of a
/// thousandth of the region's people is tens of thousands of namesakes.
const COMMON_PERSON_NAME: f64 = 1e-4;

/// Whether a folded phrase is a name that many people carry ("Luis Rodríguez", "Silva" on its
/// own): two reports of different events name such a person by chance, however rare the name
/// is among the reports at hand. The share is the product of its words' shares in the reference
/// population of names (`rastro_names::reference_frequency`).
fn is_common_person_name(phrase: &str) -> bool {
    let share: f64 = phrase
        .split(' ')
        .filter(|w| !NAME_CONNECTORS.contains(w))
        .map(|w| rastro_names::reference_frequency(&rastro_names::phonetic_key(w)))
        .product();
    share >= COMMON_PERSON_NAME
}

/// Names in the text: runs of words that begin with a capital letter inside a sentence (with
/// the small words that join them), each folded as one phrase. A ministry or a mobile inspection
/// group is one name however many words it takes, so two reports naming the same institution
/// share one name, not four. A phrase whose every word the text also writes in lower case is
/// made of common words ("Trata de Personas" in a law's name, "Niños, Niñas y Adolescentes" in
/// an agency's, a headline's capitals): those words are in every report of the kind, not names;
/// nor is an acronym on its own (see [`ACRONYM_LETTERS`]).
fn name_phrases(text: &str) -> Vec<String> {
    let mut end = text.len().min(SHINGLED_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut word = String::new();
    let mut word_capitalised = false;
    let mut word_lower = false;
    // Hashes of the words written in lower case: a set of strings would copy every word.
    let mut lower_words: Vec<u64> = Vec::new();
    // Hashes of the words written in capitals only ("FGR", "MTE", "PDI").
    let mut acronyms: Vec<u64> = Vec::new();
    // The phrase being read, and the connectors read since its last capitalised word.
    let mut phrase: Vec<String> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let close = |phrase: &mut Vec<String>, pending: &mut Vec<String>, out: &mut Vec<String>| {
        pending.clear();
        let named: Vec<&String> = phrase
            .iter()
            .filter(|w| w.chars().count() >= 3 && !is_common_capitalised(w))
            .collect();
        if !named.is_empty() {
            out.push(phrase.join(" "));
        }
        phrase.clear();
    };
    let take = |word: &mut String,
                capitalised: bool,
                lower: bool,
                lower_words: &mut Vec<u64>,
                acronyms: &mut Vec<u64>,
                phrase: &mut Vec<String>,
                pending: &mut Vec<String>,
                out: &mut Vec<String>| {
        let all_capitals = (2..=ACRONYM_LETTERS).contains(&word.chars().count())
            && word.chars().all(char::is_uppercase);
        let folded = rastro_text::fold_key(word);
        word.clear();
        if folded.is_empty() {
            return;
        }
        if lower && folded.len() >= 3 {
            lower_words.push(xxh3_64(folded.as_bytes()));
        }
        if all_capitals {
            acronyms.push(xxh3_64(folded.as_bytes()));
        }
        if capitalised && !(phrase.is_empty() && is_common_capitalised(&folded)) {
            phrase.append(pending);
            phrase.push(folded);
        } else if !phrase.is_empty() && NAME_CONNECTORS.contains(&folded.as_str()) {
            pending.push(folded);
        } else {
            close(phrase, pending, out);
        }
    };
    for c in text[..end].chars() {
        if c.is_alphanumeric() {
            if word.is_empty() {
                word_capitalised = c.is_uppercase() && !sentence_start;
                word_lower = c.is_lowercase();
            }
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            take(
                &mut word,
                word_capitalised,
                word_lower,
                &mut lower_words,
                &mut acronyms,
                &mut phrase,
                &mut pending,
                &mut out,
            );
            sentence_start = false;
        }
        if !c.is_whitespace() && c != '-' && c != '\'' && c != '’' {
            // Punctuation ends a name: "Lima, Callao" are two.
            close(&mut phrase, &mut pending, &mut out);
        }
        if matches!(
            c,
            '.' | '!' | '?' | ':' | '\n' | '"' | '“' | '«' | '(' | '¿' | '¡' | '—'
        ) {
            sentence_start = true;
        }
    }
    if !word.is_empty() {
        take(
            &mut word,
            word_capitalised,
            word_lower,
            &mut lower_words,
            &mut acronyms,
            &mut phrase,
            &mut pending,
            &mut out,
        );
    }
    close(&mut phrase, &mut pending, &mut out);
    lower_words.sort_unstable();
    acronyms.sort_unstable();
    out.retain(|phrase| {
        let common_words = phrase
            .split(' ')
            .filter(|w| w.len() >= 3 && !NAME_CONNECTORS.contains(w))
            .all(|w| lower_words.binary_search(&xxh3_64(w.as_bytes())).is_ok());
        let acronym =
            !phrase.contains(' ') && acronyms.binary_search(&xxh3_64(phrase.as_bytes())).is_ok();
        !common_words && !acronym
    });
    out
}

/// The report's names and figures, hashed and sorted: people, companies, towns and figures stay
/// the same in every language. Names of countries and institutions, and names made only of the
/// words of the report's places, operations and groups, are left out: each is compared once, as what it is,
/// and counting its name again as a rare name would make two events in one town, or two
/// editions of one operation, look like one.
fn names(incident: &Incident, text_figures: &[u64]) -> Vec<u64> {
    let country_words: Vec<&HashSet<String>> = incident
        .countries
        .iter()
        .filter_map(|code| country_name_words().get(code.as_str()))
        .collect();
    let words: std::collections::HashSet<String> = incident
        .places
        .iter()
        .flat_map(|p| [Some(p.name.as_str()), p.region.as_deref()])
        .flatten()
        .chain(incident.operations.iter().map(String::as_str))
        .chain(incident.groups.iter().map(String::as_str))
        .flat_map(folded_words)
        .collect();
    let mut out: Vec<u64> = name_phrases(&incident.text)
        .into_iter()
        .filter(|phrase| {
            // Countries are compared as countries, institutions and landmarks tell nothing (see
            // above), and neither does the tail of an institution's name that a comma or a
            // small word cut off ("… de Migrantes do Ministério da Justiça").
            !phrase
                .split(' ')
                .any(|w| INSTITUTION_WORDS.contains(&w) || FEATURE_WORDS.contains(&w))
                && !is_country_name(phrase)
                && !is_common_person_name(phrase)
                && !phrase
                    .split(' ')
                    .filter(|w| w.len() >= 3 && !NAME_CONNECTORS.contains(w))
                    .all(|w| {
                        words.contains(w)
                            || OPERATION_WORDS.contains(&w)
                            || country_words.iter().any(|c| c.contains(w))
                    })
        })
        .map(|phrase| xxh3_64(phrase.as_bytes()))
        .collect();
    out.extend(text_figures.iter().map(|&value| figure_hash(value)));
    out.sort_unstable();
    out.dedup();
    out
}

/// The words of three letters or more of a name, folded: the words a name phrase is compared by.
fn folded_words(name: &str) -> Vec<String> {
    rastro_text::fold_key(name)
        .split(' ')
        .filter(|w| w.len() >= 3)
        .map(str::to_string)
        .collect()
}

/// The words of every country's names in the three languages, by alpha-2 code, folded: a word
/// of one ("Caicos" of "Turks and Caicos", "Tobago") is compared as the country it names.
fn country_name_words() -> &'static HashMap<&'static str, HashSet<String>> {
    static WORDS: std::sync::OnceLock<HashMap<&'static str, HashSet<String>>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        rastro_geo::countries()
            .iter()
            .map(|country| {
                let words = country
                    .all_names()
                    .iter()
                    .flat_map(|name| folded_words(name))
                    .collect();
                (country.code.as_static_str(), words)
            })
            .collect()
    })
}

/// A figure written in digits ("532", "3,222", "3.222", "12 000"), hashed apart from words: a
/// figure is the same in every language. Figures under 10 and years are too common to tell.
fn figure_hash(value: u64) -> u64 {
    xxh3_64(format!("#{value}").as_bytes())
}

/// The figures of 10 or more a report's text gives in digits, and every count it states (see
/// [`super::stated`]: digits from two up and number words), each sorted and without repeats:
/// the digits are read once, for the evidence of names and for the tallies both texts give.
fn text_figures(head_text: &str, folded: &str, language: Option<Lang>) -> (Vec<u64>, Vec<u64>) {
    let mut stated = figure_values(head_text, 2);
    stated.sort_unstable();
    stated.dedup();
    let figures: Vec<u64> = stated.iter().copied().filter(|&v| v >= 10).collect();
    stated.extend(super::stated::count_words(folded, language));
    stated.sort_unstable();
    stated.dedup();
    (figures, stated)
}

/// The figures of at least `min` written in digits, as values, in the order of the text.
fn figure_values(text: &str, min: u64) -> Vec<u64> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut value: u64 = 0;
        let mut digits_in_group = 0;
        let mut j = i;
        while j < bytes.len() {
            let b = bytes[j];
            if b.is_ascii_digit() {
                value = value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
                digits_in_group += 1;
                j += 1;
            } else if matches!(b, b',' | b'.' | b' ')
                && j + 3 < bytes.len() + 1
                && bytes
                    .get(j + 1..j + 4)
                    .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                && !bytes.get(j + 4).is_some_and(u8::is_ascii_digit)
                && digits_in_group <= 3
            {
                // A thousands separator: exactly three digits follow.
                digits_in_group = 0;
                j += 1;
            } else {
                break;
            }
        }
        let is_year = (1900..=2099).contains(&value) && j - i == 4;
        if value >= min && !is_year && !bytes.get(j).is_some_and(u8::is_ascii_alphabetic) {
            out.push(value);
        }
        i = j.max(i + 1);
    }
    out
}

/// One in four of the text's word 4-grams, chosen by hash value so that two copies of a story
/// keep the same ones.
fn shingles(folded: &str) -> Vec<u64> {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<u64> = words
        .windows(4)
        .map(|w| xxh3_64(w.join(" ").as_bytes()))
        .filter(|h| h % 4 == 0)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
