//! Whether a text reports one event or looks back on several: a round-up recounting a year's
//! raids, an analysis or an opinion piece. Such a text names the towns, figures and days of the
//! events it discusses and so matches their reports as well as they match each other, yet it is
//! a report of none of them. It is known by what it is, not by what it matches (the reports of
//! the other events it recounts need not be in the collection): it recounts events of several
//! months ([`RECOUNTED_MONTHS`]) or of several years ([`RECOUNTED_YEARS`]), or its headline is
//! labelled as commentary.

/// A text naming this many different months, each with its year, recounts several events: a
/// report of one event names its own month and at most one it recalls (the first phase, the
/// crime before the trial). On every tuning set, the texts naming three were round-ups and
/// analyses, and reports of one event named at most two.
pub const RECOUNTED_MONTHS: usize = 3;

/// A text writing this many different years, two of them with a month ("en marzo de 2021", "in
/// October 2025", "en 2022"), spans events years apart: a report of one raid names its month and
/// perhaps the year the inquiry began. A court's step is the exception, its report recalling
/// the inquiry's year and the arrests' month by design (see [`court_step`]).
pub const RECOUNTED_YEARS: usize = 3;
const MONTHS_OF_RECOUNTED_YEARS: usize = 2;

/// Folded labels with which outlets head commentary ("Análise: …", "Opinion: …").
const COMMENTARY_LABELS: &[&str] = &[
    "analise",
    "analisis",
    "analysis",
    "opiniao",
    "opinion",
    "editorial",
    "column",
    "columna",
    "coluna",
    "commentary",
    "comment",
];

/// Whether `text` (headline first) looks back on events rather than reports one.
pub fn looks_back(text: &str) -> bool {
    use super::text_date::{months_named, years_named};
    labelled_commentary(text)
        || headline_spans_operations(text)
        || months_named(text, RECOUNTED_MONTHS) >= RECOUNTED_MONTHS
        || (years_named(text) >= RECOUNTED_YEARS
            && months_named(text, MONTHS_OF_RECOUNTED_YEARS) >= MONTHS_OF_RECOUNTED_YEARS
            && !court_step(text))
}

/// Whether the headline reports charges, a plea or a verdict.
fn court_step(text: &str) -> bool {
    super::stage::stage(text).is_some_and(super::stage::Stage::of_court)
}

/// Folded words for a stretch of time that a headline may give to a series of operations: a
/// year or years. Months of operations are as often one national campaign run over weeks ("en
/// un mes de operativos"), whose reports give its one tally.
const SPANS: &[&str] = &["year", "years", "ano", "anos"];
/// Folded words linking the stretch to what filled it: "years of", "años de", "anos de".
const SPAN_LINKS: &[&str] = &["of", "de", "da", "do"];
/// Folded plurals of police actions: a stretch of them is a series, never one event.
const ACTIONS_IN_SERIES: &[&str] = &[
    "raids",
    "operations",
    "rescues",
    "busts",
    "golpes",
    "operativos",
    "operaciones",
    "operacoes",
    "cateos",
    "redadas",
    "allanamientos",
    "rescates",
    "resgates",
    "blitzes",
];

/// Whether the headline gives a stretch of time to a series of police actions ("three years of
/// raids", "dos años de golpes", "medio año de cateos", "sete anos de operações"): the text
/// recounts them. A stretch of anything else is one event's ("72 years of unpaid work", "15
/// años de prisión").
fn headline_spans_operations(text: &str) -> bool {
    let Some(title) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return false;
    };
    let folded = rastro_text::fold_key(title);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    words.windows(3).any(|w| {
        SPANS.contains(&w[0]) && SPAN_LINKS.contains(&w[1]) && ACTIONS_IN_SERIES.contains(&w[2])
    })
}

/// Whether the headline (the first line) opens with a commentary label and a colon.
fn labelled_commentary(text: &str) -> bool {
    let Some(title) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return false;
    };
    let Some((label, _)) = title.split_once(':') else {
        return false;
    };
    COMMENTARY_LABELS.contains(&rastro_text::fold_key(label).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_commentary_looks_back_and_a_report_does_not() {
        assert!(looks_back(
            "Análise: o trabalho escravo não é só da uva\n\nTexto."
        ));
        assert!(looks_back("Opinion: when a school becomes a trap\n\nText."));
        assert!(looks_back("\n  OPINIÓN: la trata en cifras\n\nTexto."));
        assert!(!looks_back("Operación Atlántico: 196 detenidos\n\nTexto."));
        assert!(!looks_back(
            "Brasil: suben a 81 los peones rescatados\n\nTexto."
        ));
        // A label later in the headline is a word of it, not a label.
        assert!(!looks_back(
            "Police raid: analysis of seized phones\n\nText."
        ));
        assert!(!looks_back(""));
    }

    #[test]
    fn a_headline_giving_years_to_raids_looks_back() {
        assert!(looks_back(
            "Slave labour in Pará's illegal mines: three years of raids, same pattern\n\nText."
        ));
        assert!(looks_back("Medio año de cateos contra la trata\n\nTexto."));
        assert!(looks_back(
            "Sete anos de operações da PF contra o tráfico\n\nTexto."
        ));
        // Years of anything else are one event's: the work a victim did, a sentence.
        assert!(!looks_back(
            "Woman, 84, rescued after 72 years of unpaid domestic work\n\nText."
        ));
        assert!(!looks_back(
            "Dan 50 años de prisión a 11 expolicías\n\nTexto."
        ));
        assert!(!looks_back(
            "El FBI rescata a 103 menores en un mes de operativos\n\nTexto."
        ));
        // The raid's own stretch of work before it is no series.
        assert!(!looks_back(
            "Police raid brothel after months of surveillance\n\nText."
        ));
    }

    #[test]
    fn a_text_recounting_three_months_looks_back() {
        assert!(looks_back(
            "Dos años de golpes\n\nEn febrero de 2024 cayó una red. En octubre de 2024 otra; \
             en febrero de 2026, una tercera."
        ));
        assert!(!looks_back(
            "Segunda fase\n\nA PF voltou às ruas em junho de 2025; a primeira fase, de agosto \
             de 2024, prendeu cinco."
        ));
    }

    #[test]
    fn a_text_spanning_three_years_looks_back_unless_a_court_step_recalls_them() {
        assert!(looks_back(
            "Colheitas de risco\n\nEm maio de 2019, a polícia achou 30 cortadores em Goiás. \
             Em 2022 foram 12 em Minas e, em setembro de 2024, mais 40 no Paraná."
        ));
        // One raid, its month and the inquiry's year: two years.
        assert!(!looks_back(
            "Rescatan a 20 jornaleros\n\nLa pesquisa empezó en 2023 y los allanamientos, \
             en abril de 2024, siguieron a una denuncia de marzo de 2024."
        ));
        // A trial ordered recalls the inquiry, the arrests and the hearing.
        assert!(!looks_back(
            "Judge sends two to trial over cannery ring\n\nLima, 9 May 2026. The inquiry \
             opened in 2024; both were arrested in July 2025."
        ));
    }
}
