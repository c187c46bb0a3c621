//! A subgraph as GraphML, for Gephi, yEd, Cytoscape and networkx.
//!
//! Every attribute is declared with a `<key>` before use, every text and attribute value is
//! escaped, and characters XML 1.0 forbids (control characters other than tab and line ends)
//! become U+FFFD, so a name typed with `<script>` or a stray control byte cannot break the
//! file or the page that shows it.

use std::io::Write;

use super::{iso_span, ExportSummary};
use crate::error::GraphError;
use crate::graph::Graph;
use crate::layout::Point;
use crate::subgraph::Subgraph;

/// (id, for, name, type) of each declared attribute.
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("kind", "node", "kind", "string"),
    ("label", "node", "label", "string"),
    ("key", "node", "key", "string"),
    ("records", "node", "records", "string"),
    ("holders", "node", "holders", "int"),
    ("hops", "node", "hops", "int"),
    ("start", "node", "start", "string"),
    ("end", "node", "end", "string"),
    ("x", "node", "x", "double"),
    ("y", "node", "y", "double"),
    ("edge_kind", "edge", "kind", "string"),
    ("strength", "edge", "strength", "double"),
    ("source_record", "edge", "source_record", "string"),
    ("role", "edge", "role", "string"),
    ("edge_start", "edge", "start", "string"),
    ("edge_end", "edge", "end", "string"),
];

impl Graph {
    /// Writes the subgraph as GraphML; `positions` (from [`Graph::layout`], in the subgraph's
    /// node order) add `x` and `y` to the nodes.
    pub fn write_graphml(
        &self,
        sub: &Subgraph,
        positions: Option<&[Point]>,
        out: &mut impl Write,
    ) -> Result<ExportSummary, GraphError> {
        let mut summary = ExportSummary::default();
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        out.write_all(
            b"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
              xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
              xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
              http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        )?;
        for (id, domain, name, kind) in KEYS {
            writeln!(
                out,
                "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
            )?;
        }
        out.write_all(b"  <graph id=\"rastro\" edgedefault=\"directed\">\n")?;
        for (i, &id) in sub.nodes().iter().enumerate() {
            let Some(node) = self.node(id) else { continue };
            writeln!(out, "    <node id=\"n{i}\">")?;
            data(out, "kind", node.kind().name())?;
            data(out, "label", node.label())?;
            data(out, "key", &node.key())?;
            let records: Vec<&str> = node.records().map(|(id, _)| id).collect();
            if !records.is_empty() {
                data(out, "records", &records.join(" "))?;
            }
            data(out, "holders", &node.holders().to_string())?;
            data(
                out,
                "hops",
                &sub.hops().get(i).copied().unwrap_or(0).to_string(),
            )?;
            if let Some(span) = node.time() {
                let (start, end) = iso_span(span);
                data(out, "start", &start)?;
                data(out, "end", &end)?;
            }
            if let Some(point) = positions.and_then(|p| p.get(i)) {
                data(out, "x", &point.x.to_string())?;
                data(out, "y", &point.y.to_string())?;
            }
            out.write_all(b"    </node>\n")?;
            summary.written += 1;
        }
        for &id in sub.edges() {
            let Some(edge) = self.edge(id) else { continue };
            let (Some(a), Some(b)) = (sub.position(edge.from()), sub.position(edge.to())) else {
                summary.left_out += 1;
                continue;
            };
            writeln!(
                out,
                "    <edge id=\"e{}\" source=\"n{a}\" target=\"n{b}\">",
                id.0
            )?;
            data(out, "edge_kind", edge.kind().name())?;
            data(out, "strength", &edge.strength().to_string())?;
            data(out, "source_record", edge.source())?;
            if let Some(role) = edge.role() {
                data(out, "role", role)?;
            }
            if let Some(span) = edge.time() {
                let (start, end) = iso_span(span);
                data(out, "edge_start", &start)?;
                data(out, "edge_end", &end)?;
            }
            out.write_all(b"    </edge>\n")?;
            summary.written += 1;
        }
        out.write_all(b"  </graph>\n</graphml>\n")?;
        Ok(summary)
    }
}

fn data(out: &mut impl Write, key: &str, value: &str) -> Result<(), GraphError> {
    writeln!(out, "      <data key=\"{key}\">{}</data>", escape(value))?;
    Ok(())
}

/// Text safe in XML 1.0 content and in quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_control_characters_are_neutralised() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\td"), "a\u{FFFD}b\u{FFFD}c\td");
    }
}
