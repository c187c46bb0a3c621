//! A subgraph as FollowTheMoney entities, one JSON object per line.
//!
//! The mapping follows FtM's own modelling: parties are `Person` and `Organization` (a group
//! too, with `classification: group`), places `Address`, accounts `BankAccount`; phones,
//! e-mails and identity documents are not entities in FtM but properties of the parties that
//! hold them (`phone`, `email`, `idNumber`), and tools that read FtM link parties through those
//! shared values themselves. Cases, incidents and alerts are `Event`s told apart by
//! `keywords`; a transaction is a `Payment` with its accounts, and the accounts' holders as payer
//! and beneficiary. Relations use FtM's interval schemata where one fits — `Ownership` (holds
//! an account), `Membership`, `Associate`, `Payment` (paid) — and `UnknownLink` with the
//! relation as its role otherwise. An edge FtM cannot express (an identifier of a case, a link
//! to a payment, which is not a `Thing`) is counted as left out.
//!
//! Ids are `rastro-` and a 128-bit hash of the node's key (or of an edge's ends, kind and
//! source record), so the same node exported twice has the same id.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Map, Value};
use xxhash_rust::xxh3::xxh3_128;

use super::{iso_span, iso_time, ExportSummary};
use crate::error::GraphError;
use crate::graph::{EdgeView, Graph, NodeView};
use crate::kind::{EdgeKind, NodeKind};
use crate::record::Span;
use crate::subgraph::Subgraph;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Schema {
    Person,
    Organization,
    Address,
    BankAccount,
    Event,
    Payment,
}

impl Schema {
    fn name(self) -> &'static str {
        match self {
            Schema::Person => "Person",
            Schema::Organization => "Organization",
            Schema::Address => "Address",
            Schema::BankAccount => "BankAccount",
            Schema::Event => "Event",
            Schema::Payment => "Payment",
        }
    }

    fn is_legal_entity(self) -> bool {
        matches!(self, Schema::Person | Schema::Organization)
    }

    /// FtM's `Thing`, the range of `UnknownLink`'s ends and the domain of `addressEntity`;
    /// `Address` and `Payment` are intervals, not things.
    fn is_thing(self) -> bool {
        matches!(
            self,
            Schema::Person | Schema::Organization | Schema::BankAccount | Schema::Event
        )
    }
}

struct Entity {
    id: String,
    schema: &'static str,
    properties: BTreeMap<&'static str, Vec<String>>,
}

impl Entity {
    fn new(id: String, schema: &'static str) -> Entity {
        Entity {
            id,
            schema,
            properties: BTreeMap::new(),
        }
    }

    fn add(&mut self, property: &'static str, value: impl Into<String>) {
        let value = value.into();
        if value.is_empty() {
            return;
        }
        let values = self.properties.entry(property).or_default();
        if !values.contains(&value) {
            values.push(value);
        }
    }

    fn add_time(&mut self, time: Option<Span>) {
        match time {
            Some(span) if span.from == span.to => self.add("date", iso_time(span.from)),
            Some(span) => {
                let (from, to) = iso_span(span);
                if from == to {
                    self.add("date", from);
                } else {
                    self.add("startDate", from);
                    self.add("endDate", to);
                }
            }
            None => {}
        }
    }

    fn write(&self, out: &mut impl Write) -> Result<(), GraphError> {
        let mut properties = Map::new();
        for (name, values) in &self.properties {
            properties.insert(
                (*name).to_string(),
                Value::Array(values.iter().map(|v| Value::String(v.clone())).collect()),
            );
        }
        let mut object = Map::new();
        object.insert("id".to_string(), Value::String(self.id.clone()));
        object.insert("schema".to_string(), Value::String(self.schema.to_string()));
        object.insert("properties".to_string(), Value::Object(properties));
        serde_json::to_writer(&mut *out, &Value::Object(object)).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

fn entity_id(parts: &[&str]) -> String {
    let mut text = String::new();
    for part in parts {
        text.push_str(part);
        text.push('\0');
    }
    format!("rastro-{:032x}", xxh3_128(text.as_bytes()))
}

fn node_entity_id(node: &NodeView<'_>) -> String {
    entity_id(&["node", node.kind().name(), &node.key()])
}

fn schema_of(kind: NodeKind) -> Option<Schema> {
    match kind {
        NodeKind::Person => Some(Schema::Person),
        NodeKind::Organisation | NodeKind::Group => Some(Schema::Organization),
        NodeKind::Place => Some(Schema::Address),
        NodeKind::Account => Some(Schema::BankAccount),
        NodeKind::Case | NodeKind::Incident | NodeKind::Alert => Some(Schema::Event),
        NodeKind::Transaction => Some(Schema::Payment),
        NodeKind::Phone | NodeKind::Email | NodeKind::Document => None,
    }
}

/// The relation in words, for `UnknownLink`'s role.
fn phrase(kind: EdgeKind) -> String {
    kind.name().replace('_', " ")
}

impl Graph {
    /// Writes the subgraph as FollowTheMoney JSON lines (see the module's mapping).
    pub fn write_ftm(
        &self,
        sub: &Subgraph,
        out: &mut impl Write,
    ) -> Result<ExportSummary, GraphError> {
        let mut summary = ExportSummary::default();
        let mut entities: Vec<Option<(Schema, Entity)>> = Vec::with_capacity(sub.len());
        for &id in sub.nodes() {
            let Some(node) = self.node(id) else {
                entities.push(None);
                continue;
            };
            entities.push(
                schema_of(node.kind()).map(|schema| (schema, self.node_entity(&node, schema))),
            );
        }

        // Holders of each account in the subgraph, who pay and receive for its transactions.
        let mut holders: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for &edge_id in sub.edges() {
            let Some(edge) = self.edge(edge_id) else {
                continue;
            };
            if edge.kind() != EdgeKind::HoldsAccount {
                continue;
            }
            if let (Some(a), Some(b)) = (sub.position(edge.from()), sub.position(edge.to())) {
                if let (Some((sa, ea)), Some((Schema::BankAccount, _))) =
                    (&entities[a], &entities[b])
                {
                    if sa.is_legal_entity() {
                        holders.entry(b).or_default().push(ea.id.clone());
                    }
                }
            }
        }

        let mut links: Vec<Entity> = Vec::new();
        for &edge_id in sub.edges() {
            let Some(edge) = self.edge(edge_id) else {
                continue;
            };
            let (Some(a), Some(b)) = (sub.position(edge.from()), sub.position(edge.to())) else {
                continue;
            };
            let schemas = (
                entities[a].as_ref().map(|(s, _)| *s),
                entities[b].as_ref().map(|(s, _)| *s),
            );
            let ids = (
                entities[a].as_ref().map(|(_, e)| e.id.clone()),
                entities[b].as_ref().map(|(_, e)| e.id.clone()),
            );
            let kept = match (edge.kind(), schemas) {
                (
                    EdgeKind::UsesPhone | EdgeKind::UsesEmail | EdgeKind::HasDocument,
                    (Some(s), _),
                ) if s.is_legal_entity() => {
                    let property = match edge.kind() {
                        EdgeKind::UsesPhone => "phone",
                        EdgeKind::UsesEmail => "email",
                        _ => "idNumber",
                    };
                    let value = self.node(edge.to()).and_then(|n| n.value()).unwrap_or("");
                    if let Some((_, entity)) = entities[a].as_mut() {
                        entity.add(property, value);
                    }
                    true
                }
                (EdgeKind::LocatedIn, (Some(s), Some(Schema::Address))) if s.is_thing() => {
                    if let (Some((_, entity)), Some(address)) = (entities[a].as_mut(), ids.1) {
                        entity.add("addressEntity", address);
                    }
                    true
                }
                (
                    EdgeKind::PaidFrom | EdgeKind::PaidTo,
                    (Some(Schema::Payment), Some(Schema::BankAccount)),
                ) => {
                    let (account, party) = if edge.kind() == EdgeKind::PaidFrom {
                        ("payerAccount", "payer")
                    } else {
                        ("beneficiaryAccount", "beneficiary")
                    };
                    if let Some((_, entity)) = entities[a].as_mut() {
                        entity.add(account, ids.1.unwrap_or_default());
                        for holder in holders.get(&b).into_iter().flatten() {
                            entity.add(party, holder.clone());
                        }
                    }
                    true
                }
                (EdgeKind::HoldsAccount, (Some(s), Some(Schema::BankAccount)))
                    if s.is_legal_entity() =>
                {
                    let mut link = self.link_entity(&edge, "Ownership");
                    link.add("owner", ids.0.unwrap_or_default());
                    link.add("asset", ids.1.unwrap_or_default());
                    links.push(link);
                    true
                }
                (EdgeKind::MemberOf, (Some(s), Some(Schema::Organization)))
                    if s.is_legal_entity() =>
                {
                    let mut link = self.link_entity(&edge, "Membership");
                    link.add("member", ids.0.unwrap_or_default());
                    link.add("organization", ids.1.unwrap_or_default());
                    link.add("role", edge.role().unwrap_or_default());
                    links.push(link);
                    true
                }
                (EdgeKind::Associate, (Some(Schema::Person), Some(Schema::Person))) => {
                    let mut link = self.link_entity(&edge, "Associate");
                    link.add("person", ids.0.unwrap_or_default());
                    link.add("associate", ids.1.unwrap_or_default());
                    link.add("relationship", edge.role().unwrap_or("associate"));
                    links.push(link);
                    true
                }
                (EdgeKind::Paid, (Some(from), Some(to)))
                    if (from.is_legal_entity() || from == Schema::BankAccount)
                        && (to.is_legal_entity() || to == Schema::BankAccount) =>
                {
                    let mut link = self.link_entity(&edge, "Payment");
                    let payer = if from == Schema::BankAccount {
                        "payerAccount"
                    } else {
                        "payer"
                    };
                    let beneficiary = if to == Schema::BankAccount {
                        "beneficiaryAccount"
                    } else {
                        "beneficiary"
                    };
                    link.add(payer, ids.0.unwrap_or_default());
                    link.add(beneficiary, ids.1.unwrap_or_default());
                    link.add("purpose", edge.role().unwrap_or_default());
                    links.push(link);
                    true
                }
                (kind, (Some(from), Some(to)))
                    if from.is_thing() && to.is_thing() && !kind.is_holding_value() =>
                {
                    let mut link = self.link_entity(&edge, "UnknownLink");
                    link.add("subject", ids.0.unwrap_or_default());
                    link.add("object", ids.1.unwrap_or_default());
                    link.add(
                        "role",
                        edge.role().map_or_else(|| phrase(kind), str::to_string),
                    );
                    links.push(link);
                    true
                }
                _ => false,
            };
            if !kept {
                summary.left_out += 1;
            }
        }

        for (_, entity) in entities.iter().flatten() {
            entity.write(out)?;
            summary.written += 1;
        }
        for link in &links {
            link.write(out)?;
            summary.written += 1;
        }
        Ok(summary)
    }

    fn node_entity(&self, node: &NodeView<'_>, schema: Schema) -> Entity {
        let mut entity = Entity::new(node_entity_id(node), schema.name());
        match schema {
            Schema::Person | Schema::Organization => {
                entity.add("name", node.label());
                for (_, label) in node.records().skip(1) {
                    if label != node.label() {
                        entity.add("alias", label);
                    }
                }
                if node.kind() == NodeKind::Group {
                    entity.add("classification", "group");
                }
            }
            Schema::Address => entity.add("full", node.label()),
            Schema::BankAccount => entity.add("accountNumber", node.value().unwrap_or_default()),
            Schema::Event => {
                entity.add("name", node.label());
                entity.add("keywords", node.kind().name());
                entity.add_time(node.time());
                for (id, _) in node.records() {
                    entity.add("recordId", id);
                }
            }
            Schema::Payment => {
                entity.add("summary", node.label());
                entity.add_time(node.time());
                for (id, _) in node.records() {
                    entity.add("recordId", id);
                }
            }
        }
        entity
    }

    fn link_entity(&self, edge: &EdgeView<'_>, schema: &'static str) -> Entity {
        let key = |id| self.node(id).map(|n| n.key()).unwrap_or_default();
        let id = entity_id(&[
            "edge",
            edge.kind().name(),
            &key(edge.from()),
            &key(edge.to()),
            edge.source(),
            edge.role().unwrap_or_default(),
        ]);
        let mut entity = Entity::new(id, schema);
        entity.add_time(edge.time());
        entity
    }
}

impl EdgeKind {
    /// Holding a phone, e-mail or document: FtM has properties for these, not links.
    fn is_holding_value(self) -> bool {
        matches!(
            self,
            EdgeKind::UsesPhone | EdgeKind::UsesEmail | EdgeKind::HasDocument | EdgeKind::LocatedIn
        )
    }
}
