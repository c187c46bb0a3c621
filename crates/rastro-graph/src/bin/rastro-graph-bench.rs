//! The network engine on a generated graph of a million nodes.
//!
//! `cargo run --release -p rastro-graph --bin rastro-graph-bench -- --nodes 1000000`
//!
//! Options: `--nodes N` (about how many nodes the built graph has; default 1,000,000),
//! `--queries Q` (ego networks and path queries timed; default 1,000), `--cap C` (the ego
//! network's cap; default 500), `--threads T` (for betweenness; default 2), `--seed S`,
//! `--no-whole` (skip communities of the whole graph), `--betweenness-only` (only the worst
//! case of betweenness, a 10,000-node graph with no trees to fold, timed `--repeat R` times
//! (default 5) with the median printed; `--costs varied` makes that graph one of people, links
//! of five strengths and values shared by 2 to 50 holders, whose edges cost different amounts;
//! `--scores FILE` writes every node's scores by hops and by cost (`--by hops|cost|both`,
//! default both), and `--compare FILE` checks them against a file written so by another build,
//! so that a faster search is shown to give the same answer).
//!
//! The graph is generated from the seed: people (some recorded twice by two organisations and
//! resolved by same-as pairs), organisations and groups, accounts shared through funnel
//! accounts, phones and e-mails whose sharing is heavy-tailed (most unique, a few shared by
//! hundreds or more, like an agency's or a call centre's number), identity documents, places
//! with a Zipf-like spread, cases and incidents naming people and groups, transactions between
//! accounts over three years, and alerts flagging transactions.

use std::time::{Duration, Instant};

use rastro_graph::{
    BetweennessOptions, CommunityOptions, EdgeKind, EgoOptions, Graph, GraphBuilder, Identifier,
    LayoutOptions, Link, NodeId, NodeKind, PathOptions, Record, RecordKind, Span, Subgraph, Target,
    ValueKind,
};

struct Options {
    nodes: usize,
    queries: usize,
    cap: usize,
    threads: usize,
    seed: u64,
    whole: bool,
    betweenness_only: bool,
    repeat: usize,
    scores: Option<String>,
    compare: Option<String>,
    /// Which searches `--betweenness-only` times: by hops, by cost, or both.
    by: Vec<bool>,
    /// `--costs varied`: the worst case with edges of several kinds and shared values, whose
    /// costs differ, instead of people joined by one kind of edge.
    varied: bool,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        nodes: 1_000_000,
        queries: 1_000,
        cap: 500,
        threads: 2,
        seed: 2024,
        whole: true,
        betweenness_only: false,
        repeat: 5,
        scores: None,
        compare: None,
        by: vec![false, true],
        varied: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let value = args.next().ok_or(format!("{name} needs a value"))?;
            value
                .replace('_', "")
                .parse::<u64>()
                .map_err(|_| format!("{name} {value:?} is not a whole number"))
        };
        match arg.as_str() {
            "--nodes" => options.nodes = number("--nodes")? as usize,
            "--queries" => options.queries = number("--queries")? as usize,
            "--cap" => options.cap = number("--cap")? as usize,
            "--threads" => options.threads = number("--threads")?.max(1) as usize,
            "--seed" => options.seed = number("--seed")?,
            "--no-whole" => options.whole = false,
            "--betweenness-only" => options.betweenness_only = true,
            "--repeat" => options.repeat = number("--repeat")?.max(1) as usize,
            "--scores" => options.scores = Some(args.next().ok_or("--scores needs a file")?),
            "--compare" => options.compare = Some(args.next().ok_or("--compare needs a file")?),
            "--by" => {
                options.by = match args.next().as_deref() {
                    Some("hops") => vec![false],
                    Some("cost") => vec![true],
                    Some("both") => vec![false, true],
                    _ => return Err("--by takes hops, cost or both".to_string()),
                }
            }
            "--costs" => {
                options.varied = match args.next().as_deref() {
                    Some("equal") => false,
                    Some("varied") => true,
                    _ => return Err("--costs takes equal or varied".to_string()),
                }
            }
            other => return Err(format!("unknown option {other:?}; see the file's header")),
        }
    }
    if options.nodes < 1_000 {
        return Err("--nodes must be at least 1000".to_string());
    }
    Ok(options)
}

fn main() {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("rastro-graph-bench: {message}");
            std::process::exit(2);
        }
    };
    println!(
        "rastro-graph-bench: about {} nodes, seed {}, {} threads for betweenness, {} CPUs seen",
        options.nodes,
        options.seed,
        options.threads,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if options.betweenness_only {
        worst_betweenness(&options);
        return;
    }
    let (before_rss, _) = memory();

    let clock = Clock::start();
    let started = Instant::now();
    let mut builder = GraphBuilder::new();
    let records = generate(options.nodes, options.seed, &mut builder);
    let generated = started.elapsed();
    let (graph, report) = match builder.build() {
        Ok(built) => built,
        Err(error) => {
            eprintln!("rastro-graph-bench: {error}");
            std::process::exit(1);
        }
    };
    let total = started.elapsed();
    let (after_rss, peak) = memory();
    println!(
        "build: {} records ({} merged by same-as) -> {} nodes, {} edges, {} values kept, {} unshared left out, {} problems",
        records,
        report.merged,
        graph.node_count(),
        graph.edge_count(),
        report.values,
        report.unshared_values,
        report.problems.len()
    );
    println!(
        "build time: {:.2} s ({}; records generated and added {:.2} s, graph built {:.2} s)",
        total.as_secs_f64(),
        clock.report(),
        generated.as_secs_f64(),
        (total - generated).as_secs_f64()
    );
    println!(
        "memory: resident {} MiB after build ({} MiB before), peak {} MiB",
        after_rss / 1024,
        before_rss / 1024,
        peak / 1024
    );
    print_kinds(&graph);

    let mut rng = Rng(options.seed ^ 0x5eed);
    let people: Vec<NodeId> =
        sample_nodes(&graph, &mut rng, options.queries, Some(NodeKind::Person));
    let anything: Vec<NodeId> = sample_nodes(&graph, &mut rng, options.queries, None);

    // The worst centres: the hundred nodes with most edges (shared phones, busy accounts,
    // big cities), whose second hop is the largest.
    let mut by_degree: Vec<NodeId> = (0..graph.node_count() as u32).map(NodeId).collect();
    by_degree.sort_unstable_by_key(|&n| std::cmp::Reverse(graph.degree(n)));
    by_degree.truncate(100);
    for (hops, what, centres) in [
        (2, "person centres", &people),
        (2, "any-node centres", &anything),
        (2, "hub centres (the 100 of highest degree)", &by_degree),
        (3, "person centres", &people),
    ] {
        for cap in [options.cap, 5_000] {
            let ego = EgoOptions {
                hops,
                cap,
                ..EgoOptions::default()
            };
            let mut times = Vec::with_capacity(centres.len());
            let mut sizes = Vec::with_capacity(centres.len());
            let mut truncated = 0;
            for &centre in centres {
                let t = Instant::now();
                let Ok(sub) = graph.ego(centre, &ego) else {
                    continue;
                };
                times.push(t.elapsed());
                sizes.push(sub.len());
                truncated += usize::from(sub.truncated());
            }
            sizes.sort_unstable();
            println!(
                "ego {hops} hops, cap {cap}, {} {what}: {}; nodes p50 {} max {}; {truncated} cut by the cap",
                times.len(),
                percentiles(&mut times),
                sizes.get(sizes.len() / 2).copied().unwrap_or(0),
                sizes.last().copied().unwrap_or(0),
            );
        }
    }

    // The worst case for betweenness: a graph with no trees to fold, where Brandes runs on
    // every node.
    let dense = match random_people(10_000, 3, options.seed) {
        Ok(graph) => graph,
        Err(error) => {
            eprintln!("rastro-graph-bench: {error}");
            std::process::exit(1);
        }
    };
    let whole = Subgraph::whole(&dense);
    let t = Clock::start();
    let scores = dense.betweenness(
        &whole,
        &BetweennessOptions {
            threads: options.threads,
            ..BetweennessOptions::default()
        },
    );
    println!(
        "betweenness by hops of a 10,000-person random graph ({} edges, core {} nodes) on {} threads: {}{}",
        dense.edge_count(),
        core_size(&dense, &whole),
        options.threads,
        t.report(),
        if scores.is_ok() { "" } else { " (failed)" }
    );

    // A neighbourhood of 10,000 nodes around a person, as a page about a network would show.
    let neighbourhood = people.iter().find_map(|&centre| {
        let sub = graph
            .ego(
                centre,
                &EgoOptions {
                    hops: 8,
                    cap: 10_000,
                    ..EgoOptions::default()
                },
            )
            .ok()?;
        (sub.len() == 10_000).then_some(sub)
    });
    let Some(neighbourhood) = neighbourhood else {
        println!("no person has a neighbourhood of 10,000 nodes within 8 hops; skipping the rest");
        return;
    };
    println!(
        "neighbourhood: {} nodes, {} edges (ego network, 8 hops, cap 10,000)",
        neighbourhood.len(),
        neighbourhood.edges().len()
    );
    for weighted in [false, true] {
        let t = Clock::start();
        let scores = graph.betweenness(
            &neighbourhood,
            &BetweennessOptions {
                weighted,
                threads: options.threads,
                samples: None,
                seed: 1,
            },
        );
        let elapsed = t.report();
        let top = scores
            .map(|s| s.iter().copied().fold(0.0f64, f64::max))
            .unwrap_or(0.0);
        println!(
            "betweenness {} of the 10,000-node neighbourhood on {} threads: {elapsed} (top score {top:.0})",
            if weighted { "by cost" } else { "by hops" },
            options.threads,
        );
    }
    println!(
        "  (its core after folding hanging trees: {} nodes)",
        core_size(&graph, &neighbourhood)
    );
    let t = Instant::now();
    let degrees = graph.degree_centrality(&neighbourhood);
    println!(
        "degree of the neighbourhood: {:.1} ms (max {} neighbours)",
        ms(t.elapsed()),
        degrees.iter().map(|d| d.neighbours).max().unwrap_or(0)
    );

    let paths = PathOptions::default();
    for (what, pool) in [
        ("within the neighbourhood", neighbourhood.nodes().to_vec()),
        ("between random people", people.clone()),
    ] {
        let mut times = Vec::new();
        let (mut found, mut incomplete, mut hops) = (0, 0, Vec::new());
        for _ in 0..options.queries.min(200) {
            let a = pool[rng.below(pool.len())];
            let b = pool[rng.below(pool.len())];
            let t = Instant::now();
            let Ok(result) = graph.paths(a, b, &paths) else {
                continue;
            };
            times.push(t.elapsed());
            found += usize::from(!result.paths.is_empty());
            incomplete += usize::from(!result.complete);
            if let Some(first) = result.paths.first() {
                hops.push(first.hops());
            }
        }
        hops.sort_unstable();
        println!(
            "paths (k = 3) {what}, {} pairs: {}; connected {found}, stopped by the work bound {incomplete}, hops of the cheapest p50 {}",
            times.len(),
            percentiles(&mut times),
            hops.get(hops.len() / 2).copied().unwrap_or(0)
        );
    }

    let t = Instant::now();
    let communities = graph.communities(&neighbourhood, &CommunityOptions::default());
    println!(
        "communities of the neighbourhood: {:.1} ms, {} communities, modularity {:.3}",
        ms(t.elapsed()),
        communities.count,
        communities.modularity
    );
    for size in [2_000usize, 10_000] {
        let sub = Subgraph::of_nodes(
            &graph,
            neighbourhood.nodes().iter().copied().take(size),
            &rastro_graph::Filter::all(),
        );
        let t = Clock::start();
        let points = graph
            .layout(&sub, &LayoutOptions::default())
            .unwrap_or_default();
        println!(
            "layout of {} nodes, {} edges (200 rounds, Barnes-Hut): {}",
            points.len(),
            sub.edges().len(),
            t.report()
        );
    }
    if options.whole {
        let t = Clock::start();
        let whole = Subgraph::whole(&graph);
        let communities = graph.communities(&whole, &CommunityOptions::default());
        println!(
            "communities of the whole graph: {}, {} communities, modularity {:.3}",
            t.report(),
            communities.count,
            communities.modularity
        );
    }
    let (_, peak) = memory();
    println!("peak memory: {} MiB", peak / 1024);
}

/// The worst case for betweenness (no trees to fold: Brandes on all 10,000 nodes) by hops and
/// by cost, `repeat` times each, with the median and the extremes; the scores' sum is printed
/// so that runs can be compared for the same answer.
fn worst_betweenness(options: &Options) {
    let (dense, what) = if options.varied {
        (
            varied_people(10_000, options.seed),
            "10,000-node random graph of varied costs",
        )
    } else {
        (
            random_people(10_000, 3, options.seed),
            "10,000-person random graph",
        )
    };
    let dense = match dense {
        Ok(graph) => graph,
        Err(error) => {
            eprintln!("rastro-graph-bench: {error}");
            std::process::exit(1);
        }
    };
    let whole = Subgraph::whole(&dense);
    if options.by.contains(&true) {
        distinct_distances(&dense);
    }
    let mut all_scores: Vec<(&str, f64)> = Vec::new();
    for &weighted in &options.by {
        let load_before = load_average();
        let mut times = Vec::with_capacity(options.repeat);
        let mut cpu = Vec::with_capacity(options.repeat);
        let mut sum = 0.0;
        let mut last = Vec::new();
        for _ in 0..options.repeat {
            let clock = Clock::start();
            let scores = dense.betweenness(
                &whole,
                &BetweennessOptions {
                    weighted,
                    threads: options.threads,
                    ..BetweennessOptions::default()
                },
            );
            times.push(clock.wall());
            cpu.push(clock.cpu());
            last = scores.unwrap_or_default();
            sum = if last.is_empty() {
                f64::NAN
            } else {
                last.iter().sum()
            };
        }
        let search = if weighted { "cost" } else { "hops" };
        all_scores.extend(last.iter().map(|&s| (search, s)));
        times.sort_by(f64::total_cmp);
        cpu.sort_by(f64::total_cmp);
        println!(
            "betweenness {} of a {what} ({} edges, core {} nodes) on {} threads, {} runs: median {:.2} s wall (min {:.2}, max {:.2}), median {:.2} s CPU; sum of scores {sum:.0}; load average {load_before} before, {} after",
            if weighted { "by cost" } else { "by hops" },
            dense.edge_count(),
            core_size(&dense, &whole),
            options.threads,
            times.len(),
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
            cpu[cpu.len() / 2],
            load_average(),
        );
    }
    if let Some(path) = &options.scores {
        let text: String = all_scores
            .iter()
            .map(|(search, s)| format!("{search} {s:e}\n"))
            .collect();
        match std::fs::write(path, text) {
            Ok(()) => println!("scores written to {path}"),
            Err(error) => eprintln!("rastro-graph-bench: {path}: {error}"),
        }
    }
    if let Some(path) = &options.compare {
        compare_scores(path, &all_scores);
    }
}

/// How varied the costs are, and what that would do to a batch of 64 sources searched
/// together (why searches by cost go one source at a time): the distinct edge costs (in millionths, as betweenness counts them), and, from the first 64
/// nodes of a breadth-first walk, how many distinct distances and distinct buckets (of the
/// widest power of two not above the cheapest edge) each node is reached at.
fn distinct_distances(graph: &Graph) {
    use std::cmp::Reverse;
    use std::collections::{BinaryHeap, HashSet};
    let n = graph.node_count();
    let mut adjacent: Vec<Vec<(usize, u64)>> = vec![Vec::new(); n];
    let mut costs = HashSet::new();
    for (v, list) in adjacent.iter_mut().enumerate() {
        for (w, edge) in graph.neighbours(NodeId(v as u32)) {
            let Some(edge) = graph.edge(edge) else {
                continue;
            };
            let c = (rastro_graph::cost(edge.strength()) * 1e6).round() as u64;
            costs.insert(c);
            list.push((w.index(), c));
        }
    }
    let cheapest = costs.iter().copied().min().unwrap_or(1).max(1);
    let shift = 63 - cheapest.leading_zeros();
    let mut order = vec![0usize];
    let mut seen = vec![false; n];
    seen[0] = true;
    let mut at = 0;
    while order.len() < 64 && at < order.len() {
        for &(w, _) in &adjacent[order[at]] {
            if !seen[w] {
                seen[w] = true;
                order.push(w);
            }
        }
        at += 1;
    }
    order.truncate(64);
    let mut reached: Vec<Vec<u64>> = vec![Vec::new(); n];
    for &s in &order {
        let mut distance = vec![u64::MAX; n];
        let mut heap = BinaryHeap::new();
        distance[s] = 0;
        heap.push(Reverse((0u64, s)));
        while let Some(Reverse((d, v))) = heap.pop() {
            if d > distance[v] {
                continue;
            }
            reached[v].push(d);
            for &(w, c) in &adjacent[v] {
                if d + c < distance[w] {
                    distance[w] = d + c;
                    heap.push(Reverse((d + c, w)));
                }
            }
        }
    }
    let (mut values, mut buckets, mut nodes) = (0usize, 0usize, 0usize);
    for list in &mut reached {
        if list.is_empty() {
            continue;
        }
        nodes += 1;
        list.sort_unstable();
        list.dedup();
        values += list.len();
        let mut b: Vec<u64> = list.iter().map(|d| d >> shift).collect();
        b.dedup();
        buckets += b.len();
    }
    let nodes = nodes.max(1) as f64;
    println!(
        "costs: {} distinct edge costs; from 64 sources near each other a node is reached at {:.1} distinct distances on average, in {:.1} distinct buckets of {:.3} units",
        costs.len(),
        values as f64 / nodes,
        buckets as f64 / nodes,
        (1u64 << shift) as f64 / 1e6
    );
}

/// Compares `scores` with those another build wrote for the same searches, node by node: the
/// largest difference relative to the score (or to 1 for scores below it).
fn compare_scores(path: &str, scores: &[(&str, f64)]) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("rastro-graph-bench: {path}: {error}");
            std::process::exit(1);
        }
    };
    let searches: Vec<&str> = scores.iter().map(|(search, _)| *search).collect();
    let earlier: Vec<f64> = text
        .lines()
        .filter_map(|line| line.split_once(' '))
        .filter(|(search, _)| searches.contains(search))
        .filter_map(|(_, score)| score.trim().parse().ok())
        .collect();
    if earlier.len() != scores.len() {
        println!(
            "compared with {path}: {} scores there, {} here: NOT the same graph",
            earlier.len(),
            scores.len()
        );
        return;
    }
    let worst = earlier
        .iter()
        .zip(scores)
        .map(|(a, (_, b))| (a - b).abs() / a.abs().max(1.0))
        .fold(0.0f64, f64::max);
    println!(
        "compared with {path}: {} scores, largest relative difference {worst:.1e}{}",
        scores.len(),
        if worst <= 1e-9 {
            " (the same)"
        } else {
            " (DIFFERENT)"
        }
    );
}

/// The number of nodes left when leaves are removed until none is left: what betweenness
/// runs Brandes on.
fn core_size(graph: &Graph, sub: &Subgraph) -> usize {
    let mut degree: Vec<usize> = sub
        .nodes()
        .iter()
        .map(|&n| {
            let mut others: Vec<NodeId> = graph
                .neighbours(n)
                .map(|(m, _)| m)
                .filter(|&m| sub.contains(m))
                .collect();
            others.sort_unstable();
            others.dedup();
            others.len()
        })
        .collect();
    let mut gone = vec![false; sub.len()];
    let mut leaves: Vec<usize> = (0..sub.len()).filter(|&i| degree[i] <= 1).collect();
    while let Some(i) = leaves.pop() {
        if gone[i] {
            continue;
        }
        gone[i] = true;
        let mut others: Vec<NodeId> = graph.neighbours(sub.nodes()[i]).map(|(m, _)| m).collect();
        others.sort_unstable();
        others.dedup();
        for m in others {
            if let Some(j) = sub.position(m) {
                if !gone[j] {
                    degree[j] -= 1;
                    if degree[j] <= 1 {
                        leaves.push(j);
                    }
                }
            }
        }
    }
    gone.iter().filter(|&&g| !g).count()
}

/// People joined at random, each to `links` others on average both ways.
fn random_people(n: usize, links: usize, seed: u64) -> Result<Graph, rastro_graph::GraphError> {
    let mut rng = Rng(seed ^ 0xd3a5);
    let mut builder = GraphBuilder::new();
    for i in 0..n {
        let mut record = Record::new(format!("r{i}"), RecordKind::Person, format!("r{i}"));
        for _ in 0..links {
            let other = rng.below(n);
            if other != i {
                record
                    .links
                    .push(link(EdgeKind::Associate, format!("r{other}")));
            }
        }
        builder.add(record);
    }
    builder.build().map(|(graph, _)| graph)
}

/// A network whose edges cost different amounts, as real ones do: 10,000 nodes in all, people
/// joined to about two others each by links of the five strengths, and phones, e-mails,
/// accounts, documents and places each shared by 2 to 50 of them (most by few), so that holder
/// edges carry rarities of many values.
fn varied_people(n: usize, seed: u64) -> Result<Graph, rastro_graph::GraphError> {
    let mut rng = Rng(seed ^ 0x7a11);
    let values = n * 3 / 20;
    let people = n - values;
    let kinds = [
        EdgeKind::Associate,
        EdgeKind::MemberOf,
        EdgeKind::NamedInCase,
        EdgeKind::ReportedInIncident,
        EdgeKind::Related,
    ];
    let value_kinds = [
        ValueKind::Phone,
        ValueKind::Email,
        ValueKind::Account,
        ValueKind::Document,
        ValueKind::Place,
    ];
    let mut records: Vec<Record> = (0..people)
        .map(|i| {
            let mut record = Record::new(format!("p{i}"), RecordKind::Person, format!("p{i}"));
            for _ in 0..2 {
                let other = rng.below(people);
                if other != i {
                    let kind = kinds[rng.below(kinds.len())];
                    record.links.push(link(kind, format!("p{other}")));
                }
            }
            record
        })
        .collect();
    for v in 0..values {
        let kind = value_kinds[v % value_kinds.len()];
        let value = match kind {
            ValueKind::Phone => format!("+51 9{v:08}"),
            ValueKind::Email => format!("v{v}@correo.example"),
            ValueKind::Account => format!("ACC {v:09}"),
            ValueKind::Document => format!("DNI {v:08}"),
            ValueKind::Place => format!("Ciudad {v}"),
        };
        // 2 + 48·u³: half the values have at most 8 holders, a few close to 50.
        let holders = 2 + (48.0 * rng.unit().powi(3)) as usize;
        for _ in 0..holders {
            let holder = rng.below(people);
            records[holder]
                .identifiers
                .push(identifier(kind, value.clone()));
        }
    }
    let mut builder = GraphBuilder::new();
    for record in records {
        builder.add(record);
    }
    builder.build().map(|(graph, _)| graph)
}

fn print_kinds(graph: &Graph) {
    let mut counts = [0usize; 12];
    let mut largest = [0usize; 12];
    for i in 0..graph.node_count() as u32 {
        if let Some(node) = graph.node(NodeId(i)) {
            let k = NodeKind::ALL
                .iter()
                .position(|&x| x == node.kind())
                .unwrap_or(0);
            counts[k] += 1;
            largest[k] = largest[k].max(graph.degree(NodeId(i)));
        }
    }
    let line: Vec<String> = NodeKind::ALL
        .iter()
        .enumerate()
        .map(|(k, kind)| format!("{} {} (max degree {})", kind.name(), counts[k], largest[k]))
        .collect();
    println!("nodes: {}", line.join(", "));
}

fn sample_nodes(graph: &Graph, rng: &mut Rng, count: usize, kind: Option<NodeKind>) -> Vec<NodeId> {
    let mut out = Vec::with_capacity(count);
    let mut tries = 0;
    while out.len() < count && tries < count * 100 {
        tries += 1;
        let id = NodeId(rng.below(graph.node_count()) as u32);
        if kind.is_none() || graph.node(id).map(|n| n.kind()) == kind {
            out.push(id);
        }
    }
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentiles(times: &mut [Duration]) -> String {
    if times.is_empty() {
        return "no queries".to_string();
    }
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    format!(
        "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(at(0.50)),
        ms(at(0.95)),
        ms(at(0.99)),
        ms(times[times.len() - 1])
    )
}

/// CPU time this process has used, user and system, in seconds (the machine is shared, so
/// wall time alone overstates what a step costs).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are the 14th and 15th fields of the line, 12th and 13th after ')'.
    (ticks(11) + ticks(12)) / 100.0
}

/// The machine's load average over the last minute, where the system tells it (Linux), so
/// that figures from a shared machine say how shared it was.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Wall and CPU time of a step.
struct Clock {
    wall: Instant,
    cpu: f64,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    fn report(&self) -> String {
        format!("{:.2} s wall, {:.2} s CPU", self.wall(), self.cpu())
    }

    fn wall(&self) -> f64 {
        self.wall.elapsed().as_secs_f64()
    }

    fn cpu(&self) -> f64 {
        cpu_seconds() - self.cpu
    }
}

/// Resident and peak resident memory in KiB, from the kernel.
fn memory() -> (u64, u64) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return (0, 0);
    };
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// SplitMix64, so the bench needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Heavy-tailed index into a pool: `pool · u^a` puts a share of about `pool^(-1/a)` of all
    /// draws on the first item, so with a = 2.5 and a pool of 30,000 the commonest value is
    /// drawn about one time in sixty.
    fn heavy(&mut self, pool: usize, a: f64) -> usize {
        ((pool as f64 * self.unit().powf(a)) as usize).min(pool.saturating_sub(1))
    }
}

fn identifier(kind: ValueKind, value: String) -> Identifier {
    Identifier {
        kind,
        value,
        country: None,
        time: None,
    }
}

fn link(kind: EdgeKind, id: String) -> Link {
    Link {
        kind,
        target: Target::Record(id),
        time: None,
        role: None,
    }
}

/// Adds the generated records to the builder; returns how many.
fn generate(nodes: usize, seed: u64, builder: &mut GraphBuilder) -> usize {
    let mut rng = Rng(seed);
    let n = nodes as f64;
    let people = (0.45 * n) as usize;
    let organisations = (0.01 * n) as usize;
    let groups = (0.002 * n).max(1.0) as usize;
    let cases = (0.04 * n) as usize;
    let incidents = (0.01 * n) as usize;
    let transactions = (0.28 * n) as usize;
    let alerts = (0.003 * n) as usize;
    let accounts = (0.15 * n) as usize;
    let shared_phones = (0.03 * n) as usize;
    let shared_emails = (0.005 * n) as usize;
    let places = 5_000usize;
    let funnels = (accounts / 200).max(1);
    let forged = (people / 2_000).max(1);
    let start = rastro_text::days_from_civil(2022, 1, 1) * 86_400;
    let three_years = 3 * 365 * 86_400;
    let mut added = 0;

    let place = |rng: &mut Rng| format!("Ciudad {}", rng.heavy(places, 2.0));
    for i in 0..people {
        let mut record = Record::new(
            format!("per-{i}"),
            RecordKind::Person,
            format!("Persona {i}"),
        );
        if rng.chance(0.8) {
            let phone = if rng.chance(0.25) {
                format!("+51 9{:08}", rng.heavy(shared_phones, 2.5))
            } else {
                format!("+51 8{:08}", i)
            };
            record.identifiers.push(identifier(ValueKind::Phone, phone));
        }
        if rng.chance(0.3) {
            let email = if rng.chance(0.15) {
                format!("contacto{}@empleos.example", rng.heavy(shared_emails, 2.5))
            } else {
                format!("persona{i}@correo.example")
            };
            record.identifiers.push(identifier(ValueKind::Email, email));
        }
        if rng.chance(0.6) {
            // A few forged or borrowed documents are used by several people.
            let document = if rng.chance(0.005) {
                format!("DNI X{:07}", rng.heavy(forged, 2.0))
            } else {
                format!("DNI {i:08}")
            };
            record
                .identifiers
                .push(identifier(ValueKind::Document, document));
        }
        if rng.chance(0.5) {
            let account = if rng.chance(0.05) {
                rng.heavy(funnels, 1.5)
            } else {
                rng.below(accounts)
            };
            record
                .identifiers
                .push(identifier(ValueKind::Account, format!("ACC {account:09}")));
        }
        if rng.chance(0.3) {
            record
                .identifiers
                .push(identifier(ValueKind::Place, place(&mut rng)));
        }
        if rng.chance(0.05) {
            record.links.push(link(
                EdgeKind::Associate,
                format!("per-{}", rng.below(people)),
            ));
        }
        if rng.chance(0.01) {
            record.links.push(link(
                EdgeKind::MemberOf,
                format!("grp-{}", rng.heavy(groups, 1.5)),
            ));
        }
        if rng.chance(0.05) {
            record.links.push(link(
                EdgeKind::MemberOf,
                format!("org-{}", rng.below(organisations)),
            ));
        }
        builder.add(record);
        added += 1;
        // The same person recorded again by another organisation, resolved by linkage.
        if rng.chance(0.01) {
            let twin = format!("per-{i}-b");
            let mut again = Record::new(twin.clone(), RecordKind::Person, format!("PERSONA {i}"));
            again
                .identifiers
                .push(identifier(ValueKind::Document, format!("DNI{:08}", i)));
            again
                .identifiers
                .push(identifier(ValueKind::Phone, format!("+51 7{:08}", i)));
            builder.add(again);
            builder.same_as(&format!("per-{i}"), &twin);
            added += 1;
        }
    }
    for i in 0..organisations {
        let mut record = Record::new(
            format!("org-{i}"),
            RecordKind::Organisation,
            format!("Empresa {i}"),
        );
        for _ in 0..1 + rng.below(3) {
            record.identifiers.push(identifier(
                ValueKind::Account,
                format!("ACC {:09}", rng.below(accounts)),
            ));
        }
        record
            .identifiers
            .push(identifier(ValueKind::Place, place(&mut rng)));
        if rng.chance(0.5) {
            record.identifiers.push(identifier(
                ValueKind::Phone,
                format!("+51 9{:08}", rng.heavy(shared_phones, 2.5)),
            ));
        }
        builder.add(record);
        added += 1;
    }
    for i in 0..groups {
        builder.add(Record::new(
            format!("grp-{i}"),
            RecordKind::Group,
            format!("Banda {i}"),
        ));
        added += 1;
    }
    for i in 0..cases {
        let day = start + (rng.unit() * three_years as f64) as i64;
        let mut record = Record::new(format!("case-{i}"), RecordKind::Case, format!("Caso {i}"))
            .with_time(Span::new(day, day + 86_400 * rng.below(200) as i64));
        for _ in 0..1 + rng.below(5) {
            record.links.push(link(
                EdgeKind::NamedInCase,
                format!("per-{}", rng.below(people)),
            ));
        }
        if rng.chance(0.1) {
            record.links.push(link(
                EdgeKind::NamedInCase,
                format!("grp-{}", rng.heavy(groups, 1.5)),
            ));
        }
        record
            .identifiers
            .push(identifier(ValueKind::Place, place(&mut rng)));
        builder.add(record);
        added += 1;
    }
    for i in 0..incidents {
        let day = start + (rng.unit() * three_years as f64) as i64;
        let mut record = Record::new(
            format!("inc-{i}"),
            RecordKind::Incident,
            format!("Operativo {i}"),
        )
        .with_time(Span::at(day));
        for _ in 0..rng.below(4) {
            record.links.push(link(
                EdgeKind::ReportedInIncident,
                format!("per-{}", rng.below(people)),
            ));
        }
        for _ in 0..1 + rng.below(2) {
            record.links.push(link(
                EdgeKind::ReportedInIncident,
                format!("grp-{}", rng.heavy(groups, 1.5)),
            ));
        }
        record
            .identifiers
            .push(identifier(ValueKind::Place, place(&mut rng)));
        builder.add(record);
        added += 1;
    }
    for i in 0..transactions {
        let time = start + (rng.unit() * three_years as f64) as i64;
        let account = |rng: &mut Rng| {
            if rng.chance(0.1) {
                rng.heavy(funnels, 1.5)
            } else {
                rng.below(accounts)
            }
        };
        let (from, to) = (account(&mut rng), account(&mut rng));
        let mut record = Record::new(
            format!("tx-{i}"),
            RecordKind::Transaction,
            format!("Transferencia {i}"),
        )
        .with_time(Span::at(time));
        for (kind, number) in [(EdgeKind::PaidFrom, from), (EdgeKind::PaidTo, to)] {
            record.links.push(Link {
                kind,
                target: Target::Value {
                    kind: ValueKind::Account,
                    value: format!("ACC{number:09}"),
                    country: None,
                },
                time: None,
                role: None,
            });
        }
        builder.add(record);
        added += 1;
    }
    for i in 0..alerts {
        let mut record = Record::new(
            format!("alert-{i}"),
            RecordKind::Alert,
            format!("Alerta {i}"),
        );
        for _ in 0..1 + rng.below(5) {
            record.links.push(link(
                EdgeKind::FlaggedInAlert,
                format!("tx-{}", rng.below(transactions)),
            ));
        }
        builder.add(record);
        added += 1;
    }
    added
}
