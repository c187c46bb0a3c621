//! Area and centroid of projected polygons (pixels), by the shoelace formula.

use super::topojson::Point;

/// A polygon's area and its first moments, which add up across rings and polygons.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Moments {
    pub area: f64,
    sum_x: f64,
    sum_y: f64,
}

impl Moments {
    /// The area of a polygon (exterior ring first, then holes) and its moments. Ring orientation
    /// is not trusted: world-atlas winds exteriors one way in spherical coordinates, which the
    /// y-down projection flips, so the exterior counts positive and holes negative by position.
    pub(crate) fn of_polygon(rings: &[Vec<Point>]) -> Moments {
        let mut total = Moments::default();
        for (i, ring) in rings.iter().enumerate() {
            let m = Self::of_ring(ring);
            let sign = if (m.area >= 0.0) == (i == 0) {
                1.0
            } else {
                -1.0
            };
            total.area += sign * m.area;
            total.sum_x += sign * m.sum_x;
            total.sum_y += sign * m.sum_y;
        }
        total
    }

    /// Signed area (positive when counter-clockwise in y-up axes) and moments of a ring; it need
    /// not repeat its first point at the end.
    fn of_ring(ring: &[Point]) -> Moments {
        let mut m = Moments::default();
        let Some(&first) = ring.first() else {
            return m;
        };
        let mut previous = first;
        for &point in ring.iter().skip(1).chain(std::iter::once(&first)) {
            let cross = previous.0 * point.1 - point.0 * previous.1;
            m.area += cross;
            m.sum_x += (previous.0 + point.0) * cross;
            m.sum_y += (previous.1 + point.1) * cross;
            previous = point;
        }
        m.area /= 2.0;
        m.sum_x /= 6.0;
        m.sum_y /= 6.0;
        m
    }

    /// The centroid, or `None` for a polygon without area (a collapsed sliver).
    pub(crate) fn centroid(&self) -> Option<Point> {
        (self.area.abs() > f64::EPSILON).then(|| (self.sum_x / self.area, self.sum_y / self.area))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, side: f64, clockwise: bool) -> Vec<Point> {
        let mut ring = vec![(x, y), (x + side, y), (x + side, y + side), (x, y + side)];
        if clockwise {
            ring.reverse();
        }
        ring.push((x, y));
        ring
    }

    #[test]
    fn area_and_centroid_do_not_depend_on_winding() {
        for clockwise in [false, true] {
            let m = Moments::of_polygon(&[square(2.0, 4.0, 2.0, clockwise)]);
            assert!((m.area - 4.0).abs() < 1e-9, "{m:?}");
            assert_eq!(m.centroid(), Some((3.0, 5.0)));
        }
    }

    #[test]
    fn a_hole_is_subtracted_and_pulls_the_centroid_away() {
        // A 4×4 square with a 2×2 hole in its right half: the mass left is mostly on the left.
        let m = Moments::of_polygon(&[square(0.0, 0.0, 4.0, false), square(2.0, 1.0, 2.0, false)]);
        assert!((m.area - 12.0).abs() < 1e-9, "{m:?}");
        let (cx, cy) = m.centroid().unwrap();
        assert!(cx < 2.0 && (cy - 2.0).abs() < 1e-9, "{cx} {cy}");
    }

    #[test]
    fn a_degenerate_ring_has_no_centroid() {
        let m = Moments::of_polygon(&[vec![(1.0, 1.0), (2.0, 2.0), (1.0, 1.0)]]);
        assert_eq!(m.centroid(), None);
        assert_eq!(Moments::of_polygon(&[]).area, 0.0);
    }
}
