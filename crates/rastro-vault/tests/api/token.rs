//! API tokens.

use rastro_vault::token::{self, Token};

#[test]
fn render_parse_round_trip() {
    let t = Token::generate().unwrap();
    assert_eq!(t.id.len(), 12);
    assert_eq!(t.secret.len(), 32);
    let text = t.render();
    assert_eq!(text, format!("rst_{}_{}", t.id, t.secret));
    assert_eq!(token::parse(&text), Some((t.id.clone(), t.secret.clone())));
    let u = Token::generate().unwrap();
    assert_ne!(t.id, u.id);
    assert_ne!(t.secret, u.secret);
    assert!(!format!("{t:?}").contains(&t.secret));
}

#[test]
fn parse_rejects_malformed_text() {
    let id = "0123456789AB";
    let secret = "CDEFGHJKMNPQRSTVWXYZ0123456789AB";
    assert!(token::parse(&format!("rst_{id}_{secret}")).is_some());
    let bad = [
        String::new(),
        "rst_".to_string(),
        format!("rst_{id}"),
        format!("rst_{id}_"),
        format!("{id}_{secret}"),
        format!("RST_{id}_{secret}"),
        format!("rsk_{id}_{secret}"),
        format!("rst_{id}{secret}"),
        format!("rst_{id}-{secret}"),
        format!("rst_{}_{secret}", &id[..11]),
        format!("rst_{id}0_{secret}"),
        format!("rst_{id}_{}", &secret[..31]),
        format!("rst_{id}_{secret}0"),
        format!("rst_{id}_{secret}_"),
        format!("rst_{}_{secret}", id.to_lowercase()),
        format!("rst_{id}_{}", secret.to_lowercase()),
        format!("rst_{}I_{secret}", &id[..11]),
        format!("rst_{id}_{}U", &secret[..31]),
        format!("rst_{id}_{secret}\n"),
        format!(" rst_{id}_{secret}"),
        format!("rst_{id}_{}é", &secret[..30]),
    ];
    for text in &bad {
        assert_eq!(token::parse(text), None, "{text:?}");
    }
}

#[test]
fn stored_hash_is_sha256_hex_and_verifies_only_the_right_secret() {
    assert_eq!(
        token::hash_secret("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let t = Token::generate().unwrap();
    let stored = token::hash_secret(&t.secret);
    assert!(token::verify_secret(&t.secret, &stored));
    let other = Token::generate().unwrap();
    assert!(!token::verify_secret(&other.secret, &stored));
    assert!(!token::verify_secret("", &stored));
    assert!(!token::verify_secret(&t.secret, &stored.to_uppercase()));
    assert!(!token::verify_secret(&t.secret, &stored[..62]));
    assert!(!token::verify_secret(&t.secret, ""));
    assert!(!token::verify_secret(&t.secret, &t.secret));
}
