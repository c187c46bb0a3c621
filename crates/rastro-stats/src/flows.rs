//! Route flows for a Sankey diagram: origin → transit → destination.

use std::collections::HashSet;

use serde::Serialize;

use crate::cell::Cell;
use crate::dims::UNKNOWN;
use crate::engine::Engine;
use crate::filter::Filter;
use crate::record::{Record, Records, Stage};
use crate::suppress::{suppress, Line};
use crate::units::{Acc, Measure, Units};
use rastro_text::fasthash::FastMap;

/// The country of a node that gathers links too small to show one by one.
pub const OTHER: &str = "other";

/// A country at a stage. Keying nodes by stage keeps the graph acyclic: a country that is both a
/// transit and a destination is two nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowNode {
    pub stage: Stage,
    /// Alpha-2 code, or `other`.
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowLink {
    /// Indexes into `Flows::nodes`.
    pub source: usize,
    pub target: usize,
    pub cell: Cell,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flows {
    pub measure: Measure,
    /// By stage along the route, then by country code, `other` last.
    pub nodes: Vec<FlowNode>,
    /// By source, then target.
    pub links: Vec<FlowLink>,
    pub k: u64,
}

/// `Other` sorts after every code, so it is drawn last in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Place<'a> {
    Code(&'a str),
    Other,
}

type Node<'a> = (Stage, Place<'a>);
type Link<'a> = (Node<'a>, Node<'a>);

fn push_codes<'a>(out: &mut Vec<&'a str>, list: &'a [String]) {
    for code in list {
        let code = code.trim();
        if !code.is_empty() && code != UNKNOWN && !out.contains(&code) {
            out.push(code);
        }
    }
}

/// Reused buffers, so walking a million records allocates nothing per record.
#[derive(Default)]
struct Scratch<'a> {
    origins: Vec<&'a str>,
    transits: Vec<&'a str>,
    destinations: Vec<&'a str>,
    links: Vec<Link<'a>>,
}

impl<'a> Scratch<'a> {
    /// The record's distinct links. Without a transit the route goes straight from origin to
    /// destination; with one, through it.
    fn fill(&mut self, r: &'a Record) {
        for list in [
            &mut self.origins,
            &mut self.transits,
            &mut self.destinations,
        ] {
            list.clear();
        }
        self.links.clear();
        push_codes(&mut self.origins, &r.origin);
        push_codes(&mut self.transits, &r.transit);
        // Exploitation is where people end up, so it is a destination here.
        push_codes(&mut self.destinations, &r.destination);
        push_codes(&mut self.destinations, &r.exploitation);
        let node = |stage, code| (stage, Place::Code(code));
        let pairs = |from: &[&'a str], fs, to: &[&'a str], ts, links: &mut Vec<Link<'a>>| {
            for &a in from {
                for &b in to {
                    links.push((node(fs, a), node(ts, b)));
                }
            }
        };
        if self.transits.is_empty() {
            pairs(
                &self.origins,
                Stage::Origin,
                &self.destinations,
                Stage::Destination,
                &mut self.links,
            );
        } else {
            pairs(
                &self.origins,
                Stage::Origin,
                &self.transits,
                Stage::Transit,
                &mut self.links,
            );
            pairs(
                &self.transits,
                Stage::Transit,
                &self.destinations,
                Stage::Destination,
                &mut self.links,
            );
        }
    }
}

impl Engine {
    pub fn flows(
        &self,
        records: &(impl Records + ?Sized),
        filter: &Filter,
        hits: Option<&HashSet<String>>,
        measure: Measure,
    ) -> Flows {
        let k = self.k();
        let mut units = Units::new(measure);
        let mut scratch = Scratch::default();
        let mut exact: FastMap<Link, Acc> = FastMap::default();
        let mut routed: Vec<&Record> = Vec::new();
        for r in records.each().filter(|r| filter.matches(r, hits)) {
            scratch.fill(r);
            if scratch.links.is_empty() {
                continue;
            }
            routed.push(r);
            let unit = units.of(r);
            for link in &scratch.links {
                exact.entry(*link).or_default().add(unit);
            }
        }

        // A small link keeps its busier end and sends the other to that stage's `other` node,
        // so "Peru → 5 small countries" becomes one visible "Peru → other".
        let mut throughput: FastMap<Node, u64> = FastMap::default();
        for ((a, b), acc) in &exact {
            let v = acc.value();
            for node in [a, b] {
                let slot = throughput.entry(*node).or_insert(0);
                *slot = slot.saturating_add(v);
            }
        }
        let mut merge: FastMap<Link, Link> = FastMap::default();
        for ((a, b), acc) in &exact {
            if k > 1 && acc.value() < k {
                let busy = |n: &Node| throughput.get(n).copied().unwrap_or(0);
                let merged = if busy(a) >= busy(b) {
                    (*a, (b.0, Place::Other))
                } else {
                    ((a.0, Place::Other), *b)
                };
                merge.insert((*a, *b), merged);
            }
        }

        let totals = if merge.is_empty() {
            exact
        } else {
            // Recounted rather than summed: a record (or event) with two small links that merge
            // into one must count once there.
            let mut merged: FastMap<Link, Acc> = FastMap::default();
            let mut mapped: Vec<Link> = Vec::new();
            for r in routed {
                scratch.fill(r);
                mapped.clear();
                for link in &scratch.links {
                    let to = merge.get(link).copied().unwrap_or(*link);
                    if !mapped.contains(&to) {
                        mapped.push(to);
                    }
                }
                let unit = units.of(r);
                for link in &mapped {
                    merged.entry(*link).or_default().add(unit);
                }
            }
            merged
        };

        let mut links: Vec<(Link, u64)> = totals
            .iter()
            .map(|(link, acc)| (*link, acc.value()))
            .collect();
        let mut nodes: Vec<Node> = links.iter().flat_map(|((a, b), _)| [*a, *b]).collect();
        nodes.sort_unstable();
        nodes.dedup();
        let node_index: FastMap<Node, usize> =
            nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let ends = |link: &Link| (node_index[&link.0], node_index[&link.1]);
        links.sort_unstable_by_key(|(link, _)| ends(link));

        // A node's total through a stage is public (a country row of `counts`), so its incoming
        // links and its outgoing links are lines a reader could subtract.
        let values: Vec<u64> = links.iter().map(|(_, v)| *v).collect();
        let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (i, (link, _)) in links.iter().enumerate() {
            let (a, b) = ends(link);
            outgoing[a].push(i);
            incoming[b].push(i);
        }
        let lines: Vec<Line> = incoming
            .into_iter()
            .chain(outgoing)
            .filter(|cells| !cells.is_empty())
            .map(|cells| Line { cells, total: None })
            .collect();
        let hidden = suppress(k, &values, &lines);

        Flows {
            measure,
            nodes: nodes
                .iter()
                .map(|(stage, place)| FlowNode {
                    stage: *stage,
                    country: match place {
                        Place::Code(code) => code.to_string(),
                        Place::Other => OTHER.to_string(),
                    },
                })
                .collect(),
            links: links
                .iter()
                .enumerate()
                .map(|(i, (link, v))| {
                    let (source, target) = ends(link);
                    FlowLink {
                        source,
                        target,
                        cell: Cell::new(*v, hidden[i]),
                    }
                })
                .collect(),
            k,
        }
    }
}
