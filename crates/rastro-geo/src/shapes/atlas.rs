//! The vendored world atlas (Natural Earth 1:50m via npm's world-atlas), decoded once and keyed by
//! Rastro's country codes.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::countries::{countries, CountryCode};

use super::error::{GeoError, TopoJsonError};
use super::topojson::{self, Feature, Polygon};

const COUNTRIES_50M: &str = include_str!("../../data/world-atlas/countries-50m.json");

/// A polygon with its longitude/latitude bounding box, so that a view can skip what it cannot
/// show without projecting it.
#[derive(Debug, Clone)]
pub(crate) struct BoxedPolygon {
    pub rings: Polygon,
    pub west: f64,
    pub east: f64,
    pub south: f64,
    pub north: f64,
}

/// Every polygon the atlas draws for one country.
#[derive(Debug, Clone)]
pub(crate) struct AtlasCountry {
    pub code: CountryCode,
    pub polygons: Vec<BoxedPolygon>,
}

/// The atlas's countries, ordered by code. The first call decodes the file (tens of milliseconds).
pub(crate) fn atlas() -> Result<&'static [AtlasCountry], GeoError> {
    static ATLAS: OnceLock<Result<Vec<AtlasCountry>, TopoJsonError>> = OnceLock::new();
    ATLAS
        .get_or_init(|| topojson::decode(COUNTRIES_50M, "countries").map(by_country))
        .as_deref()
        .map_err(|e| GeoError::Atlas(e.clone()))
}

/// Keys features by country. world-atlas ids are ISO 3166-1 numeric codes ("604" is Peru);
/// features without one (Kosovo, Somaliland, Northern Cyprus and the like, whose status ISO does
/// not settle) are left off the map rather than guessed at, and a country drawn as two features
/// (Australia and its Ashmore and Cartier Islands) becomes one.
pub(crate) fn by_country(features: Vec<Feature>) -> Vec<AtlasCountry> {
    let numeric = numeric_codes();
    let mut grouped: HashMap<CountryCode, Vec<BoxedPolygon>> = HashMap::new();
    for feature in features {
        let Some(code) = feature
            .id
            .as_deref()
            .and_then(numeric_value)
            .and_then(|n| numeric.get(&n).copied())
        else {
            continue;
        };
        grouped
            .entry(code)
            .or_default()
            .extend(feature.polygons.into_iter().filter_map(boxed));
    }
    let mut all: Vec<AtlasCountry> = grouped
        .into_iter()
        .map(|(code, polygons)| AtlasCountry { code, polygons })
        .collect();
    all.sort_by_key(|c| c.code);
    all
}

/// The country table's numeric codes by value, so that "076", "76" and 76 all find Brazil.
fn numeric_codes() -> HashMap<u16, CountryCode> {
    countries()
        .iter()
        .filter_map(|c| Some((numeric_value(&c.numeric)?, c.code)))
        .collect()
}

fn numeric_value(text: &str) -> Option<u16> {
    text.trim().parse().ok()
}

/// Bounds a polygon by its exterior ring (holes lie inside it); `None` for an empty one.
fn boxed(rings: Polygon) -> Option<BoxedPolygon> {
    let exterior = rings.first()?;
    let (&(lon, lat), rest) = exterior.split_first()?;
    let mut b = BoxedPolygon {
        west: lon,
        east: lon,
        south: lat,
        north: lat,
        rings: Vec::new(),
    };
    for &(lon, lat) in rest {
        b.west = b.west.min(lon);
        b.east = b.east.max(lon);
        b.south = b.south.min(lat);
        b.north = b.north.max(lat);
    }
    b.rings = rings;
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(id: Option<&str>, lon: f64) -> Feature {
        let ring = vec![(lon, 0.0), (lon + 1.0, 0.0), (lon + 1.0, 1.0), (lon, 0.0)];
        Feature {
            id: id.map(str::to_string),
            name: None,
            polygons: vec![vec![ring]],
        }
    }

    #[test]
    fn features_are_keyed_by_numeric_code_and_merged_per_country() {
        let grouped = by_country(vec![
            feature(Some("604"), 10.0),
            feature(Some("036"), 20.0),
            feature(None, 30.0),
            feature(Some("36"), 40.0),
            feature(Some("-99"), 50.0),
            feature(Some("999"), 60.0),
            feature(Some("076"), 70.0),
        ]);
        let codes: Vec<&str> = grouped.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["AU", "BR", "PE"]);
        let au = &grouped[0];
        assert_eq!(au.polygons.len(), 2);
        assert_eq!((au.polygons[0].west, au.polygons[0].east), (20.0, 21.0));
        assert_eq!((au.polygons[1].south, au.polygons[1].north), (0.0, 1.0));
    }

    #[test]
    fn the_vendored_atlas_decodes_and_names_the_americas() {
        let atlas = atlas().unwrap();
        assert!(atlas.len() > 200, "{} countries", atlas.len());
        for code in ["PE", "BR", "KN", "GD", "US", "FR"] {
            assert!(
                atlas.iter().any(|c| c.code.as_str() == code),
                "{code} missing"
            );
        }
        let australia = atlas.iter().find(|c| c.code.as_str() == "AU").unwrap();
        assert!(australia.polygons.len() > 30);
    }
}
