//! What can go wrong when drawing country shapes.

/// A TopoJSON document that cannot be turned into polygons.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopoJsonError {
    /// Kept as text because `serde_json::Error` is not `Clone`, and the decoded atlas (error
    /// included) is cached and handed out to every caller.
    #[error("not valid TopoJSON: {0}")]
    Json(String),
    #[error("expected a TopoJSON \"Topology\", found type {0:?}")]
    NotTopology(String),
    #[error("the topology has no object named {0:?}")]
    MissingObject(String),
    #[error("arc index {index} is out of range (the topology has {arcs} arcs)")]
    ArcIndex { index: i64, arcs: usize },
}

/// Why [`country_shapes`](crate::country_shapes) could not draw a view.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    /// The vendored world atlas is compiled in, so this is a defect of the build, reported rather
    /// than panicking so that a web page degrades to "no map" instead of a crashed worker.
    #[error("the vendored world atlas could not be decoded: {0}")]
    Atlas(#[from] TopoJsonError),
    #[error("invalid map view: {0}")]
    InvalidView(&'static str),
}
