//! The network of what one session may see: persons, groups, places, phones, e-mails,
//! documents, cases and incidents, and accounts, payments, parties and alerts (`money.rs`),
//! built with `rastro-graph` from records read through the session's scope only.
//!
//! Building reads every visible case, incident and transaction, so a network is kept per
//! (organisation, role) — what visibility depends on — and per visibility and transaction
//! stamp, and built once per viewer at a time; a request then only queries it ([`Network`]'s
//! methods in `query.rs`). Unlike counted records, a network is not extended when records are
//! only added: any change of the stamps builds the graph again, since an addition can join
//! values that were leaves before. What was read is kept by kind (`parts.rs`): an import of
//! cases reads the cases again, not the news or the transactions.
//!
//! Nothing of a record the session may not see enters: the builder is given only what the
//! scope hands back, at the level it hands it back (`sources.rs`), and drops any link to a
//! record it was not given and any value only one visible node names.

mod money;
mod parts;
mod query;
mod sources;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

pub use rastro_graph::{EdgeKind, Graph, NodeKind, Record, Span};
use rastro_graph::{GraphBuilder, GraphError, NodeId};
use rastro_store::{Role, TransactionStamp, VisibilityStamp};

pub use money::{ALERT, PARTY, TRANSACTION};
pub use parts::{PartsRead, Reading};
pub use query::{
    span_days, Broker, CommunityView, EdgeOut, EgoView, ExportFormat, NodeBrief, NodeOut, PathOut,
    PathsView, Query, MAX_CAP, MAX_HOPS, MAX_PATHS,
};
pub use sources::{day_span, short, SourceCounts, CASE, GROUP, INCIDENT, PERSON};

use parts::{kept_or_read, money_kept_or_read, KeptParts};

use crate::session::Session;
use crate::{AppError, Result};

/// One viewer's network, built at one visibility stamp.
pub struct Network {
    /// The stamp (and the other sources' part) it was built at, as a key.
    pub stamp: String,
    graph: Graph,
    /// Each node's label folded for search, by node number, in one arena.
    folded: String,
    folded_at: Vec<u32>,
    starts: Vec<NodeBrief>,
    pub info: NetworkInfo,
}

/// What a build read and made.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkInfo {
    pub sources: SourceCounts,
    pub nodes: usize,
    pub edges: usize,
    /// Nodes of each kind, for the kinds present.
    pub kinds: Vec<(NodeKind, usize)>,
    /// Records merged into another (the same person or event).
    pub merged: usize,
    /// Values of records that could not be read (a phone that is not one), left out.
    pub problems: usize,
    /// Which kinds of data this build read from the store (the others were kept from before).
    pub read: PartsRead,
    pub took: Duration,
}

/// A node a search found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub node: NodeBrief,
    pub degree: usize,
}

/// How many nodes a page offers as places to start.
const STARTS: usize = 12;

impl Network {
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The best connected nodes, places left out (a country joins everything and says little):
    /// where to start when nothing is searched yet.
    pub fn starting_points(&self) -> &[NodeBrief] {
        &self.starts
    }

    /// Whether the network has a node with this key.
    pub fn contains(&self, key: &str) -> bool {
        self.graph.find(key.trim()).is_some()
    }

    /// The node with this key, if the viewer's network has it.
    pub fn node(&self, key: &str) -> Option<NodeBrief> {
        let id = self.graph.find(key.trim())?;
        self.graph.node(id).map(|n| NodeBrief::of(&n))
    }

    /// Nodes whose label holds `q` (case, accents and punctuation ignored; a number also found
    /// inside a phone or account however it is spaced), the node named by `q` as a key first,
    /// then whole matches, then beginnings, then the rest, better connected first.
    pub fn find(&self, q: &str, limit: usize) -> Vec<Found> {
        let mut found: Vec<(u8, usize, NodeId)> = Vec::new();
        let exact_key = self.graph.find(q.trim());
        if let Some(id) = exact_key {
            found.push((0, self.graph.degree(id), id));
        }
        let folded = rastro_text::fold_key(q);
        let compact: String = folded.chars().filter(|c| *c != ' ').collect();
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        if !compact.is_empty() {
            for n in 0..self.graph.node_count() {
                let id = NodeId(n as u32);
                if Some(id) == exact_key {
                    continue;
                }
                let label = self.folded_label(n);
                let rank = if label == folded {
                    1
                } else if label.starts_with(&folded) {
                    2
                } else if words.iter().all(|w| label.contains(w))
                    || squeezed_contains(label, &compact)
                {
                    3
                } else {
                    continue;
                };
                found.push((rank, self.graph.degree(id), id));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        found
            .into_iter()
            .take(limit)
            .filter_map(|(_, degree, id)| {
                let node = self.graph.node(id)?;
                Some(Found {
                    node: NodeBrief::of(&node),
                    degree,
                })
            })
            .collect()
    }

    fn folded_label(&self, n: usize) -> &str {
        match (self.folded_at.get(n), self.folded_at.get(n + 1)) {
            (Some(&a), Some(&b)) => self.folded.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }
}

/// Whether `text` holds `compact` once its spaces are dropped (`51 987 654 321` holds
/// `987654321`), without allocating: labels are short, so trying each start is cheap.
fn squeezed_contains(text: &str, compact: &str) -> bool {
    let (text, wanted) = (text.as_bytes(), compact.as_bytes());
    if wanted.is_empty() {
        return true;
    }
    (0..text.len()).any(|start| {
        let mut rest = text[start..].iter().filter(|&&b| b != b' ');
        text[start] != b' ' && wanted.iter().all(|w| rest.next() == Some(w))
    })
}

/// Builds the session's network from what it may see now (cases, news, reviewers' decisions,
/// transactions and alerts), with `extra` records added as given: the caller must have read
/// `extra` through the same session, so that it is the session's to see.
pub fn build(session: &Session, extra: impl IntoIterator<Item = Record>) -> Result<Network> {
    let stamp = session.scope().statistics_stamp("network.build")?;
    let money_stamp = money::stamp(session)?;
    let key = network_key(&stamp, money_stamp.as_ref());
    let mut parts = KeptParts::default();
    build_at(session, &stamp, money_stamp, key, &mut parts, extra)
}

/// What a network is kept by: the visibility stamp and, for whom sees money, the transaction
/// stamp (grants of money move the visibility stamp itself).
fn network_key(stamp: &VisibilityStamp, money: Option<&TransactionStamp>) -> String {
    format!(
        "{}|{}",
        stamp.key(),
        money.map(|m| m.key()).unwrap_or_default()
    )
}

fn build_at(
    session: &Session,
    stamp: &VisibilityStamp,
    money_stamp: Option<TransactionStamp>,
    key: String,
    kept: &mut KeptParts,
    extra: impl IntoIterator<Item = Record>,
) -> Result<Network> {
    let started = Instant::now();
    // Each kind is read again only when the stamp of what moves it moved: cases by cases and
    // grants, news by news and grants, money by transactions, alerts and grants (and then
    // only the transactions added, unless grants moved).
    let (cases, cases_read) = kept_or_read(&mut kept.cases, stamp.cases_key(), || {
        sources::read_cases(session)
    })?;
    let (news, news_read) = kept_or_read(&mut kept.news, stamp.news_key(), || {
        sources::read_news(session, stamp)
    })?;
    let (money, money_read) =
        money_kept_or_read(&mut kept.money, session, stamp.grants_key(), money_stamp)?;
    // Reviewers' decisions move no stamp: one short read, every build.
    let same_person = sources::read_same_person(session)?;
    let mut builder = GraphBuilder::new();
    let mut counts = SourceCounts::default();
    cases.feed(&mut builder, &mut counts);
    news.feed(&mut builder, &mut counts);
    same_person.feed(&mut builder, &mut counts);
    money.feed(&mut builder, &mut counts);
    for record in extra {
        builder.add(record);
    }
    let (graph, report) = builder.build().map_err(graph_error)?;

    let mut folded = String::new();
    let mut folded_at = Vec::with_capacity(graph.node_count() + 1);
    let mut kinds: HashMap<NodeKind, usize> = HashMap::new();
    let mut starts: Vec<(usize, NodeId)> = Vec::new();
    for n in 0..graph.node_count() {
        let id = NodeId(n as u32);
        folded_at.push(folded.len() as u32);
        let Some(node) = graph.node(id) else { continue };
        folded.push_str(&rastro_text::fold_key(node.label()));
        *kinds.entry(node.kind()).or_default() += 1;
        if node.kind() != NodeKind::Place {
            starts.push((graph.degree(id), id));
            if starts.len() > 4 * STARTS {
                keep_best(&mut starts);
            }
        }
    }
    folded_at.push(folded.len() as u32);
    keep_best(&mut starts);
    let starts = starts
        .iter()
        .filter(|(degree, _)| *degree > 0)
        .filter_map(|&(_, id)| graph.node(id).map(|n| NodeBrief::of(&n)))
        .collect();
    let mut kinds: Vec<(NodeKind, usize)> = kinds.into_iter().collect();
    kinds.sort();
    let info = NetworkInfo {
        sources: counts,
        nodes: graph.node_count(),
        edges: graph.edge_count(),
        kinds,
        merged: report.merged,
        problems: report.problems.len(),
        read: PartsRead {
            cases: cases_read,
            news: news_read,
            money: money_read,
        },
        took: started.elapsed(),
    };
    tracing::debug!(
        nodes = info.nodes,
        edges = info.edges,
        ms = info.took.as_millis() as u64,
        "network built"
    );
    Ok(Network {
        stamp: key,
        graph,
        folded,
        folded_at,
        starts,
        info,
    })
}

/// Keeps the `STARTS` best connected (ties by node number, so the answer is stable).
fn keep_best(starts: &mut Vec<(usize, NodeId)>) {
    starts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    starts.truncate(STARTS);
}

pub(crate) fn graph_error(error: GraphError) -> AppError {
    match error {
        GraphError::Write(source) => AppError::Io {
            path: "network export".into(),
            source,
        },
        GraphError::Worker => AppError::WorkerFailed("network analysis".into()),
        other => AppError::Refused(other.to_string()),
    }
}

/// Who sees the same network: an organisation acting in a role.
type Viewer = (String, Role);

/// Networks per viewer, shared by every request of a server.
#[derive(Default)]
pub struct NetworkCache {
    entries: Mutex<HashMap<Viewer, Arc<Network>>>,
    /// Held while a viewer's network is built, with what its last build read, by kind.
    builders: Mutex<HashMap<Viewer, Arc<Mutex<KeptParts>>>>,
}

impl NetworkCache {
    pub fn new() -> NetworkCache {
        NetworkCache::default()
    }

    /// The session's network as the store stands now, built if what the viewer may see changed
    /// since it was kept. Traced as a statistics read of `asked` (never a searched text), kept
    /// or not.
    pub fn network(&self, session: &Session, asked: &str) -> Result<Arc<Network>> {
        let stamp = session.scope().statistics_stamp(asked)?;
        let money_stamp = money::stamp(session)?;
        let key = network_key(&stamp, money_stamp.as_ref());
        let viewer = (session.organisation().id.clone(), session.actor().role());
        if let Some(kept) = self.fresh(&viewer, &key) {
            return Ok(kept);
        }
        // One build per viewer at a time: requests arriving together after a change wait for
        // it instead of each reading the store.
        let builder = Arc::clone(
            self.builders
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(viewer.clone())
                .or_default(),
        );
        let mut parts = builder.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(kept) = self.fresh(&viewer, &key) {
            return Ok(kept);
        }
        let network = Arc::new(build_at(
            session,
            &stamp,
            money_stamp,
            key,
            &mut parts,
            Vec::new(),
        )?);
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(viewer, Arc::clone(&network));
        Ok(network)
    }

    fn fresh(&self, viewer: &Viewer, key: &str) -> Option<Arc<Network>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(viewer)
            .filter(|kept| kept.stamp == key)
            .map(Arc::clone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_found_however_they_are_spaced() {
        assert!(squeezed_contains("51 987 654 321", "987654321"));
        assert!(squeezed_contains("51987654321", "9876"));
        assert!(!squeezed_contains("51 987 654 321", "987654322"));
        assert!(squeezed_contains("x", ""));
    }
}
