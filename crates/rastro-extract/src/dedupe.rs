//! Keys that recognise the same article arriving twice: by URL (tracking parameters, fragments,
//! case of the host and trailing slashes do not make a different article) and by text (case,
//! accents, punctuation and spacing do not either). Callers store the keys; this module only
//! computes them.

use rastro_text::fold_key;
use xxhash_rust::xxh3::xxh3_128;

/// Query parameters that only track where a reader came from.
const TRACKING: &[&str] = &[
    "fbclid", "gclid", "igshid", "mc_cid", "mc_eid", "ref", "ref_src", "amp",
];

/// The URL in a canonical form, or `None` when the text is not an http(s) URL.
pub fn url_key(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or("");
    let (host_path, query) = match rest.split_once('?') {
        Some((hp, q)) => (hp, Some(q)),
        None => (rest, None),
    };
    let (host, path) = match host_path.find('/') {
        Some(i) => (&host_path[..i], &host_path[i..]),
        None => (host_path, ""),
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if host.is_empty() {
        return None;
    }
    let path = path.trim_end_matches('/');
    let mut params: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| {
            let name = p.split('=').next().unwrap_or("").to_ascii_lowercase();
            !p.is_empty() && !name.starts_with("utm_") && !TRACKING.contains(&name.as_str())
        })
        .collect();
    params.sort_unstable();
    let mut key = format!("{host}{path}");
    if !params.is_empty() {
        key.push('?');
        key.push_str(&params.join("&"));
    }
    // http and https serve the same article.
    Some(key)
}

/// A hash of the text with case, accents, punctuation and spacing folded away (32 hex digits).
pub fn text_key(text: &str) -> String {
    format!("{:032x}", xxh3_128(fold_key(text).as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_article_same_url_key() {
        let a = url_key("https://www.Diario.com/nota/123/?utm_source=x&id=7#comments");
        let b = url_key("http://diario.com/nota/123?id=7&fbclid=abc");
        assert_eq!(a, b);
        assert_eq!(a.as_deref(), Some("diario.com/nota/123?id=7"));
        assert_ne!(url_key("https://diario.com/nota/124"), a);
        assert_eq!(url_key("mailto:x@y"), None);
        assert_eq!(url_key("not a url"), None);
    }

    #[test]
    fn same_text_same_key() {
        let a = text_key("Rescatan a 5 víctimas.\n\nLa Policía…");
        let b = text_key("rescatan a 5 VICTIMAS  la policia");
        assert_eq!(a, b);
        assert_eq!(a.len(), 32);
        assert_ne!(a, text_key("Rescatan a 6 víctimas. La Policía"));
    }
}
