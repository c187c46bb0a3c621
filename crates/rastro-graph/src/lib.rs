//! The network of people, organisations, groups, places, accounts, phones, e-mails, documents,
//! cases, incidents, transactions and alerts, as one actor may see it.
//!
//! Trafficking shows itself in connections: the phone on a classified advertisement that is
//! also a victim's recruiter's, the account that receives the wages of several workers, the
//! person who appears in three organisations' cases under two spellings. This crate builds
//! that network from records and answers questions about it; it stores nothing and serves
//! nothing.
//!
//! - [`GraphBuilder`] (build.rs) takes the [`Record`]s the actor may see, each with the
//!   [`Identifier`]s it holds and the [`Link`]s it makes, and same-as pairs from entity
//!   resolution, and builds a [`Graph`]. Identifiers become value nodes, normalised
//!   ([`normalise_value`]) and weighted by rarity (weight.rs).
//! - Queries on the graph: [`Graph::ego`] (k hops with a cap), [`Graph::paths`] (k cheapest
//!   connecting paths), [`Graph::degree_centrality`] and [`Graph::betweenness`] (brokers),
//!   [`Graph::communities`] (Louvain with connected communities), [`Graph::layout`] (positions
//!   for drawing, Barnes–Hut), each on a [`Subgraph`].
//! - Exports: [`Graph::write_ftm`] (FollowTheMoney JSON lines) and [`Graph::write_graphml`].
//!
//! **Visibility.** The graph knows nothing of actors: the caller builds one graph per actor
//! from the records that actor may see, at the level it may see them (a record seen only in
//! summary gives no identifiers). The builder makes that safe: a link to a record not given
//! vanishes; a value named by only one visible node is not kept, so a phone shared with a
//! hidden record shows nothing; rarity counts visible holders only; same-as pairs merge only
//! records given. Nothing of a record not given enters the graph.
//!
//! ```
//! use rastro_graph::{EdgeKind, EgoOptions, GraphBuilder, Record, RecordKind, ValueKind};
//!
//! let mut builder = GraphBuilder::new();
//! builder.add(Record::new("p1", RecordKind::Person, "Ana Quispe").holds(ValueKind::Account, "PE12 3456 7890"));
//! builder.add(Record::new("p2", RecordKind::Person, "Luis Rojas").holds(ValueKind::Account, "PE1234567890"));
//! builder.add(Record::new("c1", RecordKind::Case, "Case 2024-17").link(EdgeKind::NamedInCase, "p2"));
//! let (graph, _report) = builder.build().unwrap();
//!
//! let ana = graph.find("p1").unwrap();
//! let ego = graph.ego(ana, &EgoOptions::default()).unwrap();
//! assert_eq!(ego.len(), 3); // Ana, the account, Luis (the case is three hops away)
//! ```

mod batch;
mod brandes;
mod build;
mod by_cost;
mod centrality;
mod community;
mod core_graph;
mod cost_one;
mod ego;
mod error;
mod export;
mod filter;
mod graph;
mod kind;
mod layout;
mod normalise;
mod paths;
mod phone;
mod record;
mod rng;
mod subgraph;
mod trees;
mod weight;

pub use build::{BuildOptions, BuildReport, GraphBuilder, Problem, ProblemKind};
pub use centrality::{BetweennessOptions, Degree};
pub use community::{Communities, CommunityOptions};
pub use ego::EgoOptions;
pub use error::GraphError;
pub use export::ExportSummary;
pub use filter::Filter;
pub use graph::{EdgeId, EdgeView, Graph, NodeId, NodeView};
pub use kind::{EdgeKind, NodeKind, RecordKind, ValueKind};
pub use layout::{LayoutOptions, Point};
pub use normalise::{normalise_value, ValueProblem};
pub use paths::{Path, PathOptions, Paths};
pub use record::{Identifier, Link, Record, Span, Target};
pub use subgraph::Subgraph;
pub use weight::{base_strength, cost, rarity};
