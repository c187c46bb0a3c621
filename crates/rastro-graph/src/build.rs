//! From visible records to a graph.
//!
//! The builder is where visibility becomes structure, so its rules are the safety rules:
//!
//! - only records given to the builder become record nodes; a link to any other id (a record
//!   the actor may not see) vanishes, and that id is kept nowhere in the graph;
//! - a value node exists only if visible records name it, and by default only if at least two
//!   distinct visible nodes do: a phone that one visible record shares with a hidden one is a
//!   leaf for this actor, and leaves are not kept, so nothing shows that it is shared;
//! - a value's rarity counts visible holders only, so a hidden record cannot change a weight;
//! - same-as pairs merge only records the builder was given, so two visible records are never
//!   joined through a hidden one.
//!
//! Records are taken one at a time and their text is stored once, so building from a stream of
//! a million records holds the graph and little more.

use std::collections::HashMap;
use std::fmt;

use crate::error::GraphError;
use crate::graph::{EdgeData, Graph, NodeData, PackedTime, RecordData, TextRef, NO_ROLE};
use crate::kind::{EdgeKind, NodeKind, RecordKind, ValueKind};
use crate::normalise::{normalise_value, ValueProblem};
use crate::record::{Record, Target};
use crate::weight::{base_strength, rarity};
use rastro_text::fasthash::{map_with_capacity, FastMap};

/// How the builder treats values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// Keep value nodes that only one node names. Off by default: such a value connects
    /// nothing, and keeping it would put back the leaf that a hidden record's share leaves.
    pub keep_unshared_values: bool,
}

/// Something in the input the builder could not use; the rest of the record is used.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The id of the record it is in.
    pub record: String,
    /// Where in the record: `id`, `identifiers[2]`, `links[0]`, `same_as`.
    pub field: String,
    /// The value as given.
    pub value: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    EmptyId,
    /// A second record with an id already given; the second is left out.
    DuplicateId,
    BadValue(ValueProblem),
    LinksToItself,
    /// A same-as pair of records of different kinds (a person and a case); not merged.
    SameAsAcrossKinds,
    /// More text or nodes than the graph's 32-bit numbering holds.
    TooLarge,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "record {:?}, {} {:?}: {}",
            self.record, self.field, self.value, self.kind
        )
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::EmptyId => f.write_str("a record needs an id"),
            ProblemKind::DuplicateId => {
                f.write_str("another record has this id; this one is left out")
            }
            ProblemKind::BadValue(problem) => problem.fmt(f),
            ProblemKind::LinksToItself => f.write_str("a record cannot link to itself"),
            ProblemKind::SameAsAcrossKinds => {
                f.write_str("only records of the same kind can be the same; not merged")
            }
            ProblemKind::TooLarge => f.write_str("the graph is too large to number"),
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildReport {
    /// Records given and used.
    pub records: usize,
    /// Records merged into another by same-as pairs.
    pub merged: usize,
    /// Value nodes kept, and left out for naming only one node.
    pub values: usize,
    pub unshared_values: usize,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy)]
enum End {
    Record(u32),
    Value(u32),
}

#[derive(Debug, Clone, Copy)]
struct RawEdge {
    from: u32,
    to: End,
    kind: EdgeKind,
    holding: bool,
    role: u32,
    time: PackedTime,
}

#[derive(Debug, Clone)]
struct Slot {
    /// `None` while the id has only been named by links or pairs.
    kind: Option<RecordKind>,
    id: TextRef,
    label: TextRef,
    time: PackedTime,
}

#[derive(Debug, Clone)]
struct ValueSlot {
    kind: ValueKind,
    key: TextRef,
    label: TextRef,
}

/// Collects visible records and same-as pairs, then [`GraphBuilder::build`]s the graph.
///
/// ```
/// use rastro_graph::{GraphBuilder, Record, RecordKind, ValueKind};
///
/// let mut builder = GraphBuilder::new();
/// builder.add(Record::new("p1", RecordKind::Person, "Ana").holds_phone("987 654 321", "PE"));
/// builder.add(Record::new("p2", RecordKind::Person, "Luis").holds_phone("+51 987654321", "PE"));
/// let (graph, report) = builder.build().unwrap();
/// assert!(report.problems.is_empty());
/// assert_eq!(graph.node_count(), 3); // two people and the phone they share
/// assert!(graph.find("phone:+51987654321").is_some());
/// ```
#[derive(Debug, Default)]
pub struct GraphBuilder {
    options: BuildOptions,
    text: String,
    ids: HashMap<Box<str>, u32>,
    slots: Vec<Slot>,
    values: FastMap<(ValueKind, Box<str>), u32>,
    value_slots: Vec<ValueSlot>,
    edges: Vec<RawEdge>,
    same_as: Vec<(u32, u32)>,
    roles: Vec<Box<str>>,
    role_index: HashMap<Box<str>, u32>,
    problems: Vec<Problem>,
    records: usize,
    too_large: bool,
}

impl GraphBuilder {
    pub fn new() -> GraphBuilder {
        GraphBuilder::with_options(BuildOptions::default())
    }

    pub fn with_options(options: BuildOptions) -> GraphBuilder {
        GraphBuilder {
            options,
            values: map_with_capacity(0),
            ..GraphBuilder::default()
        }
    }

    /// Adds one record the actor may see. Its unusable parts are reported at build time and
    /// the rest is used.
    pub fn add(&mut self, record: Record) {
        let id = record.id.trim();
        if id.is_empty() {
            self.problem(&record.id, "id", &record.id, ProblemKind::EmptyId);
            return;
        }
        let slot = self.slot(id);
        let Some(entry) = self.slots.get(slot as usize) else {
            return;
        };
        if entry.kind.is_some() {
            self.problem(id, "id", id, ProblemKind::DuplicateId);
            return;
        }
        let label = self.push_text(record.label.trim());
        let time = PackedTime::pack(record.time);
        if let Some(entry) = self.slots.get_mut(slot as usize) {
            entry.kind = Some(record.kind);
            entry.label = label;
            entry.time = time;
        }
        self.records += 1;

        for (i, identifier) in record.identifiers.iter().enumerate() {
            let value = self.value(
                identifier.kind,
                &identifier.value,
                identifier.country.as_deref(),
            );
            match value {
                Ok(value) => self.edges.push(RawEdge {
                    from: slot,
                    to: End::Value(value),
                    kind: identifier.kind.holder_edge(),
                    holding: true,
                    role: NO_ROLE,
                    time: PackedTime::pack(identifier.time.or(record.time)),
                }),
                Err(problem) => self.problem(
                    id,
                    &format!("identifiers[{i}]"),
                    &identifier.value,
                    ProblemKind::BadValue(problem),
                ),
            }
        }

        for (i, link) in record.links.iter().enumerate() {
            let to = match &link.target {
                Target::Record(other) => {
                    let other = other.trim();
                    if other == id {
                        self.problem(
                            id,
                            &format!("links[{i}]"),
                            other,
                            ProblemKind::LinksToItself,
                        );
                        continue;
                    }
                    if other.is_empty() {
                        self.problem(id, &format!("links[{i}]"), other, ProblemKind::EmptyId);
                        continue;
                    }
                    End::Record(self.slot(other))
                }
                Target::Value {
                    kind,
                    value,
                    country,
                } => match self.value(*kind, value, country.as_deref()) {
                    Ok(v) => End::Value(v),
                    Err(problem) => {
                        self.problem(
                            id,
                            &format!("links[{i}]"),
                            value,
                            ProblemKind::BadValue(problem),
                        );
                        continue;
                    }
                },
            };
            let role = match link.role.as_deref().map(str::trim) {
                Some(role) if !role.is_empty() => self.role(role),
                _ => NO_ROLE,
            };
            self.edges.push(RawEdge {
                from: slot,
                to,
                kind: link.kind,
                holding: false,
                role,
                time: PackedTime::pack(link.time.or(record.time)),
            });
        }
    }

    /// Says that two records are the same entity (from entity resolution). Pairs naming a record
    /// the builder is not given are dropped at build time.
    pub fn same_as(&mut self, a: &str, b: &str) {
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() || b.is_empty() || a == b {
            return;
        }
        let pair = (self.slot(a), self.slot(b));
        self.same_as.push(pair);
    }

    /// Builds the graph. Fails only when the input is too large for 32-bit numbering.
    pub fn build(mut self) -> Result<(Graph, BuildReport), GraphError> {
        if self.too_large {
            return Err(GraphError::TooLarge);
        }
        let mut report = BuildReport {
            records: self.records,
            ..BuildReport::default()
        };

        // Entity resolution: union-find over the records given, the smallest slot (the first
        // record given) as each set's root so the result does not depend on pair order.
        let mut parent: Vec<u32> = (0..self.slots.len() as u32).collect();
        for &(a, b) in &self.same_as {
            let (Some(ka), Some(kb)) = (self.slots[a as usize].kind, self.slots[b as usize].kind)
            else {
                continue;
            };
            if ka != kb {
                let (ida, idb) = (self.slots[a as usize].id, self.slots[b as usize].id);
                let record = text_of(&self.text, ida).to_string();
                let other = text_of(&self.text, idb).to_string();
                report.problems.push(Problem {
                    record,
                    field: "same_as".to_string(),
                    value: other,
                    kind: ProblemKind::SameAsAcrossKinds,
                });
                continue;
            }
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                let (root, child) = (ra.min(rb), ra.max(rb));
                parent[child as usize] = root;
            }
        }

        let mut out = Out::default();
        // Record nodes, in the order their first record was given.
        let mut slot_node = vec![u32::MAX; self.slots.len()];
        let mut slot_record = vec![u32::MAX; self.slots.len()];
        let mut record_slot: Vec<u32> = Vec::with_capacity(self.records);
        let mut members: Vec<Vec<u32>> = Vec::new();
        for s in 0..self.slots.len() {
            let slot = &self.slots[s];
            let Some(kind) = slot.kind else { continue };
            let record = out.records.len() as u32;
            let id = out.push_text(text_of(&self.text, slot.id));
            let label = out.push_text(text_of(&self.text, slot.label));
            slot_record[s] = record;
            record_slot.push(s as u32);
            let root = find(&mut parent, s as u32) as usize;
            if root == s {
                slot_node[s] = out.nodes.len() as u32;
                out.nodes.push(NodeData {
                    kind: NodeKind::from(kind),
                    holders: 0,
                    key: id,
                    label,
                    time: slot.time,
                });
                members.push(Vec::new());
            } else {
                slot_node[s] = slot_node[root];
                report.merged += 1;
            }
            let node = slot_node[s];
            out.records.push(RecordData { id, label, node });
            members[node as usize].push(record);
            out.record_index
                .insert(text_of(&self.text, slot.id).into(), record);
        }
        for (node, list) in members.iter().enumerate() {
            out.nodes[node].holders = list.len() as u32;
            // A merged node is dated from its earliest to its latest record.
            for &r in list.iter().skip(1) {
                let time = self.slots[record_slot[r as usize] as usize].time;
                let current = &mut out.nodes[node].time;
                if time.get().is_some() {
                    *current = match current.get() {
                        Some(t) => PackedTime {
                            from: t.from.min(time.from),
                            to: t.to.max(time.to),
                        },
                        None => time,
                    };
                }
            }
        }
        out.record_offsets.push(0);
        for list in &members {
            out.node_records.extend_from_slice(list);
            out.record_offsets.push(out.node_records.len() as u32);
        }

        // Values: distinct holders (for rarity) and distinct neighbours (to drop leaves).
        let mut touches: Vec<(u32, u32, bool)> = Vec::with_capacity(self.edges.len());
        for edge in &self.edges {
            let End::Value(v) = edge.to else { continue };
            let node = slot_node[edge.from as usize];
            if node != u32::MAX {
                touches.push((v, node, edge.holding));
            }
        }
        touches.sort_unstable();
        let mut holders = vec![0u32; self.value_slots.len()];
        let mut neighbours = vec![0u32; self.value_slots.len()];
        let mut previous: Option<(u32, u32)> = None;
        let mut previous_holding: Option<(u32, u32)> = None;
        for &(v, node, holding) in &touches {
            if previous != Some((v, node)) {
                neighbours[v as usize] += 1;
                previous = Some((v, node));
            }
            if holding && previous_holding != Some((v, node)) {
                holders[v as usize] += 1;
                previous_holding = Some((v, node));
            }
        }
        drop(touches);
        let mut value_node = vec![u32::MAX; self.value_slots.len()];
        for (v, slot) in self.value_slots.iter().enumerate() {
            if neighbours[v] == 0 || (neighbours[v] < 2 && !self.options.keep_unshared_values) {
                report.unshared_values += usize::from(neighbours[v] > 0);
                continue;
            }
            value_node[v] = out.nodes.len() as u32;
            let key_text = text_of(&self.text, slot.key);
            let key = out.push_text(key_text);
            let label = out.push_text(text_of(&self.text, slot.label));
            out.nodes.push(NodeData {
                kind: NodeKind::from(slot.kind),
                holders: holders[v],
                key,
                label,
                time: PackedTime::NONE,
            });
            out.record_offsets.push(out.node_records.len() as u32);
            out.value_index
                .insert((slot.kind, key_text.into()), value_node[v]);
            report.values += 1;
        }

        // Edges, each kept once per assertion, between the nodes their ends became. Roles are
        // renumbered so that only those of kept edges stay.
        let mut role_number = vec![NO_ROLE; self.roles.len()];
        let mut roles: Vec<Box<str>> = Vec::new();
        for edge in &self.edges {
            let from = slot_node[edge.from as usize];
            let (to, rarity_factor) = match edge.to {
                End::Record(s) => (slot_node[s as usize], 1.0),
                End::Value(v) => {
                    let factor = if edge.holding {
                        rarity(holders[v as usize])
                    } else {
                        1.0
                    };
                    (value_node[v as usize], factor)
                }
            };
            if from == u32::MAX || to == u32::MAX || from == to {
                continue;
            }
            let role = match role_number.get_mut(edge.role as usize) {
                Some(number) => {
                    if *number == NO_ROLE {
                        *number = roles.len() as u32;
                        roles.push(self.roles[edge.role as usize].clone());
                    }
                    *number
                }
                None => NO_ROLE,
            };
            out.edges.push(EdgeData {
                from,
                to,
                kind: edge.kind,
                strength: base_strength(edge.kind) * rarity_factor,
                source: slot_record[edge.from as usize],
                role,
                time: edge.time,
            });
        }
        if out.too_large
            || out.nodes.len() >= u32::MAX as usize
            || out.edges.len() >= (u32::MAX / 2) as usize
        {
            return Err(GraphError::TooLarge);
        }
        report.problems.append(&mut self.problems);

        let (offsets, adjacency) = adjacency(out.nodes.len(), &out.edges);
        let graph = Graph {
            text: out.text,
            nodes: out.nodes,
            edges: out.edges,
            offsets,
            adjacency,
            records: out.records,
            record_offsets: out.record_offsets,
            node_records: out.node_records,
            roles,
            record_index: out.record_index,
            value_index: out.value_index,
        };
        Ok((graph, report))
    }

    fn slot(&mut self, id: &str) -> u32 {
        if let Some(&slot) = self.ids.get(id) {
            return slot;
        }
        let slot = self.slots.len() as u32;
        let text = self.push_text(id);
        self.slots.push(Slot {
            kind: None,
            id: text,
            label: TextRef::default(),
            time: PackedTime::NONE,
        });
        self.ids.insert(id.into(), slot);
        slot
    }

    fn value(
        &mut self,
        kind: ValueKind,
        raw: &str,
        country: Option<&str>,
    ) -> Result<u32, ValueProblem> {
        let key = normalise_value(kind, raw, country)?;
        let map_key = (kind, key.into_boxed_str());
        if let Some(&v) = self.values.get(&map_key) {
            return Ok(v);
        }
        let v = self.value_slots.len() as u32;
        let key = self.push_text(&map_key.1);
        // A place keeps its first spelling to show; other values show their normal form.
        let label = if kind == ValueKind::Place {
            self.push_text(raw.trim())
        } else {
            key
        };
        self.value_slots.push(ValueSlot { kind, key, label });
        self.values.insert(map_key, v);
        Ok(v)
    }

    fn role(&mut self, role: &str) -> u32 {
        if let Some(&r) = self.role_index.get(role) {
            return r;
        }
        let r = self.roles.len() as u32;
        self.roles.push(role.into());
        self.role_index.insert(role.into(), r);
        r
    }

    fn push_text(&mut self, text: &str) -> TextRef {
        push(&mut self.text, text, &mut self.too_large)
    }

    fn problem(&mut self, record: &str, field: &str, value: &str, kind: ProblemKind) {
        self.problems.push(Problem {
            record: record.to_string(),
            field: field.to_string(),
            value: value.to_string(),
            kind,
        });
    }
}

/// The graph's parts while they are assembled.
#[derive(Default)]
struct Out {
    text: String,
    too_large: bool,
    nodes: Vec<NodeData>,
    edges: Vec<EdgeData>,
    records: Vec<RecordData>,
    record_offsets: Vec<u32>,
    node_records: Vec<u32>,
    record_index: HashMap<Box<str>, u32>,
    value_index: FastMap<(ValueKind, Box<str>), u32>,
}

impl Out {
    fn push_text(&mut self, text: &str) -> TextRef {
        push(&mut self.text, text, &mut self.too_large)
    }
}

fn push(arena: &mut String, text: &str, too_large: &mut bool) -> TextRef {
    let start = arena.len();
    if start + text.len() > u32::MAX as usize {
        *too_large = true;
        return TextRef::default();
    }
    arena.push_str(text);
    TextRef {
        start: start as u32,
        len: text.len() as u32,
    }
}

fn text_of(arena: &str, r: TextRef) -> &str {
    let start = r.start as usize;
    arena.get(start..start + r.len as usize).unwrap_or("")
}

fn find(parent: &mut [u32], x: u32) -> u32 {
    let mut root = x;
    while parent[root as usize] != root {
        root = parent[root as usize];
    }
    // Path compression: point everything on the way at the root.
    let mut x = x;
    while parent[x as usize] != root {
        let next = parent[x as usize];
        parent[x as usize] = root;
        x = next;
    }
    root
}

/// Both ends of every edge, grouped by node (counting sort, so linear in the edges).
fn adjacency(nodes: usize, edges: &[EdgeData]) -> (Vec<u32>, Vec<(u32, u32)>) {
    let mut offsets = vec![0u32; nodes + 1];
    for edge in edges {
        offsets[edge.from as usize + 1] += 1;
        offsets[edge.to as usize + 1] += 1;
    }
    for i in 0..nodes {
        offsets[i + 1] += offsets[i];
    }
    let mut fill = offsets.clone();
    let mut adjacency = vec![(0u32, 0u32); edges.len() * 2];
    for (e, edge) in edges.iter().enumerate() {
        let at = &mut fill[edge.from as usize];
        adjacency[*at as usize] = (edge.to, e as u32);
        *at += 1;
        let at = &mut fill[edge.to as usize];
        adjacency[*at as usize] = (edge.from, e as u32);
        *at += 1;
    }
    (offsets, adjacency)
}
