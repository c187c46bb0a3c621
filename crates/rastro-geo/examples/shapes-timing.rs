//! Times the country shapes in a fresh process: the first call decodes the vendored atlas and
//! draws the Latin America view, a second view then costs the drawing alone, so the difference
//! is the decoding. With `--svg FILE` it also writes the view as an SVG to look at.
//! Run: cargo run --release -p rastro-geo --example shapes-timing [-- --svg map.svg]

use std::fmt::Write as _;
use std::time::Instant;

use rastro_geo::{country_shapes, latin_america_shapes, MapView, LATIN_AMERICA_AND_CARIBBEAN};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let shapes = latin_america_shapes()?;
    let first = started.elapsed();

    let started = Instant::now();
    let other = MapView::fit(800.0, -117.0, -35.0, -55.0, 32.0);
    let redrawn = country_shapes(&other)?;
    let draw_only = started.elapsed();

    let bytes: usize = shapes.iter().map(|s| s.path.len()).sum();
    let lac_bytes: usize = shapes
        .iter()
        .filter(|s| LATIN_AMERICA_AND_CARIBBEAN.contains(&s.code.as_str()))
        .map(|s| s.path.len())
        .sum();
    println!(
        "decode + draw Latin America: {:.1} ms; draw another view: {:.1} ms ({} countries)",
        first.as_secs_f64() * 1e3,
        draw_only.as_secs_f64() * 1e3,
        redrawn.len()
    );
    println!(
        "{} countries in the view, {bytes} bytes of path data ({lac_bytes} for the 33 LAC states)",
        shapes.len()
    );

    let mut args = std::env::args().skip(1);
    if let (Some(flag), Some(file)) = (args.next(), args.next()) {
        if flag == "--svg" {
            let view = MapView::LATIN_AMERICA;
            let mut svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\">\
                 <rect width=\"100%\" height=\"100%\" fill=\"#cde\"/>",
                view.width, view.height
            );
            for s in shapes {
                let fill = if LATIN_AMERICA_AND_CARIBBEAN.contains(&s.code.as_str()) {
                    "#f4d8a8"
                } else {
                    "#ddd"
                };
                write!(
                    svg,
                    "<path d=\"{}\" fill=\"{fill}\" fill-rule=\"evenodd\" stroke=\"#555\" \
                     stroke-width=\"0.4\"/><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"red\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\">{}</text>",
                    s.path,
                    s.centroid.0,
                    s.centroid.1,
                    s.centroid.0 + 3.0,
                    s.centroid.1,
                    s.code
                )?;
            }
            svg.push_str("</svg>");
            std::fs::write(&file, svg)?;
            println!("wrote {file}");
        }
    }
    Ok(())
}
