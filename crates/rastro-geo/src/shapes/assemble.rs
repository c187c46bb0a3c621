//! One view's country shapes: the atlas culled to the view, projected, measured and written out.

use serde::Serialize;

use crate::countries::CountryCode;

use super::atlas::{AtlasCountry, BoxedPolygon};
use super::planar::Moments;
use super::project::{MapView, Projector};
use super::svg_path::{simplify_ring, PathWriter};
use super::topojson::Point;

/// A country as drawn in a [`MapView`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryShape {
    pub code: CountryCode,
    /// SVG path data in the view's pixels, one closed subpath per ring, holes included: draw it
    /// with `fill-rule="evenodd"` so that lakes and enclaves stay open whatever their winding.
    /// Parts of a country that reach past the view's edges are not cut, so the `<svg>` must clip
    /// (its default).
    pub path: String,
    /// Where to anchor a label or a flow line: the centroid, in view pixels, of the country's
    /// largest polygon in the view, so that Chile's anchor is on its mainland and France's in
    /// French Guiana.
    pub centroid: (f64, f64),
    /// The area drawn for the country in the view, in square pixels (Mercator's, so a size for
    /// laying out labels, not a measure of the land).
    pub area: f64,
}

/// Draws every country with a polygon whose bounding box meets the view. Polygons wholly outside
/// it are left out (Alaska and Hawaii from a view of Latin America), so a path holds what the
/// view can show plus the overhang of polygons it shows in part.
pub(crate) fn shapes(view: &MapView, atlas: &[AtlasCountry]) -> Vec<CountryShape> {
    let projector = Projector::new(view);
    atlas
        .iter()
        .filter_map(|country| shape(view, &projector, country))
        .collect()
}

fn shape(view: &MapView, projector: &Projector, country: &AtlasCountry) -> Option<CountryShape> {
    let mut path = PathWriter::default();
    let mut area = 0.0;
    let mut largest: Option<(f64, Point)> = None;
    let visible = country
        .polygons
        .iter()
        .filter(|p| view.overlaps(p.west, p.east, p.south, p.north));
    for polygon in visible {
        let projected = project_polygon(projector, polygon);
        let mut rings = projected.iter().map(|r| simplify_ring(r));
        // A polygon whose exterior collapses to nothing is not drawn, holes and all.
        let Some(Some(exterior)) = rings.next() else {
            continue;
        };
        path.ring(&exterior);
        for hole in rings.flatten() {
            path.ring(&hole);
        }
        let moments = Moments::of_polygon(&projected);
        area += moments.area;
        if largest.is_none_or(|(a, _)| moments.area > a) {
            // A sliver with no measurable area still needs an anchor: its points' mean.
            let centroid = moments
                .centroid()
                .or_else(|| mean(projected.first()?))
                .unwrap_or_default();
            largest = Some((moments.area, centroid));
        }
    }
    let (_, centroid) = largest?;
    Some(CountryShape {
        code: country.code,
        path: path.finish(),
        centroid,
        area,
    })
}

fn project_polygon(projector: &Projector, polygon: &BoxedPolygon) -> Vec<Vec<Point>> {
    polygon
        .rings
        .iter()
        .map(|ring| {
            ring.iter()
                .map(|&(lon, lat)| projector.project(lon, lat))
                .collect()
        })
        .collect()
}

fn mean(points: &[Point]) -> Option<Point> {
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(sx, sy), p| (sx + p.0, sy + p.1));
    (!points.is_empty()).then(|| (sx / n, sy / n))
}
