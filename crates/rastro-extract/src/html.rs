//! A small tag-aware HTML-to-text converter for news pages.
//!
//! News pages wrap a few paragraphs in menus, share buttons, related links and scripts. A full
//! HTML5 parser is a heavy dependency for a job that needs only: drop whole elements that are
//! never the story (by tag, or by a class/id that says navigation, footer, sharing…), prefer
//! `<article>` when the page has one, break lines at block elements, decode entities.

/// Plain text of a page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageText {
    pub title: Option<String>,
    pub text: String,
    pub had_body: bool,
    /// From `<meta property="article:published_time">` and its common variants.
    pub published: Option<String>,
    /// From `<link rel="canonical">` or `<meta property="og:url">`.
    pub url: Option<String>,
}

/// Meta names and properties that carry the publication date.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
];

/// The value of attribute `key` in a tag's attribute text, as written.
fn get_attr(attrs: &str, key: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(key) {
        let at = from + pos;
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[at + key.len()..].trim_start();
        if before_ok && rest.starts_with('=') {
            let eq = at + key.len() + (lower[at + key.len()..].len() - rest.len());
            return Some(decode_entities(attr_value(&attrs[eq + 1..])));
        }
        from = at + key.len();
    }
    None
}

/// Elements whose whole content is never article text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
    "iframe", "select", "button", "menu", "figure", "object", "canvas",
];

/// Class or id words that mark boilerplate containers.
const BOILERPLATE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "header",
    "sidebar",
    "share",
    "sharing",
    "social",
    "related",
    "comments",
    "comment",
    "cookie",
    "cookies",
    "breadcrumb",
    "breadcrumbs",
    "advert",
    "advertisement",
    "ads",
    "ad",
    "promo",
    "newsletter",
    "subscribe",
    "widget",
    "masthead",
    "topbar",
    "banner",
    "popup",
    "modal",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "main",
    "blockquote",
    "ul",
    "ol",
    "table",
    "dd",
    "dt",
    "pre",
    "hr",
    "td",
    "th",
    "body",
    "title",
];

const VOID_TAGS: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "track",
    "wbr", "param",
];

struct Tag<'a> {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: &'a str,
}

fn parse_tag(inner: &str) -> Option<Tag<'_>> {
    let (closing, rest) = match inner.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, inner),
    };
    let name_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(rest.len());
    if name_end == 0 {
        return None;
    }
    let name = rest[..name_end].to_ascii_lowercase();
    let attrs = &rest[name_end..];
    Some(Tag {
        self_closing: attrs.trim_end().ends_with('/'),
        name,
        closing,
        attrs,
    })
}

fn is_boilerplate(attrs: &str) -> bool {
    let lower = attrs.to_ascii_lowercase();
    for key in ["class=", "id=", "role="] {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(key) {
            let start = from + pos + key.len();
            let value = attr_value(&lower[start..]);
            if value
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| BOILERPLATE_WORDS.contains(&w))
            {
                return true;
            }
            from = start;
        }
    }
    false
}

fn attr_value(s: &str) -> &str {
    let s = s.trim_start();
    if let Some(q) = s.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = &s[1..];
        return &body[..body.find(q).unwrap_or(body.len())];
    }
    &s[..s
        .find(|c: char| c.is_whitespace() || c == '>')
        .unwrap_or(s.len())]
}

/// Finds the `>` that closes a tag starting after `<`, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"') | (None, b'\'') => quote = Some(b),
            (None, b'>') => return Some(i),
            (None, b'<') if i > 0 => return None,
            _ => {}
        }
    }
    None
}

#[derive(Default)]
struct Sink {
    buf: String,
    pending_space: bool,
}

impl Sink {
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.buf.is_empty() && !self.buf.ends_with('\n') {
                    self.buf.push(' ');
                }
                self.pending_space = false;
                self.buf.push(c);
            }
        }
    }

    fn block(&mut self) {
        self.pending_space = false;
        if !self.buf.is_empty() && !self.buf.ends_with('\n') {
            self.buf.push('\n');
        }
    }
}

/// Converts a page to its article text.
pub fn to_text(html: &str) -> PageText {
    let mut body = Sink::default();
    let mut article = Sink::default();
    let mut title = Sink::default();
    let mut h1 = Sink::default();
    let mut had_body = false;
    let mut published: Option<String> = None;
    let mut url: Option<String> = None;
    let mut skip: Option<(String, usize)> = None;
    let mut in_title = false;
    let mut article_depth = 0usize;
    let mut h1_state = 0u8; // 0 before the first h1, 1 inside it, 2 after it
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        let Some(lt) = rest.find('<') else {
            emit(
                &mut skip,
                rest,
                in_title,
                article_depth,
                h1_state,
                [&mut body, &mut article, &mut title, &mut h1],
            );
            break;
        };
        if lt > 0 {
            emit(
                &mut skip,
                &rest[..lt],
                in_title,
                article_depth,
                h1_state,
                [&mut body, &mut article, &mut title, &mut h1],
            );
        }
        let after = &rest[lt + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            let end = comment.find("-->").map(|e| e + 3).unwrap_or(comment.len());
            i += lt + 4 + end;
            continue;
        }
        let Some(end) = tag_end(after) else {
            emit(
                &mut skip,
                "<",
                in_title,
                article_depth,
                h1_state,
                [&mut body, &mut article, &mut title, &mut h1],
            );
            i += lt + 1;
            continue;
        };
        i += lt + 1 + end + 1;
        let Some(tag) = parse_tag(&after[..end]) else {
            continue;
        };
        if let Some((name, depth)) = &mut skip {
            if tag.name == *name && !VOID_TAGS.contains(&tag.name.as_str()) {
                if tag.closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                } else if !tag.self_closing {
                    *depth += 1;
                }
            }
            continue;
        }
        let name = tag.name.as_str();
        if name == "body" && !tag.closing {
            had_body = true;
        }
        if name == "meta" {
            let key = get_attr(tag.attrs, "property")
                .or_else(|| get_attr(tag.attrs, "name"))
                .or_else(|| get_attr(tag.attrs, "itemprop"))
                .map(|k| k.to_ascii_lowercase());
            let content = get_attr(tag.attrs, "content").filter(|c| !c.trim().is_empty());
            match (key.as_deref(), content) {
                (Some(k), Some(c)) if published.is_none() && PUBLISHED_META.contains(&k) => {
                    published = Some(c.trim().to_string())
                }
                (Some("og:url"), Some(c)) if url.is_none() => url = Some(c.trim().to_string()),
                _ => {}
            }
            continue;
        }
        if name == "link"
            && get_attr(tag.attrs, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        {
            if let Some(href) = get_attr(tag.attrs, "href") {
                url = Some(href.trim().to_string());
            }
            continue;
        }
        if name == "title" {
            in_title = !tag.closing;
            continue;
        }
        if !tag.closing
            && !tag.self_closing
            && !VOID_TAGS.contains(&name)
            && (SKIP_TAGS.contains(&name) || is_boilerplate(tag.attrs))
            && name != "body"
            && name != "html"
            // An article's own header holds its headline, not the site's menu.
            && !(name == "header" && article_depth > 0)
        {
            skip = Some((tag.name.clone(), 1));
            continue;
        }
        if name == "article" {
            if tag.closing {
                article_depth = article_depth.saturating_sub(1);
            } else {
                article_depth += 1;
            }
        }
        if name == "h1" {
            if !tag.closing && h1_state == 0 {
                h1_state = 1;
            } else if tag.closing && h1_state == 1 {
                h1_state = 2;
                continue;
            }
        }
        if BLOCK_TAGS.contains(&name) {
            body.block();
            if article_depth > 0 || (name == "article" && tag.closing) {
                article.block();
            }
        }
    }
    let chosen = if article.buf.trim().is_empty() {
        body.buf
    } else {
        article.buf
    };
    let title = Some(decode_entities(h1.buf.trim()))
        .filter(|t| !t.is_empty())
        .or_else(|| {
            Some(clean_title(&decode_entities(title.buf.trim()))).filter(|t| !t.is_empty())
        });
    PageText {
        title,
        text: decode_entities(chosen.trim()),
        had_body,
        published,
        url,
    }
}

fn emit(
    skip: &mut Option<(String, usize)>,
    s: &str,
    in_title: bool,
    article_depth: usize,
    h1_state: u8,
    [body, article, title, h1]: [&mut Sink; 4],
) {
    if skip.is_some() {
        return;
    }
    if in_title {
        title.text(s);
        return;
    }
    if h1_state == 1 {
        // The first heading becomes the title and is not repeated in the body.
        h1.text(s);
        return;
    }
    body.text(s);
    if article_depth > 0 {
        article.text(s);
    }
}

/// Drops the site name that `<title>` usually carries after a separator.
fn clean_title(t: &str) -> String {
    for sep in [" | ", " – ", " — ", " - "] {
        if let Some(pos) = t.rfind(sep) {
            if pos > t.len() / 2 {
                return t[..pos].trim().to_string();
            }
        }
    }
    t.to_string()
}

/// Decodes character references: numeric ones and the named ones Spanish, Portuguese and English
/// news use.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp + 1..];
        let semi = tail.find(';').filter(|&p| p <= 10);
        let decoded = semi.and_then(|p| entity(&tail[..p]).map(|c| (c, p)));
        match decoded {
            Some((c, p)) => {
                out.push(c);
                rest = &tail[p + 1..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).map(|c| if c == '\u{a0}' { ' ' } else { c });
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "aacute" => 'á',
        "eacute" => 'é',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "Aacute" => 'Á',
        "Eacute" => 'É',
        "Iacute" => 'Í',
        "Oacute" => 'Ó',
        "Uacute" => 'Ú',
        "ntilde" => 'ñ',
        "Ntilde" => 'Ñ',
        "uuml" => 'ü',
        "Uuml" => 'Ü',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "atilde" => 'ã',
        "otilde" => 'õ',
        "Atilde" => 'Ã',
        "Otilde" => 'Õ',
        "acirc" => 'â',
        "ecirc" => 'ê',
        "ocirc" => 'ô',
        "agrave" => 'à',
        "Agrave" => 'À',
        "ordm" => 'º',
        "ordf" => 'ª',
        "deg" => '°',
        "iexcl" => '¡',
        "iquest" => '¿',
        "laquo" => '«',
        "raquo" => '»',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "euro" => '€',
        "pound" => '£',
        "copy" => '©',
        "middot" => '·',
        "bull" => '•',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_article_and_drops_boilerplate() {
        let page = r#"<!DOCTYPE html><html><head><title>Rescatan a 5 - Diario</title>
<script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Inicio</a></nav>
<div class="share-buttons">Compartir</div>
<article><h1>Rescatan a 5 mujeres</h1><p>La Policía rescató&nbsp;a 5 mujeres en
Bogot&aacute;.</p><p>Hubo 2 detenidos &amp; una&#32;red.</p></article>
<footer>© Diario</footer></body></html>"#;
        let t = to_text(page);
        assert!(t.had_body);
        assert_eq!(t.title.as_deref(), Some("Rescatan a 5 mujeres"));
        assert_eq!(
            t.text,
            "La Policía rescató a 5 mujeres en Bogotá.\nHubo 2 detenidos & una red."
        );
    }

    #[test]
    fn keeps_the_headline_in_an_articles_own_header() {
        let page = "<body><header class=\"site\"><h1>Diario</h1></header><article><header><h1>Liberan a 9</h1></header><p>Texto.</p></article></body>";
        let t = to_text(page);
        assert_eq!(t.title.as_deref(), Some("Liberan a 9"));
        assert_eq!(t.text, "Texto.");
    }

    #[test]
    fn reads_publication_date_and_canonical_url() {
        let page = r#"<html><head><meta property="og:url" content="https://x.example/a?utm_source=1">
<link rel="canonical" href="https://x.example/a"><meta property="article:published_time" content="2024-05-02T10:00:00Z">
<meta name="description" content="ignored"></head><body><p>Texto.</p></body></html>"#;
        let t = to_text(page);
        assert_eq!(t.published.as_deref(), Some("2024-05-02T10:00:00Z"));
        assert_eq!(t.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(
            get_attr(r#" a="1" data-b='2' b=3"#, "b").as_deref(),
            Some("3")
        );
    }

    #[test]
    fn falls_back_to_body_and_title_tag() {
        let t = to_text("<html><head><title>Operação X | Portal</title></head><body><div>Texto <b>aqui</b></div><!-- c --><p>Mais</p></body></html>");
        assert_eq!(t.title.as_deref(), Some("Operação X"));
        assert_eq!(t.text, "Texto aqui\nMais");
    }

    #[test]
    fn survives_broken_markup() {
        let t = to_text("<p>a < b and <unclosed");
        assert_eq!(t.text, "a < b and <unclosed");
        let nested = to_text("<body><aside><aside>x</aside>y</aside>z</body>");
        assert_eq!(nested.text, "z");
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("S&atilde;o &#233; &#x41; &bogus; &"),
            "São é A &bogus; &"
        );
    }
}
