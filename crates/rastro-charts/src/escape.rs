//! Making caller text safe to put into SVG.

/// Appends `text` to `out` so that it reads back as the same characters inside an element or a
/// double- or single-quoted attribute.
///
/// Characters XML 1.0 forbids outright (most C0 controls, U+FFFE, U+FFFF) cannot be escaped at
/// all, so they become U+FFFD; left in, a single stray control byte from an imported spreadsheet
/// would make the whole chart unparsable.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// The link target to use, or `None` when the link must be dropped.
///
/// Only paths (`/…`) and queries (`?…`) on the dashboard's own site are kept: anything else could
/// be `javascript:` or lead readers off the site. `//host` and `/\host` are protocol-relative in
/// browsers, and browsers delete tabs and newlines from URLs before reading them, so `/\t/host`
/// would become `//host`; all of these are refused too.
pub(crate) fn safe_href(href: Option<&str>) -> Option<&str> {
    let href = href?;
    if href.chars().any(|c| c.is_control()) {
        return None;
    }
    let mut chars = href.chars();
    match chars.next() {
        Some('?') => Some(href),
        Some('/') => match chars.next() {
            Some('/') | Some('\\') => None,
            _ => Some(href),
        },
        _ => None,
    }
}

/// `prefix` reduced to characters that are safe both in an `id` and inside `url(#…)`.
///
/// A prefix that does not start with a letter gets one, because ids starting with a digit are not
/// valid CSS identifiers and some tools then refuse the `url(#…)` references.
pub(crate) fn id_prefix(prefix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 1);
    if !prefix.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.push('c');
    }
    for c in prefix.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    out
}

/// Whether `colour` is a plain `#rgb` or `#rrggbb` colour.
///
/// Colours reach `fill` attributes, where `url(…)` would fetch from elsewhere, so only hex
/// literals are accepted from callers.
pub(crate) fn is_hex_colour(colour: &str) -> bool {
    let Some(digits) = colour.strip_prefix('#') else {
        return false;
    };
    (digits.len() == 3 || digits.len() == 6) && digits.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &apos;y&apos;)&lt;/script&gt;"
        );
    }

    #[test]
    fn characters_xml_forbids_are_replaced() {
        assert_eq!(
            escape("a\u{0}b\u{1b}c\u{FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
        assert_eq!(escape("tab\there\nok"), "tab\there\nok");
        assert_eq!(escape("São Paulo – 東京"), "São Paulo – 東京");
    }

    #[test]
    fn only_same_site_links_are_kept() {
        assert_eq!(safe_href(Some("/cases?c=PE")), Some("/cases?c=PE"));
        assert_eq!(safe_href(Some("?year=2024")), Some("?year=2024"));
        assert_eq!(safe_href(Some("/")), Some("/"));
        for bad in [
            "javascript:alert(1)",
            " /x",
            "//evil.example/",
            "/\\evil.example/",
            "/\t/evil.example",
            "/x\ny",
            "https://evil.example/",
            "",
            "data:text/html,hi",
        ] {
            assert_eq!(safe_href(Some(bad)), None, "{bad:?} kept");
        }
        assert_eq!(safe_href(None), None);
    }

    #[test]
    fn id_prefixes_are_made_safe() {
        assert_eq!(id_prefix("map-1_b"), "map-1_b");
        assert_eq!(id_prefix("a\" onload=\"x"), "a__onload__x");
        assert_eq!(id_prefix("1st"), "c1st");
        assert_eq!(id_prefix(""), "c");
        assert_eq!(id_prefix("mapa)"), "mapa_");
    }

    #[test]
    fn only_hex_colours_pass() {
        assert!(is_hex_colour("#0072B2"));
        assert!(is_hex_colour("#fff"));
        assert!(!is_hex_colour("url(https://evil.example/x)"));
        assert!(!is_hex_colour("#12345"));
        assert!(!is_hex_colour("red"));
        assert!(!is_hex_colour("#gggggg"));
    }
}
