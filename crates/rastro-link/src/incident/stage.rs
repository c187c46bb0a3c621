//! The stage of a case that a report's headline tells of: the raid, rescue or find; a plea; a
//! verdict or sentence. One case makes news at each stage, months apart, and the later reports
//! restate the earlier facts (the town, the family, the figures), so without dates a plea and
//! the conviction of the same people look like one event. Outlets reporting one event headline
//! the same stage, in any language.

/// What a headline reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Police action or a find: raids, rescues, arrests, bodies found.
    Action,
    /// Prosecutors charge suspects, with no arrest in the headline.
    Charge,
    /// Defendants plead guilty.
    Plea,
    /// A court convicts or sentences.
    Judgment,
    /// A period's tally: the year's rescues, the half-year's victims.
    Tally,
    /// Later news of a case the headline names as one ("Caso Patono y Quilmes: una de las
    /// menores pidió una nueva Cámara Gesell") and tells of no raid, charge or verdict: a case
    /// gets its name from the news of its raid, so the raid came before.
    FollowUp,
}

impl Stage {
    /// Charges, a plea or a verdict: a step of a case before a court, which the reports of that
    /// step headline and others seldom do.
    pub fn of_court(self) -> bool {
        matches!(self, Stage::Charge | Stage::Plea | Stage::Judgment)
    }

    pub fn name(self) -> &'static str {
        match self {
            Stage::Action => "raid, rescue or arrest",
            Stage::Charge => "charges",
            Stage::Plea => "plea",
            Stage::Judgment => "verdict or sentence",
            Stage::Tally => "a period's tally",
            Stage::FollowUp => "later news of a named case",
        }
    }
}

/// Folded words (or their beginnings, ending in `*`) that headline each stage in Spanish,
/// Portuguese or English.
const PLEA: &[&str] = &["plead*", "pled"];
/// Words after which "plea" is a defendant's ("guilty plea", "plea deal"), not an appeal ("video
/// plea leads to rescue").
const PLEA_NOUN_WITH: &[&str] = &["guilty", "deal", "agreement", "bargain"];
/// Charges brought: "Four charged over…", "indicted", "imputados", "denunciados pelo MPF",
/// "Fiscalía acusa a tres", "MP acusa três pessoas". Only the verb: "acusados" is as often who
/// was arrested.
const CHARGE: &[&str] = &[
    "charged",
    "indicted",
    "indictment",
    "imputad*",
    "denunciad*",
    "acusa",
    "acusan",
    "acusam",
    "acusou",
    "acusaron",
];
/// Words before which a trial is where suspects are sent: "sends three to trial", "llaman a
/// juicio", "vai a julgamento"; and Mexico's "vinculan a proceso".
const TO: &[&str] = &["to", "a"];
const TRIAL: &[&str] = &["trial", "juicio", "julgamento", "proceso"];
/// Verbs that give a prison term in a headline: "gets 15 years", "pega 15 anos".
const GIVEN_YEARS: &[&str] = &[
    "gets", "get", "given", "receives", "pega", "pegam", "recibe",
];
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
    "hallad*",
    // A find is the raid's news as much as a rescue: "111 migrants found in trailer",
    // "encontrados num camião"; "found guilty" is a verdict, read before.
    "found",
    "encontrad*",
    "encuentran",
    // "Three held over olive pickers", "18 held": an English headline's word for arrests
    // (see [`ORDERED`] for a court's).
    "held",
    "liberan",
    "liberad*",
    "resgat*",
    "prend*",
    "presos",
    "presas",
    "liberta*",
    "desmantela*",
    "flagra",
    "flagram",
    // "Cae la banda de…", "caen 18 por tráfico": Spanish headlines' word for arrests.
    "cae",
    "caen",
    "cayo",
    "cayeron",
];

/// Nouns that begin like a stage's verb: "en libertad" is free on bail, not freed.
const NOT_ACTION: &[&str] = &["libertad", "libertade", "libertades"];

/// The stage the first line of `text` (the headline) reports, when it names one. A report of a
/// later stage names the earlier ones as background ("sentenced for the 2021 raid"), seldom the
/// reverse, so the latest stage named wins.
pub fn stage(text: &str) -> Option<Stage> {
    let title = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let folded = rastro_text::fold_key(title);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let has = |list: &[&str]| {
        words
            .iter()
            .filter(|w| !NOT_ACTION.contains(w))
            .any(|w| list.iter().any(|p| matches(p, w)))
    };
    // "se declaran culpables" is a plea; "declaran culpables" a jury's verdict.
    let pleads = words
        .windows(2)
        .any(|p| p[0] == "se" && (p[1].starts_with("declara") || p[1].starts_with("declaro")))
        && (has(&["culpable*", "culpado*", "culpada*"]));
    let plea_noun = words.windows(2).any(|p| {
        (p[0] == "plea" && PLEA_NOUN_WITH.contains(&p[1]))
            || (p[1] == "plea" && PLEA_NOUN_WITH.contains(&p[0]))
    });
    if pleads || plea_noun || has(PLEA) {
        Some(Stage::Plea)
    } else if has(JUDGMENT) || prison_years(&words) {
        Some(Stage::Judgment)
    } else if tallies_a_year(&words) {
        // "3.190 resgatados em 2023" counts a year's rescues, not one rescue.
        Some(Stage::Tally)
    } else if sent_to_trial(&words) {
        // A court takes a case on days or months after its arrests, and the arrest such a
        // headline names is who it takes on ("vinculan a proceso al chofer detenido en Janos").
        Some(Stage::Charge)
    } else if acts(&words) {
        Some(Stage::Action)
    } else if has(CHARGE) {
        // Charges with an arrest are the arrest's news; alone they come months after it.
        Some(Stage::Charge)
    } else if names_a_case(title) {
        Some(Stage::FollowUp)
    } else {
        None
    }
}

/// Folded words with which a headline labels the case it follows: "Caso Patono: …".
const CASE_LABELS: &[&str] = &["caso", "case"];

/// Whether the headline opens with a case's label and its name before a colon ("Caso Patono y
/// Quilmes: …"); a label alone ("Caso:") names no case.
fn names_a_case(title: &str) -> bool {
    let Some((label, _)) = title.split_once(':') else {
        return false;
    };
    let folded = rastro_text::fold_key(label);
    let mut words = folded.split(' ').filter(|w| !w.is_empty());
    words.next().is_some_and(|w| CASE_LABELS.contains(&w)) && words.next().is_some()
}

/// Words after which a headline tells what led to its news: "two drivers ordered held after 13
/// migrants found", "detenidos tras el hallazgo".
const LED_TO_BY: &[&str] = &["after", "tras", "apos", "depois"];

/// Whether the headline's news is a police action or a find, named before any [`LED_TO_BY`]
/// word that is not its first: what follows "after" is the earlier event a court's or an
/// official's step follows. A headline opening with it ("Tras el operativo, rescatan a 12")
/// still tells its news after the clause.
fn acts(words: &[&str]) -> bool {
    let news_ends = (1..words.len())
        .find(|&k| LED_TO_BY.contains(&words[k]))
        .unwrap_or(words.len());
    (0..news_ends).any(|k| {
        let w = words[k];
        let ordered = k > 0 && ORDERED.contains(&words[k - 1]);
        !ordered && !NOT_ACTION.contains(&w) && ACTION.iter().any(|p| matches(p, w))
    })
}

/// Words before which "held" is a judge's order to keep suspects in custody ("ordered held",
/// "remanded"), a step of the court that follows the arrest, not the arrest.
const ORDERED: &[&str] = &["ordered", "order"];

/// "Sends three to trial", "llaman a juicio", "vinculan a proceso", "to stand trial",
/// "enfrentará proceso": the court takes a case on, which is charges in the terms of
/// [`Stage`]. "Proceso" only after "vinculan a" or "enfrenta" (after "en" it is any process),
/// and "a juicio de" is someone's opinion.
fn sent_to_trial(words: &[&str]) -> bool {
    let word = |k: usize| words.get(k).copied().unwrap_or("");
    let faces = |w: &str| matches!(w, "stand" | "face" | "faces") || w.starts_with("enfrenta");
    (1..words.len()).any(|k| {
        let before = word(k - 1);
        (TO.contains(&before) || faces(before))
            && TRIAL.contains(&word(k))
            && match word(k) {
                "proceso" => faces(before) || (k >= 2 && word(k - 2).starts_with("vincula")),
                "juicio" => !matches!(word(k + 1), "de" | "del"),
                _ => true,
            }
    })
}

/// Words before which "de"/"of" and a year give a period: "en lo que va de 2024", "primer
/// semestre de 2023", "first half of 2024".
const PERIOD_OF: &[&str] = &["va", "semestre", "trimestre", "half", "quarter"];

/// Whether the headline's words count over a year: "em 2023", "en 2024", "in 2024", "durante
/// 2022", or a part of a year as [`PERIOD_OF`] gives it. A report of one event dates it by its
/// day, if at all, in the headline; a year alone is the period a tally covers.
fn tallies_a_year(words: &[&str]) -> bool {
    let is_year = |w: &str| {
        w.len() == 4
            && w.parse::<u16>()
                .is_ok_and(|year| (2000..2040).contains(&year))
    };
    words
        .windows(2)
        .any(|w| matches!(w[0], "em" | "en" | "in" | "durante" | "during") && is_year(w[1]))
        || words
            .windows(3)
            .any(|w| PERIOD_OF.contains(&w[0]) && matches!(w[1], "de" | "of") && is_year(w[2]))
}

/// "50 años de prisión", "12 anos de prisão", "20 years in federal prison", "gets 15 years",
/// "pega 15 anos": a sentence, where "prisão" alone is an arrest in Portuguese and years alone
/// may be an age or how long a victim was held ("freed after 38 years").
fn prison_years(words: &[&str]) -> bool {
    let is_years = |w: &str| matches!(w, "anos" | "years");
    let is_prison = |w: &str| matches!(w, "prision" | "prisao" | "prison" | "carcel");
    let in_prison = words.windows(4).any(|w| {
        is_years(w[0])
            && matches!(w[1], "de" | "in")
            && (is_prison(w[2]) || ((w[2] == "federal" || w[2] == "state") && is_prison(w[3])))
    }) || words
        .windows(3)
        .any(|w| is_years(w[0]) && matches!(w[1], "de" | "in") && is_prison(w[2]));
    // "gets 15 years", "gets nearly 10 years", "pega mais de 15 anos".
    let given = words.iter().enumerate().any(|(k, w)| {
        GIVEN_YEARS.contains(w) && words.iter().skip(k + 1).take(4).any(|x| is_years(x))
    });
    // "Siblings sent to prison", "sent to federal prison".
    let sent = words.windows(3).any(|w| {
        w[0] == "sent" && w[1] == "to" && (is_prison(w[2]) || w[2] == "federal" || w[2] == "jail")
    });
    in_prison || given || sent
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
            s("Operação flagra trabalhadores em carvoarias"),
            Some(Stage::Action)
        );
        // A year's or a half-year's count is a tally, however it is worded.
        assert_eq!(
            s("Honduras suma 21 víctimas de trata rescatadas en 2024"),
            Some(Stage::Tally)
        );
        assert_eq!(
            s("MTE: 3.190 trabalhadores resgatados da escravidão em 2023"),
            Some(Stage::Tally)
        );
        assert_eq!(
            s("Bolivia rescued 120 victims in the first half of 2023"),
            Some(Stage::Tally)
        );
        assert_eq!(
            s("Police rescue 12 women on March 3, 2024"),
            Some(Stage::Action)
        );
        assert_eq!(
            s("Operación Trama Rota: caen 18 por tráfico de personas"),
            Some(Stage::Action)
        );
        assert_eq!(s("Cae la banda que cruzaba migrantes"), Some(Stage::Action));
        // A later stage named with the fall is that stage.
        assert_eq!(
            s("Condenan a cinco años a los cuatro que cayeron en junio"),
            Some(Stage::Judgment)
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
            s("Four charged over Guatemalan teens forced to work at egg farms"),
            Some(Stage::Charge)
        );
        // Charges with the arrest are the arrest's news.
        assert_eq!(
            s("Police arrest four and charge them with trafficking"),
            Some(Stage::Action)
        );
        assert_eq!(
            s("Four arrested, charged in trafficking ring"),
            Some(Stage::Action)
        );
        // An appeal is no plea; a victim's years are no sentence.
        assert_eq!(
            s("Video plea leads to rescue of 12 coffee pickers"),
            Some(Stage::Action)
        );
        assert_eq!(s("Contractor agrees to guilty plea"), Some(Stage::Plea));
        assert_eq!(
            s("Brazilian woman freed after 38 years as unpaid maid"),
            Some(Stage::Action)
        );
        assert_eq!(
            s("Woman, 84, found after 72 years of unpaid work"),
            Some(Stage::Action)
        );
        // A find is an action in every language; "found guilty" a verdict.
        assert_eq!(
            s("111 migrants found crammed in trailer at military checkpoint"),
            Some(Stage::Action)
        );
        assert_eq!(
            s("México: 111 migrantes encontrados num camião em posto militar"),
            Some(Stage::Action)
        );
        assert_eq!(
            s("Farm owner found guilty of enslaving workers"),
            Some(Stage::Judgment)
        );
        assert_eq!(
            s("Three held over olive pickers lured from Salta to San Juan"),
            Some(Stage::Action)
        );
        // A named case with no raid, charge or verdict in its headline is its later news.
        assert_eq!(
            s("Caso Patono y Quilmes: una de las menores pidió una nueva Cámara Gesell"),
            Some(Stage::FollowUp)
        );
        assert_eq!(
            s("Caso Libertad: nueve detenidos y 22 personas rescatadas en Quito"),
            Some(Stage::Action)
        );
        assert_eq!(s("Caso: la trata en cifras"), None);
        // What follows "after" led to the news: the step here is the court's, unnamed.
        assert_eq!(
            s("Two drivers ordered held after 13 migrants found in cars south of Ensenada"),
            None
        );
        assert_eq!(
            s("Tras una denuncia anónima, rescatan a 12 mujeres"),
            Some(Stage::Action)
        );
        // The court's step on a driver held at a checkpoint is the step, not the arrest.
        assert_eq!(
            s("Vinculan a proceso al chofer del tráiler con 111 migrantes detenido en Janos"),
            Some(Stage::Charge)
        );
        // Charges in the words of Spanish and Portuguese courts, and a trial ordered.
        assert_eq!(
            s("Fiscalía acusa a dos hermanos de explotar a jornaleros"),
            Some(Stage::Charge)
        );
        assert_eq!(
            s("MP acusa quatro pessoas de aliciar costureiras"),
            Some(Stage::Charge)
        );
        assert_eq!(
            s("Vinculan a proceso a tres por la muerte de migrantes en un tráiler"),
            Some(Stage::Charge)
        );
        assert_eq!(
            s("Judge sends two brothers to trial over farm labour ring"),
            Some(Stage::Charge)
        );
        assert_eq!(s("Llaman a juicio a cuatro tratantes"), Some(Stage::Charge));
        // "Acusados" names who was arrested; "proceso" alone is any process.
        assert_eq!(
            s("Detienen a acusados de traficar migrantes"),
            Some(Stage::Action)
        );
        assert_eq!(s("Acusados de trata siguen en proceso"), None);
        assert_eq!(s("Una red de trata, a juicio de la ONU"), None);
        assert_eq!(
            s("Exfuncionario enfrentará proceso en libertad por el incendio"),
            Some(Stage::Charge)
        );
        assert_eq!(
            s("Port official to stand trial over deaths of migrants"),
            Some(Stage::Charge)
        );
        assert_eq!(
            s("Polícia liberta 12 trabalhadores em fazenda"),
            Some(Stage::Action)
        );
        assert_eq!(
            s("Two cousins sent to prison for hiding migrants"),
            Some(Stage::Judgment)
        );
        assert_eq!(s("Trafficking on the rise, report says"), None);
        assert_eq!(stage(""), None);
    }
}
