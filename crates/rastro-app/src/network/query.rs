//! Questions a page or the API asks of a built network, answered as plain values: the ego
//! network around a node with server-side positions, the cheapest connecting paths, brokers,
//! communities and exports. Nodes are named outside by their keys ([`NodeView::key`]); a key the
//! viewer's network does not have answers `None`, whether it never existed or is not visible.

use std::io::Write;

use rastro_graph::{
    BetweennessOptions, CommunityOptions, EdgeKind, EgoOptions, Filter, Graph, LayoutOptions,
    NodeId, NodeKind, NodeView, PathOptions, Span, Subgraph,
};

use super::{graph_error, Network};
use crate::Result;

/// The farthest an ego network reaches, and the most nodes it holds.
pub const MAX_HOPS: u32 = 4;
pub const MAX_CAP: usize = 2_000;
/// The most connecting paths asked for at once.
pub const MAX_PATHS: usize = 10;

/// Where to look around a node and what to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub hops: u32,
    pub cap: usize,
    /// The kinds of node shown and walked through; empty: every kind.
    pub kinds: Vec<NodeKind>,
    /// The first and last day of the time window (days since 1970-01-01), both included; a
    /// missing end is open.
    pub from: Option<i64>,
    pub to: Option<i64>,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            hops: 2,
            cap: 200,
            kinds: Vec::new(),
            from: None,
            to: None,
        }
    }
}

impl Query {
    fn filter(&self) -> Filter {
        let mut filter = Filter::all();
        if !self.kinds.is_empty() {
            filter = filter.kinds(self.kinds.iter().copied());
        }
        if self.from.is_some() || self.to.is_some() {
            filter = filter.within(Span {
                from: self.from.map_or(i64::MIN, |d| d.saturating_mul(86_400)),
                to: self.to.map_or(i64::MAX, |d| {
                    d.saturating_mul(86_400).saturating_add(86_399)
                }),
            });
        }
        filter
    }

    fn ego_options(&self) -> EgoOptions {
        EgoOptions {
            hops: self.hops.min(MAX_HOPS),
            cap: self.cap.clamp(1, MAX_CAP),
            filter: self.filter(),
        }
    }
}

/// A node as named outside: its key, kind and label.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBrief {
    pub key: String,
    pub kind: NodeKind,
    pub label: String,
}

impl NodeBrief {
    pub(crate) fn of(node: &NodeView<'_>) -> NodeBrief {
        NodeBrief {
            key: node.key(),
            kind: node.kind(),
            label: node.label().to_string(),
        }
    }
}

/// A node of an ego network, placed for drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeOut {
    pub node: NodeBrief,
    /// Hops from the centre.
    pub hops: u32,
    /// The strength of its strongest path from the centre, in (0, 1]: how closely it is tied.
    pub weight: f32,
    /// Position in [0, 1] × [0, 1].
    pub x: f32,
    pub y: f32,
    /// Distinct neighbours within the view, and the summed strength of its edges there.
    pub degree: u32,
    pub strength: f32,
    /// For a value, the visible records holding it; for a record node, the records merged in.
    pub holders: u32,
    pub time: Option<Span>,
    /// Its community within the view (0 the largest).
    pub community: u32,
}

/// An edge of an ego network between two of its nodes (positions in its `nodes`).
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeOut {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    pub strength: f32,
    pub role: Option<String>,
    pub time: Option<Span>,
    /// The key of the record that asserts it.
    pub source: String,
}

/// The ego network around a node.
#[derive(Debug, Clone, PartialEq)]
pub struct EgoView {
    /// The centre's position in `nodes` (always 0).
    pub centre: usize,
    pub nodes: Vec<NodeOut>,
    pub edges: Vec<EdgeOut>,
    /// Whether the cap left nodes out.
    pub truncated: bool,
}

/// A node that sits between others in an ego network.
#[derive(Debug, Clone, PartialEq)]
pub struct Broker {
    pub node: NodeBrief,
    pub neighbours: u32,
    pub strength: f32,
    /// Pairs of other nodes whose cheapest paths run through it (shares of ties counted).
    pub betweenness: f64,
}

/// An ego network's communities, largest first, each its members' positions in `nodes`.
#[derive(Debug, Clone, PartialEq)]
pub struct CommunityView {
    pub nodes: Vec<NodeBrief>,
    pub communities: Vec<Vec<usize>>,
    pub modularity: f64,
}

/// A connecting path.
#[derive(Debug, Clone, PartialEq)]
pub struct PathOut {
    pub nodes: Vec<NodeBrief>,
    /// `edges[i]` joins `nodes[i]` and `nodes[i + 1]`.
    pub edges: Vec<(EdgeKind, f32)>,
    pub cost: f64,
    pub strength: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathsView {
    pub paths: Vec<PathOut>,
    /// False when the search stopped at its work bound: there may be others.
    pub complete: bool,
}

/// The formats a network is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// FollowTheMoney entities, one JSON object a line.
    Ftm,
    GraphMl,
}

impl ExportFormat {
    pub fn parse(text: &str) -> Option<ExportFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ftm" | "jsonl" | "followthemoney" => Some(ExportFormat::Ftm),
            "graphml" => Some(ExportFormat::GraphMl),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Ftm => "ftm",
            ExportFormat::GraphMl => "graphml",
        }
    }
}

/// Work on a view this small is not worth threads.
const SMALL: usize = 2_000;

fn threads_for(nodes: usize) -> usize {
    if nodes < SMALL {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

impl Network {
    fn ego_of(&self, key: &str, query: &Query) -> Result<Option<(NodeId, Subgraph)>> {
        let Some(centre) = self.graph.find(key.trim()) else {
            return Ok(None);
        };
        let sub = self
            .graph
            .ego(centre, &query.ego_options())
            .map_err(graph_error)?;
        Ok(Some((centre, sub)))
    }

    /// The ego network around `key`, placed for drawing, with each node's degree and community
    /// within it.
    pub fn ego(&self, key: &str, query: &Query) -> Result<Option<EgoView>> {
        let Some((_, sub)) = self.ego_of(key, query)? else {
            return Ok(None);
        };
        let graph = &self.graph;
        let layout = LayoutOptions {
            iterations: if sub.len() > 500 { 120 } else { 200 },
            threads: threads_for(sub.len()),
            ..LayoutOptions::default()
        };
        let points = graph.layout(&sub, &layout).map_err(graph_error)?;
        let degrees = graph.degree_centrality(&sub);
        let communities = graph.communities(&sub, &CommunityOptions::default());
        let mut nodes = Vec::with_capacity(sub.len());
        for (i, &id) in sub.nodes().iter().enumerate() {
            let Some(node) = graph.node(id) else { continue };
            let point = points.get(i).copied();
            let degree = degrees.get(i).copied();
            nodes.push(NodeOut {
                node: NodeBrief::of(&node),
                hops: sub.hops().get(i).copied().unwrap_or(0),
                weight: sub.reach().get(i).copied().unwrap_or(1.0),
                x: point.map_or(0.5, |p| p.x),
                y: point.map_or(0.5, |p| p.y),
                degree: degree.map_or(0, |d| d.neighbours),
                strength: degree.map_or(0.0, |d| d.strength),
                holders: node.holders(),
                time: node.time(),
                community: communities.membership.get(i).copied().unwrap_or(0),
            });
        }
        let edges = sub
            .edges()
            .iter()
            .filter_map(|&e| {
                let edge = graph.edge(e)?;
                Some(EdgeOut {
                    from: sub.position(edge.from())?,
                    to: sub.position(edge.to())?,
                    kind: edge.kind(),
                    strength: edge.strength(),
                    role: edge.role().map(str::to_string),
                    time: edge.time(),
                    source: edge.source().to_string(),
                })
            })
            .collect();
        Ok(Some(EgoView {
            centre: 0,
            nodes,
            edges,
            truncated: sub.truncated(),
        }))
    }

    /// The records of `kinds` within `hops` of `key` (the closest first, at most `cap` looked
    /// at), each with its distance: what a record is tied to through the values it shares. `None`
    /// when the node is not in the viewer's network.
    pub fn linked(
        &self,
        key: &str,
        hops: u32,
        cap: usize,
        kinds: &[NodeKind],
    ) -> Result<Option<Vec<(NodeBrief, u32)>>> {
        let query = Query {
            hops,
            cap,
            ..Query::default()
        };
        let Some((centre, sub)) = self.ego_of(key, &query)? else {
            return Ok(None);
        };
        let mut found: Vec<(NodeBrief, u32)> = sub
            .nodes()
            .iter()
            .enumerate()
            .filter(|(_, &id)| id != centre)
            .filter_map(|(i, &id)| {
                let node = self.graph.node(id)?;
                kinds.contains(&node.kind()).then(|| {
                    (
                        NodeBrief::of(&node),
                        sub.hops().get(i).copied().unwrap_or(0),
                    )
                })
            })
            .collect();
        found.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.key.cmp(&b.0.key)));
        Ok(Some(found))
    }

    /// The `top` brokers of the ego network around `key`: by betweenness (paths weighed by
    /// strength, so a weak shared place is a long way round), then by degree.
    pub fn brokers(&self, key: &str, query: &Query, top: usize) -> Result<Option<Vec<Broker>>> {
        let Some((_, sub)) = self.ego_of(key, query)? else {
            return Ok(None);
        };
        let graph = &self.graph;
        let degrees = graph.degree_centrality(&sub);
        let options = BetweennessOptions {
            weighted: true,
            threads: threads_for(sub.len()),
            ..BetweennessOptions::default()
        };
        let between = graph.betweenness(&sub, &options).map_err(graph_error)?;
        let mut brokers: Vec<Broker> = sub
            .nodes()
            .iter()
            .enumerate()
            .filter_map(|(i, &id)| {
                let node = graph.node(id)?;
                let degree = degrees.get(i)?;
                Some(Broker {
                    node: NodeBrief::of(&node),
                    neighbours: degree.neighbours,
                    strength: degree.strength,
                    betweenness: between.get(i).copied().unwrap_or(0.0),
                })
            })
            .collect();
        brokers.sort_by(|a, b| {
            b.betweenness
                .total_cmp(&a.betweenness)
                .then(b.neighbours.cmp(&a.neighbours))
                .then_with(|| a.node.key.cmp(&b.node.key))
        });
        brokers.truncate(top);
        Ok(Some(brokers))
    }

    /// The communities of the ego network around `key`.
    pub fn communities(&self, key: &str, query: &Query) -> Result<Option<CommunityView>> {
        let Some((_, sub)) = self.ego_of(key, query)? else {
            return Ok(None);
        };
        let found = self.graph.communities(&sub, &CommunityOptions::default());
        let mut communities = vec![Vec::new(); found.count];
        for (i, &c) in found.membership.iter().enumerate() {
            if let Some(members) = communities.get_mut(c as usize) {
                members.push(i);
            }
        }
        let nodes = sub
            .nodes()
            .iter()
            .filter_map(|&id| self.graph.node(id).map(|n| NodeBrief::of(&n)))
            .collect();
        Ok(Some(CommunityView {
            nodes,
            communities,
            modularity: found.modularity,
        }))
    }

    /// Up to `k` cheapest loopless paths from `from` to `to` through what the query's kinds and
    /// window allow; `None` when either end is not in the viewer's network.
    pub fn paths(
        &self,
        from: &str,
        to: &str,
        k: usize,
        query: &Query,
    ) -> Result<Option<PathsView>> {
        let graph = &self.graph;
        let (Some(a), Some(b)) = (graph.find(from.trim()), graph.find(to.trim())) else {
            return Ok(None);
        };
        let options = PathOptions {
            k: k.clamp(1, MAX_PATHS),
            filter: query.filter(),
            // A bound on the work between two nodes nothing connects; pages answer in time.
            max_visited: 200_000,
        };
        let found = graph.paths(a, b, &options).map_err(graph_error)?;
        let paths = found
            .paths
            .iter()
            .map(|path| PathOut {
                nodes: path
                    .nodes
                    .iter()
                    .filter_map(|&n| graph.node(n).map(|n| NodeBrief::of(&n)))
                    .collect(),
                edges: path
                    .edges
                    .iter()
                    .filter_map(|&e| graph.edge(e).map(|e| (e.kind(), e.strength())))
                    .collect(),
                cost: path.cost,
                strength: path.strength,
            })
            .collect();
        Ok(Some(PathsView {
            paths,
            complete: found.complete,
        }))
    }

    /// Writes the ego network around `key` in `format`; `None` when the node is not in the
    /// viewer's network (nothing is written then).
    pub fn export(
        &self,
        key: &str,
        query: &Query,
        format: ExportFormat,
        out: &mut impl Write,
    ) -> Result<Option<usize>> {
        let Some((_, sub)) = self.ego_of(key, query)? else {
            return Ok(None);
        };
        let graph: &Graph = &self.graph;
        let summary = match format {
            ExportFormat::Ftm => graph.write_ftm(&sub, out),
            ExportFormat::GraphMl => {
                let layout = LayoutOptions {
                    threads: threads_for(sub.len()),
                    ..LayoutOptions::default()
                };
                let points = graph.layout(&sub, &layout).map_err(graph_error)?;
                graph.write_graphml(&sub, Some(&points), out)
            }
        }
        .map_err(graph_error)?;
        Ok(Some(summary.written))
    }
}

/// A span's days as `YYYY-MM-DD`, first and last.
pub fn span_days(span: Span) -> (String, String) {
    let day = |seconds: i64| {
        let (y, m, d) = rastro_text::civil_from_days(seconds.div_euclid(86_400));
        format!("{y:04}-{m:02}-{d:02}")
    };
    (day(span.from), day(span.to))
}
