//! Schema migrations, compiled into the binary and applied in order when the store opens.

/// (version, name, SQL). Versions are assigned per feature so that work in parallel does not
/// collide: 1 foundation, 2 news, 3 watchlists, 4 linkage, 5 news events.
pub const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/0001_foundation.sql"),
    ),
    (2, "news", include_str!("../migrations/0002_news.sql")),
    (
        3,
        "watchlists",
        include_str!("../migrations/0003_watchlists.sql"),
    ),
    (4, "linkage", include_str!("../migrations/0004_linkage.sql")),
    (
        5,
        "news events",
        include_str!("../migrations/0005_news_events.sql"),
    ),
];
