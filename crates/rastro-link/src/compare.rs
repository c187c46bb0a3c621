//! The comparison vector of a pair: for each comparison, the first level both records satisfy.

use crate::config::Level;
use crate::em::{pack, NULL};
use crate::prepare::{ClkValues, DateValues, Prepared, TextValues, Values};
use crate::text;

/// The level of one comparison for the pair (a, b): an index into its levels, the number of levels
/// for "else", or [`NULL`] when either value is missing.
pub fn level(p: &Prepared, a: usize, b: usize) -> u8 {
    if p.is_null(a) || p.is_null(b) {
        return NULL;
    }
    let found = match &p.values {
        Values::Text(t) => text_level(&p.levels, t, a, b),
        Values::Date(d) => date_level(&p.levels, d, a, b),
        Values::Clk(c) => clk_level(&p.levels, c, a, b),
    };
    found.unwrap_or(p.levels.len()) as u8
}

/// The packed comparison vector of a pair.
pub fn gamma(prepared: &[Prepared], a: usize, b: usize) -> u64 {
    let mut levels = [0u8; crate::config::MAX_COMPARISONS];
    for (slot, p) in levels.iter_mut().zip(prepared) {
        *slot = level(p, a, b);
    }
    pack(&levels[..prepared.len()])
}

fn text_level(levels: &[Level], t: &TextValues, a: usize, b: usize) -> Option<usize> {
    let (x, y) = (t.folded.get(a), t.folded.get(b));
    let mut jaro_winkler = None;
    let mut bound = None;
    let mut swaps = 0;
    for (i, level) in levels.iter().enumerate() {
        let hit = match level {
            Level::Exact => x == y,
            Level::JaroWinkler(threshold) => {
                *bound.get_or_insert_with(|| {
                    text::jaro_winkler_bound_from(x, y, &text::letters(x), &text::letters(y))
                }) >= *threshold
                    && *jaro_winkler.get_or_insert_with(|| text::jaro_winkler(x, y)) >= *threshold
            }
            Level::Levenshtein(max) => text::levenshtein_within(x, y, *max),
            Level::Phonetic => {
                let (k, l) = (t.phonetic[a], t.phonetic[b]);
                k != 0 && k == l
            }
            Level::Variant => text::are_variants(x, y, t.variant.get(a), t.variant.get(b)),
            Level::Subset => text::token_subset(x, y),
            Level::Initial => is_initial(x, y) || is_initial(y, x),
            Level::SwappedWith(_) => {
                let other = &t.swapped[swaps];
                swaps += 1;
                let (ox, oy) = (other.get(a), other.get(b));
                !ox.is_empty() && !oy.is_empty() && similar(x, oy) && similar(y, ox)
            }
            _ => false,
        };
        if hit {
            return Some(i);
        }
    }
    None
}

/// Close enough to count as the same name in a swapped position: a typo may come with a swap.
fn similar(x: &str, y: &str) -> bool {
    x == y
        || (text::jaro_winkler_bound_from(x, y, &text::letters(x), &text::letters(y))
            >= SWAP_SIMILARITY
            && text::jaro_winkler(x, y) >= SWAP_SIMILARITY)
}

/// Jaro-Winkler similarity at which swapped names still count as swapped.
const SWAP_SIMILARITY: f64 = 0.88;

/// Dice similarity at which filters of swapped names still count as swapped.
const SWAP_DICE: f64 = 0.75;

/// `short` is a single letter (an initial) that starts `long`.
fn is_initial(short: &str, long: &str) -> bool {
    let mut chars = short.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if long.starts_with(c))
}

fn date_level(levels: &[Level], d: &DateValues, a: usize, b: usize) -> Option<usize> {
    let (x, y) = (d.digits.get(a), d.digits.get(b));
    let (p, q) = (d.parsed[a], d.parsed[b]);
    levels.iter().position(|level| match level {
        Level::Exact => x == y || (p.is_some() && p == q),
        Level::Levenshtein(max) => text::levenshtein_within(x, y, *max),
        Level::OnePartDiffers => matches!((p, q), (Some(p), Some(q)) if p.parts_differing(q) == 1),
        Level::SwappedDayMonth => matches!((p, q), (Some(p), Some(q))
            if p.year == q.year && p.day == q.month && p.month == q.day && p.day != p.month),
        Level::WithinDays(max) => matches!((p, q), (Some(p), Some(q))
            if (p.day_number() - q.day_number()).unsigned_abs() <= u64::from(*max)),
        _ => false,
    })
}

/// Dice similarity of two Bloom filters: twice the shared bits over the sum of bits.
pub fn dice(x: &[u64], y: &[u64], ones_x: u32, ones_y: u32) -> f64 {
    let total = ones_x + ones_y;
    if total == 0 {
        return 0.0;
    }
    let shared: u32 = x.iter().zip(y).map(|(p, q)| (p & q).count_ones()).sum();
    2.0 * f64::from(shared) / f64::from(total)
}

fn clk_level(levels: &[Level], c: &ClkValues, a: usize, b: usize) -> Option<usize> {
    let similarity = dice(c.filter(a), c.filter(b), c.ones[a], c.ones[b]);
    let mut swaps = 0;
    levels.iter().position(|level| match level {
        Level::Exact => c.filter(a) == c.filter(b),
        Level::Dice(t) => similarity >= *t,
        Level::SwappedWith(_) => {
            let other = &c.swapped[swaps];
            swaps += 1;
            other.words == c.words
                && dice(c.filter(a), other.filter(b), c.ones[a], other.ones[b]) >= SWAP_DICE
                && dice(other.filter(a), c.filter(b), other.ones[a], c.ones[b]) >= SWAP_DICE
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LinkConfig;
    use crate::prepare::prepare;
    use crate::table::{Records, Table};

    fn records(rows: &[[&str; 3]]) -> Records {
        let columns: Vec<String> = ["given", "surname", "dob"].map(String::from).to_vec();
        let mut table = Table::new("t", &columns);
        for (i, row) in rows.iter().enumerate() {
            table.push_row(&i.to_string(), row);
        }
        Records::dedupe(table)
    }

    const CONFIG: &str = r#"
id = "id"
[[comparison]]
name = "given"
column = "given"
levels = ["exact", "swapped_with=surname", "jaro_winkler>=0.9", "initial"]
[[comparison]]
name = "dob"
column = "dob"
kind = "date"
levels = ["exact", "swapped_day_month", "one_part_differs", "within_days<=365"]
"#;

    #[test]
    fn levels_follow_their_order() {
        let config = LinkConfig::from_toml(CONFIG, "t").unwrap();
        let r = records(&[
            ["José", "Pérez", "1990-03-04"],
            ["jose", "perez", "04/03/1990"],
            ["Perez", "Jose", "1990-04-03"],
            ["Josue", "Perez", "1990-05-04"],
            ["J", "Perez", "1990-12-30"],
            ["", "Perez", "1991-06-30"],
        ]);
        let p = prepare(&config, &r);
        assert_eq!(level(&p[0], 0, 1), 0);
        assert_eq!(level(&p[0], 0, 2), 1);
        assert_eq!(level(&p[0], 0, 3), 2);
        assert_eq!(level(&p[0], 0, 4), 3);
        assert_eq!(level(&p[0], 0, 5), NULL);
        assert_eq!(level(&p[1], 0, 1), 0, "same date in two formats");
        assert_eq!(level(&p[1], 0, 2), 1);
        assert_eq!(level(&p[1], 0, 3), 2);
        assert_eq!(level(&p[1], 4, 5), 3);
        assert_eq!(level(&p[1], 0, 5), 4, "else");
    }

    #[test]
    fn dice_of_bloom_filters() {
        assert_eq!(dice(&[0b1111], &[0b0011], 4, 2), 2.0 * 2.0 / 6.0);
        assert_eq!(dice(&[0], &[0], 0, 0), 0.0);
    }
}
