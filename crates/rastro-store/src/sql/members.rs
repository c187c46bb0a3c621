//! The columns users and tokens are read with, in every dialect (each backend reads the rows in
//! this order).

/// A stored user, from `users` as `u`; followed in queries by the organisation's columns.
pub(crate) const USER_COLUMNS: &str = "u.id, u.name, u.role, u.password_hash, \
     u.disabled_at IS NOT NULL, u.failed_logins, u.locked_until";

/// A user as listed, joined with its organisation; a query adds its `WHERE`.
pub(crate) const USER_INFO: &str = "SELECT u.id, u.name, o.name, u.role, u.created_at, \
     u.disabled_at IS NOT NULL, u.locked_until, u.password_hash IS NOT NULL \
     FROM users u JOIN organisations o ON o.id = u.org_id";

/// A token as listed, with its user's name; a query adds its `WHERE`.
pub(crate) const TOKEN_INFO: &str = "SELECT t.id, u.name, t.role, t.label, t.created_at, \
     t.expires_at, t.revoked_at, t.last_used_at FROM tokens t JOIN users u ON u.id = t.user_id";

/// The token columns that follow a stored user's and its organisation's in a token lookup.
pub(crate) const STORED_TOKEN_COLUMNS: &str = "t.id, t.secret_hash, t.role, t.expires_at, \
     t.revoked_at IS NOT NULL, t.last_used_at";
