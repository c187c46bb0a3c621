//! MACs and pseudonyms from derived keys.

use rastro_vault::MasterKey;

fn is_crockford(text: &str) -> bool {
    text.bytes()
        .all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b))
}

#[test]
fn pseudonyms_are_stable_and_differ_by_key_value_and_prefix() {
    let master = MasterKey::generate().unwrap();
    let key = master.derive("pseudonym");
    let p = key.pseudonym("P-", "V-12345678");
    assert_eq!(p.len(), 2 + 16);
    assert!(p.starts_with("P-"));
    assert!(is_crockford(&p[2..]), "{p}");
    assert_eq!(p, key.pseudonym("P-", "V-12345678"), "stable");
    assert_eq!(p, master.derive("pseudonym").pseudonym("P-", "V-12345678"));

    assert_ne!(p, key.pseudonym("P-", "V-12345679"), "value");
    assert_ne!(p, key.pseudonym("P-", "v-12345678"), "value case");
    let other_purpose = master.derive("blind-index").pseudonym("P-", "V-12345678");
    assert_ne!(p, other_purpose, "purpose");
    let other_master = MasterKey::generate().unwrap();
    assert_ne!(
        p,
        other_master
            .derive("pseudonym")
            .pseudonym("P-", "V-12345678"),
        "master key"
    );
    let other_prefix = key.pseudonym("C-", "V-12345678");
    assert_ne!(p[2..], other_prefix[2..], "prefix is bound");
    assert_ne!(key.pseudonym("P", "-x")[1..], key.pseudonym("P-", "x")[2..]);
    assert_eq!(key.pseudonym("", "x").len(), 16);
}

#[test]
fn mac_is_deterministic_and_mac_hex_is_its_prefix() {
    let key = MasterKey::generate().unwrap().derive("blind-index");
    let mac = key.mac(b"perez");
    assert_eq!(mac, key.mac(b"perez"));
    assert_ne!(mac, key.mac(b"peres"));
    let full = key.mac_hex(b"perez", 32);
    assert_eq!(full.len(), 64);
    for bytes in 8..=32 {
        assert_eq!(key.mac_hex(b"perez", bytes), full[..2 * bytes]);
    }
    assert_eq!(key.mac_hex(b"perez", 0), full[..16], "clamped up to 8");
    assert_eq!(key.mac_hex(b"perez", 100), full, "clamped down to 32");
}
