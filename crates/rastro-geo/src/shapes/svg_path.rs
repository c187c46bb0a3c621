//! Projected rings to compact SVG path data.
//!
//! A page draws every country of the continent, so the path text is most of the page's weight.
//! Points are rounded to a tenth of a pixel (finer than a screen shows at the view's size), points
//! within half a pixel of the last one kept are dropped, and coordinates after the first are
//! written relative to the previous point, which keeps most numbers to two or three characters.

use super::topojson::Point;

/// How close (in pixels) a point may come to the previous one kept before it is dropped.
const MIN_STEP: f64 = 0.5;

/// A ring ready to write: points in tenths of a pixel, open (the path's `z` closes it).
pub(crate) type TenthsRing = Vec<(i64, i64)>;

/// Thins and rounds a projected ring, or `None` when nothing drawable is left. A small island
/// that thinning would reduce to fewer than three points keeps all its points instead, so that
/// Saint Kitts or Grenada still shows as a speck rather than vanishing.
pub(crate) fn simplify_ring(ring: &[Point]) -> Option<TenthsRing> {
    let open = match (ring.first(), ring.last()) {
        (Some(first), Some(last)) if ring.len() > 1 && first == last => &ring[..ring.len() - 1],
        _ => ring,
    };
    let thinned = to_tenths(thin(open));
    if distinct_points(&thinned) >= 3 {
        return Some(thinned);
    }
    let full = to_tenths(open.iter().copied());
    (distinct_points(&full) >= 3).then_some(full)
}

fn thin(points: &[Point]) -> impl Iterator<Item = Point> + '_ {
    let mut last: Option<Point> = None;
    points.iter().copied().filter(move |&p| {
        let keep = last.is_none_or(|l| (p.0 - l.0).hypot(p.1 - l.1) >= MIN_STEP);
        if keep {
            last = Some(p);
        }
        keep
    })
}

/// Rounds to tenths, dropping points that round onto their predecessor and a last point that
/// rounds onto the first (the closing `z` draws that edge).
fn to_tenths(points: impl Iterator<Item = Point>) -> TenthsRing {
    let mut out: TenthsRing = Vec::new();
    for (x, y) in points {
        let p = (tenths(x), tenths(y));
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

fn tenths(v: f64) -> i64 {
    // Saturating conversion: a coordinate beyond i64 would already be far off any screen.
    (v * 10.0).round() as i64
}

/// Counts distinct points, stopping at three (all the callers need to know).
fn distinct_points(ring: &[(i64, i64)]) -> usize {
    let mut seen: Vec<(i64, i64)> = Vec::with_capacity(3);
    for p in ring {
        if !seen.contains(p) {
            seen.push(*p);
            if seen.len() == 3 {
                break;
            }
        }
    }
    seen.len()
}

/// Writes rings as one path `d` attribute: `M` to each ring's first point in absolute pixels,
/// then implicit relative line-tos, then `z`.
#[derive(Debug, Default)]
pub(crate) struct PathWriter {
    out: String,
    /// Whether the last number written had a decimal point, in which case a following number
    /// written as ".5" needs no separator ("1.2.5" reads as 1.2 then .5).
    last_had_point: bool,
}

impl PathWriter {
    pub(crate) fn ring(&mut self, ring: &[(i64, i64)]) {
        let Some((&first, rest)) = ring.split_first() else {
            return;
        };
        self.out.push('M');
        self.last_had_point = false;
        self.number(first.0, true);
        self.number(first.1, false);
        let mut previous = first;
        for (i, &p) in rest.iter().enumerate() {
            if i == 0 {
                self.out.push('l');
            }
            self.number(p.0 - previous.0, i == 0);
            self.number(p.1 - previous.1, false);
            previous = p;
        }
        self.out.push('z');
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }

    /// Writes a value given in tenths, with a separator only where the parser needs one.
    fn number(&mut self, tenths: i64, after_command: bool) {
        let negative = tenths < 0;
        let whole = tenths.unsigned_abs() / 10;
        let fraction = tenths.unsigned_abs() % 10;
        let starts_with_point = whole == 0 && fraction != 0;
        // A command letter, a minus sign, or a second decimal point already ends the previous
        // number.
        let delimited = after_command || negative || (starts_with_point && self.last_had_point);
        if !delimited {
            self.out.push(' ');
        }
        if negative {
            self.out.push('-');
        }
        if whole != 0 || fraction == 0 {
            self.out.push_str(&whole.to_string());
        }
        if fraction != 0 {
            self.out.push('.');
            self.out.push(char::from(b'0' + fraction as u8));
        }
        self.last_had_point = fraction != 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(rings: &[TenthsRing]) -> String {
        let mut w = PathWriter::default();
        for r in rings {
            w.ring(r);
        }
        w.finish()
    }

    #[test]
    fn rings_are_written_compactly_and_relative() {
        let square = vec![(100, 205), (150, 205), (150, 250), (95, 250)];
        assert_eq!(path(&[square]), "M10 20.5l5 0 0 4.5-5.5 0z");
        // Fractions below one drop their zero, and run together after another fraction.
        let small = vec![(0, 0), (5, 3), (-2, 3), (-2, -10)];
        assert_eq!(path(&[small]), "M0 0l.5.3-.7 0 0-1.3z");
        let two = vec![
            vec![(0, 0), (10, 0), (0, 10)],
            vec![(20, 20), (30, 20), (20, 30)],
        ];
        assert_eq!(path(&two), "M0 0l1 0-1 1zM2 2l1 0-1 1z");
    }

    #[test]
    fn close_points_are_dropped_and_the_closing_point_left_to_z() {
        let ring = [
            (0.0, 0.0),
            (0.2, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (10.1, 10.2),
            (0.0, 10.0),
            (0.0, 0.0),
        ];
        assert_eq!(
            simplify_ring(&ring),
            Some(vec![(0, 0), (100, 0), (100, 100), (0, 100)])
        );
    }

    #[test]
    fn a_tiny_island_keeps_its_points_rather_than_vanishing() {
        // A triangle 0.4 px across: thinning would leave one point.
        let island = [(50.0, 50.0), (50.4, 50.0), (50.2, 50.3), (50.0, 50.0)];
        assert_eq!(
            simplify_ring(&island),
            Some(vec![(500, 500), (504, 500), (502, 503)])
        );
    }

    #[test]
    fn a_ring_below_a_tenth_of_a_pixel_is_not_drawn() {
        let speck = [(1.0, 1.0), (1.01, 1.0), (1.0, 1.02), (1.0, 1.0)];
        assert_eq!(simplify_ring(&speck), None);
        assert_eq!(simplify_ring(&[]), None);
    }
}
