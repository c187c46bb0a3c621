//! The event date: the first calendar date in the lead of the article ("el 29 de septiembre",
//! "on March 11", "27 November", "em 2 de maio de 2023"), completed with the published year
//! when the text omits it; otherwise the published date.

use rastro_geo::Lang;

use super::Ctx;
use crate::text::TokKind;

/// Sentences (title included) searched for the event date: later dates are usually background.
const LEAD_SENTENCES: usize = 6;

fn month(key: &str, lang: Lang) -> Option<u32> {
    let m = match key {
        "enero" | "janeiro" | "january" | "jan" => 1,
        "febrero" | "fevereiro" | "february" | "feb" => 2,
        "marzo" | "march" => 3,
        "marco" if lang == Lang::Pt => 3,
        "abril" | "april" | "apr" => 4,
        "mayo" | "maio" | "may" => 5,
        "junio" | "junho" | "june" | "jun" => 6,
        "julio" | "julho" | "july" | "jul" => 7,
        "agosto" | "august" | "aug" => 8,
        "septiembre" | "setiembre" | "setembro" | "september" | "sept" | "sep" => 9,
        "octubre" | "outubro" | "october" | "oct" => 10,
        "noviembre" | "novembro" | "november" | "nov" => 11,
        "diciembre" | "dezembro" | "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    year: Option<i32>,
    month: u32,
    day: Option<u32>,
    from: usize,
    to: usize,
}

fn small_number(ctx: &Ctx, i: usize, max: u32) -> Option<u32> {
    let t = ctx.doc.tokens.get(i)?;
    if t.kind != TokKind::Number || t.key.len() > 2 {
        return None;
    }
    t.key.parse().ok().filter(|&d| (1..=max).contains(&d))
}

fn year(ctx: &Ctx, i: usize) -> Option<i32> {
    let t = ctx.doc.tokens.get(i)?;
    if t.kind != TokKind::Number || t.key.len() != 4 {
        return None;
    }
    t.key.parse().ok().filter(|y| (1900..=2100).contains(y))
}

/// A date starting at token `i`.
fn date_at(ctx: &Ctx, i: usize) -> Option<Found> {
    let tokens = &ctx.doc.tokens;
    // day [de] month [[de|,] year]
    if let Some(day) = small_number(ctx, i, 31) {
        let mut j = i + 1;
        if ctx.doc.is_word(j, "de") {
            j += 1;
        }
        if let Some(m) = tokens.get(j).and_then(|t| month(&t.key, ctx.lang)) {
            let mut k = j + 1;
            if ctx.doc.is_word(k, "de") || ctx.doc.is_word(k, ",") {
                k += 1;
            }
            let y = year(ctx, k);
            return Some(Found {
                year: y,
                month: m,
                day: Some(day),
                from: i,
                to: if y.is_some() { k + 1 } else { j + 1 },
            });
        }
        return None;
    }
    let t = tokens.get(i)?;
    let m = month(&t.key, ctx.lang)?;
    // English month names are capitalised; "may" in lowercase is the verb.
    if ctx.lang == Lang::En && !t.cap {
        return None;
    }
    // Month day[, year]
    if let Some(day) = small_number(ctx, i + 1, 31) {
        let mut k = i + 2;
        if ctx.doc.is_word(k, ",") {
            k += 1;
        }
        let y = year(ctx, k);
        return Some(Found {
            year: y,
            month: m,
            day: Some(day),
            from: i,
            to: if y.is_some() { k + 1 } else { i + 2 },
        });
    }
    // month [de] year
    let mut k = i + 1;
    if ctx.doc.is_word(k, "de") || ctx.doc.is_word(k, "of") {
        k += 1;
    }
    let y = year(ctx, k)?;
    Some(Found {
        year: Some(y),
        month: m,
        day: None,
        from: i,
        to: k + 1,
    })
}

fn published_year(published: Option<&str>) -> Option<i32> {
    let p = published?.trim();
    p.get(..4)?
        .parse()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
}

pub(crate) fn extract(ctx: &mut Ctx, published: Option<&str>) -> Option<String> {
    let lead_end = ctx
        .doc
        .sentences
        .get(
            LEAD_SENTENCES
                .min(ctx.doc.sentences.len())
                .saturating_sub(1),
        )
        .map(|s| s.tok_end)
        .unwrap_or(0);
    let found = (0..lead_end).find_map(|i| date_at(ctx, i));
    if let Some(f) = found {
        let year = f.year.or_else(|| published_year(published));
        let text = match (year, f.day) {
            (Some(y), Some(d)) => format!("{y:04}-{:02}-{d:02}", f.month),
            (Some(y), None) => format!("{y:04}-{:02}", f.month),
            // ISO 8601 month-day without a year.
            (None, Some(d)) => format!("--{:02}-{d:02}", f.month),
            (None, None) => return published.map(published_day),
        };
        ctx.evidence("date", text.clone(), f.from, f.to);
        return Some(text);
    }
    published.map(published_day).filter(|p| !p.is_empty())
}

/// A publication timestamp as its calendar day ("2024-05-02T10:00:00Z" is "2024-05-02");
/// anything else as given.
fn published_day(p: &str) -> String {
    let p = p.trim();
    let b = p.as_bytes();
    let iso_day = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if iso_day {
        p[..10].to_string()
    } else {
        p.to_string()
    }
}
