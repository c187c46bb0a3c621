//! Queries: ego networks with caps and filters, connecting paths, betweenness and degree on
//! graphs with known answers, communities, layout.

use rastro_graph::{
    rarity, BetweennessOptions, CommunityOptions, EdgeKind, EgoOptions, Filter, Graph,
    GraphBuilder, GraphError, LayoutOptions, NodeId, NodeKind, PathOptions, Record, RecordKind,
    Span, Subgraph, ValueKind,
};

fn person(id: &str) -> Record {
    Record::new(id, RecordKind::Person, id)
}

/// People p0..p{n-1} joined by `Associate` links, one per pair given.
fn people_graph(n: usize, pairs: &[(usize, usize)]) -> Graph {
    let mut records: Vec<Record> = (0..n).map(|i| person(&format!("p{i}"))).collect();
    for &(a, b) in pairs {
        records[a] = records[a]
            .clone()
            .link(EdgeKind::Associate, format!("p{b}"));
    }
    let mut builder = GraphBuilder::new();
    for record in records {
        builder.add(record);
    }
    builder.build().unwrap().0
}

/// The betweenness of p0..p{n-1}, in that order.
fn betweenness(graph: &Graph, n: usize, options: &BetweennessOptions) -> Vec<f64> {
    let whole = Subgraph::whole(graph);
    let scores = graph.betweenness(&whole, options).unwrap();
    (0..n)
        .map(|i| {
            let node = graph.find(&format!("p{i}")).unwrap();
            scores[whole.position(node).unwrap()]
        })
        .collect()
}

fn assert_close(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-9, "got {got:?}, want {want:?}");
    }
}

fn both_ways() -> [BetweennessOptions; 4] {
    let base = BetweennessOptions::default();
    [
        BetweennessOptions {
            weighted: false,
            threads: 1,
            ..base
        },
        BetweennessOptions {
            weighted: false,
            threads: 2,
            ..base
        },
        BetweennessOptions {
            weighted: true,
            threads: 1,
            ..base
        },
        BetweennessOptions {
            weighted: true,
            threads: 2,
            ..base
        },
    ]
}

#[test]
fn betweenness_of_a_path_graph() {
    let graph = people_graph(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
    for options in both_ways() {
        assert_close(
            &betweenness(&graph, 5, &options),
            &[0.0, 3.0, 4.0, 3.0, 0.0],
        );
    }
}

#[test]
fn betweenness_of_a_star() {
    let graph = people_graph(6, &[(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)]);
    for options in both_ways() {
        // The centre is on the one path of each of the 10 pairs of leaves.
        assert_close(
            &betweenness(&graph, 6, &options),
            &[10.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        );
    }
    let whole = Subgraph::whole(&graph);
    let degrees = graph.degree_centrality(&whole);
    let centre = whole.position(graph.find("p0").unwrap()).unwrap();
    assert_eq!(degrees[centre].neighbours, 5);
    assert!((degrees[centre].strength - 5.0 * 0.9).abs() < 1e-5);
}

#[test]
fn betweenness_of_a_barbell() {
    // Two complete graphs of four joined by the edge p0–p4: every path between the halves
    // runs through both ends of the bridge, 3 × 4 pairs each.
    let mut pairs = Vec::new();
    for half in [0, 4] {
        for a in 0..4 {
            for b in a + 1..4 {
                pairs.push((half + a, half + b));
            }
        }
    }
    pairs.push((0, 4));
    let graph = people_graph(8, &pairs);
    for options in both_ways() {
        assert_close(
            &betweenness(&graph, 8, &options),
            &[12.0, 0.0, 0.0, 0.0, 12.0, 0.0, 0.0, 0.0],
        );
    }
}

#[test]
fn betweenness_splits_ties_between_shortest_paths() {
    // A cycle of four: each opposite pair has two shortest paths, one through each other node.
    let graph = people_graph(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]);
    for options in both_ways() {
        assert_close(&betweenness(&graph, 4, &options), &[0.5, 0.5, 0.5, 0.5]);
    }
}

#[test]
fn weighted_betweenness_follows_strong_ties() {
    // p0 and p2 are two hops apart both through their associate p1 (strong ties) and through
    // the city they share with 200 others (weak ties). By hops the two paths tie and p1 gets
    // half the pair; by cost only the path through p1 is shortest.
    let mut builder = GraphBuilder::new();
    builder.add(
        person("p0")
            .link(EdgeKind::Associate, "p1")
            .holds(ValueKind::Place, "Lima"),
    );
    builder.add(person("p1").link(EdgeKind::Associate, "p2"));
    builder.add(person("p2").holds(ValueKind::Place, "Lima"));
    for i in 0..200 {
        builder.add(person(&format!("x{i}")).holds(ValueKind::Place, "Lima"));
    }
    let (graph, _) = builder.build().unwrap();
    let ids: Vec<NodeId> = ["p0", "p1", "p2"]
        .iter()
        .map(|id| graph.find(id).unwrap())
        .collect();
    let lima = graph.value_node(ValueKind::Place, "lima", None).unwrap();
    let sub = Subgraph::of_nodes(&graph, ids.iter().copied().chain([lima]), &Filter::all());
    let p1 = sub.position(ids[1]).unwrap();
    let hops = graph
        .betweenness(
            &sub,
            &BetweennessOptions {
                weighted: false,
                ..Default::default()
            },
        )
        .unwrap();
    let cost = graph
        .betweenness(
            &sub,
            &BetweennessOptions {
                weighted: true,
                ..Default::default()
            },
        )
        .unwrap();
    // By hops p0–p2 has two paths of two (via p1, via Lima); by cost only the one via p1.
    assert!((hops[p1] - 0.5).abs() < 1e-9, "{hops:?}");
    assert!((cost[p1] - 1.0).abs() < 1e-9, "{cost:?}");
}

#[test]
fn sampled_betweenness_is_scaled_to_the_full_count() {
    let graph = people_graph(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
    let sampled = betweenness(
        &graph,
        5,
        &BetweennessOptions {
            samples: Some(4),
            ..Default::default()
        },
    );
    // An estimate: the middle still stands out, the ends stay at zero.
    assert_eq!(sampled[0], 0.0);
    assert_eq!(sampled[4], 0.0);
    assert!(sampled[2] > 0.0);
}

/// Person c holds a phone shared with one other (r1) and a phone shared with 50 others.
fn rare_and_common() -> Graph {
    let mut builder = GraphBuilder::new();
    builder.add(
        person("c")
            .holds(ValueKind::Phone, "+51 955 000 001")
            .holds(ValueKind::Phone, "+51 955 000 002"),
    );
    builder.add(person("r1").holds(ValueKind::Phone, "+51955000001"));
    for i in 0..50 {
        builder.add(person(&format!("m{i}")).holds(ValueKind::Phone, "+51955000002"));
    }
    builder.build().unwrap().0
}

#[test]
fn ego_keeps_the_closest_and_strongest_when_the_cap_cuts() {
    let graph = rare_and_common();
    let c = graph.find("c").unwrap();
    let rare = graph.find("phone:+51955000001").unwrap();
    let common = graph.find("phone:+51955000002").unwrap();
    let r1 = graph.find("r1").unwrap();

    let full = graph
        .ego(
            c,
            &EgoOptions {
                hops: 2,
                cap: 1000,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(full.len(), 1 + 2 + 51);
    assert!(!full.truncated());

    let capped = graph
        .ego(
            c,
            &EgoOptions {
                hops: 2,
                cap: 4,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(capped.truncated());
    assert_eq!(capped.nodes(), &[c, rare, common, r1]);
    assert_eq!(capped.hops(), &[0, 1, 1, 2]);
    let want = rarity(2) * rarity(2);
    assert!((capped.reach()[3] - want).abs() < 1e-6);
    // Edges among the kept nodes only: c–rare, c–common, rare–r1.
    assert_eq!(capped.edges().len(), 3);

    let tiny = graph
        .ego(
            c,
            &EgoOptions {
                hops: 2,
                cap: 2,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(tiny.nodes(), &[c, rare]);

    // The cap reached exactly at the end of a hop still says that more was left.
    let exact = graph
        .ego(
            c,
            &EgoOptions {
                hops: 2,
                cap: 3,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(exact.len(), 3);
    assert!(exact.truncated());

    let one_hop = graph
        .ego(
            c,
            &EgoOptions {
                hops: 1,
                cap: 1000,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(one_hop.len(), 3);
    assert!(!one_hop.truncated());
}

#[test]
fn ego_filters_by_kind_and_time() {
    let day = |d: i64| Span::days(d, d);
    let mut builder = GraphBuilder::new();
    builder.add(
        person("a")
            .holds(ValueKind::Account, "ACC-A")
            .holds(ValueKind::Phone, "+51 966 000 001"),
    );
    builder.add(
        person("b")
            .holds(ValueKind::Account, "ACC-B")
            .holds(ValueKind::Phone, "+51966000001"),
    );
    builder.add(person("b2").holds(ValueKind::Account, "ACC-B"));
    builder.add(person("a2").holds(ValueKind::Account, "ACC-A"));
    builder.add(
        Record::new("t-early", RecordKind::Transaction, "early")
            .with_time(day(100))
            .link_value(EdgeKind::PaidFrom, ValueKind::Account, "ACC-A")
            .link_value(EdgeKind::PaidTo, ValueKind::Account, "ACC-B"),
    );
    builder.add(
        Record::new("t-late", RecordKind::Transaction, "late")
            .with_time(day(200))
            .link_value(EdgeKind::PaidFrom, ValueKind::Account, "ACC-A")
            .link_value(EdgeKind::PaidTo, ValueKind::Account, "ACC-B"),
    );
    let (graph, _) = builder.build().unwrap();
    let account_a = graph.find("account:ACCA").unwrap();
    let early = graph.find("t-early").unwrap();
    let late = graph.find("t-late").unwrap();

    let all = graph.ego(account_a, &EgoOptions::default()).unwrap();
    assert!(all.contains(early) && all.contains(late));

    let window = Filter::all().within(Span::days(150, 250));
    let recent = graph
        .ego(
            account_a,
            &EgoOptions {
                filter: window,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(!recent.contains(early) && recent.contains(late));

    // Without accounts, a and b connect only through their phone.
    let a = graph.find("a").unwrap();
    let no_accounts = Filter::all().without(NodeKind::Account);
    let ego = graph
        .ego(
            a,
            &EgoOptions {
                hops: 4,
                filter: no_accounts,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(ego.contains(graph.find("b").unwrap()));
    assert!(!ego.contains(graph.find("b2").unwrap()));
    assert!(ego
        .nodes()
        .iter()
        .all(|&n| graph.node(n).unwrap().kind() != NodeKind::Account));
    let only_people = Filter::all().kinds([NodeKind::Person]);
    let alone = graph
        .ego(
            a,
            &EgoOptions {
                filter: only_people,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(alone.nodes(), &[a]);
}

#[test]
fn ego_of_a_node_the_graph_lacks_is_an_error() {
    let graph = rare_and_common();
    let missing = NodeId(graph.node_count() as u32);
    assert!(matches!(
        graph.ego(missing, &EgoOptions::default()),
        Err(GraphError::UnknownNode(_))
    ));
}

#[test]
fn paths_come_cheapest_first_with_alternatives() {
    let mut builder = GraphBuilder::new();
    // a and b share a rare phone, a common phone (shared with 30 more) and a case.
    builder.add(
        person("a")
            .holds(ValueKind::Phone, "+51 977 000 001")
            .holds(ValueKind::Phone, "+51 977 000 002"),
    );
    builder.add(
        person("b")
            .holds(ValueKind::Phone, "+51977000001")
            .holds(ValueKind::Phone, "+51977000002"),
    );
    for i in 0..30 {
        builder.add(person(&format!("x{i}")).holds(ValueKind::Phone, "+51977000002"));
    }
    builder.add(
        Record::new("k", RecordKind::Case, "case")
            .link(EdgeKind::NamedInCase, "a")
            .link(EdgeKind::NamedInCase, "b"),
    );
    builder.add(person("loner"));
    let (graph, _) = builder.build().unwrap();
    let (a, b) = (graph.find("a").unwrap(), graph.find("b").unwrap());
    let found = graph
        .paths(
            a,
            b,
            &PathOptions {
                k: 3,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(found.complete);
    assert_eq!(found.paths.len(), 3);
    let middles: Vec<String> = found
        .paths
        .iter()
        .map(|p| {
            assert_eq!(p.nodes.first(), Some(&a));
            assert_eq!(p.nodes.last(), Some(&b));
            assert_eq!(p.hops(), 2);
            graph.node(p.nodes[1]).unwrap().key()
        })
        .collect();
    // The case (0.8 × 0.8) beats the rare phone (0.59²), which beats the common one (0.22²).
    assert_eq!(
        middles,
        vec!["k", "phone:+51977000001", "phone:+51977000002"]
    );
    assert!(found.paths.windows(2).all(|w| w[0].cost <= w[1].cost));
    assert!((found.paths[1].strength - f64::from(rarity(2)).powi(2)).abs() < 1e-6);

    // Without cases, the rare phone comes first.
    let filter = Filter::all().without(NodeKind::Case);
    let found = graph
        .paths(
            a,
            b,
            &PathOptions {
                k: 1,
                filter,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(found.paths.len(), 1);
    assert_eq!(
        graph.node(found.paths[0].nodes[1]).unwrap().key(),
        "phone:+51977000001"
    );

    // Nothing connects the loner.
    let loner = graph.find("loner").unwrap();
    let none = graph.paths(a, loner, &PathOptions::default()).unwrap();
    assert!(none.paths.is_empty() && none.complete);

    // A work bound that stops the search says so.
    let bounded = graph
        .paths(
            a,
            b,
            &PathOptions {
                max_visited: 1,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(!bounded.complete);
}

#[test]
fn longer_paths_are_found_through_several_hops() {
    let graph = people_graph(6, &[(0, 1), (1, 2), (2, 3), (3, 4), (0, 5), (5, 4)]);
    let (p0, p4) = (graph.find("p0").unwrap(), graph.find("p4").unwrap());
    let found = graph
        .paths(
            p0,
            p4,
            &PathOptions {
                k: 5,
                ..Default::default()
            },
        )
        .unwrap();
    // Only two loopless paths exist: through p5 (2 hops) and along the chain (4 hops).
    assert_eq!(found.paths.len(), 2);
    assert_eq!(found.paths[0].hops(), 2);
    assert_eq!(found.paths[1].hops(), 4);
    for path in &found.paths {
        for (i, edge) in path.edges.iter().enumerate() {
            let edge = graph.edge(*edge).unwrap();
            let ends = [edge.from(), edge.to()];
            assert!(ends.contains(&path.nodes[i]) && ends.contains(&path.nodes[i + 1]));
        }
    }
}

/// Two complete graphs of five joined by one edge.
fn two_cliques() -> Graph {
    let mut pairs = Vec::new();
    for half in [0, 5] {
        for a in 0..5 {
            for b in a + 1..5 {
                pairs.push((half + a, half + b));
            }
        }
    }
    pairs.push((4, 5));
    people_graph(10, &pairs)
}

#[test]
fn communities_find_two_planted_cliques() {
    let graph = two_cliques();
    let whole = Subgraph::whole(&graph);
    for seed in 1..6 {
        let found = graph.communities(
            &whole,
            &CommunityOptions {
                seed,
                ..Default::default()
            },
        );
        assert_eq!(found.count, 2, "seed {seed}");
        let of = |i: usize| {
            found.membership[whole
                .position(graph.find(&format!("p{i}")).unwrap())
                .unwrap()]
        };
        for i in 0..10 {
            assert_eq!(of(i) == of(0), i < 5, "seed {seed}, p{i}");
        }
        // Two cliques of 10 edges and a bridge: 2 × (10/21 − (21/42)²).
        assert!(
            (found.modularity - 0.452_381).abs() < 1e-5,
            "{}",
            found.modularity
        );
    }
}

#[test]
fn communities_of_separate_pieces_are_separate_and_lone_nodes_alone() {
    let graph = people_graph(7, &[(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)]);
    let whole = Subgraph::whole(&graph);
    let found = graph.communities(&whole, &CommunityOptions::default());
    assert_eq!(found.count, 3);
    let lone = whole.position(graph.find("p6").unwrap()).unwrap();
    assert_eq!(
        found.membership[lone], 2,
        "the smallest community comes last"
    );
}

#[test]
fn layout_places_tied_nodes_near_each_other() {
    let graph = two_cliques();
    let whole = Subgraph::whole(&graph);
    let options = LayoutOptions::default();
    let points = graph.layout(&whole, &options).unwrap();
    assert_eq!(
        points,
        graph.layout(&whole, &options).unwrap(),
        "the same seed, the same layout"
    );
    assert!(points
        .iter()
        .all(|p| (0.0..=1.0).contains(&p.x) && (0.0..=1.0).contains(&p.y)));
    let at = |i: usize| {
        points[whole
            .position(graph.find(&format!("p{i}")).unwrap())
            .unwrap()]
    };
    let distance = |a: usize, b: usize| {
        let (p, q) = (at(a), at(b));
        ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt()
    };
    let (mut inside, mut across) = (Vec::new(), Vec::new());
    for a in 0..10 {
        for b in a + 1..10 {
            if (a < 5) == (b < 5) {
                inside.push(distance(a, b));
            } else {
                across.push(distance(a, b));
            }
        }
    }
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
    assert!(
        mean(&inside) * 1.5 < mean(&across),
        "{} vs {}",
        mean(&inside),
        mean(&across)
    );
}

#[test]
fn a_large_layout_stays_finite_and_in_the_box() {
    // Many nodes at one spot (a star of 2,000) must not break the quadtree.
    let pairs: Vec<(usize, usize)> = (1..2000).map(|i| (0, i)).collect();
    let graph = people_graph(2000, &pairs);
    let whole = Subgraph::whole(&graph);
    let points = graph
        .layout(
            &whole,
            &LayoutOptions {
                iterations: 30,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(points.len(), 2000);
    assert!(points.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
    assert!(points
        .iter()
        .all(|p| (0.0..=1.0).contains(&p.x) && (0.0..=1.0).contains(&p.y)));
}

/// Betweenness by brute force: shortest distances and path counts between every pair, then
/// each pair's share through each node. Costs are the strongest parallel edge's, as the
/// engine's; `None` counts hops.
fn reference_betweenness(graph: &Graph, sub: &Subgraph, weighted: bool) -> Vec<f64> {
    let n = sub.len();
    let mut best = vec![vec![None::<f64>; n]; n];
    for &e in sub.edges() {
        let edge = graph.edge(e).unwrap();
        let (a, b) = (
            sub.position(edge.from()).unwrap(),
            sub.position(edge.to()).unwrap(),
        );
        let c = if weighted {
            rastro_graph::cost(edge.strength())
        } else {
            1.0
        };
        for (x, y) in [(a, b), (b, a)] {
            best[x][y] = Some(best[x][y].map_or(c, |old: f64| old.min(c)));
        }
    }
    // Dijkstra with path counting from every node (n is small).
    let mut dist = vec![vec![f64::INFINITY; n]; n];
    let mut sigma = vec![vec![0.0f64; n]; n];
    for s in 0..n {
        let mut done = vec![false; n];
        dist[s][s] = 0.0;
        sigma[s][s] = 1.0;
        loop {
            let next = (0..n)
                .filter(|&v| !done[v] && dist[s][v].is_finite())
                .min_by(|&a, &b| dist[s][a].total_cmp(&dist[s][b]));
            let Some(v) = next else { break };
            done[v] = true;
            for w in 0..n {
                let Some(c) = best[v][w] else { continue };
                let through = dist[s][v] + c;
                if through < dist[s][w] - 1e-9 {
                    dist[s][w] = through;
                    sigma[s][w] = sigma[s][v];
                } else if (through - dist[s][w]).abs() <= 1e-9 && !done[w] {
                    sigma[s][w] += sigma[s][v];
                }
            }
        }
    }
    let mut score = vec![0.0; n];
    for s in 0..n {
        for t in s + 1..n {
            if !dist[s][t].is_finite() {
                continue;
            }
            for v in 0..n {
                if v != s && v != t && (dist[s][v] + dist[v][t] - dist[s][t]).abs() <= 1e-9 {
                    score[v] += sigma[s][v] * sigma[v][t] / sigma[s][t];
                }
            }
        }
    }
    score
}

#[test]
fn betweenness_matches_brute_force_on_random_graphs_with_trees_and_cycles() {
    let kinds = [
        EdgeKind::Associate,
        EdgeKind::Related,
        EdgeKind::NamedInCase,
        EdgeKind::Paid,
    ];
    let mut state = 99u64;
    let mut next = move |below: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % below
    };
    for round in 0..30 {
        let n = 8 + next(30);
        let mut records: Vec<Record> = (0..n).map(|i| person(&format!("p{i}"))).collect();
        // A random forest (some nodes start new pieces), then a few extra edges make cycles.
        for (i, record) in records.iter_mut().enumerate().skip(1) {
            if next(8) > 0 {
                let parent = next(i);
                let kind = kinds[next(kinds.len())];
                *record = record.clone().link(kind, format!("p{parent}"));
            }
        }
        for _ in 0..next(n / 3 + 1) {
            let (a, b) = (next(n), next(n));
            if a != b {
                let kind = kinds[next(kinds.len())];
                records[a] = records[a].clone().link(kind, format!("p{b}"));
            }
        }
        let mut builder = GraphBuilder::new();
        for record in records {
            builder.add(record);
        }
        let graph = builder.build().unwrap().0;
        let whole = Subgraph::whole(&graph);
        for weighted in [false, true] {
            let want = reference_betweenness(&graph, &whole, weighted);
            for threads in [1, 2] {
                let options = BetweennessOptions {
                    weighted,
                    threads,
                    ..Default::default()
                };
                let got = graph.betweenness(&whole, &options).unwrap();
                for (v, (g, w)) in got.iter().zip(&want).enumerate() {
                    assert!(
                        (g - w).abs() < 1e-6 * w.max(1.0),
                        "round {round}, weighted {weighted}, node {v}: got {g}, want {w}"
                    );
                }
            }
        }
    }
}

/// Costs that differ by several times (values shared by few or by many, weak and firm kinds)
/// make the search by costs settle over many buckets of its ring; the answer is still exact.
#[test]
fn weighted_betweenness_is_exact_when_costs_differ_widely() {
    let kinds = [
        EdgeKind::Associate,
        EdgeKind::Related,
        EdgeKind::ReportedInIncident,
    ];
    let mut state = 7u64;
    let mut next = move |below: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % below
    };
    for round in 0..6 {
        let n = 40 + next(40);
        let mut records: Vec<Record> = (0..n).map(|i| person(&format!("p{i}"))).collect();
        // Phones held by one to twenty people and towns by up to all of them: rare values
        // tie firmly, common ones weakly.
        for phone in 0..8 {
            for _ in 0..1 + next(20) {
                let holder = next(n);
                records[holder] = records[holder]
                    .clone()
                    .holds(ValueKind::Phone, format!("+51 955 100 {phone:03}"));
            }
        }
        for town in 0..2 {
            for _ in 0..n / 2 + next(n) {
                let holder = next(n);
                records[holder] = records[holder]
                    .clone()
                    .holds(ValueKind::Place, format!("town {town}"));
            }
        }
        for _ in 0..n {
            let (a, b) = (next(n), next(n));
            if a != b {
                let kind = kinds[next(kinds.len())];
                records[a] = records[a].clone().link(kind, format!("p{b}"));
            }
        }
        let mut builder = GraphBuilder::new();
        for record in records {
            builder.add(record);
        }
        let graph = builder.build().unwrap().0;
        let whole = Subgraph::whole(&graph);
        let strengths: Vec<f32> = whole
            .edges()
            .iter()
            .filter_map(|&e| graph.edge(e).map(|e| e.strength()))
            .collect();
        let (weakest, firmest) = strengths
            .iter()
            .fold((1.0f32, 0.0f32), |(lo, hi), &s| (lo.min(s), hi.max(s)));
        assert!(
            rastro_graph::cost(weakest) > 2.5 * rastro_graph::cost(firmest),
            "round {round}: costs differ widely ({weakest} to {firmest})"
        );
        let want = reference_betweenness(&graph, &whole, true);
        for threads in [1, 2] {
            let options = BetweennessOptions {
                weighted: true,
                threads,
                ..Default::default()
            };
            let got = graph.betweenness(&whole, &options).unwrap();
            for (v, (g, w)) in got.iter().zip(&want).enumerate() {
                assert!(
                    (g - w).abs() < 1e-6 * w.max(1.0),
                    "round {round}, node {v}: got {g}, want {w}"
                );
            }
        }
    }
}
