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
    /// Charges brought or a trial ordered: an indictment, "vinculado a proceso", "to stand
    /// trial". Often days after the raid, sometimes months.
    Charge,
    /// Defendants plead guilty.
    Plea,
    /// A court convicts or sentences.
    Judgment,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Action => "raid, rescue or arrest",
            Stage::Charge => "charges or trial ordered",
            Stage::Plea => "plea",
            Stage::Judgment => "verdict or sentence",
        }
    }
}

/// Folded words (or their beginnings, ending in `*`) that headline each stage in Spanish,
/// Portuguese or English.
const PLEA: &[&str] = &["plead*", "pled"];
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
const CHARGE: &[&str] = &[
    "indict*",
    "charged",
    "imputad*",
    "imputa",
    "imputan",
    "denunciad*",
    "reus",
    "reu",
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
    // "plea" alone is as often an appeal ("a video plea for help") as a defendant's plea.
    let plea_deal = words.windows(2).any(|p| {
        matches!(
            (p[0], p[1]),
            ("guilty", "plea") | ("plea", "deal" | "agreement" | "bargain" | "of")
        )
    });
    if pleads || plea_deal || has(PLEA) {
        Some(Stage::Plea)
    } else if has(JUDGMENT) || prison_years(&words) {
        Some(Stage::Judgment)
    } else if has(CHARGE) || trial_ordered(&words) {
        Some(Stage::Charge)
    } else if has(ACTION) {
        Some(Stage::Action)
    } else {
        None
    }
}

/// "50 años de prisión", "12 anos de prisão", "20 years in federal prison", "gets 15 years",
/// "pega 15 anos": a sentence, where "prisão" alone is an arrest in Portuguese.
fn prison_years(words: &[&str]) -> bool {
    let years = |w: &str| matches!(w, "anos" | "years" | "meses" | "months");
    let prison = |w: &str| {
        matches!(
            w,
            "prision" | "prisao" | "prison" | "carcel" | "cadeia" | "jail" | "reclusion"
        )
    };
    let number = |w: &str| w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty();
    words.iter().enumerate().any(|(i, w)| {
        years(w)
            && (words[i + 1..].iter().take(3).any(|x| prison(x))
                || (i >= 2
                    && number(words[i - 1])
                    && matches!(words[i - 2], "gets" | "get" | "got" | "pega" | "pegam")))
    })
}

/// "vinculan a proceso", "enfrentará proceso", "irá a julgamento", "to stand trial": a judge
/// sends the accused to trial.
fn trial_ordered(words: &[&str]) -> bool {
    words.windows(2).any(|w| {
        matches!(
            (w[0], w[1]),
            ("a" | "enfrentara" | "enfrentaran", "proceso" | "juicio")
                | ("stand", "trial")
                | ("a" | "vai" | "vao" | "ira" | "irao", "julgamento")
                | ("face", "trial")
        )
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
        assert_eq!(
            s("Egg farm trafficking ringleader gets 15 years in federal prison"),
            Some(Stage::Judgment)
        );
        assert_eq!(
            s("Líder de rede que escravizava adolescentes pega 15 anos"),
            Some(Stage::Judgment)
        );
        assert_eq!(
            s("Four charged over teens forced to work at egg farms"),
            Some(Stage::Charge)
        );
        assert_eq!(
            s("Vinculan a proceso al comisionado por el incendio"),
            Some(Stage::Charge)
        );
        assert_eq!(
            s("Migration chief to stand trial over deadly fire"),
            Some(Stage::Charge)
        );
        assert_eq!(
            s("Polícia prende 12 e MP denuncia rede de aliciadores"),
            Some(Stage::Action)
        );
        assert_eq!(
            s("Trafficker enters guilty plea in federal court"),
            Some(Stage::Plea)
        );
        assert_eq!(
            s("Video plea leads to rescue of 12 coffee pickers"),
            Some(Stage::Action)
        );
        assert_eq!(s("Trafficking on the rise, report says"), None);
        assert_eq!(stage(""), None);
    }
}
