//! Exports: GraphML that is well-formed XML with every value escaped, and FollowTheMoney lines
//! that parse as JSON, use FtM's schema and property names, and refer only to entities they
//! contain.

use std::collections::{BTreeSet, HashSet};

use rastro_graph::{
    EdgeKind, EgoOptions, Graph, GraphBuilder, LayoutOptions, Link, Record, RecordKind, Span,
    Subgraph, Target, ValueKind,
};
use serde_json::Value;

const NASTY: &str = "Ana <script>alert('x')</script> & \"Co\"\u{1}";

fn sample() -> Graph {
    let day = |d: i64| Span::days(d, d);
    let mut builder = GraphBuilder::new();
    builder.add(
        Record::new("p1", RecordKind::Person, NASTY)
            .holds_phone("987 654 321", "PE")
            .holds(ValueKind::Email, "ana@correo.pe")
            .holds(ValueKind::Document, "DNI 4455 6677")
            .holds(ValueKind::Account, "PE11 2233")
            .holds(ValueKind::Place, "Lima, Perú")
            .link(EdgeKind::MemberOf, "g1"),
    );
    let mut p2 = Record::new("p2", RecordKind::Person, "Luis & <Rojas>")
        .holds(ValueKind::Phone, "+51 987 654 321")
        .holds(ValueKind::Email, "ANA@correo.pe")
        .holds(ValueKind::Document, "DNI44556677")
        .holds(ValueKind::Account, "PE99 8877")
        .holds(ValueKind::Place, "LIMA PERU");
    p2.links.push(Link {
        kind: EdgeKind::Associate,
        target: Target::Record("p1".to_string()),
        time: Some(Span::days(10, 20)),
        role: Some("recruiter <of>".to_string()),
    });
    builder.add(p2);
    builder
        .add(Record::new("p3", RecordKind::Person, "Third").holds(ValueKind::Account, "PE1122-33"));
    builder.add(Record::new("g1", RecordKind::Group, "Los <Malditos>"));
    builder
        .add(Record::new("o1", RecordKind::Organisation, "Agencia Sol").link(EdgeKind::Paid, "p2"));
    builder.add(
        Record::new("o2", RecordKind::Organisation, "Other").holds(ValueKind::Account, "PE9988-77"),
    );
    builder.add(
        Record::new("t1", RecordKind::Transaction, "transfer 500 PEN")
            .with_time(day(19_000))
            .link_value(EdgeKind::PaidFrom, ValueKind::Account, "PE112233")
            .link_value(EdgeKind::PaidTo, ValueKind::Account, "PE998877"),
    );
    builder.add(
        Record::new("k1", RecordKind::Case, "Case <1>")
            .with_time(Span::days(18_000, 18_010))
            .link(EdgeKind::NamedInCase, "p1")
            .link(EdgeKind::NamedInCase, "p2"),
    );
    builder.add(
        Record::new("i1", RecordKind::Incident, "Raid")
            .with_time(day(18_500))
            .link(EdgeKind::ReportedInIncident, "g1"),
    );
    builder.add(
        Record::new("a1", RecordKind::Alert, "Funnel account").link(EdgeKind::FlaggedInAlert, "t1"),
    );
    let (graph, report) = builder.build().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    graph
}

#[test]
fn graphml_is_well_formed_and_escaped() {
    let graph = sample();
    let whole = Subgraph::whole(&graph);
    let points = graph.layout(&whole, &LayoutOptions::default()).unwrap();
    let mut out = Vec::new();
    let summary = graph
        .write_graphml(&whole, Some(&points), &mut out)
        .unwrap();
    assert_eq!(summary.written, graph.node_count() + graph.edge_count());
    let xml = String::from_utf8(out).unwrap();

    check_well_formed(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert!(!xml.contains("<script>"));
    assert!(xml.contains(
        "Ana &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;Co&quot;\u{FFFD}"
    ));
    assert!(xml.contains("recruiter &lt;of&gt;"));
    assert!(!xml.contains('\u{1}'));

    // Every data key is declared, for its domain.
    let declared: HashSet<String> = xml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<key id=\""))
        .map(|l| l[..l.find('"').unwrap()].to_string())
        .collect();
    for line in xml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<data key=\""))
    {
        let key = &line[..line.find('"').unwrap()];
        assert!(declared.contains(key), "undeclared key {key}");
    }
    assert_eq!(xml.matches("<node ").count(), graph.node_count());
    assert_eq!(xml.matches("<edge ").count(), graph.edge_count());
    assert_eq!(xml.matches("<data key=\"x\">").count(), graph.node_count());
}

#[test]
fn ftm_lines_are_json_with_ftm_schemata() {
    let graph = sample();
    let whole = Subgraph::whole(&graph);
    let mut out = Vec::new();
    let summary = graph.write_ftm(&whole, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let entities: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert_eq!(entities.len(), summary.written);

    let schemata: BTreeSet<&str> = entities
        .iter()
        .map(|e| e["schema"].as_str().unwrap())
        .collect();
    let want: BTreeSet<&str> = [
        "Address",
        "Associate",
        "BankAccount",
        "Event",
        "Membership",
        "Organization",
        "Ownership",
        "Payment",
        "Person",
        "UnknownLink",
    ]
    .into_iter()
    .collect();
    assert_eq!(schemata, want);

    // Every property is a list of strings, and every entity id referred to is exported.
    let ids: HashSet<&str> = entities.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), entities.len(), "ids are unique");
    let references = [
        "owner",
        "asset",
        "member",
        "organization",
        "person",
        "associate",
        "payer",
        "beneficiary",
        "payerAccount",
        "beneficiaryAccount",
        "subject",
        "object",
        "addressEntity",
    ];
    for entity in &entities {
        let id = entity["id"].as_str().unwrap();
        assert!(id.starts_with("rastro-"));
        let properties = entity["properties"].as_object().unwrap();
        for (name, values) in properties {
            let values = values.as_array().unwrap();
            assert!(!values.is_empty());
            for value in values {
                let value = value.as_str().unwrap();
                if references.contains(&name.as_str()) {
                    assert!(ids.contains(value), "{name} -> {value} not exported");
                }
            }
        }
    }

    let find = |schema: &str, property: &str, value: &str| {
        entities.iter().find(|e| {
            e["schema"] == schema
                && e["properties"][property]
                    .as_array()
                    .is_some_and(|v| v.iter().any(|x| x == value))
        })
    };
    // Phones, e-mails and documents are the holders' properties, normalised.
    let ana = find("Person", "name", NASTY).expect("the person, her name as given");
    assert_eq!(ana["properties"]["phone"][0], "+51987654321");
    assert_eq!(ana["properties"]["email"][0], "ana@correo.pe");
    assert_eq!(ana["properties"]["idNumber"][0], "DNI44556677");
    assert!(ana["properties"]["addressEntity"].is_array());
    assert!(find("Organization", "classification", "group").is_some());
    assert!(find("Address", "full", "Lima, Perú").is_some());
    assert!(find("Event", "keywords", "case").is_some());
    let case = find("Event", "keywords", "case").unwrap();
    assert_eq!(case["properties"]["startDate"][0], "2019-04-14");
    assert_eq!(case["properties"]["endDate"][0], "2019-04-24");
    // The transaction names its accounts, and their holders as payer and beneficiary.
    let payment = find("Payment", "summary", "transfer 500 PEN").unwrap();
    let account =
        |number: &str| find("BankAccount", "accountNumber", number).unwrap()["id"].clone();
    assert_eq!(
        payment["properties"]["payerAccount"][0],
        account("PE112233")
    );
    assert_eq!(
        payment["properties"]["beneficiaryAccount"][0],
        account("PE998877")
    );
    assert_eq!(payment["properties"]["payer"].as_array().unwrap().len(), 2);
    assert_eq!(payment["properties"]["date"][0], "2022-01-08");
    let associate = find("Associate", "relationship", "recruiter <of>").unwrap();
    assert_eq!(associate["properties"]["startDate"][0], "1970-01-11");
    assert!(find("UnknownLink", "role", "named in case").is_some());
    // The alert flags a transaction: a Payment is not an FtM Thing, so that link is left out.
    assert_eq!(summary.left_out, 1);

    // The same nodes get the same ids in another export (of an ego network here).
    let p1 = graph.find("p1").unwrap();
    let ego = graph.ego(p1, &EgoOptions::default()).unwrap();
    let mut again = Vec::new();
    graph.write_ftm(&ego, &mut again).unwrap();
    let again = String::from_utf8(again).unwrap();
    assert!(again.contains(ana["id"].as_str().unwrap()));
}

/// A strict enough XML 1.0 well-formedness check for what the writer produces: one prolog,
/// balanced tags with valid names, quoted attributes, character data with only the five
/// predefined entities or numeric references, and nothing outside the root.
fn check_well_formed(xml: &str) -> Result<(), String> {
    let mut rest = xml
        .strip_prefix("<?xml")
        .and_then(|r| r.find("?>").map(|end| &r[end + 2..]))
        .ok_or("no XML declaration")?;
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('<') {
            let end = r.find('>').ok_or("a tag is not closed")?;
            let tag = &r[..end];
            rest = &r[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().ok_or(format!("</{name}> closes nothing"))?;
                if open != name.trim() {
                    return Err(format!("<{open}> closed by </{name}>"));
                }
                continue;
            }
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let (name, attributes) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
            check_name(name)?;
            check_attributes(attributes)?;
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name);
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root: {text:?}"));
            }
            check_text(text)?;
            rest = &rest[end..];
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed: {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':');
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || "_:.-".contains(c)) {
        Ok(())
    } else {
        Err(format!("bad name {name:?}"))
    }
}

fn check_attributes(mut text: &str) -> Result<(), String> {
    let mut seen = HashSet::new();
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return Ok(());
        }
        let eq = text
            .find('=')
            .ok_or(format!("attribute without value: {text:?}"))?;
        let name = text[..eq].trim();
        check_name(name)?;
        if !seen.insert(name.to_string()) {
            return Err(format!("attribute {name} twice"));
        }
        let after = text[eq + 1..].trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|&c| c == '"' || c == '\'')
            .ok_or("unquoted attribute")?;
        let close = after[1..].find(quote).ok_or("unterminated attribute")?;
        check_text(&after[1..1 + close])?;
        text = &after[close + 2..];
    }
}

fn check_text(text: &str) -> Result<(), String> {
    if text.contains('<') {
        return Err(format!("raw < in {text:?}"));
    }
    for c in text.chars() {
        let code = c as u32;
        if code < 0x20 && !matches!(c, '\t' | '\n' | '\r') || c == '\u{FFFE}' || c == '\u{FFFF}' {
            return Err(format!("character U+{code:04X} not allowed in XML 1.0"));
        }
    }
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        let after = &rest[at + 1..];
        let end = after.find(';').ok_or(format!("bare & in {text:?}"))?;
        let entity = &after[..end];
        let known = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
            || entity.strip_prefix('#').is_some_and(|n| {
                n.strip_prefix('x').map_or_else(
                    || n.parse::<u32>().is_ok(),
                    |h| u32::from_str_radix(h, 16).is_ok(),
                )
            });
        if !known {
            return Err(format!("unknown entity &{entity}; in {text:?}"));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

#[test]
fn the_checker_rejects_what_it_should() {
    for bad in [
        "<?xml version=\"1.0\"?><a><b></a></b>",
        "<?xml version=\"1.0\"?><a>x & y</a>",
        "<?xml version=\"1.0\"?><a t=\"<\"></a>",
        "<?xml version=\"1.0\"?><a>\u{1}</a>",
        "<?xml version=\"1.0\"?><a></a><b></b>",
        "<?xml version=\"1.0\"?><a t=x></a>",
    ] {
        assert!(check_well_formed(bad).is_err(), "{bad}");
    }
    assert!(check_well_formed("<?xml version=\"1.0\"?>\n<a k='v'><b/>x &amp; &#65;</a>\n").is_ok());
}
