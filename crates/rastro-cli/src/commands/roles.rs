//! Parsing and printing the store's vocabulary of members: roles, organisation kinds, levels,
//! record kinds, facets and bases, with errors listing what is allowed.

use anyhow::{anyhow, Result};
use rastro_app::{Facet, Level, OrgKind, RecordKind, Role, TokenInfo, UserInfo};

pub fn role(text: &str) -> Result<Role> {
    Role::parse(text).ok_or_else(|| {
        anyhow!(
            "unknown role {text:?}; roles: {}",
            Role::ALL.map(Role::as_str).join(", ")
        )
    })
}

pub fn org_kind(text: &str) -> Result<OrgKind> {
    OrgKind::parse(text).ok_or_else(|| {
        anyhow!(
            "unknown kind of organisation {text:?}; kinds: {}",
            OrgKind::ALL.map(OrgKind::as_str).join(", ")
        )
    })
}

pub fn level(text: &str) -> Result<Level> {
    Level::parse(text).ok_or_else(|| {
        anyhow!(
            "unknown level {text:?}; levels, from least to most: {}",
            Level::ALL.map(Level::as_str).join(", ")
        )
    })
}

pub fn record_kind(text: &str) -> Result<RecordKind> {
    RecordKind::parse(text).ok_or_else(|| {
        anyhow!(
            "unknown kind of record {text:?}; kinds: {}",
            RecordKind::ALL.map(RecordKind::as_str).join(", ")
        )
    })
}

pub fn facet(text: &str) -> Result<Facet> {
    Facet::parse(text).ok_or_else(|| {
        anyhow!(
            "unknown facet {text:?}; facets: {}",
            Facet::ALL.map(Facet::as_str).join(", ")
        )
    })
}

pub fn print_users(users: &[UserInfo]) {
    if users.is_empty() {
        println!("no users");
    }
    for u in users {
        let mut state = Vec::new();
        if u.disabled {
            state.push("disabled".to_string());
        }
        if let Some(until) = &u.locked_until {
            state.push(format!("locked until {until}"));
        }
        if !u.has_password {
            state.push("tokens only".to_string());
        }
        let state = if state.is_empty() {
            String::new()
        } else {
            format!(" ({})", state.join(", "))
        };
        println!(
            "{}\t{}\t{}\tsince {}{state}",
            u.name,
            u.organisation,
            u.role.as_str(),
            u.created_at
        );
    }
}

pub fn print_tokens(tokens: &[TokenInfo]) {
    if tokens.is_empty() {
        println!("no tokens");
    }
    for t in tokens {
        let state = match &t.revoked_at {
            Some(at) => format!("revoked {at}"),
            None => format!("expires {}", t.expires_at),
        };
        let used = t
            .last_used_at
            .as_deref()
            .map(|u| format!(", last used {u}"))
            .unwrap_or_default();
        let label = if t.label.is_empty() {
            String::new()
        } else {
            format!(" {:?}", t.label)
        };
        println!(
            "{}\t{}\t{}{label}\t{state}{used}",
            t.id,
            t.user,
            t.role.as_str()
        );
    }
}

/// A newly issued token: shown once, with how to use it.
pub fn print_issued(secret: &str, info: &TokenInfo) {
    println!("{secret}");
    eprintln!(
        "token {} for {} as {}, expires {}: it is shown only now; keep it secret (use it as RASTRO_TOKEN, or `rastro login --token-stdin`)",
        info.id,
        info.user,
        info.role.as_str(),
        info.expires_at
    );
}
