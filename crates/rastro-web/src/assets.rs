//! The stylesheet and script, compiled into the binary and served under names that carry a hash
//! of their content, so that browsers may keep them forever and a new build is fetched at once.
//! Nothing is loaded from anywhere else.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

pub struct Asset {
    pub stem: &'static str,
    pub extension: &'static str,
    pub content_type: &'static str,
    pub body: &'static str,
    url: OnceLock<String>,
}

impl Asset {
    const fn new(
        stem: &'static str,
        extension: &'static str,
        content_type: &'static str,
        body: &'static str,
    ) -> Asset {
        Asset {
            stem,
            extension,
            content_type,
            body,
            url: OnceLock::new(),
        }
    }

    /// `/assets/app.<hash>.css`.
    pub fn url(&self) -> &str {
        self.url.get_or_init(|| {
            let digest = Sha256::digest(self.body.as_bytes());
            let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
            format!("/assets/{}.{hash}.{}", self.stem, self.extension)
        })
    }
}

pub static CSS: Asset = Asset::new(
    "app",
    "css",
    "text/css; charset=utf-8",
    include_str!("../assets/app.css"),
);
pub static JS: Asset = Asset::new(
    "app",
    "js",
    "text/javascript; charset=utf-8",
    include_str!("../assets/app.js"),
);

/// The asset served at `path` (its hashed URL), if any.
pub fn find(path: &str) -> Option<&'static Asset> {
    [&CSS, &JS].into_iter().find(|a| a.url() == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_are_found_only_under_their_hashed_names() {
        assert!(find(CSS.url()).is_some());
        assert!(find(JS.url()).is_some());
        assert!(find("/assets/app.css").is_none());
        assert_ne!(CSS.url(), JS.url());
    }
}
