//! The built graph: nodes, edges and an adjacency list, read through small views.
//!
//! Everything is in flat vectors indexed by number (one text arena for every id, label and
//! value) so that a graph of a million nodes is a few hundred bytes per node and a query touches
//! memory in runs.

use std::collections::HashMap;

use crate::kind::{EdgeKind, NodeKind, ValueKind};
use crate::normalise::normalise_value;
use crate::record::Span;
use rastro_text::fasthash::FastMap;

/// A node's number in one built graph. Numbers are not stable across builds (another actor or
/// another day gives others); use [`NodeView::key`] and [`Graph::find`] to name a node outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// An edge's number in one built graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EdgeId(pub u32);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl EdgeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A slice of the text arena.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TextRef {
    pub start: u32,
    pub len: u32,
}

/// A time packed without `Option`'s tag; `from > to` means none.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PackedTime {
    pub from: i64,
    pub to: i64,
}

impl PackedTime {
    pub const NONE: PackedTime = PackedTime {
        from: i64::MAX,
        to: i64::MIN,
    };

    pub fn pack(time: Option<Span>) -> PackedTime {
        time.map_or(PackedTime::NONE, |t| PackedTime {
            from: t.from,
            to: t.to,
        })
    }

    pub fn get(self) -> Option<Span> {
        (self.from <= self.to).then_some(Span {
            from: self.from,
            to: self.to,
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct NodeData {
    pub kind: NodeKind,
    /// For a value node, the number of distinct holders; for a record node, of merged records.
    pub holders: u32,
    pub key: TextRef,
    pub label: TextRef,
    pub time: PackedTime,
}

#[derive(Debug, Clone)]
pub(crate) struct EdgeData {
    pub from: u32,
    pub to: u32,
    pub kind: EdgeKind,
    pub strength: f32,
    /// The record (index into `records`) that asserted the edge.
    pub source: u32,
    /// Index into `roles`, or `NO_ROLE`.
    pub role: u32,
    pub time: PackedTime,
}

pub(crate) const NO_ROLE: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub(crate) struct RecordData {
    pub id: TextRef,
    pub label: TextRef,
    pub node: u32,
}

/// The network of what one actor may see. Built by [`crate::GraphBuilder`]; read-only after.
#[derive(Debug, Clone)]
pub struct Graph {
    pub(crate) text: String,
    pub(crate) nodes: Vec<NodeData>,
    pub(crate) edges: Vec<EdgeData>,
    /// `adjacency[offsets[n]..offsets[n + 1]]` are node `n`'s (neighbour, edge) pairs, each edge
    /// listed at both ends.
    pub(crate) offsets: Vec<u32>,
    pub(crate) adjacency: Vec<(u32, u32)>,
    pub(crate) records: Vec<RecordData>,
    /// `node_records[record_offsets[n]..record_offsets[n + 1]]` are the records merged into
    /// record node `n` (none for value nodes), in input order.
    pub(crate) record_offsets: Vec<u32>,
    pub(crate) node_records: Vec<u32>,
    pub(crate) roles: Vec<Box<str>>,
    pub(crate) record_index: HashMap<Box<str>, u32>,
    pub(crate) value_index: FastMap<(ValueKind, Box<str>), u32>,
}

/// One node, read.
#[derive(Debug, Clone, Copy)]
pub struct NodeView<'g> {
    graph: &'g Graph,
    id: NodeId,
    data: &'g NodeData,
}

/// One edge, read.
#[derive(Debug, Clone, Copy)]
pub struct EdgeView<'g> {
    graph: &'g Graph,
    id: EdgeId,
    data: &'g EdgeData,
}

impl Graph {
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// The node with this number, if the graph has one.
    pub fn node(&self, id: NodeId) -> Option<NodeView<'_>> {
        self.nodes.get(id.index()).map(|data| NodeView {
            graph: self,
            id,
            data,
        })
    }

    pub fn edge(&self, id: EdgeId) -> Option<EdgeView<'_>> {
        self.edges.get(id.index()).map(|data| EdgeView {
            graph: self,
            id,
            data,
        })
    }

    /// The node a record id was merged into.
    pub fn record_node(&self, record_id: &str) -> Option<NodeId> {
        let record = *self.record_index.get(record_id)?;
        Some(NodeId(self.records[record as usize].node))
    }

    /// The node of an identifier value as written (it is normalised first, as the builder did).
    pub fn value_node(&self, kind: ValueKind, raw: &str, country: Option<&str>) -> Option<NodeId> {
        let key = normalise_value(kind, raw, country).ok()?;
        self.value_index
            .get(&(kind, key.into_boxed_str()))
            .map(|&n| NodeId(n))
    }

    /// The node named by a key as [`NodeView::key`] writes it: a record id, or a value as
    /// `kind:value` (`phone:+51987654321`, `email:ana@correo.pe`). A record id is tried first.
    pub fn find(&self, key: &str) -> Option<NodeId> {
        if let Some(node) = self.record_node(key) {
            return Some(node);
        }
        let (kind, value) = key.split_once(':')?;
        self.value_node(ValueKind::parse(kind)?, value, None)
    }

    /// A node's neighbours with the edge to each, one entry per edge (parallel edges repeat
    /// the neighbour).
    pub fn neighbours(&self, node: NodeId) -> impl Iterator<Item = (NodeId, EdgeId)> + '_ {
        self.adjacent(node.0)
            .iter()
            .map(|&(n, e)| (NodeId(n), EdgeId(e)))
    }

    /// Number of edge ends at a node.
    pub fn degree(&self, node: NodeId) -> usize {
        self.adjacent(node.0).len()
    }

    pub(crate) fn adjacent(&self, node: u32) -> &[(u32, u32)] {
        let n = node as usize;
        match (self.offsets.get(n), self.offsets.get(n + 1)) {
            (Some(&start), Some(&end)) => &self.adjacency[start as usize..end as usize],
            _ => &[],
        }
    }

    pub(crate) fn text(&self, r: TextRef) -> &str {
        let start = r.start as usize;
        self.text.get(start..start + r.len as usize).unwrap_or("")
    }
}

impl<'g> NodeView<'g> {
    pub fn id(&self) -> NodeId {
        self.id
    }

    pub fn kind(&self) -> NodeKind {
        self.data.kind
    }

    /// What to show: a record's label, a value's normalised spelling (a place: as first
    /// written).
    pub fn label(&self) -> &'g str {
        self.graph.text(self.data.label)
    }

    /// The node's name outside this build, which [`Graph::find`] reads back: the id of the
    /// first record merged into it, or `kind:value` for a value.
    pub fn key(&self) -> String {
        let key = self.graph.text(self.data.key);
        match self.data.kind.value_kind() {
            Some(kind) => format!("{}:{key}", kind.name()),
            None => key.to_string(),
        }
    }

    /// The normalised value of a value node; `None` for a record node.
    pub fn value(&self) -> Option<&'g str> {
        self.data
            .kind
            .value_kind()
            .map(|_| self.graph.text(self.data.key))
    }

    pub fn time(&self) -> Option<Span> {
        self.data.time.get()
    }

    pub fn is_value(&self) -> bool {
        self.data.kind.value_kind().is_some()
    }

    /// For a value node, how many distinct holders the actor can see (the basis of its
    /// rarity); for a record node, how many records were merged into it.
    pub fn holders(&self) -> u32 {
        self.data.holders
    }

    /// The records merged into this node, as (id, label), in input order: the node's
    /// provenance. Empty for a value node.
    pub fn records(&self) -> impl Iterator<Item = (&'g str, &'g str)> + 'g {
        let graph = self.graph;
        let n = self.id.index();
        let (start, end) = match (graph.record_offsets.get(n), graph.record_offsets.get(n + 1)) {
            (Some(&s), Some(&e)) => (s as usize, e as usize),
            _ => (0, 0),
        };
        graph.node_records[start..end].iter().map(move |&r| {
            let record = &graph.records[r as usize];
            (graph.text(record.id), graph.text(record.label))
        })
    }
}

impl<'g> EdgeView<'g> {
    pub fn id(&self) -> EdgeId {
        self.id
    }

    pub fn kind(&self) -> EdgeKind {
        self.data.kind
    }

    /// The end that asserted the edge (the payer, the member, the holder, the transaction).
    pub fn from(&self) -> NodeId {
        NodeId(self.data.from)
    }

    pub fn to(&self) -> NodeId {
        NodeId(self.data.to)
    }

    /// In (0, 1]; see `weight.rs`.
    pub fn strength(&self) -> f32 {
        self.data.strength
    }

    pub fn time(&self) -> Option<Span> {
        self.data.time.get()
    }

    /// The id of the record that asserted the edge.
    pub fn source(&self) -> &'g str {
        self.graph
            .records
            .get(self.data.source as usize)
            .map_or("", |r| self.graph.text(r.id))
    }

    pub fn role(&self) -> Option<&'g str> {
        self.graph.roles.get(self.data.role as usize).map(|r| &**r)
    }
}
