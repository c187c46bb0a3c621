//! Argon2id password hashes.

use rastro_vault::{password, VaultError};

#[test]
fn right_password_verifies_and_wrong_does_not() {
    let phc = password::hash("correct horse battery staple").unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    assert!(password::verify("correct horse battery staple", &phc).unwrap());
    assert!(!password::verify("correct horse battery stapler", &phc).unwrap());
    assert!(!password::verify("", &phc).unwrap());
    assert!(!password::needs_rehash(&phc));
}

#[test]
fn two_hashes_of_one_password_differ() {
    let a = password::hash("contraseña").unwrap();
    let b = password::hash("contraseña").unwrap();
    assert_ne!(a, b);
    assert!(password::verify("contraseña", &a).unwrap());
    assert!(password::verify("contraseña", &b).unwrap());
}

#[test]
fn malformed_or_foreign_stored_strings_are_errors() {
    let good = password::hash("pw").unwrap();
    let weak =
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0$9pZk8XUoZ1Hb2vV3ehXfGZ3xY0rJTwZh1GtHrhVZfGg";
    let cases = [
        String::new(),
        "not a hash".to_string(),
        good.replace("argon2id", "argon2i"),
        good.replace("argon2id", "argon2d"),
        good.replace("v=19", "v=16"),
        good.replace("m=19456", "m=4194304"),
        good.replace("t=2", "t=1000"),
        good.rsplit_once('$').unwrap().0.to_string(),
        good.replace("m=19456,t=2,p=1", "m=19456,t=2,p=1,x=1"),
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW".to_string(),
    ];
    for case in &cases {
        assert!(
            matches!(
                password::verify("pw", case),
                Err(VaultError::PasswordHashFormat(_))
            ),
            "{case:?}"
        );
        assert!(password::needs_rehash(case), "{case:?}");
    }
    // Well formed but made with other parameters: verifies, and asks to be re-hashed.
    assert!(matches!(password::verify("pw", weak), Ok(false)));
    assert!(password::needs_rehash(weak));
}
