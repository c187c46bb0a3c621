//! Input decoding: bytes of a file (or of standard input) into articles, with a warning or an
//! error for everything that is not as it should be. Nothing here reads files: the caller does,
//! and names the source in its messages.

use std::borrow::Cow;

pub use crate::article::{Article, Decoded, InputError, Warning};
use crate::{feed, html, jsonl};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    JsonLines,
    /// RSS or Atom: one article per item.
    Feed,
}

impl Format {
    /// Chooses by file extension, and by content when the extension says nothing.
    pub fn detect(name: &str, head: &[u8]) -> Format {
        let lower = name.to_ascii_lowercase();
        let start = String::from_utf8_lossy(&head[..head.len().min(512)]).to_ascii_lowercase();
        if lower.ends_with(".rss") || lower.ends_with(".atom") || feed::looks_like_feed(&start) {
            return Format::Feed;
        }
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json") {
            return Format::JsonLines;
        }
        if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
            return Format::Html;
        }
        if lower.ends_with(".txt") || lower.ends_with(".text") || lower.ends_with(".md") {
            return Format::Text;
        }
        let start = start.trim_start_matches('\u{feff}').trim_start();
        if start.starts_with('{') || start.starts_with('[') {
            Format::JsonLines
        } else if start.starts_with("<!doctype html")
            || start.starts_with("<html")
            || start.starts_with("<?xml")
            || (start.starts_with('<') && start.contains("<body"))
        {
            Format::Html
        } else {
            Format::Text
        }
    }
}

/// Decodes one input. `stem` names articles of plain-text and HTML inputs and prefixes ids that
/// JSON lines do not give.
pub fn decode(stem: &str, format: Format, bytes: &[u8]) -> Decoded {
    let mut out = Decoded::default();
    if let Some(kind) = binary_kind(bytes) {
        out.errors.push(InputError::Binary { kind });
        return out;
    }
    let text = match decode_text(bytes) {
        (text, Some(w)) => {
            out.warnings.push(w);
            text
        }
        (text, None) => text,
    };
    if text.trim().is_empty() {
        out.errors.push(InputError::Empty);
        return out;
    }
    match format {
        Format::Text => out.articles.push(Article::plain(stem, text.into_owned())),
        Format::Html => {
            let page = html::to_text(&text);
            if !page.had_body {
                out.warnings.push(Warning {
                    line: None,
                    message: "HTML has no <body>: reading the whole document".into(),
                });
            }
            if page.text.trim().is_empty() {
                out.errors.push(InputError::EmptyHtml);
            } else {
                out.articles.push(Article {
                    id: stem.to_string(),
                    title: page.title,
                    text: page.text,
                    url: page.url,
                    published: page.published,
                    line: None,
                });
            }
        }
        Format::JsonLines => jsonl::read(stem, &text, &mut out),
        Format::Feed => feed::read(stem, &text, &mut out),
    }
    out
}

/// Recognises inputs that are not text at all, by signature or by control characters in the
/// first 8 KB.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "ZIP/Office"),
        (b"\x89PNG", "PNG image"),
        (b"GIF8", "GIF image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"\x7fELF", "executable"),
        (b"\x1f\x8b", "gzip"),
        (b"\xd0\xcf\x11\xe0", "OLE/Office"),
    ];
    for (sig, kind) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Some(kind);
        }
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return None;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if head.contains(&0) || control * 20 > head.len().max(1) {
        return Some("control characters");
    }
    None
}

/// Decodes UTF-8 (with or without BOM) or BOM-marked UTF-16. Invalid UTF-8 is decoded lossily
/// and reported, because dropping a whole article for one bad byte loses more than it protects.
pub fn decode_text(bytes: &[u8]) -> (Cow<'_, str>, Option<Warning>) {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return decode_text(rest);
    }
    let utf16 = |le: bool, rest: &[u8]| {
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        let mut bad = 0usize;
        let text: String = char::decode_utf16(units)
            .map(|r| {
                r.unwrap_or_else(|_| {
                    bad += 1;
                    char::REPLACEMENT_CHARACTER
                })
            })
            .collect();
        let warning = (bad > 0).then(|| Warning {
            line: None,
            message: format!("invalid UTF-16: {bad} unit(s) replaced with U+FFFD"),
        });
        (Cow::Owned(text), warning)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return utf16(true, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return utf16(false, rest);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(err) => {
            let first = err.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            let replaced = text.chars().filter(|&c| c == '\u{fffd}').count();
            let line = bytes[..first].iter().filter(|&&b| b == b'\n').count() + 1;
            let warning = Warning {
                line: Some(line),
                message: format!(
                    "invalid UTF-8 (first at byte {first}); decoded lossily, {replaced} character(s) replaced with U+FFFD"
                ),
            };
            (Cow::Owned(text), Some(warning))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        assert_eq!(Format::detect("a.jsonl", b""), Format::JsonLines);
        assert_eq!(Format::detect("a.HTM", b""), Format::Html);
        assert_eq!(
            Format::detect("-", b"  <!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(Format::detect("-", b"{\"id\":1}"), Format::JsonLines);
        assert_eq!(Format::detect("notes", b"Policia rescata"), Format::Text);
    }

    #[test]
    fn rejects_binary_and_empty_inputs() {
        let pdf = decode("x", Format::Text, b"%PDF-1.4\n...");
        assert_eq!(pdf.errors, [InputError::Binary { kind: "PDF" }]);
        let nul = decode("x", Format::Text, b"abc\0\0\0def");
        assert!(matches!(nul.errors[0], InputError::Binary { .. }));
        let empty = decode("x", Format::Text, b" \n\t ");
        assert_eq!(empty.errors, [InputError::Empty]);
        assert!(empty.articles.is_empty());
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_with_a_warning() {
        let d = decode("x", Format::Text, b"Polic\xeda rescata\nsecond \xff line");
        assert_eq!(d.articles.len(), 1);
        assert!(d.articles[0].text.contains("rescata"));
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].line, Some(1));
        assert!(d.warnings[0].message.contains("2 character(s) replaced"));
    }

    #[test]
    fn decodes_bom_marked_utf16() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Operação".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode("x", Format::Text, &bytes);
        assert_eq!(d.articles[0].text, "Operação");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn html_without_body_warns_and_is_still_read() {
        let d = decode(
            "page",
            Format::Html,
            b"<title>T</title><p>Rescatan a 5 mujeres.</p>",
        );
        assert_eq!(d.articles.len(), 1);
        assert_eq!(d.articles[0].title.as_deref(), Some("T"));
        assert!(d.warnings[0].message.contains("no <body>"));
        let none = decode(
            "page",
            Format::Html,
            b"<html><body><script>x()</script></body></html>",
        );
        assert_eq!(none.errors, [InputError::EmptyHtml]);
    }

    /// Random bytes in every format: an error or articles, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..600 {
            let len = (round * 7) % 300;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Mostly printable, sometimes markup, braces and invalid UTF-8.
                    match state % 10 {
                        0 => b'<',
                        1 => b'{',
                        2 => b'"',
                        3 => 0xc3,
                        4 => b'\n',
                        _ => (state >> 8) as u8,
                    }
                })
                .collect();
            for format in [Format::Text, Format::Html, Format::JsonLines] {
                let d = decode("x", format, &bytes);
                for a in &d.articles {
                    let _ = crate::extract(a);
                }
            }
        }
    }

    #[test]
    fn full_text_puts_the_title_first() {
        let mut a = Article::plain("a", "Body.");
        a.title = Some("Title".into());
        assert_eq!(a.full_text(), "Title\n\nBody.");
    }
}
