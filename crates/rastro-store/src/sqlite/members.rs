//! Users and tokens in SQLite.

use rusqlite::{params, OptionalExtension, Row};

use super::orgs::{organisation, ORG_COLUMNS};
use super::SqliteBackend;
use crate::api::access::Role;
use crate::api::members::{
    MemberBackend, NewToken, NewUser, StoredToken, StoredUser, TokenInfo, UserChange, UserInfo,
};
use crate::api::trace::AuditDraft;
use crate::sql::members::{STORED_TOKEN_COLUMNS, TOKEN_INFO, USER_COLUMNS, USER_INFO};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

fn role(text: &str) -> rusqlite::Result<Role> {
    Role::parse(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown role {text:?}").into(),
        )
    })
}

/// A user from [`USER_COLUMNS`] followed by [`ORG_COLUMNS`].
fn stored_user(r: &Row<'_>) -> rusqlite::Result<StoredUser> {
    let role_text: String = r.get(2)?;
    Ok(StoredUser {
        id: r.get(0)?,
        name: r.get(1)?,
        role: role(&role_text)?,
        password_hash: r.get(3)?,
        disabled: r.get(4)?,
        failed_logins: r.get::<_, i64>(5)?.clamp(0, u32::MAX as i64) as u32,
        locked_until: r.get(6)?,
        org: organisation(r, 7)?,
    })
}

fn user_info(r: &Row<'_>) -> rusqlite::Result<UserInfo> {
    let role_text: String = r.get(3)?;
    Ok(UserInfo {
        id: r.get(0)?,
        name: r.get(1)?,
        organisation: r.get(2)?,
        role: role(&role_text)?,
        created_at: r.get(4)?,
        disabled: r.get(5)?,
        locked_until: r.get(6)?,
        has_password: r.get(7)?,
    })
}

fn token_info(r: &Row<'_>) -> rusqlite::Result<TokenInfo> {
    let role_text: String = r.get(2)?;
    Ok(TokenInfo {
        id: r.get(0)?,
        user: r.get(1)?,
        role: role(&role_text)?,
        label: r.get(3)?,
        created_at: r.get(4)?,
        expires_at: r.get(5)?,
        revoked_at: r.get(6)?,
        last_used_at: r.get(7)?,
    })
}

impl MemberBackend for SqliteBackend {
    fn create_user(&self, user: &NewUser<'_>, audit: AuditDraft) -> Result<UserInfo> {
        let id = self.id()?;
        self.write_audited(audit, |conn, audit| {
            audit.detail.push(("user", id.clone()));
            let changed = conn.execute(
                "INSERT INTO users (id, org_id, name, role, password_hash, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (name) DO NOTHING",
                params![
                    id,
                    user.org_id,
                    user.name,
                    user.role.as_str(),
                    user.password_hash,
                    now_rfc3339()
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::UserExists(user.name.to_string()));
            }
            Ok(conn.query_row(&format!("{USER_INFO} WHERE u.id = ?1"), [&id], user_info)?)
        })
    }

    fn stored_user(&self, name: &str) -> Result<Option<StoredUser>> {
        self.conns.read(|conn| {
            Ok(conn
                .query_row(
                    &format!(
                        "SELECT {USER_COLUMNS}, {ORG_COLUMNS} FROM users u
                         JOIN organisations o ON o.id = u.org_id WHERE u.name = ?1"
                    ),
                    [name],
                    stored_user,
                )
                .optional()?)
        })
    }

    fn record_sign_in(
        &self,
        user_id: &str,
        success: bool,
        lock_until: Option<&str>,
        audit: AuditDraft,
    ) -> Result<()> {
        self.write_audited(audit, |conn, _| {
            if success {
                conn.execute(
                    "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
                    [user_id],
                )?;
            } else {
                conn.execute(
                    "UPDATE users SET failed_logins = failed_logins + 1,
                         locked_until = COALESCE(?2, locked_until)
                     WHERE id = ?1",
                    params![user_id, lock_until],
                )?;
                if lock_until.is_some() {
                    conn.execute(
                        "UPDATE users SET failed_logins = 0 WHERE id = ?1",
                        [user_id],
                    )?;
                }
            }
            Ok(())
        })
    }

    fn users(&self, org_id: Option<&str>) -> Result<Vec<UserInfo>> {
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "{USER_INFO} WHERE (?1 IS NULL OR u.org_id = ?1) ORDER BY o.name, u.name"
            ))?;
            let rows = stmt.query_map([org_id], user_info)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn update_user(
        &self,
        org_id: &str,
        name: &str,
        change: &UserChange<'_>,
        audit: AuditDraft,
    ) -> Result<UserInfo> {
        self.write_audited(audit, |tx, audit| {
            let id: Option<String> = tx
                .query_row(
                    "SELECT id FROM users WHERE name = ?1 AND org_id = ?2",
                    params![name, org_id],
                    |r| r.get(0),
                )
                .optional()?;
            let id = id.ok_or(StoreError::NotFound)?;
            audit.detail.push(("user", id.clone()));
            if let Some(role) = change.role {
                tx.execute(
                    "UPDATE users SET role = ?1 WHERE id = ?2",
                    params![role.as_str(), id],
                )?;
                // A token never carries more than its user now has.
                tx.execute(
                    "UPDATE tokens SET revoked_at = ?1 WHERE user_id = ?2 AND role <> ?3
                     AND revoked_at IS NULL",
                    params![now_rfc3339(), id, role.as_str()],
                )?;
            }
            if let Some(disabled) = change.disabled {
                tx.execute(
                    "UPDATE users SET disabled_at = CASE WHEN ?1 THEN ?2 END WHERE id = ?3",
                    params![disabled, now_rfc3339(), id],
                )?;
            }
            if let Some(hash) = change.password_hash {
                tx.execute(
                    "UPDATE users SET password_hash = ?1 WHERE id = ?2",
                    params![hash, id],
                )?;
            }
            Ok(tx.query_row(&format!("{USER_INFO} WHERE u.id = ?1"), [&id], user_info)?)
        })
    }

    fn insert_token(&self, token: &NewToken<'_>, audit: AuditDraft) -> Result<TokenInfo> {
        self.write_audited(audit, |conn, _| {
            conn.execute(
                "INSERT INTO tokens (id, org_id, user_id, secret_hash, role, label, created_at,
                     expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    token.id,
                    token.org_id,
                    token.user_id,
                    token.secret_hash,
                    token.role.as_str(),
                    token.label,
                    now_rfc3339(),
                    token.expires_at
                ],
            )?;
            Ok(conn.query_row(
                &format!("{TOKEN_INFO} WHERE t.id = ?1"),
                [token.id],
                token_info,
            )?)
        })
    }

    fn stored_token(&self, id: &str) -> Result<Option<StoredToken>> {
        self.conns.read(|conn| {
            // Every request of a signed-in client comes here first: the statement is kept.
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT {USER_COLUMNS}, {ORG_COLUMNS}, {STORED_TOKEN_COLUMNS}
                     FROM tokens t JOIN users u ON u.id = t.user_id
                     JOIN organisations o ON o.id = u.org_id WHERE t.id = ?1"
                ))?
                .query_row([id], |r| {
                    let role_text: String = r.get(13)?;
                    Ok(StoredToken {
                        user: stored_user(r)?,
                        id: r.get(11)?,
                        secret_hash: r.get(12)?,
                        role: role(&role_text)?,
                        expires_at: r.get(14)?,
                        revoked: r.get(15)?,
                        last_used_at: r.get(16)?,
                    })
                })
                .optional()?)
        })
    }

    fn touch_token(&self, id: &str, at: &str) -> Result<()> {
        self.conns.write(|conn| {
            conn.execute(
                "UPDATE tokens SET last_used_at = ?1 WHERE id = ?2",
                params![at, id],
            )?;
            Ok(())
        })
    }

    fn revoke_token(
        &self,
        org_id: &str,
        user_id: Option<&str>,
        id: &str,
        audit: AuditDraft,
    ) -> Result<TokenInfo> {
        self.write_audited(audit, |conn, _| {
            let changed = conn.execute(
                "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?1)
                 WHERE id = ?2 AND org_id = ?3 AND (?4 IS NULL OR user_id = ?4)",
                params![now_rfc3339(), id, org_id, user_id],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(conn.query_row(&format!("{TOKEN_INFO} WHERE t.id = ?1"), [id], token_info)?)
        })
    }

    fn tokens(&self, org_id: &str, user_id: Option<&str>) -> Result<Vec<TokenInfo>> {
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "{TOKEN_INFO} WHERE t.org_id = ?1 AND (?2 IS NULL OR t.user_id = ?2)
                 ORDER BY t.created_at DESC"
            ))?;
            let rows = stmt.query_map(params![org_id, user_id], token_info)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
