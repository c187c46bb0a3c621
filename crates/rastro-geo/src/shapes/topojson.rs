//! A decoder for the polygonal part of TopoJSON (https://github.com/topojson/topojson-specification).
//!
//! Only what an areal map needs is understood: quantized (delta-encoded) or plain arcs, and
//! `Polygon` and `MultiPolygon` geometries, possibly nested in `GeometryCollection`s. Points and
//! lines carry no area to fill, so they are skipped rather than refused.

use std::collections::HashMap;
use std::fmt;

use serde::de::{IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::error::TopoJsonError;

/// A position in the topology's own coordinates: (longitude, latitude) for world-atlas.
pub(crate) type Point = (f64, f64);

/// A closed ring: its last point repeats its first.
pub(crate) type Ring = Vec<Point>;

/// The exterior ring first, then the holes.
pub(crate) type Polygon = Vec<Ring>;

/// One geometry of the decoded object with its identity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Feature {
    /// The geometry's `id`, as text even when the file wrote a number.
    pub id: Option<String>,
    /// `properties.name`, kept so that a feature without a usable id can still be named in
    /// diagnostics.
    pub name: Option<String>,
    pub polygons: Vec<Polygon>,
}

/// Decodes the polygons of the object `object` (e.g. `"countries"`) of a TopoJSON topology.
pub(crate) fn decode(json: &str, object: &str) -> Result<Vec<Feature>, TopoJsonError> {
    let raw: RawTopology =
        serde_json::from_str(json).map_err(|e| TopoJsonError::Json(e.to_string()))?;
    if raw.kind != "Topology" {
        return Err(TopoJsonError::NotTopology(raw.kind));
    }
    let geometry = raw
        .objects
        .get(object)
        .ok_or_else(|| TopoJsonError::MissingObject(object.to_string()))?;
    let arcs = absolute_arcs(raw.arcs, raw.transform.as_ref());
    let mut features = Vec::new();
    collect(geometry, &arcs, &mut features)?;
    Ok(features)
}

#[derive(Deserialize)]
struct RawTopology {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    transform: Option<Transform>,
    arcs: Vec<Vec<Position>>,
    objects: HashMap<String, RawGeometry>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

/// The first two numbers of a position; the specification allows more (elevation and the like),
/// which a flat map has no use for.
struct Position(f64, f64);

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PositionVisitor;

        impl<'de> Visitor<'de> for PositionVisitor {
            type Value = Position;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a position of at least two numbers")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Position, A::Error> {
                use serde::de::Error as _;
                let x = seq
                    .next_element::<f64>()?
                    .ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let y = seq
                    .next_element::<f64>()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Position(x, y))
            }
        }

        deserializer.deserialize_seq(PositionVisitor)
    }
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum RawGeometry {
    GeometryCollection {
        geometries: Vec<RawGeometry>,
    },
    Polygon {
        arcs: Vec<Vec<i64>>,
        #[serde(default)]
        id: Option<RawId>,
        #[serde(default)]
        properties: Option<Properties>,
    },
    MultiPolygon {
        arcs: Vec<Vec<Vec<i64>>>,
        #[serde(default)]
        id: Option<RawId>,
        #[serde(default)]
        properties: Option<Properties>,
    },
    #[serde(other)]
    Other,
}

/// The specification lets an id be a string or a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawId {
    Text(String),
    Number(serde_json::Number),
}

impl RawId {
    fn text(&self) -> String {
        match self {
            RawId::Text(s) => s.clone(),
            RawId::Number(n) => n.to_string(),
        }
    }
}

#[derive(Deserialize)]
struct Properties {
    #[serde(default)]
    name: Option<String>,
}

/// Turns every arc into absolute coordinates once, since most arcs are shared by two countries.
/// A quantized topology stores each position as the integer offset from the previous one.
fn absolute_arcs(raw: Vec<Vec<Position>>, transform: Option<&Transform>) -> Vec<Vec<Point>> {
    raw.into_iter()
        .map(|arc| match transform {
            Some(t) => {
                let (mut x, mut y) = (0.0, 0.0);
                arc.into_iter()
                    .map(|Position(dx, dy)| {
                        x += dx;
                        y += dy;
                        (
                            x * t.scale[0] + t.translate[0],
                            y * t.scale[1] + t.translate[1],
                        )
                    })
                    .collect()
            }
            None => arc.into_iter().map(|Position(x, y)| (x, y)).collect(),
        })
        .collect()
}

fn collect(
    geometry: &RawGeometry,
    arcs: &[Vec<Point>],
    out: &mut Vec<Feature>,
) -> Result<(), TopoJsonError> {
    match geometry {
        RawGeometry::GeometryCollection { geometries } => {
            for g in geometries {
                collect(g, arcs, out)?;
            }
        }
        RawGeometry::Polygon {
            arcs: rings,
            id,
            properties,
        } => out.push(Feature {
            id: id.as_ref().map(RawId::text),
            name: properties.as_ref().and_then(|p| p.name.clone()),
            polygons: vec![polygon(rings, arcs)?],
        }),
        RawGeometry::MultiPolygon {
            arcs: polygons,
            id,
            properties,
        } => out.push(Feature {
            id: id.as_ref().map(RawId::text),
            name: properties.as_ref().and_then(|p| p.name.clone()),
            polygons: polygons
                .iter()
                .map(|rings| polygon(rings, arcs))
                .collect::<Result<_, _>>()?,
        }),
        RawGeometry::Other => {}
    }
    Ok(())
}

fn polygon(rings: &[Vec<i64>], arcs: &[Vec<Point>]) -> Result<Polygon, TopoJsonError> {
    rings.iter().map(|indices| ring(indices, arcs)).collect()
}

/// Stitches a ring from its arcs. A negative index `i` means arc `!i` walked backwards (the
/// specification's one's complement, so that arc 0 can be reversed too).
fn ring(indices: &[i64], arcs: &[Vec<Point>]) -> Result<Ring, TopoJsonError> {
    let mut ring: Ring = Vec::new();
    for &index in indices {
        let (position, reversed) = if index < 0 {
            (!index, true)
        } else {
            (index, false)
        };
        let arc = usize::try_from(position)
            .ok()
            .and_then(|i| arcs.get(i))
            .ok_or(TopoJsonError::ArcIndex {
                index,
                arcs: arcs.len(),
            })?;
        // Each arc starts where the previous one ended; that shared point is kept once.
        let skip = usize::from(!ring.is_empty());
        if reversed {
            ring.extend(arc.iter().rev().skip(skip));
        } else {
            ring.extend(arc.iter().skip(skip));
        }
    }
    Ok(ring)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two unit squares side by side sharing the edge x = 1 (arc 0, drawn upwards), quantized with
    /// scale 0.5 and translate (10, 20) so that every decoded coordinate also checks the transform.
    /// Arc 1 is the left square's remaining outline, arc 2 the right square's. The left square is
    /// a Polygon; the right square plus a separate triangle (arc 3) form a MultiPolygon.
    const TWO_SQUARES: &str = r#"{
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "objects": {
            "countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "id": "001", "properties": {"name": "Left"}, "arcs": [[0, 1]]},
                {"type": "MultiPolygon", "id": 2, "arcs": [[[-1, 2]], [[3]]]},
                {"type": "Point", "coordinates": [0, 0]},
                {"type": "Polygon", "properties": {"name": "Nameless"}, "arcs": [[3]]}
            ]}
        },
        "arcs": [
            [[2, 0], [0, 2]],
            [[2, 2], [-2, 0], [0, -2], [2, 0]],
            [[2, 0], [2, 0], [0, 2], [-2, 0]],
            [[10, 10], [2, 0], [-2, 2], [0, -2]]
        ]
    }"#;

    fn features() -> Vec<Feature> {
        decode(TWO_SQUARES, "countries").unwrap()
    }

    #[test]
    fn quantized_arcs_are_delta_decoded_and_transformed() {
        let left = &features()[0];
        assert_eq!(left.id.as_deref(), Some("001"));
        assert_eq!(left.name.as_deref(), Some("Left"));
        // Arc 0 then arc 1, with the point they share written once.
        assert_eq!(
            left.polygons,
            vec![vec![vec![
                (11.0, 20.0),
                (11.0, 21.0),
                (10.0, 21.0),
                (10.0, 20.0),
                (11.0, 20.0),
            ]]]
        );
    }

    #[test]
    fn a_negative_index_walks_its_arc_backwards() {
        let right = &features()[1];
        // ~0 is arc 0 reversed: from (11, 21) down to (11, 20), then arc 2 back up.
        assert_eq!(
            right.polygons[0][0],
            vec![
                (11.0, 21.0),
                (11.0, 20.0),
                (12.0, 20.0),
                (12.0, 21.0),
                (11.0, 21.0),
            ]
        );
    }

    #[test]
    fn a_multipolygon_keeps_each_polygon_and_numeric_ids_become_text() {
        let all = features();
        assert_eq!(all.len(), 3, "the Point is skipped, the three areas kept");
        let right = &all[1];
        assert_eq!(right.id.as_deref(), Some("2"));
        assert_eq!(right.polygons.len(), 2);
        assert_eq!(
            right.polygons[1],
            vec![vec![(15.0, 25.0), (16.0, 25.0), (15.0, 26.0), (15.0, 25.0)]]
        );
        assert_eq!(all[2].id, None);
        assert_eq!(all[2].name.as_deref(), Some("Nameless"));
    }

    #[test]
    fn plain_arcs_are_used_as_they_are_and_extra_dimensions_ignored() {
        let json = r#"{"type": "Topology", "objects": {"o": {"type": "Polygon", "arcs": [[0]]}},
            "arcs": [[[1.5, 2, 99], [3, 2], [3, 4], [1.5, 2]]]}"#;
        let polygons = &decode(json, "o").unwrap()[0].polygons;
        assert_eq!(
            polygons,
            &vec![vec![vec![(1.5, 2.0), (3.0, 2.0), (3.0, 4.0), (1.5, 2.0)]]]
        );
    }

    #[test]
    fn malformed_topologies_are_errors_not_panics() {
        assert!(matches!(
            decode("{", "countries"),
            Err(TopoJsonError::Json(_))
        ));
        assert_eq!(
            decode(TWO_SQUARES, "rivers"),
            Err(TopoJsonError::MissingObject("rivers".into()))
        );
        let geojson = r#"{"type": "FeatureCollection", "objects": {}, "arcs": []}"#;
        assert_eq!(
            decode(geojson, "countries"),
            Err(TopoJsonError::NotTopology("FeatureCollection".into()))
        );
        let bad_arc = r#"{"type": "Topology", "objects": {"o": {"type": "Polygon", "arcs": [[-3]]}},
            "arcs": [[[0, 0], [1, 0]]]}"#;
        assert_eq!(
            decode(bad_arc, "o"),
            Err(TopoJsonError::ArcIndex { index: -3, arcs: 1 })
        );
        let short_position = r#"{"type": "Topology", "objects": {}, "arcs": [[[0]]]}"#;
        assert!(matches!(
            decode(short_position, "o"),
            Err(TopoJsonError::Json(_))
        ));
    }
}
