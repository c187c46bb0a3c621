mod support;

use std::collections::HashSet;

use rastro_charts::{
    bar_chart, choropleth, line_chart, sankey, Bar, ChartError, FlowLine, Line, Region, SankeyLink,
    SankeyNode, Style, Value, XTick, MISSING_FILL, SEQUENTIAL,
};
use support::{parse, Element};

const HOSTILE: &str = "<script>alert(1)</script>";

/// Spanish thousands separators, as the dashboard writes them.
fn es(n: u64) -> String {
    let reversed: Vec<char> = n.to_string().chars().rev().collect();
    let groups: Vec<String> = reversed
        .chunks(3)
        .rev()
        .map(|g| g.iter().rev().collect())
        .collect();
    groups.join(".")
}

/// Wraps every number so a test can tell whether any count was written at all.
fn tagged(n: u64) -> String {
    format!("«{n}»")
}

fn style<'a>(prefix: &'a str, format: &'a dyn Fn(u64) -> String) -> Style<'a> {
    Style {
        id_prefix: prefix,
        title: "Casos & \"víctimas\" <2024>",
        suppressed_label: "<11",
        format,
        width: 640.0,
        height: 360.0,
    }
}

fn bar(key: &str, label: &str, value: Value, href: Option<&str>) -> Bar {
    Bar {
        key: key.to_owned(),
        label: label.to_owned(),
        value,
        href: href.map(str::to_owned),
    }
}

fn well_formed(svg: &str) -> Element {
    parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"))
}

fn group<'a>(root: &'a Element, key: &str) -> &'a Element {
    let found = root.by_key(key);
    assert_eq!(
        found.len(),
        1,
        "data-key {key:?} found {} times",
        found.len()
    );
    found[0]
}

/// Checks that hold for every chart: the root is an accessible, self-contained SVG; no script,
/// no event handler, no external reference; every id carries the prefix and every `url(#…)`
/// points at one of them.
fn assert_self_contained(root: &Element, prefix: &str) {
    assert_eq!(root.name, "svg");
    assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2000/svg"));
    assert_eq!(root.attr("role"), Some("img"));
    assert_eq!(root.attr("font-family"), Some("system-ui, sans-serif"));
    let view_box: Vec<f64> = root
        .attr("viewBox")
        .expect("viewBox")
        .split(' ')
        .map(|v| v.parse().expect("viewBox number"))
        .collect();
    assert_eq!(view_box.len(), 4);
    assert!(view_box.iter().all(|v| v.is_finite()) && view_box[2] > 0.0 && view_box[3] > 0.0);

    let title_id = root.attr("aria-labelledby").expect("aria-labelledby");
    let titles = root.find_all(|e| e.attr("id") == Some(title_id));
    assert_eq!(titles.len(), 1);
    assert_eq!(titles[0].name, "title");

    let mut ids = HashSet::new();
    for e in root.descendants() {
        assert!(
            !["script", "foreignObject", "image", "style", "use", "iframe"]
                .contains(&e.name.as_str()),
            "<{}> in a chart",
            e.name
        );
        for (name, value) in &e.attrs {
            assert!(!name.starts_with("on"), "event handler {name}");
            assert!(!value.contains("javascript:"), "{name}={value:?}");
            if name == "href" {
                assert!(value.starts_with('/') || value.starts_with('?'), "{value}");
                assert!(!value.starts_with("//"), "{value}");
            }
            if let Some(rest) = value.strip_prefix("url(") {
                let id = rest
                    .strip_prefix('#')
                    .and_then(|r| r.strip_suffix(')'))
                    .unwrap_or_else(|| panic!("external reference {value}"));
                assert!(
                    root.find_all(|x| x.attr("id") == Some(id)).len() == 1,
                    "{value} points nowhere"
                );
            }
        }
        if let Some(id) = e.attr("id") {
            assert!(id.starts_with(&format!("{prefix}-")), "id {id}");
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "id {id}"
            );
            assert!(ids.insert(id.to_owned()), "duplicate id {id}");
        }
    }
}

fn ids(root: &Element) -> HashSet<String> {
    root.descendants()
        .iter()
        .filter_map(|e| e.attr("id").map(str::to_owned))
        .collect()
}

// ---------------------------------------------------------------- bars

#[test]
fn bar_labels_keys_and_title_are_escaped() {
    let bars = [bar("PE\"><x", HOSTILE, Value::Count(12), None)];
    let out = bar_chart(&bars, &style("b", &es));
    assert!(!out.contains("<script"), "{out}");
    assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let root = well_formed(&out);
    assert_self_contained(&root, "b");
    let row = group(&root, "PE\"><x");
    assert!(row.text().contains(HOSTILE));
    assert_eq!(
        row.tooltip().as_deref(),
        Some("<script>alert(1)</script>: 12")
    );
    assert_eq!(root.named("title")[0].text(), "Casos & \"víctimas\" <2024>");
}

#[test]
fn only_same_site_links_survive() {
    let hrefs = [
        ("A", Some("javascript:alert(1)"), None),
        ("B", Some("//evil.example/x"), None),
        ("C", Some("https://evil.example/"), None),
        ("D", Some("/\t/evil.example"), None),
        (
            "E",
            Some("/casos?pais=PE&anio=2024"),
            Some("/casos?pais=PE&anio=2024"),
        ),
        ("F", Some("?anio=2023"), Some("?anio=2023")),
        ("G", None, None),
    ];
    let bars: Vec<Bar> = hrefs
        .iter()
        .map(|&(k, href, _)| bar(k, k, Value::Count(1), href))
        .collect();
    let out = bar_chart(&bars, &style("l", &es));
    assert!(!out.contains("javascript"));
    assert!(!out.contains("evil"));
    assert!(out.contains("href=\"/casos?pais=PE&amp;anio=2024\""));
    let root = well_formed(&out);
    assert_self_contained(&root, "l");
    for (key, _, expected) in hrefs {
        let links = group(&root, key).named("a");
        let got: Vec<&str> = links.iter().filter_map(|a| a.attr("href")).collect();
        assert_eq!(got, expected.into_iter().collect::<Vec<_>>(), "bar {key}");
    }
}

#[test]
fn suppressed_bar_is_hatched_and_labelled_without_a_number() {
    let bars = [
        bar("PE", "Perú", Value::Count(1234), Some("/?c=PE")),
        bar("BO", "Bolivia", Value::Suppressed, Some("/?c=BO")),
        bar("EC", "Ecuador", Value::Missing, None),
    ];
    let out = bar_chart(&bars, &style("s", &tagged));
    let root = well_formed(&out);
    assert_self_contained(&root, "s");

    let pattern = root.find_all(|e| e.attr("id") == Some("s-hatch"));
    assert_eq!(pattern.len(), 1);
    assert_eq!(pattern[0].name, "pattern");
    assert!(!pattern[0].named("line").is_empty(), "hatch has no lines");

    let suppressed = group(&root, "BO");
    assert!(suppressed.has_class("suppressed"));
    let marks = suppressed.with_class("mark");
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].attr("fill"), Some("url(#s-hatch)"));
    assert_eq!(suppressed.tooltip().as_deref(), Some("Bolivia: <11"));
    assert_eq!(suppressed.with_class("value")[0].text(), "<11");
    assert!(!suppressed.text().contains('«'), "{}", suppressed.text());

    // The placeholder has a fixed length whatever the other bars are.
    let small = bar_chart(
        &[
            bar("PE", "Perú", Value::Count(3), None),
            bar("BO", "Bolivia", Value::Suppressed, None),
        ],
        &style("s", &tagged),
    );
    let small = well_formed(&small);
    let width = |root: &Element| group(root, "BO").with_class("mark")[0].number("width");
    assert_eq!(width(&root), width(&small));

    let counted = group(&root, "PE");
    assert!(counted.text().contains("«1234»"));
    assert_ne!(
        counted.with_class("mark")[0].attr("fill"),
        Some("url(#s-hatch)")
    );
    assert!(group(&root, "EC").with_class("mark").is_empty());
    assert_eq!(group(&root, "EC").tooltip().as_deref(), Some("Ecuador: —"));
}

#[test]
fn bars_keep_their_order_and_proportions() {
    let bars = [
        bar("CO", "Colombia", Value::Count(1000), None),
        bar("PE", "Perú", Value::Count(4000), None),
        bar("MX", "México", Value::Count(2000), None),
    ];
    let root = well_formed(&bar_chart(&bars, &style("o", &es)));
    let keys: Vec<&str> = root
        .with_class("bar")
        .iter()
        .filter_map(|g| g.attr("data-key"))
        .collect();
    assert_eq!(keys, ["CO", "PE", "MX"]);
    let width = |k: &str| group(&root, k).with_class("mark")[0].number("width");
    assert!((width("PE") / width("CO") - 4.0).abs() < 0.01);
    assert!((width("MX") / width("CO") - 2.0).abs() < 0.01);
    let ys: Vec<f64> = keys
        .iter()
        .map(|k| group(&root, k).with_class("mark")[0].number("y"))
        .collect();
    assert!(ys.windows(2).all(|w| w[0] < w[1]), "{ys:?}");
    // Axis labels go through the caller's formatter.
    let axis = &root.with_class("axis")[0];
    assert!(axis.text().contains("4.000"), "{}", axis.text());
}

// ---------------------------------------------------------------- lines

fn months(n: usize) -> Vec<XTick> {
    (0..n)
        .map(|i| XTick {
            label: format!("2024-{:02}", i % 12 + 1),
            href: Some(format!("?mes={i}")),
        })
        .collect()
}

#[test]
fn suppressed_middle_point_leaves_a_gap_and_a_hatched_marker() {
    let lines = [Line {
        key: "cases".to_owned(),
        label: "Casos".to_owned(),
        points: vec![
            Value::Count(3),
            Value::Count(5),
            Value::Suppressed,
            Value::Count(6),
            Value::Count(8),
        ],
        dashed: false,
    }];
    let out = line_chart(&months(5), &lines, &style("g", &tagged));
    let root = well_formed(&out);
    assert_self_contained(&root, "g");
    let series = group(&root, "cases");
    let paths = series.with_class("line");
    assert_eq!(paths.len(), 1);
    let d = paths[0].attr("d").unwrap();
    assert_eq!(d.matches('M').count(), 2, "{d}");
    assert_eq!(d.matches('L').count(), 2, "{d}");

    let points = series.named("circle");
    assert_eq!(points.len(), 4);
    let slot_x = |i: usize| {
        let rect =
            &root.find_all(|e| e.attr("data-slot") == Some(&i.to_string()))[0].named("rect")[0];
        rect.number("x") + rect.number("width") / 2.0
    };
    assert!(points
        .iter()
        .all(|c| (c.number("cx") - slot_x(2)).abs() > 1.0));

    let hatched = series.with_class("suppressed");
    assert_eq!(hatched.len(), 1);
    assert_eq!(hatched[0].attr("fill"), Some("url(#g-hatch)"));
    let marker_centre = hatched[0].number("x") + hatched[0].number("width") / 2.0;
    assert!((marker_centre - slot_x(2)).abs() < 0.01);
    let tip = hatched[0].tooltip().unwrap();
    assert!(tip.contains("<11") && !tip.contains('«'), "{tip}");
    // The legend explains the hatch.
    assert!(root.with_class("legend")[0].text().contains("<11"));
}

#[test]
fn every_month_is_clickable_but_labels_are_thinned() {
    let points: Vec<Value> = (0..36).map(|i| Value::Count(i * 10)).collect();
    let lines = [
        Line {
            key: "now".to_owned(),
            label: "2024".to_owned(),
            points: points.clone(),
            dashed: false,
        },
        Line {
            key: "before".to_owned(),
            label: "2023".to_owned(),
            points,
            dashed: true,
        },
    ];
    let root = well_formed(&line_chart(&months(36), &lines, &style("m", &es)));
    assert_self_contained(&root, "m");
    let slots = root.with_class("slot");
    assert_eq!(slots.len(), 36);
    for (i, slot) in slots.iter().enumerate() {
        let a = slot.named("a");
        assert_eq!(a.len(), 1, "slot {i}");
        assert_eq!(a[0].attr("href"), Some(format!("?mes={i}").as_str()));
        assert!(slot.tooltip().unwrap().contains("2023: "));
    }
    let labels = root.with_class("x-labels")[0].named("text");
    assert!((6..=12).contains(&labels.len()), "{} labels", labels.len());

    let now = &group(&root, "now").with_class("line")[0];
    let before = &group(&root, "before").with_class("line")[0];
    assert_eq!(now.attr("stroke-dasharray"), None);
    assert!(before.attr("stroke-dasharray").is_some());
    assert_eq!(now.attr("stroke"), before.attr("stroke"));
    // The axis reaches past the largest value (350) to a round tick.
    assert!(root.with_class("axis")[0].text().contains("400"));
}

// ---------------------------------------------------------------- map

fn square(x: f64, y: f64) -> String {
    format!("M{x} {y} h10 v10 h-10 Z")
}

fn region(key: &str, name: &str, at: f64, value: Value) -> Region {
    Region {
        key: key.to_owned(),
        name: name.to_owned(),
        path: square(at, 0.0),
        value,
        href: Some(format!("/mapa?pais={key}")),
    }
}

fn map_regions() -> Vec<Region> {
    vec![
        region("PE", "Perú", 0.0, Value::Count(120)),
        region("CO", "Colombia", 10.0, Value::Count(15)),
        region("MX", "México", 20.0, Value::Count(3000)),
        region("BR", "Brasil", 30.0, Value::Suppressed),
        region("AR", "Argentina", 40.0, Value::Missing),
        region("VE", HOSTILE, 50.0, Value::Count(40)),
    ]
}

#[test]
fn regions_carry_keys_titles_and_palette_fills() {
    let out = choropleth(
        &map_regions(),
        &[],
        (60.0, 10.0),
        "Víctimas",
        &style("p", &es),
    );
    assert!(!out.contains("<script"));
    let root = well_formed(&out);
    assert_self_contained(&root, "p");
    let regions = root.with_class("region");
    assert_eq!(regions.len(), 6);
    for r in &regions {
        assert_eq!(r.name, "path");
        assert_eq!(r.attr("class"), Some("region"));
    }
    let fill = |k: &str| group(&root, k).attr("fill").unwrap().to_owned();
    let step = |k: &str| {
        SEQUENTIAL
            .iter()
            .position(|&c| c == fill(k))
            .unwrap_or_else(|| panic!("{k} fill {} not in the palette", fill(k)))
    };
    assert!(step("CO") < step("VE"));
    assert!(step("VE") < step("PE"));
    assert!(step("PE") < step("MX"));
    assert_eq!(fill("AR"), MISSING_FILL);
    assert_eq!(fill("BR"), "url(#p-hatch-map)");

    assert_eq!(group(&root, "PE").tooltip().as_deref(), Some("Perú: 120"));
    assert_eq!(
        group(&root, "MX").tooltip().as_deref(),
        Some("México: 3.000")
    );
    assert_eq!(group(&root, "BR").tooltip().as_deref(), Some("Brasil: <11"));
    assert_eq!(
        group(&root, "AR").tooltip().as_deref(),
        Some("Argentina: —")
    );
    assert_eq!(group(&root, "VE").tooltip(), Some(format!("{HOSTILE}: 40")));
    // Clicking a region follows its link.
    let links = root.find_all(|e| e.name == "a" && !e.by_key("PE").is_empty());
    assert_eq!(links[0].attr("href"), Some("/mapa?pais=PE"));

    let legend = root.with_class("legend")[0].text();
    assert!(legend.contains("Víctimas"));
    assert!(legend.contains("3.000"), "{legend}");
    assert!(legend.contains("15"));
    assert!(legend.contains("<11"));
    assert!(legend.contains('—'));
}

#[test]
fn flows_are_curved_arrows_over_the_map_sized_by_square_root() {
    let flows = [
        FlowLine {
            from: (5.0, 5.0),
            to: (25.0, 5.0),
            value: Value::Count(100),
            label: "Perú → México".to_owned(),
        },
        FlowLine {
            from: (15.0, 5.0),
            to: (25.0, 5.0),
            value: Value::Count(400),
            label: "Colombia → México".to_owned(),
        },
        FlowLine {
            from: (35.0, 5.0),
            to: (25.0, 5.0),
            value: Value::Suppressed,
            label: "Brasil → México".to_owned(),
        },
        FlowLine {
            from: (45.0, 5.0),
            to: (25.0, 5.0),
            value: Value::Missing,
            label: "Argentina → México".to_owned(),
        },
    ];
    let out = choropleth(
        &map_regions(),
        &flows,
        (60.0, 10.0),
        "Víctimas",
        &style("f", &es),
    );
    let root = well_formed(&out);
    assert_self_contained(&root, "f");

    let order: Vec<&str> = root
        .find_all(|e| e.has_class("regions") || e.has_class("flows"))
        .iter()
        .filter_map(|e| e.attr("class"))
        .collect();
    assert_eq!(
        order,
        ["regions", "flows"],
        "flows must be drawn over regions"
    );

    let flows = root.with_class("flow");
    assert_eq!(flows.len(), 3, "missing flows are not drawn");
    let by_tip = |tip: &str| {
        *flows
            .iter()
            .find(|f| f.tooltip().is_some_and(|t| t.starts_with(tip)))
            .unwrap_or_else(|| panic!("no flow {tip}"))
    };
    let small = by_tip("Perú");
    let large = by_tip("Colombia");
    assert_eq!(large.tooltip().as_deref(), Some("Colombia → México: 400"));
    let ratio = large.number("stroke-width") / small.number("stroke-width");
    assert!((ratio - 2.0).abs() < 0.01, "{ratio}");
    for f in [small, large] {
        assert!(f.attr("d").unwrap().contains('Q'));
        assert_eq!(f.attr("marker-end"), Some("url(#f-arrow)"));
        assert_eq!(f.attr("stroke-dasharray"), None);
    }
    let hidden = by_tip("Brasil");
    assert!(hidden.has_class("suppressed"));
    assert!(hidden.attr("stroke-dasharray").is_some());
    assert_eq!(hidden.attr("marker-end"), Some("url(#f-arrow-suppressed)"));
    assert_eq!(hidden.tooltip().as_deref(), Some("Brasil → México: <11"));
    assert_ne!(hidden.attr("stroke"), large.attr("stroke"));
}

// ---------------------------------------------------------------- sankey

fn node(key: &str, label: &str, column: usize) -> SankeyNode {
    SankeyNode {
        key: key.to_owned(),
        label: label.to_owned(),
        column,
        href: Some(format!("/flujos?nodo={key}")),
    }
}

fn link(source: usize, target: usize, value: Value) -> SankeyLink {
    SankeyLink {
        source,
        target,
        value,
    }
}

fn route_nodes() -> Vec<SankeyNode> {
    vec![
        node("origin:VE", "Venezuela", 0),
        node("origin:CO", HOSTILE, 0),
        node("transit:MX", "México", 1),
        node("destination:MX", "México", 2),
        node("destination:US", "Estados Unidos", 2),
    ]
}

fn route_links() -> Vec<SankeyLink> {
    vec![
        link(0, 2, Value::Count(40)),
        link(1, 2, Value::Count(10)),
        link(2, 4, Value::Count(30)),
        link(2, 3, Value::Count(20)),
        link(1, 3, Value::Suppressed),
        link(0, 4, Value::Count(5)),
    ]
}

#[test]
fn mexico_as_transit_and_destination_is_two_nodes() {
    let nodes = route_nodes();
    let links = route_links();
    let out = sankey(&nodes, &links, &style("k", &es)).unwrap();
    assert!(!out.contains("<script"));
    let root = well_formed(&out);
    assert_self_contained(&root, "k");

    let transit = group(&root, "transit:MX");
    let destination = group(&root, "destination:MX");
    assert_eq!(transit.name, "rect");
    assert!(transit.number("x") < destination.number("x"));
    assert!(group(&root, "origin:VE").number("x") < transit.number("x"));
    assert_eq!(transit.tooltip().as_deref(), Some("México: 50"));

    let drawn = root.with_class("link");
    assert_eq!(drawn.len(), links.len());
    let pairs: Vec<(String, String)> = drawn
        .iter()
        .map(|p| {
            (
                p.attr("data-source").unwrap().to_owned(),
                p.attr("data-target").unwrap().to_owned(),
            )
        })
        .collect();
    for l in &links {
        let pair = (nodes[l.source].key.clone(), nodes[l.target].key.clone());
        assert!(pairs.contains(&pair), "{pair:?} not drawn");
    }
    for p in &drawn {
        let d = p.attr("d").unwrap();
        assert!(
            d.starts_with('M') && d.matches('C').count() == 2 && d.ends_with('Z'),
            "{d}"
        );
    }

    let suppressed: Vec<_> = drawn.iter().filter(|p| p.has_class("suppressed")).collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0].attr("fill"), Some("url(#k-hatch)"));
    assert_eq!(
        suppressed[0].tooltip().as_deref(),
        Some(format!("{HOSTILE} → México: <11").as_str())
    );
    // A node touched by a suppressed link shows no total, which would understate it.
    assert_eq!(destination.tooltip().as_deref(), Some("México"));

    // Node heights follow the larger of in- and outflow: US receives 35, VE sends 45.
    let height = |k: &str| group(&root, k).number("height");
    let ratio = height("destination:US") / height("origin:VE");
    assert!((ratio - 35.0 / 45.0).abs() < 0.01, "{ratio}");
    assert!((height("transit:MX") / height("origin:VE") - 50.0 / 45.0).abs() < 0.01);

    // Clicking the node follows its link.
    let a = root.find_all(|e| e.name == "a" && !e.by_key("transit:MX").is_empty());
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].attr("href"), Some("/flujos?nodo=transit:MX"));
}

#[test]
fn sankey_refuses_links_that_go_backwards_or_nowhere() {
    let nodes = route_nodes();
    let s = style("e", &es);

    let mut backwards = route_links();
    backwards.push(link(3, 0, Value::Count(1)));
    assert_eq!(
        sankey(&nodes, &backwards, &s),
        Err(ChartError::LinkNotForward {
            link: 6,
            from_column: 2,
            to_column: 0
        })
    );

    let same_column = [link(3, 4, Value::Count(1))];
    assert!(matches!(
        sankey(&nodes, &same_column, &s),
        Err(ChartError::LinkNotForward { link: 0, .. })
    ));

    let self_loop = [link(2, 2, Value::Count(1))];
    assert!(matches!(
        sankey(&nodes, &self_loop, &s),
        Err(ChartError::LinkNotForward { .. })
    ));

    let nowhere = [link(0, 99, Value::Count(1))];
    let err = sankey(&nodes, &nowhere, &s).unwrap_err();
    assert_eq!(
        err,
        ChartError::NodeOutOfRange {
            link: 0,
            index: 99,
            nodes: 5
        }
    );
    assert!(err.to_string().contains("99"));
    assert!(sankey(&nodes, &[link(usize::MAX, 0, Value::Missing)], &s).is_err());

    let mut twice = route_nodes();
    twice.push(node("transit:MX", "México", 1));
    assert_eq!(
        sankey(&twice, &[], &s),
        Err(ChartError::DuplicateNodeKey {
            key: "transit:MX".to_owned()
        })
    );
}

#[test]
fn crowded_sankey_grows_instead_of_overlapping() {
    let mut nodes = vec![node("origin:XX", "Origen", 0)];
    let mut links = Vec::new();
    for i in 0..80 {
        nodes.push(node(
            &format!("destination:{i}"),
            &format!("Destino {i}"),
            2,
        ));
        links.push(link(0, i + 1, Value::Count(1 + i as u64)));
    }
    let root = well_formed(&sankey(&nodes, &links, &style("c", &es)).unwrap());
    assert_self_contained(&root, "c");
    let mut spans: Vec<(f64, f64)> = root
        .with_class("node")
        .iter()
        .skip(1)
        .map(|g| {
            let r = &g.with_class("mark")[0];
            (r.number("y"), r.number("y") + r.number("height"))
        })
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(
        spans.windows(2).all(|w| w[0].1 <= w[1].0 + 1e-6),
        "nodes overlap"
    );
    let view_height: f64 = root
        .attr("viewBox")
        .unwrap()
        .split(' ')
        .nth(3)
        .unwrap()
        .parse()
        .unwrap();
    assert!(spans.last().unwrap().1 <= view_height);
}

// ---------------------------------------------------------------- all charts

#[test]
fn charts_on_one_page_do_not_share_ids() {
    let bars = [bar("PE", "Perú", Value::Suppressed, None)];
    let a = well_formed(&bar_chart(&bars, &style("a", &es)));
    let b = well_formed(&bar_chart(&bars, &style("b", &es)));
    assert!(ids(&a).is_disjoint(&ids(&b)));

    let hostile = well_formed(&bar_chart(&bars, &style("x\" onload=\"alert(1)", &es)));
    assert!(hostile.attrs.iter().all(|(n, _)| !n.starts_with("on")));
    assert_self_contained(&hostile, "x__onload__alert_1_");
}

#[test]
fn empty_data_and_unusable_sizes_still_give_valid_charts() {
    let mut s = style("z", &es);
    s.width = f64::NAN;
    s.height = -5.0;
    let charts = [
        bar_chart(&[], &s),
        line_chart(&[], &[], &s),
        choropleth(&[], &[], (0.0, f64::INFINITY), "", &s),
        sankey(&[], &[], &s).unwrap(),
        line_chart(
            &months(2),
            &[Line {
                key: "k".to_owned(),
                label: "only suppressed".to_owned(),
                points: vec![Value::Suppressed, Value::Missing, Value::Count(0)],
                dashed: true,
            }],
            &s,
        ),
        bar_chart(&[bar("Z", "zero", Value::Count(0), None)], &s),
        sankey(
            &[node("a", "a", 0), node("b", "b", 1)],
            &[
                link(0, 1, Value::Count(u64::MAX)),
                link(0, 1, Value::Count(u64::MAX)),
            ],
            &s,
        )
        .unwrap(),
    ];
    for chart in &charts {
        assert!(!chart.contains("NaN") && !chart.contains("inf"), "{chart}");
        let root = well_formed(chart);
        assert_self_contained(&root, "z");
    }
}
