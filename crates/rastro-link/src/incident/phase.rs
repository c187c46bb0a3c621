//! The phase of an operation that a report tells of, when its text names one: "segunda fase da
//! Operação Perfídia", "la tercera fase de la Operación Turquesa", "the second phase of Operation
//! Pangea". Police run one investigation in phases months apart, each with its own raids, towns
//! and arrests, and outlets name the operation, not the phase, in its name: without the phase,
//! every phase's reports share "the same operation", the strongest evidence the linker has.
//!
//! Only later phases count. A report of a later phase recalls the first as background ("the
//! first phase, in August"), while a report of the first seldom says it is one; a report naming
//! only the first phase is as likely recalling it as reporting it.

/// Folded words that name a phase of an operation in Spanish, Portuguese or English.
const PHASE_WORDS: &[&str] = &["fase", "fases", "phase", "etapa", "stage"];

/// Words that may stand between the phase and the operation's name: "da Operação", "de la
/// Operación", "of the operation, codenamed".
const LINKING_WORDS: &[&str] = &[
    "da",
    "do",
    "de",
    "del",
    "la",
    "el",
    "of",
    "the",
    "operacao",
    "operacion",
    "operation",
    "operativo",
    "codenamed",
    "denominada",
    "chamada",
    "llamada",
];

/// How many words after the phase word the operation's name may begin.
const NAME_WITHIN_WORDS: usize = 4;

/// A quick look for any phase word in the raw text before folding it: most reports name none.
const RAW_HINTS: &[&str] = &[
    "fase", "Fase", "FASE", "hase", "HASE", "tapa", "TAPA", "tage",
];

/// Whether `text` may name a phase at all, looked for before it is folded: most reports name
/// none and need not be folded for it.
pub fn may_name_phase(text: &str) -> bool {
    RAW_HINTS.iter().any(|h| text.contains(h))
}

/// The latest phase (2 or more) of the operation `series` (a folded series key, see
/// [`super::prepare::operation_key`]) that `text` names, if any.
#[cfg(test)]
pub fn later_phase(text: &str, series: &str) -> Option<u16> {
    if !may_name_phase(text) {
        return None;
    }
    later_phase_folded(&rastro_text::fold_key(text), series)
}

/// As `later_phase`, on text folded already (with [`rastro_text::fold_key`]), so that a
/// report's operations share one folding of its text.
pub fn later_phase_folded(folded: &str, series: &str) -> Option<u16> {
    let name: Vec<&str> = series.split(' ').filter(|w| !w.is_empty()).collect();
    let first = *name.first()?;
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut latest: Option<u16> = None;
    for (k, w) in words.iter().enumerate() {
        if !PHASE_WORDS.contains(w) {
            continue;
        }
        // "segunda fase", "2a fase"; or "fase 2", "phase two".
        let before = k.checked_sub(1).and_then(|p| ordinal(words[p]));
        let after = words.get(k + 1).and_then(|n| ordinal(n));
        let Some(number) = before.or(after) else {
            continue;
        };
        let from = k + 1 + usize::from(after.is_some() && before.is_none());
        if number >= 2 && names_operation(&words[from.min(words.len())..], &name, first) {
            latest = Some(latest.map_or(number, |l| l.max(number)));
        }
    }
    latest
}

/// Whether the operation's name begins within a few linking words at the start of `rest`.
fn names_operation(rest: &[&str], name: &[&str], first: &str) -> bool {
    for (k, w) in rest.iter().take(NAME_WITHIN_WORDS + 1).enumerate() {
        if *w == first {
            return rest[k..].starts_with(name);
        }
        if !LINKING_WORDS.contains(w) {
            return false;
        }
    }
    false
}

/// "segunda", "second", "2ª", "2", "ii" → 2; other words are not ordinals.
fn ordinal(word: &str) -> Option<u16> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        // "2", "2a", "2ª", "2º": folding keeps the ordinal indicators as they are written.
        let suffix = &word[digits..];
        return match suffix {
            "" | "a" | "o" | "ª" | "º" => word[..digits].parse().ok().filter(|&n: &u16| n > 0),
            _ => None,
        };
    }
    let n = match word {
        "primera" | "primer" | "primeira" | "primeiro" | "first" | "i" => 1,
        "segunda" | "segundo" | "second" | "two" | "ii" => 2,
        "tercera" | "tercer" | "terceira" | "terceiro" | "third" | "three" | "iii" => 3,
        "cuarta" | "cuarto" | "quarta" | "quarto" | "fourth" | "four" | "iv" => 4,
        "quinta" | "quinto" | "fifth" | "five" | "v" => 5,
        "sexta" | "sexto" | "sixth" | "six" | "vi" => 6,
        _ => return None,
    };
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_phases_are_read_in_every_language() {
        let p = |t: &str| later_phase(t, "perfidia");
        assert_eq!(
            p("A PF deflagrou a segunda fase da Operação Perfídia nesta terça."),
            Some(2)
        );
        assert_eq!(
            p("en la segunda fase de la Operación Perfidia, que investiga"),
            Some(2)
        );
        assert_eq!(p("the third phase of Operation Perfidia"), Some(3));
        assert_eq!(p("a fase 2 da Operação Perfídia"), Some(2));
        assert_eq!(p("A 2ª fase da Operação Perfídia"), Some(2));
    }

    #[test]
    fn the_first_phase_and_unrelated_phases_are_not_read() {
        let p = |t: &str| later_phase(t, "perfidia");
        // A later phase's report recalls the first; a first phase's report does not say so.
        assert_eq!(
            p("the first phase of the operation, codenamed Perfídia, in August"),
            None
        );
        assert_eq!(p("A PF deflagrou a Operação Perfídia nesta terça."), None);
        // A phase of something else (a trial, another operation).
        assert_eq!(
            p("na segunda fase do julgamento da Operação Perfídia"),
            None
        );
        assert_eq!(p("a segunda fase da Operação Turquesa"), None);
        // The whole name must follow, not only its first word.
        assert_eq!(
            later_phase("a segunda fase da Operação Global", "global chain"),
            None
        );
        assert_eq!(
            later_phase("the second phase of Operation Global Chain", "global chain"),
            Some(2)
        );
    }
}
