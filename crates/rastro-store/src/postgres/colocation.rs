//! The shape of the store's SQL on a cluster distributed by organisation: every condition that
//! links two sharded rows (a join, a correlated subquery) must also pair their shard columns
//! (`x.org_id = y.org_id`), or Citus would have to move rows between nodes — or refuse. The
//! check reads SQL text: the shared SQL as the store renders it, and every SQL literal of the
//! PostgreSQL backend's source. The few links that cross organisations on purpose are listed in
//! [`CROSSING`], each with its reason, and the deployment guide names them.

use std::collections::{BTreeMap, BTreeSet};

use super::distribution::{Placement, TABLES};

/// Links between two sharded tables' columns that join different organisations' rows by
/// design (either order). None is left: a run's members are placed with the records they name
/// (migration 0022), and decisions, which name two records of perhaps two owners, are read in
/// two steps. The list stays so that a future exception is written down with its reason.
pub(crate) const CROSSING: &[(&str, &str)] = &[];

fn shard_column(table: &str) -> Option<&'static str> {
    TABLES
        .iter()
        .find(|t| t.table == table)
        .and_then(|t| match t.placement {
            Placement::Distributed { column, .. } => Some(column),
            Placement::Reference => None,
        })
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Punct(char),
    Other,
}

fn tokens(sql: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_alphanumeric() || c == '_' {
                    word.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Token::Word(word.to_ascii_lowercase()));
        } else if c == '\'' {
            // A string literal is a value, never a name.
            chars.next();
            for c in chars.by_ref() {
                if c == '\'' {
                    break;
                }
            }
            out.push(Token::Other);
        } else if c == ':' || c == '$' {
            // A parameter (`:org`, `$1`) or a cast (`::text`): a value, never a name.
            chars.next();
            while chars
                .peek()
                .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            {
                chars.next();
            }
            out.push(Token::Other);
        } else if c.is_whitespace() {
            chars.next();
        } else {
            out.push(Token::Punct(c));
            chars.next();
        }
    }
    out
}

const NOT_ALIASES: &[&str] = &[
    "on",
    "where",
    "join",
    "left",
    "right",
    "inner",
    "full",
    "cross",
    "group",
    "order",
    "limit",
    "offset",
    "with",
    "set",
    "using",
    "union",
    "returning",
    "values",
    "select",
    "and",
    "or",
    "natural",
    "having",
    "window",
    "for",
    "default",
    "on",
];

/// A `alias.column` reference starting at `i`.
fn column_at(t: &[Token], i: usize) -> Option<(String, String)> {
    match (t.get(i), t.get(i + 1), t.get(i + 2)) {
        (Some(Token::Word(a)), Some(Token::Punct('.')), Some(Token::Word(c))) => {
            Some((a.clone(), c.clone()))
        }
        _ => None,
    }
}

/// What is wrong with one statement: each link between two sharded rows that neither pairs
/// their shard columns in the same statement nor is listed in [`CROSSING`].
pub(crate) fn violations(sql: &str) -> Vec<String> {
    let t = tokens(sql);
    // Aliases (and bare table names) to the sharded tables they stand for; an alias reused in
    // another subquery stands for all of them.
    let mut aliases: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for (i, token) in t.iter().enumerate() {
        let Token::Word(w) = token else { continue };
        if !matches!(w.as_str(), "from" | "join" | "update" | "into") {
            continue;
        }
        let Some(Token::Word(table)) = t.get(i + 1) else {
            continue;
        };
        let Some(entry) = TABLES.iter().find(|p| p.table == table) else {
            continue;
        };
        if !matches!(entry.placement, Placement::Distributed { .. }) {
            continue;
        }
        aliases
            .entry(table.clone())
            .or_default()
            .insert(entry.table);
        let mut j = i + 2;
        if t.get(j) == Some(&Token::Word("as".into())) {
            j += 1;
        }
        if let Some(Token::Word(alias)) = t.get(j) {
            if !NOT_ALIASES.contains(&alias.as_str()) {
                aliases
                    .entry(alias.clone())
                    .or_default()
                    .insert(entry.table);
            }
        }
    }
    let sharded = |alias: &str| aliases.get(alias).cloned().unwrap_or_default();
    // Each link: (left alias, left column, right alias, right column).
    let mut links = Vec::new();
    for i in 0..t.len() {
        let Some(left) = column_at(&t, i) else {
            continue;
        };
        match t.get(i + 3) {
            Some(Token::Punct('=')) => {
                if let Some(right) = column_at(&t, i + 4) {
                    links.push((left.clone(), right));
                }
            }
            Some(Token::Word(w)) if w == "in" && t.get(i + 4) == Some(&Token::Punct('(')) => {
                let mut j = i + 5;
                while let Some(right) = column_at(&t, j) {
                    links.push((left.clone(), right));
                    j += 3;
                    if t.get(j) != Some(&Token::Punct(',')) {
                        break;
                    }
                    j += 1;
                }
            }
            _ => {}
        }
    }
    let is_shard_pair = |(a, x): &(String, String), (b, y): &(String, String)| {
        sharded(a)
            .iter()
            .any(|ta| shard_column(ta) == Some(x.as_str()))
            && sharded(b)
                .iter()
                .any(|tb| shard_column(tb) == Some(y.as_str()))
    };
    // Rows paired on their shard columns sit together, and so do rows paired with those.
    let mut group: BTreeMap<String, String> = BTreeMap::new();
    fn root(group: &BTreeMap<String, String>, alias: &str) -> String {
        let mut at = alias.to_string();
        while let Some(up) = group.get(&at).filter(|up| **up != at) {
            at = up.clone();
        }
        at
    }
    for (l, r) in links.iter().filter(|(l, r)| is_shard_pair(l, r)) {
        let (a, b) = (root(&group, &l.0), root(&group, &r.0));
        if a != b {
            group.insert(a, b);
        }
    }
    let together = |a: &str, b: &str| root(&group, a) == root(&group, b);
    let crossing = |l: &(String, String), r: &(String, String)| {
        sharded(&l.0).iter().any(|ta| {
            sharded(&r.0).iter().any(|tb| {
                let (a, b) = (format!("{ta}.{}", l.1), format!("{tb}.{}", r.1));
                CROSSING
                    .iter()
                    .any(|&(x, y)| (x == a && y == b) || (x == b && y == a))
            })
        })
    };
    let mut found = Vec::new();
    for (l, r) in &links {
        if l.0 == r.0 || sharded(&l.0).is_empty() || sharded(&r.0).is_empty() {
            continue;
        }
        if together(&l.0, &r.0) || crossing(l, r) {
            continue;
        }
        found.push(format!(
            "{}.{} = {}.{} links {:?} and {:?} without pairing their shard columns",
            l.0,
            l.1,
            r.0,
            r.1,
            sharded(&l.0),
            sharded(&r.0)
        ));
    }
    found
}

/// The text of every string literal in Rust source that looks like SQL (placeholders of
/// `format!` blanked).
pub(crate) fn sql_literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = source.chars().peekable();
    let mut in_line_comment = false;
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        if in_line_comment {
            in_line_comment = c != '\n';
            previous = c;
            continue;
        }
        if c == '/' && chars.peek() == Some(&'/') {
            in_line_comment = true;
            continue;
        }
        if c == '\'' && previous != '\\' {
            // A char literal such as '"' must not open a string; lifetimes have no closing quote
            // within two characters, so they are left as they are.
            let ahead: String = chars.clone().take(3).collect();
            if ahead.starts_with("\"'") || ahead.starts_with("\\\"'") {
                chars.nth(ahead.find('\'').unwrap_or(0));
            }
            previous = c;
            continue;
        }
        if c != '"' {
            previous = c;
            continue;
        }
        let mut text = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('\n') => {
                        while chars.peek().is_some_and(|c| c.is_whitespace()) {
                            chars.next();
                        }
                    }
                    Some('n') => text.push('\n'),
                    Some(other) => text.push(other),
                    None => break,
                },
                '"' => break,
                other => text.push(other),
            }
        }
        previous = '"';
        let blanked = blank_placeholders(&text);
        if ["SELECT ", "UPDATE ", "DELETE ", "INSERT "]
            .iter()
            .any(|k| blanked.contains(k))
        {
            out.push(blanked);
        }
    }
    out
}

fn blank_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push(' ');
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::access::RecordKind;
    use crate::api::linkage::LinkKind;
    use crate::api::referrals::Direction;
    use crate::sql::{cases, grants, money, news, runs, statistics, visibility, watchlists};

    #[test]
    fn a_join_without_the_owner_is_found_and_one_with_it_is_not() {
        let bad = "SELECT c.id FROM cases c LEFT JOIN case_secrets s ON s.case_pk = c.pk";
        assert_eq!(violations(bad).len(), 1, "{:?}", violations(bad));
        let good = "SELECT c.id FROM cases c
                    LEFT JOIN case_secrets s ON s.org_id = c.org_id AND s.case_pk = c.pk";
        assert!(violations(good).is_empty(), "{:?}", violations(good));
        let correlated = "SELECT 1 FROM alerts a WHERE
                          (SELECT COUNT(*) FROM alert_transactions x WHERE x.alert_pk = a.pk) > 0";
        assert_eq!(violations(correlated).len(), 1);
        let by_reference = "SELECT c.id FROM cases c JOIN organisations o ON o.id = c.org_id";
        assert!(violations(by_reference).is_empty());
        // Rows paired with the same row are paired with each other.
        let through = "SELECT 1 FROM cases c JOIN case_secrets a ON a.org_id = c.org_id
                       JOIN case_secrets b ON b.org_id = c.org_id AND b.case_pk = a.case_pk";
        assert!(violations(through).is_empty(), "{:?}", violations(through));
        // A referral is sharded by its sender: pairing the receiver is no co-location.
        let sent = "SELECT 1 FROM referrals r JOIN cases c ON c.org_id = r.to_org_id
                    AND c.pk = r.case_pk";
        assert_eq!(violations(sent).len(), 2, "{:?}", violations(sent));
        // A run's members sit with the records they name, not with the run's organisation.
        let run = "SELECT 1 FROM linkage_members m JOIN cases c ON c.pk = m.case_pk";
        assert_eq!(violations(run).len(), 1, "{:?}", violations(run));
        let placed = "SELECT 1 FROM linkage_members m
                      JOIN cases c ON c.org_id = m.record_org_id AND c.pk = m.case_pk";
        assert!(violations(placed).is_empty(), "{:?}", violations(placed));
    }

    #[test]
    fn literals_are_read_out_of_rust_source() {
        let source = r#"
            // "SELECT x FROM cases" in a comment is not SQL
            const Q: &str = "SELECT c.id FROM {scan} JOIN case_secrets f ON f.case_pk = c.pk \
                             WHERE c.org_id = :org";
            let quote = '"';
            let other = "UPDATE jobs SET done = 1";
        "#;
        let found = sql_literals(source);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("SELECT c.id FROM   JOIN case_secrets"));
        assert!(found[0].contains("c.pk WHERE"), "{}", found[0]);
    }

    /// The shared SQL as the store renders it: the statements built from rules (the visibility
    /// rule, runs' tables) are only whole once rendered.
    fn rendered() -> Vec<String> {
        let scan = "cases c";
        let mut all = vec![
            cases::one_case(),
            cases::many_cases(scan, false),
            cases::exported_cases(scan, false),
            cases::count_visible(true, false),
            cases::count_visible(true, true),
            cases::facet_texts(scan),
            grants::grant_by_id(),
            grants::grants(true),
            grants::grants(false),
            grants::consent_by_id(),
            grants::consents(),
            grants::referral_by_id(),
            grants::referrals(Direction::Incoming),
            money::visible_transactions(),
            money::transactions_by_id(&[":a".into()]),
            money::alerts_since(),
            money::alert_by_id(),
            money::visible_alert(),
            money::alert_to_review(),
            money::listed_transactions(),
            news::article_by_id(),
            news::with_facet(),
            news::articles_among("a.id = :id"),
            news::text_by_id(),
            runs::count_persons(scan),
            runs::reports_for_linkage(),
            runs::event_reports(),
            runs::count_events(),
            statistics::case_facts(scan),
            statistics::incident_facts(),
            watchlists::visible_lists(),
            watchlists::entries(),
        ];
        let page = money::alert_page("");
        all.extend([page.total, page.page, page.typologies]);
        for kind in [LinkKind::Persons, LinkKind::Events] {
            let t = runs::tables(kind);
            all.extend([
                t.visible_pk(),
                t.group_of(),
                t.first_of_group(),
                t.select_decisions(),
                t.visible_ids(":keys"),
                t.withdraw_unseen_members(),
                t.decisions_naming(),
                t.unseen_keys(":keys"),
                t.delete_decisions(":ids"),
                t.insert_member(),
                t.upsert_decision(),
            ]);
            all.extend(t.delete_runs());
        }
        for kind in [
            RecordKind::Case,
            RecordKind::Article,
            RecordKind::Watchlist,
            RecordKind::Transaction,
            RecordKind::Alert,
        ] {
            all.push(format!(
                "SELECT 1 FROM {} r WHERE {}",
                grants::record_table(kind),
                visibility::visible(kind, "r")
            ));
        }
        all
    }

    #[test]
    fn every_join_between_sharded_rows_pairs_their_owners() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut statements: Vec<(String, String)> = rendered()
            .into_iter()
            .map(|sql| ("rendered shared SQL".to_string(), sql))
            .collect();
        for sub in ["postgres", "sql"] {
            let mut files: Vec<_> = std::fs::read_dir(dir.join(sub))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for file in files {
                // This file's examples are wrong on purpose; the list holds no SQL.
                if file.ends_with("colocation.rs") || file.ends_with("distribution.rs") {
                    continue;
                }
                let source = std::fs::read_to_string(&file).unwrap();
                for sql in sql_literals(&source) {
                    statements.push((file.display().to_string(), sql));
                }
            }
        }
        let source = std::fs::read_to_string(dir.join("trail.rs")).unwrap();
        statements.extend(
            sql_literals(&source)
                .into_iter()
                .map(|s| ("trail.rs".into(), s)),
        );
        assert!(
            statements.len() > 150,
            "only {} statements",
            statements.len()
        );
        let problems: Vec<String> = statements
            .iter()
            .flat_map(|(whence, sql)| {
                violations(sql).into_iter().map(move |v| {
                    let start: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
                    let start: String = start.chars().take(160).collect();
                    format!("{whence}: {v}\n    in {start}…")
                })
            })
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
