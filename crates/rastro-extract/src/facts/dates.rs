//! The event date: the first calendar date in the lead of the article ("el 29 de septiembre",
//! "on March 11", "27 November", "em 2 de maio de 2023"), completed with the published year
//! when the text omits it; otherwise the published date.

use rastro_text::{days_in_month, month_number, Lang, PartialDate};

use super::Ctx;
use crate::text::TokKind;

/// Sentences (title included) searched for the event date: later dates are usually background.
const LEAD_SENTENCES: usize = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    year: Option<i32>,
    month: u32,
    day: Option<u32>,
    from: usize,
    to: usize,
}

impl Found {
    /// Whether the day exists in its month, in `year` when the text or the publication gives
    /// one ("29 de febrero" needs a leap year), else in some year.
    fn is_real(&self, year: Option<i32>) -> bool {
        let Some(day) = self.day else {
            return true;
        };
        // Without a year, a leap year (2000) lets every month have its longest.
        day <= days_in_month(year.unwrap_or(2000), self.month)
    }
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
        if let Some(m) = tokens.get(j).and_then(|t| month_number(&t.key, ctx.lang)) {
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
    let m = month_number(&t.key, ctx.lang)?;
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
    let published_year = published_year(published);
    let found = (0..lead_end)
        .filter_map(|i| date_at(ctx, i))
        .find(|f| f.is_real(f.year.or(published_year)));
    if let Some(f) = found {
        let year = f.year.or(published_year);
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
/// anything else, a day that does not exist included, as given.
fn published_day(p: &str) -> String {
    let p = p.trim();
    let day = p
        .get(..10)
        .and_then(|head| PartialDate::parse(head, 0..=9999).ok())
        .filter(|d| d.day.is_some());
    match day {
        Some(d) => d.to_string(),
        None => p.to_string(),
    }
}
