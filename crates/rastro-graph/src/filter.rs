//! Which nodes and edges a query may walk: by node kind and by time.

use crate::graph::{Graph, PackedTime};
use crate::kind::NodeKind;
use crate::record::Span;

/// What a query may see of the graph. A node of a kind left out is neither shown nor walked
/// through (so leaving out phones also drops the connections that run through phones: what the
/// page shows is what connects). With a time window, a node or edge dated outside it is left
/// out; undated ones stay, since most people and values have no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    kinds: u16,
    window: Option<Span>,
}

impl Default for Filter {
    fn default() -> Filter {
        Filter::all()
    }
}

impl Filter {
    /// Every node and edge.
    pub fn all() -> Filter {
        Filter {
            kinds: NodeKind::ALL.iter().fold(0, |bits, kind| bits | kind.bit()),
            window: None,
        }
    }

    /// Only nodes of these kinds.
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = NodeKind>) -> Filter {
        self.kinds = kinds.into_iter().fold(0, |bits, kind| bits | kind.bit());
        self
    }

    /// Leaves out one kind of node.
    pub fn without(mut self, kind: NodeKind) -> Filter {
        self.kinds &= !kind.bit();
        self
    }

    /// Only what is undated or dated within the window.
    pub fn within(mut self, window: Span) -> Filter {
        self.window = Some(window);
        self
    }

    pub fn allows_kind(&self, kind: NodeKind) -> bool {
        self.kinds & kind.bit() != 0
    }

    pub fn window(&self) -> Option<Span> {
        self.window
    }

    fn in_window(&self, time: PackedTime) -> bool {
        match (self.window, time.get()) {
            (Some(window), Some(time)) => window.overlaps(&time),
            _ => true,
        }
    }

    pub(crate) fn node_ok(&self, graph: &Graph, node: u32) -> bool {
        graph
            .nodes
            .get(node as usize)
            .is_some_and(|n| self.allows_kind(n.kind) && self.in_window(n.time))
    }

    pub(crate) fn edge_ok(&self, graph: &Graph, edge: u32) -> bool {
        graph
            .edges
            .get(edge as usize)
            .is_some_and(|e| self.in_window(e.time))
    }
}
