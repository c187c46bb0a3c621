//! The Latin America map as the web pages draw it: every UN member state of the region present
//! and inside the view, and shapes where a reader expects them. Paths are read back from their
//! text, so these tests check what a browser is given.

use rastro_geo::{
    country_shapes, latin_america_shapes, CountryShape, GeoError, MapView,
    LATIN_AMERICA_AND_CARIBBEAN,
};

/// Reads back the subset of SVG path data the map writes: `M x y`, then relative `l` pairs (the
/// command implicit after the first), then `z`. Returns each ring's absolute points. Sums are
/// kept in whole tenths, the writer's precision, so that they carry no floating-point drift.
fn rings(path: &str) -> Vec<Vec<(f64, f64)>> {
    let bytes = path.as_bytes();
    let mut out: Vec<Vec<(i64, i64)>> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    let mut command = b' ';
    let mut i = 0;
    let flush = |command: u8, numbers: &mut Vec<i64>, out: &mut Vec<Vec<(i64, i64)>>| {
        for pair in numbers.chunks(2) {
            assert_eq!(pair.len(), 2, "odd number count in {path:?}");
            let point = match (command, out.last().and_then(|r| r.last())) {
                (b'M', _) => {
                    out.push(Vec::new());
                    (pair[0], pair[1])
                }
                (b'l', Some(&(x, y))) => (x + pair[0], y + pair[1]),
                _ => panic!("unexpected command {:?} in {path:?}", command as char),
            };
            if let Some(ring) = out.last_mut() {
                ring.push(point);
            }
        }
        numbers.clear();
    };
    while i < bytes.len() {
        match bytes[i] {
            c @ (b'M' | b'l' | b'z') => {
                flush(command, &mut numbers, &mut out);
                command = c;
                i += 1;
            }
            b' ' => i += 1,
            _ => {
                let start = i;
                i += usize::from(bytes[i] == b'-');
                let mut seen_point = false;
                while i < bytes.len()
                    && (bytes[i].is_ascii_digit() || (bytes[i] == b'.' && !seen_point))
                {
                    seen_point |= bytes[i] == b'.';
                    i += 1;
                }
                let text = &path[start..i];
                let value: f64 = text.parse().unwrap_or_else(|_| panic!("{text:?}"));
                numbers.push((value * 10.0).round() as i64);
            }
        }
        if command == b'M' && numbers.len() == 2 {
            flush(command, &mut numbers, &mut out);
            command = b'l';
        }
    }
    flush(command, &mut numbers, &mut out);
    out.into_iter()
        .map(|ring| {
            ring.into_iter()
                .map(|(x, y)| (x as f64 / 10.0, y as f64 / 10.0))
                .collect()
        })
        .collect()
}

fn distinct(ring: &[(f64, f64)]) -> usize {
    let mut seen: Vec<(f64, f64)> = Vec::new();
    for p in ring {
        if !seen.contains(p) {
            seen.push(*p);
        }
    }
    seen.len()
}

fn bounds(points: impl IntoIterator<Item = (f64, f64)>) -> (f64, f64, f64, f64) {
    points.into_iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(x0, y0, x1, y1), (x, y)| (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
    )
}

fn shape(code: &str) -> CountryShape {
    latin_america_shapes()
        .unwrap()
        .iter()
        .find(|s| s.code.as_str() == code)
        .unwrap_or_else(|| panic!("{code} is not drawn"))
        .clone()
}

#[test]
fn the_path_reader_reads_what_the_writer_writes() {
    assert_eq!(
        rings("M10 20.5l5 0 0 4.5-5.5 0zM0 0l.5.3-.7 0z"),
        vec![
            vec![(10.0, 20.5), (15.0, 20.5), (15.0, 25.0), (9.5, 25.0)],
            vec![(0.0, 0.0), (0.5, 0.3), (-0.2, 0.3)],
        ]
    );
}

#[test]
fn every_latin_american_and_caribbean_state_is_drawn_inside_the_view() {
    let view = MapView::LATIN_AMERICA;
    let mut failures = Vec::new();
    for code in LATIN_AMERICA_AND_CARIBBEAN {
        let s = shape(code);
        let inside = rings(&s.path).iter().any(|ring| {
            let (x0, y0, x1, y1) = bounds(ring.iter().copied());
            distinct(ring) >= 3 && x0 >= 0.0 && y0 >= 0.0 && x1 <= view.width && y1 <= view.height
        });
        if !inside {
            failures.push(code);
        }
    }
    assert!(
        failures.is_empty(),
        "not drawn inside the view: {failures:?}"
    );
}

#[test]
fn shapes_sit_where_a_reader_expects_them() {
    let peru = shape("PE");
    let (x0, y0, x1, y1) = bounds(rings(&peru.path).into_iter().flatten());
    let (cx, cy) = peru.centroid;
    assert!(
        (x0..=x1).contains(&cx) && (y0..=y1).contains(&cy),
        "Peru's centroid {:?} outside {:?}",
        peru.centroid,
        (x0, y0, x1, y1)
    );
    // Lima lies inside Peru's outline box, as the projection of its coordinates.
    let (lx, ly) = MapView::LATIN_AMERICA.project(-77.04, -12.05);
    assert!((x0..=x1).contains(&lx) && (y0..=y1).contains(&ly));

    assert!(shape("BR").area > 10.0 * shape("UY").area);
    assert!(shape("UY").area > 0.0);
    // Chile's anchor is on its mainland, not on Easter Island or Tierra del Fuego.
    let (chile_x, chile_y) = shape("CL").centroid;
    let (santiago_x, santiago_y) = MapView::LATIN_AMERICA.project(-70.67, -33.45);
    assert!((chile_x - santiago_x).abs() < 40.0 && (chile_y - santiago_y).abs() < 200.0);
}

#[test]
fn parts_outside_the_view_are_left_out() {
    let view = MapView::LATIN_AMERICA;
    // France is drawn for French Guiana and the Antilles, anchored in French Guiana.
    let france = shape("FR");
    let (fx, fy) = france.centroid;
    let (cayenne_x, cayenne_y) = view.project(-52.33, 4.92);
    assert!((fx - cayenne_x).abs() < 30.0 && (fy - cayenne_y).abs() < 30.0);
    let (x0, _, x1, _) = bounds(rings(&france.path).into_iter().flatten());
    assert!(x0 > 0.0 && x1 < view.width, "metropolitan France drawn");
    // Nothing of the United States west of Baja California: Alaska and Hawaii are culled.
    let (us_x0, _, _, _) = bounds(rings(&shape("US").path).into_iter().flatten());
    assert!(us_x0 > view.project(-130.0, 40.0).0, "{us_x0}");
    let shapes = latin_america_shapes().unwrap();
    for far in ["AU", "CN", "RU", "ZA"] {
        assert!(shapes.iter().all(|s| s.code.as_str() != far), "{far}");
    }
}

#[test]
fn other_views_are_drawn_and_bad_ones_refused() {
    let caribbean = MapView::fit(600.0, -86.0, -59.0, 9.0, 24.0);
    let shapes = country_shapes(&caribbean).unwrap();
    let codes: Vec<&str> = shapes.iter().map(|s| s.code.as_str()).collect();
    for code in ["CU", "JM", "HT", "DO", "KN", "GD", "BB", "TT", "VE", "PR"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert!(!codes.contains(&"AR"));
    let barbados_here = shapes.iter().find(|s| s.code.as_str() == "BB").unwrap();
    assert!(barbados_here.area > shape("BB").area);

    let cached = country_shapes(&MapView::LATIN_AMERICA).unwrap();
    assert_eq!(cached.as_slice(), latin_america_shapes().unwrap());

    let inverted = MapView {
        west: 10.0,
        east: -10.0,
        ..MapView::LATIN_AMERICA
    };
    assert!(matches!(
        country_shapes(&inverted),
        Err(GeoError::InvalidView(_))
    ));
}

#[test]
fn the_latin_america_map_stays_small() {
    let bytes: usize = latin_america_shapes()
        .unwrap()
        .iter()
        .map(|s| s.path.len())
        .sum();
    println!("LATIN_AMERICA paths: {bytes} bytes");
    assert!(bytes < 250_000, "{bytes} bytes of path data");
}

#[test]
fn small_islands_survive_a_small_map() {
    let v = MapView::LATIN_AMERICA;
    let thumbnail = MapView::fit(200.0, v.west, v.east, v.south, v.north);
    let shapes = country_shapes(&thumbnail).unwrap();
    for code in ["KN", "GD", "BB", "AG", "DM", "LC", "VC"] {
        let s = shapes.iter().find(|s| s.code.as_str() == code);
        let ring = s.and_then(|s| rings(&s.path).into_iter().find(|r| distinct(r) >= 3));
        assert!(ring.is_some(), "{code} vanished from the thumbnail");
    }
}
