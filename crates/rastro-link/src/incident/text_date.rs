//! Dates written in an article's text, for reports that come without a publication date (plain
//! text files): "el pasado martes 7 de febrero de 2025", "on December 28, 2023", "em 12 de março
//! de 2024", "en marzo de 2024". Only absolute dates count; a weekday or a day without a year
//! needs an anchor the report does not have, so it is left unknown rather than guessed.

use rastro_text::{month_number, weekday_names, Lang, PartialDate};

use super::span::Span;

/// Years a date in running text may have; wider numbers are figures, not years.
const TEXT_YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

/// Text beyond this many bytes is background far more often than the event's own date.
const SCANNED_BYTES: usize = 20_000;

/// The event's day span read from `text`: when `month_day` (a date whose year is unknown) is
/// given, the year of an absolute date in the text on that month and day, or of that month
/// named with a year; otherwise the first absolute date in the text, to the day or the month.
pub fn date_from_text(text: &str, month_day: Option<(u8, u8)>) -> Option<Span> {
    let dates = absolute_dates(text);
    if let Some((month, day)) = month_day {
        let year = dates
            .iter()
            .find(|d| d.month == Some(month) && d.day == Some(day))
            .or_else(|| dates.iter().find(|d| d.month == Some(month)))
            .map(|d| d.year)?;
        let date = PartialDate::new(year, Some(month), Some(day)).ok()?;
        return Some(Span {
            first: date.first_day(),
            last: date.first_day(),
        });
    }
    let first = dates.first()?;
    Some(Span {
        first: first.first_day(),
        last: first.last_day(),
    })
}

/// The weekday (Monday 0) the text gives to the day `day` of month `month` written without a
/// year: "el domingo 1 de octubre", "na sexta-feira, 17 de março", "on Sunday, October 1". With
/// it, a year-less date still tells one year from another (1 October is a Sunday in 2023, not in
/// 2022 or 2024).
pub fn weekday_of(text: &str, month: u8, day: u8) -> Option<u8> {
    let mut end = text.len().min(SCANNED_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let folded = rastro_text::fold_key(&text[..end]);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let is_day = |w: &str| day_number(w) == Some(day);
    let is_month = |w: &str| self::month(w) == Some(month);
    let word = |k: usize| words.get(k).copied().unwrap_or("");
    for i in 0..words.len() {
        // "1 de octubre", "17 março", "October 1"
        let starts_date = (is_day(word(i))
            && (is_month(word(i + 1)) || (word(i + 1) == "de" && is_month(word(i + 2)))))
            || (is_month(word(i)) && is_day(word(i + 1)));
        if !starts_date {
            continue;
        }
        // The weekday may be followed by "-feira", "dia" or an article.
        let mut k = i;
        while k > 0 && matches!(words[k - 1], "feira" | "dia" | "el" | "on" | "o") {
            k -= 1;
        }
        if let Some(w) = k.checked_sub(1).and_then(|k| weekday(words[k])) {
            return Some(w);
        }
    }
    None
}

/// The weekday (Monday 0) a folded word names in any of the three languages.
fn weekday(word: &str) -> Option<u8> {
    Lang::ALL.into_iter().find_map(|lang| {
        weekday_names(lang)
            .iter()
            .position(|w| *w == word)
            .and_then(|p| u8::try_from(p).ok())
    })
}

/// How many different months, each with its year, `text` names: "em agosto de 2018", "12 de
/// março de 2024", "in September 2022" (see [`super::genre`] for what many mean). A caller who
/// only asks whether there are `at_least` gets 0 for a text writing fewer years than that,
/// which is most reports, and which then need not be folded.
pub fn months_named(text: &str, at_least: usize) -> usize {
    if years_written(text) < at_least {
        return 0;
    }
    let mut months: Vec<(u16, u8)> = absolute_dates(text)
        .iter()
        .filter_map(|d| Some((d.year, d.month?)))
        .collect();
    months.sort_unstable();
    months.dedup();
    months.len()
}

/// How many different years (four-digit numbers from 1900 to 2099 standing alone) the first
/// [`SCANNED_BYTES`] of `text` write: "desde 2019", "en marzo de 2021", "in 2023".
pub fn years_named(text: &str) -> usize {
    let mut years = years_in(text);
    years.sort_unstable();
    years.dedup();
    years.len()
}

/// Four-digit numbers from 1900 to 2099 standing alone in the first [`SCANNED_BYTES`] of
/// `text`, counted without folding it.
fn years_written(text: &str) -> usize {
    years_in(text).len()
}

/// The years of [`years_written`], in order, repeats included.
fn years_in(text: &str) -> Vec<&str> {
    let head = &text.as_bytes()[..text.len().min(SCANNED_BYTES)];
    let mut years = Vec::new();
    let mut k = 0;
    while k < head.len() {
        if !head[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let start = k;
        while k < head.len() && head[k].is_ascii_digit() {
            k += 1;
        }
        let alone = start == 0 || !head[start - 1].is_ascii_alphanumeric();
        let run = &head[start..k];
        if alone && run.len() == 4 && (run.starts_with(b"19") || run.starts_with(b"20")) {
            // ASCII digits, so the slice is on character boundaries.
            if let Some(year) = text.get(start..k) {
                years.push(year);
            }
        }
    }
    years
}

/// Every absolute date of the text, in order: day–month–year, month–day–year and month–year.
fn absolute_dates(text: &str) -> Vec<PartialDate> {
    let mut end = text.len().min(SCANNED_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let folded = rastro_text::fold_key(&text[..end]);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match date_at(&words, i) {
            Some((date, used)) => {
                out.push(date);
                i += used;
            }
            None => i += 1,
        }
    }
    out
}

/// The absolute date starting at word `i`, with the number of words it takes.
fn date_at(words: &[&str], i: usize) -> Option<(PartialDate, usize)> {
    let word = |k: usize| words.get(k).copied();
    let skip = |k: usize, fillers: &[&str]| {
        if word(k).is_some_and(|w| fillers.contains(&w)) {
            k + 1
        } else {
            k
        }
    };
    if let Some(day) = word(i).and_then(day_number) {
        // 7 de febrero de 2025 · 28 December 2023 · 12 de março del 2024
        let m = skip(i + 1, &["de"]);
        let month = word(m).and_then(month)?;
        let y = skip(m + 1, &["de", "del"]);
        let year = word(y).and_then(year)?;
        let date = PartialDate::new(year, Some(month), Some(day)).ok()?;
        return Some((date, y + 1 - i));
    }
    let month = word(i).and_then(month)?;
    // December 28, 2023 (the comma folds away)
    if let Some(day) = word(i + 1).and_then(day_number) {
        let year = word(i + 2).and_then(year)?;
        let date = PartialDate::new(year, Some(month), Some(day)).ok()?;
        return Some((date, 3));
    }
    // marzo de 2024 · March 2024 · setembro de 2023
    let y = skip(i + 1, &["de", "del", "of"]);
    let year = word(y).and_then(year)?;
    let date = PartialDate::new(year, Some(month), None).ok()?;
    Some((date, y + 1 - i))
}

/// A month name in any of the three languages. Portuguese rules are used so that "março" (folded
/// "marco") counts: a month only counts here between a day and a year, where a given name does
/// not stand.
fn month(word: &str) -> Option<u8> {
    month_number(word, Lang::Pt).and_then(|m| u8::try_from(m).ok())
}

fn day_number(word: &str) -> Option<u8> {
    if word.is_empty() || word.len() > 2 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<u16> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|y| TEXT_YEARS.contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> i64 {
        rastro_text::days_from_civil(y, m, d)
    }

    #[test]
    fn months_named_with_their_years_are_counted_once_each() {
        assert_eq!(
            months_named(
                "Em agosto de 2018, a Fada Madrinha prendeu cinco. Em 12 de março de 2021 a PF \
                 voltou; in September 2022 police stopped a van; em agosto de 2018 já se sabia.",
                3
            ),
            3
        );
        // Years without a month, and fewer than three years, are not folded or counted.
        assert_eq!(
            months_named("Desde 2019, en 2021 y en 2023 hubo operativos.", 3),
            0
        );
        assert_eq!(
            months_named(
                "La red, activa desde marzo de 2023, cayó el 7 de febrero de 2025.",
                3
            ),
            0
        );
    }

    #[test]
    fn different_years_are_counted_once_each() {
        assert_eq!(
            years_named("Desde 2019, en 2021 y otra vez en 2021; 12.000 personas, ley 26.364."),
            2
        );
        assert_eq!(years_named("Sin fechas."), 0);
    }

    #[test]
    fn absolute_dates_in_three_languages() {
        let on = |text: &str| date_from_text(text, None).map(|s| (s.first, s.last));
        let d = day(2025, 2, 7);
        assert_eq!(
            on("La policía actuó el pasado martes 7 de febrero de 2025 en Lima."),
            Some((d, d))
        );
        let d = day(2023, 12, 28);
        assert_eq!(on("Raids took place on December 28, 2023."), Some((d, d)));
        assert_eq!(on("Raids took place on 28 December 2023."), Some((d, d)));
        let d = day(2024, 3, 12);
        assert_eq!(
            on("A operação começou em 12 de março de 2024."),
            Some((d, d))
        );
        assert_eq!(
            on("Ocurrió en marzo de 2024."),
            Some((day(2024, 3, 1), day(2024, 3, 31)))
        );
    }

    #[test]
    fn relative_or_year_less_dates_stay_unknown() {
        assert_eq!(
            date_from_text("El pasado martes la policía detuvo a 12.", None),
            None
        );
        assert_eq!(
            date_from_text("Raids took place on 28 December.", None),
            None
        );
        // 12 000 is no year; 31 de febrero is no day, so only its month counts.
        assert_eq!(
            date_from_text("el 31 de febrero de 2024", None).map(|s| (s.first, s.last)),
            Some((day(2024, 2, 1), day(2024, 2, 29)))
        );
        assert_eq!(date_from_text("12 de marzo de 12000", None), None);
    }

    #[test]
    fn the_weekday_of_a_year_less_date_is_read_in_three_languages() {
        assert_eq!(
            weekday_of("murieron el domingo 1 de octubre en Chiapas", 10, 1),
            Some(6)
        );
        assert_eq!(
            weekday_of("O resgate, na sexta-feira, 17 de março, em Goiás", 3, 17),
            Some(4)
        );
        assert_eq!(
            weekday_of("died on Sunday, October 1, near", 10, 1),
            Some(6)
        );
        // Another day of the month, or no weekday beside it, gives none.
        assert_eq!(weekday_of("el domingo 1 de octubre", 10, 2), None);
        assert_eq!(weekday_of("el 1 de octubre", 10, 1), None);
    }

    #[test]
    fn a_year_less_date_takes_its_year_from_the_text() {
        let text = "El 7 de febrero la policía allanó ocho locales. En febrero de 2025 …";
        let d = day(2025, 2, 7);
        assert_eq!(
            date_from_text(text, Some((2, 7))).map(|s| (s.first, s.last)),
            Some((d, d))
        );
        assert_eq!(
            date_from_text("El 7 de febrero, en Lima.", Some((2, 7))),
            None
        );
    }
}
