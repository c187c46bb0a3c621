//! Country shapes for the server-drawn SVG map.
//!
//! Outlines come from Natural Earth at 1:50m (the scale that still has the small Caribbean
//! states), vendored as TopoJSON from npm's world-atlas and compiled in. The atlas is decoded on
//! first use; [`MapView::LATIN_AMERICA`], the view every page draws, is drawn once and kept.

mod assemble;
mod atlas;
mod error;
mod planar;
mod project;
mod regions;
mod svg_path;
mod topojson;

use std::sync::OnceLock;

pub use assemble::CountryShape;
pub use error::{GeoError, TopoJsonError};
pub use project::MapView;
pub use regions::LATIN_AMERICA_AND_CARIBBEAN;

/// Every country with a part in `view`, ordered by code. Paths are not clipped to the view.
///
/// [`MapView::LATIN_AMERICA`] is answered from a cache (see [`latin_america_shapes`] to borrow it
/// without a copy); any other view is drawn afresh, a few milliseconds once the atlas is decoded.
pub fn country_shapes(view: &MapView) -> Result<Vec<CountryShape>, GeoError> {
    if *view == MapView::LATIN_AMERICA {
        return latin_america_shapes().map(<[CountryShape]>::to_vec);
    }
    view.validate()?;
    Ok(assemble::shapes(view, atlas::atlas()?))
}

/// The shapes of [`MapView::LATIN_AMERICA`], drawn on first use and shared thereafter.
pub fn latin_america_shapes() -> Result<&'static [CountryShape], GeoError> {
    static SHAPES: OnceLock<Result<Vec<CountryShape>, GeoError>> = OnceLock::new();
    SHAPES
        .get_or_init(|| {
            let view = MapView::LATIN_AMERICA;
            view.validate()?;
            Ok(assemble::shapes(&view, atlas::atlas()?))
        })
        .as_deref()
        .map_err(Clone::clone)
}
