//! The map's projection: longitude and latitude to pixels of an SVG view.
//!
//! Mercator, because the map is read by people who know the Americas from web maps, which are all
//! Mercator: it is conformal, so Mexico's Pacific coast and Patagonia keep the shapes people
//! recognise, where an equirectangular map scaled for the middle latitude (about 11° S here)
//! would widen northern Mexico by a sixth and Tierra del Fuego by two thirds. Its area inflation
//! stays moderate at these latitudes (×1.1 at Mexico City, ×3 at Cape Horn, against the equator)
//! and matters less for a map that marks countries than for one that compares their sizes.

use std::f64::consts::FRAC_PI_4;

use super::error::GeoError;

/// Mercator runs to infinity at the poles; this is the latitude at which web maps cut it, so that
/// a world view comes out square.
const MAX_LATITUDE: f64 = 85.051_128_78;

/// A rectangle of the world drawn into a `width` × `height` pixel view (origin top left, y down,
/// as in SVG). The bounds are degrees: `west` < `east` (no view across the antimeridian) and
/// `south` < `north`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    pub width: f64,
    pub height: f64,
    pub west: f64,
    pub east: f64,
    pub south: f64,
    pub north: f64,
}

impl MapView {
    /// Mexico and the Caribbean down to Cape Horn, 800 pixels wide. The height is what
    /// [`MapView::fit`] computes for these bounds (a test holds it there): a literal, because
    /// the logarithm the projection needs cannot run in a `const`.
    pub const LATIN_AMERICA: MapView = MapView {
        width: 800.0,
        height: 979.9,
        west: -118.0,
        east: -34.0,
        south: -56.0,
        north: 33.0,
    };

    /// A view of the given bounds `width` pixels wide, as tall as it must be for the projection to
    /// keep its proportions (east–west and north–south scales equal).
    pub fn fit(width: f64, west: f64, east: f64, south: f64, north: f64) -> MapView {
        let span_x = (east - west).to_radians();
        let span_y = mercator_y(north) - mercator_y(south);
        MapView {
            width,
            height: width * span_y / span_x,
            west,
            east,
            south,
            north,
        }
    }

    /// The pixel position of a longitude and latitude in degrees. The view's bounds land on its
    /// edges; points outside them land outside `0..width` × `0..height`.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        Projector::new(self).project(lon, lat)
    }

    /// Whether the longitude/latitude rectangle overlaps the view's bounds.
    pub(crate) fn overlaps(&self, west: f64, east: f64, south: f64, north: f64) -> bool {
        west <= self.east && east >= self.west && south <= self.north && north >= self.south
    }

    pub(crate) fn validate(&self) -> Result<(), GeoError> {
        let sizes = [self.width, self.height];
        let bounds = [self.west, self.east, self.south, self.north];
        if sizes.iter().chain(&bounds).any(|v| !v.is_finite()) {
            return Err(GeoError::InvalidView(
                "sizes and bounds must be finite numbers",
            ));
        }
        if sizes.iter().any(|&v| v <= 0.0) {
            return Err(GeoError::InvalidView("width and height must be positive"));
        }
        if !(-180.0..=180.0).contains(&self.west)
            || !(-180.0..=180.0).contains(&self.east)
            || self.west >= self.east
        {
            return Err(GeoError::InvalidView(
                "west and east must lie in -180..=180 with west < east",
            ));
        }
        if self.south < -MAX_LATITUDE || self.north > MAX_LATITUDE || self.south >= self.north {
            return Err(GeoError::InvalidView(
                "south and north must lie within Mercator's ±85.05° with south < north",
            ));
        }
        Ok(())
    }
}

/// [`MapView::project`] with the view's constants worked out once, for projecting whole outlines.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Projector {
    west: f64,
    x_scale: f64,
    top: f64,
    y_scale: f64,
}

impl Projector {
    pub(crate) fn new(view: &MapView) -> Projector {
        let top = mercator_y(view.north);
        Projector {
            west: view.west,
            x_scale: view.width / (view.east - view.west),
            top,
            y_scale: view.height / (top - mercator_y(view.south)),
        }
    }

    pub(crate) fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.west) * self.x_scale,
            (self.top - mercator_y(lat)) * self.y_scale,
        )
    }
}

/// Mercator's northing on the unit sphere, with the latitude clamped so that Antarctica's rim at
/// -90° stays finite.
fn mercator_y(lat: f64) -> f64 {
    let phi = lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    (FRAC_PI_4 + phi / 2.0).tan().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMA: (f64, f64) = (-77.04, -12.05);
    const BRASILIA: (f64, f64) = (-47.88, -15.79);
    const MEXICO_CITY: (f64, f64) = (-99.13, 19.43);

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn the_latin_america_view_keeps_the_projection_s_proportions() {
        let v = MapView::LATIN_AMERICA;
        let fitted = MapView::fit(v.width, v.west, v.east, v.south, v.north);
        assert!((fitted.height - v.height).abs() < 0.05, "{fitted:?}");
    }

    #[test]
    fn the_bounds_land_on_the_view_s_corners() {
        let v = MapView::LATIN_AMERICA;
        let (x0, y0) = v.project(v.west, v.north);
        let (x1, y1) = v.project(v.east, v.south);
        assert!(close(x0, 0.0) && close(y0, 0.0), "{x0} {y0}");
        assert!(close(x1, v.width) && close(y1, v.height), "{x1} {y1}");
    }

    #[test]
    fn cities_fall_where_a_reader_expects_them() {
        let v = MapView::LATIN_AMERICA;
        let lima = v.project(LIMA.0, LIMA.1);
        let brasilia = v.project(BRASILIA.0, BRASILIA.1);
        let mexico = v.project(MEXICO_CITY.0, MEXICO_CITY.1);
        assert!(
            lima.0 < brasilia.0,
            "Lima {lima:?} west of Brasília {brasilia:?}"
        );
        assert!(
            lima.1 > mexico.1,
            "Lima {lima:?} south of Mexico City {mexico:?}"
        );
        assert!(lima.1 < brasilia.1, "Lima is north of Brasília too");
        for p in [lima, brasilia, mexico] {
            assert!((0.0..v.width).contains(&p.0) && (0.0..v.height).contains(&p.1));
        }
    }

    #[test]
    fn mercator_stretches_latitudes_away_from_the_equator() {
        let v = MapView::fit(1000.0, -10.0, 10.0, -60.0, 60.0);
        let y = |lat| v.project(0.0, lat).1;
        // Ten degrees near the equator are shorter than ten degrees at 50°.
        assert!(y(0.0) - y(10.0) < y(40.0) - y(50.0));
        // The poles are clamped, not infinite.
        assert!(y(-90.0).is_finite() && y(90.0).is_finite());
    }

    #[test]
    fn nonsensical_views_are_refused() {
        let good = MapView::LATIN_AMERICA;
        assert_eq!(good.validate(), Ok(()));
        for bad in [
            MapView { width: 0.0, ..good },
            MapView {
                height: f64::NAN,
                ..good
            },
            MapView {
                west: -30.0,
                ..good
            },
            MapView {
                east: 200.0,
                ..good
            },
            MapView {
                south: -90.0,
                ..good
            },
            MapView {
                north: -60.0,
                ..good
            },
        ] {
            assert!(
                matches!(bad.validate(), Err(GeoError::InvalidView(_))),
                "{bad:?}"
            );
        }
    }
}
