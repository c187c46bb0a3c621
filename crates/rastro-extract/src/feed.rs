//! News feeds: RSS 2.0, RSS 1.0 (RDF) and Atom. Search alerts and outlets' sections arrive as
//! feeds, so each item becomes an article: its title, its text (the full content when the feed
//! carries it, else the summary, read from HTML), its link, and its date as a calendar day.
//!
//! Feeds are small, flat documents: items hold a handful of named children, text in CDATA or
//! escaped, and no nesting that matters. A scanner for those elements is enough, and a malformed
//! item costs only that item.

use rastro_text::{fold_key, month_names, Lang};

use crate::article::{Article, Decoded, InputError, Warning};
use crate::html;

/// Whether a document's start, lower-cased, says it is a feed (`<rss`, `<feed`, `<rdf:rdf`).
pub fn looks_like_feed(lowered_head: &str) -> bool {
    let root = after_prolog(lowered_head.trim_start_matches('\u{feff}'));
    ["<rss", "<feed", "<rdf:rdf"]
        .iter()
        .any(|tag| root.starts_with(tag))
}

/// The document after its XML declaration, comments and processing instructions.
fn after_prolog(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        let end = if text.starts_with("<?") {
            text.find("?>").map(|p| p + 2)
        } else if text.starts_with("<!--") {
            text.find("-->").map(|p| p + 3)
        } else if text.starts_with("<!doctype") {
            text.find('>').map(|p| p + 1)
        } else {
            None
        };
        match end {
            Some(end) => text = &text[end..],
            None => return text,
        }
    }
}

/// Reads every item of a feed into `out`; `stem` names items that carry no id or link.
pub fn read(stem: &str, xml: &str, out: &mut Decoded) {
    let items: Vec<&str> = elements(xml, "item")
        .chain(elements(xml, "entry"))
        .map(|(_, inner)| inner)
        .collect();
    if items.is_empty() {
        out.errors.push(InputError::EmptyFeed);
        return;
    }
    for (n, item) in items.iter().enumerate() {
        let number = n + 1;
        let title = child_text(item, &["title"]).filter(|t| !t.is_empty());
        let body = ["content:encoded", "content", "description", "summary"]
            .iter()
            .find_map(|name| child_text(item, &[name]).filter(|t| !t.is_empty()));
        let Some(text) = body.or_else(|| title.clone()) else {
            out.warnings.push(Warning {
                line: None,
                message: format!("feed item {number} has neither text nor title; skipped"),
            });
            continue;
        };
        let url = link_of(item);
        let id = child_text(item, &["guid", "id"])
            .filter(|id| !id.is_empty())
            .or_else(|| url.clone())
            .unwrap_or_else(|| format!("{stem}-{number}"));
        let published = child_text(item, &["pubDate", "published", "dc:date", "updated"])
            .and_then(|date| calendar_day(&date));
        out.articles.push(Article {
            id,
            title,
            text,
            url,
            published,
            line: Some(number),
        });
    }
}

/// The `(attributes, inner text)` of every element named `name` (not of longer names that start
/// with it), in document order. An element left open ends the scan.
fn elements<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
    let mut rest = xml;
    std::iter::from_fn(move || loop {
        let open = rest.find('<')?;
        let after = &rest[open + 1..];
        if !after.starts_with(name) {
            rest = after;
            continue;
        }
        let tail = &after[name.len()..];
        if !tail.starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace()) {
            rest = after;
            continue;
        }
        let close = tail.find('>')?;
        let attributes = &tail[..close];
        if attributes.ends_with('/') {
            rest = &tail[close + 1..];
            return Some((attributes.trim_end_matches('/'), ""));
        }
        let body = &tail[close + 1..];
        let end_tag = format!("</{name}>");
        let end = end_of(body, &end_tag)?;
        rest = &body[end + end_tag.len()..];
        return Some((attributes, &body[..end]));
    })
}

/// Where `end_tag` closes an element whose content is `body`, past any CDATA section (which may
/// hold markup of its own).
fn end_of(body: &str, end_tag: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let tag = body[from..].find(end_tag).map(|p| p + from)?;
        let cdata = body[from..].find("<![CDATA[").map(|p| p + from);
        match cdata {
            Some(start) if start < tag => {
                let close = body[start..].find("]]>")?;
                from = start + close + 3;
            }
            _ => return Some(tag),
        }
    }
}

/// The text of the first child named any of `names`, as plain text: CDATA unwrapped, entities
/// decoded, and markup (summaries are often HTML) read as a page fragment.
fn child_text(item: &str, names: &[&str]) -> Option<String> {
    let inner = names
        .iter()
        .find_map(|name| elements(item, name).next().map(|(_, inner)| inner))?;
    let mut raw = String::new();
    let mut rest = inner;
    while let Some(start) = rest.find("<![CDATA[") {
        raw.push_str(&html::decode_entities(&rest[..start]));
        let after = &rest[start + 9..];
        let end = after.find("]]>").unwrap_or(after.len());
        raw.push_str(&after[..end]);
        rest = after.get(end + 3..).unwrap_or("");
    }
    raw.push_str(&html::decode_entities(rest));
    let text = if raw.contains('<') {
        html::to_text(&raw).text
    } else {
        raw
    };
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// An item's address: RSS's `<link>` text, or Atom's `<link href>` (the alternate one first).
fn link_of(item: &str) -> Option<String> {
    let mut atom: Option<String> = None;
    for (attributes, inner) in elements(item, "link") {
        match attribute(attributes, "href") {
            Some(href) => {
                let rel = attribute(attributes, "rel");
                if rel.is_none() || rel.as_deref() == Some("alternate") {
                    return Some(href);
                }
                atom.get_or_insert(href);
            }
            None => {
                let text = html::decode_entities(inner.trim());
                if !text.is_empty() {
                    return Some(text);
                }
            }
        }
    }
    atom
}

fn attribute(attributes: &str, name: &str) -> Option<String> {
    let mut rest = attributes;
    while let Some(at) = rest.find(name) {
        let before_ok = rest[..at]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        if before_ok {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start();
                let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
                let end = value[1..].find(quote)?;
                return Some(html::decode_entities(&value[1..1 + end]));
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

/// A feed's date as `YYYY-MM-DD`: ISO 8601 (Atom, Dublin Core) or RFC 822 as RSS writes it
/// ("Tue, 07 Feb 2023 10:00:00 GMT"), month names also in Spanish or Portuguese.
fn calendar_day(date: &str) -> Option<String> {
    let date = date.trim();
    // The bytes checked are ASCII, but a feed's text is not: slice only on a character boundary.
    if let Some(day) = date.get(..10) {
        if day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-' {
            return Some(day.to_string());
        }
    }
    let mut day = None;
    let mut month = None;
    let mut year = None;
    // A zone ("-0300", "+0100") and the time are not parts of the day.
    for word in date.split(|c: char| c.is_whitespace() || c == ',') {
        if word.is_empty() || word.contains(':') || word.starts_with(['+', '-']) {
            continue;
        }
        if let Ok(n) = word.parse::<u32>() {
            if word.len() == 4 && year.is_none() {
                year = Some(n);
            } else if day.is_none() && (1..=31).contains(&n) {
                day = Some(n);
            }
        } else if month.is_none() {
            month = month_of(word);
        }
    }
    let (year, month, day) = (year?, month?, day?);
    (day <= rastro_text::days_in_month(year as i32, month))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// A month from its name or first three letters, when every language that knows it agrees.
fn month_of(word: &str) -> Option<u32> {
    let folded: String = fold_key(word)
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    if folded.len() < 3 {
        return None;
    }
    let mut found = None;
    for lang in Lang::ALL {
        let mut number = 0;
        for name in month_names(lang) {
            // Spanish lists "septiembre" and "setiembre": both are September.
            if *name != "setiembre" {
                number += 1;
            }
            if name.starts_with(folded.as_str()) {
                match found {
                    None => found = Some(number),
                    Some(other) if other != number => return None,
                    Some(_) => {}
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(xml: &str) -> Decoded {
        let mut out = Decoded::default();
        read("alerts", xml, &mut out);
        out
    }

    #[test]
    fn rss_items_are_articles_with_their_text_link_and_day() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Alertas: trata de personas</title><link>https://news.example/</link>
<item>
  <title>Rescatan a 12 mujeres en Cusco &amp; detienen a 3</title>
  <link>https://news.example/cusco-12</link>
  <guid isPermaLink="false">tag:news.example,2023:cusco-12</guid>
  <pubDate>Tue, 07 Feb 2023 10:00:00 GMT</pubDate>
  <description><![CDATA[<p>La policía <b>rescató</b> a 12 mujeres.</p><p>Fueron detenidas tres personas.</p>]]></description>
</item>
<item>
  <title>Operação resgata trabalhadores</title>
  <link>https://noticias.example/go</link>
  <pubDate>sex, 17 mar 2023 09:30:00 -0300</pubDate>
  <description>&lt;p&gt;Fiscais resgataram 212 trabalhadores em Goiás.&lt;/p&gt;</description>
  <content:encoded><![CDATA[<p>Fiscais do trabalho resgataram 212 trabalhadores em Goiás, em condições análogas à escravidão.</p>]]></content:encoded>
</item>
</channel></rss>"#;
        let out = decoded(xml);
        assert!(out.errors.is_empty() && out.warnings.is_empty(), "{out:?}");
        let [first, second] = out.articles.as_slice() else {
            panic!("two items: {out:?}");
        };
        assert_eq!(first.id, "tag:news.example,2023:cusco-12");
        assert_eq!(
            first.title.as_deref(),
            Some("Rescatan a 12 mujeres en Cusco & detienen a 3")
        );
        assert_eq!(
            first.text,
            "La policía rescató a 12 mujeres. Fueron detenidas tres personas."
        );
        assert_eq!(first.url.as_deref(), Some("https://news.example/cusco-12"));
        assert_eq!(first.published.as_deref(), Some("2023-02-07"));
        // The full content over the summary; the link as the id when there is no guid.
        assert!(
            second
                .text
                .starts_with("Fiscais do trabalho resgataram 212"),
            "{second:?}"
        );
        assert_eq!(second.id, "https://noticias.example/go");
        assert_eq!(second.published.as_deref(), Some("2023-03-17"));
    }

    #[test]
    fn atom_entries_take_the_alternate_link_and_the_published_day() {
        let xml = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Alerts</title><link rel="self" href="https://alerts.example/feed"/>
<entry><id>urn:alert:1</id><title type="html">Smugglers &lt;b&gt;arrested&lt;/b&gt; in Texas</title>
<link rel="self" href="https://alerts.example/1.xml"/><link rel="alternate" href="https://paper.example/texas?a=1&amp;b=2"/>
<published>2022-06-28T14:00:00Z</published><updated>2022-06-29T08:00:00Z</updated>
<summary type="html">Federal agents arrested two men after 53 migrants died in a trailer.</summary></entry>
<entry><title>No text here</title></entry>
<entry><id>urn:alert:3</id></entry>
</feed>"#;
        let out = decoded(xml);
        assert_eq!(out.articles.len(), 2, "{out:?}");
        let first = &out.articles[0];
        assert_eq!(first.id, "urn:alert:1");
        assert_eq!(first.title.as_deref(), Some("Smugglers arrested in Texas"));
        assert_eq!(
            first.url.as_deref(),
            Some("https://paper.example/texas?a=1&b=2")
        );
        assert_eq!(first.published.as_deref(), Some("2022-06-28"));
        // A title alone is still something to read; nothing at all is skipped with a warning.
        assert_eq!(out.articles[1].text, "No text here");
        assert_eq!(out.articles[1].id, "alerts-2");
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
        assert!(out.warnings[0].message.contains("feed item 3"));
    }

    #[test]
    fn a_feed_is_told_by_its_root_and_an_empty_one_is_an_error() {
        assert!(looks_like_feed(
            "<?xml version=\"1.0\"?>\n<!-- alerts -->\n<rss version=\"2.0\">"
        ));
        assert!(looks_like_feed(
            "\u{feff}<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        ));
        assert!(looks_like_feed(
            "<?xml version=\"1.0\"?><rdf:rdf xmlns:rdf=\"…\">"
        ));
        assert!(!looks_like_feed("<?xml version=\"1.0\"?><html><body>"));
        let out = decoded("<rss><channel><title>nothing</title></channel></rss>");
        assert_eq!(out.errors, [InputError::EmptyFeed]);
        // An item left open ends the reading; the items before it are kept.
        let out = decoded("<rss><channel><item><title>A</title><description>uno</description></item><item><title>B");
        assert_eq!(out.articles.len(), 1);
    }

    #[test]
    fn feed_dates_in_three_languages_and_impossible_ones() {
        assert_eq!(
            calendar_day("Mon, 02 Jan 2006 15:04:05 -0700").as_deref(),
            Some("2006-01-02")
        );
        assert_eq!(
            calendar_day("mié, 12 dic 2024 08:00:00 GMT").as_deref(),
            Some("2024-12-12")
        );
        assert_eq!(calendar_day("12 Set 2023").as_deref(), Some("2023-09-12"));
        assert_eq!(
            calendar_day("2024-05-02T10:00:00Z").as_deref(),
            Some("2024-05-02")
        );
        assert_eq!(calendar_day("Thu, 31 Feb 2023 10:00:00 GMT"), None);
        assert_eq!(calendar_day("yesterday"), None);
        // Multi-byte text where the ISO check looks: no panic, no day.
        assert_eq!(calendar_day("2024-05-0é día"), None);
        assert_eq!(calendar_day("añoañoaño-ñ"), None);
    }
}
