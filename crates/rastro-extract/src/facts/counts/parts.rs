//! Counts of people given as a list of parts: "tres mujeres y cuatro niños", "the owner and
//! two of his employees", "o dono do bar e três funcionários", "seis mujeres colombianas y
//! cuatro venezolanas". Each part is a number with its noun, or one person in the singular
//! ("a 16-year-old girl", "su esposa"); parts are joined by "and", by commas before a final
//! "and", or by "together with". The list is read the same wherever it stands: as the object
//! of a verb, as the subject of a passive, or after a count already read.

use super::{noun_after, Noun};
use crate::facts::Ctx;
use crate::numbers;
use crate::text::TokKind;
use crate::words::lexicon::Cue;

/// Determiners of one person: "the owner", "una joven", "su esposa", "al dueño".
fn singular_determiner(key: &str) -> bool {
    matches!(
        key,
        "a" | "an"
            | "the"
            | "un"
            | "una"
            | "el"
            | "la"
            | "al"
            | "um"
            | "uma"
            | "o"
            | "su"
            | "sua"
            | "seu"
            | "his"
            | "her"
            | "its"
            | "their"
            | "another"
            | "otro"
            | "otra"
            | "outro"
            | "outra"
    )
}

/// Articles and possessives before a number of people: "her two daughters", "los tres".
/// "y otros seis integrantes", "e outras duas mulheres": the rest of a list after one named.
pub(super) const PLURAL_DETERMINERS: &[&str] = &[
    "his", "her", "their", "its", "the", "sus", "su", "los", "las", "seus", "suas", "os", "as",
    "otros", "otras", "outros", "outras",
];

/// Possessives and articles between "of" and the noun of a part: "two of his employees".
const OF_DETERMINERS: &[&str] = &[
    "his", "her", "their", "its", "the", "sus", "su", "los", "las", "seus", "suas", "os", "as",
];

/// How many words (adjectives, an age) may stand between a singular determiner and its noun:
/// "a missing 16-year-old Honduran girl".
const SINGULAR_REACH: usize = 8;

/// How many tokens of a modifier may follow a part before the next one: "the owner of the
/// bar and", "seis mujeres colombianas y".
const MODIFIER_REACH: usize = 5;

/// A list read: the sum of its parts, where it ends, and how many parts it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct List {
    pub total: u64,
    pub end: usize,
    pub parts: usize,
    /// Every part is one person in the singular.
    pub all_singular: bool,
}

/// One person in the singular starting at `at`: a determiner, a few words, a person noun that
/// is not plural. Returns where the noun ends.
pub(super) fn singular_person(ctx: &Ctx, at: usize, limit: usize) -> Option<(usize, u64)> {
    let t = &ctx.doc.tokens;
    let det = t.get(at)?;
    if !singular_determiner(&det.key) || at >= limit {
        return None;
    }
    // "a dozen women" is a number, not one person.
    if numbers::parse_at(&ctx.doc, at, ctx.lang).is_some_and(|n| n.end > at + 1) {
        return None;
    }
    let s = ctx.sentence_of(at);
    let hits = ctx.hits_in(s);
    let last = (at + SINGULAR_REACH).min(limit.saturating_sub(1));
    let (noun_start, noun_end) = (at + 1..=last).find_map(|j| {
        if role_word(&t[j].key, ctx.lang) {
            return Some((j, j + 1));
        }
        hits.iter()
            .find(|h| {
                h.start == j
                    && h.end <= limit
                    && matches!(h.cue, Cue::NounPerson | Cue::NounMinor | Cue::NounVictim)
            })
            .map(|h| (h.start, h.end))
    })?;
    // Only words, an age ("16-year-old", "de 30 años" comes after the noun) and hyphens stand
    // between: no other count, no clause.
    let clean = t[at + 1..noun_start].iter().all(|x| {
        x.kind == TokKind::Word || x.key == "-" || x.kind == TokKind::Number && x.key.len() <= 2
    }) && !t[at + 1..noun_start].iter().any(|x| {
        matches!(
            x.key.as_ref(),
            "and" | "y" | "e" | "of" | "de" | "que" | "who"
        )
    });
    let singular = t[noun_start..noun_end].iter().all(|x| {
        (!x.key.ends_with('s') || x.key.ends_with("ss"))
            && !matches!(x.key.as_ref(), "men" | "women" | "children" | "people")
    }) && !(at + 1..noun_start)
        .any(|j| numbers::parse_at(&ctx.doc, j, ctx.lang).is_some_and(|n| !super::is_age(ctx, &n)));
    // "detienen a una pareja": a couple is two people.
    let couple = t[noun_start..noun_end]
        .iter()
        .any(|x| COUPLE.contains(&x.key.as_ref()));
    (clean && singular).then_some((noun_end, if couple { 2 } else { 1 }))
}

/// Nouns for two people named in the singular.
pub(super) const COUPLE: &[&str] = &["pareja", "casal", "couple", "matrimonio"];

/// One part starting at `at`: its count, its end, and whether it is one person in the
/// singular.
fn part(ctx: &Ctx, at: usize, limit: usize) -> Option<(u64, usize, bool)> {
    let t = &ctx.doc.tokens;
    // "her two daughters", "los tres empleados": a determiner before the number.
    let at = match t.get(at) {
        Some(x)
            if PLURAL_DETERMINERS.contains(&x.key.as_ref())
                && numbers::parse_at(&ctx.doc, at + 1, ctx.lang).is_some_and(|n| !n.one_word) =>
        {
            at + 1
        }
        _ => at,
    };
    if let Some(num) = numbers::parse_at(&ctx.doc, at, ctx.lang) {
        let value = num.count()?;
        // "de entre 1 y 13 años": an age is no part.
        if num.end > limit || super::is_age(ctx, &num) {
            return None;
        }
        if let Some((noun, end)) = noun_after(ctx, &num) {
            return matches!(
                noun,
                Noun::Person | Noun::Minor | Noun::Victim | Noun::Migrant
            )
            .then_some((value, end, false));
        }
        // "two of his employees", "tres de sus trabajadores"
        let of = num.end;
        if t.get(of)
            .is_some_and(|x| matches!(x.key.as_ref(), "of" | "de" | "dos" | "das"))
            && t.get(of + 1)
                .is_some_and(|x| OF_DETERMINERS.contains(&x.key.as_ref()))
        {
            let s = ctx.sentence_of(at);
            let noun = ctx
                .hits_in(s)
                .iter()
                .find(|h| h.start == of + 2 && matches!(h.cue, Cue::NounPerson | Cue::NounMinor))?;
            return Some((value, noun.end, false));
        }
        return None;
    }
    singular_person(ctx, at, limit)
        .or_else(|| named_person(ctx, at, limit).map(|end| (end, 1)))
        .map(|(end, value)| (value, end, value == 1))
}

/// Longest personal name read: given names, particles and surnames ("María de la Cruz Pérez").
const NAME_REACH: usize = 5;

/// One person named by a proper name of at least two words ("Jorge Restrepo", "Anna
/// Petrova"), none of them a place, a nationality, a month or a weekday. Returns where the
/// name ends.
pub(super) fn named_person(ctx: &Ctx, at: usize, limit: usize) -> Option<usize> {
    let t = &ctx.doc.tokens;
    let name_word = |j: usize| {
        t.get(j).is_some_and(|x| {
            j < limit
                && x.kind == TokKind::Word
                && x.cap
                && !x.upper
                && !rastro_text::is_calendar_word(&x.key)
                && !singular_determiner(&x.key)
                && !PLURAL_DETERMINERS.contains(&x.key.as_ref())
        })
    };
    // A name starts a sentence only after a verb has named it, never at its start.
    if !name_word(at) || at == ctx.doc.sentences[ctx.sentence_of(at)].tok_start {
        return None;
    }
    let mut end = at + 1;
    let mut capitals = 1;
    while end < (at + NAME_REACH).min(limit) {
        if name_word(end) {
            capitals += 1;
            end += 1;
        } else if matches!(
            t[end].key.as_ref(),
            "de" | "da" | "do" | "dos" | "del" | "la"
        ) && name_word(end + 1)
        {
            end += 1;
        } else {
            break;
        }
    }
    let placed = ctx
        .mentions
        .iter()
        .any(|m| m.tok_start < end && m.tok_end > at);
    // "Guadalupe \"N\"", "Rafael N.": a given name with the initial that Mexican authorities
    // print for a surname they withhold.
    if capitals == 1 {
        let quoted = |j: usize| {
            t.get(j)
                .is_some_and(|x| matches!(x.key.as_ref(), "\"" | "“" | "”"))
        };
        let initial = |j: usize| t.get(j).is_some_and(|x| x.key == "n" && x.cap);
        if quoted(end) && initial(end + 1) && quoted(end + 2) && end + 3 <= limit {
            return (!placed).then_some(end + 3);
        }
    }
    (capitals >= 2 && !placed).then_some(end)
}

/// Longest nickname read after "alias" ("alias el Negro Chico").
const NICKNAME_REACH: usize = 6;

/// An age or a nickname set off after a person ("Jorge Restrepo, de 45 años", "John Miller,
/// 52", "el cabecilla, alias el Mono,"): where it ends, before the comma that closes it.
fn age_apposition(ctx: &Ctx, at: usize, limit: usize) -> Option<usize> {
    let t = &ctx.doc.tokens;
    let key = |j: usize| {
        t.get(j)
            .filter(|_| j < limit)
            .map_or("", |x| x.key.as_ref())
    };
    if key(at) != "," {
        return None;
    }
    let mut j = at + 1;
    // A nickname set off the same way: "su cabecilla, alias el Mono, y otros seis".
    if matches!(key(j), "alias" | "aka" | "vulgo") {
        let close = (j + 1..(j + NICKNAME_REACH).min(limit)).find(|&k| key(k) == ",")?;
        if matches!(key(close + 1), "y" | "e" | "and") {
            return Some(close + 1);
        }
        return Some(close);
    }
    if key(j) == "de" {
        j += 1;
    }
    t.get(j).filter(|x| {
        j < limit
            && x.kind == TokKind::Number
            && x.key.len() <= 2
            && x.key.bytes().all(|b| b.is_ascii_digit())
    })?;
    j += 1;
    if matches!(key(j), "anos" | "years" | "ano") {
        j += 1;
    }
    // The comma that closes the age stands before the "and" of the next part.
    if key(j) == "," && matches!(key(j + 1), "y" | "e" | "and") {
        return Some(j + 1);
    }
    matches!(key(j), "," | "y" | "e" | "and" | "." | "").then_some(j)
}

/// Words that join the parts of a list; returns where the next part starts.
fn separator(ctx: &Ctx, at: usize) -> Option<usize> {
    let t = &ctx.doc.tokens;
    let key = |j: usize| t.get(j).map_or("", |x| x.key.as_ref());
    let mut j = match key(at) {
        "," | "y" | "e" | "and" => at + 1,
        "together" | "along" | "alongside" if key(at + 1) == "with" => at + 2,
        "alongside" => at + 1,
        "junto" | "juntamente" if matches!(key(at + 1), "con" | "com" | "a") => at + 2,
        "as" if key(at + 1) == "well" && key(at + 2) == "as" => at + 3,
        "asi" if key(at + 1) == "como" => at + 2,
        "bem" if key(at + 1) == "como" => at + 2,
        _ => return None,
    };
    // The Spanish "a" before a person object: "detuvo al dueño y a sus dos hijos".
    if key(j) == "a" && ctx.lang == rastro_geo::Lang::Es {
        j += 1;
    }
    Some(j)
}

/// Words that end a part's modifier: what follows them is a predicate, not a description.
const VERBLIKE: &[&str] = &[
    "y", "e", "and", "que", "who", "which", "were", "was", "fue", "fueron", "foi", "foram", "es",
    "son", "is", "are", "sao", "era", "eran", "eram", "estaba", "estaban", "estava", "estavam",
    "quedo", "quedaron", "ficou", "ficaram", "se", "had", "have", "has", "ha", "han",
];

/// Whether a rescue, arrest or exploitation cue starts at `j`.
fn verb_at(ctx: &Ctx, j: usize) -> bool {
    ctx.hits_in(ctx.sentence_of(j)).iter().any(|h| {
        h.start == j
            && matches!(
                h.cue,
                Cue::Rescue
                    | Cue::RescueOne
                    | Cue::Identify
                    | Cue::Arrest
                    | Cue::ArrestOne
                    | Cue::ArrestHeld
            )
    }) || super::exploited_word(&ctx.doc.tokens[j].key, ctx.lang)
}

/// Skips a short modifier after a part ("of the bar", "colombianas", "de 34 años") when the
/// next part follows it; returns where the separator stands.
fn past_modifier(ctx: &Ctx, end: usize, limit: usize) -> usize {
    if let Some(after_age) = age_apposition(ctx, end, limit) {
        return after_age;
    }
    if separator(ctx, end).is_some() {
        return end;
    }
    let t = &ctx.doc.tokens;
    let stop = (end + MODIFIER_REACH).min(limit);
    // Most counts are followed by no second part at all.
    let joins = |x: &crate::text::Token<'_>| {
        matches!(
            x.key.as_ref(),
            "y" | "e" | "and" | "together" | "along" | "alongside" | "junto" | "juntamente"
        )
    };
    if !t[end.min(stop)..(stop + 1).min(t.len())].iter().any(joins) {
        return end;
    }
    for j in end + 1..=stop {
        let Some(x) = t.get(j - 1) else { break };
        let plain = x.kind == TokKind::Word
            && !super::clause_barrier(&x.key)
            && !VERBLIKE.contains(&x.key.as_ref())
            || x.kind == TokKind::Number && x.key.len() <= 2;
        if !plain || verb_at(ctx, j - 1) {
            break;
        }
        // "the leader of the ring along with four accomplices"
        if t.get(j).is_some_and(joins) && separator(ctx, j).is_some() {
            return j;
        }
    }
    end
}

/// The list of people starting at `at`, ending before `limit`. A comma joins parts only in a
/// list that ends with "and" ("12 mujeres, 3 hombres y 2 niños"): "40 personas, 30 hombres"
/// is a breakdown of the first.
pub(super) fn list(ctx: &Ctx, at: usize, limit: usize) -> Option<List> {
    let (first, end, singular) = part(ctx, at, limit)?;
    Some(list_after(ctx, first, end, singular, limit))
}

/// The list whose first part (`first` people, ending at `end`) was read already.
pub(super) fn list_after(
    ctx: &Ctx,
    first: u64,
    mut end: usize,
    mut all_singular: bool,
    limit: usize,
) -> List {
    let first_end = end;
    let mut total = first;
    let mut parts = 1;
    loop {
        let sep_at = past_modifier(ctx, end, limit);
        let Some(next) = separator(ctx, sep_at) else {
            break;
        };
        let comma = ctx.doc.tokens[sep_at].key == ",";
        let Some((value, next_end, singular)) = part(ctx, next, limit) else {
            break;
        };
        if comma && !list_closes_with_and(ctx, next_end, limit) {
            break;
        }
        total = total.saturating_add(value);
        end = next_end;
        parts += 1;
        all_singular &= singular;
    }
    // "Seven nationals, two women and five men": parts that add up to the first part are its
    // breakdown, not more people. Men, women or children are no class to break down into the
    // others: "two men, a woman and a teenager" are four.
    if parts >= 3 && total - first == first && !of_one_sex_or_age(ctx, first_end) {
        total = first;
    }
    List {
        total,
        end,
        parts,
        all_singular,
    }
}

/// Whether the part ending at `end` names people of one sex or one age ("dos hombres", "three
/// women", "quatro crianças"), which no later part of the same list can break down.
fn of_one_sex_or_age(ctx: &Ctx, end: usize) -> bool {
    end.checked_sub(1)
        .and_then(|j| ctx.doc.tokens.get(j))
        .is_some_and(|x| {
            matches!(
                x.key.as_ref(),
                "hombres"
                    | "mujeres"
                    | "ninos"
                    | "ninas"
                    | "homens"
                    | "mulheres"
                    | "criancas"
                    | "meninos"
                    | "meninas"
                    | "men"
                    | "women"
                    | "children"
                    | "boys"
                    | "girls"
            )
        })
}

/// Whether the parts after a comma go on to a final "and" part.
fn list_closes_with_and(ctx: &Ctx, mut end: usize, limit: usize) -> bool {
    for _ in 0..6 {
        let sep_at = past_modifier(ctx, end, limit);
        let Some(next) = separator(ctx, sep_at) else {
            return false;
        };
        let Some((_, next_end, _)) = part(ctx, next, limit) else {
            return false;
        };
        if ctx.doc.tokens[sep_at].key != "," {
            return true;
        }
        end = next_end;
    }
    false
}

/// One person in the singular joined to the part starting at `at` by "and" right before it:
/// "the owner and two employees", "o dono e três funcionários". Returns where that person
/// starts.
pub(super) fn singular_before(ctx: &Ctx, at: usize) -> Option<usize> {
    let t = &ctx.doc.tokens;
    let and = at.checked_sub(1)?;
    if !matches!(t[and].key.as_ref(), "y" | "e" | "and") {
        return None;
    }
    let sent_start = ctx.doc.sentences[ctx.sentence_of(at)].tok_start;
    let lowest = and
        .saturating_sub(SINGULAR_REACH + MODIFIER_REACH)
        .max(sent_start);
    (lowest..and).rev().find(|&d| {
        singular_person(ctx, d, and).is_some_and(|(end, _)| past_modifier(ctx, end, and + 1) == and)
            && !(d > sent_start && t[d - 1].kind == TokKind::Number)
    })
}

/// How far (tokens) after a count its verb may carry a companion: "Two employees were held
/// together with the owner".
const COMPANION_REACH: usize = 5;

/// People joined to a count after its verb by "together with", "junto con", "along with":
/// "Two employees were held together with the owner", "fueron detenidos junto a su jefe".
pub(super) fn companions_after(ctx: &Ctx, end: usize, limit: usize) -> Option<List> {
    let t = &ctx.doc.tokens;
    let stop = (end + COMPANION_REACH).min(limit);
    for (j, x) in t.iter().enumerate().take(stop).skip(end) {
        if x.kind != TokKind::Word {
            return None;
        }
        let joined = matches!(
            x.key.as_ref(),
            "together" | "along" | "junto" | "juntamente"
        );
        if joined {
            let next = separator(ctx, j)?;
            return list(ctx, next, limit);
        }
        if x.key == "alongside" {
            return list(ctx, j + 1, limit);
        }
    }
    None
}

/// One person named by role or kinship ("el dueño", "his wife", "o motorista"), a part of a
/// count given as a list ("the owner and two employees"). Read here, for the few determiners
/// in lists, rather than matched by the cue tables on every word.
pub(super) fn role_word(key: &str, lang: rastro_geo::Lang) -> bool {
    matches!(
        key,
        "dueno"
            | "duena"
            | "dono"
            | "owner"
            | "propietario"
            | "propietaria"
            | "proprietario"
            | "proprietaria"
            | "esposa"
            | "esposo"
            | "wife"
            | "husband"
            | "marido"
            | "mulher"
            | "hijo"
            | "hija"
            | "filho"
            | "filha"
            | "daughter"
            | "madre"
            | "mae"
            | "mother"
            | "padre"
            | "pai"
            | "father"
            | "hermano"
            | "hermana"
            | "irmao"
            | "irma"
            | "brother"
            | "sister"
            | "novio"
            | "novia"
            | "namorado"
            | "namorada"
            | "boyfriend"
            | "girlfriend"
            | "companero"
            | "companera"
            | "companheiro"
            | "companheira"
            | "partner"
            | "socio"
            | "socia"
            | "encargado"
            | "encargada"
            | "gerente"
            | "manager"
            | "administrador"
            | "administradora"
            | "capataz"
            | "foreman"
            | "motorista"
            | "conductor"
            | "chofer"
            | "driver"
            // Who runs a boat or a crossing: "the captain and a dozen crew members".
            | "captain"
            | "capitan"
            | "capitao"
            | "comandante"
            | "skipper"
            | "piloto"
            | "pilot"
            | "timonel"
            | "lanchero"
            | "boatman"
            | "coyote"
            | "pollero"
            | "coiote"
            | "smuggler"
            | "empresario"
            | "empresaria"
            | "businessman"
            | "businesswoman"
            | "comerciante"
            | "recepcionista"
            | "receptionist"
            | "cajero"
            | "cajera"
            | "lider"
            | "leader"
            | "cabecilla"
            | "chefe"
            | "jefe"
            | "jefa"
            | "sospechoso"
            | "sospechosa"
            | "suspeito"
            | "suspeita"
            | "suspect"
            | "acusado"
            | "acusada"
            | "tratante"
            | "traficante"
            | "trafficker"
            | "proxeneta"
            | "cafetao"
            | "pimp"
            | "reclutador"
            | "reclutadora"
            | "recrutador"
            | "recrutadora"
            | "recruiter"
            | "regente"
            | "fazendeiro"
            | "fazendeira"
            | "hacendado"
            | "farmer"
            | "rancher"
            | "landowner"
            | "employer"
            | "empleador"
            | "empregador"
            | "patrao"
            | "defendant"
            | "hombre"
            | "homem"
            | "man"
            | "mujer"
            | "woman"
            | "joven"
            | "jovem"
            | "nina"
            | "menina"
            | "girl"
            | "nino"
            | "menino"
            | "boy"
            | "adolescente"
            | "teenager"
            | "victima"
            | "vitima"
            | "victim"
            | "pareja"
            | "casal"
            | "couple"
            | "matrimonio"
    ) || key == "son" && lang == rastro_geo::Lang::En
}

/// The plural verbs of a passive whose subject a list is: "foram detidos", "fueron capturadas".
const PLURAL_AUX: &[&str] = &[
    "were", "fueron", "foram", "are", "son", "sao", "been", "sido",
];

/// A subject of a plural passive right before `verb` made of one person and others, each
/// described between commas: "O dono da empresa, que também dirigia o ônibus, e a filha dele,
/// que trabalhava como guia, foram detidos", "La líder de la banda, conocida como alias
/// \"Mafe\", y dos mujeres encargadas del reclutamiento fueron capturadas". The subject opens
/// its sentence with one person; the others follow ", and". Returns where the subject starts
/// and how many it names.
pub(super) fn apposed_subjects_before(ctx: &Ctx, verb: usize) -> Option<(usize, u64)> {
    let t = &ctx.doc.tokens;
    let aux = verb.checked_sub(1)?;
    if !PLURAL_AUX.contains(&t[aux].key.as_ref()) {
        return None;
    }
    let start = ctx.doc.sentences[ctx.sentence_of(verb)].tok_start;
    let (first_end, first) = singular_person(ctx, start, aux)
        .or_else(|| named_person(ctx, start, aux).map(|end| (end, 1)))?;
    if first != 1 {
        return None;
    }
    // No other verb of the kind before the passive's own: the subject is one clause.
    let other_verb = (first_end..aux).any(|j| verb_at(ctx, j));
    if other_verb {
        return None;
    }
    let join = (first_end + 1..aux)
        .find(|&j| t[j - 1].key == "," && matches!(t[j].key.as_ref(), "y" | "e" | "and"))?;
    let mut next = join + 1;
    if t.get(next).is_some_and(|x| x.key == "a") && ctx.lang == rastro_geo::Lang::Es {
        next += 1;
    }
    let rest = list(ctx, next, aux)?;
    Some((start, 1 + rest.total))
}
