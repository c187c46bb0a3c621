//! Building the graph: rarity weights, what a withheld record leaves behind (nothing), merging
//! by same-as pairs, and reporting of bad input.

use rastro_graph::{
    rarity, EdgeKind, GraphBuilder, NodeKind, ProblemKind, Record, RecordKind, ValueKind,
    ValueProblem,
};

fn person(id: &str) -> Record {
    Record::new(id, RecordKind::Person, format!("Person {id}"))
}

/// The strength of the edge between a record and a value.
fn strength(graph: &rastro_graph::Graph, record: &str, kind: ValueKind, value: &str) -> f32 {
    let node = graph.find(record).expect("record node");
    let value = graph.value_node(kind, value, None).expect("value node");
    graph
        .neighbours(node)
        .find(|&(n, _)| n == value)
        .and_then(|(_, e)| graph.edge(e))
        .map(|e| e.strength())
        .expect("edge between record and value")
}

#[test]
fn a_rare_shared_phone_links_more_strongly_than_a_common_one() {
    let mut builder = GraphBuilder::new();
    builder.add(person("a").holds(ValueKind::Phone, "+51 900 000 001"));
    builder.add(person("b").holds(ValueKind::Phone, "+51900000001"));
    for i in 0..100 {
        builder.add(person(&format!("c{i}")).holds(ValueKind::Phone, "+51 900 000 999"));
    }
    let (graph, report) = builder.build().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    let rare = graph
        .value_node(ValueKind::Phone, "+51900000001", None)
        .unwrap();
    let common = graph
        .value_node(ValueKind::Phone, "+51900000999", None)
        .unwrap();
    assert_eq!(graph.node(rare).unwrap().holders(), 2);
    assert_eq!(graph.node(common).unwrap().holders(), 100);

    let strong = strength(&graph, "a", ValueKind::Phone, "+51900000001");
    let weak = strength(&graph, "c0", ValueKind::Phone, "+51900000999");
    assert!((strong - rarity(2)).abs() < 1e-6, "{strong}");
    assert!((weak - rarity(100)).abs() < 1e-6, "{weak}");
    assert!(strong > 3.0 * weak, "{strong} vs {weak}");

    // The connection through the value, both edges, is stronger still by the square.
    let a = graph.find("a").unwrap();
    let b = graph.find("b").unwrap();
    let (c0, c1) = (graph.find("c0").unwrap(), graph.find("c1").unwrap());
    let options = rastro_graph::PathOptions::default();
    let through_rare = graph.paths(a, b, &options).unwrap().paths[0].strength;
    let through_common = graph.paths(c0, c1, &options).unwrap().paths[0].strength;
    assert!(through_rare > 10.0 * through_common);
}

#[test]
fn a_value_node_does_not_appear_when_its_only_other_record_is_withheld() {
    let visible_a = || {
        person("A")
            .holds(ValueKind::Phone, "+51 911 111 111") // shared only with hidden B
            .holds(ValueKind::Email, "shared@correo.pe") // shared with visible C and hidden B
            .link(EdgeKind::Associate, "B")
    };
    let hidden_b = || {
        person("B")
            .holds(ValueKind::Phone, "+51911111111")
            .holds(ValueKind::Email, "SHARED@correo.pe")
    };
    let visible_c = || person("C").holds(ValueKind::Email, "shared@correo.pe");

    // Everything visible: the phone joins A and B.
    let mut all = GraphBuilder::new();
    all.add(visible_a());
    all.add(hidden_b());
    all.add(visible_c());
    let (graph, _) = all.build().unwrap();
    assert!(graph
        .value_node(ValueKind::Phone, "+51911111111", None)
        .is_some());
    let email = graph
        .value_node(ValueKind::Email, "shared@correo.pe", None)
        .unwrap();
    assert_eq!(graph.node(email).unwrap().holders(), 3);

    // B withheld, as the app does for an actor who may not see it.
    let mut visible = GraphBuilder::new();
    visible.add(visible_a());
    visible.add(visible_c());
    let (graph, report) = visible.build().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        graph.value_node(ValueKind::Phone, "+51911111111", None),
        None
    );
    assert_eq!(report.unshared_values, 1);
    assert_eq!(graph.find("B"), None);
    assert_eq!(graph.find("phone:+51911111111"), None);
    // A's only edge is the e-mail it shares with C; the link to B vanished with B.
    let a = graph.find("A").unwrap();
    let kinds: Vec<NodeKind> = graph
        .neighbours(a)
        .map(|(n, _)| graph.node(n).unwrap().kind())
        .collect();
    assert_eq!(kinds, vec![NodeKind::Email]);
    // The e-mail's rarity counts the visible holders only.
    let email = graph
        .value_node(ValueKind::Email, "shared@correo.pe", None)
        .unwrap();
    assert_eq!(graph.node(email).unwrap().holders(), 2);
    assert!((strength(&graph, "A", ValueKind::Email, "shared@correo.pe") - rarity(2)).abs() < 1e-6);
    // Nothing of B is anywhere: no label, key, source or record id.
    assert_eq!(graph.node_count(), 3);
    for i in 0..graph.node_count() as u32 {
        let node = graph.node(rastro_graph::NodeId(i)).unwrap();
        assert!(!node.label().contains('B') && node.key() != "B");
        assert!(node.records().all(|(id, _)| id != "B"));
    }
    for i in 0..graph.edge_count() as u32 {
        assert_ne!(graph.edge(rastro_graph::EdgeId(i)).unwrap().source(), "B");
    }

    // The graph is the one built from A and C had B never existed.
    let mut alone = GraphBuilder::new();
    alone.add(
        person("A")
            .holds(ValueKind::Phone, "+51 911 111 111")
            .holds(ValueKind::Email, "shared@correo.pe"),
    );
    alone.add(visible_c());
    let (control, _) = alone.build().unwrap();
    assert_eq!(control.node_count(), graph.node_count());
    assert_eq!(control.edge_count(), graph.edge_count());
}

#[test]
fn same_as_pairs_merge_people_and_keep_their_provenance() {
    let mut builder = GraphBuilder::new();
    builder.add(person("p1").holds(ValueKind::Phone, "+51 922 222 222"));
    builder.add(
        Record::new("p2", RecordKind::Person, "ANA QUISPE M.")
            .holds(ValueKind::Account, "PE00 1111 2222"),
    );
    builder.add(person("p3").holds(ValueKind::Account, "PE0011112222"));
    builder.add(person("p4").holds(ValueKind::Phone, "+51922222222"));
    builder.add(Record::new("k1", RecordKind::Case, "Case 1").link(EdgeKind::NamedInCase, "p2"));
    builder.same_as("p1", "p2");
    // A chain through a record not given must not join p3 and p4.
    builder.same_as("p3", "hidden");
    builder.same_as("hidden", "p4");
    // Records of different kinds are not merged, and that is reported.
    builder.same_as("p3", "k1");
    let (graph, report) = builder.build().unwrap();

    let merged = graph.find("p1").unwrap();
    assert_eq!(graph.find("p2"), Some(merged));
    assert_ne!(graph.find("p3"), graph.find("p4"));
    assert_ne!(graph.find("p3"), graph.find("k1"));
    assert_eq!(report.merged, 1);
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].kind, ProblemKind::SameAsAcrossKinds);

    let node = graph.node(merged).unwrap();
    assert_eq!(node.holders(), 2);
    assert_eq!(node.label(), "Person p1");
    let records: Vec<(&str, &str)> = node.records().collect();
    assert_eq!(records, vec![("p1", "Person p1"), ("p2", "ANA QUISPE M.")]);
    // The merged node carries both records' edges: the phone (shared with p4), the account
    // (shared with p3) and the case; each edge says which record asserted it.
    let mut sources: Vec<(&str, &str)> = graph
        .neighbours(merged)
        .map(|(_, e)| {
            let edge = graph.edge(e).unwrap();
            (edge.kind().name(), edge.source())
        })
        .collect();
    sources.sort();
    assert_eq!(
        sources,
        vec![
            ("holds_account", "p2"),
            ("named_in_case", "k1"),
            ("uses_phone", "p1")
        ]
    );
}

#[test]
fn merging_two_holders_of_one_value_leaves_it_unshared() {
    let mut builder = GraphBuilder::new();
    builder.add(person("x").holds(ValueKind::Document, "12.345.678-K"));
    builder.add(person("y").holds(ValueKind::Document, "12345678k"));
    builder.same_as("x", "y");
    let (graph, report) = builder.build().unwrap();
    assert_eq!(graph.node_count(), 1);
    assert_eq!(report.unshared_values, 1);
}

#[test]
fn links_to_values_do_not_make_them_common() {
    let mut builder = GraphBuilder::new();
    builder.add(person("holder").holds(ValueKind::Account, "ACC-1"));
    for i in 0..50 {
        builder.add(
            Record::new(format!("t{i}"), RecordKind::Transaction, "payment").link_value(
                EdgeKind::PaidFrom,
                ValueKind::Account,
                "acc 1",
            ),
        );
    }
    let (graph, _) = builder.build().unwrap();
    let account = graph.value_node(ValueKind::Account, "ACC1", None).unwrap();
    assert_eq!(graph.node(account).unwrap().holders(), 1);
    assert_eq!(graph.degree(account), 51);
    assert_eq!(strength(&graph, "holder", ValueKind::Account, "ACC1"), 1.0);
}

#[test]
fn bad_input_is_reported_with_where_and_why_and_the_rest_is_used() {
    let mut builder = GraphBuilder::new();
    builder.add(
        person("r1")
            .holds(ValueKind::Email, "not an address")
            .holds(ValueKind::Phone, "+51 933 333 333")
            .link(EdgeKind::Associate, "r1"),
    );
    builder.add(person("r1"));
    builder.add(person("  "));
    builder.add(person("r2").holds(ValueKind::Phone, "+51933333333"));
    let (graph, report) = builder.build().unwrap();
    assert_eq!(report.records, 2);
    let found: Vec<(&str, &str, ProblemKind)> = report
        .problems
        .iter()
        .map(|p| (p.record.as_str(), p.field.as_str(), p.kind.clone()))
        .collect();
    assert!(found.contains(&(
        "r1",
        "identifiers[0]",
        ProblemKind::BadValue(ValueProblem::NotAnEmail)
    )));
    assert!(found.contains(&("r1", "links[0]", ProblemKind::LinksToItself)));
    assert!(found.contains(&("r1", "id", ProblemKind::DuplicateId)));
    assert!(found.iter().any(|p| p.2 == ProblemKind::EmptyId));
    // The good phone was used.
    assert!(graph
        .value_node(ValueKind::Phone, "+51933333333", None)
        .is_some());
    let message = report.problems[0].to_string();
    assert!(
        message.contains("identifiers[0]") && message.contains("e-mail"),
        "{message}"
    );
}

#[test]
fn national_phones_meet_international_ones_when_the_country_is_known() {
    let mut builder = GraphBuilder::new();
    builder.add(person("a").holds_phone("987 654 321", "PE"));
    builder.add(person("b").holds(ValueKind::Phone, "0051 987 654 321"));
    let (graph, _) = builder.build().unwrap();
    assert!(graph.find("phone:+51987654321").is_some());
    assert_eq!(graph.node_count(), 3);
}
