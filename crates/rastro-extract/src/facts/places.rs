//! Places and their roles. `rastro-geo` finds the places (countries, nationality words, regions,
//! cities, landmarks) and decides ambiguous names; this module decides from the sentence what
//! each place is in the reported events: where people came from, passed through, were taken to
//! or were exploited.

use std::borrow::Cow;

use rastro_geo::{countries, gazetteer, CountryCode, MentionKind};

use super::Ctx;
use crate::model::{Place, Role};
use crate::text::Doc;
use crate::words::lexicon::Cue;

/// A place reference, located in tokens.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    pub tok_start: usize,
    pub tok_end: usize,
    pub country: CountryCode,
    pub nationality: bool,
    /// A country named as such (not a town or region inside it).
    pub country_name: bool,
    /// Borrowed from the gazetteer, which lives as long as the process.
    pub name: Cow<'static, str>,
    pub admin1: Option<&'static str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// The places of `doc` into `mentions` (cleared first).
pub(crate) fn find_into(doc: &Doc, mentions: &mut Vec<Mention>) {
    mentions.clear();
    let tokens = &doc.tokens;
    mentions.extend(gazetteer().find(doc.text).into_iter().filter_map(|m| {
        // First token starting at or after the span start, last token starting before its end.
        let a = tokens.partition_point(|t| t.start < m.span.start);
        let b = tokens.partition_point(|t| t.start < m.span.end);
        (a < b).then(|| Mention {
            tok_start: a,
            tok_end: b,
            country: m.country,
            nationality: m.kind == MentionKind::Nationality,
            country_name: m.kind == MentionKind::Country,
            name: m.name,
            admin1: m.admin1,
            lat: m.lat,
            lon: m.lon,
        })
    }));
}

const ORIGIN_WORDS: &[&str] = &[
    "from",
    "desde",
    "procedente",
    "procedentes",
    "proveniente",
    "provenientes",
    "originario",
    "originarios",
    "originaria",
    "originarias",
    "oriundo",
    "oriundos",
    "oriunda",
    "oriundas",
    "natural",
    "naturales",
    "nacionalidad",
    "nacionalidade",
    "native",
    "natives",
];
const TRANSIT_WORDS: &[&str] = &[
    "through",
    "via",
    "traves",
    "transito",
    "transit",
    "cruzando",
    "crossing",
    "atravesando",
    "pasando",
    "passando",
];
const DESTINATION_WORDS: &[&str] = &[
    "to", "into", "hacia", "rumbo", "destino", "towards", "toward", "para", "a", "ao", "al",
];
const EVENT_PLACE_WORDS: &[&str] = &["en", "in", "em", "no", "na", "nos", "nas", "at"];
/// Verbs of moving people that make "to/hacia/para X" a destination.
const MOVEMENT_STEMS: &[&str] = &[
    "llev",
    "lev",
    "envi",
    "sent",
    "send",
    "traslad",
    "transport",
    "trafficked",
    "smuggl",
    "viaj",
    "travel",
    "brought",
    "brough",
    "took",
    "taken",
    "mov",
    "cruz",
    "cross",
    "head",
    "bound",
    "route",
    "trajer",
    "traid",
    "emigr",
    "migr",
    "sending",
    "rumbo",
    "lleg",
    "cheg",
    "arriv",
];

/// Whether sentence `s` moves people ("trasladadas", "smuggled", "viajaban"); computed once per
/// sentence because articles name many places.
fn moves_people(ctx: &Ctx, s: usize, cache: &mut [Option<bool>]) -> bool {
    if let Some(known) = cache[s] {
        return known;
    }
    let sent = ctx.doc.sentences[s];
    let found = ctx.doc.tokens[sent.tok_start..sent.tok_end]
        .iter()
        .any(|t| MOVEMENT_STEMS.iter().any(|stem| t.key.starts_with(stem)));
    cache[s] = Some(found);
    found
}

fn role_of(ctx: &Ctx, m: &Mention, movement: &mut [Option<bool>]) -> Option<Role> {
    let s = ctx.sentence_of(m.tok_start);
    let sent = ctx.doc.sentences[s];
    let tokens = &ctx.doc.tokens;
    if m.nationality {
        // A nationality of victims or migrants is their origin; of suspects it says nothing.
        let of_victims = ctx.sentence_has(s, |c| {
            matches!(c, Cue::NounVictim | Cue::NounMigrant | Cue::Rescue)
        });
        let of_suspects = ctx.sentence_has(s, |c| matches!(c, Cue::Arrest | Cue::ArrestOne));
        return (of_victims && !of_suspects).then_some(Role::Origin);
    }
    const BACK: usize = 3;
    let back = m.tok_start.saturating_sub(BACK).max(sent.tok_start);
    // At most three words, kept on the stack: this runs for every place an article names.
    let mut kept = [""; BACK];
    let mut len = 0;
    for t in &tokens[back..m.tok_start] {
        let k = t.key.as_ref();
        if !matches!(
            k,
            "el" | "la" | "los" | "las" | "the" | "o" | "os" | "as" | "de" | "do" | "da"
        ) {
            kept[len] = k;
            len += 1;
        }
    }
    let before = &kept[..len];
    let has = |words: &[&str]| before.iter().any(|w| words.contains(w));
    if has(ORIGIN_WORDS) {
        return Some(Role::Origin);
    }
    if has(TRANSIT_WORDS) {
        return Some(Role::Transit);
    }
    let destination_word = before.last().is_some_and(|w| DESTINATION_WORDS.contains(w));
    if destination_word && moves_people(ctx, s, movement) {
        return Some(Role::Destination);
    }
    let exploitation_here = ctx.sentence_has(s, |c| matches!(c, Cue::Form(_)));
    if exploitation_here && before.last().is_some_and(|w| EVENT_PLACE_WORDS.contains(w)) {
        return Some(Role::Exploitation);
    }
    None
}

/// The article's countries (sorted codes) and places (in order of first mention, one entry per
/// place, the first stated role kept).
pub(crate) fn resolve(ctx: &mut Ctx) -> (Vec<CountryCode>, Vec<Place>) {
    if !ctx.name_spans.is_empty() {
        let spans = std::mem::take(&mut ctx.name_spans);
        ctx.mentions.retain(|m| {
            !spans
                .iter()
                .any(|&(a, b)| a <= m.tok_start && m.tok_end <= b)
        });
    }
    let mut codes: Vec<CountryCode> = ctx.mentions.iter().map(|m| m.country).collect();
    codes.sort();
    codes.dedup();
    let mut places: Vec<Place> = Vec::with_capacity(ctx.mentions.len());
    // (country, name, role, tokens) of each mention, for its evidence.
    let mut spans = Vec::with_capacity(ctx.mentions.len());
    let mut movement = vec![None; ctx.doc.sentences.len()];
    for m in &ctx.mentions {
        let role = role_of(ctx, m, &mut movement);
        // Borrowed from the country table or the gazetteer, so that evidence without a role
        // copies no name.
        let name: Cow<'static, str> = if m.nationality {
            Cow::Borrowed(countries().name(m.country, ctx.lang))
        } else {
            m.name.clone()
        };
        match places
            .iter_mut()
            .find(|p| p.name == name.as_ref() && p.country == m.country)
        {
            Some(existing) => {
                if existing.role.is_none() {
                    existing.role = role;
                }
            }
            None => places.push(Place {
                name: name.to_string(),
                country: m.country,
                admin1: m.admin1.map(str::to_string),
                lat: m.lat,
                lon: m.lon,
                role,
            }),
        }
        spans.push((m.country, name, role, m.tok_start, m.tok_end));
    }
    for (code, name, role, a, b) in spans {
        ctx.evidence("countries", code.as_static_str(), a, b);
        let value: Cow<'static, str> = match role {
            Some(r) => {
                let role = r.name();
                let mut value = String::with_capacity(name.len() + role.len() + 3);
                value.push_str(&name);
                value.push_str(" (");
                value.push_str(role);
                value.push(')');
                Cow::Owned(value)
            }
            None => name,
        };
        ctx.evidence("places", value, a, b);
    }
    (codes, places)
}
