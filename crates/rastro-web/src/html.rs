//! HTML as the pages write it: every value that came from data goes through [`esc`], and the
//! page frame (navigation, language switcher, demo banner, filter chips) is drawn in one place.

use std::fmt::Write;

use crate::i18n::{code, t, Lang};

/// Text or an attribute value made safe to put in HTML: imported text stays text.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A value for a URL's query string.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// `path?k=v&…` from pairs (empty pairs: the path alone).
pub fn link(path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// What every page frame needs to know about the request.
pub struct Frame<'a> {
    pub lang: Lang,
    pub title: &'a str,
    /// The section highlighted in the navigation.
    pub section: &'a str,
    pub user: Option<&'a str>,
    pub organisation: Option<&'a str>,
    pub role: Option<&'a str>,
    pub csrf: Option<&'a str>,
    pub demo: bool,
    /// The page's own URL (path and query), for the language switcher to come back to.
    pub here: &'a str,
}

const SECTIONS: [(&str, &str, &str); 12] = [
    ("overview", "/", "nav.overview"),
    ("map", "/map", "nav.map"),
    ("routes", "/routes", "nav.routes"),
    ("trends", "/trends", "nav.trends"),
    ("incidents", "/incidents", "nav.incidents"),
    ("cases", "/cases", "nav.cases"),
    ("network", "/network", "nav.network"),
    ("alerts", "/alerts", "nav.alerts"),
    ("screening", "/screening", "nav.screening"),
    ("import", "/import", "nav.import"),
    ("jobs", "/jobs", "nav.jobs"),
    ("members", "/members", "nav.members"),
];

/// Whether a section is linked for the role: the jobs page lists imports, so it is linked for
/// roles that may import (others would find it empty).
fn linked(section: &str, role: Option<&str>) -> bool {
    if section != "jobs" {
        return true;
    }
    role.and_then(rastro_app::Role::parse)
        .is_some_and(|r| rastro_app::permits(r, rastro_app::Action::ImportCases))
}

/// The whole page around `body`.
pub fn page(frame: &Frame<'_>, body: &str) -> String {
    let lang = frame.lang;
    let mut out = String::with_capacity(body.len() + 4096);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Rastro</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"{}\">\
         <script defer src=\"{}\"></script></head><body data-lang=\"{}\">",
        code(lang),
        esc(frame.title),
        crate::assets::CSS.url(),
        crate::assets::JS.url(),
        code(lang),
    );
    if frame.demo {
        let _ = write!(
            out,
            "<div class=\"demo\" role=\"note\">{}</div>",
            esc(t(lang, "demo.banner"))
        );
    }
    out.push_str("<header><a class=\"brand\" href=\"/\">Rastro</a>");
    if frame.user.is_some() {
        out.push_str("<nav>");
        for (section, href, key) in SECTIONS {
            if !linked(section, frame.role) {
                continue;
            }
            let current = if section == frame.section {
                " aria-current=\"page\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<a href=\"{href}\" data-section=\"{section}\"{current}>{}</a>",
                esc(t(lang, key))
            );
        }
        out.push_str("</nav>");
    }
    out.push_str("<div class=\"account\">");
    let _ = write!(
        out,
        "<form class=\"langs\" method=\"get\" action=\"/lang\"><input type=\"hidden\" name=\"back\" value=\"{}\"><label>{} ",
        esc(frame.here),
        esc(t(lang, "lang.switch"))
    );
    out.push_str("<select name=\"to\" id=\"lang-switch\">");
    for (l, name) in [
        (Lang::En, "English"),
        (Lang::Es, "Español"),
        (Lang::Pt, "Português"),
    ] {
        let selected = if l == lang { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{name}</option>",
            code(l)
        );
    }
    let _ = write!(
        out,
        "</select></label><noscript><button>OK</button></noscript></form>"
    );
    if let (Some(user), Some(csrf)) = (frame.user, frame.csrf) {
        let _ = write!(
            out,
            "<span class=\"who\">{} · {} · {}</span>\
             <form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <button>{}</button></form>",
            esc(user),
            esc(frame.organisation.unwrap_or("")),
            esc(frame.role.unwrap_or("")),
            esc(csrf),
            esc(t(lang, "nav.signout"))
        );
    }
    out.push_str("</div></header><main>");
    out.push_str(body);
    out.push_str("</main></body></html>");
    out
}

/// A table: header cells and rows of already-escaped cells.
pub fn table(id: &str, headers: &[String], rows: &[Vec<String>]) -> String {
    let mut out = format!("<table id=\"{}\" class=\"data\"><thead><tr>", esc(id));
    for h in headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_data_stays_text() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn links_encode_their_values() {
        let pairs = vec![("q".to_string(), "tráfico & trata".to_string())];
        assert_eq!(
            link("/incidents", &pairs),
            "/incidents?q=tr%C3%A1fico%20%26%20trata"
        );
        assert_eq!(link("/map", &[]), "/map");
    }
}
