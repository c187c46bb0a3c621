//! Named parameters (`:org`) for drivers that number theirs (`$1`).

/// Rewrites every `:name` outside string literals to `$n`, the same name always getting the same
/// number, and returns the names in number order (what to bind as `$1`, `$2`…). A `::` (a
/// PostgreSQL cast) is left alone.
// The caller is the numbered-parameter backend (PostgreSQL); the visibility test renders the
// shared rule through it today so that backend reuses the rule rather than copies it.
#[allow(dead_code)]
pub(crate) fn positional(sql: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(sql.len());
    let mut names: Vec<String> = Vec::new();
    let mut chars = sql.char_indices().peekable();
    let mut in_literal = false;
    while let Some((i, c)) = chars.next() {
        if in_literal {
            out.push(c);
            if c == '\'' {
                in_literal = false;
            }
            continue;
        }
        match c {
            '\'' => {
                in_literal = true;
                out.push(c);
            }
            ':' if chars.peek().is_some_and(|&(_, n)| n == ':') => {
                out.push_str("::");
                chars.next();
            }
            ':' if chars
                .peek()
                .is_some_and(|&(_, n)| n.is_ascii_alphabetic() || n == '_') =>
            {
                let start = i + 1;
                let mut end = start;
                while let Some(&(j, n)) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        end = j + n.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let name = &sql[start..end];
                let number = match names.iter().position(|n| n == name) {
                    Some(p) => p + 1,
                    None => {
                        names.push(name.to_string());
                        names.len()
                    }
                };
                out.push('$');
                out.push_str(&number.to_string());
            }
            _ => out.push(c),
        }
    }
    (out, names)
}

#[cfg(test)]
mod tests {
    use super::positional;

    #[test]
    fn literals_and_casts_are_left_alone() {
        let (sql, names) =
            positional("SELECT ':no', x::text FROM t WHERE a = :a AND b = :b_2 OR a = :a");
        assert_eq!(
            sql,
            "SELECT ':no', x::text FROM t WHERE a = $1 AND b = $2 OR a = $1"
        );
        assert_eq!(names, vec!["a", "b_2"]);
    }
}
