//! Timestamps as RFC 3339 UTC text, which sorts as it reads in both SQLite and PostgreSQL.

use rastro_model::Date;

pub fn now_rfc3339() -> String {
    at(std::time::SystemTime::now())
}

/// The time `seconds` ago.
pub fn rfc3339_before(seconds: u64) -> String {
    let now = std::time::SystemTime::now();
    at(now
        .checked_sub(std::time::Duration::from_secs(seconds))
        .unwrap_or(now))
}

/// The time `seconds` from now.
pub fn rfc3339_after(seconds: u64) -> String {
    at(std::time::SystemTime::now() + std::time::Duration::from_secs(seconds))
}

fn at(time: std::time::SystemTime) -> String {
    let now = time
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs();
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    let date = Date::from_days_since_epoch(days)
        .map(|d| d.to_string())
        .unwrap_or_else(|_| "1970-01-01".to_string());
    format!(
        "{date}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        (rest / 60) % 60,
        rest % 60,
        now.subsec_millis()
    )
}
