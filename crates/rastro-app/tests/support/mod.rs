//! What the application's integration tests share: a signed-in member of an organisation.

use rastro_app::{App, Role, Session};

/// A session of `org`'s member in `role` (made the first time it is asked for), signed in with
/// a token of its own.
pub fn member(app: &App, org: &str, role: Role) -> Session {
    let admin = app.admin().unwrap();
    let name = format!("{}-{}", org.to_lowercase().replace(' ', "-"), role.as_str());
    if !admin.users().unwrap().iter().any(|u| u.name == name) {
        admin.create_user(org, &name, role, None).unwrap();
    }
    let token = admin.issue_token(&name, None, 1, "test").unwrap();
    app.with_token(&token.secret).unwrap()
}
