//! The stage of a case that a report's headline tells of: the raid, rescue or find; a plea; a
//! verdict or sentence. One case makes news at each stage, months apart, and the later reports
//! restate the earlier facts (the town, the family, the figures), so without dates a plea and
//! the conviction of the same people look like one event. Outlets reporting one event headline
//! the same stage, in any language.

/// What a headline reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Police action or a find: raids, rescues, arrests, bodies found.
    Action,
    /// Defendants plead guilty.
    Plea,
    /// A court convicts or sentences.
    Judgment,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Action => "raid, rescue or arrest",
            Stage::Plea => "plea",
            Stage::Judgment => "verdict or sentence",
        }
    }
}

/// Folded words (or their beginnings, ending in `*`) that headline each stage in Spanish,
/// Portuguese or English.
const PLEA: &[&str] = &["plead*", "pled", "plea"];
const JUDGMENT: &[&str] = &[
    "convict*",
    "sentenc*",
    "guilty",
    "jailed",
    "verdict",
    "condena*",
    "culpable*",
    "culpado*",
    "culpada*",
    "sentenca*",
];
const ACTION: &[&str] = &[
    "rescu*",
    "raid*",
    "arrest*",
    "dismantl*",
    "bust*",
    "freed",
    "frees",
    "rescat*",
    "detien*",
    "detenid*",
    "captura*",
    "desarticula*",
    "allana*",
    "hallan",
    "liberan",
    "liberad*",
    "resgat*",
    "prend*",
    "presos",
    "presas",
    "liberta*",
    "desmantela*",
];

/// The stage the first line of `text` (the headline) reports, when it names one. A report of a
/// later stage names the earlier ones as background ("sentenced for the 2021 raid"), seldom the
/// reverse, so the latest stage named wins.
pub fn stage(text: &str) -> Option<Stage> {
    let title = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let folded = rastro_text::fold_key(title);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.iter().any(|p| matches(p, w)));
    // "se declaran culpables" is a plea; "declaran culpables" a jury's verdict.
    let pleads = words
        .windows(2)
        .any(|p| p[0] == "se" && (p[1].starts_with("declara") || p[1].starts_with("declaro")))
        && (has(&["culpable*", "culpado*", "culpada*"]));
    if pleads || has(PLEA) {
        Some(Stage::Plea)
    } else if has(JUDGMENT) || prison_years(&words) {
        Some(Stage::Judgment)
    } else if has(ACTION) {
        Some(Stage::Action)
    } else {
        None
    }
}

/// "50 años de prisión", "12 anos de prisão", "20 years in prison": a sentence, where "prisão"
/// alone is an arrest in Portuguese.
fn prison_years(words: &[&str]) -> bool {
    words.windows(3).any(|w| {
        matches!(w[0], "anos" | "years")
            && matches!(w[1], "de" | "in")
            && matches!(w[2], "prision" | "prisao" | "prison" | "carcel")
    })
}

fn matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == pattern,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_tell_their_stage_in_every_language() {
        let s = |t: &str| stage(&format!("{t}\n\nbody"));
        assert_eq!(
            s("Eight members of Mexican family plead guilty in Brooklyn"),
            Some(Stage::Plea)
        );
        assert_eq!(
            s("Cinco integrantes de una familia se declaran culpables"),
            Some(Stage::Plea)
        );
        assert_eq!(
            s("Declaran culpables en Nueva York a cinco tratantes"),
            Some(Stage::Judgment)
        );
        assert_eq!(
            s("Dan 50 años de prisión a 11 expolicías por la masacre"),
            Some(Stage::Judgment)
        );
        assert_eq!(
            s("Ex-police sentenced for 2021 raid on migrants"),
            Some(Stage::Judgment)
        );
        assert_eq!(
            s("Polícia resgata 40 trabalhadores e prende dois"),
            Some(Stage::Action)
        );
        assert_eq!(
            s("Rescatan a 96 presuntas víctimas de trata"),
            Some(Stage::Action)
        );
        assert_eq!(s("Trafficking on the rise, report says"), None);
        assert_eq!(stage(""), None);
    }
}
