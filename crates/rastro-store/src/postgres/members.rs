//! Users and tokens in PostgreSQL.

use postgres::Row;

use super::orgs::{organisation, ORG_COLUMNS};
use super::PgBackend;
use crate::api::access::Role;
use crate::api::members::{
    MemberBackend, NewToken, NewUser, StoredToken, StoredUser, TokenInfo, UserChange, UserInfo,
};
use crate::api::trace::AuditDraft;
use crate::sql::members::{STORED_TOKEN_COLUMNS, TOKEN_INFO, USER_COLUMNS, USER_INFO};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

fn role(text: &str) -> Result<Role> {
    Role::parse(text).ok_or_else(|| StoreError::Database(format!("unknown role {text:?}")))
}

/// A user from [`USER_COLUMNS`] followed by [`ORG_COLUMNS`].
fn stored_user(r: &Row) -> Result<StoredUser> {
    Ok(StoredUser {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        role: role(r.try_get(2)?)?,
        password_hash: r.try_get(3)?,
        disabled: r.try_get(4)?,
        failed_logins: r.try_get::<_, i64>(5)?.clamp(0, i64::from(u32::MAX)) as u32,
        locked_until: r.try_get(6)?,
        org: organisation(r, 7)?,
    })
}

fn user_info(r: &Row) -> Result<UserInfo> {
    Ok(UserInfo {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        organisation: r.try_get(2)?,
        role: role(r.try_get(3)?)?,
        created_at: r.try_get(4)?,
        disabled: r.try_get(5)?,
        locked_until: r.try_get(6)?,
        has_password: r.try_get(7)?,
    })
}

fn token_info(r: &Row) -> Result<TokenInfo> {
    Ok(TokenInfo {
        id: r.try_get(0)?,
        user: r.try_get(1)?,
        role: role(r.try_get(2)?)?,
        label: r.try_get(3)?,
        created_at: r.try_get(4)?,
        expires_at: r.try_get(5)?,
        revoked_at: r.try_get(6)?,
        last_used_at: r.try_get(7)?,
    })
}

impl MemberBackend for PgBackend {
    fn create_user(&self, user: &NewUser<'_>, audit: AuditDraft) -> Result<UserInfo> {
        let id = self.id()?;
        self.write_audited(audit, |tx, audit| {
            audit.detail.push(("user", id.clone()));
            let changed = tx.execute(
                "INSERT INTO users (id, org_id, name, role, password_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING",
                &[
                    &id,
                    &user.org_id,
                    &user.name,
                    &user.role.as_str(),
                    &user.password_hash,
                    &now_rfc3339(),
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::UserExists(user.name.to_string()));
            }
            user_info(&tx.query_one(&format!("{USER_INFO} WHERE u.id = $1"), &[&id])?)
        })
    }

    fn stored_user(&self, name: &str) -> Result<Option<StoredUser>> {
        self.conns.read(|tx| {
            tx.query_opt(
                &format!(
                    "SELECT {USER_COLUMNS}, {ORG_COLUMNS} FROM users u
                     JOIN organisations o ON o.id = u.org_id WHERE u.name = $1"
                ),
                &[&name],
            )?
            .map(|r| stored_user(&r))
            .transpose()
        })
    }

    fn record_sign_in(
        &self,
        user_id: &str,
        success: bool,
        lock_until: Option<&str>,
        audit: AuditDraft,
    ) -> Result<()> {
        self.write_audited(audit, |tx, _| {
            if success {
                tx.execute(
                    "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1",
                    &[&user_id],
                )?;
            } else {
                tx.execute(
                    "UPDATE users SET failed_logins = failed_logins + 1,
                         locked_until = COALESCE($2, locked_until)
                     WHERE id = $1",
                    &[&user_id, &lock_until],
                )?;
                if lock_until.is_some() {
                    tx.execute(
                        "UPDATE users SET failed_logins = 0 WHERE id = $1",
                        &[&user_id],
                    )?;
                }
            }
            Ok(())
        })
    }

    fn users(&self, org_id: Option<&str>) -> Result<Vec<UserInfo>> {
        self.conns.read(|tx| {
            tx.query(
                &format!(
                    "{USER_INFO} WHERE ($1::text IS NULL OR u.org_id = $1)
                     ORDER BY o.name, u.name"
                ),
                &[&org_id],
            )?
            .iter()
            .map(user_info)
            .collect()
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
            let id: String = tx
                .query_opt(
                    "SELECT id FROM users WHERE name = $1 AND org_id = $2",
                    &[&name, &org_id],
                )?
                .ok_or(StoreError::NotFound)?
                .try_get(0)?;
            audit.detail.push(("user", id.clone()));
            if let Some(role) = change.role {
                tx.execute(
                    "UPDATE users SET role = $1 WHERE id = $2",
                    &[&role.as_str(), &id],
                )?;
                // A token never carries more than its user now has.
                tx.execute(
                    "UPDATE tokens SET revoked_at = $1 WHERE user_id = $2 AND role <> $3
                     AND revoked_at IS NULL",
                    &[&now_rfc3339(), &id, &role.as_str()],
                )?;
            }
            if let Some(disabled) = change.disabled {
                let at = disabled.then(now_rfc3339);
                tx.execute(
                    "UPDATE users SET disabled_at = $1 WHERE id = $2",
                    &[&at, &id],
                )?;
            }
            if let Some(hash) = change.password_hash {
                tx.execute(
                    "UPDATE users SET password_hash = $1 WHERE id = $2",
                    &[&hash, &id],
                )?;
            }
            user_info(&tx.query_one(&format!("{USER_INFO} WHERE u.id = $1"), &[&id])?)
        })
    }

    fn insert_token(&self, token: &NewToken<'_>, audit: AuditDraft) -> Result<TokenInfo> {
        self.write_audited(audit, |tx, _| {
            tx.execute(
                "INSERT INTO tokens (id, org_id, user_id, secret_hash, role, label, created_at,
                     expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &token.id,
                    &token.org_id,
                    &token.user_id,
                    &token.secret_hash,
                    &token.role.as_str(),
                    &token.label,
                    &now_rfc3339(),
                    &token.expires_at,
                ],
            )?;
            token_info(&tx.query_one(&format!("{TOKEN_INFO} WHERE t.id = $1"), &[&token.id])?)
        })
    }

    fn stored_token(&self, id: &str) -> Result<Option<StoredToken>> {
        self.conns.read(|tx| {
            let row = tx.query_opt(
                &format!(
                    "SELECT {USER_COLUMNS}, {ORG_COLUMNS}, {STORED_TOKEN_COLUMNS}
                     FROM tokens t JOIN users u ON u.id = t.user_id
                     JOIN organisations o ON o.id = u.org_id WHERE t.id = $1"
                ),
                &[&id],
            )?;
            row.map(|r| {
                Ok(StoredToken {
                    user: stored_user(&r)?,
                    id: r.try_get(11)?,
                    secret_hash: r.try_get(12)?,
                    role: role(r.try_get(13)?)?,
                    expires_at: r.try_get(14)?,
                    revoked: r.try_get(15)?,
                    last_used_at: r.try_get(16)?,
                })
            })
            .transpose()
        })
    }

    fn touch_token(&self, id: &str, at: &str) -> Result<()> {
        // Not under the write lock: the time of a token's last use orders nothing.
        self.conns.with_client(|client| {
            client.execute(
                "UPDATE tokens SET last_used_at = $1 WHERE id = $2",
                &[&at, &id],
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
        self.write_audited(audit, |tx, _| {
            let changed = tx.execute(
                "UPDATE tokens SET revoked_at = COALESCE(revoked_at, $1)
                 WHERE id = $2 AND org_id = $3 AND ($4::text IS NULL OR user_id = $4)",
                &[&now_rfc3339(), &id, &org_id, &user_id],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            token_info(&tx.query_one(&format!("{TOKEN_INFO} WHERE t.id = $1"), &[&id])?)
        })
    }

    fn tokens(&self, org_id: &str, user_id: Option<&str>) -> Result<Vec<TokenInfo>> {
        self.conns.read(|tx| {
            tx.query(
                &format!(
                    "{TOKEN_INFO} WHERE t.org_id = $1 AND ($2::text IS NULL OR t.user_id = $2)
                     ORDER BY t.created_at DESC"
                ),
                &[&org_id, &user_id],
            )?
            .iter()
            .map(token_info)
            .collect()
        })
    }
}
